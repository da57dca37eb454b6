// koordination-bausteine.test.mjs — issue 7, second round, over real HTTP: a municipality's
// building blocks, onboarding checklists and E-Akte stage (reported by its own staff or the
// coordinators of its Kreis; the E-Akte stage also derived from files and cases on the
// platform, shown apart), what blocks going live, the Lagebild's filters (Regierungsbezirk,
// size class, Themenfeld) in JSON and CSV, and "receives submissions" in the Umsetzung.
// Only counts and product names: no personal data in any of these responses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { assertProblem, connect } from './lib/client.mjs';
import { startServer } from './lib/server.mjs';
import { makeAccount, sqlRows } from './konto-helfer.mjs';

let srv, client, koordBB, koordTU, ministerium, buerger, sbBB, sbOther, gemeinde, behoerde;

before(async () => {
  srv = await startServer({ label: 'koordination-bausteine' });
  client = await connect(srv);
  koordBB = makeAccount(srv.dsn, { email: 'kb-bb@bausteine.example', rolle: 'koordination', kreis: '08115' });
  koordTU = makeAccount(srv.dsn, { email: 'kb-tu@bausteine.example', rolle: 'koordination', kreis: '08416' });
  ministerium = makeAccount(srv.dsn, { email: 'kb-im@bausteine.example', rolle: 'ministerium' });
  buerger = makeAccount(srv.dsn, { email: 'kb-buerger@bausteine.example', rolle: 'buerger' });
  const [row] = sqlRows(srv, "SELECT id, gemeinde_ags FROM behoerde WHERE art = 'gemeinde' AND kreis_ags = '08115' ORDER BY id LIMIT 1");
  [behoerde, gemeinde] = [row[0], row[1]];
  sbBB = makeAccount(srv.dsn, { email: 'kb-sb@bausteine.example', rolle: 'sachbearbeitung', behoerde });
  const [other] = sqlRows(srv, `SELECT id FROM behoerde WHERE art = 'gemeinde' AND kreis_ags = '08115' AND id <> ${behoerde} ORDER BY id LIMIT 1`);
  sbOther = makeAccount(srv.dsn, { email: 'kb-sb2@bausteine.example', rolle: 'sachbearbeitung', behoerde: other[0] });
});

after(async () => {
  await srv?.stop();
});

function api(acc, method, path, json) {
  const h = {};
  if (acc) h.Authorization = `Bearer ${acc.token}`;
  if (json !== undefined) h['Content-Type'] = 'application/json';
  return client.request(method, path, { headers: h, body: json === undefined ? undefined : JSON.stringify(json) });
}

const stand = () => `/api/v1/umsetzung/gemeinden/${gemeinde}`;

