// antrag-portal.test.mjs — the citizen's pages of online applications over real HTTP, as a
// browser without JavaScript uses them: the entry page the demo links to, steps with
// server-side checks and the KERN error summary linking to each field, drafts kept at every
// step, the private resume link, repeatable groups with add/remove, conditional fields, an
// upload, the summary, submitting twice (one application), the receipt page and PDF,
// withdrawal, CSRF, and the logged-in citizen's list of applications and mailbox.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { connect } from './lib/client.mjs';
import { REPO, startServer } from './lib/server.mjs';
import { Browser, login, makeAccount, sqlRows } from './konto-helfer.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n');

let srv, client;

function csrfOf(html) {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  assert.ok(m, 'no CSRF field on the page');
  return m[1];
}

function unescapeAttr(s) {
  return s.replace(/&#61;/g, '=').replace(/&amp;/g, '&');
}

function actionOf(html) {
  const m = /<form class="antrag-form" method="post" action="([^"]+)"/.exec(html);
  assert.ok(m, 'no step form');
  return unescapeAttr(m[1]);
}

function multipart(fields, files = []) {
  const boundary = '----rathausPortal' + crypto.randomBytes(6).toString('hex');
  const chunks = [];
  for (const [name, value] of fields) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type || 'application/octet-stream'}\r\n\r\n`));
    chunks.push(f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.concat(chunks) };
}

async function post(b, action, fields, files) {
  const m = multipart(fields, files);
  return b.request('POST', action, m);
}

const schritt0 = [
  ['vorname', 'Erika'], ['familienname', 'Mustermann'], ['geburtsdatum', '1980-05-17'],
  ['anschrift.strasse', 'Marktplatz'], ['anschrift.hausnummer', '1'], ['anschrift.plz', '71032'], ['anschrift.ort', 'Böblingen'],
];
const hund0 = [['hunde.0.name', 'Bello'], ['hunde.0.rasse', 'Mischling'], ['hunde.0.geschlecht', 'ruede'], ['hunde.0.haltung_seit', '2026-01-02']];
const schritt2 = [['ermaessigung', 'keine'], ['lastschrift', 'ja'], ['kontoinhaber', 'Erika Mustermann'],
  ['iban', 'DE89 3704 0044 0532 0130 00'], ['sepa_mandat', 'ja'], ['richtigkeit', 'ja']];

/** Starts an application through the entry page; returns { b, step0 (URL with ?k= when anonymous) }. */
async function beginnen(b) {
  const start = await b.get(`/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`);
  assert.equal(start.status, 200, start.text.slice(0, 300));
  assert.match(start.text, /Antrag beginnen/);
  const res = await b.request('POST', '/antrag/neu', { form: { csrf: csrfOf(start.text), leistung: HUND, ort: BOEBLINGEN } });
  assert.equal(res.status, 303, res.text.slice(0, 300));
  return res.headers.get('location');
}

before(async () => {
  srv = await startServer({ label: 'antrag-portal' });
  client = await connect(srv);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  const admin = makeAccount(srv.dsn, { email: 'admin@portal.example', rolle: 'behoerdenadmin', behoerde: z.items[0].behoerde_id });
  const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
  const res = await client.request('POST', `/api/v1/behoerden/${z.items[0].behoerde_id}/formulare?veroeffentlichen=true`, {
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' }, body: def });
  assert.equal(res.status, 201, res.text);
});

after(async () => {
  await srv?.stop();
});

describe('portal: applying without an account', () => {
  test('the whole way: steps, errors, groups, upload, summary, submit twice, receipt', async () => {
    const b = new Browser(client);
    const step0 = await beginnen(b);
    assert.match(step0, /^\/antrag\/\d+\/schritt\/0\?k=[A-Za-z0-9_-]{43}$/);
    const id = Number(/\/antrag\/(\d+)\//.exec(step0)[1]);
    const k = /k=([^&]+)/.exec(step0)[1];

    // step 1 with errors: 422, a summary that links to each field, nothing saved
    let page = await b.get(step0);
    assert.equal(page.status, 200);
    assert.match(page.text, /Ihr privater Link zum Fortsetzen/);
    let res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['vorname', 'Erika'], ['geburtsdatum', '2999-01-01'], ['aktion', 'weiter']]);
    assert.equal(res.status, 422);
    assert.match(res.text, /class="kern-alert kern-alert--danger fehlerliste"/);
    for (const id_ of ['f-familienname', 'f-geburtsdatum', 'f-anschrift-strasse']) {
      assert.ok(res.text.includes(`href="#${id_}"`), `error summary links to ${id_}`);
      assert.ok(res.text.includes(`id="${id_}"`), `field ${id_} exists`);
    }
    assert.ok(res.text.includes('value="Erika"'), 'what was typed is shown again');
    assert.equal(sqlRows(srv, `SELECT daten FROM antrag_daten WHERE antrag_id = ${id}`)[0][0], '{}');

    // a CSRF-less post changes nothing
    res = await post(b, actionOf(page.text), [...schritt0, ['aktion', 'weiter']]);
    assert.equal(res.status, 403);
    assert.equal(sqlRows(srv, `SELECT daten FROM antrag_daten WHERE antrag_id = ${id}`)[0][0], '{}');

    // step 1 right: saved, on to step 2
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ...schritt0, ['aktion', 'weiter']]);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/antrag/${id}/schritt/1?k=${k}`);
    assert.match(sqlRows(srv, `SELECT daten FROM antrag_daten WHERE antrag_id = ${id}`)[0][0], /"vorname":"Erika"/);

    // step 2: one dog to start with; add a second, remove it again
    page = await b.get(`/antrag/${id}/schritt/1?k=${k}`);
    assert.match(page.text, /name="hunde.anzahl" value="1"/);
    assert.match(page.text, /Nur nötig, wenn „Gehört der Hund/);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '1'], ...hund0, ['aktion', 'neu:hunde']]);
    assert.equal(res.status, 303);
    page = await b.get(res.headers.get('location').split('#')[0]);
    assert.match(page.text, /name="hunde.anzahl" value="2"/);
    assert.match(page.text, /Hund 2 entfernen/);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '2'], ...hund0, ['hunde.1.name', 'Rex'], ['aktion', 'weg:hunde.1']]);
    assert.equal(res.status, 303);
    page = await b.get(res.headers.get('location').split('#')[0]);
    assert.match(page.text, /name="hunde.anzahl" value="1"/);
    assert.ok(page.text.includes('value="Bello"'));

    // a required file under a condition: refused without, accepted with the upload
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '1'], ...hund0, ['hunde.0.kampfhund', 'ja'], ['aktion', 'weiter']]);
    assert.equal(res.status, 422);
    assert.ok(res.text.includes('href="#f-hunde-0-wesenstest"'));
    // a wrong type is refused by content, whatever the name says
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '1'], ...hund0, ['hunde.0.kampfhund', 'ja'], ['aktion', 'weiter']],
      [{ name: 'hunde.0.wesenstest', filename: 'test.pdf', type: 'application/pdf', data: Buffer.from('kein PDF\n') }]);
    assert.equal(res.status, 422);
    assert.match(res.text, /nicht erlaubt \(erkannt am Inhalt\)/);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '1'], ...hund0, ['hunde.0.kampfhund', 'ja'], ['aktion', 'weiter']],
      [{ name: 'hunde.0.wesenstest', filename: 'wesenstest.pdf', type: 'application/pdf', data: PDF }]);
    assert.equal(res.status, 303, res.text.slice(0, 2000));
    assert.equal(res.headers.get('location'), `/antrag/${id}/schritt/2?k=${k}`);

    // step 3, then the summary
    page = await b.get(`/antrag/${id}/schritt/2?k=${k}`);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ...schritt2, ['aktion', 'weiter']]);
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/antrag/${id}/pruefen?k=${k}`);
    const sum = await b.get(`/antrag/${id}/pruefen?k=${k}`);
    assert.equal(sum.status, 200);
    for (const s of ['Erika', 'Bello', 'wesenstest.pdf', 'DE89370400440532013000', '17.05.1980', 'Rüde']) assert.ok(sum.text.includes(s), `summary shows ${s}`);
    assert.ok(!/fehlerliste/.test(sum.text), 'no errors on the summary');

    // double click: the same form sent twice → one application, one receipt
    const schluessel = /name="schluessel" value="([^"]+)"/.exec(sum.text)[1];
    const form = { csrf: csrfOf(sum.text), schluessel };
    const action = unescapeAttr(/action="(\/antrag\/\d+\/einreichen[^"]*)"/.exec(sum.text)[1]);
    const [r1, r2] = await Promise.all([b.request('POST', action, { form }), b.request('POST', action, { form })]);
    assert.equal(r1.status, 303);
    assert.equal(r2.status, 303);
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM eingangsbestaetigung WHERE antrag_id = ${id}`)[0][0], '1');
    const status = await b.get(`/antrag/${id}?k=${k}&eingereicht=1`);
    assert.equal(status.status, 200);
    assert.match(status.text, /Ihr Antrag ist eingegangen/);
    assert.match(status.text, /EB-\d{10}/);
    const sha = sqlRows(srv, `SELECT sha256 FROM eingangsbestaetigung WHERE antrag_id = ${id}`)[0][0];
    assert.ok(status.text.includes(sha));
    const pdf = await b.get(`/antrag/${id}/eingangsbestaetigung.pdf?k=${k}`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');

    // without the link, or with a wrong one: nothing to see
    const other = new Browser(client);
    assert.equal((await other.get(`/antrag/${id}`)).status, 401);
    assert.equal((await other.get(`/antrag/${id}?k=${'A'.repeat(43)}`)).status, 404);
    assert.equal((await other.get(`/antrag/${id}/eingangsbestaetigung.pdf`)).status, 401);

    // after submitting, the steps lead to the status page
    assert.equal((await b.get(`/antrag/${id}/schritt/0?k=${k}`)).status, 303);

    // withdraw: needs the confirmation
    let w = await b.request('POST', `/antrag/${id}/zurueckziehen?k=${k}`, { form: { csrf: csrfOf(status.text) } });
    assert.equal(w.status, 303);
    assert.match(w.headers.get('location'), /hinweis=1/);
    w = await b.request('POST', `/antrag/${id}/zurueckziehen?k=${k}`, { form: { csrf: csrfOf(status.text), sicher: 'ja' } });
    assert.equal(w.status, 303);
    const after = await b.get(`/antrag/${id}?k=${k}`);
    assert.match(after.text, /Zurückgezogen/);
  });

  test('the entry page asks for the place when the link has none or a district', async () => {
    const b = new Browser(client);
    let res = await b.get(`/antrag/neu?leistung=${HUND}`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Ort, Postleitzahl oder Gemeindeschlüssel/);
    res = await b.get(`/antrag/neu?leistung=${HUND}&ort=Nirgendwo-am-See`);
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#f-ort"/);
    res = await b.get(`/antrag/neu?leistung=${HUND}&ort=B%C3%B6blingen`);
    assert.equal(res.status, 200);
    assert.match(res.text, /Antrag beginnen/);
    res = await b.get('/antrag/neu?leistung=99999999999999&ort=08115003');
    assert.equal(res.status, 404);
  });
});

