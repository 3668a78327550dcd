//! What the CLI prints cannot be turned against its reader: a name with terminal escapes, a line
//! break or Markdown prints inert in the human output (colour on or off), the fleet table, the
//! errors, the JSON and `--markdown`, and `--markdown` is exactly the page's "Copy report".
//! Every run passes --at: no test reads the real clock.

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::TrustStore;
use std::process::{Command, Stdio};

const ESCAPES: &str = "tests/fixtures/hostile/escapes.pem";

fn certscope(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_certscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .expect("run certscope"); // ok: test
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Every control, DEL, C1 or bidi character in `s` that is not part of a colour (SGR) sequence.
fn raw_controls(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\u{1b}' {
            // ESC [ digits and ; m: a colour, which the CLI writes itself.
            let rest = &s[i + 1..];
            let sgr = rest.strip_prefix('[').and_then(|r| r.find(|c: char| !(c.is_ascii_digit() || c == ';'))).filter(|&n| rest[1 + n..].starts_with('m'));
            if let Some(n) = sgr {
                for _ in 0..n + 2 {
                    chars.next();
                }
                continue;
            }
            found.push(format!("ESC at {i}: {:?}", &s[i..(i + 8).min(s.len())]));
        } else if certscope::escape::is_unsafe(c) && !matches!(c, '\n' | '\t') {
            found.push(format!("{c:?} at {i}"));
        }
    }
    found
}

#[test]
fn escape_sequences_in_names_print_inert_with_colour_on_or_off() {
    for colour in ["always", "never"] {
        let (code, out, err) = certscope(&["--at", "2026-11-29", "--color", colour, ESCAPES]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(raw_controls(&out), Vec::<String>::new(), "--color {colour}:\n{out}");
        assert!(out.contains("E\\u{1b}[1A\\u{1b}[2KApple rule: ok"), "the name is shown, inert:\n{out}");
        // The line break in O= does not start a line of its own.
        assert!(!out.lines().any(|l| l.trim_start().starts_with("- macOS: **trusted**")), "{out}");
    }
    let (_, json, _) = certscope(&["--json", "--at", "2026-11-29", ESCAPES]);
    assert_eq!(raw_controls(&json), Vec::<String>::new(), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON"); // ok: test
    assert!(
        v["items"][0]["subject"].as_str().is_some_and(|s| s.contains("\u{202e}evil\u{9b}2J\u{7f}")),
        "the JSON keeps the value: {}",
        v["items"][0]["subject"]
    );
}

#[test]
fn fleet_device_names_and_error_messages_print_inert() {
    let dir = std::env::temp_dir().join(format!("certscope-safety-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp"); // ok: test
    let leaf = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("leaf"); // ok: test
    let fleet = dir.join("fleet.csv");
    std::fs::write(&fleet, format!("Name,Cert\n\"Mac\u{1b}[1A\u{1b}[2K\u{202e}\",\"{leaf}\"\n")).expect("write"); // ok: test
    let no_cert = dir.join("no-cert.csv");
    std::fs::write(&no_cert, "Name,E\u{1b}[2Kvil\u{9b}\nmac,x\n").expect("write"); // ok: test
    let fleet = fleet.to_string_lossy().into_owned();
    for colour in ["always", "never"] {
        let (code, out, _) = certscope(&["fleet", &fleet, "--at", "2019-11-01", "--color", colour]);
        assert_eq!(code, 0);
        assert_eq!(raw_controls(&out), Vec::<String>::new(), "{out}");
        assert!(out.contains("Mac\\u{1b}[1A\\u{1b}[2K\\u{202e}"), "{out}");
    }
    let (_, csv, _) = certscope(&["fleet", &fleet, "--at", "2019-11-01", "--csv"]);
    assert_eq!(raw_controls(&csv), Vec::<String>::new(), "{csv}");
    // `fleet --markdown` is what the page's Copy report copies after a fleet file: its counts,
    // the hostile name inert.
    let (code, md, err) = certscope(&["fleet", &fleet, "--at", "2019-11-01", "--markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("## certscope report: fleet\n\n### Fleet file ") && md.contains("- Fail Apple's rule (forged or damaged): 0"), "{md}");
    assert_eq!(raw_controls(&md), Vec::<String>::new(), "{md}");
    let (code, _, err) = certscope(&["fleet", &no_cert.to_string_lossy(), "--at", "2019-11-01"]);
    assert_eq!(code, 1);
    assert_eq!(raw_controls(&err), Vec::<String>::new(), "{err}");
    assert!(err.contains("E\\u{1b}[2Kvil\\u{9b}"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--markdown` prints what the page's "Copy report" copies: the core's one function.
#[test]
fn markdown_is_the_copy_report_text() {
    let path = "tests/fixtures/apple/sample-security-find-certificate-apsd-keychain.txt";
    let (code, out, err) = certscope(&["--markdown", "--at", "2026-11-29", path]);
    assert_eq!(code, 0, "{err}");
    let bytes =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple/sample-security-find-certificate-apsd-keychain.txt")).expect("fixture"); // ok: test
    let at = Timestamp::parse("2026-11-29").expect("time"); // ok: test
    let report = certscope::analyze(&[Source::file(path, bytes)], &TrustStore::builtin(), at);
    assert_eq!(out, certscope::report::markdown(&report));
    assert!(out.starts_with("## certscope report: ") && out.contains("- macOS: **trusted**"), "{out}");
    // Not JSON and Markdown at once.
    assert_eq!(certscope(&["--markdown", "--json", path]).0, 2);
}

#[test]
fn no_name_starts_a_markdown_line_or_loads_an_image() {
    let (code, md, _) = certscope(&["--markdown", "--at", "2026-11-29", "--color", "always", ESCAPES]);
    assert_eq!(code, 0);
    assert_eq!(raw_controls(&md), Vec::<String>::new(), "{md}");
    assert!(!md.lines().any(|l| l.starts_with("- macOS: **trusted**")), "a forged verdict line:\n{md}");
    // The image's text is in the Subject and Issuer code spans only.
    assert!(md.lines().filter(|l| l.contains("![x]")).all(|l| l.starts_with("- Subject: ```") || l.starts_with("- Issuer: ```")), "an image:\n{md}");
    // The subject is one code span, which its backticks cannot close.
    let subject = md.lines().find(|l| l.starts_with("- Subject: ")).expect("a subject line"); // ok: test
    assert!(
        subject.starts_with("- Subject: ```") && !subject.starts_with("- Subject: ````") && subject.ends_with("```") && subject.contains("`a``b`"),
        "{subject}"
    );
}

/// The device request's CHALLENGE is a secret: "(left out)" in every output of the CLI.
#[test]
fn the_device_request_challenge_is_in_no_cli_output() {
    let request = "tests/fixtures/secrets/device-request-challenge.p7s";
    for format in [&[][..], &["--json"][..], &["--markdown"][..]] {
        let mut args = vec!["--at", "2026-11-29", request];
        args.extend_from_slice(format);
        let (code, out, err) = certscope(&args);
        assert_eq!(code, 0, "{err}");
        assert!(!out.contains("ota-challenge-9182"), "{format:?}:\n{out}");
        assert!(out.contains("C02XX") && out.contains("(left out)"), "{format:?}:\n{out}");
    }
}
