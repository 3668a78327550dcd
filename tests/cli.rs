//! The CLI contract: `certscope [--json] [--at …] [FILE ...]`, JSON fields and exit codes.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn certscope(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_certscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn certscope"); // ok: test
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin"); // ok: test
    } else {
        let _closed = child.stdin.take();
    }
    let out = child.wait_with_output().expect("wait"); // ok: test
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn json_on_the_sample_paste() {
    let (code, out, _) = certscope(&["--json", "--at", "2026-11-29", "tests/fixtures/apple/sample-security-find-certificate-apsd-keychain.txt"], None);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("one JSON document"); // ok: test
    assert_eq!(v["evaluated_at"], "2026-11-29T00:00:00Z");
    assert!(v["elapsed_ms"].as_f64().is_some());
    let item = &v["items"][0];
    assert_eq!(item["kind"], "certificate");
    assert_eq!(item["sha256"], "4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8");
    assert_eq!(item["sha1"], "612C84BFC66276B3883BC0EECE1CC9635688428F");
    assert_eq!(item["subject"], "CN=6001A957-6FC5-4856-8C5E-DC2E32C61CB9");
    assert_eq!(item["issuer"], "CN=Apple iPhone Device CA,OU=Apple iPhone,O=Apple Inc.,C=US");
    assert_eq!(item["serial"], "0135401DC29B65DC3784");
    assert_eq!(item["not_before"], "2018-11-08T14:36:36Z");
    assert_eq!(item["not_after"], "2019-11-08T14:41:36Z");
    assert!(item["source"].as_str().unwrap_or_default().ends_with("/ block 1 / lines 3-19"));
    assert_eq!(item["verdicts"]["apple_device"], serde_json::json!({ "applies": true, "ok": true, "reasons": [] }));
    assert_eq!(item["verdicts"]["strict"]["ok"], false);
    assert!(item["verdicts"]["strict"]["reasons"][0].as_str().unwrap_or_default().contains("expired on 2019-11-08, 7 years before the evaluation time"));
    assert_eq!(item["chain"].as_array().map(Vec::len), Some(2), "leaf and the pinned Device CA");
    assert_eq!(item["chain"][1], "76F27D00E1333BC88DE0E2916C38C9A7F2B75774C25A794C092A80E3C4C66CCE");
    assert_eq!(v["diagnosis"]["code"], "apple-device-expired-403");
    let summary = v["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("Apple rule: ok (dates ignored) · strict: failed — ") && summary.contains("expired on 2019-11-08"), "{summary}");
    assert_eq!(v["problems"], serde_json::json!([]));
}

#[test]
fn stdin_and_dash_are_read() {
    let pem = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("fixture"); // ok: test
    for args in [vec!["--json"], vec!["--json", "-"]] {
        let (code, out, _) = certscope(&args, Some(&pem));
        assert_eq!(code, 0);
        let v: Value = serde_json::from_str(&out).expect("json"); // ok: test
        assert_eq!(v["items"][0]["source"], "standard input / block 1 / lines 1-17");
    }
}

#[test]
fn human_output_says_both_verdicts() {
    let (code, out, _) = certscope(&["--at", "2026-11-29", "tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem"], None);
    assert_eq!(code, 0);
    assert!(out.contains("Apple rule: ok (dates ignored)"), "{out}");
    assert!(out.contains("strict:   failed — \"6001A957-6FC5-4856-8C5E-DC2E32C61CB9\" expired on 2019-11-08"), "{out}");
}

#[test]
fn fleet_files_and_extra_roots() {
    let dir = std::env::temp_dir().join(format!("certscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp"); // ok: test
    let leaf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("leaf"); // ok: test
    let csv = dir.join("fleet.csv");
    std::fs::write(&csv, format!("Serial,Name,Cert\nC02A,mac a,\"{leaf}\"\nC02B,mac b,\n")).expect("write"); // ok: test
    let csv = csv.to_string_lossy().into_owned();
    let (code, out, _) = certscope(&["--fleet", &csv, "--json", "--at", "2019-11-01"], None);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json"); // ok: test
    assert_eq!(v["device_column"], "Serial");
    assert_eq!(v["rows"][0]["apple_device"], "ok");
    assert_eq!(v["rows"][0]["strict"], "ok");
    assert_eq!(v["histogram"]["rejected_within_30_days"], 1, "expires 2019-11-08, a week after --at");
    assert_eq!(v["histogram"]["no_certificate"], 1);
    let (_, text, _) = certscope(&["--fleet", &csv, "--csv"], None);
    assert!(text.starts_with("row,device,sha256,not_after,apple_rule,strict,reason\n2,mac a,4A01D5D6") || text.contains("C02A"), "{text}");
    // --trust makes a private root an anchor.
    let chain = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains/rsa-chain/");
    let (code, out, _) = certscope(&["--json", "--at", "2027-06-01", "--trust", &format!("{chain}trusted.pem"), &format!("{chain}leaf.pem"), &format!("{chain}untrusted.pem")], None);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json"); // ok: test
    assert_eq!(v["items"][0]["verdicts"]["strict"]["ok"], true, "{}", v["items"][0]["verdicts"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn screenshot_text_is_triaged() {
    let path = std::env::temp_dir().join(format!("certscope-shot-{}.txt", std::process::id()));
    std::fs::write(&path, "6001A957-6FC5-4856-8C5E-DC2E32C61CB9\nIssued by: Apple iPhone Device CA\nExpires: Friday, 8 November 2019 at 14:41:36 Greenwich Mean Time\n").expect("write"); // ok: test
    let p = path.to_string_lossy().into_owned();
    let (code, out, _) = certscope(&["--json", "--at", "2026-11-29", "--screenshot-text", &p], None);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json"); // ok: test
    assert_eq!(v["items"][0]["kind"], "screenshot");
    assert_eq!(v["items"][0]["findings"]["expires"], 1_573_224_096);
    assert_eq!(v["diagnosis"]["code"], "screenshot-apple-device-expired");
    assert_eq!(v["problems"], serde_json::json!([]));
}

#[test]
fn exit_codes() {
    let (code, out, _) = certscope(&["--json"], Some(b"hello, nothing here"));
    assert_eq!(code, 1, "nothing decoded");
    let v: Value = serde_json::from_str(&out).expect("json even when nothing decodes"); // ok: test
    assert!(!v["problems"].as_array().map(Vec::is_empty).unwrap_or(true));
    assert_eq!(certscope(&["--bogus"], None).0, 2);
    assert_eq!(certscope(&["--at", "yesterday-ish", "x.pem"], None).0, 2);
    assert_eq!(certscope(&["/nonexistent/file.pem"], None).0, 2);
}
