//! Local trust: an organisation's own CA that the user chose to trust (for a session in the
//! page, with `--trust` on the command line). It counts for the strict and macOS verdicts
//! (`TrustStore::add_anchors`, `AnchorKind::Custom`) and is always said to be local: the note
//! beside the verdict is `trust::evaluate::local_trust_note`, and the two questions the shells
//! ask are answered here.

use super::CertificateItem;

/// True when the certificate's strict chain ends at an anchor the caller added rather than a
/// built-in one (Apple's pinned CAs, Mozilla's roots): `ChainLink::builtin` is false exactly for
/// `AnchorKind::Custom` anchors.
pub fn is_locally_trusted(c: &CertificateItem) -> bool {
    c.chain_links.last().is_some_and(|l| l.anchor && !l.builtin)
}

/// True when the page may offer to trust `c` for the session: a CA certificate (basicConstraints
/// cA, RFC 5280 §4.2.1.9) whose chain reaches no built-in anchor — a root, or an intermediate
/// of a private PKI — that is not already trusted locally, and that does not imitate Apple (a
/// look-alike of Apple's CAs is never offered: trusting it would dress a forgery as local trust).
pub fn can_trust_locally(c: &CertificateItem) -> bool {
    c.cert.is_ca() && !c.chain_links.last().is_some_and(|l| l.anchor) && !c.imitates_apple()
}

/// The words the summary adds when some verdicts rest on local trust, or `None`.
pub fn summary_note<'a>(certs: impl IntoIterator<Item = &'a CertificateItem>) -> Option<String> {
    let n = certs.into_iter().filter(|c| is_locally_trusted(c)).count();
    (n > 0).then(|| format!("{n} certificate{} trusted locally, through a root you added (not a built-in one)", if n == 1 { "" } else { "s" }))
}
