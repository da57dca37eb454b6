// amt-archiv.test.mjs — an office admin works with the file plan, the Aussonderung and the
// audit log in Chromium against the real binary: sees the demo plan as a tree, imports a
// broken CSV and sees file, line and reason (nothing changed), imports a good one, edits an
// entry; sees a due file on the Aussonderung page and destroys a file marked V after the
// confirmation; reads the audit log with its verification. (Clerks reading the plan: the
// authorization matrix.) axe checks every page (lib/browser.mjs); the pages have no JavaScript.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { makeAccount, sqlRows, totp } from '../api/konto-helfer.mjs';
import { startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

const HUND = '99110009104000';
let srv, browser, base, behoerde;

before(async () => {
  srv = await startServer({ label: 'browser-amt-archiv' });
  base = srv.base;
  browser = await launch();
  const res = await fetch(`${base}/api/v1/zustaendigkeiten?leistung=${HUND}&ort=08115003`);
  behoerde = (await res.json()).items[0].behoerde_id;
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const getBrowser = () => browser;

async function h1(page) {
  return (await page.locator('h1').innerText()).trim();
}

async function klick(s, page, button) {
  await Promise.all([page.waitForNavigation(), page.locator(`button:has-text("${button}")`).first().click()]);
  await s.settled(page);
}

async function login(s, acc) {
  const page = await s.goto(`${base}/konto/anmelden`);
  await page.locator('form [name="email"]').first().fill(acc.email);
  await page.locator('form [name="passwort"]').first().fill(acc.password);
  await klick(s, page, 'Anmelden');
  if ((await h1(page)) === 'Bestätigungscode eingeben') {
    await page.locator('form [name="code"]').first().fill(totp(acc.totp));
    await klick(s, page, 'Anmelden');
  }
  assert.equal(await h1(page), 'Mein Konto');
  return page;
}

browserTest('Aktenplan, Aussonderung und Protokoll im Amt', getBrowser, async (s) => {
  const admin = makeAccount(srv.dsn, { email: 'archiv-admin@browser.example', rolle: 'behoerdenadmin', behoerde });
  const page = await login(s, admin);
  await s.goto(`${base}/amt/aktenplan`, page);
  assert.equal(await h1(page), 'Aktenplan');
  assert.match(await page.locator('table.kern-table').innerText(), /Hundesteuer/);

  // a broken CSV: file, line, reason; nothing changed
  await page.locator('#i-csv').fill('kennzeichen,titel,aufbewahrung_jahre\n9127,Neu,7\n9x,Kaputt,\n');
  await klick(s, page, 'Importieren');
  assert.match(await page.locator('#fehler').innerText(), /aktenplan\.csv:3: kennzeichen/);
  assert.doesNotMatch(await page.locator('table.kern-table').innerText(), /9127/);
  // a good one
  await page.locator('#i-csv').fill('kennzeichen,titel,aufbewahrung_jahre\n9127,Hundesteuer Befreiungen,7\n');
  await klick(s, page, 'Importieren');
  assert.match(await page.locator('.kern-alert--success').innerText(), /übernommen/);
  assert.match(await page.locator('table.kern-table').innerText(), /Hundesteuer Befreiungen/);
  // edit it
  const id = sqlRows(srv, `SELECT id FROM aktenplan WHERE behoerde_id = ${behoerde} AND kennzeichen = '9127'`)[0][0];
  await s.goto(`${base}/amt/aktenplan?bearbeiten=${id}`, page);
  await page.locator('#e-titel').fill('Befreiungen von der Hundesteuer');
  await klick(s, page, 'Speichern');
  assert.match(await page.locator('table.kern-table').innerText(), /Befreiungen von der Hundesteuer/);

  // a due file marked V, destroyed after the confirmation
  const plan = sqlRows(srv, `SELECT id FROM aktenplan WHERE behoerde_id = ${behoerde} AND kennzeichen = '912'`)[0][0];
  const oe = sqlRows(srv, `SELECT MIN(id) FROM organisationseinheit WHERE behoerde_id = ${behoerde}`)[0][0];
  srv.sql(`INSERT INTO akte (behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, status, erstellt, geaendert, zda_zeitpunkt, aufbewahrung_bis) VALUES (${behoerde}, ${oe}, ${plan}, 77, '912/77', 'Hundesteuer alt', 'zda', 1, 1, 1, '2001-12-31')`);
  await s.goto(`${base}/amt/aussonderung`, page);
  assert.equal(await h1(page), 'Aussonderung');
  assert.match(await page.locator('table.kern-table').first().innerText(), /912\/77/);
  await klick(s, page, 'Vernichten');
  assert.equal(await h1(page), 'Bitte bestätigen');
  await s.goto(`${base}/amt/aussonderung`, page);
  await page.check('#v-ok');
  await klick(s, page, 'Vernichten');
  assert.match(await page.locator('.kern-alert--success').innerText(), /vernichtet/);
  assert.equal(sqlRows(srv, `SELECT status FROM akte WHERE aktenzeichen = '912/77' AND behoerde_id = ${behoerde}`)[0][0], 'ausgesondert');

  // the audit log with its verification
  await s.goto(`${base}/amt/protokoll`, page);
  assert.equal(await h1(page), 'Protokoll');
  assert.match(await page.locator('.kern-alert--success').innerText(), /unversehrt/);
  assert.match(await page.locator('table.kern-table').innerText(), /aussonderung_geloescht/);
});
