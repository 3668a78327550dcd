#!/usr/bin/env bash
# Signed attributes whose SET is not in DER order, as some real signers send them (RFC 5652 §5.4
# says the signature covers the attributes' DER, and verifiers such as OpenSSL check it over the
# order received). Two fixtures in tests/fixtures/cms/, each recorded in cases.tsv with
# `openssl cms -verify -noverify`'s answer:
#   unsorted-attrs.mobileconfig        attributes reversed, then signed as sent      (OpenSSL: ok)
#   unsorted-attrs-signed-sorted.mobileconfig  attributes reversed after signing the sorted
#                                      (DER) order: only a verifier that re-encodes accepts it
#                                      (OpenSSL: failed)
# `openssl cms -sign` writes a sorted SET; the reordering and the re-signing (openssl dgst -sign,
# RSA PKCS#1 v1.5 SHA-256, over the SET-tagged attributes) are done here on the DER bytes.
# Run from the repository root:  bash tools/make_cms_unsorted.sh  (tools/make_cms.sh runs it too)
set -euo pipefail
OUT=${OUT:-tests/fixtures/cms}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"

key U rsa2048
openssl req -new -x509 -key "$W/U.key" -subj "/CN=certscope unsorted-attributes signer" -days 3650 -sha256 -out "$W/U.pem"
empty_profile "$W/profile.xml" "Unsorted attributes" com.example.unsorted 5B0B3E41-4C7D-4C8E-9E0B-2F6B8C1D0A10
openssl cms -sign -binary -outform DER -nodetach -md sha256 -signer "$W/U.pem" -inkey "$W/U.key" -in "$W/profile.xml" -out "$W/sorted.der"

python3 - "$W" "$OUT" <<'PY'
import subprocess, sys
w, out = sys.argv[1], sys.argv[2]

def tlv(b, i):
    """(tag, header length, contents length) of the element at b[i]."""
    n = b[i + 1]
    if n < 0x80:
        return b[i], 2, n
    k = n & 0x7F
    return b[i], 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")

def children(b, i):
    _, h, n = tlv(b, i)
    j, end, kids = i + h, i + h + n, []
    while j < end:
        kids.append(j)
        _, hh, nn = tlv(b, j)
        j += hh + nn
    return kids

def span(b, i):
    _, h, n = tlv(b, i)
    return i, i + h + n

b = bytearray(open(f"{w}/sorted.der", "rb").read())
sd = children(b, children(b, 0)[1])[0]          # ContentInfo → [0] → SignedData
signer_infos = children(b, sd)[-1]
signer = children(b, signer_infos)[0]
f = children(b, signer)                         # version, sid, digestAlgorithm, [0] attrs, sigAlg, signature
attrs, sig = f[3], f[5]
assert b[attrs] == 0xA0 and b[sig] == 0x04
kids = [bytes(b[slice(*span(b, k))]) for k in children(b, attrs)]
assert kids == sorted(kids) and len(kids) >= 3, "openssl writes the SET sorted"
_, h, _ = tlv(b, attrs)
start = attrs + h
header = bytes(b[attrs:start])
b[start:start + sum(map(len, kids))] = b"".join(reversed(kids))
_, sh, sn = tlv(b, sig)

def sign(set_der):
    open(f"{w}/tbs", "wb").write(set_der)
    return subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{w}/U.key", f"{w}/tbs"], capture_output=True, check=True).stdout

for name, signed in [("unsorted-attrs", b"".join(reversed(kids))), ("unsorted-attrs-signed-sorted", b"".join(kids))]:
    s = sign(b"\x31" + header[1:] + signed)
    assert len(s) == sn
    b[sig + sh:sig + sh + sn] = s
    open(f"{out}/{name}.mobileconfig", "wb").write(b)
PY

# The rows for cases.tsv (replacing earlier ones), with OpenSSL's answer.
grep -v '^unsorted-attrs' "$OUT/cases.tsv" > "$W/cases.tsv" && cp "$W/cases.tsv" "$OUT/cases.tsv"
cms_record unsorted-attrs.mobileconfig builtin - ok ok unverified profile "signed attributes not in DER order, signed as sent (self-signed signer: unverified)"
cms_record unsorted-attrs-signed-sorted.mobileconfig builtin - failed ok unverified profile "signed attributes sent out of DER order but signed sorted: only a re-encoding verifier accepts it"
