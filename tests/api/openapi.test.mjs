// openapi.test.mjs — the OpenAPI document itself: version 3.1, every route of the contract
// documented, every response schema compiles with JSON Schema 2020-12.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { request } from './lib/client.mjs';
import { OpenApi } from './lib/openapi.mjs';
import { startServer } from './lib/server.mjs';

let srv, spec;

before(async () => {
  srv = await startServer({ label: 'openapi' });
});

after(async () => {
  await srv?.stop();
});

test('GET /api/v1/openapi.json is an OpenAPI 3.1 document', async () => {
  const res = await request(srv.base, 'GET', '/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') || '', /^application\/(vnd\.oai\.openapi\+)?json/);
  assert.ok(res.json, 'not JSON');
  spec = new OpenApi(res.json); // asserts openapi: 3.1.x and paths
  assert.equal(typeof res.json.info?.title, 'string', 'info.title');
  assert.equal(typeof res.json.info?.version, 'string', 'info.version');
});

test('every route of the API contract is documented for GET', () => {
  assert.ok(spec, 'document did not load');
  const examples = [
    '/api/v1/regierungsbezirke',
    '/api/v1/kreise',
    '/api/v1/gemeinden',
    '/api/v1/gemeinden/08111000',
    '/api/v1/leistungen',
    '/api/v1/leistungen/99008001012000',
    '/api/v1/zustaendigkeiten',
    '/api/v1/behoerden',
    '/api/v1/behoerden/1',
  ];
  const missing = examples.filter((p) => {
    const t = spec.route(p);
    return !t || !spec.resolve(spec.doc.paths[t], []).obj?.get;
  });
  assert.deepEqual(missing, [], 'routes without a documented GET');
});

test('every documented response schema compiles (JSON Schema 2020-12)', () => {
  assert.ok(spec, 'document did not load');
  let n = 0;
  const broken = [];
  for (const r of spec.responseSchemas()) {
    n++;
    try {
      spec.validator(r.parts);
    } catch (e) {
      broken.push(`${r.method.toUpperCase()} ${r.template} ${r.status} ${r.mt}: ${e.message}`);
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(n >= 9, `only ${n} response schemas documented`);
});

test('list operations document limit 1..100 and cursor; errors are documented as problem+json', () => {
  assert.ok(spec, 'document did not load');
  for (const path of ['/api/v1/gemeinden', '/api/v1/leistungen']) {
    const t = spec.route(path);
    const op = spec.doc.paths[t].get;
    const params = (op.parameters || []).map((p) => spec.resolve(p, []).obj);
    const limit = params.find((p) => p.name === 'limit' && p.in === 'query');
    assert.ok(limit, `${t}: no query parameter limit`);
    assert.equal(limit.schema?.minimum, 1, `${t}: limit minimum`);
    assert.equal(limit.schema?.maximum, 100, `${t}: limit maximum`);
    assert.ok(params.some((p) => p.name === 'cursor' && p.in === 'query'), `${t}: no query parameter cursor`);
    const bad = spec.resolve(op.responses?.['400'], []).obj;
    assert.ok(bad?.content?.['application/problem+json'], `${t}: 400 not documented as application/problem+json`);
  }
});
