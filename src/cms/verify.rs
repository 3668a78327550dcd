//! RFC 5652 verification of one signer: its certificate, the signed attributes the standard
//! requires, the content's digest and the signature. The results are facts with reason codes;
//! `report::signed` words them.
//!
//! ```text
//! SignerIdentifier ::= CHOICE {                                  -- §5.3
//!   issuerAndSerialNumber IssuerAndSerialNumber,
//!   subjectKeyIdentifier [0] SubjectKeyIdentifier }
//!
//! ContentType ::= OBJECT IDENTIFIER                              -- §11.1
//! MessageDigest ::= OCTET STRING                                 -- §11.2
//! ```
//!
//! §5.3: the sid names the signer's certificate; nothing says the CertificateSet holds only one
//! certificate with that issuer and serial (or key identifier), so every certificate it names is
//! tried, up to [`MAX_SIGNER_CANDIDATES`]: a decoy placed first does not hide the real one.
//! §5.4: with signed attributes the signature covers their DER (the SET as received, see
//! [`Signer::signed_attrs_for_signature`]), which must carry contentType equal to eContentType
//! (§11.1) and messageDigest equal to the digest of the content (§11.2); without them it covers
//! the content itself. §5.6: the content is what is digested, so a detached signature whose
//! content was not given cannot be checked against it.

use super::{AttributeProblem, Signer, SignerId};
use crate::cert::Certificate;
use crate::trust::signature::{cms_signature_oid, digest, named_hash, SigError};
use crate::trust::SignatureCache;

/// At most this many certificates matching a signer's identifier are tried (each costs a
/// signature check): a CertificateSet of thousands of decoys stays bounded.
pub const MAX_SIGNER_CANDIDATES: usize = 8;

/// Beyond each signer's first candidate, at most this many more are tried for all the signers of
/// one SignedData together ([`verify_signer`]'s `spare`): thousands of signers each naming a few
/// decoys cost one check per signer plus this, not eight per signer.
pub const MAX_SPARE_CANDIDATES: usize = 16;

/// What RFC 5652 found wrong with one signer, as a code the report words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerProblem {
    /// §5.3: no certificate in the set matches the signer's identifier.
    CertificateMissing,
    /// The signature algorithm names a hash (sha256WithRSAEncryption, …) other than the
    /// digestAlgorithm.
    HashMismatch { signature_oid: String, digest_oid: String },
    /// contentType, messageDigest or signingTime repeated or multi-valued (§11.1–§11.3).
    Attribute(AttributeProblem),
    /// §11.1: signed attributes without contentType.
    ContentTypeMissing,
    /// §11.1: the signed contentType is not eContentType.
    ContentTypeDiffers { signed: String, content: String },
    /// The digest algorithm is not one we compute.
    DigestUnsupported { digest_oid: String },
    /// §11.2: signed attributes without messageDigest.
    MessageDigestMissing,
    /// §11.2: the content's digest differs from messageDigest.
    ContentChanged,
    /// §5.4: no signed attributes and no content: nothing the signature can be checked over.
    DetachedWithoutAttributes,
    /// The signature check by `signer` (the certificate's display name) failed or could not be
    /// made (`SigError::Unsupported`: not checked).
    Signature { signer: String, error: SigError },
}

impl SignerProblem {
    /// A check that could not be made (an algorithm the verifier lacks, a check the shell did
    /// not answer): not checked, never evidence of tampering.
    pub fn is_not_checked(&self) -> bool {
        matches!(self, SignerProblem::CertificateMissing | SignerProblem::DigestUnsupported { .. })
            || matches!(self, SignerProblem::Signature { error, .. } if error.is_not_checked())
    }
}

/// The content's digest against messageDigest (§11.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestCheck {
    Matches,
    /// Computed and different: the content was changed after signing.
    Differs,
    /// No messageDigest, or a digest algorithm we do not compute.
    NotComparable,
    /// No signed attributes: the signature covers the content itself.
    NotSigned,
    /// A detached signature whose content was not given.
    NoContent,
}

impl DigestCheck {
    /// As the JSON's `digest_ok` writes it: `null` when there was nothing to compare.
    pub fn as_option(self) -> Option<bool> {
        match self {
            DigestCheck::Matches => Some(true),
            DigestCheck::Differs | DigestCheck::NotComparable => Some(false),
            DigestCheck::NotSigned | DigestCheck::NoContent => None,
        }
    }
}

