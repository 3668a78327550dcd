// One of the site's own files for the app (wasm-bindgen imports this snippet; today the Public
// Suffix List, fetched only when a server name needs it: src/ui/public_suffixes.rs). The page may
// not fetch (its CSP says `connect-src 'none'`), so a worker of the site (fetch-worker.js, bound
// by worker-guard.js to the site's own files) fetches it and hands the bytes back.
/** Resolves to the file's bytes (a Uint8Array), or rejects with why it could not be had. */
export function fetchSiteFile(path, maxBytes) {
  return new Promise((resolve, reject) => {
    let worker;
    try {
      worker = new Worker(new URL('fetch-worker.js', document.baseURI));
    } catch (e) {
      reject(new Error(`fetch-worker.js: ${e.message}`));
      return;
    }
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve(new Uint8Array(data.bytes));
    };
    worker.onerror = (e) => { worker.terminate(); reject(new Error(e.message || 'fetch-worker.js failed to load')); };
    worker.postMessage({ url: new URL(path, document.baseURI).href, maxBytes });
  });
}
