//! One line per input (each file, the pasted text, a fleet file), worst first, and the order
//! the shells show items in (failures first; the JSON's `items` keep input order).
//!
//! The decisions live here so the page, the Markdown and the CLI only render them: which items
//! belong to which input, each input's headline and [`Severity`], and the order.

use super::diagnosis::{diagnose_in, Around, Diagnosis};
use super::{CertificateItem, ContentType, Item, MacosLabel, NoteKind, ProblemItem, SignatureState};
use crate::cert::Role;
use crate::time::Timestamp;
use crate::trust::ReasonCode;
use serde::Serialize;

/// Above this many certificates the page shows a compact table (cards open on demand) and the
/// Markdown sums up the certificates without a failure in a line per kind.
pub const COMPACT_ABOVE: usize = 10;

crate::wire::wire_enum! {
    /// How much an item or an input needs attention (the JSON word and `data-severity`). Sorted
    /// worst first (`Failed < Warning < …`).
    pub enum Severity {
        /// Forged, broken, unreadable, or rejected by the check that applies to it.
        Failed = "failed",
        /// Works somewhere but not everywhere (expired but accepted by Apple's rule, Unverified).
        Warning = "warning",
        /// Nothing wrong and nothing to confirm: a record, a bundle, an untrusted root on its own.
        Info = "info",
        /// Passes every check that applies.
        Ok = "ok",
    }
}

/// One input's headline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryLine {
    /// The input's name: a file name, "pasted text", a screenshot or a fleet file.
    pub source: String,
    pub severity: Severity,
    pub headline: String,
    /// Indexes into [`super::Report::items`] of this input's items, worst first.
    pub items: Vec<usize>,
    /// How many of the report's problems come from this input.
    pub problems: usize,
    /// With more than one input: this input's own diagnosis, when it needs one (with one input
    /// the report's `diagnosis` is its). Shown beside the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
}

/// Is `s` the input `name`, or a place inside it (`name / block 2 / …`)?
fn belongs(s: &str, name: &str) -> bool {
    s == name || s.strip_prefix(name).is_some_and(|rest| rest.starts_with(" / "))
}

