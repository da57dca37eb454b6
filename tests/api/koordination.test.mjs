// koordination.test.mjs — the coordinators' and the ministry's API over real HTTP against
// the real binary (issue #7): Umsetzung derived from the platform and reported by
// municipalities, the Lagebild, CSV exports, who may see which district, bad input, and the
// privacy promise: distinctive personal data of applications never appears in any
// Koordination response, for any coordinator or ministry account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, connect, withParam } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';
import { makeAccount, sqlRows } from './konto-helfer.mjs';

let srv, client, koordBB, koordTU, land, ministerium, buerger, adminBB, sbBB, sbOther, gemeindeBB;

before(async () => {
  srv = await startServer({ label: 'koordination' });
  client = await connect(srv);
  koordBB = makeAccount(srv.dsn, { email: 'koord-bb@koordination.example', rolle: 'koordination', kreis: '08115' });
  koordTU = makeAccount(srv.dsn, { email: 'koord-tu@koordination.example', rolle: 'koordination', kreis: '08416' });
  land = makeAccount(srv.dsn, { email: 'gemeindetag@koordination.example', rolle: 'koordination' });
  ministerium = makeAccount(srv.dsn, { email: 'im@koordination.example', rolle: 'ministerium' });
  buerger = makeAccount(srv.dsn, { email: 'buerger@koordination.example', rolle: 'buerger' });
  const [row] = sqlRows(srv, "SELECT id, gemeinde_ags FROM behoerde WHERE art = 'gemeinde' AND kreis_ags = '08115' ORDER BY id LIMIT 1");
  gemeindeBB = row[1];
  adminBB = makeAccount(srv.dsn, { email: 'admin-bb@koordination.example', rolle: 'behoerdenadmin', behoerde: row[0] });
  sbBB = makeAccount(srv.dsn, { email: 'sb-bb@koordination.example', rolle: 'sachbearbeitung', behoerde: row[0] });
  const [other] = sqlRows(srv, `SELECT id FROM behoerde WHERE art = 'gemeinde' AND kreis_ags = '08115' AND id <> ${row[0]} ORDER BY id LIMIT 1`);
  sbOther = makeAccount(srv.dsn, { email: 'sb-other@koordination.example', rolle: 'sachbearbeitung', behoerde: other[0] });
});

after(async () => {
  await srv?.stop();
});

function api(acc, method, path, json, headers = {}) {
  const h = { ...headers };
  if (acc) h.Authorization = `Bearer ${acc.token}`;
  if (json !== undefined) h['Content-Type'] = 'application/json';
  return client.request(method, path, { headers: h, body: json === undefined ? undefined : JSON.stringify(json) });
}

async function ok(acc, path) {
  const res = await api(acc, 'GET', path);
  assert.equal(res.status, 200, `GET ${path} → ${res.status}: ${res.text.slice(0, 300)}`);
  return res;
}

