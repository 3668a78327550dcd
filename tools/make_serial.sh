#!/usr/bin/env bash
# Builds tests/fixtures/serial/: a root with serial number 0 (as eight public roots in Debian's
# store have) and a leaf under it with an ordinary serial, and a leaf with serial 0 under an
# ordinary root. Run from the repository root:  bash tools/make_serial.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/serial}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"
key Z p256; self_signed Z "/CN=certscope zero-serial root" 3650 sha256 root_self -set_serial 0
key A p256; issue_cert A "/CN=leaf under a zero-serial root" Z leaf_minimal 365 sha256 4242
key R p256; self_signed R "/CN=certscope ordinary root" 3650 sha256 root_self -set_serial 7
key B p256; issue_cert B "/CN=leaf with serial zero" R leaf_minimal 365 sha256 0
cp "$W/Z.pem" "$OUT/zero-serial-root.pem"; cp "$W/A.pem" "$OUT/leaf-under-zero-root.pem"
cp "$W/R.pem" "$OUT/ordinary-root.pem"; cp "$W/B.pem" "$OUT/zero-serial-leaf.pem"
echo "made $OUT"
