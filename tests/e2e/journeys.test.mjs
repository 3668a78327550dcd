// Issue 24, "every journey right on every screen": the help desk's ticket (the 403 dialog's text
// and the find-certificate output in one paste), several inputs with a diagnosis each, a fleet
// file for the ticket, and the certificate and fleet tables on a 390×844 phone. The screenshots of
// the ticket journey and the phone tables go to tests/e2e/screenshots/ (committed for review).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, launch, openApp, fixture, fixtures } from './harness.mjs';
import { shots, PHONE, NEXT_STEP, CAPTURE_COPY, ticket, fleetCsv } from './journeys-data.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); fs.mkdirSync(shots, { recursive: true }); });
after(async () => { await browser?.close(); await site?.close(); });

async function open(options = {}) {
  const r = await openApp(browser, site.url, options);
  await r.page.addInitScript(CAPTURE_COPY);
  await r.page.reload();
  await r.page.waitForSelector('#input');
  return r;
}

const copied = async (page) => {
  await page.click('#copy-report');
  await page.waitForFunction(() => typeof window.__copied === 'string');
  return page.evaluate(() => window.__copied);
};

for (const [screen, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', PHONE]]) {
  test(`the ticket (${screen}): the headline and the copied report speak for the certificate and the 403 it explains, then the next step`, async () => {
    const { page, context, errors } = await open({ viewport });
    await page.fill('#input', ticket());
    await page.waitForSelector('#summary [data-summary-line]');
    await page.waitForSelector('[data-kind="certificate"]');
    const line = await page.locator('#summary [data-summary-line]').first().innerText();
    assert.doesNotMatch(line, /none failing/);
    assert.match(line, /pasted text: Genuine Apple device certificate, expired 8 November 2019\. Macs accept it; an MDM server that checks dates rejects it \(403\) — which explains the 403 error pasted with it/);
    // The diagnosis opens with the one line for the person reading.
    const first = await page.locator('#summary .diagnosis p').first().innerText();
    assert.equal(first, NEXT_STEP);
    const text = await page.locator('#summary .diagnosis').innerText();
    assert.ok(text.indexOf('MDM vendor') < text.indexOf('manually') && text.indexOf('manually') < text.indexOf('erasing it'), 'least disruptive first');
    // The first card is the certificate, not the error text.
    assert.equal(await page.locator('.results > [data-kind]').first().getAttribute('data-kind'), 'certificate');
    const md = await copied(page);
    const top = md.split('\n')[0];
    assert.match(top, /Genuine Apple device certificate, expired 8 November 2019/);
    assert.doesNotMatch(top, /Apple rule:|none failing/);
    assert.ok(md.includes(NEXT_STEP));
    await page.screenshot({ path: path.join(shots, `ticket-${screen}.png`), fullPage: screen === 'desktop' });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('several inputs: a diagnosis beside each line, the push certificate\'s renewal advice kept', async () => {
  const { page, context, errors } = await open();
  await page.setInputFiles('input[type=file]', [
    path.join(fixtures, 'cms/tampered-content.mobileconfig'),
    path.join(fixtures, 'profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig'),
    path.join(fixtures, 'apple-pki/leaf-mdm-push-apsp-2024-2025.pem'),
  ]);
  await page.waitForFunction(() => document.querySelectorAll('#summary [data-summary-line]').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('#summary [data-summary-line] .line-diagnosis').length === 3);
  const push = page.locator('#summary [data-summary-line][data-source="leaf-mdm-push-apsp-2024-2025.pem"] .line-diagnosis');
  assert.equal(await push.getAttribute('data-code'), 'mdm-push-expired');
  assert.match(await push.innerText(), /Push Certificates Portal/);
  assert.equal(await page.getAttribute('#summary', 'data-diagnosis'), 'mdm-push-expired', 'the report speaks for the worst');
  // No second, report-wide diagnosis below the lines.
  assert.equal(await page.locator('#summary > .diagnosis').count(), 0);
  await page.locator('#summary').screenshot({ path: path.join(shots, 'several-inputs-diagnoses.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a fleet file: its own bar for a non-device certificate, the computer name kept, and Copy report carries the counts and failing devices', async () => {
  const { page, context, errors } = await open();
  await page.setInputFiles('input[type=file]', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(fleetCsv()) });
  await page.waitForSelector('#fleet[data-state="done"]');
  const label = await page.getAttribute('#fleet svg.histogram', 'aria-label');
  assert.match(label, /0 fine beyond 90 days, 1 not a device certificate/);
  assert.match(await page.locator('#fleet svg.histogram').innerHTML(), /1 not a device certificate/);
  const names = await page.locator('#fleet tbody td.fleet-name').allInnerTexts();
  assert.equal(names.length, 6);
  assert.ok(names.includes('Mac of user 3'));
  assert.match(await page.locator('#fleet thead').innerText(), /Computer Name/);
  // A row opens that device's certificate card, under the row (journeys-rest.test.mjs).
  await page.click('#fleet tr[data-device="C020000003"] button.open-device');
  await page.waitForSelector('#fleet tr.device-card [data-kind="certificate"][data-apple-device="failed"]');
  const md = await copied(page);
  assert.doesNotMatch(md, /No certificate/);
  for (const s of ['- Fail Apple\'s rule (forged or damaged): 1', '- Rejected now by a date-checking server: 4', '- Not a device certificate: 1', '`C020000003` `Mac of user 3` (row 5): fails Apple\'s rule', '`C020000005` `Mac of user 5` (row 7): not a device certificate']) {
    assert.ok(md.includes(s), `the copied report lacks ${s}:\n${md}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

/** True when every one of the elements lies inside the viewport's width. */
const inside = (page, selector) => page.$$eval(selector, (els) => els.length > 0 && els.every((e) => {
  const r = e.getBoundingClientRect();
  return r.left >= 0 && r.right <= document.documentElement.clientWidth + 0.5;
}));

test('phone: the certificate table shows the verdicts first and an opened card uses the page\'s width; the fleet table too', async () => {
  const { page, context, errors } = await open({ viewport: PHONE });
  const leaf = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem');
  const forged = fixture('chains/forged-device-ca/leaf.pem');
  await page.fill('#input', leaf.repeat(11) + forged);
  await page.waitForSelector('#cert-table[data-rows="12"]');
  const row = '#cert-table [role="row"][data-kind="certificate"]';
  // The verdicts of the first rows are on screen without scrolling sideways, and come first.
  for (const n of [5, 6, 7]) assert.ok(await inside(page, `${row}:first-child > :nth-child(${n})`), `column ${n} on screen`);
  const order = await page.$eval(`${row}`, (r) => [...r.children].map((c) => c.getBoundingClientRect().top));
  assert.ok(order[4] <= order[1], 'the Apple rule verdict is above or beside the subject, not after it');
  await page.locator(`${row} button.open-card`).first().click();
  const card = page.locator('#cert-table article[data-kind="certificate"]');
  await card.waitFor();
  const box = await card.boundingBox();
  assert.ok(box.width >= 300 && box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `card ${JSON.stringify(box)}`);
  const clipped = await page.$eval('#cert-table .table-wrap', (w) => w.scrollWidth > w.clientWidth + 1);
  assert.equal(clipped, false, 'nothing of the table or the card is cut off sideways');
  await page.locator('#cert-table').screenshot({ path: path.join(shots, 'phone-table.png') });
  await page.fill('#input', '');
  await page.setInputFiles('input[type=file]', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(fleetCsv()) });
  await page.waitForSelector('#fleet[data-state="done"]');
  assert.ok(await inside(page, '#fleet tbody td.f-strict'), 'the fleet\'s Strict column on screen');
  assert.ok(await inside(page, '#fleet tbody td.f-reason'), 'the fleet\'s Reason column on screen');
  await page.locator('#fleet').screenshot({ path: path.join(shots, 'phone-fleet.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a screenshot when the text reader cannot be loaded (offline before any online visit): plain words and pasting offered, no developer error', async () => {
  const broken = await serveSite({ missing: ['ocr/tesseract.esm.min.js'] });
  try {
    const { page, context } = await openApp(browser, broken.url);
    // A small PNG (the page's own icon drawn on a canvas is enough: OCR never starts).
    const png = Buffer.from(await page.evaluate(async () => {
      const c = document.createElement('canvas'); c.width = 40; c.height = 20;
      c.getContext('2d').fillRect(0, 0, 10, 10);
      const b = await new Promise((r) => c.toBlob(r, 'image/png'));
      return [...new Uint8Array(await b.arrayBuffer())];
    }));
    await page.setInputFiles('input[type=file]', { name: 'dialog.png', mimeType: 'image/png', buffer: png });
    await page.waitForSelector('[data-kind="screenshot-text"][data-state="failed"]', { timeout: 30000 });
    const text = await page.locator('[data-kind="screenshot-text"]').innerText();
    assert.doesNotMatch(text, /JsValue|TypeError/);
    assert.match(text, /needs one online visit first/);
    assert.match(text, /Paste the certificate or the error text instead/);
    await context.close();
  } finally {
    await broken.close();
  }
});

test('files dropped on the results (not the drop zone) are taken, with a visible drop state; Evaluate at reads "12:00Z" and "+02:00" and the field lets a phone type - and :', async () => {
  const { page, context, errors } = await open();
  await page.fill('#input', ticket());
  await page.waitForSelector('[data-kind="certificate"]');
  const pem = fixture('chains/forged-device-ca/leaf.pem');
  const dragged = await page.evaluate(([text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'forged.pem', { type: 'application/x-pem-file' }));
    const target = document.querySelector('#summary');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    const shown = document.documentElement.hasAttribute('data-dropping');
    const taken = !target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return { shown, taken, after: document.documentElement.hasAttribute('data-dropping') };
  }, [pem]);
  assert.deepEqual(dragged, { shown: true, taken: true, after: false });
  await page.waitForSelector('#summary [data-summary-line][data-source="forged.pem"]');
  assert.equal(await page.getAttribute('#evaluate-at', 'inputmode'), null);
  for (const t of ['2019-06-01 12:00Z', '2019-06-01 14:00+02:00']) {
    await page.fill('#evaluate-at', t);
    await page.dispatchEvent('#evaluate-at', 'change');
    await page.waitForFunction(() => document.querySelector('[data-kind="certificate"][data-apple-device="ok"]')?.dataset.strict === 'ok');
    assert.equal(await page.locator('.at .error').count(), 0, t);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('each reason once per card: a tampered profile says "changed after signing" once', async () => {
  const { page, context, errors } = await open({ viewport: PHONE });
  await page.setInputFiles('input[type=file]', [path.join(fixtures, 'cms/tampered-content.mobileconfig')]);
  const card = page.locator('[data-kind="signed-data"]');
  await card.waitFor();
  const reason = (await card.locator('p.reason').first().innerText()).trim().replace(/\.$/, '');
  assert.ok(reason.length > 12, reason);
  const text = (await card.innerText()).toLowerCase();
  assert.equal(text.split(reason.toLowerCase()).length - 1, 1, `"${reason}" once in:\n${text}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a company root inside a profile can be trusted for the session (marked as found there), and the profile then verifies', async () => {
  const { page, context, errors } = await open();
  await page.fill('#evaluate-at', '2027-06-01 12:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.setInputFiles('input[type=file]', [path.join(fixtures, 'cms/der-rsa-sha256.mobileconfig')]);
  const signed = page.locator('[data-kind="signed-data"]');
  await signed.waitFor();
  assert.equal(await signed.getAttribute('data-macos-label'), 'unverified');
  const offer = signed.locator('[data-kind="certificate"][data-role="root"] .trust-session');
  assert.match(await offer.innerText(), /Trust for this session \(found inside this profile\)/);
  await offer.click();
  await page.waitForFunction(() => document.querySelector('[data-kind="signed-data"]')?.dataset.macosLabel === 'verified');
  assert.match(await signed.locator('[data-kind="certificate"][data-role="root"]').innerText(), /trusted locally for this session/);
  assert.deepEqual(errors, []);
  await context.close();
});
