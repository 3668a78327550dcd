//! The banner a shell shows when a report is for another time than now: when it was evaluated,
//! how long ago, and what the lead certificate's dates say today. Pure: both the evaluation time
//! and the clock are arguments (the shell reads the clock).
//!
//! A certificate is within its dates when `notBefore <= t <= notAfter` (RFC 5280 §4.1.2.5).

use super::{CertificateItem, Report};
use crate::cert::Role;
use crate::time::{describe_span, Timestamp};

/// A time within this many seconds of the clock counts as now.
pub const NOW_TOLERANCE_SECONDS: i64 = 60;

/// Where a time that is not now came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOrigin {
    /// The user set it.
    Chosen,
    /// A share link carried it.
    Link,
}

/// What the banner says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeBanner {
    /// "Evaluated at 1 June 2019, 7 years ago — today this certificate is expired (since 8
    /// November 2019)."
    pub text: String,
    /// "On 1 June 2019": goes before verdicts that hold only at that time.
    pub as_of: String,
    /// The lead certificate's dates give another answer today than at the evaluation time.
    pub differs_today: bool,
}

/// True when `at` is within [`NOW_TOLERANCE_SECONDS`] of `clock`.
pub fn is_now(at: Timestamp, clock: Timestamp) -> bool {
    at.0.abs_diff(clock.0) <= NOW_TOLERANCE_SECONDS.unsigned_abs()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dates {
    NotYetValid,
    Within,
    Expired,
}

fn dates(c: &CertificateItem, t: Timestamp) -> Dates {
    if t < c.not_before_ts {
        Dates::NotYetValid
    } else if t > c.not_after_ts {
        Dates::Expired
    } else {
        Dates::Within
    }
}

fn dates_words(c: &CertificateItem, d: Dates) -> String {
    match d {
        Dates::NotYetValid => format!("not yet valid (from {})", c.not_before_ts.long_date()),
        Dates::Within => format!("within its dates (until {})", c.not_after_ts.long_date()),
        Dates::Expired => format!("expired (since {})", c.not_after_ts.long_date()),
    }
}

/// The certificate the verdict is about: a Mac's device identity, else the first leaf, else the
/// first certificate.
fn lead(report: &Report) -> Option<&CertificateItem> {
    let mut certs = report.certificates();
    report.certificates().find(|c| c.verdicts.apple_device.applies).or_else(|| report.certificates().find(|c| c.role == Role::Leaf)).or_else(|| certs.next())
}

/// The banner for a report evaluated at `at` while the clock says `clock`; `None` when `at` is now.
pub fn time_banner(report: &Report, at: Timestamp, clock: Timestamp, origin: TimeOrigin) -> Option<TimeBanner> {
    if is_now(at, clock) {
        return None;
    }
    let span = describe_span(clock.seconds_since(at));
    let when = if at < clock { format!("{span} ago") } else { format!("{span} from now") };
    let mut text = match origin {
        TimeOrigin::Chosen => format!("Evaluated at {}, {when}", at.long_date()),
        TimeOrigin::Link => format!("This page shows the share link's time: evaluated at {}, {when}", at.long_date()),
    };
    let mut differs_today = false;
    if let Some(c) = lead(report) {
        let who = if report.certificates().nth(1).is_some() { format!("\"{}\"", c.name) } else { "this certificate".to_string() };
        let (then, today) = (dates(c, at), dates(c, clock));
        differs_today = then != today;
        let still = if differs_today { "" } else { "still " };
        text.push_str(&format!(" — today {who} is {still}{}", dates_words(c, today)));
    }
    text.push('.');
    Some(TimeBanner { text, as_of: format!("On {}", at.long_date()), differs_today })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::trust::TrustStore;

    const LEAF: &str = include_str!("../../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem");
    const ROOT: &str = include_str!("../../tests/fixtures/apple/apple-root-ca-2006-rsa.pem");
    const JUNE_2019: Timestamp = Timestamp(1_559_347_200); // 2019-06-01T00:00:00Z
    const JAN_2027: Timestamp = Timestamp(1_798_761_600); // 2027-01-01T00:00:00Z

    fn report(text: &str, at: Timestamp) -> Report {
        crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), at)
    }

    #[test]
    fn a_past_time_says_what_the_dates_say_today() {
        let b = time_banner(&report(LEAF, JUNE_2019), JUNE_2019, JAN_2027, TimeOrigin::Chosen).unwrap(); // ok: test
        assert_eq!(b.text, "Evaluated at 1 June 2019, 7 years ago — today this certificate is expired (since 8 November 2019).");
        assert_eq!(b.as_of, "On 1 June 2019");
        assert!(b.differs_today);
    }

    #[test]
    fn a_link_says_it_is_the_links_time_and_the_future_reads_forward() {
        let b = time_banner(&report(LEAF, JAN_2027), JAN_2027, JUNE_2019, TimeOrigin::Link).unwrap(); // ok: test
        assert_eq!(
            b.text,
            "This page shows the share link's time: evaluated at 1 January 2027, 7 years from now — today this certificate is within its dates (until 8 November 2019)."
        );
        let same = time_banner(&report(LEAF, JAN_2027), JAN_2027, Timestamp(JAN_2027.0 + 86_400 * 3), TimeOrigin::Chosen).unwrap(); // ok: test
        assert!(same.text.ends_with("3 days ago — today this certificate is still expired (since 8 November 2019)."), "{}", same.text);
        assert!(!same.differs_today);
    }

    #[test]
    fn within_a_minute_is_now() {
        let r = report(LEAF, JUNE_2019);
        assert_eq!(time_banner(&r, JUNE_2019, Timestamp(JUNE_2019.0 + 60), TimeOrigin::Link), None);
        assert_eq!(time_banner(&r, JUNE_2019, Timestamp(JUNE_2019.0 - 59), TimeOrigin::Chosen), None);
        assert!(time_banner(&r, JUNE_2019, Timestamp(JUNE_2019.0 + 61), TimeOrigin::Chosen).is_some());
    }

    #[test]
    fn the_lead_certificate_is_the_device_identity_named_when_there_are_several() {
        let b = time_banner(&report(&format!("{ROOT}{LEAF}"), JUNE_2019), JUNE_2019, JAN_2027, TimeOrigin::Chosen).unwrap(); // ok: test
        assert!(b.text.contains("— today \"") && b.text.ends_with("is expired (since 8 November 2019)."), "{}", b.text);
        let none = time_banner(&report("", JUNE_2019), JUNE_2019, JAN_2027, TimeOrigin::Chosen).unwrap(); // ok: test
        assert_eq!(none.text, "Evaluated at 1 June 2019, 7 years ago.");
    }
}
