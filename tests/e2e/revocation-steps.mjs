// Issue 22 in the page, for both browsers (revocation.test.mjs drives Chromium with
// playwright-core, revocation-firefox.test.mjs Firefox ESR with puppeteer-core): a dropped CRL
// gets its card and the certificate it revokes says so; a server name gives `verdicts.tls` on
// each leaf card (`data-tls`), the Public Suffix List fetched from the site only then.
// Each step takes `page` (the calls both drivers share: $eval, $$eval, waitForSelector, click,
// evaluate) and, for files, `upload(paths)`.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fixtures } from './harness.mjs';

export const PSL = 'psl/public_suffix_list.dat';
const PKITS = path.join(fixtures, 'pkits');
const LIMBO = JSON.parse(fs.readFileSync(path.join(fixtures, 'limbo-tls.json'), 'utf8'));

/** The PEM chain (peer first) and validation time of an x509-limbo case, with its trusted
 *  roots apart. */
export function limbo(id) {
  const c = LIMBO.testcases.find((t) => t.id === id);
  return { chain: [c.peer_certificate, ...c.untrusted_intermediates].join('\n'), roots: c.trusted_certs.join('\n'), at: c.validation_time };
}

/** NIST PKITS: the trust anchor, Good CA and its revoked leaf, Good CA's CRL (2 entries) and
 *  the anchor's; a CA whose CRL's signature is bad, with that CRL. */
export const CRL_FILES = [
  'certs/TrustAnchorRootCertificate.crt', 'certs/GoodCACert.crt', 'certs/InvalidRevokedEETest3EE.crt',
  'crls/GoodCACRL.crl', 'crls/TrustAnchorRootCRL.crl', 'certs/BadCRLSignatureCACert.crt', 'crls/BadCRLSignatureCACRL.crl',
].map((f) => path.join(PKITS, f));

const WAIT = { timeout: 30000 };

