// The main journeys in WebKit (Safari's engine; issue 23 §1): Debian's WebKitGTK MiniBrowser
// driven over W3C WebDriver (webkit.mjs). Its own WebCrypto verifies the signatures, so the
// verdicts Chromium and Firefox show must hold here too: the same journeys as firefox.test.mjs,
// the same release site, sub-path and data attributes, plus the page without WebCrypto
// (served over plain http from another host than localhost: insecure-context.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, serveOtherOrigin, fixture, fixtures, artifacts, tryLeak, assertLeakBlocked } from './harness.mjs';
import { startDriver, Session } from './webkit.mjs';
import { INSECURE_CONTEXT, LEAF, BAD_WORDS } from './insecure.mjs';

const FORGED_LEAF = '4D157C233559EBF48E5D15C8889350409A41358A5B54A65DCA8A0C8D5FD5982A';
let driver, site, other, session;

before(async () => {
  site = await serveSite();
  other = await serveOtherOrigin();
  driver = await startDriver();
  // One browser for the journeys (a session costs ~1.5 s); each journey loads the page afresh.
  session = await Session.open(driver);
  fs.mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  await site?.close();
  await other?.close();
});

/** Loads `url` afresh and waits for the app; page errors are collected in `window.__errors`. */
async function openApp(s = session, url = site.url) {
  await s.goto('about:blank');
  await s.goto(url);
  await s.waitForSelector('#input');
  await s.eval(() => { window.__errors = []; window.addEventListener('error', (e) => window.__errors.push(String(e.message))); window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason))); });
  return s;
}

const errors = (s) => s.eval(() => window.__errors.concat(document.getElementById('panic')?.hidden === false ? [document.getElementById('panic').textContent] : []));
const setTime = (s, value) => s.fill('#evaluate-at', value, { change: true });

/** Every resource the page loaded is one of the site's files. */
async function assertOwnRequests(s) {
  const loaded = await s.eval(() => performance.getEntriesByType('resource').map((e) => e.name).concat([location.href]));
  for (const r of loaded) assert.ok(r.startsWith('data:') || r.startsWith(site.url), `unexpected request ${r}`);
  for (const h of site.hits) assert.ok(h.startsWith('/tools/certscope/'), `the site got ${h}`);
}

test('webkit: the apsd sample → Apple device rule ok, strict failed, macOS ok, the 403 diagnosis', async () => {
  const s = await openApp();
  assert.match(session.capabilities.browserName, /MiniBrowser/);
  await s.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = `[data-kind="certificate"][data-sha256="${LEAF}"]`;
  await s.waitForSelector(card);
  assert.equal(await s.attr(card, 'data-apple-device'), 'ok');
  assert.equal(await s.attr(card, 'data-strict'), 'failed');
  assert.equal(await s.attr(card, 'data-macos'), 'ok');
  assert.equal(await s.attr('#summary', 'data-diagnosis'), 'apple-device-expired-403');
  assert.equal(await s.eval(() => document.querySelectorAll('#no-webcrypto').length), 0, 'WebCrypto is there: no notice');
  fs.writeFileSync(path.join(artifacts, 'webkit-apsd-paste.png'), await s.screenshot());
  await assertOwnRequests(s);
  assert.deepEqual(await errors(s), []);
});

test('webkit: a forged Apple device chain fails the Apple device rule', async () => {
  const s = await openApp();
  await setTime(s, '2026-11-29T00:00');
  await s.fill('#input', ['leaf.pem', 'untrusted.pem'].map((f) => fixture(`chains/forged-apple-chain/${f}`)).join('\n'));
  await s.waitForSelector(`[data-kind="certificate"][data-sha256="${FORGED_LEAF}"]`);
  assert.equal(await s.attr(`[data-sha256="${FORGED_LEAF}"]`, 'data-apple-device'), 'failed');
  const apple = await s.eval(() => [...document.querySelectorAll('[data-kind="certificate"]')].map((e) => e.dataset.appleDevice));
  assert.ok(!apple.includes('ok'), JSON.stringify(apple));
  assert.equal(await s.attr('#summary', 'data-diagnosis'), 'apple-device-forged');
  assert.deepEqual(await errors(s), []);
});