describe('Umsetzung', () => {
  test('a coordinator sees the platform offers of the own district, derived live', async () => {
    const res = await ok(koordBB, '/api/v1/umsetzung?kreis=08115&limit=5000');
    assert.ok(res.json.items.length > 10, 'the demo district offers services online');
    for (const z of res.json.items) {
      assert.ok(z.gemeinde.startsWith('08115'), z.gemeinde);
      assert.equal(z.kreis, '08115');
      assert.equal(z.quelle, 'plattform');
      assert.equal(z.online, true);
      assert.ok(z.reifegrad >= 0 && z.reifegrad <= 4);
      assert.equal(typeof z.leistung, 'number');
    }
    // a new online service shows up at once: nothing is cached
    const before = res.json.items.length;
    const [od] = sqlRows(srv, "SELECT z.leistung_id, z.oe_id, z.gebiet_ags FROM zustaendigkeit z JOIN leistung l ON l.id = z.leistung_id WHERE z.onlinedienst_id IS NULL AND length(z.gebiet_ags) = 8 AND z.gebiet_ags LIKE '08115%' AND l.ozg_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM zustaendigkeit y JOIN leistung m ON m.id = y.leistung_id WHERE y.onlinedienst_id IS NOT NULL AND m.ozg_id = l.ozg_id AND (y.gebiet_ags = z.gebiet_ags OR y.gebiet_ags = '08115')) LIMIT 1");
    if (od) {
      srv.sql(`INSERT INTO onlinedienst (schluessel, oe_id, leistung_id, name, url, reifegrad, seit) VALUES ('test-live', ${od[1]}, '${od[0]}', 'Live-Test', 'https://live.example', 3, '2025-01-01')`);
      srv.sql(`UPDATE zustaendigkeit SET onlinedienst_id = (SELECT id FROM onlinedienst WHERE schluessel = 'test-live') WHERE leistung_id = '${od[0]}' AND oe_id = ${od[1]} AND gebiet_ags = '${od[2]}'`);
      const again = await ok(koordBB, '/api/v1/umsetzung?kreis=08115&limit=5000');
      assert.equal(again.json.items.length, before + 1);
    }
  });

  test('pages follow each other; filters by Gemeinde and OZG-Leistung; gaps on request', async () => {
    const all = [];
    let url = '/api/v1/umsetzung?kreis=08115&limit=7';
    for (let page = 0; page < 500; page++) {
      const { json } = await ok(koordBB, url);
      all.push(...json.items);
      if (json.next_cursor === null) break;
      url = withParam('/api/v1/umsetzung?kreis=08115&limit=7', 'cursor', json.next_cursor);
    }
    const full = await ok(koordBB, '/api/v1/umsetzung?kreis=08115&limit=5000');
    assert.deepEqual(all, full.json.items);
    const z = full.json.items[0];
    const one = await ok(koordBB, `/api/v1/umsetzung?gemeinde=${z.gemeinde}&leistung=${z.leistung}`);
    assert.ok(one.json.items.length >= 1 && one.json.items.every((r) => r.gemeinde === z.gemeinde && r.leistung === z.leistung));
    const gaps = await ok(koordBB, `/api/v1/umsetzung?gemeinde=${z.gemeinde}&luecken=1&limit=5000`);
    const n = Number(srv.sql('SELECT COUNT(*) FROM ozg_leistung').trim());
    const offered = new Set(gaps.json.items.filter((r) => r.online).map((r) => r.leistung));
    const missing = gaps.json.items.filter((r) => r.quelle === null);
    assert.equal(offered.size + missing.length, n);
  });

  test('a municipality reports a service offered elsewhere; both sources are shown apart', async () => {
    const [[ozg]] = sqlRows(srv, 'SELECT id FROM ozg_leistung ORDER BY id LIMIT 1');
    const res = await api(adminBB, 'POST', '/api/v1/umsetzung/meldungen', {
      gemeinde: gemeindeBB, leistung: Number(ozg), online: true, reifegrad: 3, seit: '2024-03-01',
      onlinedienst: 'Elterngeld Digital', url: 'https://www.elterngeld-digital.de',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.quelle, 'meldung');
    const list = await ok(koordBB, `/api/v1/umsetzung?gemeinde=${gemeindeBB}&leistung=${ozg}`);
    const m = list.json.items.find((r) => r.quelle === 'meldung');
    assert.ok(m && m.online && m.reifegrad === 3 && m.seit === '2024-03-01');
    assert.ok(m.gemeldet_von, 'the reporting authority is named');
    assert.ok(!JSON.stringify(list.json).includes('admin-bb@'), 'no staff e-mail in the answer');
    // the audit log has it
    assert.equal(srv.sql("SELECT COUNT(*) FROM protokoll WHERE aktion = 'umsetzung_gemeldet'").trim(), '1');
    // another district's coordinator cannot report for it; the ministry cannot write
    assertProblem(await api(koordTU, 'POST', '/api/v1/umsetzung/meldungen', { gemeinde: gemeindeBB, leistung: Number(ozg) }), 404);
    assertProblem(await api(ministerium, 'POST', '/api/v1/umsetzung/meldungen', { gemeinde: gemeindeBB, leistung: Number(ozg) }), 403);
    assertProblem(await api(buerger, 'POST', '/api/v1/umsetzung/meldungen', { gemeinde: gemeindeBB, leistung: Number(ozg) }), 403);
    // bad input names the field
    for (const [body, field] of [
      [{ leistung: Number(ozg) }, 'gemeinde'],
      [{ gemeinde: gemeindeBB }, 'leistung'],
      [{ gemeinde: gemeindeBB, leistung: Number(ozg), reifegrad: 7 }, 'reifegrad'],
      [{ gemeinde: gemeindeBB, leistung: Number(ozg), seit: '2099-01-01' }, 'seit'],
      [{ gemeinde: gemeindeBB, leistung: Number(ozg), url: 'javascript:alert(1)' }, 'url'],
      [{ gemeinde: gemeindeBB, leistung: 1 }, 'leistung'],
      [{ gemeinde: gemeindeBB, leistung: Number(ozg), online: 'ja' }, 'online'],
    ]) {
      assertProblem(await api(adminBB, 'POST', '/api/v1/umsetzung/meldungen', body), 400, { parameter: field });
    }
  });

  test('who may read which area', async () => {
    assertProblem(await api(null, 'GET', '/api/v1/umsetzung?kreis=08115'), 401);
    assertProblem(await api(koordTU, 'GET', '/api/v1/umsetzung?kreis=08115'), 404);
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?gemeinde=08416041'), 404);
    assertProblem(await api(buerger, 'GET', '/api/v1/umsetzung?kreis=08115'), 403);
    assertProblem(await api(adminBB, 'GET', '/api/v1/lagebild'), 403);
    await ok(ministerium, '/api/v1/umsetzung?kreis=08115');
    await ok(land, '/api/v1/umsetzung?kreis=08416');
    await ok(koordBB, '/api/v1/umsetzung?limit=10'); // the Land picture
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=8115'), 400, { parameter: 'kreis' });
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&gemeinde=08416041'), 400, { parameter: 'gemeinde' });
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&leistung=abc'), 400, { parameter: 'leistung' });
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&limit=0'), 400, { parameter: 'limit' });
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&cursor=xyz'), 400, { parameter: 'cursor' });
    assertProblem(await api(ministerium, 'GET', '/api/v1/umsetzung?luecken=1'), 400, { parameter: 'luecken' });
  });

  test('CSV export with Accept: text/csv or ?format=csv', async () => {
    const res = await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115', undefined, { Accept: 'text/csv' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="umsetzung.csv"/);
    const lines = res.text.split('\r\n');
    assert.equal(lines[0], 'gemeinde,gemeinde_name,kreis,leistung,leistung_name,themenfeld,lebenslage,online,reifegrad,quelle,seit,onlinedienst,url,gemeldet_von,empfaengt,eingereicht');
    const json = await ok(koordBB, '/api/v1/umsetzung?kreis=08115&limit=5000');
    assert.equal(lines.length - 2, json.json.items.length);
    const res2 = await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&format=csv');
    assert.equal(res2.text, res.text);
  });
});

describe('Lagebild', () => {
  test('the Land: 1,101 Gemeinden in 44 Kreise, per Themenfeld and quarter', async () => {
    const { json: lb } = await ok(ministerium, '/api/v1/lagebild');
    assert.equal(lb.kreis, null);
    assert.equal(lb.gemeinden_anzahl, 1101);
    assert.equal(lb.kreise.length, 44);
    assert.equal(lb.gesamt.zellen, 1101 * lb.leistungen);
    assert.ok(lb.gesamt.online > 0 && lb.gesamt.plattform > 0);
    assert.equal(lb.kreise.reduce((s, k) => s + k.zahlen.online, 0), lb.gesamt.online);
    assert.equal(lb.themenfelder.reduce((s, t) => s + t.zahlen.online, 0), lb.gesamt.online);
    assert.equal(lb.themenfelder.reduce((s, t) => s + t.leistungen, 0), lb.leistungen);
    assert.ok(lb.verlauf.length > 0);
    assert.equal(lb.verlauf.at(-1).online, lb.gesamt.online);
    for (let i = 1; i < lb.verlauf.length; i++) assert.ok(lb.verlauf[i].online >= lb.verlauf[i - 1].online);
    assert.equal(Object.values(lb.eakte).reduce((s, n) => s + n, 0), 1101);
  });

  test('a district: its Gemeinden only; another district is not found', async () => {
    const { json: lb } = await ok(koordBB, '/api/v1/lagebild?kreis=08115');
    assert.equal(lb.kreis, '08115');
    assert.equal(lb.kreise.length, 1);
    assert.ok(lb.gemeinden.every((g) => g.kreis === '08115'));
    assert.equal(lb.gemeinden_anzahl, Number(srv.sql("SELECT COUNT(*) FROM gemeinde WHERE kreis_ags = '08115'").trim()));
    assertProblem(await api(koordBB, 'GET', '/api/v1/lagebild?kreis=08416'), 404);
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?kreis=08999'), 404);
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?kreis=abc'), 400, { parameter: 'kreis' });
  });

  test('a kept picture never goes stale: every change is seen at once', async () => {
    // the same answer twice (the second from the cache, checked against the database's stamp)
    const first = await ok(ministerium, '/api/v1/lagebild');
    const second = await ok(ministerium, '/api/v1/lagebild');
    assert.equal(second.text, first.text);
    const kreis0 = (await ok(koordBB, '/api/v1/lagebild?kreis=08115')).json;
    const g0 = first.json.gemeinden.find((g) => g.ags === gemeindeBB);
    // a Meldung through the API: one more cell online, in the Land and in the district
    const gaps = await ok(koordBB, `/api/v1/umsetzung?gemeinde=${gemeindeBB}&luecken=1&limit=5000`);
    const gap = gaps.json.items.find((r) => r.quelle === null);
    assert.ok(gap, 'the Gemeinde has an OZG-Leistung not online yet');
    const res = await api(adminBB, 'POST', '/api/v1/umsetzung/meldungen', {
      gemeinde: gemeindeBB, leistung: gap.leistung, online: true, reifegrad: 2, seit: '2024-01-15',
    });
    assert.equal(res.status, 201, res.text);
    const land1 = (await ok(ministerium, '/api/v1/lagebild')).json;
    assert.equal(land1.gesamt.online, first.json.gesamt.online + 1);
    assert.equal(land1.gesamt.meldung, first.json.gesamt.meldung + 1);
    const g1 = land1.gemeinden.find((g) => g.ags === gemeindeBB);
    assert.equal(g1.zahlen.online, g0.zahlen.online + 1);
    assert.equal(land1.verlauf.at(-1).online, land1.gesamt.online);
    const kreis1 = (await ok(koordBB, '/api/v1/lagebild?kreis=08115')).json;
    assert.equal(kreis1.gesamt.online, kreis0.gesamt.online + 1);
    const csv = await api(ministerium, 'GET', '/api/v1/lagebild?tabelle=kreise&format=csv');
    assert.ok(csv.text.split('\r\n').some((l) => l.startsWith('08115,') && l.includes(`,${kreis1.gesamt.online},`)), 'the CSV follows too');
    // changes behind the server's back (imports, the E-Akte stage): seen at once as well
    srv.sql(`UPDATE gemeinde SET einwohner = einwohner + 7 WHERE ags = '${gemeindeBB}'`);
    srv.sql(`INSERT INTO eakte_stufe (gemeinde_ags, stufe, gemeldet_am) VALUES ('${gemeindeBB}', 'pilot', 4102444800)`);
    const land2 = (await ok(ministerium, '/api/v1/lagebild')).json;
    const g2 = land2.gemeinden.find((g) => g.ags === gemeindeBB);
    assert.equal(g2.einwohner, g1.einwohner + 7);
    assert.equal(g2.eakte, 'pilot');
    assert.equal(land2.gesamt.online, land1.gesamt.online);
    // and back: the report withdrawn, the picture as before
    const back = await api(adminBB, 'POST', '/api/v1/umsetzung/meldungen', {
      gemeinde: gemeindeBB, leistung: gap.leistung, online: false,
    });
    assert.equal(back.status, 201, back.text);
    const land3 = (await ok(ministerium, '/api/v1/lagebild')).json;
    assert.equal(land3.gesamt.online, first.json.gesamt.online);
  });

  test('every table as CSV', async () => {
    for (const [tabelle, header] of [
      ['gemeinden', 'gemeinde,name,kreis,einwohner,eakte,'],
      ['kreise', 'kreis,name,gemeinden,einwohner,'],
      ['themenfelder', 'themenfeld,name,leistungen,'],
      ['verlauf', 'jahr,quartal,online'],
    ]) {
      const res = await api(ministerium, 'GET', `/api/v1/lagebild?tabelle=${tabelle}&format=csv`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), /^text\/csv/);
      assert.ok(res.text.startsWith(header), `${tabelle}: ${res.text.slice(0, 80)}`);
    }
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?tabelle=alles'), 400, { parameter: 'tabelle' });
  });
});

