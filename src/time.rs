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

    /// Seconds from `earlier` to this time (negative when `earlier` is later), saturating: any
    /// two `i64` times give an answer, never an overflow.
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// This time moved by `seconds`, saturating at the ends of `i64`.
    pub fn plus(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// This time within the years the core writes dates for (-9999-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59Z): what a time from outside (a share link's eight bytes) is read as.
    pub fn clamped(self) -> Timestamp {
        let first = days_from_civil(*YEARS.start(), 1, 1) * DAY;
        let last = days_from_civil(*YEARS.end(), 12, 31) * DAY + DAY - 1;
        Timestamp(self.0.clamp(first, last))
    }

    /// Parses RFC 3339 (`2019-11-08T14:41:36Z`, offsets allowed, fractions truncated, a leap
    /// second read as the second before it), `YYYY-MM-DDTHH:MM[:SS]` (UTC, as an HTML
    /// `datetime-local` gives it) or `YYYY-MM-DD` (midnight UTC).
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        let t = text.trim();
        parse_rfc3339(t.as_bytes()).or_else(|| parse_local(t.as_bytes())).map(Timestamp).ok_or_else(|| TimeParseError(t.to_string()))
    }

    /// RFC 3339 in UTC, e.g. `2019-11-08T14:41:36Z` (`@seconds` outside the years ±9999).
    pub fn rfc3339(self) -> String {
        match Civil::from_seconds(self.0) {
            Some(c) => {
                let (y, m, d) = (c.year, c.month, c.day);
                format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", c.hour, c.minute, c.second)
            }
            None => format!("@{}", self.0),
        }
    }

    /// The date in words (UTC), e.g. `8 November 2019`.
    pub fn long_date(self) -> String {
        match Civil::from_seconds(self.0) {
            Some(c) => format!("{} {} {}", c.day, MONTHS[c.month as usize - 1], c.year),
            None => self.rfc3339(),
        }
    }

    /// The date part, e.g. `2019-11-08`.
    pub fn date(self) -> String {
        let s = self.rfc3339();
        s.get(..10).map(str::to_string).unwrap_or(s)
    }
}

const MONTHS: [&str; 12] = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const DAY: i64 = 86_400;

/// The years a [`Timestamp`] is written for (four digits, as RFC 3339 §5.6 `date-fullyear`).
const YEARS: std::ops::RangeInclusive<i64> = -9999..=9999;

