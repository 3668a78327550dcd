//! The verdicts of a certificate as the JSON writes them: Apple's rule, the strict check, what
//! macOS would say, and the one line when the last two disagree.

use crate::trust::{headline, not_checked_only, PathVerdict, ReasonCode};
use serde::Serialize;

crate::wire::wire_enum! {
    /// The word for a verdict, the same on cards (`data-apple-device`, `data-strict`,
    /// `data-macos`), fleet rows, the CLI and the JSON. Ordered worst first.
    pub enum Word {
        Failed = "failed",
        NotApplicable = "n/a",
        /// Not decided: a signature could not be checked (no WebCrypto, an algorithm the
        /// browser or the build lacks, the work budget spent). Never a failure.
        NotChecked = "not-checked",
        Ok = "ok",
    }
}

impl Word {
    pub fn of(ok: bool) -> Self {
        if ok {
            Word::Ok
        } else {
            Word::Failed
        }
    }

    /// The word of a verdict: ok, not checked (it fails only on what could not be checked,
    /// `not_checked`), or failed.
    pub fn of_verdict(ok: bool, not_checked: bool) -> Self {
        if ok {
            Word::Ok
        } else if not_checked {
            Word::NotChecked
        } else {
            Word::Failed
        }
    }

    /// The mark shown before it: ✓, ✗, ? when it could not be checked, or – when the check
    /// does not apply.
    pub fn mark(self) -> &'static str {
        match self {
            Word::Ok => "✓",
            Word::Failed => "✗",
            Word::NotChecked => "?",
            Word::NotApplicable => "–",
        }
    }

    /// The word as an identifier (`na` for n/a): the style the shells give it.
    pub fn token(self) -> &'static str {
        match self {
            Word::NotApplicable => "na",
            w => w.as_str(),
        }
    }
}

/// Apple's rule, for JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppleDeviceJson {
    pub applies: bool,
    pub ok: bool,
    pub reasons: Vec<String>,
    /// The rule could not be decided: it fails only on signatures that were not checked
    /// (`ok` stays false). In the JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_checked: bool,
}

impl AppleDeviceJson {
    /// `n/a` when the certificate is not issued by Apple iPhone Device CA.
    pub fn word(&self) -> Word {
        if self.applies {
            Word::of_verdict(self.ok, self.not_checked)
        } else {
            Word::NotApplicable
        }
    }
}

/// A path verdict (strict, or what macOS would say), for JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StrictJson {
    pub ok: bool,
    pub reasons: Vec<String>,
    pub reason_codes: Vec<ReasonCode>,
    /// The one reason to lead with.
    pub headline: Option<String>,
    /// Its code: what decisions about the headline are made from, never its text.
    #[serde(skip)]
    pub headline_code: Option<ReasonCode>,
    pub anchor: Option<String>,
    pub notes: Vec<String>,
    /// The resulting certificate policies (RFC 5280 §6.1.5), OIDs.
    pub policies: Vec<String>,
    /// Not decided: it fails only on what could not be checked (`ok` stays false; the reason
    /// codes say what). In the JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub not_checked: bool,
    /// The chain ends at an anchor the caller added (`AnchorKind::Custom`: a root trusted for
    /// the session or with `--trust`), not a built-in one. Not in the JSON (the notes say it).
    #[serde(skip)]
    pub local_trust: bool,
}

impl StrictJson {
    pub fn word(&self) -> Word {
        Word::of_verdict(self.ok, self.not_checked)
    }

    /// It fails on the dates alone: expired or not yet valid, and nothing else.
    pub fn fails_only_on_dates(&self) -> bool {
        !self.ok && !self.reason_codes.is_empty() && self.reason_codes.iter().all(|r| matches!(r, ReasonCode::Expired | ReasonCode::NotYetValid))
    }

