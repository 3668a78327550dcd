//! The subject public key (RFC 5280 §4.1.2.7): algorithm, size and curve, and the pin.

use super::{hex_upper, oid_name};
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_parser::prelude::*;

/// The subject public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicKey {
    /// "RSA", "EC", "Ed25519", or the algorithm OID.
    pub algorithm: String,
    /// Modulus or field size in bits, when known.
    pub bits: Option<u32>,
    /// Named curve for EC keys ("P-256", "P-384", or the curve OID).
    pub curve: Option<String>,
    /// SHA-256 of the DER SubjectPublicKeyInfo: the key pin.
    pub spki_sha256: String,
    #[serde(skip)]
    pub spki_der: Vec<u8>,
    #[serde(skip)]
    pub algorithm_oid: String,
    /// The subjectPublicKey BIT STRING contents (PKCS#1 RSAPublicKey, an EC point, …).
    #[serde(skip)]
    pub key_bytes: Vec<u8>,
}

impl PublicKey {
    /// An RSA key's exact modulus length in bits (RFC 8017 §A.1.1), where `bits` may be
    /// rounded to whole bytes; `None` for other keys.
    pub fn rsa_exact_bits(&self) -> Option<u32> {
        if self.algorithm == "RSA" {
            rsa_modulus_bits(&self.key_bytes)
        } else {
            None
        }
    }

    /// What pairs a certificate (or a request) with private keys: the SPKI's SHA-256, but for
    /// an EC point its form and bytes (SEC 1 §2.3.3: uncompressed 0x04 ‖ x ‖ y, compressed
    /// 0x02/0x03 ‖ x), since RFC 5480 §2.2 allows both: a key's [`PublicKey::pair_ids`] name
    /// both forms of its point.
    ///
    /// An RSA key pairs by its RSAPublicKey (n, e) alone (RFC 8017 A.1.1): rsaEncryption's
    /// parameters are NULL (RFC 3279 §2.3.1), but a certificate that leaves them out, or an
    /// RSASSA-PSS certificate (RFC 4055 §1.2) of the same key, is still that key's.
    pub fn pair_id(&self) -> String {
        match self.key_bytes.first() {
            Some(&f @ 2..=4) if self.algorithm_oid == EC => ec_id(self.curve.as_deref(), if f == 4 { "U" } else { "C" }, &self.key_bytes),
            _ if self.algorithm_oid == RSA || self.algorithm_oid == RSA_PSS => format!("RSA {}", hex_upper(&Sha256::digest(&self.key_bytes))),
            _ => self.spki_sha256.clone(),
        }
    }

    /// What pairs a private key's public key (computed from the private value, so its point is
    /// on the curve) with certificates: [`PublicKey::pair_id`], and for an uncompressed EC point
    /// its compressed form too (the parity of y, then x). A certificate's compressed point is
    /// the key's only if it decompresses to this point, which these bytes say; an uncompressed
    /// one must be this point exactly (another y with the same x and parity is no key's).
    pub fn pair_ids(&self) -> Vec<String> {
        let mut ids = vec![self.pair_id()];
        if let [4, rest @ ..] = self.key_bytes.as_slice() {
            if self.algorithm_oid == EC && !rest.is_empty() && rest.len() % 2 == 0 {
                let (x, y) = rest.split_at(rest.len() / 2);
                let compressed = [&[2 + (y.last().copied().unwrap_or(0) & 1)][..], x].concat();
                ids.push(ec_id(self.curve.as_deref(), "C", &compressed));
            }
        }
        ids
    }

    /// Decodes a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
    pub fn from_spki_der(der: &[u8]) -> Option<Self> {
        SubjectPublicKeyInfo::from_der(der).ok().map(|(_, spki)| public_key(&spki))
    }
}

/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC: &str = "1.2.840.10045.2.1";
/// rsaEncryption (RFC 8017 A.1) and id-RSASSA-PSS (RFC 4055 §1.2).
const RSA: &str = "1.2.840.113549.1.1.1";
const RSA_PSS: &str = "1.2.840.113549.1.1.10";

/// An EC point's pairing id: its curve, its form and the SHA-256 of its bytes.
fn ec_id(curve: Option<&str>, form: &str, point: &[u8]) -> String {
    format!("EC {} {form} {}", curve.unwrap_or_default(), hex_upper(&Sha256::digest(point)))
}

/// The modulus size of a PKCS#1 RSAPublicKey (RFC 8017 A.1.1), read with the bounded reader.
fn rsa_modulus_bits(key: &[u8]) -> Option<u32> {
    use crate::asn1::{tag, Reader};
    let seq = Reader::new(key).read_tag(tag::SEQUENCE, "RSAPublicKey").ok()?;
    let n = seq.reader().read_tag(tag::INTEGER, "modulus").ok()?;
    let m: Vec<u8> = n.value.iter().copied().skip_while(|b| *b == 0).collect();
    let first = *m.first()?;
    u32::try_from(m.len()).ok()?.checked_mul(8)?.checked_sub(first.leading_zeros())
}

