//! Signed data (CMS): each signer verified (RFC 5652 §5.4–5.6) and the label macOS would show.

use super::{CertificateItem, ContentType, Encoding, Evaluator, ItemKind, SignatureState, Verdicts};
use crate::cert::Certificate;
use crate::cms::{SignedData, Signer, SignerId};
use crate::input::{Origin, Signed};
use crate::time::Timestamp;
use crate::trust::signature::{cms_signature_oid, digest};
use crate::trust::SignatureCache;
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
    for (i, payload) in p.payloads.iter().enumerate() {
        for c in &payload.certificates {
            certificates.push(ev.certificate_item(c, format!("{source} / payload {} ({})", i + 1, payload.friendly), &[]));
        }
    }
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
    /// The label at the signing time, when the signer gave one ("was Verified when signed on …").
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

fn find_signer<'c>(sid: &SignerId, certs: &'c [Certificate]) -> Option<&'c Certificate> {
    certs.iter().find(|c| match sid {
        SignerId::IssuerSerial { issuer_der, serial } => {
            let strip = |s: &[u8]| s.iter().skip_while(|b| **b == 0).copied().collect::<Vec<u8>>();
            strip(serial) == strip(&c.serial_raw) && (c.issuer.der == *issuer_der || crate::cert::Name::from_der(issuer_der).is_some_and(|n| n.matches(&c.issuer)))
        }
        SignerId::SubjectKeyId(k) => c.subject_key_id.as_deref() == Some(crate::cert::hex_upper(k).as_str()),
    })
}

/// RFC 5652 §5.4–§5.6 and §11.1 for one signer. Returns (signature verified, digest matches,
/// failures). Any failure means the signer is not good (see [`SignerItem::good`]).
/// `not_checked` is set when the signature could not be checked and nothing else is wrong.
fn verify_signer(s: &Signer, cert: Option<&Certificate>, content: Option<&[u8]>, econtent_type: &str, cache: &mut SignatureCache, not_checked: &mut bool) -> (bool, Option<bool>, Vec<String>) {
    let mut problems = Vec::new();
    let Some(cert) = cert else {
        problems.push("the signer's certificate is not included, so the signature cannot be checked".to_string());
        return (false, None, problems);
    };
    if let Some(h) = crate::trust::signature::named_hash(&s.signature_oid) {
        if h != s.digest_oid {
            problems.push(format!(
                "the signature algorithm ({}) names another hash than the digest algorithm ({}): the signer is inconsistent",
                crate::cert::oid_name(&s.signature_oid).unwrap_or(&s.signature_oid),
                digest_name(&s.digest_oid)
            ));
        }
    }
    let alg = cms_signature_oid(&s.signature_oid, &s.digest_oid);
    let (signed_bytes, digest_ok) = match s.signed_attrs_for_signature() {
        Some(attrs) => {
            problems.extend(s.attribute_problems.iter().cloned());
            // §11.1: with signed attributes, contentType MUST be present and equal eContentType.
            match s.content_type.as_deref() {
                None => problems.push("the signed attributes lack the contentType attribute (RFC 5652 §11.1)".to_string()),
                Some(t) if t != econtent_type => {
                    problems.push(format!("the signed contentType ({t}) differs from the content's type ({econtent_type}) (RFC 5652 §11.1)"))
                }
                Some(_) => {}
            }
            let digest_ok = match (content, &s.message_digest) {
                (Some(c), Some(md)) => match digest(&s.digest_oid, c) {
                    Some(d) => Some(d == *md),
                    None => {
                        problems.push(format!("digest algorithm {} is not supported, so the content cannot be checked", s.digest_oid));
                        Some(false)
                    }
                },
                (Some(_), None) => {
                    problems.push("signed attributes without a messageDigest".to_string());
                    Some(false)
                }
                (None, _) => None,
            };
            if digest_ok == Some(false) && !problems.iter().any(|p| p.contains("digest")) {
                problems.push("the content was changed after signing: its digest does not match the signed messageDigest".to_string());
            }
            (attrs, digest_ok)
        }
        None => match content {
            Some(c) => (c.to_vec(), None),
            None => {
                problems.push("a detached signature without signed attributes: provide the signed content as a second file".to_string());
                return (false, None, problems);
            }
        },
    };
    let sig = cache.check_raw(&cert.public_key, &alg, s.signature_params.as_deref(), &signed_bytes, &s.signature);
    if let Err(e) = &sig {
        problems.push(format!("signature by \"{}\": {e}", cert.display_name()));
    }
    // Only a signature that was not checked and nothing else wrong is "not checked".
    *not_checked = sig.as_ref().is_err_and(crate::trust::signature::SigError::is_not_checked) && digest_ok != Some(false) && problems.len() == 1;
    (sig.is_ok(), digest_ok, problems)
}

