#!/usr/bin/env python3
"""Generates the benchmark workloads into bench/out/ (not committed; deterministic sizes).

A: a 1,000-certificate keychain-style dump (hash lines + PEM), four hierarchies —
   RSA-2048/SHA-256, RSA-1024/SHA-256, P-256/SHA-256, P-384/SHA-384 — each root → intermediate →
   248 leaves. Also the roots, intermediates and one file per leaf for `openssl verify`.
B: a 10,000-row fleet CSV (serial, name, certificate): device identities issued by a generated
   "Apple iPhone Device CA" (RSA-1024 like Apple's; SHA-256, since `cryptography` no longer signs
   with SHA-1), plus the real expired apsd leaf every 1,000 rows.
C: a ~1 MB signed profile (DER CMS, openssl cms -sign).
H: a hostile paste (issue 19 item 3): 3,000 self-signed P-256 CA certificates sharing one subject,
   each with its own key (as tools/make_same_subject.sh makes 60 for the tests), ~1.4 MB: every
   one is a candidate issuer of every other. It must end in under 2 s, CLI and page, with the
   certificates past the report's bound said to be not checked.
Needs Python's `cryptography` (Debian's python3-cryptography) and openssl.
"""
import datetime, hashlib, os, pathlib, random, subprocess, sys
from cryptography import x509
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa, ec

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
OUT.mkdir(parents=True, exist_ok=True)
random.seed(7)
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)

def name(cn, o=None, ou=None, c=None):
    attrs = []
    if c: attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, c))
    if o: attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, o))
    if ou: attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)

def cert(subject, key, issuer, issuer_key, h, ca, days=3650, start=NOW, path_len=None, eku=False):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
         .serial_number(random.getrandbits(63) + 1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=path_len if ca else None), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False, key_encipherment=not ca, data_encipherment=False,
                                      key_agreement=False, key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=True)
    return b.sign(issuer_key, h)

pem = lambda c: c.public_bytes(serialization.Encoding.PEM).decode()
der = lambda c: c.public_bytes(serialization.Encoding.DER)

def dump(certs):
    s = []
    for c in certs:
        d = der(c)
        s.append(f"SHA-256 hash: {hashlib.sha256(d).hexdigest().upper()}\nSHA-1 hash: {hashlib.sha1(d).hexdigest().upper()}\n{pem(c)}")
    return "".join(s)

# --- A -------------------------------------------------------------------------------------
kinds = [
    ("RSA-2048", lambda: rsa.generate_private_key(65537, 2048), hashes.SHA256()),
    ("RSA-1024", lambda: rsa.generate_private_key(65537, 1024), hashes.SHA256()),
    ("P-256", lambda: ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()),
    ("P-384", lambda: ec.generate_private_key(ec.SECP384R1()), hashes.SHA384()),
]
a_all, roots, inters, ikeys = [], [], [], []
leafdir = OUT / "a-leaves"; leafdir.mkdir(exist_ok=True)
for f in leafdir.glob("*.pem"): f.unlink()
n = 0
for label, gen, h in kinds:
    rk, ik = gen(), gen()
    r = cert(name(f"bench root {label}"), rk, name(f"bench root {label}"), rk, h, True)
    i = cert(name(f"bench intermediate {label}"), ik, r.subject, rk, h, True, path_len=0)
    roots.append(r); inters.append(i); ikeys.append(ik); a_all += [r, i]
    lk = gen()  # one key per hierarchy: the cost measured is verification, not key variety
    for j in range(248):
        l = cert(name(f"bench leaf {label} {j}"), lk, i.subject, ik, h, False, days=825, eku=True)
        a_all.append(l); n += 1
        (leafdir / f"{n:04}.pem").write_text(pem(l))
assert len(a_all) == 1000
(OUT / "workload-a.txt").write_text(dump(a_all))
(OUT / "workload-a-roots.pem").write_text("".join(pem(c) for c in roots))
(OUT / "workload-a-intermediates.pem").write_text("".join(pem(c) for c in inters))
# The floor (issue 23 §2): every signature of A (each certificate by its issuer's key, the roots'
# own included) as WebCrypto takes it, for bench/browsers.mjs to verify with WebCrypto alone.
by_subject = {c.subject: c for c in a_all if c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca}
def web_check(c):
    key = by_subject[c.issuer].public_key()
    spki = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    h = c.signature_hash_algorithm.name.upper().replace("SHA", "SHA-")
    if isinstance(key, rsa.RSAPublicKey):
        imp, ver, sig = {"name": "RSASSA-PKCS1-v1_5", "hash": h}, {"name": "RSASSA-PKCS1-v1_5"}, c.signature
    else:
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
        size = (key.curve.key_size + 7) // 8
        r, s_ = decode_dss_signature(c.signature)
        imp, ver, sig = {"name": "ECDSA", "namedCurve": f"P-{key.curve.key_size}"}, {"name": "ECDSA", "hash": h}, r.to_bytes(size, "big") + s_.to_bytes(size, "big")
    b64 = lambda b: __import__("base64").b64encode(b).decode()
    return {"import": imp, "verify": ver, "spki": b64(spki), "signature": b64(sig), "message": b64(c.tbs_certificate_bytes)}
