//! x509-limbo (core subset, 130 cases): the strict verdict on each path-validation case.
//! No case that must fail may pass, and the disagreements are exactly the known ones. The outcome
//! is compared with tests/limbo-outcome.md; `CERTSCOPE_WRITE_OUTCOME=1 cargo test --test limbo`
//! rewrites that file instead (after a deliberate change; review its diff).

use certscope::cert::Certificate;
use certscope::input::{self, Content, Source};
use certscope::time::Timestamp;
use certscope::trust::{path_verdict, CrlSet, PeerName, Rules, SignatureCache, StrictOptions, TrustStore};
use serde_json::Value;
use std::fmt::Write;

fn certs(pems: &Value) -> Vec<Certificate> {
    read(pems)
        .into_iter()
        .filter_map(|c| match c {
            Content::Certificate { cert, .. } => Some(*cert),
            _ => None,
        })
        .collect()
}

/// The CRLs of a case (`crls`, PEM), as the strict check takes them; `None` when there are none.
fn crls(pems: &Value) -> Option<std::sync::Arc<CrlSet>> {
    let crls: Vec<_> = read(pems)
        .into_iter()
        .filter_map(|c| match c {
            Content::Crl(crl) => Some(crl),
            _ => None,
        })
        .collect();
    (!crls.is_empty()).then(|| std::sync::Arc::new(CrlSet::new(crls)))
}

fn read(pems: &Value) -> Vec<Content> {
    let text: String = pems.as_array().map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n")).unwrap_or_default();
    if text.is_empty() {
        return Vec::new();
    }
    input::read(&[Source::text("limbo", text)]).items.into_iter().map(|i| i.content).collect()
}

fn eku_oid(name: &str) -> String {
    match name {
        "serverAuth" => "1.3.6.1.5.5.7.3.1",
        "clientAuth" => "1.3.6.1.5.5.7.3.2",
        "codeSigning" => "1.3.6.1.5.5.7.3.3",
        "emailProtection" => "1.3.6.1.5.5.7.3.4",
        "timeStamping" => "1.3.6.1.5.5.7.3.8",
        "OCSPSigning" => "1.3.6.1.5.5.7.3.9",
        "anyExtendedKeyUsage" => "2.5.29.37.0",
        other => other,
    }
    .to_string()
}

/// Cases x509-limbo expects to fail that certscope accepts on purpose (explained in the outcome).
const KNOWN_ACCEPTS: &[&str] = &["rfc5280::pc::ica-noncritical-pc"];

/// Cases x509-limbo expects to pass that certscope rejects (explained in the outcome).
const KNOWN_REJECTS: &[&str] = &["cve::cve-2024-0567"];

/// One case's outcome: id, expected, got, first reason code.
struct Outcome {
    id: String,
    expected: String,
    expected_ok: bool,
    got_ok: bool,
    why: String,
}

/// How a case is judged.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// The strict or macOS verdict (`path_verdict`) with the case's peer name and usages.
    Path(Rules),
    /// `verdicts.tls`: Apple's TLS server evaluation for the case's peer name
    /// (`trust::tls::tls_verdict`), for SERVER cases with a peer name.
    Tls,
}

/// Every case of the core subset under `rules`.
fn run(rules: Rules) -> Vec<Outcome> {
    run_fixture(include_str!("fixtures/limbo-core.json"), Mode::Path(rules))
}

