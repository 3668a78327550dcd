// Opens the encrypted keys and PKCS#12 bundles the page met with a password: loads the second
// wasm, certscope-unlock (src/unlock_web.rs: the decryption crates, kept out of the page's first
// load), answers one request (the items and the passwords, from src/ui/unlock.rs through
// boot.js's certscopeUnlock) and is ended by the page, its copy of the passwords and plaintext
// with it. Nothing here is stored or sent anywhere: worker-guard.js, run first, binds this
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
