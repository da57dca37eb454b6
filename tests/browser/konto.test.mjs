// konto.test.mjs — the account pages in Chromium against the real binary: register, confirm
// through the link from the outbox, log in, log out, reset the password, and the staff login
// with password and TOTP. axe checks every page (lib/browser.mjs); the flows work without
// JavaScript (the pages have none).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { linkToken, makeAccount, totp, zweiBehoerden } from '../api/konto-helfer.mjs';
import { connect } from '../api/lib/client.mjs';
import { freePort, startServer } from '../api/lib/server.mjs';
import { CLIENT_ID, CLIENT_SECRET, startProvider } from '../oidc/provider.mjs';
import { axeRun, browserTest, launch } from './lib/browser.mjs';

let srv, browser, base, A, op;

before(async () => {
  // the OpenID provider's port is chosen first, so that rathaus can be configured with it;
  // the provider starts once rathaus's address (the redirect URI) is known
  const opPort = await freePort();
  srv = await startServer({
    label: 'browser-konto',
    env: {
      RATHAUS_OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      RATHAUS_OIDC_CLIENT_ID: CLIENT_ID,
      RATHAUS_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    },
  });
  base = srv.base;
  op = await startProvider({
    port: opPort,
    redirectUri: `${base}/konto/oidc/rueckruf`,
    accounts: { 'dienst-4711': { email: 'oidc@browser.example' }, 'fremd-1': { email: 'unbekannt@browser.example' } },
  });
  browser = await launch();
  [A] = await zweiBehoerden(await connect(srv));
});

after(async () => {
  await browser?.close();
  await op?.close();
  await srv?.stop();
});

const getBrowser = () => browser;

/** Fills the fields of the form around `button` and submits it by clicking. */
async function send(s, page, fields, button) {
  for (const [name, value] of Object.entries(fields)) await page.locator(`form [name="${name}"]`).first().fill(value);
  await Promise.all([page.waitForNavigation(), page.locator(`button:has-text("${button}")`).first().click()]);
  await s.settled(page);
}

async function h1(page) {
  return (await page.locator('h1').innerText()).trim();
}

browserTest(
  'Bürgerkonto: registrieren, Link aus der E-Mail, anmelden, abmelden',
  getBrowser,
  async (s) => {
    const page = await s.goto(`${base}/konto/registrieren`);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    // an error first: the message sits at the field and the summary links to it
    await send(s, page, { email: 'kein-at', passwort: 'mein-passwort-1' }, 'Konto anlegen');
    assert.match(await page.locator('.fehlerliste').innerText(), /gültige E-Mail-Adresse/);
    assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
    await send(s, page, { email: 'clara@browser.example', passwort: 'mein-passwort-1' }, 'Konto anlegen');
    assert.match(await h1(page), /bestätigen/);

    const t = linkToken(srv, 'clara@browser.example');
    await s.goto(`${base}/konto/bestaetigen?t=${t}`, page);
    await send(s, page, {}, 'E-Mail-Adresse bestätigen');
    assert.equal(await h1(page), 'E-Mail-Adresse bestätigt');

    await s.goto(`${base}/konto/anmelden`, page);
    await send(s, page, { email: 'clara@browser.example', passwort: 'mein-passwort-1' }, 'Anmelden');
    assert.equal(await h1(page), 'Mein Konto');
    assert.equal(await page.locator('#konto-email').innerText(), 'clara@browser.example');
    const cookies = await page.context().cookies();
    const c = cookies.find((x) => x.name === 'rathaus_sitzung');
    assert.ok(c && c.httpOnly && c.sameSite === 'Lax', 'session cookie is HttpOnly, SameSite=Lax');

    await send(s, page, {}, 'Abmelden');
    assert.equal(await h1(page), 'Anmelden');
    assert.match(await page.locator('main').innerText(), /abgemeldet/);
    await s.goto(`${base}/konto`, page);
    assert.equal(await h1(page), 'Anmelden', 'after logging out /konto leads to the login');
  },
  { contextOptions: { javaScriptEnabled: false } },
);

browserTest('Passwort vergessen: Link aus der E-Mail, neues Passwort, Anmeldung', getBrowser, async (s) => {
  makeAccount(srv.dsn, { email: 'dirk@browser.example', rolle: 'buerger', password: 'altes-passwort-1' });
  const page = await s.goto(`${base}/konto/anmelden`);
  await Promise.all([page.waitForNavigation(), page.locator('a:has-text("Passwort vergessen")').click()]);
  await s.settled(page);
  await send(s, page, { email: 'dirk@browser.example' }, 'Link anfordern');
  assert.equal(await h1(page), 'E-Mail unterwegs');
  const t = linkToken(srv, 'dirk@browser.example');
  await s.goto(`${base}/konto/passwort-neu?t=${t}`, page);
  await send(s, page, { passwort: 'kurz' }, 'Passwort speichern');
  assert.match(await page.locator('.fehlerliste').innerText(), /mindestens 10 Zeichen/);
  await send(s, page, { passwort: 'neues-passwort-1' }, 'Passwort speichern');
  assert.equal(await h1(page), 'Passwort gespeichert');
  await s.goto(`${base}/konto/anmelden`, page);
  await send(s, page, { email: 'dirk@browser.example', passwort: 'neues-passwort-1' }, 'Anmelden');
  assert.equal(await h1(page), 'Mein Konto');
});

