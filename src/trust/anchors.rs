//! Trust anchors: Apple's three CAs, pinned by certificate and key hash, and Mozilla's public
//! roots from the `webpki-roots` crate.

use crate::asn1::{push_header, tag, Asn1Error, Reader};
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

/// Apple Root CA - G2 (2014–2039, RSA-4096) and Apple Root CA - G3 (2014–2039, P-384).
pub const APPLE_ROOT_G2_SHA256: &str = "C2B9B042DD57830E7D117DAC55AC8AE19407D38E41D88F3215BC3A890444A050";
pub const APPLE_ROOT_G2_SPKI_SHA256: &str = "674039E472561963C8CB00D21A97A90A18BB8A1C4C317AC67E382A652BB573C0";
pub const APPLE_ROOT_G3_SHA256: &str = "63343ABFB89A6A03EBB57E9B3F5FA7BE7C4F5C756F3017B3A8C488C3653E9179";
pub const APPLE_ROOT_G3_SPKI_SHA256: &str = "9B219D0FBFF36A5FB32090571906BCEEA68617C833A3F61B81E962A8E64DB8AF";
const APPLE_ROOT_G2_DER: &[u8] = include_bytes!("anchors/apple-root-ca-g2-2014-rsa.der");
const APPLE_ROOT_G3_DER: &[u8] = include_bytes!("anchors/apple-root-ca-g3-2014-p384.der");

/// Apple's public intermediates (tests/fixtures/apple-pki/README.md lists each with its origin).
/// They are path candidates only: a chain through one is trusted because its signatures verify
/// up to a pinned root's key, never because of these bytes or names.
const APPLE_INTERMEDIATES_DER: &[&[u8]] = &[
    include_bytes!("anchors/developer-id-ca-2012-2027.der"),
    include_bytes!("anchors/developer-id-ca-g2-2021-2031.der"),
    include_bytes!("anchors/apple-wwdr-ca-2013-2023.der"),
    include_bytes!("anchors/apple-wwdr-ca-g2-2014-2029-p256.der"),
    include_bytes!("anchors/apple-wwdr-ca-g3-2020-2030.der"),
    include_bytes!("anchors/apple-wwdr-ca-g4-2020-2030.der"),
    include_bytes!("anchors/apple-wwdr-ca-g5-2020-2030.der"),
    include_bytes!("anchors/apple-wwdr-ca-g6-2021-2036-p384.der"),
    include_bytes!("anchors/apple-wwdr-ca-g7-2022-2023.der"),
    include_bytes!("anchors/apple-wwdr-ca-g8-2023-2025.der"),
    include_bytes!("anchors/apple-application-integration-2-ca-2013-2028.der"),
    include_bytes!("anchors/apple-application-integration-ca-2016-2026.der"),
    include_bytes!("anchors/apple-application-integration-ca-g3-2014-2029-p256.der"),
    include_bytes!("anchors/apple-application-integration-ca5-g1-2019-2034-p256.der"),
    include_bytes!("anchors/apple-application-integration-ca7-g1-2023-2038-p384.der"),
    include_bytes!("anchors/developer-authentication-ca-2013-2028.der"),
    include_bytes!("anchors/apple-timestamp-ca-2012-2027.der"),
    include_bytes!("anchors/apple-software-update-ca-2019-2031.der"),
];

const APPLE_ATTESTATION_ROOT_DER: &[u8] = include_bytes!("anchors/apple-enterprise-attestation-root-ca-2022-p384.der");
const APPLE_ROOT_CA_DER: &[u8] = include_bytes!("anchors/apple-root-ca-2006-rsa.der");
const APPLE_IPHONE_CA_DER: &[u8] = include_bytes!("anchors/apple-iphone-certification-authority-2007-2022.der");
const APPLE_DEVICE_CA_DER: &[u8] = include_bytes!("anchors/apple-iphone-device-ca-2007-2014.der");

