//! What DER is, by structure alone, for what a share link may carry: a private key, a PKCS#12
//! bundle, or something public (a certificate even when damaged, a CSR, a CRL, an OCSP
//! message); and base64 decoded as people paste it.

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

/// A private key in DER: the core's one structural rule ([`crate::keys::KeyForm::sniff`]).
pub fn is_private_key_der(bytes: &[u8]) -> bool {
    crate::keys::KeyForm::sniff(bytes).is_some()
}
