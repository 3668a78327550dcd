#!/usr/bin/env bash
# Builds tests/fixtures/serial/: a root with serial number 0 (as eight public roots in Debian's
# store have) and a leaf under it with an ordinary serial, and a leaf with serial 0 under an
# ordinary root. Run from the repository root:  bash tools/make_serial.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/serial}
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
rm -rf "$OUT"; mkdir -p "$OUT"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/$1.key"; }
root() { openssl req -new -x509 -key "$W/$1.key" -subj "$2" -days 3650 -sha256 -set_serial "$3" \
  -config "$CNF" -extensions root_self -out "$W/$1.pem"; }
leaf() {
  openssl req -new -key "$W/$1.key" -subj "$2" -out "$W/$1.csr"
  openssl x509 -req -in "$W/$1.csr" -CA "$W/$3.pem" -CAkey "$W/$3.key" -set_serial "$4" -days 365 -sha256 -extfile "$CNF" -extensions leaf_minimal -out "$W/$1.pem" 2>/dev/null
}
key Z; root Z "/CN=certscope zero-serial root" 0
key A; leaf A "/CN=leaf under a zero-serial root" Z 4242
key R; root R "/CN=certscope ordinary root" 7
key B; leaf B "/CN=leaf with serial zero" R 0
cp "$W/Z.pem" "$OUT/zero-serial-root.pem"; cp "$W/A.pem" "$OUT/leaf-under-zero-root.pem"
cp "$W/R.pem" "$OUT/ordinary-root.pem"; cp "$W/B.pem" "$OUT/zero-serial-leaf.pem"
echo "made $OUT"
