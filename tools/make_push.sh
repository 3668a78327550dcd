#!/usr/bin/env bash
# Builds tests/fixtures/push/: the MDM push certificate workbench's fixtures (issue 21). A test
# PKI with the *shape* of Apple's push PKI (Apple Root CA → Apple Application Integration 2
# Certification Authority → APSP leaf, sections of tools/openssl-ext.cnf) under test keys: native
# tests pass `root.pem` as Apple's pinned root. Private keys in every form, a CSR and a tampered
# one, PKCS#12 bundles from OpenSSL 3's default and from `-legacy`, and an old / renewed /
# replaced push certificate trio. Every key here is a throwaway test key. Run from the repository
# root:  bash tools/make_push.sh   (OUT=/tmp/x … writes elsewhere).
#   bash tools/make_push.sh additions   makes only the fixtures of the last part (derived from
#   the files already in $OUT, so the rest, and tests/fixtures/push/forged-rsa-key.pem written by
#   hand from push-old.pem's modulus, stay as they are).
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
rsa "$W/vendor.key"
openssl req -new -key "$W/vendor.key" -subj "/UID=com.example.mdmvendor/CN=MDM Vendor: Example Vendor/OU=EXAMPLE123/O=Example Vendor/C=US" -out "$W/vendor.csr"
vendor() { # vendor <name> <start> <end>
  openssl ca -batch -config "$W/ca.cnf" -cert "$W/WWDR.pem" -keyfile "$W/WWDR.key" -in "$W/vendor.csr" -out "$W/$1.pem" \
    -startdate "$2" -enddate "$3" -extfile "$CNF" -extensions signer -notext -preserveDN 2>/dev/null
}
vendor vendor 20250101000000Z 20260101000000Z
vendor vendor-expired 20240101000000Z 20250101000000Z
request() { # request <out> <vendor cert> <CSR DER the signature covers> [chain without the intermediate]
  openssl dgst -sha256 -sign "$W/vendor.key" -out "$W/sig" "$3"
  if [ -n "${4:-}" ]; then cat "$W/$2.pem" "$OUT/root.pem" > "$W/chain.pem"; else cat "$W/$2.pem" "$W/WWDR.pem" "$OUT/root.pem" > "$W/chain.pem"; fi
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
