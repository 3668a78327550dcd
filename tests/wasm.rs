//! The core compiled to wasm32 and run in headless Chromium (wasm-bindgen-test): the same
//! verdicts as natively, no clock read (SystemTime::now panics on wasm32), signatures checked by
//! the browser's WebCrypto (the page's build has no RustCrypto), and the report serialising to
//! the CLI's JSON.
#![cfg(target_arch = "wasm32")]

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::{SignatureResults, TrustStore};
use certscope::Report;
use sha2::{Digest, Sha256};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("fixtures/apple/sample-security-find-certificate-apsd-keychain.txt");
const SECTIGO: &[u8] = include_bytes!("fixtures/profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig");
const LETSENCRYPT: &[u8] = include_bytes!("fixtures/profiles/letsencrypt-ecdsa-der-2026.mobileconfig");

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("test time") // ok: test
}

/// The page's WebCrypto verifier (src/ui/webcrypto.rs), included as the page includes it.
#[path = "../src/ui/webcrypto.rs"]
#[allow(dead_code)]
mod webcrypto;

/// What the page's parts share from the browser (src/ui/runtime.rs): the opener calls its loader.
#[path = "../src/ui/runtime.rs"]
#[allow(dead_code)]
mod runtime;

/// The page's opener for encrypted items (src/ui/unlock.rs), which the page's loop calls.
#[path = "../src/ui/unlock.rs"]
#[allow(dead_code)]
mod unlock;

#[path = "common/sig_corpus.rs"]
mod sig_corpus;

/// The page's loop (src/ui/report_job.rs): a `ReportJob` stepped a slice at a time, with
/// WebCrypto's answers between steps.
#[path = "../src/ui/report_job.rs"]
#[allow(dead_code)]
mod report_job;

/// The report, with WebCrypto doing the signature checks slice by slice as the page does, and
/// every result WebCrypto gave.
async fn analyze(sources: &[Source], store: &TrustStore, when: Timestamp) -> (Report, SignatureResults) {
    let read = certscope::input::read(sources);
    let job = certscope::report::ReportJob::new(sources, &read, store, when, certscope::trust::StrictOptions::default(), SignatureResults::new());
    let mut results = SignatureResults::new();
    let report = report_job::run_seeing_answers(job, sig_corpus::SLICE, || false, |answers| results.extend(answers.clone())).await;
    (report.expect("not superseded"), results) // ok: test
}

#[wasm_bindgen_test]
async fn apsd_sample_gives_both_verdicts_in_the_browser() {
    let store = TrustStore::builtin();
    let (r, _) = analyze(&[Source::text("pasted text", SAMPLE)], &store, at("2026-11-29")).await;
    let c = r.certificates().next().expect("a certificate"); // ok: test
    assert_eq!(c.sha256, "4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8");
    assert!(c.verdicts.apple_device.applies && c.verdicts.apple_device.ok);
    assert!(!c.verdicts.strict.ok);
    assert_eq!(r.diagnosis.as_ref().map(|d| d.code), Some(certscope::report::DiagnosisCode::AppleDeviceExpired403));
    assert!(c.hash_lines.iter().all(|h| h.matches));
}

#[wasm_bindgen_test]
async fn ber_rsa_and_der_ecdsa_profiles_verify_in_the_browser() {
    let store = TrustStore::builtin();
    for (name, bytes, when) in [("sectigo", SECTIGO, "2024-06-01"), ("letsencrypt", LETSENCRYPT, "2026-03-15")] {
        let (r, _) = analyze(&[Source::file(name, bytes.to_vec())], &store, at(when)).await;
        let Some(certscope::report::Item::SignedData(sd)) = r.items.first() else { panic!("{name}: no signed data") };
        assert!(sd.signers.iter().all(|s| s.signature_ok && s.digest_ok == Some(true)), "{name}");
        assert_eq!(sd.macos_label.as_str(), "verified", "{name}: {}", sd.macos_label_reason);
    }
}

#[wasm_bindgen_test]
async fn report_serialises_to_the_cli_json_contract() {
    let store = TrustStore::builtin();
    let (r, _) = analyze(&[Source::text("pasted text", SAMPLE)], &store, at("2026-11-29")).await;
    let v = serde_json::to_value(&r).expect("json"); // ok: test
    assert_eq!(v["evaluated_at"], "2026-11-29T00:00:00Z");
    assert_eq!(v["items"][0]["kind"], "certificate");
    assert_eq!(v["items"][0]["verdicts"]["apple_device"]["ok"], true);
    assert_eq!(v["diagnosis"]["code"], "apple-device-expired-403");
}

#[wasm_bindgen_test]
async fn hostile_input_does_not_panic_in_the_browser() {
    let store = TrustStore::builtin();
    let mut deep = [0x30u8, 0x80].repeat(5000);
    deep.extend(vec![0u8; 10_000]);
    for bytes in [deep, vec![0xff; 100], b"-----BEGIN CERTIFICATE-----\nMII".to_vec()] {
        let (r, _) = analyze(&[Source::file("hostile", bytes)], &store, at("2026-01-01")).await;
        assert!(!r.problems.is_empty());
    }
}

