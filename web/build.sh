#!/usr/bin/env bash
# Stages the OCR files the site serves as its own (tesseract.js, its wasm core, English data)
# into web/ocr/, which Trunk copies to dist/ocr/. They are loaded only when a screenshot arrives.
# tesseract.js publishes no browser worker script on npm, so it is bundled here with esbuild, from
# web/ocr-worker.js (which decompresses the language data with the browser's DecompressionStream).
# Only what current Chromium, Firefox and Safari load: the LSTM-only core built with SIMD (every
# current browser has wasm SIMD; relaxed SIMD is Chromium-only), as a .js loader and a binary
# .wasm (not the .wasm.js variant, which carries the module as base64), and the English data gzip.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/tesseract.js ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
rm -rf ocr; mkdir -p ocr/lang
cp node_modules/tesseract.js/dist/tesseract.esm.min.js ocr/
./node_modules/.bin/esbuild ocr-worker.js --bundle --minify --format=iife --platform=browser --define:global=self --log-level=warning --outfile=ocr/worker.min.js
# The core's loader looks for its .wasm next to the worker script (ocr/).
cp node_modules/tesseract.js-core/tesseract-core-simd-lstm.js node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm ocr/
gunzip -c node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz | gzip -9 -n > ocr/lang/eng.traineddata.gz
