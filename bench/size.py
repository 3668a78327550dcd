#!/usr/bin/env python3
"""What the site weighs: prints Markdown table rows for bench/REPORT.md.

`python3 bench/size.py [dist]` (after `./dev dist`). The first page load is what the page fetches
before it can judge a device identity: every file of dist/ except ocr/, psl/ and the files fetched on
demand (ON_DEMAND: Mozilla's roots, `mozilla-roots.der`, fetched when an input first needs a
public root, and the opener for private keys and PKCS#12 bundles, `certscope-unlock`, when one
arrives; the service worker, sw.js, also precaches them once the page has started, for
offline use, so they never delay it). ocr/ loads only when a screenshot arrives, psl/ (the Public Suffix List) only when a server name needs it. Each file is measured
raw, with `gzip -9` and with `brotli -q 11`, as a static host would serve it compressed (files
already compressed, *.gz, count as they are).
"""
import gzip
import pathlib
import shutil
import subprocess
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
dist = pathlib.Path(args[0] if args else "dist")


def sizes(p):
    raw = p.read_bytes()
    if p.suffix == ".gz":
        return len(raw), len(raw), len(raw)
    g = len(gzip.compress(raw, 9, mtime=0))
    b = len(subprocess.run(["brotli", "-c", "-q", "11", str(p)], capture_output=True, check=True).stdout) if shutil.which("brotli") else 0
    return len(raw), g, b


def table(files, total_label):
    rows, tr, tg, tb = [], 0, 0, 0
    for p in files:
        r, g, b = sizes(p)
        rows.append(f"| {p.relative_to(dist)} | {r:,} | {g:,} | {b:,} |")
        tr, tg, tb = tr + r, tg + g, tb + b
    rows.append(f"| **{total_label}** | {tr:,} | **{tg:,}** | **{tb:,}** |")
    return rows


# Fetched by the page only when an input needs them (static/boot.js, src/ui/runtime.rs): Mozilla's
# roots, and the opener for private keys and PKCS#12 bundles (src/ui/unlock.rs) with its wasm.
ON_DEMAND = {"mozilla-roots.der", "unlock-worker.js", "certscope-unlock.js", "certscope-unlock_bg.wasm"}

files = sorted(p for p in dist.rglob("*") if p.is_file())
# Folders loaded on demand, never on the first load (tools/postbuild.py does not precache them).
ON_DEMAND_DIRS = ("ocr", "psl")
first = [p for p in files if p.relative_to(dist).parts[0] not in ON_DEMAND_DIRS and p.name not in ON_DEMAND]
later = [p for p in files if p.name in ON_DEMAND]
ocr = [p for p in files if p.relative_to(dist).parts[0] == "ocr"]
psl = [p for p in files if p.relative_to(dist).parts[0] == "psl"]
if "--total-gzip" in sys.argv:
    # One number for bench/run's goal table: the first page load, gzip -9, in bytes.
    print(sum(sizes(p)[1] for p in first))
    sys.exit(0)
print("| file | bytes | gzip -9 | brotli -q 11 |")
print("|---|---|---|---|")
print("\n".join(table(first, "first page load (everything above)")))
if later:
    print("\n".join(table(later, "on demand: Mozilla's roots when an input needs a public root, the opener when a private key or PKCS#12 bundle arrives (precached by sw.js after the start)")))
if ocr:
    print("\n".join(table(ocr, "ocr/, loaded when a screenshot arrives (kept by the service worker once used)")))
if psl:
    print("\n".join(table(psl, "psl/, loaded when a server name needs the Public Suffix List (kept once used)")))
