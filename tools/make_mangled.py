#!/usr/bin/env python3
"""Builds tests/fixtures/mangled/: pastes as they reach a help desk, from the real fixtures.

Each case records how it was made, the certificates it must decode to (SHA-256, in order) and
the problems it must report (a substring of each message, in order). Expectations come from
what this script put in, never from certscope's output. Run from the repository root:
    python3 tools/make_mangled.py
"""
import base64, hashlib, json, pathlib, re, textwrap

root = pathlib.Path(__file__).resolve().parent.parent
fx = root / "tests" / "fixtures"
out = fx / "mangled"
out.mkdir(exist_ok=True)

def pem_ders(text):
    return [base64.b64decode("".join(m.split())) for m in re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)]

leaf = pem_ders((fx / "apple/leaf-device-apsd-2018-expired-sha1.pem").read_text())[0]
chain = pem_ders((fx / "apple/apple-iphone-device-ca-fullchain.pem").read_text())  # device CA, iPhone CA, root
certs = [leaf] + chain
sha256 = lambda d: hashlib.sha256(d).hexdigest().upper()
sha1 = lambda d: hashlib.sha1(d).hexdigest().upper()

def pem(der, width=64):
    b = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(b, width)) + "\n-----END CERTIFICATE-----\n"

def dump(ders, width=64, sha1_only=False):
    """`security find-certificate -a -p -Z` layout."""
    s = ""
    for d in ders:
        if not sha1_only:
            s += f"SHA-256 hash: {sha256(d)}\n"
        s += f"SHA-1 hash: {sha1(d)}\n" + pem(d, width)
    return s

sample = (fx / "apple/sample-security-find-certificate-apsd-keychain.txt").read_text()
assert pem_ders(sample) == [leaf]
four = dump(certs)
ALL = [sha256(d) for d in certs]
LEAF = [sha256(leaf)]
cases = []

def case(name, how, text, expect_certs, problems=(), other=()):
    path = out / f"{name}.txt"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    cases.append({"file": path.name, "how": how, "certificates": expect_certs, "problems": list(problems), "other_items": list(other)})

def quote(t, prefix):
    return "".join(prefix + l for l in t.splitlines(keepends=True))

case("crlf", "sample with CRLF line ends", sample.replace("\n", "\r\n"), LEAF)
case("trailing-spaces", "every line ends in spaces and a tab", "".join(l + "   \t\n" for l in sample.splitlines()), LEAF)
case("quoted", "email quoting '> '", quote(sample, "> "), LEAF)
case("quoted-nested", "nested email quoting '> > '", quote(sample, "> > "), LEAF)
case("quoted-tight", "quoting without spaces '>>'", quote(sample, ">>"), LEAF)
case("indented", "indented four spaces", quote(sample, "    "), LEAF)
case("tabs", "indented with tabs", quote(sample, "\t\t"), LEAF)
case("code-fence", "inside a Markdown code fence", "Here is the output:\n```text\n" + sample + "```\nThanks!\n", LEAF)
case("shell-prompt", "shell prompt and the command around the output",
     "admin@MacBook ~ % security find-certificate -a -p -Z /Library/Keychains/apsd.keychain\n" + sample + "admin@MacBook ~ % \n", LEAF)
case("one-line", "the whole dump collapsed onto one line", " ".join(sample.split()), LEAF)
case("one-line-four", "a four-certificate dump collapsed onto one line", " ".join(four.split()), ALL)
case("wrap-76", "base64 wrapped at 76", dump([leaf], 76), LEAF)
case("wrap-17", "base64 wrapped at an odd 17", dump([leaf], 17), LEAF)
case("no-wrap", "base64 on one line", dump([leaf], 100000), LEAF)
case("nbsp", "non-breaking spaces in the armour and hash lines", sample.replace(" ", "\u00a0"), LEAF)
case("en-dash", "chat turned '--' into en dashes in the armour", sample.replace("-----", "\u2013\u2013-"), LEAF)
case("em-dash", "chat turned '---' into em dashes in the armour", sample.replace("-----", "\u2014--"), LEAF)
case("zero-width", "zero-width spaces and joiners inside the base64",
     "\n".join(l[:10] + "\u200b" + l[10:20] + "\u200d" + l[20:] if len(l) > 30 else l for l in sample.splitlines()) + "\n", LEAF)
case("smart-quotes", "smart quotes around the command in the surrounding text",
     "Ran \u201csecurity find-certificate -a -p -Z\u201d as you asked \u2014 here\u2019s the result:\n\n" + sample, LEAF)
case("bom", "UTF-8 byte-order mark at the start", "\ufeff" + sample, LEAF)
case("crlf-quoted-trailing", "CRLF, quoting and trailing spaces together",
     "".join("> " + l + "  \r\n" for l in sample.splitlines()), LEAF)
case("email-reply", "an email reply with headers, quoting and a signature",
     "On Tue, Nov 3, 2026, Jane <jane@example.com> wrote:\n" + quote(sample, "> ") + "\n--\nJane Doe\nIT Help Desk\n", LEAF)
case("four", "a four-certificate dump (leaf, Device CA, iPhone CA, root)", four, ALL)
case("four-quoted-crlf", "four certificates, quoted, CRLF", quote(four, "> ").replace("\n", "\r\n"), ALL)
case("sha1-only", "older macOS: only SHA-1 hash lines", dump(certs, sha1_only=True), ALL)
case("utf16", "saved as UTF-16 with a byte-order mark", "\ufeff".encode("utf-16-le") + sample.encode("utf-16-le"), LEAF)

