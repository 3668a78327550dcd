//! The CLI contract: `certscope [--json] [--at …] [FILE ...]`, the `fleet` and `screenshot-text`
//! subcommands and their earlier flags, --help/--version, JSON fields, exit codes and colour.
//! Every run passes --at: no test reads the real clock.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

fn certscope(args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    certscope_env(args, stdin, &[])
}

/// Runs the binary with `env` set and NO_COLOR removed unless `env` sets it; stdout is a pipe
/// (not a terminal).
fn certscope_env(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_certscope"));
    cmd.args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").envs(env.iter().copied());
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn certscope"); // ok: test
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    // ok: test
    } else {
        let _closed = child.stdin.take();
    }
    let out = child.wait_with_output().expect("wait"); // ok: test
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const APSD_LEAF: &str = "tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem";

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
    // The role, what macOS would say, and the one-line disagreement from the Report.
    assert!(out.contains("6001A957-6FC5-4856-8C5E-DC2E32C61CB9 (Apple device identity) — tests/fixtures/apple/"), "{out}");
    assert!(out.contains("\n  macOS:    ok (anchored at Apple Root CA)\n"), "{out}");
    assert!(
        out.contains("\n  ! macOS accepts it; the strict RFC 5280 check does not: \"6001A957-6FC5-4856-8C5E-DC2E32C61CB9\" expired on 2019-11-08"),
        "{out}"
    );
}

#[test]
fn human_output_prints_the_facts() {
    let (code, out, _) = certscope(&["--at", "2026-11-29", "tests/fixtures/apple-pki/leaf-developer-id-installer-ria-2022-2027.pem"], None);
    assert_eq!(code, 0);
    let card = "(Developer ID Installer) — tests/fixtures/apple-pki/leaf-developer-id-installer-ria-2022-2027.pem / block 1 / lines 1-33\n";
    assert!(out.contains(card), "{out}");
    assert!(out.contains("\n  Team ID: ET847QJV9F\n  Team name: Riigi Infosüsteemi Amet\n  Days left: 64 (expires 2027-02-01)\n"), "{out}");
    assert!(out.contains("\n  macOS:    ok (anchored at Apple Root CA)\n"), "{out}");
    // The critical Developer ID marker is Apple's: macOS reads it, RFC 5280 path validation does not
    // process it (issue 19 item 5), so the two verdicts disagree in one line.
    assert!(out.contains("\n  ! macOS accepts it; the strict RFC 5280 check does not: \"Developer ID Installer: Riigi Infosüsteemi Amet (ET847QJV9F)\" has a critical extension RFC 5280 path validation does not process"), "{out}");
}

#[test]
fn version_and_help() {
    let version = format!("certscope {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-V"] {
        assert_eq!(certscope(&[flag], None), (0, version.clone(), String::new()), "{flag}");
    }
    let (code, help, err) = certscope(&["--help"], None);
    assert_eq!((code, err.as_str()), (0, ""));
    for needle in [
        "Usage: certscope [OPTIONS] [FILE]...",
        "\n  fleet ",
        "\n  screenshot-text ",
        "--at <TIME>",
        "--trust <ROOTS.pem>",
        "--fleet <FILE>",
        "--screenshot-text <FILE>",
        "--device-column <NAME>",
        "Exit status: 0",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}: {help}");
    }
    let (code, help, _) = certscope(&["fleet", "--help"], None);
    assert_eq!(code, 0);
    assert!(help.contains("Usage: certscope fleet [OPTIONS] <FILE>") && help.contains("--certificate-column <NAME>") && help.contains("--csv"), "{help}");
    assert_eq!(certscope(&["help", "fleet"], None).1, help, "`help fleet` is `fleet --help`");
}

/// The JSON of a run with the timing masked.
fn json_masked(args: &[&str]) -> Value {
    let (code, out, err) = certscope(args, None);
    assert_eq!(code, 0, "{args:?}: {err}");
    let mut v: Value = serde_json::from_str(&out).expect("json"); // ok: test
    v["elapsed_ms"] = Value::Null;
    v
}