/// One signer, verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerVerification {
    /// Index into the certificates of the certificate the signer was verified with (or, when
    /// none verified, the first that matches its identifier).
    pub certificate: Option<usize>,
    pub signature_ok: bool,
    pub digest: DigestCheck,
    /// Everything that keeps the signer from being good, in the order found.
    pub problems: Vec<SignerProblem>,
    /// Certificates matching the identifier beyond [`MAX_SIGNER_CANDIDATES`], not tried.
    pub candidates_not_tried: usize,
}

impl SignerVerification {
    /// Verified: the signature holds, the digest does not differ and nothing else failed.
    pub fn good(&self) -> bool {
        self.signature_ok && self.digest != DigestCheck::Differs && self.problems.is_empty()
    }

    /// Not good, but only for checks that could not be made.
    pub fn not_checked(&self) -> bool {
        !self.good() && !self.problems.is_empty() && self.problems.iter().all(SignerProblem::is_not_checked)
    }

    /// The signature itself could not be checked (no verifier for it, an answer missing) and
    /// nothing else is wrong: the page's "? not checked" beside the signer.
    pub fn signature_not_checked(&self) -> bool {
        self.not_checked() && self.problems.iter().any(|p| matches!(p, SignerProblem::Signature { error, .. } if error.is_not_checked()))
    }
}

/// Does `cert` carry the identifier `sid` names (§5.3)? Issuer names compare as RFC 5280 §7.1
/// says (the same DER, or the same attributes compared case-insensitively); serial numbers by
/// value (leading zero octets ignored).
pub fn names(sid: &SignerId, cert: &Certificate) -> bool {
    Identifier::of(sid).names(cert)
}

/// A signer's identifier read once (its issuer decoded once, not once per certificate).
enum Identifier<'a> {
    IssuerSerial { issuer_der: &'a [u8], issuer: Option<crate::cert::Name>, serial: &'a [u8] },
    SubjectKeyId(String),
}

/// A serial number's value octets without leading zeros.
fn serial_value(s: &[u8]) -> &[u8] {
    &s[s.iter().take_while(|b| **b == 0).count()..]
}

impl<'a> Identifier<'a> {
    fn of(sid: &'a SignerId) -> Self {
        match sid {
            SignerId::IssuerSerial { issuer_der, serial } => {
                Identifier::IssuerSerial { issuer_der, issuer: crate::cert::Name::from_der(issuer_der), serial: serial_value(serial) }
            }
            SignerId::SubjectKeyId(k) => Identifier::SubjectKeyId(crate::cert::hex_upper(k)),
        }
    }

    fn names(&self, cert: &Certificate) -> bool {
        match self {
            Identifier::IssuerSerial { issuer_der, issuer, serial } => {
                *serial == serial_value(&cert.serial_raw) && (cert.issuer.der == *issuer_der || issuer.as_ref().is_some_and(|n| n.matches(&cert.issuer)))
            }
            Identifier::SubjectKeyId(k) => cert.subject_key_id.as_deref() == Some(k.as_str()),
        }
    }
}

