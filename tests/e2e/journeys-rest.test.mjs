// Issue 24, the items the first journeys session left partial: a fleet row opens that device's
// card where the row is (§6), one Apple CA does not lead a paste whose diagnosis is about the
// device certificate (§7), the "a Mac may trust this one" caveat once (§8), and the small things
// of §12: an unreadable time said and the results marked stale, one server sentence, the page
// opened as a file, chips explained on focus, a screenshot's verdict brought into view with one
// command box, a PKCS#12 bundle's next step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveSite, launch, openApp, fixture, fixtures, dist } from './harness.mjs';
import { PHONE, fleetCsv, shots } from './journeys-data.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

const APSD = 'security find-certificate -a -p -Z /Library/Keychains/apsd.keychain | pbcopy';
const count = (text, words) => text.split(words).length - 1;

test('§6 a fleet row shows that device\'s certificate card under the row, at the page\'s width on a phone; the summary and the input stay as they are', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { viewport: PHONE });
  await page.setInputFiles('input[type=file]', { name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(fleetCsv()) });
  await page.waitForSelector('#fleet[data-state="done"]');
  const lines = await page.locator('#summary [data-summary-line]').count();
  const button = page.locator('#fleet tr[data-device="C020000003"] button.open-device');
  assert.match(await button.innerText(), /Show card/);
  await button.click();
  const card = page.locator('#fleet tr.device-card[data-device="C020000003"] article[data-kind="certificate"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-apple-device'), 'failed', 'the forged device\'s own verdict');
  // Right under its row.
  assert.equal(await page.$eval('#fleet tr[data-device="C020000003"]:not(.device-card)', (r) => r.nextElementSibling?.classList.contains('device-card')), true);
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const box = await card.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5 && box.width >= 300, `card ${JSON.stringify(box)}`);
  assert.equal(await page.locator('#summary [data-summary-line]').count(), lines, 'no input added');
  assert.equal(await page.locator('.files li').count(), 1, 'only the fleet file is listed');
  await page.locator('#fleet tr.device-card').screenshot({ path: path.join(shots, 'phone-fleet-card.png') });
  await button.click();
  await page.locator('#fleet tr.device-card').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('§7 Apple\'s expired CAs pasted with the device certificate: the line leads with the device certificate the diagnosis speaks for', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  const paste = ['apple/leaf-device-apsd-2018-expired-sha1.pem', 'apple/apple-iphone-device-ca-2007-2014.pem', 'apple/apple-iphone-certification-authority-2007-2022.pem', 'apple/apple-root-ca-2006-rsa.pem'].map(fixture).join('\n');
  await page.fill('#input', paste);
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'apple-device-expired-403');
  const line = await page.locator('#summary [data-summary-line]').first().innerText();
  assert.doesNotMatch(line, /worst: "Apple/);
  assert.match(line, /Genuine Apple device certificate, expired 8 November 2019/);
  assert.equal(await page.locator('.results > [data-kind]').first().getAttribute('data-role'), 'apple-device-identity');
  assert.deepEqual(errors, []);
  await context.close();
});

test('§8 a profile signed under the company root it carries says "a Mac may trust this one" once', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.fill('#evaluate-at', '2027-06-01 12:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.setInputFiles('input[type=file]', [path.join(fixtures, 'cms/der-rsa-sha256.mobileconfig')]);
  await page.waitForSelector('[data-kind="signed-data"] [data-kind="certificate"][data-role="root"]');
  const text = await page.locator('main').innerText();
  assert.equal(count(text, 'may trust this one'), 1, text);
  assert.equal(count(await page.locator('#summary').innerText(), 'is a self-signed root that is not trusted'), 2, 'the summary line and the diagnosis, not the diagnosis twice');
  // Trusted for the session: the verdict names the root as the user's, not one macOS trusts.
  await page.locator('[data-kind="signed-data"] [data-kind="certificate"][data-role="root"] .trust-session').click();
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'profile-verified');
  const summary = await page.locator('#summary').innerText();
  assert.match(summary, /to a root trusted locally/);
  assert.doesNotMatch(summary, /a root macOS trusts/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('§12 an unreadable "Evaluate at" is said next to the field and the results are marked stale until a time is read', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { viewport: PHONE });
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.waitForSelector('#summary [data-summary-line]');
  await page.fill('#evaluate-at', '2019-13-45 25:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.waitForSelector('.at .error');
  assert.match(await page.locator('.at .error').innerText(), /not a date and time/);
  assert.equal(await page.getAttribute('#evaluate-at', 'aria-invalid'), 'true');
  const stale = page.locator('#stale-results');
  await stale.waitFor();
  assert.match(await stale.innerText(), /could not be read, so these results are still for now/);
  assert.equal(await page.getAttribute('#summary', 'data-stale'), 'true');
  assert.equal(await page.getAttribute('.results', 'data-stale'), 'true');
  await page.fill('#evaluate-at', '2019-06-01 12:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await stale.waitFor({ state: 'detached' });
  assert.equal(await page.getAttribute('#summary', 'data-stale'), null);
  // And the page evaluates at the time read (within its dates then).
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'apple-device-ok');
  assert.deepEqual(errors, []);
  await context.close();
});

test('§12 a device certificate within its dates: no "any MDM server should accept it" beside "a server anchored at the root would reject every device"', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.fill('#evaluate-at', '2019-06-01 12:00');
  await page.dispatchEvent('#evaluate-at', 'change');
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'apple-device-ok');
  const text = await page.locator('main').innerText();
  assert.match(text, /A server anchored at the root would reject every device/);
  assert.doesNotMatch(text, /any MDM server should accept it/);
  assert.match(await page.locator('#summary .diagnosis').innerText(), /anchored at Apple iPhone Device CA/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('§12 index.html opened as a file says the page must be served, and the started app removes that message', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(dist, 'index.html')).href);
  const note = page.locator('#not-started');
  assert.ok(await note.isVisible(), 'a message is visible on a file:// page');
  assert.match(await note.innerText(), /must be served/);
  await context.close();
  const served = await openApp(browser, site.url);
  await served.page.waitForSelector('body[data-ready]');
  assert.equal(await served.page.locator('#not-started').count(), 0, 'gone once the app runs');
  assert.deepEqual(served.errors, []);
  await served.context.close();
});

