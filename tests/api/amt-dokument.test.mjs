// amt-dokument.test.mjs — documents of cases with immutable versions (upload, versions,
// download bytes equal with SHA-256, final), the text extraction (`rathaus texte`: plain text,
// a PDF with text made here by hand, an image through tesseract) and the full-text search over
// it (ranked, excerpt, query syntax never reaches the index), decisions (free text and template,
// co-signing: the drafter cannot co-sign, a second clerk can; sending files the PDF as a final
// document, puts it into the citizen's Postfach and decides the case and the application), and
// separation: another authority's clerk gets 404, koordination and ministerium see nothing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Client, assertProblem, connect } from './lib/client.mjs';
import { BIN, OUT, REPO, run, startServer } from './lib/server.mjs';
import { login, makeAccount, sqlRows } from './konto-helfer.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const EXE = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1');

let srv, client, akteClient, behoerde, andere, admin, sb, sb2, sbAndere, buerger, koord, mini;
let plan, akteId, vorgangHand, antragId, vorgangAntrag, oeId;

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

function api(token, method, p, json) {
  const h = {};
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) h['Content-Type'] = 'application/json';
  return client.request(method, p, { headers: h, body: json === undefined ? undefined : JSON.stringify(json) });
}

/** The case endpoints of the Amt face (another module; checked by its own tests and schema). */
function akteApi(token, method, p, json) {
  return akteClient.request(method, p, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
}

function multipart(parts) {
  const boundary = '----rathausDok' + crypto.randomBytes(6).toString('hex');
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

function upload(token, p, parts) {
  const m = multipart(parts);
  return client.request('POST', p, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': m.type }, body: m.body });
}

/** GET with the raw bytes of the body. */
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

/** A one-page PDF whose text layer holds `zeilen` (Helvetica), with a correct xref table. */
function pdfMitText(zeilen, size = 18) {
  const esc = (s) => s.replace(/[\\()]/g, (c) => '\\' + c);
  const stream = zeilen.map((z, i) => `BT /F1 ${size} Tf 72 ${760 - i * (size + 12)} Td (${esc(z)}) Tj ET`).join('\n');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offs = [];
  objs.forEach((o, i) => {
    offs.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  out += offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
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

function texte() {
  return run(BIN, ['texte', '--db', srv.dsn]);
}

before(async () => {
  srv = await startServer({ label: 'amt-dokument' });
  client = await connect(srv);
  akteClient = new Client(srv.base, null);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  behoerde = z.items[0].behoerde_id;
  const alle = await client.json('/api/v1/behoerden?ort=08115');
  andere = alle.items.map((b) => b.id).find((id) => id !== behoerde);
  admin = makeAccount(srv.dsn, { email: 'admin@dok.example', rolle: 'behoerdenadmin', behoerde });
  sb = makeAccount(srv.dsn, { email: 'sb@dok.example', rolle: 'sachbearbeitung', behoerde });
  sb2 = makeAccount(srv.dsn, { email: 'sb2@dok.example', rolle: 'sachbearbeitung', behoerde });
  sbAndere = makeAccount(srv.dsn, { email: 'sb-andere@dok.example', rolle: 'sachbearbeitung', behoerde: andere });
  buerger = makeAccount(srv.dsn, { email: 'erika@dok.example', rolle: 'buerger' });
  koord = makeAccount(srv.dsn, { email: 'koord@dok.example', rolle: 'koordination', kreis: '08115' });
  mini = makeAccount(srv.dsn, { email: 'mini@dok.example', rolle: 'ministerium' });
  const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
  const res = await client.request('POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, {
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
    body: def,
  });
  assert.equal(res.status, 201, res.text);
  // the citizen applies; the application lands in the office's inbox
  const a = await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN });
  assert.equal(a.status, 201, a.text);
  antragId = a.json.id;
  assert.equal((await api(buerger.token, 'PUT', `/api/v1/antraege/${antragId}/daten`, antworten())).status, 200);
  const e = await client.request('POST', `/api/v1/antraege/${antragId}/einreichen`, {
    headers: { Authorization: `Bearer ${buerger.token}`, 'Idempotency-Key': `dok-${antragId}` },
  });
  assert.equal(e.status, 201, e.text);
  const [[eingang, oe]] = sqlRows(srv, `SELECT id, oe_id FROM eingang WHERE antrag_id = ${antragId}`);
  oeId = Number(oe);
  [[plan]] = sqlRows(srv, `SELECT id FROM aktenplan WHERE behoerde_id = ${behoerde} AND is_aktiv = 1 ORDER BY length(kennzeichen) DESC, id LIMIT 1`);
  const akte = await akteApi(sb.token, 'POST', '/api/v1/akten', { aktenplan: Number(plan), oe_id: oeId, titel: 'Hundesteuer 2026' });
  assert.equal(akte.status, 201, akte.text);
  akteId = akte.json.id;
  const v = await akteApi(sb.token, 'POST', '/api/v1/vorgaenge', { akte: akteId, betreff: 'Ortstermin Marktplatz' });
  assert.equal(v.status, 201, v.text);
  vorgangHand = v.json.id;
  const u = await akteApi(sb.token, 'POST', `/api/v1/posteingang/${eingang}/uebernehmen`, { akte: akteId });
  assert.ok(u.status === 200 || u.status === 201, u.text);
  [[vorgangAntrag]] = sqlRows(srv, `SELECT id FROM vorgang WHERE antrag_id = ${antragId}`);
  vorgangAntrag = Number(vorgangAntrag);
});

after(async () => {
  await srv?.stop();
});

describe('documents and versions', () => {
  let dokId;

  test('upload, a new version, and both versions download with their own bytes', async () => {
    const v1 = Buffer.from('Erster Entwurf des Vermerks zum Ortstermin.\n');
    const v2 = Buffer.from('Zweiter Entwurf: der Zaun am Marktplatz fehlt.\n');
    const res = await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [
      { name: 'titel', data: 'Vermerk Ortstermin' },
      { name: 'art', data: 'vermerk' },
      { name: 'datei', filename: '../../etc/Ortstermin "neu".txt', type: 'application/x-evil', data: v1 },
    ]);
    assert.ok([400, 422].includes(res.status), `a quote in the file name is refused: ${res.status}`);
    const ok = await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [
      { name: 'titel', data: 'Vermerk Ortstermin' },
      { name: 'art', data: 'vermerk' },
      { name: 'datei', filename: '../../etc/Ortstermin äü.txt', type: 'application/x-evil', data: v1 },
    ]);
    assert.equal(ok.status, 201, ok.text);
    dokId = ok.json.id;
    assert.equal(ok.json.version, 1);
    assert.equal(ok.json.typ, 'text/plain', 'the type comes from the content, not the part header');
    assert.equal(ok.json.dateiname, 'Ortstermin äü.txt', 'the path is cut');
    assert.equal(ok.json.sha256, sha256(v1));
    assert.equal(ok.json.text_status, 'offen');
    const neu = await upload(sb2.token, `/api/v1/dokumente/${dokId}/versionen`, [{ name: 'datei', filename: 'ortstermin-v2.txt', data: v2 }]);
    assert.equal(neu.status, 201, neu.text);
    assert.equal(neu.json.version, 2);
    const list = await api(sb.token, 'GET', `/api/v1/dokumente/${dokId}/versionen`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.items.map((x) => x.version), [1, 2]);
    for (const [n, bytes] of [[1, v1], [2, v2]]) {
      const dl = await rawGet(sb.token, `/api/v1/dokumente/${dokId}/versionen/${n}/inhalt`);
      assert.equal(dl.status, 200);
      assert.ok(dl.body.equals(bytes), `version ${n} has its own bytes`);
      assert.equal(sha256(dl.body), list.json.items[n - 1].sha256);
      assert.match(dl.headers['content-type'], /^text\/plain/);
      assert.match(dl.headers['content-disposition'], /^attachment; filename="anlage"; filename\*=UTF-8''/);
      assert.equal(dl.headers['x-content-type-options'], 'nosniff');
    }
    assertProblem(await api(sb.token, 'GET', `/api/v1/dokumente/${dokId}/versionen/3/inhalt`), 404);
    const d = await api(sb.token, 'GET', `/api/v1/dokumente/${dokId}`);
    assert.equal(d.json.version, 2);
    assert.equal(d.json.dateiname, 'ortstermin-v2.txt');
    const docs = await api(sb.token, 'GET', `/api/v1/vorgaenge/${vorgangHand}/dokumente`);
    assert.ok(docs.json.items.some((x) => x.id === dokId));
    // downloads and changes are in the audit log
    const [[gelesen]] = sqlRows(srv, `SELECT COUNT(*) FROM protokoll WHERE aktion = 'dokument_gelesen' AND objekt_id = '${dokId}'`);
    assert.equal(gelesen, '2');
    const [[angelegt]] = sqlRows(srv, `SELECT COUNT(*) FROM protokoll WHERE aktion IN ('dokument_angelegt', 'dokument_version_angelegt') AND objekt_id = '${dokId}'`);
    assert.equal(angelegt, '2');
    // versions are immutable in the database, too
    assert.throws(() => srv.sql(`UPDATE dokument_version SET dateiname = 'x' WHERE dokument_id = ${dokId}`));
  });

  test('a final document takes no further version', async () => {
    const f = await api(sb.token, 'POST', `/api/v1/dokumente/${dokId}/final`);
    assert.equal(f.status, 200, f.text);
    assert.equal(f.json.final, true);
    assertProblem(await api(sb.token, 'POST', `/api/v1/dokumente/${dokId}/final`), 409);
    const res = await upload(sb.token, `/api/v1/dokumente/${dokId}/versionen`, [{ name: 'datei', filename: 'v3.txt', data: 'drei' }]);
    assertProblem(res, 409);
    const list = await api(sb.token, 'GET', `/api/v1/dokumente/${dokId}/versionen`);
    assert.equal(list.json.items.length, 2);
  });

  test('bad uploads are refused and nothing is stored', async () => {
    const before = sqlRows(srv, 'SELECT COUNT(*) FROM dokument')[0][0];
    assertProblem(await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'datei', filename: 'x.exe', data: EXE }]), 422, { parameter: 'datei' });
    assertProblem(await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'datei', filename: 'leer.txt', data: '' }]), 422);
    assertProblem(await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'titel', data: 'ohne Datei' }]), 400);
    assertProblem(await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [
      { name: 'art', data: 'geheim' },
      { name: 'datei', filename: 'a.txt', data: 'Text' },
    ]), 422, { parameter: 'art' });
    assertProblem(await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangHand}/dokumente`, { titel: 'json' }), 400);
    assert.equal(sqlRows(srv, 'SELECT COUNT(*) FROM dokument')[0][0], before);
  });

  test('another authority, koordination and ministerium see no document', async () => {
    for (const who of [sbAndere, koord, mini]) {
      assertProblem(await api(who.token, 'GET', `/api/v1/dokumente/${dokId}`), 404);
      assertProblem(await api(who.token, 'GET', `/api/v1/dokumente/${dokId}/versionen`), 404);
      assertProblem(await api(who.token, 'GET', `/api/v1/dokumente/${dokId}/versionen/1/inhalt`), 404);
      assertProblem(await api(who.token, 'GET', `/api/v1/vorgaenge/${vorgangHand}/dokumente`), 404);
      const res = await upload(who.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'datei', filename: 'a.txt', data: 'x' }]);
      assertProblem(res, 404);
    }
    assertProblem(await api(buerger.token, 'GET', `/api/v1/dokumente/${dokId}`), 404);
    assertProblem(await api(null, 'GET', `/api/v1/dokumente/${dokId}`), 401);
  });
});

describe('text extraction and full-text search', () => {
  let pdfId;

  test('a PDF made here is found by a word of its text after `rathaus texte`', async () => {
    const pdf = pdfMitText(['Gutachten zur Wasserleitung', 'Der Hydrant am Marktplatz ist undicht.']);
    const res = await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [
      { name: 'titel', data: 'Gutachten Stadtwerke' },
      { name: 'datei', filename: 'gutachten.pdf', data: pdf },
    ]);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.typ, 'application/pdf');
    pdfId = res.json.id;
    // the title is searchable at once, the text after the extraction
    let s = await api(sb.token, 'GET', '/api/v1/suche?q=Stadtwerke');
    assert.ok(s.json.items.some((x) => x.objekt_typ === 'dokument' && x.objekt_id === pdfId));
    s = await api(sb.token, 'GET', '/api/v1/suche?q=Hydrant');
    assert.ok(!s.json.items.some((x) => x.objekt_id === pdfId && x.objekt_typ === 'dokument'));
    assert.match(texte(), /gelesen/);
    s = await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent('hydrant undicht')}`);
    assert.equal(s.status, 200);
    const hit = s.json.items.find((x) => x.objekt_typ === 'dokument' && x.objekt_id === pdfId);
    assert.ok(hit, JSON.stringify(s.json));
    assert.equal(hit.vorgang_id, vorgangHand);
    assert.equal(hit.akte_id, akteId);
    assert.match(hit.ausschnitt, /Hydrant/);
    assert.ok(!/[\x00-\x08]/.test(hit.ausschnitt), 'no marks left in the excerpt');
    assert.ok(hit.treffer.some((t) => /hydrant/i.test(t)), JSON.stringify(hit));
    const v = await api(sb.token, 'GET', `/api/v1/dokumente/${pdfId}/versionen`);
    assert.equal(v.json.items[0].text_status, 'fertig');
    const [[quelle]] = sqlRows(srv, `SELECT t.quelle FROM dokument_text t JOIN dokument_version v ON v.id = t.version_id WHERE v.dokument_id = ${pdfId}`);
    assert.equal(quelle, 'pdftotext');
    // the plain text of the first document was read as well
    s = await api(sb.token, 'GET', '/api/v1/suche?q=Zaun');
    assert.ok(s.json.items.some((x) => x.objekt_typ === 'dokument'), 'the text of version 2 is found');
  });

  test('an image with text goes through OCR (tesseract)', async (t) => {
    const have = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
    if (have.error || !/\bdeu\b/.test(`${have.stdout}${have.stderr}`)) {
      t.skip('tesseract with German (tesseract-ocr-deu) is not installed');
      return;
    }
    const dir = fs.mkdtempSync(path.join(OUT, 'ocr-'));
    const pdf = path.join(dir, 'scan.pdf');
    fs.writeFileSync(pdf, pdfMitText(['Grundsteuerbescheid', 'Flurstueck Lindenweg'], 36));
    const r = spawnSync('pdftoppm', ['-r', '150', '-gray', '-png', '-singlefile', pdf, path.join(dir, 'scan')]);
    if (r.error) {
      t.skip('pdftoppm (poppler-utils) is not installed to make the test image');
      return;
    }
    const png = fs.readFileSync(path.join(dir, 'scan.png'));
    const res = await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'datei', filename: 'scan.png', data: png }]);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.typ, 'image/png');
    texte();
    const [[status, quelle]] = sqlRows(srv, `SELECT t.status, t.quelle FROM dokument_text t JOIN dokument_version v ON v.id = t.version_id WHERE v.dokument_id = ${res.json.id}`);
    assert.equal(status, 'fertig');
    assert.equal(quelle, 'ocr');
    const s = await api(sb.token, 'GET', '/api/v1/suche?q=Lindenweg');
    assert.ok(s.json.items.some((x) => x.objekt_typ === 'dokument' && x.objekt_id === res.json.id), JSON.stringify(s.json));
  });

  test('the server reads the text by itself in the background', async () => {
    const res = await upload(sb.token, `/api/v1/vorgaenge/${vorgangHand}/dokumente`, [{ name: 'datei', filename: 'hintergrund.txt', data: 'Die Straßenlaterne flackert seit Dienstag.' }]);
    assert.equal(res.status, 201, res.text);
    let status;
    for (let i = 0; i < 100 && status !== 'fertig'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await api(sb.token, 'GET', `/api/v1/dokumente/${res.json.id}`)).json.text_status;
    }
    assert.equal(status, 'fertig', 'the worker thread of `rathaus serve` read the text');
    const s = await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent('Straßenlaterne')}`);
    assert.ok(s.json.items.some((x) => x.objekt_id === res.json.id));
  });

  test('query syntax never reaches the index; bad queries are 400', async () => {
    for (const q of ['Hydrant OR NEAR(a b)', 'col:Hydrant', '{Hydrant}^2', 'Hydrant <-> undicht', '\u0000\u0001']) {
      const s = await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent(q)}`);
      assert.ok(s.status === 200 || s.status === 400, `${q}: ${s.text}`);
    }
    // operators are words like any other: all must occur (one-letter words are left out)
    for (const q of ['"Hydrant', "Hydrant' & !undicht:*", 'Hydrant*', '(Hydrant)', 'Hydrant -undicht', 'Hydrant\\', 'a Hydrant b']) {
      const s = await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent(q)}`);
      assert.equal(s.status, 200, `${q}: ${s.text}`);
      assert.ok(s.json.items.some((x) => x.objekt_id === pdfId), `${q} finds the document by its words`);
    }
    const near = await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent('NEAR(Hydrant undicht)')}`);
    assert.ok(!near.json.items.some((x) => x.objekt_id === pdfId), 'NEAR is a word, not an operator');
    assertProblem(await api(sb.token, 'GET', `/api/v1/suche?q=${encodeURIComponent('*** "" ()')}`), 400, { parameter: 'q' });
    assertProblem(await api(sb.token, 'GET', '/api/v1/suche'), 400, { parameter: 'q' });
    assertProblem(await api(sb.token, 'GET', `/api/v1/suche?q=${'a'.repeat(201)}`), 400, { parameter: 'q' });
    assertProblem(await api(sb.token, 'GET', '/api/v1/suche?q=x&cursor=%%%'), 400);
  });

  test('paging through hits with the cursor', async () => {
    const all = await client.request('GET', '/api/v1/suche?q=Marktplatz&limit=1', { headers: { Authorization: `Bearer ${sb.token}` } });
    assert.equal(all.status, 200);
    assert.equal(all.json.items.length, 1);
    assert.equal(typeof all.json.next_cursor, 'string');
    const next = await api(sb.token, 'GET', `/api/v1/suche?q=Marktplatz&limit=1&cursor=${encodeURIComponent(all.json.next_cursor)}`);
    assert.equal(next.status, 200);
    assert.notDeepEqual(next.json.items[0], all.json.items[0]);
  });

  test('separation: another authority finds nothing of it; koordination and ministerium may not search', async () => {
    const s = await api(sbAndere.token, 'GET', '/api/v1/suche?q=Hydrant');
    assert.equal(s.status, 200);
    assert.equal(s.json.items.length, 0);
    assertProblem(await api(koord.token, 'GET', '/api/v1/suche?q=Hydrant'), 403);
    assertProblem(await api(mini.token, 'GET', '/api/v1/suche?q=Hydrant'), 403);
    assertProblem(await api(buerger.token, 'GET', '/api/v1/suche?q=Hydrant'), 403);
    assertProblem(await api(null, 'GET', '/api/v1/suche?q=Hydrant'), 401);
  });
});

