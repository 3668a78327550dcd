//! Hostile input ends in bounded work, counted (signature checks, rounds), never timed
//! (issue 19 items 3, 9, 10): a paste of same-subject CA certificates with distinct keys, any
//! `i64` evaluation time, deeply nested property lists, wide JSON fleet files.

#[path = "common/hostile.rs"]
mod hostile;
#[path = "common/sig_corpus.rs"]
mod sig_corpus;

use certscope::input::{self, Source};
use certscope::report::{ReportJob, Step};
use certscope::time::Timestamp;
use certscope::trust::{ReasonCode, SignatureResults, StrictOptions, TrustStore};
use sig_corpus::Case;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

/// 60 self-signed P-256 CAs with one subject and 60 keys (tools/make_same_subject.sh).
fn same_subject() -> Source {
    Source::text("pasted text", std::fs::read_to_string(format!("{FIX}/hostile/same-subject-60.pem")).expect("fixture"))
    // ok: test
}

/// What the page does: the job stepped `slice` items at a time, each round's checks verified
/// natively. Returns the report, the checks the shell verified in all, and the most rounds a
/// slice took (it stops asking after `give_up` rounds of one slice: the old search needed
/// hundreds).
fn as_the_page(sources: &[Source], store: &TrustStore, when: Timestamp, slice: usize, give_up: usize) -> (certscope::Report, usize, usize) {
    let read = input::read(sources);
    let mut job = ReportJob::new(sources, &read, store, when, StrictOptions::default(), SignatureResults::new());
    let (mut asked, mut rounds, mut most) = (0, 0, 0);
    loop {
        match job.step(slice) {
            Step::Evaluated { done, total } => {
                rounds = 0;
                if done == total {
                    break;
                }
            }
            Step::NeedsSignatures(checks) => {
                asked += checks.len();
                rounds += 1;
                most = usize::max(most, rounds);
                assert!(rounds <= give_up, "a slice of {slice} items took more than {give_up} rounds ({asked} checks asked so far)");
                job.add_results(checks.iter().map(|c| (c.id.clone(), c.verify_native())).collect());
            }
        }
    }
    (job.finish(), asked, most)
}

/// Every certificate of the paste is a candidate issuer of every other: the report makes at
/// most its budget of signature checks (a base plus one per certificate), the rounds of a
/// slice stay few, the certificates past the bound are said to be not checked and located, and
/// the page's job gives the CLI's report.
#[test]
fn a_paste_of_same_subject_cas_stays_within_one_reports_budget() {
    let sources = [same_subject()];
    let store = TrustStore::builtin();
    let when = at("2027-06-01");
    // ReportBudget::for_certificates(60): 512 checks plus one per certificate.
    const BOUND: usize = 512 + 60;
    let (paged, asked, most) = as_the_page(&sources, &store, when, 32, 20);
    assert!(asked <= BOUND, "the page verified {asked} signatures for 60 certificates; the report's bound is {BOUND}");
    assert!(most <= 18, "{most} rounds for one slice");
    let native = certscope::analyze(&sources, &store, when);
    assert_eq!(Case::json(&paged), Case::json(&native), "the page's job and analyze() differ");

    let certs: Vec<_> = native.certificates().collect();
    assert_eq!(certs.len(), 60);
    // Each has 59 candidate issuers of its issuer's name: the first few were tried, the others
    // were not checked, and the verdict leads with that (never with "bad signature").
    for c in &certs {
        for v in [&c.verdicts.strict, &c.verdicts.macos] {
            assert!(!v.ok, "{}", c.source);
            assert_eq!(v.reason_codes.first(), Some(&ReasonCode::Budget), "{}: {:?}", c.source, v.reasons);
            assert!(v.reasons[0].starts_with("not checked"), "{}: {:?}", c.source, v.reasons);
        }
    }
    // Past the report's bound, certificates were not searched at all, and a problem says which.
    let past: Vec<_> = certs.iter().filter(|c| c.verdicts.strict.reasons.iter().any(|r| r.contains("more work than one report does"))).collect();
    assert!(!past.is_empty() && past.len() < 60, "{} of 60 past the report's bound", past.len());
    let first = &past[0].source;
    assert!(
        native.problems.iter().any(|p| p.message.starts_with("not checked") && p.message.contains(first.as_str())),
        "no problem locates the certificates not checked (from {first}): {:?}",
        native.problems
    );
}

