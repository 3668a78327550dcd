//! The fixed words of the report: item kinds, what signed data holds and how it was encoded,
//! the state of its signatures, and a role's label. Enums here, words only on the wire.

use crate::cert::Role;
use crate::wire::wire_enum;
use serde::{Serialize, Serializer};

wire_enum! {
    /// What an item is (JSON `kind`), for the items that are not notes.
    pub enum ItemKind {
        Certificate = "certificate",
        SignedData = "signed-data",
        KeychainRecord = "keychain-record",
        Profile = "profile",
        Screenshot = "screenshot",
    }
}

wire_enum! {
    /// What a note is (JSON `kind`; the page's `data-kind`).
    pub enum NoteKind {
        Pkcs12 = "pkcs12",
        DeviceRequest = "device-request",
        ErrorText = "error-text",
        Crl = "crl",
    }
}

impl NoteKind {
    /// The title a note's card carries.
    pub fn title(self) -> &'static str {
        match self {
            NoteKind::Pkcs12 => "PKCS#12 bundle",
            NoteKind::DeviceRequest => "Device request (unsigned)",
            NoteKind::ErrorText => "Error message",
            NoteKind::Crl => "Certificate revocation list",
        }
    }
}

wire_enum! {
    /// What signed data's content is; `none` for a detached signature.
    pub enum ContentType {
        Profile = "profile",
        DeviceRequest = "device-request",
        Data = "data",
        None = "none",
    }
}

wire_enum! {
    /// How signed data was encoded.
    pub enum Encoding {
        Ber = "BER",
        Der = "DER",
    }
}

wire_enum! {
    /// Whether the signatures of signed data hold (the page's `data-signature`).
    pub enum SignatureState {
        /// Every signer is good.
        Ok = "ok",
        /// At least one signer is not.
        Failed = "failed",
        /// No signer at all.
        None = "none",
        /// Nothing failed, but not everything could be checked: signatures that could not be
        /// checked (no WebCrypto, an algorithm the browser or the build lacks), a detached
        /// signature whose content was not given: not decided, never failed.
        NotChecked = "not-checked",
    }
}

/// A role's label in words ("Apple device identity"), as the JSON's `role_label` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleLabel(pub Role);

impl RoleLabel {
    pub fn as_str(self) -> &'static str {
        self.0.label()
    }
}

impl std::fmt::Display for RoleLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RoleLabel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(v: impl Serialize) -> String {
        serde_json::to_string(&v).unwrap_or_default()
    }

    #[test]
    fn the_words_are_the_json() {
        assert_eq!(json(ItemKind::SignedData), "\"signed-data\"");
        assert_eq!(json(NoteKind::ErrorText), "\"error-text\"");
        assert_eq!(json(Encoding::Ber), "\"BER\"");
        assert_eq!(json(SignatureState::None), "\"none\"");
        assert_eq!(json(RoleLabel(Role::IntermediateCa)), "\"intermediate CA\"");
        assert_eq!(ContentType::DeviceRequest.to_string(), "device-request");
    }
}
