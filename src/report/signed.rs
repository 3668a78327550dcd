//! Signed data (CMS): each signer's RFC 5652 verification (`cms::verify_signer`) in words, and the
//! label macOS would show.

use super::{CertificateItem, ContentType, Encoding, Evaluator, ItemKind, SignatureState, Verdicts};
use crate::cert::Certificate;
use crate::cms::{verify_signer, DigestCheck, SignedData, SignerProblem, SignerVerification};
use crate::input::{Origin, Signed};
use crate::time::Timestamp;
use crate::trust::signature::digest;
use serde::Serialize;

/// One SignerInfo, verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerItem {
    /// The signer's certificate, when it was found among the certificates.
    pub certificate_sha256: Option<String>,
    pub signer_name: Option<String>,
    pub signature_ok: bool,
    /// The signature could not be checked (`signature_ok` stays false): said "not checked",
    /// never "fails". In the JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub signature_not_checked: bool,
    /// messageDigest against the content; `None` when there is no content to compare (detached).
    pub digest_ok: Option<bool>,
    pub signing_time: Option<String>,
    pub digest_algorithm: String,
    pub signature_algorithm: String,
    /// Why the signature or digest failed, in plain words.
    pub problems: Vec<String>,
    /// Information that is not a failure (a signing time outside the certificate's validity).
    pub notes: Vec<String>,
    pub verdicts: Option<Verdicts>,
    /// RFC 5652's findings as codes (`cms::verify_signer`): what the label and the signature
    /// state are decided from; `problems` is their wording.
    #[serde(skip)]
    pub verification: SignerVerification,
    /// signingTime as seconds, for the label at the time the signer claims.
    #[serde(skip)]
    pub signing_time_ts: Option<Timestamp>,
}

/// A profile's fields, its payloads and the certificates they carry (with verdicts).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileJson {
    #[serde(flatten)]
    pub profile: crate::profile::Profile,
    pub certificates: Vec<CertificateItem>,
}

pub(super) fn profile_json(p: &crate::profile::Profile, source: &str, ev: &mut Evaluator<'_>) -> ProfileJson {
    let mut certificates = Vec::new();
    // The server the profile names is the one its certificates are checked for (`verdicts.tls`),
    // unless the caller gave one.
    let given = ev.options.server_name.clone();
    if given.is_none() {
        ev.options.server_name = p.server_url().and_then(crate::trust::tls::server_name_of_url);
    }
    for (i, payload) in p.payloads.iter().enumerate() {
        for c in &payload.certificates {
            certificates.push(ev.certificate_item(c, format!("{source} / payload {} ({})", i + 1, payload.friendly), &[]));
        }
    }
    ev.options.server_name = given;
    ProfileJson { profile: p.clone(), certificates }
}

/// A CMS SignedData item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedDataItem {
    pub kind: ItemKind,
    pub source: String,
    /// A profile, a device request, other data, or none (detached).
    pub content_type: ContentType,
    pub encoding: Encoding,
    pub signers: Vec<SignerItem>,
    pub macos_label: MacosLabel,
    pub macos_label_reason: String,
    /// `ok` when every signer's signature and digest hold, `failed`, or `none` (no signer).
    #[serde(skip)]
    pub signature: SignatureState,
    pub certificates: Vec<CertificateItem>,
    /// The label at the times the signers claim to have signed (signingTime: their word, not a
    /// timestamp), when every signer claims one ("says it was signed on …; on that date macOS would
    /// have shown it as Verified").
    pub macos_label_at_signing: Option<String>,
    pub profile: Option<ProfileJson>,
    /// A device request's fields (UDID, SERIAL, PRODUCT, VERSION, …).
    pub device_request: Option<Vec<(String, String)>>,
    #[serde(skip)]
    pub content: Option<Vec<u8>>,
}

