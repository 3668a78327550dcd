//! Apple's object identifiers: every OID under Apple's arc that Apple documents or that Apple's
//! open-source Security framework defines, each with the place it comes from — and one that
//! neither names but Apple's own certificates carry (the MDM vendor marker, [`MDM_VENDOR_MARKER`]),
//! whose source says so.
//!
//! ```text
//! apple              OBJECT IDENTIFIER ::= { iso(1) member-body(2) us(840) 113635 }
//! appleDataSecurity  OBJECT IDENTIFIER ::= { apple 100 }
//!   appleTrustPolicy          { appleDataSecurity 1 }   SecPolicy identifiers (not in certificates)
//!   appleDotMacCertificate    { appleDataSecurity 3 }   .Mac certificate extensions
//!   appleExtendedKeyUsage     { appleDataSecurity 4 }   extKeyUsage purposes (RFC 5280 §4.2.1.12)
//!   appleCertificatePolicies  { appleDataSecurity 5 }   certificatePolicies (RFC 5280 §4.2.1.4)
//!   appleCertificateExtension { appleDataSecurity 6 }   private extensions (RFC 5280 §4.2.2):
//!     .1 code-signing leaf markers, .2 intermediate (CA) markers, .3 push certificates, …
//!   { appleDataSecurity 8 }                              Managed Device Attestation leaf fields
//! ```
//!
//! The arc layout is from Apple's `OSX/libsecurity_cssm/lib/oidsbase.h`. Apple's extensions are
//! private extensions in the sense of RFC 5280 §4.2: a documented one is *known*, even when the
//! certificate marks it critical (Developer ID leaves carry 1.2.840.113635.100.6.1.13/.14 as
//! critical markers, with an empty value `05 00`). Sources are cited by file in Apple's Security
//! project (github.com/apple-oss-distributions/Security, tag Security-61901.0.87.0.1), by Apple
//! document, or — where Apple's own text is only reachable through it — by the public code that
//! quotes it, or — for the MDM vendor marker only — by the real Apple-issued certificates it was
//! seen on. Nothing here is guessed: an OID that no source names is not listed, and
//! [`apple_oid`] returns `None` for it while [`is_apple_arc`] still says it is Apple's.

/// What an Apple OID identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppleOidKind {
    /// A certificate extension (`extnID`, RFC 5280 §4.1.2.9), usually an empty marker.
    Extension,
    /// An extKeyUsage purpose (RFC 5280 §4.2.1.12).
    Eku,
    /// A certificate policy identifier (RFC 5280 §4.2.1.4).
    Policy,
    /// A Managed Device Attestation field: an extension of the attestation leaf whose value is
    /// a device property.
    AttestationField,
    /// Anything else, e.g. a SecPolicy identifier that names a trust policy and never appears
    /// in a certificate.
    Other,
}

/// One documented Apple OID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppleOid {
    /// Dotted form, e.g. `1.2.840.113635.100.6.1.13`.
    pub oid: &'static str,
    /// A readable name.
    pub name: &'static str,
    pub kind: AppleOidKind,
    /// The document or file the OID and its name come from.
    pub source: &'static str,
}

/// The arc every Apple OID starts with.
pub const APPLE_ARC: &str = "1.2.840.113635";

const OIDSBASE: &str = "Apple Security OSX/libsecurity_cssm/lib/oidsbase.h";
const CERTVALUES: &str = "Apple Security OSX/libsecurity_keychain/Security/CertificateValues.cpp";
const SECPOLICY: &str = "Apple Security OSX/sec/Security/SecPolicy.c";
const SECPOLICYPRIV: &str = "Apple Security trust/headers/SecPolicyPriv.h";
const TPPOLICIES: &str = "Apple Security OSX/libsecurity_apple_x509_tp/lib/tpPolicies.cpp";
const LWCR: &str = "Apple Security OSX/include/security_codesigning/LWCRHelper.mm";
const STATICCODE: &str = "Apple Security OSX/libsecurity_codesigning/lib/StaticCode.cpp";
const POLICYDB: &str = "Apple Security OSX/libsecurity_codesigning/lib/policydb.cpp";
const SECCERT: &str = "Apple Security OSX/sec/Security/SecCertificate.c";
const REVDB: &str = "Apple Security trust/trustd/SecRevocationDb.c";
const ACME_TEST: &str = "Apple Security OSX/sec/Security/Regressions/secitem/si-96-csr-acme.m";
const MDA_SMALLSTEP: &str =
    "Apple Platform Security guide, Managed Device Attestation (support.apple.com/guide/security/sec8a37b4cb2); smallstep/certificates acme/challenge.go";
