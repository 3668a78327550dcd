//! A deterministic fuzz smoke run on stable Rust (CI has no nightly for `cargo fuzz`): every
//! fuzz entry point over the seed corpora in fuzz/corpus/ and byte-level mutations of them.
//! A panic anywhere fails the test.

use certscope::fleet::{Columns, FleetJob};
use certscope::input::{read, Source};
use certscope::time::Timestamp;
use certscope::trust::{strict, Pool, SignatureCache, StrictOptions, TrustStore};
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
    });
    run("path", |d| {
        let decoded = read(&[Source::file("fuzz", d.to_vec())]);
        let certs: Vec<_> = decoded.certificates().cloned().collect();
        if let (Some(anchor), Some(leaf)) = (certs.first(), certs.last()) {
            let s = TrustStore::with_anchors(vec![anchor.clone()]);
            let refs: Vec<_> = certs.iter().collect();
            let pool = Pool::new(&refs, &s);
            let _ = strict(leaf, &pool, &s, at, &StrictOptions::default(), &mut SignatureCache::default());
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

#[test]
fn budgets_end_hostile_inputs_in_bounded_time() {
    let store = TrustStore::builtin();
    let at = Timestamp(1_795_000_000);
    // Thousands of certificates with one name (a fan-out of candidate issuers).
    let leaf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains/duplicate-intermediate/untrusted.pem")).expect("fixture"); // ok: test
    let many = leaf.repeat(1500);
    let r = certscope::analyze(&[Source::text("pasted text", many)], &store, at);
    assert_eq!(r.certificates().count(), 3000);
    // A 50 MB file of noise.
    let noise: Vec<u8> = (0..50 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let r = certscope::analyze(&[Source::file("noise.bin", noise)], &store, at);
    assert!(!r.problems.is_empty());
}
