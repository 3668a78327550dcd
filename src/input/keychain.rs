//! `security find-certificate -a` without `-p`: the keychain attribute dump.
//!
//! ```text
//! keychain: "/Library/Keychains/apsd.keychain"
//! version: 512
//! class: 0x80001000
//! attributes:
//!     "issu"<blob>=0x305A310B3009…  "0Z1\0130\011…"
//!     "labl"<blob>="6001A957-6FC5-4856-8C5E-DC2E32C61CB9"
//!     "snbr"<blob>=0x013540…  "…"
//!     "subj"<blob>=0x302F312D…  "…"
//! ```
//! The DER blobs give subject, issuer and serial number, but not the certificate itself.

use crate::cert::{hex_upper, Name};

/// One keychain item's decodable attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub first_line: usize,
    pub keychain: Option<String>,
    pub label: Option<String>,
    pub subject: Option<Name>,
    pub issuer: Option<Name>,
    pub serial: Option<String>,
}

/// True when the text looks like an attribute dump.
pub fn looks_like_dump(text: &str) -> bool {
    text.contains("\"subj\"<blob>") || text.contains("\"issu\"<blob>") || text.contains("\"labl\"<blob>")
}

fn hex_value(v: &str) -> Option<Vec<u8>> {
    let h = v.strip_prefix("0x")?;
    let h: String = h.chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    if h.len() % 2 != 0 {
        return None;
    }
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).ok()).collect()
}

fn string_value(v: &str) -> Option<String> {
    let v = v.strip_prefix('"')?;
    Some(v.rsplit_once('"').map(|(s, _)| s).unwrap_or(v).to_string())
}

/// Parses every record of a dump; lines are 1-based.
pub fn parse(text: &str) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = super::text::strip_line(raw);
        if let Some(k) = line.strip_prefix("keychain:") {
            records.push(Record { first_line: i + 1, keychain: string_value(k.trim()), label: None, subject: None, issuer: None, serial: None });
            continue;
        }
        let Some(rest) = line.strip_prefix('"') else { continue };
        let Some((name, value)) = rest.split_once("\"<blob>=") else { continue };
        if records.is_empty() {
            records.push(Record { first_line: i + 1, keychain: None, label: None, subject: None, issuer: None, serial: None });
        }
        let Some(rec) = records.last_mut() else { continue };
        let value = value.trim();
        match name {
            "labl" => rec.label = string_value(value).or_else(|| hex_value(value).map(|b| String::from_utf8_lossy(&b).into_owned())),
            "subj" => rec.subject = hex_value(value).and_then(|b| Name::from_der(&b)),
            "issu" => rec.issuer = hex_value(value).and_then(|b| Name::from_der(&b)),
            "snbr" => rec.serial = hex_value(value).map(|b| hex_upper(&b)),
            _ => {}
        }
    }
    records.retain(|r| r.subject.is_some() || r.issuer.is_some() || r.label.is_some() || r.serial.is_some());
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_names_and_serial() {
        // subj = SEQUENCE { SET { SEQUENCE { OID 2.5.4.3, UTF8String "Dev" } } }
        let dump = "keychain: \"/Library/Keychains/apsd.keychain\"\nattributes:\n    \"labl\"<blob>=\"Dev\"\n    \"snbr\"<blob>=0x0135  \"\\0015\"\n    \"subj\"<blob>=0x300E310C300A06035504030C03446576  \"0\\016\"\n";
        assert!(looks_like_dump(dump));
        let r = parse(dump);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].label.as_deref(), Some("Dev"));
        assert_eq!(r[0].serial.as_deref(), Some("0135"));
        assert_eq!(r[0].subject.as_ref().map(|n| n.rfc4514.as_str()), Some("CN=Dev"));
        assert_eq!(r[0].keychain.as_deref(), Some("/Library/Keychains/apsd.keychain"));
    }
}
