// The foundation: the release site loads from a sub-path, decodes a paste locally, makes no
// request beyond its own files, and its CSP blocks connections to any other origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, serveOtherOrigin, launch, openApp, fixture, fixtures, dist, artifacts, start, closeAll, tryLeak, assertLeakBlocked } from './harness.mjs';

const LEAF_SHA256 = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
let site, other, browser;

before(async () => ({ site, other, browser } = await start({ other: true })));
after(() => closeAll(browser, site, other));

test('pasting the apsd sample lists the certificate with both verdicts and the 403 diagnosis', async () => {
  const { page, requests, errors, context } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = page.locator(`[data-kind="certificate"][data-sha256="${LEAF_SHA256}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-apple-device'), 'ok');
  assert.equal(await card.getAttribute('data-strict'), 'failed');
  assert.match(await card.innerText(), /6001A957-6FC5-4856-8C5E-DC2E32C61CB9/);
  assert.match(await card.innerText(), /Apple iPhone Device CA/);
  assert.match(await card.innerText(), /2019-11-08/);
  const summary = page.locator('#summary');
  assert.equal(await summary.getAttribute('data-diagnosis'), 'apple-device-expired-403');
  assert.ok(Number(await summary.getAttribute('data-elapsed-ms')) >= 0);
  await page.screenshot({ path: path.join(artifacts, 'apsd-paste.png'), fullPage: true });
  // Every request went to the site's own files.
  assert.ok(requests.length > 0);
  for (const r of requests) assert.ok(r.startsWith(site.url), `unexpected request ${r}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('changing evaluate-at re-evaluates: inside the leaf validity the strict check passes', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  const card = page.locator(`[data-kind="certificate"][data-sha256="${LEAF_SHA256}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-strict'), 'failed');
  await page.fill('#evaluate-at', '2019-01-01T00:00:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.waitForFunction((sha) => document.querySelector(`[data-sha256="${sha}"]`)?.dataset.strict === 'ok', LEAF_SHA256);
  assert.equal(await page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-ok');
  await context.close();
});

test('a dropped signed profile (BER) is read by content', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', path.join(fixtures, 'profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig'));
  const card = page.locator('[data-kind="signed-data"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-signature'), 'ok');
  assert.equal(await card.getAttribute('data-macos-label'), 'unverified');
  assert.equal(await page.locator('[data-kind="signed-data"] [data-kind="certificate"]').count(), 2);
  await context.close();
});

test('the CSP blocks a fetch to another origin, and nothing reaches it', async () => {
  const { page, context } = await openApp(browser, site.url);
  assertLeakBlocked(await page.evaluate(tryLeak, other.origin), other);
  await context.close();
});

test('dist/ references no external URL and has no inline script', () => {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  assert.match(html, /Content-Security-Policy/);
  assert.match(html, /connect-src 'none'/);
  assert.doesNotMatch(html, /'unsafe-inline'|'unsafe-eval'/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'inline script');
  for (const f of fs.readdirSync(dist)) {
    if (!/\.(html|css|js)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(dist, f), 'utf8');
    assert.doesNotMatch(text, /(src|href)=["']?(https?:)?\/\//i, `${f} references an external URL`);
    assert.doesNotMatch(text, /url\(\s*["']?(https?:)?\/\//i, `${f} loads a remote style resource`);
    assert.doesNotMatch(text, /(import|from)\s*\(?\s*["']https?:/i, `${f} imports remote code`);
  }
});

// Issue 21's budget: the page's first load decodes and decrypts no private key. Reading keys and
// PKCS#12 bundles is the opener's (certscope-unlock, a second wasm loaded only when one arrives):
// words only its code says are in its wasm and not in the page's.
test('the code that reads private keys and PKCS#12 bundles is in the opener, not the first load', () => {
  const files = fs.readdirSync(dist);
  const page = files.filter((f) => f.endsWith('_bg.wasm') && !f.startsWith('certscope-unlock'));
  assert.equal(page.length, 1, `one page wasm: ${files}`);
  const mainWasm = fs.readFileSync(path.join(dist, page[0])).toString('latin1');
  const opener = fs.readFileSync(path.join(dist, 'certscope-unlock_bg.wasm')).toString('latin1');
  for (const words of [
    'pbeWithSHAAnd40BitRC2-CBC (legacy)', // PKCS#12's legacy decryption
    'none of the given passwords opens this PKCS#12 bundle', // its MAC
    'primes do not multiply to its modulus', // reading an RSA private key
    'not a readable PKCS#8 private key', // reading PKCS#8 (the pkcs8 crate's)
  ]) {
    assert.ok(opener.includes(words), `the opener says "${words}"`);
    assert.ok(!mainWasm.includes(words), `the page's first load carries "${words}"`);
  }
});
