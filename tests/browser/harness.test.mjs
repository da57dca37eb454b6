// harness.test.mjs — proves the browser harness itself on a static KERN page served by node:
// Chromium starts, axe runs under a strict CSP, a violation, a console error and a missing
// stylesheet are each caught, and a failure leaves a screenshot. Needs no rathaus binary.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { SHOT_DIR, Session, browserTest, launch } from './lib/browser.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KERN = path.join(REPO, 'web/node_modules/@kern-ux/native/dist');
const CSP =
  "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const page = (title, body, head = '') => `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/kern/fonts/fira-sans.css">
<link rel="stylesheet" href="/kern/kern.min.css">
${head}
</head>
<body>
<main class="kern-container">
<h1 class="kern-heading-large">${title}</h1>
${body}
</main>
</body>
</html>`;

const PAGES = {
  '/': page(
    'Leistung suchen',
    `<form class="kern-stack" method="get" action="/ergebnis">
  <div class="kern-form-input">
    <label class="kern-label" for="q">Was möchten Sie erledigen?</label>
    <input class="kern-form-input__input" id="q" name="q" type="text">
  </div>
  <div class="kern-btn-wrapper">
    <button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Suchen</span></button>
  </div>
</form>`,
  ),
  '/ergebnis': page('Ergebnisse', '<p class="kern-body">Keine Treffer.</p><a class="kern-link" href="/">Neue Suche</a>'),
  '/fehlerhaft': page('Fehlerhaft', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p class="blass">blass</p>',
    '<link rel="stylesheet" href="/blass.css">',
  ),
  '/skript': page('Skript', '<p class="kern-body">x</p>', '<script>console.log("inline")</script>'),
  '/ohne-css': page('Ohne CSS', '<p class="kern-body">x</p>', '<link rel="stylesheet" href="/fehlt.css">'),
};

const TYPES = { '.css': 'text/css; charset=utf-8', '.woff2': 'font/woff2', '.woff': 'font/woff' };

function handler(req, res) {
  const url = new URL(req.url, 'http://x');
  const send = (code, type, body) => {
    res.writeHead(code, { 'Content-Type': type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  };
  if (url.pathname === '/blass.css') return send(200, TYPES['.css'], '.blass { color: #ddd; }');
  if (PAGES[url.pathname]) return send(200, 'text/html; charset=utf-8', PAGES[url.pathname]);
  if (url.pathname.startsWith('/kern/')) {
    const file = path.normalize(path.join(KERN, url.pathname.slice(6)));
    if (!file.startsWith(KERN + path.sep)) return send(403, 'text/plain', 'verboten');
    return fs.readFile(file, (err, data) =>
      err ? send(404, 'text/plain', 'nicht gefunden') : send(200, TYPES[path.extname(file)] || 'application/octet-stream', data),
    );
  }
  send(404, 'text/plain', 'nicht gefunden');
}

let server, browser, base;

before(async () => {
  server = http.createServer(handler);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

browserTest('harness: a KERN form page and the page its form leads to pass axe', () => browser, async (s) => {
  const p = await s.goto(base + '/');
  assert.equal(p.lastResponse.status(), 200);
  const bg = await p.evaluate(() => getComputedStyle(document.querySelector('button')).backgroundColor);
  assert.notEqual(bg, 'rgb(239, 239, 239)', 'KERN CSS not applied');
  await p.getByLabel('Was möchten Sie erledigen?').fill('Personalausweis');
  await Promise.all([p.waitForURL(/\/ergebnis\?q=Personalausweis$/), p.getByRole('button', { name: 'Suchen' }).click()]);
  // not checked here on purpose: the sweep at the end must load and check /ergebnis itself
  assert.ok(!s.checked.has(p.url()));
});

async function session(fn) {
  const context = await browser.newContext();
  const s = new Session(context, `harness-selftest-expected-${Date.now()}`);
  try {
    await fn(s);
    await s.sweep();
  } finally {
    await context.close();
  }
  return s;
}

test('harness: axe reports a missing alt text and low contrast, with a screenshot', async () => {
  const before = fs.existsSync(SHOT_DIR) ? fs.readdirSync(SHOT_DIR).length : 0;
  const s = await session((s) => s.goto(base + '/fehlerhaft'));
  const text = s.violations.join('\n');
  assert.match(text, /image-alt/);
  assert.match(text, /color-contrast/);
  assert.ok(fs.readdirSync(SHOT_DIR).length > before, 'no screenshot saved');
});

test('harness: an inline script blocked by the CSP is reported', async () => {
  const s = await session((s) => s.goto(base + '/skript'));
  assert.ok(s.problems.some((p) => /Content Security Policy/i.test(p)), s.problems.join('\n'));
});

test('harness: a missing stylesheet is reported', async () => {
  const s = await session((s) => s.goto(base + '/ohne-css'));
  assert.ok(s.problems.some((p) => /fehlt\.css/.test(p)), s.problems.join('\n'));
});

test('harness: a page reached by a click is checked by the sweep', async () => {
  const s = await session(async (s) => {
    const p = await s.goto(base + '/ergebnis');
    await Promise.all([p.waitForURL(base + '/'), p.getByRole('link', { name: 'Neue Suche' }).click()]);
  });
  assert.ok(s.checked.has(base + '/'), [...s.checked].join(', '));
  assert.deepEqual(s.violations, []);
});
