// antrag-postfach.test.mjs — after submitting: the receipt PDF as an attachment of the receipt
// message in the mailbox (downloadable from the API and the portal, its SHA-256 matching the
// bytes and the PDF of the application), the citizen's replies with attachments (API and
// portal; type by content, size and count limits, nothing stored when refused) and what the
// office sees of them through the delivery API; authorization before the body is read (a
// caller without the right gets 403/404, never 400); and anonymous drafts: the per-address
// rate limit (429 with Retry-After) and the cleanup of abandoned ones (`rathaus aufraeumen`),
// which never touches a submitted application or a citizen's draft.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { BIN, REPO, run, startServer } from './lib/server.mjs';
import { Browser, login, makeAccount, sqlRows } from './konto-helfer.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1');

let srv, client, behoerde, andere, admin, buerger, buerger2, sb, sbAndere, koord;
let antragId, eingangId, eingangSha;

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

function api(token, method, p, json, headers = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) h['Content-Type'] = 'application/json';
  return client.request(method, p, { headers: h, body: json === undefined ? undefined : typeof json === 'string' ? json : JSON.stringify(json) });
}

function multipart(parts) {
  const boundary = '----rathausPostfach' + crypto.randomBytes(6).toString('hex');
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

function postMultipart(token, p, parts) {
  const m = multipart(parts);
  return client.request('POST', p, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': m.type }, body: m.body });
}

/** GET with the raw bytes of the body; `auth` is a token or a Browser (cookies). */
function rawGet(auth, p) {
  const url = new URL(srv.base);
  const headers = typeof auth === 'string' ? { Authorization: `Bearer ${auth}` } : { Cookie: auth.header() };
  return new Promise((resolve, reject) => {
    http
      .get({ host: url.hostname, port: url.port, path: p, headers }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

function antworten() {
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
  };
}

async function eingereicht(token) {
  const a = await api(token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN });
  assert.equal(a.status, 201, a.text);
  const d = await api(token, 'PUT', `/api/v1/antraege/${a.json.id}/daten`, antworten());
  assert.equal(d.status, 200, d.text);
  const e = await api(token, 'POST', `/api/v1/antraege/${a.json.id}/einreichen`, undefined, { 'Idempotency-Key': `k-${a.json.id}` });
  assert.equal(e.status, 201, e.text);
  return a.json.id;
}

/** The receipt message of application `id` in the mailbox of `token`. */
async function quittungsNachricht(token, id) {
  const list = await api(token, 'GET', '/api/v1/postfach');
  assert.equal(list.status, 200);
  const m = list.json.items.find((x) => x.antrag === id && x.art === 'eingangsbestaetigung');
  assert.ok(m, 'the receipt is in the mailbox');
  return m.id;
}

function nachrichten() {
  return Number(sqlRows(srv, 'SELECT COUNT(*) FROM nachricht')[0][0]);
}

before(async () => {
  srv = await startServer({ label: 'antrag-postfach' });
  client = await connect(srv);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  behoerde = z.items[0].behoerde_id;
  const alle = await client.json('/api/v1/behoerden?ort=08115');
  andere = alle.items.map((b) => b.id).find((id) => id !== behoerde);
  admin = makeAccount(srv.dsn, { email: 'admin@postfach.example', rolle: 'behoerdenadmin', behoerde });
  sb = makeAccount(srv.dsn, { email: 'sb@postfach.example', rolle: 'sachbearbeitung', behoerde });
  sbAndere = makeAccount(srv.dsn, { email: 'sb2@postfach.example', rolle: 'sachbearbeitung', behoerde: andere });
  buerger = makeAccount(srv.dsn, { email: 'erika@postfach.example', rolle: 'buerger' });
  buerger2 = makeAccount(srv.dsn, { email: 'max@postfach.example', rolle: 'buerger' });
  koord = makeAccount(srv.dsn, { email: 'koord@postfach.example', rolle: 'koordination', kreis: '08115' });
  const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
  const res = await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, def);
  assert.equal(res.status, 201, res.text);
  antragId = await eingereicht(buerger.token);
});

after(async () => {
  await srv?.stop();
});

describe('the receipt PDF in the mailbox', () => {
  test('the receipt message carries the PDF; its SHA-256 matches the bytes and the application’s PDF', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const m = await api(buerger.token, 'GET', `/api/v1/postfach/${mid}`);
    assert.equal(m.status, 200);
    assert.equal(m.json.anlagen.length, 1, JSON.stringify(m.json.anlagen));
    const al = m.json.anlagen[0];
    assert.equal(al.typ, 'application/pdf');
    assert.match(al.dateiname, /^EB-\d{10}\.pdf$/);
    const dl = await rawGet(buerger.token, `/api/v1/postfach/${mid}/anlagen/${al.sha256}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    assert.equal(dl.body.subarray(0, 5).toString(), '%PDF-');
    assert.equal(sha256(dl.body), al.sha256);
    assert.equal(dl.body.length, al.groesse);
    // made from the stored receipt: the same bytes as the application's PDF
    const pdf = await rawGet(buerger.token, `/api/v1/antraege/${antragId}/eingangsbestaetigung.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(sha256(pdf.body), al.sha256);
    // one attachment row per receipt message
    const [[n]] = sqlRows(srv, `SELECT COUNT(*) FROM nachricht_anlage na JOIN nachricht n ON n.id = na.nachricht_id WHERE n.art = 'eingangsbestaetigung' AND n.antrag_id = ${antragId}`);
    assert.equal(n, '1');
    // nobody else downloads it
    assertProblem(await api(buerger2.token, 'GET', `/api/v1/postfach/${mid}/anlagen/${al.sha256}`), 404);
    assertProblem(await api(sb.token, 'GET', `/api/v1/postfach/${mid}/anlagen/${al.sha256}`), 404);
  });

  test('every acknowledged submission of a citizen has its receipt PDF', async () => {
    const ids = await Promise.all([eingereicht(buerger.token), eingereicht(buerger.token), eingereicht(buerger.token)]);
    // the server's worker attaches them right after the commit, before anyone reads them
    const angehaengt = () => Number(sqlRows(srv, `SELECT COUNT(*) FROM nachricht_anlage na JOIN nachricht n ON n.id = na.nachricht_id WHERE n.art = 'eingangsbestaetigung' AND n.antrag_id IN (${ids.join(',')})`)[0][0]);
    for (let i = 0; i < 100 && angehaengt() < ids.length; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(angehaengt(), ids.length, 'the worker made every PDF');
    for (const id of ids) {
      const mid = await quittungsNachricht(buerger.token, id);
      const m = await api(buerger.token, 'GET', `/api/v1/postfach/${mid}`);
      assert.equal(m.json.anlagen.length, 1);
      const dl = await rawGet(buerger.token, `/api/v1/postfach/${mid}/anlagen/${m.json.anlagen[0].sha256}`);
      assert.equal(sha256(dl.body), m.json.anlagen[0].sha256);
    }
  });

  test('the portal shows and serves the PDF attachment', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const m = await api(buerger.token, 'GET', `/api/v1/postfach/${mid}`);
    const b = await login(client, buerger);
    const page = await b.get(`/postfach/${mid}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`/postfach/${mid}/anlagen/${m.json.anlagen[0].sha256}`), 'a link to the PDF');
    const dl = await rawGet(b, `/postfach/${mid}/anlagen/${m.json.anlagen[0].sha256}`);
    assert.equal(dl.status, 200);
    assert.equal(sha256(dl.body), m.json.anlagen[0].sha256);
  });

  test('a receipt PDF that is missing (a crash before the worker) is made on read, the same bytes', async () => {
    const id = await eingereicht(buerger.token);
    const mid = await quittungsNachricht(buerger.token, id);
    const erst = (await api(buerger.token, 'GET', `/api/v1/postfach/${mid}`)).json.anlagen[0].sha256;
    srv.sql(`DELETE FROM nachricht_anlage WHERE nachricht_id = ${mid}`);
    const m = await api(buerger.token, 'GET', `/api/v1/postfach/${mid}`);
    assert.equal(m.json.anlagen.length, 1);
    assert.equal(m.json.anlagen[0].sha256, erst);
    // stored again, once
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM nachricht_anlage WHERE nachricht_id = ${mid}`)[0][0], '1');
  });
});

describe('replies with attachments', () => {
  test('a reply through the API with a PDF and a PNG; the office sees both', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const res = await postMultipart(buerger.token, `/api/v1/postfach/${mid}/antwort`, [
      { name: 'text', data: 'Anbei der Nachweis.' },
      { name: 'datei', filename: 'nachweis.pdf', type: 'application/pdf', data: PDF },
      { name: 'datei', filename: 'foto.png', type: 'image/png', data: PNG },
    ]);
    assert.equal(res.status, 201, res.text);
    const m = await api(buerger.token, 'GET', `/api/v1/postfach/${res.json.id}`);
    assert.equal(m.json.richtung, 'an_behoerde');
    assert.match(m.json.betreff, /^Antwort: Eingangsbestätigung/);
    assert.deepEqual(m.json.anlagen.map((a) => [a.dateiname, a.typ, a.sha256]).sort(), [
      ['foto.png', 'image/png', sha256(PNG)],
      ['nachweis.pdf', 'application/pdf', sha256(PDF)],
    ]);
    // the office: the messages of the submission, and the bytes
    const list = await api(sb.token, 'GET', `/api/v1/zustellung/eingaenge/${antragId}/nachrichten`);
    assert.equal(list.status, 200, list.text);
    const reply = list.json.items.find((x) => x.id === res.json.id);
    assert.ok(reply, 'the reply is listed for the office');
    assert.equal(reply.anlagen.length, 2);
    const dl = await rawGet(sb.token, `/api/v1/zustellung/eingaenge/${antragId}/anlagen/${sha256(PNG)}`);
    assert.equal(dl.status, 200);
    assert.equal(sha256(dl.body), sha256(PNG));
    // another authority, a coordinator and the citizen do not read through the delivery API
    assertProblem(await api(sbAndere.token, 'GET', `/api/v1/zustellung/eingaenge/${antragId}/nachrichten`), 404);
    assertProblem(await api(koord.token, 'GET', `/api/v1/zustellung/eingaenge/${antragId}/nachrichten`), 404);
    assertProblem(await api(sbAndere.token, 'GET', `/api/v1/zustellung/eingaenge/${antragId}/anlagen/${sha256(PNG)}`), 404);
  });

  test('wrong type by content, too large, too many, no text: refused and nothing stored', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const p = `/api/v1/postfach/${mid}/antwort`;
    const vorher = nachrichten();
    let res = await postMultipart(buerger.token, p, [{ name: 'text', data: 'x' }, { name: 'datei', filename: 'harmlos.pdf', type: 'application/pdf', data: EXE }]);
    assert.match(assertProblem(res, 422).detail, /erkannt am Inhalt/);
    const gross = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024 - PDF.length + 1, 0x20)]);
    res = await postMultipart(buerger.token, p, [{ name: 'text', data: 'x' }, { name: 'datei', filename: 'gross.pdf', data: gross }]);
    assertProblem(res, 413);
    const elf = Array.from({ length: 11 }, (_, i) => ({ name: 'datei', filename: `d${i}.pdf`, data: PDF }));
    res = await postMultipart(buerger.token, p, [{ name: 'text', data: 'x' }, ...elf]);
    assertProblem(res, 413);
    res = await postMultipart(buerger.token, p, [{ name: 'datei', filename: 'a.pdf', data: PDF }]);
    assertProblem(res, 422);
    res = await postMultipart(buerger.token, p, [{ name: 'text', data: 'x' }, { name: 'datei', filename: '', data: PDF }]);
    assert.ok([400, 422].includes(res.status), `a file without a name: ${res.status}`);
    assert.equal(nachrichten(), vorher, 'nothing stored');
  });

  test('a reply in the portal with a file; a wrong type shows the error on the page', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const b = await login(client, buerger);
    const page = await b.get(`/postfach/${mid}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`action="/postfach/${mid}/antwort"`), 'a reply form');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    let m = multipart([{ name: 'csrf', data: csrf }, { name: 'text', data: 'Hier das Foto.' }, { name: 'datei', filename: 'foto.png', type: 'image/png', data: PNG }]);
    let res = await b.request('POST', `/postfach/${mid}/antwort`, { headers: { 'Content-Type': m.type }, body: m.body });
    assert.equal(res.status, 303, res.text.slice(0, 400));
    const neu = res.headers.get('location');
    assert.match(neu, /^\/postfach\/\d+$/);
    const shown = await b.get(neu);
    assert.ok(shown.text.includes('foto.png'));
    const vorher = nachrichten();
    m = multipart([{ name: 'csrf', data: csrf }, { name: 'text', data: 'Noch eins.' }, { name: 'datei', filename: 'x.pdf', data: EXE }]);
    res = await b.request('POST', `/postfach/${mid}/antwort`, { headers: { 'Content-Type': m.type }, body: m.body });
    assert.equal(res.status, 422);
    assert.match(res.text, /Bitte prüfen Sie Ihre Angaben/);
    assert.match(res.text, /href="#f-datei"/);
    assert.match(res.text, /Noch eins\./, 'the text entered stays');
    assert.equal(nachrichten(), vorher);
    // without a token nothing happens
    m = multipart([{ name: 'text', data: 'ohne Token' }]);
    res = await b.request('POST', `/postfach/${mid}/antwort`, { headers: { 'Content-Type': m.type }, body: m.body });
    assert.equal(res.status, 403);
  });

  test('another citizen and staff cannot reply to the message', async () => {
    const mid = await quittungsNachricht(buerger.token, antragId);
    const parts = [{ name: 'text', data: 'x' }];
    assertProblem(await postMultipart(buerger2.token, `/api/v1/postfach/${mid}/antwort`, parts), 404);
    assertProblem(await postMultipart(sb.token, `/api/v1/postfach/${mid}/antwort`, parts), 404);
    assertProblem(await postMultipart(koord.token, `/api/v1/postfach/${mid}/antwort`, parts), 404);
  });
});

describe('authorization comes before the body', () => {
  test('callers without the right get 403/404 even for a broken body', async () => {
    const draft = await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN });
    const id = draft.json.id;
    const mid = await quittungsNachricht(buerger.token, antragId);
    const broken = '{"kaputt": ';
    assertProblem(await api(sb.token, 'POST', '/api/v1/antraege', broken), 403);
    assertProblem(await api(koord.token, 'POST', '/api/v1/antraege', broken), 403);
    assertProblem(await api(buerger2.token, 'PUT', `/api/v1/antraege/${id}/daten`, broken), 404);
    assertProblem(await api(sb.token, 'PUT', `/api/v1/antraege/${id}/daten`, broken), 404);
    const kaputt = { headers: { Authorization: `Bearer ${buerger2.token}`, 'Content-Type': 'multipart/form-data' }, body: 'x' };
    assertProblem(await client.request('POST', `/api/v1/antraege/${id}/anlagen`, kaputt), 404);
    assertProblem(await api(buerger2.token, 'POST', `/api/v1/antraege/${antragId}/nachrichten`, broken), 404);
    assertProblem(await client.request('POST', `/api/v1/postfach/${mid}/antwort`, kaputt), 404);
    assertProblem(await api(sbAndere.token, 'POST', `/api/v1/zustellung/eingaenge/${antragId}/status`, broken), 404);
    assertProblem(await api(koord.token, 'POST', `/api/v1/zustellung/eingaenge/${antragId}/status`, broken), 404);
    assertProblem(await api(buerger.token, 'POST', `/api/v1/zustellung/eingaenge/${antragId}/status`, broken), 404);
    const kaputtSb = { headers: { Authorization: `Bearer ${sbAndere.token}`, 'Content-Type': 'multipart/form-data' }, body: 'x' };
    assertProblem(await client.request('POST', `/api/v1/zustellung/eingaenge/${antragId}/nachrichten`, kaputtSb), 404);
    assertProblem(await api(sb.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=vielleicht`, broken), 403);
    // the right caller still gets the validation answer
    assertProblem(await api(buerger.token, 'PUT', `/api/v1/antraege/${id}/daten`, broken), 400);
    assertProblem(await api(sb.token, 'POST', `/api/v1/zustellung/eingaenge/${antragId}/status`, broken), 400);
    assertProblem(await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=vielleicht`, broken), 400);
  });
});

describe('anonymous drafts', () => {
  let anonym = [];

  test('an address may start 20 anonymous drafts an hour; then 429 with Retry-After', async () => {
    const b = new Browser(client);
    for (let i = 0; i < 20; i++) {
      const res = await b.submit(`/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`, '/antrag/neu', { leistung: HUND, ort: BOEBLINGEN });
      assert.equal(res.status, 303, `draft ${i + 1}: ${res.status}`);
      anonym.push(Number(/\/antrag\/(\d+)\//.exec(res.headers.get('location'))[1]));
    }
    const vorher = sqlRows(srv, 'SELECT COUNT(*) FROM antrag WHERE konto_id IS NULL')[0][0];
    const res = await b.submit(`/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`, '/antrag/neu', { leistung: HUND, ort: BOEBLINGEN });
    assert.equal(res.status, 429);
    const ra = Number(res.headers.get('retry-after'));
    assert.ok(ra > 0 && ra <= 3600, `Retry-After ${res.headers.get('retry-after')}`);
    assert.match(res.text, /zu viele Anträge ohne Konto/);
    // a script asking for JSON gets a German problem+json
    const csrf = await b.csrf(`/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`);
    const pj = await b.request('POST', '/antrag/neu', { headers: { Accept: 'application/problem+json' }, form: { csrf, leistung: HUND, ort: BOEBLINGEN } });
    assert.equal(pj.status, 429);
    assert.match(pj.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(pj.json.status, 429);
    assert.equal(pj.json.title, 'Zu viele Anfragen');
    assert.match(pj.json.detail, /später noch einmal/);
    assert.ok(Number(pj.headers.get('retry-after')) > 0);
    assert.equal(sqlRows(srv, 'SELECT COUNT(*) FROM antrag WHERE konto_id IS NULL')[0][0], vorher, 'nothing stored');
    // the counter is a keyed hash, never the address
    const keys = sqlRows(srv, "SELECT schluessel FROM anmeldeversuch WHERE schluessel LIKE 'd:%'").map((r) => r[0]);
    assert.equal(keys.length, 1);
    assert.ok(!keys[0].includes('127.0.0.1'));
    // a citizen with an account is not held back by it
    const acc = await login(client, buerger2);
    const ok = await acc.submit(`/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`, '/antrag/neu', { leistung: HUND, ort: BOEBLINGEN });
    assert.equal(ok.status, 303);
  });

  test('the cleanup deletes old anonymous drafts with their own files, and nothing else', async () => {
    assert.ok(anonym.length >= 2);
    const [alt, jung] = anonym;
    const eigen = (await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN })).json.id;
    const [[b]] = sqlRows(srv, `SELECT behoerde_id FROM antrag WHERE id = ${alt}`);
    const nurAlt = 'a'.repeat(64), geteilt = 'b'.repeat(64);
    srv.sql(`INSERT INTO blob (behoerde_id, sha256, groesse, typ, inhalt, erstellt) VALUES (${b}, '${nurAlt}', 3, 'text/plain', 'abc', 1), (${b}, '${geteilt}', 3, 'text/plain', 'def', 1)`);
    srv.sql(`INSERT INTO anlage (behoerde_id, antrag_id, sha256, dateiname, typ, groesse, erstellt) VALUES (${b}, ${alt}, '${nurAlt}', 'a.txt', 'text/plain', 3, 1), (${b}, ${alt}, '${geteilt}', 'b.txt', 'text/plain', 3, 1), (${b}, ${jung}, '${geteilt}', 'b.txt', 'text/plain', 3, 1)`);
    const alt31 = Math.floor(Date.now() / 1000) - 31 * 86400;
    // old: one anonymous draft, a citizen's draft and a submitted application
    srv.sql(`UPDATE antrag SET geaendert = ${alt31} WHERE id IN (${alt}, ${eigen}, ${antragId})`);
    const out = run(BIN, ['aufraeumen', '--db', srv.dsn]);
    assert.match(out, /^1 verwaiste Entwürfe ohne Konto und 1 Dateien gelöscht$/m, out);
    const ids = (where) => sqlRows(srv, `SELECT id FROM antrag WHERE ${where} ORDER BY id`).map((r) => Number(r[0]));
    assert.deepEqual(ids(`id = ${alt}`), [], 'the old anonymous draft is gone');
    assert.deepEqual(ids(`id IN (${jung}, ${eigen}, ${antragId})`), [antragId, jung, eigen].sort((x, y) => x - y));
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM anlage WHERE antrag_id = ${alt}`)[0][0], '0');
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM blob WHERE sha256 = '${nurAlt}'`)[0][0], '0', 'its own file is gone');
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM blob WHERE sha256 = '${geteilt}'`)[0][0], '1', 'a shared file stays');
    // the submitted application is whole: receipt, mailbox PDF
    const g = await api(buerger.token, 'GET', `/api/v1/antraege/${antragId}`);
    assert.equal(g.status, 200);
    const pdf = await rawGet(buerger.token, `/api/v1/antraege/${antragId}/eingangsbestaetigung.pdf`);
    assert.equal(pdf.status, 200);
    // again: nothing left to do
    assert.match(run(BIN, ['aufraeumen', '--db', srv.dsn]), /^0 verwaiste Entwürfe ohne Konto und 0 Dateien gelöscht$/m);
  });
});