const MDA_142: &str =
    "Apple DeviceInformation documentation, DevicePropertiesAttestation, OIDs introduced in macOS 14.2 (developer.apple.com; apple/device-management schema)";
const MDA_172: &str = "Apple DeviceInformation documentation, DevicePropertiesAttestation, OIDs introduced in iOS 17.2 and macOS 14.2 (developer.apple.com; apple/device-management schema)";
const WWDR_CPS_APNS: &str = "Apple WWDR CPS (APNs certificates), as cited by polyitan/SwiftyAPNS IdentityType.swift; 6.3.2 seen in tests/fixtures/apple-pki/leaf-mdm-push-apsp-2024-2025.pem";
const DEVID_CPS: &str = "Apple Developer ID CPS §2.2, quoted by Apple DTS at developer.apple.com/forums/thread/732544";
const RCODESIGN: &str = "indygreg/apple-platform-rs apple-codesign/src/certificate.rs (names from Apple's CPS)";
const RCODESIGN_FIX: &str = "indygreg/apple-platform-rs apple-codesign/src/certificate.rs; seen in tests/fixtures/apple-pki";
const MDM_VENDOR_SEEN: &str = "not documented by Apple, nor in its open-source Security code (which has no MDM vendor policy: the check is Apple's server's); seen, non-critical with value NULL, on three Apple-issued \"MDM Vendor: …\" certificates under Apple Worldwide Developer Relations CA - G3: samichhipa/mdm mdm.cer @5098686e (tests/fixtures/apple-pki/leaf-mdm-vendor-improvement-funding-2025-2026.pem), LeoBrunet/MicroMDM mdm.cer @396aa92b and mdm-certificates/PushCertificateRequest.plist @4578e7aa; deploymenttheory/go-apple-dm checks it to refuse non-vendor certificates";

/// Apple's MDM vendor marker: the extension the "MDM Vendor: …" certificates Apple issues to MDM
/// vendors (which sign their customers' push certificate requests) carry, non-critical, its
/// extnValue ASN.1 NULL (`05 00`). Under the appleExtendedKeyUsage arc but used as an extension,
/// as 1.2.840.113635.100.4.11 is. Apple documents it nowhere: it is what Apple's real vendor
/// certificates carry (see its source in [`APPLE_OIDS`]). It says nothing about who issued a
/// certificate: only a chain to Apple's pinned keys does.
pub const MDM_VENDOR_MARKER: &str = "1.2.840.113635.100.4.12";

/// What a certificate carries of an Apple marker extension whose value is ASN.1 NULL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Absent,
    /// Exactly one instance, its extnValue `05 00` (criticality aside).
    Null,
    /// Another value, or more than one instance (RFC 5280 §4.2: "A certificate MUST NOT include
    /// more than one instance of a particular extension"): not taken as the marker.
    Other,
}

/// The marker `oid` among `extensions` (extnValue kept for Apple's arc by `cert::extensions`).
pub(super) fn null_marker(extensions: &[super::Extension], oid: &str) -> Marker {
    let mut found = extensions.iter().filter(|e| e.oid == oid);
    match (found.next(), found.next()) {
        (None, _) => Marker::Absent,
        (Some(e), None) if e.der.as_deref() == Some(&[0x05, 0x00][..]) => Marker::Null,
        _ => Marker::Other,
    }
}

const fn e(oid: &'static str, name: &'static str, kind: AppleOidKind, source: &'static str) -> AppleOid {
    AppleOid { oid, name, kind, source }
}

use AppleOidKind::{AttestationField as Att, Eku, Extension as Ext, Other, Policy};

