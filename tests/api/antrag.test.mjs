// antrag.test.mjs — online applications over real HTTP against the real binary: an office
// admin uploads a form (refused with JSONPaths when invalid), the form with its JSON Schema,
// a citizen's draft routed by place, answers (422 per field), attachments (multipart, type by
// content, size), submission with Idempotency-Key (one application, one receipt, hash over the
// canonical content), the receipt PDF, the timeline and withdrawal, the mailbox, the delivery
// API (list, fetch — data valid against the form's schema — acknowledge), separation of
// tenants and bad input that stores nothing.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { REPO, startServer } from './lib/server.mjs';
import { makeAccount, sqlRows } from './konto-helfer.mjs';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let srv, client, behoerde, andere, admin, buerger, buerger2, sb, sbAndere, koord;

function api(token, method, p, json, headers = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) h['Content-Type'] = 'application/json';
  return client.request(method, p, { headers: h, body: json === undefined ? undefined : typeof json === 'string' ? json : JSON.stringify(json) });
}

function multipart(parts, boundary = '----rathausTest' + crypto.randomBytes(6).toString('hex')) {
  const chunks = [];
  for (const pt of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${pt.name}"`;
    if (pt.filename !== undefined) head += `; filename="${pt.filename}"`;
    head += '\r\n';
    if (pt.type) head += `Content-Type: ${pt.type}\r\n`;
    chunks.push(Buffer.from(head + '\r\n'), Buffer.isBuffer(pt.data) ? pt.data : Buffer.from(pt.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

function upload(token, id, parts) {
  const m = multipart(parts);
  return client.request('POST', `/api/v1/antraege/${id}/anlagen`, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': m.type },
    body: m.body,
  });
}

/** GET with the raw bytes of the body (the client decodes text). */
function rawGet(token, p) {
  const url = new URL(srv.base);
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: p, headers: { Authorization: `Bearer ${token}` } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const hundDef = JSON.parse(fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8'));

function antworten(extra = {}) {
  return {
    vorname: 'Erika',
    familienname: 'Mustermann',
    geburtsdatum: '1980-05-17',
    anschrift: { strasse: 'Marktplatz', hausnummer: '1', plz: '71032', ort: 'Böblingen' },
    hunde: [{ name: 'Bello', rasse: 'Mischling', geschlecht: 'ruede', haltung_seit: '2026-01-02', kampfhund: false }],
    ermaessigung: 'keine',
    lastschrift: true,
    kontoinhaber: 'Erika Mustermann',
    iban: 'DE89 3704 0044 0532 0130 00',
    sepa_mandat: true,
    richtigkeit: true,
    ...extra,
  };
}

async function entwurf(token = buerger.token) {
  const res = await api(token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

before(async () => {
  srv = await startServer({ label: 'antrag' });
  client = await connect(srv);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  behoerde = z.items[0].behoerde_id;
  const alle = await client.json('/api/v1/behoerden?ort=08115');
  andere = alle.items.map((b) => b.id).find((id) => id !== behoerde);
  admin = makeAccount(srv.dsn, { email: 'admin@antrag.example', rolle: 'behoerdenadmin', behoerde });
  sb = makeAccount(srv.dsn, { email: 'sb@antrag.example', rolle: 'sachbearbeitung', behoerde });
  sbAndere = makeAccount(srv.dsn, { email: 'sb2@antrag.example', rolle: 'sachbearbeitung', behoerde: andere });
  buerger = makeAccount(srv.dsn, { email: 'erika@antrag.example', rolle: 'buerger' });
  buerger2 = makeAccount(srv.dsn, { email: 'max@antrag.example', rolle: 'buerger' });
  koord = makeAccount(srv.dsn, { email: 'koord@antrag.example', rolle: 'koordination', kreis: '08115' });
  const res = await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, hundDef);
  assert.equal(res.status, 201, res.text);
});

after(async () => {
  await srv?.stop();
});

describe('forms', () => {
  test('an invalid definition is refused with the JSONPath of each error and not stored', async () => {
    const bad = structuredClone(hundDef);
    bad.schritte[1].felder[0].felder[2].typ = 'farbe';
    bad.schritte[0].felder[1].unbekannt = 1;
    const before = sqlRows(srv, 'SELECT COUNT(*) FROM formular')[0][0];
    const res = await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare`, bad);
    const p = assertProblem(res, 422);
    const felder = p.fehler.map((f) => f.feld);
    assert.ok(felder.includes('$.schritte[1].felder[0].felder[2].typ'), felder.join(', '));
    assert.ok(felder.includes('$.schritte[0].felder[1].unbekannt'), felder.join(', '));
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare`, '{"format": '), 422);
    assert.equal(sqlRows(srv, 'SELECT COUNT(*) FROM formular')[0][0], before);
  });

  test('another authority, a clerk and a coordinator cannot upload', async () => {
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${andere}/formulare`, hundDef), 404);
    assertProblem(await api(sb.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare`, hundDef), 403);
    assertProblem(await api(koord.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare`, hundDef), 404);
  });

  test('the current form comes with a JSON Schema 2020-12; list, preview, retire', async () => {
    const f = await client.json(`/api/v1/leistungen/${HUND}/formular?ort=${BOEBLINGEN}`);
    assert.equal(f.leistung, HUND);
    assert.equal(f.schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(f.schema);
    const clean = { ...antworten(), iban: 'DE89370400440532013000' };
    assert.ok(validate(clean), JSON.stringify(validate.errors));
    assert.ok(!validate({ ...clean, lastschrift: false }), 'hidden fields must be absent');
    assertProblem(await client.get(`/api/v1/leistungen/99999999999999/formular`), 404);
    const list = await api(admin.token, 'GET', `/api/v1/behoerden/${behoerde}/formulare?leistung=${HUND}`);
    assert.equal(list.status, 200);
    assert.ok(list.json.items.some((x) => x.id === f.id && x.status === 'veroeffentlicht'));
    const prev = await api(admin.token, 'GET', `/api/v1/formulare/${f.id}`);
    assert.equal(prev.status, 200);
    assert.equal(prev.json.definition.titel, hundDef.titel);
    // a new version as draft, published, retired
    const v2 = await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare`, hundDef);
    assert.equal(v2.status, 201);
    assert.equal(v2.json.status, 'entwurf');
    assert.equal(v2.json.version, f.version + 1);
    assert.equal((await api(admin.token, 'POST', `/api/v1/formulare/${v2.json.id}/zurueckziehen`)).status, 200);
    assertProblem(await api(admin.token, 'POST', `/api/v1/formulare/${v2.json.id}/veroeffentlichen`), 409);
    assert.equal((await client.json(`/api/v1/leistungen/${HUND}/formular?ort=${BOEBLINGEN}`)).id, f.id);
  });
});

describe('applying', () => {
  test('a draft is routed to the office responsible for the place', async () => {
    const a = await entwurf();
    assert.equal(a.status, 'entwurf');
    assert.equal(a.zustaendig.behoerde_id, behoerde);
    assert.equal(a.gemeinde.ags, BOEBLINGEN);
    assertProblem(await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: '0811' }), 422);
    assertProblem(await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND }), 400);
    assertProblem(await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN, x: 1 }), 400);
    assertProblem(await api(buerger.token, 'POST', '/api/v1/antraege', '{"leistung": '), 400);
    assertProblem(await api(undefined, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN }), 401);
    assertProblem(await api(sb.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN }), 403);
  });

  test('answers: 422 lists each failing field and stores nothing', async () => {
    const a = await entwurf();
    const res = await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`,
      antworten({ iban: 'DE00 3704 0044 0532 0130 00', geburtsdatum: '2999-01-01', gibtsnicht: 1, hunde: [{ name: 5 }] }));
    const p = assertProblem(res, 422);
    const felder = p.fehler.map((f) => f.feld).sort();
    assert.deepEqual(felder, ['/geburtsdatum', '/gibtsnicht', '/hunde/0/name', '/iban']);
    const got = await api(buerger.token, 'GET', `/api/v1/antraege/${a.id}`);
    assert.deepEqual(got.json.daten, {});
    // a good draft: saved, cleaned, with what is still missing
    const ok = await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, { vorname: ' Erika ', lastschrift: false, iban: 'x' });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.json.daten, { vorname: 'Erika', lastschrift: false });
    assert.equal(ok.json.vollstaendig, false);
    assert.ok(ok.json.fehlend.some((f) => f.feld === '/familienname'));
  });

  test('others cannot see or change a draft', async () => {
    const a = await entwurf();
    for (const who of [buerger2, sbAndere, koord]) {
      assertProblem(await api(who.token, 'GET', `/api/v1/antraege/${a.id}`), 404);
      assertProblem(await api(who.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, {}), who === buerger2 ? 404 : 404);
    }
    assertProblem(await api(undefined, 'GET', `/api/v1/antraege/${a.id}`), 401);
  });

  test('attachments: type by content, limits, bad multipart', async () => {
    const a = await entwurf();
    const up = await upload(buerger.token, a.id, [{ name: 'feld', data: 'nachweis_ermaessigung' }, { name: 'datei', filename: 'bild.jpg', type: 'image/jpeg', data: PDF }]);
    assert.equal(up.status, 201, up.text);
    assert.equal(up.json.typ, 'application/pdf');
    assert.equal(up.json.sha256, crypto.createHash('sha256').update(PDF).digest('hex'));
    const png = await upload(buerger.token, a.id, [{ name: 'datei', filename: 'foto.png', data: PNG }]);
    assert.equal(png.status, 201, png.text);
    assert.equal(png.json.typ, 'image/png');
    // text disguised as PDF
    assertProblem(await upload(buerger.token, a.id, [{ name: 'datei', filename: 'x.pdf', type: 'application/pdf', data: 'nur Text\n' }]), 422);
    // empty, unknown field, missing file, extra part
    assertProblem(await upload(buerger.token, a.id, [{ name: 'datei', filename: 'leer.pdf', data: '' }]), 422);
    assertProblem(await upload(buerger.token, a.id, [{ name: 'feld', data: 'vorname' }, { name: 'datei', filename: 'a.pdf', data: PDF }]), 422);
    assertProblem(await upload(buerger.token, a.id, [{ name: 'feld', data: 'wesenstest' }]), 400);
    assertProblem(await upload(buerger.token, a.id, [{ name: 'datei', filename: 'a.pdf', data: PDF }, { name: 'x', data: '1' }]), 400);
    // broken multipart and wrong content type
    const broken = client.request('POST', `/api/v1/antraege/${a.id}/anlagen`, {
      headers: { Authorization: `Bearer ${buerger.token}`, 'Content-Type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="datei"; filename="a.pdf"\r\n\r\n%PDF-1.4 ohne Ende',
    });
    assertProblem(await broken, 400);
    assertProblem(await client.request('POST', `/api/v1/antraege/${a.id}/anlagen`, {
      headers: { Authorization: `Bearer ${buerger.token}`, 'Content-Type': 'application/pdf' }, body: PDF }), 400);
    // larger than the field allows (5 MiB) → 413; the server's body limit answers first
    const big = Buffer.concat([PDF, Buffer.alloc(6 * 1024 * 1024, 32)]);
    const r = await upload(buerger.token, a.id, [{ name: 'datei', filename: 'gross.pdf', data: big }]);
    assertProblem(r, 413);
    const got = await api(buerger.token, 'GET', `/api/v1/antraege/${a.id}`);
    assert.equal(got.json.anlagen.length, 2);
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM anlage WHERE antrag_id = ${a.id}`)[0][0], '2');
    // the bytes come back unchanged
    const dl = await rawGet(buerger.token, `/api/v1/antraege/${a.id}/anlagen/${up.json.sha256}`);
    assert.equal(dl.status, 200);
    assert.ok(dl.body.equals(PDF));
    assert.equal((await rawGet(buerger2.token, `/api/v1/antraege/${a.id}/anlagen/${up.json.sha256}`)).status, 404);
    assert.equal((await api(buerger.token, 'DELETE', `/api/v1/antraege/${a.id}/anlagen/${png.json.sha256}`)).status, 204);
  });

  test('submitting: incomplete is refused, then one application, one receipt, a matching hash', async () => {
    const a = await entwurf();
    const inc = await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'k-1' });
    const p = assertProblem(inc, 422);
    assert.ok(p.fehler.some((f) => f.feld === '/vorname'));
    assert.equal((await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, antworten())).status, 200);
    // double click: the same key twice at once
    const [r1, r2] = await Promise.all([
      api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'k-1' }),
      api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'k-1' }),
    ]);
    assert.equal(r1.status, 201, r1.text);
    assert.equal(r2.status, 201, r2.text);
    assert.deepEqual(r1.json.eingangsbestaetigung, r2.json.eingangsbestaetigung);
    const eb = r1.json.eingangsbestaetigung;
    assert.match(eb.nummer, /^EB-\d{10}$/);
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM eingangsbestaetigung WHERE antrag_id = ${a.id}`)[0][0], '1');
    // a retry after a network error: the same key again, same answer
    const r3 = await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'k-1' });
    assert.equal(r3.status, 201);
    assert.equal(r3.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(r3.json.eingangsbestaetigung, eb);
    assertProblem(await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'k-2' }), 409);
    // the hash is the SHA-256 of the stored canonical content
    const inhalt = sqlRows(srv, `SELECT inhalt FROM eingangsbestaetigung WHERE antrag_id = ${a.id}`)[0].join('|');
    assert.equal(crypto.createHash('sha256').update(inhalt, 'utf8').digest('hex'), eb.sha256);
    // nothing changes afterwards
    assertProblem(await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, antworten()), 409);
    assertProblem(await upload(buerger.token, a.id, [{ name: 'datei', filename: 'a.pdf', data: PDF }]), 409);
    // status, timeline, receipt in the mailbox and as PDF
    const got = await api(buerger.token, 'GET', `/api/v1/antraege/${a.id}`);
    assert.equal(got.json.status, 'eingegangen');
    assert.deepEqual(got.json.verlauf.map((v) => v.status), ['entwurf', 'eingegangen']);
    assert.deepEqual(got.json.eingangsbestaetigung, eb);
    const post = await api(buerger.token, 'GET', '/api/v1/postfach');
    const m = post.json.items.find((x) => x.antrag === a.id && x.art === 'eingangsbestaetigung');
    assert.ok(m, 'receipt in the mailbox');
    const full = await api(buerger.token, 'GET', `/api/v1/postfach/${m.id}`);
    assert.ok(full.json.text.includes(eb.sha256));
    assert.equal(full.json.eingangsbestaetigung_pdf, `/api/v1/antraege/${a.id}/eingangsbestaetigung.pdf`);
    assert.ok(full.json.gelesen > 0);
    assertProblem(await api(buerger2.token, 'GET', `/api/v1/postfach/${m.id}`), 404);
    const pdf = await rawGet(buerger.token, `/api/v1/antraege/${a.id}/eingangsbestaetigung.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
    assert.equal((await rawGet(buerger2.token, `/api/v1/antraege/${a.id}/eingangsbestaetigung.pdf`)).status, 404);
  });

  test('withdrawing while not decided', async () => {
    const a = await entwurf();
    assert.equal((await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, antworten())).status, 200);
    assert.equal((await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`)).status, 201);
    assertProblem(await api(buerger2.token, 'POST', `/api/v1/antraege/${a.id}/zurueckziehen`), 404);
    const w = await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/zurueckziehen`);
    assert.equal(w.status, 200);
    assert.equal(w.json.status, 'zurueckgezogen');
    assertProblem(await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/zurueckziehen`), 409);
  });
});

describe('delivery API', () => {
  test('list, fetch (valid against the schema), acknowledge; others see nothing', async () => {
    const a = await entwurf();
    const up = await upload(buerger.token, a.id, [{ name: 'datei', filename: 'nachweis.pdf', data: PDF }]);
    assert.equal(up.status, 201);
    const daten = antworten({ ermaessigung: 'sozial', nachweis_ermaessigung: [up.json.sha256] });
    assert.equal((await api(buerger.token, 'PUT', `/api/v1/antraege/${a.id}/daten`, daten)).status, 200);
    const sub = await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': crypto.randomUUID() });
    assert.equal(sub.status, 201);

    const list = await api(sb.token, 'GET', '/api/v1/zustellung/eingaenge?limit=100');
    assert.equal(list.status, 200);
    assert.ok(list.json.items.some((x) => x.id === a.id));
    const other = await api(sbAndere.token, 'GET', '/api/v1/zustellung/eingaenge');
    assert.ok(!other.json.items.some((x) => x.id === a.id));
    assertProblem(await api(koord.token, 'GET', '/api/v1/zustellung/eingaenge'), 403);
    assertProblem(await api(buerger.token, 'GET', '/api/v1/zustellung/eingaenge'), 403);

    const e = await api(sb.token, 'GET', `/api/v1/zustellung/eingaenge/${a.id}`);
    assert.equal(e.status, 200);
    assert.equal(e.json.eingangsbestaetigung.sha256, sub.json.eingangsbestaetigung.sha256);
    const f = await client.json(`/api/v1/leistungen/${HUND}/formular?ort=${BOEBLINGEN}`);
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(f.schema);
    assert.ok(validate(e.json.daten), JSON.stringify(validate.errors));
    for (const who of [sbAndere, koord, buerger2]) {
      assertProblem(await api(who.token, 'GET', `/api/v1/zustellung/eingaenge/${a.id}`), 404);
    }
    const dl = await rawGet(sb.token, `/api/v1/zustellung/eingaenge/${a.id}/anlagen/${up.json.sha256}`);
    assert.ok(dl.body.equals(PDF));
    assert.equal((await rawGet(sbAndere.token, `/api/v1/zustellung/eingaenge/${a.id}/anlagen/${up.json.sha256}`)).status, 404);

    // unacknowledged stays listed; acknowledged leaves the list
    const again = await api(sb.token, 'GET', '/api/v1/zustellung/eingaenge?limit=100');
    assert.ok(again.json.items.some((x) => x.id === a.id));
    assertProblem(await api(sbAndere.token, 'POST', `/api/v1/zustellung/eingaenge/${a.id}/quittung`), 404);
    const q = await api(sb.token, 'POST', `/api/v1/zustellung/eingaenge/${a.id}/quittung`);
    assert.equal(q.status, 200);
    assert.equal(q.json.schon_quittiert, false);
    const after = await api(sb.token, 'GET', '/api/v1/zustellung/eingaenge?limit=100');
    assert.ok(!after.json.items.some((x) => x.id === a.id));

    // a message with a PDF attachment into the citizen's mailbox
    const m = multipart([{ name: 'art', data: 'rueckfrage' }, { name: 'betreff', data: 'Rückfrage zum Nachweis' },
      { name: 'text', data: 'Bitte senden Sie den Bescheid des Jobcenters.' }, { name: 'datei', filename: 'hinweis.pdf', data: PDF }]);
    const nm = await client.request('POST', `/api/v1/zustellung/eingaenge/${a.id}/nachrichten`, {
      headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': m.type }, body: m.body });
    assert.equal(nm.status, 201, nm.text);
    const mt = multipart([{ name: 'betreff', data: 'x' }, { name: 'text', data: 'y' }, { name: 'datei', filename: 'a.exe', data: Buffer.from('MZ\x90\x00binary') }]);
    assertProblem(await client.request('POST', `/api/v1/zustellung/eingaenge/${a.id}/nachrichten`, {
      headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': mt.type }, body: mt.body }), 422);
    assertProblem(await client.request('POST', `/api/v1/zustellung/eingaenge/${a.id}/nachrichten`, {
      headers: { Authorization: `Bearer ${sbAndere.token}`, 'Content-Type': m.type }, body: m.body }), 404);
    const msg = await api(buerger.token, 'GET', `/api/v1/postfach/${nm.json.id}`);
    assert.equal(msg.status, 200);
    assert.equal(msg.json.art, 'rueckfrage');
    assert.equal(msg.json.anlagen.length, 1);
    const att = await rawGet(buerger.token, `/api/v1/postfach/${nm.json.id}/anlagen/${msg.json.anlagen[0].sha256}`);
    assert.ok(att.body.equals(PDF));
    assert.equal((await rawGet(buerger2.token, `/api/v1/postfach/${nm.json.id}/anlagen/${msg.json.anlagen[0].sha256}`)).status, 404);

    // a decision arrives in the citizen's mailbox; then no withdrawal
    const s = await api(sb.token, 'POST', `/api/v1/zustellung/eingaenge/${a.id}/status`,
      { status: 'beschieden', betreff: 'Bescheid Hundesteuer', text: 'Die Steuermarke liegt bei.' });
    assert.equal(s.status, 200, s.text);
    assertProblem(await api(sb.token, 'POST', `/api/v1/zustellung/eingaenge/${a.id}/status`, { status: 'weg' }), 422);
    const post = await api(buerger.token, 'GET', '/api/v1/postfach');
    assert.ok(post.json.items.some((x) => x.antrag === a.id && x.art === 'bescheid'));
    const got = await api(buerger.token, 'GET', `/api/v1/antraege/${a.id}`);
    assert.deepEqual(got.json.verlauf.map((v) => v.status), ['entwurf', 'eingegangen', 'in_bearbeitung', 'beschieden']);
    assertProblem(await api(buerger.token, 'POST', `/api/v1/antraege/${a.id}/zurueckziehen`), 409);
  });
});
