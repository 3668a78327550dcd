//! A fleet file's line in the summary (beside the report's line per input): forged devices
//! first, then how many a date-checking server rejects.

use super::{FleetError, FleetReport};
use crate::report::{plural, Severity, SummaryLine};

/// A fleet file's line: forged devices first, then how many a date-checking server rejects.
pub fn fleet_line(name: &str, r: &FleetReport) -> SummaryLine {
    let h = &r.histogram;
    let severity = if h.fails_apple_rule > 0 {
        Severity::Failed
    } else if h.rejected_now + h.no_certificate + h.not_a_device_certificate > 0 || !r.problems.is_empty() {
        Severity::Warning
    } else {
        Severity::Ok
    };
    SummaryLine { source: name.into(), severity, headline: headline(r), items: Vec::new(), problems: r.problems.len(), diagnosis: None }
}

/// The fleet's headline, for the summary line and above the fleet table: "Fleet of 3 devices:
/// 1 fails Apple's rule (forged or damaged), a date-checking server rejects 2 now".
pub fn headline(r: &FleetReport) -> String {
    let h = &r.histogram;
    let forged = h.fails_apple_rule;
    let mut parts = Vec::new();
    if forged > 0 {
        parts.push(format!("{} Apple's rule (forged or damaged)", if forged == 1 { "1 fails".to_string() } else { format!("{forged} fail") }));
    }
    parts.push(format!("a date-checking server rejects {} now", h.rejected_now));
    if h.rejected_within_30_days + h.rejected_within_90_days > 0 {
        parts.push(format!("{} more within 90 days", h.rejected_within_30_days + h.rejected_within_90_days));
    }
    if h.not_a_device_certificate > 0 {
        parts.push(format!("{} not a device certificate", h.not_a_device_certificate));
    }
    if h.no_certificate > 0 {
        parts.push(format!("{} without a certificate", h.no_certificate));
    }
    format!("Fleet of {}: {}", plural(r.rows.len(), "device", "devices"), parts.join(", "))
}

/// At most this many failing devices are listed in a fleet's Markdown (the CSV export has all).
pub const MARKDOWN_DEVICES: usize = 50;

/// A fleet for a ticket (Copy report): the counts of each bar of the histogram and the devices
/// that need attention (fail Apple's rule, rejected now, not a device certificate, none),
/// evaluated at `at`.
pub fn fleet_markdown(name: &str, r: &FleetReport, at: crate::time::Timestamp) -> String {
    use super::Expiry;
    use std::fmt::Write;
    let h = &r.histogram;
    let mut out = format!("### Fleet file {}\n\n{}\n\n", crate::escape::markdown_code(name), headline(r));
    for (label, n) in [
        ("Fail Apple's rule (forged or damaged)", h.fails_apple_rule),
        ("Rejected now by a date-checking server", h.rejected_now),
        ("Rejected within 30 days", h.rejected_within_30_days),
        ("Rejected within 90 days", h.rejected_within_90_days),
        ("Fine beyond 90 days", h.fine_beyond_90_days),
        ("Not a device certificate", h.not_a_device_certificate),
        ("Without a certificate", h.no_certificate),
    ] {
        let _ = writeln!(out, "- {label}: {n}");
    }
    let failing: Vec<(&super::FleetRow, Expiry)> = r
        .rows
        .iter()
        .map(|row| (row, row.expiry(at)))
        .filter(|(_, e)| matches!(e, Expiry::FailsAppleRule | Expiry::RejectedNow | Expiry::NotADeviceCertificate | Expiry::NoCertificate))
        .collect();
    if !failing.is_empty() {
        let shown = failing.len().min(MARKDOWN_DEVICES);
        let _ = writeln!(out, "\nDevices that need attention ({shown} of {}):\n", failing.len());
        for (row, e) in failing.iter().take(MARKDOWN_DEVICES) {
            let what = match e {
                Expiry::FailsAppleRule => "fails Apple's rule",
                Expiry::RejectedNow => "rejected now (expired)",
                Expiry::NotADeviceCertificate => "not a device certificate",
                _ => "no certificate",
            };
            let name = row.name.as_deref().map(|n| format!(" {}", crate::escape::markdown_code(n))).unwrap_or_default();
            let expiry = row.not_after.as_deref().map(|d| format!(", expires {}", d.get(..10).unwrap_or(d))).unwrap_or_default();
            let _ = writeln!(out, "- {}{name} (row {}): {what}{expiry}", crate::escape::markdown_code(&row.device), row.row);
        }
    }
    out.push('\n');
    out
}

