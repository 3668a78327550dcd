#!/usr/bin/env bash
# Builds tests/fixtures/attestation-like/: a Managed Device Attestation chain made the way Apple's
# attestation servers make one, under test keys: a P-384 root named like Apple Enterprise
# Attestation Root CA, a P-384 "Apple Enterprise Attestation Sub CA 1", and a device leaf (P-384
# key, as the Secure Enclave's attestation key) carrying the documented attestation fields of
# src/cert/apple_oids.rs {appleDataSecurity 8}. Each field's extnValue holds the value's bytes
# as they are (UTF-8 text; the freshness code as the 32 bytes of a SHA-256), the way Apple's
# DevicePropertiesAttestation documentation describes them and smallstep/certificates
# (acme/challenge.go) reads them: string(ext.Value). SIP and kernel-extension states are the
# documented "0"/"1" text, Secure Boot the documented "Full Security". The fields' values
# are the [attestation_leaf] section of tools/openssl-ext.cnf.
# Native tests pass root.pem in the Enterprise Attestation Root's place
# (trust::AppleCas::from_certs(..).with_attestation_root(root));
# against the real pins every certificate here is a look-alike.
# Run from the repository root:  bash tools/make_attestation.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/attestation-like}
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
rm -rf "$OUT"; mkdir -p "$OUT"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$W/$1.key" 2>/dev/null; }
issue() { # issue <name> <subject> <issuer> <section> <days from now>
  openssl req -new -key "$W/$1.key" -subj "$2" -out "$W/$1.csr"
  openssl x509 -req -in "$W/$1.csr" -CA "$W/$3.pem" -CAkey "$W/$3.key" -set_serial "0x$(openssl rand -hex 12)" \
    -days "$5" -sha384 -extfile "$CNF" -extensions "$4" -out "$W/$1.pem" 2>/dev/null
}

ec R
openssl req -new -x509 -key "$W/R.key" -subj "/CN=Apple Enterprise Attestation Root CA/O=Apple Inc./C=US" -days 9125 -sha384 \
  -config "$CNF" -extensions root_self -out "$W/R.pem"
ec S; issue S "/CN=Apple Enterprise Attestation Sub CA 1/O=Apple Inc./C=US" R ca_pathlen0 3650
# The leaf's subject is an opaque hash (Apple names the attested key, not a person or device).
ec L; issue L "/CN=$(openssl pkey -in "$W/L.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64)" S attestation_leaf 7

cp "$W/R.pem" "$OUT/root.pem"
cp "$W/S.pem" "$OUT/sub-ca.pem"
cp "$W/L.pem" "$OUT/leaf.pem"
# As DevicePropertiesAttestation and ACME's x5c hand them over: leaf first.
cat "$W/L.pem" "$W/S.pem" > "$OUT/chain.pem"
echo "made $OUT"
