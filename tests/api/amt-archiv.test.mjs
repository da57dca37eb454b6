// amt-archiv.test.mjs — the file plan, zdA and retention, the hand-over to the archive (xdomea
// 3.0.0 message 0503 in a zip, validated again here with xmllint against the shared XSD), the
// archive's receipt, the deletion of files marked V, the export of a whole file and the audit
// log with its verification (API and `rathaus protokoll verify`), over real HTTP against the
// real binary on SQLite or PostgreSQL.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { connect } from './lib/client.mjs';
import { BACKEND, BIN, OUT, SHARED, startServer } from './lib/server.mjs';
import { makeAccount, sqlRows } from './konto-helfer.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
const XSD = path.join(SHARED, 'data/schemas/xdomea/3.0.0/xdomea.xsd');
const INHALT = 'Anmeldung eines Hundes <Bello> & Co\n';

let srv, client, behoerde, andere, oe, admin, sb, sbAndere, adminAndere, koord;
let akteA, akteV, akteOffen, vorgangA, vorgangV, vorgangOffen, sha;

function api(token, method, p, body, type = 'application/json') {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = type;
  return client.request(method, p, { headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
}

/** The raw bytes of a response (zip downloads). */
function raw(token, method, p, body) {
  const url = new URL(srv.base);
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const req = http.request({ host: url.hostname, port: url.port, method, path: p, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

function unzip(buf, name) {
  const dir = fs.mkdtempSync(path.join(OUT, `archiv-${name}-`)); // kept with the test output
  const file = path.join(dir, 'x.zip');
  fs.writeFileSync(file, buf);
  const r = spawnSync('unzip', ['-q', file, '-d', path.join(dir, 'x')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `unzip: ${r.stderr}`);
  return path.join(dir, 'x');
}

function blobSql(behoerdeId, hash, text) {
  const hex = Buffer.from(text).toString('hex');
  const lit = BACKEND === 'pg' ? `decode('${hex}', 'hex')` : `X'${hex}'`;
  return `INSERT INTO blob (behoerde_id, sha256, groesse, typ, inhalt, erstellt) VALUES (${behoerdeId}, '${hash}', ${Buffer.byteLength(text)}, 'text/plain', ${lit}, 1)`;
}

function planId(kz, b = behoerde) {
  return Number(sqlRows(srv, `SELECT id FROM aktenplan WHERE behoerde_id = ${b} AND kennzeichen = '${kz}'`)[0][0]);
}

/** A file with one case (and optionally a document) made by SQL; returns [akte, vorgang]. */
function akteMitVorgang(kz, nr, status = 'beschieden', dok = false) {
  const t = 1704067200;
  const p = planId(kz);
  srv.sql(`INSERT INTO akte (behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, status, erstellt, geaendert) VALUES (${behoerde}, ${oe}, ${p}, ${nr}, '${kz}/${nr}', 'Testakte ${kz} ${nr}', 'offen', ${t}, ${t})`);
  const a = Number(sqlRows(srv, `SELECT id FROM akte WHERE behoerde_id = ${behoerde} AND aktenzeichen = '${kz}/${nr}'`)[0][0]);
  srv.sql(`INSERT INTO vorgang (behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, status, erstellt, geaendert) VALUES (${behoerde}, ${oe}, ${a}, 1, '${kz}/${nr}-1', 'Vorgang <1> & mehr', '${status}', ${t}, ${t})`);
  const v = Number(sqlRows(srv, `SELECT id FROM vorgang WHERE akte_id = ${a}`)[0][0]);
  if (dok) {
    srv.sql(`INSERT INTO dokument (behoerde_id, vorgang_id, titel, art, aktuelle_version, erstellt, geaendert) VALUES (${behoerde}, ${v}, 'Anmeldung', 'eingang', 1, ${t}, ${t})`);
    const d = Number(sqlRows(srv, `SELECT id FROM dokument WHERE vorgang_id = ${v}`)[0][0]);
    srv.sql(`INSERT INTO dokument_version (behoerde_id, dokument_id, version, sha256, dateiname, typ, groesse, erstellt) VALUES (${behoerde}, ${d}, 1, '${sha}', 'anmeldung bello.txt', 'text/plain', ${Buffer.byteLength(INHALT)}, ${t})`);
    srv.sql(`INSERT INTO vermerk (behoerde_id, vorgang_id, text, erstellt) VALUES (${behoerde}, ${v}, 'Rückruf erledigt', ${t})`);
  }
  return [a, v];
}

before(async () => {
  srv = await startServer({ label: 'amt-archiv' });
  client = await connect(srv);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  behoerde = z.items[0].behoerde_id;
  const alle = await client.json('/api/v1/behoerden?ort=08115');
  andere = alle.items.map((b) => b.id).find((id) => id !== behoerde);
  oe = Number(sqlRows(srv, `SELECT MIN(id) FROM organisationseinheit WHERE behoerde_id = ${behoerde}`)[0][0]);
  admin = makeAccount(srv.dsn, { email: 'admin@archiv.example', rolle: 'behoerdenadmin', behoerde });
  sb = makeAccount(srv.dsn, { email: 'sb@archiv.example', rolle: 'sachbearbeitung', behoerde });
  sbAndere = makeAccount(srv.dsn, { email: 'sb@andere-archiv.example', rolle: 'sachbearbeitung', behoerde: andere });
  adminAndere = makeAccount(srv.dsn, { email: 'admin@andere-archiv.example', rolle: 'behoerdenadmin', behoerde: andere });
  koord = makeAccount(srv.dsn, { email: 'koord@archiv.example', rolle: 'koordination', kreis: '08115' });
  sha = (await import('node:crypto')).createHash('sha256').update(INHALT).digest('hex');
  srv.sql(blobSql(behoerde, sha, INHALT));
});

after(async () => {
  await srv?.stop();
});

describe('Aktenplan', () => {
  test('the demo plan is loaded for every demo authority, as a tree with inherited rules', async () => {
    const res = await api(sb.token, 'GET', '/api/v1/aktenplan');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.behoerde_id, behoerde);
    const kz = res.json.items.map((e) => e.kennzeichen);
    for (const k of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '912', '110', '120', '131', '133']) assert.ok(kz.includes(k), `missing ${k}`);
    const hs = res.json.items.find((e) => e.kennzeichen === '912');
    assert.equal(hs.titel, 'Hundesteuer');
    assert.equal(hs.effektiv_archivwuerdigkeit, 'V');
    assert.equal(hs.tiefe, 2);
    const org = res.json.items.find((e) => e.kennzeichen === '022');
    assert.equal(org.effektiv_aufbewahrung_jahre, 10);
    assert.equal(org.is_geerbt_jahre, true);
    assert.ok(kz.indexOf('022') < kz.indexOf('023') && kz.indexOf('02') < kz.indexOf('022'));
    const andereRes = await api(sbAndere.token, 'GET', '/api/v1/aktenplan');
    assert.ok(andereRes.json.items.length > 100);
    assert.equal((await api(sb.token, 'GET', `/api/v1/aktenplan?behoerde=${andere}`)).status, 404);
    assert.equal((await api(koord.token, 'GET', '/api/v1/aktenplan')).status, 403);
  });

  test('a broken CSV is refused with file, line and reason, and nothing changes', async () => {
    const vorher = (await api(admin.token, 'GET', '/api/v1/aktenplan')).json.items.length;
    const csv = 'kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n9124,Neu gut,5,V\n91x,Kaputt,,\n9125,Frist,999,\n9126,Wert,,Z\n';
    const res = await api(admin.token, 'POST', '/api/v1/aktenplan', csv, 'text/csv');
    assert.equal(res.status, 400, res.text);
    assert.ok(res.json.fehler.some((f) => f.startsWith('aktenplan.csv:3: kennzeichen')), res.text);
    assert.ok(res.json.fehler.some((f) => f.startsWith('aktenplan.csv:4: aufbewahrung_jahre')), res.text);
    assert.ok(res.json.fehler.some((f) => f.startsWith('aktenplan.csv:5: archivwuerdigkeit')), res.text);
    assert.equal((await api(admin.token, 'GET', '/api/v1/aktenplan')).json.items.length, vorher);
    const eltern = await api(admin.token, 'POST', '/api/v1/aktenplan', 'kennzeichen,titel,eltern\n77,Waise,76\n', 'text/csv');
    assert.equal(eltern.status, 400);
    assert.match(eltern.json.fehler[0], /aktenplan\.csv:2: eltern '76'/);
    assert.equal((await api(sb.token, 'POST', '/api/v1/aktenplan', csv, 'text/csv')).status, 403);
  });

  test('import adds and updates, a second import changes nothing; entries are edited and deactivated', async () => {
    const csv = 'kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit,beschreibung\n9124,"Hundesteuer, Befreiungen",,,"Blinden- und Rettungshunde"\n912,Hundesteuer,6,V,"An- und Abmeldung von Hunden, Steuermarken, Befreiungen"\n';
    const r1 = await api(admin.token, 'POST', '/api/v1/aktenplan', csv, 'text/csv');
    assert.equal(r1.status, 200, r1.text);
    assert.deepEqual([r1.json.neu, r1.json.geaendert, r1.json.unveraendert], [1, 0, 1]);
    const r2 = await api(admin.token, 'POST', '/api/v1/aktenplan', csv, 'text/csv');
    assert.deepEqual([r2.json.neu, r2.json.geaendert, r2.json.unveraendert], [0, 0, 2]);
    const neu = (await api(sb.token, 'GET', '/api/v1/aktenplan')).json.items.find((e) => e.kennzeichen === '9124');
    assert.equal(neu.eltern_id, planId('912'));
    assert.equal(neu.effektiv_aufbewahrung_jahre, 6);
    const p = await api(admin.token, 'PATCH', `/api/v1/aktenplan/${neu.id}`, { titel: 'Befreiungen', aufbewahrung_jahre: 3, is_aktiv: false });
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.titel, 'Befreiungen');
    assert.equal(p.json.effektiv_aufbewahrung_jahre, 3);
    assert.equal(p.json.is_aktiv, false);
    assert.equal((await api(sb.token, 'PATCH', `/api/v1/aktenplan/${neu.id}`, { titel: 'X' })).status, 403);
    assert.equal((await api(adminAndere.token, 'PATCH', `/api/v1/aktenplan/${neu.id}`, { titel: 'X' })).status, 404);
    const bad = await api(admin.token, 'PATCH', `/api/v1/aktenplan/${neu.id}`, { archivwuerdigkeit: 'Q' });
    assert.equal(bad.status, 400);
    assert.equal((await api(sb.token, 'GET', `/api/v1/aktenplan/${neu.id}`)).json.titel, 'Befreiungen');
  });
});

describe('zdA and retention', () => {
  test('closing the last case closes the file with the end of the retention', async () => {
    [akteV, vorgangV] = akteMitVorgang('912', 901);
    srv.sql(`INSERT INTO wiedervorlage (behoerde_id, vorgang_id, konto_id, datum, grund, erstellt) VALUES (${behoerde}, ${vorgangV}, ${sb.id || 1}, '2030-01-01', 'Nachweis', 1)`);
    const blocked = await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangV}/zda`, {});
    assert.equal(blocked.status, 409);
    srv.sql(`UPDATE wiedervorlage SET erledigt = 1 WHERE vorgang_id = ${vorgangV}`);
    assert.equal((await api(sbAndere.token, 'POST', `/api/v1/vorgaenge/${vorgangV}/zda`, {})).status, 404);
    const res = await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangV}/zda`, { bemerkung: 'erledigt' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.akte_zda, true);
    assert.equal(res.json.aufbewahrung_bis, `${new Date().getUTCFullYear() + 6}-12-31`);
    assert.equal((await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangV}/zda`)).status, 409);
    // reopen, close by hand
    assert.equal((await api(sb.token, 'POST', `/api/v1/akten/${akteV}/wiederaufnahme`)).status, 200);
    assert.equal(sqlRows(srv, `SELECT status FROM akte WHERE id = ${akteV}`)[0][0], 'offen');
    const hand = await api(sb.token, 'POST', `/api/v1/akten/${akteV}/zda`);
    assert.equal(hand.status, 200, hand.text);
    assert.equal(hand.json.aufbewahrung_bis, `${new Date().getUTCFullYear() + 6}-12-31`);
    // a file with an open case cannot be closed
    [akteOffen, vorgangOffen] = akteMitVorgang('120', 902, 'in_bearbeitung', true);
    assert.equal((await api(sb.token, 'POST', `/api/v1/akten/${akteOffen}/zda`)).status, 409);
  });
});

describe('Aussonderung', () => {
  test('due files are listed for admins with their archive mark', async () => {
    [akteA, vorgangA] = akteMitVorgang('022', 903, 'beschieden', true);
    assert.equal((await api(sb.token, 'POST', `/api/v1/vorgaenge/${vorgangA}/zda`)).status, 200);
    assert.equal((await api(admin.token, 'GET', '/api/v1/aussonderung/faellig')).json.items.length, 0);
    srv.sql(`UPDATE akte SET aufbewahrung_bis = '2001-12-31' WHERE id IN (${akteA}, ${akteV})`);
    const res = await api(admin.token, 'GET', '/api/v1/aussonderung/faellig');
    assert.equal(res.status, 200, res.text);
    const byId = Object.fromEntries(res.json.items.map((x) => [x.akte_id, x]));
    assert.equal(byId[akteA].archivwuerdigkeit, 'A');
    assert.equal(byId[akteA].aktenplan_kennzeichen, '022');
    assert.equal(byId[akteV].archivwuerdigkeit, 'V');
    assert.equal((await api(sb.token, 'GET', '/api/v1/aussonderung/faellig')).status, 403);
    assert.equal((await api(adminAndere.token, 'GET', `/api/v1/aussonderung/faellig?behoerde=${behoerde}`)).status, 404);
    assert.equal((await api(sb.token, 'POST', `/api/v1/akten/${akteA}/wiederaufnahme`)).status, 409);
  });

  test('the hand-over is a zip with a schema-valid xdomea 0503 message and the documents', async () => {
    const v = await api(admin.token, 'POST', '/api/v1/aussonderung/export', { akten: [akteV] });
    assert.equal(v.status, 400, 'a file marked V is not handed over');
    assert.equal((await api(sb.token, 'POST', '/api/v1/aussonderung/export', {})).status, 403);
    const res = await raw(admin.token, 'POST', '/api/v1/aussonderung/export', {});
    assert.equal(res.status, 200, res.body.toString().slice(0, 500));
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(res.headers['content-disposition'], /_Aussonderung\.Aussonderung\.0503\.zip"$/);
    const id = Number(res.headers['x-aussonderung-id']);
    const dir = unzip(res.body, 'abgabe');
    const files = fs.readdirSync(dir);
    const xml = files.find((f) => f.endsWith('_Aussonderung.Aussonderung.0503.xml'));
    assert.ok(xml, files.join(', '));
    const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, path.join(dir, xml)], { encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stderr);
    const text = fs.readFileSync(path.join(dir, xml), 'utf8');
    assert.match(text, /<xdomea:Kennzeichen>022\/903<\/xdomea:Kennzeichen>/);
    assert.match(text, /Vorgang &lt;1&gt; &amp; mehr/);
    assert.ok(!text.includes('912/901'), 'the V file is not in the message');
    const prim = /<xdomea:Dateiname>([^<]+)<\/xdomea:Dateiname>/.exec(text)[1];
    assert.equal(fs.readFileSync(path.join(dir, prim), 'utf8'), INHALT);
    const kennung = /<xdomea:ProzessID>([^<]+)</.exec(text)[1];
    const rec = await api(admin.token, 'GET', `/api/v1/aussonderung/${id}`);
    assert.equal(rec.status, 200, rec.text);
    assert.equal(rec.json.status, 'exportiert');
    assert.equal(rec.json.nachricht_kennung, kennung);
    assert.deepEqual(rec.json.akten.map((a) => a.akte_id), [akteA]);
    assert.equal((await api(admin.token, 'POST', '/api/v1/aussonderung/export', {})).status, 409);

    // the receipt: a wrong one is refused, the right one deletes the content, keeps the record
    const falsch = await api(admin.token, 'POST', `/api/v1/aussonderung/${id}/quittung`, { nachricht_kennung: '00000000-0000-4000-8000-000000000000' });
    assert.equal(falsch.status, 400);
    const badXml = await api(admin.token, 'POST', `/api/v1/aussonderung/${id}/quittung`, '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'application/xml');
    assert.equal(badXml.status, 400);
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM vorgang WHERE akte_id = ${akteA}`)[0][0], '1');
    const ok = await api(admin.token, 'POST', `/api/v1/aussonderung/${id}/quittung`, { nachricht_kennung: kennung });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.akten_ausgesondert, 1);
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM vorgang WHERE akte_id = ${akteA}`)[0][0], '0');
    assert.equal(sqlRows(srv, `SELECT status FROM akte WHERE id = ${akteA}`)[0][0], 'ausgesondert');
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM aussonderung_objekt WHERE akte_id = ${akteA}`)[0][0], '1');
    // the blob is still used by the open file's document
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM blob WHERE sha256 = '${sha}'`)[0][0], '1');
    assert.equal((await api(admin.token, 'POST', `/api/v1/aussonderung/${id}/quittung`, { nachricht_kennung: kennung })).status, 409);
    const liste = await api(admin.token, 'GET', '/api/v1/aussonderung');
    assert.equal(liste.json.items[0].status, 'quittiert');
  });

  test('the archive\'s import confirmation (0506) deletes only the files it reports as imported', async () => {
    const [a1, v1] = akteMitVorgang('022', 904);
    const [a2, v2] = akteMitVorgang('022', 905);
    for (const v of [v1, v2]) assert.equal((await api(sb.token, 'POST', `/api/v1/vorgaenge/${v}/zda`)).status, 200);
    srv.sql(`UPDATE akte SET aufbewahrung_bis = '2002-12-31' WHERE id IN (${a1}, ${a2})`);
    const res = await raw(admin.token, 'POST', '/api/v1/aussonderung/export', { akten: [a1, a2] });
    assert.equal(res.status, 200, res.body.toString().slice(0, 300));
    const id = Number(res.headers['x-aussonderung-id']);
    const dir = unzip(res.body, 'abgabe2');
    const text = fs.readFileSync(path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.xml'))), 'utf8');
    const kennung = /<xdomea:ProzessID>([^<]+)</.exec(text)[1];
    // the Akte's id follows its <xdomea:Akte> element; the first is a1 (the order asked for)
    const ids = [...text.matchAll(/<xdomea:Akte>\s*<xdomea:Identifikation>\s*<xdomea:ID>([^<]+)</g)].map((m) => m[1]);
    assert.equal(ids.length, 2);
    const sgo = (uuid, ok) => `<x:AusgesondertesSGO><x:IDSGO>${uuid}</x:IDSGO><x:Erfolgreich>${ok}</x:Erfolgreich></x:AusgesondertesSGO>`;
    const msg = `<?xml version="1.0" encoding="UTF-8"?>
<x:Aussonderung.AussonderungImportBestaetigen.0506 xmlns:x="urn:xoev-de:xdomea:schema:3.0.0">
<x:Kopf><x:ProzessID>${kennung}</x:ProzessID>
<x:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0506</code></x:Nachrichtentyp>
<x:Erstellungszeitpunkt>2040-01-02T10:00:00Z</x:Erstellungszeitpunkt>
<x:Absender><x:Institution><x:Name>Kreisarchiv</x:Name></x:Institution></x:Absender>
<x:Empfaenger><x:Institution><x:Name>Stadt</x:Name></x:Institution></x:Empfaenger></x:Kopf>
${sgo(ids[0], 'true')}${sgo(ids[1], 'false')}
</x:Aussonderung.AussonderungImportBestaetigen.0506>`;
    const ok = await api(admin.token, 'POST', `/api/v1/aussonderung/${id}/quittung`, msg, 'application/xml');
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.akten_ausgesondert, 1);
    const byZ = Object.fromEntries(sqlRows(srv, `SELECT aktenzeichen, status FROM akte WHERE id IN (${a1}, ${a2})`));
    assert.equal(byZ['022/904'], 'ausgesondert');
    assert.equal(byZ['022/905'], 'zda', 'not imported: kept, can be handed over again');
    const due = await api(admin.token, 'GET', '/api/v1/aussonderung/faellig');
    assert.ok(due.json.items.some((x) => x.akte_id === a2 && !x.in_abgabe));
  });

  test('files marked V are deleted only after confirmation, and recorded', async () => {
    assert.equal((await api(admin.token, 'POST', '/api/v1/aussonderung/loeschen', {})).status, 400);
    const res = await api(admin.token, 'POST', '/api/v1/aussonderung/loeschen', { bestaetigung: true, akten: [akteV] });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.akten, 1);
    assert.equal(sqlRows(srv, `SELECT status FROM akte WHERE id = ${akteV}`)[0][0], 'ausgesondert');
    assert.equal(sqlRows(srv, `SELECT COUNT(*) FROM vorgang WHERE akte_id = ${akteV}`)[0][0], '0');
    assert.equal((await api(admin.token, 'POST', '/api/v1/aussonderung/loeschen', { bestaetigung: true })).status, 409);
  });
});

describe('file export', () => {
  test('a whole file as zip: metadata, every version with its hash, the audit trail', async () => {
    assert.equal((await api(sbAndere.token, 'GET', `/api/v1/akten/${akteOffen}/export`)).status, 404);
    assert.equal((await api(koord.token, 'GET', `/api/v1/akten/${akteOffen}/export`)).status, 404);
    const res = await raw(sb.token, 'GET', `/api/v1/akten/${akteOffen}/export`);
    assert.equal(res.status, 200, res.body.toString().slice(0, 300));
    assert.equal(res.headers['content-type'], 'application/zip');
    const dir = unzip(res.body, 'akte');
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'akte.json'), 'utf8'));
    assert.equal(meta.akte.id, akteOffen);
    const v = meta.vorgaenge[0];
    assert.equal(v.vermerke[0].text, 'Rückruf erledigt');
    const ver = v.dokumente[0].versionen[0];
    assert.equal(ver.sha256, sha);
    assert.equal(fs.readFileSync(path.join(dir, ver.datei), 'utf8'), INHALT);
    const prot = JSON.parse(fs.readFileSync(path.join(dir, 'protokoll.json'), 'utf8'));
    assert.ok(Array.isArray(prot));
    assert.equal((await api(sb.token, 'GET', `/api/v1/akten/${akteA}/export`)).status, 409);
  });
});

describe('audit log', () => {
  test('admins page through their chain; tampering is detected by the API and the CLI', async () => {
    const res = await api(admin.token, 'GET', '/api/v1/protokoll?limit=5');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.pruefung.ok, true);
    assert.equal(res.json.items.length, 5);
    assert.ok(res.json.next_cursor);
    const p2 = await api(admin.token, 'GET', `/api/v1/protokoll?limit=5&cursor=${res.json.next_cursor}`);
    assert.ok(p2.json.items[0].folge < res.json.items[4].folge);
    const zda = await api(admin.token, 'GET', '/api/v1/protokoll?aktion=akte_zda');
    assert.ok(zda.json.items.length >= 2 && zda.json.items.every((x) => x.aktion === 'akte_zda'));
    assert.equal((await api(sb.token, 'GET', '/api/v1/protokoll')).status, 403);
    assert.equal((await api(adminAndere.token, 'GET', `/api/v1/protokoll?behoerde=${behoerde}`)).status, 404);

    const verify = (extra = []) => spawnSync(BIN, ['protokoll', 'verify', '--db', srv.dsn, ...extra], { encoding: 'utf8', env: { ...process.env } });
    let v = verify();
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /0 gebrochen/);
    const folge = Number(sqlRows(srv, `SELECT MIN(folge) FROM protokoll WHERE kette = ${behoerde} AND aktion = 'akte_zda'`)[0][0]);
    const id = Number(sqlRows(srv, `SELECT id FROM protokoll WHERE kette = ${behoerde} AND folge = ${folge}`)[0][0]);
    // altered
    srv.sql(`UPDATE protokoll SET detail = '{}' WHERE kette = ${behoerde} AND folge = ${folge}`);
    v = verify(['--behoerde', String(behoerde)]);
    assert.equal(v.status, 1);
    assert.ok(v.stdout.includes(`Kette ${behoerde}: GEBROCHEN bei folge ${folge} (id ${id})`), v.stdout);
    const api2 = await api(admin.token, 'GET', '/api/v1/protokoll');
    assert.equal(api2.json.pruefung.ok, false);
    assert.equal(api2.json.pruefung.bruch_folge, folge);
    // inserted (a copy at the end)
    const max = Number(sqlRows(srv, `SELECT MAX(folge) FROM protokoll WHERE kette = ${andere}`)[0][0] || 0);
    assert.ok(max >= 1, 'the demo plan import wrote to the other chain');
    srv.sql(`INSERT INTO protokoll (kette, folge, zeitpunkt, behoerde_id, aktion, detail, vorher_hash, hash) SELECT kette, ${max + 1}, zeitpunkt, behoerde_id, aktion, detail, hash, hash FROM protokoll WHERE kette = ${andere} AND folge = 1`);
    v = verify(['--behoerde', String(andere)]);
    assert.equal(v.status, 1, v.stdout);
    assert.ok(v.stdout.includes(`GEBROCHEN bei folge ${max + 1}`), v.stdout);
    // deleted
    const f2 = Number(sqlRows(srv, `SELECT MIN(folge) FROM protokoll WHERE kette = ${behoerde} AND folge > ${folge}`)[0][0]);
    srv.sql(`DELETE FROM protokoll WHERE kette = ${behoerde} AND folge = ${f2}`);
    v = verify();
    assert.equal(v.status, 1);
    assert.match(v.stdout, /gebrochen/);
  });
});
