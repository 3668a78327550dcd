//! Screenshot triage: what matters in text read from a user's screenshot (by OCR, in the page).
//!
//! Keychain Access's certificate window ("Issued by Apple iPhone Device CA", "Expires: Friday,
//! 8 November 2019 at 14:41:36 …", "SHA-256 4A 01 D5 …"), the enrollment error dialog, log lines.
//! OCR garbles text, so matching is tolerant, and everything found here is marked as coming from
//! a screenshot: the verdicts still need the certificate itself.

use crate::phrases::squash;
use crate::time::Timestamp;
use serde::Serialize;

/// What a screenshot's text says.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Findings {
    /// "Issued by" / issuer name as shown.
    pub issuer: Option<String>,
    /// The certificate's common name as shown (the window title or "Subject Name").
    pub subject: Option<String>,
    pub not_before: Option<Timestamp>,
    pub expires: Option<Timestamp>,
    /// Fingerprints as shown, normalised to uppercase hex without spaces.
    pub sha256: Option<String>,
    pub sha1: Option<String>,
    /// Error phrases recognised (the 403 dialog, Jamf log lines).
    pub errors: Vec<crate::phrases::ErrorPhrase>,
}

impl Findings {
    pub fn is_empty(&self) -> bool {
        *self == Findings::default()
    }

    /// True when the issuer shown is Apple iPhone Device CA (by name: a screenshot proves nothing).
    pub fn names_apple_device_ca(&self) -> bool {
        self.issuer.as_deref().map(|i| squash(i).contains("appleiphonedeviceca")).unwrap_or(false)
    }
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Parses the dates macOS shows in English: "Friday, 8 November 2019 at 14:41:36 Central
/// European Standard Time", "Friday, November 8, 2019 at 2:41:36 PM GMT", "Nov 8, 2019".
/// The time of day is read when present (the zone is not: the date is what matters here).
pub fn parse_macos_date(text: &str) -> Option<Timestamp> {
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches(|c: char| c == '.' || c == ',').to_string())
        .collect();
    let month_at = words.iter().position(|w| {
        let l = w.to_lowercase();
        l.len() >= 3 && MONTHS.iter().any(|m| l.starts_with(m))
    })?;
    let month = MONTHS.iter().position(|m| words[month_at].to_lowercase().starts_with(m))? as u8 + 1;
    let num = |w: &String| w.trim_end_matches(|c: char| !c.is_ascii_digit()).parse::<i32>().ok();
    let (day, year) = match (month_at.checked_sub(1).and_then(|i| words.get(i)).and_then(num), words.get(month_at + 1).and_then(num)) {
        // "8 November 2019"
        (Some(d), Some(y)) if y > 31 => (d, y),
        // "November 8, 2019"
        (_, Some(d)) if d <= 31 => (d, words.get(month_at + 2).and_then(num)?),
        (Some(d), _) => (d, words.get(month_at + 1).and_then(num)?),
        _ => return None,
    };
    if !(1900..3000).contains(&year) || !(1..=31).contains(&day) {
        return None;
    }
    let date = ::time::Date::from_calendar_date(year, ::time::Month::try_from(month).ok()?, day as u8).ok()?;
    // Time of day: the first h:mm[:ss] after the year, with AM/PM.
    let mut seconds = 0i64;
    if let Some((i, t)) = words.iter().enumerate().skip(month_at).find(|(_, w)| w.contains(':')) {
        let parts: Vec<i64> = t.split(':').filter_map(|p| p.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()).collect();
        if parts.len() >= 2 && (0..24).contains(&parts[0]) && (0..60).contains(&parts[1]) {
            let mut h = parts[0];
            match words.get(i + 1).map(|w| w.to_uppercase()) {
                Some(p) if p.starts_with("PM") && h < 12 => h += 12,
                Some(p) if p.starts_with("AM") && h == 12 => h = 0,
                _ => {}
            }
            let s = parts.get(2).copied().unwrap_or(0);
            // Bounded before the arithmetic: OCR text can hold any digits.
            if (0..=60).contains(&s) {
                seconds = h * 3600 + parts[1] * 60 + s;
            }
        }
    }
    date.midnight().assume_utc().unix_timestamp().checked_add(seconds).map(Timestamp)
}

/// Hex after a label, allowing the spaces Keychain Access puts between bytes and OCR's
/// confusions (O for 0, I/l for 1).
fn hex_after(line: &str, label_len: usize, digits: usize) -> Option<String> {
    let mut out = String::new();
    for c in line.chars().skip(label_len) {
        let c = match c {
            'O' | 'o' => '0',
            'I' | 'l' | '|' => '1',
            c => c,
        };
        if c.is_ascii_hexdigit() {
            out.push(c.to_ascii_uppercase());
            if out.len() == digits {
                return Some(out);
            }
        } else if !(c.is_whitespace() || c == ':' || out.is_empty()) {
            break;
        }
    }
    None
}

/// The text after `key` (ASCII, matched case-insensitively) in `line`. Works on the original
/// string: lower-casing can change byte lengths, so positions from a lower-cased copy would not
/// be safe to slice with.
fn after<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let n = key.len();
    (0..line.len().saturating_sub(n - 1))
        .filter(|i| line.is_char_boundary(*i) && line.is_char_boundary(i + n))
        .find(|i| line[*i..i + n].eq_ignore_ascii_case(key))
        .map(|i| &line[i + n..])
}

