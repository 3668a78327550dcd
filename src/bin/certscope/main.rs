//! `certscope` — the command-line shell over the same core as the page.
//!
//! ```text
//! certscope [--json | --markdown] [--at <TIME>] [--trust ROOTS.pem] [FILE]...
//! certscope fleet FILE [--device-column NAME] [--certificate-column NAME] [--csv] [--json]
//! certscope screenshot-text FILE...
//! ```
//! No FILE, or `-`, reads standard input. Exit status: 0 when input was read (expired or
//! untrusted certificates are still a successful read), 1 when nothing could be decoded,
//! 2 on usage errors. The shell reads the clock and the files, calls the core and renders its
//! Report; it decides nothing itself.
#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
mod args;
#[cfg(not(target_arch = "wasm32"))]
mod human;
#[cfg(not(target_arch = "wasm32"))]
mod terminal;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use crate::args::{Cli, ColorWhen, Common, FleetOptions, Task};
    use certscope::input::Source;
    use certscope::time::Timestamp;
    use certscope::trust::TrustStore;
    use clap::Parser;
    use std::io::{Read, Write};
    use std::process::ExitCode;
    use std::time::{Instant, SystemTime, UNIX_EPOCH};

    /// Exit status for usage errors and unreadable input files (clap's own errors use 2 too).
    const USAGE: u8 = 2;

    fn read_stdin() -> Result<Source, String> {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(Source::file("standard input", buf))
    }

    fn read_sources(files: &[String], screenshots: &[String]) -> Result<Vec<Source>, String> {
        let mut sources = if files.is_empty() && screenshots.is_empty() { vec![read_stdin()?] } else { Vec::new() };
        for f in files {
            sources.push(if f == "-" {
                read_stdin()?
            } else {
                std::fs::read(f).map(|b| Source::file(f.clone(), b)).map_err(|e| format!("cannot read {f}: {e}"))?
            });
        }
        for f in screenshots {
            let text = std::fs::read(f).map_err(|e| format!("cannot read {f}: {e}"))?;
            sources.push(Source::screenshot(f.clone(), String::from_utf8_lossy(&text).into_owned()));
        }
        Ok(sources)
    }

    /// The built-in store plus the roots given with --trust.
    fn store(trust: &[String]) -> Result<TrustStore, String> {
        let mut store = TrustStore::builtin();
        for f in trust {
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

    /// Colour only on a terminal (anstream's check), never with NO_COLOR (https://no-color.org).
    fn color_choice(when: ColorWhen) -> anstream::ColorChoice {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return anstream::ColorChoice::Never;
        }
        match when {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }

    /// Writes with `render` to standard output; a closed pipe is not an error. What `render`
    /// wrote passes [`crate::terminal::inert`] first: colour sequences only when `colour` (the
    /// human output; the stream drops them when colour is off), no other control sequence.
    fn emit(common: &Common, colour: bool, render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), String> {
        let mut text = Vec::new();
        render(&mut text).map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&text);
        let mut out = anstream::AutoStream::new(std::io::stdout().lock(), color_choice(common.color));
        match out.write_all(crate::terminal::inert(&text, colour).as_bytes()).and_then(|_| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
            _ => Ok(()),
        }
    }

    fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> std::io::Result<()> {
        serde::Serialize::serialize(value, &mut serde_json::Serializer::with_formatter(&mut *out, crate::terminal::Json::new()))
            .map_err(std::io::Error::other)?;
        writeln!(out)
    }

    fn fleet(file: &str, options: &FleetOptions, common: &Common, at: Timestamp) -> Result<ExitCode, (u8, String)> {
        let text = std::fs::read(file).map(|b| String::from_utf8_lossy(&b).into_owned()).map_err(|e| (USAGE, format!("cannot read {file}: {e}")))?;
        let columns = certscope::fleet::Columns { device: options.device_column.clone(), certificate: options.certificate_column.clone() };
        let started = Instant::now();
        let mut job = certscope::fleet::FleetJob::new(&text, &columns, at).map_err(|e| (1, format!("{file}: {e}")))?;
        let store = store(&common.trust).map_err(|e| (USAGE, e))?;
        while !job.step(1000, &store) {}
        let mut report = job.report();
        report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        emit(common, !common.json && !options.csv && !common.markdown, |out| {
            if common.json {
                json(out, &report)
            } else if common.markdown {
                // What the page's "Copy report" copies after this fleet file: the same function.
                let fleets = [certscope::fleet::fleet_markdown(file, &report, at)];
                out.write_all(certscope::report::ticket_markdown(None, &fleets).as_bytes())
            } else if options.csv {
                out.write_all(certscope::fleet::to_csv(&report).as_bytes())
            } else {
                crate::human::fleet(&report, out)
            }
        })
        .map_err(|e| (USAGE, e))?;
        Ok(ExitCode::SUCCESS)
    }

    fn read(files: &[String], screenshots: &[String], common: &Common, at: Timestamp) -> Result<ExitCode, (u8, String)> {
        let sources = read_sources(files, screenshots).map_err(|e| (USAGE, e))?;
        let store = store(&common.trust).map_err(|e| (USAGE, e))?;
        let started = Instant::now();
        let passwords = match &common.password_file {
            Some(f) => certscope::keys::Passwords::from_lines(&std::fs::read_to_string(f).map_err(|e| (USAGE, format!("cannot read {f}: {e}")))?),
            None => certscope::keys::Passwords::default(),
        };
        // The Public Suffix List compiled in (static/psl/), for `verdicts.tls`'s wildcards.
        let options = certscope::trust::StrictOptions {
            server_name: common.server_name.clone(),
            public_suffixes: certscope::trust::public_suffix::builtin(),
            ..Default::default()
        };
        let mut report = certscope::report::analyze_with(&sources, &store, at, options, &passwords);
        report.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        let human = !common.json && !common.markdown;
        emit(common, human, |out| {
            if common.json {
                json(out, &report)
            } else if common.markdown {
                // What the page's "Copy report" copies (src/ui/toolbar.rs): the same function.
                out.write_all(certscope::report::markdown(&report).as_bytes())
            } else {
                crate::human::report(&report, out)
            }
        })
        .map_err(|e| (USAGE, e))?;
        Ok(if report.items.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS })
    }

    pub fn main() -> ExitCode {
        let (task, common) = match Cli::try_parse().and_then(Cli::task) {
            Ok(t) => t,
            Err(e) => {
                // --help and --version print to stdout and exit 0; usage errors exit 2.
                let _ = e.print();
                return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(USAGE));
            }
        };
        // The shell reads the clock; the core is given the time.
        let now = Timestamp(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0));
        let at = common.at.unwrap_or(now);
        let done = match &task {
            Task::Fleet { file, options } => fleet(file, options, &common, at),
            Task::Read { files, screenshots } => read(files, screenshots, &common, at),
        };
        done.unwrap_or_else(|(code, message)| {
            // Messages quote file and column names: shown inert too.
            eprintln!("certscope: {}", certscope::escape::visible(&message));
            ExitCode::from(code)
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
