// Runs the wasm tests (tests/wasm.rs) in Firefox ESR, which wasm-bindgen-test-runner cannot drive
// here (no geckodriver): the runner serves the tests (NO_HEADLESS=1) and puppeteer-core opens
// them in headless Firefox over WebDriver BiDi, as tests/e2e/firefox.test.mjs does.
// Usage: node tools/wasm-test-firefox.mjs target/wasm32-unknown-unknown/debug/deps/wasm-<hash>.wasm
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.resolve('tests/e2e/package.json'));
const puppeteer = require('puppeteer-core');
const wasm = process.argv[2];
const address = process.env.ADDRESS || '127.0.0.1:8766';
const runner = spawn('wasm-bindgen-test-runner', [wasm], { env: { ...process.env, NO_HEADLESS: '1', WASM_BINDGEN_TEST_ADDRESS: address }, stdio: ['ignore', 'pipe', 'inherit'] });
// The runner prints its address and keeps serving; if it exits first (no tests in that file, a
// wrong path), say so instead of leaving the await unsettled.
let printed = '';
await new Promise((resolve, reject) => {
  runner.stdout.on('data', (d) => { printed += d; if (printed.includes('http://')) resolve(); });
  runner.on('exit', (code) => reject(new Error(`wasm-bindgen-test-runner ${wasm} exited (${code}) before serving the tests: ${printed.trim()}`)));
});
const browser = await puppeteer.launch({ browser: 'firefox', executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr', headless: true });
let code = 1;
try {
  console.log(`wasm tests in ${await browser.version()}`);
  const page = await browser.newPage();
  await page.goto(`http://${address}/`);
  await page.waitForFunction(() => /test result: /.test(document.body.innerText), { timeout: 600000, polling: 1000 });
  const text = await page.evaluate(() => document.body.innerText);
  console.log(text);
  code = /test result: ok/.test(text) ? 0 : 1;
} finally {
  await browser.close();
  runner.kill();
}
process.exit(code);
