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
# Run from the repository root:  bash tools/make_attestation.sh  (helpers: tools/openssl-lib.sh)
set -euo pipefail
OUT=${OUT:-tests/fixtures/attestation-like}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"

key R p384; self_signed R "/CN=Apple Enterprise Attestation Root CA/O=Apple Inc./C=US" 9125 sha384 root_self
key S p384; issue_cert S "/CN=Apple Enterprise Attestation Sub CA 1/O=Apple Inc./C=US" R ca_pathlen0 3650 sha384 "0x$(openssl rand -hex 12)"
# The leaf's subject is an opaque hash (Apple names the attested key, not a person or device).
key L p384; issue_cert L "/CN=$(openssl pkey -in "$W/L.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64)" S attestation_leaf 7 sha384 "0x$(openssl rand -hex 12)"

cp "$W/R.pem" "$OUT/root.pem"
cp "$W/S.pem" "$OUT/sub-ca.pem"
cp "$W/L.pem" "$OUT/leaf.pem"
# As DevicePropertiesAttestation and ACME's x5c hand them over: leaf first.
cat "$W/L.pem" "$W/S.pem" > "$OUT/chain.pem"
echo "made $OUT"
