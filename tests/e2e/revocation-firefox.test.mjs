// Issue 22 in Firefox ESR (puppeteer-core over WebDriver BiDi, as journeys-firefox.test.mjs):
// the same steps as revocation.test.mjs (revocation-steps.mjs), with Firefox's own WebCrypto.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, openApp } from './firefox.mjs';
import { serveSite } from './harness.mjs';
import { PSL, crlCards, tlsByName, tlsWildcard, tlsPublicSuffixWildcard, tlsFromProfile } from './revocation-steps.mjs';

let site, browser;

before(async () => {
  site = await serveSite();
  browser = await launchFirefox();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function run(step, url = site.url) {
  const { context, page, errors } = await openApp(browser, url, { viewport: { width: 1280, height: 900 } });
  try {
    await step(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

test('firefox: a dropped CRL gets its card and the revoked certificate says "revoked on …"', () =>
  run((page) => crlCards(page, async (paths) => (await page.$('input[type=file]')).uploadFile(...paths))));

test('firefox: a server name gives each leaf its TLS verdict', () => run((page) => tlsByName(page, site.hits)));

test('firefox: a wildcard is judged with the Public Suffix List fetched from the site', async () => {
  site.hits.length = 0;
  await run((page) => tlsWildcard(page, site.hits, { listLoads: true }));
});

test('firefox: without the list a wildcard is "not checked", never valid', async () => {
  const missing = await serveSite({ missing: [PSL] });
  try {
    await run((page) => tlsWildcard(page, missing.hits, { listLoads: false }), missing.url);
  } finally {
    await missing.close();
  }
});

test('firefox: a wildcard over a public suffix fails the TLS verdict', () => run(tlsPublicSuffixWildcard));

test('firefox: a profile\'s MDM ServerURL names the server its certificates get a TLS verdict for', async () => {
  site.hits.length = 0;
  await run((page) => tlsFromProfile(page, site.hits));
});
