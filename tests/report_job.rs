//! The evaluation in slices (`ReportJob`, as the page runs it, after `input::Reader` read the
//! sources a few blocks at a time): stepped a few items at a time,
//! with the signature checks each slice asks for answered by the native verifier between steps,
//! it gives `analyze()`'s report byte for byte (elapsed_ms masked) over the whole corpus: the
//! signature corpus (tests/common/sig_corpus.rs: limbo, chains, CMS, profiles, real
//! certificates), the golden test's multi-file inputs, and everything at once.

#[path = "common/sig_corpus.rs"]
mod sig_corpus;

use certscope::input::{self, Source};
use certscope::report::{ReportJob, Step, MAX_SLICE_ROUNDS};
use certscope::time::Timestamp;
use certscope::trust::{SignatureResults, StrictOptions, TrustStore};
use sig_corpus::Case;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn file(rel: &str) -> Source {
    Source::file(rel, std::fs::read(format!("{FIX}/{rel}")).expect("fixture")) // ok: test
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).expect("time") // ok: test
}

/// The golden test's inputs of several files (tests/golden.rs), the mangled pastes, and one
/// input holding every chain and CMS fixture at once (slices then cross files, and share one
/// pool and one signature cache).
fn more_cases() -> Vec<Case> {
    let cms_root = input::read(&[file("cms/trusted-root.pem")]).certificates().cloned().collect::<Vec<_>>();
    let case = |name: &str, files: &[&str], anchors: Vec<certscope::cert::Certificate>, when: &str| Case {
        name: name.into(),
        sources: files.iter().map(|f| file(f)).collect(),
        anchors,
        only_anchors: false,
        at: at(when),
    };
    let mut out = vec![
        case("golden/cms-detached", &["cms/detached.p7s", "cms/detached-content.mobileconfig"], cms_root.clone(), "2026-12-30T00:16:49Z"),
        case(
            "golden/forged-apple-chain",
            &["chains/forged-apple-chain/leaf.pem", "chains/forged-apple-chain/untrusted.pem"],
            Vec::new(),
            "2026-11-29T00:00:00Z",
        ),
        case(
            "golden/mangled",
            &["mangled/email-reply.txt", "mangled/dialog-403.txt", "misc/identity.p12", "cms/unsigned-profile.mobileconfig"],
            Vec::new(),
            "2026-11-29T00:00:00Z",
        ),
    ];
    // CRLs beside PKITS chains: their signatures (and a separate CRL signer's path) are asked
    // of the shell like every other (issue 22 §1).
    let pkits_anchor = input::read(&[file("pkits/certs/TrustAnchorRootCertificate.crt")]).certificates().cloned().collect::<Vec<_>>();
    out.push(Case {
        name: "pkits with CRLs".into(),
        sources: [
            "certs/InvalidRevokedEETest3EE.crt",
            "certs/GoodCACert.crt",
            "certs/ValidSeparateCertificateandCRLKeysTest19EE.crt",
            "certs/SeparateCertificateandCRLKeysCertificateSigningCACert.crt",
            "certs/SeparateCertificateandCRLKeysCRLSigningCert.crt",
            "crls/GoodCACRL.crl",
            "crls/TrustAnchorRootCRL.crl",
            "crls/SeparateCertificateandCRLKeysCRL.crl",
            "crls/BadCRLSignatureCACRL.crl",
        ]
        .iter()
        .map(|f| file(&format!("pkits/{f}")))
        .collect(),
        anchors: pkits_anchor,
        only_anchors: true,
        at: at("2020-01-01T00:00:00Z"),
    });
    let mut everything =
        Case { name: "everything at once".into(), sources: Vec::new(), anchors: cms_root, only_anchors: false, at: at("2026-12-30T00:16:49Z") };
    for c in sig_corpus::cases().into_iter().filter(|c| !c.name.starts_with("limbo/")) {
        everything.sources.extend(c.sources);
        everything.anchors.extend(c.anchors);
    }
    everything.sources.push(Source { screenshot: true, ..Source::text("screenshot", "The MDM server returned an unexpected status (403)") });
    out.push(everything);
    out
}

/// The report of `case` stepped `n` items at a time, each slice's checks verified natively.
fn sliced(case: &Case, store: &TrustStore, n: usize) -> certscope::Report {
    sliced_with(case, store, n, false)
}

