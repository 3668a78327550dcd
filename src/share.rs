//! Share links: the input, compressed into a URL fragment (`#v1.…`). A fragment is never sent
//! to any server; the page decodes it on load.
//!
//! Format: `v1.` + base64url(raw DEFLATE(payload)), where payload is a small length-prefixed
//! record: the evaluation time (8 bytes, big-endian seconds; `i64::MIN` for "now"), the pasted
//! text, then each file as name and bytes. Lengths are 4-byte big-endian.
//!
//! `v2.` is the same with, after the text, what was left out: a count (4 bytes), then for each
//! its source, its part (empty: the whole source), its secrets (one code byte each) and whether
//! it was signed (one byte). Links are `v1.` when nothing was left out.
//!
//! A link never carries secrets: [`redact`] (see [`secrets`]) decides what the page may put in one.
//! Nor a fleet inventory (device names and serial numbers, see [`crate::fleet::looks_like_fleet`]),
//! and never more than [`decode`] accepts ([`MAX_DECODED`]): [`encode`] refuses instead.

mod fields;
mod keys;
pub mod secrets;

use crate::fleet;
use crate::input::Source;
use crate::time::Timestamp;
use base64::Engine;
pub use secrets::{LeftOut, Secret};
use std::fmt;

/// Decoded links never expand beyond this (a hostile link must not exhaust memory), and
/// [`encode`] makes no link whose payload is larger: every link made can be opened.
pub const MAX_DECODED: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub text: String,
    pub files: Vec<Source>,
    pub at: Option<Timestamp>,
    /// What [`redact`] left out (carried so the opened page can say so).
    pub left_out: Vec<LeftOut>,
}

impl Shared {
    /// The pasted text and files, no time, nothing left out.
    pub fn new(text: impl Into<String>, files: Vec<Source>) -> Self {
        Shared { text: text.into(), files, at: None, left_out: Vec::new() }
    }
}

/// What a link may carry of `shared`: private keys, PKCS#12 bundles and profiles holding secrets
/// are left out and listed in `left_out`; so are fleet inventories (a fleet file, or pasted text
/// that reads as one), whole: their device names and serial numbers are the organisation's.
pub fn redact(shared: &Shared) -> Shared {
    let mut left_out = shared.left_out.clone();
    let inventory = |source: &str| LeftOut { source: source.to_string(), part: None, secrets: vec![Secret::Inventory], signed: false };
    let text = if pasted_inventory(&shared.text) {
        left_out.push(inventory("pasted text"));
        ""
    } else {
        shared.text.as_str()
    };
    let (fleets, files): (Vec<&Source>, Vec<&Source>) = shared.files.iter().partition(|f| fleet::is_fleet_file(&f.bytes));
    let files: Vec<Source> = files.into_iter().cloned().collect();
    let split = secrets::split(text, &files);
    left_out.extend(split.left_out);
    left_out.extend(fleets.into_iter().map(|f| inventory(&f.name)));
    Shared { text: split.text, files: split.files, at: shared.at, left_out }
}

/// Pasted text that is an inventory: what a fleet file would be ([`fleet::looks_like_fleet`]),
/// and JSON, or CSV whose rows mostly have the header's number of cells. A mail that starts
/// "Hi, the certificate from my device:" before its PEM lines is not one.
fn pasted_inventory(text: &str) -> bool {
    if !fleet::looks_like_fleet(text) {
        return false;
    }
    if text.trim_start_matches('\u{feff}').trim_start().starts_with(['[', '{']) {
        return true;
    }
    let table = fleet::parse_csv(text);
    let full = table.rows.iter().filter(|r| r.len() == table.header.len()).count();
    table.header.len() >= 2 && full > 0 && full * 2 >= table.rows.len()
}

/// The longest link a browser opens, in characters: Firefox refuses an address above 1 MiB
/// (`network.standard-url.max-length`), Chromium above 2 MiB (`url::kMaxURLChars`); both
/// measured with Debian's Firefox ESR and Chromium: Firefox opens a link with a 1,040,000-character
/// fragment and not one with 1,060,000; Chromium opens 2,000,000 and not 2,200,000.
pub const MAX_LINK: usize = 1024 * 1024;

