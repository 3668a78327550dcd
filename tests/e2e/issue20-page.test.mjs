// Issue 20, the page's side: share links are copied, never written to the address bar (history and
// the browser's sync would keep a ticket's contents), never larger than a link can open and never
// with a fleet inventory; the site's workers cannot reach another origin (the page's CSP does not
// bind them); two copies of the site on one host keep their own offline caches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { serveSite, serveOtherOrigin, openApp, fixture, shareLink, SUBPATH, start, closeAll } from './harness.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
let site, browser;

before(async () => ({ site, browser } = await start({ folder: null })));
after(() => closeAll(browser, site));

function inflate(link) {
  const fragment = new URL(link).hash.slice(1);
  return zlib.inflateRawSync(Buffer.from(fragment.slice(3), 'base64url'));
}

test('a share link is copied, never written to the address bar or the history', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  const [url, length] = [page.url(), await page.evaluate(() => history.length)];
  const link = await shareLink(page);
  assert.match(link, /#v1\./);
  assert.equal(link.split('#')[0], url.split('#')[0], 'the link is to this page');
  assert.equal(page.url(), url, 'the address bar changed');
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => history.length), length, 'a history entry was added');
  assert.match(await page.locator('#toolbar-status').innerText(), /Link copied \(\d+ characters\)\. It contains the pasted text/);
  assert.ok(inflate(link).includes('BEGIN CERTIFICATE'));
  assert.deepEqual(errors, []);
  await context.close();

  const fresh = await openApp(browser, link);
  await fresh.page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await fresh.context.close();
});

test('a fleet inventory never goes into a share link, and the page says so', async () => {
  const { page, context } = await openApp(browser, site.url);
  const real = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').trim();
  const csv = `Serial Number,Computer Name,APSD Certificate\nC02ZX9QWMD6R,Alice Example's MacBook,"${real}"\nC02ZX9QWMD6S,Finance-iMac-07,"${real}"\n`;
  await page.setInputFiles('input[type=file]', [
    { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) },
    { name: 'one.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(real) },
  ]);
  await page.locator(`[data-sha256="${LEAF}"]`).first().waitFor();
  await page.waitForSelector('#fleet[data-state="done"]', { timeout: 60000 });
  const link = await shareLink(page);
  const raw = inflate(link);
  for (const s of ['C02ZX9QWMD6R', 'Alice Example', 'Finance-iMac-07']) assert.ok(!raw.includes(s), `the link carries ${s}`);
  assert.ok(raw.includes('one.pem'), 'the certificate file is kept');
  const notice = await page.locator('#share-left-out').innerText();
  assert.match(notice, /fleet inventories \(device names, serial numbers\)/);
  assert.match(notice, /fleet\.csv \(all of it\): a fleet inventory; a link never carries device names or serial numbers/);
  await context.close();

  const fresh = await openApp(browser, link);
  await fresh.page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await fresh.page.locator('#fleet').count(), 0);
  assert.match(await fresh.page.locator('#link-left-out').innerText(), /fleet\.csv \(all of it\): a fleet inventory/);
  await fresh.context.close();
});

/** `n` bytes of random lowercase words with spaces and full stops: text that is neither base64,
 *  hex, a certificate nor a secret, and compresses badly. */
function prose(n) {
  const random = crypto.randomBytes(n);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i += 1) {
    const x = random[i];
    out[i] = (i + 1) % 64 === 0 ? 0x0a : i % 64 === 31 || x % 23 === 0 ? 0x20 : x % 97 === 0 ? 0x2e : 0x61 + (x % 26);
  }
  return out;
}

test('no link is made that is larger than the decoder or a browser opens; the page says why', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const url = page.url();
  // 9 MiB of text that is no certificate and no secret (random bytes would be left out of the
  // link as data certscope cannot read): the decoder opens at most 8 MiB.
  await page.setInputFiles('input[type=file]', { name: 'big.txt', mimeType: 'text/plain', buffer: prose(9 * 1024 * 1024) });
  await page.waitForFunction(() => document.querySelectorAll('.files li').length === 1);
  await page.evaluate(() => navigator.clipboard.writeText('before'));
  await page.click('#share-link');
  const status = page.locator('#toolbar-status');
  await page.waitForFunction(() => document.querySelector('#toolbar-status')?.textContent.length > 0);
  assert.match(await status.innerText(), /No link was made: the input is 9\.0 MiB, and a share link holds at most 8 MiB/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'before');
  assert.equal(page.url(), url);
  // 1.5 MiB of text that compresses badly: within what the decoder opens, but the link would be
  // longer than Firefox opens (1 MiB; Chromium 2 MiB).
  await page.click('#clear');
  await page.setInputFiles('input[type=file]', { name: 'noise.txt', mimeType: 'text/plain', buffer: prose(1536 * 1024) });
  await page.waitForFunction(() => [...document.querySelectorAll('.files li')].some((li) => li.textContent.includes('noise.txt')));
  await page.click('#share-link');
  await page.waitForFunction(() => /No link was made|Link copied/.test(document.querySelector('#toolbar-status')?.textContent));
  assert.match(await status.innerText(), /No link was made: it would be 1\.\d million characters long, and browsers open links of at most 1\.0 million/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'before');
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page's policy loads images only from the site (its logo), not data: URLs", async () => {
  const { page, context } = await openApp(browser, site.url);
  const load = (src) => page.evaluate((s) => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve('loaded');
    img.onerror = () => resolve('blocked');
    img.src = s;
  }), src);
  assert.equal(await load('data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), 'blocked');
  assert.equal(await load('favicon.svg'), 'loaded');
  await context.close();
});