/// Every case of a fixture (x509-limbo's JSON) judged as `mode` says.
fn run_fixture(json: &str, mode: Mode) -> Vec<Outcome> {
    let data: Value = serde_json::from_str(json).expect("limbo json"); // ok: test
    let cases = data["testcases"].as_array().expect("testcases"); // ok: test
    let mut out = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let expected_ok = case["expected_result"] == "SUCCESS";
        let anchors = certs(&case["trusted_certs"]);
        let inter = certs(&case["untrusted_intermediates"]);
        let peer = certs(&Value::Array(vec![case["peer_certificate"].clone()]));
        let at = case["validation_time"].as_str().map(|t| Timestamp::parse(t).expect("time")).unwrap_or(Timestamp(1_717_200_000)); // ok: test
        let mut opts = StrictOptions {
            rules: match mode {
                Mode::Path(rules) => rules,
                Mode::Tls => Rules::Rfc5280,
            },
            crls: crls(&case["crls"]),
            eku: case["extended_key_usage"].as_array().map(|a| a.iter().filter_map(Value::as_str).map(eku_oid).collect()).unwrap_or_default(),
            max_intermediates: case["max_chain_depth"].as_u64().map(|d| d as usize),
            public_suffixes: certscope::trust::public_suffix::builtin(),
            ..Default::default()
        };
        opts.peer_name = match (case["expected_peer_name"]["kind"].as_str(), case["expected_peer_name"]["value"].as_str()) {
            (Some("DNS"), Some(v)) => Some(PeerName::Dns(v.to_string())),
            (Some("IP"), Some(v)) => v.parse::<std::net::IpAddr>().ok().map(|ip| match ip {
                std::net::IpAddr::V4(a) => PeerName::Ip(a.octets().to_vec()),
                std::net::IpAddr::V6(a) => PeerName::Ip(a.octets().to_vec()),
            }),
            _ => None,
        };
        let (got_ok, why) = match peer.first() {
            None => (false, "peer certificate does not parse".to_string()),
            Some(leaf) => {
                let store = TrustStore::with_anchors(anchors);
                let inter: Vec<&Certificate> = inter.iter().collect();
                let pool = certscope::trust::Pool::new(&inter, &store);
                let v = match (mode, &opts.peer_name) {
                    (Mode::Tls, Some(name)) => certscope::trust::tls::tls_verdict(leaf, &pool, &store, at, name, &opts, &mut SignatureCache::default()),
                    (Mode::Tls, None) => panic!("{id}: a TLS case without a peer name"),
                    (Mode::Path(_), _) => path_verdict(leaf, &pool, &store, at, &opts, &mut SignatureCache::default()),
                };
                (v.ok, v.reasons.first().map(|r| r.code.to_string()).unwrap_or_default())
            }
        };
        out.push(Outcome { id: id.to_string(), expected: case["expected_result"].as_str().unwrap_or("?").to_string(), expected_ok, got_ok, why });
    }
    out
}

fn wrong(outcomes: &[Outcome], accepted: bool) -> Vec<&str> {
    outcomes.iter().filter(|o| o.got_ok == accepted && o.expected_ok != accepted).map(|o| o.id.as_str()).collect()
}

