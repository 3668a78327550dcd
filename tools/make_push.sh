#!/usr/bin/env bash
# Builds tests/fixtures/push/: the MDM push certificate workbench's fixtures (issue 21). A test
# PKI with the *shape* of Apple's push PKI (Apple Root CA → Apple Application Integration 2
# Certification Authority → APSP leaf, sections of tools/openssl-ext.cnf) under test keys: native
# tests pass `root.pem` as Apple's pinned root. Private keys in every form, a CSR and a tampered
# one, PKCS#12 bundles from OpenSSL 3's default and from `-legacy`, and an old / renewed /
# replaced push certificate trio. Every key here is a throwaway test key. Run from the repository
# root:  bash tools/make_push.sh   (OUT=/tmp/x … writes elsewhere).
#   bash tools/make_push.sh additions   makes only the fixtures of the last part (derived from
#   the files already in $OUT, so the rest stay as they are).
set -euo pipefail
OUT=${OUT:-tests/fixtures/push}
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
PASS=certscope-test-password
printf '%s\n' "$PASS" > "$W/pass"
if [ "${1:-}" != additions ]; then
rm -rf "$OUT"; mkdir -p "$OUT"

rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

# The Apple-shaped root and push CA.
rsa "$W/R.key"
openssl req -new -x509 -key "$W/R.key" -subj "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" -days 7300 -sha256 \
  -config "$CNF" -extensions root_self -out "$OUT/root.pem"
rsa "$W/P.key"
openssl req -new -key "$W/P.key" -subj "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Application Integration 2 Certification Authority" -out "$W/P.csr"
openssl x509 -req -in "$W/P.csr" -CA "$OUT/root.pem" -CAkey "$W/R.key" -set_serial 0x5001 -days 3650 -sha256 \
  -extfile "$CNF" -extensions push_ca -out "$OUT/push-ca.pem" 2>/dev/null

# `openssl ca` for fixed validity dates (x509 -req has only -days from now).
mkdir -p "$W/new"; : > "$W/index.txt"; echo 1000 > "$W/serial"
cat > "$W/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
database = $W/index.txt
new_certs_dir = $W/new
serial = $W/serial
default_md = sha256
policy = any
unique_subject = no
[any]
userId = optional
commonName = optional
countryName = optional
CNF
push() { # push <name> <key> <topic uuid> <start> <end>
  openssl req -new -key "$2" -subj "/UID=com.apple.mgmt.External.$3/CN=APSP:$3/C=US" -out "$W/$1.csr"
  openssl ca -batch -config "$W/ca.cnf" -cert "$OUT/push-ca.pem" -keyfile "$W/P.key" -in "$W/$1.csr" -out "$W/$1.pem" \
    -startdate "$4" -enddate "$5" -extfile "$CNF" -extensions push -notext -preserveDN 2>/dev/null
  openssl x509 -in "$W/$1.pem" -out "$OUT/$1.pem"
}

# Keys: the push certificate's (PKCS#8), the renewal's, and one that belongs to nothing.
rsa "$OUT/push-key.pem"
rsa "$W/renewed.key"
rsa "$OUT/other-key.pem"
A=0A0A0A0A-1111-4222-8333-444444444444
B=0B0B0B0B-5555-4666-8777-888888888888
push push-old "$OUT/push-key.pem" "$A" 20250110000000Z 20260110000000Z
push push-renewed "$W/renewed.key" "$A" 20251201000000Z 20261201000000Z
push push-replaced "$OUT/other-key.pem" "$B" 20251215000000Z 20261215000000Z

# The push key in the other forms.
openssl pkey -in "$OUT/push-key.pem" -traditional -out "$OUT/push-key-pkcs1.pem"
openssl pkcs8 -topk8 -in "$OUT/push-key.pem" -v2 aes-256-cbc -v2prf hmacWithSHA256 -passout file:"$W/pass" -out "$OUT/push-key-pbes2.pem"
openssl pkcs8 -topk8 -in "$OUT/push-key.pem" -scrypt -passout file:"$W/pass" -out "$OUT/push-key-scrypt.pem"
# PKCS#5 v1.5 (PBES1) and a PKCS#12 PBE scheme inside PKCS#8.
for v1 in PBE-MD5-DES PBE-SHA1-DES PBE-SHA1-3DES; do
  openssl pkcs8 -topk8 -provider legacy -provider default -in "$OUT/push-key.pem" -v1 "$v1" -passout file:"$W/pass" -out "$OUT/push-key-$(echo "$v1" | tr A-Z a-z).pem"