fn classify(content: Option<&[u8]>) -> ContentType {
    let Some(c) = content else { return ContentType::None };
    let head = String::from_utf8_lossy(&c[..c.len().min(64 * 1024)]);
    if head.contains("<plist") || c.starts_with(b"bplist00") {
        if head.contains("PayloadContent") || head.contains("PayloadType") {
            ContentType::Profile
        } else if head.contains("<key>UDID</key>") || head.contains("<key>SERIAL</key>") || head.contains("MachineInfo") {
            ContentType::DeviceRequest
        } else {
            ContentType::Data
        }
    } else {
        ContentType::Data
    }
}

/// One signer's problem in plain words.
fn word(p: &SignerProblem) -> String {
    match p {
        SignerProblem::CertificateMissing => "the signer's certificate is not included, so the signature cannot be checked".into(),
        SignerProblem::HashMismatch { signature_oid, digest_oid } => format!(
            "the signature algorithm ({}) names another hash than the digest algorithm ({}): the signer is inconsistent",
            algorithm_name(signature_oid),
            algorithm_name(digest_oid)
        ),
        SignerProblem::Attribute(a) => a.to_string(),
        SignerProblem::ContentTypeMissing => "the signed attributes lack the contentType attribute (RFC 5652 §11.1)".into(),
        SignerProblem::ContentTypeDiffers { signed, content } => {
            format!("the signed contentType ({signed}) differs from the content's type ({content}) (RFC 5652 §11.1)")
        }
        SignerProblem::DigestUnsupported { digest_oid } => {
            format!("digest algorithm {} is not supported, so the content cannot be checked", algorithm_name(digest_oid))
        }
        SignerProblem::MessageDigestMissing => "signed attributes without a messageDigest".into(),
        SignerProblem::ContentChanged => "the content was changed after signing: its digest does not match the signed messageDigest".into(),
        SignerProblem::DetachedWithoutAttributes => "a detached signature without signed attributes: provide the signed content as a second file".into(),
        SignerProblem::Signature { signer, error } => format!("signature by \"{signer}\": {error}"),
    }
}

/// An algorithm's name from the one OID table, or its OID.
fn algorithm_name(oid: &str) -> String {
    crate::cert::oid_name(oid).unwrap_or(oid).to_string()
}

