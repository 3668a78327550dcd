//! A CRL given in the input, as a report item: who issued it, when, how many entries, and
//! whether its signature verifies (RFC 5280 §5). The strict verdicts of the certificates it
//! covers say "revoked" or name it in their notes ([`crate::trust::revocation`]).

use super::{Evaluator, NoteItem, NoteKind};
use crate::crl::Crl;
use crate::time::Timestamp;
use serde::Serialize;

/// The CRL facts of a `crl` note (JSON `crl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrlSummary {
    pub issuer: String,
    pub this_update: Timestamp,
    pub next_update: Option<Timestamp>,
    pub entries: usize,
    /// A delta CRL (RFC 5280 §5.2.4), read over its complete CRL.
    pub delta: bool,
    /// `true`/`false` when a key of the issuer in the input or the store decided it; `null`
    /// when none is known (not checked).
    pub signature_ok: Option<bool>,
    pub signer: Option<String>,
}

impl Evaluator<'_> {
    pub(super) fn crl_item(&mut self, crl: &Crl, source: String) -> NoteItem {
        let (signature_ok, signer) = crate::trust::revocation::crl_signature(crl, &self.pool, self.store, &mut self.cache);
        let next = crl.next_update.map_or_else(|| "no next update".to_string(), |n| format!("next update {}", n.long_date()));
        let stale = crl.next_update.is_some_and(|n| n < self.at);
        let sig = match (signature_ok, &signer) {
            (Some(true), Some(s)) => format!("signature ✓ (by \"{s}\")"),
            (Some(true), None) => "signature ✓".to_string(),
            (Some(false), _) => "signature ✗: no key of its issuer given here verifies it, so it is not used".to_string(),
            (None, _) => "signature not checked: its issuer's certificate is not in the input, or its signature could not be checked here".to_string(),
        };
        let message = format!(
            "A {}certificate revocation list from \"{}\": issued {}, {next}{}; {} {}; {sig}. Revocation is checked with it for every certificate of every path; Apple's device rule ignores revocation, as Apple's code does.",
            if crl.is_delta() { "delta " } else { "" },
            crl.display_issuer(),
            crl.this_update.long_date(),
            if stale { " (out of date at the evaluation time)" } else { "" },
            crl.entry_count,
            if crl.entry_count == 1 { "entry" } else { "entries" },
        );
        NoteItem {
            kind: NoteKind::Crl,
            source,
            message,
            matched: Vec::new(),
            crl: Some(CrlSummary {
                issuer: crl.issuer.rfc4514.clone(),
                this_update: crl.this_update,
                next_update: crl.next_update,
                entries: crl.entry_count,
                delta: crl.is_delta(),
                signature_ok,
                signer,
            }),
        }
    }
}
