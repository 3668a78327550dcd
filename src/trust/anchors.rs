//! Trust anchors: Apple's three CAs, pinned by certificate and key hash, and Mozilla's public
//! roots from the `webpki-roots` crate.

use crate::asn1::{push_header, tag};
use crate::cert::{Certificate, Name, NameConstraints, PublicKey};

/// SHA-256 of the Apple Root CA certificate (2006, RSA-2048).
pub const APPLE_ROOT_CA_SHA256: &str = "B0B1730ECBC7FF4505142C49F1295E6EDA6BCAED7E2C68C5BE91B5A11001F024";
/// SHA-256 of the Apple iPhone Certification Authority certificate (2007–2022).
pub const APPLE_IPHONE_CA_SHA256: &str = "E4E2936D3C076EC4AEA8AC37277524950CA005894B39BBA2D347FA33155AE5FA";
/// SHA-256 of the Apple iPhone Device CA certificate (2007–2014, RSA-1024).
pub const APPLE_DEVICE_CA_SHA256: &str = "76F27D00E1333BC88DE0E2916C38C9A7F2B75774C25A794C092A80E3C4C66CCE";
/// SHA-256 of each one's SubjectPublicKeyInfo: the keys device identities must chain to.
pub const APPLE_ROOT_CA_SPKI_SHA256: &str = "EB4993EFA9B089E593418AA893F8E93A7374D810E52FCBE01E7F1D7E92A6D024";
pub const APPLE_IPHONE_CA_SPKI_SHA256: &str = "74B67DB15C23CC36AB2A356BD1EC2DCB27542E5509B757A9162DBBBE424A4E7C";
pub const APPLE_DEVICE_CA_SPKI_SHA256: &str = "13686EC675F9FD26A123ADB17B5533F593CF451EDD6105AE39B748277A3922E5";

/// SHA-256 of the Apple Enterprise Attestation Root CA certificate (2022–2047, P-384): the root
/// of Managed Device Attestation, a separate PKI that issues no device identities.
pub const APPLE_ATTESTATION_ROOT_SHA256: &str = "CCF59EF8FCB3017D97F8B5FA6FA90E7A3F9283F76B55AC6CF6EDA8B8B949F05B";
pub const APPLE_ATTESTATION_ROOT_SPKI_SHA256: &str = "4179683E87E3F483849848B3EB80E08ECDF52E3F1A99DD1340F29B88ECBC2041";

const APPLE_ATTESTATION_ROOT_DER: &[u8] = include_bytes!("anchors/apple-enterprise-attestation-root-ca-2022-p384.der");
const APPLE_ROOT_CA_DER: &[u8] = include_bytes!("anchors/apple-root-ca-2006-rsa.der");
const APPLE_IPHONE_CA_DER: &[u8] = include_bytes!("anchors/apple-iphone-certification-authority-2007-2022.der");
const APPLE_DEVICE_CA_DER: &[u8] = include_bytes!("anchors/apple-iphone-device-ca-2007-2014.der");

/// Where an anchor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    AppleRoot,
    /// Apple iPhone Device CA, used as the anchor of the strict check for device identities.
    AppleDeviceCa,
    /// Mozilla's root program, via `webpki-roots`.
    Public,
    /// Given by the caller (tests, x509-limbo).
    Custom,
}

/// A trusted key with its name. `cert` is present when the anchor is a certificate; then the
/// strict check also applies RFC 5280's rules to it (validity, extensions).
#[derive(Debug, Clone)]
pub struct Anchor {
    pub kind: AnchorKind,
    pub subject: Name,
    pub key: PublicKey,
    pub cert: Option<Certificate>,
    pub name_constraints: Option<NameConstraints>,
}

impl Anchor {
    pub fn from_cert(cert: Certificate, kind: AnchorKind) -> Self {
        Anchor {
            kind,
            subject: cert.subject.clone(),
            key: cert.public_key.clone(),
            name_constraints: cert.name_constraints.clone(),
            cert: Some(cert),
        }
    }

    pub fn label(&self) -> String {
        self.subject.common_name().map(str::to_string).unwrap_or_else(|| self.subject.rfc4514.clone())
    }

