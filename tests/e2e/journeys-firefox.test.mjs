// The journeys of issue 24 §1–§5 in Firefox ESR (puppeteer-core over WebDriver BiDi, as
// firefox.test.mjs): the ticket's headline, next step and copied report, a fleet file's own bar,
// computer names and copied counts, and the phone's certificate table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, closeAll, fixture } from './harness.mjs';
import { launchFirefox, openApp as open, fill, waitFor } from './firefox.mjs';
import { shots, PHONE, NEXT_STEP, CAPTURE_COPY, ticket, fleetCsv } from './journeys-data.mjs';

let site, browser;

before(async () => ({ site, browser } = await start({ browser: launchFirefox, folder: shots })));
after(() => closeAll(browser, site));

const openApp = (viewport = { width: 1280, height: 900 }) => open(browser, site.url, { viewport, init: CAPTURE_COPY });

async function copied(page) {
  await page.click('#copy-report');
  await page.waitForFunction(() => typeof window.__copied === 'string', { timeout: 10000 });
  return page.evaluate(() => window.__copied);
}

test('firefox: the ticket speaks for the certificate and the 403 it explains, the next step first, and so does the copied report', async () => {
  const { page, context, errors } = await openApp();
  await fill(page, '#input', ticket());
  await waitFor(page, '[data-kind="certificate"]');
  const line = await page.$eval('#summary [data-summary-line]', (e) => e.innerText);
  assert.doesNotMatch(line, /none failing/);
  assert.match(line, /Genuine Apple device certificate, expired 8 November 2019\..*which explains the 403 error pasted with it/);
  assert.equal(await page.$eval('#summary .diagnosis p', (e) => e.innerText), NEXT_STEP);
  const md = await copied(page);
  assert.match(md.split('\n')[0], /Genuine Apple device certificate, expired 8 November 2019/);
  await page.screenshot({ path: path.join(shots, 'firefox-ticket-desktop.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: a fleet file has a bar for a non-device certificate, keeps computer names, and Copy report carries counts and devices', async () => {
  const { page, context, errors } = await openApp();
  const input = await page.$('input[type=file]');
  const file = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'journeys-')), 'inventory.csv');
  fs.writeFileSync(file, fleetCsv());
  await input.uploadFile(file);
  await waitFor(page, '#fleet[data-state="done"]');
  assert.match(await page.$eval('#fleet svg.histogram', (e) => e.getAttribute('aria-label')), /1 not a device certificate/);
  const names = await page.$$eval('#fleet tbody td.fleet-name', (els) => els.map((e) => e.innerText));
  assert.equal(names.length, 6);
  const md = await copied(page);
  for (const s of ['- Not a device certificate: 1', '`C020000003` `Mac of user 3` (row 5): fails Apple\'s rule']) assert.ok(md.includes(s), `${s} in ${md}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('firefox: on a phone the certificate table shows the verdicts on screen and an opened card fits the page', async () => {
  const { page, context, errors } = await openApp(PHONE);
  const leaf = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem');
  await fill(page, '#input', leaf.repeat(11) + fixture('chains/forged-device-ca/leaf.pem'));
  await waitFor(page, '#cert-table[data-rows="12"]');
  const right = await page.$eval('#cert-table [role="row"][data-kind="certificate"] > :nth-child(6)', (e) => e.getBoundingClientRect().right);
  assert.ok(right <= PHONE.width, `the Strict verdict ends at ${right}`);
  await page.click('#cert-table button.open-card');
  await waitFor(page, '#cert-table article[data-kind="certificate"]');
  const box = await page.$eval('#cert-table article[data-kind="certificate"]', (e) => { const r = e.getBoundingClientRect(); return { x: r.left, w: r.width }; });
  assert.ok(box.w >= 300 && box.x >= 0 && box.x + box.w <= PHONE.width + 0.5, JSON.stringify(box));
  await page.screenshot({ path: path.join(shots, 'firefox-phone-table.png') });
  assert.deepEqual(errors, []);
  await context.close();
});
