#!/usr/bin/env bash
# Builds tests/fixtures/attestation-like/: a Managed Device Attestation chain made the way Apple's
# attestation servers make one, under test keys: a P-384 root named like Apple Enterprise
# Attestation Root CA, a P-384 "Apple Enterprise Attestation Sub CA 1", and a device leaf (P-384
# key, as the Secure Enclave's attestation key) carrying the documented attestation fields of
# src/cert/apple_oids.rs {appleDataSecurity 8}. Each field's extnValue holds the value's bytes
# as they are (UTF-8 text; the freshness code as the 32 bytes of a SHA-256), the way Apple's
# DevicePropertiesAttestation documentation describes them and smallstep/certificates
# (acme/challenge.go) reads them: string(ext.Value). SIP and kernel-extension states are the
# documented "0"/"1" text, Secure Boot the documented "Full Security".
# Native tests pass root.pem in Apple's place (trust::AppleCas::from_certs(.., other_roots));
# against the real pins every certificate here is a look-alike.
# Run from the repository root:  bash tools/make_attestation.sh
set -euo pipefail
OUT=tests/fixtures/attestation-like
rm -rf "$OUT"; mkdir -p "$OUT"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../&:/g; s/:$//'; }
NONCE=$(printf '%s' "certscope test freshness request" | openssl dgst -sha256 -binary | od -An -tx1 | tr -d ' \n' | sed 's/../&:/g; s/:$//')

cat > "$W/ext.cnf" <<CNF
[sub_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
1.2.840.113635.100.8.9.1 = DER:$(hex "ZTESTSERIAL01")
1.2.840.113635.100.8.9.2 = DER:$(hex "00008103-001A2B3C4D5E001E")
1.2.840.113635.100.8.9.4 = DER:$(hex "J314sAP")
1.2.840.113635.100.8.10.1 = DER:$(hex "14.2")
1.2.840.113635.100.8.10.2 = DER:$(hex "14.2")
1.2.840.113635.100.8.10.3 = DER:$(hex "iBoot-10151.61.4")
1.2.840.113635.100.8.11.1 = DER:$NONCE
1.2.840.113635.100.8.13.1 = DER:$(hex "0")
1.2.840.113635.100.8.13.2 = DER:$(hex "Full Security")
1.2.840.113635.100.8.13.3 = DER:$(hex "0")
CNF

ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$W/$1.key" 2>/dev/null; }
issue() { # issue <name> <subject> <issuer> <section> <days from now>
  openssl req -new -key "$W/$1.key" -subj "$2" -out "$W/$1.csr"
  openssl x509 -req -in "$W/$1.csr" -CA "$W/$3.pem" -CAkey "$W/$3.key" -set_serial "0x$(openssl rand -hex 12)" \
    -days "$5" -sha384 -extfile "$W/ext.cnf" -extensions "$4" -out "$W/$1.pem" 2>/dev/null
}

ec R
openssl req -new -x509 -key "$W/R.key" -subj "/CN=Apple Enterprise Attestation Root CA/O=Apple Inc./C=US" -days 9125 -sha384 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -addext "subjectKeyIdentifier=hash" -out "$W/R.pem"
ec S; issue S "/CN=Apple Enterprise Attestation Sub CA 1/O=Apple Inc./C=US" R sub_ca 3650
# The leaf's subject is an opaque hash (Apple names the attested key, not a person or device).
ec L; issue L "/CN=$(openssl pkey -in "$W/L.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64)" S leaf 7

cp "$W/R.pem" "$OUT/root.pem"
cp "$W/S.pem" "$OUT/sub-ca.pem"
cp "$W/L.pem" "$OUT/leaf.pem"
# As DevicePropertiesAttestation and ACME's x5c hand them over: leaf first.
cat "$W/L.pem" "$W/S.pem" > "$OUT/chain.pem"
echo "made $OUT"