test('Trusted Types: no string becomes markup or a script URL, except the table\'s own rows and the site\'s own workers', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  // Eleven certificates: the compact table, written as markup.
  const pem = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem');
  await page.fill('#input', Array.from({ length: 11 }, () => pem).join('\n') + fixture('chains/rsa-chain/leaf.pem'));
  await page.waitForSelector('#cert-table [role="row"][data-sha256]');
  const tries = await page.evaluate(() => {
    const out = {};
    const attempt = (name, f) => { try { f(); out[name] = 'allowed'; } catch (e) { out[name] = e instanceof TypeError ? 'refused' : String(e); } };
    const el = document.createElement('div');
    attempt('innerHTML', () => { el.innerHTML = '<img src=x onerror=alert(1)>'; });
    attempt('insertAdjacentHTML', () => el.insertAdjacentHTML('beforeend', '<b>x</b>'));
    attempt('other worker', () => new Worker('data:text/javascript,1'));
    attempt('own worker', () => new Worker('wasm-worker.js').terminate());
    return out;
  });
  assert.deepEqual(tries, { innerHTML: 'refused', insertAdjacentHTML: 'refused', 'other worker': 'refused', 'own worker': 'allowed' });
  // The table's rows open their cards and sort (markup written again).
  await page.locator('#cert-table button.open-card').first().click();
  await page.locator('#cert-table article[data-kind="certificate"]').waitFor();
  await page.locator('#cert-table .sort').nth(1).click();
  await page.waitForSelector('#cert-table [role="row"][data-sha256]');
  assert.deepEqual(errors, []);
  await context.close();
});

/** What a worker of the site (script: its path in the site) reaches of `other` when it tries
 *  every way out a worker has; returns each attempt's outcome. */
async function tryToLeave(page, script, other, ready, withImport) {
  const [worker] = await Promise.all([
    page.waitForEvent('worker', (w) => w.url().endsWith('/' + script)),
    page.evaluate((s) => { window.testWorkers = (window.testWorkers || []).concat(new Worker(new URL(s, document.baseURI))); }, script),
  ]);
  return worker.evaluate(async ({ other, ready, withImport }) => {
    // The worker's own script has run (its handlers are set) before anything is tried.
    for (let i = 0; i < 200 && !new Function(`return ${ready}`)(); i += 1) await new Promise((r) => setTimeout(r, 10));
    const ws = other.replace('http:', 'ws:');
    const attempt = async (name, f) => {
      try { await f(); return `${name}: reached`; } catch (e) { return `${name}: refused`; }
    };
    const event = (target, ok, bad) => new Promise((resolve, reject) => {
      target.addEventListener(ok, resolve);
      target.addEventListener(bad, reject);
      setTimeout(resolve, 1500);
    });
    return [
      await attempt('fetch', () => fetch(`${other}/fetch`)),
      await attempt('fetch Request', () => fetch(new Request(`${other}/request`))),
      await attempt('fetch no-cors', () => fetch(`${other}/no-cors`, { mode: 'no-cors' })),
      await attempt('XMLHttpRequest', () => { const x = new XMLHttpRequest(); x.open('GET', `${other}/xhr`); x.send(); return event(x, 'load', 'error'); }),
      await attempt('importScripts', () => importScripts(`${other}/import.js`)),
      await attempt('WebSocket', () => event(new WebSocket(`${ws}/ws`), 'open', 'error')),
      await attempt('EventSource', () => event(new EventSource(`${other}/sse`), 'open', 'error')),
      await attempt('nested Worker', () => event(new Worker(URL.createObjectURL(new Blob([`fetch('${other}/nested')`]))), 'message', 'error')),
      await attempt('Cache.add', async () => (await caches.open('probe')).add(`${other}/cache`)),
      await attempt('FontFace', () => new FontFace('probe', `url(${other}/font)`).load()),
      // A dynamic import() cannot be wrapped: the service worker refuses it once it controls.
      ...(withImport ? [await attempt('import()', () => import(`${other}/module.js`))] : []),
      // The worker's own folder is still reachable.
      await attempt('own file', async () => { const r = await fetch(ready.includes('onmessage') ? 'mozilla-roots.der' : 'tesseract-core-simd-lstm.js'); if (!r.ok) throw new Error(r.status); }),
    ];
  }, { other, ready, withImport });
}

