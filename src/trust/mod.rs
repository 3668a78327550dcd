//! Trust: signatures, path building, RFC 5280 checks, and Apple's device rule.
//!
//! Two verdicts per certificate:
//! - [`apple::apple_device_rule`]: Apple's SecPolicyCreateiPhoneDeviceCertificate — exactly
//!   leaf → Apple iPhone Device CA → Apple iPhone Certification Authority → Apple Root CA, every
//!   signature checked against the pinned keys, no validity dates.
//! - [`path_verdict`]: RFC 5280 path validation at a given time under a rule set: the strict
//!   check, as a date-checking server does ([`Rules::Rfc5280`]), or what macOS would say
//!   ([`Rules::Macos`]).
//!
//! The evaluation time is always an argument.

pub mod anchors;
pub mod apple;
mod budget;
pub mod checks;
mod ed25519_point;
pub mod evaluate;
#[cfg(not(target_arch = "wasm32"))]
mod native_verify;
pub mod nc;
mod path;
pub mod policy;
pub mod public_suffix;
pub mod revocation;
mod sig_error;
pub mod sig_parse;
pub mod signature;
pub mod tls;
mod verifier;

pub use anchors::{Anchor, AnchorKind, AppleCas};
pub use budget::{Budget, ReportBudget, MAX_CHAIN_LENGTH, MAX_ISSUER_CANDIDATES, SIGNATURE_BUDGET};
pub use evaluate::{evaluate, Evaluation};
pub use path::{path_verdict, PathVerdict, Pool};
pub use policy::PolicyInputs;
pub use revocation::CrlSet;
pub use verifier::{Answer, CheckId, SignatureCache, SignatureCheck, SignatureResults};

use crate::cert::Certificate;
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::HashMap;

/// What kind of failure a reason is; the order is the headline rank (most severe last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// Outside the validity period.
    Time,
    /// A rule of RFC 5280 on the encoding.
    Malformed,
    /// A constraint on the path (CA flag, path length, name constraints, usage).
    Constraint,
    /// The work budget ran out.
    Budget,
    /// An algorithm certscope cannot check: unknown, not wrong (kept apart from "invalid").
    Unsupported,
    /// No path to a trusted anchor.
    Untrusted,
    /// Revoked, or revocation undecided, by the CRLs given (RFC 5280 §6.3).
    Revocation,
    /// A signature that does not verify.
    Signature,
}

crate::wire::wire_enum! {
    /// The stable code of a reason (JSON `reason_codes`).
    pub enum ReasonCode {
        AppleCaSignature = "apple-ca-signature",
        BadSerial = "bad-serial",
        BadSignature = "bad-signature",
        BasicConstraintsNotCritical = "basic-constraints-not-critical",
        /// A CA certificate as a TLS server's certificate (`verdicts.tls`).
        CaAsServer = "ca-as-server",
        /// A TLS server certificate's CN names a host that is not a subjectAltName entry.
        CnNotInSan = "cn-not-in-san",
        Budget = "budget",
        CaEmptySubject = "ca-empty-subject",
        ChainTooLong = "chain-too-long",
        DeviceIdentityIsCa = "device-identity-is-ca",
        EmptyEku = "empty-eku",
        EmptyIssuer = "empty-issuer",
        EmptySubjectSan = "empty-subject-san",
        Expired = "expired",
        ExtensionCriticality = "extension-criticality",
        IssuerNotCa = "issuer-not-ca",
        IssuerWithoutKeycertsign = "issuer-without-keycertsign",
        KeycertsignWithoutCa = "keycertsign-without-ca",
        MalformedExtension = "malformed-extension",
        MalformedName = "malformed-name",
        MalformedNameConstraint = "malformed-name-constraint",
        MalformedSan = "malformed-san",
        MissingAki = "missing-aki",
        MissingSki = "missing-ski",
        NameConstraintsInLeaf = "name-constraints-in-leaf",
        NameExcluded = "name-excluded",
        NameMismatch = "name-mismatch",
        NameNotPermitted = "name-not-permitted",
        NoValidPolicy = "no-valid-policy",
        NotSignedByApple = "not-signed-by-apple",
        NotYetValid = "not-yet-valid",
        PathLength = "path-length",
        PolicyMappingAny = "policy-mapping-any",
        /// A TLS server name matched only through a wildcard over a public suffix.
        PublicSuffixWildcard = "public-suffix-wildcard",
        /// A TLS server name matched only through a wildcard, and no Public Suffix List was
        /// given to tell whether it covers a public suffix: not checked, never bad.
        PublicSuffixNotChecked = "public-suffix-not-checked",
        PolicyRequired = "policy-required",
        Revoked = "revoked",
        /// A root of a TLS server chain that the web PKI's root profile forbids.
        RootProfile = "root-profile",
        /// A TLS server certificate without serverAuth, or with anyExtendedKeyUsage or a
        /// critical extKeyUsage.
        ServerEku = "server-eku",
        RevocationUnknown = "revocation-unknown",
        SignatureAlgorithmMismatch = "signature-algorithm-mismatch",
        /// A signature the verifier could not check (no WebCrypto, a browser that refused,
        /// the page stopped asking): not checked, never bad.
        SignatureNotChecked = "signature-not-checked",
        UnknownCriticalExtension = "unknown-critical-extension",
        UnsupportedAlgorithm = "unsupported-algorithm",
        Untrusted = "untrusted",
        UriWithoutHost = "uri-without-host",
        /// A TLS server certificate valid longer than Apple allows.
        ValidityTooLong = "validity-too-long",
        WeakKey = "weak-key",
        WeakSignature = "weak-signature",
        WrongEku = "wrong-eku",
    }
}