describe('decisions', () => {
  let vorlageId;

  test('a case made by hand: a free-text decision is filed, not sent', async () => {
    const b = await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangHand}/bescheid`, { text: 'Die Zaunanlage ist bis {{heute}} zu reparieren.', betreff: 'Anordnung {{vorgang.aktenzeichen}}' });
    assert.equal(b.status, 201, b.text);
    assert.equal(b.json.status, 'entwurf');
    assert.match(b.json.betreff, /^Anordnung \S+/);
    assert.doesNotMatch(b.json.text, /\{\{/);
    assertProblem(await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangHand}/bescheid`, { text: 'noch einer' }), 409);
    const pdf = await rawGet(sb.token, `/api/v1/bescheide/${b.json.id}/bescheid.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
    const s = await api(sb.token, 'POST', `/api/v1/bescheide/${b.json.id}/versenden`);
    assert.equal(s.status, 200, s.text);
    assert.equal(s.json.status, 'versandt');
    assert.equal(s.json.nachricht_id, null);
    const d = await api(sb.token, 'GET', `/api/v1/dokumente/${s.json.dokument_id}`);
    assert.equal(d.json.art, 'bescheid');
    assert.equal(d.json.final, true);
    assert.equal(d.json.typ, 'application/pdf');
    const v = await akteApi(sb.token, 'GET', `/api/v1/vorgaenge/${vorgangHand}`);
    assert.equal(v.json.status, 'beschieden');
    assertProblem(await api(sb.token, 'POST', `/api/v1/bescheide/${b.json.id}/versenden`), 409);
  });

  test('templates: an admin writes them, clerks read them, unknown fields are refused', async () => {
    const bad = await api(admin.token, 'POST', '/api/v1/bescheidvorlagen', { name: 'Kaputt', betreff: 'x', text: 'Hallo {{antrag.name' });
    assertProblem(bad, 422, { parameter: 'text' });
    assertProblem(await api(admin.token, 'POST', '/api/v1/bescheidvorlagen', { name: 'Kaputt', betreff: 'x', text: '{{konto.passwort}}' }), 422);
    const res = await api(admin.token, 'POST', '/api/v1/bescheidvorlagen', {
      name: 'Hundesteuer Festsetzung (Test)',
      betreff: 'Festsetzung der Hundesteuer – {{vorgang.aktenzeichen}}',
      text: 'Sehr geehrte(r) {{antrag.vorname}} {{antrag.familienname}},\n\nfür Ihren Hund in {{antrag.anschrift.ort}} setzt {{behoerde.name}} am {{heute}} die Hundesteuer fest.',
    });
    assert.equal(res.status, 201, res.text);
    vorlageId = res.json.id;
    assertProblem(await api(admin.token, 'POST', '/api/v1/bescheidvorlagen', { name: 'Hundesteuer Festsetzung (Test)', betreff: 'x', text: 'y' }), 409);
    assertProblem(await api(sb.token, 'POST', '/api/v1/bescheidvorlagen', { name: 'Von SB', betreff: 'x', text: 'y' }), 403);
    const list = await api(sb.token, 'GET', '/api/v1/bescheidvorlagen');
    assert.equal(list.status, 200);
    assert.ok(list.json.items.some((x) => x.id === vorlageId));
    const upd = await api(admin.token, 'PUT', `/api/v1/bescheidvorlagen/${vorlageId}`, { name: 'Hundesteuer Festsetzung (Test)', betreff: 'Festsetzung der Hundesteuer – {{vorgang.aktenzeichen}}', text: res.json.text + '\n\nMit freundlichen Grüßen' });
    assert.equal(upd.status, 200, upd.text);
    assertProblem(await api(sbAndere.token, 'GET', `/api/v1/bescheidvorlagen/${vorlageId}`), 404);
    assertProblem(await api(koord.token, 'GET', '/api/v1/bescheidvorlagen'), 403);
    assertProblem(await api(mini.token, 'GET', `/api/v1/bescheidvorlagen/${vorlageId}`), 404);
  });

  test('co-signing: the drafter cannot co-sign, a second clerk can; the citizen gets the PDF', async () => {
    assertProblem(await api(sb.token, 'PUT', `/api/v1/organisationseinheiten/${oeId}/mitzeichnung`, { mitzeichnung: true }), 403);
    const m = await api(admin.token, 'PUT', `/api/v1/organisationseinheiten/${oeId}/mitzeichnung`, { mitzeichnung: true });
    assert.equal(m.status, 200, m.text);
    assert.equal(m.json.mitzeichnung, true);
    // a first draft is sent back
    const first = await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangAntrag}/bescheid`, { text: 'Zu kurz.' });
    assert.equal(first.status, 201, first.text);
    assert.equal(first.json.status, 'mitzeichnung');
    assertProblem(await api(sb.token, 'POST', `/api/v1/bescheide/${first.json.id}/zurueckweisen`), 403);
    const back = await api(sb2.token, 'POST', `/api/v1/bescheide/${first.json.id}/zurueckweisen`);
    assert.equal(back.status, 200, back.text);
    assert.equal(back.json.status, 'abgelehnt');
    // the second from the template
    const b = await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangAntrag}/bescheid`, { vorlage: vorlageId });
    assert.equal(b.status, 201, b.text);
    assert.equal(b.json.status, 'mitzeichnung');
    assert.match(b.json.text, /Erika Mustermann/);
    assert.match(b.json.text, /in Böblingen/);
    assert.match(b.json.text, /\d\d\.\d\d\.\d{4}/);
    assertProblem(await api(sb.token, 'POST', `/api/v1/bescheide/${b.json.id}/versenden`), 409);
    assertProblem(await api(sb.token, 'POST', `/api/v1/bescheide/${b.json.id}/mitzeichnen`), 403);
    assertProblem(await api(sbAndere.token, 'POST', `/api/v1/bescheide/${b.json.id}/mitzeichnen`), 404);
    assertProblem(await api(koord.token, 'POST', `/api/v1/bescheide/${b.json.id}/mitzeichnen`), 404);
    const ok = await api(sb2.token, 'POST', `/api/v1/bescheide/${b.json.id}/mitzeichnen`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.status, 'versandt');
    assert.equal(ok.json.mitgezeichnet_von, sb2.id);
    assert.equal(ok.json.entworfen_von, sb.id);
    assert.ok(ok.json.nachricht_id > 0);
    // the citizen: the decision in the Postfach with the PDF, the application decided
    const list = await api(buerger.token, 'GET', '/api/v1/postfach');
    const msg = list.json.items.find((x) => x.art === 'bescheid');
    assert.ok(msg, JSON.stringify(list.json.items.map((x) => x.art)));
    const full = await api(buerger.token, 'GET', `/api/v1/postfach/${msg.id}`);
    assert.equal(full.json.anlagen.length, 1);
    const al = full.json.anlagen[0];
    assert.equal(al.typ, 'application/pdf');
    const dl = await rawGet(buerger.token, `/api/v1/postfach/${msg.id}/anlagen/${al.sha256}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.body.subarray(0, 5).toString(), '%PDF-');
    assert.equal(sha256(dl.body), al.sha256);
    const antrag = await api(buerger.token, 'GET', `/api/v1/antraege/${antragId}`);
    assert.equal(antrag.json.status, 'beschieden');
    // filed as the same PDF, final
    const d = await api(sb.token, 'GET', `/api/v1/dokumente/${ok.json.dokument_id}`);
    assert.equal(d.json.sha256, al.sha256);
    assert.equal(d.json.final, true);
    const [[n]] = sqlRows(srv, `SELECT COUNT(*) FROM protokoll WHERE aktion IN ('bescheid_entworfen', 'bescheid_zurueckgewiesen', 'bescheid_mitgezeichnet', 'bescheid_versandt')`);
    assert.ok(Number(n) >= 6, n);
    assertProblem(await api(sb2.token, 'POST', `/api/v1/bescheide/${b.json.id}/mitzeichnen`), 409);
    assertProblem(await api(sbAndere.token, 'GET', `/api/v1/bescheide/${b.json.id}`), 404);
    assertProblem(await api(mini.token, 'GET', `/api/v1/bescheide/${b.json.id}/bescheid.pdf`), 404);
    assertProblem(await api(buerger.token, 'GET', `/api/v1/bescheide/${b.json.id}`), 404);
  });
});