done
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/ec.key" 2>/dev/null
openssl pkey -in "$W/ec.key" -traditional -out "$OUT/ec-sec1.pem"
openssl pkey -in "$W/ec.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64 | tr a-f A-F > "$OUT/ec.spki-sha256"
openssl genpkey -algorithm ED25519 -out "$OUT/ed25519.pem"
openssl pkey -in "$OUT/ed25519.pem" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64 | tr a-f A-F > "$OUT/ed25519.spki-sha256"

# CSRs: the push key's, and the same with one byte of the subject changed (signature broken).
openssl req -new -key "$OUT/push-key.pem" -subj "/CN=Example MDM push/O=Example Corp" -outform DER -out "$OUT/push.csr.der"
python3 - "$OUT/push.csr.der" "$OUT/push-tampered.csr.der" <<'PY'
import sys
b = bytearray(open(sys.argv[1], 'rb').read())
i = b.index(b'Example Corp')
b[i] = ord('F')
open(sys.argv[2], 'wb').write(bytes(b))
PY

# PKCS#12: OpenSSL 3's default (PBES2 AES-256-CBC, PBKDF2, SHA-256 MAC) and -legacy (RC2-40
# certificates, 3DES key, SHA-1 MAC), both the old push certificate with its key.
openssl pkcs12 -export -in "$OUT/push-old.pem" -inkey "$OUT/push-key.pem" -passout file:"$W/pass" -out "$OUT/push-openssl3.p12"
openssl pkcs12 -export -legacy -in "$OUT/push-old.pem" -inkey "$OUT/push-key.pem" -passout file:"$W/pass" -out "$OUT/push-legacy.p12"
printf '%s\n' "not-it" "$PASS" > "$OUT/passwords.txt"
printf '%s\n' "wrong-password" > "$OUT/wrong-passwords.txt"

# The MDM vendor-signed push request (Apple's "Setting up push notifications for your MDM
# customers"): a vendor certificate under an Apple WWDR–shaped intermediate of the test root, its
# SHA-256 signature over the CSR's DER, the chain as PEM, all in an XML plist, base64'd.
rsa "$W/WWDR.key"
openssl req -new -key "$W/WWDR.key" -subj "/C=US/O=Apple Inc./OU=G3/CN=Apple Worldwide Developer Relations Certification Authority" -out "$W/WWDR.csr"
openssl x509 -req -in "$W/WWDR.csr" -CA "$OUT/root.pem" -CAkey "$W/R.key" -set_serial 0x5002 -days 3650 -sha256 \
  -extfile "$CNF" -extensions push_ca -out "$W/WWDR.pem" 2>/dev/null
