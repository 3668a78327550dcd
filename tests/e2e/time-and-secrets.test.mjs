// Issue 15, sections 1 and 2 in a real browser: the time a verdict is for is never ambiguous (a
// banner when it is not now, a Now button, an empty control meaning now, local time with its
// zone), and share links never carry secrets (checked in the decoded fragment and in the page
// opened from the link). Screenshots go to tests/e2e/artifacts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openApp, fixture, fixtures, artifacts, shareLink, start, closeAll } from './harness.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
let site, browser;

before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

/** The payload of a share link, inflated: { version, raw (Buffer) }. */
function decodeLink(link) {
  const fragment = new URL(link).hash.slice(1);
  const version = fragment.slice(0, 2);
  return { version, raw: zlib.inflateRawSync(Buffer.from(fragment.slice(3), 'base64url')) };
}

/** The base64 lines inside the private-key blocks of a PEM text. */
function keyLines(pem) {
  const out = [];
  let inKey = false;
  for (const line of pem.split('\n')) {
    if (/BEGIN .*PRIVATE KEY/.test(line)) inKey = true;
    else if (/END .*PRIVATE KEY/.test(line)) inKey = false;
    else if (inKey && line.length >= 16) out.push(line);
  }
  assert.ok(out.length > 0, 'the fixture has a key');
  return out;
}

/** True if any 12-character run of a key line appears in `text`. */
function leaks(text, lines) {
  return lines.some((l) => { for (let i = 0; i + 12 <= l.length; i += 1) if (text.includes(l.slice(i, i + 12))) return true; return false; });
}

async function setTime(page, value) {
  await page.fill('#evaluate-at', value);
  await page.dispatchEvent('#evaluate-at', 'change');
}

const diagnosis = (page) => page.locator('#summary').getAttribute('data-diagnosis');

