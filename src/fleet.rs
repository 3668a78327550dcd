//! Fleet files: many Macs' device certificates at once, as exported from an MDM inventory.
//!
//! CSV (RFC 4180: quoted fields may span lines) or JSON (an array of objects, or an object
//! holding one). Each row has a device name or serial and a PEM or `find-certificate` text. The
//! columns are guessed (the certificate column is the one holding PEM) unless the caller names
//! them (the reading: `fleet/table.rs`). Work is incremental ([`FleetJob::step`]) so a page can show
//! progress and cancel.

use crate::input::{self, Source};
use crate::time::Timestamp;
use crate::trust::{headline, SignatureCache, SignatureCheck, SignatureResults, StrictOptions, TrustStore};
use serde::Serialize;

mod lines;
mod table;
pub use lines::{fleet_error_line, fleet_line, fleet_markdown, headline as fleet_headline, MARKDOWN_DEVICES};
pub use table::{is_fleet_file, looks_like_fleet, parse_csv, parse_json, Columns, FleetError, Table, MAX_COLUMNS, MAX_ROWS};
use table::{name_column, pick};

/// One device's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FleetRow {
    pub row: usize,
    pub device: String,
    /// The computer's name when the file has a name column beside the device column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub sha256: Option<String>,
    pub not_after: Option<String>,
    #[serde(skip)]
    pub not_after_ts: Option<Timestamp>,
    pub apple_device: crate::report::Word,
    pub strict: crate::report::Word,
    pub reason: Option<String>,
}

/// Where a device stands for a date-checking server at the evaluation time: the histogram's
/// bars, and the page's "rejected now" / "within 90 days" filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Not a genuine device identity (fails Apple's rule): rejected by every server, whatever
    /// its dates.
    FailsAppleRule,
    /// Expired at the evaluation time.
    RejectedNow,
    RejectedWithin30Days,
    RejectedWithin90Days,
    FineBeyond90Days,
    /// A certificate Apple's device rule does not apply to (a web server's, a CA's): it is not a
    /// Mac's device identity, so it is not counted as fine, whatever its dates.
    NotADeviceCertificate,
    NoCertificate,
}

impl Expiry {
    /// A certificate's standing by its notAfter, at `at`.
    pub fn of(not_after: Option<Timestamp>, at: Timestamp) -> Self {
        const DAY: i64 = 86_400;
        match not_after {
            None => Expiry::NoCertificate,
            Some(t) if t < at => Expiry::RejectedNow,
            Some(t) if t < at.plus(30 * DAY) => Expiry::RejectedWithin30Days,
            Some(t) if t < at.plus(90 * DAY) => Expiry::RejectedWithin90Days,
            Some(_) => Expiry::FineBeyond90Days,
        }
    }

    /// Still accepted now, but rejected within 90 days.
    pub fn soon(self) -> bool {
        matches!(self, Expiry::RejectedWithin30Days | Expiry::RejectedWithin90Days)
    }
}

impl FleetRow {
    /// This device's [`Expiry`] at `at`: a certificate failing Apple's rule first, then its dates.
    pub fn expiry(&self, at: Timestamp) -> Expiry {
        if self.apple_device == crate::report::Word::Failed {
            return Expiry::FailsAppleRule;
        }
        if self.apple_device == crate::report::Word::NotApplicable && self.not_after_ts.is_some() {
            return Expiry::NotADeviceCertificate;
        }
        Expiry::of(self.not_after_ts, at)
    }
}

/// Counts for the expiry histogram: how many devices a date-checking server rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Histogram {
    /// Devices whose certificate fails Apple's rule (forged or damaged): every server rejects
    /// them, whatever their dates, so they are counted here and in no date bar.
    pub fails_apple_rule: usize,
    pub rejected_now: usize,
    pub rejected_within_30_days: usize,
    pub rejected_within_90_days: usize,
    pub fine_beyond_90_days: usize,
    /// Rows whose certificate is not a device identity (Apple's device rule does not apply).
    pub not_a_device_certificate: usize,
    pub no_certificate: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FleetReport {
    pub evaluated_at: String,
    pub device_column: Option<String>,
    /// The computer-name column kept beside the device column, if the file has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_column: Option<String>,
    pub certificate_column: String,
    pub rows: Vec<FleetRow>,
    pub histogram: Histogram,
    pub elapsed_ms: f64,
    /// What could not be read (rows beyond the limit), in plain words.
    pub problems: Vec<String>,
}

/// What one round of a chunk gives ([`FleetJob::step_round`]).
#[derive(Debug)]
pub enum Chunk {
    /// The chunk's rows are evaluated; `true` when every row is done.
    Done(bool),
    /// The chunk needs these signatures first: verify them, give the results to
    /// [`FleetJob::add_results`] and call again (the rows are evaluated again with them).
    NeedsSignatures(Vec<SignatureCheck>),
}

