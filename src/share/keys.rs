//! What DER is, by structure alone, for what a share link may carry: a private key, a PKCS#12
//! bundle, or something public (a certificate even when damaged, a CSR, a CRL, an OCSP
//! message); and base64 decoded as people paste it.

use crate::asn1::Reader;
use crate::input::{self, text};
use crate::secret::Secret;
use base64::Engine;

/// DER that is public even when certscope cannot read it: a damaged certificate, a CSR, a CRL,
/// an OCSP message.
pub fn public_der(bytes: &[u8]) -> bool {
    certificate_shaped(bytes) || input::sniff::sniff(bytes).is_some()
}

/// A private key or a PKCS#12 bundle, by structure.
pub fn der_kind(bytes: &[u8]) -> Option<Secret> {
    if is_private_key_der(bytes) {
        Some(Secret::PrivateKey)
    } else if input::sniff::is_pkcs12(bytes) {
        Some(Secret::Pkcs12)
    } else {
        None
    }
}

/// A certificate, even cut off: `SEQUENCE { SEQUENCE { [0] version | INTEGER serial …`
/// (RFC 5280 §4.1), read by headers alone. (`EncryptedPrivateKeyInfo` is `SEQUENCE { SEQUENCE
/// { OBJECT IDENTIFIER …`: not this.)
pub fn certificate_shaped(bytes: &[u8]) -> bool {
    let content = |at: usize| -> Option<(u8, usize)> {
        let tag = *bytes.get(at)?;
        let len = *bytes.get(at + 1)?;
        Some((tag, if len & 0x80 == 0 { at + 2 } else { at + 2 + usize::from(len & 0x7f) }))
    };
    match content(0).and_then(|(t, s)| (t == 0x30).then_some(s)).and_then(content) {
        Some((0x30, tbs)) => matches!(bytes.get(tbs), Some(0xa0 | 0x02)),
        _ => false,
    }
}

/// Base64 as people paste it: white space, mail quoting and stray characters dropped, padding
/// optional, either alphabet; `None` when nothing decodes.
pub fn lenient_base64(body: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let mut compact: String = body.chars().filter(|c| c.is_ascii() && text::is_base64_char(*c as u8) && *c != '=').collect();
    if compact.len() % 4 == 1 {
        compact.pop();
    }
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent).with_decode_allow_trailing_bits(true);
    let alphabet = if compact.contains('-') || compact.contains('_') { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    GeneralPurpose::new(alphabet, config).decode(&compact).ok().filter(|b| !b.is_empty())
}

/// A private key in DER:
/// ```text
/// OneAsymmetricKey ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier,
///                                 privateKey OCTET STRING, … }                   -- RFC 5958 §2
/// EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier,  -- PBES1/2,
///                                        encryptedData OCTET STRING }           -- RFC 5958 §3
/// RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, … (9 INTEGERs) } -- RFC 8017 A.1.2
/// ECPrivateKey ::= SEQUENCE { version INTEGER (1), privateKey OCTET STRING, … }    -- RFC 5915 §3
/// ```
/// (OpenSSL's legacy DSA key is six INTEGERs, caught with RSA's form.)
pub fn is_private_key_der(bytes: &[u8]) -> bool {
    let Ok(outer) = Reader::new(bytes).read() else { return false };
    if outer.tag != 0x30 {
        return false;
    }
    let mut r = outer.reader();
    let Ok(first) = r.read() else { return false };
    match (first.tag, r.read()) {
        (0x02, Ok(second)) => match second.tag {
            0x30 => r.read().is_ok_and(|k| k.tag == 0x04),
            0x04 => first.value == [1],
            0x02 => first.value == [0] && 2 + std::iter::from_fn(|| r.read().ok()).take_while(|t| t.tag == 0x02).count() >= 6,
            _ => false,
        },
        (0x30, Ok(second)) => {
            // 1.2.840.113549.1.5 (PKCS #5 PBES1/PBES2) or 1.2.840.113549.1.12.1 (PKCS #12 PBE).
            const PKCS5: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05];
            const PKCS12_PBE: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x01];
            let oid = first.reader().read().ok().filter(|o| o.tag == 0x06).map(|o| o.value);
            second.tag == 0x04 && r.is_empty() && oid.is_some_and(|o| o.starts_with(PKCS5) || o.starts_with(PKCS12_PBE))
        }
        _ => false,
    }
}
