// Loads the wasm app. This is a file of the site's own rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts. The policy also forbids every fetch from the
// page (`connect-src 'none'`), even of the site's own files, so a dedicated worker of this site
// (wasm-worker.js) fetches and compiles the .wasm, fetches Mozilla's roots (mozilla-roots.der)
// and posts both back; the app starts with both, never with the wasm alone.
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

function loadInWorker(wasmUrl, rootsUrl) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('wasm-worker.js', document.baseURI));
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) { reject(new Error(data.error)); return; }
      // How the module was compiled, for the browser tests: while downloading, or from the bytes.
      document.documentElement.dataset.wasm = data.streamed ? 'streamed' : 'compiled';
      resolve(data);
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message || 'wasm-worker.js failed to load')); };
    worker.postMessage({ wasm: new URL(wasmUrl, document.baseURI).href, roots: new URL(rootsUrl, document.baseURI).href });
  });
}

try {
  const [{ default: init, start }, { module, roots }] = await Promise.all([import(me.dataset.js), loadInWorker(me.dataset.wasm, 'mozilla-roots.der')]);
  await init({ module_or_path: module });
  start(new Uint8Array(roots));
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