describe('Anfragen', () => {
  let id;

  test('staff file a request; the district coordinators are mailed', async () => {
    const res = await api(sbBB, 'POST', '/api/v1/anfragen', { kategorie: 'eakte', betreff: 'E-Akte im Bauamt', text: 'Welche Aktenpläne nutzen andere Gemeinden?' });
    assert.equal(res.status, 201, res.text);
    id = res.json.id;
    assert.equal(res.json.status, 'neu');
    assert.equal(res.json.kreis, '08115');
    assert.equal(res.json.faellig - res.json.erstellt, 10 * 86400);
    const mails = sqlRows(srv, `SELECT empfaenger FROM postausgang WHERE betreff LIKE 'Neue Anfrage Nr. ${id}:%'`).map((r) => r[0]);
    assert.deepEqual(mails, [koordBB.email]);
  });

  test('the queue: own district for coordinators, own authority for staff', async () => {
    const q = await ok(koordBB, '/api/v1/anfragen');
    assert.ok(q.json.items.some((a) => a.id === id));
    assert.ok(!(await ok(koordTU, '/api/v1/anfragen')).json.items.some((a) => a.id === id));
    assert.ok((await ok(sbBB, '/api/v1/anfragen')).json.items.some((a) => a.id === id));
    assert.ok(!(await ok(sbOther, '/api/v1/anfragen')).json.items.some((a) => a.id === id));
    assertProblem(await api(sbOther, 'GET', `/api/v1/anfragen/${id}`), 404);
    assertProblem(await api(koordTU, 'GET', `/api/v1/anfragen/${id}`), 404);
    assertProblem(await api(buerger, 'GET', '/api/v1/anfragen'), 403);
    assertProblem(await api(null, 'GET', '/api/v1/anfragen'), 401);
    const csv = await api(koordBB, 'GET', '/api/v1/anfragen?format=csv');
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.ok(csv.text.includes('E-Akte im Bauamt'));
  });

  test('replies, internal notes, status; the requester is mailed', async () => {
    let res = await api(koordBB, 'POST', `/api/v1/anfragen/${id}/antworten`, { text: 'Siehe Musteraktenplan des Landkreistags.' });
    assert.equal(res.status, 201, res.text);
    res = await api(koordBB, 'POST', `/api/v1/anfragen/${id}/antworten`, { text: 'Intern: beim nächsten Netzwerktreffen ansprechen.', intern: true });
    assert.equal(res.status, 201);
    const staffView = await ok(sbBB, `/api/v1/anfragen/${id}`);
    assert.equal(staffView.json.antworten_liste.length, 1);
    assert.equal(staffView.json.status, 'in_bearbeitung');
    assert.ok(!staffView.text.includes('Intern:'));
    const koordView = await ok(koordBB, `/api/v1/anfragen/${id}`);
    assert.equal(koordView.json.antworten_liste.length, 2);
    assert.equal(koordView.json.darf_bearbeiten, true);
    assertProblem(await api(sbBB, 'POST', `/api/v1/anfragen/${id}/antworten`, { text: 'x', intern: true }), 400, { parameter: 'intern' });
    assertProblem(await api(ministerium, 'POST', `/api/v1/anfragen/${id}/antworten`, { text: 'x' }), 403);
    res = await api(koordBB, 'PATCH', `/api/v1/anfragen/${id}`, { status: 'erledigt', zugewiesen: koordBB.id });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.status, 'erledigt');
    assert.equal(res.json.zugewiesen, koordBB.id);
    assertProblem(await api(sbBB, 'PATCH', `/api/v1/anfragen/${id}`, { status: 'neu' }), 403);
    const mails = sqlRows(srv, `SELECT COUNT(*) FROM postausgang WHERE empfaenger = '${sbBB.email}' AND betreff LIKE 'Ihre Anfrage Nr. ${id}:%'`);
    assert.equal(mails[0][0], '2');
  });

  test('attachments go up as base64 and come back as a download', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% Testdatei\n');
    const res = await api(sbBB, 'POST', `/api/v1/anfragen/${id}/anlagen`, { name: 'frage.pdf', inhalt: pdf.toString('base64') });
    assert.equal(res.status, 201, res.text);
    const dl = await api(koordBB, 'GET', `/api/v1/anfragen/${id}/anlagen/${res.json.id}`);
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('content-type'), 'application/pdf');
    assert.match(dl.headers.get('content-disposition'), /^attachment/);
    assert.equal(dl.text, pdf.toString());
    assertProblem(await api(sbOther, 'GET', `/api/v1/anfragen/${id}/anlagen/${res.json.id}`), 404);
  });

  test('bad input names the field', async () => {
    for (const [body, field] of [
      [{ kategorie: 'alles', betreff: 'a', text: 'b' }, 'kategorie'],
      [{ kategorie: 'eakte', betreff: '', text: 'b' }, 'betreff'],
      [{ kategorie: 'eakte', betreff: 'a', text: '' }, 'text'],
      [{ kategorie: 'eakte', betreff: 'a', text: 'b', leistung: 'x' }, 'leistung'],
      [{ kategorie: 7, betreff: 'a', text: 'b' }, 'kategorie'],
    ]) {
      assertProblem(await api(sbBB, 'POST', '/api/v1/anfragen', body), 400, { parameter: field });
    }
    assertProblem(await api(koordBB, 'POST', '/api/v1/anfragen', { kategorie: 'eakte', betreff: 'a', text: 'b' }), 403);
    assertProblem(await api(koordBB, 'GET', '/api/v1/anfragen?status=offen'), 400, { parameter: 'status' });
  });
});

