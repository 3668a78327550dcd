//! The command line, declared with clap's derive API: `certscope [OPTIONS] [FILE]...`,
//! `certscope fleet FILE`, `certscope screenshot-text FILE...`. The flags of the earlier
//! hand-written parser (`--fleet FILE`, `--screenshot-text FILE`, `--device-column`,
//! `--certificate-column`, `--csv`) still work as aliases of the subcommands.

use certscope::time::Timestamp;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

/// The help heading of the old flags.
const ALIASES: &str = "Earlier flags (same as the subcommands)";

const USAGE: &str = "certscope [OPTIONS] [FILE]...
       certscope fleet [OPTIONS] <FILE>
       certscope screenshot-text [OPTIONS] <FILE>...";

const AFTER_HELP: &str = "\
Exit status: 0 when input was read (expired or untrusted certificates are still a successful read),
1 when nothing could be decoded, 2 on usage errors or unreadable files.

Colour: only when standard output is a terminal, never when NO_COLOR is set (--color never or
always overrides the terminal check, not NO_COLOR).";

/// Reads certificates, `security find-certificate -a -p -Z` output, signed profiles and CMS
/// files (FILE or standard input) and prints Apple's device rule beside a strict check.
#[derive(Debug, Parser)]
#[command(name = "certscope", version, after_help = AFTER_HELP, override_usage = USAGE)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Files to read; none, or `-`, reads standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<String>,

    /// Text recognised in a screenshot (e.g. with macOS Live Text), to triage; repeatable.
    /// Same as `certscope screenshot-text FILE`.
    #[arg(long = "screenshot-text", value_name = "FILE", help_heading = ALIASES)]
    pub screenshot_text: Vec<String>,

    /// A fleet export (CSV or JSON) with a certificate per device. Same as `certscope fleet FILE`.
    #[arg(long, value_name = "FILE", help_heading = ALIASES)]
    pub fleet: Option<String>,

    #[command(flatten)]
    pub fleet_options: FleetOptions,

    #[command(flatten)]
    pub common: Common,
}

/// Options every form takes (global: they may come before or after a subcommand).
#[derive(Debug, Args)]
pub struct Common {
    /// Print the report as JSON.
    #[arg(long, global = true)]
    pub json: bool,

    /// Print the report as Markdown, for a ticket: exactly what the page's "Copy report" copies.
    #[arg(long, global = true, conflicts_with = "json")]
    pub markdown: bool,

    /// The evaluation time: RFC 3339 (2026-11-29T10:00:00Z) or a date (2026-11-29). Default: now.
    #[arg(long, global = true, value_name = "TIME", value_parser = parse_at)]
    pub at: Option<Timestamp>,

    /// The TLS server the certificates are for (an MDM, SCEP or ACME server's host name or IP
    /// address): each leaf also gets what a Mac says of it as that server's certificate
    /// (`verdicts.tls`: the name in subjectAltName, serverAuth, Apple's key, hash and validity limits).
    #[arg(long = "server-name", global = true, value_name = "NAME", value_parser = parse_server_name)]
    pub server_name: Option<certscope::trust::PeerName>,

    /// A file of root certificates to trust besides Apple's and Mozilla's; repeatable.
    #[arg(long, global = true, value_name = "ROOTS.pem")]
    pub trust: Vec<String>,

    /// A file of passwords for encrypted private keys and PKCS#12 bundles, one per line, each
    /// tried in turn (never give a password as an argument: it would be in the shell's history).
    #[arg(long = "password-file", global = true, value_name = "FILE")]
    pub password_file: Option<String>,

    /// Colour in the human output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
}

/// Fleet-only options; at the top level they need `--fleet`.
#[derive(Debug, Args, Default)]
pub struct FleetOptions {
    /// The column that names a device (default: guessed from the header).
    #[arg(long = "device-column", value_name = "NAME", requires = "fleet", help_heading = ALIASES)]
    pub device_column: Option<String>,

    /// The column that holds the certificate (default: guessed from the header).
    #[arg(long = "certificate-column", value_name = "NAME", requires = "fleet", help_heading = ALIASES)]
    pub certificate_column: Option<String>,

