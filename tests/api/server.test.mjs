// server.test.mjs — operations endpoints and rules every response follows: /healthz,
// /metrics, security headers, problem+json for unknown paths and wrong methods.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ label: 'server' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

test('GET /healthz answers 200 {"status":"ok"} as JSON', async () => {
  const res = await api.get('/healthz');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(res.json, { status: 'ok' });
});

// Prometheus text format 0.0.4: '# HELP', '# TYPE' or 'name{labels} value'
function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\d+)?$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${line}`);
    const labels = {};
    for (const l of (m[3] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    const value = Number(m[4].replace(/^\+Inf$/, 'Infinity'));
    assert.ok(!Number.isNaN(value) || m[4] === 'NaN', `bad value in: ${line}`);
    samples.push({ name: m[1], labels, value });
  }
  return samples;
}

test('GET /metrics: request counter by route and status, latency histogram, db connections', async () => {
  await api.json('/api/v1/kreise');
  await api.json('/api/v1/kreise');
  await api.json('/api/v1/gemeinden/08111000');
  await api.json('/api/v1/gemeinden/08115003');
  const res = await api.get('/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  const samples = parseMetrics(res.text);

  const requests = samples.filter((s) => s.name === 'rathaus_http_requests_total');
  assert.ok(requests.length > 0, 'no rathaus_http_requests_total');
  for (const s of requests) {
    assert.ok('route' in s.labels && 'status' in s.labels, `labels route and status: ${JSON.stringify(s.labels)}`);
    assert.ok(!/\d{8}/.test(s.labels.route), `route label must be the route pattern, not the path: ${s.labels.route}`);
  }
  const kreise = requests.filter((s) => /kreise/.test(s.labels.route) && s.labels.status === '200');
  assert.ok(kreise.reduce((n, s) => n + s.value, 0) >= 2, 'GET /api/v1/kreise counted twice with status 200');

  const buckets = samples.filter((s) => s.name === 'rathaus_http_request_duration_seconds_bucket');
  assert.ok(buckets.length > 0, 'no latency histogram rathaus_http_request_duration_seconds_bucket');
  assert.ok(buckets.some((s) => s.labels.le === '+Inf'), 'histogram has no le="+Inf" bucket');
  assert.ok(samples.some((s) => s.name === 'rathaus_http_request_duration_seconds_count'), 'histogram _count');
  assert.ok(samples.some((s) => s.name === 'rathaus_http_request_duration_seconds_sum'), 'histogram _sum');

  const db = samples.filter((s) => s.name === 'rathaus_db_connections');
  assert.ok(db.length > 0, 'no rathaus_db_connections');
  assert.ok(db.every((s) => s.value >= 0));
});

test('security headers on pages, API, errors and operations endpoints', async () => {
  // the client asserts CSP, nosniff and Referrer-Policy on every response; here we only
  // make sure each kind of response has been seen once
  for (const path of ['/', '/healthz', '/metrics', '/api/v1/openapi.json', '/api/v1/kreise', '/api/v1/gemeinden/08000000', '/gibt-es-nicht']) {
    await api.get(path);
  }
});

test('unknown API path → 404 problem+json', async () => {
  const res = await api.get('/api/v1/gibt-es-nicht');
  assert.equal(res.status, 404);
});

test('wrong method → 405 problem+json with an Allow header', async () => {
  for (const [method, path] of [
    ['POST', '/api/v1/gemeinden'],
    ['DELETE', '/api/v1/gemeinden/08111000'],
    ['PUT', '/api/v1/leistungen'],
    ['POST', '/healthz'],
  ]) {
    const res = await api.request(method, path, { headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/problem+json', `${method} ${path}`);
    assert.match(res.headers.get('allow') || '', /\bGET\b/, `${method} ${path}: Allow header`);
  }
});

test('JSON responses are UTF-8 application/json', async () => {
  const res = await api.get('/api/v1/gemeinden/08115003');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json(;\s*charset=utf-8)?$/i);
  assert.match(res.text, /Böblingen/, 'umlauts must arrive as UTF-8');
});
