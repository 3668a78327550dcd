// Not checked is never bad, in the page (issue 19, item 0). Served over plain http from a host
// other than localhost, a browser gives the page no WebCrypto: no signature can be checked. The
// page must say so before any verdict (open it over HTTPS or from localhost), show no verdict
// chip, call nothing forged or failed, give no Apple role and deny none; Copy report and Share
// link keep working without the async clipboard. In Chromium here; firefox.test.mjs and
// webkit.test.mjs run the same journey.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serveSite, openApp, fixture } from './harness.mjs';
import { INSECURE_CONTEXT, LEAF, BAD_WORDS } from './insecure.mjs';

let browser, site;
before(async () => { browser = await launch(); site = await serveSite(); });
after(async () => { await browser?.close(); await site?.close(); });

test('without crypto.subtle: the HTTPS notice first, no chips, nothing forged, and copy and share still work', async () => {
  const context = await browser.newContext();
  await context.addInitScript(INSECURE_CONTEXT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(site.url);
  await page.waitForSelector('#input', { timeout: 30000 });
  assert.equal(await page.evaluate(() => typeof crypto.subtle), 'undefined', 'the init script ran first');
  // Before anything is pasted: the notice, at the top.
  const notice = page.locator('#no-webcrypto');
  await notice.waitFor();
  assert.match(await notice.innerText(), /HTTPS/);
  assert.match(await notice.innerText(), /localhost/);
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = page.locator(`[data-kind="certificate"][data-sha256="${LEAF}"]`);
  await card.waitFor();
  for (const a of ['data-apple-device', 'data-strict', 'data-macos']) assert.equal(await card.getAttribute(a), 'not-checked', a);
  assert.equal(await card.getAttribute('data-role'), 'leaf', 'no Apple role, and none denied');
  assert.equal(await page.locator('#summary').getAttribute('data-diagnosis'), 'signatures-not-checked');
  assert.equal(await page.locator('.chip').count(), 0, 'no verdict chips');
  assert.equal(await page.locator('.imitation-note').count(), 0);
  // The notice comes before any verdict.
  assert.ok(await page.evaluate(() => !!(document.querySelector('#no-webcrypto').compareDocumentPosition(document.querySelector('#summary')) & Node.DOCUMENT_POSITION_FOLLOWING)));
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, BAD_WORDS);
  assert.match(text, /not checked/);
  // Copy report: the Markdown, copied the way an insecure page can.
  await page.click('#copy-report');
  await page.waitForFunction(() => window.__copied.length === 1);
  const md = (await page.evaluate(() => window.__copied))[0];
  for (const s of ['## certscope report', LEAF, 'NOT CHECKED', 'HTTPS']) assert.ok(md.includes(s), `report lacks ${s}`);
  assert.doesNotMatch(md, /FAILED|forged/);
  assert.match(await page.locator('#toolbar-status').innerText(), /Report copied/);
  // Share link: copied (the way an insecure page can), never written to the address bar.
  const before = page.url();
  await page.click('#share-link');
  await page.waitForFunction(() => window.__copied.length === 2);
  const link = (await page.evaluate(() => window.__copied))[1];
  assert.match(link, /#v1\./);
  assert.equal(page.url(), before, 'the address bar holds no link');
  assert.match(await page.locator('#toolbar-status').innerText(), /^Link copied/);
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with crypto.subtle: no notice, and the chips are there', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await page.locator('#no-webcrypto').count(), 0);
  assert.equal(await page.locator(`[data-sha256="${LEAF}"] .chip`).count(), 3);
  assert.deepEqual(errors, []);
  await context.close();
});
