// Runs the wasm tests (tests/wasm.rs) in a browser wasm-bindgen-test-runner cannot drive here:
// Firefox ESR (no geckodriver in Debian; puppeteer-core over WebDriver BiDi, as
// tests/e2e/firefox.mjs does) or WebKitGTK (WebKitWebDriver + MiniBrowser under xvfb-run, with
// the W3C WebDriver client of tests/e2e/webkit.mjs). The runner serves the tests (NO_HEADLESS=1)
// and the browser opens them; the runner's own result line decides.
// Usage: node tools/wasm-test-browser.mjs firefox|webkit target/wasm32-unknown-unknown/debug/deps/wasm-<hash>.wasm
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const [which, wasm] = process.argv.slice(2);
if (!['firefox', 'webkit'].includes(which) || !wasm) {
  console.error('usage: node tools/wasm-test-browser.mjs firefox|webkit <wasm test file>');
  process.exit(2);
}
const address = process.env.ADDRESS || (which === 'firefox' ? '127.0.0.1:8766' : '127.0.0.1:8767');
const runner = spawn('wasm-bindgen-test-runner', [wasm, ...process.argv.slice(4)], { env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: address }, stdio: ['ignore', 'pipe', 'inherit'] });
// The runner prints its address and keeps serving; if it exits first (no tests in that file, a
// wrong path), say so instead of leaving the await unsettled.
let printed = '';
await new Promise((resolve, reject) => {
  runner.stdout.on('data', (d) => { printed += d; if (printed.includes('http://')) resolve(); });
  runner.on('exit', (code) => reject(new Error(`wasm-bindgen-test-runner ${wasm} exited (${code}) before serving the tests: ${printed.trim()}`)));
});

const TIMEOUT = Number(process.env.WASM_TEST_TIMEOUT_MS || 600000);
const done = () => /test result: /.test(document.body.innerText);

/** Opens the tests' page in the browser; returns { version, text, close }. */
async function firefox() {
  const require = createRequire(path.resolve('tests/e2e/package.json'));
  const puppeteer = require('puppeteer-core');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr', headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(`http://${address}/`);
    await page.waitForFunction(done, { timeout: TIMEOUT, polling: 1000 });
    return { version: await browser.version(), text: await page.evaluate(() => document.body.innerText) };
  } finally {
    await browser.close();
  }
}

async function webkit() {
  const { startDriver, Session } = await import(path.resolve('tests/e2e/webkit.mjs'));
  const driver = await startDriver();
  try {
    const session = await Session.open(driver);
    try {
      await session.goto(`http://${address}/`);
      await session.waitFor(done, [], TIMEOUT).catch(async (e) => {
        // Say what the page shows instead of only "timed out".
        throw new Error(`${e.message}; the page shows: ${await session.eval(() => document.body.innerText).catch(String)}`);
      });
      const c = session.capabilities;
      return { version: `${c.browserName} ${c.browserVersion}`, text: await session.eval(() => document.body.innerText) };
    } finally {
      await session.close().catch(() => {});
    }
  } finally {
    driver.stop();
  }
}

let code = 1;
try {
  const { version, text } = await (which === 'firefox' ? firefox() : webkit());
  console.log(`wasm tests in ${version}`);
  console.log(text);
  code = /test result: ok/.test(text) ? 0 : 1;
} finally {
  runner.kill();
}
process.exit(code);
