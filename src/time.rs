//! Points in time as plain UTC seconds. The core never asks the clock: callers pass the
//! evaluation time in (the CLI reads its clock, the page reads the browser's).

use std::fmt;

/// Seconds since 1970-01-01T00:00:00Z. Certificate times have one-second precision
/// (RFC 5280 §4.1.2.5), so whole seconds are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeParseError(pub String);

impl fmt::Display for TimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\" is not a time: use RFC 3339 (2019-11-08T14:41:36Z) or a date (2019-11-08)", self.0)
    }
}

impl std::error::Error for TimeParseError {}

impl Timestamp {
    pub fn seconds(self) -> i64 {
        self.0
    }

    /// Parses RFC 3339 (`2019-11-08T14:41:36Z`, offsets allowed, fractions truncated),
    /// `YYYY-MM-DDTHH:MM[:SS]` (UTC, as an HTML `datetime-local` gives it) or `YYYY-MM-DD`
    /// (midnight UTC).
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        use ::time::format_description::well_known::Rfc3339;
        use ::time::macros::format_description;
        use ::time::{Date, OffsetDateTime, PrimitiveDateTime};
        let t = text.trim();
        let err = || TimeParseError(t.to_string());
        if let Ok(dt) = OffsetDateTime::parse(t, &Rfc3339) {
            return Ok(Timestamp(dt.unix_timestamp()));
        }
        if let Ok(dt) = PrimitiveDateTime::parse(t, format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]")) {
            return Ok(Timestamp(dt.assume_utc().unix_timestamp()));
        }
        if let Ok(dt) = PrimitiveDateTime::parse(t, format_description!("[year]-[month]-[day]T[hour]:[minute]")) {
            return Ok(Timestamp(dt.assume_utc().unix_timestamp()));
        }
        if let Ok(d) = Date::parse(t, format_description!("[year]-[month]-[day]")) {
            return Ok(Timestamp(d.midnight().assume_utc().unix_timestamp()));
        }
        Err(err())
    }

    /// RFC 3339 in UTC, e.g. `2019-11-08T14:41:36Z`.
    pub fn rfc3339(self) -> String {
        match ::time::OffsetDateTime::from_unix_timestamp(self.0) {
            Ok(dt) => {
                let (y, m, d) = (dt.year(), u8::from(dt.month()), dt.day());
                format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", dt.hour(), dt.minute(), dt.second())
            }
            Err(_) => format!("@{}", self.0),
        }
    }

    /// The date in words (UTC), e.g. `8 November 2019`.
    pub fn long_date(self) -> String {
        match ::time::OffsetDateTime::from_unix_timestamp(self.0) {
            Ok(dt) => format!("{} {} {}", dt.day(), dt.month(), dt.year()),
            Err(_) => self.rfc3339(),
        }
    }

    /// The date part, e.g. `2019-11-08`.
    pub fn date(self) -> String {
        let s = self.rfc3339();
        s.get(..10).map(str::to_string).unwrap_or(s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339())
    }
}

/// A span in plain words: "7 years", "3 months", "12 days", "5 hours", "40 seconds".
pub fn describe_span(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let plural = |n: u64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
    const DAY: u64 = 86_400;
    if s >= 365 * DAY {
        plural(s / (365 * DAY) , "year")
    } else if s >= 60 * DAY {
        plural(s / (30 * DAY), "month")
    } else if s >= 2 * DAY {
        plural(s / DAY, "day")
    } else if s >= 3600 {
        plural(s / 3600, "hour")
    } else if s >= 60 {
        plural(s / 60, "minute")
    } else {
        plural(s, "second")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_type() {
        assert_eq!(Timestamp::parse("2019-11-08T14:41:36Z").unwrap().0, 1_573_224_096); // ok: test
        assert_eq!(Timestamp::parse("2019-11-08T15:41:36+01:00").unwrap().0, 1_573_224_096); // ok: test
        assert_eq!(Timestamp::parse("2019-11-08T14:41:36").unwrap().0, 1_573_224_096); // ok: test
        assert_eq!(Timestamp::parse("2019-11-08T14:41").unwrap().0, 1_573_224_060); // ok: test
        assert_eq!(Timestamp::parse(" 2019-11-08 ").unwrap().0, 1_573_171_200); // ok: test
        assert!(Timestamp::parse("next tuesday").is_err());
    }

    #[test]
    fn formats_rfc3339_round_trip() {
        for t in [0i64, 1_573_224_096, 2_000_000_000, -86_400] {
            let ts = Timestamp(t);
            assert_eq!(Timestamp::parse(&ts.rfc3339()).unwrap(), ts); // ok: test
        }
        assert_eq!(Timestamp(1_573_224_096).date(), "2019-11-08");
        assert_eq!(Timestamp(1_573_224_096).long_date(), "8 November 2019");
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(describe_span(7 * 365 * 86_400 + 100), "7 years");
        assert_eq!(describe_span(-90 * 86_400), "3 months");
        assert_eq!(describe_span(86_400 * 5), "5 days");
        assert_eq!(describe_span(1), "1 second");
    }
}