# The vendor certificate has the extensions of Apple's real MDM vendor certificates (three seen,
# tests/fixtures/apple-pki/README.md): basicConstraints critical CA:FALSE, keyUsage critical
# digitalSignature, Apple's certificate policy, no EKU, and Apple's MDM vendor marker
# 1.2.840.113635.100.4.12, non-critical, value NULL. The variants: without the marker, and with
# the marker critical but another value (BOOLEAN TRUE).
cat > "$W/vendor.cnf" <<'VCNF'
[mdm_vendor]
basicConstraints = critical, CA:FALSE
authorityKeyIdentifier = keyid
certificatePolicies = 1.2.840.113635.100.5.1
subjectKeyIdentifier = hash
keyUsage = critical, digitalSignature
1.2.840.113635.100.4.12 = DER:05:00
[mdm_vendor_unmarked]
basicConstraints = critical, CA:FALSE
authorityKeyIdentifier = keyid
certificatePolicies = 1.2.840.113635.100.5.1
subjectKeyIdentifier = hash
keyUsage = critical, digitalSignature
[mdm_vendor_not_null]
basicConstraints = critical, CA:FALSE
authorityKeyIdentifier = keyid
certificatePolicies = 1.2.840.113635.100.5.1
subjectKeyIdentifier = hash
keyUsage = critical, digitalSignature
1.2.840.113635.100.4.12 = critical, DER:01:01:FF
[push_marked]
basicConstraints = CA:FALSE
keyUsage = digitalSignature
extendedKeyUsage = clientAuth
certificatePolicies = 1.2.840.113635.100.5.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.2.840.113635.100.6.3.2 = DER:05:00
1.2.840.113635.100.4.12 = DER:05:00
VCNF
rsa "$W/vendor.key"
openssl req -new -key "$W/vendor.key" -subj "/UID=com.example.mdmvendor/CN=MDM Vendor: Example Vendor/OU=EXAMPLE123/O=Example Vendor/C=US" -out "$W/vendor.csr"
vendor() { # vendor <name> <start> <end> [extensions section]
  openssl ca -batch -config "$W/ca.cnf" -cert "$W/WWDR.pem" -keyfile "$W/WWDR.key" -in "$W/vendor.csr" -out "$W/$1.pem" \
    -startdate "$2" -enddate "$3" -extfile "$W/vendor.cnf" -extensions "${4:-mdm_vendor}" -notext -preserveDN 2>/dev/null
}
vendor vendor 20250101000000Z 20260101000000Z
vendor vendor-expired 20240101000000Z 20250101000000Z
vendor vendor-unmarked 20250101000000Z 20260101000000Z mdm_vendor_unmarked
vendor vendor-not-null 20250101000000Z 20260101000000Z mdm_vendor_not_null
request() { # request <out> <vendor cert> <CSR DER the signature covers> [short | the whole chain, space-separated] [signing key]
  openssl dgst -sha256 -sign "${5:-$W/vendor.key}" -out "$W/sig" "$3"
  case "${4:-}" in
    "") cat "$W/$2.pem" "$W/WWDR.pem" "$OUT/root.pem" > "$W/chain.pem" ;;
    short) cat "$W/$2.pem" "$OUT/root.pem" > "$W/chain.pem" ;;
    *) cat $4 > "$W/chain.pem" ;;
  esac
  python3 - "$OUT/push.csr.der" "$W/chain.pem" "$W/sig" "$1" <<'PY'
import base64, plistlib, sys
csr, chain, sig, out = sys.argv[1:]
p = {
    "PushCertRequestCSR": base64.b64encode(open(csr, "rb").read()).decode(),
    "PushCertCertificateChain": open(chain).read(),
    "PushCertSignature": base64.b64encode(open(sig, "rb").read()).decode(),
}
open(out, "wb").write(base64.b64encode(plistlib.dumps(p)))
PY
}
request "$OUT/push-request.b64" vendor "$OUT/push.csr.der"
request "$OUT/push-request-other-csr.b64" vendor "$OUT/push-tampered.csr.der"
request "$OUT/push-request-expired-vendor.b64" vendor-expired "$OUT/push.csr.der"
request "$OUT/push-request-no-intermediate.b64" vendor "$OUT/push.csr.der" short
base64 -d "$OUT/push-request.b64" > "$OUT/push-request.plist"

# Apple's MDM vendor marker (1.2.840.113635.100.4.12): a vendor certificate of the same PKI
# without it, one with it critical and not NULL; a push certificate carrying it, signing the
# request with its own key; a certificate with the marker issued by the marked vendor
# certificate itself (a leaf used as a CA); and a chain with Apple's names made here, under keys
# that are not the pinned root's, its vendor certificate carrying the marker.
request "$OUT/push-request-unmarked.b64" vendor-unmarked "$OUT/push.csr.der"
request "$OUT/push-request-marker-not-null.b64" vendor-not-null "$OUT/push.csr.der"
openssl req -new -key "$OUT/push-key.pem" -subj "/UID=com.apple.mgmt.External.$A/CN=APSP:$A/C=US" -out "$W/push-marked.csr"
openssl ca -batch -config "$W/ca.cnf" -cert "$OUT/push-ca.pem" -keyfile "$W/P.key" -in "$W/push-marked.csr" -out "$W/push-marked.pem" \
  -startdate 20250110000000Z -enddate 20260110000000Z -extfile "$W/vendor.cnf" -extensions push_marked -notext -preserveDN 2>/dev/null