/// Finds what matters in screenshot text.
pub fn find(text: &str) -> Findings {
    let mut f = Findings::default();
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    for (i, line) in lines.iter().enumerate() {
        let lower = line.to_lowercase();
        let squashed = squash(line);
        let rest_after = |key: &str| after(line, key).map(|r| r.trim_matches(|c: char| c == ':' || c.is_whitespace()).to_string());
        if f.issuer.is_none() {
            if let Some(r) = rest_after("issued by") {
                f.issuer = Some(r);
            } else if squashed.starts_with("issuername") || squashed == "issuer" {
                // Keychain's details pane: "Issuer Name" then "Common Name  Apple iPhone Device CA".
                f.issuer = lines[i + 1..].iter().take(6).find_map(|l| after(l, "common name").map(|r| r.trim().to_string()));
            }
        }
        if f.subject.is_none() && (squashed.starts_with("subjectname")) {
            f.subject = lines[i + 1..].iter().take(6).find_map(|l| after(l, "common name").map(|r| r.trim().to_string()));
        }
        if f.expires.is_none() && (lower.contains("expires") || lower.contains("not valid after")) {
            f.expires = parse_macos_date(line).or_else(|| lines.get(i + 1).and_then(|l| parse_macos_date(l)));
        }
        if f.not_before.is_none() && lower.contains("not valid before") {
            f.not_before = parse_macos_date(line).or_else(|| lines.get(i + 1).and_then(|l| parse_macos_date(l)));
        }
        // Keychain Access wraps fingerprints over two lines.
        let joined = format!("{line} {}", lines.get(i + 1).copied().unwrap_or(""));
        if f.sha256.is_none() && squashed.starts_with("sha256") {
            let label = after(line, "256").map(|r| line.len() - r.len()).unwrap_or(0);
            f.sha256 = hex_after(&joined, line[..label].chars().count(), 64);
        }
        if f.sha1.is_none() && squashed.starts_with("sha1") && !squashed.starts_with("sha1with") {
            let label = after(line, "1").map(|r| line.len() - r.len()).unwrap_or(0);
            f.sha1 = hex_after(&joined, line[..label].chars().count(), 40);
        }
    }
    f.errors.extend(crate::phrases::find_loose(text));
    if f.subject.is_none() && f.issuer.is_some() {
        // The window title: the first line that looks like a device UDID.
        f.subject = lines.iter().find(|l| l.len() >= 32 && l.chars().filter(|c| *c == '-').count() == 4).map(|l| l.to_string());
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macos_dates_in_both_english_orders() {
        let t = parse_macos_date("Expires: Friday, 8 November 2019 at 14:41:36 Central European Standard Time").expect("date"); // ok: test
        assert_eq!(t.rfc3339(), "2019-11-08T14:41:36Z");
        let t = parse_macos_date("Expires: Friday, November 8, 2019 at 2:41:36 PM Greenwich Mean Time").expect("date"); // ok: test
        assert_eq!(t.rfc3339(), "2019-11-08T14:41:36Z");
        assert_eq!(parse_macos_date("Not Valid After Nov 8, 2019").map(|t| t.date()), Some("2019-11-08".into()));
        assert_eq!(parse_macos_date("no date here"), None);
    }

    #[test]
    fn huge_numbers_in_a_time_never_overflow() {
        // OCR text can hold any digits; the date stays, the impossible time of day is dropped.
        for line in [
            "Expires: Friday, 8 November 2019 at 10:30:9223372036854775807",
            "Expires: Friday, 8 November 2019 at -9223372036854775808:30",
            "Expires: Friday, 8 November 2019 at 10:-9223372036854775808",
        ] {
            assert_eq!(parse_macos_date(line).map(|t| t.date()), Some("2019-11-08".into()), "{line}");
        }
    }

    #[test]
    fn keychain_window_text() {
        let text = "6001A957-6FC5-4856-8C5E-DC2E32C61CB9\nIssued by: Apple iPhone Device CA\nExpires: Friday, 8 November 2019 at 14:41:36 Central European Standard Time\n\u{2297} This certificate has expired\nSHA-256 4A 01 D5 D6 9F 89 E5 17 53 A6 F9 AC 9C AD 36 24\n6D B9 98 76 1B 4C 13 47 5F 18 51 7E FF 24 87 A8\nSHA-1 61 2C 84 BF C6 62 76 B3 88 3B C0 EE CE 1C C9 63 56 88 42 8F";
        let f = find(text);
        assert!(f.names_apple_device_ca());
        assert_eq!(f.expires.map(|t| t.date()), Some("2019-11-08".into()));
        assert_eq!(f.sha1.as_deref(), Some("612C84BFC66276B3883BC0EECE1CC9635688428F"));
        assert_eq!(f.sha256.as_deref(), Some("4A01D5D69F89E51753A6F9AC9CAD36246DB998761B4C13475F18517EFF2487A8"));
        assert_eq!(f.subject.as_deref(), Some("6001A957-6FC5-4856-8C5E-DC2E32C61CB9"));
    }

    #[test]
    fn text_that_changes_length_when_lower_cased_is_safe() {
        let f = find("İİİİ Issued by: İ\nSubject Name\nİİ Common Name x\nSHA-256 İİ 4A\nSHA-1 ȺȺ 61");
        assert_eq!(f.issuer.as_deref(), Some("İ"));
        assert_eq!(f.subject.as_deref(), Some("x"));
        assert_eq!(after("abc", "abcd"), None);
        assert_eq!(after("", "a"), None);
    }

    #[test]
    fn error_dialog_text() {
        let f = find("Remote Management\nThe MDM server for your organization returned an\nunexpected status (403).");
        assert_eq!(f.errors, vec![crate::phrases::ErrorPhrase::UnexpectedStatus403]);
        // As OCR read a dark-mode dialog.
        let f = find("Remote Management\n\u{2018}The MDM server for your organization retured an unexpected\nstatus (403).\n\n(Cox)");
        assert_eq!(f.errors, vec![crate::phrases::ErrorPhrase::UnexpectedStatus403]);
    }
}
