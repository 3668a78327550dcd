//! The report as Markdown, for pasting into a ticket: what the page's "Copy report" copies
//! and `certscope --markdown` prints. Every string that comes from the input (names, profile
//! strings, file names, and the sentences that quote them) goes through [`t`] or [`code`]
//! (src/escape.rs): no name can format, link, load an image or start a line of its own.

use super::{CertificateItem, Item, Report, SignatureState};
use crate::escape::{markdown as t, markdown_code as code};
use std::fmt::Write;

fn cert(out: &mut String, c: &CertificateItem, level: &str) {
    let a = &c.verdicts.apple_device;
    let s = &c.verdicts.strict;
    let _ = writeln!(out, "{level} {} ({})\n", t(&c.name), c.role_label);
    let _ = writeln!(out, "- Role: {} ({})", c.role_label, code(c.role.code()));
    for f in &c.facts {
        let _ = writeln!(out, "- {}: {}", t(&f.name), t(&f.value));
    }
    let _ = writeln!(out, "- Subject: {}", code(&c.subject));
    let _ = writeln!(out, "- Issuer: {}", code(&c.issuer));
    let _ = writeln!(out, "- Valid: {} → {}", t(&c.not_before), t(&c.not_after));
    let _ = writeln!(out, "- SHA-256: {}", code(&c.sha256));
    let _ = writeln!(out, "- SHA-1: {}", code(&c.sha1));
    let apple = if !a.applies {
        "does not apply (not issued by Apple iPhone Device CA)".to_string()
    } else if a.ok {
        "**OK** (dates ignored; every signature verifies against Apple's keys)".to_string()
    } else if a.not_checked {
        format!("**NOT CHECKED** — {}", t(&a.reasons.join("; ")))
    } else {
        format!("**FAILED** — {}", t(&a.reasons.join("; ")))
    };
    let _ = writeln!(out, "- Apple's device rule: {apple}");
    let strict = if s.ok {
        format!("**OK**{}", s.anchor.as_ref().map(|x| format!(" (anchored at {})", t(x))).unwrap_or_default())
    } else if s.not_checked {
        format!("**NOT CHECKED** — {}", t(s.headline.as_deref().unwrap_or_default()))
    } else {
        format!("**FAILED** — {}", t(s.headline.as_deref().unwrap_or_default()))
    };
    let _ = writeln!(out, "- Strict check: {strict}");
    let m = &c.verdicts.macos;
    let macos = if m.ok {
        "**trusted**".to_string()
    } else if m.not_checked {
        format!("**not checked** — {}", t(m.headline.as_deref().unwrap_or_default()))
    } else {
        format!("**not trusted** — {}", t(m.headline.as_deref().unwrap_or_default()))
    };
    let _ = writeln!(out, "- macOS: {macos}");
    // With a server name: what a Mac says of it as that server's TLS certificate.
    if let Some(tls) = &c.verdicts.tls {
        let headline = t(tls.headline.as_deref().unwrap_or_default());
        let word = if tls.ok {
            "**OK**".to_string()
        } else if tls.not_checked {
            format!("**not checked** — {headline}")
        } else {
            format!("**FAILED** — {headline}")
        };
        let _ = writeln!(out, "- TLS server ({}): {word}", t(c.verdicts.tls_server.as_deref().unwrap_or_default()));
    }
    if let Some(d) = &c.verdicts.disagreement {
        let _ = writeln!(out, "- Why they differ: {}", t(d));
    }
    for n in c.notes.iter().chain(&s.notes) {
        let _ = writeln!(out, "- Note: {}", t(n));
    }
    out.push('\n');
}

/// What "Copy report" copies (and `certscope --markdown` prints): the report's Markdown, then
/// each fleet file's ([`crate::fleet::fleet_markdown`]); with fleet files only (no report, or
/// one of nothing), a fleet heading instead of "No certificate".
pub fn ticket_markdown(r: Option<&Report>, fleets: &[String]) -> String {
    let mut md = match r {
        Some(r) if fleets.is_empty() || !r.items.is_empty() || !r.problems.is_empty() => markdown(r),
        _ => "## certscope report: fleet\n\n".to_string(),
    };
    for f in fleets {
        md.push_str(f);
    }
    md
}