/// An evaluation in progress.
pub struct FleetJob {
    table: Table,
    cert_col: usize,
    device_col: Option<usize>,
    name_col: Option<usize>,
    next: usize,
    rows: Vec<FleetRow>,
    cache: SignatureCache,
    at: Timestamp,
    /// The rows of a chunk waiting for its signatures, decoded once for all its rounds.
    decoded: Vec<input::Decoded>,
    /// Rounds the current chunk has taken (bounded as a report's slices are:
    /// [`crate::report::MAX_SLICE_ROUNDS`]).
    rounds: usize,
}

impl FleetJob {
    /// Reads the file and picks the columns; signatures are verified natively (the CLI).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new(text: &str, cols: &Columns, at: Timestamp) -> Result<Self, FleetError> {
        Self::open(text, cols, at, SignatureCache::default())
    }

    /// The certificate cell of the row a [`FleetRow`] calls `row` (its line in the file: the
    /// header is line 1), for opening that device's certificate card.
    pub fn certificate_text(&self, row: usize) -> Option<&str> {
        self.table.rows.get(row.checked_sub(2)?)?.get(self.cert_col).map(String::as_str)
    }

    /// Reads the file and picks the columns; the signatures are verified by the shell, chunk by
    /// chunk ([`FleetJob::step_round`]): the page's WebCrypto.
    pub fn with_signature_rounds(text: &str, cols: &Columns, at: Timestamp) -> Result<Self, FleetError> {
        Self::open(text, cols, at, SignatureCache::with_results(SignatureResults::new()))
    }

    fn open(text: &str, cols: &Columns, at: Timestamp, cache: SignatureCache) -> Result<Self, FleetError> {
        let t = text.trim_start_matches('\u{feff}').trim_start();
        let table = if t.starts_with('[') || t.starts_with('{') { parse_json(t).ok_or(FleetError::NotATable)? } else { parse_csv(text) };
        if table.header.is_empty() || table.rows.is_empty() {
            return Err(FleetError::NotATable);
        }
        let (cert_col, device_col) = pick(&table.header, &table.rows, cols)?;
        let name_col = name_column(&table.header, cert_col, device_col);
        Ok(FleetJob { table, cert_col, device_col, name_col, next: 0, rows: Vec::new(), cache, at, decoded: Vec::new(), rounds: 0 })
    }

    pub fn len(&self) -> usize {
        self.table.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.rows.is_empty()
    }

    pub fn done(&self) -> usize {
        self.next
    }

    pub fn header(&self) -> &[String] {
        &self.table.header
    }

    /// Evaluates up to `n` more rows with the native verifier; returns true when every row is done.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn step(&mut self, n: usize, store: &TrustStore) -> bool {
        loop {
            match self.step_round(n, store) {
                Chunk::Done(done) => return done,
                // Only a job made by `with_signature_rounds` asks; answer it natively.
                Chunk::NeedsSignatures(checks) => self.add_results(checks.iter().map(|c| (c.id.clone(), c.verify_native())).collect()),
            }
        }
    }

    /// One round of the next chunk of up to `n` rows: the rows, or the signatures they need.
    /// Each round asks only for checks not yet answered, so the rounds of a chunk end; after
    /// [`crate::report::MAX_SLICE_ROUNDS`] rounds (the bound a report's slices have, for the
    /// same reason) the chunk stops asking and its next round completes.
    pub fn step_round(&mut self, n: usize, store: &TrustStore) -> Chunk {
        let end = (self.next + n).min(self.table.rows.len());
        self.cache.begin_round();
        let mut decoded = std::mem::take(&mut self.decoded);
        if decoded.len() != end - self.next {
            decoded = (self.next..end).map(|i| self.decode(i)).collect();
        }
        let rows: Vec<FleetRow> = (self.next..end).zip(&decoded).map(|(i, d)| self.row(i, d, store)).collect();
        let pending = self.cache.take_pending();
        if !pending.is_empty() {
            // The round is redone with the answers: it keeps nothing it remembered.
            self.cache.rollback_round();
            self.decoded = decoded;
            self.rounds += 1;
            if self.rounds >= crate::report::MAX_SLICE_ROUNDS {
                self.stop_asking();
            }
            return Chunk::NeedsSignatures(pending);
        }
        self.rows.extend(rows);
        self.next = end;
        self.rounds = 0;
        // `stop_asking` holds for one chunk: the next asks again.
        self.cache.reopen();
        Chunk::Done(self.next == self.table.rows.len())
    }

    /// Results of the checks a round asked for.
    pub fn add_results(&mut self, results: SignatureResults) {
        self.cache.add_results(results);
    }

    /// The checks this chunk still lacks count as not checked (unsupported), never as
    /// verified, so its next round completes ([`Self::step_round`] calls it after its bound; a
    /// shell may call it sooner).
    pub fn stop_asking(&mut self) {
        self.cache.close();
    }

    fn decode(&self, i: usize) -> input::Decoded {
        let text = self.table.rows[i].get(self.cert_col).cloned().unwrap_or_default();
        input::read(&[Source::text(format!("row {}", i + 2), text)])
    }

    fn row(&mut self, i: usize, decoded: &input::Decoded, store: &TrustStore) -> FleetRow {
        let row = &self.table.rows[i];
        let device = self.device_col.and_then(|c| row.get(c)).cloned().unwrap_or_else(|| format!("row {}", i + 2));
        let name = self.name_col.and_then(|c| row.get(c)).filter(|n| !n.trim().is_empty()).cloned();
        let certs: Vec<_> = decoded.certificates().collect();
        // The device identity if there is one, else the first certificate.
        let cert = match &store.apple {
            Some(a) => certs.iter().find(|c| c.issuer.matches(&a.device_ca.subject)).or(certs.first()),
            None => certs.first(),
        };
        match cert {
            None => FleetRow {
                row: i + 2,
                device,
                name: name.clone(),
                sha256: None,
                not_after: None,
                not_after_ts: None,
                apple_device: crate::report::Word::NotApplicable,
                strict: crate::report::Word::Failed,
                reason: Some(decoded.problems.first().map(|p| p.message.clone()).unwrap_or_else(|| "no certificate in this row".into())),
            },
            Some(c) => {
                let pool = crate::trust::Pool::new(&certs, store);
                // Each row is a report of its own, with its own budget.
                self.cache.set_budget(crate::trust::ReportBudget::for_certificates(certs.len()));
                let ev = crate::trust::evaluate(c, &pool, store, self.at, &StrictOptions::default(), &mut self.cache);
                FleetRow {
                    row: i + 2,
                    device,
                    name: name.clone(),
                    sha256: Some(c.sha256.clone()),
                    not_after: Some(c.not_after.rfc3339()),
                    not_after_ts: Some(c.not_after),
                    apple_device: if ev.apple.applies {
                        crate::report::Word::of_verdict(ev.apple.ok, ev.apple.not_checked())
                    } else {
                        crate::report::Word::NotApplicable
                    },
                    strict: crate::report::Word::of_verdict(ev.strict.ok, crate::trust::not_checked_only(&ev.strict.reasons)),
                    reason: ev.apple.reasons.first().map(|r| r.text.clone()).or_else(|| headline(&ev.strict.reasons).map(|r| r.text.clone())),
                }
            }
        }
    }

    /// The report of the rows done so far.
    pub fn report(&self) -> FleetReport {
        let mut h = Histogram::default();
        for r in &self.rows {
            *match r.expiry(self.at) {
                Expiry::FailsAppleRule => &mut h.fails_apple_rule,
                Expiry::NoCertificate => &mut h.no_certificate,
                Expiry::RejectedNow => &mut h.rejected_now,
                Expiry::RejectedWithin30Days => &mut h.rejected_within_30_days,
                Expiry::RejectedWithin90Days => &mut h.rejected_within_90_days,
                Expiry::FineBeyond90Days => &mut h.fine_beyond_90_days,
                Expiry::NotADeviceCertificate => &mut h.not_a_device_certificate,
            } += 1;
        }
        FleetReport {
            evaluated_at: self.at.rfc3339(),
            device_column: self.device_col.map(|c| self.table.header[c].clone()),
            name_column: self.name_col.map(|c| self.table.header[c].clone()),
            certificate_column: self.table.header[self.cert_col].clone(),
            rows: self.rows.clone(),
            histogram: h,
            elapsed_ms: 0.0,
            problems: [
                self.table.truncated.then(|| format!("the file has more than {MAX_ROWS} rows: only the first {MAX_ROWS} were read; split the export to check the rest")),
                self.table.wide.then(|| format!("the file has more than {MAX_COLUMNS} columns: only the first {MAX_COLUMNS} were read (name the device and certificate columns if they come later)")),
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }
}

/// One CSV cell (RFC 4180): quoted when it holds a separator, quote or line break; a cell that a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR — device
/// names are set by users) is prefixed with `'` (OWASP CSV injection).
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// CSV export of a fleet report.
pub fn to_csv(r: &FleetReport) -> String {
    // A computer-name column, when the file has one, is kept as the last column.
    let named = r.name_column.is_some();
    let mut out = String::from(if named {
        "row,device,sha256,not_after,apple_rule,strict,reason,name\n"
    } else {
        "row,device,sha256,not_after,apple_rule,strict,reason\n"
    });
    for row in &r.rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}",
            row.row,
            csv_cell(&row.device),
            row.sha256.as_deref().unwrap_or(""),
            row.not_after.as_deref().unwrap_or(""),
            row.apple_device,
            row.strict,
            csv_cell(row.reason.as_deref().unwrap_or(""))
        ));
        if named {
            out.push(',');
            out.push_str(&csv_cell(row.name.as_deref().unwrap_or("")));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "fleet_tests.rs"]
mod tests;
