#!/usr/bin/env bash
# Builds tests/fixtures/cms/: signed and unsigned profiles and device requests made with
# `openssl cms`, and records `openssl cms -verify -noverify` (signature and digest only) for each.
# Run from the repository root:  bash tools/make_cms.sh   (OUT=/tmp/x … writes elsewhere)
# Extensions: the sections of tools/openssl-ext.cnf; helpers: tools/openssl-lib.sh (shared with the other generators).
set -euo pipefail
OUT=${OUT:-tests/fixtures/cms}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"

# A small PKI: root → intermediate → RSA signer and ECDSA signer.
key R rsa2048; self_signed R "/CN=certscope CMS test root" 3650 sha256 root_self
key I rsa2048; issue_cert I "/CN=certscope CMS test intermediate" R ca 1825 sha256 -
key S rsa2048; issue_cert S "/CN=Example Corp profile signing" I signer 1825 sha256 4242
key E p256; issue_cert E "/CN=Example Corp ECDSA profile signing" I signer 1825 sha256 -
cp "$W/R.pem" "$OUT/trusted-root.pem"

cat > "$W/profile.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>PayloadCertificateFileName</key>
			<string>root.cer</string>
			<key>PayloadContent</key>
			<data>
ROOTDER
			</data>
			<key>PayloadDisplayName</key>
			<string>Example Corp Root</string>
			<key>PayloadIdentifier</key>
			<string>com.example.root</string>
			<key>PayloadType</key>
			<string>com.apple.security.root</string>
			<key>PayloadUUID</key>
			<string>5B0B3E41-4C7D-4C8E-9E0B-2F6B8C1D0A01</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
		<dict>
			<key>DNSSettings</key>
			<dict>
				<key>DNSProtocol</key>
				<string>HTTPS</string>
				<key>ServerURL</key>
				<string>https://dns.example.com/dns-query</string>
			</dict>
			<key>PayloadDisplayName</key>
			<string>Example DNS</string>
			<key>PayloadIdentifier</key>
			<string>com.example.dns</string>
			<key>PayloadType</key>
			<string>com.apple.dnsSettings.managed</string>
			<key>PayloadUUID</key>
			<string>5B0B3E41-4C7D-4C8E-9E0B-2F6B8C1D0A02</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
	</array>
	<key>PayloadDisplayName</key>
	<string>Example Corp Settings</string>
	<key>PayloadIdentifier</key>
	<string>com.example.settings</string>
	<key>PayloadOrganization</key>
	<string>Example Corp</string>
	<key>PayloadRemovalDisallowed</key>
	<true/>
	<key>PayloadScope</key>
	<string>System</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>5B0B3E41-4C7D-4C8E-9E0B-2F6B8C1D0A00</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
XML
ROOT_B64=$(openssl x509 -in "$W/R.pem" -outform DER | base64 -w 52 | sed 's/^/\t\t\t/')
python3 - "$W/profile.xml" "$ROOT_B64" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read().replace("ROOTDER", sys.argv[2].strip("\n")); open(p, "w").write(s)
PY
cp "$W/profile.xml" "$OUT/unsigned-profile.mobileconfig"
python3 -c "import plistlib,sys; d=plistlib.load(open(sys.argv[1],'rb')); plistlib.dump(d, open(sys.argv[2],'wb'), fmt=plistlib.FMT_BINARY)" "$W/profile.xml" "$OUT/unsigned-binary-profile.mobileconfig"
cp "$W/profile.xml" "$OUT/detached-content.mobileconfig"

