// amt-formular.test.mjs — an office admin manages the forms of the authority in Chromium
// against the real binary: logs in with TOTP, uploads a definition with an error and sees the
// error with its JSONPath, uploads a valid one, previews its steps as the portal renders them
// (read-only), publishes it, then uploads a changed version and sees what changed. axe
// checks every page (lib/browser.mjs); the pages have no JavaScript.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

import { makeAccount, totp } from '../api/konto-helfer.mjs';
import { REPO, startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

const HUND = '99110009104000';
let srv, browser, base, behoerde, dir;

before(async () => {
  srv = await startServer({ label: 'browser-amt-formular' });
  base = srv.base;
  browser = await launch();
  const res = await fetch(`${base}/api/v1/zustaendigkeiten?leistung=${HUND}&ort=08115003`);
  behoerde = (await res.json()).items[0].behoerde_id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amt-formular-'));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const getBrowser = () => browser;

async function send(s, page, fields, button) {
  for (const [name, value] of Object.entries(fields)) await page.locator(`form [name="${name}"]`).first().fill(value);
  await Promise.all([page.waitForNavigation(), page.locator(`button:has-text("${button}")`).first().click()]);
  await s.settled(page);
}

async function h1(page) {
  return (await page.locator('h1').innerText()).trim();
}

async function login(s, acc) {
  const page = await s.goto(`${base}/konto/anmelden`);
  await send(s, page, { email: acc.email, passwort: acc.password }, 'Anmelden');
  if ((await h1(page)) === 'Bestätigungscode eingeben') await send(s, page, { code: totp(acc.totp) }, 'Anmelden');
  assert.equal(await h1(page), 'Mein Konto');
  return page;
}

async function hochladen(s, page, datei, sofort = false) {
  await page.setInputFiles('#f-datei', datei);
  if (sofort) await page.check('#f-veroeffentlichen');
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Hochladen")').click()]);
  await s.settled(page);
}

browserTest('Formulare: fehlerhafte Definition, gültige hochladen, Vorschau, veröffentlichen, Änderungen', getBrowser, async (s) => {
  const admin = makeAccount(srv.dsn, { email: 'formular-admin@browser.example', rolle: 'behoerdenadmin', behoerde });
  const def = JSON.parse(fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json'), 'utf8'));
  const page = await login(s, admin);
  await s.goto(`${base}/amt/formulare`, page);
  assert.equal(await h1(page), 'Formulare');

  // an error: shown with its JSONPath, nothing stored
  const falsch = structuredClone(def);
  falsch.schritte[0].felder[1].typ = 'farbe';
  const fDatei = path.join(dir, 'falsch.json');
  fs.writeFileSync(fDatei, JSON.stringify(falsch));
  await hochladen(s, page, fDatei);
  const alert = page.locator('.fehlerliste');
  assert.equal(await alert.count(), 1);
  assert.match(await alert.innerText(), /\$\.schritte\[0\]\.felder\[1\]\.typ/);
  assert.equal(await page.locator('table.kern-table tbody tr').count(), 0, 'nothing stored');

  // a valid one: to its preview, a draft
  const gDatei = path.join(dir, 'hund.json');
  fs.writeFileSync(gDatei, JSON.stringify(def));
  await hochladen(s, page, gDatei);
  assert.equal(await h1(page), def.titel);
  assert.match(await page.locator('.formular-meta').innerText(), /Entwurf/);
  // every step, rendered as in the portal, read-only
  assert.equal(await page.locator('section.formular-vorschau').count(), def.schritte.length);
  assert.ok(await page.locator('#f-vorname').isDisabled(), 'the preview cannot be filled in');
  assert.equal(await page.locator('label[for="f-vorname"]').count(), 1);

  // publish
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Veröffentlichen")').click()]);
  await s.settled(page);
  assert.match(await page.locator('.formular-meta').innerText(), /Veröffentlicht/);
  assert.equal(await page.locator('button:has-text("Veröffentlichen")').count(), 0);
  // the portal uses it now
  const portal = await fetch(`${base}/api/v1/leistungen/${HUND}/formular?ort=08115003`);
  assert.equal(portal.status, 200);

  // a second version with a new field: the preview says what changed
  const neu = structuredClone(def);
  neu.schritte[0].felder.push({ id: 'telefon_neu', typ: 'telefon', label: 'Telefon für Rückfragen' });
  const nDatei = path.join(dir, 'hund2.json');
  fs.writeFileSync(nDatei, JSON.stringify(neu));
  await s.goto(`${base}/amt/formulare`, page);
  await hochladen(s, page, nDatei);
  assert.match(await page.locator('#h-aenderungen').innerText(), /Version 1/);
  assert.match(await page.locator('section[aria-labelledby="h-aenderungen"]').innerText(), /telefon_neu/);

  // the list with its filter
  await s.goto(`${base}/amt/formulare?status=veroeffentlicht`, page);
  const zeilen = page.locator('table.kern-table tbody tr');
  assert.ok((await zeilen.count()) >= 1);
  for (let i = 0; i < (await zeilen.count()); i++) assert.match(await zeilen.nth(i).innerText(), /Veröffentlicht/);
});