/// [`sliced`], with the job's likely checks (`ReportJob::likely_checks`) answered before the
/// first step when `ahead`, as the page has WebCrypto verify them while it steps.
fn sliced_with(case: &Case, store: &TrustStore, n: usize, ahead: bool) -> certscope::Report {
    // Read in steps of `n` blocks too, as the page reads.
    let mut reader = input::Reader::new(&case.sources);
    while !reader.step(n) {}
    let read = reader.finish();
    assert!(read == input::read(&case.sources), "{}: reading in steps of {n} reads otherwise", case.name);
    let mut job = ReportJob::new(&case.sources, &read, store, case.at, StrictOptions::default(), SignatureResults::new());
    if ahead {
        job.add_results(job.likely_checks().iter().map(|c| (c.id.clone(), c.verify_native())).collect());
    }
    let total = job.len();
    loop {
        let before = job.done();
        match job.step(n) {
            Step::Evaluated { done, total: t } => {
                assert_eq!(t, total);
                assert!(done > before || total == 0, "{}: a step evaluated nothing", case.name);
                assert!(done - before <= n, "{}: a step took {} items, more than {n}", case.name, done - before);
                if done == total {
                    break;
                }
            }
            Step::NeedsSignatures(checks) => {
                assert!(!checks.is_empty());
                // Only the slice is evaluated again: nothing counts as done until it is answered.
                assert_eq!(job.done(), before, "{}", case.name);
                job.add_results(checks.iter().map(|c| (c.id.clone(), c.verify_native())).collect());
            }
        }
    }
    job.finish()
}

#[test]
fn the_job_in_slices_gives_analyzes_report_on_the_whole_corpus() {
    let mut cases = sig_corpus::cases();
    cases.extend(more_cases());
    assert!(cases.len() > 100, "only {} cases", cases.len());
    let mut differences = Vec::new();
    for case in &cases {
        let store = case.store();
        let want = Case::json(&certscope::analyze(&case.sources, &store, case.at));
        for n in [1, 2, 7] {
            if Case::json(&sliced(case, &store, n)) != want {
                differences.push(format!("{} in slices of {n}", case.name));
            }
        }
    }
    assert!(differences.is_empty(), "the job in slices gives another report than analyze():\n{}", differences.join("\n"));
}

/// Answers given ahead (the page verifies the likely checks while it steps) change nothing:
/// they are used, counted and charged only when the job asks for them.
#[test]
fn answers_given_ahead_give_analyzes_report_on_the_whole_corpus() {
    let mut cases = sig_corpus::cases();
    cases.extend(more_cases());
    let mut differences = Vec::new();
    for case in &cases {
        let store = case.store();
        let want = Case::json(&certscope::analyze(&case.sources, &store, case.at));
        for n in [1, 7] {
            if Case::json(&sliced_with(case, &store, n, true)) != want {
                differences.push(format!("{} in slices of {n}", case.name));
            }
        }
    }
    assert!(differences.is_empty(), "answers given ahead change the report:\n{}", differences.join("\n"));
}

/// A chain pasted whole (leaf, intermediate, root given as an anchor): the likely checks are
/// the ones the job asks for, so with them answered no slice has to wait for a signature.
#[test]
fn a_pasted_chains_likely_checks_leave_no_slice_waiting() {
    for dir in ["rsa-chain", "ecdsa-chain", "long-chain", "duplicate-intermediate"] {
        let sources = [file(&format!("chains/{dir}/leaf.pem")), file(&format!("chains/{dir}/untrusted.pem"))];
        let anchors = input::read(&[file(&format!("chains/{dir}/trusted.pem"))]).certificates().cloned().collect::<Vec<_>>();
        let store = TrustStore::with_anchors(anchors);
        let when = at("2026-12-30T00:16:49Z");
        let read = input::read(&sources);
        let mut job = ReportJob::new(&sources, &read, &store, when, StrictOptions::default(), SignatureResults::new());
        let likely = job.likely_checks();
        assert!(!likely.is_empty(), "{dir}: no likely check");
        job.add_results(likely.iter().map(|c| (c.id.clone(), c.verify_native())).collect());
        loop {
            match job.step(1) {
                Step::Evaluated { done, total } if done == total => break,
                Step::Evaluated { .. } => {}
                Step::NeedsSignatures(checks) => panic!("{dir}: a slice waits for {:?}", checks.iter().map(|c| &c.id).collect::<Vec<_>>()),
            }
        }
        assert_eq!(Case::json(&job.finish()), Case::json(&certscope::analyze(&sources, &store, when)), "{dir}");
    }
    // A device identity (the security command's output): Apple's device rule's pinned checks.
    let sources = [file("apple/sample-security-find-certificate-apsd-keychain.txt")];
    let store = TrustStore::builtin();
    let read = input::read(&sources);
    let mut job = ReportJob::new(&sources, &read, &store, at("2026-11-29T00:00:00Z"), StrictOptions::default(), SignatureResults::new());
    job.add_results(job.likely_checks().iter().map(|c| (c.id.clone(), c.verify_native())).collect());
    assert!(matches!(job.step(usize::MAX), Step::Evaluated { .. }), "the device identity waits for a signature");
}