/// Where an anchor comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    AppleRoot,
    /// Apple Enterprise Attestation Root CA: the root of Managed Device Attestation only.
    AppleAttestationRoot,
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
        Anchor { kind, subject: cert.subject.clone(), key: cert.public_key.clone(), name_constraints: cert.name_constraints.clone(), cert: Some(cert) }
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
    /// Apple's other pinned roots (Root CA - G2, G3), trusted as Apple's.
    pub other_roots: Vec<Certificate>,
    /// Apple Enterprise Attestation Root CA, the only anchor of the `device-attestation` role.
    pub attestation_root: Option<Certificate>,
    /// Apple's public intermediates (Developer ID, WWDR, Application Integration, …).
    pub intermediates: Vec<Certificate>,
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
            other_roots: vec![
                load(APPLE_ROOT_G2_DER, APPLE_ROOT_G2_SHA256, APPLE_ROOT_G2_SPKI_SHA256),
                load(APPLE_ROOT_G3_DER, APPLE_ROOT_G3_SHA256, APPLE_ROOT_G3_SPKI_SHA256),
            ],
            attestation_root: Some(load(APPLE_ATTESTATION_ROOT_DER, APPLE_ATTESTATION_ROOT_SHA256, APPLE_ATTESTATION_ROOT_SPKI_SHA256)),
            intermediates: APPLE_INTERMEDIATES_DER.iter().filter_map(|d| Certificate::from_der(d).ok()).collect(),
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
        AppleCas { root, iphone_ca, device_ca, other_roots, attestation_root: None, intermediates: Vec::new(), device_ca_anchor, device_ca_index }
    }

    /// The caller's certificate in the place of Apple Enterprise Attestation Root CA (native
    /// tests, with [`AppleCas::from_certs`]).
    pub fn with_attestation_root(mut self, root: Certificate) -> Self {
        self.attestation_root = Some(root);
        self
    }
}

fn wrap(tag_byte: u8, contents: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(contents.len() + 4);
    push_header(&mut v, tag_byte, contents.len());
    v.extend_from_slice(contents);
    v
}

/// Mozilla's roots (`webpki-roots`) as one DER file, the form the page loads them in
/// (`static/mozilla-roots.der`, fetched beside the wasm rather than compiled into it): a
/// SEQUENCE holding, per root, SEQUENCE { subject Name, SubjectPublicKeyInfo, NameConstraints
/// OPTIONAL }. `webpki-roots` stores the *contents* of each of the three; here each is re-wrapped
/// in its SEQUENCE, so every part is a complete DER structure.
pub fn mozilla_roots_der() -> Vec<u8> {
    let mut roots = Vec::new();
    for ta in webpki_roots::TLS_SERVER_ROOTS {
        let mut entry = wrap(tag::SEQUENCE, ta.subject.as_ref());
        entry.extend(wrap(tag::SEQUENCE, ta.subject_public_key_info.as_ref()));
        if let Some(nc) = &ta.name_constraints {
            entry.extend(wrap(tag::SEQUENCE, nc.as_ref()));
        }
        roots.extend(wrap(tag::SEQUENCE, &entry));
    }
    wrap(tag::SEQUENCE, &roots)
}

/// Mozilla's roots as anchors, from the crate (the command-line tool and native tests). They go
/// through [`mozilla_roots_der`] and [`public_roots_from_der`], the page's path, so both shells
/// build the same anchors.
pub fn public_roots() -> Vec<Anchor> {
    public_roots_from_der(&mozilla_roots_der()).unwrap_or_else(|e| panic!("webpki-roots does not decode: {e}"))
    // ok: build-time constant
}

/// Why a roots file (see [`mozilla_roots_der`]) could not be read. A file that does not decode
/// whole is refused: no root is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RootsError {
    Asn1(Asn1Error),
    /// Root number `index` (from 1) has a part that does not decode.
    Root {
        index: usize,
        part: &'static str,
    },
    /// Bytes after the roots' SEQUENCE.
    TrailingBytes,
}

impl std::fmt::Display for RootsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RootsError::Asn1(e) => write!(f, "the roots file is not the expected DER: {e}"),
            RootsError::Root { index, part } => write!(f, "root {index} of the roots file has a {part} that does not decode"),
            RootsError::TrailingBytes => write!(f, "the roots file has bytes after its roots"),
        }
    }
}

impl std::error::Error for RootsError {}

impl From<Asn1Error> for RootsError {
    fn from(e: Asn1Error) -> Self {
        RootsError::Asn1(e)
    }
}