/// The input a located string comes from: the longest input name that prefixes it, else the
/// part before the first " / ".
fn owner<'a>(s: &'a str, names: &[&'a str]) -> &'a str {
    names.iter().filter(|n| belongs(s, n)).max_by_key(|n| n.len()).copied().unwrap_or_else(|| s.split(" / ").next().unwrap_or(s))
}

impl Item {
    /// Where the item came from (`file / block n / lines a-b`).
    pub fn source(&self) -> &str {
        match self {
            Item::Screenshot(s) => &s.source,
            Item::Certificate(c) => &c.source,
            Item::SignedData(s) => &s.source,
            Item::Profile(p) => &p.source,
            Item::KeychainRecord(k) => &k.source,
            Item::Note(n) => &n.source,
            Item::Key(k) => &k.source,
        }
    }
}

/// A self-signed root on its own (its chain is itself).
fn lone_root(c: &CertificateItem) -> bool {
    (c.role == Role::Root || c.subject == c.issuer) && c.chain.len() <= 1
}

/// A lone root whose only failure is that it is not in the trusted list.
fn lone_untrusted_root(c: &CertificateItem) -> bool {
    lone_root(c) && !c.verdicts.strict.ok && c.verdicts.strict.reason_codes.iter().all(|r| *r == ReasonCode::Untrusted)
}

/// What a certificate needs: Apple's rule first (when it applies), then the strict check.
pub fn certificate_severity(c: &CertificateItem) -> Severity {
    let (apple, strict) = (&c.verdicts.apple_device, &c.verdicts.strict);
    if (apple.applies && !apple.ok && !apple.not_checked) || c.hash_lines.iter().any(|h| !h.matches) {
        Severity::Failed
    } else if apple.not_checked || strict.not_checked {
        // Not decided is never "failed": it needs attention (check it where signatures can be checked).
        Severity::Warning
    } else if strict.ok {
        if c.verdicts.macos.ok {
            Severity::Ok
        } else {
            Severity::Warning
        }
    } else if apple.applies && c.verdicts.strict.fails_only_on_dates() {
        Severity::Warning
    } else if c.role == Role::AppleCa && c.verdicts.strict.fails_only_on_dates() {
        // One of Apple's own CAs (every signature up to Apple's pinned keys verified), out of its
        // dates: Apple's device rule ignores them, and what that means for a device is said by
        // the device certificate's own verdict. Not a failure that should lead an input's line
        // before the device certificate the diagnosis speaks for.
        Severity::Info
    } else if lone_untrusted_root(c) {
        Severity::Info
    } else {
        Severity::Failed
    }
}

/// What an item needs (a container is as bad as its worst certificate or signature).
pub fn item_severity(item: &Item) -> Severity {
    match item {
        Item::Certificate(c) => certificate_severity(c),
        Item::SignedData(s) => match (s.signature, s.macos_label) {
            (SignatureState::Failed, _) => Severity::Failed,
            (_, MacosLabel::Verified) => Severity::Ok,
            _ => Severity::Warning,
        },
        Item::Profile(_) => Severity::Warning,
        Item::Screenshot(_) => Severity::Warning,
        Item::KeychainRecord(_) => Severity::Info,
        Item::Note(n) if n.kind == NoteKind::ErrorText => Severity::Warning,
        Item::Note(_) => Severity::Info,
        Item::Key(k) => super::keys::severity(k),
    }
}

/// How much an item says on its own, among items that need the same attention (lower says
/// more): a certificate's verdict, then a signature, a profile, a screenshot's reading, a
/// keychain record, a key, CSR, bundle or push request, and last a note (error text is explained by the certificate beside it).
fn informativeness(item: &Item) -> u8 {
    match item {
        Item::Certificate(_) => 0,
        Item::SignedData(_) => 1,
        Item::Profile(_) => 2,
        Item::Screenshot(_) => 3,
        Item::KeychainRecord(_) => 4,
        Item::Key(_) => 5,
        Item::Note(_) => 6,
    }
}

/// Item indexes, worst first, the most informative first among equals, then input order.
pub fn display_order(items: &[Item]) -> Vec<usize> {
    let mut order: Vec<(Severity, u8, usize)> = items.iter().enumerate().map(|(i, it)| (item_severity(it), informativeness(it), i)).collect();
    crate::sort::sort(&mut order);
    order.into_iter().map(|(_, _, i)| i).collect()
}

/// What a device certificate says about the rejected-enrollment text given with it: the 403 it
/// explains, or that the cause is elsewhere. `None` when the lead is not a genuine device
/// certificate (a forged one speaks for itself).
fn explains_error_text(lead: &Item, others: &[&Item]) -> Option<&'static str> {
    let Item::Certificate(c) = lead else { return None };
    let (apple, strict) = (&c.verdicts.apple_device, &c.verdicts.strict);
    if !apple.applies || !apple.ok || !others.iter().any(|i| matches!(i, Item::Note(n) if n.kind == NoteKind::ErrorText)) {
        return None;
    }
    Some(if strict.ok {
        " — so the rejected enrollment pasted with it has another cause"
    } else if strict.fails_only_on_dates() {
        " — which explains the 403 error pasted with it"
    } else {
        " — the likely cause of the error pasted with it"
    })
}

