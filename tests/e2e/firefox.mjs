// Debian's Firefox ESR for the browser tests, driven headless by puppeteer-core over WebDriver
// BiDi (no browser download), with the helpers playwright has built in and puppeteer lacks.
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';

/** Launches Firefox. puppeteer-core gives the launch a fresh temporary profile; these prefs keep
 *  Firefox itself quiet so the only traffic is the page's. */
export function launchFirefox() {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
}

/** A fresh browser context with one page on `url`, recording requests and page errors; `init`
 *  runs in the page before its own scripts, `viewport` sizes it. */
export async function openApp(browser, url, { init, viewport } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  if (viewport) await page.setViewport(viewport);
  if (init) await page.evaluateOnNewDocument(init);
  await page.goto(url);
  await page.waitForSelector('#input', { timeout: 30000 });
  return { context, page, requests, errors };
}

/** What playwright's fill does: set the value, fire `input` (and `change` when asked). */
export async function fill(page, selector, value, { change = false } = {}) {
  await page.$eval(selector, (el, v, c) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    if (c) el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value, change);
}

export const attr = (page, selector, name) => page.$eval(selector, (el, n) => el.getAttribute(n), name);
export const waitFor = (page, selector) => page.waitForSelector(selector, { timeout: 30000 });
