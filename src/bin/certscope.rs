//! `certscope` — the command-line shell over the same core as the page.
//!
//! ```text
//! certscope [--json] [--at <RFC 3339 time or YYYY-MM-DD>] [FILE ...]
//! ```
//! No FILE, or `-`, reads standard input. Exit status: 0 when input was read (expired or
//! untrusted certificates are still a successful read), 1 when nothing could be decoded,
//! 2 on usage errors.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use certscope::input::Source;
    use certscope::report::{Item, Report};
    use certscope::time::Timestamp;
    use certscope::trust::TrustStore;
    use std::io::{Read, Write};
    use std::process::ExitCode;
    use std::time::{Instant, SystemTime, UNIX_EPOCH};

    const USAGE: &str = "usage: certscope [--json] [--at <RFC 3339 time or YYYY-MM-DD>] [FILE ...]\n\
       (--trust ROOTS.pem adds your own roots to Apple's and Mozilla's;\n\
        --screenshot-text FILE triages text copied out of a screenshot)\n\
       certscope --fleet FILE [--device-column NAME] [--certificate-column NAME] [--json] [--csv] [--at …]\n\
Reads certificates, `security find-certificate -a -p -Z` output, signed profiles and CMS files\n\
(FILE or standard input) and prints Apple's device rule beside a strict check at --at (default: now).";

    struct Args {
        json: bool,
        csv: bool,
        at: Option<Timestamp>,
        files: Vec<String>,
        fleet: Option<String>,
        columns: certscope::fleet::Columns,
        trust: Vec<String>,
        /// Text recognised in screenshots (e.g. with macOS Live Text), to triage.
        screenshots: Vec<String>,
    }

    fn parse_args() -> Result<Args, String> {
        let mut args = Args { json: false, csv: false, at: None, files: Vec::new(), fleet: None, columns: Default::default(), trust: Vec::new(), screenshots: Vec::new() };
        let mut it = std::env::args().skip(1);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--json" => args.json = true,
                "--csv" => args.csv = true,
                "--trust" => args.trust.push(it.next().ok_or("--trust needs a file of root certificates")?),
                "--screenshot-text" => args.screenshots.push(it.next().ok_or("--screenshot-text needs a file")?),
                "--fleet" => args.fleet = Some(it.next().ok_or("--fleet needs a file")?),
                "--device-column" => args.columns.device = Some(it.next().ok_or("--device-column needs a name")?),
                "--certificate-column" => args.columns.certificate = Some(it.next().ok_or("--certificate-column needs a name")?),
                "--at" => {
                    let v = it.next().ok_or("--at needs a time")?;
                    args.at = Some(Timestamp::parse(&v).map_err(|e| e.to_string())?);
                }
                "-h" | "--help" => return Err(String::new()),
                s if s.starts_with("--at=") => args.at = Some(Timestamp::parse(&s[5..]).map_err(|e| e.to_string())?),
                s if s.starts_with("--") => return Err(format!("unknown option {s}")),
                _ => args.files.push(a),
            }
        }
        Ok(args)
    }

    fn read_sources(files: &[String]) -> Result<Vec<Source>, String> {
        if files.is_empty() {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
            return Ok(vec![Source::file("standard input", buf)]);
        }
        files
            .iter()
            .map(|f| {
                if f == "-" {
                    let mut buf = Vec::new();
                    std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
                    Ok(Source::file("standard input", buf))
                } else {
                    std::fs::read(f).map(|b| Source::file(f.clone(), b)).map_err(|e| format!("cannot read {f}: {e}"))
                }
            })
            .collect()
    }

    /// The built-in store plus the roots given with --trust.
    fn store(args: &Args) -> Result<TrustStore, String> {
        let mut store = TrustStore::builtin();
        for f in &args.trust {
            let bytes = std::fs::read(f).map_err(|e| format!("cannot read {f}: {e}"))?;
            let decoded = certscope::input::read(&[Source::file(f.clone(), bytes)]);
            let roots: Vec<_> = decoded.certificates().cloned().collect();
            if roots.is_empty() {
                return Err(format!("{f} holds no certificate to trust"));
            }
            store.add_anchors(roots);
        }
        Ok(store)
    }

    fn yes_no(ok: bool) -> &'static str {
        if ok {
            "ok"
        } else {
            "failed"
        }
    }

    fn print_human(r: &Report, out: &mut impl Write) -> std::io::Result<()> {
        writeln!(out, "{}", r.summary)?;
        writeln!(out, "Evaluated at {}\n", r.evaluated_at)?;
        if let Some(d) = &r.diagnosis {
            writeln!(out, "== {} [{}]\n{}\n", d.title, d.code, d.text)?;
        }
        for item in &r.items {
            match item {
                Item::Certificate(c) => print_cert(c, out, "")?,
                Item::SignedData(s) => {
                    writeln!(out, "Signed data ({}, {}) — {}", s.content_type, s.encoding, s.source)?;
                    writeln!(out, "  macOS would show: {} — {}", s.macos_label.word(), s.macos_label_reason)?;
                    if let Some(then) = &s.macos_label_at_signing {
                        writeln!(out, "  {then}")?;
                    }
                    for sg in &s.signers {
                        writeln!(
                            out,
                            "  signer {}: signature {}, digest {}{}",
                            sg.signer_name.as_deref().unwrap_or("(certificate not included)"),
                            yes_no(sg.signature_ok),
                            sg.digest_ok.map(yes_no).unwrap_or("not checked"),
                            sg.signing_time.as_ref().map(|t| format!(", signed {t}")).unwrap_or_default()
                        )?;
                    }
                    for c in &s.certificates {
                        print_cert(c, out, "  ")?;
                    }
                    if let Some(p) = &s.profile {
                        print_profile(p, out)?;
                    }
                    for (k, v) in s.device_request.iter().flatten() {
                        writeln!(out, "  {k}: {v}")?;
                    }
                    writeln!(out)?;
                }
                Item::Profile(p) => {
                    writeln!(out, "Unsigned profile — {}", p.source)?;
                    writeln!(out, "  macOS would show: {} — {}", p.macos_label.word(), p.macos_label_reason)?;
                    print_profile(&p.profile, out)?;
                    writeln!(out)?;
                }
                Item::KeychainRecord(k) => {
                    writeln!(out, "Keychain record — {}", k.source)?;
                    for (label, v) in [("label", &k.label), ("subject", &k.subject), ("issuer", &k.issuer), ("serial", &k.serial)] {
                        if let Some(v) = v {
                            writeln!(out, "  {label}: {v}")?;
                        }
                    }
                    writeln!(out, "  {}\n", k.message)?;
                }
                Item::Note(n) => writeln!(out, "{} — {}\n  {}\n", n.kind, n.source, n.message)?,
                Item::Screenshot(s) => {
                    writeln!(out, "From a screenshot — {} ({})", s.source, s.message)?;
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
            writeln!(out, "problem: {}: {}", p.source, p.message)?;
        }
        Ok(())
    }

    fn print_profile(p: &certscope::report::ProfileJson, out: &mut impl Write) -> std::io::Result<()> {
        let pr = &p.profile;
        writeln!(
            out,
            "  profile: {} ({}){}",
            pr.display_name.as_deref().unwrap_or("(no name)"),
            pr.identifier.as_deref().unwrap_or("no identifier"),
            pr.organization.as_ref().map(|o| format!(", by {o}")).unwrap_or_default()
        )?;
        for f in &pr.flags {
            writeln!(out, "  ! {f}")?;
        }
        for pl in &pr.payloads {
            writeln!(out, "  payload {} ({}){}", pl.friendly, pl.kind, pl.display_name.as_ref().map(|d| format!(": {d}")).unwrap_or_default())?;
            for f in &pl.flags {
                writeln!(out, "    ! {f}")?;
            }
        }
        for c in &p.certificates {
            print_cert(c, out, "  ")?;
        }
        Ok(())
    }

    fn print_cert(c: &certscope::report::CertificateItem, out: &mut impl Write, indent: &str) -> std::io::Result<()> {
        writeln!(out, "{indent}{} ({}) — {}", c.name, c.role_label, c.source)?;
        writeln!(out, "{indent}  subject:  {}", c.subject)?;
        writeln!(out, "{indent}  issuer:   {}", c.issuer)?;
        writeln!(out, "{indent}  valid:    {} → {}", c.not_before, c.not_after)?;
        writeln!(out, "{indent}  SHA-256:  {}", c.sha256)?;
        for h in &c.hash_lines {
            writeln!(out, "{indent}  printed {} hash {}", h.algorithm, if h.matches { "matches ✓" } else { "DOES NOT MATCH ✗" })?;
        }
        let a = &c.verdicts.apple_device;
        if a.applies {
            let why = a.reasons.first().map(|r| format!(" — {r}")).unwrap_or_else(|| " (dates ignored)".into());
            writeln!(out, "{indent}  Apple rule: {}{why}", yes_no(a.ok))?;
        } else {
            writeln!(out, "{indent}  Apple rule: n/a (not issued by Apple iPhone Device CA)")?;
        }
        let s = &c.verdicts.strict;
        let why = s.headline.as_ref().map(|h| format!(" — {h}")).unwrap_or_else(|| s.anchor.as_ref().map(|a| format!(" (anchored at {a})")).unwrap_or_default());
        writeln!(out, "{indent}  strict:   {}{why}", yes_no(s.ok))?;
        for n in &s.notes {
            writeln!(out, "{indent}  note: {n}")?;
        }
        writeln!(out)
    }

    fn fleet(file: &str, args: &Args, at: Timestamp) -> ExitCode {
        let text = match std::fs::read(file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => {
                eprintln!("certscope: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        };
        let started = Instant::now();
        let mut job = match certscope::fleet::FleetJob::new(&text, &args.columns, at) {
            Ok(j) => j,
            Err(e) => {
                eprintln!("certscope: {file}: {e}");
                return ExitCode::from(1);
            }
        };
        let store = match store(args) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("certscope: {e}");
                return ExitCode::from(2);
            }
        };
        while !job.step(1000, &store) {}
        let mut report = job.report();
        report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        let out = if args.json {
            serde_json::to_string_pretty(&report).unwrap_or_default()
        } else if args.csv {
            certscope::fleet::to_csv(&report)
        } else {
            let h = &report.histogram;
            let mut s = format!(
                "{} devices (device column: {}, certificate column: {}), evaluated at {}\n\
A date-checking server rejects {} now, {} more within 30 days, {} more within 90 days; {} are fine beyond 90 days; {} rows have no certificate.\n\n",
                report.rows.len(),
                report.device_column.as_deref().unwrap_or("(row number)"),
                report.certificate_column,
                report.evaluated_at,
                h.rejected_now,
                h.rejected_within_30_days,
                h.rejected_within_90_days,
                h.fine_beyond_90_days,
                h.no_certificate
            );
            for p in &report.problems {
                s.push_str(&format!("problem: {p}\n"));
            }
            for r in &report.rows {
                s.push_str(&format!(
                    "{:<24} {:<22} apple {:<6} strict {:<6} {}\n",
                    r.device,
                    r.not_after.as_deref().unwrap_or("-"),
                    r.apple_device,
                    r.strict,
                    r.reason.as_deref().unwrap_or("")
                ));
            }
            s
        };
        let _ = writeln!(std::io::stdout().lock(), "{}", out.trim_end());
        ExitCode::SUCCESS
    }

    pub fn main() -> ExitCode {
        let args = match parse_args() {
            Ok(a) => a,
            Err(e) => {
                if !e.is_empty() {
                    eprintln!("certscope: {e}");
                }
                eprintln!("{USAGE}");
                return ExitCode::from(if e.is_empty() { 0 } else { 2 });
            }
        };
        // The shell reads the clock; the core is given the time.
        let now = Timestamp(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0));
        if let Some(file) = &args.fleet {
            return fleet(file, &args, args.at.unwrap_or(now));
        }
        let files = if args.files.is_empty() && !args.screenshots.is_empty() { Ok(Vec::new()) } else { read_sources(&args.files) };
        let sources = match files.and_then(|mut s| {
            for f in &args.screenshots {
                let text = std::fs::read(f).map_err(|e| format!("cannot read {f}: {e}"))?;
                s.push(Source::screenshot(f.clone(), String::from_utf8_lossy(&text).into_owned()));
            }
            Ok(s)
        }) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("certscope: {e}");
                return ExitCode::from(2);
            }
        };
        let at = args.at.unwrap_or(now);
        let store = match store(&args) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("certscope: {e}");
                return ExitCode::from(2);
            }
        };
        let started = Instant::now();
        let mut report = certscope::analyze(&sources, &store, at);
        report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let written = if args.json {
            serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::other).and_then(|_| writeln!(out))
        } else {
            print_human(&report, &mut out)
        };
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("certscope: {e}");
                return ExitCode::from(2);
            }
        }
        if report.items.is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
