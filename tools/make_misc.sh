#!/usr/bin/env bash
# Builds tests/fixtures/misc/: a PKCS#12 identity (password "certscope"), recognised and named
# but not opened. Run from the repository root:  bash tools/make_misc.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/misc}; mkdir -p "$OUT"
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
openssl req -new -x509 -newkey rsa:2048 -nodes -keyout "$W/k.pem" -subj "/CN=certscope PKCS12 test" -days 3650 \
  -config "$CNF" -extensions self_signed -out "$W/c.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$W/k.pem" -in "$W/c.pem" -passout pass:certscope -out "$OUT/identity.p12"
