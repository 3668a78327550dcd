// A big paste (issue 13 §2): kept out of the text field (a stand-in says what was pasted, with
// "Show the text" and "Clear"), evaluated at once into the compact table, and still the input:
// the report and share links carry it, and "Show the text" puts it back in the field. The table's
// rows are markup the page writes itself, so hostile names must stay text there too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { openApp, fixture, shareLink, start, closeAll } from './harness.mjs';

const require = createRequire(import.meta.url);
let site, browser;
before(async () => ({ site, browser } = await start({ folder: null })));
after(() => closeAll(browser, site));

const FORGED = fixture('chains/forged-device-ca/leaf.pem');
const XSS = fixture('hostile/xss.pem');
// 72 certificates, about 70 KB: above the 64 KiB the page shows in the field.
const BIG = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').repeat(70) + FORGED + XSS;
const ROWS = '#cert-table [role="row"][data-kind="certificate"]';

/** Pastes `text` into the focused field as the browser does; true if the page took the paste. */
const paste = (page, text) => page.evaluate((t) => {
  const area = document.querySelector('#input');
  area.focus();
  const data = new DataTransfer();
  data.setData('text/plain', t);
  const taken = !area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  if (!taken) {
    area.value = t;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }
  return taken;
}, text);

test('a big paste shows a stand-in, not the text; the verdicts, report and share link have it all', async () => {
  assert.ok(BIG.length > 64 * 1024, `the paste is big (${BIG.length} bytes)`);
  const { page, context, errors } = await openApp(browser, site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  assert.equal(await paste(page, BIG), true, 'the page takes a big paste');
  await page.waitForSelector('#cert-table[data-rows="72"]');
  const folded = page.locator('#input-folded');
  assert.match(await folded.innerText(), /70 KB pasted: 72 certificates/);
  assert.equal(await page.locator('#input').count(), 0, 'no text field holding the paste');
  assert.equal(await page.locator(ROWS).count(), 72);
  assert.equal(await page.locator(ROWS).first().getAttribute('data-apple-device'), 'failed', 'failures first');
  // Hostile names in the table's own markup are text.
  assert.equal(await page.locator('.results img, .results script').count(), 0);
  // textContent: rows off screen are not rendered (content-visibility), so not in innerText.
  assert.ok((await page.locator('#cert-table').textContent()).includes('<img src=x onerror=alert(1)>'));
  assert.equal(dialogs, 0);
  // A row still opens its card.
  const hostile = page.locator(ROWS).filter({ hasText: '<img src=x' });
  // The rows' markup is the page's own (src/ui/cert_table.rs): `"`, `'` and `&` in a name stay
  // text, in the cell and in the button's label.
  const name = `<img src=x onerror=alert(1)>"' onmouseover=alert(4) data-x=&amp;`;
  // textContent: the row may be off screen (content-visibility), where innerText is empty.
  assert.ok((await hostile.textContent()).includes(name), await hostile.textContent());
  assert.equal(await hostile.locator('button.open-card').getAttribute('aria-label'), `Show the card of ${name}`);
  assert.equal(await page.locator('#cert-table [onmouseover], #cert-table [data-x]').count(), 0);
  await hostile.locator('button.open-card').click();
  await page.locator('#cert-table article[data-kind="certificate"]').waitFor();
  assert.equal(await page.locator('#cert-table article[data-kind="certificate"]').getAttribute('data-sha256'), await hostile.getAttribute('data-sha256'));
  assert.equal(await page.locator('.results img, .results script').count(), 0);
  // The report and the share link carry the whole text.
  await page.click('#copy-report');
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /72 certificates/);
  const link = await shareLink(page);
  assert.match(link, /#v1\./);
  // "Show the text" puts it in the field, editable.
  await page.click('#input-show');
  assert.equal(await page.inputValue('#input'), BIG);
  assert.equal(await folded.count(), 0);
  await page.fill('#input', FORGED);
  await page.waitForFunction(() => document.querySelectorAll('[data-kind="certificate"]').length === 1);
  assert.deepEqual(errors, []);
  await context.close();

  // The link opens folded too, with every row; "Clear" empties the input.
  const freshContext = await browser.newContext({ bypassCSP: true });
  const fresh = { context: freshContext, page: await freshContext.newPage(), errors: [] };
  fresh.page.on('pageerror', (e) => fresh.errors.push(String(e)));
  await fresh.page.goto(link);
  await fresh.page.waitForSelector('#cert-table[data-rows="72"]', { timeout: 30000 });
  assert.equal(await fresh.page.locator('#input-folded').count(), 1);
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await fresh.page.evaluate(axe);
  const result = await fresh.page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const v = result.violations.map((x) => `${x.id}: ${x.nodes.length} (${x.nodes[0]?.target})`);
  assert.deepEqual(v, [], v.join('; '));
  await fresh.page.click('#input-clear');
  assert.equal(await fresh.page.inputValue('#input'), '');
  await fresh.page.waitForFunction(() => document.querySelectorAll('[data-kind="certificate"]').length === 0);
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

test('a small paste stays in the field, and a big paste into the middle of a text is the browser\'s', async () => {
  const { page, context } = await openApp(browser, site.url);
  assert.equal(await paste(page, FORGED), false);
  await page.waitForFunction(() => document.querySelectorAll('[data-kind="certificate"]').length === 1);
  assert.equal(await page.inputValue('#input'), FORGED);
  // The caret at the end of a text: the paste is inserted there, not taken.
  const taken = await page.evaluate((t) => {
    const area = document.querySelector('#input');
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    const data = new DataTransfer();
    data.setData('text/plain', t);
    return !area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, BIG);
  assert.equal(taken, false);
  assert.equal(await page.locator('#input-folded').count(), 0);
  await context.close();
});

test('a new report closes the open cards: no row shows an item of an earlier report', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  const twelve = fixture('apple/leaf-device-apsd-2018-expired-sha1.pem').repeat(11) + FORGED;
  await page.fill('#input', twelve);
  await page.waitForSelector('#cert-table[data-rows="12"]');
  const first = page.locator(ROWS).first();
  await first.locator('button.open-card').click();
  await page.locator('#cert-table article[data-kind="certificate"]').waitFor();
  // Another evaluation time: another report, with the same certificates in the same rows.
  await page.fill('#evaluate-at', '2019-01-01T00:00:00Z');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.waitForFunction(() => /Evaluated at 2019-01-01/.test(document.querySelector('#summary').textContent));
  assert.equal(await page.locator('#cert-table article[data-kind="certificate"]').count(), 0, 'the card of the earlier report is closed');
  assert.equal(await first.locator('button.open-card').getAttribute('aria-expanded'), 'false');
  // Opened again, it is the new report's: evaluated in 2019, the leaf was within its dates.
  await first.locator('button.open-card').click();
  const card = page.locator('#cert-table article[data-kind="certificate"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-sha256'), await first.getAttribute('data-sha256'));
  assert.deepEqual(errors, []);
  await context.close();
});
