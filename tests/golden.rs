//! Golden JSON: the CLI's document (`--json`) for the fixtures, byte for byte, with
//! `elapsed_ms` masked — computed twice: with native signatures, and with the checks planned by
//! the core and done by a shell (`analyze_with_signatures`, as the page does), which must agree. Refactoring keeps these files identical; a change that alters the
//! JSON on purpose regenerates them with `CERTSCOPE_BLESS=1 cargo test --test golden` and the
//! diff is reviewed in the commit.

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// (golden name, fixture files, extra anchors file, evaluation time)
const CASES: &[(&str, &[&str], Option<&str>, &str)] = &[
    ("apsd-leaf-2026", &["apple/leaf-device-apsd-2018-expired-sha1.pem"], None, "2026-11-29T00:00:00Z"),
    ("apsd-leaf-2019-inside", &["apple/leaf-device-apsd-2018-expired-sha1.pem"], None, "2019-06-01T00:00:00Z"),
    ("find-certificate-paste", &["apple/sample-security-find-certificate-apsd-keychain.txt"], None, "2026-11-29T00:00:00Z"),
    ("apple-cas", &["apple/apple-iphone-device-ca-fullchain.pem", "apple/apple-enterprise-attestation-root-ca-2022-p384.pem"], None, "2026-11-29T00:00:00Z"),
    ("profile-letsencrypt", &["profiles/letsencrypt-ecdsa-der-2026.mobileconfig"], None, "2026-03-01T00:00:00Z"),
    ("profile-sectigo-ber", &["profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig"], None, "2026-11-29T00:00:00Z"),
    ("cms-der-rsa", &["cms/der-rsa-sha256.mobileconfig"], Some("cms/trusted-root.pem"), "2026-12-30T00:16:49Z"),
    ("cms-two-signers", &["cms/two-signers.mobileconfig"], Some("cms/trusted-root.pem"), "2026-12-30T00:16:49Z"),
    ("cms-tampered", &["cms/tampered-content.mobileconfig"], Some("cms/trusted-root.pem"), "2026-12-30T00:16:49Z"),
    ("cms-detached", &["cms/detached.p7s", "cms/detached-content.mobileconfig"], Some("cms/trusted-root.pem"), "2026-12-30T00:16:49Z"),
    ("cms-device-request", &["cms/forged-device-request.p7s"], None, "2026-11-29T00:00:00Z"),
    ("unsigned-profile", &["cms/unsigned-profile.mobileconfig"], None, "2026-11-29T00:00:00Z"),
    ("forged-apple-chain", &["chains/forged-apple-chain/leaf.pem", "chains/forged-apple-chain/untrusted.pem"], None, "2026-11-29T00:00:00Z"),
    ("rsa-chain", &["chains/rsa-chain/leaf.pem", "chains/rsa-chain/untrusted.pem"], Some("chains/rsa-chain/trusted.pem"), "2026-12-30T00:16:49Z"),
    (
        "pathlen-violation",
        &["chains/pathlen-violation/leaf.pem", "chains/pathlen-violation/untrusted.pem"],
        Some("chains/pathlen-violation/trusted.pem"),
        "2026-12-30T00:16:49Z",
    ),
    ("mangled-email", &["mangled/email-reply.txt"], None, "2026-11-29T00:00:00Z"),
    ("dialog-403", &["mangled/dialog-403.txt"], None, "2026-11-29T00:00:00Z"),
    ("pkcs12", &["misc/identity.p12"], None, "2026-11-29T00:00:00Z"),
];

fn document(files: &[&str], anchors: Option<&str>, at: &str) -> String {
    let sources: Vec<Source> = files
        .iter()
        .map(|f| Source::file(*f, std::fs::read(Path::new(FIX).join(f)).expect("fixture"))) // ok: test
        .collect();
    let mut store = TrustStore::builtin();
    if let Some(a) = anchors {
        let bytes = std::fs::read(Path::new(FIX).join(a)).expect("anchors"); // ok: test
        store.add_anchors(certscope::input::read(&[Source::file(a, bytes)]).certificates().cloned());
    }
    let at = Timestamp::parse(at).expect("time"); // ok: test
    let report = certscope::analyze(&sources, &store, at);
    // The same report with the signature checks done by a shell, round by round over the whole
    // input (the page does it slice by slice: tests/report_job.rs): it must be identical.
    let mut results = certscope::trust::SignatureResults::new();
    let mut rounds = 0;
    let planned = loop {
        rounds += 1;
        assert!(rounds <= 10, "signature rounds do not converge");
        match certscope::analyze_with_signatures(&sources, &store, at, results.clone()) {
            certscope::Analysis::Complete(r) => break r,
            certscope::Analysis::NeedsSignatures(checks) => {
                assert!(!checks.is_empty());
                for c in checks {
                    // What the page hands to WebCrypto decides the same refusals as the native
                    // verifier; only the arithmetic is left to the browser.
                    let native = c.verify_native();
                    match c.web() {
                        Err(e) => assert_eq!(Err(e), native, "{:?}", c.id),
                        Ok(_) => assert!(matches!(native, Ok(()) | Err(certscope::trust::signature::SigError::Mismatch)), "{:?}: {native:?}", c.id),
                    }
                    assert!(results.insert(c.id.clone(), native).is_none(), "a check was asked for twice");
                }
            }
        }
    };
    let json = |r: &certscope::Report| {
        let mut v = serde_json::to_value(r).expect("json"); // ok: test
        v["elapsed_ms"] = serde_json::Value::from(0.0);
        v
    };
    assert_eq!(json(&planned), json(&report), "{files:?}: the shell-verified report differs from the native one");
    let mut v = serde_json::to_value(&report).expect("json"); // ok: test
    v["elapsed_ms"] = serde_json::Value::from(0.0);
    serde_json::to_string_pretty(&v).expect("json") + "\n" // ok: test
}

#[test]
fn golden_json() {
    let bless = std::env::var_os("CERTSCOPE_BLESS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut differ = Vec::new();
    for (name, files, anchors, at) in CASES {
        let got = document(files, *anchors, at);
        let path = dir.join(format!("{name}.json"));
        if bless {
            std::fs::write(&path, &got).expect("write golden"); // ok: test
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want != got {
            let line = want.lines().zip(got.lines()).position(|(a, b)| a != b).unwrap_or(want.lines().count().min(got.lines().count()));
            differ.push(format!("{name}: first difference at line {}: want {:?}, got {:?}", line + 1, want.lines().nth(line), got.lines().nth(line)));
        }
    }
    assert!(differ.is_empty(), "JSON differs from tests/golden (bless with CERTSCOPE_BLESS=1 if intended):\n{}", differ.join("\n"));
}