const EXPECTED: &str = include_str!("fixtures/signatures/expected.json");

fn word(r: &Result<(), certscope::trust::signature::SigError>) -> String {
    match r {
        Ok(()) => "ok".into(),
        Err(e) => format!("{e:?}"),
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2).map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex")).collect()
    // ok: test
}

/// Equivalence over the whole corpus (tests/common/sig_corpus.rs: limbo, the chains, CMS and
/// profiles, the real certificates): every signature WebCrypto checks gets the answer the native
/// verifier recorded for it (tests/fixtures/signatures/expected.json, kept up to date by
/// tests/signatures.rs), and every report is the native one, byte for byte.
#[wasm_bindgen_test]
async fn webcrypto_gives_the_native_verifiers_answers_on_the_whole_corpus() {
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).expect("expected.json"); // ok: test
    let recorded = expected["corpus"].as_array().expect("corpus"); // ok: test
    let cases = sig_corpus::cases();
    assert_eq!(cases.len(), recorded.len(), "the corpus changed: rerun tests/signatures.rs with CERTSCOPE_BLESS=1");
    let mut checked = 0;
    let mut differences = Vec::new();
    for (case, rec) in cases.iter().zip(recorded) {
        assert_eq!(rec["name"].as_str(), Some(case.name.as_str()));
        let native: std::collections::HashMap<&str, &str> =
            rec["checks"].as_array().into_iter().flatten().filter_map(|c| Some((c[0].as_str()?, c[1].as_str()?))).collect();
        let (report, results) = analyze(&case.sources, &case.store(), case.at).await;
        if let Some(digest) = rec["checks_sha256"].as_str() {
            // Thousands of checks (limbo's pathological chain): compared as a digest.
            let mut web: Vec<(String, String)> = results.iter().map(|((k, t), r)| (format!("{k}/{t}"), word(r))).collect();
            web.sort();
            if sig_corpus::answers_digest(&web) != digest || Some(web.len() as u64) != rec["check_count"].as_u64() {
                differences.push(format!(
                    "{}: {} checks in the page, answered otherwise than the {} recorded natively",
                    case.name,
                    web.len(),
                    rec["check_count"]
                ));
            }
            checked += web.len();
        }
        for ((key, target), r) in results.iter().filter(|_| rec.get("checks_sha256").is_none()) {
            let id = format!("{key}/{target}");
            let web = word(r);
            if native.get(id.as_str()) != Some(&web.as_str()) {
                differences.push(format!("{}: {id}: web {web}, native {:?}", case.name, native.get(id.as_str())));
            }
            checked += 1;
        }
        // Every check the page made is one the native rounds asked, with the same answer (the
        // loop above). The page may make fewer: natively every candidate of a depth is asked at
        // once, and the page, with the likely checks verified ahead (`ReportJob::likely_checks`),
        // has answers before a round would ask; the report is the same (below).
        if rec.get("checks_sha256").is_none() && results.len() > native.len() {
            differences.push(format!("{}: {} checks in the page, {} natively", case.name, results.len(), native.len()));
        }
        let json = sig_corpus::Case::json(&report);
        if rec["report_sha256"].as_str() != Some(hex(&Sha256::digest(json.as_bytes())).as_str()) {
            differences.push(format!("{}: the report differs from the native one: {}", case.name, report.summary));
        }
    }
    assert!(differences.is_empty(), "WebCrypto and the native verifier disagree:\n{}", differences.join("\n"));
    assert!(checked > 300, "only {checked} signatures went through WebCrypto");
}

/// Where a browser may answer otherwise than the native verifier, and what it answers then:
/// a compressed EC point, which not every browser's `importKey` reads, is "not checked" there,
/// never a verdict.
const BROWSER_MAY_DIFFER: &[(&str, &str)] = &[("p256 compressed point", "NotChecked(BrowserRefusedKey)")];