/** Sets a text field as typing does (`input`, and `change` for the time field). */
export async function fill(page, selector, value) {
  await page.$eval(selector, (el, v) => {
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

const text = (page, selector) => page.$eval(selector, (e) => e.innerText);
const leafSelector = (name) => `[data-kind="certificate"][data-sha256]:not([data-role="root"]):not([data-role="intermediate-ca"])${name}`;

/** The CRL cards and the revoked certificate (issue 22 §1). */
export async function crlCards(page, upload) {
  await upload(CRL_FILES);
  await page.waitForSelector('[data-kind="crl"][data-signature="failed"]', WAIT);
  const good = await page.$$eval('[data-kind="crl"]', (cards) => cards.map((c) => ({ text: c.innerText, signature: c.dataset.signature, entries: c.dataset.entries })));
  assert.equal(good.length, 3, JSON.stringify(good));
  const goodCa = good.find((c) => /Issuer: CN=Good CA/.test(c.text));
  assert.ok(goodCa, JSON.stringify(good));
  assert.equal(goodCa.signature, 'ok');
  assert.equal(goodCa.entries, '2');
  assert.match(goodCa.text, /This update: 1 January 2010/);
  assert.match(goodCa.text, /Next update: 31 December 2030/);
  assert.match(goodCa.text, /Entries: 2/);
  assert.match(goodCa.text, /Signature: ✓/);
  const bad = good.find((c) => /Issuer: CN=Bad CRL Signature CA/.test(c.text));
  assert.equal(bad.signature, 'failed');
  assert.match(bad.text, /Signature: ✗/);
  // Trust the PKITS anchor for the session: the revoked leaf then fails on revocation alone.
  await page.click('[data-kind="certificate"][data-role="root"] .trust-session');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-kind="certificate"]')].some((c) => /Good CA/.test(c.querySelector('h3')?.textContent) && c.dataset.strict === 'ok'), WAIT);
  const leaf = await page.$$eval('[data-kind="certificate"]', (cards) => cards.filter((c) => /Invalid Revoked EE/.test(c.querySelector('h3')?.textContent)).map((c) => ({ strict: c.dataset.strict, text: c.innerText })));
  assert.equal(leaf.length, 1);
  assert.equal(leaf[0].strict, 'failed');
  assert.match(leaf[0].text, /was revoked on 1 January 2010, reason: key compromise/);
  // Good CA is on no CRL: its card says whose CRL it is not on.
  const ca = await page.$$eval('[data-kind="certificate"]', (cards) => cards.filter((c) => /^Good CA$/.test(c.querySelector('h3')?.textContent)).map((c) => c.innerText));
  assert.match(ca[0], /not revoked: "Good CA" is not on the CRL of "Trust Anchor"/);
}

/** The apple.com chain at its validation time: no TLS verdict until a server name is given; then
 *  valid for apple.com (a name in the certificate: no list needed), failed for another name. */
export async function tlsByName(page, hits) {
  const apple = limbo('online::apple.com');
  await fill(page, '#evaluate-at', apple.at.replace('+00:00', 'Z'));
  await fill(page, '#input', apple.chain);
  const leaf = leafSelector('');
  await page.waitForSelector(`${leaf}[data-strict="ok"]`, WAIT);
  assert.equal(await page.$eval(leaf, (e) => e.dataset.tls ?? null), null, 'no server name, no TLS verdict');
  assert.equal(await page.$eval('label[for="server-name"]', (e) => e.textContent.trim().startsWith('Server name')), true, 'the field has its label');
  await fill(page, '#server-name', 'apple.com');
  await page.waitForSelector(`${leaf}[data-tls="ok"]`, WAIT);
  assert.match(await text(page, leaf), /TLS server \(apple\.com\): OK/);
  await fill(page, '#server-name', 'mdm.example.com');
  await page.waitForSelector(`${leaf}[data-tls="failed"]`, WAIT);
  assert.match(await text(page, leaf), /TLS server \(mdm\.example\.com\): .*is not issued for the expected name/s);
  // The CA certificates get no TLS verdict.
  assert.deepEqual(await page.$$eval('[data-kind="certificate"][data-role="intermediate-ca"]', (cs) => cs.map((c) => c.dataset.tls ?? null)), [null]);
  // The list was fetched once for the session, however many evaluations needed it.
  assert.equal(hits.filter((h) => h.includes(PSL)).length, 1);
  // Clear forgets the server name with the input (the next paste gets no TLS verdict unasked).
  await page.click('#clear');
  const server = () => page.$eval('#server-name', (e) => e.value);
  for (let i = 0; i < 100 && (await server()) !== ''; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await page.$eval('#server-name', (e) => e.value), '', 'Clear empties the server name');
}

/** google.com's chain names maps.google.com only through *.google.com: valid once the Public
 *  Suffix List has been fetched from the site (`listLoads`: true), "not checked" when it cannot
 *  be (false) — never valid without it. The list is not part of the first load. */
export async function tlsWildcard(page, hits, { listLoads }) {
  const google = limbo('online::google.com');
  await fill(page, '#evaluate-at', google.at.replace('+00:00', 'Z'));
  await fill(page, '#input', google.chain);
  const leaf = leafSelector('');
  await page.waitForSelector(`${leaf}[data-strict="ok"]`, WAIT);
  assert.deepEqual(hits.filter((h) => h.includes(PSL)), [], 'the list is fetched only once a server name is given');
  await fill(page, '#server-name', 'maps.google.com');
  if (listLoads) {
    await page.waitForSelector(`${leaf}[data-tls="ok"]`, WAIT);
    assert.ok(hits.some((h) => h.includes(PSL)), 'fetched from the site');
  } else {
    await page.waitForSelector(`${leaf}[data-tls="not-checked"]`, WAIT);
    assert.match(await text(page, leaf), /TLS server \(maps\.google\.com\): not checked/);
    assert.match(await text(page, leaf), /Public Suffix List, which could not be loaded/);
  }
}

/** x509-limbo's wildcard over a public suffix (`*.com` for example.com), under its own root
 *  trusted for the session: the TLS verdict fails and says why. */
export async function tlsPublicSuffixWildcard(page) {
  const c = limbo('webpki::san::public-suffix-wildcard-san');
  await fill(page, '#input', `${c.chain}\n${c.roots}`);
  await page.waitForSelector('[data-kind="certificate"][data-role="root"] .trust-session', WAIT);
  await page.click('[data-kind="certificate"][data-role="root"] .trust-session');
  const leaf = leafSelector('[data-local-trust="true"]');
  await page.waitForSelector(`${leaf}[data-strict="ok"]`, WAIT);
  await fill(page, '#server-name', 'example.com');
  await page.waitForSelector(`${leaf}[data-tls="failed"]`, WAIT);
  assert.match(await text(page, leaf), /wildcard over a public suffix \(\*\.com\)/);
}

/** An unsigned profile whose MDM payload's ServerURL names the server, carrying `chain` (PEM,
 *  leaf first) as pkcs1 payloads: the server its certificates are checked for. */
function profile(serverUrl, chain) {
  const ders = chain.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g).map((p) => p.replace(/-----[A-Z ]+-----|\s/g, ''));
  const payloads = ders.map((b64) => `<dict><key>PayloadType</key><string>com.apple.security.pkcs1</string><key>PayloadIdentifier</key><string>com.example.cert</string><key>PayloadContent</key><data>${b64}</data></dict>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>PayloadContent</key><array>
<dict><key>PayloadType</key><string>com.apple.mdm</string><key>PayloadIdentifier</key><string>com.example.mdm</string><key>ServerURL</key><string>${serverUrl}</string></dict>
${payloads}</array>
<key>PayloadType</key><string>Configuration</string><key>PayloadIdentifier</key><string>com.example.enroll</string>
</dict></plist>`;
}

/** With no server name typed, a profile's MDM ServerURL names the server for the certificates
 *  it carries: google.com's chain in a profile for https://maps.google.com/mdm gets a TLS
 *  verdict, the wildcard judged with the list the page then loads. */
export async function tlsFromProfile(page, hits) {
  const google = limbo('online::google.com');
  await fill(page, '#evaluate-at', google.at.replace('+00:00', 'Z'));
  await fill(page, '#input', profile('https://maps.google.com:8443/mdm/checkin', google.chain));
  const leaf = `[data-kind="profile"] ${leafSelector('')}`;
  await page.waitForSelector(`${leaf}[data-tls="ok"]`, WAIT);
  assert.match(await text(page, leaf), /TLS server \(maps\.google\.com\): OK/);
  assert.ok(hits.some((h) => h.includes(PSL)), 'the list was loaded for the wildcard');
}