/// The same certificates one by one in the page (slices of one) agree with the CLI too: the
/// budget is the report's, not the slice's.
#[test]
fn the_reports_budget_is_the_same_in_slices_of_one() {
    let sources = [same_subject()];
    let store = TrustStore::builtin();
    let when = at("2027-06-01");
    let (paged, _, most) = as_the_page(&sources, &store, when, 1, 20);
    assert!(most <= 18, "{most} rounds for one certificate");
    assert_eq!(Case::json(&paged), Case::json(&certscope::analyze(&sources, &store, when)));
}

fn file(rel: &str) -> Source {
    Source::file(rel, std::fs::read(format!("{FIX}/{rel}")).expect("fixture")) // ok: test
}

/// Times a share link may carry (any `i64`) and the extremes near them.
const EXTREME_TIMES: [i64; 6] = [i64::MIN, i64::MIN + 1, -(1 << 62), 1 << 62, i64::MAX - 1, i64::MAX];

/// Any evaluation time gives a report, its Markdown, a time banner and a fleet report, with no
/// overflow in the arithmetic on dates (days left, spans, expiry buckets).
#[test]
fn any_evaluation_time_gives_a_report() {
    let sources = [
        file("apple/leaf-device-apsd-2018-expired-sha1.pem"),
        file("chains/rsa-chain/leaf.pem"),
        file("chains/rsa-chain/untrusted.pem"),
        file("profiles/letsencrypt-ecdsa-der-2026.mobileconfig"),
    ];
    let store = TrustStore::builtin();
    let fleet =
        format!("serial,certificate\nC02X,\"{}\"\n", std::fs::read_to_string(format!("{FIX}/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("fixture")); // ok: test
    let certificates = certscope::analyze(&sources, &store, at("2027-06-01")).certificates().count();
    assert!(certificates >= 4);
    for t in EXTREME_TIMES {
        let when = Timestamp(t);
        let r = certscope::analyze(&sources, &store, when);
        assert_eq!(r.certificates().count(), certificates, "at {t}");
        let _ = certscope::report::markdown(&r);
        let _ = serde_json::to_string(&r);
        for clock in EXTREME_TIMES {
            let _ = certscope::report::time_banner(&r, when, Timestamp(clock), certscope::report::TimeOrigin::Link);
        }
        let mut job = certscope::fleet::FleetJob::new(&fleet, &Default::default(), when).expect("a fleet file"); // ok: test
        while !job.step(8, &store) {}
        let report = job.report();
        assert_eq!(report.rows.len(), 1);
        let _ = report.rows[0].expiry(when);
        let _ = certscope::fleet::to_csv(&report);
    }
}

/// A share link's time is clamped when it is read: whatever the link says, the page evaluates
/// at a time it can write (years -9999 to 9999).
#[test]
fn a_share_links_time_is_clamped_on_decode() {
    use certscope::share::{decode, encode, Shared};
    // i64::MIN is how a link says "now".
    for t in EXTREME_TIMES.into_iter().filter(|t| *t != i64::MIN) {
        let link = encode(&Shared { at: Some(Timestamp(t)), ..Shared::new("text", Vec::new()) }).expect("a small link"); // ok: test
        let at = decode(&link).expect("a link").at.expect("a time"); // ok: test
        assert!(!at.rfc3339().starts_with('@'), "{t} decoded as {at:?}, which has no date");
    }
    // "Now" (no time) is still carried as no time.
    assert_eq!(decode(&encode(&Shared::new("text", Vec::new())).expect("a small link")).map(|s| s.at), Ok(None));
    // ok: test
}

/// A property list nested far deeper than any profile is refused before it is parsed (dropping
/// a deeply nested `plist::Value` recurses, and would overflow the stack): XML and binary.
#[test]
fn a_deeply_nested_property_list_is_refused() {
    let depth = 200_000;
    let xml = hostile::deep_xml_plist(depth);
    assert!(certscope::profile::parse(&xml).is_err());
    let r = certscope::analyze(&[Source::file("deep.mobileconfig", xml.clone())], &TrustStore::builtin(), at("2027-06-01"));
    assert!(r.items.is_empty() && r.problems.iter().any(|p| p.source.contains("deep.mobileconfig")), "{:?}", r.problems);
    // A share link of it (the page's Share link reads the files to find secrets) and the same
    // text pasted: refused the same way, never a stack overflow.
    let text = String::from_utf8_lossy(&xml).into_owned();
    let _ = certscope::share::redact(&certscope::share::Shared::new(text.clone(), vec![Source::file("deep.mobileconfig", xml.clone())]));
    let _ = certscope::analyze(&[Source::text("pasted", &text)], &TrustStore::builtin(), at("2027-06-01"));
    let binary = hostile::deep_binary_plist(depth);
    let _ = certscope::profile::parse(&binary);
    let _ = certscope::analyze(&[Source::file("deep.plist", binary)], &TrustStore::builtin(), at("2027-06-01"));
}

/// A binary property list whose arrays each hold the next one twice expands to 2^40 values if
/// every reference is read again: refused by counting, before anything is built.
#[test]
fn a_binary_property_list_that_expands_without_end_is_refused() {
    let bomb = hostile::doubling_binary_plist(40);
    assert!(bomb.len() < 1_000);
    let r = certscope::profile::parse(&bomb);
    assert!(r.as_ref().is_err_and(|e| e.0.contains("expands")), "{r:?}");
}

/// A JSON fleet file whose rows each bring a key of their own: the header is bounded, said,
/// and built in one pass (it was a `Vec::contains` per key: quadratic).
#[test]
fn a_json_fleet_with_a_key_per_row_has_a_bounded_header() {
    let pem = std::fs::read_to_string(format!("{FIX}/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("fixture"); // ok: test
    let mut rows = vec![serde_json::json!({ "serial": "C02X", "certificate": pem })];
    for i in 0..20_000 {
        rows.push(serde_json::json!({ format!("k{i}"): "" }));
    }
    let text = serde_json::Value::Array(rows).to_string();
    let job = certscope::fleet::FleetJob::new(&text, &Default::default(), at("2027-06-01")).expect("a fleet file"); // ok: test
    assert!(job.header().len() <= 1_000, "{} columns", job.header().len());
    assert_eq!(&job.header()[..2], ["certificate", "serial"]);
    assert!(job.report().problems.iter().any(|p| p.contains("columns")), "{:?}", job.report().problems);
}

/// A genuine device identity pasted after the report's bound is spent still gets Apple's rule
/// checked against the pinned key: never "not checked" for want of budget, and never taken for
/// forged.
#[test]
fn a_genuine_device_identity_past_the_bound_is_still_judged_by_apples_rule() {
    let device = file("apple/leaf-device-apsd-2018-expired-sha1.pem");
    let sources = [same_subject(), device];
    let r = certscope::analyze(&sources, &TrustStore::builtin(), at("2027-06-01"));
    assert!(r.problems.iter().any(|p| p.message.starts_with("not checked")), "the bound was reached: {:?}", r.problems);
    let leaf = r.certificates().find(|c| c.source.contains("leaf-device-apsd")).expect("the device identity"); // ok: test
    assert!(leaf.verdicts.apple_device.applies && leaf.verdicts.apple_device.ok, "{:?}", leaf.verdicts.apple_device.reasons);
}
