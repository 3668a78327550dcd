// OCR for screenshots, loaded only when an image arrives (wasm-bindgen imports this snippet;
// tesseract.js, its wasm core and the English data are the site's own files under ocr/, staged by
// web/build.sh). Recognition runs in a Web Worker; nothing leaves the page.
let worker = null;
let onProgress = null;

async function getWorker() {
  if (worker) return worker;
  const base = new URL('ocr/', document.baseURI).href;
  const mod = await import(base + 'tesseract.esm.min.js');
  const createWorker = mod.createWorker || mod.default.createWorker;
  worker = await createWorker('eng', 1, {
    workerPath: base + 'worker.min.js',
    // One core for every current browser (wasm SIMD, LSTM only; see web/build.sh).
    corePath: base + 'tesseract-core-simd-lstm.js',
    langPath: base + 'lang/',
    workerBlobURL: false,
    // ocr/worker.min.js fetches lang/eng.traineddata.gz and decompresses it (web/ocr-worker.js).
    gzip: false,
    cacheMethod: 'none',
    logger: (m) => { if (onProgress && typeof m.progress === 'number') onProgress(m.status || '', m.progress); },
  });
  return worker;
}

/** Recognises the text in an image (PNG/JPEG bytes); reports progress as (status, 0..1). */
export async function recognize(bytes, progress) {
  onProgress = progress;
  // Copied before the first await: `bytes` is a view of the wasm memory (wasm-bindgen passes a
  // &[u8] without copying), which the app reuses or grows while the worker starts; read later,
  // the view held other bytes or none ("Error attempting to read image").
  const blob = new Blob([bytes]);
  const w = await getWorker();
  const started = performance.now();
  const { data } = await w.recognize(blob);
  onProgress = null;
  return { text: data.text || '', ms: performance.now() - started };
}