#[test]
fn subcommands_and_earlier_flags_agree() {
    let path = std::env::temp_dir().join(format!("certscope-shot-alias-{}.txt", std::process::id()));
    std::fs::write(
        &path,
        "6001A957-6FC5-4856-8C5E-DC2E32C61CB9\nIssued by: Apple iPhone Device CA\nExpires: Friday, 8 November 2019 at 14:41:36 Greenwich Mean Time\n",
    )
    .expect("write"); // ok: test
    let p = path.to_string_lossy().into_owned();
    let sub = json_masked(&["screenshot-text", &p, "--json", "--at", "2026-11-29"]);
    let old = json_masked(&["--screenshot-text", &p, "--json", "--at=2026-11-29"]);
    let global_first = json_masked(&["--json", "--at", "2026-11-29", "screenshot-text", &p]);
    assert_eq!(sub["items"][0]["kind"], "screenshot");
    assert_eq!(sub, old);
    assert_eq!(sub, global_first);
    // The earlier flag still combines with certificate files.
    let both = json_masked(&["--json", "--at", "2026-11-29", "--screenshot-text", &p, APSD_LEAF]);
    let _ = std::fs::remove_file(&path);
    let kinds: Vec<&str> = both["items"].as_array().into_iter().flatten().filter_map(|i| i["kind"].as_str()).collect();
    assert_eq!(kinds, ["screenshot", "certificate"]);
}