import json
(OUT / "workload-a-signatures.json").write_text(json.dumps([web_check(c) for c in a_all]))

# --- B -------------------------------------------------------------------------------------
fr = rsa.generate_private_key(65537, 2048); fi = rsa.generate_private_key(65537, 2048); fd = rsa.generate_private_key(65537, 1024)
froot = cert(name("Apple Root CA", "Apple Inc.", "Apple Certification Authority", "US"), fr, name("Apple Root CA", "Apple Inc.", "Apple Certification Authority", "US"), fr, hashes.SHA256(), True)
fica = cert(name("Apple iPhone Certification Authority", "Apple Inc.", "Apple Certification Authority", "US"), fi, froot.subject, fr, hashes.SHA256(), True)
fdev = cert(name("Apple iPhone Device CA", "Apple Inc.", "Apple iPhone", "US"), fd, fica.subject, fi, hashes.SHA256(), True)
leafkey = rsa.generate_private_key(65537, 1024)
real = (ROOT / "tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem").read_text()
rows = ["serial,name,apsd_certificate"]
for k in range(10_000):
    serial = f"C02{k:07d}"
    if k % 1000 == 0:
        text = real.strip()
    else:
        start = NOW - datetime.timedelta(days=random.randint(0, 500))
        text = pem(cert(name(f"{random.getrandbits(128):032X}"), leafkey, fdev.subject, fd, hashes.SHA256(), False, days=365, start=start, eku=True)).strip()
    rows.append(f'{serial},Mac {k},"{text}"')
(OUT / "workload-b-fleet.csv").write_text("\n".join(rows) + "\n")

# --- C -------------------------------------------------------------------------------------
blob = "\n".join(__import__("base64").b64encode(random.randbytes(54)).decode() for _ in range(13_000))
payloads = "".join(f"""<dict><key>PayloadType</key><string>com.apple.security.root</string><key>PayloadIdentifier</key><string>com.example.root{i}</string>
<key>PayloadContent</key><data>{__import__('base64').b64encode(der(roots[i % 4])).decode()}</data></dict>""" for i in range(8))
xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>PayloadContent</key><array>{payloads}
<dict><key>PayloadType</key><string>com.apple.ManagedClient.preferences</string><key>PayloadIdentifier</key><string>com.example.big</string>
<key>Blob</key><data>{blob}</data></dict></array>
<key>PayloadDisplayName</key><string>Big profile</string><key>PayloadIdentifier</key><string>com.example.big</string>
<key>PayloadType</key><string>Configuration</string></dict></plist>
"""
(OUT / "c-profile.xml").write_text(xml)
sk = ec.generate_private_key(ec.SECP256R1())
sc = cert(name("bench profile signer"), sk, inters[2].subject, ikeys[2], hashes.SHA256(), False)
(OUT / "c-signer.pem").write_text(pem(sc))
(OUT / "c-signer.key").write_bytes(sk.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
subprocess.run(["openssl", "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", "sha256", "-signer", OUT / "c-signer.pem", "-certfile", OUT / "workload-a-intermediates.pem",
                "-inkey", OUT / "c-signer.key", "-in", OUT / "c-profile.xml", "-out", OUT / "workload-c.mobileconfig"], check=True)
# --- H -------------------------------------------------------------------------------------
same = name("Same Subject CA", "certscope bench")
hostile = []
for k in range(3000):
    hk = ec.generate_private_key(ec.SECP256R1())
    hostile.append(cert(same, hk, same, hk, hashes.SHA256(), True))
(OUT / "workload-h.pem").write_text("".join(pem(c) for c in hostile))
print("H:", (OUT / "workload-h.pem").stat().st_size, "bytes")
print("A:", (OUT / "workload-a.txt").stat().st_size, "bytes; B:", (OUT / "workload-b-fleet.csv").stat().st_size, "bytes; C:", (OUT / "workload-c.mobileconfig").stat().st_size, "bytes")
