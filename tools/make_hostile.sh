#!/usr/bin/env bash
# Builds tests/fixtures/hostile/:
# - xss.pem: a self-signed certificate whose fields are markup (with `"`, `'` and `&`, so an
#   attribute or entity that is not escaped shows) and a javascript: URI, to prove the page
#   renders certificate fields as text only;
# - escapes.pem: a self-signed certificate whose names carry terminal escape sequences (ESC, a C1
#   CSI, DEL, a bidi override), a line break followed by a forged Markdown verdict line, a
#   Markdown image and backticks, to prove the CLI and the Markdown report print them inert.
# Run from the repository root:  bash tools/make_hostile.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/hostile}; mkdir -p "$OUT"
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/k.pem"
openssl req -new -x509 -key "$W/k.pem" -days 3650 -sha256 -utf8 \
  -subj "/CN=<img src=x onerror=alert(1)>\"' onmouseover=alert(4) data-x=&amp;/O=<script>alert(2)<\/script>" \
  -config "$CNF" -extensions hostile \
  -out "$OUT/xss.pem"
ESC=$'\e' NL=$'\n' CSI=$'\u009b' DEL=$'\x7f' RLO=$'\u202e'
openssl req -new -x509 -key "$W/k.pem" -days 3650 -sha256 -utf8 \
  -subj "/CN=E${ESC}[1A${ESC}[2KApple rule: ok/O=x${NL}- macOS: **trusted**/OU=![x](https:\/\/example.com\/x.png) \`a\`\`b\` ${RLO}evil${CSI}2J${DEL}" \
  -config "$CNF" -extensions self_signed \
  -out "$OUT/escapes.pem"
