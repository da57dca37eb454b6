// robustness.test.mjs — bad input never gets a 5xx: odd paths, encodings, repeated and
// oversized parameters, odd headers, on every API route and page. The client asserts for
// every response: status < 500, security headers, problem+json for API errors, and the
// OpenAPI document for /api/ paths.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ label: 'robustness' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

const ROUTES = [
  '/api/v1/regierungsbezirke',
  '/api/v1/kreise',
  '/api/v1/gemeinden',
  '/api/v1/gemeinden/08111000',
  '/api/v1/leistungen',
  '/api/v1/leistungen/99008001012000',
  '/api/v1/zustaendigkeiten',
  '/api/v1/behoerden',
  '/api/v1/behoerden/1',
  '/',
  '/leistungen',
  '/leistungen/99008001012000',
  '/gemeinden/08111000',
  '/kreise/08115',
  '/regierungsbezirke/081',
];

const QUERIES = [
  'q=%00',
  'q=%C3%28',
  'q=%',
  'q=%zz',
  'limit=1&limit=2',
  'limit=100&cursor=&q=',
  `q=${'a'.repeat(4000)}`,
  `ort=${'9'.repeat(500)}`,
  'ort=%E2%80%AE',
  'leistung=99008001012000&ort=71032&ort=08111000',
  'cursor=%FF%FE',
  'unbekannt=1',
  '&&&==&',
  'q=a+b&q=c',
];

test('every route with odd query strings answers without a server error', async () => {
  for (const route of ROUTES) {
    for (const q of QUERIES) {
      const res = await api.get(`${route}?${q}`);
      assert.ok(res.status < 500, `${route}?${q.slice(0, 60)} → ${res.status}`);
    }
  }
});

test('odd paths answer 400 or 404, never a server error', async () => {
  const paths = [
    '/api/v1/../../etc/passwd',
    '/api/v1/%2e%2e/%2e%2e/etc/passwd',
    '/api/v1/gemeinden/08111000/extra',
    '/api/v1/gemeinden/',
    '/api/v1//gemeinden',
    '/api/v1/gemeinden/%',
    '/api/v1/gemeinden/%C3%28',
    `/api/v1/leistungen/${'9'.repeat(3000)}`,
    '/api/v2/gemeinden',
    '/api/v1/GEMEINDEN',
    '/gemeinden/%00',
    '/kreise/abc',
    '/regierungsbezirke/999',
    '/static/../../../../etc/passwd',
    '/static/%2e%2e/%2e%2e/etc/passwd',
  ];
  for (const p of paths) {
    const res = await api.get(p);
    assert.ok([400, 404].includes(res.status), `${p.slice(0, 80)} → ${res.status}`);
    assert.ok(!/root:x:0:0/.test(res.text), `${p}: path traversal`);
  }
});

test('odd request headers and bodies on GET answer without a server error', async () => {
  const cases = [
    { 'accept': 'application/xml' },
    { 'accept-language': 'x'.repeat(2000) },
    { 'content-type': 'application/json', 'content-length': '5' },
    { 'if-none-match': '"' },
    { 'cookie': 'a=' + 'b'.repeat(3000) },
    { 'range': 'bytes=5-1' },
  ];
  for (const headers of cases) {
    const body = headers['content-length'] ? '{"a":' : undefined;
    const res = await api.request('GET', '/api/v1/gemeinden?limit=1', { headers, body });
    assert.ok(res.status < 500, `${JSON.stringify(headers).slice(0, 80)} → ${res.status}`);
  }
});

test('HEAD on an API route: headers of GET, no body', async () => {
  const res = await api.request('HEAD', '/api/v1/gemeinden/08111000');
  assert.ok([200, 405].includes(res.status), `HEAD → ${res.status}`);
  assert.equal(res.text, '');
});

test('the server is still healthy after all of it', async () => {
  assert.ok(srv.alive(), 'rathaus serve is not running any more');
  const res = await api.get('/healthz');
  assert.equal(res.status, 200);
});
