// The inspector page in real headless Chromium against the release build: examples, mangled
// pastes, several files at once, copy report, share links, hostile certificate fields, offline
// reload, keyboard use, axe-core, and screenshots (tests/e2e/artifacts, not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openApp, fixture, fixtures, artifacts, shareLink, start, closeAll, reloadOffline } from './harness.mjs';

const require = createRequire(import.meta.url);
const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
let site, browser;

before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

const shas = (page) => page.$$eval('[data-kind="certificate"]', (els) => els.map((e) => e.dataset.sha256));

test('examples: the expired device certificate and a signed profile', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.click('#example-apsd');
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-expired-403');
  assert.match(await page.locator('#summary').innerText(), /403/);
  assert.match(await page.locator('#summary').innerText(), /Setup Assistant/);
  await page.click('#example-profile');
  const card = page.locator('[data-kind="signed-data"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-signature'), 'ok');
  assert.deepEqual(errors, []);
  await context.close();
});

test('mangled pastes show exactly the right certificates and located problems', async () => {
  const cases = JSON.parse(fs.readFileSync(path.join(fixtures, 'mangled/cases.json'), 'utf8'));
  const pick = ['quoted-nested', 'one-line-four', 'em-dash', 'zero-width', 'smart-quotes', 'bad-char', 'cut-off', 'hash-mismatch', 'hex-colons'];
  const { page, context } = await openApp(browser, site.url);
  for (const name of pick) {
    const c = cases.find((x) => x.file === `${name}.txt`);
    await page.fill('#input', fs.readFileSync(path.join(fixtures, 'mangled', c.file), 'utf8'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-kind="certificate"]').length === n
      && document.querySelectorAll('[data-kind="problem"]').length >= 0, c.certificates.length);
    // Cards come failures first (the core's display order, tested in
    // src/report/summary_lines_tests.rs), not in paste order: the same certificates, each once.
    assert.deepEqual([...await shas(page)].sort(), [...c.certificates].sort(), name);
    const problems = await page.$$eval('[data-kind="problem"]', (els) => els.map((e) => e.innerText));
    assert.equal(problems.length, c.problems.length, `${name}: ${problems}`);
    c.problems.forEach((p, i) => assert.ok(problems[i].includes(p), `${name}: ${problems[i]} lacks ${p}`));
    if (name === 'hash-mismatch') assert.equal(await page.locator('.hash.bad').count(), 2);
  }
  await context.close();
});

test('several files dropped at once', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [
    path.join(fixtures, 'apple/leaf-device-apsd-2018-expired-sha1.pem'),
    path.join(fixtures, 'profiles/letsencrypt-ecdsa-der-2026.mobileconfig'),
    path.join(fixtures, 'cms/unsigned-binary-profile.mobileconfig'),
  ]);
  await page.locator('[data-kind="profile"]').waitFor();
  await page.locator('[data-kind="signed-data"]').waitFor();
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await page.locator('[data-kind="profile"]').getAttribute('data-macos-label'), 'unsigned');
  assert.equal(await page.locator('[data-kind="signed-data"]').getAttribute('data-signature'), 'ok');
  await context.close();
});

test('copy report gives Markdown for the ticket', async () => {
  const { page, context } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await page.click('#copy-report');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  for (const s of ['## certscope report', LEAF, "Apple's device rule: **OK**", 'Strict check: **FAILED**', '2019-11-08', 'Expired, but fine by Apple']) {
    assert.ok(md.includes(s), `report lacks ${s}`);
  }
  await context.close();
});

test('a share link restores the same result in a fresh page, and says what it contains', async () => {
  const { page, context } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  await page.fill('#evaluate-at', '2019-01-01T00:00:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.waitForFunction((sha) => document.querySelector(`[data-sha256="${sha}"]`)?.dataset.strict === 'ok', LEAF);
  const link = await shareLink(page);
  assert.match(link, /#v1\./);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.match(await page.locator('#toolbar-status').innerText(), /pasted text.*evaluation time/);
  await context.close();
  const fresh = await openApp(browser, link);
  const card = fresh.page.locator(`[data-sha256="${LEAF}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-strict'), 'ok');
  assert.equal(await fresh.page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-ok');
  for (const r of fresh.requests) assert.ok(!r.includes('v1.'), `the fragment was sent: ${r}`);
  await fresh.context.close();
});

test('hostile certificate fields render as text, never as markup or links', async () => {
  const { page, context } = await openApp(browser, site.url);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await page.fill('#input', fixture('hostile/xss.pem'));
  const card = page.locator('[data-kind="certificate"]');
  await card.waitFor();
  await card.locator('summary').click();
  await card.locator('.fields').waitFor();
  const text = await card.innerText();
  assert.ok(text.includes('<img src=x onerror=alert(1)>'));
  // `"`, `'` and `&` (tools/make_hostile.sh): shown as written, no attribute or entity made of them.
  assert.ok(text.includes(`<img src=x onerror=alert(1)>"' onmouseover=alert(4) data-x=&amp;`), text);
  assert.equal(await page.locator('[onmouseover], [data-x]').count(), 0);
  assert.ok(text.includes('URI:javascript:alert(3)'));
  assert.equal(await page.locator('.results img, .results script').count(), 0);
  assert.equal(await page.locator('a[href^="javascript:"]').count(), 0);
  assert.equal(dialogs, 0);
  await context.close();
});

test('keyboard only: reach the input, paste, reach the evaluate-at control', async () => {
  const { page, context } = await openApp(browser, site.url);
  const focusOn = async (id) => {
    for (let i = 0; i < 30; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id) === id) return true;
    }
    return false;
  };
  assert.ok(await focusOn('input'), 'the input is reachable by Tab');
  await page.keyboard.insertText(fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.ok(await focusOn('evaluate-at'), 'evaluate-at is reachable by Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');
  await context.close();
});

test('pasting anywhere on the page reads the paste', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
  }, fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.match(await page.inputValue('#input'), /BEGIN CERTIFICATE/);
  await context.close();
});

