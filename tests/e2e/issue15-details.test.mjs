// Issue 15, §4 and §6 in a real browser: the evaluate-at control is one field and the Now button
// (two Tab stops, typed in local time), the verdict comes into view after a paste on a phone, a
// dropped screenshot is listed with the dropped files, and the summary leads with plain words in
// the colour of its meaning (expired but accepted by Apple's rule is a warning, not an error).
// Screenshots go to tests/e2e/artifacts (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, fixture, artifacts, start, closeAll } from './harness.mjs';

const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';
const DEVICE = 'apple/leaf-device-apsd-2018-expired-sha1.pem';
let site, browser;

before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

/** How many Tab presses stay inside the evaluate-at group, starting on its field. */
async function tabStops(page) {
  await page.focus('#evaluate-at');
  let stops = 1;
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press('Tab');
    if (!(await page.evaluate(() => Boolean(document.activeElement?.closest('.at'))))) return stops;
    stops += 1;
  }
  return stops;
}

test('evaluate-at is one field and the Now button: two Tab stops, typed in local time, the report in UTC', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { timezoneId: 'America/New_York' });
  await page.fill('#input', fixture(DEVICE));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  // Keyboard only: type a local date and time, Enter.
  await page.focus('#evaluate-at');
  await page.keyboard.type('2019-06-01 20:30');
  await page.keyboard.press('Enter');
  await page.locator('#time-banner').waitFor();
  assert.match(await page.locator('#summary .meta').innerText(), /Evaluated at 2019-06-02T00:30:00Z/, '20:30 in New York is 00:30 UTC the next day');
  assert.match(await page.locator('label[for="evaluate-at"]').innerText(), /America\/New_York, UTC-04:00/);
  assert.equal(await tabStops(page), 2, 'the field and Now, nothing else');
  // ↑ moves a day.
  await page.focus('#evaluate-at');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => /2019-06-03T00:30:00Z/.test(document.querySelector('#summary .meta')?.textContent || ''));
  assert.equal(await page.inputValue('#evaluate-at'), '2019-06-02 20:30');
  // A bare date is local midnight; the JSON's RFC 3339 (with Z) is read as written.
  await page.fill('#evaluate-at', '2019-06-01');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /2019-06-01T04:00:00Z/.test(document.querySelector('#summary .meta')?.textContent || ''));
  await page.fill('#evaluate-at', '2019-06-01T12:00:00Z');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /2019-06-01T12:00:00Z/.test(document.querySelector('#summary .meta')?.textContent || ''));
  // Not a date: said, and the verdict is not for some other time.
  await page.fill('#evaluate-at', '2019-02-31');
  await page.keyboard.press('Enter');
  assert.match(await page.locator('.at [role=alert]').innerText(), /is not a date and time/);
  await page.locator('.at').screenshot({ path: path.join(artifacts, 'evaluate-at-control.png') });
  // Now, by keyboard: Tab from the field reaches it, Enter presses it.
  await page.focus('#evaluate-at');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'evaluate-now');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.querySelector('#time-banner'));
  assert.equal(await page.inputValue('#evaluate-at'), '');
  assert.equal(await tabStops(page), 1, 'on now the Now button is pressed (disabled): one stop');
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the verdict comes into view after a paste', async () => {
  const { page, context } = await openApp(browser, site.url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.waitForSelector('body[data-ready]');
  await page.fill('#input', fixture(DEVICE));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  await page.waitForTimeout(300);
  const box = await page.locator('#summary').boundingBox();
  const first = await page.locator('#summary [data-summary-line]').first().boundingBox();
  assert.ok(box && box.y >= 0 && box.y < 844, `the summary's top is in the viewport (y = ${box?.y})`);
  assert.ok(first && first.y + first.height <= 844, 'its first line shows whole');
  await page.screenshot({ path: path.join(artifacts, 'phone-after-paste.png') });
  // Typing does not pull the view away from the field.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('#input');
  await page.keyboard.press('End');
  await page.keyboard.type(' ');
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'no jump while typing');
  await context.close();
});

