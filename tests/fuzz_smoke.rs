//! A deterministic fuzz smoke run on stable Rust (CI has no nightly for `cargo fuzz`): every
//! fuzz entry point over the seed corpora in fuzz/corpus/ and byte-level mutations of them.
//! A panic anywhere fails the test.

#[path = "common/hostile.rs"]
mod hostile;

use certscope::cert::Certificate;
use certscope::fleet::{Columns, FleetJob};
use certscope::input::{read, Source};
use certscope::time::Timestamp;
use certscope::trust::{path_verdict, Pool, SignatureCache, StrictOptions, TrustStore};
use std::path::Path;

const MUTATIONS_PER_SEED: usize = 60;

/// xorshift64*: reproducible mutations without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len());
        match rng.below(6) {
            0 if !v.is_empty() => v[at] ^= 1 << rng.below(8),
            1 if !v.is_empty() => v[at] = rng.next() as u8,
            2 => v.insert(at.min(v.len()), rng.next() as u8),
            3 if !v.is_empty() => {
                v.remove(at);
            }
            4 => v.truncate(at),
            _ => {
                let end = (at + rng.below(64)).min(v.len());
                let chunk = v[at..end].to_vec();
                v.splice(at..at, chunk);
            }
        }
    }
    v
}

fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().map(|e| e.path()).collect();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap_or_default()).collect()
}

fn run(target: &str, f: impl Fn(&[u8])) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ target.len() as u64);
    let mut n = 0;
    for seed in seeds(target) {
        f(&seed);
        for _ in 0..MUTATIONS_PER_SEED {
            f(&mutate(&seed, &mut rng));
            n += 1;
        }
    }
    assert!(n > 0, "{target}: no seeds");
}

#[test]
fn every_entry_point_survives_mutated_seeds() {
    let store = TrustStore::builtin();
    let at = Timestamp(1_795_000_000);
    run("input", |d| {
        let _ = read(&[Source::file("fuzz", d.to_vec())]);
        let _ = read(&[Source::text("pasted text", String::from_utf8_lossy(d).into_owned())]);
        let _ = certscope::share::redact(&certscope::share::Shared::new(String::from_utf8_lossy(d), vec![Source::file("fuzz", d.to_vec())]));
    });
    run("analyze", |d| {
        let r = certscope::analyze(&[Source::file("fuzz", d.to_vec())], &store, at);
        let _ = certscope::report::markdown(&r);
    });
    run("certificate", |d| {
        let _ = certscope::cert::Certificate::from_der(d);
    });
    run("cms", |d| {
        let _ = certscope::asn1::ber_to_der(d);
        let _ = certscope::cms::SignedData::parse(d);
    });
    run("plist", |d| {
        let _ = certscope::profile::parse(d);
        let _ = certscope::share::redact(&certscope::share::Shared::new(String::from_utf8_lossy(d), vec![Source::file("fuzz", d.to_vec())]));
    });
    // Shapes no seed has (tests/common/hostile.rs): nested 100,000 deep, XML and binary (dropping
    // such a value overflowed the stack), and a binary list expanding to 2^40 values. Each is
    // refused before it is built.
    for d in [hostile::deep_xml_plist(100_000), hostile::deep_binary_plist(100_000), hostile::doubling_binary_plist(40)] {
        assert!(certscope::profile::parse(&d).is_err());
        let _ = certscope::analyze(&[Source::file("fuzz", d)], &store, at);
    }
    run("path", |d| {
        let decoded = read(&[Source::file("fuzz", d.to_vec())]);
        let certs: Vec<_> = decoded.certificates().cloned().collect();
        if let (Some(anchor), Some(leaf)) = (certs.first(), certs.last()) {
            let s = TrustStore::with_anchors(vec![anchor.clone()]);
            let refs: Vec<_> = certs.iter().collect();
            let pool = Pool::new(&refs, &s);
            let _ = path_verdict(leaf, &pool, &s, at, &StrictOptions::default(), &mut SignatureCache::default());
        }
    });
    run("fleet", |d| {
        if let Ok(mut job) = FleetJob::new(&String::from_utf8_lossy(d), &Columns::default(), at) {
            while !job.step(64, &store) {}
        }
    });
    run("triage", |d| {
        let text = String::from_utf8_lossy(d);
        let _ = certscope::triage::find(&text);
        let _ = certscope::triage::parse_macos_date(&text);
    });
    run("share", |d| {
        let _ = certscope::share::decode(&String::from_utf8_lossy(d));
    });
}

