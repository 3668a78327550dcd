#!/usr/bin/env bash
# Builds tests/fixtures/secrets/: throwaway private keys in every PEM form, and profiles that carry
# secrets (a PKCS#12 payload with its password, a Wi-Fi password, a SCEP challenge), unsigned and
# signed. Share links must leave all of them out. Run from the repository root:
#   bash tools/make_secrets.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/secrets}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"

# Private keys (generated for these tests, never used for anything else).
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$OUT/ec-key-pkcs8.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$W/rsa.pem" 2>/dev/null
openssl pkey -in "$W/rsa.pem" -traditional -out "$OUT/rsa-key-traditional.pem"
openssl pkey -in "$OUT/ec-key-pkcs8.pem" -traditional -out "$OUT/ec-key-traditional.pem"
openssl pkcs8 -topk8 -in "$OUT/ec-key-pkcs8.pem" -passout pass:certscope -out "$OUT/ec-key-encrypted.pem"
openssl pkey -in "$OUT/ec-key-pkcs8.pem" -outform DER -out "$OUT/ec-key-pkcs8.der"
# The real device certificate followed by a key, as people paste "the certificate and its key".
cat tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem "$OUT/ec-key-pkcs8.pem" > "$OUT/cert-and-key.pem"

# A profile with an identity (PKCS#12 payload and its Password), a Wi-Fi password and a SCEP challenge.
P12=$(base64 -w 52 tests/fixtures/misc/identity.p12)
cat > "$OUT/identity-wifi-scep.mobileconfig" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array>
		<dict>
			<key>Password</key>
			<string>certscope</string>
			<key>PayloadContent</key>
			<data>
$P12
			</data>
			<key>PayloadDisplayName</key>
			<string>Example identity</string>
			<key>PayloadIdentifier</key>
			<string>com.example.identity</string>
			<key>PayloadType</key>
			<string>com.apple.security.pkcs12</string>
			<key>PayloadUUID</key>
			<string>6B1D7C52-33A4-4E0B-9B73-1B6E3E1B0001</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
		<dict>
			<key>SSID_STR</key>
			<string>Example-WiFi</string>
			<key>EncryptionType</key>
			<string>WPA2</string>
			<key>Password</key>
			<string>wifi-secret-4242</string>
			<key>PayloadIdentifier</key>
			<string>com.example.wifi</string>
			<key>PayloadType</key>
			<string>com.apple.wifi.managed</string>
			<key>PayloadUUID</key>
			<string>6B1D7C52-33A4-4E0B-9B73-1B6E3E1B0002</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
		<dict>
			<key>PayloadContent</key>
			<dict>
				<key>URL</key>
				<string>https://scep.example.com/scep</string>
				<key>Challenge</key>
				<string>scep-challenge-7777</string>
				<key>Subject</key>
				<array><array><array><string>CN</string><string>device</string></array></array></array>
			</dict>
			<key>PayloadIdentifier</key>
			<string>com.example.scep</string>
			<key>PayloadType</key>
			<string>com.apple.security.scep</string>
			<key>PayloadUUID</key>
			<string>6B1D7C52-33A4-4E0B-9B73-1B6E3E1B0003</string>
			<key>PayloadVersion</key>
			<integer>1</integer>
		</dict>
	</array>
	<key>PayloadDisplayName</key>
	<string>Example secrets</string>
	<key>PayloadIdentifier</key>
	<string>com.example.secrets</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>6B1D7C52-33A4-4E0B-9B73-1B6E3E1B0000</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
PLIST

# The same profile signed (a throwaway self-signed signer; its key is not kept).
openssl req -new -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$W/s.key" \
  -subj "/CN=certscope secrets test signer" -days 3650 -config "$CNF" -extensions self_signed -out "$W/s.pem" 2>/dev/null
openssl cms -sign -nodetach -binary -outform DER -in "$OUT/identity-wifi-scep.mobileconfig" \
  -signer "$W/s.pem" -inkey "$W/s.key" -out "$OUT/identity-wifi-scep-signed.mobileconfig"

# An OTA device request (the Profile Service's phase 2 answer) with its CHALLENGE, signed by a
# throwaway signer: the challenge must appear in no output.
cat > "$W/request.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CHALLENGE</key>
	<string>ota-challenge-9182</string>
	<key>PRODUCT</key>
	<string>MacBookPro18,3</string>
	<key>SERIAL</key>
	<string>C02XX</string>
	<key>UDID</key>
	<string>0000-1</string>
	<key>VERSION</key>
	<string>23A344</string>
</dict>
</plist>
PLIST
openssl cms -sign -nodetach -binary -outform DER -in "$W/request.plist" \
  -signer "$W/s.pem" -inkey "$W/s.key" -out "$OUT/device-request-challenge.p7s"