/// A fleet file that could not be read as a table.
pub fn fleet_error_line(name: &str, e: &FleetError) -> SummaryLine {
    SummaryLine {
        source: name.into(),
        severity: Severity::Failed,
        headline: format!("Fleet file not read: {e}"),
        items: Vec::new(),
        problems: 1,
        diagnosis: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{fleet_running_line, sort_lines};
    use crate::testing::{at, fixture};
    use crate::trust::TrustStore;

    #[test]
    fn a_fleet_with_a_forged_device_is_failed_and_says_so() {
        let real = String::from_utf8(fixture("apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("utf8"); // ok: test
        let forged = String::from_utf8(fixture("chains/forged-device-ca/leaf.pem")).expect("utf8"); // ok: test
        let csv = format!("Serial,Certificate\nC1,\"{}\"\nC2,\"{}\"\nC3,\"{}\"\n", real.trim(), forged.trim(), real.trim());
        let mut job = crate::fleet::FleetJob::new(&csv, &crate::fleet::Columns::default(), at("2026-11-29")).expect("fleet"); // ok: test
        while !job.step(10, &TrustStore::builtin()) {}
        let report = job.report();
        // The forged device is in its own bar, not among those "fine beyond 90 days".
        let h = &report.histogram;
        assert_eq!((h.fails_apple_rule, h.rejected_now, h.fine_beyond_90_days), (1, 2, 0), "{h:?}");
        let l = fleet_line("fleet.csv", &report);
        assert_eq!(l.severity, Severity::Failed);
        assert_eq!(l.headline, "Fleet of 3 devices: 1 fails Apple's rule (forged or damaged), a date-checking server rejects 2 now");
        let mut lines = vec![
            SummaryLine { source: "a".into(), severity: Severity::Ok, headline: String::new(), items: vec![], problems: 0, diagnosis: None },
            fleet_running_line("b", 1, 2),
            l,
            fleet_error_line("c", &FleetError::NotATable),
        ];
        sort_lines(&mut lines);
        assert_eq!(lines.iter().map(|l| l.source.as_str()).collect::<Vec<_>>(), ["fleet.csv", "c", "b", "a"]);
    }

    #[test]
    fn a_web_certificate_has_its_own_bar_names_are_kept_and_the_ticket_gets_counts_and_devices() {
        // Issue 24 §4, §5, §6.
        let real = String::from_utf8(fixture("apple/leaf-device-apsd-2018-expired-sha1.pem")).expect("utf8"); // ok: test
        let forged = String::from_utf8(fixture("chains/forged-device-ca/leaf.pem")).expect("utf8"); // ok: test
        let web = String::from_utf8(fixture("chains/rsa-chain/leaf.pem")).expect("utf8"); // ok: test
        let csv = format!(
            "Serial Number,Computer Name,APSD Certificate\nC1,Anna's Mac,\"{}\"\nC2,Lab `x`,\"{}\"\nC3,Web,\"{}\"\n",
            real.trim(),
            forged.trim(),
            web.trim()
        );
        let at = at("2026-11-29");
        let mut job = crate::fleet::FleetJob::new(&csv, &crate::fleet::Columns::default(), at).expect("fleet"); // ok: test
        while !job.step(10, &TrustStore::builtin()) {}
        let report = job.report();
        let h = &report.histogram;
        assert_eq!((h.fails_apple_rule, h.rejected_now, h.not_a_device_certificate, h.fine_beyond_90_days), (1, 1, 1, 0), "{h:?}");
        assert_eq!(report.device_column.as_deref(), Some("Serial Number"));
        assert_eq!(report.name_column.as_deref(), Some("Computer Name"));
        assert_eq!(report.rows.iter().map(|r| r.name.as_deref().unwrap_or_default()).collect::<Vec<_>>(), ["Anna's Mac", "Lab `x`", "Web"]);
        assert!(fleet_line("f.csv", &report).headline.contains("1 not a device certificate"));
        // A row opens that device's certificate: its cell, by the row's number.
        let again = crate::fleet::FleetJob::new(&csv, &crate::fleet::Columns::default(), at).expect("fleet"); // ok: test
        assert_eq!(again.certificate_text(report.rows[1].row).map(str::trim), Some(forged.trim()));
        assert_eq!(again.certificate_text(0), None);
        assert_eq!(again.certificate_text(99), None);
        let md = fleet_markdown("f.csv", &report, at);
        for want in [
            "- Fail Apple's rule (forged or damaged): 1",
            "- Rejected now by a date-checking server: 1",
            "- Rejected within 30 days: 0",
            "- Not a device certificate: 1",
            "Devices that need attention (3 of 3)",
            "- `C1` `Anna's Mac` (row 2): rejected now (expired), expires 2019-11-08",
            "- `C2` `` Lab `x` `` (row 3): fails Apple's rule",
            "- `C3` `Web` (row 4): not a device certificate",
        ] {
            assert!(md.contains(want), "{want} in {md}");
        }
    }
}