/// One reason a verdict failed, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub kind: ReasonKind,
    pub code: ReasonCode,
    pub text: String,
}

impl Reason {
    pub fn new(kind: ReasonKind, code: ReasonCode, text: String) -> Self {
        Reason { kind, code, text }
    }

    /// Something was not checked (a signature the verifier could not check, an algorithm the
    /// build lacks, the work budget spent): the verdict is unknown there, never bad.
    pub fn is_not_checked(&self) -> bool {
        matches!(self.code, ReasonCode::SignatureNotChecked | ReasonCode::UnsupportedAlgorithm | ReasonCode::Budget | ReasonCode::PublicSuffixNotChecked)
    }

    pub fn budget(what: &str) -> Self {
        Reason::new(
            ReasonKind::Budget,
            ReasonCode::Budget,
            format!("not checked: the check stopped after too many {what} (the input is too large, or built to stall the check)"),
        )
    }
}

/// The reason for a signature that did not verify: a mismatch is a bad signature (changed,
/// damaged or forged); an algorithm we cannot check is "unsupported", never "bad"; a broken
/// algorithm (MD2/MD5) is refused as weak.
pub fn signature_reason(err: &signature::SigError, signed: &str, signer: &str) -> Reason {
    use signature::SigError;
    match err {
        SigError::Unsupported(_) => {
            Reason::new(ReasonKind::Unsupported, ReasonCode::UnsupportedAlgorithm, format!("\"{signed}\" cannot be checked against \"{signer}\": {err}"))
        }
        SigError::NotChecked(why) => Reason::new(
            ReasonKind::Unsupported,
            ReasonCode::SignatureNotChecked,
            format!("the signature of \"{signer}\" on \"{signed}\" was not checked: {why}"),
        ),
        SigError::Weak(_) => Reason::new(ReasonKind::Constraint, ReasonCode::WeakSignature, format!("\"{signed}\" is {err}")),
        _ => Reason::new(ReasonKind::Signature, ReasonCode::BadSignature, format!("\"{signed}\" is not signed by the key of \"{signer}\" ({err})")),
    }
}

/// A verdict that failed only because something could not be checked: every reason is a
/// not-checked one ([`Reason::is_not_checked`]). Such a verdict is *not checked*, never
/// *failed*; a verdict with any other reason fails on that reason.
pub fn not_checked_only(reasons: &[Reason]) -> bool {
    !reasons.is_empty() && reasons.iter().all(Reason::is_not_checked)
}

/// The most severe reason: the one to show as the headline.
pub fn headline(reasons: &[Reason]) -> Option<&Reason> {
    reasons.iter().rev().max_by_key(|r| r.kind)
}

/// An expected peer name: a TLS server's name (`verdicts.tls`, [`tls`]) or a path-validation
/// suite's expected name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerName {
    Dns(String),
    Ip(Vec<u8>),
}

impl PeerName {
    /// A server name as a person types it: an IPv4 or IPv6 address (the octets), otherwise a
    /// DNS name (ASCII, compared case-insensitively; a trailing dot dropped). `None` when empty
    /// or not ASCII (an internationalised name is given in its `xn--` form), or longer than a
    /// domain name can be.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let bare = t.strip_prefix('[').and_then(|x| x.strip_suffix(']')).unwrap_or(t);
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            return Some(match ip {
                std::net::IpAddr::V4(a) => PeerName::Ip(a.octets().to_vec()),
                std::net::IpAddr::V6(a) => PeerName::Ip(a.octets().to_vec()),
            });
        }
        let host = t.trim_end_matches('.');
        // At most 253 characters, as a domain name (RFC 1035 §2.3.4): a longer text names no host.
        (!host.is_empty() && host.len() <= 253 && host.is_ascii()).then(|| PeerName::Dns(host.to_ascii_lowercase()))
    }
}

