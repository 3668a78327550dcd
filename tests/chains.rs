//! Generated chains (tests/fixtures/chains, made by tools/make_chains.sh with OpenSSL): forged
//! Apple chains, tampered signatures, constraint violations, other algorithms — both verdicts,
//! the headline reason, and a differential against `openssl verify` recorded at generation.

use certscope::input::Source;
use certscope::report::CertificateItem;
use certscope::time::Timestamp;
use certscope::trust::{ReasonCode, TrustStore};
use std::path::PathBuf;

struct Case {
    name: String,
    builtin: bool,
    at: Timestamp,
    apple: String,
    strict: String,
    openssl: String,
    openssl_no_time: String,
}

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains"))
}

fn cases() -> Vec<Case> {
    let tsv = std::fs::read_to_string(dir().join("cases.tsv")).expect("cases.tsv"); // ok: test
    tsv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Case {
                name: f[0].into(),
                builtin: f[1] == "builtin",
                at: Timestamp::parse(f[2]).expect("time"), // ok: test
                apple: f[3].into(),
                strict: f[4].into(),
                openssl: f[5].into(),
                openssl_no_time: f[6].into(),
            }
        })
        .collect()
}

fn evaluate(c: &Case) -> CertificateItem {
    let read = |f: &str| std::fs::read(dir().join(&c.name).join(f)).expect("case file"); // ok: test
    let trusted = certscope::input::read(&[Source::file("trusted", read("trusted.pem"))]);
    let store = if c.builtin { TrustStore::builtin() } else { TrustStore::with_anchors(trusted.certificates().cloned().collect()) };
    let sources = [Source::file("leaf.pem", read("leaf.pem")), Source::file("untrusted.pem", read("untrusted.pem"))];
    let r = certscope::analyze(&sources, &store, c.at);
    let leaf = r.certificates().next().cloned().expect("leaf decodes"); // ok: test
    leaf
}

fn word(ok: bool) -> &'static str {
    if ok {
        "ok"
    } else {
        "failed"
    }
}

#[test]
fn both_verdicts_match_the_expectations() {
    let mut bad = Vec::new();
    for c in cases() {
        let item = evaluate(&c);
        let a = &item.verdicts.apple_device;
        let apple = if a.applies { word(a.ok) } else { "n/a" };
        let strict = word(item.verdicts.strict.ok);
        if apple != c.apple || strict != c.strict {
            bad.push(format!("{}: apple {apple} (want {}), strict {strict} (want {}): {:?}", c.name, c.apple, c.strict, item.verdicts.strict.reasons));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn headlines_name_the_right_cause() {
    let want = [
        ("rsa-chain-expired", "expired"),
        ("rsa-chain-not-yet-valid", "not-yet-valid"),
        ("expired-leaf", "expired"),
        ("missing-intermediate", "untrusted"),
        ("untrusted-root", "untrusted"),
        ("tampered-leaf", "bad-signature"),
        ("non-ca-issuer", "issuer-not-ca"),
        ("pathlen-violation", "path-length"),
        ("name-constraint-violation", "name-not-permitted"),
        ("loop", "untrusted"),
        ("long-chain", "chain-too-long"),
        ("ed25519-tampered-leaf", "bad-signature"),
        ("forged-apple-chain", "bad-signature"),
        ("forged-device-ca", "bad-signature"),
        ("forged-short-chain", "bad-signature"),
        ("tampered-apple-leaf", "bad-signature"),
        ("real-apple-leaf-expired", "expired"),
    ];
    let all = cases();
    for (name, code) in want {
        let c = all.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no case {name}"));
        let item = evaluate(c);
        assert_eq!(item.verdicts.strict.reason_codes.first().map(|c| c.as_str()), Some(code), "{name}: {:?}", item.verdicts.strict.reasons);
    }
    for name in ["forged-apple-chain", "forged-device-ca", "forged-short-chain", "tampered-apple-leaf"] {
        let c = all.iter().find(|c| c.name == name).expect("case"); // ok: test
        let item = evaluate(c);
        assert!(item.verdicts.apple_device.reasons[0].contains("not signed by Apple's key: forged or damaged"), "{name}");
    }
}

/// Where certscope and `openssl verify -x509_strict` may differ, and why.
const DOCUMENTED: &[(&str, &str)] = &[
    ("long-chain", "certscope bounds paths at eight intermediates (a work budget for untrusted input); OpenSSL's default depth is 100"),
    ("real-apple-leaf", "OpenSSL anchors at Apple Root CA, where the chain is never time-valid (Device CA expired 2014); certscope's strict check anchors device identities at the Device CA, as date-checking MDM servers do"),
];

#[test]
fn differential_against_openssl() {
    let mut disagreements = Vec::new();
    for c in cases() {
        let item = evaluate(&c);
        let s = &item.verdicts.strict;
        // With dates: certscope's strict verdict.
        let with_time = word(s.ok);
        // Without dates: Apple's rule for device identities, otherwise strict ignoring time.
        let a = &item.verdicts.apple_device;
        let no_time =
            if a.applies { word(a.ok) } else { word(s.ok || s.reason_codes.iter().all(|r| matches!(*r, ReasonCode::Expired | ReasonCode::NotYetValid))) };
        if with_time != c.openssl || no_time != c.openssl_no_time {
            if !DOCUMENTED.iter().any(|(n, _)| *n == c.name) {
                disagreements.push(format!("{}: certscope {with_time}/{no_time}, openssl {}/{}", c.name, c.openssl, c.openssl_no_time));
            }
        } else {
            assert!(!DOCUMENTED.iter().any(|(n, _)| *n == c.name), "{}: documented difference no longer occurs", c.name);
        }
    }
    assert!(disagreements.is_empty(), "undocumented disagreements with openssl:\n{}", disagreements.join("\n"));
}