pub(super) fn signed_data_item(signed: &Signed, origin: &Origin, ev: &mut Evaluator<'_>) -> SignedDataItem {
    let source = origin.to_string();
    let (sd, certs) = (&signed.data, &signed.certificates);
    let certificates: Vec<CertificateItem> =
        certs.iter().enumerate().map(|(i, c)| ev.certificate_item(c, format!("{source} / certificate {}", i + 1), &[])).collect();
    let content = sd.content.as_deref();
    let mut signers = Vec::new();
    let mut spare = crate::cms::MAX_SPARE_CANDIDATES;
    for s in &sd.signers {
        let v = verify_signer(s, certs, content, &sd.content_type, &mut ev.cache, &mut spare);
        let cert = v.certificate.and_then(|i| certs.get(i));
        let verdicts = v.certificate.and_then(|i| certificates.get(i)).map(|i| i.verdicts.clone());
        let mut notes = Vec::new();
        let signing_time = s.signing_time.map(Timestamp);
        if let Some(t) = signing_time {
            notes.push(signing_time_note(t, cert));
        }
        if v.candidates_not_tried > 0 {
            notes.push(format!(
                "{} more certificates carry the signer's identifier and were not tried (at most {} per signer and {} more for all the signers are)",
                v.candidates_not_tried,
                crate::cms::MAX_SIGNER_CANDIDATES,
                crate::cms::MAX_SPARE_CANDIDATES
            ));
        }
        signers.push(SignerItem {
            certificate_sha256: cert.map(|c| c.sha256.clone()),
            signer_name: cert.map(Certificate::display_name),
            signature_ok: v.signature_ok,
            signature_not_checked: v.signature_not_checked(),
            digest_ok: v.digest.as_option(),
            signing_time: signing_time.map(|t| t.rfc3339()),
            digest_algorithm: algorithm_name(&s.digest_oid),
            signature_algorithm: algorithm_name(&s.signature_oid),
            problems: v.problems.iter().map(word).collect(),
            notes,
            verdicts,
            verification: v,
            signing_time_ts: signing_time,
        });
    }
    let (macos_label, macos_label_reason) = label(&signers, content.is_some(), &ev.at);
    // Each signer judged at the time it claims to have signed (RFC 5652 §11.3: the signer's
    // word, not a timestamp), when every signer claims one.
    let claimed: Option<Vec<Timestamp>> = signers.iter().map(|s| s.signing_time_ts).collect();
    let macos_label_at_signing = claimed.filter(|t| !t.is_empty()).map(|times| {
        let now = ev.at;
        let then: Vec<SignerItem> = signers
            .iter()
            .zip(&times)
            .map(|(s, &t)| {
                ev.at = t;
                let verdicts = s.verification.certificate.and_then(|i| certs.get(i)).map(|c| ev.certificate_item(c, String::new(), &[]).verdicts);
                SignerItem { verdicts, ..s.clone() }
            })
            .collect();
        ev.at = now;
        let (label_then, reason) = label(&then, content.is_some(), &now);
        // The same label for the same reason is not said twice.
        let reason = if label_then == macos_label && reason == macos_label_reason { None } else { Some(reason.as_str()) };
        at_signing(&times, label_then, reason)
    });
    let (profile, device_request) = match &signed.plist {
        Some(crate::profile::Plist::Profile(p)) => (Some(profile_json(p, &source, ev)), None),
        Some(crate::profile::Plist::DeviceRequest(f)) => (None, Some(f.clone())),
        _ => (None, None),
    };
    let signature = signature_state(&signers, content.is_some());
    SignedDataItem {
        kind: ItemKind::SignedData,
        source,
        content_type: classify(content),
        encoding: if sd.was_ber { Encoding::Ber } else { Encoding::Der },
        signers,
        macos_label,
        macos_label_reason,
        signature,
        certificates,
        macos_label_at_signing,
        profile,
        device_request,
        content: sd.content.clone(),
    }
}

/// For a detached signature: the source whose digest is the signed messageDigest, if any.
pub(super) fn find_detached_content(sd: &SignedData, sources: &[crate::input::Source]) -> Option<Vec<u8>> {
    sd.signers.iter().find_map(|s| {
        let md = s.message_digest.as_ref()?;
        sources.iter().find(|src| digest(&s.digest_oid, &src.bytes).as_ref() == Some(md)).map(|src| src.bytes.clone())
    })
}

/// The label at the signing times the signers claim, said as claims: "says it was signed on …".
fn at_signing(times: &[Timestamp], label: MacosLabel, reason: Option<&str>) -> String {
    let mut dates: Vec<String> = times.iter().map(|t| t.date()).collect();
    dates.dedup();
    let claim = match (times.len(), dates.len()) {
        (1, _) => format!("says it was signed on {} (its signingTime: a claim of the signer, not a timestamp)", dates[0]),
        (_, 1) => format!("says its signers signed it on {} (their signingTime: claims of the signers, not timestamps)", dates[0]),
        _ => format!("says its signers signed it on {} (their signingTime: claims of the signers, not timestamps)", dates.join(" and ")),
    };
    let when = if dates.len() == 1 { "on that date" } else { "on those dates" };
    match label {
        MacosLabel::Verified => format!("{claim}; {when} macOS would have shown it as {}", label.word()),
        _ => match reason {
            Some(reason) => format!("{claim}; {when} macOS would have shown it as {}: {reason}", label.word()),
            None => format!("{claim}; {when} macOS would have shown it as {} too, for the same reason", label.word()),
        },
    }
}

