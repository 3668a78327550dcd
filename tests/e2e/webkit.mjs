// WebKit for the browser tests: Debian's WebKitGTK (`webkit2gtk-driver`: WebKitWebDriver and its
// MiniBrowser) under `xvfb-run`, driven over plain W3C WebDriver HTTP by the few commands below
// (fetch, no npm package). Most Mac admins open links in Safari: this is its engine and its
// WebCrypto. WebDriver classic has no init-script command: a test that must run a script before
// the page's own serves the site with harness.mjs `serveSite({ init })`.
import { spawn } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** A W3C WebDriver element reference's key. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts WebKitWebDriver under a virtual X server; returns { url, stop }. */
export async function startDriver() {
  for (const f of [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/xvfb-run']) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: install Debian's webkit2gtk-driver and xvfb (./dev test does)`);
  }
  const port = await freePort();
  // `-a`: a free display number; its own process group, so stop() ends Xvfb and the driver together.
  const child = spawn('xvfb-run', ['-a', WEBKIT_DRIVER, `--port=${port}`], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/status`);
      if ((await r.json()).value?.ready) break;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || i > 200) throw new Error(`WebKitWebDriver did not start: ${stderr}`);
    await sleep(50);
  }
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ } };
  return { url, stop };
}

async function call(base, method, path, body) {
  const r = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const j = await r.json();
  if (!r.ok || j.value?.error) throw new Error(`${method} ${path}: ${j.value?.error}: ${j.value?.message}`);
  return j.value;
}

/** One MiniBrowser session (a fresh, ephemeral profile), with the commands the tests use. */
export class Session {
  static async open(driver) {
    const value = await call(driver.url, 'POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
    return new Session(driver.url, value.sessionId, value.capabilities);
  }

  constructor(base, id, capabilities) {
    this.base = `${base}/session/${id}`;
    this.capabilities = capabilities;
  }

  cmd(method, path, body) { return call(this.base, method, path, body); }
  goto(url) { return this.cmd('POST', '/url', { url }); }
  url() { return this.cmd('GET', '/url'); }
  close() { return this.cmd('DELETE', ''); }
  /** Runs `fn` (a function) in the page with `args`; awaits a promise it returns. */
  eval(fn, ...args) {
    return this.cmd('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve((${fn}).apply(null, Array.from(arguments).slice(0, -1))).then((v) => done({ ok: v }), (e) => done({ err: String(e && e.stack || e) }));`,
      args,
    }).then((r) => { if (r && 'err' in r) throw new Error(r.err); return r?.ok; });
  }
  async find(selector) { return (await this.cmd('POST', '/element', { using: 'css selector', value: selector }))[ELEMENT]; }
  async click(selector) { await this.cmd('POST', `/element/${await this.find(selector)}/click`, {}); }
  screenshot() { return this.cmd('GET', '/screenshot').then((b64) => Buffer.from(b64, 'base64')); }

  /** Waits until `fn(...args)` is truthy in the page; returns its value. */
  async waitFor(fn, args = [], timeout = 30000) {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.eval(fn, ...args).catch(() => undefined);
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
      await sleep(50);
    }
  }

  waitForSelector(selector, timeout) { return this.waitFor((s) => !!document.querySelector(s), [selector], timeout); }
  attr(selector, name) { return this.eval((s, n) => document.querySelector(s)?.getAttribute(n), selector, name); }

  /** What playwright's fill does: set the value, fire `input` (and `change` when asked). */
  fill(selector, value, { change = false } = {}) {
    return this.eval((s, v, c) => {
      const el = document.querySelector(s);
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      if (c) el.dispatchEvent(new Event('change', { bubbles: true }));
    }, selector, value, change);
  }

  /** Gives the page's file input a file, as choosing it does (its bytes travel as base64). */
  upload(selector, name, bytes) {
    return this.eval((s, n, b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], n));
      const el = document.querySelector(s);
      el.files = dt.files;
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, selector, name, Buffer.from(bytes).toString('base64'));
  }
}