    /// The anchor's identity for chains: its certificate hash, or its key hash.
    pub fn id(&self) -> &str {
        self.cert.as_ref().map(|c| c.sha256.as_str()).unwrap_or(self.key.spki_sha256.as_str())
    }
}

/// Apple's three CAs, decoded once. Each is checked against its pinned hashes.
#[derive(Debug, Clone)]
pub struct AppleCas {
    pub root: Certificate,
    pub iphone_ca: Certificate,
    pub device_ca: Certificate,
    /// Apple's other pinned roots (Enterprise Attestation Root CA, …), trusted as Apple's.
    pub other_roots: Vec<Certificate>,
    /// The Device CA as the strict check's anchor for device identities, and its index.
    pub device_ca_anchor: Anchor,
    pub device_ca_index: std::collections::HashMap<String, Vec<usize>>,
}

impl AppleCas {
    pub fn load() -> Self {
        let load = |der: &[u8], sha: &str, spki: &str| {
            let c = Certificate::from_der(der).unwrap_or_else(|e| panic!("embedded Apple CA does not decode: {e}")); // ok: build-time constant
            assert_eq!(c.sha256, sha, "embedded Apple CA differs from its pin"); // ok: build-time constant
            assert_eq!(c.public_key.spki_sha256, spki, "embedded Apple CA key differs from its pin"); // ok: build-time constant
            c
        };
        let device_ca = load(APPLE_DEVICE_CA_DER, APPLE_DEVICE_CA_SHA256, APPLE_DEVICE_CA_SPKI_SHA256);
        let device_ca_anchor = Anchor::from_cert(device_ca.clone(), AnchorKind::AppleDeviceCa);
        let device_ca_index = [(device_ca.subject.key.clone(), vec![0])].into_iter().collect();
        AppleCas {
            root: load(APPLE_ROOT_CA_DER, APPLE_ROOT_CA_SHA256, APPLE_ROOT_CA_SPKI_SHA256),
            iphone_ca: load(APPLE_IPHONE_CA_DER, APPLE_IPHONE_CA_SHA256, APPLE_IPHONE_CA_SPKI_SHA256),
            device_ca,
            other_roots: vec![load(APPLE_ATTESTATION_ROOT_DER, APPLE_ATTESTATION_ROOT_SHA256, APPLE_ATTESTATION_ROOT_SPKI_SHA256)],
            device_ca_anchor,
            device_ca_index,
        }
    }

    /// Apple's CAs from the caller's certificates, checked by nothing but the caller: for native
    /// tests that put a test key in Apple's place to exercise Apple roles (the page's build uses
    /// [`AppleCas::load`] only).
    pub fn from_certs(root: Certificate, iphone_ca: Certificate, device_ca: Certificate, other_roots: Vec<Certificate>) -> Self {
        let device_ca_anchor = Anchor::from_cert(device_ca.clone(), AnchorKind::AppleDeviceCa);
        let device_ca_index = [(device_ca.subject.key.clone(), vec![0])].into_iter().collect();
        AppleCas { root, iphone_ca, device_ca, other_roots, device_ca_anchor, device_ca_index }
    }
}

fn wrap(tag_byte: u8, contents: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(contents.len() + 4);
    push_header(&mut v, tag_byte, contents.len());
    v.extend_from_slice(contents);
    v
}

/// Mozilla's roots as anchors. `webpki-roots` stores the *contents* of the subject Name and of
/// the SubjectPublicKeyInfo; both are re-wrapped in their SEQUENCE to decode them.
pub fn public_roots() -> Vec<Anchor> {
    webpki_roots::TLS_SERVER_ROOTS
        .iter()
        .filter_map(|ta| {
            let subject = Name::from_der(&wrap(tag::SEQUENCE, ta.subject.as_ref()))?;
            let key = PublicKey::from_spki_der(&wrap(tag::SEQUENCE, ta.subject_public_key_info.as_ref()))?;
            Some(Anchor { kind: AnchorKind::Public, subject, key, cert: None, name_constraints: None })
        })
        .collect()
}