/// The edge cases no fixture has (an EC point off the curve, high s, zero r or s, RSA exponent 1,
/// even and oversize moduli, Ed25519's non-canonical S and small-order keys): the browser's
/// answers are the native verifier's, recorded in expected.json.
#[wasm_bindgen_test]
async fn webcrypto_answers_the_edge_cases_as_the_native_verifier() {
    let expected: serde_json::Value = serde_json::from_str(EXPECTED).expect("expected.json"); // ok: test
    let mut checks = Vec::new();
    let mut native = std::collections::HashMap::new();
    for e in expected["edge_cases"].as_array().expect("edge cases") {
        let k = &e["key"];
        let spki_der = unhex(k["spki"].as_str().unwrap_or_default());
        let key = certscope::cert::PublicKey {
            algorithm: k["algorithm"].as_str().unwrap_or_default().into(),
            bits: None,
            curve: k["curve"].as_str().map(str::to_string),
            spki_sha256: certscope::cert::hex_upper(&Sha256::digest(&spki_der)),
            spki_der,
            algorithm_oid: k["algorithm_oid"].as_str().unwrap_or_default().into(),
            key_bytes: unhex(k["key_bytes"].as_str().unwrap_or_default()),
        };
        let name = e["name"].as_str().unwrap_or_default().to_string();
        native.insert(name.clone(), e["native"].as_str().unwrap_or_default().to_string());
        checks.push(certscope::trust::SignatureCheck {
            id: (key.spki_sha256.clone(), name),
            key,
            algorithm_oid: e["algorithm_oid"].as_str().unwrap_or_default().into(),
            params: None,
            message: unhex(e["message"].as_str().unwrap_or_default()),
            signature: unhex(e["signature"].as_str().unwrap_or_default()),
        });
    }
    assert!(checks.len() >= 20);
    let results = webcrypto::verify_all(&checks).await;
    let mut differences = Vec::new();
    for c in &checks {
        let web = results.get(&c.id).map(word).unwrap_or_else(|| "no answer".into());
        let want = &native[&c.id.1];
        let allowed = BROWSER_MAY_DIFFER.iter().any(|(n, alt)| *n == c.id.1 && web == *alt);
        if &web != want && !allowed {
            differences.push(format!("{}: web {web}, native {want}", c.id.1));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

const FULLCHAIN: &str = include_str!("fixtures/apple/apple-iphone-device-ca-fullchain.pem");

/// A newer input stops the page's evaluation between two slices (src/ui/evaluate.rs asks its
/// generation counter), and reading likewise; not superseded, the same loop gives the report.
#[wasm_bindgen_test]
async fn a_newer_input_stops_the_evaluation_between_slices() {
    let store = TrustStore::builtin();
    let sources = [Source::text("chain", FULLCHAIN)];
    let read = certscope::input::read(&sources);
    assert!(read.items.len() > 1, "{} items", read.items.len());
    let asked = std::cell::Cell::new(0);
    let superseded = || {
        asked.set(asked.get() + 1);
        true
    };
    let job = certscope::report::ReportJob::new(&sources, &read, &store, at("2026-11-29"), certscope::trust::StrictOptions::default(), SignatureResults::new());
    assert!(report_job::run(job, 1, &superseded).await.is_none());
    assert_eq!(asked.get(), 1, "stopped after the first step");
    assert!(report_job::read(&sources, &certscope::keys::Passwords::default(), 1, &superseded).await.is_none());
    let job = certscope::report::ReportJob::new(&sources, &read, &store, at("2026-11-29"), certscope::trust::StrictOptions::default(), SignatureResults::new());
    let report = report_job::run(job, 1, || false).await.expect("a report"); // ok: test
    assert_eq!(report.certificates().count(), read.items.len());
}

/// The DER of a fixture's first PEM block.
fn pem_der(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).expect("base64")
    // ok: test
}

/// One EC key in two items (its SEC1 and its PKCS#8 form, as `openssl ec` and `openssl pkey`
/// write it): the page's opener asks WebCrypto for its public key once, and both items wait on
/// that answer, so the second run of the opener opens both. Before, only the first item was
/// "waiting" (the second's question was already on the list), so the page left the second form,
/// or a bundle holding the same key, "not checked" however WebCrypto answered.
#[wasm_bindgen_test]
async fn every_item_holding_a_key_asked_of_webcrypto_waits_for_its_answer() {
    use certscope::keys::unlock::{open, Locked, LockedKind, Unlocked};
    use certscope::keys::{KeyForm, Passwords};
    let sec1 = Locked::new(LockedKind::Key(KeyForm::Sec1), &pem_der(include_str!("fixtures/secrets/ec-key-traditional.pem")));
    let pkcs8 = Locked::new(LockedKind::Key(KeyForm::Pkcs8), &pem_der(include_str!("fixtures/secrets/ec-key-pkcs8.pem")));
    let locked = [sec1.clone(), pkcs8.clone()];
    let pw = Passwords::default();
    let first = open(&locked, &pw);
    assert_eq!(first.wanted.len(), 1, "one key, one question");
    assert_eq!(first.waiting, [sec1.id, pkcs8.id]);
    let derived = webcrypto::derive_public_keys(&first.wanted).await;
    assert_eq!(derived.len(), 1, "WebCrypto computes it");
    let again: Vec<Locked> = locked.iter().filter(|l| first.waiting.contains(&l.id)).cloned().collect();
    let second = open(&again, &pw.with_derived(derived));
    let spki: Vec<_> = second.answers.iter().map(|(_, a)| if let Unlocked::Key(Ok(s)) = a { Some(s.clone()) } else { None }).collect();
    assert_eq!(spki.len(), 2);
    assert!(spki[0].is_some() && spki[0] == spki[1], "{:?}", second.answers);
}
