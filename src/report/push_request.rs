//! The vendor-signed push certificate request (issue 21) in the report: the CSR's own signature,
//! the vendor's signature over the CSR, and whether the vendor certificate is Apple's MDM vendor
//! certificate (`KeyItem::vendor_chain_ok`), with what Apple would reject, in words.

use super::keys::{base, CsrSummary, KeyItem, KeyKind, PUSH_TOPIC_PREFIX, VENDOR_CN_PREFIX};
use super::Evaluator;
use crate::trust::signature::SigError;

/// sha256WithRSAEncryption, sha1WithRSAEncryption (RFC 8017 A.2.4), ecdsa-with-SHA256 (RFC 5758 §3.2).
const SIGNATURES_RSA: [&str; 2] = ["1.2.840.113549.1.1.11", "1.2.840.113549.1.1.5"];
const SIGNATURES_EC: [&str; 1] = ["1.2.840.10045.4.3.2"];

/// The `push-request` item: what the request holds and what Apple would reject in it.
pub(super) fn push_request_item(r: &crate::keys::PushRequest, source: String, ev: &mut Evaluator<'_>) -> KeyItem {
    let mut item = base(KeyKind::PushRequest, source.clone());
    let mut problems = r.problems.clone();
    match &r.csr {
        Ok(csr) => {
            item.csr = Some(CsrSummary { subject: csr.subject.rfc4514.clone(), public_key_sha256: csr.public_key.spki_sha256.clone() });
            // The CSR's own signature (PKCS #10, RFC 2986 §3): Apple rejects a request whose CSR
            // was changed after its key signed it, whatever the vendor then signed. Only a CSR
            // whose signature verifies pairs with a certificate (`keys::csr_item`).
            let a = &csr.signature_algorithm;
            match ev.cache.check_raw(&csr.public_key, &a.oid, a.params.as_deref(), &csr.info_der, &csr.signature) {
                Ok(()) => item.key_hashes.push(vec![csr.public_key.pair_id()]),
                Err(SigError::Unsupported(why)) => problems.push(format!("the CSR's own signature was not checked ({why})")),
                Err(e) => problems.push(format!(
                    "the CSR's own signature does not verify ({e}): it was changed after it was made, or is damaged, and Apple rejects the request"
                )),
            }
        }
        Err(e) => problems.push(format!("its CSR is not readable ({e})")),
    }
    let mut signature_ok = None;
    if let Some(vendor) = r.chain.first() {
        item.vendor_certificate = Some(vendor.sha256.clone());
        item.vendor_not_after = Some(vendor.not_after.rfc3339());
        if vendor.not_after < ev.at {
            problems.push(format!("the vendor certificate \"{}\" expired on {}: Apple rejects the request; the MDM vendor must renew its MDM vendor certificate and sign the CSR again", vendor.display_name(), vendor.not_after.date()));
        }
        if vendor.not_before > ev.at {
            problems.push(format!(
                "the vendor certificate \"{}\" is not valid before {}: Apple rejects a request signed with it until then",
                vendor.display_name(),
                vendor.not_before.date()
            ));
        }
        if let (Ok(csr), false) = (&r.csr, r.signature.is_empty()) {
            let algorithms: &[&str] = if vendor.public_key.algorithm == "EC" { &SIGNATURES_EC } else { &SIGNATURES_RSA };
            let mut result = None;
            for a in algorithms {
                match ev.cache.check_raw(&vendor.public_key, a, None, &csr.der, &r.signature) {
                    Ok(()) => {
                        result = Some(true);
                        break;
                    }
                    Err(SigError::Mismatch) => result = Some(false),
                    Err(_) => {}
                }
            }
            signature_ok = result;
            match result {
                Some(false) => problems.push(
                    "the vendor signature does not verify over this CSR: it was made over another CSR or with another key, and Apple rejects the request"
                        .into(),
                ),
                None => problems.push("the vendor signature could not be checked".into()),
                Some(true) => {}
            }
        }
        // The push certificate where the vendor certificate belongs (signed with the push key).
        let push_topic = vendor.subject.uid().filter(|u| u.starts_with(PUSH_TOPIC_PREFIX));
        if let Some(topic) = push_topic {
            problems.push(format!(
                "the certificate in the vendor certificate's place is a push certificate (topic {}), not an MDM vendor certificate: the request must be signed with the key of the MDM vendor certificate (\"{VENDOR_CN_PREFIX} …\", issued by Apple Worldwide Developer Relations) and carry its chain, and Apple rejects this one",
                crate::escape::visible(topic)
            ));
        }
        let c = ev.certificate_item(vendor, source, &[]);
        let apple = ev.store.apple.as_ref();
        let pinned = |sha: &str| apple.is_some_and(|a| a.root.sha256 == sha || a.other_roots.iter().any(|r| r.sha256 == sha));
        let signed_by_apple = c.chain_links.last().is_some_and(|l| l.anchor && pinned(&l.sha256))
            && c.chain_links.iter().filter(|l| !l.anchor).all(|l| l.signature_ok == Some(true));
        // Signatures alone are not a chain: one through a certificate that may not issue
        // certificates (an Apple developer's own leaf signing a "vendor" certificate, RFC 5280
        // §4.2.1.9) or that macOS refuses for more than its dates is not Apple's (the same rule
        // as the certificate's role, trust::evaluate).
        let refused = c.imitation.as_ref().map(|i| match i {
            crate::trust::evaluate::Imitation::LeafUsedAsCa { why } | crate::trust::evaluate::Imitation::Refused { why } => why.clone(),
            crate::trust::evaluate::Imitation::Names => String::new(),
        });
        let reaches_apple = signed_by_apple && refused.is_none();
        // Apple wants the chain in the request ("the vendor certificate, its intermediate and
        // Apple's root"): one that reaches Apple's keys only through an intermediate certscope
        // knows, or another input carries, is incomplete.
        let uncarried = c.chain_links.iter().skip(1).filter(|l| !l.anchor).find(|l| !r.chain.iter().any(|x| x.sha256 == l.sha256));
        // An Apple-issued certificate of another known kind (a role is given by Apple's keys,
        // never by name: a developer's own Apple Development certificate, Developer ID, one of
        // Apple's CAs) is not an MDM vendor certificate, as a push certificate is not, whatever
        // its name or other markers say.
        let other_kind = push_topic.is_none()
            && !matches!(c.role, crate::cert::Role::MdmVendor | crate::cert::Role::Leaf | crate::cert::Role::Root | crate::cert::Role::IntermediateCa);
        if other_kind {
            problems.push(format!(
                "the certificate in the vendor certificate's place is \"{}\" (Apple-issued, {}), not an MDM vendor certificate: Apple rejects this request",
                vendor.display_name(),
                c.role.label()
            ));
        }
        // Apple's MDM vendor marker counts only on a certificate whose chain reaches Apple's keys:
        // anyone can write the extension into a certificate of their own.
        let marker = crate::cert::MDM_VENDOR_MARKER;
        if push_topic.is_some() || other_kind {
            item.vendor_chain_ok = Some(Some(false));
        } else if let (true, Some(l)) = (reaches_apple, uncarried) {
            item.vendor_chain_ok = Some(Some(false));
            problems.push(format!("the request's chain is missing its intermediate (\"{}\", which the request does not carry): it must be the vendor certificate, its intermediate and Apple's root, and Apple rejects it", l.name));
        } else if reaches_apple {
            let name = vendor.display_name();
            let ok = match vendor.mdm_vendor_marker() {
                crate::cert::Marker::Null => true,
                crate::cert::Marker::Absent => {
                    problems.push(format!("the vendor certificate \"{name}\" chains to Apple's keys but is not an MDM vendor certificate (it lacks Apple's MDM vendor marker {marker}): Apple rejects this request"));
                    false
                }
                crate::cert::Marker::Other => {
                    problems.push(format!("the vendor certificate \"{name}\" chains to Apple's keys but is not an MDM vendor certificate (it carries Apple's MDM vendor marker {marker} with a value that is not NULL, or more than once, unlike Apple's vendor certificates): Apple rejects this request"));
                    false
                }
            };
            item.vendor_chain_ok = Some(Some(ok));
        } else {
            item.vendor_chain_ok = Some(Some(false));
            problems.push(if let Some(why) = refused.filter(|_| signed_by_apple) {
                format!("the vendor certificate's signatures verify up to Apple's keys, but its chain is not accepted ({why}): it is not an Apple-issued MDM vendor certificate")
            } else if r.chain.len() < 3 {
                "the vendor certificate does not chain to Apple's keys: the chain is missing its intermediate (it must be the vendor certificate, its intermediate and Apple's root)".into()
            } else {
                "the vendor certificate does not chain to Apple's keys: it is not an Apple-issued MDM vendor certificate".into()
            });
        }
    }
    item.signature_ok = Some(signature_ok);
    item.message = if problems.is_empty() {
        format!("A vendor-signed push certificate request: the vendor's signature over the CSR verifies, and the vendor certificate chains to Apple's keys and carries Apple's MDM vendor marker ({}).", crate::cert::MDM_VENDOR_MARKER)
    } else {
        format!("A vendor-signed push certificate request that Apple rejects: {}.", problems.join("; "))
    };
    item.problems = problems;
    item
}
