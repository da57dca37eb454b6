// openapi.mjs — check HTTP responses against the OpenAPI 3.1 document the binary serves.
//
// OpenApi.check() finds the documented operation for a request (path templates like
// /api/v1/gemeinden/{ags}, with or without the servers[] base path), then the documented
// response for the status (exact, then 4XX-style range, then default), then the media type,
// and validates the JSON body with ajv's JSON Schema 2020-12 build (the dialect of OpenAPI
// 3.1) against that response's schema, $refs into components included. Anything missing from
// the document — route, method, status, media type — is a failure, with two exceptions that
// the document cannot list: 404 (or 400 for a malformed path) for a path that matches no
// route, and 405 for a method that a route does not have; they must still be
// application/problem+json.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const DOC_ID = 'urn:rathaus:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function escapePointer(part) {
  return encodeURIComponent(String(part).replace(/~/g, '~0').replace(/\//g, '~1'));
}

function mediaTypeOf(contentType) {
  return (contentType || '').split(';')[0].trim().toLowerCase();
}

export function isJsonMediaType(mt) {
  return mt === 'application/json' || /^[a-z]+\/[a-z0-9.+-]*\+json$/.test(mt);
}

export class OpenApi {
  constructor(doc) {
    assert.equal(typeof doc, 'object', 'OpenAPI document is not a JSON object');
    assert.match(String(doc.openapi), /^3\.1\.\d+$/, 'OpenAPI document must declare openapi: 3.1.x');
    assert.equal(typeof doc.paths, 'object', 'OpenAPI document has no paths');
    this.doc = doc;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(doc, DOC_ID);
    this.validators = new Map();
    this.prefixes = [''];
    for (const s of doc.servers || []) {
      const p = new URL(s.url || '/', 'http://x').pathname.replace(/\/$/, '');
      if (p) this.prefixes.push(p);
    }
    // literal segments first, so /gemeinden/suche wins over /gemeinden/{ags}
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        params: (template.match(/\{[^}]+\}/g) || []).length,
        re: new RegExp(
          '^' +
            template
              .split(/(\{[^}]+\})/)
              .map((s) => (s.startsWith('{') ? '([^/]+)' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
              .join('') +
            '$',
        ),
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The path template that `pathname` matches, or null. */
  route(pathname) {
    for (const prefix of this.prefixes) {
      if (prefix && !pathname.startsWith(prefix + '/')) continue;
      const rest = pathname.slice(prefix.length);
      const r = this.routes.find((x) => x.re.test(rest));
      if (r) return r.template;
    }
    return null;
  }

  /** Follows a local $ref; returns { obj, parts } where parts is the JSON pointer of obj. */
  resolve(obj, parts) {
    for (let i = 0; obj && typeof obj.$ref === 'string' && i < 10; i++) {
      assert.ok(obj.$ref.startsWith('#/'), `only local $refs are supported: ${obj.$ref}`);
      parts = obj.$ref
        .slice(2)
        .split('/')
        .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
      obj = parts.reduce((o, k) => (o == null ? undefined : o[k]), this.doc);
      assert.ok(obj !== undefined, `dangling $ref in OpenAPI document`);
    }
    return { obj, parts };
  }

  validator(parts) {
    const ref = `${DOC_ID}#/${parts.map(escapePointer).join('/')}`;
    let v = this.validators.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, v);
    }
    return v;
  }

  /** Every (template, method, status, media type) with a schema: for the document's own test. */
  *responseSchemas() {
    for (const [template, item0] of Object.entries(this.doc.paths)) {
      const { obj: item } = this.resolve(item0, ['paths', template]);
      for (const method of METHODS) {
        const op = item?.[method];
        if (!op) continue;
        for (const [status, r0] of Object.entries(op.responses || {})) {
          const { obj: resp, parts } = this.resolve(r0, ['paths', template, method, 'responses', status]);
          for (const [mt, media] of Object.entries(resp?.content || {})) {
            if (media?.schema) yield { template, method, status, mt, parts: [...parts, 'content', mt, 'schema'] };
          }
        }
      }
    }
  }

  /** Problem schema of the document (components.schemas.Problem or similar), if any. */
  problemSchemaParts() {
    const schemas = this.doc.components?.schemas || {};
    const name = Object.keys(schemas).find((k) => /^problem(details)?$/i.test(k));
    return name ? ['components', 'schemas', name] : null;
  }

  /**
   * Asserts that the response is documented and its body matches the documented schema.
   * `res` is { status, headers (Headers), text, json } as made by client.mjs.
   */
  check(method, pathname, res) {
    const what = `${method} ${pathname} → ${res.status}`;
    const mt = mediaTypeOf(res.headers.get('content-type'));
    const template = this.route(pathname);

    // HEAD is GET without the body (RFC 9110) unless the document lists HEAD itself
    const opOf = (item) => item?.[method.toLowerCase()] ?? (method === 'HEAD' ? item?.get : undefined);
    if (!template || !opOf(this.resolve(this.doc.paths[template], ['paths', template]).obj)) {
      const undocumentedOk = template ? res.status === 405 : [400, 404].includes(res.status);
      assert.ok(
        undocumentedOk,
        template
          ? `${what}: method ${method} of ${template} is not in the OpenAPI document`
          : `${what}: no route in the OpenAPI document matches ${pathname}`,
      );
      if (method === 'HEAD') return;
      assert.equal(mt, 'application/problem+json', `${what}: error must be application/problem+json`);
      const pp = this.problemSchemaParts();
      if (pp) this.validate(this.validator(pp), res.json, `${what} (Problem schema)`);
      return;
    }

    const { obj: item, parts: itemParts } = this.resolve(this.doc.paths[template], ['paths', template]);
    const m = item[method.toLowerCase()] ? method.toLowerCase() : 'get';
    const responses = item[m].responses || {};
    const key = [String(res.status), `${String(res.status)[0]}XX`, `${String(res.status)[0]}xx`, 'default'].find(
      (k) => k in responses,
    );
    assert.ok(key, `${what}: status ${res.status} is not documented for ${method} ${template}`);
    const { obj: resp, parts } = this.resolve(responses[key], [...itemParts, m, 'responses', key]);
    const content = resp?.content;
    if (!content || Object.keys(content).length === 0) {
      if (method !== 'HEAD') assert.equal(res.text, '', `${what}: documented without a body, but has one`);
      return;
    }
    if (method === 'HEAD') return;
    const mediaKey =
      Object.keys(content).find((k) => k.toLowerCase() === mt) ??
      Object.keys(content).find((k) => k === `${mt.split('/')[0]}/*` || k === '*/*');
    assert.ok(
      mediaKey,
      `${what}: content type '${mt}' is not documented (documented: ${Object.keys(content).join(', ')})`,
    );
    if (!content[mediaKey]?.schema || !isJsonMediaType(mt)) return;
    assert.ok(res.json !== undefined, `${what}: body is not valid JSON`);
    this.validate(this.validator([...parts, 'content', mediaKey, 'schema']), res.json, what);
  }

  validate(v, data, what) {
    if (v(data)) return;
    const errs = v.errors
      .slice(0, 10)
      .map((e) => `  ${e.instancePath || '(body)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`)
      .join('\n');
    assert.fail(`${what}: body does not match the OpenAPI schema:\n${errs}\nbody: ${JSON.stringify(data).slice(0, 800)}`);
  }
}
