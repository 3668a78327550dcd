//! The one table of algorithm OIDs: digests (RFC 5754 §2, RFC 3279 §2.2.1), signatures (RFC 8017
//! appendix A.2, RFC 4055 §3, RFC 5758 §3.2, RFC 8410 §3) and public keys. The verifier
//! (`trust::signature`), CMS (`cms::verify`: a signer's digestAlgorithm and signatureAlgorithm)
//! and the names shown ([`super::oid_name`]) read it; nothing else lists these OIDs.
//!
//! ```text
//! sha1WithRSAEncryption   OBJECT IDENTIFIER ::= { pkcs-1 5 }                  -- RFC 8017 A.2.4
//! sha256WithRSAEncryption OBJECT IDENTIFIER ::= { pkcs-1 11 }
//! id-RSASSA-PSS           OBJECT IDENTIFIER ::= { pkcs-1 10 }                 -- hash in parameters
//! ecdsa-with-SHA256       OBJECT IDENTIFIER ::= { iso(1) member-body(2) us(840)
//!      ansi-X9-62(10045) signatures(4) ecdsa-with-SHA2(3) 2 }                 -- RFC 5758 §3.2
//! id-sha256               OBJECT IDENTIFIER ::= { joint-iso-itu-t(2) country(16) us(840)
//!      organization(1) gov(101) csor(3) nistalgorithm(4) hashalgs(2) 1 }      -- RFC 5754 §2.2
//! ```

/// A digest algorithm the verifier computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

/// What an OID is, for the verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A digest algorithm we compute.
    Digest(Hash),
    /// RSASSA-PKCS1-v1_5 with this hash.
    Pkcs1(Hash),
    /// RSASSA-PSS: the hash is in the parameters (RFC 4055 §3.1).
    Pss,
    /// ECDSA with this hash.
    Ecdsa(Hash),
    Ed25519,
    /// rsaEncryption: a key algorithm, which CMS signers also write as the signature algorithm
    /// with the hash given by digestAlgorithm (RFC 5754 §3.2).
    RsaKey,
    /// Broken and refused (RFC 6151, RFC 6149): the reason, as the report says it.
    Broken(&'static str),
    /// Known by name only: not verified (unsupported, never wrong).
    Other,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Algorithm {
    pub oid: &'static str,
    pub name: &'static str,
    pub kind: Kind,
}

const fn a(oid: &'static str, name: &'static str, kind: Kind) -> Algorithm {
    Algorithm { oid, name, kind }
}

use Hash::{Sha1, Sha256, Sha384, Sha512};
use Kind::{Broken, Digest, Ecdsa, Other, Pkcs1, Pss, RsaKey};

/// Every algorithm OID certscope names or verifies. Where two OIDs mean the same algorithm the
/// first is the one written (`sha1WithRSAEncryption` before OIW's).
pub const ALGORITHMS: &[Algorithm] = &[
    // Digests (RFC 3279 §2.2.1, RFC 5754 §2): named as WebCrypto and people name them.
    a("1.3.14.3.2.26", "SHA-1", Digest(Sha1)),
    a("2.16.840.1.101.3.4.2.1", "SHA-256", Digest(Sha256)),
    a("2.16.840.1.101.3.4.2.2", "SHA-384", Digest(Sha384)),
    a("2.16.840.1.101.3.4.2.3", "SHA-512", Digest(Sha512)),
    a("2.16.840.1.101.3.4.2.4", "SHA-224", Other),
    // RSA (RFC 8017, RFC 4055).
    a("1.2.840.113549.1.1.1", "rsaEncryption", RsaKey),
    a("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", Pkcs1(Sha1)),
    a("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", Pkcs1(Sha256)),
    a("1.2.840.113549.1.1.12", "sha384WithRSAEncryption", Pkcs1(Sha384)),
    a("1.2.840.113549.1.1.13", "sha512WithRSAEncryption", Pkcs1(Sha512)),
    a("1.3.14.3.2.29", "sha1WithRSASignature (OIW)", Pkcs1(Sha1)),
    a("1.2.840.113549.1.1.10", "RSASSA-PSS", Pss),
    a("1.2.840.113549.1.1.14", "sha224WithRSAEncryption", Other),
    a("1.2.840.113549.1.1.4", "md5WithRSAEncryption", Broken("signed with MD5 (md5WithRSAEncryption), which is broken and refused (RFC 6151)")),
    a("1.2.840.113549.1.1.2", "md2WithRSAEncryption", Broken("signed with MD2 (md2WithRSAEncryption), which is broken and refused (RFC 6149)")),
    a("1.2.840.113549.1.1.3", "md4WithRSAEncryption", Other),
    a("1.3.14.3.2.3", "md5WithRSA (OIW)", Other),
    // Elliptic curves (RFC 5480, RFC 5758, RFC 8410).
    a("1.2.840.10045.2.1", "id-ecPublicKey", Other),
    a("1.2.840.10045.4.1", "ecdsa-with-SHA1", Ecdsa(Sha1)),
    a("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", Ecdsa(Sha256)),
    a("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", Ecdsa(Sha384)),
    a("1.2.840.10045.4.3.4", "ecdsa-with-SHA512", Ecdsa(Sha512)),
    a("1.2.840.10045.4.3.1", "ecdsa-with-SHA224", Other),
    a("1.3.101.112", "Ed25519", Kind::Ed25519),
    a("1.3.101.113", "Ed448", Other),
    a("1.3.101.110", "X25519", Other),
    a("1.3.101.111", "X448", Other),
    // DSA (RFC 3279 §2.3.2, RFC 5758 §3.1).
    a("1.2.840.10040.4.1", "DSA", Other),
    a("1.2.840.10040.4.3", "dsa-with-SHA1", Other),
    a("2.16.840.1.101.3.4.3.1", "dsa-with-SHA224", Other),
    a("2.16.840.1.101.3.4.3.2", "dsa-with-SHA256", Other),
    // GOST (RFC 4491, RFC 9215).
    a("1.2.643.2.2.19", "GOST R 34.10-2001", Other),
    a("1.2.643.2.2.3", "GOST R 34.11/34.10-2001", Other),
    a("1.2.643.7.1.1.1.1", "GOST R 34.10-2012 (256-bit)", Other),
    a("1.2.643.7.1.1.1.2", "GOST R 34.10-2012 (512-bit)", Other),
    a("1.2.643.7.1.1.3.2", "GOST R 34.11/34.10-2012 (256-bit)", Other),
    a("1.2.643.7.1.1.3.3", "GOST R 34.11/34.10-2012 (512-bit)", Other),
    // SM2 (GB/T 32918).
    a("1.2.156.10197.1.301", "SM2", Other),
    a("1.2.156.10197.1.501", "SM2-with-SM3", Other),
];

/// The row for `oid`.
pub fn algorithm(oid: &str) -> Option<&'static Algorithm> {
    ALGORITHMS.iter().find(|a| a.oid == oid)
}

