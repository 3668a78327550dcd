// The app's WebAssembly is a binary file of the site. The page's CSP (`connect-src 'none'`) forbids
// the page every fetch, so a dedicated worker of the site (static/wasm-worker.js) fetches and
// compiles it and posts the module back; the page still cannot fetch anything, not even that file.
// Hosts that serve .wasm with another content type still work, online and offline. Mozilla's
// roots come the same way, as a file of their own (mozilla-roots.der) that a worker fetches like the
// wasm… only when an input first needs a public root: the app starts without them, a device
// identity never waits for them, a public chain's verdict does; the service worker keeps both for
// offline use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, serveOtherOrigin, launch, openApp, fixture, fixtures, dist, reloadOffline } from './harness.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
const ROOTS = 'mozilla-roots.der';
/** The app's wasm (the opener, certscope-unlock_bg.wasm, is a second module loaded on demand). */
const wasmName = () => fs.readdirSync(dist).filter((f) => f.endsWith('.wasm') && !f.startsWith('certscope-unlock'));
/** The URL of every file of dist/ as the site serves it, and the site's own URL (index.html). */
const siteFiles = (url) => new Set([url, ...fs.readdirSync(dist, { recursive: true })
  .filter((f) => fs.statSync(path.join(dist, f)).isFile()).map((f) => url + f.split(path.sep).join('/'))]);
let browser;

before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function pasteShowsTheLeaf(page) {
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
}

/** A profile signed under Let's Encrypt is verified only with Mozilla's roots (ISRG Root X1). */
async function publicChainIsTrusted(page) {
  await page.fill('#evaluate-at', '2026-03-15T00:00:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.setInputFiles('input[type=file]', path.join(fixtures, 'profiles/letsencrypt-ecdsa-der-2026.mobileconfig'));
  const card = page.locator('[data-kind="signed-data"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-signature'), 'ok');
  assert.equal(await card.getAttribute('data-macos-label'), 'verified');
}

/** What the page gets when it fetches `url` itself: 'sent' or 'blocked', and the CSP violations. */
function fetchFromPage(page, url) {
  return page.evaluate(async (target) => {
    const violations = [];
    const seen = (e) => violations.push(e.violatedDirective);
    document.addEventListener('securitypolicyviolation', seen);
    let outcome;
    try { await fetch(target); outcome = 'sent'; } catch { outcome = 'blocked'; }
    await new Promise((r) => setTimeout(r, 100));
    document.removeEventListener('securitypolicyviolation', seen);
    return { outcome, violations };
  }, url);
}

