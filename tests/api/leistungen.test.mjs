// leistungen.test.mjs — the service catalogue through the API: ranked search, detail,
// paging, and search input that must never break the query (FTS syntax, quotes, NUL).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api;

before(async () => {
  srv = await startServer({ label: 'leistungen' });
  api = await connect(srv);
});

after(async () => {
  await srv?.stop();
});

const SEARCH = '/api/v1/leistungen?q=personalausweis&ort=08115003';

test('search personalausweis in Böblingen: ranked, Personalausweis first', async () => {
  const body = await api.json(SEARCH);
  assert.ok(body.items.length > 0, 'no hits');
  assert.ok('next_cursor' in body);
  assert.match(body.items[0].name, /Personalausweis/i, `first hit: ${body.items[0].name}`);
  const ids = body.items.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  for (const x of body.items) assert.equal(typeof x.id, 'string');
});

test('search is case-insensitive and the same without ort', async () => {
  const a = await api.json('/api/v1/leistungen?q=Personalausweis');
  const b = await api.json('/api/v1/leistungen?q=PERSONALAUSWEIS');
  assert.ok(a.items.length > 0);
  assert.deepEqual(
    a.items.map((x) => x.id),
    b.items.map((x) => x.id),
  );
});

test('search pages: limit=5 across all pages gives each hit once', async () => {
  const one = await api.json('/api/v1/leistungen?q=ausweis&limit=5');
  assert.ok(one.items.length <= 5);
  const all = await api.all('/api/v1/leistungen?q=ausweis&limit=5');
  const ids = all.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length, 'a hit appears on two pages');
  assert.ok(ids.length > 5, `only ${ids.length} hits for 'ausweis'`);
});

test('GET /api/v1/leistungen/{id}: the hit in full', async () => {
  const body = await api.json(SEARCH);
  const hit = body.items[0];
  const l = await api.json(`/api/v1/leistungen/${encodeURIComponent(hit.id)}`);
  assert.equal(l.id, hit.id);
  assert.equal(l.name, hit.name);
});

test('GET /api/v1/leistungen/99008001012000: LeiKa key of Personalausweis Ausstellung', async () => {
  const l = await api.json('/api/v1/leistungen/99008001012000');
  assert.equal(l.id, '99008001012000');
  assert.match(l.name, /Personalausweis/);
});

test('unknown Leistung → 404, malformed id → 400, both naming id', async () => {
  assertProblem(await api.get('/api/v1/leistungen/99999999999999'), 404, { parameter: 'id' });
  assertProblem(await api.get('/api/v1/leistungen/gibt-es-nicht'), 404, { parameter: 'id' });
  for (const id of ['a'.repeat(41), 'Ä', 'x%20y', '%00', 'a;b', '..']) {
    assertProblem(await api.get(`/api/v1/leistungen/${id}`), 400, { parameter: 'id' }, `id=${id}`);
  }
});

test('limit out of range → 400 naming limit; malformed cursor → 400 naming cursor', async () => {
  for (const limit of ['0', '101', 'zehn']) {
    assertProblem(await api.get(`/api/v1/leistungen?q=pass&limit=${limit}`), 400, { parameter: 'limit' });
  }
  assertProblem(await api.get('/api/v1/leistungen?q=pass&cursor=kaputt'), 400, { parameter: 'cursor' });
});

test('search input with query syntax, quotes and control characters is answered, not crashed', async () => {
  const inputs = [
    '"', "'", '*', '(', ')', 'NEAR(a b)', 'a OR b', 'a AND NOT b', '-pass', '^pass', 'pass:port',
    'personal*', '{a}', '\\', '%', '_', "'; DROP TABLE leistung; --", '\u0000', '\u0001pass',
    'ß', 'Ärger', '🙂', 'x'.repeat(1000), 'a b c d e f g h i j k l m n o p q r s t u v w x y z',
  ];
  for (const q of inputs) {
    const res = await api.get(`/api/v1/leistungen?q=${encodeURIComponent(q)}&ort=08115003`);
    assert.ok([200, 400].includes(res.status), `q=${JSON.stringify(q)} → ${res.status}`);
    if (res.status === 400) assertProblem(res, 400, { parameter: 'q' }, `q=${JSON.stringify(q)}`);
  }
});

test('invalid UTF-8 in q → 400 naming q', async () => {
  for (const raw of ['%C3%28', '%FF', '%ED%A0%80']) {
    assertProblem(await api.get(`/api/v1/leistungen?q=${raw}`), 400, { parameter: 'q' }, `q=${raw}`);
  }
});

test('malformed ort → 400 or unknown ort → 404, naming ort', async () => {
  for (const ort of ['Atlantis', '08999999', '99999']) {
    const res = await api.get(`/api/v1/leistungen?q=pass&ort=${ort}`);
    assert.ok([400, 404].includes(res.status), `ort=${ort} → ${res.status}`);
    assertProblem(res, res.status, { parameter: 'ort' }, `ort=${ort}`);
  }
});