#[test]
fn limbo_core_no_wrong_accepts() {
    let outcomes = run(Rules::Rfc5280);
    let (mut agree, mut wrong_accept, mut wrong_reject) = (0, Vec::new(), Vec::new());
    let mut table = String::new();
    for o in &outcomes {
        let id = o.id.as_str();
        let verdict = match (o.expected_ok, o.got_ok) {
            (a, b) if a == b => {
                agree += 1;
                "agree"
            }
            (false, true) => {
                wrong_accept.push(id.to_string());
                "WRONGLY ACCEPTED"
            }
            _ => {
                wrong_reject.push(id.to_string());
                "wrongly rejected"
            }
        };
        let _ = writeln!(table, "| {id} | {} | {} | {verdict} | {} |", o.expected, if o.got_ok { "SUCCESS" } else { "FAILURE" }, o.why);
    }
    let cases = &outcomes;
    let summary = format!(
        "# x509-limbo core subset: certscope's strict verdict\n\n\
Generated by `CERTSCOPE_WRITE_OUTCOME=1 cargo test --test limbo`. {agree} of {} cases agree; {} wrongly accepted; {} wrongly rejected.\n\
(For reference, `openssl verify -x509_strict` agrees with 108 of 130.)\n\n\
Wrongly rejected: {}\n\nKnown disagreement: `cve::cve-2024-0567` trusts a cross-signed \"Root A\" that has no authorityKeyIdentifier. certscope applies RFC 5280 §4.2.1.1 (AKI required except in self-signed certificates) to trust-anchor certificates too, which `rfc5280::aki::cross-signed-root-missing-aki` requires to fail; the two cases cannot both pass with that rule, and a wrong rejection is the safe side.\n\n\
Known acceptance: `rfc5280::pc::ica-noncritical-pc` (an intermediate with a non-critical policyConstraints, requireExplicitPolicy 3) is accepted. \
RFC 5280 §4.2.1.11 tells CAs to mark policyConstraints critical, but the path-validation algorithm (§6.1) processes it either way, \
NIST PKITS uses non-critical policyConstraints in valid paths (4.8.6, 4.10.x, …), and issue 11 asks for the algorithm and the suites, \
not a stricter profile, for the policy extensions. The constraint itself is enforced (this path is valid under it).\n\n| case | expected | certscope | outcome | first reason |\n|---|---|---|---|---|\n{table}",
        cases.len(),
        wrong_accept.len(),
        wrong_reject.len(),
        if wrong_reject.is_empty() { "none".to_string() } else { wrong_reject.join(", ") }
    );
    assert_eq!(cases.len(), 130, "the core subset");
    assert_eq!(wrong_accept, KNOWN_ACCEPTS, "wrongly accepted");
    assert_eq!(wrong_reject, KNOWN_REJECTS, "wrongly rejected");
    assert_eq!(agree, cases.len() - KNOWN_ACCEPTS.len() - KNOWN_REJECTS.len());
    check_outcome(&summary);
}

/// Compares `text` with tests/limbo-outcome.md, or writes it there when CERTSCOPE_WRITE_OUTCOME=1.
fn check_outcome(text: &str) {
    check_outcome_file("limbo-outcome.md", text)
}

