//! `verdicts.tls` in the report: with a server name (`--server-name`), each leaf also gets what a
//! Mac says of it as that server's certificate; without one, nothing changes. The chains are
//! x509-limbo's `online::` cases (real servers' chains, tests/fixtures/limbo-tls.json) at their
//! validation time, against the built-in store (Mozilla's roots: the public-root limits apply).

use certscope::input::Source;
use certscope::report::Report;
use certscope::time::Timestamp;
use certscope::trust::{PeerName, ReasonCode, StrictOptions, TrustStore};
use serde_json::Value;

/// The chain (peer first) and validation time of a limbo case.
fn case(id: &str) -> (String, Timestamp) {
    let data: Value = serde_json::from_str(include_str!("fixtures/limbo-tls.json")).expect("json"); // ok: test
    let case = data["testcases"].as_array().and_then(|a| a.iter().find(|c| c["id"] == id)).expect("case"); // ok: test
    let mut pems = vec![case["peer_certificate"].as_str().unwrap_or("").to_string()];
    pems.extend(case["untrusted_intermediates"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string));
    (pems.join("\n"), Timestamp::parse(case["validation_time"].as_str().unwrap_or("")).expect("time"))
    // ok: test
}

fn report(id: &str, server: Option<&str>) -> Report {
    let (text, at) = case(id);
    let options = StrictOptions { server_name: server.map(|s| PeerName::parse(s).expect("name")), ..Default::default() }; // ok: test
    certscope::report::analyze_with(&[Source::text("chain", text)], &TrustStore::builtin(), at, options, &certscope::keys::Passwords::default())
}

#[test]
fn a_server_name_gives_each_leaf_a_tls_verdict() {
    let r = report("online::apple.com", Some("apple.com"));
    let certs: Vec<_> = r.certificates().collect();
    let leaf = certs.iter().find(|c| c.name.contains("apple.com")).expect("leaf"); // ok: test
    let tls = leaf.verdicts.tls.as_ref().expect("a TLS verdict"); // ok: test
    assert!(tls.ok, "{:?}", tls.reasons);
    assert!(certs.iter().filter(|c| c.cert.is_ca()).all(|c| c.verdicts.tls.is_none()), "CAs get none");
    // Another name: the same chain is not that server's.
    let r = report("online::apple.com", Some("mdm.example.com"));
    let leaf = r.certificates().find(|c| c.name.contains("apple.com")).expect("leaf"); // ok: test
    let tls = leaf.verdicts.tls.as_ref().expect("a TLS verdict"); // ok: test
    assert!(!tls.ok && tls.reason_codes.contains(&ReasonCode::NameMismatch), "{:?}", tls.reasons);
    assert!(leaf.verdicts.strict.ok, "the strict verdict does not ask for a name");
}

#[test]
fn without_a_server_name_the_json_has_no_tls_verdict() {
    let r = report("online::google.com", None);
    let json = serde_json::to_string(&r).expect("json"); // ok: test
    assert!(!json.contains("\"tls\""), "no tls key");
    assert!(r.certificates().all(|c| c.verdicts.tls.is_none()));
}

#[test]
fn server_names_parse_as_people_type_them() {
    assert_eq!(PeerName::parse(" MDM.Example.com. "), Some(PeerName::Dns("mdm.example.com".into())));
    assert_eq!(PeerName::parse("192.0.2.1"), Some(PeerName::Ip(vec![192, 0, 2, 1])));
    assert_eq!(PeerName::parse("[::1]").map(|p| matches!(p, PeerName::Ip(v) if v.len() == 16)), Some(true));
    assert_eq!(PeerName::parse(""), None);
    assert_eq!(PeerName::parse("bücher.example"), None);
}

#[test]
fn the_cli_takes_a_server_name() {
    let (text, at) = case("online::apple.com");
    let path = std::env::temp_dir().join(format!("certscope-tls-{}.pem", std::process::id()));
    std::fs::write(&path, text).expect("write"); // ok: test
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_certscope")).args(args).arg(&path).env("NO_COLOR", "1").output().expect("run"); // ok: test
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let at = at.rfc3339();
    let (code, human) = run(&["--at", &at, "--server-name", "apple.com"]);
    assert_eq!(code, Some(0));
    assert!(human.contains("TLS server: "), "{human}");
    let (_, json) = run(&["--json", "--at", &at, "--server-name", "apple.com"]);
    assert!(json.contains("\"tls\""), "{json}");
    let (_, json) = run(&["--json", "--at", &at]);
    assert!(!json.contains("\"tls\""));
    let (code, _) = run(&["--at", &at, "--server-name", "bücher.example"]);
    assert_eq!(code, Some(2), "a name that is not ASCII is a usage error");
    let _ = std::fs::remove_file(&path);
}