// The signature checks one path search may make: trust::Budget's default allowance.
use certscope::trust::SIGNATURE_BUDGET;

fn pem_cert(rel: &str) -> Certificate {
    let path = format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"));
    read(&[Source::file(rel, std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}")))]).certificates().next().cloned().expect("a certificate")
    // ok: test
}

/// `n` copies of `cert` with another serial number each: the same name and key, so each is a
/// candidate issuer for `cert`'s subjects, and a signature that no longer verifies.
fn look_alikes(cert: &Certificate, n: usize) -> Vec<Certificate> {
    let serial = &cert.serial_raw;
    assert!(serial.len() >= 3, "a serial long enough to vary its last two bytes");
    let at = cert.der.windows(serial.len()).position(|w| w == serial.as_slice()).expect("serial in the DER") + serial.len() - 2; // ok: test
    (0..n)
        .map(|i| {
            let mut der = cert.der.clone();
            der[at..at + 2].copy_from_slice(&(i as u16).to_be_bytes());
            Certificate::from_der(&der).expect("a look-alike decodes") // ok: test
        })
        .filter(|c| c.sha256 != cert.sha256)
        .collect()
}

/// Hostile inputs end by a work budget, counted (signature checks), not timed: a leaf whose
/// issuer name matches 3,000 look-alike intermediates stops after the budget's signature checks
/// with a budget reason, where an unbounded search would check all 3,000.
#[test]
fn budgets_bound_the_work_on_hostile_inputs() {
    let at = Timestamp::parse("2027-06-01").expect("time"); // ok: test
    let leaf = pem_cert("chains/rsa-chain/leaf.pem");
    let intermediate = pem_cert("chains/rsa-chain/untrusted.pem");
    let store = TrustStore::with_anchors(vec![pem_cert("chains/rsa-chain/trusted.pem")]);
    // The genuine chain, for scale: a few checks.
    let genuine = [&intermediate];
    let mut cache = SignatureCache::default();
    assert!(path_verdict(&leaf, &Pool::new(&genuine, &store), &store, at, &StrictOptions::default(), &mut cache).ok);
    assert!(cache.verified <= 3, "{} signature checks for a two-link chain", cache.verified);

    let fakes = look_alikes(&intermediate, 3000);
    assert_eq!(fakes.len(), 3000);
    let refs: Vec<&Certificate> = fakes.iter().collect();
    let pool = Pool::new(&refs, &store);
    let mut cache = SignatureCache::default();
    let v = path_verdict(&leaf, &pool, &store, at, &StrictOptions::default(), &mut cache);
    assert!(!v.ok);
    assert!(v.reasons.iter().any(|r| r.code == certscope::trust::ReasonCode::Budget), "{:?}", v.reasons);
    assert!(cache.verified <= SIGNATURE_BUDGET, "{} signature checks for one certificate", cache.verified);

    // Thousands of copies of two intermediates (one name) in one paste: every one is evaluated,
    // and the report's signature cache checks each distinct certificate against the root once.
    let many = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains/duplicate-intermediate/untrusted.pem")).expect("fixture"); // ok: test
    let r = certscope::analyze(&[Source::text("pasted text", many.repeat(1500))], &store, at);
    assert_eq!(r.certificates().count(), 3000);
    assert_eq!(r.signatures_verified, 2, "3,000 copies of two certificates cost two signature checks");
    // A 50 MB file of noise: reported, with no signature work.
    let noise: Vec<u8> = (0..50 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let r = certscope::analyze(&[Source::file("noise.bin", noise)], &TrustStore::builtin(), at);
    assert!(r.items.is_empty() && !r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.signatures_verified, 0);
}