/// The field size of an uncompressed EC point (0x04 || X || Y).
fn ec_point_bits(point: &[u8]) -> Option<u32> {
    (point.first() == Some(&4) && point.len() > 1).then(|| ((point.len() - 1) / 2 * 8) as u32)
}

pub(super) fn public_key(spki: &SubjectPublicKeyInfo<'_>) -> PublicKey {
    let algorithm_oid = spki.algorithm.algorithm.to_id_string();
    let key_bytes = spki.subject_public_key.data.to_vec();
    let curve_oid = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| o.to_id_string());
    let (algorithm, bits, curve) = match algorithm_oid.as_str() {
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            // rsaEncryption and RSASSA-PSS keys (RFC 4055 §1.2) share the RSAPublicKey form.
            let bits = match spki.parsed() {
                Ok(x509_parser::public_key::PublicKey::RSA(k)) => Some(k.key_size() as u32),
                _ => rsa_modulus_bits(&key_bytes),
            };
            ("RSA".to_string(), bits, None)
        }
        "1.2.840.10045.2.1" => {
            let curve = curve_oid.map(|c| match c.as_str() {
                "1.2.840.10045.3.1.7" => "P-256".to_string(),
                "1.3.132.0.34" => "P-384".to_string(),
                "1.3.132.0.35" => "P-521".to_string(),
                _ => c,
            });
            let bits = match curve.as_deref() {
                Some("P-256") => Some(256),
                Some("P-384") => Some(384),
                Some("P-521") => Some(521),
                // Explicit curve parameters (RFC 3279 §2.3.5): the uncompressed point's size.
                _ => ec_point_bits(&key_bytes),
            };
            let curve = curve.or_else(|| Some("explicit parameters".to_string()));
            ("EC".to_string(), bits, curve)
        }
        "1.3.101.112" => ("Ed25519".to_string(), Some(256), None),
        "1.3.101.113" => ("Ed448".to_string(), Some(448), None),
        "1.3.101.110" => ("X25519".to_string(), Some(256), None),
        "1.3.101.111" => ("X448".to_string(), Some(448), None),
        other => (oid_name(other).unwrap_or(other).to_string(), None, None),
    };
    PublicKey { algorithm, bits, curve, spki_sha256: hex_upper(&Sha256::digest(spki.raw)), spki_der: spki.raw.to_vec(), algorithm_oid, key_bytes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_sizes_from_the_key_itself() {
        assert_eq!(rsa_modulus_bits(&[0x30, 0x07, 0x02, 0x02, 0x00, 0xC1, 0x02, 0x01, 0x03]), Some(8));
        assert_eq!(rsa_modulus_bits(&[0x30, 0x07, 0x02, 0x02, 0x01, 0x00, 0x02, 0x01, 0x03]), Some(9));
        assert_eq!(ec_point_bits(&[4; 65]), Some(256));
        assert_eq!(rsa_modulus_bits(&[0x30, 0x00]), None);
    }

    /// The same RSA key written with rsaEncryption's NULL parameters and without them (or as an
    /// RSASSA-PSS key): another SubjectPublicKeyInfo, the same key to pair; another modulus is not.
    #[test]
    fn an_rsa_key_pairs_whatever_its_parameters_say() {
        let cert = crate::testing::pem_certificate(crate::testing::fixture("push/push-old.pem"));
        let key = &cert.public_key;
        let spki = |alg: &[u8], bits: &[u8]| {
            let mut b = vec![0u8];
            b.extend_from_slice(bits);
            let mut body = Vec::new();
            crate::asn1::push_header(&mut body, 0x30, alg.len());
            body.extend_from_slice(alg);
            crate::asn1::push_header(&mut body, 0x03, b.len());
            body.extend_from_slice(&b);
            let mut out = Vec::new();
            crate::asn1::push_header(&mut out, 0x30, body.len());
            out.extend_from_slice(&body);
            PublicKey::from_spki_der(&out).expect("an SPKI") // ok: test
        };
        const RSA_OID: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
        const PSS_OID: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
        let with_null = spki(&[RSA_OID, &[0x05, 0x00]].concat(), &key.key_bytes);
        let without = spki(RSA_OID, &key.key_bytes);
        let pss = spki(PSS_OID, &key.key_bytes);
        assert_eq!(with_null.spki_sha256, key.spki_sha256, "the fixture writes NULL");
        assert_ne!(without.spki_sha256, key.spki_sha256);
        assert_eq!(without.pair_id(), key.pair_id());
        assert_eq!(pss.pair_id(), key.pair_id());
        let mut other = key.key_bytes.clone();
        let last = other.len() - 10;
        other[last] ^= 1;
        assert_ne!(spki(RSA_OID, &other).pair_id(), key.pair_id());
    }
}
