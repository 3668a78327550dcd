// The MDM push certificate workbench's journeys (issue 21), shared by push.test.mjs (Chromium,
// playwright) and push-firefox.test.mjs (Firefox ESR, puppeteer-core over WebDriver BiDi). Each
// journey drives the page through a small adapter `ui`:
//   ui.drop(files)            the fixtures (paths under tests/fixtures) through the file input
//   ui.fill(selector, text)   types into a field
//   ui.waitFor(selector)      waits until an element matches
//   ui.attr(selector, name)   an attribute of the first match (null when absent)
//   ui.text(selector)         the first match's text
//   ui.count(selector)        how many match
//   ui.html()                 the page's markup
// Fixtures: tools/make_push.sh (an Apple-shaped test PKI: in the page it is not Apple's, so
// push certificates are judged by what they say).
import assert from 'node:assert/strict';

export const PASSWORD = 'certscope-test-password';

/** The report is complete when its summary carries its evaluation time and `selector` shows. */
async function settled(ui, selector) {
  await ui.waitFor('[data-elapsed-ms]');
  await ui.waitFor(selector);
}

async function opensWithPassword(ui, bundle) {
  await ui.drop([bundle]);
  await settled(ui, '[data-kind="pkcs12"][data-opened="false"]');
  assert.equal(await ui.attr('#password', 'type'), 'password');
  await ui.fill('#password', PASSWORD);
  await ui.waitFor('[data-kind="pkcs12"][data-opened="true"]');
  assert.equal(await ui.attr('[data-kind="pkcs12"]', 'data-mac'), 'ok');
  await ui.waitFor('[data-kind="certificate"][data-key-pair="matched"]');
  assert.ok(!(await ui.html()).includes(PASSWORD), 'the password is in no attribute or text');
}

export const journeys = {
  'a PKCS#12 from openssl pkcs12 -export -legacy opens with its password and pairs its key': (ui) => opensWithPassword(ui, 'push/push-legacy.p12'),
  "a PKCS#12 from OpenSSL 3's default opens with its password and pairs its key": (ui) => opensWithPassword(ui, 'push/push-openssl3.p12'),

  'a wrong password leaves the bundle closed and says so': async (ui) => {
    await ui.drop(['push/push-openssl3.p12']);
    await settled(ui, '[data-kind="pkcs12"][data-opened="false"]');
    await ui.fill('#password', 'wrong-password');
    await ui.waitFor('[data-kind="pkcs12"][data-mac="failed"]');
    assert.match(await ui.text('[data-kind="pkcs12"]'), /none of the given passwords/);
    assert.equal(await ui.count('[data-key-pair="matched"]'), 0);
  },

  'a key that is not the push certificate\'s is said in words': async (ui) => {
    await ui.drop(['push/push-old.pem', 'push/other-key.pem']);
    await settled(ui, '[data-diagnosis="key-does-not-match"]');
    assert.match(await ui.text('[data-diagnosis]'), /the MDM server cannot use this pair/);
    assert.equal(await ui.count('[data-key-pair="matched"]'), 0);
  },

  'old and renewed: a renewal; old, renewed and replaced: a replacement': async (ui) => {
    await ui.drop(['push/push-old.pem', 'push/push-renewed.pem']);
    await settled(ui, '[data-diagnosis="push-renewed"]');
    assert.match(await ui.text('[data-diagnosis]'), /renewal/);
    await ui.drop(['push/push-old.pem', 'push/push-renewed.pem', 'push/push-replaced.pem']);
    await ui.waitFor('[data-diagnosis="push-topic-changed"]');
    assert.match(await ui.text('[data-diagnosis]'), /replacement, not a renewal/);
  },

  'a vendor-signed push request: the signature over its CSR is checked, a tampered one fails': async (ui) => {
    await ui.drop(['push/push-request.b64']);
    await settled(ui, '[data-kind="push-request"][data-signature="ok"]');
    await ui.drop(['push/push-request-other-csr.b64']);
    await ui.waitFor('[data-kind="push-request"][data-signature="failed"]');
    assert.match(await ui.text('[data-kind="push-request"]'), /made over another CSR/);
  },

  'the vendor certificate where the push certificate belongs is named': async (ui) => {
    await ui.drop(['push/vendor.pem', 'push/push-key.pem']);
    await settled(ui, '[data-diagnosis="vendor-certificate-not-push"]');
    assert.match(await ui.text('[data-diagnosis]'), /says it is an MDM vendor certificate \("MDM Vendor: Example Vendor"\), not a push certificate/);
  },

  'EC and Ed25519 keys pair with their certificates (WebCrypto computes the public key)': async (ui) => {
    for (const [cert, key] of [['push/ec-cert.pem', 'push/ec-sec1.pem'], ['push/ed25519-cert.pem', 'push/ed25519.pem']]) {
      await ui.drop([cert, key]);
      await settled(ui, '[data-kind="private-key"]');
      await ui.waitFor('[data-kind="certificate"][data-key-pair="matched"]');
      assert.equal(await ui.attr('[data-kind="private-key"]', 'data-opened'), 'true', key);
    }
  },

  'an EC key that only copies the certificate\'s public key is not paired, nor called a mismatch': async (ui) => {
    await ui.drop(['push/ec-cert.pem', 'push/ec-forged.pem']);
    await settled(ui, '[data-kind="private-key"]');
    assert.equal(await ui.count('[data-key-pair="matched"]'), 0);
    assert.equal(await ui.count('[data-diagnosis="key-does-not-match"]'), 0);
    assert.match(await ui.text('[data-kind="private-key"]'), /not matched|not checked/);
  },
};
