// The README's picture, docs/screenshot.png: the release site as a help desk sees it after pasting
// what `security find-certificate -a -p -Z …apsd.keychain` printed on a Mac whose device identity
// expired (the real certificate of tests/fixtures/apple). The verdict it shows is checked first, and
// the picture is written on every run so it stays current; only the summary's meta line (the time,
// the milliseconds) is masked, so that an unchanged page gives an unchanged file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, closeAll, openApp, fixture, root } from './harness.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
const SHOT = path.join(root, 'docs', 'screenshot.png');
let site, browser;

before(async () => ({ site, browser } = await start({ folder: path.dirname(SHOT) })));
after(() => closeAll(browser, site));

test('docs/screenshot.png: the pasted apsd keychain dump with its verdicts and the 403 diagnosis', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { viewport: { width: 1200, height: 1500 }, colorScheme: 'light' });
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = page.locator(`[data-kind="certificate"][data-sha256="${LEAF}"]`);
  await card.waitFor();
  assert.equal(await card.getAttribute('data-role'), 'apple-device-identity');
  assert.equal(await card.getAttribute('data-apple-device'), 'ok');
  assert.equal(await card.getAttribute('data-strict'), 'failed');
  assert.equal(await card.getAttribute('data-macos'), 'ok');
  assert.equal(await page.getAttribute('#summary', 'data-diagnosis'), 'apple-device-expired-403');
  assert.match(await page.locator('#summary').innerText(), /Genuine Apple device certificate, expired 8 November 2019/);
  // The top of the paste and of the page: the input, the summary, the diagnosis and the card's verdicts.
  await page.evaluate(() => { document.querySelector('#input').scrollTop = 0; window.scrollTo(0, 0); });
  await page.screenshot({ path: SHOT, mask: [page.locator('#summary .meta')], maskColor: '#e8e8e8', animations: 'disabled' });
  assert.deepEqual(errors, []);
  await context.close();
});