/// One certificate in a few words, for an input's headline.
pub fn certificate_headline(c: &CertificateItem) -> String {
    let (apple, strict) = (&c.verdicts.apple_device, &c.verdicts.strict);
    let until = c.not_after_ts.long_date();
    if c.hash_lines.iter().any(|h| !h.matches) {
        return format!("\"{}\": the fingerprint printed with it does not match this certificate (changed or mixed up)", c.name);
    }
    if apple.not_checked {
        return format!(
            "\"{}\" names Apple iPhone Device CA, but its signatures were not checked, so whether it is genuine is not known: {}",
            c.name,
            apple.reasons.first().cloned().unwrap_or_default()
        );
    }
    if apple.applies {
        return if !apple.ok {
            format!("Not a genuine Apple device certificate: \"{}\" names Apple iPhone Device CA, but Apple's key did not sign it", c.name)
        } else if strict.ok {
            format!("Genuine Apple device certificate, valid until {until}: Macs and MDM servers accept it")
        } else if c.verdicts.strict.fails_only_on_dates() && c.verdicts.strict.reason_codes.contains(&ReasonCode::Expired) {
            format!("Genuine Apple device certificate, expired {until}. Macs accept it; an MDM server that checks dates rejects it (403)")
        } else if c.verdicts.strict.fails_only_on_dates() {
            format!(
                "Genuine Apple device certificate, not valid before {}. Macs accept it; an MDM server that checks dates rejects it (403)",
                c.not_before_ts.long_date()
            )
        } else {
            format!("Genuine Apple device certificate, but the strict check fails: {}", strict.headline.clone().unwrap_or_default())
        };
    }
    if lone_untrusted_root(c) {
        return format!("\"{}\" is a root certificate that is not in Apple's roots or Mozilla's list (webpki-roots); a Mac may trust more roots", c.name);
    }
    if strict.ok && lone_root(c) && super::is_locally_trusted(c) {
        return format!("\"{}\" is a root certificate trusted locally for this session (you added it; not a built-in root)", c.name);
    }
    if strict.ok && lone_root(c) {
        return format!("\"{}\" is a root certificate in the trusted list (Apple's roots and Mozilla's list as shipped by webpki-roots)", c.name);
    }
    if strict.ok {
        return format!("\"{}\" ({}): valid and trusted until {until}", c.name, c.role_label);
    }
    let why = strict.headline.clone().unwrap_or_else(|| "the strict check fails".into());
    if why.starts_with(&format!("\"{}\"", c.name)) {
        why
    } else {
        format!("\"{}\" ({}): {why}", c.name, c.role_label)
    }
}

