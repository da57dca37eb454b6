// browser.mjs — Chromium through playwright-core for the browser tests, with axe on every page.
//
//   import { launch, browserTest } from './lib/browser.mjs';
//   before(async () => { browser = await launch(); });
//   browserTest('search flow', () => browser, async (s) => {
//     const page = await s.goto(base + '/');     // loads the page and runs axe on it
//     ...
//   });
//
// browserTest() gives each test a fresh browser context (a Session) and, when the test body is
// done, fails the test if
//   - any page it visited has a WCAG 2.1 A/AA violation (axe-core with tags wcag2a, wcag2aa,
//     wcag21a, wcag21aa). Pages are checked when s.goto() loads them or s.settled(page) is
//     called; every other page a test reached (by a click, a form) is loaded again at the end
//     and checked then, so no visited page escapes;
//   - a page logged a console error (CSP violations are console errors) or threw;
//   - a sub-resource (CSS, font, image, script) failed to load or answered >= 400.
// On any failure it saves a full-page screenshot and the HTML of every open page under
// tests/out/browser/. The CSP stays enforced: axe is evaluated through the DevTools protocol,
// which a page's CSP does not govern.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHOT_DIR = path.resolve(REPO, process.env.RATHAUS_TEST_OUT || 'tests/out', 'browser');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Starts headless Chromium (Debian's, no sandbox: CI runs as root). */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

function slug(s) {
  return s
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** Runs axe on a loaded page; returns the violations (empty when clean). */
export async function axeRun(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const r = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return r.violations;
}

function describeViolations(url, violations) {
  return violations
    .map(
      (v) =>
        `  ${url}: [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `      ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** One test's browser context, with the bookkeeping browserTest() checks at the end. */
export class Session {
  /** `axeContext`: where axe runs when `context` has JavaScript switched off (axe needs it). */
  constructor(context, name, axeContext = null) {
    this.context = context;
    this.axeContext = axeContext;
    this.name = slug(name);
    this.visited = new Set(); // URLs of documents the test reached
    this.checked = new Set(); // URLs axe has checked
    this.problems = []; // console errors, page errors, failed sub-resources
    this.violations = []; // axe findings, described
    this.shots = 0;
    context.on('page', (page) => this.watch(page));
  }

  watch(page) {
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame() && /^https?:/.test(frame.url())) this.visited.add(frame.url());
    });
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // Chromium logs every status >= 400 as "Failed to load resource": the response handler
      // below judges sub-resources, and a test asserts its documents' status itself
      if (/^Failed to load resource: the server responded with a status of/.test(m.text())) return;
      this.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.problems.push(`script error on ${page.url()}: ${e.message}`));
    page.on('requestfailed', (r) => {
      // a navigation interrupted by the next one, and sub-resources (the favicon) cancelled
      // because the page navigated on (a form was sent), are not failures of the page; an
      // error answer from the server is caught by the 'response' listener below
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      this.problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
    });
    page.on('response', (r) => {
      if (r.request().isNavigationRequest()) return; // the test asserts its documents' status
      if (r.status() >= 400) this.problems.push(`sub-resource ${r.url()} answered ${r.status()}`);
    });
  }

  /** A new tab in this session. */
  newPage() {
    return this.context.newPage();
  }

  /** Opens `url` in `page` (a new tab if omitted), waits for the load, runs axe. */
  async goto(url, page) {
    page = page || (await this.newPage());
    const resp = await page.goto(url, { waitUntil: 'load' });
    page.lastResponse = resp;
    await this.settled(page);
    return page;
  }

  /** Call when `page` shows a new document the test reached by itself (click, submit). */
  async settled(page) {
    await page.waitForLoadState('load');
    await this.check(page);
  }

  async check(page) {
    const url = page.url();
    if (this.checked.has(url)) return;
    this.checked.add(url);
    let axePage = page;
    if (this.axeContext) {
      // the same server-rendered document, loaded again where scripts may run
      axePage = await this.axeContext.newPage();
      await axePage.goto(url, { waitUntil: 'load' });
    }
    try {
      const v = await axeRun(axePage);
      if (v.length) {
        this.violations.push(describeViolations(url, v));
        await this.screenshot(axePage, 'axe');
      }
    } finally {
      if (axePage !== page) await axePage.close();
    }
  }

  async screenshot(page, why) {
    fs.mkdirSync(SHOT_DIR, { recursive: true });
    const base = path.join(SHOT_DIR, `${this.name}-${++this.shots}-${why}`);
    try {
      await page.screenshot({ path: `${base}.png`, fullPage: true });
      fs.writeFileSync(`${base}.html`, await page.content());
      console.log(`# saved ${path.relative(REPO, base)}.png (${page.url()})`);
    } catch (e) {
      console.log(`# no screenshot of ${page.url()}: ${e.message}`);
    }
  }

  /** axe on every visited page not checked yet: each is loaded again in a fresh tab. */
  async sweep() {
    for (const url of this.visited) {
      if (this.checked.has(url)) continue;
      const page = await this.newPage();
      try {
        await page.goto(url, { waitUntil: 'load' });
        await this.check(page);
      } finally {
        await page.close();
      }
    }
  }
}

/**
 * Declares a node:test test that runs `fn(session)` in a fresh context of the browser that
 * `getBrowser()` returns, then fails on axe violations, console errors or broken sub-resources,
 * with screenshots under tests/out/browser/. `contextOptions` go to browser.newContext().
 */
export function browserTest(name, getBrowser, fn, { contextOptions = {}, timeout = 120_000 } = {}) {
  return test(name, { timeout }, async () => {
    const options = { locale: 'de-DE', viewport: { width: 1100, height: 800 }, ...contextOptions };
    const context = await getBrowser().newContext(options);
    const axeContext =
      options.javaScriptEnabled === false ? await getBrowser().newContext({ ...options, javaScriptEnabled: true }) : null;
    const session = new Session(context, name, axeContext);
    try {
      await fn(session);
      await session.sweep();
      assert.equal(session.violations.length, 0, `WCAG 2.1 A/AA violations (axe):\n${session.violations.join('\n')}`);
      assert.deepEqual(session.problems, [], 'console errors, script errors or failed sub-resources');
    } catch (e) {
      for (const page of context.pages()) await session.screenshot(page, 'failure');
      throw e;
    } finally {
      await context.close();
      await axeContext?.close();
    }
  });
}
