// Shared set-up for the browser tests: serve dist/ on 127.0.0.1 under a sub-path (the site must
// work from any sub-path), a second "other origin" server that counts every hit, and Debian's
// headless Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import http from 'node:http';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = process.env.CERTSCOPE_DIST || path.join(root, 'dist');
export const fixtures = path.join(root, 'tests', 'fixtures');
export const SUBPATH = '/tools/certscope/';
/** Screenshots and logs of a run (not committed). */
export const artifacts = path.join(here, 'artifacts');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.json': 'application/json' };

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Serves dist/ at SUBPATH (and at each of `subpaths`, copies of the site on one host); returns
 *  { origin, url, urls, hits, rewrite, close }: `url` is SUBPATH's, `urls` maps each sub-path to
 *  its address. `types` overrides content types by extension (e.g. a host that serves .wasm as
 *  application/octet-stream); `delays` holds back the answer for a file of dist/ (by its path
 *  there) for that many milliseconds; `missing` lists files of dist/ answered with 404. Set
 *  `rewrite` on the returned object to `(subpath, file, bytes) => bytes | undefined` to serve
 *  other bytes for a file (e.g. another build's sw.js). `init`: a script run before the page's
 *  own, for a browser driven without an init-script command (WebDriver classic: webkit.mjs);
 *  it is served as a same-origin file (the CSP allows no inline script) that index.html loads
 *  first. */
export async function serveSite({ types = {}, delays = {}, missing = [], subpaths = [SUBPATH], init } = {}) {
  const hits = [];
  const site = { hits, rewrite: null };
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    const u = new URL(req.url, 'http://x');
    const sub = subpaths.find((p) => u.pathname.startsWith(p));
    if (!sub) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(u.pathname.slice(sub.length)) || 'index.html';
    if (init && rel === 'test-init.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(init); return; }
    if (init && rel === 'index.html') {
      const html = fs.readFileSync(path.join(dist, rel), 'utf8').replace('<head>', '<head><script src="test-init.js"></script>');
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(html);
      return;
    }
    const file = path.join(dist, rel);
    if (missing.includes(rel) || !file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    const ext = path.extname(file);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': types[ext] || TYPES[ext] || 'application/octet-stream' });
      const other = site.rewrite?.(sub, rel, fs.readFileSync(file));
      if (other !== undefined) res.end(other);
      else fs.createReadStream(file).pipe(res);
    }, delays[rel] || 0);
  });
  const port = await listen(server);
  const origin = `http://127.0.0.1:${port}`;
  return Object.assign(site, {
    origin, url: origin + subpaths[0], urls: Object.fromEntries(subpaths.map((p) => [p, origin + p])),
    close: () => new Promise((r) => server.close(r)),
  });
}

/** A server on another origin that records every request it gets (WebSocket upgrades too). */
export async function serveOtherOrigin() {
  const hits = [];
  const server = http.createServer((req, res) => { hits.push(req.url); res.writeHead(200, { 'access-control-allow-origin': '*' }); res.end('leak'); });
  server.on('upgrade', (req, socket) => { hits.push(req.url); socket.destroy(); });
  const port = await listen(server);
  return { origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(r)) };
}

/** What most test files set up before their tests: the site served (`serveSite`), with `other`
 *  the other-origin server too, headless Chromium (or what `browser` launches), and `folder`
 *  (the artifacts folder unless told) made. Returns { site, other, browser }; close them with
 *  `closeAll`. Use: `before(async () => ({ site, browser } = await start()));`
 *  `after(() => closeAll(browser, site));` */
export async function start({ other = false, browser = launch, folder = artifacts } = {}) {
  const site = await serveSite();
  const otherOrigin = other ? await serveOtherOrigin() : undefined;
  const b = await browser();
  if (folder) fs.mkdirSync(folder, { recursive: true });
  return { site, other: otherOrigin, browser: b };
}

/** Closes browsers and servers (anything with a `close`), skipping those not made. */
export async function closeAll(...things) {
  for (const t of things) await t?.close();
}

/** Run in the page (`page.evaluate(tryLeak, other.origin)`, any driver): fetches a URL of
 *  another origin and reports whether it was sent and which CSP directives were violated. */
export async function tryLeak(target) {
  const violations = [];
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
  let outcome;
  try { await fetch(target + '/leak?data=secret'); outcome = 'sent'; } catch { outcome = 'blocked'; }
  await new Promise((r) => setTimeout(r, 100));
  return { outcome, violations };
}

/** What `tryLeak` must find: the fetch blocked by connect-src, and nothing reached `other`. */
export function assertLeakBlocked(result, other) {
  assert.equal(result.outcome, 'blocked');
  assert.ok(result.violations.some((v) => v.startsWith('connect-src')), JSON.stringify(result.violations));
  assert.deepEqual(other.hits, []);
}

/** Loads the page once (the service worker installs and takes control), then reloads it with the
 *  browser context offline (playwright): the site must come from the service worker's cache. */
export async function reloadOffline(page, context) {
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('#input');
}

export async function launch() {
  // playwright gives every launch a fresh, empty profile directory of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Opens the site and waits until the app has rendered; records every request. */
export async function openApp(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector('#input', { timeout: 30000 });
  return { context, page, requests, errors };
}

export function fixture(rel) {
  return fs.readFileSync(path.join(fixtures, rel), 'utf8');
}

/** A fixture as playwright's `setInputFiles` takes a chosen file. */
export function fixtureFile(rel) {
  return { name: path.basename(rel), mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(fixtures, rel)) };
}


/** Presses "Share link" and returns the link it copied (from the clipboard: the page never puts
 *  a link's contents in the address bar). */
export async function shareLink(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.click('#share-link');
  await page.waitForFunction(() => /Link copied/.test(document.querySelector('#toolbar-status')?.textContent));
  return page.evaluate(() => navigator.clipboard.readText());
}
