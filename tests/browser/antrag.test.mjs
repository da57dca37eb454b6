// antrag.test.mjs — an online application in Chromium against the real binary, the way a
// citizen without an account fills it in: the entry page, the error summary that links to
// the fields, a repeatable group with add and remove, the summary, sending, the receipt; and
// a citizen's receipt in the mailbox with its PDF, answered with a file.
// axe checks every page (lib/browser.mjs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';

import { connect } from '../api/lib/client.mjs';
import { REPO, startServer } from '../api/lib/server.mjs';
import { makeAccount } from '../api/konto-helfer.mjs';
import { browserTest, launch } from './lib/browser.mjs';

const HUND = '99110009104000';
const BOEBLINGEN = '08115003';
let srv, browser, base;

before(async () => {
  srv = await startServer({ label: 'browser-antrag' });
  base = srv.base;
  const client = await connect(srv);
  const z = await client.json(`/api/v1/zustaendigkeiten?leistung=${HUND}&ort=${BOEBLINGEN}`);
  const admin = makeAccount(srv.dsn, { email: 'admin@browser-antrag.example', rolle: 'behoerdenadmin', behoerde: z.items[0].behoerde_id });
  const res = await client.request('POST', `/api/v1/behoerden/${z.items[0].behoerde_id}/formulare?veroeffentlichen=true`, {
    headers: { Authorization: `Bearer ${admin.token}`, 'Content-Type': 'application/json' },
    body: fs.readFileSync(path.join(REPO, 'demo/formulare/hund-anmelden.json')),
  });
  assert.equal(res.status, 201, res.text);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function klick(s, page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  await s.settled(page);
}

browserTest('dog registration without an account, from the entry page to the receipt', () => browser, async (s) => {
  const page = await s.goto(`${base}/antrag/neu?leistung=${HUND}&ort=${BOEBLINGEN}`);
  assert.match(await page.locator('h1').innerText(), /Hund anmelden/);
  await klick(s, page, page.getByRole('button', { name: 'Antrag beginnen' }));
  assert.match(page.url(), /\/antrag\/\d+\/schritt\/0\?k=/);

  // sending the empty step: the summary lists the errors and links to each field
  await klick(s, page, page.getByRole('button', { name: 'Weiter', exact: true }));
  const summary = page.locator('#fehler');
  assert.ok(await summary.isVisible());
  const links = summary.locator('a');
  assert.ok((await links.count()) >= 3);
  for (let i = 0; i < (await links.count()); i++) {
    const href = await links.nth(i).getAttribute('href');
    assert.equal(await page.locator(href).count(), 1, `the summary link ${href} has a target`);
  }
  await page.locator('#f-vorname').fill('Erika');
  await page.locator('#f-familienname').fill('Mustermann');
  await page.locator('#f-geburtsdatum').fill('1980-05-17');
  await page.locator('#f-anschrift-strasse').fill('Marktplatz');
  await page.locator('#f-anschrift-hausnummer').fill('1');
  await page.locator('#f-anschrift-plz').fill('71032');
  await page.locator('#f-anschrift-ort').fill('Böblingen');
  await klick(s, page, page.getByRole('button', { name: 'Weiter', exact: true }));
  assert.match(page.url(), /\/schritt\/1\?k=/);

  // a second dog, then removed again
  await page.locator('#f-hunde-0-name').fill('Bello');
  await page.locator('#f-hunde-0-rasse').fill('Mischling');
  await page.locator('#f-hunde-0-geschlecht').check();
  await page.locator('#f-hunde-0-haltung_seit').fill('2026-01-02');
  await page.locator('#f-hunde-0-kampfhund-2').check();
  await klick(s, page, page.getByRole('button', { name: 'Hund hinzufügen' }));
  assert.equal(await page.locator('fieldset.antrag-eintrag').count(), 2);
  assert.equal(await page.locator('#f-hunde-0-name').inputValue(), 'Bello');
  await klick(s, page, page.getByRole('button', { name: 'Hund 2 entfernen' }));
  assert.equal(await page.locator('fieldset.antrag-eintrag').count(), 1);
  await klick(s, page, page.getByRole('button', { name: 'Weiter', exact: true }));
  assert.match(page.url(), /\/schritt\/2\?k=/);

  await page.locator('#f-ermaessigung').check();
  await page.locator('#f-lastschrift-2').check();
  await page.locator('#f-richtigkeit').check();
  await klick(s, page, page.getByRole('button', { name: 'Weiter zur Prüfung' }));
  assert.match(page.url(), /\/pruefen\?k=/);
  const text = await page.locator('main').innerText();
  for (const t of ['Erika', 'Bello', 'Rüde', '17.05.1980']) assert.ok(text.includes(t), `summary shows ${t}`);

  await klick(s, page, page.getByRole('button', { name: 'Antrag verbindlich absenden' }));
  assert.match(await page.locator('main').innerText(), /Ihr Antrag ist eingegangen/);
  assert.match(await page.locator('main').innerText(), /EB-\d{10}/);
});

browserTest('the receipt in the mailbox with its PDF, and a reply with a file', () => browser, async (s) => {
  const buerger = makeAccount(srv.dsn, { email: 'postfach@browser-antrag.example', rolle: 'buerger' });
  const api = (method, p, body, headers = {}) =>
    fetch(`${base}${p}`, { method, headers: { Authorization: `Bearer ${buerger.token}`, 'Content-Type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
  const a = await (await api('POST', '/api/v1/antraege', { leistung: HUND, ort: BOEBLINGEN })).json();
  const daten = {
    vorname: 'Erika', familienname: 'Mustermann', geburtsdatum: '1980-05-17',
    anschrift: { strasse: 'Marktplatz', hausnummer: '1', plz: '71032', ort: 'Böblingen' },
    hunde: [{ name: 'Bello', rasse: 'Mischling', geschlecht: 'ruede', haltung_seit: '2026-01-02', kampfhund: false }],
    ermaessigung: 'keine', lastschrift: true, kontoinhaber: 'Erika Mustermann', iban: 'DE89370400440532013000', sepa_mandat: true, richtigkeit: true,
  };
  assert.equal((await api('PUT', `/api/v1/antraege/${a.id}/daten`, daten)).status, 200);
  assert.equal((await api('POST', `/api/v1/antraege/${a.id}/einreichen`, undefined, { 'Idempotency-Key': 'browser-1' })).status, 201);

  const page = await s.goto(`${base}/konto/anmelden`);
  await page.locator('form [name="email"]').first().fill(buerger.email);
  await page.locator('form [name="passwort"]').first().fill(buerger.password);
  await klick(s, page, page.locator('button:has-text("Anmelden")').first());
  await s.goto(`${base}/postfach`, page);
  await klick(s, page, page.locator('a:has-text("Eingangsbestätigung")').first());
  const pdfLink = page.locator('a[href*="/anlagen/"]:has-text(".pdf")');
  assert.equal(await pdfLink.count(), 1, 'the receipt PDF is attached');

  // reply with a PNG
  await page.locator('#f-text').fill('Vielen Dank, anbei ein Foto.');
  await page.setInputFiles('#f-datei', {
    name: 'foto.png',
    mimeType: 'image/png',
    buffer: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  });
  await klick(s, page, page.locator('button:has-text("Antwort senden")'));
  assert.match(await page.locator('h1').innerText(), /^Antwort: Eingangsbestätigung/);
  assert.equal(await page.locator('a[href*="/anlagen/"]:has-text("foto.png")').count(), 1);
});