request "$OUT/push-request-push-marked.b64" push-marked "$OUT/push.csr.der" "$W/push-marked.pem $OUT/push-ca.pem $OUT/root.pem" "$OUT/push-key.pem"
rsa "$W/sub.key"
openssl req -new -key "$W/sub.key" -subj "/UID=com.example.sub/CN=MDM Vendor: Sub Vendor/O=Sub Vendor/C=US" -out "$W/sub.csr"
openssl x509 -req -in "$W/sub.csr" -CA "$W/vendor.pem" -CAkey "$W/vendor.key" -set_serial 0x5003 -days 3650 -sha256 \
  -extfile "$W/vendor.cnf" -extensions mdm_vendor -out "$W/sub.pem" 2>/dev/null
request "$OUT/push-request-vendor-as-ca.b64" sub "$OUT/push.csr.der" "$W/sub.pem $W/vendor.pem $W/WWDR.pem $OUT/root.pem" "$W/sub.key"
rsa "$W/FR.key"
openssl req -new -x509 -key "$W/FR.key" -subj "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" -days 7300 -sha256 \
  -config "$CNF" -extensions root_self -out "$W/fake-root.pem"
rsa "$W/FW.key"
openssl req -new -key "$W/FW.key" -subj "/C=US/O=Apple Inc./OU=G3/CN=Apple Worldwide Developer Relations Certification Authority" -out "$W/FW.csr"
openssl x509 -req -in "$W/FW.csr" -CA "$W/fake-root.pem" -CAkey "$W/FR.key" -set_serial 0x5004 -days 3650 -sha256 \
  -extfile "$CNF" -extensions push_ca -out "$W/fake-wwdr.pem" 2>/dev/null
openssl x509 -req -in "$W/vendor.csr" -CA "$W/fake-wwdr.pem" -CAkey "$W/FW.key" -set_serial 0x5005 -days 3650 -sha256 \
  -extfile "$W/vendor.cnf" -extensions mdm_vendor -out "$W/fake-vendor.pem" 2>/dev/null
request "$OUT/push-request-marked-not-apple.b64" fake-vendor "$OUT/push.csr.der" "$W/fake-vendor.pem $W/fake-wwdr.pem $W/fake-root.pem"

# forged-rsa-key.pem: a PKCS#1 key with push-old.pem's modulus and exponent but primes 3 and 5
# (d, dP, dQ, qInv 7, 1, 1, 1): it holds no private key of that certificate. Written as PEM by
# hand (OpenSSL checks the key when it reads it).
python3 - "$OUT/push-old.pem" "$OUT/forged-rsa-key.pem" <<'PY'
import base64, subprocess, sys
n = int(subprocess.run(["openssl", "x509", "-in", sys.argv[1], "-noout", "-modulus"], capture_output=True, text=True, check=True).stdout.split("=")[1], 16)
def length(l):
    return bytes([l]) if l < 128 else bytes([0x82]) + l.to_bytes(2, "big")