/// An unsigned profile with an MDM payload naming `server_url` and pkcs1 payloads carrying the
/// apple.com chain (its leaf first).
fn profile_with_leaf(server_url: &str) -> Report {
    use base64::Engine;
    let (text, at) = case("online::apple.com");
    let read = certscope::input::read(&[Source::text("chain", text)]);
    let payloads: String = read
        .certificates()
        .map(|c| format!("<dict><key>PayloadType</key><string>com.apple.security.pkcs1</string><key>PayloadIdentifier</key><string>com.example.cert</string><key>PayloadContent</key><data>{}</data></dict>\n", base64::engine::general_purpose::STANDARD.encode(&c.der)))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>PayloadContent</key><array>
<dict><key>PayloadType</key><string>com.apple.mdm</string><key>PayloadIdentifier</key><string>com.example.mdm</string><key>ServerURL</key><string>{server_url}</string></dict>
{payloads}</array>
<key>PayloadType</key><string>Configuration</string><key>PayloadIdentifier</key><string>com.example.enroll</string>
</dict></plist>"#
    );
    certscope::analyze(&[Source::text("enroll.mobileconfig", xml)], &TrustStore::builtin(), at)
}

fn payload_leaf_tls(r: &Report) -> Option<certscope::report::StrictJson> {
    r.items.iter().find_map(|i| match i {
        certscope::report::Item::Profile(p) => p.profile.certificates.first().and_then(|c| c.verdicts.tls.clone()),
        _ => None,
    })
}

#[test]
fn a_profile_names_the_server_its_certificates_are_checked_for() {
    let tls = payload_leaf_tls(&profile_with_leaf("https://apple.com:443/mdm/server")).expect("a TLS verdict from the profile's ServerURL"); // ok: test
    assert!(tls.ok, "{:?}", tls.reasons);
    let tls = payload_leaf_tls(&profile_with_leaf("https://mdm.example.com/mdm")).expect("a TLS verdict"); // ok: test
    assert!(!tls.ok && tls.reason_codes.contains(&ReasonCode::NameMismatch), "{:?}", tls.reasons);
    // No TLS for a plain-HTTP server.
    assert!(payload_leaf_tls(&profile_with_leaf("http://apple.com/mdm")).is_none());
}

/// The report of a limbo case with `server` and the given Public Suffix List (none: the page
/// before the list arrives, or when it cannot load it).
fn report_with_list(id: &str, server: &str, list: Option<std::sync::Arc<certscope::trust::public_suffix::PublicSuffixList>>) -> Report {
    let (text, at) = case(id);
    let sources = [Source::text("chain", text)];
    let options = StrictOptions { server_name: PeerName::parse(server), public_suffixes: list, ..Default::default() };
    let store = TrustStore::builtin();
    certscope::report::ReportJob::native(&sources, &certscope::input::read(&sources), &store, at, options).finish()
}

#[test]
fn a_wildcard_without_the_public_suffix_list_is_not_checked_never_valid() {
    // google.com's certificate names maps.google.com only through *.google.com.
    let leaf_tls = |r: &Report| r.certificates().find(|c| !c.cert.is_ca()).and_then(|c| c.verdicts.tls.clone()).expect("a TLS verdict"); // ok: test
    let without = report_with_list("online::google.com", "maps.google.com", None);
    assert!(without.needs_public_suffixes(), "the page then loads the list and evaluates again");
    let tls = leaf_tls(&without);
    assert!(!tls.ok && tls.not_checked, "{:?}", tls.reasons);
    assert_eq!(tls.reason_codes, vec![ReasonCode::PublicSuffixNotChecked]);
    let with = report_with_list("online::google.com", "maps.google.com", certscope::trust::public_suffix::builtin());
    assert!(!with.needs_public_suffixes());
    let tls = leaf_tls(&with);
    assert!(tls.ok, "{:?}", tls.reasons);
    // The JSON names the server the verdict is for.
    let json = serde_json::to_value(&with).expect("json"); // ok: test
    assert!(json.to_string().contains("\"tls_server\":\"maps.google.com\""), "verdicts.tls_server");
    // The ticket's Markdown (the page's Copy report, `--markdown`) says it too.
    let md = certscope::report::markdown(&with);
    assert!(md.contains("- TLS server (maps.google.com): **OK**"), "{md}");
    let md = certscope::report::markdown(&without);
    assert!(md.contains("- TLS server (maps.google.com): **not checked** — not checked: "), "{md}");
    // A name the certificate carries as it is needs no list.
    let tls = leaf_tls(&report_with_list("online::apple.com", "apple.com", None));
    assert!(tls.ok, "{:?}", tls.reasons);
}
