//! The human-readable report: it prints what the [`Report`] says and decides nothing.
//! Styles are anstyle's; the stream (anstream) drops them when colour is off.
//!
//! Every string that comes from the input (names, profile strings, file and device names, and
//! the sentences that quote them) is written through [`v`] (certscope::escape::visible): its
//! control characters, DEL, C1 and bidi controls show as `\u{…}` and cannot move the cursor,
//! erase a line or start one. What reaches the terminal is then checked once more by
//! src/bin/certscope/terminal.rs.

use anstyle::{AnsiColor, Style};
use certscope::escape::visible as v;
use certscope::fleet::FleetReport;
use certscope::report::{AppleDeviceJson, CertificateItem, Item, ProfileJson, Report, SignatureState, StrictJson, Word};
use std::io::{self, Write};

const OK: Style = AnsiColor::Green.on_default().bold();
const FAILED: Style = AnsiColor::Red.on_default().bold();
const MUTED: Style = Style::new().dimmed();
const HEADING: Style = Style::new().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();

/// `text` in `style` (the escapes are anstyle's; the stream strips them when colour is off).
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// A verdict's word in its colour.
fn style(word: Word) -> Style {
    match word {
        Word::Ok => OK,
        Word::Failed => FAILED,
        Word::NotApplicable | Word::NotChecked => MUTED,
    }
}

fn ok_word(ok: bool) -> String {
    verdict_word(Word::of(ok))
}

fn verdict_word(word: Word) -> String {
    paint(style(word), word.as_str())
}

/// A fleet cell's verdict word ("ok", "failed", "n/a"), padded first so colour keeps the columns.
/// A signer's signature or digest: ok, failed, or (muted) not checked — never failed for a check
/// that was not made.
fn state_word(state: SignatureState) -> String {
    match state {
        SignatureState::Ok => ok_word(true),
        SignatureState::Failed => ok_word(false),
        SignatureState::NotChecked | SignatureState::None => paint(MUTED, "not checked"),
    }
}

fn fleet_word(word: Word) -> String {
    paint(style(word), &format!("{:<6}", word.as_str()))
}

pub fn report(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", paint(HEADING, &v(&r.summary)))?;
    writeln!(out, "Evaluated at {}\n", v(&r.evaluated_at))?;
    if let Some(d) = &r.diagnosis {
        // The diagnosis's own paragraphs stay paragraphs.
        let text: Vec<_> = d.text.split('\n').map(v).collect();
        writeln!(out, "{} [{}]\n{}\n", paint(WARN, &format!("== {}", v(&d.title))), d.code, text.join("\n"))?;
    }
    for item in &r.items {
        match item {
            Item::Certificate(c) => certificate(c, out, "")?,
            Item::SignedData(s) => {
                writeln!(out, "{}", paint(HEADING, &format!("Signed data ({}, {}) — {}", s.content_type, s.encoding, v(&s.source))))?;
                writeln!(out, "  {} — {}", s.macos_label.line(), v(&s.macos_label_reason))?;
                if let Some(then) = &s.macos_label_at_signing {
                    writeln!(out, "  It {}", v(then))?;
                }
                for sg in &s.signers {
                    writeln!(
                        out,
                        "  signer {}: signature {}, digest {}{}",
                        v(sg.signer_name.as_deref().unwrap_or("(certificate not included)")),
                        state_word(sg.signature_state()),
                        state_word(sg.digest_state()),
                        sg.signing_time_claim().map(|t| format!(", {}", v(&t))).unwrap_or_default()
                    )?;
                }
                for c in &s.certificates {
                    certificate(c, out, "  ")?;
                }
                if let Some(p) = &s.profile {
                    profile(p, out)?;
                }
                for (key, value) in s.device_request.iter().flatten() {
                    writeln!(out, "  {}: {}", v(key), v(value))?;
                }
                writeln!(out)?;
            }
            Item::Profile(p) => {
                writeln!(out, "{}", paint(HEADING, &format!("Unsigned profile — {}", v(&p.source))))?;
                writeln!(out, "  {} — {}", p.macos_label.line(), v(&p.macos_label_reason))?;
                profile(&p.profile, out)?;
                writeln!(out)?;
            }
            Item::KeychainRecord(k) => {
                writeln!(out, "{}", paint(HEADING, &format!("Keychain record — {}", v(&k.source))))?;
                for (label, value) in [("label", &k.label), ("subject", &k.subject), ("issuer", &k.issuer), ("serial", &k.serial)] {
                    if let Some(value) = value {
                        writeln!(out, "  {label}: {}", v(value))?;
                    }
                }
                writeln!(out, "  {}\n", v(&k.message))?;
            }
            Item::Note(n) => writeln!(out, "{} — {}\n  {}\n", paint(HEADING, n.kind.as_str()), v(&n.source), v(&n.message))?,
            Item::Key(k) => {
                writeln!(out, "{} — {}\n  {}", paint(HEADING, k.kind.as_str()), v(&k.source), v(&k.message))?;
                if let Some(h) = &k.public_key_sha256 {
                    writeln!(out, "  public key SHA-256: {h}")?;
                }
                writeln!(out)?;
            }
            Item::Screenshot(s) => {
                writeln!(out, "{}", paint(HEADING, &format!("From a screenshot — {} ({})", v(&s.source), v(&s.message))))?;
                let f = &s.findings;
                for (label, value) in [
                    ("issued by", f.issuer.clone()),
                    ("name", f.subject.clone()),
                    ("expires", f.expires.map(|t| t.rfc3339())),
                    ("SHA-256", f.sha256.clone()),
                    ("SHA-1", f.sha1.clone()),
                ] {
                    if let Some(value) = value {
                        writeln!(out, "  {label}: {}", v(&value))?;
                    }
                }
                for e in &f.errors {
                    writeln!(out, "  error shown: {e}")?;
                }
                writeln!(out)?;
            }
        }
    }
    for p in &r.problems {
        writeln!(out, "{} {}: {}", paint(WARN, "problem:"), v(&p.source), v(&p.message))?;
    }
    Ok(())
}

