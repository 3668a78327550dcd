#!/usr/bin/env bash
# Builds tests/fixtures/hostile/same-subject-60.pem: 60 self-signed P-256 CA certificates that
# share one subject and each have their own key. Pasted together, every one is a candidate
# issuer of every other (issue 19 item 3: the search must charge each candidate and the report
# must stay within one budget). The benchmark makes 3,000 of them (bench/generate.py).
# Run from the repository root:  bash tools/make_same_subject.sh
set -euo pipefail
OUT=${OUT:-tests/fixtures/hostile}; mkdir -p "$OUT"
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
N=${N:-60}
: > "$W/all.pem"
for i in $(seq "$N"); do
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/k.pem"
  openssl req -new -x509 -key "$W/k.pem" -days 3650 -sha256 -set_serial "$i" \
    -subj '/O=certscope test/CN=Same Subject CA' \
    -config "$CNF" -extensions root_self -out "$W/c.pem"
  cat "$W/c.pem" >> "$W/all.pem"
done
mv "$W/all.pem" "$OUT/same-subject-$N.pem"