test('a dropped screenshot is listed with the dropped files, and Remove takes it out', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.waitForSelector('body[data-ready]');
  const png = await page.locator('header.top').screenshot();
  await page.evaluate(({ bytes, pem }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'ticket-screenshot.png', { type: 'image/png' }));
    dt.items.add(new File([pem], 'device.pem', { type: 'application/x-pem-file' }));
    document.querySelector('.drop').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { bytes: [...png], pem: fixture(DEVICE) });
  await page.locator('.files li[data-screenshot]').waitFor();
  await page.locator('.files li[data-file="device.pem"]').waitFor();
  assert.match(await page.locator('.files li[data-screenshot]').innerText(), /^ticket-screenshot\.png \(screenshot, /);
  await page.locator('.drop').screenshot({ path: path.join(artifacts, 'dropped-files-with-screenshot.png') });
  await page.click('.files li[data-screenshot] button');
  await page.waitForFunction(() => !document.querySelector('.files li[data-screenshot]'));
  assert.equal(await page.locator('[data-kind="screenshot-text"]').count(), 0, 'its card goes too');
  assert.equal(await page.locator('.files li').count(), 1, 'the certificate file stays');
  await context.close();
});

test('plain words first: one sentence, then the chips, then the details; an expired device certificate Apple accepts is a warning', async () => {
  const { page, context } = await openApp(browser, site.url);
  await page.fill('#input', fixture(DEVICE));
  await page.locator(`[data-sha256="${LEAF}"]`).waitFor();
  // The summary's first element is the list of lines; its first line, past the mark, is the sentence.
  assert.equal(await page.locator('#summary > *').first().getAttribute('class'), 'summary-lines');
  const first = page.locator('#summary [data-summary-line]').first().locator('span:not(.sev-mark)');
  assert.match(await first.innerText(), /^pasted text: Genuine Apple device certificate, expired 8 November 2019\. Macs accept it; an MDM server that checks dates rejects it \(403\)/);
  const card = page.locator(`[data-sha256="${LEAF}"]`);
  const [summary, chips, details] = [await page.locator('#summary').boundingBox(), await card.locator('.chips').boundingBox(), await card.locator('details').boundingBox()];
  assert.ok(summary.y < chips.y && chips.y < details.y, 'summary, then chips, then details');
  // The technical one-liner (the JSON's summary) comes after the plain words and the diagnosis.
  const [diag, technical] = [await page.locator('#summary .diagnosis').boundingBox(), await page.locator('#summary .headline').boundingBox()];
  assert.ok(diag.y < technical.y, 'the technical line is below the diagnosis');
  // Colour: the line, the diagnosis and the strict chip all say "warning", none says "failed".
  assert.equal(await page.locator('[data-summary-line]').first().getAttribute('data-severity'), 'warning');
  const diagnosis = page.locator('#summary .diagnosis');
  assert.equal(await diagnosis.getAttribute('data-severity'), 'warning');
  const colour = (loc, prop) => loc.evaluate((e, p) => getComputedStyle(e)[p], prop);
  const bad = await page.evaluate(() => { const s = document.createElement('span'); s.style.color = 'var(--bad)'; document.body.append(s); const c = getComputedStyle(s).color; s.remove(); return c; });
  const warn = await colour(page.locator('[data-summary-line]').first(), 'borderLeftColor');
  assert.equal(await colour(diagnosis, 'borderLeftColor'), warn, 'the diagnosis has the warning colour of its line');
  assert.notEqual(warn, bad);
  const strict = card.locator('.chips .chip').nth(1);
  assert.match(await strict.innerText(), /Strict: FAILED on dates only/);
  assert.match(await strict.getAttribute('class'), /\bwarning\b/);
  assert.notEqual(await colour(strict, 'color'), bad, 'the strict chip is not red');
  await page.screenshot({ path: path.join(artifacts, 'plain-words-first.png') });
  // A forged one stays red.
  await page.fill('#input', fixture('chains/forged-device-ca/leaf.pem'));
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'apple-device-forged');
  assert.equal(await diagnosis.getAttribute('data-severity'), 'failed');
  assert.equal(await colour(diagnosis, 'borderLeftColor'), bad);
  await context.close();
});
