// The MDM push certificate workbench's journeys (push-journeys.mjs, issue 21) in Firefox ESR
// (puppeteer-core over WebDriver BiDi, as journeys-firefox.test.mjs): PKCS#12 from OpenSSL 3 and
// -legacy, a wrong password, a mismatched pair, the old/renewed/replaced trio, a signed and a
// tampered push request, the vendor certificate in the push certificate's place, EC and Ed25519
// keys paired through Firefox's WebCrypto, and an EC key that only copies a public key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchFirefox, openApp } from './firefox.mjs';
import { serveSite, fixtures } from './harness.mjs';
import { journeys } from './push-journeys.mjs';

let site, browser;

before(async () => {
  site = await serveSite();
  browser = await launchFirefox();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

const ui = (page) => ({
  drop: async (files) => {
    if (await page.$('#clear')) await page.click('#clear');
    const input = await page.$('input[type=file]');
    await input.uploadFile(...files.map((f) => path.join(fixtures, f)));
  },
  fill: (selector, text) =>
    page.$eval(selector, (el, v) => {
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text),
  waitFor: (selector) => page.waitForSelector(selector, { timeout: 30000 }),
  attr: (selector, name) => page.$eval(selector, (el, n) => el.getAttribute(n), name),
  text: (selector) => page.$eval(selector, (el) => el.innerText),
  count: async (selector) => (await page.$$(selector)).length,
  html: () => page.content(),
});

for (const [name, journey] of Object.entries(journeys)) {
  test(name, async () => {
    const { context, page, errors } = await openApp(browser, site.url, { viewport: { width: 1280, height: 900 } });
    await journey(ui(page));
    assert.deepEqual(errors, []);
    await context.close();
  });
}
