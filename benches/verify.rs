//! Chains verified per second, natively, for the three key types that matter here:
//! RSA-2048/SHA-256, RSA-1024/SHA-1 (Apple's device PKI) and ECDSA P-256. A fresh signature
//! cache per chain, so every signature is really checked. Run: `cargo bench --bench verify`.
//! Prints numbers; asserts nothing about speed.

use certscope::input::{read, Source};
use certscope::time::Timestamp;
use certscope::trust::{path_verdict, Pool, SignatureCache, StrictOptions, TrustStore};
use std::time::{Duration, Instant};

fn load(case: &str) -> (certscope::cert::Certificate, Vec<certscope::cert::Certificate>, TrustStore) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains/");
    let file = |f: &str| std::fs::read(format!("{dir}{case}/{f}")).unwrap_or_default();
    let certs = |f: &str| read(&[Source::file(f, file(f))]).certificates().cloned().collect::<Vec<_>>();
    let leaf = certs("leaf.pem").remove(0);
    (leaf, certs("untrusted.pem"), TrustStore::with_anchors(certs("trusted.pem")))
}

fn main() {
    let at = Timestamp::parse("2027-06-01").unwrap_or(Timestamp(0));
    println!("| chain | signatures per chain | chains/s |");
    println!("|---|---|---|");
    for (label, case) in [("RSA-2048/SHA-256", "rsa-chain"), ("RSA-1024/SHA-1", "rsa1024-sha1-chain"), ("ECDSA P-256 (P-384 root)", "ecdsa-chain")] {
        let (leaf, inter, store) = load(case);
        let refs: Vec<_> = inter.iter().collect();
        let pool = Pool::new(&refs, &store);
        let mut n = 0u32;
        let mut sigs = 0;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            let mut cache = SignatureCache::default();
            let v = path_verdict(&leaf, &pool, &store, at, &StrictOptions::default(), &mut cache);
            assert!(v.ok, "{case}: {:?}", v.reasons);
            sigs = cache.verified;
            n += 1;
        }
        println!("| {label} | {sigs} | {:.0} |", f64::from(n) / started.elapsed().as_secs_f64());
    }
    // Apple's rule on the real device certificate: leaf + three pinned CA signatures.
    let store = TrustStore::builtin();
    let leaf = read(&[Source::file(
        "leaf",
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).unwrap_or_default(),
    )])
    .certificates()
    .next()
    .cloned();
    if let (Some(leaf), Some(apple)) = (leaf, store.apple.as_ref()) {
        let mut n = 0u32;
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(2) {
            let v = certscope::trust::apple::apple_device_rule(&leaf, apple, &mut SignatureCache::default());
            assert!(v.ok);
            n += 1;
        }
        println!("| Apple device rule (real apsd leaf, 4 signatures) | 4 | {:.0} |", f64::from(n) / started.elapsed().as_secs_f64());
    }
}
