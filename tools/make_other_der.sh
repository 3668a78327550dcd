#!/usr/bin/env bash
# Builds tests/fixtures/other/: DER files that are not certificates but are often mistaken for
# them — a PKCS#10 CSR, a CRL, an OCSP request — each of which certscope must name.
# Run from the repository root:  bash tools/make_other_der.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/other}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
mkdir -p "$OUT"
key ca p256; self_signed ca "/CN=certscope other-DER CA" 3650 - self_signed
key leaf p256
openssl req -new -key "$W/leaf.key" -subj "/CN=a device" -outform DER -out "$OUT/request.csr"
openssl req -new -key "$W/leaf.key" -subj "/CN=a device" -out "$W/leaf.csr"
openssl x509 -req -in "$W/leaf.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -set_serial 42 -days 30 -out "$W/leaf.pem" 2>/dev/null
# A CRL: `openssl ca -gencrl` with a minimal CA database.
mkdir -p "$W/db"; : > "$W/db/index.txt"; echo 01 > "$W/db/crlnumber"
cat > "$W/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $W/db/index.txt
crlnumber = $W/db/crlnumber
default_md = sha256
default_crl_days = 30
CNF
openssl ca -config "$W/ca.cnf" -gencrl -keyfile "$W/ca.key" -cert "$W/ca.pem" -out "$W/crl.pem" 2>/dev/null
openssl crl -in "$W/crl.pem" -outform DER -out "$OUT/revocation.crl"
openssl ocsp -issuer "$W/ca.pem" -cert "$W/leaf.pem" -no_nonce -reqout "$OUT/request.ocsp" >/dev/null
echo "made $OUT"
