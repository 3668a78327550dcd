//! Mozilla's roots on demand: the page starts without them (`mozilla-roots.der`, 45 KB gzip) and
//! fetches them only when [`certscope::report::needs_public_roots`] says a report could use them.
//! When it says no, the report made without them must be the report made with them, byte for
//! byte: checked here on every fixture (each file on its own, PKITS and the signature corpus
//! aside), and the two facts the rule rests on are checked against the crates themselves.

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::anchors::public_roots;
use certscope::trust::{AnchorKind, AppleCas, TrustStore};
use std::path::{Path, PathBuf};

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn apple_only() -> TrustStore {
    TrustStore::with_public_roots(AppleCas::load(), Vec::new())
}

fn json(sources: &[Source], store: &TrustStore, at: Timestamp) -> String {
    let mut report = certscope::analyze(sources, store, at);
    report.elapsed_ms = 0.0;
    serde_json::to_string_pretty(&report).expect("json") // ok: test
}

fn needs(sources: &[Source]) -> bool {
    certscope::report::needs_public_roots(&certscope::input::read(sources), &apple_only())
}

fn file(rel: &str) -> Vec<Source> {
    vec![Source::file(rel, std::fs::read(Path::new(FIX).join(rel)).expect("fixture"))]
    // ok: test
}

#[test]
fn no_mozilla_root_bears_the_name_of_one_of_apples_cas() {
    let store = apple_only();
    let apple: Vec<&str> = store
        .anchors
        .iter()
        .filter(|a| matches!(a.kind, AnchorKind::AppleRoot | AnchorKind::AppleAttestationRoot))
        .map(|a| a.subject.key.as_str())
        .chain(store.intermediates.iter().map(|c| c.subject.key.as_str()))
        .collect();
    assert!(apple.len() >= 20, "{apple:?}");
    for root in public_roots() {
        assert!(!apple.contains(&root.subject.key.as_str()), "a Mozilla root is named like one of Apple's CAs: {}", root.subject.key);
    }
    // Apple's intermediates are issued under Apple's names only: a path through them never
    // leaves Apple's CAs.
    for c in &store.intermediates {
        assert!(!store.reaches_past_apple([c.issuer.key.as_str()]), "{} is issued by {}", c.subject.key, c.issuer.key);
    }
}

#[test]
fn apple_inputs_need_no_public_roots_and_public_ones_do() {
    assert!(!needs(&file("apple/leaf-device-apsd-2018-expired-sha1.pem")));
    assert!(!needs(&file("apple/sample-security-find-certificate-apsd-keychain.txt")));
    assert!(!needs(&file("apple/apple-iphone-device-ca-fullchain.pem")));
    assert!(!needs(&[]));
    assert!(needs(&file("profiles/letsencrypt-ecdsa-der-2026.mobileconfig")));
    assert!(needs(&file("profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig")));
    // A self-signed root pasted alone may be one of Mozilla's.
    assert!(needs(&file("chains/rsa-chain/trusted.pem")));
}

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("fixtures dir") {
        // ok: test
        let p = e.expect("entry").path(); // ok: test
        if p.is_dir() {
            if !matches!(p.file_name().and_then(|n| n.to_str()), Some("pkits" | "signatures")) {
                fixtures(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

#[test]
fn without_the_roots_the_report_is_the_same_whenever_they_are_not_fetched() {
    let mut files = Vec::new();
    fixtures(Path::new(FIX), &mut files);
    files.sort();
    let (without, with) = (apple_only(), TrustStore::builtin());
    let mut skipped = 0;
    for at in ["2019-06-01T00:00:00Z", "2026-11-29T00:00:00Z"] {
        let at = Timestamp::parse(at).expect("time"); // ok: test
        for f in &files {
            let sources = vec![Source::file(f.display().to_string(), std::fs::read(f).expect("fixture"))]; // ok: test
            if needs(&sources) {
                continue;
            }
            skipped += 1;
            assert_eq!(json(&sources, &without, at), json(&sources, &with, at), "{}: the report differs without Mozilla's roots", f.display());
        }
    }
    // Most of the corpus is Apple's PKI, devices and profiles under Apple: the rule spares them.
    assert!(skipped >= 60, "only {skipped} fixture evaluations spared the fetch");
}
