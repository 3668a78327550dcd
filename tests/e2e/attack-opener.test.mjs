// An adversary's pass over the page's opener (certscope-unlock, a second wasm in a worker): when
// it cannot load, every key and bundle says why and none is "opened" or paired; one EC key given
// in two forms is opened in both with WebCrypto's answer; the password is in no storage, no
// console message and no attribute.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, launch, openApp, fixtures, fixtureFile as file } from './harness.mjs';
import { PASSWORD } from './push-journeys.mjs';

// One site for the tests that need the whole site; the first serves one without the opener.
let browser, site;
before(async () => { browser = await launch(); site = await serveSite(); });
after(async () => { await browser?.close(); await site?.close(); });


test('without the opener every key and bundle says why, and none is opened or paired', async () => {
  const bare = await serveSite({ missing: ['certscope-unlock_bg.wasm'] });
  try {
    const { context, page, errors } = await openApp(browser, bare.url);
    await page.setInputFiles('input[type=file]', [file('push/push-legacy.p12'), file('push/ec-sec1.pem'), file('push/ec-cert.pem')]);
    await page.locator('#password').fill(PASSWORD);
    const key = page.locator('[data-kind="private-key"]');
    await key.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-kind="private-key"]')?.textContent.includes('could not run'), null, { timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('[data-kind="pkcs12"]')?.textContent.includes('could not run'), null, { timeout: 30000 });
    for (const kind of ['private-key', 'pkcs12']) {
      assert.equal(await page.locator(`[data-kind="${kind}"]`).getAttribute('data-opened'), 'false', kind);
    }
    assert.equal(await page.locator('[data-key-pair="matched"]').count(), 0, 'nothing paired');
    assert.equal(await page.locator('[data-diagnosis="key-does-not-match"]').count(), 0, 'not a mismatch');
    assert.ok(bare.hits.some((h) => h.endsWith('certscope-unlock_bg.wasm')), 'the opener was asked for');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await bare.close();
  }
});

test('one EC key in its SEC1 and PKCS#8 forms: both opened with WebCrypto, both paired', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  const sec1 = fs.readFileSync(path.join(fixtures, 'push/ec-sec1.pem'), 'utf8');
  const pkcs8 = crypto.createPrivateKey(sec1).export({ type: 'pkcs8', format: 'pem' });
  await page.setInputFiles('input[type=file]', [
    file('push/ec-sec1.pem'),
    { name: 'ec-pkcs8.pem', mimeType: 'application/octet-stream', buffer: Buffer.from(pkcs8) },
    file('push/ec-cert.pem'),
  ]);
  await page.locator('[data-kind="certificate"][data-key-pair="matched"]').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelectorAll('[data-kind="private-key"][data-opened="true"]').length === 2, null, { timeout: 30000 });
  const hashes = await page.locator('[data-kind="private-key"]').evaluateAll((els) => els.map((e) => e.dataset.publicKeySha256));
  assert.equal(hashes.length, 2);
  assert.ok(hashes[0] && hashes[0] === hashes[1], hashes.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the password reaches no storage, console message or attribute', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.setInputFiles('input[type=file]', [file('push/push-legacy.p12'), file('push/push-key-pbes2.pem')]);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('[data-kind="pkcs12"][data-opened="true"]').waitFor({ timeout: 30000 });
  await page.locator('[data-kind="private-key"][data-opened="true"]').waitFor({ timeout: 30000 });
  const stored = await page.evaluate(async () => {
    const all = [];
    for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) all.push(s.key(i), s.getItem(s.key(i)));
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) all.push(req.url);
    }
    return all.join('\n') + location.href;
  });
  assert.ok(!stored.includes(PASSWORD), 'not in storage, caches or the address');
  assert.ok(!messages.some((m) => m.includes(PASSWORD)), messages.join('\n'));
  const html = await page.evaluate(() => document.documentElement.outerHTML.replace(/value="[^"]*"/g, ''));
  assert.ok(!html.includes(PASSWORD));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a CSR pairs with its certificate in the page only when its own signature verifies', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [file('push/push.csr.der'), file('push/push-old.pem')]);
  await page.locator('[data-kind="csr"][data-signature="ok"]').waitFor({ timeout: 30000 });
  await page.locator('[data-kind="certificate"][data-key-pair="matched"]').waitFor({ timeout: 30000 });
  await page.click('#clear');
  await page.setInputFiles('input[type=file]', [file('push/push-tampered.csr.der'), file('push/push-old.pem')]);
  await page.locator('[data-kind="csr"][data-signature="failed"]').waitFor({ timeout: 30000 });
  await page.locator('[data-kind="certificate"]').first().waitFor();
  assert.equal(await page.locator('[data-key-pair="matched"]').count(), 0, 'a tampered CSR holds no key');
  assert.deepEqual(errors, []);
  await context.close();
});
