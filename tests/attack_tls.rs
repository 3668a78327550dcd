//! Adversarial checks of today's TLS verdict, Public Suffix List, Ed25519 screening and
//! on-demand public roots (helper `attack2`). Fixtures: tests/fixtures/attack-tls/README.md.

use certscope::input::Source;
use certscope::time::Timestamp;
use certscope::trust::{AppleCas, TrustStore};
use std::path::Path;

const FIX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/attack-tls");

fn apple_only() -> TrustStore {
    TrustStore::with_public_roots(AppleCas::load(), Vec::new())
}

fn json(sources: &[Source], store: &TrustStore, at: Timestamp) -> String {
    let mut report = certscope::analyze(sources, store, at);
    report.elapsed_ms = 0.0;
    serde_json::to_string_pretty(&report).expect("json") // ok: test
}

fn file(name: &str) -> Vec<Source> {
    vec![Source::file(name, std::fs::read(Path::new(FIX).join(name)).expect("fixture"))]
    // ok: test
}

/// A push request's vendor certificate gets a chain verdict (report/keys.rs), but its chain is
/// not among `input_certificates`: a vendor certificate under a public root must make the page
/// fetch Mozilla's roots, or the page says "untrusted" where the CLI says trusted.
#[test]
fn a_push_requests_vendor_chain_counts_for_the_public_roots() {
    let sources = file("push-request-public-root-vendor.plist");
    let at = Timestamp::parse("2026-01-01T00:00:00Z").expect("time"); // ok: test
    let needs = certscope::report::needs_public_roots(&certscope::input::read(&sources), &apple_only());
    let (without, with) = (json(&sources, &apple_only(), at), json(&sources, &TrustStore::builtin(), at));
    assert!(needs || without == with, "the report differs without Mozilla's roots, yet they are not fetched");
}

/// The Ed25519 key screening against ed25519-dalek on the encodings where hand-written field
/// arithmetic breaks first: y in [0, 2^12) and [p − 2^12, p], every sign bit, and y with
/// one limb at its maximum. A key dalek decodes to a point of large order must pass, unless
/// RFC 8032 §5.1.3 refuses it (x = 0 with the sign bit: y = 1 or p − 1 — both small order).
#[test]
fn ed25519_key_screening_agrees_with_dalek_on_the_edges() {
    let p_minus = |k: u32| {
        // p − k = 2^255 − 19 − k, little-endian.
        let mut b = [0xffu8; 32];
        b[31] = 0x7f;
        let low = 0x1_0000u32 - 19 - k; // bytes 0..2 of 2^255 − 19 − k, borrowing from byte 2
        b[0] = low as u8;
        b[1] = (low >> 8) as u8;
        b
    };
    let mut encodings = Vec::new();
    for k in 0..0x1000u32 {
        let mut small = [0u8; 32];
        small[..4].copy_from_slice(&k.to_le_bytes());
        encodings.push(small);
        if k < 0xffed {
            encodings.push(p_minus(k));
        }
    }
    for limb in 0..4 {
        for v in [u64::MAX, u64::MAX - 1, 1 << 63, 0x7fff_ffff_ffff_ffff] {
            let mut b = [0u8; 32];
            b[8 * limb..8 * limb + 8].copy_from_slice(&v.to_le_bytes());
            b[31] &= 0x7f;
            encodings.push(b);
        }
    }
    let mut wrong = Vec::new();
    for b in encodings {
        for sign in [0u8, 0x80] {
            let mut key = b;
            key[31] |= sign;
            let ours = certscope::trust::sig_parse::ed25519_key(&key).is_ok();
            let theirs = ed25519_dalek::VerifyingKey::from_bytes(&key).ok();
            let y_canonical = {
                let mut y = key;
                y[31] &= 0x7f;
                y.iter().rev().zip(p_minus(0).iter().rev()).find(|(a, b)| a != b).is_some_and(|(a, b)| a < b)
            };
            let expected = y_canonical && theirs.is_some_and(|k| !k.is_weak());
            if ours != expected {
                wrong.push((key, ours));
            }
        }
    }
    assert!(wrong.is_empty(), "{} disagreements, first {:02x?}", wrong.len(), wrong.first());
}

/// `verdicts.tls` of the CLI for `file` (leaf first, under this directory's root.pem) as `name`.
fn cli_tls(file: &str, name: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_certscope"))
        .args(["--json", "--at", "2027-01-01T00:00:00Z", "--trust", &format!("{FIX}/root.pem"), "--server-name", name, &format!("{FIX}/{file}")])
        .output()
        .expect("certscope runs"); // ok: test
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report"); // ok: test
    report["items"][0]["verdicts"]["tls"].clone()
}

/// An address with a trailing dot, or a name ending in a number (`2130706433`, `0x7f.1`), is
/// what a resolver and a URL parser (WHATWG URL, "ends in a number") read as an IPv4 address:
/// a dNSName entry spelling it (which a CA may not issue, CA/Browser Forum BR §7.1.4.2) must
/// not make the server's certificate valid for it. The control: an ordinary host and address still match.
#[test]
fn a_host_that_is_an_address_is_never_matched_by_a_dns_name() {
    for (file, name) in
        [("ip-as-dns.pem", "192.0.2.7."), ("ip-as-dns.pem", "192.0.2.7.."), ("numeric-dns.pem", "2130706433"), ("numeric-dns.pem", "2130706433.")]
    {
        let v = cli_tls(file, name);
        assert_eq!(v["ok"], false, "{file} as {name}: {v}");
    }
    for name in ["mdm.example.com", "MDM.example.com.", "192.0.2.8"] {
        assert_eq!(cli_tls("mdm.pem", name)["ok"], true, "{name}");
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.8`, RFC 4291 §2.5.5.2) is the IPv4 address on
/// the wire: a CA excluded from 192.0.2.0/24 must not issue for it in its IPv6 spelling. The
/// control: the plain address is excluded, and another address is not.
#[test]
fn an_ipv4_mapped_address_does_not_escape_an_excluded_ipv4_subtree() {
    assert_eq!(cli_tls("ip-excluded.pem", "192.0.2.8")["ok"], false);
    let v = cli_tls("ip-mapped-excluded.pem", "::ffff:192.0.2.8");
    assert_eq!(v["ok"], false, "{v}");
    assert!(v["reason_codes"].as_array().is_some_and(|c| c.iter().any(|c| c == "name-excluded")), "{v}");
    assert_eq!(cli_tls("ip-mapped-other.pem", "::ffff:198.51.100.8")["ok"], true);
}
