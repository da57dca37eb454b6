// koordination.test.mjs — the coordinators' face in Chromium against the real binary: the
// district picture with map, charts and tables, a municipality's gaps, a support request from
// both sides, and registering for an event. axe checks every page (lib/browser.mjs); the
// pages have no JavaScript.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { makeAccount, sqlRows, totp } from '../api/konto-helfer.mjs';
import { startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

let srv, browser, base, behoerdeBB;

before(async () => {
  srv = await startServer({ label: 'browser-koordination' });
  base = srv.base;
  browser = await launch();
  [[behoerdeBB]] = sqlRows(srv, "SELECT id FROM behoerde WHERE art = 'gemeinde' AND kreis_ags = '08115' ORDER BY id LIMIT 1");
});

after(async () => {
  await browser?.close();
  await srv?.stop();
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

/** Logs `acc` in (password, then the TOTP code of staff) on a new page of session `s`. */
async function login(s, acc) {
  const page = await s.goto(`${base}/konto/anmelden`);
  await send(s, page, { email: acc.email, passwort: acc.password }, 'Anmelden');
  if ((await h1(page)) === 'Bestätigungscode eingeben') await send(s, page, { code: totp(acc.totp) }, 'Anmelden');
  assert.equal(await h1(page), 'Mein Konto');
  return page;
}

browserTest('Lagebild: Kreis mit Karte, Diagrammen und Tabellen; Land; Lücken einer Gemeinde', getBrowser, async (s) => {
  const koord = makeAccount(srv.dsn, { email: 'lagebild@browser.example', rolle: 'koordination', kreis: '08115' });
  const page = await login(s, koord);
  await s.goto(`${base}/koordination`, page);
  assert.equal(await h1(page), 'Lagebild Böblingen');
  assert.ok((await page.locator('#tabelle-gemeinden tbody tr').count()) >= 20);
  // the map and the charts are images with alternative text
  for (const src of ['/koordination/karte.svg', '/koordination/diagramm/themenfelder.svg', '/koordination/diagramm/verlauf.svg']) {
    const img = page.locator(`img[src^="${src}"]`);
    assert.equal(await img.count(), 1, src);
    assert.ok((await img.getAttribute('alt')).length > 20);
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), `${src} did not load`);
  }
  // the whole Land
  await page.selectOption('#kreis', '');
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Anzeigen")').click()]);
  await s.settled(page);
  assert.equal(await h1(page), 'Lagebild Baden-Württemberg');
  assert.match(await page.locator('#kennzahl-gemeinden').innerText(), /1\.101/);
  // back to the district, then a municipality's gaps
  await s.goto(`${base}/koordination?kreis=08115`, page);
  await Promise.all([page.waitForNavigation(), page.locator('#tabelle-gemeinden a').first().click()]);
  await s.settled(page);
  assert.match(await h1(page), /^Umsetzung in /);
  assert.ok((await page.locator('#tabelle-luecken tbody tr').count()) >= 1);
});

browserTest('Anfrage: die Kommune fragt, die Koordination antwortet', getBrowser, async (s) => {
  const sb = makeAccount(srv.dsn, { email: 'sb-anfrage@browser.example', rolle: 'sachbearbeitung', behoerde: behoerdeBB });
  const koord = makeAccount(srv.dsn, { email: 'koord-anfrage@browser.example', rolle: 'koordination', kreis: '08115' });
  const page = await login(s, sb);
  await s.goto(`${base}/koordination/anfragen/neu`, page);
  await page.selectOption('#kategorie', 'eakte');
  await send(s, page, { betreff: 'Aktenplan für das Bauamt', text: 'Welchen Aktenplan nutzen die Nachbargemeinden?' }, 'Anfrage senden');
  assert.equal(await h1(page), 'Aktenplan für das Bauamt');
  const url = page.url();

  // the coordinator, in another browser context
  const ctx = await getBrowser().newContext({ locale: 'de-DE' });
  try {
    const p2 = await ctx.newPage();
    s.watch(p2);
    await p2.goto(`${base}/konto/anmelden`);
    await s.settled(p2);
    await send(s, p2, { email: koord.email, passwort: koord.password }, 'Anmelden');
    if ((await h1(p2)) === 'Bestätigungscode eingeben') await send(s, p2, { code: totp(koord.totp) }, 'Anmelden');
    await p2.goto(`${base}/koordination/anfragen`);
    await s.settled(p2);
    assert.match(await p2.locator('#tabelle-anfragen').innerText(), /Aktenplan für das Bauamt/);
    await Promise.all([p2.waitForNavigation(), p2.locator('#tabelle-anfragen a:has-text("Aktenplan für das Bauamt")').click()]);
    await s.settled(p2);
    await send(s, p2, { text: 'Der Musteraktenplan des Landkreistags passt.' }, 'Senden');
    await p2.selectOption('#neuer-status', 'wartet');
    await Promise.all([p2.waitForNavigation(), p2.locator('button:has-text("Status ändern")').click()]);
    await s.settled(p2);
    assert.match(await p2.locator('#anfrage-status').innerText(), /wartet/);
  } finally {
    await ctx.close();
  }
  // the municipality sees the answer
  await s.goto(url, page);
  assert.match(await page.locator('.koord-verlauf').innerText(), /Musteraktenplan/);
  assert.match(await page.locator('#anfrage-status').innerText(), /wartet/);
});

browserTest('Termin: anmelden und stornieren', getBrowser, async (s) => {
  const koord = makeAccount(srv.dsn, { email: 'koord-termin@browser.example', rolle: 'koordination', kreis: '08115' });
  const sb = makeAccount(srv.dsn, { email: 'sb-termin@browser.example', rolle: 'sachbearbeitung', behoerde: behoerdeBB });
  const beginn = new Date(Date.now() + 3 * 86400_000);
  const res = await fetch(`${base}/api/v1/termine`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${koord.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ titel: 'Webinar Wohngeld digital', beginn: beginn.toISOString(), ende: new Date(beginn.getTime() + 3600_000).toISOString(), ort: 'https://konferenz.example/wohngeld', kapazitaet: 20, art: 'webinar' }),
  });
  assert.equal(res.status, 201);
  const { id } = await res.json();
  const page = await login(s, sb);
  await s.goto(`${base}/koordination/termine`, page);
  await Promise.all([page.waitForNavigation(), page.locator(`#tabelle-termine a[href="/koordination/termine/${id}"]`).click()]);
  await s.settled(page);
  assert.equal(await h1(page), 'Webinar Wohngeld digital');
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Anmelden")').click()]);
  await s.settled(page);
  assert.match(await page.locator('#anmeldung').innerText(), /Sie sind angemeldet/);
  assert.equal(await page.locator(`a[href="/api/v1/termine/${id}.ics"]`).count(), 1);
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Anmeldung stornieren")').click()]);
  await s.settled(page);
  assert.equal(await page.locator('button:has-text("Anmelden")').count(), 1);
});

