// Screenshot triage, offline: screenshots rendered here from HTML mocks of the enrollment error
// dialog and of Keychain Access showing the real expired apsd certificate (light and dark, 1× and
// 2×) are dropped on the page; OCR runs in the browser (tesseract.js in a worker, the site's own
// files) and the triage names the expired Apple device certificate and its dates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, dist, artifacts, start, closeAll } from './harness.mjs';

let site, browser;
before(async () => ({ site, browser } = await start()));
after(() => closeAll(browser, site));

// Values of tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem, as macOS shows them.
const UDID = '6001A957-6FC5-4856-8C5E-DC2E32C61CB9';
const SHA256 = '4A 01 D5 D6 9F 89 E5 17 53 A6 F9 AC 9C AD 36 24 6D B9 98 76 1B 4C 13 47 5F 18 51 7E FF 24 87 A8';
const SHA1 = '61 2C 84 BF C6 62 76 B3 88 3B C0 EE CE 1C C9 63 56 88 42 8F';
const style = (dark) => `body{margin:0;font:13px -apple-system,"Helvetica Neue",Arial,sans-serif;background:${dark ? '#1e1e1e' : '#ececec'};color:${dark ? '#e6e6e6' : '#1d1d1f'}}
.win{width:560px;margin:20px;padding:18px 22px;border-radius:10px;background:${dark ? '#2b2b2b' : '#fff'};box-shadow:0 6px 24px rgba(0,0,0,.35)}
h1{font-size:15px;margin:0 0 6px} .row{display:flex;gap:14px;margin:3px 0} .k{width:170px;text-align:right;color:${dark ? '#a0a0a0' : '#6e6e73'}} .bad{color:#d70015}
.sec{font-weight:600;margin-top:12px} button{font:inherit;padding:3px 16px;border-radius:6px;border:1px solid #999;background:${dark ? '#444' : '#f5f5f7'};color:inherit}`;
const keychain = (dark) => `<html><head><style>${style(dark)}</style></head><body><div class="win">
<h1>${UDID}</h1>
<div>Issued by: Apple iPhone Device CA</div>
<div>Expires: Friday, 8 November 2019 at 14:41:36 Greenwich Mean Time</div>
<div class="bad">This certificate has expired</div>
<div class="sec">Subject Name</div><div class="row"><span class="k">Common Name</span><span>${UDID}</span></div>
<div class="sec">Issuer Name</div>
<div class="row"><span class="k">Country or Region</span><span>US</span></div>
<div class="row"><span class="k">Organisation</span><span>Apple Inc.</span></div>
<div class="row"><span class="k">Organisational Unit</span><span>Apple iPhone</span></div>
<div class="row"><span class="k">Common Name</span><span>Apple iPhone Device CA</span></div>
<div class="row"><span class="k">Not Valid Before</span><span>Thursday, 8 November 2018 at 14:36:36 Greenwich Mean Time</span></div>
<div class="row"><span class="k">Not Valid After</span><span>Friday, 8 November 2019 at 14:41:36 Greenwich Mean Time</span></div>
<div class="sec">Fingerprints</div>
<div class="row"><span class="k">SHA-256</span><span>${SHA256}</span></div>
<div class="row"><span class="k">SHA-1</span><span>${SHA1}</span></div>
</div></body></html>`;
const dialog = (dark) => `<html><head><style>${style(dark)}</style></head><body><div class="win" style="width:380px">
<h1>Remote Management</h1>
<p>The MDM server for your organization returned an unexpected status (403).</p>
<p style="text-align:right"><button>OK</button></p></div></body></html>`;

async function render(html, dark, scale) {
  const context = await browser.newContext({ colorScheme: dark ? 'dark' : 'light', deviceScaleFactor: scale, viewport: { width: 640, height: 520 } });
  const page = await context.newPage();
  await page.setContent(html);
  const png = await page.locator('.win').screenshot();
  await context.close();
  return png;
}

test('the first page load fetches no OCR file', async () => {
  const { page, requests, context } = await openApp(browser, site.url);
  await page.waitForSelector('body[data-ready]');
  assert.ok(requests.every((r) => !r.includes('/ocr/')), requests.join('\n'));
  await context.close();
});

test('screenshots of Keychain Access and the 403 dialog are triaged in the browser', async () => {
  const sizes = fs.readdirSync(path.join(dist, 'ocr'), { recursive: true }).map((f) => path.join(dist, 'ocr', f)).filter((f) => fs.statSync(f).isFile()).reduce((s, f) => s + fs.statSync(f).size, 0);
  console.log(`OCR assets (loaded only for screenshots): ${(sizes / 1e6).toFixed(1)} MB on disk`);
  const { page, context, requests, errors } = await openApp(browser, site.url);
  await page.waitForSelector('body[data-ready]');
  for (const dark of [false, true]) {
    for (const scale of [1, 2]) {
      for (const [kind, html] of [['keychain', keychain(dark)], ['dialog', dialog(dark)]]) {
        const name = `${kind}-${dark ? 'dark' : 'light'}-${scale}x.png`;
        const png = await render(html, dark, scale);
        fs.writeFileSync(path.join(artifacts, name), png);
        await page.setInputFiles('input[type=file]', { name, mimeType: 'image/png', buffer: png });
        const card = page.locator('[data-kind="screenshot-text"]').last();
        await page.waitForFunction(() => {
          const cards = document.querySelectorAll('[data-kind="screenshot-text"]');
          return cards.length === 1 && cards[0].dataset.state !== 'reading';
        }, null, { timeout: 180000 });
        assert.equal(await card.getAttribute('data-state'), 'read', `${name}: ${await card.innerText()}`);
        console.log(`${name}: ${(await card.locator('.note').innerText()).split(' s.')[0]} s`);
        const summary = page.locator('#summary');
        const want = kind === 'keychain' ? 'screenshot-apple-device-expired' : 'enrollment-403';
        await page.waitForFunction((w) => document.querySelector('#summary')?.dataset.diagnosis === w, want, { timeout: 10000 })
          .catch(async () => assert.fail(`${name}: diagnosis ${await summary.getAttribute('data-diagnosis')}; text read:\n${await card.locator('textarea').inputValue()}`));
        const text = await summary.innerText();
        if (kind === 'keychain') {
          assert.match(text, /expired on 2019-11-08/);
          assert.match(text, /From a screenshot/);
          assert.match(text, /security find-certificate -a -p -Z/);
        } else {
          assert.match(text, /security find-certificate -a -p -Z/);
        }
        await page.click('#clear');
      }
    }
  }
  assert.deepEqual(errors, []);
  for (const r of requests) assert.ok(r.startsWith(site.url), `request outside the site: ${r}`);
  await context.close();
});
