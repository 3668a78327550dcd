// Loads the wasm app. This is a file of the site's own rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts. The policy also forbids every fetch from the
// page (`connect-src 'none'`), even of the site's own files, so a dedicated worker of this site
// (wasm-worker.js) fetches and compiles the .wasm, and the app starts with it. Mozilla's roots
// (mozilla-roots.der, 45 KB gzip) are fetched the same way only when an input first needs them
// (`certscopeMozillaRoots`, called by src/ui/runtime.rs): a device identity, Apple's PKI and
// profiles signed under Apple never do.
const me = document.querySelector('script[data-js][data-wasm]');

// Trusted Types (the page's CSP says `require-trusted-types-for 'script'`; browsers without them
// ignore it): no string reaches an HTML or script-URL sink unless this one policy admits it. HTML
// only when it is markup the certificate table wrote (src/ui/cert_table.rs registers each block
// in certscopeTableMarkup before it renders; its cells are escaped there); script URLs only for
// this site's own files (the workers, the service worker, tesseract.js's OCR worker).
const tableMarkup = new Set();
Object.defineProperty(globalThis, 'certscopeTableMarkup', { value: tableMarkup });
const site = new URL('./', document.baseURI).href;
if (globalThis.trustedTypes) {
  trustedTypes.createPolicy('default', {
    createHTML: (html) => (tableMarkup.has(html) ? html : null),
    createScriptURL: (url) => {
      const href = new URL(url, document.baseURI).href;
      return href.startsWith(site) ? href : null;
    },
  });
}

/** Asks a fresh wasm-worker.js for one thing (`{ wasm }` or `{ roots }`) and gives its answer. */
function inWorker(message) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('wasm-worker.js', document.baseURI));
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve(data);
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message || 'wasm-worker.js failed to load')); };
    worker.postMessage(message);
  });
}

// Mozilla's roots, fetched once when first asked for; asked again after a failure.
let roots;
Object.defineProperty(globalThis, 'certscopeMozillaRoots', {
  value: () => {
    roots ??= inWorker({ roots: new URL('mozilla-roots.der', document.baseURI).href }).then(
      (data) => new Uint8Array(data.roots),
      (e) => { roots = undefined; throw e; },
    );
    return roots;
  },
});

// Private keys and PKCS#12 bundles are read by a wasm of their own (certscope-unlock: the crates
// that decode and decrypt keys, not part of the first load) in a fresh worker of this site, ended
// once it has answered (src/ui/unlock.rs).
Object.defineProperty(globalThis, 'certscopeUnlock', {
  value: (request) => new Promise((resolve, reject) => {
    const worker = new Worker(new URL('unlock-worker.js', document.baseURI));
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve(new Uint8Array(data.answer));
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message || 'unlock-worker.js failed to load')); };
    const copy = new Uint8Array(request);
    worker.postMessage({ request: copy.buffer }, [copy.buffer]);
  }),
});

try {
  const [{ default: init, start }, { module, streamed }] = await Promise.all([import(me.dataset.js), inWorker({ wasm: new URL(me.dataset.wasm, document.baseURI).href })]);
  // How the module was compiled, for the browser tests: while downloading, or from the bytes.
  document.documentElement.dataset.wasm = streamed ? 'streamed' : 'compiled';
  await init({ module_or_path: module });
  start();
} catch (e) {
  const panic = document.getElementById('panic');
  panic.textContent = `certscope could not start: ${e.message}`;
  panic.hidden = false;
  throw e;
}
// Offline after the first visit: a service worker keeps this build's files (see sw.js).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline copy unavailable:', e));
}
