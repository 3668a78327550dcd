// The main journeys in Firefox: signatures are verified by each browser's own WebCrypto, so the
// verdicts Chromium shows must also hold in Debian's Firefox ESR, driven headless by puppeteer-core
// over WebDriver BiDi (no browser download). Same release site, same sub-path, same data attributes
// as the Chromium tests; the page must make no request outside the site and the CSP must still
// block a fetch to another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, closeAll, fixture, fixtures, artifacts, tryLeak, assertLeakBlocked } from './harness.mjs';
import { launchFirefox, openApp as open, fill, attr, waitFor } from './firefox.mjs';
import { INSECURE_CONTEXT, BAD_WORDS } from './insecure.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
const FORGED_LEAF = '4D157C233559EBF48E5D15C8889350409A41358A5B54A65DCA8A0C8D5FD5982A';
let site, other, browser;

before(async () => ({ site, other, browser } = await start({ other: true, browser: launchFirefox })));
after(() => closeAll(browser, site, other));

/** A fresh browser context with one page on the site (firefox.mjs); `init` runs in the page
 *  before its own scripts. */
const openApp = (url = site.url, { init } = {}) => open(browser, url, { init });
const setTime = (page, value) => fill(page, '#evaluate-at', value, { change: true });

// Firefox reports, as a page request, a `data:font/woff2` URL of its own (the bytes are in
// /usr/lib/firefox-esr/omni.ja, not in dist/): a data: URL is decoded in place and never leaves
// the machine, so it is not counted; every other request must be one of the site's files.
function assertOwnRequests(requests) {
  const network = requests.filter((r) => !r.startsWith('data:'));
  assert.ok(network.length > 0);
  for (const r of network) assert.ok(r.startsWith(site.url), `unexpected request ${r}`);
  for (const h of site.hits) assert.ok(h.startsWith('/tools/certscope/'), `the site got ${h}`);
}

test('firefox: the apsd sample → Apple device rule ok, strict failed, macOS ok, the 403 diagnosis', async () => {
  const { page, context, requests, errors } = await openApp();
  assert.match(await browser.version(), /firefox/i);
  await fill(page, '#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = `[data-kind="certificate"][data-sha256="${LEAF}"]`;
  await waitFor(page, card);
  assert.equal(await attr(page, card, 'data-apple-device'), 'ok');
  assert.equal(await attr(page, card, 'data-strict'), 'failed');
  assert.equal(await attr(page, card, 'data-macos'), 'ok');
  assert.equal(await attr(page, '#summary', 'data-diagnosis'), 'apple-device-expired-403');
  assert.ok(Number(await attr(page, '#summary', 'data-elapsed-ms')) >= 0);
  await page.screenshot({ path: path.join(artifacts, 'firefox-apsd-paste.png'), fullPage: true });
  assertOwnRequests(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: a forged Apple device chain fails the Apple device rule', async () => {
  const { page, context, requests, errors } = await openApp();
  await setTime(page, '2026-11-29T00:00');
  const text = ['leaf.pem', 'untrusted.pem'].map((f) => fixture(`chains/forged-apple-chain/${f}`)).join('\n');
  await fill(page, '#input', text);
  await waitFor(page, `[data-kind="certificate"][data-sha256="${FORGED_LEAF}"]`);
  // The forged leaf: its signature does not verify under the (real) Apple iPhone Device CA key.
  assert.equal(await attr(page, `[data-sha256="${FORGED_LEAF}"]`, 'data-apple-device'), 'failed');
  const apple = await page.$$eval('[data-kind="certificate"]', (els) => els.map((e) => e.dataset.appleDevice));
  assert.ok(!apple.includes('ok'), JSON.stringify(apple));
  assert.equal(await attr(page, '#summary', 'data-diagnosis'), 'apple-device-forged');
  assertOwnRequests(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: a signed profile (ECDSA signer) verifies inside the signer validity', async () => {
  const { page, context, requests, errors } = await openApp();
  await setTime(page, '2026-03-15T00:00');
  const input = await page.$('input[type=file]');
  await input.uploadFile(path.join(fixtures, 'profiles/letsencrypt-ecdsa-der-2026.mobileconfig'));
  const card = '[data-kind="signed-data"]';
  await waitFor(page, card);
  assert.equal(await attr(page, card, 'data-signature'), 'ok');
  assert.equal(await attr(page, card, 'data-macos-label'), 'verified');
  assertOwnRequests(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: a CMS profile with a tampered signature fails', async () => {
  const { page, context, requests, errors } = await openApp();
  await setTime(page, '2026-12-30T00:00');
  const input = await page.$('input[type=file]');
  await input.uploadFile(path.join(fixtures, 'cms/tampered-signature.mobileconfig'));
  const card = '[data-kind="signed-data"]';
  await waitFor(page, card);
  assert.equal(await attr(page, card, 'data-signature'), 'failed');
  assertOwnRequests(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: the real Developer ID Installer leaf gets its role, trusted by macOS', async () => {
  const { page, context, requests, errors } = await openApp();
  await setTime(page, '2026-12-01T00:00');
  await fill(page, '#input', fixture('apple-pki/leaf-developer-id-installer-ria-2022-2027.pem'));
  const card = '[data-kind="certificate"][data-role="developer-id-installer"]';
  await waitFor(page, card);
  assert.equal(await attr(page, card, 'data-macos'), 'ok');
  assert.equal(await attr(page, '#summary', 'data-diagnosis'), 'developer-id-installer');
  assertOwnRequests(requests);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: the CSP blocks a fetch to another origin, and nothing reaches it', async () => {
  const { page, context, requests } = await openApp();
  assertLeakBlocked(await page.evaluate(tryLeak, other.origin), other);
  // The blocked fetch may or may not be reported as a request; none other than the site's files.
  for (const r of requests) assert.ok(r.startsWith('data:') || r.startsWith(site.url) || r.startsWith(other.origin), `unexpected request ${r}`);
  await context.close();
});

test('firefox: without crypto.subtle the page says to open it over HTTPS, shows no chips, calls nothing forged; copy and share work', async () => {
  const { page, context, errors } = await openApp(site.url, { init: INSECURE_CONTEXT });
  assert.equal(await page.evaluate(() => typeof crypto.subtle), 'undefined', 'the init script ran first');
  await waitFor(page, '#no-webcrypto');
  assert.match(await page.$eval('#no-webcrypto', (el) => el.innerText), /HTTPS.*localhost/s);
  await fill(page, '#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = `[data-kind="certificate"][data-sha256="${LEAF}"]`;
  await waitFor(page, card);
  for (const a of ['data-apple-device', 'data-strict', 'data-macos']) assert.equal(await attr(page, card, a), 'not-checked', a);
  assert.equal(await attr(page, card, 'data-role'), 'leaf');
  assert.equal(await attr(page, '#summary', 'data-diagnosis'), 'signatures-not-checked');
  assert.equal((await page.$$('.chip')).length, 0);
  assert.doesNotMatch(await page.$eval('main', (el) => el.innerText), BAD_WORDS);
  await page.click('#copy-report');
  await page.waitForFunction(() => window.__copied.length === 1, { timeout: 10000 });
  const md = (await page.evaluate(() => window.__copied))[0];
  assert.ok(md.includes('## certscope report') && md.includes('NOT CHECKED'), md.slice(0, 400));
  const before = page.url();
  await page.click('#share-link');
  await page.waitForFunction(() => window.__copied.length === 2, { timeout: 10000 });
  assert.match((await page.evaluate(() => window.__copied))[1], /#v1\./);
  assert.equal(page.url(), before, 'the link is copied, never written to the address bar');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