fn item_headline(item: &Item) -> String {
    match item {
        Item::Certificate(c) => certificate_headline(c),
        Item::SignedData(s) => {
            let what = match s.content_type {
                ContentType::Profile => "Signed profile",
                ContentType::DeviceRequest => "Signed device request",
                ContentType::Data | ContentType::None => "Signed data",
            };
            let name = s.profile.as_ref().and_then(|p| p.profile.display_name.as_ref()).map(|n| format!(" \"{n}\"")).unwrap_or_default();
            let why = if s.macos_label == MacosLabel::Verified { String::new() } else { format!(": {}", s.macos_label_reason) };
            format!("{what}{name}: {}{why}", s.macos_label.as_it())
        }
        Item::Profile(p) => format!(
            "Unsigned profile{}: macOS would show it as Unsigned",
            p.profile.profile.display_name.as_ref().map(|n| format!(" \"{n}\"")).unwrap_or_default()
        ),
        Item::Screenshot(_) => "From a screenshot: confirm with the certificate itself before acting".into(),
        Item::KeychainRecord(_) => "The keychain's attribute list only: ask for the output of the command with -p".into(),
        Item::Note(n) => match n.kind {
            NoteKind::ErrorText => "Error text of a rejected enrollment: ask for the Mac's device certificate to confirm the cause".into(),
            NoteKind::Pkcs12 => "A PKCS#12 bundle (not opened): ask for the certificate alone".into(),
            NoteKind::DeviceRequest => "An unsigned device request".into(),
            NoteKind::Crl => "A certificate revocation list: revocation is checked with it".into(),
        },
        Item::Key(k) => super::keys::headline(k),
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The headline of one input from its items (worst first) and problems.
fn input_line(source: &str, items: &[Item], order: Vec<usize>, problems: &[&ProblemItem]) -> SummaryLine {
    let Some(&lead) = order.first() else {
        let first = problems.first().map(|p| p.message.as_str()).unwrap_or("nothing to read");
        let more = if problems.len() > 1 { format!(" ({} more)", problems.len() - 1) } else { String::new() };
        return SummaryLine {
            source: source.into(),
            severity: Severity::Failed,
            headline: format!("Nothing readable: {first}{more}"),
            items: order,
            problems: problems.len(),
            diagnosis: None,
        };
    };
    let mut severity = item_severity(&items[lead]);
    let mut headline = item_headline(&items[lead]);
    let certs = order.iter().filter(|&&i| matches!(items[i], Item::Certificate(_))).count();
    if order.len() > 1 {
        let failed = order.iter().filter(|&&i| item_severity(&items[i]) == Severity::Failed).count();
        let counted = if certs == order.len() { plural(certs, "certificate", "certificates") } else { plural(order.len(), "item", "items") };
        let others: Vec<&Item> = order[1..].iter().map(|&i| &items[i]).collect();
        headline.push_str(explains_error_text(&items[lead], &others).unwrap_or_default());
        // The lead speaks first (it is the most informative item), the count after it.
        headline = match (failed, severity) {
            (0, Severity::Ok) => format!("{counted}, all fine: {headline}"),
            (0, _) => format!("{headline} ({counted})"),
            (n, _) => format!("{counted}, {n} failing; worst: {headline}"),
        };
    }
    if !problems.is_empty() {
        headline.push_str(&format!(" ({})", plural(problems.len(), "problem", "problems")));
        severity = severity.min(Severity::Warning);
    }
    SummaryLine { source: source.into(), severity, headline, items: order, problems: problems.len(), diagnosis: None }
}

/// A line per input, worst first (input order among equals). `names` are the inputs in order;
/// items and problems are assigned to the input whose name prefixes their location.
pub fn summary_lines(names: &[&str], items: &[Item], problems: &[ProblemItem]) -> Vec<SummaryLine> {
    let order = display_order(items);
    let item_owner: Vec<&str> = items.iter().map(|i| owner(i.source(), names)).collect();
    let problem_owner: Vec<&str> = problems.iter().map(|p| owner(&p.source, names)).collect();
    let mut inputs: Vec<&str> = Vec::new();
    for n in names.iter().chain(&item_owner).chain(&problem_owner) {
        if !inputs.contains(n) {
            inputs.push(n);
        }
    }
    let mut lines: Vec<SummaryLine> = inputs
        .iter()
        .filter_map(|name| {
            let its: Vec<usize> = order.iter().copied().filter(|&i| item_owner[i] == *name).collect();
            let ps: Vec<&ProblemItem> = problems.iter().zip(&problem_owner).filter(|(_, o)| *o == name).map(|(p, _)| p).collect();
            (!its.is_empty() || !ps.is_empty()).then(|| input_line(name, items, its, &ps))
        })
        .collect();
    sort_lines(&mut lines);
    lines
}

/// With more than one input, gives each input's line its own diagnosis (one per input that
/// needs one; words already given by an earlier line are not repeated) and returns the one that needs attention most (the worst diagnosis, the first
/// line among equals) for the report's `diagnosis`; `None` with one input.
pub fn attach_diagnoses(lines: &mut [SummaryLine], items: &[Item], at: Timestamp) -> Option<Diagnosis> {
    if lines.len() < 2 {
        return None;
    }
    let around = Around::new(items);
    let mut said: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for l in lines.iter_mut() {
        let its: Vec<&Item> = l.items.iter().filter_map(|&i| items.get(i)).collect();
        // The same words for two inputs (two files of one chain) stand once, by the first.
        l.diagnosis = diagnose_in(&its, &around, at).filter(|d| said.insert((d.title.clone(), d.text.clone())));
    }
    lines.iter().filter_map(|l| l.diagnosis.as_ref()).enumerate().min_by_key(|(i, d)| (d.severity(), *i)).map(|(_, d)| d.clone())
}

/// A diagnosis about several inputs together (the push certificates, keys and requests given
/// together): the lines' "no device identity here" are dropped, and it stands on the first line
/// without a diagnosis (with one line, or none left with a diagnosis, the report's diagnosis is
/// shown alone).
pub fn attach_together(lines: &mut [SummaryLine], together: &Diagnosis) {
    for l in lines.iter_mut() {
        if l.diagnosis.as_ref().is_some_and(|d| d.code == super::DiagnosisCode::NotADeviceIdentity) {
            l.diagnosis = None;
        }
    }
    if lines.iter().any(|l| l.diagnosis.is_some()) {
        if let Some(l) = lines.iter_mut().find(|l| l.diagnosis.is_none()) {
            l.diagnosis = Some(together.clone());
        }
    }
}

/// Worst first, stable (the order the inputs were given among equals).
pub fn sort_lines(lines: &mut [SummaryLine]) {
    crate::sort::sort_by_key(lines, |l| l.severity);
}

/// A fleet file still being evaluated.
pub fn fleet_running_line(name: &str, done: usize, total: usize) -> SummaryLine {
    SummaryLine {
        source: name.into(),
        severity: Severity::Info,
        headline: format!("Fleet: evaluating {done} of {total} devices…"),
        items: Vec::new(),
        problems: 0,
        diagnosis: None,
    }
}

#[cfg(test)]
#[path = "summary_lines_tests.rs"]
mod tests;