/// Markdown for a ticket: verdicts, dates, fingerprints, diagnosis, problems.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    // The page's plain headline leads (the worst input's line), the technical summary after it.
    let lead = r.summary_lines.first().map(|l| format!(": {}", t(&l.headline))).unwrap_or_default();
    let _ = writeln!(out, "## certscope report{lead}\n\n{}\n\nEvaluated at {}.\n", t(&r.summary), t(&r.evaluated_at));
    super::markdown_summary::input_lines(&mut out, r);
    if let Some(d) = &r.diagnosis {
        let _ = writeln!(out, "### {}\n\n{}\n", t(&d.title), d.text.split('\n').map(t).collect::<Vec<_>>().join("\n\n"));
    }
    // Worst first; above COMPACT_ABOVE certificates the fine ones are summed up below.
    for item in super::markdown_summary::in_full(r).into_iter().filter_map(|i| r.items.get(i)) {
        match item {
            Item::Certificate(c) => cert(&mut out, c, "###"),
            Item::SignedData(s) => {
                let _ = writeln!(
                    out,
                    "### Signed data ({}, {})\n\n- {}: **{}** — {}",
                    s.content_type,
                    s.encoding,
                    s.macos_label.lead(),
                    s.macos_label.word(),
                    t(&s.macos_label_reason)
                );
                if let Some(then) = &s.macos_label_at_signing {
                    let _ = writeln!(out, "- It {}", t(then));
                }
                for sg in &s.signers {
                    let _ = writeln!(
                        out,
                        "- Signer {}: signature {}, digest {}",
                        t(sg.signer_name.as_deref().unwrap_or("(certificate not included)")),
                        match sg.signature_state() {
                            SignatureState::Ok => "verifies",
                            SignatureState::Failed => "FAILS",
                            _ => "not checked",
                        },
                        match sg.digest_state() {
                            SignatureState::Ok => "matches",
                            SignatureState::Failed => "DOES NOT MATCH",
                            _ => "not checked",
                        }
                    );
                }
                for (k, v) in s.device_request.iter().flatten() {
                    let _ = writeln!(out, "- {}: {}", t(k), t(v));
                }
                out.push('\n');
                for c in s.certificates.iter().chain(s.profile.iter().flat_map(|p| p.certificates.iter())) {
                    cert(&mut out, c, "####");
                }
            }
            Item::Profile(p) => {
                let _ =
                    writeln!(out, "### Unsigned profile {}\n\n- macOS would show: **Unsigned**\n", t(p.profile.profile.display_name.as_deref().unwrap_or("")));
                for c in &p.profile.certificates {
                    cert(&mut out, c, "####");
                }
            }
            Item::KeychainRecord(k) => {
                let _ = writeln!(
                    out,
                    "### Keychain record\n\n- Subject: {}\n- Issuer: {}\n- {}\n",
                    code(k.subject.as_deref().unwrap_or("?")),
                    code(k.issuer.as_deref().unwrap_or("?")),
                    t(&k.message)
                );
            }
            Item::Screenshot(s) => {
                let f = &s.findings;
                let _ = writeln!(out, "### From a screenshot (confirm with the certificate)\n");
                for (label, v) in [
                    ("Issued by", f.issuer.clone()),
                    ("Name", f.subject.clone()),
                    ("Expires", f.expires.map(|t| t.rfc3339())),
                    ("SHA-256", f.sha256.clone()),
                    ("SHA-1", f.sha1.clone()),
                ] {
                    if let Some(v) = v {
                        let _ = writeln!(out, "- {label}: {}", t(&v));
                    }
                }
                for e in &f.errors {
                    let _ = writeln!(out, "- Error shown: {}", t(&e.to_string()));
                }
                out.push('\n');
            }
            Item::Note(n) => {
                let _ = writeln!(out, "### {}\n\n{}\n", n.kind, t(&n.message));
            }
            Item::Key(k) => {
                let _ = writeln!(out, "### {}\n\n{}\n", k.kind, k.message);
                if let Some(h) = &k.public_key_sha256 {
                    let _ = writeln!(out, "- Public key SHA-256: {h}\n");
                }
            }
        }
    }
    super::markdown_summary::summed_up(&mut out, r);
    if !r.problems.is_empty() {
        let _ = writeln!(out, "### Problems\n");
        for p in &r.problems {
            let _ = writeln!(out, "- {}: {}", t(&p.source), t(&p.message));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::time::Timestamp;
    use crate::trust::TrustStore;

    #[test]
    fn ticket_markdown_has_verdicts_dates_fingerprints_and_diagnosis() {
        let sample = include_str!("../../tests/fixtures/apple/sample-security-find-certificate-apsd-keychain.txt");
        let r = crate::analyze(&[Source::text("pasted text", sample)], &TrustStore::builtin(), Timestamp(1_795_900_000));
        let md = super::markdown(&r);
        for needle in [
            "### Expired, but fine by Apple's rule",
            "4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8",
            "612C84BFC66276B3883BC0EECE1CC9635688428F",
            "2019-11-08T14:41:36Z",
            "Apple's device rule: **OK**",
            "Strict check: **FAILED**",
            "- Role: Apple device identity (`apple-device-identity`)",
            "- macOS: **trusted**",
            "- Why they differ: macOS accepts it",
        ] {
            assert!(md.contains(needle), "missing {needle} in\n{md}");
        }
    }

    #[test]
    fn each_certificate_section_has_its_role_facts_and_macos_verdict() {
        let pem = include_str!("../../tests/fixtures/apple-pki/leaf-developer-id-installer-ria-2022-2027.pem");
        let r = crate::analyze(&[Source::text("pasted text", pem)], &TrustStore::builtin(), Timestamp::parse("2026-11-30T00:00:00Z").expect("time")); // ok: test
        let md = super::markdown(&r);
        for needle in [
            "- Role: Developer ID Installer (`developer-id-installer`)",
            "- Team ID: ET847QJV9F",
            "- Days left: 63 (expires 2027-02-01)",
            "- macOS: **trusted**",
        ] {
            assert!(md.contains(needle), "missing {needle} in\n{md}");
        }
        // Every role code is the JSON's.
        for role in [crate::cert::Role::MdmPush, crate::cert::Role::IntermediateCa, crate::cert::Role::DeviceAttestation] {
            assert_eq!(serde_json::to_value(role).ok().and_then(|v| v.as_str().map(str::to_string)).as_deref(), Some(role.code()));
            // ok: test
        }
    }

    #[test]
    fn many_certificates_list_failures_first_and_sum_up_the_rest() {
        let leaf = include_str!("../../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem");
        let forged = include_str!("../../tests/fixtures/chains/forged-device-ca/leaf.pem");
        let text = format!("{}{forged}", leaf.repeat(49));
        let r = crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), Timestamp(1_795_900_000));
        let md = super::markdown(&r);
        let forged_at = md.find("Not a genuine Apple device certificate").expect("diagnosis"); // ok: test
        let section = md.find("00000000-FAKE").expect("the forged certificate has a section"); // ok: test
        let rest = md.find("### The other certificates").expect("the rest is summed up"); // ok: test
        assert!(forged_at < rest && section < rest, "{md}");
        assert!(
            md.contains("- 49 × Apple device identity — Apple's device rule OK (dates ignored), strict check FAILED (expired), expiring 2019-11-08"),
            "{md}"
        );
        assert_eq!(md.matches("Apple's device rule").count(), 2, "one section and one summed-up line:\n{md}");
        assert!(md.lines().count() < 40, "{} lines:\n{md}", md.lines().count());
        assert!(md.contains("- **pasted text** (failed): 50 certificates, 1 failing; worst: Not a genuine"), "{md}");
        assert!(md.contains("50 certificates. Apple rule: failed"), "the headline is about the worst device certificate:\n{md}");
    }

    /// The report's Markdown (the page's "Copy report") of a certificate whose names carry a line
    /// break with a forged verdict line, an image and escape sequences.
    #[test]
    fn the_report_markdown_of_hostile_names_forges_no_line_and_loads_no_image() {
        let pem = crate::testing::fixture_text("hostile/escapes.pem");
        let r = crate::analyze(&[crate::input::Source::text("pasted text", pem)], &crate::trust::TrustStore::builtin(), crate::testing::at("2026-11-29"));
        let md = crate::report::markdown(&r);
        assert!(md.contains("- macOS: **not trusted**"), "{md}");
        assert!(!md.lines().any(|l| l.starts_with("- macOS: **trusted**")), "a forged verdict line:\n{md}");
        assert_eq!(outside_code_spans(&md).matches("![x]").count(), 0, "an image:\n{md}");
        assert!(!md.chars().any(|c| crate::escape::is_unsafe(c) && c != '\n'), "{md:?}");
        // A name with a line break quoted in the diagnosis (which the renderers split into
        // paragraphs at its line breaks) stays on its line.
        let r = crate::analyze(
            &[crate::input::Source::text("pasted text", crate::testing::fixture_text("hostile/escapes.pem"))],
            &crate::trust::TrustStore::builtin(),
            crate::testing::at("2026-11-29"),
        );
        for c in r.items.iter().filter_map(|i| match i {
            crate::report::Item::Certificate(c) => Some(c),
            _ => None,
        }) {
            assert!(
                !c.name.chars().any(crate::escape::is_unsafe) && c.verdicts.strict.reasons.iter().all(|r| !r.chars().any(crate::escape::is_unsafe)),
                "{:?}",
                c.verdicts.strict.reasons
            );
        }
    }

    /// The lines of `md` with the Subject and Issuer code spans cut out, after checking that
    /// each is one span its text cannot close.
    fn outside_code_spans(md: &str) -> String {
        md.lines()
            .map(|l| match l.strip_prefix("- Subject: ").or_else(|| l.strip_prefix("- Issuer: ")) {
                Some(span) => {
                    let fence: String = span.chars().take_while(|c| *c == '`').collect();
                    let inner = span.strip_prefix(fence.as_str()).and_then(|s| s.strip_suffix(fence.as_str())).unwrap_or_default();
                    assert!(!fence.is_empty() && !inner.contains(fence.as_str()), "{l}");
                    String::new()
                }
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