def integer(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big")
    return b"\x02" + length(len(b)) + b
body = b"".join(integer(v) for v in (0, n, 65537, 3, 5, 7, 1, 1, 1))
der = b"\x30" + length(len(body)) + body
b64 = base64.b64encode(der).decode()
open(sys.argv[2], "w").write("-----BEGIN RSA PRIVATE KEY-----\n" + "".join(b64[i:i + 64] + "\n" for i in range(0, len(b64), 64)) + "-----END RSA PRIVATE KEY-----\n")
PY
fi

# --- Additions (bash tools/make_push.sh additions) ---------------------------------------------
# Certificates for the EC and Ed25519 keys (self-signed: only the pairing matters), and an EC key
# whose written publicKey [1] is the certificate's point beside another private value (it holds
# no private key of that certificate: never "matched").
openssl req -new -x509 -key "$OUT/ec-sec1.pem" -subj "/CN=certscope EC pairing test" -days 7300 -sha256 -out "$OUT/ec-cert.pem"
openssl req -new -x509 -key "$OUT/ed25519.pem" -subj "/CN=certscope Ed25519 pairing test" -days 7300 -out "$OUT/ed25519-cert.pem"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/ec-other.key" 2>/dev/null
openssl pkey -in "$W/ec-other.key" -traditional -outform DER -out "$W/ec-other.der"
openssl pkey -in "$OUT/ec-sec1.pem" -traditional -outform DER -out "$W/ec.der"
python3 - "$W/ec.der" "$W/ec-other.der" "$W/ec-forged.der" <<'PY'
import sys
# ECPrivateKey (RFC 5915) as OpenSSL writes P-256: 30 77 02 01 01 04 20 <d: 32 bytes> a0 … a1 …
mine, other, out = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read(), sys.argv[3]
assert mine[2:7] == b'\x02\x01\x01\x04\x20' and other[2:7] == mine[2:7]
open(out, 'wb').write(mine[:7] + other[7:39] + mine[39:])
PY
# Written as PEM by hand: OpenSSL checks the key when it reads it.
{ printf -- '-----BEGIN EC PRIVATE KEY-----\n'; base64 -w 64 "$W/ec-forged.der"; printf -- '-----END EC PRIVATE KEY-----\n'; } > "$OUT/ec-forged.pem"

# The vendor certificate alone (the first certificate of the signed request's chain): what an
# admin uploads by mistake where the push certificate belongs.
python3 - "$OUT/push-request.plist" "$OUT/vendor.pem" <<'PY'
import plistlib, sys
chain = plistlib.loads(open(sys.argv[1], 'rb').read())["PushCertCertificateChain"]
end = "-----END CERTIFICATE-----"
open(sys.argv[2], "w").write(chain[: chain.index(end) + len(end)] + "\n")
PY
# The reverse: a request "signed" with the push certificate's key and chain instead of the
# vendor's (the push certificate where the vendor certificate belongs).
openssl dgst -sha256 -sign "$OUT/push-key.pem" -out "$W/push-sig" "$OUT/push.csr.der"
cat "$OUT/push-old.pem" "$OUT/push-ca.pem" "$OUT/root.pem" > "$W/push-chain.pem"
python3 - "$OUT/push.csr.der" "$W/push-chain.pem" "$W/push-sig" "$OUT/push-request-push-signed.b64" <<'PY'
import base64, plistlib, sys
csr, chain, sig, out = sys.argv[1:]
p = {
    "PushCertRequestCSR": base64.b64encode(open(csr, "rb").read()).decode(),
    "PushCertCertificateChain": open(chain).read(),
    "PushCertSignature": base64.b64encode(open(sig, "rb").read()).decode(),
}
open(out, "wb").write(base64.b64encode(plistlib.dumps(p)))
PY
# A look-alike chain: the test vendor certificate (issuer named as Apple's WWDR G3) followed by
# Apple's real WWDR G3 intermediate and Apple Root CA (tests/fixtures/apple-pki): names chain,
# signatures do not. The vendor signature over the CSR is the good request's.
python3 - "$OUT/push-request.plist" "$OUT/vendor.pem" tests/fixtures/apple-pki/apple-wwdr-ca-g3-2020-2030.pem tests/fixtures/apple-pki/apple-root-ca-2006-rsa.pem "$OUT/push-request-lookalike.b64" <<'PY'
import base64, plistlib, sys
good, vendor, wwdr, root, out = sys.argv[1:]
p = plistlib.loads(open(good, "rb").read())
p["PushCertCertificateChain"] = "".join(open(f).read() for f in (vendor, wwdr, root))
open(out, "wb").write(base64.b64encode(plistlib.dumps(p)))
PY
# A real MDM vendor certificate's chain (tests/fixtures/apple-pki: "MDM Vendor: Improvement funding
# llc" under Apple's WWDR G3 and Apple Root CA) in the request of push-request.plist: Apple's
# keys and marker, but the signature is the test vendor's (over this CSR, by another key). And
# the same without the WWDR G3 intermediate (certscope knows it, the request does not carry it).
python3 - "$OUT/push-request.plist" tests/fixtures/apple-pki/leaf-mdm-vendor-improvement-funding-2025-2026.pem tests/fixtures/apple-pki/apple-wwdr-ca-g3-2020-2030.pem tests/fixtures/apple-pki/apple-root-ca-2006-rsa.pem "$OUT" <<'PY'
import plistlib, sys
good, vendor, wwdr, root, out = sys.argv[1:]
p = plistlib.loads(open(good, "rb").read())
for name, chain in (("push-request-real-vendor-chain.plist", (vendor, wwdr, root)), ("push-request-real-vendor-no-intermediate.plist", (vendor, root))):
    p["PushCertCertificateChain"] = "".join(open(f).read() for f in chain)
    open(f"{out}/{name}", "wb").write(plistlib.dumps(p))
PY