pub(super) fn signed_data_item(signed: &Signed, origin: &Origin, ev: &mut Evaluator<'_>) -> SignedDataItem {
    let source = origin.to_string();
    let (sd, certs) = (&signed.data, &signed.certificates);
    let certificates: Vec<CertificateItem> = certs
        .iter()
        .enumerate()
        .map(|(i, c)| ev.certificate_item(c, format!("{source} / certificate {}", i + 1), &[]))
        .collect();
    let content = sd.content.as_deref();
    let mut signers = Vec::new();
    for s in &sd.signers {
        let cert = find_signer(&s.sid, certs);
        let mut signature_not_checked = false;
        let (signature_ok, digest_ok, problems) = verify_signer(s, cert, content, &sd.content_type, &mut ev.cache, &mut signature_not_checked);
        let verdicts = cert.and_then(|c| certificates.iter().find(|i| i.sha256 == c.sha256)).map(|i| i.verdicts.clone());
        let mut notes = Vec::new();
        if let (Some(t), Some(c)) = (s.signing_time.map(Timestamp), cert) {
            if t < c.not_before || t > c.not_after {
                notes.push(format!(
                    "signed on {}, outside the signer certificate's validity ({} to {}): information, not a failure",
                    t.date(),
                    c.not_before.date(),
                    c.not_after.date()
                ));
            }
        }
        signers.push(SignerItem {
            certificate_sha256: cert.map(|c| c.sha256.clone()),
            signer_name: cert.map(Certificate::display_name),
            signature_ok,
            signature_not_checked,
            digest_ok,
            signing_time: s.signing_time.map(|t| Timestamp(t).rfc3339()),
            digest_algorithm: crate::cert::oid_name(&s.digest_oid).map(str::to_string).unwrap_or_else(|| digest_name(&s.digest_oid)),
            signature_algorithm: crate::cert::oid_name(&s.signature_oid).unwrap_or(&s.signature_oid).to_string(),
            problems,
            notes,
            verdicts,
        });
    }
    let (macos_label, macos_label_reason) = label(&signers, content.is_some(), &ev.at);
    // The same signers judged at their own signing time.
    let signing_time = sd.signers.iter().find_map(|s| s.signing_time).map(Timestamp);
    let macos_label_at_signing = signing_time.map(|t| {
        let now = ev.at;
        ev.at = t;
        let then: Vec<SignerItem> = signers
            .iter()
            .map(|s| {
                let verdicts = s
                    .certificate_sha256
                    .as_ref()
                    .and_then(|sha| certs.iter().find(|c| &c.sha256 == sha))
                    .map(|c| ev.certificate_item(c, String::new(), &[]).verdicts);
                SignerItem { verdicts, ..s.clone() }
            })
            .collect();
        let (label_then, reason) = label(&then, content.is_some(), &t);
        ev.at = now;
        let word = label_then.word();
        if label_then == MacosLabel::Verified {
            format!("was {word} when signed on {}", t.date())
        } else {
            format!("was {word} when signed on {}: {reason}", t.date())
        }
    });
    let (profile, device_request) = match &signed.plist {
        Some(crate::profile::Plist::Profile(p)) => (Some(profile_json(p, &source, ev)), None),
        Some(crate::profile::Plist::DeviceRequest(f)) => (None, Some(f.clone())),
        _ => (None, None),
    };
    let signature = signature_state(&signers);
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

fn digest_name(oid: &str) -> String {
    match oid {
        "1.3.14.3.2.26" => "SHA-1",
        "2.16.840.1.101.3.4.2.1" => "SHA-256",
        "2.16.840.1.101.3.4.2.2" => "SHA-384",
        "2.16.840.1.101.3.4.2.3" => "SHA-512",
        other => other,
    }
    .to_string()
}

crate::wire::wire_enum! {
    /// The label macOS shows when installing a profile (as the JSON and `data-macos-label`
    /// write it; [`MacosLabel::word`] is the word macOS shows).
    pub enum MacosLabel {
        Verified = "verified",
        Unverified = "unverified",
        Unsigned = "unsigned",
    }
}

impl MacosLabel {
    /// The word macOS shows.
    pub fn word(self) -> &'static str {
        match self {
            MacosLabel::Verified => "Verified",
            MacosLabel::Unverified => "Unverified",
            MacosLabel::Unsigned => "Unsigned",
        }
    }
}

