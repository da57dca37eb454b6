// amt-dokument.test.mjs — a clerk works with the documents, the search and a decision of a case
// in Chromium against the real binary: uploads a document through the page (multipart form,
// no JavaScript), sees it with its version, marks it final, finds it through the search page
// (the hit marked), drafts a decision from free text and sends it; an admin sees the decision
// templates and the co-signing setting. axe checks every page (lib/browser.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';

import { makeAccount, totp } from '../api/konto-helfer.mjs';
import { BIN, run, startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

let srv, browser, base, behoerde, dir, sb, admin, vorgang;

async function api(token, method, p, json) {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  const body = await res.json();
  assert.ok(res.status < 300, `${method} ${p}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

before(async () => {
  srv = await startServer({ label: 'browser-amt-dokument' });
  base = srv.base;
  browser = await launch();
  const res = await fetch(`${base}/api/v1/zustaendigkeiten?leistung=99110009104000&ort=08115003`);
  behoerde = (await res.json()).items[0].behoerde_id;
  sb = makeAccount(srv.dsn, { email: 'sb@dok-browser.example', rolle: 'sachbearbeitung', behoerde });
  admin = makeAccount(srv.dsn, { email: 'admin@dok-browser.example', rolle: 'behoerdenadmin', behoerde });
  const plan = srv.sql(`SELECT id FROM aktenplan WHERE behoerde_id = ${behoerde} AND is_aktiv = 1 ORDER BY length(kennzeichen) DESC, id LIMIT 1`).trim();
  const oe = srv.sql(`SELECT id FROM organisationseinheit WHERE behoerde_id = ${behoerde} ORDER BY id LIMIT 1`).trim();
  const akte = await api(sb.token, 'POST', '/api/v1/akten', { aktenplan: Number(plan), oe_id: Number(oe), titel: 'Straßenbeleuchtung' });
  vorgang = (await api(sb.token, 'POST', '/api/v1/vorgaenge', { akte: akte.id, betreff: 'Laterne Lindenweg' })).id;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amt-dokument-'));
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

browserTest('Dokumente hochladen, Endfassung, Volltextsuche und Bescheid versenden', getBrowser, async (s) => {
  const page = await login(s, sb);
  await s.goto(`${base}/amt/vorgaenge/${vorgang}/dokumente`, page);
  assert.match(await h1(page), /^Dokumente/);
  const datei = path.join(dir, 'ortstermin.txt');
  fs.writeFileSync(datei, 'Beim Ortstermin flackerte die Straßenlaterne am Lindenweg.\n');
  await page.fill('#d-titel', 'Vermerk Ortstermin');
  await page.setInputFiles('#d-datei', datei);
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Hochladen")').click()]);
  await s.settled(page);
  const karte = page.locator('section.kern-card', { hasText: 'Vermerk Ortstermin' });
  assert.equal(await karte.count(), 1);
  assert.match(await karte.innerText(), /ortstermin\.txt/);
  // final: no form for another version any more
  await Promise.all([page.waitForNavigation(), karte.locator('button:has-text("Als Endfassung markieren")').click()]);
  await s.settled(page);
  assert.match(await page.locator('section.kern-card', { hasText: 'Vermerk Ortstermin' }).innerText(), /Endfassung/);
  assert.equal(await page.locator('button:has-text("Version hochladen")').count(), 0);

  // the text is read (here by the command; the server does it by itself, too) and found
  run(BIN, ['texte', '--db', srv.dsn]);
  await s.goto(`${base}/amt/suche`, page);
  await send(s, page, { q: 'flackerte Lindenweg' }, 'Suchen');
  const hit = page.locator('ol li', { hasText: 'Vermerk Ortstermin' });
  assert.equal(await hit.count(), 1);
  assert.ok((await hit.locator('mark').count()) >= 1, 'the words are marked');

  // a decision from free text, sent (no co-signing in this office)
  await s.goto(`${base}/amt/vorgaenge/${vorgang}/bescheid`, page);
  await send(s, page, { betreff: 'Reparatur der Laterne', text: 'Die Laterne am Lindenweg wird bis {{heute}} repariert.' }, 'Entwurf anlegen');
  assert.match(await page.locator('section.kern-card').first().innerText(), /Entwurf/);
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Versenden")').click()]);
  await s.settled(page);
  assert.match(await page.locator('section.kern-card').first().innerText(), /versandt/);
  assert.equal(await page.locator('button:has-text("Entwurf anlegen")').count(), 0, 'the case is decided');
});

browserTest('Bescheidvorlagen und Mitzeichnung für die Administration', getBrowser, async (s) => {
  const page = await login(s, admin);
  await s.goto(`${base}/amt/bescheidvorlagen`, page);
  assert.equal(await h1(page), 'Bescheidvorlagen');
  assert.ok((await page.locator('#tabelle-vorlagen tbody tr').count()) >= 2, 'the demo templates');
  await send(s, page, { name: 'Laterne (Browser)', betreff: 'Laterne {{vorgang.aktenzeichen}}', text: 'Hallo {{antrag.vorname}}' }, 'Vorlage anlegen');
  assert.equal(await page.locator('#tabelle-vorlagen a', { hasText: 'Laterne (Browser)' }).count(), 1);
  const zeile = page.locator('#tabelle-mitzeichnung tbody tr').first();
  await Promise.all([page.waitForNavigation(), zeile.locator('button:has-text("Verlangen")').click()]);
  await s.settled(page);
  assert.match(await page.locator('#tabelle-mitzeichnung tbody tr').first().innerText(), /verlangt/);
});
