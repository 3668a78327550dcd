// Entry point of ocr/worker.min.js (web/build.sh bundles it with esbuild): tesseract.js's browser
// worker, with the English data shipped gzip-compressed (2.9 MB instead of 5.2 MB). tesseract.js
// would gunzip it with zlibjs, which needs Node's Buffer; here the browser's own
// DecompressionStream (Chromium 80, Firefox 113, Safari 16.4) does it: the worker's request for
// `<lang>.traineddata` fetches `<lang>.traineddata.gz` and hands tesseract.js the plain bytes.
// This worker is a file of the site, so the page's `connect-src 'none'` does not apply to it:
// static/worker-guard.js, bundled first and run before tesseract.js's code, binds it to the
// site's own files under ocr/ (everything else it might try is refused).
require('../static/worker-guard.js');

const plainFetch = self.fetch.bind(self);

self.fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (!url.endsWith('.traineddata')) return plainFetch(input, init);
  const response = await plainFetch(`${url}.gz`, init);
  if (!response.ok) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A host that labels .gz files `Content-Encoding: gzip` has had the browser decompress it already.
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new Response(bytes);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')));
};

require('tesseract.js/src/worker-script/browser/index.js');