impl Hash {
    /// The digest algorithm `oid` names, if we compute it.
    pub fn from_oid(oid: &str) -> Option<Self> {
        match algorithm(oid)?.kind {
            Digest(h) => Some(h),
            _ => None,
        }
    }

    /// The first row naming this digest.
    fn row(self) -> &'static Algorithm {
        ALGORITHMS.iter().find(|a| a.kind == Digest(self)).unwrap_or(&ALGORITHMS[0])
    }

    /// The digest algorithm's OID.
    pub fn oid(self) -> &'static str {
        self.row().oid
    }

    /// Its name (`SHA-256`), which is also WebCrypto's.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The hash a PKCS#1 v1.5 or ECDSA signature algorithm names (RSASSA-PSS names its hash in
    /// parameters: `None`).
    pub fn named_by_signature(signature_oid: &str) -> Option<Self> {
        match algorithm(signature_oid)?.kind {
            Pkcs1(h) | Ecdsa(h) => Some(h),
            _ => None,
        }
    }
}

/// The PKCS#1 v1.5 signature OID for a CMS signer that writes rsaEncryption and gives the hash in
/// digestAlgorithm (RFC 5754 §3.2); any other pair as given.
pub fn cms_signature_oid<'a>(signature_oid: &'a str, digest_oid: &str) -> &'a str {
    match (algorithm(signature_oid).map(|a| a.kind), Hash::from_oid(digest_oid)) {
        (Some(RsaKey), Some(h)) => ALGORITHMS.iter().find(|a| a.kind == Pkcs1(h)).map_or(signature_oid, |a| a.oid),
        _ => signature_oid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each OID once; each digest, PKCS#1 and ECDSA hash reachable; the OIW SHA-1 signature is
    /// not the one written for rsaEncryption + SHA-1.
    #[test]
    fn the_table_is_consistent() {
        for (i, x) in ALGORITHMS.iter().enumerate() {
            assert!(ALGORITHMS[i + 1..].iter().all(|y| y.oid != x.oid), "{} twice", x.oid);
        }
        for h in [Sha1, Sha256, Sha384, Sha512] {
            assert_eq!(Hash::from_oid(h.oid()), Some(h));
            assert_eq!(Hash::named_by_signature(cms_signature_oid("1.2.840.113549.1.1.1", h.oid())), Some(h));
        }
        assert_eq!(cms_signature_oid("1.2.840.113549.1.1.1", "1.3.14.3.2.26"), "1.2.840.113549.1.1.5");
        assert_eq!(Sha256.name(), "SHA-256");
        assert_eq!(Hash::named_by_signature("1.2.840.10045.4.3.3"), Some(Sha384));
        assert_eq!(Hash::named_by_signature("1.2.840.113549.1.1.10"), None);
        assert_eq!(cms_signature_oid("1.2.3.4", "1.3.14.3.2.26"), "1.2.3.4");
    }
}