fn profile(p: &ProfileJson, out: &mut dyn Write) -> io::Result<()> {
    let pr = &p.profile;
    writeln!(
        out,
        "  profile: {} ({}){}",
        v(pr.display_name.as_deref().unwrap_or("(no name)")),
        v(pr.identifier.as_deref().unwrap_or("no identifier")),
        pr.organization.as_ref().map(|o| format!(", by {}", v(o))).unwrap_or_default()
    )?;
    for f in &pr.flags {
        writeln!(out, "  {} {}", paint(WARN, "!"), v(f))?;
    }
    for pl in &pr.payloads {
        writeln!(out, "  payload {} ({}){}", v(&pl.friendly), v(&pl.kind), pl.display_name.as_ref().map(|d| format!(": {}", v(d))).unwrap_or_default())?;
        for f in &pl.flags {
            writeln!(out, "    {} {}", paint(WARN, "!"), v(f))?;
        }
    }
    for c in &p.certificates {
        certificate(c, out, "  ")?;
    }
    Ok(())
}

/// Apple's rule: ok/failed with its first reason, or n/a when the certificate is not a device's.
fn apple_line(a: &AppleDeviceJson) -> String {
    if a.applies {
        let why = a.reasons.first().map(|r| format!(" — {}", v(r))).unwrap_or_else(|| " (dates ignored)".into());
        format!("{}{why}", verdict_word(a.word()))
    } else {
        format!("{} (not issued by Apple iPhone Device CA)", paint(MUTED, Word::NotApplicable.as_str()))
    }
}

/// A path verdict (strict or macOS's): ok/failed with the headline, or the anchor when it passed.
fn path_line(s: &StrictJson) -> String {
    let why = s
        .headline
        .as_ref()
        .map(|h| format!(" — {}", v(h)))
        .unwrap_or_else(|| s.anchor.as_ref().map(|a| format!(" (anchored at {})", v(a))).unwrap_or_default());
    format!("{}{why}", verdict_word(s.word()))
}

fn certificate(c: &CertificateItem, out: &mut dyn Write, indent: &str) -> io::Result<()> {
    writeln!(out, "{indent}{} ({}) — {}", paint(HEADING, &v(&c.name)), c.role_label, v(&c.source))?;
    writeln!(out, "{indent}  subject:  {}", v(&c.subject))?;
    writeln!(out, "{indent}  issuer:   {}", v(&c.issuer))?;
    writeln!(out, "{indent}  valid:    {} → {}", v(&c.not_before), v(&c.not_after))?;
    writeln!(out, "{indent}  SHA-256:  {}", v(&c.sha256))?;
    for f in &c.facts {
        writeln!(out, "{indent}  {}: {}", v(&f.name), v(&f.value))?;
    }
    for h in &c.hash_lines {
        let verdict = if h.matches { paint(OK, "matches ✓") } else { paint(FAILED, "DOES NOT MATCH ✗") };
        writeln!(out, "{indent}  printed {} hash {verdict}", h.algorithm)?;
    }
    let verdicts = &c.verdicts;
    writeln!(out, "{indent}  Apple rule: {}", apple_line(&verdicts.apple_device))?;
    writeln!(out, "{indent}  strict:   {}", path_line(&verdicts.strict))?;
    writeln!(out, "{indent}  macOS:    {}", path_line(&verdicts.macos))?;
    if let Some(tls) = &verdicts.tls {
        writeln!(out, "{indent}  TLS server: {}", path_line(tls))?;
    }
    if let Some(d) = &verdicts.disagreement {
        writeln!(out, "{indent}  {} {}", paint(WARN, "!"), v(d))?;
    }
    for n in &verdicts.strict.notes {
        writeln!(out, "{indent}  note: {}", v(n))?;
    }
    writeln!(out)
}

pub fn fleet(report: &FleetReport, out: &mut dyn Write) -> io::Result<()> {
    let h = &report.histogram;
    writeln!(
        out,
        "{} devices (device column: {}, certificate column: {}), evaluated at {}",
        report.rows.len(),
        v(report.device_column.as_deref().unwrap_or("(row number)")),
        v(&report.certificate_column),
        v(&report.evaluated_at)
    )?;
    writeln!(
        out,
        "{} fail Apple's rule (forged or damaged); a date-checking server rejects {} now, {} more within 30 days, {} more within 90 days; {} are fine beyond 90 days; {} rows have no certificate.\n",
        paint(FAILED, &h.fails_apple_rule.to_string()),
        paint(FAILED, &h.rejected_now.to_string()),
        paint(WARN, &h.rejected_within_30_days.to_string()),
        paint(WARN, &h.rejected_within_90_days.to_string()),
        paint(OK, &h.fine_beyond_90_days.to_string()),
        h.no_certificate
    )?;
    for p in &report.problems {
        writeln!(out, "{} {}", paint(WARN, "problem:"), v(p))?;
    }
    for r in &report.rows {
        writeln!(
            out,
            "{:<24} {:<22} apple {} strict {} {}",
            v(&r.device),
            v(r.not_after.as_deref().unwrap_or("-")),
            fleet_word(r.apple_device),
            fleet_word(r.strict),
            v(r.reason.as_deref().unwrap_or(""))
        )?;
    }
    Ok(())
}
