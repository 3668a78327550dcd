#!/usr/bin/env bash
# Builds tests/fixtures/hostile/xss.pem: a self-signed certificate whose fields are markup and a
# javascript: URI, to prove the page renders certificate fields as text only.
# Run from the repository root:  bash tools/make_hostile.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/hostile}; mkdir -p "$OUT"
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/k.pem"
openssl req -new -x509 -key "$W/k.pem" -days 3650 -sha256 \
  -subj '/CN=<img src=x onerror=alert(1)>/O=<script>alert(2)<\/script>' \
  -config "$CNF" -extensions hostile \
  -out "$OUT/xss.pem"