test('dist/ ships the wasm as a binary file that the service worker precaches', () => {
  const names = wasmName();
  assert.equal(names.length, 1, names.join(', '));
  const wasm = fs.readFileSync(path.join(dist, names[0]));
  assert.deepEqual([...wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic');
  assert.match(fs.readFileSync(path.join(dist, 'index.html'), 'utf8'), new RegExp(`data-wasm="\\./${names[0].replace(/\./g, '\\.')}"`));
  // No script carries the module as text any more.
  for (const f of fs.readdirSync(dist).filter((n) => n.endsWith('.js'))) {
    assert.ok(fs.statSync(path.join(dist, f)).size < wasm.length / 4, `${f} is as large as a wasm module`);
  }
  assert.ok(fs.readFileSync(path.join(dist, 'sw.js'), 'utf8').includes(`"./${names[0]}"`), 'sw.js precaches the wasm');
  // The opener (private keys and PKCS#12, loaded when one arrives) is precached too: it works offline.
  const opener = fs.readFileSync(path.join(dist, 'certscope-unlock_bg.wasm'));
  assert.deepEqual([...opener.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'the opener is a wasm module');
  for (const f of ['certscope-unlock_bg.wasm', 'certscope-unlock.js', 'unlock-worker.js']) {
    assert.ok(fs.readFileSync(path.join(dist, 'sw.js'), 'utf8').includes(`"./${f}"`), `sw.js precaches ${f}`);
  }
});

test("dist/ ships Mozilla's roots as a file of their own, precached, and not inside the wasm", () => {
  const roots = fs.readFileSync(path.join(dist, ROOTS));
  assert.equal(roots[0], 0x30, 'a DER SEQUENCE');
  assert.ok(roots.length > 40000, `${roots.length} bytes`);
  assert.ok(fs.readFileSync(path.join(dist, 'sw.js'), 'utf8').includes(`"./${ROOTS}"`), 'sw.js precaches the roots');
  // Samples of the roots' bytes (names and keys) that would be in the wasm had webpki-roots been
  // compiled into it.
  const wasm = fs.readFileSync(path.join(dist, wasmName()[0]));
  assert.ok(roots.includes(Buffer.from('ISRG Root X1')));
  assert.ok(!wasm.includes(Buffer.from('ISRG Root X1')), 'the wasm names ISRG Root X1');
  for (let at = 1000; at + 48 < roots.length; at += 2000) {
    assert.ok(!wasm.includes(roots.subarray(at, at + 48)), `the wasm holds the roots' bytes at ${at}`);
  }
});

test('a worker streams the wasm in; the page itself still cannot fetch it or anything else', async () => {
  const site = await serveSite();
  const other = await serveOtherOrigin();
  try {
    const { page, context, requests, errors } = await openApp(browser, site.url);
    await pasteShowsTheLeaf(page);
    assert.equal(await page.getAttribute('html', 'data-wasm'), 'streamed');
    const [name] = wasmName();
    await publicChainIsTrusted(page);
    for (const f of [name, ROOTS]) assert.ok(site.hits.some((h) => h.endsWith('/' + f)), `the site never served ${f}: ${site.hits}`);
    // Everything requested (by the page and its workers) is a file of the site.
    const files = siteFiles(site.url);
    for (const r of requests) assert.ok(files.has(r.split('?')[0]), `unexpected request ${r}`);
    for (const h of site.hits) assert.ok(files.has(site.origin + h.split('?')[0]), `the site got ${h}`);
    // The site's own .wasm, fetched by the page rather than by the worker: blocked.
    const before = site.hits.length;
    const own = await fetchFromPage(page, `${site.url}${name}?from=page`);
    assert.equal(own.outcome, 'blocked');
    assert.ok(own.violations.some((v) => v.startsWith('connect-src')), JSON.stringify(own.violations));
    const roots = await fetchFromPage(page, `${site.url}${ROOTS}?from=page`);
    assert.equal(roots.outcome, 'blocked');
    assert.ok(!site.hits.slice(before).some((h) => h.includes('from=page')), 'the page reached its own server');
    const away = await fetchFromPage(page, `${other.origin}/leak?data=secret`);
    assert.equal(away.outcome, 'blocked');
    assert.deepEqual(other.hits, []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await site.close();
    await other.close();
  }
});

test('a host that serves .wasm as application/octet-stream still works, and offline too', async () => {
  const site = await serveSite({ types: { '.wasm': 'application/octet-stream' } });
  try {
    const { page, context, errors } = await openApp(browser, site.url);
    await pasteShowsTheLeaf(page);
    assert.equal(await page.getAttribute('html', 'data-wasm'), 'compiled');
    // The service worker keeps the file with the host's content type; offline it still compiles.
    await reloadOffline(page, context);
    await pasteShowsTheLeaf(page);
    assert.equal(await page.getAttribute('html', 'data-wasm'), 'compiled');
    // Mozilla's roots came from the service worker's cache too.
    await publicChainIsTrusted(page);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await site.close();
  }
});

test("the app starts without Mozilla's roots; a device identity is judged without them, a public chain waits for them", async () => {
  // The roots are held back 10 s (the service worker's precache waits as long; a browser may let
  // the page's own request wait for that one, then wait again): the app and a
  // device identity's verdict come first; a chain under Let's Encrypt is verified once they arrive.
  const site = await serveSite({ delays: { [ROOTS]: 10000 } });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(site.url);
    await page.waitForSelector('#input', { timeout: 9000 });
    await pasteShowsTheLeaf(page);
    const card = page.locator(`[data-sha256="${LEAF}"]`);
    assert.equal(await card.getAttribute('data-apple-device'), 'ok');
    assert.ok(Date.now() - started < 10000, 'the device identity waited for the roots');
    await publicChainIsTrusted(page);
    assert.ok(Date.now() - started >= 10000, 'a public chain was judged before its roots arrived');
    await context.close();
  } finally {
    await site.close();
  }
});

test("without its roots file the page still judges a device identity, and gives no verdict where the roots are needed", async () => {
  const site = await serveSite({ missing: [ROOTS] });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForSelector('#input');
    await pasteShowsTheLeaf(page);
    assert.equal(await page.locator(`[data-sha256="${LEAF}"]`).getAttribute('data-apple-device'), 'ok');
    await page.setInputFiles('input[type=file]', path.join(fixtures, 'profiles/letsencrypt-ecdsa-der-2026.mobileconfig'));
    await page.getByText(/Mozilla's roots could not be loaded \(.*mozilla-roots\.der: HTTP 404\)/).first().waitFor();
    assert.equal(await page.locator('[data-kind="signed-data"]').count(), 0, 'a verdict without the roots');
    assert.equal(await page.locator(`[data-sha256="${LEAF}"]`).count(), 0, 'the previous report is still shown');
    await context.close();
  } finally {
    await site.close();
  }
});

test('dist/ocr ships one OCR core, as binary wasm, and the language data gzip-compressed', () => {
  const ocr = path.join(dist, 'ocr');
  const all = fs.readdirSync(ocr, { recursive: true }).filter((f) => fs.statSync(path.join(ocr, f)).isFile()).sort();
  assert.deepEqual(all.filter((f) => /tesseract-core/.test(f)), ['tesseract-core-simd-lstm.js', 'tesseract-core-simd-lstm.wasm']);
  assert.deepEqual(all.filter((f) => f.startsWith('lang')), [path.join('lang', 'eng.traineddata.gz')]);
  const gz = fs.readFileSync(path.join(ocr, 'lang', 'eng.traineddata.gz'));
  assert.deepEqual([...gz.subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
  const core = fs.readFileSync(path.join(ocr, 'tesseract-core-simd-lstm.wasm'));
  assert.deepEqual([...core.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'wasm magic');
});