/// RFC 5652 §5.3–§5.6 and §11.1–§11.2 for one signer; `content` is the encapsulated content or
/// the detached content given beside it, `econtent_type` the eContentType (dotted). `spare`:
/// how many candidates beyond the first may still be tried for this SignedData (start at
/// [`MAX_SPARE_CANDIDATES`]); those tried are taken from it.
pub fn verify_signer(
    s: &Signer,
    certs: &[Certificate],
    content: Option<&[u8]>,
    econtent_type: &str,
    cache: &mut SignatureCache,
    spare: &mut usize,
) -> SignerVerification {
    let mut problems = Vec::new();
    let id = Identifier::of(&s.sid);
    let candidates: Vec<usize> = certs.iter().enumerate().filter(|(_, c)| id.names(c)).map(|(i, _)| i).collect();
    let more = candidates.len().saturating_sub(1).min(MAX_SIGNER_CANDIDATES - 1).min(*spare);
    let tried = candidates.len().min(1 + more);
    let candidates_not_tried = candidates.len() - tried;
    let Some(&first) = candidates.first() else {
        problems.push(SignerProblem::CertificateMissing);
        return SignerVerification { certificate: None, signature_ok: false, digest: DigestCheck::NoContent, problems, candidates_not_tried: 0 };
    };
    if named_hash(&s.signature_oid).is_some_and(|h| h != s.digest_oid) {
        problems.push(SignerProblem::HashMismatch { signature_oid: s.signature_oid.clone(), digest_oid: s.digest_oid.clone() });
    }
    let (signed_bytes, digest_check) = match s.signed_attrs_for_signature() {
        Some(attrs) => {
            problems.extend(s.attribute_problems.iter().cloned().map(SignerProblem::Attribute));
            match s.content_type.as_deref() {
                None => problems.push(SignerProblem::ContentTypeMissing),
                Some(t) if t != econtent_type => problems.push(SignerProblem::ContentTypeDiffers { signed: t.to_string(), content: econtent_type.to_string() }),
                Some(_) => {}
            }
            let check = match (content, &s.message_digest) {
                (None, _) => DigestCheck::NoContent,
                (Some(_), None) => {
                    problems.push(SignerProblem::MessageDigestMissing);
                    DigestCheck::NotComparable
                }
                (Some(c), Some(md)) => match digest(&s.digest_oid, c) {
                    Some(d) if d == *md => DigestCheck::Matches,
                    Some(_) => DigestCheck::Differs,
                    None => {
                        problems.push(SignerProblem::DigestUnsupported { digest_oid: s.digest_oid.clone() });
                        DigestCheck::NotComparable
                    }
                },
            };
            // "Changed" is said only when the comparison means it: not when the signer names two
            // hashes, nor when its messageDigest is repeated (which one was meant is unknown).
            let ambiguous = problems.iter().any(|p| {
                matches!(
                    p,
                    SignerProblem::HashMismatch { .. } | SignerProblem::Attribute(AttributeProblem { attribute: super::CmsAttribute::MessageDigest, .. })
                )
            });
            if check == DigestCheck::Differs && !ambiguous {
                problems.push(SignerProblem::ContentChanged);
            }
            (attrs, check)
        }
        None => match content {
            Some(c) => (c.to_vec(), DigestCheck::NotSigned),
            None => {
                problems.push(SignerProblem::DetachedWithoutAttributes);
                return SignerVerification { certificate: Some(first), signature_ok: false, digest: DigestCheck::NoContent, problems, candidates_not_tried: 0 };
            }
        },
    };
    let alg = cms_signature_oid(&s.signature_oid, &s.digest_oid);
    // Every candidate is checked (in one round, for a shell that answers between rounds); the
    // first that verifies is the signer's certificate.
    *spare -= more;
    let results: Vec<(usize, Result<(), SigError>)> = candidates
        .iter()
        .take(tried)
        .map(|&i| (i, cache.check_raw(&certs[i].public_key, &alg, s.signature_params.as_deref(), &signed_bytes, &s.signature)))
        .collect();
    let chosen = results
        .iter()
        .find(|(_, r)| r.is_ok())
        // None verifies: a check that could not be made speaks before a mismatch (not checked is never bad).
        .or_else(|| results.iter().find(|(_, r)| matches!(r, Err(SigError::Unsupported(_)))))
        .or_else(|| results.first());
    let (certificate, signature) = match chosen {
        Some((i, r)) => (*i, r.clone()),
        None => (first, Err(SigError::Mismatch)),
    };
    if let Err(error) = &signature {
        problems.push(SignerProblem::Signature { signer: certs[certificate].display_name(), error: error.clone() });
    }
    SignerVerification { certificate: Some(certificate), signature_ok: signature.is_ok(), digest: digest_check, problems, candidates_not_tried }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cms::SignedData;

    fn parsed(bytes: &[u8]) -> (SignedData, Vec<Certificate>) {
        let sd = SignedData::parse(bytes).expect("fixture"); // ok: test
        let certs = sd.certificates.iter().filter_map(|d| Certificate::from_der(d).ok()).collect();
        (sd, certs)
    }

    const PROFILE: &[u8] = include_bytes!("../../tests/fixtures/cms/der-rsa-sha256.mobileconfig");

    /// A fresh SignedData's spare candidates.
    fn spare() -> usize {
        MAX_SPARE_CANDIDATES
    }

    #[test]
    fn content_type_missing_or_different_and_an_inconsistent_hash_fail_the_signer() {
        let (sd, certs) = parsed(PROFILE);
        let s = &sd.signers[0];
        let run = |s: &Signer| verify_signer(s, &certs, sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut spare());
        let v = run(s);
        assert!(v.good() && v.digest == DigestCheck::Matches, "{:?}", v.problems);
        // RFC 5652 §11.1: with signed attributes, contentType must be there and match.
        let missing = Signer { content_type: None, ..s.clone() };
        assert!(run(&missing).problems.contains(&SignerProblem::ContentTypeMissing));
        let other = Signer { content_type: Some("1.2.840.113549.1.9.16.1.4".into()), ..s.clone() };
        assert!(run(&other).problems.iter().any(|p| matches!(p, SignerProblem::ContentTypeDiffers { .. })));
        // A signature algorithm naming SHA-1 beside a SHA-256 digest algorithm.
        let inconsistent = Signer { signature_oid: "1.2.840.113549.1.1.5".into(), ..s.clone() };
        assert!(run(&inconsistent).problems.iter().any(|p| matches!(p, SignerProblem::HashMismatch { .. })));
        // A repeated messageDigest (found by the decoder) fails the signer.
        let twice = AttributeProblem { attribute: super::super::CmsAttribute::MessageDigest, count: 2, repeated: true };
        let repeated = Signer { attribute_problems: vec![twice], ..s.clone() };
        assert!(run(&repeated).problems.contains(&SignerProblem::Attribute(twice)));
        for bad in [missing, other, inconsistent, repeated] {
            assert!(!run(&bad).good());
        }
    }

    /// "The content was changed" is said when the digest was computed and differs, and only
    /// then: not for a missing messageDigest, a repeated one, or a signer naming two hashes.
    #[test]
    fn content_changed_is_said_only_when_the_digest_differs() {
        let (sd, certs) = parsed(PROFILE);
        let s = &sd.signers[0];
        let run = |s: &Signer, content: &[u8]| verify_signer(s, &certs, Some(content), &sd.content_type, &mut SignatureCache::default(), &mut spare());
        let content = sd.content.clone().unwrap_or_default();
        let mut changed = content.clone();
        changed[0] ^= 1;
        let v = run(s, &changed);
        assert_eq!((v.digest, v.problems.contains(&SignerProblem::ContentChanged)), (DigestCheck::Differs, true), "{:?}", v.problems);
        let no_digest = Signer { message_digest: None, ..s.clone() };
        let v = run(&no_digest, &content);
        assert_eq!(v.problems, vec![SignerProblem::MessageDigestMissing], "not \"changed\": nothing was compared");
        assert!(!v.good());
        let inconsistent = Signer { signature_oid: "1.2.840.113549.1.1.5".into(), ..s.clone() };
        assert!(!run(&inconsistent, &changed).problems.contains(&SignerProblem::ContentChanged));
    }

    /// A decoy (same issuer and serial, another key) placed first in the CertificateSet does not
    /// hide the signer's certificate: every match is tried (tools/make_cms_ber_embedded.sh).
    #[test]
    fn a_decoy_first_does_not_hide_the_signers_certificate() {
        let (sd, certs) = parsed(include_bytes!("../../tests/fixtures/cms/decoy-first.mobileconfig"));
        let s = &sd.signers[0];
        let matching: Vec<usize> = (0..certs.len()).filter(|&i| names(&s.sid, &certs[i])).collect();
        assert!(matching.len() == 2 && matching[0] == 0 && certs[0].public_key != certs[matching[1]].public_key, "the fixture's decoy comes first");
        let v = verify_signer(s, &certs, sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut spare());
        assert!(v.good(), "{:?}", v.problems);
        assert_eq!(v.certificate, Some(matching[1]));
        // Alone, the decoy is what the signature is checked with, and it does not verify.
        let v = verify_signer(s, &certs[..1], sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut spare());
        assert!(matches!(v.problems.as_slice(), [SignerProblem::Signature { error: SigError::Mismatch, .. }]), "{:?}", v.problems);
        // The spare candidates are shared by the signers of one SignedData: when they are spent,
        // only the first is tried, and the others are counted as not tried.
        let mut spare = 0;
        let v = verify_signer(s, &certs, sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut spare);
        assert_eq!((v.good(), v.candidates_not_tried), (false, 1));
        let mut spare = 1;
        assert!(verify_signer(s, &certs, sd.content.as_deref(), &sd.content_type, &mut SignatureCache::default(), &mut spare).good());
        assert_eq!(spare, 0);
    }
}
