// Issue 15 §4: the words an agent may not know are explained on hover and keyboard focus of the
// verdict chips, and in a glossary at the foot of the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, fixture, start, closeAll } from './harness.mjs';

let site, browser;
before(async () => ({ site, browser } = await start({ folder: null })));
after(() => closeAll(browser, site));

test('verdict chips explain themselves and the glossary names the hard words', async () => {
  const { context, page, errors } = await openApp(browser, site.url);
  await page.fill('#input', fixture('apple/sample-security-find-certificate-apsd-keychain.txt'));
  const card = page.locator('[data-kind="certificate"]').first();
  await card.waitFor();
  // The explanation is the chip's own tooltip (shown on hover and on focus: journeys-rest.test.mjs).
  const titles = await card.locator('.chips .chip').evaluateAll((els) => els.map((e) => [e.querySelector('.chip-tip')?.textContent, e.getAttribute('tabindex')]));
  assert.ok(titles.length >= 3, `chips: ${JSON.stringify(titles)}`);
  for (const [title, tabindex] of titles) {
    assert.ok(title && title.length > 20, `a chip without an explanation: ${JSON.stringify(titles)}`);
    assert.equal(tabindex, '0', 'chips take keyboard focus, so the explanation is reachable without a mouse');
  }
  const glossary = page.locator('#glossary');
  await glossary.locator('summary').click();
  const text = await glossary.innerText();
  for (const word of ['Strict', 'Anchor', 'Built-in', 'Trusted key', 'BER / DER', 'macOS']) {
    assert.ok(text.includes(word), `the glossary explains ${word}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
