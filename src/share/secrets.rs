//! What a share link must never carry, decided over the sources alone (pure): private keys,
//! PKCS#12 bundles, and profiles or device requests holding secrets.
//!
//! - A PEM block whose label names a private key (RFC 7468 §10 `PRIVATE KEY`, §11 `ENCRYPTED
//!   PRIVATE KEY`, and the legacy OpenSSL labels `RSA PRIVATE KEY`, `EC PRIVATE KEY`, …) is cut out
//!   of the text; the rest of the paste is kept, with its line numbers.
//! - A DER private key (PKCS#8 `OneAsymmetricKey` / `EncryptedPrivateKeyInfo`, RFC 5958 §2–3;
//!   `RSAPrivateKey`, RFC 8017 A.1.2; `ECPrivateKey`, RFC 5915 §3) or a PKCS#12 `PFX` (RFC 7292
//!   §4) is left out whole.
//! - A property list with a `com.apple.security.pkcs12` payload, a filled password or shared-secret
//!   field, or a challenge (SCEP `Challenge`, an OTA request's `CHALLENGE`) is left out whole;
//!   signed ones too, since removing a part would break the signature (RFC 5652 §5.4).

use crate::asn1::Reader;
use crate::input::{self, pem, text, Content, Source};
use base64::Engine;

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
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        [Secret::PrivateKey, Secret::Pkcs12, Secret::IdentityPayload, Secret::Password, Secret::Challenge].into_iter().find(|s| s.code() == code)
    }

    /// What it is, in words.
    pub fn words(self) -> &'static str {
        match self {
            Secret::PrivateKey => "a private key",
            Secret::Pkcs12 => "a PKCS#12 bundle (a certificate with its private key)",
            Secret::IdentityPayload => "an identity payload (PKCS#12, with a private key)",
            Secret::Password => "a password",
            Secret::Challenge => "an enrollment challenge",
        }
    }
}

/// What a share link left out of one source, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// "pasted text" or the file name.
    pub source: String,
    /// The part left out ("block 2 (PRIVATE KEY), lines 18-22"); `None`: the whole source.
    pub part: Option<String>,
    pub secrets: Vec<Secret>,
    /// Signed data: it can only be left out whole (a part removed breaks the signature).
    pub signed: bool,
}

impl LeftOut {
    /// One sentence: what was left out and why.
    pub fn describe(&self) -> String {
        let what = match &self.part {
            Some(p) => format!("{}, {p}", self.source),
            None => format!("{} (all of it)", self.source),
        };
        let secrets: Vec<&str> = self.secrets.iter().map(|s| s.words()).collect();
        let why = if self.signed {
            "; it is signed, and removing only the secret would break its signature"
        } else if self.part.is_none() && self.secrets.iter().any(|s| !matches!(s, Secret::PrivateKey | Secret::Pkcs12)) {
            "; a profile is left out whole rather than half-redacted"
        } else {
            ""
        };
        format!("{what}: holds {}{why}. A link must never carry secrets; certscope does not need them.", join_words(&secrets))
    }
}