    pub(super) fn of(v: &PathVerdict) -> Self {
        StrictJson {
            ok: v.ok,
            headline: headline(&v.reasons).map(|r| r.text.clone()),
            headline_code: headline(&v.reasons).map(|r| r.code),
            reasons: v.reasons.iter().map(|r| r.text.clone()).collect(),
            reason_codes: v.reasons.iter().map(|r| r.code).collect(),
            anchor: v.anchor.clone(),
            notes: v.notes.clone(),
            policies: v.policies.clone(),
            not_checked: !v.ok && not_checked_only(&v.reasons),
            local_trust: v.anchor_kind == Some(crate::trust::AnchorKind::Custom),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    pub apple_device: AppleDeviceJson,
    pub strict: StrictJson,
    /// What macOS's trust evaluation would say of this certificate at the evaluation time.
    pub macos: StrictJson,
    /// When the strict check and macOS disagree: why, in one line.
    pub disagreement: Option<String>,
    /// What a Mac says of this certificate as the TLS server certificate of the server name
    /// given (`--server-name`; `trust::tls`). Only for leaves, only with a server name: absent
    /// from the JSON otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<StrictJson>,
    /// The server name `tls` is for: the one given, or the one the certificate's profile names
    /// (its MDM `ServerURL`, SCEP `URL` or ACME `DirectoryURL`). Absent without `tls`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls_server: Option<String>,
}

/// The roots "not trusted" was checked against, said where the reason is given.
const THE_LIST: &str = " (checked against Apple's roots and Mozilla's list as shipped by webpki-roots, plus any roots you added)";

impl StrictJson {
    /// "Not trusted" names the list it was checked against.
    pub(super) fn naming_the_list(mut self) -> Self {
        let codes = &self.reason_codes;
        for (text, _) in self.reasons.iter_mut().zip(codes).filter(|(_, c)| **c == ReasonCode::Untrusted) {
            text.push_str(THE_LIST);
        }
        if let Some(h) = self.headline.as_mut().filter(|_| self.headline_code == Some(ReasonCode::Untrusted)) {
            h.push_str(THE_LIST);
        }
        self
    }
}

/// One line on why the conformance check and macOS differ (neither hides the other).
pub(super) fn disagreement(strict: &PathVerdict, macos: &PathVerdict) -> Option<String> {
    match (strict.ok, macos.ok) {
        (false, true) if not_checked_only(&strict.reasons) => {
            let h = headline(&strict.reasons).map(|r| r.text.as_str()).unwrap_or("a signature was not checked");
            Some(format!("macOS accepts it; the strict RFC 5280 check could not be completed: {h}"))
        }
        (false, true) => {
            let h = headline(&strict.reasons).map(|r| r.text.as_str()).unwrap_or("a rule is not met");
            Some(format!("macOS accepts it; the strict RFC 5280 check does not: {h}"))
        }
        (true, false) if not_checked_only(&macos.reasons) => {
            let h = headline(&macos.reasons).map(|r| r.text.as_str()).unwrap_or("a signature was not checked");
            Some(format!("The strict check passes, but what macOS would say could not be completed: {h}"))
        }
        (true, false) => {
            let h = headline(&macos.reasons).map(|r| r.text.as_str()).unwrap_or("a check fails");
            Some(format!("The strict check passes, but macOS would not trust it: {h}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_has_one_mark_and_one_token() {
        let all = [Word::Failed, Word::NotApplicable, Word::NotChecked, Word::Ok];
        assert_eq!(all.map(Word::mark), ["✗", "–", "?", "✓"]);
        assert_eq!(all.map(Word::token), ["failed", "na", "not-checked", "ok"]);
        // The table sorts by the word: worst first, as the strings sorted before.
        let mut sorted = all.map(Word::as_str);
        sorted.sort();
        assert_eq!(sorted, all.map(Word::as_str));
    }

    /// Whether the headline is "not trusted" is read from its code: a headline of another kind
    /// whose words happen to equal an untrusted reason's is not given the list.
    #[test]
    fn the_list_is_named_after_an_untrusted_headline_only() {
        use crate::trust::{Reason, ReasonKind};
        let verdict = |reasons: Vec<Reason>| PathVerdict {
            ok: false,
            reasons,
            chain: Vec::new(),
            anchor: None,
            anchor_kind: None,
            notes: Vec::new(),
            policies: Vec::new(),
        };
        let same = "\"x\" is not what it should be".to_string();
        let v = verdict(vec![
            Reason::new(ReasonKind::Signature, ReasonCode::BadSignature, same.clone()),
            Reason::new(ReasonKind::Untrusted, ReasonCode::Untrusted, same.clone()),
        ]);
        let json = StrictJson::of(&v).naming_the_list();
        assert_eq!(json.headline.as_deref(), Some(same.as_str()), "the headline is the signature's reason");
        assert!(json.reasons[1].ends_with(THE_LIST));
        let v = verdict(vec![Reason::new(ReasonKind::Untrusted, ReasonCode::Untrusted, same.clone())]);
        assert!(StrictJson::of(&v).naming_the_list().headline.is_some_and(|h| h.ends_with(THE_LIST)));
    }
}
