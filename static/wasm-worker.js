// Fetches and compiles the app's WebAssembly for boot.js, then hands back the compiled
// WebAssembly.Module. The page's Content-Security-Policy says `connect-src 'none'`: the page
// itself may not fetch anything, not even this site's own .wasm. A dedicated worker loaded from
// this site does not inherit the page's policy (it would get one only from its own response
// headers), so it can fetch the file: the .wasm travels as a plain, compressible binary, compiles
// while it downloads, and the page still cannot connect anywhere.
self.onmessage = async ({ data: url }) => {
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    // Streaming compilation needs the `application/wasm` type; hosts that send another type
    // still work, compiling the downloaded bytes instead.
    const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    const module = typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm'
      ? await WebAssembly.compileStreaming(response)
      : await WebAssembly.compile(await response.arrayBuffer());
    self.postMessage({ module, streamed: type === 'application/wasm' });
  } catch (e) {
    self.postMessage({ error: String(e) });
  }
};
