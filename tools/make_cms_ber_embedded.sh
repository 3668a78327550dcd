#!/usr/bin/env bash
# BER signed data whose parts must be read as received (issue 19 items 4 and 6). Writes into
# tests/fixtures/cms/ (tools/make_cms.sh runs it after make_cms_unsorted.sh):
#   ber-embedded-nonminimal.mobileconfig  `openssl cms -sign -stream` (BER, indefinite lengths)
#       whose signer certificate was issued (by ber-embedded-root.pem) over a TBSCertificate in
#       which the subject Name's length is written in the long form (`30 81 xx`, not minimal: BER,
#       not DER). Its certificate signature covers those bytes, so a normaliser that rewrote
#       them would change its fingerprint and break its signature.
#   ber-embedded-nonminimal.sha256        the SHA-256 of that certificate, as issued.
#   ber-embedded-root.pem                 the root that issued it.
#   decoy-first.mobileconfig              der-rsa-sha256.mobileconfig (made by make_cms.sh) with a
#       decoy certificate inserted first in the CertificateSet: the signer's certificate with one
#       byte of its RSA modulus changed (same issuer and serial number, another key).
# The CMS trees are re-encoded by the small BER walker below: only the elements on the path to
# the replaced or inserted certificate get a new length (indefinite ones stay indefinite).
# Run from the repository root:  bash tools/make_cms_ber_embedded.sh   (OUT=/tmp/x … elsewhere)
set -euo pipefail
OUT=${OUT:-tests/fixtures/cms}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"

key R rsa2048; self_signed R "/CN=certscope BER embedded test root" 3650 sha256 root_self
key S rsa2048; issue_cert S "/CN=Example Corp BER profile signing" R signer 1825 sha256 4343
empty_profile "$W/profile.xml" "BER with an embedded certificate" com.example.ber-embedded 5B0B3E41-4C7D-4C8E-9E0B-2F6B8C1D0A20
openssl cms -sign -binary -outform DER -nodetach -stream -md sha256 -signer "$W/S.pem" -inkey "$W/S.key" \
  -in "$W/profile.xml" -out "$W/ber.der"
openssl x509 -in "$W/S.pem" -outform DER -out "$W/S.der"
cp "$W/R.pem" "$OUT/ber-embedded-root.pem"

python3 - "$W" "$OUT" <<'PY'
import hashlib, subprocess, sys
w, out = sys.argv[1], sys.argv[2]

def header(b, i):
    """(tag, contents start, contents length or None for indefinite) of the element at b[i]."""
    n = b[i + 1]
    if n == 0x80:
        return b[i], i + 2, None
    if n < 0x80:
        return b[i], i + 2, n
    k = n & 0x7F
    return b[i], i + 2 + k, int.from_bytes(b[i + 2:i + 2 + k], "big")

def parse(b, i=0):
    """A node {tag, indefinite, kids, raw} and the end of the element."""
    tag, start, n = header(b, i)
    if n is None:
        kids, j = [], start
        while b[j:j + 2] != b"\0\0":
            k, j = parse(b, j)
            kids.append(k)
        return {"tag": tag, "indefinite": True, "kids": kids, "raw": b[i:j + 2]}, j + 2
    end = start + n
    kids = None
    if tag & 0x20:
        kids, j = [], start
        while j < end:
            k, j = parse(b, j)
            kids.append(k)
    return {"tag": tag, "indefinite": False, "kids": kids, "raw": b[i:end]}, end

def length(n):
    return bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, "big")

def encode(node):
    """The node's bytes: as received unless something inside it was changed."""
    if not node.get("dirty"):
        return node["raw"]
    body = b"".join(encode(k) for k in node["kids"])
    if node["indefinite"]:
        return bytes([node["tag"], 0x80]) + body + b"\0\0"
    return bytes([node["tag"]]) + length(len(body)) + body

def edit(node, target, change):
    """Applies change(kids, index) where a child's bytes are target; marks the path dirty."""
    for i, k in enumerate(node["kids"] or []):
        if k["raw"] == target:
            change(node["kids"], i)
            node["dirty"] = True
            return True
        if k["kids"] is not None and edit(k, target, change):
            node["dirty"] = True
            return True
    return False

def leaf(raw):
    return {"tag": raw[0], "indefinite": False, "kids": None, "raw": raw}

# The signer certificate re-issued over a TBSCertificate whose subject Name has a long-form length.
cert, _ = parse(open(f"{w}/S.der", "rb").read())
tbs, alg = cert["kids"][0], cert["kids"][1]
fields = tbs["kids"]            # [0] version, serial, signature, issuer, validity, subject, spki, [3] extensions
subject = fields[5]
assert subject["tag"] == 0x30 and subject["raw"][1] < 0x80, "a short-form subject length"
fields[5] = leaf(b"\x30\x81" + subject["raw"][1:])
tbs["dirty"] = True
tbs_der = encode(tbs)
open(f"{w}/tbs", "wb").write(tbs_der)
sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{w}/R.key", f"{w}/tbs"], capture_output=True, check=True).stdout
body = tbs_der + alg["raw"] + b"\x03" + length(len(sig) + 1) + b"\0" + sig
issued = b"\x30" + length(len(body)) + body
# The root verifies the TBSCertificate exactly as written.
open(f"{w}/sig", "wb").write(sig)
subprocess.run(["openssl", "x509", "-in", f"{w}/R.pem", "-pubkey", "-noout", "-out", f"{w}/R.pub"], check=True)
subprocess.run(["openssl", "dgst", "-sha256", "-verify", f"{w}/R.pub", "-signature", f"{w}/sig", f"{w}/tbs"], check=True, capture_output=True)

ber, _ = parse(open(f"{w}/ber.der", "rb").read())
assert ber["indefinite"], "openssl cms -stream writes indefinite lengths"
assert edit(ber, open(f"{w}/S.der", "rb").read(), lambda kids, i: kids.__setitem__(i, leaf(issued)))
open(f"{out}/ber-embedded-nonminimal.mobileconfig", "wb").write(encode(ber))
open(f"{out}/ber-embedded-nonminimal.sha256", "w").write(hashlib.sha256(issued).hexdigest().upper() + "\n")

# The decoy: der-rsa-sha256.mobileconfig's signer certificate (serial 4242) with a modulus byte changed, first.
sd, _ = parse(open(f"{out}/der-rsa-sha256.mobileconfig", "rb").read())
certs = next(k for k in sd["kids"][1]["kids"][0]["kids"] if k["tag"] == 0xA0)
signer = next(c for c in certs["kids"] if parse(c["raw"])[0]["kids"][0]["kids"][1]["raw"] == b"\x02\x02\x10\x92")
decoy = bytearray(signer["raw"])
spki = parse(signer["raw"])[0]["kids"][0]["kids"][6]["raw"]
at = bytes(signer["raw"]).index(spki) + len(spki) // 2
decoy[at] ^= 0x01
assert edit(sd, certs["raw"], lambda kids, i: kids[i]["kids"].insert(0, leaf(bytes(decoy))) or kids[i].__setitem__("dirty", True))
open(f"{out}/decoy-first.mobileconfig", "wb").write(encode(sd))
PY
echo "made ber-embedded-nonminimal.mobileconfig and decoy-first.mobileconfig in $OUT"