/// Compares `text` with tests/`name`, or writes it there when CERTSCOPE_WRITE_OUTCOME=1.
fn check_outcome_file(name: &str, text: &str) {
    let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("CERTSCOPE_WRITE_OUTCOME").is_some_and(|v| v == "1") {
        std::fs::write(&path, text).expect("write outcome"); // ok: test
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != text {
        let first = committed.lines().zip(text.lines()).position(|(a, b)| a != b).unwrap_or(committed.lines().count().min(text.lines().count()));
        panic!(
            "tests/{name} is out of date (first difference at line {}):\n  committed: {:?}\n  now:       {:?}\nRun CERTSCOPE_WRITE_OUTCOME=1 cargo test --test limbo and review the diff.",
            first + 1,
            committed.lines().nth(first).unwrap_or(""),
            text.lines().nth(first).unwrap_or("")
        );
    }
}

/// Under macOS's rules (`Rules::Macos`, which decides a profile's *Verified*), the cases that
/// differ from x509-limbo's expectation, each reviewed: only rules macOS documents not enforcing
/// (RFC 5280's profile rules on how a CA encodes a certificate, `checks::macos_enforces`) and the
/// peer name (the macOS verdict checks a signer, not a TLS host). A case that must fail for a
/// rule macOS does enforce — a name constraint, a path length, a date, a signature — must fail
/// here too: a regression such as dropping malformed name constraints fails this test.
const MACOS_KNOWN_ACCEPTS: &[(&str, &str)] = &[
    ("rfc5280::aki::critical-aki", "extension-criticality: an AKI marked critical is an encoding rule for CAs"),
    ("rfc5280::aki::leaf-missing-aki", "missing-aki: key identifiers are an encoding rule; chaining is by name and signature"),
    ("rfc5280::aki::intermediate-missing-aki", "missing-aki, as above"),
    ("rfc5280::aki::cross-signed-root-missing-aki", "missing-aki, as above"),
    ("rfc5280::eku::ee-eku-empty", "empty-eku: the macOS verdict asks for no purpose, and an empty list grants none"),
    ("rfc5280::nc::permitted-dns-match-noncritical", "extension-criticality: the constraint is applied whatever its criticality (and the name is permitted)"),
    ("rfc5280::nc::not-allowed-in-ee-noncritical", "name-constraints-in-leaf and criticality: a leaf's constraints constrain nothing below it"),
    ("rfc5280::nc::not-allowed-in-ee-critical", "name-constraints-in-leaf, as above"),
    ("rfc5280::nc::nc-permits-invalid-dns-san", "malformed-san: SAN syntax is an encoding rule; the malformed name \".example.com\" still lies inside the permitted subtree, so no name escapes the constraint"),
    ("rfc5280::nc::nc-permits-invalid-email-san", "malformed-san, as above: \"invalid@address@example.com\" is on the permitted host"),
    ("rfc5280::pc::ica-noncritical-pc", "the known acceptance of the strict check too (tests/limbo-outcome.md): policyConstraints is processed whatever its criticality"),
    ("rfc5280::san::underscore-dns", "name-mismatch: the macOS verdict judges a signer, not a TLS peer name"),
    ("rfc5280::san::ip-in-dns", "name-mismatch, as above"),
    ("rfc5280::serial::too-long", "bad-serial: RFC 5280 §4.1.2.2 asks users to handle such serials gracefully; macOS does"),
    ("rfc5280::serial::zero", "bad-serial, as above"),
    ("rfc5280::serial::negative", "bad-serial, as above"),
    ("rfc5280::ski::critical-ski", "extension-criticality: an SKI marked critical is an encoding rule"),
    ("rfc5280::ski::root-missing-ski", "missing-ski: an encoding rule for CAs"),
    ("rfc5280::ski::intermediate-missing-ski", "missing-ski, as above"),
    ("rfc5280::root-non-critical-basic-constraints", "basic-constraints-not-critical: the CA flag is read whatever its criticality"),
    ("rfc5280::leaf-ku-keycertsign", "keycertsign-without-ca in a leaf that signs nothing: an issuer's CA flag and keyCertSign are enforced where they matter"),
    ("rfc5280::ca-as-leaf-wrong-san", "name-mismatch: the macOS verdict judges a signer, not a TLS peer name"),
];

/// Cases macOS's rules reject that x509-limbo expects to pass (reviewed, as above).
const MACOS_KNOWN_REJECTS: &[(&str, &str)] = &[];

#[test]
fn limbo_core_under_macos_rules_differs_only_where_reviewed() {
    let outcomes = run(Rules::Macos);
    assert_eq!(outcomes.len(), 130, "the core subset");
    let report = |ids: Vec<&str>| {
        ids.iter().map(|id| format!("{id} ({})", outcomes.iter().find(|o| o.id == *id).map(|o| o.why.as_str()).unwrap_or(""))).collect::<Vec<_>>()
    };
    let accepts = wrong(&outcomes, true);
    let rejects = wrong(&outcomes, false);
    assert_eq!(accepts, MACOS_KNOWN_ACCEPTS.iter().map(|(id, _)| *id).collect::<Vec<_>>(), "wrongly accepted under macOS rules: {:?}", report(accepts.clone()));
    assert_eq!(rejects, MACOS_KNOWN_REJECTS.iter().map(|(id, _)| *id).collect::<Vec<_>>(), "wrongly rejected under macOS rules: {:?}", report(rejects.clone()));
}

/// x509-limbo's `webpki::` and `online::` groups (tests/fixtures/limbo-tls.json, generated with
/// x509-limbo's own tool: tests/fixtures/README.md) through `verdicts.tls`: every case agrees.
/// The outcome table is tests/limbo-tls-outcome.md.
#[test]
fn limbo_webpki_and_online_through_the_tls_verdict() {
    let outcomes: Vec<Outcome> = run_fixture(include_str!("fixtures/limbo-tls.json"), Mode::Tls).into_iter().filter(|o| !o.id.starts_with("crl::")).collect();
    assert_eq!(outcomes.iter().filter(|o| o.id.starts_with("webpki::")).count(), 56, "the webpki group");
    assert_eq!(outcomes.iter().filter(|o| o.id.starts_with("online::")).count(), 14, "the online group");
    let table = outcome_table("x509-limbo `webpki::` and `online::` through `verdicts.tls`", &outcomes, TLS_KNOWN_REJECTS);
    check_outcome_file("limbo-tls-outcome.md", &table);
    assert_eq!(wrong(&outcomes, true), Vec::<&str>::new(), "wrongly accepted");
    assert_eq!(wrong(&outcomes, false), TLS_KNOWN_REJECTS.iter().map(|(id, _)| *id).collect::<Vec<_>>(), "wrongly rejected");
}

/// x509-limbo's `crl::` group through the strict verdict with the case's CRLs: every case agrees.
#[test]
fn limbo_crl_through_the_strict_verdict_with_its_crls() {
    let outcomes: Vec<Outcome> =
        run_fixture(include_str!("fixtures/limbo-tls.json"), Mode::Path(Rules::Rfc5280)).into_iter().filter(|o| o.id.starts_with("crl::")).collect();
    assert_eq!(outcomes.len(), 8, "the crl group");
    let table = outcome_table("x509-limbo `crl::` through the strict verdict with the case's CRLs", &outcomes, CRL_KNOWN_ACCEPTS);
    check_outcome_file("limbo-crl-outcome.md", &table);
    assert_eq!(wrong(&outcomes, true), CRL_KNOWN_ACCEPTS.iter().map(|(id, _)| *id).collect::<Vec<_>>(), "wrongly accepted");
    assert_eq!(wrong(&outcomes, false), Vec::<&str>::new(), "wrongly rejected");
}

/// `webpki::` cases `verdicts.tls` rejects that x509-limbo expects to pass.
const TLS_KNOWN_REJECTS: &[(&str, &str)] = &[
    ("webpki::nc::nc-permits-dns-san-pattern", CN_ARGUMENT),
    ("webpki::san::exact-localhost-ip-san", CN_ARGUMENT),
    ("webpki::san::leftmost-wildcard-san", CN_ARGUMENT),
];

const CN_ARGUMENT: &str = "cn-not-in-san: the leaf's CN \"example.com\" (x509-limbo's default subject) is no subjectAltName entry, which the CA/Browser Forum rule its own `webpki::cn::` cases require to fail (BR §7.1.4.3: the CN, if present, is a copy of a SAN entry) forbids; one rule cannot pass both, and the rejection is the safe side. Apple itself ignores the CN (HT210176).";

/// `crl::` cases the strict verdict accepts that x509-limbo expects to fail: none.
const CRL_KNOWN_ACCEPTS: &[(&str, &str)] = &[];

/// A Markdown outcome: the counts, the known differences with their reasons, then one row per case.
fn outcome_table(title: &str, outcomes: &[Outcome], known: &[(&str, &str)]) -> String {
    let agree = outcomes.iter().filter(|o| o.expected_ok == o.got_ok).count();
    let mut text = format!(
        "# {title}\n\nGenerated by `CERTSCOPE_WRITE_OUTCOME=1 cargo test --test limbo`. {agree} of {} cases agree; {} wrongly accepted; {} wrongly rejected.\n\n| case | expected | certscope | first reason |\n|---|---|---|---|\n",
        outcomes.len(),
        wrong(outcomes, true).len(),
        wrong(outcomes, false).len()
    );
    if !known.is_empty() {
        text.insert_str(text.find("| case |").unwrap_or(text.len()), &known.iter().map(|(id, why)| format!("- `{id}`: {why}\n")).collect::<String>());
        text.insert(text.find("| case |").unwrap_or(text.len()), '\n');
    }
    for o in outcomes {
        let _ = writeln!(text, "| {} | {} | {} | {} |", o.id, o.expected, if o.got_ok { "SUCCESS" } else { "FAILURE" }, o.why);
    }
    text
}
