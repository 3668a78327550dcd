// Issue 23 §2, in the three engines side by side: for Chromium (playwright-core), Firefox ESR
// (puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser (WebKitWebDriver under
// xvfb-run, tests/e2e/webkit.mjs), on the release site:
// - the floor: WebCrypto alone verifying workload A's signatures (every certificate by its
//   issuer's key, bench/out/workload-a-signatures.json from bench/generate.py: keys imported
//   once each, every verification at once), timed in the page;
// - workload A (1,000 certificates) pasted to every row painted, and the core's own
//   data-elapsed-ms;
// - the 5-certificate paste painted, the moment the page says it is ready and one second later;
// - the page's phase marks (`certscope:*` performance measures, src/ui/evaluate.rs) for A.
// Each measure in a freshly loaded page, RUNS times, medians. Prints JSON { browser: {...} };
// a browser that cannot be started gets { error }.
// Usage: node bench/browsers.mjs <workload dir>   (BROWSERS=chromium,firefox,webkit by default)
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const { serveSite } = await import(path.resolve('tests/e2e/harness.mjs'));

const out = process.argv[2] || 'bench/out';
const RUNS = Number(process.env.RUNS || 5);
const BROWSERS = (process.env.BROWSERS || 'chromium,firefox,webkit').split(',');
const ONLY = process.env.ONLY || 'fal';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const min = (xs) => Math.min(...xs);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- In the page (each function is sent as source: no closure over this module) -------------

/** WebCrypto alone: `checks` ({ import, verify, spki, signature, message }, base64) verified. */
async function floorInPage(checks) {
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const decoded = checks.map((c) => ({ ...c, spki: bytes(c.spki), signature: bytes(c.signature), message: bytes(c.message), keyId: c.spki + JSON.stringify(c.import) }));
  await new Promise((r) => setTimeout(r, 0));
  const t0 = performance.now();
  const keys = new Map();
  for (const c of decoded) {
    if (!keys.has(c.keyId)) keys.set(c.keyId, crypto.subtle.importKey('spki', c.spki, c.import, false, ['verify']));
  }
  const results = await Promise.all(decoded.map(async (c) => crypto.subtle.verify(c.verify, await keys.get(c.keyId), c.signature, c.message)));
  return { ms: performance.now() - t0, ok: results.filter(Boolean).length, n: results.length };
}

/** Paste `window.benchText` (`count` certificates) to the end of the frame painting every row.
 * Polled in animation frames: the frame whose callback first finds every row paints it; a task
 * queued from that callback runs after the frame's rendering. */
