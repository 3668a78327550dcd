#!/usr/bin/env python3
"""Trunk post-build hook: ship the wasm inside a JavaScript module.

The page's Content-Security-Policy says `connect-src 'none'`: the page may not fetch anything,
not even its own .wasm file (fetch() is a connection). So the compiled app is delivered the way
scripts are, as `wasm-<hash>.js` exporting the module's bytes in base64, and boot.js hands the
bytes to wasm-bindgen's init. Runs in Trunk's staging directory (TRUNK_STAGING_DIR).
"""
import base64
import hashlib
import os
import pathlib
import sys

staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
wasm_files = sorted(staging.glob("*_bg.wasm"))
if len(wasm_files) != 1:
    sys.exit(f"embed_wasm: expected one *_bg.wasm in {staging}, found {len(wasm_files)}")
wasm = wasm_files[0]
data = wasm.read_bytes()
digest = hashlib.sha256(data).hexdigest()[:16]
module = staging / f"wasm-{digest}.js"
module.write_text('export default "' + base64.b64encode(data).decode("ascii") + '";\n')
index = staging / "index.html"
html = index.read_text()
if wasm.name not in html:
    sys.exit(f"embed_wasm: {wasm.name} is not referenced by index.html")
index.write_text(html.replace(wasm.name, module.name))
wasm.unlink()
print(f"embed_wasm: {wasm.name} ({len(data)} bytes) -> {module.name}")
