// gebiete.test.mjs — the territory of Baden-Württemberg through the API: 4
// Regierungsbezirke, 44 Kreise, 1,101 Gemeinden (../shared/data, Gebietsstand 30.11.2025),
// search, filters, paging, and the errors for bad keys and parameters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ label: 'gebiete' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

function unique(items, key = 'ags') {
  const keys = items.map((x) => x[key]);
  assert.equal(new Set(keys).size, keys.length, `duplicate ${key} in list`);
  return new Set(keys);
}

test('GET /api/v1/regierungsbezirke: the four of BW', async () => {
  const items = await api.all('/api/v1/regierungsbezirke');
  assert.deepEqual([...unique(items)].sort(), ['081', '082', '083', '084']);
  const names = items.map((x) => x.name).join(' ');
  for (const n of ['Stuttgart', 'Karlsruhe', 'Freiburg', 'Tübingen']) assert.match(names, new RegExp(n));
});

test('GET /api/v1/kreise: 35 Landkreise and 9 Stadtkreise', async () => {
  const items = await api.all('/api/v1/kreise?limit=100');
  const ags = unique(items);
  assert.equal(ags.size, 44);
  for (const a of ags) assert.match(a, /^08\d{3}$/);
  assert.ok(ags.has('08115') && ags.has('08111'));
  assert.match(items.find((x) => x.ags === '08115').name, /Böblingen/);
});

test('GET /api/v1/gemeinden: all 1,101, paged with limit=100', async () => {
  const items = await api.all('/api/v1/gemeinden?limit=100');
  const ags = unique(items);
  assert.equal(ags.size, 1101);
  for (const a of ags) assert.match(a, /^08\d{6}$/);
  assert.ok(ags.has('08111000'));
});

test('GET /api/v1/gemeinden/08111000: Stuttgart, 612,663 Einwohner', async () => {
  const g = await api.json('/api/v1/gemeinden/08111000');
  assert.equal(g.ags, '08111000');
  assert.match(g.name, /Stuttgart/);
  assert.equal(g.einwohner, 612663);
});

test('GET /api/v1/gemeinden?kreis=08115: the 26 Gemeinden of Landkreis Böblingen', async () => {
  const items = await api.all('/api/v1/gemeinden?kreis=08115&limit=10');
  const ags = unique(items);
  assert.equal(ags.size, 26);
  for (const a of ags) assert.ok(a.startsWith('08115'), a);
  assert.ok(ags.has('08115003'));
});

test('GET /api/v1/gemeinden?q=: search by name, with and without umlauts typed', async () => {
  for (const q of ['Stuttgart', 'stuttgart']) {
    const body = await api.json(`/api/v1/gemeinden?q=${encodeURIComponent(q)}`);
    assert.ok(body.items.some((x) => x.ags === '08111000'), `q=${q} finds Stuttgart`);
  }
  const body = await api.json(`/api/v1/gemeinden?q=${encodeURIComponent('Böblingen')}`);
  assert.ok(body.items.some((x) => x.ags === '08115003'), 'q=Böblingen finds Böblingen');
  const none = await api.json('/api/v1/gemeinden?q=Xyzzyhausen');
  assert.deepEqual(none.items, []);
  assert.equal(none.next_cursor, null);
});

test('limit: 1 and 100 are allowed; a page of 1 has a next_cursor', async () => {
  const one = await api.json('/api/v1/gemeinden?limit=1');
  assert.equal(one.items.length, 1);
  assert.equal(typeof one.next_cursor, 'string');
  const hundred = await api.json('/api/v1/gemeinden?limit=100');
  assert.equal(hundred.items.length, 100);
});

test('limit out of range or malformed → 400 naming parameter limit', async () => {
  for (const limit of ['0', '101', '-1', 'abc', '1.5', '', '99999999999999999999', '1e2', ' 5']) {
    const res = await api.get(`/api/v1/gemeinden?limit=${encodeURIComponent(limit)}`);
    assertProblem(res, 400, { parameter: 'limit' }, `limit=${JSON.stringify(limit)}`);
  }
});

test('malformed cursor → 400 naming parameter cursor', async () => {
  for (const cursor of ['x', 'AAAA', '%00', "' OR 1=1 --", 'a'.repeat(2000)]) {
    const res = await api.get(`/api/v1/gemeinden?cursor=${encodeURIComponent(cursor)}`);
    assertProblem(res, 400, { parameter: 'cursor' }, `cursor=${JSON.stringify(cursor)}`);
  }
});

test('a cursor gives the same next page twice', async () => {
  const first = await api.json('/api/v1/gemeinden?limit=7');
  const url = `/api/v1/gemeinden?limit=7&cursor=${encodeURIComponent(first.next_cursor)}`;
  const a = await api.json(url);
  const b = await api.json(url);
  assert.deepEqual(a, b);
  const seen = new Set(first.items.map((x) => x.ags));
  assert.ok(a.items.every((x) => !seen.has(x.ags)), 'second page repeats the first');
});

test('malformed kreis filter → 400 naming parameter kreis', async () => {
  for (const kreis of ['abc', '0811', '081150', '08115003']) {
    const res = await api.get(`/api/v1/gemeinden?kreis=${kreis}`);
    assertProblem(res, 400, { parameter: 'kreis' }, `kreis=${kreis}`);
  }
});

test('GET /api/v1/gemeinden/{ags}: unknown → 404, malformed → 400, both naming ags', async () => {
  assertProblem(await api.get('/api/v1/gemeinden/08999999'), 404, { parameter: 'ags' });
  assertProblem(await api.get('/api/v1/gemeinden/09162000'), 404, { parameter: 'ags' }); // München: not BW
  for (const ags of ['0811100', '081110000', 'Stuttgart', '0811100x', '%2e%2e', '08111000%00']) {
    assertProblem(await api.get(`/api/v1/gemeinden/${ags}`), 400, { parameter: 'ags' }, `ags=${ags}`);
  }
});
