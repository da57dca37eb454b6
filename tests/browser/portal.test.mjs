// portal.test.mjs — the citizen's pages in Chromium against the real binary: the search flow
// from the start page to the responsible office, the pages of the territory, a German error
// page, and the search with JavaScript switched off. axe checks every page (lib/browser.mjs).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';

import { startServer } from '../api/lib/server.mjs';
import { browserTest, launch } from './lib/browser.mjs';

let srv, browser, base;

before(async () => {
  srv = await startServer({ label: 'browser' });
  base = srv.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

const getBrowser = () => browser;

async function assertGermanPage(page, status) {
  assert.equal(page.lastResponse?.status() ?? status, status, `status of ${page.url()}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'de', `${page.url()}: <html lang="de">`);
  assert.ok((await page.title()).trim().length > 0, `${page.url()}: empty <title>`);
  assert.equal(await page.locator('h1').count(), 1, `${page.url()}: exactly one h1`);
}

async function search(s, page, q, ort) {
  await page.locator('input[name="q"]').fill(q);
  await page.locator('input[name="ort"]').fill(ort);
  const form = page.locator('form:has(input[name="q"])');
  await Promise.all([page.waitForURL(/\/leistungen\?/), form.locator('[type="submit"]').first().click()]);
  await s.settled(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), q);
  assert.equal(url.searchParams.get('ort'), ort);
}

// The search flow of the issue: Personalausweis in Böblingen, then the office responsible there.
async function searchFlow(s) {
  const page = await s.goto(base + '/');
  await assertGermanPage(page, 200);
  await search(s, page, 'Personalausweis', 'Böblingen');

  const hits = page.locator('main a[href*="/leistungen/"]', { hasText: /Personalausweis/ });
  assert.ok((await hits.count()) > 0, 'no result links to a Personalausweis Leistung');
  const results = await page.locator('main').innerText();
  assert.match(results, /zuständig/i, 'the results name no responsible office ("zuständig")');
  assert.match(results, /Böblingen/, 'the results do not show the office for Böblingen');
  await Promise.all([page.waitForURL(/\/leistungen\/[^/?]+\?(.*&)?ort=/), hits.first().click()]);
  await s.settled(page);
  assert.match(await page.locator('h1').innerText(), /Personalausweis/);
  const text = await page.locator('main').innerText();
  assert.match(text, /zuständig/i, 'the Leistung page names no responsible office ("zuständig")');
  assert.match(text, /Böblingen/, 'the responsible office for Böblingen is not shown');
  return page;
}

browserTest('Startseite: Suchformular mit Feldern q und ort, KERN-Styles', getBrowser, async (s) => {
  const page = await s.goto(base + '/');
  await assertGermanPage(page, 200);
  for (const name of ['q', 'ort']) {
    const input = page.locator(`form input[name="${name}"]`);
    assert.equal(await input.count(), 1, `one input named ${name}`);
  }
  assert.equal((await page.getAttribute('form:has(input[name="q"])', 'method'))?.toLowerCase() ?? 'get', 'get');
  const kern = await page.evaluate(() => [...document.styleSheets].some((sh) => /kern/i.test(sh.href || '')));
  assert.ok(kern, 'no KERN UX stylesheet on the start page');
});

browserTest('Suche: Personalausweis in Böblingen zeigt Ergebnisse und die zuständige Stelle', getBrowser, searchFlow);

browserTest(
  'Suche ohne JavaScript: derselbe Weg funktioniert',
  getBrowser,
  async (s) => {
    await searchFlow(s);
  },
  { contextOptions: { javaScriptEnabled: false } },
);

browserTest('Gebietsseiten: Gemeinde, Kreis, Regierungsbezirk', getBrowser, async (s) => {
  let page = await s.goto(base + '/gemeinden/08111000');
  await assertGermanPage(page, 200);
  assert.match(await page.locator('h1').innerText(), /Stuttgart/);
  assert.match(await page.locator('main').innerText(), /612[.\s\u00a0\u202f]?663/, 'Einwohnerzahl of Stuttgart');

  page = await s.goto(base + '/kreise/08115', page);
  await assertGermanPage(page, 200);
  assert.match(await page.locator('h1').innerText(), /Böblingen/);
  assert.ok((await page.locator('main a[href*="/gemeinden/08115003"]').count()) > 0, 'Kreis page links Böblingen');

  page = await s.goto(base + '/regierungsbezirke/081', page);
  await assertGermanPage(page, 200);
  assert.match(await page.locator('h1').innerText(), /Stuttgart/);
  assert.ok((await page.locator('main a[href*="/kreise/08115"]').count()) > 0, 'Regierungsbezirk page links Kreis Böblingen');
});

browserTest('Unbekannte Gemeinde: deutsche Fehlerseite mit Status 404', getBrowser, async (s) => {
  const page = await s.goto(base + '/gemeinden/08999999');
  await assertGermanPage(page, 404);
});