/// A paste built to stall the search (limbo's same-subject chain, and 60 self-signed CAs
/// sharing one subject): the guess stays within the report's bound on checks, and guesses
/// nothing among self-issued certificates of one name (each would be a candidate of every other).
#[test]
fn likely_checks_stay_bounded_on_same_subject_pastes() {
    let case = sig_corpus::cases().into_iter().find(|c| c.name == "limbo/pathological::pathological-chain-same-subject-distinct-key").expect("the case"); // ok: test
    let store = case.store();
    let read = input::read(&case.sources);
    let job = ReportJob::new(&case.sources, &read, &store, case.at, StrictOptions::default(), SignatureResults::new());
    let certs = read.certificates().count();
    assert!(job.likely_checks().len() <= 512 + certs, "{} checks", job.likely_checks().len());
    let sources = [file("hostile/same-subject-60.pem")];
    let read = input::read(&sources);
    assert!(read.certificates().count() >= 60);
    let store = TrustStore::builtin();
    let job = ReportJob::new(&sources, &read, &store, at("2026-12-30T00:16:49Z"), StrictOptions::default(), SignatureResults::new());
    assert_eq!(job.likely_checks().len(), 0);
}

#[test]
fn limbos_pathological_chain_gets_the_clis_answer_within_the_slice_bound() {
    let case = sig_corpus::cases().into_iter().find(|c| c.name == "limbo/pathological::pathological-chain-same-subject-distinct-key").expect("the case"); // ok: test
    let store = case.store();
    let read = input::read(&case.sources);
    let mut job = ReportJob::new(&case.sources, &read, &store, case.at, StrictOptions::default(), SignatureResults::new());
    let (mut rounds, mut most) = (0, 0);
    loop {
        match job.step(usize::MAX) {
            Step::Evaluated { .. } => break,
            Step::NeedsSignatures(checks) => {
                rounds += 1;
                job.add_results(checks.iter().map(|c| (c.id.clone(), c.verify_native())).collect());
            }
        }
        most = most.max(rounds);
    }
    // A round asks for every candidate of a depth at once, and goes one issuer deeper only
    // under an answered check: dozens of same-subject issuers take a few rounds, not one each.
    assert!(most < MAX_SLICE_ROUNDS, "{most} rounds");
    assert_eq!(Case::json(&job.finish()), Case::json(&certscope::analyze(&case.sources, &store, case.at)));
}

/// A shell that never answers: after MAX_SLICE_ROUNDS rounds the slice's missing checks are not
/// checked, never verified, and the job goes on to the next slice (which asks again).
#[test]
fn checks_never_answered_are_not_checked_after_the_bound() {
    let sources = [file("chains/rsa-chain/leaf.pem"), file("chains/rsa-chain/untrusted.pem")];
    let anchors = input::read(&[file("chains/rsa-chain/trusted.pem")]).certificates().cloned().collect::<Vec<_>>();
    let store = TrustStore::with_anchors(anchors);
    let when = at("2026-12-30T00:16:49Z");
    assert!(certscope::analyze(&sources, &store, when).certificates().next().is_some_and(|c| c.verdicts.strict.ok), "natively the leaf is trusted");
    let read = input::read(&sources);
    let mut job = ReportJob::new(&sources, &read, &store, when, StrictOptions::default(), SignatureResults::new());
    let mut asked = 0;
    loop {
        match job.step(1) {
            Step::Evaluated { done, total } if done == total => break,
            Step::Evaluated { .. } => {}
            Step::NeedsSignatures(_) => asked += 1,
        }
    }
    assert_eq!(asked, 2 * MAX_SLICE_ROUNDS, "each of the two slices asks until the bound");
    let report = job.finish();
    for c in report.certificates() {
        assert!(!c.verdicts.strict.ok, "{}: verified without an answer", c.subject);
        assert!(c.verdicts.strict.reasons.iter().any(|r| r.contains("stopped checking")), "{}: {:?}", c.subject, c.verdicts.strict.reasons);
    }
    // A shell that stops stepping: `finish` evaluates the rest without asking, nothing verified.
    let job = ReportJob::new(&sources, &read, &store, when, StrictOptions::default(), SignatureResults::new());
    assert!(job.finish().certificates().all(|c| !c.verdicts.strict.ok));
}