/// A signer's signingTime, said as what it is; with the certificate's validity when it falls
/// outside it.
fn signing_time_note(t: Timestamp, cert: Option<&Certificate>) -> String {
    let claim = format!("says it was signed on {}: a claim of the signer, not a timestamp", t.rfc3339());
    match cert {
        Some(c) if t < c.not_before || t > c.not_after => {
            format!(
                "{claim}; that date is outside the signer certificate's validity ({} to {}): information, not a failure",
                c.not_before.date(),
                c.not_after.date()
            )
        }
        _ => claim,
    }
}

crate::wire::wire_enum! {
    /// The label macOS shows when installing a profile (as the JSON and `data-macos-label`
    /// write it; [`MacosLabel::word`] is the word macOS shows), or `NotChecked` when certscope
    /// could not check what decides it (no WebCrypto, an algorithm its verifier lacks): not a
    /// verdict, and never macOS's "Unverified".
    pub enum MacosLabel {
        Verified = "verified",
        Unverified = "unverified",
        Unsigned = "unsigned",
        NotChecked = "not-checked",
    }
}

impl MacosLabel {
    /// The word macOS shows ("not checked" is certscope's, not macOS's).
    pub fn word(self) -> &'static str {
        match self {
            MacosLabel::Verified => "Verified",
            MacosLabel::Unverified => "Unverified",
            MacosLabel::Unsigned => "Unsigned",
            MacosLabel::NotChecked => "not checked",
        }
    }

    /// The shells' line before the reason: "macOS would show: Verified"; for a label not
    /// checked, "What macOS would show: not checked" (no macOS word).
    pub fn line(self) -> String {
        format!("{}: {}", self.lead(), self.word())
    }

    /// The words before the label in [`MacosLabel::line`].
    pub fn lead(self) -> &'static str {
        match self {
            MacosLabel::NotChecked => "What macOS would show",
            _ => "macOS would show",
        }
    }

    /// The same inside a sentence: "macOS would show it as Verified".
    pub fn as_it(self) -> String {
        match self {
            MacosLabel::NotChecked => "what macOS would show was not checked".into(),
            l => format!("macOS would show it as {}", l.word()),
        }
    }
}

impl SignerItem {
    /// The one rule for a signer's own signature (`cms::SignerVerification::good`): it
    /// verified, the content's digest matched (or, without signed attributes, the signature
    /// covers the content itself), and nothing in the SignerInfo failed (contentType, hash
    /// consistency, …).
    pub fn good(&self) -> bool {
        self.verification.good()
    }

    /// The signer's own signature for the shells: verified (`Ok`), `Failed`, or `NotChecked` —
    /// its certificate was not included, the content of a detached signature without signed
    /// attributes was not given, or the verifier lacks the algorithm. Never "failed" for a check
    /// that was not made (issue 19 item 0).
    pub fn signature_state(&self) -> SignatureState {
        let not_made = |p: &SignerProblem| {
            matches!(p, SignerProblem::CertificateMissing | SignerProblem::DetachedWithoutAttributes)
                || matches!(p, SignerProblem::Signature { error, .. } if error.is_not_checked())
        };
        if self.signature_ok {
            SignatureState::Ok
        } else if self.verification.problems.iter().any(not_made) {
            SignatureState::NotChecked
        } else {
            SignatureState::Failed
        }
    }

    /// The content's digest against the signed messageDigest for the shells: `Ok` (matches),
    /// `Failed` (differs, or no messageDigest to compare), `NotChecked` (no content, no signed
    /// attributes, or a digest algorithm certscope does not compute).
    pub fn digest_state(&self) -> SignatureState {
        match self.verification.digest {
            DigestCheck::Matches => SignatureState::Ok,
            DigestCheck::Differs => SignatureState::Failed,
            DigestCheck::NotSigned | DigestCheck::NoContent => SignatureState::NotChecked,
            DigestCheck::NotComparable if self.verification.problems.iter().any(|p| matches!(p, SignerProblem::DigestUnsupported { .. })) => {
                SignatureState::NotChecked
            }
            DigestCheck::NotComparable => SignatureState::Failed,
        }
    }

