// amt.test.mjs — the clerk's day in Chromium against the real binary: a citizen's submission
// (made over the API) waits in the office inbox; the clerk logs in with password and TOTP,
// opens the inbox, takes the application into a new file, writes a note and sets a
// follow-up, which then shows on the Amt start page, and marks it done; then drafts and sends
// the decision, which the citizen finds in the Postfach with its PDF, the application marked
// beschieden. axe checks every page (lib/browser.mjs); the pages have no JavaScript.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';

import { makeAccount, sqlRows, totp } from '../api/konto-helfer.mjs';
import { connect } from '../api/lib/client.mjs';
import { REPO, startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';

let srv, browser, base, client, behoerde, sb, buerger, antragId;

function api(token, method, p, json) {
  const headers = { Authorization: `Bearer ${token}` };
  if (json !== undefined) headers['Content-Type'] = 'application/json';
  return client.request(method, p, { headers, body: json === undefined ? undefined : typeof json === 'string' ? json : JSON.stringify(json) });
}

before(async () => {
  srv = await startServer({ label: 'browser-amt' });
  base = srv.base;
  client = await connect(srv);
  browser = await launch();
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  behoerde = z.items[0].behoerde_id;
  const now = Math.floor(Date.now() / 1000);
  srv.sql(`INSERT INTO aktenplan (behoerde_id, kennzeichen, titel, is_aktiv, erstellt, geaendert) VALUES (${behoerde}, '122.4', 'Hundesteuer', 1, ${now}, ${now})`);
  const admin = makeAccount(srv.dsn, { email: 'admin@amt-browser.example', rolle: 'behoerdenadmin', behoerde });
  sb = makeAccount(srv.dsn, { email: 'sb@amt-browser.example', rolle: 'sachbearbeitung', behoerde });
  buerger = makeAccount(srv.dsn, { email: 'erika@amt-browser.example', rolle: 'buerger' });
  const def = fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8');
  assert.equal((await api(admin.token, 'POST', `/api/v1/behoerden/${behoerde}/formulare?veroeffentlichen=true`, def)).status, 201);
  const a = await api(buerger.token, 'POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN });
  assert.equal(a.status, 201, a.text);
  antragId = a.json.id;
  const daten = {
    vorname: 'Erika', familienname: 'Mustermann', geburtsdatum: '1980-05-17',
    anschrift: { strasse: 'Marktplatz', hausnummer: '1', plz: '71032', ort: 'Böblingen' },
    hunde: [{ name: 'Bello', rasse: 'Mischling', geschlecht: 'ruede', haltung_seit: '2026-01-02', kampfhund: false }],
    ermaessigung: 'keine', lastschrift: true, kontoinhaber: 'Erika Mustermann',
    iban: 'DE89 3704 0044 0532 0130 00', sepa_mandat: true, richtigkeit: true,
  };
  assert.equal((await api(buerger.token, 'PUT', `/api/v1/antraege/${antragId}/daten`, daten)).status, 200);
  assert.equal((await api(buerger.token, 'POST', `/api/v1/antraege/${antragId}/einreichen`)).status, 201);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const getBrowser = () => browser;

async function send(s, page, fields, button) {
  for (const [sel, value] of Object.entries(fields)) await page.locator(sel).fill(value);
  await Promise.all([page.waitForNavigation(), page.locator(`button:has-text("${button}")`).first().click()]);
  await s.settled(page);
}

async function h1(page) {
  return (await page.locator('h1').innerText()).trim();
}

// `schritt`: which TOTP step's code to give (the server accepts one step of drift either way and
// never the same step twice, so a second login in the same half minute uses the next one)
async function login(s, acc, schritt = 0) {
  const page = await s.goto(`${base}/konto/anmelden`);
  await send(s, page, { 'form [name="email"]': acc.email, 'form [name="passwort"]': acc.password }, 'Anmelden');
  if ((await h1(page)) === 'Bestätigungscode eingeben')
    await send(s, page, { 'form [name="code"]': totp(acc.totp, Date.now() / 1000 + 30 * schritt) }, 'Anmelden');
  assert.equal(await h1(page), 'Mein Konto');
  return page;
}

async function click(s, page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
  await s.settled(page);
}

browserTest('Posteingang: übernehmen, Vermerk, Wiedervorlage auf der Startseite', getBrowser, async (s) => {
  const page = await login(s, sb);
  await s.goto(`${base}/amt/posteingang`, page);
  assert.equal(await h1(page), 'Posteingang');
  assert.match(await page.locator('#zaehler').innerText(), /1 neu/);
  const link = page.locator('#tabelle-posteingang tbody a').first();
  await Promise.all([page.waitForNavigation(), link.click()]);
  await s.settled(page);
  assert.match(await page.locator('#eingang-status').innerText(), /neu/);
  // take it into a new file under 122.4
  const plan = sqlRows(srv, `SELECT id FROM aktenplan WHERE behoerde_id = ${behoerde} AND kennzeichen = '122.4'`)[0][0];
  await page.selectOption('#u-plan', plan);
  await send(s, page, { '#u-titel': 'Hundesteuer Mustermann' }, 'Übernehmen');
  assert.match(await h1(page), /^122\.4\/\d+-1 /);
  assert.match(await page.locator('#vorgang-status').innerText(), /in Bearbeitung/);
  assert.ok((await page.locator('#tabelle-antworten').innerText()).includes('Mustermann'));
  // a note
  await send(s, page, { '#v-text': 'Steuerbescheid vorbereitet.' }, 'Vermerk speichern');
  assert.match(await page.locator('#liste-vermerke').innerText(), /Steuerbescheid vorbereitet\./);
  // a follow-up for today: due on the start page
  const heute = await page.locator('#w-datum').getAttribute('min');
  await send(s, page, { '#w-datum': heute, '#w-grund': 'Zahlung prüfen' }, 'Wiedervorlage setzen');
  assert.match(await page.locator('#liste-wiedervorlagen').innerText(), /Zahlung prüfen/);
  await s.goto(`${base}/amt`, page);
  assert.equal(await h1(page), 'Übersicht');
  const wv = page.locator('#tabelle-wiedervorlagen');
  assert.match(await wv.innerText(), /Zahlung prüfen/);
  assert.match(await wv.innerText(), /fällig/);
  assert.equal((await page.locator('#zahl-vorgaenge').innerText()).trim(), '1');
  // done: it leaves the list
  await Promise.all([page.waitForNavigation(), wv.locator('button:has-text("Erledigt")').first().click()]);
  await s.settled(page);
  assert.match(await page.locator('#tabelle-wiedervorlagen').innerText(), /Keine offenen Wiedervorlagen/);
  // the file lists the case
  await s.goto(`${base}/amt/akten`, page);
  assert.match(await page.locator('#tabelle-akten').innerText(), /Hundesteuer Mustermann/);
  assert.equal(sqlRows(srv, `SELECT status FROM antrag WHERE id = ${antragId}`)[0][0], 'in_bearbeitung');
});

browserTest('Bescheid: die Sachbearbeitung versendet, die Bürgerin findet ihn im Postfach', getBrowser, async (s) => {
  const vorgang = sqlRows(srv, `SELECT id FROM vorgang WHERE antrag_id = ${antragId}`)[0]?.[0];
  assert.ok(vorgang, 'the first test took the application into a case');
  const page = await login(s, sb, 1);
  await s.goto(`${base}/amt/vorgaenge/${vorgang}/bescheid`, page);
  assert.match(await h1(page), /^Bescheid/);
  await send(s, page, { '#b-betreff': 'Hundesteuer 2027', '#b-text': 'Sehr geehrte Frau {{antrag.familienname}}, die Hundesteuer für Bello wird festgesetzt. Aktenzeichen {{vorgang.aktenzeichen}}.' }, 'Entwurf anlegen');
  const karte = page.locator('section.kern-card').first();
  assert.match(await karte.innerText(), /Mustermann/, 'the fields were filled from the application');
  await click(s, page, page.locator('button:has-text("Versenden")'));
  assert.match(await page.locator('section.kern-card').first().innerText(), /versandt/);
  assert.equal(sqlRows(srv, `SELECT status FROM antrag WHERE id = ${antragId}`)[0][0], 'beschieden');

  // the citizen, in the same browser after the clerk's cookies are gone: password login
  // (no second factor for citizens)
  await s.context.clearCookies();
  const bp = await s.goto(`${base}/konto/anmelden`, page);
  await send(s, bp, { 'form [name="email"]': buerger.email, 'form [name="passwort"]': buerger.password }, 'Anmelden');
  await s.goto(`${base}/postfach`, bp);
  assert.equal(await h1(bp), 'Postfach');
  const zeile = bp.locator('tbody tr', { hasText: 'Bescheid' }).first();
  assert.match(await zeile.innerText(), /Hundesteuer 2027/);
  await click(s, bp, zeile.locator('a').first());
  assert.equal(await h1(bp), 'Hundesteuer 2027');
  const href = await bp.locator('a[href*="/anlagen/"]').first().getAttribute('href');
  const pdf = await s.context.request.get(`${base}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  await s.goto(`${base}/antrag/${antragId}`, bp);
  assert.match(await bp.locator('main').innerText(), /beschieden/i);
});