test('works offline after the first visit', async () => {
  const { page, context } = await openApp(browser, site.url);
  await reloadOffline(page, context);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  // The opener (a second wasm that reads private keys and bundles, never fetched before this
  // moment) comes from the offline copy: a key pairs with its certificate.
  await page.click('#clear');
  await page.setInputFiles('input[type=file]', [path.join(fixtures, 'push/push-old.pem'), path.join(fixtures, 'push/push-key.pem')]);
  await page.locator('[data-kind="private-key"][data-opened="true"]').waitFor();
  await page.locator('[data-kind="certificate"][data-key-pair="matched"]').waitFor();
  await context.close();
});

test('axe-core finds no accessibility violations (empty page and with results)', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(site.url);
  await page.waitForSelector('#input');
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const check = async (label) => {
    await page.evaluate(axe);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    assert.ok(result.passes.length > 10, `${label}: axe did not run its rules`);
    const v = result.violations.map((x) => `${x.id}: ${x.nodes.length} (${x.nodes[0]?.target})`);
    assert.deepEqual(v, [], `${label}: ${v.join('; ')}`);
  };
  await check('empty');
  await page.click('#example-apsd');
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await page.locator('[data-kind="certificate"] summary').first().click();
  await page.locator('[data-kind="certificate"] .fields').first().waitFor();
  await check('with a certificate');
  await page.click('#example-profile');
  await page.locator('[data-kind="signed-data"]').waitFor();
  await check('with a profile');
  await page.emulateMedia({ colorScheme: 'dark' });
  await check('dark theme');
  await context.close();
});

test('screenshots: light, dark, phone', async () => {
  for (const [name, opts] of [
    ['light', { colorScheme: 'light', viewport: { width: 1280, height: 900 } }],
    ['dark', { colorScheme: 'dark', viewport: { width: 1280, height: 900 } }],
    ['phone', { colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, deviceScaleFactor: 2 }],
  ]) {
    const { page, context } = await openApp(browser, site.url, opts);
    await page.click('#example-apsd');
    await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
    await page.screenshot({ path: path.join(artifacts, `page-${name}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `${name}: the page scrolls sideways by ${overflow}px`);
    await context.close();
  }
});

test('download JSON gives the CLI document', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const saved = path.join(artifacts, 'report.json');
  await download.saveAs(saved);
  const doc = JSON.parse(fs.readFileSync(saved, 'utf8'));
  assert.equal(doc.items[0].sha256, LEAF);
  assert.equal(doc.items[0].verdicts.apple_device.ok, true);
  assert.equal(doc.diagnosis.code, 'apple-device-expired-403');
  await context.close();
});

test('hostile and huge input ends with a located problem and the page stays responsive', async () => {
  const { page, context } = await openApp(browser, site.url);
  const cases = [
    ['noise-50mb.bin', Buffer.alloc(50 * 1024 * 1024, 0xa5)],
    ['nested.der', Buffer.concat([Buffer.from('3080'.repeat(10_000), 'hex'), Buffer.alloc(20_000)])],
    ['fanout.pem', Buffer.from(fixture('chains/duplicate-intermediate/untrusted.pem').repeat(1000))],
    ['loop.pem', Buffer.from(fixture('chains/loop/untrusted.pem') + fixture('chains/loop/leaf.pem'))],
    ['deep.pem', Buffer.from(fixture('chains/long-chain/untrusted.pem') + fixture('chains/long-chain/leaf.pem'))],
  ];
  for (const [name, buffer] of cases) {
    const started = Date.now();
    // Files over 50 MB go through the disk (playwright's limit for in-memory buffers).
    const file = path.join(artifacts, name);
    fs.writeFileSync(file, buffer);
    await page.setInputFiles('input[type=file]', file);
    // A card, or (1,000 certificates being a table, not cards) the input's summary line.
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-kind], [data-summary-line]')].some((e) => e.innerText.includes(n)), name, { timeout: 60000 });
    // The page answers between evaluations.
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    console.log(`${name}: ${Date.now() - started} ms to a result`);
    await page.click('#clear');
  }
  await context.close();
});
