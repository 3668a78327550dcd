#!/usr/bin/env python3
"""Where the page's wasm bytes go, by crate: raw and gzip -9 size of each crate's function bodies.

The wasm must keep its name section (the `web` profile strips it), so build it once without
`strip` and pass it through wasm-bindgen as Trunk does:

    cargo build --target wasm32-unknown-unknown --bin certscope-web --profile web-names \
        --config 'profile.web-names.inherits="web"' --config 'profile.web-names.strip=false'
    wasm-bindgen --target web --no-typescript --out-dir /tmp/tw \
        target/wasm32-unknown-unknown/web-names/certscope-web.wasm
    python3 bench/wasm_crates.py /tmp/tw/certscope-web_bg.wasm

Each group's gzip is its bodies compressed on their own: an estimate of what the group adds to
the compressed module (the groups' figures add up to more than the whole, which shares context).
A generic function counts for the crate that defines it (`core::slice::sort::…<T>` is std's even
when T is ours). twiggy (`twiggy top`, `twiggy dominators`) gives the per-function view.
"""
import collections
import gzip
import re
import sys

GROUPS = {
    "std (core, alloc, hashbrown, dlmalloc)": {"core", "alloc", "std", "hashbrown", "dlmalloc"},
    "wasm-bindgen, js-sys, web-sys, gloo": {"wasm_bindgen", "js_sys", "web_sys", "gloo", "gloo_events", "gloo_timers", "gloo_file", "wasm_bindgen_futures"},
    "RustCrypto (rsa, p256, p384, sha1/2, der)": {"p384", "p256", "primeorder", "ecdsa", "elliptic_curve", "rsa", "num_bigint_dig", "crypto_bigint", "sha1", "sha2", "digest", "signature", "der", "spki", "pkcs1", "pkcs8"},
    "x509-parser, der-parser, asn1-rs, nom, time": {"x509_parser", "der_parser", "asn1_rs", "nom", "oid_registry", "time", "time_core"},
    "plist, quick-xml, indexmap": {"plist", "quick_xml", "indexmap"},
    "yew": {"yew", "implicit_clone", "slab", "prokio", "smallvec"},
    "serde, serde_json": {"serde", "serde_core", "serde_json", "itoa", "ryu", "zmij"},
}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        n, j = leb(b, i + 1)
        yield b[i], j, j + n
        i = j + n


def imported_functions(b, start):
    count, k = leb(b, start)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, k = leb(b, k)
            k += n
        kind = b[k]
        k += 1
        if kind == 0:  # function: type index
            _, k = leb(b, k)
            functions += 1
        elif kind == 1:  # table: reftype, limits
            k += 1
            flags, k = leb(b, k)
            _, k = leb(b, k)
            if flags & 1:
                _, k = leb(b, k)
        elif kind == 2:  # memory: limits
            flags, k = leb(b, k)
            _, k = leb(b, k)
            if flags & 1:
                _, k = leb(b, k)
        elif kind == 3:  # global: type, mutability
            k += 2
    return functions


def main(path):
    b = open(path, "rb").read()
    imports, bodies, names = 0, [], {}
    for sid, s, e in sections(b):
        if sid == 2:
            imports = imported_functions(b, s)
        elif sid == 10:
            count, k = leb(b, s)
            for _ in range(count):
                n, k = leb(b, k)
                bodies.append(b[k:k + n])
                k += n
        elif sid == 0:
            n, k = leb(b, s)
            if b[k:k + n] != b"name":
                continue
            k += n
            while k < e:
                sub = b[k]
                size, k = leb(b, k + 1)
                end = k + size
                if sub == 1:  # function names
                    count, k = leb(b, k)
                    for _ in range(count):
                        idx, k = leb(b, k)
                        n, k = leb(b, k)
                        names[idx] = b[k:k + n].decode("utf8", "replace")
                        k += n
                k = end
    if not names:
        sys.exit(f"{path} has no function names: build it without strip (see the docstring)")

    def group(name):
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)(\[[0-9a-f]+\])?::", name.lstrip("<&*").replace("dyn ", "").replace("mut ", ""))
        crate = m.group(1) if m else "other"
        return next((g for g, crates in GROUPS.items() if crate in crates), crate)

    groups = collections.defaultdict(list)
    for k, body in enumerate(bodies):
        groups[group(names.get(imports + k, "?"))].append(body)
    gz = lambda data: len(gzip.compress(data, 9, mtime=0))
    code = b"".join(bodies)
    print("| crate (function bodies) | raw | gzip -9 alone |")
    print("|---|---|---|")
    print(f"| **all code** | {len(code):,} | {gz(code):,} |")
    for g, bs in sorted(groups.items(), key=lambda x: -sum(map(len, x[1])))[:14]:
        data = b"".join(bs)
        print(f"| {g} | {len(data):,} | {gz(data):,} |")


main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/tw/certscope-web_bg.wasm")