describe('Bausteine, Checklisten, E-Akte', () => {
  test('the Gemeinde\'s own staff report; the district\'s coordinators see and edit; others do not', async () => {
    let res = await api(sbBB, 'POST', `${stand()}/bausteine`, { art: 'portal', name: 'service-bw', hersteller: 'Land BW', seit: '2023-04-01' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.darf_melden, true);
    assert.ok(res.json.bausteine.some((b) => b.art === 'portal' && b.name === 'service-bw' && b.hersteller === 'Land BW'));
    assert.ok(!res.json.blockiert.fehlende_bausteine.includes('portal'));
    assert.ok(res.json.blockiert.fehlende_bausteine.includes('bezahlplattform'));
    // the coordinator of the Kreis edits the same block (vendor) and adds a checklist step
    res = await api(koordBB, 'POST', `${stand()}/bausteine`, { art: 'portal', name: 'service-bw', hersteller: 'Innenministerium' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.bausteine.filter((b) => b.art === 'portal').length, 1);
    assert.equal(res.json.bausteine.find((b) => b.art === 'portal').hersteller, 'Innenministerium');
    res = await api(koordBB, 'POST', `${stand()}/checkliste`, { leistung: 10100, schritt: 'zustaendigkeit', erledigt: true });
    assert.equal(res.status, 201, res.text);
    res = await api(sbBB, 'POST', `${stand()}/checkliste`, { leistung: 10100, schritt: 'formular', erledigt: false, notiz: 'Formular in Arbeit' });
    assert.equal(res.status, 201, res.text);
    const b = res.json.blockiert.leistungen.find((l) => l.leistung === 10100);
    assert.ok(b, 'an OZG-Leistung in onboarding with open steps blocks');
    assert.ok(!b.offen.includes('zustaendigkeit'));
    assert.ok(b.offen.includes('formular') && b.offen.includes('freigabe'));
    res = await api(sbBB, 'POST', `${stand()}/eakte`, { stufe: 'pilot', seit: '2024-01-01' });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.eakte.gemeldet.stufe, 'pilot');
    // the ministry reads, may not write; other districts, other Gemeinden and citizens see nothing
    res = await api(ministerium, 'GET', stand());
    assert.equal(res.status, 200);
    assert.equal(res.json.darf_melden, false);
    assertProblem(await api(ministerium, 'POST', `${stand()}/eakte`, { stufe: 'geplant' }), 403);
    assertProblem(await api(koordTU, 'GET', stand()), 404);
    assertProblem(await api(koordTU, 'POST', `${stand()}/eakte`, { stufe: 'geplant' }), 404);
    assertProblem(await api(sbOther, 'GET', stand()), 404);
    assertProblem(await api(sbOther, 'POST', `${stand()}/bausteine`, { art: 'portal', name: 'x' }), 404);
    assertProblem(await api(buerger, 'GET', stand()), 404);
    assertProblem(await api(null, 'GET', stand()), 401);
    // every change is in the audit log, without personal data
    const log = srv.sql("SELECT aktion || ':' || detail FROM protokoll WHERE objekt_typ = 'gemeinde' ORDER BY id");
    assert.match(log, /baustein_gemeldet/);
    assert.match(log, /checkliste_geaendert/);
    assert.match(log, /eakte_gemeldet:\{"stufe":"pilot"\}/);
    assert.doesNotMatch(log, /bausteine\.example/);
  });

  test('bad input is refused with the field named', async () => {
    const cases = [
      ['bausteine', { art: 'drucker', name: 'x' }, 'art'],
      ['bausteine', { art: 'portal' }, 'name'],
      ['bausteine', { art: 'portal', name: 'x', seit: '2999-01-01' }, 'seit'],
      ['checkliste', { leistung: 10100, schritt: 'tanzen', erledigt: true }, 'schritt'],
      ['checkliste', { leistung: 1, schritt: 'test', erledigt: true }, 'leistung'],
      ['checkliste', { leistung: 10100, schritt: 'test', erledigt: 'ja' }, 'erledigt'],
      ['eakte', { stufe: 'unbekannt' }, 'stufe'],
    ];
    for (const [what, json, feld] of cases) {
      const res = await api(sbBB, 'POST', `${stand()}/${what}`, json);
      assertProblem(res, 400);
      assert.ok(JSON.stringify(res.json).includes(feld), `${what} ${JSON.stringify(json)} names ${feld}: ${res.text}`);
    }
    assertProblem(await api(koordBB, 'GET', '/api/v1/umsetzung/gemeinden/0811500x'), 400);
  });

  test('the E-Akte stage derived from files on the platform is shown apart from the report', async () => {
    const [[oes]] = sqlRows(srv, `SELECT COUNT(*) FROM organisationseinheit WHERE behoerde_id = ${behoerde}`);
    let res = await api(koordBB, 'GET', stand());
    assert.equal(res.json.eakte.plattform.aemter, Number(oes));
    const vorher = res.json.eakte.plattform.aemter_mit_akten;
    const [[oe]] = sqlRows(srv, `SELECT o.id FROM organisationseinheit o WHERE o.behoerde_id = ${behoerde} AND NOT EXISTS (SELECT 1 FROM akte a WHERE a.oe_id = o.id) AND NOT EXISTS (SELECT 1 FROM vorgang v WHERE v.oe_id = o.id) ORDER BY o.id LIMIT 1`) ?? [[null]];
    if (oe !== null && oe !== undefined) {
      srv.sql(`INSERT INTO aktenplan (behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES (${behoerde}, 'kb-99', 'Test', 1, 1)`);
      srv.sql(`INSERT INTO akte (behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, erstellt, geaendert) VALUES (${behoerde}, ${oe}, (SELECT id FROM aktenplan WHERE kennzeichen = 'kb-99' AND behoerde_id = ${behoerde}), 1, 'kb-99/1', 'Akte', 1, 1)`);
      res = await api(koordBB, 'GET', stand());
      assert.equal(res.json.eakte.plattform.aemter_mit_akten, vorher + 1);
      const n = res.json.eakte.plattform.aemter_mit_akten;
      assert.equal(res.json.eakte.plattform.stufe, n === Number(oes) ? 'flaechendeckend' : 'teilweise');
    }
    assert.equal(res.json.eakte.gemeldet.stufe, 'pilot', 'the report stays apart');
    const lb = await api(koordBB, 'GET', '/api/v1/lagebild?kreis=08115');
    const g = lb.json.gemeinden.find((x) => x.ags === gemeinde);
    assert.equal(g.eakte, 'pilot');
    assert.equal(g.eakte_plattform, res.json.eakte.plattform.stufe);
    const sum = Object.values(lb.json.eakte_plattform).reduce((a, b) => a + b, 0);
    assert.equal(sum, lb.json.gemeinden_anzahl);
  });
});

describe('Lagebild filters', () => {
  test('Regierungsbezirk, size class and Themenfeld narrow the picture, in JSON and CSV', async () => {
    const land = (await api(ministerium, 'GET', '/api/v1/lagebild')).json;
    const rb = (await api(ministerium, 'GET', '/api/v1/lagebild?regierungsbezirk=081')).json;
    assert.equal(rb.filter.regierungsbezirk, '081');
    assert.ok(rb.gemeinden.length > 0 && rb.gemeinden.length < land.gemeinden.length);
    assert.ok(rb.gemeinden.every((g) => g.ags.startsWith('081')));
    assert.ok(rb.kreise.every((k) => k.ags.startsWith('081')));
    const gross = (await api(ministerium, 'GET', '/api/v1/lagebild?groesse=ab_100000')).json;
    assert.ok(gross.gemeinden.length > 0 && gross.gemeinden.every((g) => g.einwohner >= 100000));
    const klein = (await api(koordBB, 'GET', '/api/v1/lagebild?kreis=08115&groesse=unter_5000')).json;
    assert.ok(klein.gemeinden.every((g) => g.einwohner < 5000 && g.kreis === '08115'));
    const tf = land.themenfelder.find((t) => t.id > 0 && t.leistungen > 0);
    const nurTf = (await api(ministerium, 'GET', `/api/v1/lagebild?themenfeld=${tf.id}`)).json;
    assert.equal(nurTf.leistungen, tf.leistungen);
    assert.equal(nurTf.themenfelder.length, 1);
    assert.equal(nurTf.gesamt.online, tf.zahlen.online);
    assert.equal(nurTf.verlauf.at(-1).online, tf.zahlen.online);
    // the parts add up to the whole
    const sumOnline = land.kreise.reduce((a, k) => a + k.zahlen.online, 0);
    assert.equal(sumOnline, land.gesamt.online);
    // CSV with the same filters
    const csv = await client.request('GET', '/api/v1/lagebild?regierungsbezirk=081&tabelle=kreise&format=csv', { headers: { Authorization: `Bearer ${ministerium.token}` } });
    assert.equal(csv.status, 200);
    const lines = csv.text.trim().split(/\r?\n/);
    assert.equal(lines.length - 1, rb.kreise.length);
    assert.ok(lines.slice(1).every((l) => l.startsWith('081')));
    const gcsv = await client.request('GET', `/api/v1/lagebild?kreis=08115&groesse=unter_5000&format=csv`, { headers: { Authorization: `Bearer ${koordBB.token}` } });
    assert.match(gcsv.text.split(/\r?\n/)[0], /eakte_plattform/);
    assert.equal(gcsv.text.trim().split(/\r?\n/).length - 1, klein.gemeinden.length);
    // bad or contradicting values
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?groesse=riesig'), 400);
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?themenfeld=abc'), 400);
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?regierungsbezirk=8'), 400);
    assertProblem(await api(koordBB, 'GET', '/api/v1/lagebild?kreis=08115&regierungsbezirk=082'), 400);
    assertProblem(await api(ministerium, 'GET', '/api/v1/lagebild?themenfeld=999999'), 400);
  });
});

describe('Umsetzung: receives submissions', () => {
  test('platform rows say whether the service receives submissions, with a count only', async () => {
    const res = await api(koordBB, 'GET', '/api/v1/umsetzung?kreis=08115&limit=5000');
    assert.equal(res.status, 200);
    const pl = res.json.items.filter((z) => z.quelle === 'plattform');
    assert.ok(pl.length > 0);
    for (const z of pl) {
      assert.equal(typeof z.empfaengt, 'boolean');
      assert.ok(Number.isInteger(z.eingereicht) && z.eingereicht >= 0);
      if (z.empfaengt) assert.ok(z.reifegrad >= 2, JSON.stringify(z));
    }
    const csv = await client.request('GET', '/api/v1/umsetzung?kreis=08115&format=csv', { headers: { Authorization: `Bearer ${koordBB.token}` } });
    assert.match(csv.text.split(/\r?\n/)[0], /empfaengt,eingereicht$/);
  });
});