test('§12 a verdict chip shows its explanation on keyboard focus, not only on hover', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { viewport: PHONE });
  await page.fill('#input', fixture('apple/leaf-device-apsd-2018-expired-sha1.pem'));
  const chip = page.locator('[data-kind="certificate"] .chips .chip').first();
  await chip.waitFor();
  const tip = chip.locator('.chip-tip');
  assert.equal(await tip.count(), 1, 'the chip carries its explanation');
  assert.equal(await tip.isVisible(), false, 'hidden until asked for');
  await chip.focus();
  assert.ok(await tip.isVisible(), 'shown on focus');
  assert.match(await tip.innerText(), /every signature up to Apple's root, with the dates ignored/);
  const box = await tip.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `on screen: ${JSON.stringify(box)}`);
  await page.locator('#input').focus();
  assert.equal(await tip.isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('§12 a PKCS#12 bundle without its password offers the next step: the password field', async () => {
  const { page, context, errors } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [path.join(fixtures, 'push/push-legacy.p12')]);
  const offer = page.locator('#summary [data-summary-line] button.enter-password');
  await offer.waitFor();
  assert.match(await offer.innerText(), /Enter the password/);
  await offer.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await page.keyboard.type('certscope-test-password');
  await page.waitForSelector('[data-kind="pkcs12"][data-opened="true"]');
  assert.equal(await offer.count(), 0, 'opened: nothing left to offer');
  assert.deepEqual(errors, []);
  await context.close();
});

test('§12 after a screenshot is read (phone): the verdict is brought into view and the command to ask for is shown once', async () => {
  const { page, context, errors } = await openApp(browser, site.url, { viewport: PHONE });
  await page.waitForSelector('body[data-ready]');
  const render = await browser.newContext({ viewport: { width: 640, height: 400 } });
  const mock = await render.newPage();
  await mock.setContent('<div class="win" style="width:380px;padding:18px;font:15px Arial,sans-serif;background:#fff"><h1 style="font-size:16px">Remote Management</h1><p>The MDM server for your organization returned an unexpected status (403).</p></div>');
  const png = await mock.locator('.win').screenshot();
  await render.close();
  await page.setInputFiles('input[type=file]', { name: 'dialog.png', mimeType: 'image/png', buffer: png });
  await page.waitForSelector('[data-kind="screenshot-text"][data-state="read"]', { timeout: 180000 });
  await page.waitForFunction(() => document.querySelector('#summary')?.dataset.diagnosis === 'enrollment-403', null, { timeout: 10000 });
  await page.waitForFunction(() => {
    const r = document.querySelector('#summary')?.getBoundingClientRect();
    return r && r.top >= 0 && r.top < innerHeight / 2;
  }, null, { timeout: 5000 }).catch(async () => assert.fail(`the verdict is not in view: ${JSON.stringify(await page.locator('#summary').boundingBox())}, scrolled ${await page.evaluate(() => scrollY)}`));
  const main = await page.locator('main').innerText();
  assert.equal(count(main, APSD), 1, main);
  assert.equal(await page.locator('#apsd-command').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});