/// Why no link was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// The payload before compression would be larger than [`decode`] accepts ([`MAX_DECODED`]).
    Payload { bytes: usize },
    /// The link would be longer than a browser opens ([`MAX_LINK`]).
    Link { chars: usize },
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
        match self {
            TooLarge::Payload { bytes } => write!(
                f,
                "No link was made: the input is {:.1} MiB, and a share link holds at most {:.0} MiB (the most certscope opens from one).",
                mib(*bytes),
                mib(MAX_DECODED)
            )?,
            TooLarge::Link { chars } => write!(
                f,
                "No link was made: it would be {:.1} million characters long, and browsers open links of at most {:.1} million (Firefox; Chromium 2.1).",
                *chars as f64 / 1e6,
                MAX_LINK as f64 / 1e6
            )?,
        }
        write!(f, " Send the files themselves, or share the report instead.")
    }
}

impl std::error::Error for TooLarge {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError(pub &'static str);

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "this share link is damaged ({})", self.0)
    }
}

impl std::error::Error for ShareError {}

fn push(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    out.extend_from_slice(bytes);
}

/// Encodes the input as a URL fragment (without the `#`); refuses a payload larger than
/// [`MAX_DECODED`], which [`decode`] would not open.
pub fn encode(shared: &Shared) -> Result<String, TooLarge> {
    let mut raw = Vec::new();
    raw.extend_from_slice(&shared.at.map(|t| t.0).unwrap_or(i64::MIN).to_be_bytes());
    push(&mut raw, shared.text.as_bytes());
    if !shared.left_out.is_empty() {
        raw.extend_from_slice(&(shared.left_out.len() as u32).to_be_bytes());
        for l in &shared.left_out {
            push(&mut raw, l.source.as_bytes());
            push(&mut raw, l.part.as_deref().unwrap_or_default().as_bytes());
            push(&mut raw, &l.secrets.iter().map(|s| s.code()).collect::<Vec<u8>>());
            raw.push(u8::from(l.signed));
        }
    }
    // Measured before the files are copied in: a dropped file of gigabytes is not copied again.
    let size = raw.len() + shared.files.iter().map(|f| 8 + f.name.len() + f.bytes.len()).sum::<usize>();
    if size > MAX_DECODED {
        return Err(TooLarge::Payload { bytes: size });
    }
    for f in &shared.files {
        push(&mut raw, f.name.as_bytes());
        push(&mut raw, &f.bytes);
    }
    let packed = miniz_oxide::deflate::compress_to_vec(&raw, 9);
    let version = if shared.left_out.is_empty() { "v1" } else { "v2" };
    Ok(format!("{version}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)))
}

/// The share link of `shared` for the page at `address` (without a fragment): `address#fragment`,
/// refused when the payload is larger than [`decode`] opens or the link longer than a browser
/// opens.
pub fn link(address: &str, shared: &Shared) -> Result<String, TooLarge> {
    let link = format!("{address}#{}", encode(shared)?);
    match link.len() {
        chars if chars > MAX_LINK => Err(TooLarge::Link { chars }),
        _ => Ok(link),
    }
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ShareError> {
        if self.0.len() < n {
            return Err(ShareError("cut off"));
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }

    fn field(&mut self) -> Result<&'a [u8], ShareError> {
        let len = u32::from_be_bytes(self.take(4)?.try_into().map_err(|_| ShareError("cut off"))?) as usize;
        self.take(len)
    }
}

/// Decodes a fragment made by [`encode`] (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let fragment = fragment.trim_start_matches('#');
    let (body, v2) = match (fragment.strip_prefix("v1."), fragment.strip_prefix("v2.")) {
        (Some(b), _) => (b, false),
        (_, Some(b)) => (b, true),
        _ => return Err(ShareError("unknown version")),
    };
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(body.trim()).map_err(|_| ShareError("not base64url"))?;
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DECODED).map_err(|_| ShareError("does not inflate"))?;
    let mut c = Cursor(&raw);
    let at = i64::from_be_bytes(c.take(8)?.try_into().map_err(|_| ShareError("cut off"))?);
    let text = String::from_utf8(c.field()?.to_vec()).map_err(|_| ShareError("text is not UTF-8"))?;
    let mut left_out = Vec::new();
    if v2 {
        let n = u32::from_be_bytes(c.take(4)?.try_into().map_err(|_| ShareError("cut off"))?);
        for _ in 0..n {
            let source = String::from_utf8_lossy(c.field()?).into_owned();
            let part = String::from_utf8_lossy(c.field()?).into_owned();
            let secrets = c.field()?.iter().map(|b| Secret::from_code(*b).ok_or(ShareError("unknown kind of secret"))).collect::<Result<_, _>>()?;
            let signed = c.take(1)? != [0];
            left_out.push(LeftOut { source, part: (!part.is_empty()).then_some(part), secrets, signed });
        }
    }
    let mut files = Vec::new();
    while !c.0.is_empty() {
        let name = String::from_utf8_lossy(c.field()?).into_owned();
        files.push(Source::file(name, c.field()?.to_vec()));
    }
    // Any eight bytes may come in: the time is clamped to the years a date is written for.
    Ok(Shared { text, files, at: (at != i64::MIN).then_some(Timestamp(at).clamped()), left_out })
}