describe('Wissen', () => {
  let id;

  test('coordinators write Markdown articles; all staff read and search them', async () => {
    let res = await api(koordBB, 'POST', '/api/v1/artikel', {
      titel: 'Musterlösung: Hundesteuer online', text: '## Schritte\n\n1. Formular\n2. **Bezahlung** über ePayBL\n\n<script>x</script>',
      tags: ['hundesteuer', 'epaybl'], loesung: true,
    });
    assert.equal(res.status, 201, res.text);
    id = res.json.id;
    assert.equal(res.json.version, 1);
    assert.deepEqual(res.json.tags, ['epaybl', 'hundesteuer']);
    assertProblem(await api(sbBB, 'POST', '/api/v1/artikel', { titel: 'x', text: 'y' }), 403);
    assertProblem(await api(buerger, 'GET', '/api/v1/artikel'), 403);
    const found = await ok(sbOther, '/api/v1/artikel?q=bezahlung');
    assert.ok(found.json.items.some((a) => a.id === id));
    assert.ok((await ok(ministerium, '/api/v1/artikel?tag=epaybl')).json.items.some((a) => a.id === id));
    assert.equal((await ok(sbBB, '/api/v1/artikel?q=grundsteuer')).json.items.length, 0);
    res = await api(koordTU, 'PUT', `/api/v1/artikel/${id}`, { titel: 'Musterlösung: Hundesteuer online', text: 'Neu.', version: 1 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.version, 2);
    assert.equal(res.json.versionen.length, 2);
    assertProblem(await api(koordBB, 'PUT', `/api/v1/artikel/${id}`, { titel: 't', text: 'alt', version: 1 }), 409);
    const v1 = await ok(sbBB, `/api/v1/artikel/${id}?version=1`);
    assert.match(v1.json.text, /ePayBL/);
    assertProblem(await api(koordBB, 'POST', '/api/v1/artikel', { titel: 'x', text: 'y', tags: ['Groß'] }), 400, { parameter: 'tags' });
  });

  test('a request links an article', async () => {
    const a = await api(sbBB, 'POST', '/api/v1/anfragen', { kategorie: 'ozg_leistung', betreff: 'Hundesteuer', text: 'Wie?' });
    assert.equal((await api(koordBB, 'POST', `/api/v1/anfragen/${a.json.id}/artikel`, { artikel_id: id })).status, 204);
    assert.deepEqual((await ok(sbBB, `/api/v1/anfragen/${a.json.id}`)).json.artikel, [id]);
    assertProblem(await api(koordBB, 'POST', `/api/v1/anfragen/${a.json.id}/artikel`, { artikel_id: 999999 }), 400, { parameter: 'artikel_id' });
    assertProblem(await api(sbBB, 'POST', `/api/v1/anfragen/${a.json.id}/artikel`, { artikel_id: id }), 403);
  });
});

describe('Termine', () => {
  let id;
  const beginn = new Date(Date.now() + 7 * 86400_000);
  beginn.setUTCHours(9, 0, 0, 0);
  const ende = new Date(beginn.getTime() + 2 * 3600_000);

  test('an event with a waiting list', async () => {
    let res = await api(koordBB, 'POST', '/api/v1/termine', {
      titel: 'Netzwerktreffen E-Akte; Teil 2', beginn: beginn.toISOString().replace('.000', ''), ende: ende.toISOString().replace('.000', ''),
      ort: 'Landratsamt Böblingen, Parkstraße 16', kapazitaet: 1, art: 'netzwerktreffen',
    });
    assert.equal(res.status, 201, res.text);
    id = res.json.id;
    assert.equal(res.json.kapazitaet, 1);
    assertProblem(await api(sbBB, 'POST', '/api/v1/termine', { titel: 'x', beginn: beginn.toISOString(), ende: ende.toISOString(), kapazitaet: 1 }), 403);
    assertProblem(await api(koordBB, 'POST', '/api/v1/termine', { titel: 'x', beginn: '2025-13-01T10:00:00Z', ende: ende.toISOString(), kapazitaet: 1 }), 400, { parameter: 'beginn' });
    assertProblem(await api(koordBB, 'POST', '/api/v1/termine', { titel: 'x', beginn: beginn.toISOString(), ende: ende.toISOString() }), 400, { parameter: 'kapazitaet' });
    res = await api(sbBB, 'POST', `/api/v1/termine/${id}/anmeldungen`);
    assert.equal(res.status, 201);
    assert.equal(res.json.status, 'angemeldet');
    res = await api(sbOther, 'POST', `/api/v1/termine/${id}/anmeldungen`);
    assert.equal(res.json.status, 'warteliste');
    assertProblem(await api(buerger, 'POST', `/api/v1/termine/${id}/anmeldungen`), 403);
    const forStaff = await ok(sbOther, `/api/v1/termine/${id}`);
    assert.equal(forStaff.json.mein_status, 'warteliste');
    assert.equal(forStaff.json.teilnehmende, undefined);
    const forOrganiser = await ok(koordBB, `/api/v1/termine/${id}`);
    assert.deepEqual(forOrganiser.json.teilnehmende.map((t) => t.status), ['angemeldet', 'warteliste']);
    assert.equal((await api(sbBB, 'DELETE', `/api/v1/termine/${id}/anmeldungen`)).status, 204);
    assert.equal((await ok(sbOther, `/api/v1/termine/${id}`)).json.mein_status, 'angemeldet');
    assert.ok((await ok(sbBB, '/api/v1/termine')).json.items.some((t) => t.id === id));
  });

  test('the iCalendar file', async () => {
    const res = await api(sbBB, 'GET', `/api/v1/termine/${id}.ics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/calendar/);
    assert.ok(res.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
    assert.ok(res.text.includes('SUMMARY:Netzwerktreffen E-Akte\\; Teil 2\r\n'));
    assert.ok(res.text.includes('LOCATION:Landratsamt Böblingen\\, Parkstraße 16\r\n'));
    const stamp = beginn.toISOString().replace(/[-:]/g, '').replace('.000', '');
    assert.ok(res.text.includes(`DTSTART:${stamp}\r\n`), res.text);
    assert.ok(!/[^\r]\n/.test(res.text), 'bare LF');
    assertProblem(await api(buerger, 'GET', `/api/v1/termine/${id}.ics`), 404);
    assertProblem(await api(sbBB, 'GET', '/api/v1/termine/x.ics'), 400, { parameter: 'id' });
  });

  test('cancelling the event', async () => {
    assertProblem(await api(sbBB, 'POST', `/api/v1/termine/${id}/absage`), 403);
    const res = await api(koordBB, 'POST', `/api/v1/termine/${id}/absage`);
    assert.equal(res.status, 200);
    assert.equal(res.json.abgesagt, true);
    assertProblem(await api(sbBB, 'POST', `/api/v1/termine/${id}/anmeldungen`), 409);
    assert.match((await api(sbBB, 'GET', `/api/v1/termine/${id}.ics`)).text, /STATUS:CANCELLED/);
  });
});

describe('Berichte und Förderprogramm', () => {
  test('a district report and the statewide roll-up, JSON and CSV', async () => {
    const jahr = new Date().getUTCFullYear();
    const { json: b } = await ok(koordBB, `/api/v1/berichte?kreis=08115&von=${jahr}-01-01&bis=${jahr}-12-31`);
    assert.equal(b.kreis, '08115');
    assert.ok(b.anfragen.gesamt >= 2, JSON.stringify(b.anfragen));
    assert.ok(b.anfragen.nach_kategorie_und_status.some((x) => x.kategorie === 'eakte'));
    assert.ok(b.gemeinden_unterstuetzt >= 1);
    assert.ok(b.umsetzung.online > 0);
    const land = await ok(ministerium, '/api/v1/berichte');
    assert.equal(land.json.kreis, null);
    assert.ok(land.json.anfragen.gesamt >= b.anfragen.gesamt);
    const csv = await api(koordBB, 'GET', '/api/v1/berichte?kreis=08115', undefined, { Accept: 'text/csv' });
    assert.equal(csv.status, 200);
    assert.ok(csv.text.startsWith('abschnitt,merkmal,auspraegung,wert\r\n'));
    assert.match(csv.text, /umsetzung,online,jetzt,\d+/);
    const pdf = await api(koordBB, 'GET', '/api/v1/berichte?kreis=08115&format=pdf');
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.ok(pdf.text.startsWith('%PDF-'));
    assertProblem(await api(koordTU, 'GET', '/api/v1/berichte?kreis=08115'), 404);
    assertProblem(await api(sbBB, 'GET', '/api/v1/berichte'), 403);
    assertProblem(await api(ministerium, 'GET', '/api/v1/berichte?von=2025-13-01'), 400, { parameter: 'von' });
    assertProblem(await api(ministerium, 'GET', '/api/v1/berichte?von=2025-02-01&bis=2025-01-01'), 400, { parameter: 'bis' });
  });

  test('the funding programme: budget, expenses, rest', async () => {
    srv.sql("INSERT INTO foerderperiode (name, beginn, ende) VALUES ('Förderphase 2022 bis 30.06.2025', '2022-01-01', '2025-06-30')");
    const [[pid]] = sqlRows(srv, "SELECT id FROM foerderperiode WHERE beginn = '2022-01-01'");
    srv.sql("INSERT INTO koordinator (name, kreis_ags) VALUES ('E-Government-Koordination Landkreis Böblingen', '08115')");
    const [[kid]] = sqlRows(srv, "SELECT id FROM koordinator WHERE kreis_ags = '08115'");
    srv.sql(`INSERT INTO budget (periode_id, koordinator_id, betrag_cent) VALUES (${pid}, ${kid}, 26000000)`);
    const res = await api(koordBB, 'POST', '/api/v1/foerderprogramm/ausgaben', { periode_id: Number(pid), kreis: '08115', datum: '2024-05-06', betrag_cent: 125000, zweck: 'Netzwerktreffen Gemeinden' });
    assert.equal(res.status, 204, res.text);
    assertProblem(await api(koordTU, 'POST', '/api/v1/foerderprogramm/ausgaben', { periode_id: Number(pid), kreis: '08115', datum: '2024-05-06', betrag_cent: 1, zweck: 'x' }), 404);
    assertProblem(await api(koordBB, 'POST', '/api/v1/foerderprogramm/ausgaben', { periode_id: Number(pid), kreis: '08115', datum: '2026-01-01', betrag_cent: 1, zweck: 'x' }), 400, { parameter: 'datum' });
    const { json } = await ok(ministerium, '/api/v1/foerderprogramm');
    const z = json.items.find((x) => x.kreis === '08115');
    assert.equal(z.budget_cent, 26000000);
    assert.equal(z.ausgaben_cent, 125000);
    assert.equal(z.rest_cent, 26000000 - 125000);
  });
});

// ---- the privacy promise ----

const PERSONAL = ['Xaverine Quappendorf-Zwiebelmeyer', 'Wurmlinger Steige 77', 'quappendorf@privat.example', 'DE89370400440532013000'];

/** Applications with distinctive personal data, put straight into the database (the tables of
 *  the applications engineer's 0003_antrag), in a Gemeinde of the coordinator's district. */
function seedPersonalData() {
  const [[bid, oe, ags]] = sqlRows(srv, "SELECT b.id, o.id, b.gemeinde_ags FROM behoerde b JOIN organisationseinheit o ON o.behoerde_id = b.id WHERE b.art = 'gemeinde' AND b.kreis_ags = '08115' ORDER BY b.id LIMIT 1");
  const [[lid]] = sqlRows(srv, 'SELECT id FROM leistung WHERE ozg_id IS NOT NULL ORDER BY id LIMIT 1');
  const konto = makeAccount(srv.dsn, { email: PERSONAL[2], rolle: 'buerger' });
  srv.sql(`INSERT INTO formular (leistung_id, behoerde_id, version, status, titel, definition, sha256, erstellt) VALUES ('${lid}', ${bid}, 99, 'veroeffentlicht', 'Privat-Test', '{}', '00', 1)`);
  const [[fid]] = sqlRows(srv, "SELECT id FROM formular WHERE titel = 'Privat-Test'");
  srv.sql(`INSERT INTO antrag (behoerde_id, oe_id, konto_id, formular_id, leistung_id, gemeinde_ags, status, erstellt, geaendert) VALUES (${bid}, ${oe}, ${konto.id}, ${fid}, '${lid}', '${ags}', 'eingegangen', 1, 1)`);
  const [[aid]] = sqlRows(srv, `SELECT id FROM antrag WHERE formular_id = ${fid}`);
  const daten = JSON.stringify({ name: PERSONAL[0], anschrift: PERSONAL[1], email: PERSONAL[2], iban: PERSONAL[3] }).replace(/'/g, "''");
  srv.sql(`INSERT INTO antrag_daten (antrag_id, behoerde_id, daten, geaendert) VALUES (${aid}, ${bid}, '${daten}', 1)`);
}

describe('privacy', () => {
  test('no personal data from applications in any Koordination response', async () => {
    seedPersonalData();
    const paths = [
      '/api/v1/umsetzung?kreis=08115&limit=5000',
      '/api/v1/umsetzung?kreis=08115&format=csv',
      '/api/v1/umsetzung?limit=5000',
      '/api/v1/lagebild',
      '/api/v1/lagebild?kreis=08115',
      '/api/v1/lagebild?format=csv',
      '/api/v1/lagebild?kreis=08115&tabelle=kreise&format=csv',
      '/api/v1/anfragen',
      '/api/v1/anfragen?format=csv',
      '/api/v1/artikel',
      '/api/v1/termine',
      '/api/v1/berichte',
      '/api/v1/berichte?kreis=08115&format=csv',
      '/api/v1/foerderprogramm',
    ];
    for (const acc of [koordBB, land, ministerium]) {
      for (const p of paths) {
        const res = await api(acc, 'GET', p);
        if (res.status !== 200) continue; // e.g. another district
        for (const s of PERSONAL) assert.ok(!res.text.includes(s), `${acc.email} ${p} shows '${s}'`);
      }
    }
  });
});
