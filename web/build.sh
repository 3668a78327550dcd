#!/usr/bin/env bash
# Stages the OCR files the site serves as its own (tesseract.js, its wasm core, English data)
# into web/ocr/, which Trunk copies to dist/ocr/. They are loaded only when a screenshot arrives.
# tesseract.js publishes no browser worker script on npm, so it is bundled here with esbuild.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/tesseract.js ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund
rm -rf ocr; mkdir -p ocr/core ocr/lang
cp node_modules/tesseract.js/dist/tesseract.esm.min.js ocr/
./node_modules/.bin/esbuild node_modules/tesseract.js/src/worker-script/browser/index.js --bundle --minify --format=iife --platform=browser --define:global=self --log-level=warning --outfile=ocr/worker.min.js
for v in relaxedsimd-lstm simd-lstm lstm; do cp "node_modules/tesseract.js-core/tesseract-core-$v.wasm.js" ocr/core/; done
# Uncompressed: the worker's gunzip (zlibjs) needs Node's Buffer; static hosts compress anyway.
gunzip -c node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz > ocr/lang/eng.traineddata
