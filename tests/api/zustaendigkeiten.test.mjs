// zustaendigkeiten.test.mjs — who is responsible for a Leistung at a place (by AGS, postcode
// or name), and the authorities of a place.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';

let srv, api, leistung;

before(async () => {
  srv = await startServer({ label: 'zustaendigkeiten' });
  api = await connect(srv);
  const hits = await api.json('/api/v1/leistungen?q=personalausweis&ort=08115003');
  assert.ok(hits.items.length > 0, 'search for personalausweis found nothing');
  leistung = hits.items[0].id;
});

after(async () => {
  await srv?.stop();
});

const zust = (ort, l = leistung) =>
  `/api/v1/zustaendigkeiten?leistung=${encodeURIComponent(l)}&ort=${encodeURIComponent(ort)}`;

test('Personalausweis in Böblingen (AGS 08115003): an office in Böblingen', async () => {
  const body = await api.json(zust('08115003'));
  assert.ok(Array.isArray(body.items) && body.items.length > 0, 'no responsible office');
  assert.ok('next_cursor' in body);
  assert.match(JSON.stringify(body.items), /Böblingen/, 'the responsible office is not in Böblingen');
});

test('the place can be given as AGS, postcode or name, with the same answer', async () => {
  const byAgs = await api.json(zust('08115003'));
  for (const ort of ['71032', 'Böblingen', 'böblingen']) {
    const other = await api.json(zust(ort));
    assert.deepEqual(other.items, byAgs.items, `ort=${ort}`);
  }
});

test('Heidelberg (a Stadtkreis of the demo data) has a responsible office too', async () => {
  const body = await api.json(zust('08221000'));
  assert.ok(body.items.length > 0);
  assert.match(JSON.stringify(body.items), /Heidelberg/);
});

test('a place without offices in the data answers 200 with a list', async () => {
  const body = await api.json(zust('08111000'));
  assert.ok(Array.isArray(body.items));
});

test('missing or empty leistung or ort → 400 naming it', async () => {
  assertProblem(await api.get(`/api/v1/zustaendigkeiten?ort=08115003`), 400, { parameter: 'leistung' });
  assertProblem(await api.get(`/api/v1/zustaendigkeiten?leistung=${leistung}`), 400, { parameter: 'ort' });
  assertProblem(await api.get(zust('')), 400, { parameter: 'ort' });
  assertProblem(await api.get(zust('08115003', '')), 400, { parameter: 'leistung' });
  assertProblem(await api.get(zust('08115003', 'Ä'.repeat(50))), 400, { parameter: 'leistung' });
});

test('unknown leistung or ort → 404 naming it', async () => {
  assertProblem(await api.get(zust('08115003', '99999999999999')), 404, { parameter: 'leistung' });
  assertProblem(await api.get(zust('Atlantis')), 404, { parameter: 'ort' });
  assertProblem(await api.get(zust('08999999')), 404, { parameter: 'ort' });
});

test('GET /api/v1/behoerden?ort=08115003 and GET /api/v1/behoerden/{id}', async () => {
  const body = await api.json('/api/v1/behoerden?ort=08115003');
  assert.ok(body.items.length > 0, 'no Behörde in Böblingen');
  assert.ok('next_cursor' in body);
  const first = body.items[0];
  const b = await api.json(`/api/v1/behoerden/${encodeURIComponent(first.id)}`);
  assert.equal(b.id, first.id);
  assert.equal(b.name, first.name);
});

test('GET /api/v1/behoerden/{id}: unknown → 404, malformed → 400, naming id', async () => {
  assertProblem(await api.get('/api/v1/behoerden/999999999'), 404, { parameter: 'id' });
  for (const id of ['abc', '-1', '1.5', '99999999999999999999999', '%00']) {
    assertProblem(await api.get(`/api/v1/behoerden/${id}`), 400, { parameter: 'id' }, `id=${id}`);
  }
});

test('GET /api/v1/behoerden with a bad ort → 400 or 404 naming ort', async () => {
  for (const ort of ['0811500X', '08999999']) {
    const res = await api.get(`/api/v1/behoerden?ort=${ort}`);
    assert.ok([400, 404].includes(res.status), `ort=${ort} → ${res.status}`);
    assertProblem(res, res.status, { parameter: 'ort' });
  }
});
