//! What the Markdown report adds for many inputs and many certificates: a line per input at the
//! top, and, above [`COMPACT_ABOVE`] certificates, the certificates without a failure summed
//! up in a line per kind instead of a section each.

use super::{certificate_severity, CertificateItem, Item, Report, Severity, COMPACT_ABOVE};
use crate::escape::markdown;
use std::collections::BTreeMap;
use std::fmt::Write;

/// A line per input, worst first: the plain-words headlines lead the report.
pub(super) fn input_lines(out: &mut String, r: &Report) {
    if r.summary_lines.is_empty() {
        return;
    }
    for l in &r.summary_lines {
        let _ = writeln!(out, "- **{}** ({}): {}", markdown(&l.source), l.severity.as_str(), markdown(&l.headline));
    }
    out.push('\n');
}

/// True when the report has so many certificates that only failures get a section.
pub(super) fn compact(r: &Report) -> bool {
    r.items.iter().filter(|i| matches!(i, Item::Certificate(_))).count() > COMPACT_ABOVE
}

/// The item indexes to write in full, worst first: everything, or in compact mode everything
/// but certificates without a failure.
pub(super) fn in_full(r: &Report) -> Vec<usize> {
    let order: Vec<usize> = if r.display_order.len() == r.items.len() { r.display_order.clone() } else { (0..r.items.len()).collect() };
    if !compact(r) {
        return order;
    }
    order
        .into_iter()
        .filter(|&i| match &r.items[i] {
            Item::Certificate(c) => certificate_severity(c) == Severity::Failed,
            _ => true,
        })
        .collect()
}

/// What a summed-up certificate has in common with the others of its line.
fn kind(c: &CertificateItem) -> String {
    let a = &c.verdicts.apple_device;
    let s = &c.verdicts.strict;
    let apple = if !a.applies {
        "Apple's device rule does not apply"
    } else if a.ok {
        "Apple's device rule OK (dates ignored)"
    } else if a.not_checked {
        "Apple's device rule NOT CHECKED"
    } else {
        "Apple's device rule FAILED"
    };
    let verdict = if s.not_checked { "NOT CHECKED" } else { "FAILED" };
    let strict = if s.ok {
        "strict check OK".to_string()
    } else {
        format!("strict check {verdict} ({})", s.reason_codes.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", "))
    };
    format!("{} — {apple}, {strict}", c.role_label)
}

/// In compact mode: one line per kind for the certificates not written in full.
pub(super) fn summed_up(out: &mut String, r: &Report) {
    if !compact(r) {
        return;
    }
    let mut kinds: BTreeMap<(Severity, String), Vec<&CertificateItem>> = BTreeMap::new();
    for item in &r.items {
        if let Item::Certificate(c) = item {
            let sev = certificate_severity(c);
            if sev != Severity::Failed {
                kinds.entry((sev, kind(c))).or_default().push(c);
            }
        }
    }
    if kinds.is_empty() {
        return;
    }
    let _ = writeln!(out, "### The other certificates\n");
    for ((_, k), certs) in &kinds {
        let (first, last) = certs.iter().fold((None, None), |(lo, hi): (Option<&str>, Option<&str>), c| {
            let d = c.not_after.as_str();
            (Some(lo.map_or(d, |x| x.min(d))), Some(hi.map_or(d, |x| x.max(d))))
        });
        let expiry = match (first, last) {
            (Some(a), Some(b)) if a == b => format!("expiring {}", a.get(..10).unwrap_or(a)),
            (Some(a), Some(b)) => format!("expiring {} to {}", a.get(..10).unwrap_or(a), b.get(..10).unwrap_or(b)),
            _ => String::new(),
        };
        let _ = writeln!(out, "- {} × {}, {expiry}", certs.len(), markdown(k));
    }
    out.push_str("\nEvery certificate, with its fingerprints, is in the JSON (Download JSON or `certscope --json`).\n\n");
}
