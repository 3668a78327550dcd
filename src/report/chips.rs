//! The three verdict chips of a certificate (Apple's rule, strict, macOS): their words, marks
//! and colours are decided here, once, so the page and any other shell say the same thing.

use super::{certificate_severity, CertificateItem, Severity, Word};

/// A chip's colour (the shells' style token: `ok`, `warning`, `failed`, `na`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warning,
    Failed,
    /// Neither good nor bad: the check does not apply, or a root alone that is not in the list.
    Neutral,
}

impl Tone {
    pub fn token(self) -> &'static str {
        match self {
            Tone::Ok => "ok",
            Tone::Warning => "warning",
            Tone::Failed => "failed",
            Tone::Neutral => "na",
        }
    }

    /// The mark before the words (✓ ! ✗ –), for readers who do not see the colour.
    pub fn mark(self) -> &'static str {
        match self {
            Tone::Ok => "✓",
            Tone::Warning => "!",
            Tone::Failed => "✗",
            Tone::Neutral => "–",
        }
    }
}

/// One verdict chip: its words and its tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chip {
    pub text: &'static str,
    pub tone: Tone,
}

impl CertificateItem {
    /// Apple's device rule: OK (dates ignored), FAILED, or does not apply.
    pub fn apple_chip(&self) -> Chip {
        match self.verdicts.apple_device.word() {
            Word::Ok => Chip { text: "Apple rule: OK (dates ignored)", tone: Tone::Ok },
            Word::Failed => Chip { text: "Apple rule: FAILED", tone: Tone::Failed },
            // Not decided: never red, never green.
            Word::NotChecked => Chip { text: "Apple rule: not checked", tone: Tone::Neutral },
            Word::NotApplicable => Chip { text: "Apple rule: does not apply", tone: Tone::Neutral },
        }
    }

    /// The strict check. Its colour follows what the failure means: a root on its own that is
    /// not in the list is information, and a genuine device certificate failing on its dates
    /// alone is a warning (Apple's rule accepts it), not a red failure.
    pub fn strict_chip(&self) -> Chip {
        if self.verdicts.strict.ok {
            return Chip { text: "Strict: OK", tone: Tone::Ok };
        }
        if self.verdicts.strict.not_checked {
            return Chip { text: "Strict: not checked", tone: Tone::Neutral };
        }
        // With strict failing, `certificate_severity` is Warning exactly for a genuine device
        // certificate failing on its dates alone, and Info for a lone root not in the list or
        // one of Apple's own CAs failing on its dates alone (Apple's rule ignores them).
        match certificate_severity(self) {
            Severity::Info if self.verdicts.strict.fails_only_on_dates() => Chip { text: "Strict: FAILED on dates only", tone: Tone::Warning },
            Severity::Info => Chip { text: "Strict: a root not in the trusted list", tone: Tone::Neutral },
            Severity::Warning => Chip { text: "Strict: FAILED on dates only", tone: Tone::Warning },
            _ => Chip { text: "Strict: FAILED", tone: Tone::Failed },
        }
    }

    /// What a Mac says of it as the TLS server's certificate (`verdicts.tls`), when a server
    /// name was given: the words after "TLS server (name): ".
    pub fn tls_chip(&self) -> Option<Chip> {
        self.verdicts.tls.as_ref().map(|t| match t.word() {
            Word::Ok => Chip { text: "OK", tone: Tone::Ok },
            // Not decided (a wildcard without the Public Suffix List, a signature not checked).
            Word::NotChecked | Word::NotApplicable => Chip { text: "not checked", tone: Tone::Neutral },
            Word::Failed => Chip { text: "FAILED", tone: Tone::Failed },
        })
    }

    /// What macOS's trust evaluation would say.
    pub fn macos_chip(&self) -> Chip {
        if self.verdicts.macos.ok {
            Chip { text: "macOS: trusted", tone: Tone::Ok }
        } else if self.verdicts.macos.not_checked {
            Chip { text: "macOS: not checked", tone: Tone::Neutral }
        } else {
            Chip { text: "macOS: not trusted", tone: Tone::Failed }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{at, fixture};
    use crate::trust::TrustStore;

    fn chips(rel: &str, when: &str) -> [Chip; 3] {
        let r = crate::analyze(&[crate::input::Source::file(rel, fixture(rel))], &TrustStore::builtin(), at(when));
        let c = r.certificates().next().unwrap_or_else(|| panic!("{rel}: {:?}", r.problems)); // ok: test
        [c.apple_chip(), c.strict_chip(), c.macos_chip()]
    }

    #[test]
    fn chips_say_what_the_failure_means() {
        // The real device leaf, expired: Apple's rule accepts it, strict fails on dates only.
        let [apple, strict, macos] = chips("apple/leaf-device-apsd-2018-expired-sha1.pem", "2026-11-29");
        assert_eq!((apple.tone, strict.tone, macos.tone), (Tone::Ok, Tone::Warning, Tone::Ok));
        assert_eq!(strict.text, "Strict: FAILED on dates only");
        // Within its dates, every chip is green.
        let [_, strict, _] = chips("apple/leaf-device-apsd-2018-expired-sha1.pem", "2019-06-01");
        assert_eq!(strict, Chip { text: "Strict: OK", tone: Tone::Ok });
        // A forged device certificate: red everywhere, never "dates only".
        let [apple, strict, _] = chips("chains/forged-device-ca/leaf.pem", "2026-11-30");
        assert_eq!((apple.tone, strict.tone), (Tone::Failed, Tone::Failed));
        // One of Apple's own CAs, expired: on its dates only, never "a root not in the list".
        let [apple, strict, _] = chips("apple/apple-iphone-device-ca-2007-2014.pem", "2026-11-30");
        assert_eq!((apple.tone, strict), (Tone::Neutral, Chip { text: "Strict: FAILED on dates only", tone: Tone::Warning }));
        // A lone root outside the list is neutral, not a red failure.
        let [apple, strict, _] = chips("chains/rsa-chain/trusted.pem", "2026-11-30");
        assert_eq!((apple.tone, strict.tone), (Tone::Neutral, Tone::Neutral));
    }
}