    /// Print the fleet as CSV (one row per device).
    #[arg(long, requires = "fleet", help_heading = ALIASES)]
    pub csv: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Evaluate a fleet export (CSV or JSON, one certificate per device) and count what a
    /// date-checking server rejects now, within 30 and within 90 days.
    Fleet {
        /// The fleet file.
        #[arg(value_name = "FILE")]
        file: String,
        /// The column that names a device (default: guessed from the header).
        #[arg(long = "device-column", value_name = "NAME")]
        device_column: Option<String>,
        /// The column that holds the certificate (default: guessed from the header).
        #[arg(long = "certificate-column", value_name = "NAME")]
        certificate_column: Option<String>,
        /// Print the fleet as CSV (one row per device).
        #[arg(long)]
        csv: bool,
    },
    /// Triage text recognised in screenshots (e.g. with macOS Live Text).
    ScreenshotText {
        /// Files of recognised text.
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour when standard output is a terminal.
    Auto,
    Always,
    Never,
}

/// What to do, with the aliases resolved.
#[derive(Debug)]
pub enum Task {
    Read { files: Vec<String>, screenshots: Vec<String> },
    Fleet { file: String, options: FleetOptions },
}

impl Cli {
    /// Resolves the old flags and the subcommands into one task. A subcommand with top-level
    /// files or earlier flags is a usage error (clap's, exit 2).
    pub fn task(self) -> Result<(Task, Common), clap::Error> {
        let top_level = !self.files.is_empty() || !self.screenshot_text.is_empty() || self.fleet.is_some();
        if let (Some(command), true) = (&self.command, top_level) {
            let name = match command {
                Command::Fleet { .. } => "fleet",
                Command::ScreenshotText { .. } => "screenshot-text",
            };
            let message = format!("`{name}` takes its files after it: FILE, --fleet and --screenshot-text cannot come before a subcommand");
            return Err(Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message));
        }
        let task = match self.command {
            Some(Command::Fleet { file, device_column, certificate_column, csv }) => {
                Task::Fleet { file, options: FleetOptions { device_column, certificate_column, csv } }
            }
            Some(Command::ScreenshotText { files }) => Task::Read { files: Vec::new(), screenshots: files },
            None => match self.fleet {
                Some(file) => Task::Fleet { file, options: self.fleet_options },
                None => Task::Read { files: self.files, screenshots: self.screenshot_text },
            },
        };
        Ok((task, self.common))
    }
}

fn parse_at(s: &str) -> Result<Timestamp, String> {
    Timestamp::parse(s).map_err(|e| e.to_string())
}

fn parse_server_name(s: &str) -> Result<certscope::trust::PeerName, String> {
    certscope::trust::PeerName::parse(s).ok_or_else(|| "a host name (ASCII, an internationalised name in its xn-- form) or an IP address".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn old_flags_and_subcommands_resolve_alike() {
        let old = Cli::try_parse_from(["certscope", "--fleet", "f.csv", "--csv", "--device-column", "Serial"]).unwrap().task().unwrap(); // ok: test
        let new = Cli::try_parse_from(["certscope", "fleet", "f.csv", "--csv", "--device-column", "Serial"]).unwrap().task().unwrap(); // ok: test
        for (task, _) in [old, new] {
            let Task::Fleet { file, options } = task else { panic!("not a fleet task: {task:?}") };
            assert_eq!((file.as_str(), options.csv, options.device_column.as_deref()), ("f.csv", true, Some("Serial")));
        }
        let (task, common) = Cli::try_parse_from(["certscope", "--json", "screenshot-text", "a.txt", "b.txt"]).unwrap().task().unwrap(); // ok: test
        assert!(common.json);
        assert!(matches!(task, Task::Read { files, screenshots } if files.is_empty() && screenshots == ["a.txt", "b.txt"]));
        assert!(Cli::try_parse_from(["certscope", "--csv", "x.pem"]).is_err(), "--csv without a fleet is a usage error");
        for mixed in [["certscope", "--fleet", "a.csv", "fleet", "f.csv"], ["certscope", "--screenshot-text", "a.txt", "fleet", "f.csv"]] {
            let task = Cli::try_parse_from(mixed).map(Cli::task);
            assert!(matches!(task, Ok(Err(_))), "an earlier flag before a subcommand: {task:?}");
        }
        // After the first file every word is a file (a file may be called `fleet`).
        let (task, _) = Cli::try_parse_from(["certscope", "x.pem", "fleet"]).unwrap().task().unwrap(); // ok: test
        assert!(matches!(task, Task::Read { files, .. } if files == ["x.pem", "fleet"]));
    }
}
