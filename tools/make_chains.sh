#!/usr/bin/env bash
# Builds tests/fixtures/chains/: forged, tampered and constrained chains made with OpenSSL, and
# records what `openssl verify` says about each (with and without -no_check_time).
# Every certificate here is made by the commands below; run from the repository root:
#     bash tools/make_chains.sh            (OUT=/tmp/x bash tools/make_chains.sh writes elsewhere)
# Extensions: the sections of tools/openssl-ext.cnf; helpers: tools/openssl-lib.sh (shared with the other generators).
# Output per case: <case>/leaf.pem, <case>/untrusted.pem (may be empty), <case>/trusted.pem
# (may be empty: then the built-in store is meant), and one line in cases.tsv.
set -euo pipefail
OUT=${OUT:-tests/fixtures/chains}
. "$(dirname "${BASH_SOURCE[0]}")/openssl-lib.sh"
rm -rf "$OUT"; mkdir -p "$OUT"
APPLE=tests/fixtures/apple

root() { # root <name> <subject> <keytype> [digest] [extra sign opts...]
  local n=$1 s=$2 k=$3 d=${4:-sha256}; shift 4 || shift $#
  key "$n" "$k"
  [ "$k" = ed25519 ] && d=-
  self_signed "$n" "$s" 3650 "$d" root_self "$@"
}
issue() { # issue <name> <subject> <keytype> <issuer> <ext section> [days] [digest] [extra sign opts...]
  local n=$1 s=$2 k=$3 i=$4 e=$5 days=${6:-1825} d=${7:-sha256}; shift 7 || shift $#
  key "$n" "$k"
  grep -q "ED25519\|ed25519" <(openssl pkey -in "$W/$i.key" -noout -text 2>/dev/null | head -1) && d=-
  issue_cert "$n" "$s" "$i" "$e" "$days" "$d" - "$@"
}
tamper() { # tamper <in.pem> <out.pem>: flip one bit in the last byte of the signature
  openssl x509 -in "$1" -outform DER -out "$W/t.der"
  python3 -c "import sys;b=bytearray(open(sys.argv[1],'rb').read());b[-1]^=1;open(sys.argv[1],'wb').write(b)" "$W/t.der"
  openssl x509 -inform DER -in "$W/t.der" -out "$2"
}
NOW=$(date -u +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
AT_VALID=$(iso $((NOW + 86400 * 30)))
AT_LATE=$(iso $((NOW + 86400 * 3660)))
AT_EARLY=$(iso $((NOW - 86400 * 30)))
printf 'case\tstore\tat\tapple\tstrict\topenssl\topenssl_no_check_time\twhat\n' > "$OUT/cases.tsv"

record() { # record <case> <store: custom|builtin> <at> <apple: ok|failed|n/a> <strict: ok|failed> <what> <leaf> <untrusted...> -- <trusted...>
  local c=$1 store=$2 at=$3 apple=$4 strict=$5 what=$6 leaf=$7; shift 7
  mkdir -p "$OUT/$c"; : > "$OUT/$c/untrusted.pem"; : > "$OUT/$c/trusted.pem"
  cp "$leaf" "$OUT/$c/leaf.pem"
  local target=untrusted
  for f in "$@"; do if [ "$f" = -- ]; then target=trusted; continue; fi; cat "$f" >> "$OUT/$c/$target.pem"; done
  local ca=("$OUT/$c/trusted.pem"); [ "$store" = builtin ] && ca=("$APPLE/apple-root-ca-2006-rsa.pem")
  local un=(); [ -s "$OUT/$c/untrusted.pem" ] && un=(-untrusted "$OUT/$c/untrusted.pem")
  if [ "$store" = builtin ]; then
    cat "$OUT/$c/untrusted.pem" "$APPLE/apple-iphone-device-ca-2007-2014.pem" "$APPLE/apple-iphone-certification-authority-2007-2022.pem" > "$W/builtin-untrusted.pem"
    un=(-untrusted "$W/builtin-untrusted.pem")
  fi
  local epoch; epoch=$(date -u -d "$at" +%s)
  local o1 o2
  if openssl verify -x509_strict -attime "$epoch" -CAfile "${ca[@]}" "${un[@]}" "$OUT/$c/leaf.pem" >/dev/null 2>&1; then o1=ok; else o1=failed; fi
  if openssl verify -x509_strict -no_check_time -CAfile "${ca[@]}" "${un[@]}" "$OUT/$c/leaf.pem" >/dev/null 2>&1; then o2=ok; else o2=failed; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$c" "$store" "$at" "$apple" "$strict" "$o1" "$o2" "$what" >> "$OUT/cases.tsv"
}

# --- Ordinary PKI: RSA-2048 -----------------------------------------------------------------
root R "/CN=certscope test root RSA" rsa2048
issue I "/CN=certscope test intermediate RSA" rsa2048 R ca
issue L "/CN=www.example.com" rsa2048 I leaf
record rsa-chain custom "$AT_VALID" n/a ok "RSA-2048 root → intermediate → leaf, valid" "$W/L.pem" "$W/I.pem" -- "$W/R.pem"
record rsa-chain-expired custom "$AT_LATE" n/a failed "the same chain ten years later: every certificate expired" "$W/L.pem" "$W/I.pem" -- "$W/R.pem"
record rsa-chain-not-yet-valid custom "$AT_EARLY" n/a failed "the same chain a month before it was issued" "$W/L.pem" "$W/I.pem" -- "$W/R.pem"
record missing-intermediate custom "$AT_VALID" n/a failed "leaf without its intermediate" "$W/L.pem" -- "$W/R.pem"
record untrusted-root custom "$AT_VALID" n/a failed "a chain to a root nobody trusts (the built-in store)" "$W/L.pem" "$W/I.pem" "$W/R.pem" --
tamper "$W/L.pem" "$W/Lt.pem"
record tampered-leaf custom "$AT_VALID" n/a failed "one bit of the leaf's signature flipped" "$W/Lt.pem" "$W/I.pem" -- "$W/R.pem"
issue Ls "/CN=short.example.com" rsa2048 I leaf 1
record expired-leaf custom "$(iso $((NOW + 86400 * 10)))" n/a failed "a one-day leaf, ten days later" "$W/Ls.pem" "$W/I.pem" -- "$W/R.pem"
# A duplicate intermediate with the same name but another key, offered first: the builder must try the other.
issue Ifake "/CN=certscope test intermediate RSA" rsa2048 R ca
record duplicate-intermediate custom "$AT_VALID" n/a ok "two intermediates with one name, the first with the wrong key" "$W/L.pem" "$W/Ifake.pem" "$W/I.pem" -- "$W/R.pem"
# Constraints.
issue L2 "/CN=leaf-of-a-leaf.example.com" rsa2048 L leaf
record non-ca-issuer custom "$AT_VALID" n/a failed "a leaf issued by another leaf (CA:FALSE)" "$W/L2.pem" "$W/L.pem" "$W/I.pem" -- "$W/R.pem"
issue P0 "/CN=pathlen zero CA" rsa2048 R ca_pathlen0
issue P1 "/CN=below pathlen zero" rsa2048 P0 ca
issue PL "/CN=www.example.com" rsa2048 P1 leaf
record pathlen-violation custom "$AT_VALID" n/a failed "a CA with pathlen:0 above another CA" "$W/PL.pem" "$W/P1.pem" "$W/P0.pem" -- "$W/R.pem"
issue N "/CN=example.com only" rsa2048 R ca_nc
issue NL "/CN=www.evil.test" rsa2048 N leaf_evil
record name-constraint-violation custom "$AT_VALID" n/a failed "a CA limited to example.com issued www.evil.test" "$W/NL.pem" "$W/N.pem" -- "$W/R.pem"
issue NG "/CN=www.example.com" rsa2048 N leaf
record name-constraint-ok custom "$AT_VALID" n/a ok "the same CA issued www.example.com" "$W/NG.pem" "$W/N.pem" -- "$W/R.pem"
# Loops and length.
root XA "/CN=loop A" rsa2048
root XB "/CN=loop B" rsa2048
# The same two keys sign each other: a real loop.
cp "$W/XA.key" "$W/XAb.key"; issue XAb "/CN=loop A" rsa2048 XB ca
cp "$W/XB.key" "$W/XBa.key"; issue XBa "/CN=loop B" rsa2048 XA ca
issue XL "/CN=www.example.com" rsa2048 XAb leaf
record loop custom "$AT_VALID" n/a failed "A and B cross-signed in a loop, no trusted root" "$W/XL.pem" "$W/XAb.pem" "$W/XBa.pem" --
prev=R; chainfiles=()
for i in $(seq 1 12); do issue "D$i" "/CN=deep CA $i" rsa2048 "$prev" ca; chainfiles=("$W/D$i.pem" "${chainfiles[@]}"); prev="D$i"; done
issue DL "/CN=www.example.com" rsa2048 "$prev" leaf
record long-chain custom "$AT_VALID" n/a failed "twelve intermediates (certscope stops at eight)" "$W/DL.pem" "${chainfiles[@]}" -- "$W/R.pem"

# --- Other algorithms ------------------------------------------------------------------------
root E "/CN=certscope test root P-384" p384 sha384
issue EI "/CN=certscope test intermediate P-256" p256 E ca 1825 sha384
issue EL "/CN=www.example.com" p256 EI leaf
record ecdsa-chain custom "$AT_VALID" n/a ok "ECDSA: P-384 root, P-256 intermediate and leaf" "$W/EL.pem" "$W/EI.pem" -- "$W/E.pem"
root S "/CN=certscope test root RSA-PSS" rsa2048 sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
issue SL "/CN=www.example.com" rsa2048 S leaf 1825 sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
record rsa-pss-chain custom "$AT_VALID" n/a ok "RSASSA-PSS signatures (SHA-256, salt 32)" "$W/SL.pem" -- "$W/S.pem"
root O "/CN=certscope test root RSA-1024" rsa1024 sha1
issue OL "/CN=www.example.com" rsa1024 O leaf 1825 sha1
record rsa1024-sha1-chain custom "$AT_VALID" n/a ok "RSA-1024 with SHA-1, like Apple's device PKI" "$W/OL.pem" -- "$W/O.pem"
root ED "/CN=certscope test root Ed25519" ed25519
issue EDL "/CN=www.example.com" ed25519 ED leaf
record ed25519-chain custom "$AT_VALID" n/a ok "Ed25519 root → leaf (RFC 8410), valid" "$W/EDL.pem" -- "$W/ED.pem"
tamper "$W/EDL.pem" "$W/EDLt.pem"
record ed25519-tampered-leaf custom "$AT_VALID" n/a failed "the Ed25519 leaf with one signature bit flipped" "$W/EDLt.pem" -- "$W/ED.pem"

# --- Forgeries with Apple's names (judged against the built-in store) -------------------------
root FR "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple Root CA" rsa2048 sha1
issue FI "/C=US/O=Apple Inc./OU=Apple Certification Authority/CN=Apple iPhone Certification Authority" rsa2048 FR ca 1825 sha1
issue FD "/C=US/O=Apple Inc./OU=Apple iPhone/CN=Apple iPhone Device CA" rsa1024 FI ca 1825 sha1
issue FL "/CN=00000000-FAKE-4000-8000-000000000000" rsa1024 FD device 365 sha1
record forged-apple-chain builtin "$AT_VALID" failed failed "a complete four-level chain with Apple's exact names and fresh keys" "$W/FL.pem" "$W/FD.pem" "$W/FI.pem" "$W/FR.pem" --
record forged-device-ca builtin "$AT_VALID" failed failed "a leaf from a forged Apple iPhone Device CA (input includes the forged CA only)" "$W/FL.pem" "$W/FD.pem" --
issue FD3 "/C=US/O=Apple Inc./OU=Apple iPhone/CN=Apple iPhone Device CA" rsa1024 FR ca 1825 sha1
issue FL3 "/CN=00000000-FAKE-4000-8000-000000000003" rsa1024 FD3 device 365 sha1
record forged-short-chain builtin "$AT_VALID" failed failed "three levels: forged Device CA signed directly by a forged Apple Root CA" "$W/FL3.pem" "$W/FD3.pem" "$W/FR.pem" --
tamper "$APPLE/leaf-device-apsd-2018-expired-sha1.pem" "$W/apsd-tampered.pem"
record tampered-apple-leaf builtin "2019-01-01T00:00:00Z" failed failed "the real apsd leaf with one signature bit flipped" "$W/apsd-tampered.pem" --
record real-apple-leaf builtin "2019-01-01T00:00:00Z" ok ok "the real apsd leaf inside its validity" "$APPLE/leaf-device-apsd-2018-expired-sha1.pem" --
record real-apple-leaf-expired builtin "2026-11-29T00:00:00Z" ok failed "the real apsd leaf seven years after expiry" "$APPLE/leaf-device-apsd-2018-expired-sha1.pem" --
echo "made $(($(wc -l < "$OUT/cases.tsv") - 1)) cases in $OUT"
