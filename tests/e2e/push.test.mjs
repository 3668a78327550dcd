// Issue 21: the MDM push certificate workbench in the page. A PKCS#12 bundle asks for a password
// (and only then), opens with it, pairs its key with its certificate; the password is cleared
// with Clear; two push certificates with different topics are a replacement; and the journeys of
// push-journeys.mjs (also run in Firefox by push-firefox.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, openApp, fixtureFile as file } from './harness.mjs';
import { journeys } from './push-journeys.mjs';

let site, browser;
before(async () => { site = await serveSite(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

test('a PKCS#12 bundle asks for its password, opens with it and pairs its key', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  assert.equal(await page.locator('#password').count(), 0, 'no password field without an encrypted item');
  await page.setInputFiles('input[type=file]', [file('push/push-legacy.p12')]);
  const card = page.locator('[data-kind="pkcs12"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-opened'), 'false');
  const field = page.locator('#password');
  assert.equal(await field.getAttribute('type'), 'password');
  await field.fill('certscope-test-password');
  await page.locator('[data-kind="pkcs12"][data-opened="true"]').waitFor();
  assert.equal(await page.locator('[data-kind="pkcs12"]').getAttribute('data-mac'), 'ok');
  await page.locator('[data-kind="certificate"][data-key-pair="matched"]').waitFor();
  assert.ok(!(await page.content()).includes('certscope-test-password'), 'the password is in no attribute or text');
  await page.click('#clear');
  await page.locator('#password').waitFor({ state: 'detached' });
  await page.setInputFiles('input[type=file]', [file('push/push-legacy.p12')]);
  await page.locator('#password').waitFor();
  assert.equal(await page.locator('#password').inputValue(), '', 'Clear forgot the password');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new topic is a replacement, not a renewal', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  await page.setInputFiles('input[type=file]', [file('push/push-old.pem'), file('push/push-replaced.pem')]);
  await page.locator('[data-diagnosis="push-topic-changed"]').waitFor();
  assert.ok((await page.locator('[data-diagnosis="push-topic-changed"]').innerText()).includes('replacement, not a renewal'));
  assert.deepEqual(errors, []);
  await context.close();
});

// The shared journeys (push-journeys.mjs), in Chromium.
const ui = (page) => ({
  drop: async (files) => {
    // A new set of files replaces the input: Clear first, as a person would.
    if (await page.locator('#clear').count()) await page.click('#clear');
    await page.setInputFiles('input[type=file]', files.map(file));
  },
  fill: (selector, text) => page.locator(selector).fill(text),
  waitFor: (selector) => page.locator(selector).first().waitFor({ timeout: 30000 }),
  attr: (selector, name) => page.locator(selector).first().getAttribute(name),
  text: (selector) => page.locator(selector).first().innerText(),
  count: (selector) => page.locator(selector).count(),
  html: () => page.content(),
});

for (const [name, journey] of Object.entries(journeys)) {
  test(name, async () => {
    const { context, page, errors } = await openApp(browser, site.url);
    await journey(ui(page));
    assert.deepEqual(errors, []);
    await context.close();
  });
}
