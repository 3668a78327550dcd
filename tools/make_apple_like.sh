#!/usr/bin/env bash
# Builds tests/fixtures/apple-like/: a test PKI that copies the *shape* of Apple's code-signing
# and push PKI (Apple's names, Apple's critical extensions and EKUs) under test keys, and a profile
# signed by a Developer ID Installer–shaped leaf. Native tests pass `root.pem` as Apple's pinned
# root (trust::AppleCas::from_certs) to exercise Apple roles; with the real pins every one of
# these is a look-alike. Run from the repository root:  bash tools/make_apple_like.sh
# (OUT=/tmp/x … writes elsewhere). Extensions: the sections of tools/openssl-ext.cnf.
set -euo pipefail
OUT=${OUT:-tests/fixtures/apple-like}
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
rm -rf "$OUT"; mkdir -p "$OUT"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT

rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/$1.key" 2>/dev/null; }
issue() { # issue <name> <subject> <issuer> <section> <days from now>
  openssl req -new -key "$W/$1.key" -subj "$2" -out "$W/$1.csr"
  openssl x509 -req -in "$W/$1.csr" -CA "$W/$3.pem" -CAkey "$W/$3.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days "$5" -sha256 -extfile "$CNF" -extensions "$4" -out "$W/$1.pem" 2>/dev/null
}

rsa R
openssl req -new -x509 -key "$W/R.key" -subj "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" -days 7300 -sha256 \
  -config "$CNF" -extensions root_self -out "$W/R.pem"
rsa D; issue D "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Developer ID Certification Authority" R devid_ca 3650
rsa L; issue L "/UID=EXAMPLE123/CN=Developer ID Installer: Example Corp (EXAMPLE123)/OU=EXAMPLE123/O=Example Corp/C=US" D devid_installer 1825
rsa P; issue P "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Application Integration 2 Certification Authority" R push_ca 3650
rsa M; issue M "/UID=com.apple.mgmt.External.00000000-1111-2222-3333-444444444444/CN=APSP:00000000-1111-2222-3333-444444444444/C=US" P push 365
# A leaf used as a CA: certificates signed with the Developer ID Installer leaf's key (CA:FALSE,
# no keyCertSign), as anyone holding an ordinary Apple-issued leaf could make them. One carries
# the Developer ID Application marker, one the attestation fields; neither may get an Apple role.
rsa X; issue X "/UID=EXAMPLE999/CN=Developer ID Application: Mallory (EXAMPLE999)/OU=EXAMPLE999/O=Mallory/C=US" L devid_application 365
ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$W/$1.key" 2>/dev/null; }
# Attestation fields in a leaf the Developer ID CA issued: Apple's chain, but not the Enterprise
# Attestation Root's, so no device-attestation role either.
ec Z; issue Z "/CN=attestation fields under the Developer ID CA" D attestation_leaf 7
ec Y; issue Y "/CN=$(openssl pkey -in "$W/Y.key" -pubout -outform DER | openssl dgst -sha256 -r | cut -c1-64)" L attestation_leaf 7

# Apple Root CA's name in capitals on a test key: names fold case (RFC 5280 §7.1), so its key
# collides with Apple Root CA's; it must be said to imitate Apple.
rsa S
openssl req -new -x509 -key "$W/S.key" -subj "/C=US/O=APPLE INC./OU=APPLE CERTIFICATION AUTHORITY/CN=APPLE ROOT CA" -days 7300 -sha256 \
  -config "$CNF" -extensions root_self -out "$OUT/shouting-root.pem"

cat > "$W/profile.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array/>
	<key>PayloadDisplayName</key>
	<string>Example Corp settings</string>
	<key>PayloadIdentifier</key>
	<string>com.example.settings</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>5A1B2C3D-0000-4000-8000-000000000001</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
XML
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