browserTest('Stand einer Gemeinde: Bausteine, Checkliste, E-Akte melden; Lagebild filtern', getBrowser, async (s) => {
  const [[ags]] = sqlRows(srv, `SELECT gemeinde_ags FROM behoerde WHERE id = ${behoerdeBB}`);
  const sb = makeAccount(srv.dsn, { email: 'stand-sb@browser.example', rolle: 'sachbearbeitung', behoerde: behoerdeBB });
  const page = await login(s, sb);
  await s.goto(`${base}/koordination/gemeinden/${ags}/stand`, page);
  assert.match(await h1(page), /^Bausteine, Checklisten und E-Akte in /);
  assert.ok((await page.locator('#fehlende-bausteine li').count()) >= 1);
  // a building block
  await page.locator('#b-art').selectOption('bezahlplattform');
  await send(s, page, { name: 'ePayBL', hersteller: 'Land BW' }, 'Baustein melden');
  assert.match(await page.locator('#tabelle-bausteine').innerText(), /ePayBL/);
  // a checklist step still open blocks the OZG-Leistung
  await page.locator('#c-schritt').selectOption('formular');
  await page.locator('#c-erledigt').selectOption('nein');
  await send(s, page, { leistung: '10100' }, 'Schritt speichern');
  assert.match(await page.locator('#tabelle-blockiert').innerText(), /Formular veröffentlicht/);
  // a wrong OZG-ID is shown at the field
  await send(s, page, { leistung: '1' }, 'Schritt speichern');
  assert.equal(await page.locator('#c-leistung-fehler').count(), 1);
  // the E-Akte stage, next to the one derived from the platform
  await page.locator('#e-stufe').selectOption('pilot');
  await Promise.all([page.waitForNavigation(), page.locator('button:has-text("Stufe melden")').click()]);
  await s.settled(page);
  assert.match(await page.locator('#eakte-gemeldet').innerText(), /Pilot/);
  assert.match(await page.locator('#eakte-plattform').innerText(), /Ämtern/);

  // the coordinator of the Kreis sees the same, and filters the Lagebild (another context)
  const koord = makeAccount(srv.dsn, { email: 'stand-koord@browser.example', rolle: 'koordination', kreis: '08115' });
  const buerger = makeAccount(srv.dsn, { email: 'stand-buerger@browser.example', rolle: 'buerger' });
  for (const acc of [koord, buerger]) {
    const ctx = await getBrowser().newContext({ locale: 'de-DE' });
    try {
      const p2 = await ctx.newPage();
      s.watch(p2);
      await p2.goto(`${base}/konto/anmelden`);
      await s.settled(p2);
      await send(s, p2, { email: acc.email, passwort: acc.password }, 'Anmelden');
      if ((await h1(p2)) === 'Bestätigungscode eingeben') await send(s, p2, { code: totp(acc.totp) }, 'Anmelden');
      if (acc === buerger) {
        // a citizen gets no request form
        const res = await p2.goto(`${base}/koordination/anfragen/neu`);
        assert.equal(res.status(), 403);
        continue;
      }
      await p2.goto(`${base}/koordination/gemeinden/${ags}/stand`);
      await s.settled(p2);
      assert.match(await p2.locator('#tabelle-bausteine').innerText(), /ePayBL/);
      await p2.goto(`${base}/koordination?kreis=&regierungsbezirk=081&groesse=ab_100000`);
      await s.settled(p2);
      assert.equal(await p2.locator('#regierungsbezirk option[selected]').getAttribute('value'), '081');
      assert.equal(await p2.locator('#groesse option[selected]').getAttribute('value'), 'ab_100000');
      assert.ok((await p2.locator('table tbody tr').count()) > 0);
    } finally {
      await ctx.close();
    }
  }
});
