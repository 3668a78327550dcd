// Reads the private keys and PKCS#12 bundles the page met (decrypting them with the passwords
// given): loads the second wasm, certscope-unlock (src/unlock_web.rs: the crates that decode and
// decrypt keys, kept out of the page's first load), answers one request (the items, the
// passwords and WebCrypto's public keys, from src/ui/unlock.rs through boot.js's
// certscopeUnlock) with public keys and certificates only, and is ended by the page, its copy of
// the passwords and keys with it. Nothing here is stored or sent anywhere: worker-guard.js, run first, binds this
// worker to the site's own files.
importScripts('worker-guard.js', 'certscope-unlock.js');

self.onmessage = async ({ data: { request } }) => {
  try {
    // wasm-bindgen's no-modules glue (certscope-unlock.js) defines `wasm_bindgen`.
    await wasm_bindgen({ module_or_path: new URL('certscope-unlock_bg.wasm', self.location.href) });
    const answer = wasm_bindgen.open(new Uint8Array(request));
    self.postMessage({ answer: answer.buffer }, [answer.buffer]);
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