/// The name as people write it: the host, or the address (IPv6 in RFC 5952 form).
impl std::fmt::Display for PeerName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerName::Dns(host) => f.write_str(&crate::escape::visible(host)),
            PeerName::Ip(b) => match (<[u8; 4]>::try_from(b.as_slice()), <[u8; 16]>::try_from(b.as_slice())) {
                (Ok(v4), _) => write!(f, "{}", std::net::Ipv4Addr::from(v4)),
                (_, Ok(v6)) => write!(f, "{}", std::net::Ipv6Addr::from(v6)),
                _ => write!(f, "{}", crate::cert::hex_upper(b)),
            },
        }
    }
}

/// Which rules a path evaluation applies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rules {
    /// RFC 5280 path validation with its certificate-profile rules (the conformance check, as
    /// x509-limbo and PKITS test it).
    #[default]
    Rfc5280,
    /// What macOS's trust evaluation enforces for a signer (Security framework's basic X.509
    /// policy: signatures, dates, basicConstraints, keyUsage, name constraints, critical
    /// extensions, weak keys and hashes), without the RFC's profile rules on how a CA should
    /// have encoded a certificate. See [`checks::macos_enforces`].
    Macos,
    /// RFC 5280 as for [`Self::Rfc5280`], for a TLS server's chain (`tls::tls_verdict`): the
    /// CA/Browser Forum's one exception, name constraints need not be critical (Baseline
    /// Requirements §7.1.2.5.2: "As an explicit exception from RFC 5280, this extension SHOULD
    /// be marked critical"), as Apple's and the web PKI's clients read them.
    Tls,
}

/// Options of the strict check.
#[derive(Debug, Clone, Default)]
pub struct StrictOptions {
    pub rules: Rules,
    /// Required extended key usages (OIDs); empty means any.
    pub eku: Vec<String>,
    pub peer_name: Option<PeerName>,
    /// At most this many intermediates between leaf and anchor (default 8).
    pub max_intermediates: Option<usize>,
    /// The certificate-policy inputs of RFC 5280 §6.1.1 (default: anyPolicy, flags off).
    pub policy: PolicyInputs,
    /// The CRLs of the input: when present, revocation is checked for every certificate of
    /// the path ([`revocation`], RFC 5280 §6.3).
    pub crls: Option<std::sync::Arc<CrlSet>>,
    /// How deep in CRL signers' own paths this check is ([`revocation`]).
    pub revocation_depth: revocation::Depth,
    /// The TLS server a report's certificates are for (`--server-name`): each leaf then also
    /// gets `verdicts.tls` ([`tls::tls_verdict`]). Not used by the path check itself.
    pub server_name: Option<PeerName>,
    /// The Public Suffix List for `verdicts.tls`, given like the anchors (the CLI's compiled-in
    /// copy, the page's fetched one): without it a server name matched only through a
    /// wildcard is "not checked" ([`public_suffix`]).
    pub public_suffixes: Option<std::sync::Arc<public_suffix::PublicSuffixList>>,
}

/// Trust anchors and known intermediates.
#[derive(Debug, Clone)]
pub struct TrustStore {
    pub anchors: Vec<Anchor>,
    /// Intermediates that are always available (Apple's, since macOS sends only the leaf).
    pub intermediates: Vec<Certificate>,
    /// Apple's pinned CAs, when the store includes them.
    pub apple: Option<AppleCas>,
    /// Anchors by subject name key.
    pub anchor_index: HashMap<String, Vec<usize>>,
}

impl TrustStore {
    /// Apple Root CA plus Mozilla's roots; Apple's two intermediates as known intermediates.
    pub fn builtin() -> Self {
        Self::with_apple(AppleCas::load())
    }

    /// Apple's pinned CAs (given by the caller: [`AppleCas::load`] in every shell, a test PKI
    /// in native tests) plus Mozilla's roots from the `webpki-roots` crate.
    pub fn with_apple(apple: AppleCas) -> Self {
        Self::with_public_roots(apple, anchors::public_roots())
    }

    /// Apple's pinned CAs plus the given public roots: the page passes
    /// [`anchors::public_roots_from_der`] of the roots file it loaded beside the wasm.
    pub fn with_public_roots(apple: AppleCas, public_roots: Vec<Anchor>) -> Self {
        let mut anchors = vec![Anchor::from_cert(apple.root.clone(), AnchorKind::AppleRoot)];
        anchors.extend(apple.other_roots.iter().map(|c| Anchor::from_cert(c.clone(), AnchorKind::AppleRoot)));
        anchors.extend(apple.attestation_root.iter().map(|c| Anchor::from_cert(c.clone(), AnchorKind::AppleAttestationRoot)));
        anchors.extend(public_roots);
        let mut store = TrustStore {
            anchors: Vec::new(),
            intermediates: [apple.iphone_ca.clone(), apple.device_ca.clone()].into_iter().chain(apple.intermediates.iter().cloned()).collect(),
            apple: Some(apple),
            anchor_index: HashMap::new(),
        };
        store.push_anchors(anchors);
        store
    }

