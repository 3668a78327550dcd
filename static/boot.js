// Loads the wasm app. This is a file of the site's own rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts, and the wasm arrives inside a script module
// (tools/postbuild.py) because the policy forbids every fetch, even of the site's own files.
const me = document.querySelector('script[data-js][data-wasm]');
const [{ default: init }, { default: b64 }] = await Promise.all([import(me.dataset.js), import(me.dataset.wasm)]);
const bytes = typeof Uint8Array.fromBase64 === 'function'
  ? Uint8Array.fromBase64(b64)
  : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
await init({ module_or_path: bytes });
// Offline after the first visit: a service worker keeps this build's files (see sw.js).
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('./sw.js').catch((e) => console.warn('offline copy unavailable:', e));
}