browserTest('Mitarbeitende: Einladung mit TOTP einrichten, Anmeldung mit Passwort und Code', getBrowser, async (s) => {
  const admin = makeAccount(srv.dsn, { email: 'leitung@browser.example', rolle: 'behoerdenadmin', behoerde: A });
  const page = await s.goto(`${base}/konto/anmelden`);
  await send(s, page, { email: admin.email, passwort: admin.password }, 'Anmelden');
  assert.equal(await h1(page), 'Bestätigungscode eingeben');
  await send(s, page, { code: totp(admin.totp) }, 'Anmelden');
  assert.equal(await h1(page), 'Mein Konto');

  // the admin invites a clerk
  await Promise.all([page.waitForNavigation(), page.locator('a:has-text("Mitarbeitende der Behörde")').click()]);
  await s.settled(page);
  await send(s, page, { email: 'sachbearbeitung@browser.example' }, 'Einladen');
  assert.match(await page.locator('main').innerText(), /sachbearbeitung@browser\.example/);

  // the clerk takes up the invitation in another browser
  const ctx = await getBrowser().newContext({ locale: 'de-DE' });
  try {
    const p2 = await ctx.newPage();
    s.watch(p2);
    const t = linkToken(srv, 'sachbearbeitung@browser.example');
    await s.goto(`${base}/konto/einladung?t=${t}`, p2);
    const secret = (await p2.locator('#totp-schluessel').innerText()).trim();
    await send(s, p2, { passwort: 'clerk-passwort-1', code: totp(secret) }, 'Zugang speichern');
    assert.equal(await h1(p2), 'Zugang eingerichtet');
    await s.goto(`${base}/konto/anmelden`, p2);
    await send(s, p2, { email: 'sachbearbeitung@browser.example', passwort: 'clerk-passwort-1' }, 'Anmelden');
    assert.equal(await h1(p2), 'Bestätigungscode eingeben');
    await send(s, p2, { code: '000000' }, 'Anmelden');
    assert.match(await p2.locator('.fehlerliste').innerText(), /nicht richtig/);
    // the setup used the current step: wait for the next one, a code cannot be used twice
    const step = Math.floor(Date.now() / 30_000);
    while (Math.floor(Date.now() / 30_000) === step) await new Promise((r) => setTimeout(r, 500));
    await send(s, p2, { code: totp(secret) }, 'Anmelden');
    assert.equal(await h1(p2), 'Mein Konto');
  } finally {
    await ctx.close();
  }
});

/** Goes through the provider's development login and consent pages as `login`. */
async function providerLogin(page, login) {
  await page.waitForLoadState('load');
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('beliebig');
  await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').first().click()]);
  // consent, when the provider asks for it
  for (let i = 0; i < 3 && new URL(page.url()).port !== new URL(base).port; i++) {
    const btn = page.locator('button[type="submit"]').first();
    if ((await btn.count()) === 0) break;
    await Promise.all([page.waitForNavigation(), btn.click()]);
  }
  await page.waitForLoadState('load');
}

// The provider's own pages are not ours to check with axe, so this test drives a plain browser
// context and runs axe only on rathaus's pages.
test('OpenID Connect: Anmeldung über den Anbieter (Code-Flow mit PKCE)', { timeout: 120_000 }, async () => {
  const staff = makeAccount(srv.dsn, { email: 'oidc@browser.example', rolle: 'sachbearbeitung', behoerde: A });
  const ctx = await browser.newContext({ locale: 'de-DE' });
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/konto/anmelden`);
    assert.deepEqual(await axeRun(page), []);
    await Promise.all([page.waitForNavigation(), page.locator('a:has-text("Mit dem Dienstkonto anmelden")').click()]);
    assert.equal(new URL(page.url()).origin, op.issuer, 'sent to the provider');
    const auth = new URL(page.url());
    await providerLogin(page, 'dienst-4711');
    assert.equal(new URL(page.url()).pathname, '/konto', `back at rathaus: ${page.url()}`);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Mein Konto');
    assert.equal(await page.locator('#konto-email').innerText(), 'oidc@browser.example');
    assert.deepEqual(await axeRun(page), []);
    // the account is now linked to the provider's subject; the login was written to the log
    assert.equal(srv.sql(`SELECT oidc_subject FROM konto WHERE id = ${staff.id}`).trim(), 'dienst-4711');
    assert.match(srv.sql(`SELECT detail FROM protokoll WHERE konto_id = ${staff.id} AND aktion = 'anmeldung'`), /oidc/);
    // a replayed callback (same state and code) is refused
    const replay = await ctx.newPage();
    const cb = await replay.goto(`${base}/konto/oidc/rueckruf?state=${auth.searchParams.get('state')}&code=x`);
    assert.equal(cb.status(), 401);
    await replay.close();
  } finally {
    await ctx.close();
  }
  // an identity without an account in rathaus gets no session
  const ctx2 = await browser.newContext({ locale: 'de-DE' });
  try {
    const page = await ctx2.newPage();
    await page.goto(`${base}/konto/oidc/start`);
    await providerLogin(page, 'fremd-1');
    assert.equal(new URL(page.url()).pathname, '/konto/oidc/rueckruf');
    assert.match(await page.locator('main').innerText(), /Anmeldung fehlgeschlagen|kein Konto/);
    assert.ok(!(await ctx2.cookies()).some((c) => c.name === 'rathaus_sitzung'));
  } finally {
    await ctx2.close();
  }
});