printf 'file\tstore\tcontent\tsignature\tdigest\tlabel\tcontent_type\topenssl\twhat\n' > "$OUT/cases.tsv"
sign() { # sign <out> <signer> [openssl cms options...]
  local out=$1 s=$2; shift 2
  openssl cms -sign -binary -outform DER -signer "$W/$s.pem" -inkey "$W/$s.key" -certfile "$W/I.pem" -in "$W/profile.xml" -out "$OUT/$out" "$@"
}
sign der-rsa-sha256.mobileconfig S -nodetach -md sha256
cms_record der-rsa-sha256.mobileconfig custom - ok ok verified profile "DER, RSA, SHA-256, signed attributes"
sign ber-rsa-sha256.mobileconfig S -nodetach -md sha256 -stream
cms_record ber-rsa-sha256.mobileconfig custom - ok ok verified profile "BER with indefinite lengths (openssl cms -stream), RSA, SHA-256"
sign der-ecdsa-sha256.mobileconfig E -nodetach -md sha256
cms_record der-ecdsa-sha256.mobileconfig custom - ok ok verified profile "DER, ECDSA P-256, SHA-256"
sign ber-ecdsa-sha384.mobileconfig E -nodetach -md sha384 -stream
cms_record ber-ecdsa-sha384.mobileconfig custom - ok ok verified profile "BER, ECDSA P-256, SHA-384"
sign der-rsa-sha1.mobileconfig S -nodetach -md sha1
cms_record der-rsa-sha1.mobileconfig custom - ok ok verified profile "DER, RSA, SHA-1 digest"
sign der-rsa-noattr.mobileconfig S -nodetach -md sha256 -noattr
cms_record der-rsa-noattr.mobileconfig custom - ok null verified profile "no signed attributes: the signature covers the content itself"
sign detached.p7s S -md sha256
cms_record detached.p7s custom - ok null not-checked none "detached signature, content not given"
cms_record detached.p7s custom detached-content.mobileconfig ok ok verified profile "detached signature with its content as a second file"
openssl cms -sign -binary -outform DER -nodetach -md sha256 -signer "$W/S.pem" -inkey "$W/S.key" -signer "$W/E.pem" -inkey "$W/E.key" -certfile "$W/I.pem" -in "$W/profile.xml" -out "$OUT/two-signers.mobileconfig"
cms_record two-signers.mobileconfig custom - ok ok verified profile "two signers (RSA and ECDSA)"
# Tampering, done on the DER bytes.
python3 - "$OUT/der-rsa-sha256.mobileconfig" "$OUT/tampered-content.mobileconfig" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); i = b.index(b"Example DNS"); b[i] ^= 0x20; open(sys.argv[2], "wb").write(b)
PY
cms_record tampered-content.mobileconfig custom - ok failed unverified profile "one letter of the content changed after signing"
python3 - "$OUT/der-rsa-sha256.mobileconfig" "$OUT/tampered-signature.mobileconfig" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read()); b[-1] ^= 1; open(sys.argv[2], "wb").write(b)
PY
cms_record tampered-signature.mobileconfig custom - failed ok unverified profile "one bit of the signature flipped"
# Wrong signer certificate: a certificate with the same issuer and serial number but another key.
key S2 rsa2048; issue_cert S2 "/CN=Example Corp profile signing" I signer 1825 sha256 4242
python3 - "$OUT/der-rsa-sha256.mobileconfig" "$W/S.pem" "$W/S2.pem" "$OUT/wrong-signer-cert.mobileconfig" <<'PY'
import sys, subprocess
der = lambda p: subprocess.run(["openssl", "x509", "-in", p, "-outform", "DER"], capture_output=True, check=True).stdout
b = open(sys.argv[1], "rb").read(); a, c = der(sys.argv[2]), der(sys.argv[3])
assert len(a) == len(c) and a in b, "same-length certificates needed"
open(sys.argv[4], "wb").write(b.replace(a, c))
PY
cms_record wrong-signer-cert.mobileconfig custom - failed ok unverified profile "the signer's certificate swapped for one with the same issuer and serial but another key"
cat "$W/S.pem" "$W/I.pem" > "$W/bundle.pem"
openssl crl2pkcs7 -nocrl -certfile "$W/bundle.pem" -outform DER -out "$OUT/certs-only.p7b"
cms_record certs-only.p7b custom - none null unsigned none "PKCS#7 certificates-only bundle (no signers)"

# A device request signed by a forged "Apple" chain (Apple's names, fresh keys).
key FR rsa2048; self_signed FR "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" 3650 sha1 root_self
key FI rsa2048; issue_cert FI "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple iPhone Certification Authority" FR ca 1825 sha1 -
key FD rsa1024; issue_cert FD "/C=US/O=Apple Inc./OU=Apple iPhone/CN=Apple iPhone Device CA" FI ca 1825 sha1 -
key FL rsa1024; issue_cert FL "/CN=00000000-FAKE-4000-8000-000000000000" FD device 1825 sha1 -
cat > "$W/request.plist" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>LANGUAGE</key>
	<string>en-US</string>
	<key>PRODUCT</key>
	<string>MacBookPro18,3</string>
	<key>SERIAL</key>
	<string>C02FAKE00000</string>
	<key>UDID</key>
	<string>00000000-FAKE-4000-8000-000000000000</string>
	<key>VERSION</key>
	<string>23A344</string>
</dict>
</plist>
XML
cat "$W/FD.pem" > "$W/fd-chain.pem"
openssl cms -sign -binary -outform DER -nodetach -md sha1 -signer "$W/FL.pem" -inkey "$W/FL.key" -certfile "$W/fd-chain.pem" -in "$W/request.plist" -out "$OUT/forged-device-request.p7s" -stream
cms_record forged-device-request.p7s builtin - ok ok unverified device-request "a MachineInfo-style request signed by a forged Apple device chain"
OUT="$OUT" bash "$(dirname "${BASH_SOURCE[0]}")/make_cms_unsorted.sh"
OUT="$OUT" bash "$(dirname "${BASH_SOURCE[0]}")/make_cms_ber_embedded.sh"
echo "made $(($(wc -l < "$OUT/cases.tsv") - 1)) cases in $OUT"
