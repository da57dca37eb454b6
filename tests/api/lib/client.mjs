// client.mjs — an HTTP client for the API tests that checks every response it sees.
//
// Each response, whatever the test then asserts, must
//   - have a status below 500 (bad input is never a server error),
//   - carry the security headers (CSP without inline script and with frame-ancestors 'none',
//     X-Content-Type-Options: nosniff, Referrer-Policy),
//   - if it is an error: be application/problem+json with type, title, status, detail,
//   - if its path is under /api/: be documented in the OpenAPI document and match its schema.
// Requests go through node:http so that the path is sent exactly as written (fetch would
// normalise '..' and percent-encoding away).
import assert from 'node:assert/strict';
import http from 'node:http';

import { OpenApi, isJsonMediaType } from './openapi.mjs';

let agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Closes the client's keep-alive connections (before a server is stopped). */
export function closeConnections() {
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
}
const ENGLISH_REASONS = new Set(['bad request', 'not found', 'method not allowed', 'internal server error',
  'forbidden', 'unauthorized', 'conflict', 'unprocessable entity', 'unprocessable content']);

/** Sends one request; returns { status, headers (Headers), text, json }. json is undefined
 *  unless the body is JSON by its content type and parses. */
export function request(base, method, path, { headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers, agent, timeout: 30_000 },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) h.set(k, Array.isArray(v) ? v.join(', ') : String(v));
          const mt = (h.get('content-type') || '').split(';')[0].trim().toLowerCase();
          let json;
          if (isJsonMediaType(mt) && text !== '') {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: res.statusCode, headers: h, text, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Asserts the headers every response must carry. */
export function assertSecurityHeaders(res, what = '') {
  const csp = res.headers.get('content-security-policy');
  assert.ok(csp, `${what}: no Content-Security-Policy header`);
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name.toLowerCase(), values]),
  );
  assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${what}: CSP needs frame-ancestors 'none': ${csp}`);
  const scripts = directives['script-src'] ?? directives['default-src'];
  assert.ok(scripts, `${what}: CSP has neither script-src nor default-src: ${csp}`);
  assert.ok(!scripts.includes("'unsafe-inline'"), `${what}: CSP allows inline script: ${csp}`);
  assert.ok(!scripts.includes("'unsafe-eval'"), `${what}: CSP allows eval: ${csp}`);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.ok(res.headers.get('referrer-policy'), `${what}: no Referrer-Policy header`);
}

/** Asserts an RFC 9457 problem response; `parameter` (if given) must name the bad parameter. */
export function assertProblem(res, status, { parameter } = {}, what = '') {
  what = what || `response ${res.status}`;
  assert.equal(res.status, status, `${what}: expected status ${status}, body ${res.text.slice(0, 300)}`);
  const mt = (res.headers.get('content-type') || '').split(';')[0].trim();
  assert.equal(mt, 'application/problem+json', `${what}: content type`);
  const p = res.json;
  assert.ok(p && typeof p === 'object', `${what}: problem body is not a JSON object`);
  assert.equal(typeof p.type, 'string', `${what}: problem.type`);
  assert.ok(p.type.length > 0, `${what}: problem.type is empty`);
  assert.equal(typeof p.title, 'string', `${what}: problem.title`);
  assert.ok(p.title.length > 0, `${what}: problem.title is empty`);
  assert.ok(!ENGLISH_REASONS.has(p.title.toLowerCase()), `${what}: problem.title must be German: '${p.title}'`);
  assert.equal(p.status, status, `${what}: problem.status`);
  assert.equal(typeof p.detail, 'string', `${what}: problem.detail`);
  if (parameter !== undefined) assert.equal(p.parameter, parameter, `${what}: problem.parameter`);
  return p;
}

export class Client {
  /** `spec` is an OpenApi (or null to check no schema, e.g. before the document loaded). */
  constructor(base, spec) {
    this.base = base;
    this.spec = spec;
  }

  /** Sends a request and runs the checks every response must pass (see top of file). */
  async request(method, path, opts = {}) {
    const res = await request(this.base, method, path, opts);
    const what = `${method} ${path} → ${res.status}`;
    assert.ok(res.status < 500, `${what}: server error: ${res.text.slice(0, 500)}`);
    assertSecurityHeaders(res, what);
    const pathname = path.split('?')[0];
    if (res.status >= 400 && method !== 'HEAD') {
      const mt = (res.headers.get('content-type') || '').split(';')[0].trim();
      if (pathname.startsWith('/api/') || mt === 'application/problem+json') assertProblem(res, res.status, {}, what);
    }
    if (this.spec && (pathname.startsWith('/api/') || this.spec.route(pathname))) {
      this.spec.check(method, pathname, res);
    }
    return res;
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  /** GET that must answer 200 with JSON; returns the parsed body. */
  async json(path) {
    const res = await this.get(path);
    assert.equal(res.status, 200, `GET ${path} → ${res.status}: ${res.text.slice(0, 500)}`);
    assert.ok(res.json !== undefined, `GET ${path}: body is not JSON`);
    return res.json;
  }

  /** Follows next_cursor from `path` (a list endpoint) and returns all items. */
  async all(path, { maxPages = 200 } = {}) {
    const items = [];
    let url = path;
    for (let page = 0; page < maxPages; page++) {
      const body = await this.json(url);
      assert.ok(Array.isArray(body.items), `GET ${url}: items is not an array`);
      assert.ok('next_cursor' in body, `GET ${url}: no next_cursor`);
      items.push(...body.items);
      if (body.next_cursor === null) return items;
      assert.equal(typeof body.next_cursor, 'string', `GET ${url}: next_cursor must be a string or null`);
      url = withParam(path, 'cursor', body.next_cursor);
    }
    assert.fail(`GET ${path}: more than ${maxPages} pages`);
  }
}

/** `path` with query parameter `name` set to `value` (encoded). */
export function withParam(path, name, value) {
  const [p, q = ''] = path.split('?');
  const params = new URLSearchParams(q);
  params.set(name, value);
  return `${p}?${params}`;
}

/** Fetches and parses /api/v1/openapi.json from a running server. */
export async function loadOpenApi(base) {
  const res = await request(base, 'GET', '/api/v1/openapi.json');
  assert.equal(res.status, 200, `GET /api/v1/openapi.json → ${res.status}`);
  assert.ok(res.json !== undefined, '/api/v1/openapi.json is not JSON');
  return new OpenApi(res.json);
}

/** A client for a running server, with the server's OpenAPI document loaded. */
export async function connect(srv) {
  const spec = await loadOpenApi(srv.base);
  return new Client(srv.base, spec);
}

export { OpenApi };