const WAYS_OUT = ['fetch', 'fetch Request', 'fetch no-cors', 'XMLHttpRequest', 'importScripts', 'WebSocket', 'EventSource', 'nested Worker', 'Cache.add', 'FontFace'];

async function workersStayIn(serviceWorker) {
  const other = await serveOtherOrigin();
  try {
    // The test starts workers of its own from the page (its CSP does not bind them either).
    const { page, context, errors } = await openApp(browser, site.url, { bypassCSP: true, serviceWorkers: serviceWorker ? 'allow' : 'block' });
    if (serviceWorker) await controlled(page);
    await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
    await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
    const wasm = await tryToLeave(page, 'wasm-worker.js', other.origin, "typeof self.onmessage === 'function'", serviceWorker);
    // The OCR worker (tesseract.js) listens with addEventListener; its fetch is wrapped (gzip).
    const ocr = await tryToLeave(page, 'ocr/worker.min.js', other.origin, "!/\\[native code\\]/.test(Function.prototype.toString.call(self.fetch))", serviceWorker);
    // The worker that fetches the Public Suffix List on demand (static/fetch-worker.js).
    const fetcher = await tryToLeave(page, 'fetch-worker.js', other.origin, "typeof self.onmessage === 'function'", serviceWorker);
    await new Promise((r) => setTimeout(r, 500));
    const expected = WAYS_OUT.concat(serviceWorker ? ['import()'] : []).map((n) => `${n}: refused`).concat('own file: reached');
    assert.deepEqual(other.hits, [], `another origin was reached: wasm-worker.js ${wasm.join(', ')}; OCR worker ${ocr.join(', ')}; fetch-worker.js ${fetcher.join(', ')}`);
    assert.deepEqual(wasm, expected);
    assert.deepEqual(fetcher, expected);
    assert.deepEqual(ocr, expected);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await other.close();
  }
}

test("the site's workers cannot reach another origin; they still load their own files", () => workersStayIn(false));

test('once the service worker controls the page, it refuses other origins too (a dynamic import() included)', () => workersStayIn(true));

/** The caches of the page's origin: { name: [path of each file] }. */
const cachesOf = (page) => page.evaluate(async () => {
  const out = {};
  for (const k of await caches.keys()) out[k] = (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname);
  return out;
});

async function controlled(page) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('two copies of the site on one host keep their own offline caches; an update replaces only its own', async () => {
  const STAGING = '/staging/certscope/';
  const two = await serveSite({ subpaths: [SUBPATH, STAGING] });
  // Two different builds, as two copies on one host usually are: each sw.js its own version.
  const builds = { [SUBPATH]: 'a'.repeat(16), [STAGING]: 'b'.repeat(16) };
  two.rewrite = (sub, rel, bytes) => (rel === 'sw.js' ? bytes.toString().replace(/[0-9a-f]{16}/, builds[sub]) : undefined);
  const context = await browser.newContext();
  try {
    const tools = await context.newPage();
    await tools.goto(two.urls[SUBPATH]);
    await controlled(tools);
    const staging = await context.newPage();
    await staging.goto(two.urls[STAGING]);
    await controlled(staging);
    const holding = (caches, sub) => Object.keys(caches).filter((k) => caches[k].includes(sub + 'index.html'));
    let all = await cachesOf(tools);
    assert.equal(holding(all, SUBPATH).length, 1, `the first copy lost its cache to the second: ${Object.keys(all)}`);
    assert.equal(holding(all, STAGING).length, 1, `${Object.keys(all)}`);
    const [toolsCache, stagingCache] = [holding(all, SUBPATH)[0], holding(all, STAGING)[0]];
    assert.ok(toolsCache.includes(builds[SUBPATH]) && stagingCache.includes(builds[STAGING]));

    // Offline, each copy still opens from its own cache.
    await context.setOffline(true);
    for (const page of [tools, staging]) {
      await page.reload();
      await page.waitForSelector('#input');
      await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
      await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
    }
    await context.setOffline(false);

    // A new build of the first copy deletes that copy's old cache, and only that one.
    builds[SUBPATH] = 'c'.repeat(16);
    await tools.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
    // Until the new build has activated (its cache filled, the old one deleted), or 30 s.
    for (let i = 0; i < 150; i += 1) {
      all = await cachesOf(tools);
      const names = Object.keys(all).join(' ');
      if (names.includes(builds[SUBPATH]) && !names.includes('a'.repeat(16))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.deepEqual(Object.keys(all).sort(), [holding(all, SUBPATH)[0], stagingCache].sort());
    assert.ok(holding(all, SUBPATH)[0].includes('cccccccccccccccc'));
  } finally {
    await context.close();
    await two.close();
  }
});
