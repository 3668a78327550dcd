// Issue 12 in a real browser: Apple's certificates get their role (data-role) and facts only up
// to Apple's pinned keys; look-alikes with Apple's names get none; an organisation's own root
// can be trusted for the session — marked local, and never carried by a share link.
// Screenshots go to tests/e2e/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { openApp, fixture, artifacts, shareLink, start, closeAll } from './harness.mjs';

let site, browser;

before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

async function setTime(page, value) {
  await page.fill('#evaluate-at', value);
  await page.dispatchEvent('#evaluate-at', 'change');
}

const roles = (page) => page.$$eval('[data-kind="certificate"]', (els) => els.map((e) => e.dataset.role));
const APPLE_ROLES = /^(apple-|mdm-push$|device-attestation$|developer-id-)/;

test('the real Developer ID Installer gets its role and facts', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await setTime(page, '2026-12-01T00:00');
  await page.fill('#input', fixture('apple-pki/leaf-developer-id-installer-ria-2022-2027.pem'));
  const card = page.locator('[data-role="developer-id-installer"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-macos'), 'ok');
  const facts = await card.locator('dl.facts').innerText();
  assert.match(facts, /Team ID\s+ET847QJV9F/);
  assert.match(facts, /Days left\s+\d+ \(expires 2027-02-01\)/);
  assert.match(await card.locator('.chip.macos').innerText(), /macOS: trusted/);
  assert.match(await card.locator('.badge.role').innerText(), /Developer ID Installer/);
  assert.equal(await page.locator('#summary').getAttribute('data-diagnosis'), 'developer-id-installer');
  assert.equal(await card.locator('.trust-session').count(), 0, 'a leaf is never offered');
  await page.screenshot({ path: path.join(artifacts, 'apple-developer-id-installer.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the MDM push leaf gets mdm-push, its topic, and the 30-day warning', async () => {
  const { page, context } = await openApp(browser, site.url);
  await setTime(page, '2025-05-01T00:00');
  await page.fill('#input', fixture('apple-pki/leaf-mdm-push-apsp-2024-2025.pem'));
  const card = page.locator('[data-role="mdm-push"]');
  await card.waitFor();
  assert.match(await card.locator('dl.facts').innerText(), /APNs topic\s+com\.apple\.mgmt\.External\.b4380178/);
  assert.equal(await page.locator('#summary').getAttribute('data-diagnosis'), 'mdm-push-expiring');
  assert.match(await page.locator('#summary').innerText(), /same Apple ID/);
  await page.screenshot({ path: path.join(artifacts, 'apple-mdm-push.png'), fullPage: true });
  await context.close();
});

test('look-alike push, Developer ID and attestation chains get no Apple role', async () => {
  const { page, context } = await openApp(browser, site.url);
  const text = ['apple-like/mdm-push-chain.pem', 'apple-like/developer-id-installer-leaf.pem', 'apple-like/developer-id-ca.pem',
    'apple-like/root.pem', 'attestation-like/chain.pem', 'attestation-like/root.pem'].map(fixture).join('\n');
  await page.fill('#input', text);
  await page.waitForFunction(() => document.querySelectorAll('[data-kind="certificate"]').length === 8);
  const got = await roles(page);
  for (const r of got) assert.ok(['root', 'intermediate-ca', 'leaf'].includes(r) && !APPLE_ROLES.test(r), `role ${r}`);
  assert.equal(got.filter((r) => r === 'root').length, 2);
  // Every one carries Apple's names: each is marked as a look-alike, none is trusted by macOS.
  assert.equal(await page.locator('.card.imitation .imitation-note').count(), 8);
  assert.equal(await page.locator('.trust-session').count(), 0, 'a look-alike is never offered for local trust');
  assert.equal(await page.locator('[data-kind="certificate"][data-macos="ok"]').count(), 0);
  assert.equal(await page.locator('dl.facts').count(), 0);
  await page.screenshot({ path: path.join(artifacts, 'apple-look-alikes.png'), fullPage: true });
  await context.close();
});

test('trust for this session: a custom root makes its chain trusted, locally, and the link does not carry it', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await setTime(page, '2027-06-01T00:00');
  const text = ['chains/rsa-chain/leaf.pem', 'chains/rsa-chain/untrusted.pem', 'chains/rsa-chain/trusted.pem'].map(fixture).join('\n');
  await page.fill('#input', text);
  const leaf = page.locator('[data-kind="certificate"][data-role="leaf"]');
  await leaf.waitFor();
  assert.equal(await leaf.getAttribute('data-strict'), 'failed');
  assert.equal(await leaf.getAttribute('data-macos'), 'failed');
  assert.equal(await page.locator('#local-trust').count(), 0);
  const root = page.locator('[data-kind="certificate"][data-role="root"]');
  await root.locator('.trust-session').click();
  await page.waitForFunction(() => document.querySelector('[data-role="leaf"]')?.dataset.strict === 'ok');
  assert.equal(await leaf.getAttribute('data-macos'), 'ok');
  assert.equal(await leaf.getAttribute('data-local-trust'), 'true');
  assert.match(await leaf.innerText(), /trusted locally for this session/);
  assert.match(await leaf.innerText(), /local trust: the chain ends at "certscope test root RSA"/);
  assert.match(await page.locator('#local-trust').innerText(), /Trusted locally for this session[\s\S]*certscope test root RSA/);
  assert.match(await page.locator('#summary').innerText(), /trusted locally/);
  assert.equal(await root.locator('.trust-session').count(), 0, 'offered once');
  // Nothing written to storage.
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
  await page.screenshot({ path: path.join(artifacts, 'trust-for-session.png'), fullPage: true });

  const link = await shareLink(page);
  const fragment = new URL(link).hash.slice(1);
  const raw = zlib.inflateRawSync(Buffer.from(fragment.slice(3), 'base64url')).toString('latin1');
  // The link carries the pasted text (the root's PEM included) and the time, nothing else.
  assert.ok(raw.includes('-----BEGIN CERTIFICATE-----'));
  assert.ok(!/trust/i.test(raw.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, '')), 'no trust in the link');
  await context.close();

  const fresh = await openApp(browser, link);
  const freshLeaf = fresh.page.locator('[data-kind="certificate"][data-role="leaf"]');
  await freshLeaf.waitFor();
  assert.equal(await freshLeaf.getAttribute('data-strict'), 'failed');
  assert.equal(await freshLeaf.getAttribute('data-local-trust'), null);
  assert.equal(await fresh.page.locator('#local-trust').count(), 0);
  assert.equal(await fresh.page.locator('[data-role="root"] .trust-session').count(), 1, 'the opened page offers it again');
  assert.deepEqual(errors, []);
  await fresh.context.close();
});

test('session trust applies to later pastes of the same CA until Forget', async () => {
  const { page, context } = await openApp(browser, site.url);
  await setTime(page, '2027-06-01T00:00');
  await page.fill('#input', ['chains/rsa-chain/leaf.pem', 'chains/rsa-chain/untrusted.pem', 'chains/rsa-chain/trusted.pem'].map(fixture).join('\n'));
  await page.locator('[data-role="root"] .trust-session').click();
  await page.waitForFunction(() => document.querySelector('[data-role="leaf"]')?.dataset.strict === 'ok');
  // The device certificate of the same CA pasted on its own, after the root was trusted.
  await page.fill('#input', ['chains/rsa-chain/leaf.pem', 'chains/rsa-chain/untrusted.pem'].map(fixture).join('\n'));
  await page.waitForFunction(() => document.querySelectorAll('[data-kind="certificate"]').length === 2);
  assert.equal(await page.locator('[data-role="leaf"]').getAttribute('data-strict'), 'ok');
  await page.locator('#local-trust button.forget').click();
  await page.waitForFunction(() => document.querySelector('[data-role="leaf"]')?.dataset.strict === 'failed');
  assert.equal(await page.locator('#local-trust').count(), 0);
  await context.close();
});
