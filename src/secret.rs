//! The core's one secret predicate: which kinds of secret certscope knows, and which fields
//! name one. Share links (share::secrets) leave them out, and the report, the JSON, the Markdown
//! and the CLI show "(left out)" for their values (input reads device requests with it); it sits
//! below both so that neither has to call the other.

/// A kind of secret a share link leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Secret {
    PrivateKey,
    Pkcs12,
    /// A profile payload of type `com.apple.security.pkcs12` (an identity with its private key).
    IdentityPayload,
    /// A filled `Password`-like or shared-secret field.
    Password,
    /// A SCEP `Challenge` or an OTA enrollment `CHALLENGE`.
    Challenge,
    /// Data certscope cannot read (binary that is not a certificate, signed data, a PKCS#12
    /// bundle or another known public structure): it might be a secret.
    Unclassified,
    /// A fleet inventory (device names and serial numbers; see `share::redact`): not a secret,
    /// but the organisation's, and never in a link.
    Inventory,
}

impl Secret {
    /// The byte a share link stores.
    pub fn code(self) -> u8 {
        match self {
            Secret::PrivateKey => 1,
            Secret::Pkcs12 => 2,
            Secret::IdentityPayload => 3,
            Secret::Password => 4,
            Secret::Challenge => 5,
            Secret::Unclassified => 6,
            Secret::Inventory => 16,
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        [Secret::PrivateKey, Secret::Pkcs12, Secret::IdentityPayload, Secret::Password, Secret::Challenge, Secret::Unclassified, Secret::Inventory]
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// What it is, in words.
    pub fn words(self) -> &'static str {
        match self {
            Secret::PrivateKey => "a private key",
            Secret::Pkcs12 => "a PKCS#12 bundle (a certificate with its private key)",
            Secret::IdentityPayload => "an identity payload (PKCS#12, with a private key)",
            Secret::Password => "a password",
            Secret::Challenge => "an enrollment challenge",
            Secret::Unclassified => "data certscope cannot read (it might be a secret)",
            Secret::Inventory => "a fleet inventory (device names and serial numbers)",
        }
    }
}

/// Words in a property-list key that name a secret, lower-case: Apple's `Password`,
/// `SharedSecret`, `PSK`, `UnlockToken`, `Passphrase`, an OTA request's `CHALLENGE`, …, and a
/// service's key in a custom payload (`APIKey`, `LicenseKey`, FileVault's `RecoveryKey`).
const SECRET_WORDS: &[&str] = &[
    "password",
    "passphrase",
    "passcode",
    "secret",
    "token",
    "psk",
    "challenge",
    "privatekey",
    "credential",
    "apikey",
    "accesskey",
    "licensekey",
    "recoverykey",
];

/// The core's one rule for which fields hold secrets: a key (of a profile, a device request,
/// any property list) naming one, case-insensitively and whatever separates its words
/// (`api_key`, `Pass-phrase`). Its filled value never goes into a share link nor into the
/// report, the JSON, the Markdown or the CLI's output.
pub fn secret_key(key: &str) -> Option<Secret> {
    let key: String = key.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if key.contains("challenge") {
        Some(Secret::Challenge)
    } else {
        SECRET_WORDS.iter().any(|w| key.contains(w)).then_some(Secret::Password)
    }
}