    fn push_anchors(&mut self, anchors: impl IntoIterator<Item = Anchor>) {
        for a in anchors {
            self.anchor_index.entry(a.subject.key.clone()).or_default().push(self.anchors.len());
            self.anchors.push(a);
        }
    }

    /// Adds the caller's own roots (an enterprise CA, a test PKI) as anchors.
    pub fn add_anchors(&mut self, certs: impl IntoIterator<Item = Certificate>) {
        self.push_anchors(certs.into_iter().map(|c| Anchor::from_cert(c, AnchorKind::Custom)));
    }

    /// Whether a path search for certificates (or CRLs) issued under these names (`Name::key`s)
    /// could reach one of Mozilla's roots, so the page loads them (`mozilla-roots.der`) only then.
    /// Paths are built by name, the issuer of each certificate being the subject of the next
    /// (RFC 5280 §6.1: "for all x in {1, ..., n-1}, the subject of certificate x is the issuer of
    /// certificate x+1"), and anchors are found by subject name (`anchor_index`): when every name
    /// asked for is the subject of one of Apple's pinned CAs — its roots, the Attestation root, and
    /// its intermediates, which themselves are issued only under those names (a test says so), and
    /// no Mozilla root bears one of these names (a test says so too) — no public root is ever a
    /// candidate. Any other name says yes: unsure is the safe answer here, it costs one fetch.
    pub fn reaches_past_apple<'n>(&self, issuers: impl IntoIterator<Item = &'n str>) -> bool {
        let apple: std::collections::HashSet<&str> = self
            .anchors
            .iter()
            .filter(|a| matches!(a.kind, AnchorKind::AppleRoot | AnchorKind::AppleAttestationRoot))
            .map(|a| a.subject.key.as_str())
            .chain(self.intermediates.iter().map(|c| c.subject.key.as_str()))
            .collect();
        issuers.into_iter().any(|k| !apple.contains(k))
    }

    /// Only the given certificates as anchors (tests, path-validation suites).
    pub fn with_anchors(certs: Vec<Certificate>) -> Self {
        let mut store = TrustStore { anchors: Vec::new(), intermediates: Vec::new(), apple: None, anchor_index: HashMap::new() };
        store.add_anchors(certs);
        store
    }
}

/// One link of a chain as shown to people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    /// Certificate SHA-256, or for a key-only anchor its SPKI SHA-256.
    pub sha256: String,
    pub name: String,
    pub not_before: Option<Timestamp>,
    pub not_after: Option<Timestamp>,
    /// Did this certificate's signature verify with the next link's key? `None` for the anchor.
    /// `Some(false)` also when it could not be checked ([`Self::signature_not_checked`] says so):
    /// only a verified signature is `Some(true)`.
    pub signature_ok: Option<bool>,
    /// The signature could not be checked (see [`signature::SigError::is_not_checked`]): shells
    /// say "not checked", never "fails". In the JSON only when true.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub signature_not_checked: bool,
    pub anchor: bool,
    /// Supplied by certscope (Apple's CAs, Mozilla's roots) rather than by the input.
    pub builtin: bool,
}

impl ChainLink {
    pub fn of_cert(c: &Certificate, signature_ok: Option<bool>, builtin: bool) -> Self {
        ChainLink {
            sha256: c.sha256.clone(),
            name: c.display_name(),
            not_before: Some(c.not_before),
            not_after: Some(c.not_after),
            signature_ok,
            signature_not_checked: false,
            anchor: false,
            builtin,
        }
    }

    /// A link whose signature check gave `result`: verified, failed, or not checked.
    pub fn checked(c: &Certificate, result: &Result<(), signature::SigError>, builtin: bool) -> Self {
        let mut link = ChainLink::of_cert(c, Some(result.is_ok()), builtin);
        link.signature_not_checked = result.as_ref().is_err_and(signature::SigError::is_not_checked);
        link
    }

    pub fn of_anchor(a: &Anchor) -> Self {
        let mut link = match &a.cert {
            Some(c) => ChainLink::of_cert(c, None, a.kind != AnchorKind::Custom),
            None => ChainLink {
                sha256: a.key.spki_sha256.clone(),
                name: a.label(),
                not_before: None,
                not_after: None,
                signature_ok: None,
                signature_not_checked: false,
                anchor: true,
                builtin: true,
            },
        };
        link.anchor = true;
        link
    }
}