test('webkit: a signed profile (ECDSA signer) verifies inside the signer validity', async () => {
  const s = await openApp();
  await setTime(s, '2026-03-15T00:00');
  const name = 'profiles/letsencrypt-ecdsa-der-2026.mobileconfig';
  await s.upload('input[type=file]', path.basename(name), fs.readFileSync(path.join(fixtures, name)));
  await s.waitForSelector('[data-kind="signed-data"]');
  assert.equal(await s.attr('[data-kind="signed-data"]', 'data-signature'), 'ok');
  assert.equal(await s.attr('[data-kind="signed-data"]', 'data-macos-label'), 'verified');
  assert.deepEqual(await errors(s), []);
});

test('webkit: a CMS profile with a tampered signature fails', async () => {
  const s = await openApp();
  await setTime(s, '2026-12-30T00:00');
  const name = 'cms/tampered-signature.mobileconfig';
  await s.upload('input[type=file]', path.basename(name), fs.readFileSync(path.join(fixtures, name)));
  await s.waitForSelector('[data-kind="signed-data"]');
  assert.equal(await s.attr('[data-kind="signed-data"]', 'data-signature'), 'failed');
  assert.deepEqual(await errors(s), []);
});

test('webkit: the real Developer ID Installer leaf gets its role, trusted by macOS', async () => {
  const s = await openApp();
  await setTime(s, '2026-12-01T00:00');
  await s.fill('#input', fixture('apple-pki/leaf-developer-id-installer-ria-2022-2027.pem'));
  const card = '[data-kind="certificate"][data-role="developer-id-installer"]';
  await s.waitForSelector(card);
  assert.equal(await s.attr(card, 'data-macos'), 'ok');
  assert.equal(await s.attr('#summary', 'data-diagnosis'), 'developer-id-installer');
  assert.deepEqual(await errors(s), []);
});

test('webkit: the CSP blocks a fetch to another origin, and nothing reaches it', async () => {
  const s = await openApp();
  assertLeakBlocked(await s.eval(tryLeak, other.origin), other);
});

test('webkit: without crypto.subtle the page says to open it over HTTPS, shows no chips, calls nothing forged; copy and share work', async () => {
  const insecure = await serveSite({ init: INSECURE_CONTEXT });
  try {
    const s = await openApp(session, insecure.url);
    assert.equal(await s.eval(() => typeof crypto.subtle), 'undefined', 'the init script ran first');
    await s.waitForSelector('#no-webcrypto');
    assert.match(await s.eval(() => document.querySelector('#no-webcrypto').innerText), /HTTPS.*localhost/s);
    await s.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
    const card = `[data-kind="certificate"][data-sha256="${LEAF}"]`;
    await s.waitForSelector(card);
    for (const a of ['data-apple-device', 'data-strict', 'data-macos']) assert.equal(await s.attr(card, a), 'not-checked', a);
    assert.equal(await s.attr(card, 'data-role'), 'leaf');
    assert.equal(await s.attr('#summary', 'data-diagnosis'), 'signatures-not-checked');
    assert.equal(await s.eval(() => document.querySelectorAll('.chip').length), 0);
    assert.doesNotMatch(await s.eval(() => document.querySelector('main').innerText), BAD_WORDS);
    await s.click('#copy-report');
    await s.waitFor(() => window.__copied.length === 1, [], 10000);
    const md = (await s.eval(() => window.__copied))[0];
    assert.ok(md.includes('## certscope report') && md.includes('NOT CHECKED'), md.slice(0, 400));
    const before = await s.url();
    await s.click('#share-link');
    await s.waitFor(() => window.__copied.length === 2, [], 10000);
    assert.match((await s.eval(() => window.__copied))[1], /#v1\./);
    assert.equal(await s.url(), before, 'the link is copied, never written to the address bar');
    assert.deepEqual(await s.eval(() => window.__violations), []);
    assert.deepEqual(await errors(s), []);
  } finally {
    await insecure.close();
  }
});
