// Loads the wasm app. This is a file of the site's own rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts. The policy also forbids every fetch from the
// page (`connect-src 'none'`), even of the site's own files, so a dedicated worker of this site
// (wasm-worker.js) fetches and compiles the .wasm and posts the compiled module back.
const me = document.querySelector('script[data-js][data-wasm]');

function compileInWorker(url) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('wasm-worker.js', document.baseURI));
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) { reject(new Error(data.error)); return; }
      // How the module was compiled, for the browser tests: while downloading, or from the bytes.
      document.documentElement.dataset.wasm = data.streamed ? 'streamed' : 'compiled';
      resolve(data.module);
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message || 'wasm-worker.js failed to load')); };
    worker.postMessage(new URL(url, document.baseURI).href);
  });
}

try {
  const [{ default: init }, module] = await Promise.all([import(me.dataset.js), compileInWorker(me.dataset.wasm)]);
  await init({ module_or_path: module });
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
