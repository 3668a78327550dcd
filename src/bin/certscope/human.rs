//! The human-readable report: it prints what the [`Report`] says and decides nothing.
//! Styles are anstyle's; the stream (anstream) drops them when colour is off.

use anstyle::{AnsiColor, Style};
use certscope::fleet::FleetReport;
use certscope::report::{AppleDeviceJson, CertificateItem, Item, ProfileJson, Report, StrictJson, Word};
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
        Word::NotApplicable => MUTED,
    }
}

fn ok_word(ok: bool) -> String {
    let word = Word::of(ok);
    paint(style(word), word.as_str())
}

/// A fleet cell's verdict word ("ok", "failed", "n/a"), padded first so colour keeps the columns.
fn fleet_word(word: Word) -> String {
    paint(style(word), &format!("{:<6}", word.as_str()))
}

pub fn report(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", paint(HEADING, &r.summary))?;
    writeln!(out, "Evaluated at {}\n", r.evaluated_at)?;
    if let Some(d) = &r.diagnosis {
        writeln!(out, "{} [{}]\n{}\n", paint(WARN, &format!("== {}", d.title)), d.code, d.text)?;
    }
    for item in &r.items {
        match item {
            Item::Certificate(c) => certificate(c, out, "")?,
            Item::SignedData(s) => {
                writeln!(out, "{}", paint(HEADING, &format!("Signed data ({}, {}) — {}", s.content_type, s.encoding, s.source)))?;
                writeln!(out, "  macOS would show: {} — {}", s.macos_label.word(), s.macos_label_reason)?;
                if let Some(then) = &s.macos_label_at_signing {
                    writeln!(out, "  It {then}")?;
                }
                for sg in &s.signers {
                    writeln!(
                        out,
                        "  signer {}: signature {}, digest {}{}",
                        sg.signer_name.as_deref().unwrap_or("(certificate not included)"),
                        ok_word(sg.signature_ok),
                        sg.digest_ok.map(ok_word).unwrap_or_else(|| paint(MUTED, "not checked")),
                        sg.signing_time_claim().map(|t| format!(", {t}")).unwrap_or_default()
                    )?;
                }
                for c in &s.certificates {
                    certificate(c, out, "  ")?;
                }
                if let Some(p) = &s.profile {
                    profile(p, out)?;
                }
                for (k, v) in s.device_request.iter().flatten() {
                    writeln!(out, "  {k}: {v}")?;
                }
                writeln!(out)?;
            }
            Item::Profile(p) => {
                writeln!(out, "{}", paint(HEADING, &format!("Unsigned profile — {}", p.source)))?;
                writeln!(out, "  macOS would show: {} — {}", p.macos_label.word(), p.macos_label_reason)?;
                profile(&p.profile, out)?;
                writeln!(out)?;
            }
            Item::KeychainRecord(k) => {
                writeln!(out, "{}", paint(HEADING, &format!("Keychain record — {}", k.source)))?;
                for (label, v) in [("label", &k.label), ("subject", &k.subject), ("issuer", &k.issuer), ("serial", &k.serial)] {
                    if let Some(v) = v {
                        writeln!(out, "  {label}: {v}")?;
                    }
                }
                writeln!(out, "  {}\n", k.message)?;
            }
            Item::Note(n) => writeln!(out, "{} — {}\n  {}\n", paint(HEADING, n.kind.as_str()), n.source, n.message)?,
            Item::Key(k) => {
                writeln!(out, "{} — {}\n  {}", paint(HEADING, k.kind.as_str()), k.source, k.message)?;
                if let Some(h) = &k.public_key_sha256 {
                    writeln!(out, "  public key SHA-256: {h}")?;
                }
                writeln!(out)?;
            }
            Item::Screenshot(s) => {
                writeln!(out, "{}", paint(HEADING, &format!("From a screenshot — {} ({})", s.source, s.message)))?;
                let f = &s.findings;
                for (label, v) in [("issued by", f.issuer.clone()), ("name", f.subject.clone()), ("expires", f.expires.map(|t| t.rfc3339())), ("SHA-256", f.sha256.clone()), ("SHA-1", f.sha1.clone())] {
                    if let Some(v) = v {
                        writeln!(out, "  {label}: {v}")?;
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
        writeln!(out, "{} {}: {}", paint(WARN, "problem:"), p.source, p.message)?;
    }
    Ok(())
}

fn profile(p: &ProfileJson, out: &mut dyn Write) -> io::Result<()> {
    let pr = &p.profile;
    writeln!(
        out,
        "  profile: {} ({}){}",
        pr.display_name.as_deref().unwrap_or("(no name)"),
        pr.identifier.as_deref().unwrap_or("no identifier"),
        pr.organization.as_ref().map(|o| format!(", by {o}")).unwrap_or_default()
    )?;
    for f in &pr.flags {
        writeln!(out, "  {} {f}", paint(WARN, "!"))?;
    }
    for pl in &pr.payloads {
        writeln!(out, "  payload {} ({}){}", pl.friendly, pl.kind, pl.display_name.as_ref().map(|d| format!(": {d}")).unwrap_or_default())?;
        for f in &pl.flags {
            writeln!(out, "    {} {f}", paint(WARN, "!"))?;
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
        let why = a.reasons.first().map(|r| format!(" — {r}")).unwrap_or_else(|| " (dates ignored)".into());
        format!("{}{why}", ok_word(a.ok))
    } else {
        format!("{} (not issued by Apple iPhone Device CA)", paint(MUTED, Word::NotApplicable.as_str()))
    }
}

/// A path verdict (strict or macOS's): ok/failed with the headline, or the anchor when it passed.
fn path_line(s: &StrictJson) -> String {
    let why = s.headline.as_ref().map(|h| format!(" — {h}")).unwrap_or_else(|| s.anchor.as_ref().map(|a| format!(" (anchored at {a})")).unwrap_or_default());
    format!("{}{why}", ok_word(s.ok))
}

fn certificate(c: &CertificateItem, out: &mut dyn Write, indent: &str) -> io::Result<()> {
    writeln!(out, "{indent}{} ({}) — {}", paint(HEADING, &c.name), c.role_label, c.source)?;
    writeln!(out, "{indent}  subject:  {}", c.subject)?;
    writeln!(out, "{indent}  issuer:   {}", c.issuer)?;
    writeln!(out, "{indent}  valid:    {} → {}", c.not_before, c.not_after)?;
    writeln!(out, "{indent}  SHA-256:  {}", c.sha256)?;
    for f in &c.facts {
        writeln!(out, "{indent}  {}: {}", f.name, f.value)?;
    }
    for h in &c.hash_lines {
        let verdict = if h.matches { paint(OK, "matches ✓") } else { paint(FAILED, "DOES NOT MATCH ✗") };
        writeln!(out, "{indent}  printed {} hash {verdict}", h.algorithm)?;
    }
    let v = &c.verdicts;
    writeln!(out, "{indent}  Apple rule: {}", apple_line(&v.apple_device))?;
    writeln!(out, "{indent}  strict:   {}", path_line(&v.strict))?;
    writeln!(out, "{indent}  macOS:    {}", path_line(&v.macos))?;
    if let Some(d) = &v.disagreement {
        writeln!(out, "{indent}  {} {d}", paint(WARN, "!"))?;
    }
    for n in &v.strict.notes {
        writeln!(out, "{indent}  note: {n}")?;
    }
    writeln!(out)
}

pub fn fleet(report: &FleetReport, out: &mut dyn Write) -> io::Result<()> {
    let h = &report.histogram;
    writeln!(
        out,
        "{} devices (device column: {}, certificate column: {}), evaluated at {}",
        report.rows.len(),
        report.device_column.as_deref().unwrap_or("(row number)"),
        report.certificate_column,
        report.evaluated_at
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
        writeln!(out, "{} {p}", paint(WARN, "problem:"))?;
    }
    for r in &report.rows {
        writeln!(
            out,
            "{:<24} {:<22} apple {} strict {} {}",
            r.device,
            r.not_after.as_deref().unwrap_or("-"),
            fleet_word(r.apple_device),
            fleet_word(r.strict),
            r.reason.as_deref().unwrap_or("")
        )?;
    }
    Ok(())
}