    /// The signer's signingTime as what it is (`None` without one).
    pub fn signing_time_claim(&self) -> Option<String> {
        self.signing_time.as_ref().map(|t| format!("says it was signed on {t} (a claim of the signer, not a timestamp)"))
    }
}

/// Whether the signatures of a signed-data item hold (the page's `data-signature`): `none`
/// without signers; `failed` when a signer failed a check that was made; `not-checked` when the
/// rest could not be checked (an algorithm or answer missing) or the content of a detached
/// signature was not given (its digest never compared); `ok` when every signer is good over
/// content that was there.
pub fn signature_state(signers: &[SignerItem], has_content: bool) -> SignatureState {
    if signers.is_empty() {
        SignatureState::None
    } else if signers.iter().any(|s| !s.good() && !s.verification.not_checked()) {
        SignatureState::Failed
    } else if !has_content || signers.iter().any(|s| !s.good() || s.verification.digest == DigestCheck::NoContent) {
        SignatureState::NotChecked
    } else {
        SignatureState::Ok
    }
}

/// What macOS shows when installing: Verified when **every** signer's signature holds and its
/// certificate is trusted by macOS's evaluation at `at` (`verdicts.macos`); Unverified naming
/// the first signer that definitely fails and why (a bad signature, a changed content, an
/// untrusted certificate, a signer certificate missing, which macOS cannot check either);
/// Unsigned without signers. When no signer definitely fails but one could not be checked (its
/// signature, its digest or its chain fails only on checks not made, or a detached signature's
/// content was not given), the label is not checked: certscope does not know what macOS says.
fn label(signers: &[SignerItem], has_content: bool, at: &Timestamp) -> (MacosLabel, String) {
    if signers.is_empty() {
        return (MacosLabel::Unsigned, "no signer: the data carries certificates only".into());
    }
    let several = signers.len() > 1;
    let mut not_checked = None;
    for (i, s) in signers.iter().enumerate() {
        let who = match (&s.signer_name, several) {
            (Some(n), true) => format!("signer {} (\"{n}\"): ", i + 1),
            (None, true) => format!("signer {}: ", i + 1),
            _ => String::new(),
        };
        let outcome = if !s.good() {
            let why = s.problems.first().cloned().unwrap_or_else(|| "the signature is bad".into());
            let missing = s.verification.problems.iter().any(|p| matches!(p, SignerProblem::CertificateMissing));
            Some((if s.verification.not_checked() && !missing { MacosLabel::NotChecked } else { MacosLabel::Unverified }, format!("{who}{why}")))
        } else if !has_content && s.verification.digest == DigestCheck::NoContent {
            Some((MacosLabel::NotChecked, format!("{who}detached signature: provide the signed content to check it")))
        } else {
            match &s.verdicts {
                Some(v) if v.macos.ok => None,
                Some(v) => Some((
                    if v.macos.not_checked { MacosLabel::NotChecked } else { MacosLabel::Unverified },
                    format!("{who}the signer's certificate is not trusted by macOS's evaluation: {}", v.macos.headline.clone().unwrap_or_default()),
                )),
                None => Some((MacosLabel::Unverified, format!("{who}the signer's certificate is missing"))),
            }
        };
        match outcome {
            Some((MacosLabel::NotChecked, why)) => {
                not_checked.get_or_insert(why);
            }
            Some(definite) => return definite,
            None => {}
        }
    }
    if let Some(why) = not_checked {
        return (MacosLabel::NotChecked, why);
    }
    let names: Vec<String> = signers.iter().map(|s| format!("\"{}\"", s.signer_name.clone().unwrap_or_default())).collect();
    let whose = if several { "whose certificates chain" } else { "whose certificate chains" };
    // A root the user added (trusted for the session, --trust) is said to be theirs, never
    // "a root macOS trusts": other Macs trust it only if they have it too.
    let root = if signers.iter().any(|s| s.verdicts.as_ref().is_some_and(|v| v.macos.local_trust)) {
        "a root trusted locally (one you added, not a built-in root; other Macs trust it only if they have it too)"
    } else {
        "a root macOS trusts"
    };
    (MacosLabel::Verified, format!("signed by {}, {whose} to {root} and {} valid at {}", names.join(" and "), if several { "are" } else { "is" }, at.rfc3339()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::trust::TrustStore;

    /// The two-signer profile, both signers under the fixture's trusted root, read at a time
    /// inside every certificate's validity.
    fn two_signers() -> (crate::report::SignedDataItem, Timestamp) {
        let two = include_bytes!("../../tests/fixtures/cms/two-signers.mobileconfig");
        let root = include_str!("../../tests/fixtures/cms/trusted-root.pem");
        let mut store = TrustStore::builtin();
        store.add_anchors(crate::input::read(&[Source::text("root", root)]).certificates().cloned());
        let at = Timestamp::parse("2026-12-30T00:16:49Z").expect("time"); // ok: test
        let r = crate::analyze(&[Source::file("two", two.to_vec())], &store, at);
        let Some(crate::report::Item::SignedData(sd)) = r.items.into_iter().next() else { panic!("signed data") };
        (*sd, at)
    }

    #[test]
    fn one_failing_signer_makes_the_profile_unverified_and_is_named() {
        let (sd, at) = two_signers();
        assert_eq!(sd.macos_label, MacosLabel::Verified, "{}", sd.macos_label_reason);
        let mut signers = sd.signers.clone();
        signers[1].signature_ok = false;
        let problem = SignerProblem::Signature { signer: "second".into(), error: crate::trust::signature::SigError::Mismatch };
        signers[1].problems.push(word(&problem));
        signers[1].verification.problems.push(problem);
        let (label, reason) = label(&signers, true, &at);
        assert_eq!(label, MacosLabel::Unverified);
        assert!(reason.starts_with("signer 2 ("), "{reason}");
        assert_eq!(signature_state(&signers, true), SignatureState::Failed);
    }

    /// A signature certscope could not check (no WebCrypto, an algorithm the verifier lacks), or
    /// a signer chain that fails only on such checks, is "not checked", never macOS's
    /// "Unverified"; a definite failure of any signer still is Unverified (seen failing against
    /// the previous code: both read "unverified").
    #[test]
    fn a_signature_not_checked_is_not_labelled_unverified() {
        let (sd, at) = two_signers();
        let not_checked = |mut s: SignerItem| {
            let problem = SignerProblem::Signature {
                signer: "x".into(),
                error: crate::trust::signature::SigError::NotChecked(crate::trust::signature::NotChecked::NoWebCrypto),
            };
            s.signature_ok = false;
            s.problems.push(word(&problem));
            s.verification.problems.push(problem);
            s
        };
        let mut signers = sd.signers.clone();
        signers[0] = not_checked(signers[0].clone());
        assert_eq!(label(&signers, true, &at).0.as_str(), "not-checked");
        // The signer's chain fails only on what was not checked.
        let mut chain = sd.signers.clone();
        if let Some(v) = chain[1].verdicts.as_mut() {
            v.macos.ok = false;
            v.macos.not_checked = true;
        }
        assert_eq!(label(&chain, true, &at).0.as_str(), "not-checked");
        // Signer 2 definitely fails: Unverified, whatever signer 1.
        let problem = SignerProblem::Signature { signer: "second".into(), error: crate::trust::signature::SigError::Mismatch };
        signers[1].signature_ok = false;
        signers[1].problems.push(word(&problem));
        signers[1].verification.problems.push(problem);
        let (l, reason) = label(&signers, true, &at);
        assert_eq!((l, reason.starts_with("signer 2 (")), (MacosLabel::Unverified, true), "{reason}");
    }
}