/// Every documented Apple OID, sorted by arc (numerically), each once.
pub const APPLE_OIDS: &[AppleOid] = &[
    e("1.2.840.113635.100.1.3.1", "Apple SSL server trust policy (kSecPolicyAppleSSLServer)", Other, SECPOLICY),
    e("1.2.840.113635.100.1.3.2", "Apple SSL client trust policy (kSecPolicyAppleSSLClient)", Other, SECPOLICY),
    e("1.2.840.113635.100.1.9.1", "Apple EAP server trust policy", Other, SECPOLICY),
    e("1.2.840.113635.100.1.9.2", "Apple EAP client trust policy", Other, SECPOLICY),
    e("1.2.840.113635.100.1.11.1", "Apple IPsec server trust policy", Other, SECPOLICY),
    e("1.2.840.113635.100.1.11.2", "Apple IPsec client trust policy", Other, SECPOLICY),
    e("1.2.840.113635.100.1.12", "Apple iChat trust policy", Other, "Apple Security OSX/libsecurity_keychain/Security/SecPolicy.cpp"),
    e("1.2.840.113635.100.1.19", "Mac App Store receipt trust policy", Other, SECPOLICY),
    e("1.2.840.113635.100.3.2", ".Mac certificate extension", Ext, CERTVALUES),
    e("1.2.840.113635.100.3.2.1", ".Mac identity certificate", Ext, CERTVALUES),
    e("1.2.840.113635.100.3.2.2", ".Mac email signing certificate", Ext, CERTVALUES),
    e("1.2.840.113635.100.3.2.3", ".Mac email encryption certificate", Ext, CERTVALUES),
    e("1.2.840.113635.100.4.1", "Apple code signing", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.1.1", "Apple code signing, development", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.1.4", "Apple resource signing", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.2", "iChat signing", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.3", "iChat encryption", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.4", "Apple system identity", Eku, CERTVALUES),
    e("1.2.840.113635.100.4.7", "Apple ID sharing", Eku, OIDSBASE),
    e("1.2.840.113635.100.4.8", "Safari Developer", Eku, SECPOLICYPRIV),
    e("1.2.840.113635.100.4.9", "3rd Party Mac Developer Installer (Mac Installer Distribution)", Eku, SECPOLICYPRIV),
    e("1.2.840.113635.100.4.10", "Mac App Store installer signing", Eku, SECPOLICY),
    e("1.2.840.113635.100.4.11", "macOS provisioning profile signing (used as an extension)", Ext, OIDSBASE),
    e(MDM_VENDOR_MARKER, "MDM vendor certificate (signs customers' push certificate requests; used as an extension)", Ext, MDM_VENDOR_SEEN),
    e("1.2.840.113635.100.4.13", "Developer ID Installer", Eku, SECPOLICY),
    e("1.2.840.113635.100.4.14", "Passbook signing", Eku, TPPOLICIES),
    e("1.2.840.113635.100.4.16", "Configuration profile signing", Eku, SECPOLICYPRIV),
    e("1.2.840.113635.100.4.17", "Configuration profile signing (QA)", Eku, SECPOLICYPRIV),
    e("1.2.840.113635.100.4.19", "Wallet order bundle signing", Eku, SECPOLICY),
    e("1.2.840.113635.100.5.1", "Apple certificate policy", Policy, CERTVALUES),
    e("1.2.840.113635.100.5.2", ".Mac certificate policy", Policy, CERTVALUES),
    e("1.2.840.113635.100.5.3", "Apple Developer Connection certificate policy", Policy, CERTVALUES),
    e("1.2.840.113635.100.5.6.1", "Mac App Store receipt certificate policy", Policy, OIDSBASE),
    e("1.2.840.113635.100.5.7.1", "Apple ID sharing certificate policy", Policy, OIDSBASE),
    e("1.2.840.113635.100.5.12", "Mobile Store signing certificate policy", Policy, OIDSBASE),
    e("1.2.840.113635.100.5.12.1", "Mobile Store signing certificate policy (test)", Policy, OIDSBASE),
    e("1.2.840.113635.100.6.1.1", "Apple signing (Apple-released code)", Ext, CERTVALUES),
    e("1.2.840.113635.100.6.1.2", "iPhone Developer / Apple Development", Ext, LWCR),
    e("1.2.840.113635.100.6.1.2.0", "Apple Developer Connection development signing", Ext, CERTVALUES),
    e("1.2.840.113635.100.6.1.2.0.0", "Apple Developer Connection Apple signing", Ext, CERTVALUES),
    e("1.2.840.113635.100.6.1.3", "iOS App Store application signing", Ext, LWCR),
    e("1.2.840.113635.100.6.1.3.1", "iOS App Store application signing (QA)", Ext, LWCR),
    e("1.2.840.113635.100.6.1.4", "iPhone Distribution / Apple Distribution", Ext, STATICCODE),
    e("1.2.840.113635.100.6.1.5", "Safari Developer", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.1.6", "iPhone VPN application signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.6.1", "iPhone VPN application signing (QA)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.7", "Mac application distribution (3rd Party Mac Developer Application)", Ext, STATICCODE),
    e("1.2.840.113635.100.6.1.8", "3rd Party Mac Developer Installer (Mac Installer Distribution)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.9", "Mac App Store application signing", Ext, LWCR),
    e("1.2.840.113635.100.6.1.9.1", "Mac App Store application signing (QA)", Ext, LWCR),
    e("1.2.840.113635.100.6.1.10", "Mac App Store installer signing", Ext, POLICYDB),
    e("1.2.840.113635.100.6.1.10.1", "Mac App Store installer signing (QA)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.12", "Mac Developer", Ext, LWCR),
    e("1.2.840.113635.100.6.1.13", "Developer ID Application", Ext, LWCR),
    e("1.2.840.113635.100.6.1.14", "Developer ID Installer", Ext, POLICYDB),
    e("1.2.840.113635.100.6.1.16", "Passbook signing marker", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.1.17", "Website push notification signing", Ext, RCODESIGN),
    e("1.2.840.113635.100.6.1.18", "Developer ID kernel extension signing", Ext, RCODESIGN),
    e("1.2.840.113635.100.6.1.24", "tvOS App Store application signing", Ext, LWCR),
    e("1.2.840.113635.100.6.1.24.1", "tvOS App Store application signing (QA)", Ext, LWCR),
    e("1.2.840.113635.100.6.1.25.1", "TestFlight application signing", Ext, LWCR),
    e("1.2.840.113635.100.6.1.25.2", "TestFlight application signing (QA)", Ext, LWCR),
    e("1.2.840.113635.100.6.1.30", "Developer ID plus ticket signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.32", "Cloud managed signing certificate", Ext, DEVID_CPS),
    e("1.2.840.113635.100.6.1.33", "Developer ID date (issuance date, compared for notarization)", Ext, POLICYDB),
    e("1.2.840.113635.100.6.1.35", "Swift Package Registry signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.36", "visionOS application signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.1.36.1", "visionOS application signing (QA)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.2.1", "Apple Worldwide Developer Relations CA marker", Ext, LWCR),
    e("1.2.840.113635.100.6.2.2", "iTunes Store CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.3", "Apple Application Integration CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.6", "Developer ID CA marker", Ext, LWCR),
    e("1.2.840.113635.100.6.2.7", "Apple ID CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.9", "Apple Timestamp CA marker", Ext, RCODESIGN_FIX),
    e("1.2.840.113635.100.6.2.10", "Apple System Integration 2 CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.11", "Developer Authentication CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.12", "Apple Server Authentication CA marker", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.2.13", "Apple System Integration CA - G3 marker", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.2.14", "Apple Application Integration CA - G3 marker", Ext, RCODESIGN_FIX),
    e("1.2.840.113635.100.6.2.15", "Apple Worldwide Developer Relations CA - G2 marker", Ext, RCODESIGN_FIX),
    e("1.2.840.113635.100.6.2.16", "HomeKit server authentication CA marker", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.2.19", "Apple Software Update CA marker", Ext, RCODESIGN_FIX),
    e("1.2.840.113635.100.6.2.31", "Apple Application Integration CA 7 - G1 marker", Ext, RCODESIGN_FIX),
    e("1.2.840.113635.100.6.3.1", "Apple Push Notification service, development", Ext, WWDR_CPS_APNS),
    e("1.2.840.113635.100.6.3.2", "Apple Push Notification service, production", Ext, WWDR_CPS_APNS),
    e("1.2.840.113635.100.6.3.6", "Apple Push Notification service topics", Ext, WWDR_CPS_APNS),
    e("1.2.840.113635.100.6.11.1", "Mac App Store receipt signing", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.22", "macOS profile application signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.22.1", "macOS profile application signing (QA)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.23.1", "Apple escrow service", Ext, OIDSBASE),
    e("1.2.840.113635.100.6.25", "Apple ID validation record signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.27.1", "Apple server authentication", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.3.2", "Apple server authentication, PPQ", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.4.2", "Apple server authentication, IDS", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.5.2", "Apple server authentication, APNs", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.6.2", "Apple server authentication, Find My iPhone", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.7.2", "Apple server authentication, escrow proxy", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.8.2", "Apple server authentication, AST2 diagnostics", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.9", "Apple server authentication, HomeKit", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.11.2", "Apple server authentication, MMCS", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.27.15.2", "Apple server authentication, iCloud setup", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.30", "Apple SMP encryption", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.36", "iAP authentication v3 capabilities", Ext, SECCERT),
    e("1.2.840.113635.100.6.38.1", "Apple PPQ signing (test)", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.38.2", "Apple PPQ signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.39", "Apple Pay issuer encryption", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.43", "Apple TV VPN profile signing", Ext, SECPOLICY),
    e("1.2.840.113635.100.6.44", "Apple unique device certificate CA marker (value \"ucrt\")", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.6.51", "Valid update signing", Ext, REVDB),
    e("1.2.840.113635.100.6.59.1", "iAP software authentication, general capabilities", Ext, SECCERT),
    e("1.2.840.113635.100.6.59.2", "iAP software authentication, AirPlay capabilities", Ext, SECCERT),
    e("1.2.840.113635.100.6.59.3", "iAP software authentication, HomeKit capabilities", Ext, SECCERT),
    e("1.2.840.113635.100.6.59.4", "iAP software authentication, FairPlay capabilities", Ext, SECCERT),
    e("1.2.840.113635.100.6.71.1", "iAP authentication v4 properties", Ext, SECCERT),
    e("1.2.840.113635.100.6.92", "Identity web presentment", Ext, SECPOLICYPRIV),
    e("1.2.840.113635.100.8.9.1", "Device serial number", Att, MDA_SMALLSTEP),
    e("1.2.840.113635.100.8.9.2", "Device UDID", Att, MDA_SMALLSTEP),
    e("1.2.840.113635.100.8.9.3", "Attested public key", Att, ACME_TEST),
    e("1.2.840.113635.100.8.9.4", "Software Update device ID", Att, MDA_172),
    e("1.2.840.113635.100.8.10.1", "OS version", Att, MDA_172),
    e("1.2.840.113635.100.8.10.2", "sepOS version", Att, MDA_SMALLSTEP),
    e("1.2.840.113635.100.8.10.3", "LLB (Low Level Bootloader) version", Att, MDA_172),
    e("1.2.840.113635.100.8.11.1", "Freshness code (nonce)", Att, MDA_SMALLSTEP),
    e("1.2.840.113635.100.8.13.1", "System Integrity Protection status (0 enabled, 1 disabled)", Att, MDA_142),
    e("1.2.840.113635.100.8.13.2", "Secure Boot level (Full, Reduced or Permissive Security)", Att, MDA_142),
    e("1.2.840.113635.100.8.13.3", "Third-party kernel extensions allowed (0 not allowed)", Att, MDA_142),
    e("1.2.840.113635.100.10.1", "Apple unique device certificate (leaf marker)", Ext, SECPOLICY),
    e("1.2.840.113635.100.11.1", "Apple component certificate (leaf marker)", Ext, SECPOLICY),
];

/// The documented Apple OID with this dotted form, if any.
pub fn apple_oid(oid: &str) -> Option<&'static AppleOid> {
    APPLE_OIDS.iter().find(|a| a.oid == oid)
}

/// Whether a dotted OID lies under Apple's arc 1.2.840.113635 (the arc itself included).
pub fn is_apple_arc(oid: &str) -> bool {
    oid.strip_prefix(APPLE_ARC).is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arcs(oid: &str) -> Vec<u64> {
        oid.split('.').map(|a| a.parse().expect("numeric arc")).collect() // ok: test
    }

    #[test]
    fn table_is_sorted_unique_and_under_apples_arc() {
        for w in APPLE_OIDS.windows(2) {
            assert!(arcs(w[0].oid) < arcs(w[1].oid), "{} must come before {}", w[0].oid, w[1].oid);
        }
        for a in APPLE_OIDS {
            assert!(is_apple_arc(a.oid), "{} is not under Apple's arc", a.oid);
            assert!(!a.name.is_empty() && !a.source.is_empty(), "{} needs a name and a source", a.oid);
        }
    }

    #[test]
    fn markers_on_the_real_developer_id_chain_are_known() {
        // Taken from tests/fixtures/apple-pki (openssl x509 -text): the Developer ID CA's marker,
        // the critical leaf markers and the Developer ID Installer EKU.
        let dev_id_app = apple_oid("1.2.840.113635.100.6.1.13").expect("listed"); // ok: test
        assert_eq!((dev_id_app.name, dev_id_app.kind), ("Developer ID Application", AppleOidKind::Extension));
        assert_eq!(apple_oid("1.2.840.113635.100.6.1.14").map(|a| a.name), Some("Developer ID Installer"));
        assert_eq!(apple_oid("1.2.840.113635.100.4.13").map(|a| a.kind), Some(AppleOidKind::Eku));
        assert_eq!(apple_oid("1.2.840.113635.100.6.2.6").map(|a| a.name), Some("Developer ID CA marker"));
        assert_eq!(apple_oid("1.2.840.113635.100.5.1").map(|a| a.kind), Some(AppleOidKind::Policy));
        assert_eq!(apple_oid("1.2.840.113635.100.8.13.1").map(|a| a.kind), Some(AppleOidKind::AttestationField));
    }

    fn ext(oid: &str, der: &[u8]) -> crate::cert::Extension {
        crate::cert::Extension { oid: oid.into(), name: String::new(), critical: false, value: Vec::new(), hex: None, der: Some(der.to_vec()) }
    }

    /// The MDM vendor marker is taken only as Apple's vendor certificates carry it: once, NULL.
    #[test]
    fn the_mdm_vendor_marker_is_one_null_extension() {
        let null = ext(MDM_VENDOR_MARKER, &[0x05, 0x00]);
        assert_eq!(null_marker(&[], MDM_VENDOR_MARKER), Marker::Absent);
        assert_eq!(null_marker(&[ext("1.2.840.113635.100.4.11", &[0x05, 0x00])], MDM_VENDOR_MARKER), Marker::Absent);
        assert_eq!(null_marker(std::slice::from_ref(&null), MDM_VENDOR_MARKER), Marker::Null);
        let mut critical = null.clone();
        critical.critical = true;
        assert_eq!(null_marker(&[critical], MDM_VENDOR_MARKER), Marker::Null);
        for other in [&[0x01, 0x01, 0xFF][..], &[], &[0x05, 0x00, 0x00], &[0x05, 0x01, 0x00], &[0x0C, 0x00]] {
            assert_eq!(null_marker(&[ext(MDM_VENDOR_MARKER, other)], MDM_VENDOR_MARKER), Marker::Other, "{other:02X?}");
        }
        let mut undecoded = null.clone();
        undecoded.der = None;
        assert_eq!(null_marker(&[undecoded], MDM_VENDOR_MARKER), Marker::Other);
        assert_eq!(null_marker(&[null.clone(), null], MDM_VENDOR_MARKER), Marker::Other);
        assert_eq!(apple_oid(MDM_VENDOR_MARKER).map(|a| a.kind), Some(AppleOidKind::Extension));
    }

    #[test]
    fn unknown_oids_are_not_named_but_the_arc_is_recognised() {
        assert!(apple_oid("1.2.840.113635.100.6.99999.99999").is_none());
        assert!(is_apple_arc("1.2.840.113635.100.6.99999.99999"));
        assert!(is_apple_arc(APPLE_ARC));
        // A prefix that is not a whole arc is not Apple's.
        assert!(!is_apple_arc("1.2.840.1136350.1"));
        assert!(!is_apple_arc("1.2.840.113549.1.1.11"));
        assert!(apple_oid("1.2.840.113549.1.1.11").is_none());
    }
}
