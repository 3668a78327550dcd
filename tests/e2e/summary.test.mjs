// One summary for everything on the page (issue 15 §3) and many certificates (issue 15 §5,
// issue 13 §2): a line per input worst first, a fleet without "nothing to read" or the
// ask-the-user panel, failures first and a compact table above ten certificates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, fixture, fixtures, artifacts, start, closeAll } from './harness.mjs';

let site, browser;
before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

const lines = (page) => page.$$eval('#summary [data-summary-line]', (els) => els.map((e) => ({
  source: e.dataset.source, severity: e.dataset.severity, text: e.innerText,
})));

test('a profile and a certificate dropped together: a summary line each, worst first', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [
    path.join(fixtures, 'apple/leaf-device-apsd-2018-expired-sha1.pem'),
    path.join(fixtures, 'cms/der-rsa-sha256.mobileconfig'),
    path.join(fixtures, 'chains/forged-device-ca/leaf.pem'),
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#summary [data-summary-line]').length === 3);
  const got = await lines(page);
  // Worst first; the two warnings keep the order the files arrived in (read concurrently).
  assert.deepEqual([got[0].source, got[0].severity], ['leaf.pem', 'failed']);
  const by = Object.fromEntries(got.map((l) => [l.source, l]));
  assert.equal(by['leaf-device-apsd-2018-expired-sha1.pem'].severity, 'warning');
  assert.equal(by['der-rsa-sha256.mobileconfig'].severity, 'warning');
  assert.match(got[0].text, /Not a genuine Apple device certificate/);
  assert.match(by['leaf-device-apsd-2018-expired-sha1.pem'].text, /Genuine Apple device certificate, expired 8 November 2019\. Macs accept it; an MDM server that checks dates rejects it \(403\)/);
  assert.match(by['der-rsa-sha256.mobileconfig'].text, /Signed profile .*macOS would show it as Unverified/);
  // The cards follow the same order: the forged certificate first.
  const first = page.locator('.results > [data-kind]').first();
  assert.equal(await first.getAttribute('data-apple-device'), 'failed');
  await page.locator('#summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'summary-profile-and-certificates.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

function fleetCsv(rows) {
  const real = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').trim();
  const forged = fixture('chains/forged-device-ca/leaf.pem').trim();
  const out = ['Serial Number,Computer Name,APSD Certificate'];
  for (let i = 0; i < rows; i += 1) out.push(`C02${String(i).padStart(7, '0')},Mac ${i},"${i % 10 === 3 ? forged : real}"`);
  return out.join('\n') + '\n';
}

test('a fleet file alone: its own summary line, no "nothing to read", no ask-the-user panel, forged rows stand out', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(fleetCsv(30)) });
  await page.waitForSelector('#fleet[data-state="done"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#summary [data-summary-line]')].some((e) => e.dataset.severity === 'failed'));
  const got = await lines(page);
  assert.equal(got.length, 1);
  assert.equal(got[0].source, 'inventory.csv');
  assert.match(got[0].text, /Fleet of 30 devices: 3 fail Apple's rule \(forged or damaged\), a date-checking server rejects 27 now/);
  assert.equal(await page.locator('[data-kind="problem"]').count(), 0);
  assert.doesNotMatch(await page.locator('body').innerText(), /nothing to read/i);
  assert.doesNotMatch(await page.locator('#summary').innerText(), /No certificate/);
  assert.equal(await page.locator('.helpdesk').count(), 0, 'no "Ask the user to run this" panel for a fleet');
  const forged = page.locator('#fleet tbody tr.forged');
  assert.equal(await forged.count(), 3);
  assert.match(await forged.first().innerText(), /forged or damaged/);
  await page.screenshot({ path: path.join(artifacts, 'summary-fleet.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('50 certificates: failures first, a compact table with the cards\' attributes, cards on demand', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const leaf = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem');
  const forged = fixture('chains/forged-device-ca/leaf.pem');
  await page.fill('#input', leaf.repeat(49) + forged);
  await page.waitForSelector('#cert-table[data-rows="50"]');
  const rows = page.locator('#cert-table [role="row"][data-kind="certificate"]');
  assert.equal(await rows.count(), 50);
  // No card is rendered until asked for.
  assert.equal(await page.locator('article[data-kind="certificate"]').count(), 0);
  const attrs = await rows.evaluateAll((els) => els.map((e) => [e.dataset.appleDevice, e.dataset.strict, e.dataset.sha256.length, e.dataset.severity]));
  assert.deepEqual(attrs[0], ['failed', 'failed', 64, 'failed'], 'the forged certificate, pasted last, comes first');
  for (const a of attrs.slice(1)) assert.deepEqual(a, ['ok', 'failed', 64, 'warning']);
  // The summary names the one failure.
  const got = await lines(page);
  assert.equal(got.length, 1);
  assert.match(got[0].text, /50 certificates, 1 failing; worst: Not a genuine Apple device certificate/);
  // A row opens its card, and closes it.
  await rows.first().locator('button.open-card').click();
  const card = page.locator('#cert-table article[data-kind="certificate"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-sha256'), await rows.first().getAttribute('data-sha256'));
  await page.locator('#summary').screenshot({ path: path.join(artifacts, 'many-certificates-summary.png') });
  await page.locator('#cert-table').screenshot({ path: path.join(artifacts, 'many-certificates-table.png') });
  await rows.first().locator('button.open-card').click();
  assert.equal(await page.locator('article[data-kind="certificate"]').count(), 0);
  // Sorting by expiry puts the forged certificate (issued later) last.
  await page.click('#cert-table [role="columnheader"] >> text=Expires');
  await page.click('#cert-table [role="columnheader"] >> text=Expires');
  assert.equal(await rows.first().getAttribute('data-apple-device'), 'failed');
  await page.click('#cert-table [role="columnheader"] >> text=Expires');
  assert.equal(await rows.last().getAttribute('data-apple-device'), 'failed');
  await page.click('#cert-table-failures-first');
  assert.equal(await rows.first().getAttribute('data-apple-device'), 'failed');
  // The Markdown: the failure first, the rest summed up in one line.
  await page.click('#copy-report');
  const md = await page.evaluate(() => navigator.clipboard.readText());
  const failure = md.indexOf('00000000');
  const rest = md.indexOf('### The other certificates');
  assert.ok(failure > 0 && rest > failure, 'the forged certificate is reported before the rest');
  assert.match(md, /- 49 × Apple device identity — Apple's device rule OK \(dates ignored\), strict check FAILED \(expired\)/);
  assert.ok(md.split('\n').length < 60, `a short report (${md.split('\n').length} lines)`);
  fs.writeFileSync(path.join(artifacts, 'many-certificates.md'), md);
  assert.deepEqual(errors, []);
  await context.close();
});

test('parser errors never reach the page in the parser\'s words', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.fill('#input', fs.readFileSync(path.join(fixtures, 'mangled/truncated-der.txt'), 'utf8'));
  const problem = page.locator('[data-kind="problem"]').first();
  await problem.waitFor();
  const text = await problem.innerText();
  assert.match(text, /not a readable X\.509 certificate: the data ends before the certificate does/);
  assert.doesNotMatch(text, /nom|Eof|BER error/);
  await context.close();
});
