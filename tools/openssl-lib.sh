# The OpenSSL helpers the fixture generators share (tools/make_*.sh source this file right after
# `set -euo pipefail`). Sets CNF (the extension sections of tools/openssl-ext.cnf) and W (a work
# folder, removed on exit); keys and certificates are named by a short name: $W/<name>.key and
# $W/<name>.pem.
# shellcheck shell=bash
CNF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/openssl-ext.cnf"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

key() { # key <name> <rsa1024|rsa2048|…|p256|p384|ed25519>: $W/<name>.key; an existing key is reused
  [ -f "$W/$1.key" ] && return 0
  case "$2" in
    rsa*) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"${2#rsa}" -out "$W/$1.key" 2>/dev/null ;;
    p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$W/$1.key" ;;
    p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$W/$1.key" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$W/$1.key" ;;
    *) echo "key: unknown key type $2" >&2; return 1 ;;
  esac
}

digest_opt() { # the `-<digest>` option, none for "-" (Ed25519 signs without one)
  [ "$1" = - ] || printf -- '-%s\n' "$1"
}

self_signed() { # self_signed <name> <subject> <days> <digest or -> <section> [more openssl req options…]
  local n=$1 s=$2 days=$3 d=$4 e=$5; shift 5
  local dg; dg=$(digest_opt "$d")
  openssl req -new -x509 -key "$W/$n.key" -subj "$s" -days "$days" ${dg:+"$dg"} "$@" -config "$CNF" -extensions "$e" -out "$W/$n.pem"
}

issue_cert() { # issue_cert <name> <subject> <issuer> <section> <days> <digest or -> <serial or - for a random one> [more openssl x509 options…]
  local n=$1 s=$2 i=$3 e=$4 days=$5 d=$6 serial=$7; shift 7
  local dg; dg=$(digest_opt "$d")
  [ "$serial" = - ] && serial="0x$(openssl rand -hex 8)"
  openssl req -new -key "$W/$n.key" -subj "$s" -out "$W/$n.csr"
  openssl x509 -req -in "$W/$n.csr" -CA "$W/$i.pem" -CAkey "$W/$i.key" -set_serial "$serial" -days "$days" ${dg:+"$dg"} "$@" \
    -extfile "$CNF" -extensions "$e" -out "$W/$n.pem" 2>/dev/null
}

empty_profile() { # empty_profile <file> <display name> <identifier> <UUID>: a configuration profile with no payloads (XML plist)
  cat > "$1" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>PayloadContent</key>
	<array/>
	<key>PayloadDisplayName</key>
	<string>$2</string>
	<key>PayloadIdentifier</key>
	<string>$3</string>
	<key>PayloadType</key>
	<string>Configuration</string>
	<key>PayloadUUID</key>
	<string>$4</string>
	<key>PayloadVersion</key>
	<integer>1</integer>
</dict>
</plist>
XML
}

cms_record() { # cms_record <file> <store> <content file or -> <signature ok|failed|none> <digest ok|failed|null> <label> <content_type> <what>
  # One row of $OUT/cases.tsv, with `openssl cms -verify -noverify`'s answer (signature and digest only).
  local f=$1 content=$3 o
  local extra=(); [ "$content" != - ] && extra=(-content "$OUT/$content")
  if openssl cms -verify -noverify -binary -inform DER -in "$OUT/$f" "${extra[@]}" -out /dev/null >/dev/null 2>&1; then o=ok; else o=failed; fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$f" "$2" "$content" "$4" "$5" "$6" "$7" "$o" "$8" >> "$OUT/cases.tsv"
}