impl SignerItem {
    /// The one rule for a signer's own signature: it verified, the content's digest matched
    /// (or, without signed attributes, the signature covers the content itself), and nothing
    /// in the SignerInfo failed (contentType, hash consistency, …).
    pub fn good(&self) -> bool {
        self.signature_ok && self.digest_ok != Some(false) && self.problems.is_empty()
    }
}

/// Whether the signatures of a signed-data item hold: `none` without signers, `ok` when every
/// signer is good, else `failed` (the page's `data-signature`).
pub fn signature_state(signers: &[SignerItem]) -> SignatureState {
    if signers.is_empty() {
        SignatureState::None
    } else if signers.iter().all(SignerItem::good) {
        SignatureState::Ok
    } else if signers.iter().all(|s| s.good() || s.signature_not_checked) {
        SignatureState::NotChecked
    } else {
        SignatureState::Failed
    }
}

/// What macOS shows when installing: Verified when **every** signer's signature holds and its
/// certificate is trusted by macOS's evaluation at `at` (`verdicts.macos`); Unverified naming
/// the first signer that fails and why; Unsigned without signers.
fn label(signers: &[SignerItem], has_content: bool, at: &Timestamp) -> (MacosLabel, String) {
    if signers.is_empty() {
        return (MacosLabel::Unsigned, "no signer: the data carries certificates only".into());
    }
    let several = signers.len() > 1;
    for (i, s) in signers.iter().enumerate() {
        let who = match (&s.signer_name, several) {
            (Some(n), true) => format!("signer {} (\"{n}\"): ", i + 1),
            (None, true) => format!("signer {}: ", i + 1),
            _ => String::new(),
        };
        if !s.good() {
            let why = s.problems.first().cloned().unwrap_or_else(|| "the signature is bad".into());
            return (MacosLabel::Unverified, format!("{who}{why}"));
        }
        if !has_content && s.digest_ok.is_none() {
            return (MacosLabel::Unverified, format!("{who}detached signature: provide the signed content to check it"));
        }
        match &s.verdicts {
            Some(v) if v.macos.ok => {}
            Some(v) => {
                return (
                    MacosLabel::Unverified,
                    format!("{who}the signer's certificate is not trusted by macOS's evaluation: {}", v.macos.headline.clone().unwrap_or_default()),
                )
            }
            None => return (MacosLabel::Unverified, format!("{who}the signer's certificate is missing")),
        }
    }
    let names: Vec<String> = signers.iter().map(|s| format!("\"{}\"", s.signer_name.clone().unwrap_or_default())).collect();
    let whose = if several { "whose certificates chain" } else { "whose certificate chains" };
    (MacosLabel::Verified, format!("signed by {}, {whose} to a root macOS trusts and {} valid at {}", names.join(" and "), if several { "are" } else { "is" }, at.rfc3339()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Source;
    use crate::trust::TrustStore;

    const PROFILE: &[u8] = include_bytes!("../../tests/fixtures/cms/der-rsa-sha256.mobileconfig");

    fn parsed() -> (SignedData, Vec<Certificate>) {
        let sd = SignedData::parse(PROFILE).expect("fixture"); // ok: test
        let certs = sd.certificates.iter().filter_map(|d| Certificate::from_der(d).ok()).collect();
        (sd, certs)
    }

    #[test]
    fn content_type_missing_or_different_and_an_inconsistent_hash_fail_the_signer() {
        let (sd, certs) = parsed();
        let s = &sd.signers[0];
        let cert = find_signer(&s.sid, &certs);
        let run = |s: &Signer| verify_signer(s, cert, sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut false);
        let (ok, digest, problems) = run(s);
        assert!(ok && digest == Some(true) && problems.is_empty(), "{problems:?}");
        // RFC 5652 §11.1: with signed attributes, contentType must be there and match.
        let missing = Signer { content_type: None, ..s.clone() };
        assert!(run(&missing).2.iter().any(|p| p.contains("lack the contentType")));
        let other = Signer { content_type: Some("1.2.840.113549.1.9.16.1.4".into()), ..s.clone() };
        assert!(run(&other).2.iter().any(|p| p.contains("differs from the content's type")));
        // A signature algorithm naming SHA-1 beside a SHA-256 digest algorithm.
        let inconsistent = Signer { signature_oid: "1.2.840.113549.1.1.5".into(), ..s.clone() };
        assert!(run(&inconsistent).2.iter().any(|p| p.contains("names another hash")));
        // A repeated messageDigest (found by the decoder) fails the signer.
        let repeated = Signer { attribute_problems: vec!["the signed attributes hold 2 messageDigest attributes; RFC 5652 §11.2 allows one".into()], ..s.clone() };
        assert!(run(&repeated).2.iter().any(|p| p.contains("2 messageDigest")));
        for bad in [missing, other, inconsistent, repeated] {
            let (ok, digest, problems) = run(&bad);
            let item = SignerItem {
                certificate_sha256: None,
                signer_name: Some("x".into()),
                signature_ok: ok,
                signature_not_checked: false,
                digest_ok: digest,
                signing_time: None,
                digest_algorithm: String::new(),
                signature_algorithm: String::new(),
                problems,
                notes: Vec::new(),
                verdicts: None,
            };
            assert!(!item.good());
        }
    }

    #[test]
    fn one_failing_signer_makes_the_profile_unverified_and_is_named() {
        let two = include_bytes!("../../tests/fixtures/cms/two-signers.mobileconfig");
        let root = include_str!("../../tests/fixtures/cms/trusted-root.pem");
        let mut store = TrustStore::builtin();
        store.add_anchors(crate::input::read(&[Source::text("root", root)]).certificates().cloned());
        let at = Timestamp::parse("2026-12-30T00:16:49Z").expect("time"); // ok: test
        let r = crate::analyze(&[Source::file("two", two.to_vec())], &store, at);
        let Some(crate::report::Item::SignedData(sd)) = r.items.first() else { panic!("signed data") };
        assert_eq!(sd.macos_label, MacosLabel::Verified, "{}", sd.macos_label_reason);
        let mut signers = sd.signers.clone();
        signers[1].signature_ok = false;
        signers[1].problems.push("signature by \"second\": the signature does not verify".into());
        let (label, reason) = label(&signers, true, &at);
        assert_eq!(label, MacosLabel::Unverified);
        assert!(reason.starts_with("signer 2 ("), "{reason}");
        assert_eq!(signature_state(&signers), SignatureState::Failed);
    }
}
