// Issue 22 in Chromium (playwright-core): CRL cards and "revoked on …"; the TLS verdict for a
// server name, the Public Suffix List fetched from the site only when a wildcard needs judging
// (and "not checked", never valid, when it cannot be). The steps are in revocation-steps.mjs,
// shared with revocation-firefox.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveSite, launch, openApp } from './harness.mjs';
import { PSL, crlCards, tlsByName, tlsWildcard, tlsPublicSuffixWildcard, tlsFromProfile } from './revocation-steps.mjs';

let site, browser;

before(async () => {
  site = await serveSite();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

async function run(step, url = site.url) {
  const { page, context, errors } = await openApp(browser, url);
  try {
    await step(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

test('a dropped CRL gets its card (issuer, this/next update, entries, signature ✓/✗) and the revoked certificate says "revoked on …"', () =>
  run((page) => crlCards(page, (paths) => page.setInputFiles('input[type=file]', paths))));

test('a server name gives each leaf its TLS verdict: valid for the name it carries, failed for another', () => run((page) => tlsByName(page, site.hits)));

test('a wildcard is judged with the Public Suffix List fetched from the site, only once a server name is given', async () => {
  site.hits.length = 0;
  await run((page) => tlsWildcard(page, site.hits, { listLoads: true }));
  // The first load does not carry the list (neither the page nor the offline copy fetch it).
  const other = await serveSite();
  try {
    await run(async (page) => {
      // The offline copy is complete once its service worker is active (install precaches).
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
      assert.ok(other.hits.some((h) => h.endsWith('sw.js')));
      assert.deepEqual(other.hits.filter((h) => h.includes(PSL)), []);
    }, other.url);
  } finally {
    await other.close();
  }
});

test('without the list (the file missing) a wildcard is "not checked", never valid', async () => {
  const missing = await serveSite({ missing: [PSL] });
  try {
    await run((page) => tlsWildcard(page, missing.hits, { listLoads: false }), missing.url);
  } finally {
    await missing.close();
  }
});

test('a wildcard over a public suffix fails the TLS verdict', () => run(tlsPublicSuffixWildcard));

test('a profile\'s MDM ServerURL names the server its certificates get a TLS verdict for', async () => {
  site.hits.length = 0;
  await run((page) => tlsFromProfile(page, site.hits));
});
