//! A fleet file's line in the summary (beside the report's line per input): forged devices
//! first, then how many a date-checking server rejects.

use super::{FleetError, FleetReport};
use crate::report::{plural, Severity, SummaryLine};

/// A fleet file's line: forged devices first, then how many a date-checking server rejects.
pub fn fleet_line(name: &str, r: &FleetReport) -> SummaryLine {
    let h = &r.histogram;
    let severity = if h.fails_apple_rule > 0 {
        Severity::Failed
    } else if h.rejected_now + h.no_certificate > 0 || !r.problems.is_empty() {
        Severity::Warning
    } else {
        Severity::Ok
    };
    SummaryLine { source: name.into(), severity, headline: headline(r), items: Vec::new(), problems: r.problems.len() }
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
    if h.no_certificate > 0 {
        parts.push(format!("{} without a certificate", h.no_certificate));
    }
    format!("Fleet of {}: {}", plural(r.rows.len(), "device", "devices"), parts.join(", "))
}

/// A fleet file that could not be read as a table.
pub fn fleet_error_line(name: &str, e: &FleetError) -> SummaryLine {
    SummaryLine { source: name.into(), severity: Severity::Failed, headline: format!("Fleet file not read: {e}"), items: Vec::new(), problems: 1 }
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
            SummaryLine { source: "a".into(), severity: Severity::Ok, headline: String::new(), items: vec![], problems: 0 },
            fleet_running_line("b", 1, 2),
            l,
            fleet_error_line("c", &FleetError::NotATable),
        ];
        sort_lines(&mut lines);
        assert_eq!(lines.iter().map(|l| l.source.as_str()).collect::<Vec<_>>(), ["fleet.csv", "c", "b", "a"]);
    }
}