# Broken pastes: the rest still decodes, and each loss is a located problem.
swapped = dump([chain[0], leaf])
h_dev, h_leaf = sha256(chain[0]), sha256(leaf)
swapped = swapped.replace(h_dev, "TMP").replace(h_leaf, h_dev).replace("TMP", h_leaf)
case("hash-mismatch", "the SHA-256 lines of two blocks swapped (a mixed-up paste)", swapped,
     [sha256(chain[0]), sha256(leaf)], ["does not match the certificate", "does not match the certificate"])
lines = four.splitlines()
cut = "\n".join(lines[: len(lines) - 12]) + "\n"
case("cut-off", "the last block cut off (no END line, data missing)", cut, ALL[:3], ["block 4 ends after line"])
bad = four.splitlines()
block2_data_line = [i for i, l in enumerate(bad) if l.startswith("-----BEGIN")][1] + 3
bad[block2_data_line] = bad[block2_data_line][:20] + "*#" + bad[block2_data_line][22:]
case("bad-char", "two characters of block 2 replaced by '*#'", "\n".join(bad) + "\n",
     [ALL[0]] + ALL[2:], [f"block 2: line {block2_data_line + 1} is not base64"])
nobegin = four.splitlines()
first_begin = nobegin.index("-----BEGIN CERTIFICATE-----")
del nobegin[first_begin]
case("missing-begin", "the first BEGIN line deleted", "\n".join(nobegin) + "\n", ALL[1:],
     ["look like certificate data outside any BEGIN/END block"])
case("truncated-der", "a block whose base64 decodes to a cut-off certificate",
     dump([leaf[: len(leaf) // 2]]).replace(sha256(leaf[: len(leaf) // 2]), sha256(leaf)), [], ["not a readable X.509 certificate"])
case("bare-base64", "base64 of the DER without armour", base64.b64encode(leaf).decode() + "\n", LEAF)
case("bare-base64-wrapped", "base64 without armour, wrapped at 60 and quoted", quote("\n".join(textwrap.wrap(base64.b64encode(leaf).decode(), 60)) + "\n", "> "), LEAF)
case("hex-colons", "hex with colons, as some tools print DER", ":".join(f"{b:02x}" for b in leaf) + "\n", LEAF)
case("hex-spaced", "hex in spaced pairs wrapped at 16 bytes",
     "\n".join(" ".join(f"{b:02X}" for b in leaf[i:i + 16]) for i in range(0, len(leaf), 16)) + "\n", LEAF)
case("private-key", "a private key block beside the certificate",
     sample + "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n", LEAF,
     ["is a private key"])
case("stray-hash", "a hash line at the end with no certificate after it", sample + "SHA-1 hash: " + sha1(leaf) + "\n", LEAF,
     ["hash line with no certificate after it"])

# Not certificates at all, but recognised.
def blob(der):
    return "0x" + der.hex().upper() + '  "' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else "\\%03o" % b for b in der) + '"'
# DER Names and serial of the leaf, cut out of the certificate with the standard library only.
def tlv(buf, pos):
    tag, l = buf[pos], buf[pos + 1]; hl = 2
    if l & 0x80:
        n = l & 0x7F; l = int.from_bytes(buf[pos + 2:pos + 2 + n], "big"); hl += n
    return tag, pos + hl, pos + hl + l
_, tbs_start, _ = tlv(leaf, 0)
_, p, _ = tlv(leaf, tbs_start)           # tbsCertificate
elems = []
while len(elems) < 7:
    t, vs, ve = tlv(leaf, p)
    elems.append((t, p, vs, ve)); p = ve
# [0] version, serial, sigalg, issuer, validity, subject
serial = leaf[elems[1][2]:elems[1][3]]
issuer = leaf[elems[3][1]:elems[3][3]]
subject = leaf[elems[5][1]:elems[5][3]]
attr = f'''keychain: "/Library/Keychains/apsd.keychain"
version: 512
class: 0x80001000
attributes:
    "alis"<blob>="6001A957-6FC5-4856-8C5E-DC2E32C61CB9"
    "cenc"<uint32>=0x00000003
    "ctyp"<uint32>=0x00000001
    "issu"<blob>={blob(issuer)}
    "labl"<blob>="6001A957-6FC5-4856-8C5E-DC2E32C61CB9"
    "snbr"<blob>={blob(serial)}
    "subj"<blob>={blob(subject)}
'''
case("attributes-only", "`security find-certificate -a` without -p (attribute dump)", attr, [], [], ["keychain-record"])
case("dialog-403", "the enrollment error dialog, pasted", "Remote Management\nThe MDM server for your organization returned an unexpected status (403).\n", [], [], ["error-text"])
case("jamf-log-and-cert", "Jamf log lines followed by the certificate",
     "2026-11-02 09:14:03 [ERROR] dEnrollmentIssuerVerifier - Unable to validate issuer: sun.security.provider.certpath.SunCertPathBuilderException\n"
     "2026-11-02 09:14:03 [WARN ] FAILED_SIGNATURE_CHECK for device enrollment\n" + sample, LEAF, [], ["error-text"])

(out / "cases.json").write_text(json.dumps(cases, indent=1) + "\n")
print(f"{len(cases)} cases in {out}")
