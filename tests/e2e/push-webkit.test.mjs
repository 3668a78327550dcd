// The MDM push certificate workbench's journeys (push-journeys.mjs, issue 21) in WebKit, Safari's
// engine (WebKitGTK's MiniBrowser over W3C WebDriver, as webkit.test.mjs): the opener (a second
// wasm in a worker of the site) reads the keys and PKCS#12 bundles from OpenSSL 3 and -legacy,
// WebKit's WebCrypto computes the EC and Ed25519 public keys, and the rest of the journeys run as
// in Chromium and Firefox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { serveSite, fixtures } from './harness.mjs';
import { startDriver, Session } from './webkit.mjs';
import { journeys } from './push-journeys.mjs';

let driver, site, session;

before(async () => {
  site = await serveSite();
  driver = await startDriver();
  session = await Session.open(driver);
});

after(async () => {
  await session?.close().catch(() => {});
  driver?.stop();
  await site?.close();
});

/** Loads the page afresh; page errors are collected in `window.__errors`. */
async function openApp(s) {
  await s.goto('about:blank');
  await s.goto(site.url);
  await s.waitForSelector('#input');
  await s.eval(() => { window.__errors = []; window.addEventListener('error', (e) => window.__errors.push(String(e.message))); window.addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason))); });
  return s;
}

const ui = (s) => ({
  // The files through the page's file input, as choosing them does (their bytes travel as base64).
  drop: async (files) => {
    await s.eval(() => document.getElementById('clear')?.click());
    const list = files.map((f) => [path.basename(f), fs.readFileSync(path.join(fixtures, f)).toString('base64')]);
    await s.eval((items) => {
      const dt = new DataTransfer();
      for (const [name, b64] of items) dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
      const el = document.querySelector('input[type=file]');
      el.files = dt.files;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, list);
  },
  fill: (selector, text) => s.fill(selector, text),
  waitFor: (selector) => s.waitForSelector(selector, 30000),
  attr: (selector, name) => s.attr(selector, name),
  text: (selector) => s.eval((sel) => document.querySelector(sel)?.innerText ?? '', selector),
  count: (selector) => s.eval((sel) => document.querySelectorAll(sel).length, selector),
  html: () => s.eval(() => document.documentElement.outerHTML),
});

for (const [name, journey] of Object.entries(journeys)) {
  test(`webkit: ${name}`, async () => {
    const s = await openApp(session);
    await journey(ui(s));
    assert.deepEqual(await s.eval(() => window.__errors), []);
  });
}
