//! The error text of a failed enrollment, recognised in pastes (exactly, case-insensitively) and
//! in screenshot text (loosely: OCR drops letters, spaces and punctuation). One table, both modes.

crate::wire::wire_enum! {
    /// A recognised error phrase, named as it appears (JSON `matched`, a screenshot's `errors`).
    pub enum ErrorPhrase {
        /// The Mac's enrollment dialog.
        UnexpectedStatus403 = "returned an unexpected status (403)",
        FailedSignatureCheck = "FAILED_SIGNATURE_CHECK",
        EnrollmentIssuerVerifier = "dEnrollmentIssuerVerifier",
        CertPathBuilderException = "CertPathBuilderException",
        UnableToValidateIssuer = "Unable to validate issuer",
    }
}

/// One phrase: its name as shown, the exact text, and the letters-and-digits core OCR keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase {
    pub name: ErrorPhrase,
    /// Matched case-insensitively (ASCII) in pasted text.
    pub exact: &'static str,
    /// Matched against the text with everything but letters and digits removed, lower-cased
    /// (`None`: too generic to match loosely).
    pub loose: Option<&'static str>,
}

/// The phrases: the Mac's 403 dialog and Jamf Pro's log lines (an example of a date-checking
/// server's failure).
pub const PHRASES: &[Phrase] = &[
    Phrase { name: ErrorPhrase::UnexpectedStatus403, exact: "returned an unexpected status (403)", loose: Some("unexpectedstatus403") },
    Phrase { name: ErrorPhrase::FailedSignatureCheck, exact: "failed_signature_check", loose: Some("failedsignaturecheck") },
    Phrase { name: ErrorPhrase::EnrollmentIssuerVerifier, exact: "denrollmentissuerverifier", loose: Some("denrollmentissuerverifier") },
    Phrase { name: ErrorPhrase::CertPathBuilderException, exact: "certpathbuilderexception", loose: Some("certpathbuilderexception") },
    Phrase { name: ErrorPhrase::UnableToValidateIssuer, exact: "unable to validate issuer", loose: None },
];

/// Case-insensitive (ASCII) search: the byte offset in `text` itself, never in a lower-cased
/// copy (lower-casing changes byte lengths, e.g. "İ").
/// Phrases found exactly in pasted text, with the offset of the first in `text`. Compared with
/// ASCII case folded: folding changes no byte but an ASCII letter's, so an offset in the folded
/// copy is the offset in `text` (and `str::find` is far faster on a megabyte than comparing
/// every window).
pub fn find_exact(text: &str) -> Option<(Vec<ErrorPhrase>, usize)> {
    let folded = text.to_ascii_lowercase();
    let mut matched = Vec::new();
    let mut first = usize::MAX;
    for p in PHRASES {
        if let Some(at) = folded.find(p.exact.to_ascii_lowercase().as_str()) {
            matched.push(p.name);
            first = first.min(at);
        }
    }
    (!matched.is_empty()).then_some((matched, first))
}

/// Letters and digits only, lower-cased: what survives OCR's spacing and punctuation errors.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Phrases found loosely in screenshot text.
pub fn find_loose(text: &str) -> Vec<ErrorPhrase> {
    let all = squash(text);
    PHRASES.iter().filter(|p| p.loose.is_some_and(|l| all.contains(l))).map(|p| p.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_come_from_the_original_text() {
        // "İ" lower-cases to two characters: an offset from a lower-cased copy would be wrong.
        let t = "İİİ then FAILED_SIGNATURE_CHECK";
        let (m, at) = find_exact(t).expect("found"); // ok: test
        assert_eq!(m, [ErrorPhrase::FailedSignatureCheck]);
        assert_eq!(&t[at..at + 22], "FAILED_SIGNATURE_CHECK");
    }

    #[test]
    fn loose_matching_survives_ocr_spacing() {
        assert_eq!(find_loose("The MDM server returned an unexpected sta tus (4 0 3)."), [ErrorPhrase::UnexpectedStatus403]);
        assert_eq!(find_loose("FAILED SIGNATURE CHECK"), [ErrorPhrase::FailedSignatureCheck]);
        assert!(find_loose("unable to validate issuer").is_empty());
    }
}
