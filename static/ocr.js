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
  const w = await getWorker();
  const blob = new Blob([bytes]);
  const started = performance.now();
  const { data } = await w.recognize(blob);
  onProgress = null;
  return { text: data.text || '', ms: performance.now() - started };
}
