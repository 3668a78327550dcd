// What a page served over plain http from a host other than localhost lacks: the APIs browsers
// give only to secure contexts — WebCrypto's `crypto.subtle`, the async clipboard
// (`navigator.clipboard`) and service workers. INSECURE_CONTEXT removes them before the page's own
// scripts run (playwright's addInitScript, puppeteer's evaluateOnNewDocument, and in WebKit a
// same-origin script the test server puts first in index.html: webkit.mjs), and records what a
// copy command copies in `window.__copied` (the async clipboard, which tests read otherwise, is gone)
// and what the CSP blocked in `window.__violations`.
export const INSECURE_CONTEXT = `(() => {
  for (const [proto, name] of [[self.Crypto && Crypto.prototype, 'subtle'], [self.Navigator && Navigator.prototype, 'clipboard'], [self.Navigator && Navigator.prototype, 'serviceWorker']]) {
    if (proto) { try { delete proto[name]; } catch (e) {} }
  }
  if (self.crypto && 'subtle' in self.crypto) { try { Object.defineProperty(self.crypto, 'subtle', { value: undefined }); } catch (e) {} }
  self.__copied = [];
  // What the page's Content-Security-Policy blocked (none is expected: the copy fallback too must keep to it).
  self.__violations = [];
  self.document && document.addEventListener('securitypolicyviolation', (e) => self.__violations.push(e.violatedDirective + ' ' + e.blockedURI), true);
  self.document && document.addEventListener('copy', (e) => {
    const t = e.target;
    self.__copied.push(t && typeof t.value === 'string' ? t.value.slice(t.selectionStart, t.selectionEnd) : String(getSelection()));
  }, true);
})();`;

// The real device certificate in the apsd sample (tests/fixtures/apple).
export const LEAF = '4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8';

// Words that call a signature bad; none may show when nothing could be checked.
export const BAD_WORDS = /forged|does not verify|not signed by|signature fails|FAILED|not trusted|look-alike/i;
