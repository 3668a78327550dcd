//! Path building and the strict check on hostile bundles: the first certificate is the anchor,
//! the last the leaf, the rest the pool (loops, duplicates, long chains).
#![no_main]
use certscope::input::{read, Source};
use certscope::time::Timestamp;
use certscope::trust::{path_verdict, Pool, SignatureCache, StrictOptions, TrustStore};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let d = read(&[Source::file("fuzz", data.to_vec())]);
    let certs: Vec<_> = d.certificates().cloned().collect();
    let (Some(anchor), Some(leaf)) = (certs.first(), certs.last()) else { return };
    let store = TrustStore::with_anchors(vec![anchor.clone()]);
    let refs: Vec<_> = certs.iter().collect();
    let pool = Pool::new(&refs, &store);
    let _ = path_verdict(leaf, &pool, &store, Timestamp(1_700_000_000), &StrictOptions::default(), &mut SignatureCache::default());
});