describe('portal: applying with an account', () => {
  test('drafts in the account, list of applications, receipt in the mailbox', async () => {
    const acc = makeAccount(srv.dsn, { email: 'buerger@portal.example', rolle: 'buerger' });
    const b = await login(client, acc);
    const step0 = await beginnen(b);
    assert.match(step0, /^\/antrag\/\d+\/schritt\/0$/, 'no private link with an account');
    const id = Number(/\/antrag\/(\d+)\//.exec(step0)[1]);
    let page = await b.get(step0);
    assert.ok(!page.text.includes('privater Link'));
    // save and continue later
    let res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['vorname', 'Max'], ['aktion', 'speichern']]);
    assert.equal(res.status, 303);
    const list = await b.get('/antraege');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`/antrag/${id}`));
    assert.match(list.text, /Entwurf/);
    page = await b.get(step0);
    assert.ok(page.text.includes('value="Max"'));
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ...schritt0, ['aktion', 'weiter']]);
    assert.equal(res.status, 303);
    page = await b.get(`/antrag/${id}/schritt/1`);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['hunde.anzahl', '1'], ...hund0, ['hunde.0.kampfhund', 'nein'], ['aktion', 'weiter']]);
    assert.equal(res.status, 303);
    page = await b.get(`/antrag/${id}/schritt/2`);
    res = await post(b, actionOf(page.text), [['csrf', csrfOf(page.text)], ['ermaessigung', 'keine'], ['lastschrift', 'nein'], ['richtigkeit', 'ja'], ['aktion', 'weiter']]);
    assert.equal(res.status, 303);
    const sum = await b.get(`/antrag/${id}/pruefen`);
    const schluessel = /name="schluessel" value="([^"]+)"/.exec(sum.text)[1];
    res = await b.request('POST', `/antrag/${id}/einreichen`, { form: { csrf: csrfOf(sum.text), schluessel } });
    assert.equal(res.status, 303);
    const post_ = await b.get('/postfach');
    assert.equal(post_.status, 200);
    assert.match(post_.text, /Eingangsbestätigung: Hund anmelden/);
    const mid = /href="\/postfach\/(\d+)"/.exec(post_.text)[1];
    const msg = await b.get(`/postfach/${mid}`);
    assert.equal(msg.status, 200);
    assert.match(msg.text, /EB-\d{10}/);
    const pdfLink = /href="(\/antrag\/\d+\/eingangsbestaetigung\.pdf)"/.exec(msg.text);
    assert.ok(pdfLink, 'the receipt message links its PDF');
    const pdf = await b.get(pdfLink[1]);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    // someone else's browser sees neither
    const other = await login(client, makeAccount(srv.dsn, { email: 'andere@portal.example', rolle: 'buerger' }));
    assert.equal((await other.get(`/postfach/${mid}`)).status, 404);
    assert.equal((await other.get(`/antrag/${id}`)).status, 404);
  });
});