/// Mozilla's roots as anchors, from the bytes of [`mozilla_roots_der`] (the page passes the file
/// it loaded). A constrained root keeps its NameConstraints (one root today: permitted DNS
/// ".tr"); they apply to every chain under it (RFC 5280 §6.1.1 via the trust anchor's
/// information, RFC 5937). webpki-roots writes the DNS base ".tr", the leading-period form webpki
/// reads as "names under tr": kept as written, and read by the one rule for DNS bases,
/// [`super::nc::dns_base`] (applied with [`super::nc::Syntax::MozillaList`]).
pub fn public_roots_from_der(der: &[u8]) -> Result<Vec<Anchor>, RootsError> {
    let mut outer = Reader::new(der);
    let all = outer.read_tag(tag::SEQUENCE, "the SEQUENCE of roots")?;
    if !outer.is_empty() {
        return Err(RootsError::TrailingBytes);
    }
    let mut roots = all.reader();
    let mut anchors = Vec::new();
    while !roots.is_empty() {
        let index = anchors.len() + 1;
        let bad = |part| RootsError::Root { index, part };
        let mut entry = roots.read_tag(tag::SEQUENCE, "a root")?.reader();
        let subject = Name::from_der(entry.read_tag(tag::SEQUENCE, "a subject Name")?.raw).ok_or(bad("subject name"))?;
        let key = PublicKey::from_spki_der(entry.read_tag(tag::SEQUENCE, "a SubjectPublicKeyInfo")?.raw).ok_or(bad("public key"))?;
        let name_constraints = match entry.read_optional(tag::SEQUENCE)? {
            Some(nc) => Some(NameConstraints::from_der(nc.raw).ok_or(bad("name constraint"))?),
            None => None,
        };
        if !entry.is_empty() {
            return Err(bad("trailing field"));
        }
        anchors.push(Anchor { kind: AnchorKind::Public, subject, key, cert: None, name_constraints });
    }
    Ok(anchors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cert::GeneralName;

    #[test]
    fn public_roots_keep_their_name_constraints() {
        let roots = public_roots();
        assert_eq!(roots.len(), webpki_roots::TLS_SERVER_ROOTS.len(), "every root decodes");
        let constrained: Vec<&Anchor> = roots.iter().filter(|a| a.name_constraints.is_some()).collect();
        let expected = webpki_roots::TLS_SERVER_ROOTS.iter().filter(|t| t.name_constraints.is_some()).count();
        assert!(expected > 0);
        assert_eq!(constrained.len(), expected);
        let tr = constrained.iter().find_map(|a| a.name_constraints.as_ref().filter(|nc| nc.permitted.contains(&GeneralName::Dns(".tr".into()))));
        assert!(tr.is_some(), "{:?}", constrained.iter().map(|a| &a.name_constraints).collect::<Vec<_>>());
    }

    /// The roots file the page loads, as committed.
    const ROOTS_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/mozilla-roots.der");

    /// The committed file can never go stale: it must be exactly what this build's webpki-roots
    /// gives (after updating the crate, regenerate it with `CERTSCOPE_BLESS=1 cargo test --lib
    /// roots_file`).
    #[test]
    fn roots_file_is_what_webpki_roots_gives() {
        let expected = mozilla_roots_der();
        if std::env::var_os("CERTSCOPE_BLESS").is_some() {
            std::fs::write(ROOTS_FILE, &expected).expect("write the roots file");
            // ok: test
        }
        let committed = std::fs::read(ROOTS_FILE).expect("static/mozilla-roots.der"); // ok: test
        assert!(
            committed == expected,
            "static/mozilla-roots.der differs from webpki-roots ({} bytes, expected {}): regenerate it with CERTSCOPE_BLESS=1 cargo test --lib roots_file",
            committed.len(),
            expected.len()
        );
    }

    /// The page's store (Apple's CAs + the roots file) is the command-line tool's store.
    #[test]
    fn the_page_and_the_cli_build_the_same_store() {
        let file = std::fs::read(ROOTS_FILE).expect("static/mozilla-roots.der"); // ok: test
        let page = crate::trust::TrustStore::with_public_roots(AppleCas::load(), public_roots_from_der(&file).expect("roots")); // ok: test
        let cli = crate::trust::TrustStore::builtin();
        assert_eq!(page.anchors.len(), 4 + webpki_roots::TLS_SERVER_ROOTS.len());
        assert_eq!(format!("{:?}", page.anchors), format!("{:?}", cli.anchors));
        assert_eq!(format!("{:?}", page.intermediates), format!("{:?}", cli.intermediates));
        let sorted = |s: &crate::trust::TrustStore| s.anchor_index.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<std::collections::BTreeMap<_, _>>();
        assert_eq!(sorted(&page), sorted(&cli));
    }

    #[test]
    fn a_damaged_roots_file_is_refused_whole() {
        let good = mozilla_roots_der();
        assert!(matches!(public_roots_from_der(&good[..good.len() - 1]), Err(RootsError::Asn1(_))));
        assert_eq!(public_roots_from_der(&[good.as_slice(), &[0]].concat()).err(), Some(RootsError::TrailingBytes));
        assert!(public_roots_from_der(&[]).is_err());
        // The first root's key replaced by a SEQUENCE that is no SubjectPublicKeyInfo.
        let mut entry = wrap(tag::SEQUENCE, webpki_roots::TLS_SERVER_ROOTS[0].subject.as_ref());
        entry.extend(wrap(tag::SEQUENCE, &[0x05, 0x00]));
        let damaged = wrap(tag::SEQUENCE, &wrap(tag::SEQUENCE, &entry));
        assert_eq!(public_roots_from_der(&damaged).err(), Some(RootsError::Root { index: 1, part: "public key" }));
        assert_eq!(public_roots_from_der(&wrap(tag::SEQUENCE, &[])).map(|r| r.len()), Ok(0));
    }
}