/// What a link contains, in words, for the page to say before it is shared.
pub fn describe(shared: &Shared) -> String {
    let mut parts = Vec::new();
    if !shared.text.trim().is_empty() {
        parts.push(format!("the pasted text ({} characters)", shared.text.chars().count()));
    }
    for f in &shared.files {
        parts.push(format!("the file {} ({} bytes)", f.name, f.bytes.len()));
    }
    match shared.at {
        Some(t) => parts.push(format!("the evaluation time {}", t.rfc3339())),
        None if !parts.is_empty() => parts.push("no time (it evaluates at the time it is opened)".to_string()),
        None => {}
    }
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let s = Shared {
            text: "-----BEGIN CERTIFICATE-----\nMIIC…\n".into(),
            files: vec![Source::file("a.der", vec![0x30, 0x82, 0, 1, 2]), Source::file("b.mobileconfig", vec![])],
            at: Some(Timestamp(1_573_224_096)),
            left_out: Vec::new(),
        };
        let link = encode(&s).unwrap(); // ok: test
        assert!(link.starts_with("v1.") && link.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&format!("#{link}")), Ok(s.clone()));
        assert_eq!(decode(&encode(&Shared { at: None, ..s.clone() }).unwrap()).map(|d| d.at), Ok(None)); // ok: test
        assert!(describe(&s).contains("a.der (5 bytes)"));
    }

    #[test]
    fn what_was_left_out_travels_in_a_v2_link() {
        let key = include_str!("../tests/fixtures/secrets/ec-key-pkcs8.pem");
        let cert = include_str!("../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem");
        let p12 = include_bytes!("../tests/fixtures/misc/identity.p12").to_vec();
        let mut s = Shared::new(format!("{cert}{key}"), vec![Source::file("id.p12", p12)]);
        s.at = Some(Timestamp(1_559_347_200));
        let kept = redact(&s);
        let link = encode(&kept).unwrap(); // ok: test
        assert!(link.starts_with("v2."), "{link}");
        let back = decode(&link).unwrap(); // ok: test
        assert_eq!(back, kept);
        let key_body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
        let raw = miniz_oxide::inflate::decompress_to_vec(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&link[3..]).unwrap()).unwrap(); // ok: test
        for line in key.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!raw.windows(line.len()).any(|w| w == line.as_bytes()), "the link carries {line}");
        }
        assert!(!back.text.contains(&key_body[..20]) && back.text.contains("BEGIN CERTIFICATE") && back.files.is_empty());
        assert_eq!(
            back.left_out.iter().map(|l| (l.source.as_str(), l.secrets.clone())).collect::<Vec<_>>(),
            vec![("pasted text", vec![Secret::PrivateKey]), ("id.p12", vec![Secret::Pkcs12])]
        );
        // Redacting again changes nothing and keeps the list.
        assert_eq!(redact(&back), back);
        assert!(describe(&Shared::new("x", vec![])).contains("no time"));
    }

    #[test]
    fn damaged_links_are_errors() {
        assert!(decode("v2.abc").is_err());
        assert!(decode("v1.!!!").is_err());
        assert!(decode("v1.AAAA").is_err());
        let good = encode(&Shared::new("x", vec![])).unwrap(); // ok: test
        assert!(decode(&good[..good.len() - 3]).is_err());
    }

    #[test]
    fn zip_bombs_are_bounded() {
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; MAX_DECODED + 1], 9);
        let link = format!("v1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bomb));
        assert!(decode(&link).is_err());
    }

    #[test]
    fn no_link_is_larger_than_decode_opens() {
        // The payload: 8 bytes of time, then the text's length (4) and bytes.
        let fits = Shared::new("a".repeat(MAX_DECODED - 12), vec![]);
        let link = encode(&fits).unwrap(); // ok: test
        assert_eq!(decode(&link).map(|d| d.text.len()), Ok(MAX_DECODED - 12));
        let over = Shared::new("a".repeat(MAX_DECODED - 11), vec![]);
        assert_eq!(encode(&over), Err(TooLarge::Payload { bytes: MAX_DECODED + 1 }));
        // Files count with their names and lengths.
        let file = Shared::new("", vec![Source::file("big.der", vec![0; MAX_DECODED - 12 - 8 - 7 + 1])]);
        assert_eq!(encode(&file), Err(TooLarge::Payload { bytes: MAX_DECODED + 1 }));
        let said = TooLarge::Payload { bytes: 12 * 1024 * 1024 }.to_string();
        assert!(said.starts_with("No link was made: the input is 12.0 MiB") && said.contains("at most 8 MiB"), "{said}");
        // A link is also never longer than a browser opens: 1.2 MB of text that hardly
        // compresses (letters from a fixed pseudo-random sequence) makes a link above 1 MiB.
        let mut x: u32 = 1;
        let noise: String = (0..1_200_000)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                char::from(b'A' + ((x >> 16) % 52) as u8)
            })
            .collect();
        let address = "https://example.com/tools/certscope/";
        match super::link(address, &Shared::new(noise, vec![])) {
            Err(TooLarge::Link { chars }) => assert!(chars > MAX_LINK, "{chars}"),
            other => panic!("{other:?}"),
        }
        let small = super::link(address, &Shared::new("x", vec![])).unwrap(); // ok: test
        assert!(small.starts_with("https://example.com/tools/certscope/#v1.") && decode(small.split('#').nth(1).unwrap_or_default()).is_ok());
        assert!(TooLarge::Link { chars: 1_500_000 }.to_string().contains("1.5 million characters long"));
    }

    #[test]
    fn fleet_inventories_stay_out_of_links() {
        let cert = include_str!("../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem").trim();
        let csv = format!("Serial Number,Computer Name,APSD Certificate\nC02XK1ZZQ6L4,Alice's MacBook,\"{cert}\"\n");
        let json = format!("[{{\"device\": \"Bob's iMac\", \"pem\": {:?}}}]", cert);
        let s = Shared::new(
            cert,
            vec![
                Source::file("fleet.csv", csv.clone().into_bytes()),
                Source::file("one.pem", cert.as_bytes().to_vec()),
                Source::file("mdm.json", json.into_bytes()),
            ],
        );
        let kept = redact(&s);
        assert_eq!(kept.text, cert);
        assert_eq!(kept.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["one.pem"]);
        assert_eq!(
            kept.left_out.iter().map(|l| (l.source.as_str(), l.secrets.clone())).collect::<Vec<_>>(),
            vec![("fleet.csv", vec![Secret::Inventory]), ("mdm.json", vec![Secret::Inventory])]
        );
        let link = encode(&kept).unwrap(); // ok: test
        let raw = miniz_oxide::inflate::decompress_to_vec(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&link[3..]).unwrap()).unwrap(); // ok: test
        for name in ["C02XK1ZZQ6L4", "Alice's MacBook", "Bob's iMac"] {
            assert!(!raw.windows(name.len()).any(|w| w == name.as_bytes()), "the link carries {name}");
        }
        let back = decode(&link).unwrap(); // ok: test
        assert_eq!(back, kept);
        assert!(back.left_out[0].describe().starts_with("fleet.csv (all of it): a fleet inventory"), "{}", back.left_out[0].describe());
        // A pasted inventory is left out too; redacting again changes nothing.
        let pasted = redact(&Shared::new(csv, vec![]));
        assert_eq!((pasted.text.as_str(), pasted.left_out.len()), ("", 1));
        assert_eq!(redact(&pasted), pasted);
        // A mail whose first line names a device and a certificate is no inventory.
        let mail = format!("Hi, here is the certificate from my device, as asked:\n{cert}\nThanks, Bob\n");
        assert!(fleet::looks_like_fleet(&mail));
        assert_eq!(redact(&Shared::new(mail.clone(), vec![])), Shared::new(mail, vec![]));
    }
}
