//! The inputs both signature verifiers are compared on: x509-limbo, the chains, the CMS and
//! profile fixtures and the real certificates, compiled into the test (the wasm build reads no
//! files). tests/signatures.rs records the native verifier's answers for them in
//! tests/fixtures/signatures/expected.json; tests/wasm.rs requires WebCrypto to give the same.
#![allow(dead_code)]

use certscope::cert::Certificate;
use certscope::input::{self, Source};
use certscope::time::Timestamp;
use certscope::trust::TrustStore;

/// Items per step, as the page evaluates (src/ui/evaluate.rs `SLICE`): the native recording
/// (tests/signatures.rs) and the browser's run (tests/wasm.rs) step the same slices, so they ask
/// for the same checks.
pub const SLICE: usize = 32;

/// Above this many checks a case's answers are recorded as a digest, not one by one (limbo's
/// pathological chain asks for thousands).
pub const LISTED_CHECKS: usize = 500;

/// The digest of a case's answers: SHA-256 over "id answer\n" lines in sorted order.
pub fn answers_digest(sorted: &[(String, String)]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (id, answer) in sorted {
        h.update(format!("{id} {answer}\n").as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

pub struct Case {
    pub name: String,
    pub sources: Vec<Source>,
    /// Roots added to the built-in ones (limbo's trusted certificates, a chain's trusted.pem).
    pub anchors: Vec<Certificate>,
    /// Limbo's cases trust only their own roots.
    pub only_anchors: bool,
    pub at: Timestamp,
}

impl Case {
    pub fn store(&self) -> TrustStore {
        if self.only_anchors {
            return TrustStore::with_anchors(self.anchors.clone());
        }
        let mut store = TrustStore::builtin();
        if !self.anchors.is_empty() {
            store.add_anchors(self.anchors.iter().cloned());
        }
        store
    }

    /// The report's JSON without the time it took.
    pub fn json(report: &certscope::Report) -> String {
        let mut v = serde_json::to_value(report).expect("json"); // ok: test
        v["elapsed_ms"] = serde_json::Value::from(0.0);
        v.to_string()
    }
}

fn certs(text: &str) -> Vec<Certificate> {
    input::read(&[Source::text("anchors", text)]).certificates().cloned().collect()
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

macro_rules! chains {
    ($($dir:literal),* $(,)?) => {
        vec![$((
            $dir,
            concat!(include_str!(concat!("../fixtures/chains/", $dir, "/leaf.pem")), include_str!(concat!("../fixtures/chains/", $dir, "/untrusted.pem"))),
            include_str!(concat!("../fixtures/chains/", $dir, "/trusted.pem")),
        )),*]
    };
}

macro_rules! files {
    ($($path:literal),* $(,)?) => {
        vec![$(($path, &include_bytes!(concat!("../fixtures/", $path))[..])),*]
    };
}

pub fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let chains = chains![
        "duplicate-intermediate",
        "ecdsa-chain",
        "ed25519-chain",
        "ed25519-tampered-leaf",
        "expired-leaf",
        "forged-apple-chain",
        "forged-device-ca",
        "forged-short-chain",
        "long-chain",
        "loop",
        "missing-intermediate",
        "name-constraint-ok",
        "name-constraint-violation",
        "non-ca-issuer",
        "pathlen-violation",
        "real-apple-leaf",
        "real-apple-leaf-expired",
        "rsa-chain",
        "rsa-chain-expired",
        "rsa-chain-not-yet-valid",
        "rsa-pss-chain",
        "rsa1024-sha1-chain",
        "tampered-apple-leaf",
        "tampered-leaf",
        "untrusted-root",
    ];
    for (dir, inputs, trusted) in chains {
        out.push(Case {
            name: format!("chains/{dir}"),
            sources: vec![Source::text("chain", inputs)],
            anchors: certs(trusted),
            only_anchors: false,
            at: at("2026-12-30T00:16:49Z"),
        });
    }
    let files = files![
        "apple/sample-security-find-certificate-apsd-keychain.txt",
        "apple/apple-iphone-device-ca-fullchain.pem",
        "apple/leaf-device-apsd-2018-expired-sha1.pem",
        "apple/apple-enterprise-attestation-root-ca-2022-p384.pem",
        "apple-pki/leaf-apple-development-szorc-2021-2022.pem",
        "apple-pki/leaf-developer-id-application-szorc-2021-2026.pem",
        "apple-pki/leaf-developer-id-installer-ria-2022-2027.pem",
        "apple-pki/leaf-mdm-push-apsp-2024-2025.pem",
        "apple-pki/apple-wwdr-ca-g6-2021-2036-p384.pem",
        "apple-pki/apple-wwdr-ca-g2-2014-2029-p256.pem",
        "apple-pki/apple-application-integration-ca7-g1-2023-2038-p384.pem",
        "apple-pki/developer-id-ca-g2-2021-2031.pem",
        "apple-pki/apple-root-ca-g3-2014-p384.pem",
        "apple-pki/apple-wwdr-ca-2008-2016-expired.pem",
        "apple-like/mdm-push-chain.pem",
        "apple-like/devid-installer-signed.mobileconfig",
        "attestation-like/chain.pem",
        "cms/ber-ecdsa-sha384.mobileconfig",
        "cms/ber-rsa-sha256.mobileconfig",
        "cms/der-ecdsa-sha256.mobileconfig",
        "cms/der-rsa-noattr.mobileconfig",
        "cms/der-rsa-sha1.mobileconfig",
        "cms/der-rsa-sha256.mobileconfig",
        "cms/detached-content.mobileconfig",
        "cms/forged-device-request.p7s",
        "cms/tampered-content.mobileconfig",
        "cms/tampered-signature.mobileconfig",
        "cms/two-signers.mobileconfig",
        "cms/wrong-signer-cert.mobileconfig",
        "cms/certs-only.p7b",
        "profiles/letsencrypt-ecdsa-der-2026.mobileconfig",
        "profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig",
        "real/authenticode.der",
        "real/invalid_utf8_common_name.pem",
        "real/name_attribute_unsupported_tag.pem",
    ];
    let cms_root = certs(include_str!("../fixtures/cms/trusted-root.pem"));
    for (path, bytes) in files {
        let anchors = if path.starts_with("cms/") { cms_root.clone() } else { Vec::new() };
        out.push(Case {
            name: path.to_string(),
            sources: vec![Source::file(path, bytes.to_vec())],
            anchors,
            only_anchors: false,
            at: at("2026-11-30T00:00:00Z"),
        });
    }
    let limbo: serde_json::Value = serde_json::from_str(include_str!("../fixtures/limbo-core.json")).expect("limbo json"); // ok: test
    for case in limbo["testcases"].as_array().into_iter().flatten() {
        let join = |v: &serde_json::Value| v.as_array().map(|a| a.iter().filter_map(|p| p.as_str()).collect::<Vec<_>>().join("\n")).unwrap_or_default();
        let peer = case["peer_certificate"].as_str().unwrap_or_default();
        let text = format!("{peer}\n{}", join(&case["untrusted_intermediates"]));
        let when = case["validation_time"].as_str().map(at).unwrap_or(Timestamp(1_717_200_000));
        out.push(Case {
            name: format!("limbo/{}", case["id"].as_str().unwrap_or("?")),
            sources: vec![Source::text("limbo", text)],
            anchors: certs(&join(&case["trusted_certs"])),
            only_anchors: true,
            at: when,
        });
    }
    out
}