describe('the Amt pages', () => {
  test('documents: list, upload through the form (multipart with CSRF), versions, search with marks', async () => {
    const b = await login(client, sb);
    const page = await b.get(`/amt/vorgaenge/${vorgangHand}/dokumente`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Gutachten Stadtwerke/);
    assert.match(page.text, /Text durchsuchbar/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)[1];
    const m = multipart([
      { name: 'csrf', data: csrf },
      { name: 'titel', data: 'Foto <b>Zaun</b>' },
      { name: 'art', data: 'eingang' },
      { name: 'datei', filename: 'notiz.txt', data: 'Der Zaun wurde am Montag besichtigt.' },
    ]);
    const up = await b.request('POST', `/amt/vorgaenge/${vorgangHand}/dokumente`, { headers: { 'Content-Type': m.type }, body: m.body });
    assert.equal(up.status, 303, up.text.slice(0, 300));
    const after = await b.get(`/amt/vorgaenge/${vorgangHand}/dokumente`);
    assert.ok(after.text.includes('Foto &lt;b&gt;Zaun&lt;/b&gt;'), 'the title is escaped');
    // without the token nothing is stored
    const bad = multipart([{ name: 'datei', filename: 'x.txt', data: 'ohne Token' }]);
    const r403 = await b.request('POST', `/amt/vorgaenge/${vorgangHand}/dokumente`, { headers: { 'Content-Type': bad.type }, body: bad.body });
    assert.equal(r403.status, 403);
    texte();
    const such = await b.get(`/amt/suche?q=${encodeURIComponent('besichtigt <script>')}`);
    assert.equal(such.status, 200);
    assert.ok(!such.text.includes('<script>'), 'the query is escaped');
    const leer = await b.get('/amt/suche?q=besichtigt');
    assert.match(leer.text, /<mark>besichtigt<\/mark>/);
    assert.match(leer.text, new RegExp(`href="/amt/vorgaenge/${vorgangHand}/dokumente"`));
    const start = await b.get('/amt/suche');
    assert.equal(start.status, 200);
  });

  test('decisions and templates pages', async () => {
    const b = await login(client, sb2);
    const page = await b.get(`/amt/vorgaenge/${vorgangAntrag}/bescheid`);
    assert.equal(page.status, 200);
    assert.match(page.text, /versandt/);
    assert.match(page.text, /bescheid\.pdf/);
    const v = await b.get('/amt/bescheidvorlagen');
    assert.equal(v.status, 200);
    assert.match(v.text, /Hundesteuer – Festsetzung/, 'the demo templates are there');
    assert.ok(!v.text.includes('/mitzeichnung"'), 'clerks do not change the co-signing setting');
    const a = await login(client, admin);
    const av = await a.get('/amt/bescheidvorlagen');
    assert.match(av.text, /\/amt\/organisationseinheiten\/\d+\/mitzeichnung/);
    const res = await a.submit('/amt/bescheidvorlagen', '/amt/bescheidvorlagen', { name: 'Über die Seite', betreff: 'Bescheid {{vorgang.aktenzeichen}}', text: 'Hallo {{antrag.vorname}}' });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const kaputt = await a.submit('/amt/bescheidvorlagen', '/amt/bescheidvorlagen', { name: 'Kaputt', betreff: 'x', text: '{{geheim}}' });
    assert.equal(kaputt.status, 422);
    const k = await login(client, koord);
    assert.equal((await k.get(`/amt/vorgaenge/${vorgangHand}/dokumente`)).status, 404);
    assert.equal((await k.get('/amt/suche?q=Zaun')).status, 403);
  });
});
