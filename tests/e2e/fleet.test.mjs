// A 10,000-row fleet file in the browser: evaluated in chunks with progress (the page stays
// responsive), then a sortable, filterable table with the expiry histogram and CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, fixture, artifacts, start, closeAll } from './harness.mjs';

let site, browser;
before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

function fleetCsv(rows) {
  const real = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').trim();
  const forged = fixture('chains/forged-device-ca/leaf.pem').trim();
  const other = fixture('chains/rsa-chain/leaf.pem').trim();
  const lines = ['Serial Number,Computer Name,APSD Certificate'];
  for (let i = 0; i < rows; i += 1) {
    const pem = i % 10 === 3 ? forged : i % 10 === 7 ? other : i % 97 === 0 ? '' : real;
    lines.push(`C02${String(i).padStart(7, '0')},Mac ${i},"${pem}"`);
  }
  return lines.join('\n') + '\n';
}

test('10,000 devices: progress, table, histogram, sorting, filtering, CSV export', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  const csv = fleetCsv(10_000);
  const started = Date.now();
  await page.setInputFiles('input[type=file]', { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#fleet').waitFor();
  // While it runs, the page answers: the progress bar moves and scripts run between chunks.
  let sawProgress = false;
  for (let i = 0; i < 200; i += 1) {
    const state = await page.locator('#fleet').getAttribute('data-state');
    if (state === 'running' && await page.locator('#fleet-progress').count()) sawProgress = true;
    if (state === 'done') break;
    await page.waitForTimeout(25);
  }
  await page.waitForSelector('#fleet[data-state="done"]', { timeout: 120000 });
  const wall = Date.now() - started;
  const fleet = page.locator('#fleet');
  assert.equal(await fleet.getAttribute('data-rows'), '10000');
  const elapsed = Number(await fleet.getAttribute('data-elapsed-ms'));
  console.log(`fleet: 10,000 rows in ${elapsed.toFixed(0)} ms in the page (${wall} ms wall)`);
  assert.ok(sawProgress, 'progress was shown while evaluating');
  const text = await fleet.innerText();
  // 1 in 97 rows without a certificate; forged rows fail Apple's rule; the real leaf is expired.
  assert.match(text, /Fleet of 10000 devices: 1000 fail Apple's rule \(forged or damaged\)/);
  // Forged devices have their own bar, and so do the 1,000 rows of the other (web server)
  // certificate: not a device certificate, never counted "fine beyond 90 days" (issue 24 §5).
  const bars = await page.locator('#fleet svg.histogram').getAttribute('aria-label');
  assert.match(bars, /^Expiry histogram: 1000 fail Apple's rule, \d+ rejected now,.* 0 fine beyond 90 days, 1000 not a device certificate/);
  assert.match(text, /Device column: Serial Number \(with Computer Name\) · certificate column: APSD Certificate/);
  await page.selectOption('#fleet-only', 'forged');
  assert.ok(await page.locator('tbody tr[data-apple-device="failed"]').count() > 0, 'forged rows fail Apple\'s rule');
  assert.equal(await page.locator('tbody tr[data-apple-device="ok"]').count(), 0);
  await page.selectOption('#fleet-only', 'all');
  await page.fill('#fleet-filter', 'C020000042');
  assert.equal(await page.locator('tbody tr').count(), 1);
  await page.fill('#fleet-filter', '');
  await page.click('th >> text=Device');
  const first = await page.locator('tbody tr').first().getAttribute('data-device');
  assert.equal(first, 'C020000000');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#fleet-csv')]);
  const saved = path.join(artifacts, 'fleet.csv');
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved, 'utf8').trim().split('\n').length, 10_001);
  await page.screenshot({ path: path.join(artifacts, 'fleet.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a fleet file whose certificate column cannot be guessed asks for it', async () => {
  const { page, context } = await openApp(browser, site.url);
  // Hex DER: a certificate, but not one the column guess recognises.
  const pem = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem');
  const hex = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64').toString('hex');
  const csv = `serial,name,blob\nC1,mac one,${hex}\n`;
  await page.setInputFiles('input[type=file]', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#fleet[data-state="failed"]');
  await page.selectOption('#fleet-cert-column', 'blob');
  await page.waitForSelector('#fleet[data-state="done"]');
  assert.equal(await page.locator('#fleet').getAttribute('data-rows'), '1');
  assert.equal(await page.locator('tbody tr').first().getAttribute('data-apple-device'), 'ok');
  await context.close();
});