function pasteInPage(count) {
  // As a user's paste arrives (as bench/browser.mjs): a cancelable `paste` event carrying the
  // text on the focused field; unless the page takes it, the text goes in and `input` fires.
  const pasteAsUser = (text) => {
    const area = document.querySelector('#input');
    area.focus();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    if (area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))) {
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }
  };
  return new Promise((resolve) => setTimeout(() => {
    performance.clearMeasures();
    performance.clearMarks();
    const t0 = performance.now();
    pasteAsUser(window.benchText);
    const check = () => {
      if (document.querySelectorAll('[data-kind="certificate"]').length === count) {
        setTimeout(() => {
          const painted = performance.now() - t0;
          const marks = {};
          for (const m of performance.getEntriesByType('measure')) if (m.name.startsWith('certscope:')) marks[m.name.slice(10)] = (marks[m.name.slice(10)] || 0) + m.duration;
          // When the evaluation started and ended after the paste (src/ui/evaluate.rs's marks).
          for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('certscope:evaluate-') && m.startTime >= t0) marks[`${m.name.slice(19)}_at`] = m.startTime - t0;
          resolve({ painted, elapsed: Number(document.querySelector('#summary')?.getAttribute('data-elapsed-ms')), marks });
        }, 0);
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, 0));
}

// --- Drivers: open() gives { eval(fn, arg), close() } on a freshly loaded page, data-ready ----

async function chromiumDriver(url) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  return {
    async open() {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready]');
      return { eval: (fn, arg) => page.evaluate(`(${fn})(...${JSON.stringify(arg)})`), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

async function firefoxDriver(url) {
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'toolkit.telemetry.enabled': false, 'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false },
  });
  return {
    async open() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForSelector('body[data-ready]', { timeout: 60000 });
      return { eval: (fn, arg) => page.evaluate(`(${fn})(...${JSON.stringify(arg)})`), close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

async function webkitDriver(url) {
  const { startDriver, Session } = await import(path.resolve('tests/e2e/webkit.mjs'));
  const driver = await startDriver();
  const session = await Session.open(driver).catch((e) => { driver.stop(); throw e; });
  return {
    // One MiniBrowser session; each measure in a page loaded anew (a fresh session per run
    // costs seconds and measures the same page).
    async open() {
      await session.goto('about:blank');
      await session.goto(url);
      await session.waitForSelector('body[data-ready]', 60000);
      return { eval: (fn, arg) => session.eval(`function () { return (${fn})(...arguments); }`, ...arg), close: async () => {} };
    },
    close: async () => { await session.close().catch(() => {}); driver.stop(); },
  };
}

const DRIVERS = { chromium: chromiumDriver, firefox: firefoxDriver, webkit: webkitDriver };

// --- The measures ------------------------------------------------------------------------------

const checks = JSON.parse(fs.readFileSync(path.join(out, 'workload-a-signatures.json'), 'utf8'));
const textA = fs.readFileSync(path.join(out, 'workload-a.txt'), 'utf8');
const five = fs.readFileSync('tests/fixtures/mangled/four.txt', 'utf8') + fs.readFileSync('tests/fixtures/hostile/xss.pem', 'utf8');

async function paste(page, text, count) {
  await page.eval(function (t) { window.benchText = t; }, [text]);
  return page.eval(pasteInPage, [count]);
}

async function measure(driver) {
  const r = {};
  if (ONLY.includes('f')) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const page = await driver.open();
      runs.push(await page.eval(floorInPage, [checks]));
      await page.close();
    }
    r.floor_ms = median(runs.map((x) => x.ms));
    r.floor_min_ms = min(runs.map((x) => x.ms));
    r.floor_ok = runs[0].ok;
    r.floor_n = runs[0].n;
  }
  if (ONLY.includes('a')) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      const page = await driver.open();
      runs.push(await paste(page, textA, 1000));
      await page.close();
    }
    r.a_painted_ms = median(runs.map((x) => x.painted));
    r.a_painted_min_ms = min(runs.map((x) => x.painted));
    r.a_elapsed_ms = median(runs.map((x) => x.elapsed));
    const names = [...new Set(runs.flatMap((x) => Object.keys(x.marks)))];
    r.a_marks = Object.fromEntries(names.map((n) => [n, median(runs.map((x) => x.marks[n] || 0))]));
  }
  if (ONLY.includes('l')) {
    const cold = [];
    const warm = [];
    for (let i = 0; i < RUNS; i += 1) {
      let page = await driver.open();
      cold.push(await paste(page, five, 5));
      await page.close();
      page = await driver.open();
      await sleep(1000);
      warm.push(await paste(page, five, 5));
      await page.close();
    }
    r.latency5_ms = median(cold.map((x) => x.painted));
    r.latency5_settled_ms = median(warm.map((x) => x.painted));
    r.latency5_min_ms = min(cold.map((x) => x.painted));
    r.latency5_settled_min_ms = min(warm.map((x) => x.painted));
    const names = [...new Set(warm.flatMap((x) => Object.keys(x.marks)))];
    r.latency5_settled_marks = Object.fromEntries(names.map((n) => [n, median(warm.map((x) => x.marks[n] || 0))]));
  }
  return r;
}

const site = await serveSite();
const result = {};
for (const name of BROWSERS) {
  let driver;
  try {
    driver = await DRIVERS[name](site.url);
    result[name] = await measure(driver);
  } catch (e) {
    result[name] = { error: String(e && e.message || e).split('\n')[0] };
  } finally {
    await driver?.close().catch(() => {});
  }
}
await site.close();
console.log(JSON.stringify(result));
