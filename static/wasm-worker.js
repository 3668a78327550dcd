// Fetches for boot.js what the page may not fetch itself: the app's WebAssembly (compiled here,
// then handed back as a WebAssembly.Module), and Mozilla's roots (mozilla-roots.der, a file of
// its own rather than data compiled into the wasm) when an input first needs them. The page's
// Content-Security-Policy says `connect-src 'none'`: the page itself may not fetch anything, not
// even this site's own files. A dedicated worker loaded from this site does not inherit the
// page's policy (it would get one only from its own response headers), so it can fetch them: the
// .wasm travels as a plain, compressible binary, compiles while it downloads, and the page still
// cannot connect anywhere. One message, one answer: `{ wasm }` or `{ roots }`.
// First of all, worker-guard.js binds this worker to the site's own files (see there).
importScripts('worker-guard.js');

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

async function compile(url) {
  const response = await fetchOk(url);
  // Streaming compilation needs the `application/wasm` type; hosts that send another type
  // still work, compiling the downloaded bytes instead.
  const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
  const streamed = typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm';
  const module = streamed ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
  return { module, streamed };
}

self.onmessage = async ({ data: { wasm, roots } }) => {
  try {
    if (wasm) {
      self.postMessage(await compile(wasm));
    } else {
      const bytes = await (await fetchOk(roots)).arrayBuffer();
      self.postMessage({ roots: bytes }, [bytes]);
    }
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