/// A UTC calendar date and time of day (proleptic Gregorian calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Civil {
    fn from_seconds(seconds: i64) -> Option<Civil> {
        // Outside this bound the year is not in YEARS anyway; inside it nothing overflows.
        if seconds.unsigned_abs() > 400_000 * 366 * DAY.unsigned_abs() {
            return None;
        }
        let (days, rest) = (seconds.div_euclid(DAY), seconds.rem_euclid(DAY));
        let (year, month, day) = civil_from_days(days);
        let rest = rest as u32; // 0..86_400
        YEARS.contains(&year).then_some(Civil { year, month, day, hour: rest / 3600, minute: rest / 60 % 60, second: rest % 60 })
    }

    /// Seconds since the epoch, or `None` if a field is out of range (the day for its month,
    /// hour ≤ 23, minute ≤ 59, second ≤ 59).
    fn seconds(self) -> Option<i64> {
        let valid = YEARS.contains(&self.year)
            && (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 59;
        valid.then(|| days_from_civil(self.year, self.month, self.day) * DAY + i64::from(self.hour * 3600 + self.minute * 60 + self.second))
    }
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`]: (year, month 1..=12, day 1..=31).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let (era, doe) = (z.div_euclid(146_097), z.rem_euclid(146_097));
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Exactly `n` ASCII digits at the start of `b`.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    let d = b.get(..n)?;
    d.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
}

/// `YYYY-MM-DD` at the start of `b`.
fn date_prefix(b: &[u8]) -> Option<(i64, u32, u32)> {
    let year = i64::from(digits(b, 4)?);
    (b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-')).then_some(())?;
    Some((year, digits(&b[5..], 2)?, digits(b.get(8..)?, 2)?))
}

/// `HH:MM` at the start of `b`.
fn hour_minute(b: &[u8]) -> Option<(u32, u32)> {
    (b.get(2) == Some(&b':')).then_some(())?;
    Some((digits(b, 2)?, digits(b.get(3..)?, 2)?))
}

/// RFC 3339 §5.6 `date-time`: `full-date "T" full-time`, where `full-time` is
/// `HH:MM:SS [.fraction] ("Z" / ("+" / "-") HH:MM)`. As the RFC's note allows, any single
/// character separates date and time; `t` and `z` may be lower case.
fn parse_rfc3339(b: &[u8]) -> Option<i64> {
    let (year, month, day) = date_prefix(b)?;
    let (hour, minute) = hour_minute(b.get(11..)?)?;
    (b.get(16) == Some(&b':')).then_some(())?;
    let second = digits(b.get(17..)?, 2)?;
    let mut rest = b.get(19..)?;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        (n > 0).then_some(())?;
        rest = &fraction[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), tail @ ..] if tail.len() == 5 => {
            let (h, m) = hour_minute(tail)?;
            (h <= 23 && m <= 59).then_some(())?;
            let o = i64::from(h * 3600 + m * 60);
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    // RFC 3339 §5.7 allows second 60 for a leap second; it must fall at the end of a UTC month
    // (23:59:60Z on its last day), and reads as 23:59:59Z, the last second POSIX time has.
    let leap = second == 60;
    let civil = Civil { year, month, day, hour, minute, second: if leap { 59 } else { second } };
    let utc = civil.seconds()? - offset;
    if leap {
        let c = Civil::from_seconds(utc)?;
        (c.hour == 23 && c.minute == 59 && c.day == days_in_month(c.year, c.month)).then_some(())?;
    }
    Some(utc)
}

/// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`, in UTC.
fn parse_local(b: &[u8]) -> Option<i64> {
    let (year, month, day) = date_prefix(b)?;
    let (hour, minute, second) = match b.get(10..)? {
        [] => (0, 0, 0),
        [b'T', time @ ..] if time.len() == 5 => {
            let (h, m) = hour_minute(time)?;
            (h, m, 0)
        }
        [b'T', time @ ..] if time.len() == 8 && time[5] == b':' => {
            let (h, m) = hour_minute(time)?;
            (h, m, digits(&time[6..], 2)?)
        }
        _ => return None,
    };
    Civil { year, month, day, hour, minute, second }.seconds()
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
        plural(s / (365 * DAY), "year")
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
    fn any_two_times_have_a_span_and_any_time_clamps_to_a_written_date() {
        let (min, max) = (Timestamp(i64::MIN), Timestamp(i64::MAX));
        assert_eq!(max.seconds_since(min), i64::MAX);
        assert_eq!(min.seconds_since(max), i64::MIN);
        assert_eq!(max.plus(86_400), max);
        assert_eq!(min.clamped().rfc3339(), "-9999-01-01T00:00:00Z");
        assert_eq!(max.clamped().rfc3339(), "9999-12-31T23:59:59Z");
        let now = Timestamp(1_795_000_000);
        assert_eq!(now.clamped(), now);
    }

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
    fn rejects_what_is_not_a_time() {
        for bad in [
            "2019-02-29",
            "2020-02-30",
            "2019-13-01",
            "2019-00-10",
            "2019-04-31",
            "19-11-08",
            "2019-1-08",
            "2019-11-08T24:00",
            "2019-11-08T14:60",
            "2019-11-08T14:41:60",
            "2019-11-08T14:41:36+24:00",
            "2019-11-08T14:41:36+01:60",
            "2019-11-08T14:41:36.Z",
            "2019-11-08T14:41:36+0100",
            "2019-11-08T14:41:36Zjunk",
            "2019-11-08t14:41",
            "2019-11-08T14:41:3",
            "2019-06-30T12:59:60Z",
            "2019-11-29T23:59:60Z",
            "２０１９-11-08",
            "",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_rfc3339_details() {
        let at = |s: &str| Timestamp::parse(s).map(|t| t.0);
        assert_eq!(at("2019-11-08t14:41:36z"), Ok(1_573_224_096));
        assert_eq!(at("2019-11-08 14:41:36Z"), Ok(1_573_224_096));
        assert!(parse_rfc3339(b"2019-11-08T14:41:36").is_none()); // read as UTC by parse_local
        assert_eq!(at("2019-11-08T14:41:36.999999999999Z"), Ok(1_573_224_096));
        assert_eq!(at("2019-11-08T09:11:36-05:30"), Ok(1_573_224_096));
        assert_eq!(at("2020-02-29T00:00:00Z"), Ok(1_582_934_400));
        assert_eq!(at("2000-02-29"), Ok(951_782_400));
        // A leap second reads as the second before it, in UTC, whatever the offset.
        assert_eq!(at("2016-12-31T23:59:60Z"), Ok(1_483_228_799));
        assert_eq!(at("2017-01-01T00:59:60+01:00"), Ok(1_483_228_799));
        assert_eq!(at("0000-01-01"), Ok(-62_167_219_200));
        assert_eq!(at("9999-12-31T23:59:59Z"), Ok(253_402_300_799));
    }

    #[test]
    fn writes_outside_four_digit_years_as_seconds() {
        assert_eq!(Timestamp(253_402_300_800).rfc3339(), "@253402300800");
        assert_eq!(Timestamp(i64::MAX).rfc3339(), format!("@{}", i64::MAX));
        assert_eq!(Timestamp(i64::MIN).long_date(), format!("@{}", i64::MIN));
        assert_eq!(Timestamp(-62_167_219_200).rfc3339(), "0000-01-01T00:00:00Z");
        assert_eq!(Timestamp(-62_167_219_201).rfc3339(), "-001-12-31T23:59:59Z");
    }

    /// Our calendar arithmetic agrees with the `time` crate's (which x509-parser uses) from
    /// year -9999 to 9999, every 31 days and 13 seconds, plus the edges of each year.
    #[test]
    fn agrees_with_the_time_crate() {
        let (first, last) = (-377_705_116_800i64, 253_402_300_799i64);
        let mut t = first;
        let mut checked = 0;
        while t <= last {
            for s in [t, t + 1, t - 1] {
                let ours = Civil::from_seconds(s);
                let theirs = ::time::OffsetDateTime::from_unix_timestamp(s).ok().map(|d| Civil {
                    year: i64::from(d.year()),
                    month: u32::from(u8::from(d.month())),
                    day: u32::from(d.day()),
                    hour: u32::from(d.hour()),
                    minute: u32::from(d.minute()),
                    second: u32::from(d.second()),
                });
                assert_eq!(ours, theirs, "{s}");
                if let Some(c) = ours {
                    assert_eq!(c.seconds(), Some(s));
                    // RFC 3339 years have four digits: years before 0 are written, not read back.
                    if c.year >= 0 {
                        assert_eq!(Timestamp::parse(&Timestamp(s).rfc3339()), Ok(Timestamp(s)));
                    }
                }
                checked += 1;
            }
            t += 31 * DAY + 13;
        }
        assert!(checked > 600_000);
        for year in [-9999i64, -401, -400, -1, 0, 1, 1900, 1969, 1970, 2000, 2100, 9999] {
            let m = ::time::Month::try_from(2).ok();
            let feb = m.and_then(|m| ::time::Date::from_calendar_date(year as i32, m, 1).ok());
            let expected = feb.map(|d| i64::from(d.month().length(d.year())));
            assert_eq!(Some(i64::from(days_in_month(year, 2))), expected, "{year}");
        }
    }

    #[test]
    fn spans_read_naturally() {
        assert_eq!(describe_span(7 * 365 * 86_400 + 100), "7 years");
        assert_eq!(describe_span(-90 * 86_400), "3 months");
        assert_eq!(describe_span(86_400 * 5), "5 days");
        assert_eq!(describe_span(1), "1 second");
    }
}