fn join_words(w: &[&str]) -> String {
    match w {
        [] => "a secret".into(),
        [a] => (*a).into(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The sources as a link may carry them, and what was left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Split {
    pub text: String,
    pub files: Vec<Source>,
    pub left_out: Vec<LeftOut>,
}

/// Splits the pasted text and the files into what a link may carry and what it must leave out.
pub fn split(pasted: &str, files: &[Source]) -> Split {
    let mut out = Split::default();
    match redact_text("pasted text", pasted, &mut out.left_out) {
        Some(Some(t)) => out.text = t,
        Some(None) => out.text = pasted.to_string(),
        None => {}
    }
    for f in files {
        match redact_file(f, &mut out.left_out) {
            Some(Some(bytes)) => out.files.push(Source { bytes, ..f.clone() }),
            Some(None) => out.files.push(f.clone()),
            None => {}
        }
    }
    out
}

/// `None`: leave the file out; `Some(None)`: keep it unchanged; `Some(Some(b))`: keep `b`.
fn redact_file(f: &Source, left: &mut Vec<LeftOut>) -> Option<Option<Vec<u8>>> {
    if let Some((secrets, signed)) = whole_secrets(&f.bytes) {
        left.push(LeftOut { source: f.name.clone(), part: None, secrets, signed });
        return None;
    }
    match text::bytes_to_text(&f.bytes) {
        Some(t) => redact_text(&f.name, &t, left).map(|r| r.map(String::into_bytes)),
        None => Some(None),
    }
}

/// The secrets of bytes that can only be left out whole, and whether they are signed.
fn whole_secrets(bytes: &[u8]) -> Option<(Vec<Secret>, bool)> {
    if crate::profile::looks_like_plist(bytes) {
        let s = plist_secrets(bytes);
        return (!s.is_empty()).then_some((s, false));
    }
    // DER starts with SEQUENCE (0x30); text that happens to start with '0' is cheap to rule out.
    if bytes.first() == Some(&0x30) {
        return der_secrets(bytes);
    }
    None
}

/// Secrets in DER (or BER) bytes: a private key, a PKCS#12 bundle, signed data around a plist
/// that holds secrets.
fn der_secrets(bytes: &[u8]) -> Option<(Vec<Secret>, bool)> {
    if is_private_key_der(bytes) {
        return Some((vec![Secret::PrivateKey], false));
    }
    items_secrets(&input::read(&[Source::file("part", bytes.to_vec())]))
}

/// Secrets in what the reader found: PKCS#12 items, signed data or plists holding secrets.
fn items_secrets(decoded: &input::Decoded) -> Option<(Vec<Secret>, bool)> {
    let mut secrets = Vec::new();
    let mut signed = false;
    for item in &decoded.items {
        match &item.content {
            Content::Pkcs12(_) => secrets.push(Secret::Pkcs12),
            Content::PrivateKey(_) => secrets.push(Secret::PrivateKey),
            Content::SignedData(sd) => {
                let s = sd.data.content.as_deref().map(plist_secrets).unwrap_or_default();
                signed |= !s.is_empty();
                secrets.extend(s);
            }
            _ => {}
        }
    }
    secrets.sort();
    secrets.dedup();
    (!secrets.is_empty()).then_some((secrets, signed))
}

/// `None`: leave all of the text out; `Some(None)`: keep it unchanged; `Some(Some(t))`: keep `t`.
fn redact_text(name: &str, raw: &str, left: &mut Vec<LeftOut>) -> Option<Option<String>> {
    if raw.trim().is_empty() {
        return Some(None);
    }
    if let Some((secrets, signed)) = whole_secrets(raw.as_bytes()) {
        left.push(LeftOut { source: name.to_string(), part: None, secrets, signed });
        return None;
    }
    let norm = text::normalize(raw);
    let (blocks, _) = pem::scan(&norm);
    let mut cuts = Vec::new();
    for b in &blocks {
        let secrets = label_secret(&b.label).map(|s| (vec![s], false)).or_else(|| {
            let slice = norm.get(b.start..b.end).unwrap_or_default();
            items_secrets(&input::read(&[Source::text("part", slice)]))
        });
        if let Some((secrets, signed)) = secrets {
            let part = format!("block {} ({}), lines {}-{}", b.number, b.label, b.first_line, b.last_line);
            cuts.push((b.start, b.end, LeftOut { source: name.to_string(), part: Some(part), secrets, signed }));
        }
    }
    if blocks.is_empty() {
        if let Some(der) = unarmoured(&norm) {
            if let Some((secrets, signed)) = der_secrets(&der) {
                left.push(LeftOut { source: name.to_string(), part: None, secrets, signed });
                return None;
            }
        }
    }
    if cuts.is_empty() {
        return Some(None);
    }
    let Some(map) = raw_offsets(raw, &norm) else {
        // The normalised text does not line up with the paste: leave all of it out.
        let secrets = cuts.iter().flat_map(|c| c.2.secrets.iter().copied()).collect();
        left.push(LeftOut { source: name.to_string(), part: None, secrets, signed: cuts.iter().any(|c| c.2.signed) });
        return None;
    };
    let mut kept = String::with_capacity(raw.len());
    let mut from = 0;
    for (start, end, l) in cuts {
        let (a, b) = (map[start].max(from), map[end].max(from));
        kept.push_str(&raw[from..a]);
        // Same number of lines, so the problems of what is kept keep their line numbers.
        kept.push_str(&format!("[{} left out of this share link]", l.secrets.first().map(|s| s.words()).unwrap_or("a secret")));
        kept.extend(std::iter::repeat_n('\n', raw[a..b].matches('\n').count()));
        from = b;
        left.push(l);
    }
    kept.push_str(&raw[from..]);
    Some(Some(kept))
}

fn label_secret(label: &str) -> Option<Secret> {
    if label.contains("PRIVATE KEY") {
        Some(Secret::PrivateKey)
    } else if ["PKCS12", "PKCS #12", "PFX"].iter().any(|l| label.contains(l)) {
        Some(Secret::Pkcs12)
    } else {
        None
    }
}

/// For each byte offset of `normalize(raw)` (and its end), the offset in `raw` where that
/// character came from. `normalize` maps character by character (a CR LF pair to one LF), so this
/// is exact; `None` if that ever stops being true.
fn raw_offsets(raw: &str, norm: &str) -> Option<Vec<usize>> {
    let mut map = Vec::with_capacity(norm.len() + 1);
    let mut chars = raw.char_indices().peekable();
    let mut buf = [0u8; 4];
    while let Some((i, c)) = chars.next() {
        let n = if c == '\r' {
            if chars.peek().map(|x| x.1) == Some('\n') {
                chars.next();
            }
            1
        } else {
            text::normalize(c.encode_utf8(&mut buf)).len()
        };
        map.extend(std::iter::repeat_n(i, n));
    }
    map.push(raw.len());
    (map.len() == norm.len() + 1 && map.windows(2).all(|w| w[0] <= w[1])).then_some(map)
}

/// Base64 without BEGIN/END lines (the whole text), decoded.
fn unarmoured(norm: &str) -> Option<Vec<u8>> {
    let compact: String = norm.lines().map(text::strip_line).collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 32 || !compact.bytes().all(text::is_base64_char) {
        return None;
    }
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent).with_decode_allow_trailing_bits(true);
    let alphabet = if compact.contains('-') || compact.contains('_') { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    GeneralPurpose::new(alphabet, config).decode(compact.trim_end_matches('=')).ok()
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

/// Secrets in a property list (XML or binary), sorted, each once.
pub fn plist_secrets(bytes: &[u8]) -> Vec<Secret> {
    let Ok(value) = plist::Value::from_reader(std::io::Cursor::new(bytes)) else { return Vec::new() };
    let mut out = Vec::new();
    walk(&value, 0, &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk(v: &plist::Value, depth: usize, out: &mut Vec<Secret>) {
    if depth > 64 {
        return;
    }
    match v {
        plist::Value::Dictionary(d) => {
            if d.get("PayloadType").and_then(plist::Value::as_string) == Some("com.apple.security.pkcs12") {
                out.push(Secret::IdentityPayload);
            }
            for (k, v) in d {
                let key = k.to_ascii_lowercase();
                let filled = match v {
                    plist::Value::String(s) => !s.is_empty(),
                    plist::Value::Data(d) => !d.is_empty(),
                    _ => false,
                };
                if filled && (key.contains("password") || key.contains("secret")) {
                    out.push(Secret::Password);
                }
                if filled && key.contains("challenge") {
                    out.push(Secret::Challenge);
                }
                walk(v, depth + 1, out);
            }
        }
        plist::Value::Array(a) => a.iter().for_each(|v| walk(v, depth + 1, out)),
        _ => {}
    }
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;