#[test]
fn fleet_problems_are_printed() {
    let leaf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("leaf"); // ok: test
    let mut csv = format!("Serial,Cert\nD0,\"{leaf}\"\n");
    for i in 1..=certscope::fleet::MAX_ROWS + 1 {
        csv.push_str(&format!("D{i},\n"));
    }
    let path = std::env::temp_dir().join(format!("certscope-big-fleet-{}.csv", std::process::id()));
    std::fs::write(&path, csv).expect("write"); // ok: test
    let p = path.to_string_lossy().into_owned();
    let (code, out, _) = certscope(&["fleet", &p, "--at", "2026-01-01"], None);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0);
    let max = certscope::fleet::MAX_ROWS;
    assert!(out.contains(&format!("\nproblem: the file has more than {max} rows: only the first {max} were read")), "{}", &out[..out.len().min(600)]);
    assert!(
        out.contains("0 fail Apple's rule (forged or damaged); a date-checking server rejects 1 now, 0 more within 30 days"),
        "{}",
        &out[..out.len().min(600)]
    );
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    const ESC: char = '\u{1b}';
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["--at", "2026-11-29", APSD_LEAF];
        all.extend_from_slice(args);
        let (code, out, err) = certscope_env(&all, None, env);
        assert_eq!(code, 0, "{err}");
        out
    };
    // Standard output is a pipe here, not a terminal: no colour by default.
    let plain = run(&[], &[]);
    assert!(!plain.contains(ESC), "{plain}");
    // Forced colour shows the verdict words in colour, and only adds escapes to the same text.
    let coloured = run(&["--color", "always"], &[]);
    assert!(coloured.contains(&format!("Apple rule: {ESC}[")), "{coloured}");
    let stripped: String = {
        let mut s = String::new();
        let mut rest = coloured.as_str();
        while let Some(i) = rest.find(ESC) {
            s.push_str(&rest[..i]);
            let end = rest[i..].find('m').map(|e| i + e + 1).unwrap_or(rest.len());
            rest = &rest[end..];
        }
        s.push_str(rest);
        s
    };
    assert_eq!(stripped, plain);
    // NO_COLOR wins over everything, as https://no-color.org asks.
    assert_eq!(run(&["--color", "always"], &[("NO_COLOR", "1")]), plain);
    assert_eq!(run(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]), plain);
    // The fleet table too.
    let leaf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("leaf"); // ok: test
    let path = std::env::temp_dir().join(format!("certscope-colour-fleet-{}.csv", std::process::id()));
    std::fs::write(&path, format!("Serial,Cert\nC02A,\"{leaf}\"\n")).expect("write"); // ok: test
    let p = path.to_string_lossy().into_owned();
    let fleet_plain = certscope_env(&["fleet", &p, "--at", "2019-11-01"], None, &[]).1;
    let fleet_no_color = certscope_env(&["fleet", &p, "--at", "2019-11-01", "--color", "always"], None, &[("NO_COLOR", "1")]).1;
    let fleet_coloured = certscope_env(&["fleet", &p, "--at", "2019-11-01", "--color", "always"], None, &[]).1;
    let _ = std::fs::remove_file(&path);
    assert!(!fleet_plain.contains(ESC) && fleet_plain.contains("apple ok     strict ok"), "{fleet_plain}");
    assert_eq!(fleet_no_color, fleet_plain);
    assert!(fleet_coloured.contains(ESC), "{fleet_coloured}");
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
    assert_eq!(v["name_column"], "Name", "the computer name is kept beside the serial");
    assert_eq!(v["rows"][1]["name"], "mac b");
    assert_eq!(v["rows"][0]["apple_device"], "ok");
    assert_eq!(v["rows"][0]["strict"], "ok");
    assert_eq!(v["histogram"]["rejected_within_30_days"], 1, "expires 2019-11-08, a week after --at");
    assert_eq!(v["histogram"]["no_certificate"], 1);
    let (code, text, _) = certscope(&["--fleet", &csv, "--csv", "--at", "2019-11-01"], None);
    assert_eq!(code, 0);
    assert_eq!(
        text,
        "row,device,sha256,not_after,apple_rule,strict,reason,name\n\
2,C02A,4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8,2019-11-08T14:41:36Z,ok,ok,,mac a\n\
3,C02B,,,n/a,failed,no certificate in this row,mac b\n"
    );
    // The subcommand is the same run.
    assert_eq!(certscope(&["fleet", &csv, "--csv", "--at", "2019-11-01"], None), (0, text, String::new()));
    // --trust makes a private root an anchor.
    let chain = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/chains/rsa-chain/");
    let (code, out, _) = certscope(
        &["--json", "--at", "2027-06-01", "--trust", &format!("{chain}trusted.pem"), &format!("{chain}leaf.pem"), &format!("{chain}untrusted.pem")],
        None,
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).expect("json"); // ok: test
    assert_eq!(v["items"][0]["verdicts"]["strict"]["ok"], true, "{}", v["items"][0]["verdicts"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn screenshot_text_is_triaged() {
    let path = std::env::temp_dir().join(format!("certscope-shot-{}.txt", std::process::id()));
    std::fs::write(
        &path,
        "6001A957-6FC5-4856-8C5E-DC2E32C61CB9\nIssued by: Apple iPhone Device CA\nExpires: Friday, 8 November 2019 at 14:41:36 Greenwich Mean Time\n",
    )
    .expect("write"); // ok: test
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
    assert_eq!(certscope(&["--json", "--at", "2026-11-29", APSD_LEAF], None).0, 0, "read");
    let (code, out, _) = certscope(&["--json"], Some(b"hello, nothing here"));
    assert_eq!(code, 1, "nothing decoded");
    let v: Value = serde_json::from_str(&out).expect("json even when nothing decodes"); // ok: test
    assert!(!v["problems"].as_array().map(Vec::is_empty).unwrap_or(true));
    // Usage errors, clap's own included, exit 2 and say why on standard error.
    for args in [
        &["--bogus"][..],
        &["--at", "yesterday-ish", "x.pem"],
        &["--at"],
        &["--csv", "x.pem"],
        &["--color", "sometimes", "x.pem"],
        &["fleet"],
        &["screenshot-text"],
        &["fleet", "a.csv", "--bogus"],
    ] {
        let (code, out, err) = certscope(args, Some(b""));
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty() && err.starts_with("error: "), "{args:?}: {out} / {err}");
    }
    assert_eq!(certscope(&["/nonexistent/file.pem"], None).0, 2);
}

/// Issue 19/20 review: a profile signed on a curve certscope does not verify (brainpoolP256r1)
/// was said, per signer, to have "signature failed" (human) and "signature FAILS" (Markdown) —
/// while the label beside it rightly said the signature cannot be checked. Not checked is never
/// failed (seen failing against the previous code).
#[test]
fn a_signature_that_cannot_be_checked_is_not_called_failed() {
    let file = "tests/fixtures/attack/brainpool-signed-profile.der";
    let (code, human, _) = certscope(&["--color", "never", "--at", "2026-12-06", file], None);
    assert_eq!(code, 0);
    let line = human.lines().find(|l| l.trim_start().starts_with("signer ")).unwrap_or_default();
    assert!(line.contains("signature not checked") && !line.contains("failed"), "{human}");
    let (_, md, _) = certscope(&["--markdown", "--at", "2026-12-06", file], None);
    let line = md.lines().find(|l| l.starts_with("- Signer ")).unwrap_or_default();
    assert!(line.contains("signature not checked") && !line.contains("FAILS"), "{md}");
}