test('a set time shows the banner above the verdict; Now returns and the banner goes', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await page.locator('#time-banner').count(), 0, 'no banner while on now');
  assert.equal(await page.inputValue('#evaluate-at'), '');
  assert.equal(await page.locator('#evaluate-at-mode').getAttribute('data-mode'), 'now');
  assert.equal(await diagnosis(page), 'apple-device-expired-403');

  await setTime(page, '2019-06-01T12:00:00');
  const banner = page.locator('#time-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Evaluated at 1 June 2019, \d+ years? ago — today this certificate is expired \(since 8 November 2019\)/);
  assert.equal(await banner.getAttribute('data-origin'), 'chosen');
  assert.equal(await diagnosis(page), 'apple-device-ok');
  // The green "within its dates" verdict is marked as that day's, not today's.
  const summary = await page.locator('#summary').innerText();
  assert.match(summary, /On 1 June 2019: Genuine and within its dates/);
  assert.equal(await page.locator('#summary .diagnosis.then').count(), 1);
  const [b, s] = [await banner.boundingBox(), await page.locator('#summary').boundingBox()];
  assert.ok(b.y + b.height <= s.y + 1, 'the banner is above the verdict');
  await page.screenshot({ path: path.join(artifacts, 'time-banner-set.png'), fullPage: true });

  await page.click('#evaluate-now');
  await page.waitForFunction(() => !document.querySelector('#time-banner'));
  assert.equal(await diagnosis(page), 'apple-device-expired-403');
  assert.equal(await page.inputValue('#evaluate-at'), '');
  assert.ok(await page.locator('#evaluate-now').isDisabled(), 'Now is pressed');

  // The banner's own button does the same.
  await setTime(page, '2019-06-01T12:00:00');
  await banner.waitFor();
  await page.click('#time-banner-now');
  await page.waitForFunction(() => !document.querySelector('#time-banner'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('clearing the field means now, with no error', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await setTime(page, '2019-06-01T12:00:00');
  await page.locator('#time-banner').waitFor();
  await setTime(page, '');
  await page.waitForFunction(() => !document.querySelector('#time-banner'));
  assert.equal(await diagnosis(page), 'apple-device-expired-403');
  assert.equal(await page.locator('.at .error, [role=alert]').count(), 0, 'no "is not a time" error');
  assert.equal(await page.locator('#evaluate-at-mode').getAttribute('data-mode'), 'now');
  // "Now" is the clock at this evaluation, not at page load.
  const year = new Date().getUTCFullYear();
  assert.match(await page.locator('#summary .meta').innerText(), new RegExp(`Evaluated at ${year}-`));
  await context.close();
});

test('the control is local time with its zone; the report stays UTC', async () => {
  const { page, context } = await openApp(browser, site.url, { timezoneId: 'America/New_York' });
  assert.match(await page.locator('label[for="evaluate-at"]').innerText(), /America\/New_York, UTC-0[45]:00/);
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await setTime(page, '2019-06-01T20:30:00');
  await page.locator('#time-banner').waitFor();
  // 20:30 in New York (EDT, UTC-4) is 00:30 the next day in UTC.
  assert.match(await page.locator('#summary .meta').innerText(), /Evaluated at 2019-06-02T00:30:00Z/);
  assert.match(await page.locator('label[for="evaluate-at"]').innerText(), /UTC-04:00/);
  await context.close();
});

test('a share link with a time opens at that time and says so; one made on now carries no time', async () => {
  const { page, context } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();

  const nowLink = await shareLink(page);
  const { raw } = decodeLink(nowLink);
  assert.equal(raw.readBigInt64BE(0), -(2n ** 63n), 'a link made on now carries no time');
  assert.match(await page.locator('#toolbar-status').innerText(), /no time/);

  await setTime(page, '2019-06-01T12:00:00');
  await page.locator('#time-banner').waitFor();
  const timedLink = await shareLink(page);
  assert.equal(decodeLink(timedLink).raw.readBigInt64BE(0), BigInt(Date.UTC(2019, 5, 1, 12) / 1000));
  await context.close();

  const fresh = await openApp(browser, timedLink);
  const banner = fresh.page.locator('#time-banner');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-origin'), 'link');
  assert.match(await banner.innerText(), /This page shows the share link's time: evaluated at 1 June 2019, \d+ years? ago — today this certificate is expired/);
  assert.match(await fresh.page.inputValue('#evaluate-at'), /^2019-06-01[T ]12:00(:00)?$/);
  assert.equal(await fresh.page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-ok');
  await fresh.page.screenshot({ path: path.join(artifacts, 'time-banner-link.png'), fullPage: true });
  await fresh.page.click('#evaluate-now');
  await fresh.page.waitForFunction(() => !document.querySelector('#time-banner'));
  assert.equal(await fresh.page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-expired-403');
  await fresh.context.close();

  const atNow = await openApp(browser, nowLink);
  await atNow.page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.equal(await atNow.page.locator('#time-banner').count(), 0);
  assert.equal(await atNow.page.inputValue('#evaluate-at'), '');
  assert.equal(await atNow.page.locator('#summary').getAttribute('data-diagnosis'), 'apple-device-expired-403');
  await atNow.context.close();
});

test('a pasted private key never reaches a share link, the report or the JSON', async () => {
  const paste = fixture('secrets/cert-and-key.pem');
  const lines = keyLines(paste);
  const { page, context } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  await page.fill('#input', paste);
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();

  const link = await shareLink(page);
  const { version, raw } = decodeLink(link);
  assert.equal(version, 'v2');
  assert.ok(!leaks(raw.toString('latin1'), lines), 'the decoded link carries key material');
  assert.ok(raw.includes('BEGIN CERTIFICATE'), 'the certificate is kept');
  assert.match(await page.locator('#toolbar-status').innerText(), /One part was left out/);
  const notice = page.locator('#share-left-out');
  assert.match(await notice.innerText(), /pasted text, block 2 \(PRIVATE KEY\), lines \d+-\d+: holds a private key/);
  await page.screenshot({ path: path.join(artifacts, 'share-left-out.png'), fullPage: true });

  // Copy report and Download JSON.
  await page.click('#copy-report');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(md.includes(LEAF) && !leaks(md, lines), 'the Markdown report carries key material');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const json = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(json.includes(LEAF) && !leaks(json, lines), 'the JSON carries key material');
  await context.close();

  const fresh = await openApp(browser, link);
  await fresh.page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  const text = await fresh.page.inputValue('#input');
  assert.ok(!leaks(text, lines) && !text.includes('BEGIN PRIVATE KEY'), 'the opened page has the key');
  assert.match(text, /\[a private key left out of this share link\]/);
  const html = await fresh.page.content();
  assert.ok(!leaks(html, lines), 'the opened page carries key material');
  assert.match(await fresh.page.locator('#link-left-out').innerText(), /made without part of the input[\s\S]*block 2 \(PRIVATE KEY\)[\s\S]*a private key/);
  await fresh.page.screenshot({ path: path.join(artifacts, 'share-opened-without-key.png'), fullPage: true });
  await fresh.context.close();
});

test('key files, PKCS#12 and profiles holding secrets are left out of a link, a signed one whole', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [
    path.join(fixtures, 'apple/leaf-device-apsd-2018-expired-sha1.pem'),
    path.join(fixtures, 'secrets/identity-wifi-scep-signed.mobileconfig'),
    path.join(fixtures, 'misc/identity.p12'),
    path.join(fixtures, 'secrets/ec-key-pkcs8.der'),
  ]);
  await page.locator('[data-kind="signed-data"]').waitFor();
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.files li').length === 4);
  const link = await shareLink(page);
  const { raw } = decodeLink(link);
  const p12 = fs.readFileSync(path.join(fixtures, 'misc/identity.p12'));
  assert.ok(!raw.includes(p12.subarray(40, 80)), 'the link carries the PKCS#12 bundle');
  for (const secret of ['wifi-secret-4242', 'scep-challenge-7777']) assert.ok(!raw.includes(secret), `the link carries ${secret}`);
  const notice = await page.locator('#share-left-out').innerText();
  assert.match(notice, /identity-wifi-scep-signed\.mobileconfig \(all of it\): holds an identity payload .*a password and an enrollment challenge; it is signed, and removing only the secret would break its signature/);
  assert.match(notice, /identity\.p12 \(all of it\): holds a PKCS#12 bundle/);
  assert.match(notice, /ec-key-pkcs8\.der \(all of it\): holds a private key/);
  await context.close();

  const fresh = await openApp(browser, link);
  await fresh.page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  assert.deepEqual(await fresh.page.$$eval('.files li', (els) => els.map((e) => e.innerText.split(' (')[0])), ['leaf-device-apsd-2018-expired-sha1.pem']);
  assert.equal(await fresh.page.locator('[data-kind="signed-data"]').count(), 0);
  assert.equal(await fresh.page.locator('#link-left-out li').count(), 3);
  await fresh.context.close();
});
