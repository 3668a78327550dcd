#!/usr/bin/env bash
# Builds tests/fixtures/apple-like/: a test PKI that copies the *shape* of Apple's code-signing
# and push PKI (Apple's names, Apple's critical extensions and EKUs) under test keys, and a profile
# signed by a Developer ID Installer–shaped leaf. Native tests pass `root.pem` as Apple's pinned
# root (trust::AppleCas::from_certs) to exercise Apple roles; with the real pins every one of
# these is a look-alike. Run from the repository root:  bash tools/make_apple_like.sh
# (OUT=/tmp/x … writes elsewhere). Extensions: the sections of tools/openssl-ext.cnf; helpers:
# tools/openssl-lib.sh.
set -euo pipefail
OUT=${OUT:-tests/fixtures/apple-like}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"

key R rsa2048; self_signed R "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" 7300 sha256 root_self
key D rsa2048; issue_cert D "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Developer ID Certification Authority" R devid_ca 3650 sha256 -
key L rsa2048; issue_cert L "/UID=EXAMPLE123/CN=Developer ID Installer: Example Corp (EXAMPLE123)/OU=EXAMPLE123/O=Example Corp/C=US" D devid_installer 1825 sha256 -
key P rsa2048; issue_cert P "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Application Integration 2 Certification Authority" R push_ca 3650 sha256 -
key M rsa2048; issue_cert M "/UID=com.apple.mgmt.External.00000000-1111-2222-3333-444444444444/CN=APSP:00000000-1111-2222-3333-444444444444/C=US" P push 365 sha256 -
# A leaf used as a CA: certificates signed with the Developer ID Installer leaf's key (CA:FALSE,
# no keyCertSign), as anyone holding an ordinary Apple-issued leaf could make them. One carries
# the Developer ID Application marker, one the attestation fields; neither may get an Apple role.
key X rsa2048; issue_cert X "/UID=EXAMPLE999/CN=Developer ID Application: Mallory (EXAMPLE999)/OU=EXAMPLE999/O=Mallory/C=US" L devid_application 365 sha256 -
# Attestation fields in a leaf the Developer ID CA issued: Apple's chain, but not the Enterprise
# Attestation Root's, so no device-attestation role either.
key Z p384; issue_cert Z "/CN=attestation fields under the Developer ID CA" D attestation_leaf 7 sha256 -
key Y p384; issue_cert Y "/CN=$(openssl pkey -in "$W/Y.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64)" L attestation_leaf 7 sha256 -

# Apple Root CA's name in capitals on a test key: names fold case (RFC 5280 §7.1), so its key
# collides with Apple Root CA's; it must be said to imitate Apple.
key S rsa2048; self_signed S "/C=US/O=APPLE INC./OU=APPLE CERTIFICATION AUTHORITY/CN=APPLE ROOT CA" 7300 sha256 root_self
cp "$W/S.pem" "$OUT/shouting-root.pem"

empty_profile "$W/profile.xml" "Example Corp settings" com.example.settings 5A1B2C3D-0000-4000-8000-000000000001
openssl cms -sign -binary -nodetach -md sha256 -in "$W/profile.xml" -signer "$W/L.pem" -inkey "$W/L.key" -certfile "$W/D.pem" -outform DER -out "$OUT/devid-installer-signed.mobileconfig"
cp "$W/R.pem" "$OUT/root.pem"
cp "$W/D.pem" "$OUT/developer-id-ca.pem"
cp "$W/L.pem" "$OUT/developer-id-installer-leaf.pem"
cat "$W/M.pem" "$W/P.pem" > "$OUT/mdm-push-chain.pem"
# Each leaf-signed certificate followed by the leaf that signed it and that leaf's CA.
cat "$W/X.pem" "$W/L.pem" "$W/D.pem" > "$OUT/leaf-signed-developer-id-application.pem"
cat "$W/Y.pem" "$W/L.pem" "$W/D.pem" > "$OUT/leaf-signed-attestation.pem"
cat "$W/Z.pem" "$W/D.pem" > "$OUT/attestation-fields-under-developer-id-ca.pem"
echo "made $OUT"
