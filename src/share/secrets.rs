//! What a share link must never carry, decided over the sources alone (pure): private keys,
//! PKCS#12 bundles, and profiles or device requests holding secrets.
//!
//! - A PEM block whose label names a private key (RFC 7468 §10 `PRIVATE KEY`, §11 `ENCRYPTED
//!   PRIVATE KEY`, and the legacy OpenSSL labels `RSA PRIVATE KEY`, `EC PRIVATE KEY`, …) is cut out
//!   of the text; the rest of the paste is kept, with its line numbers.
//! - A DER private key (PKCS#8 `OneAsymmetricKey` / `EncryptedPrivateKeyInfo`, RFC 5958 §2–3;
//!   `RSAPrivateKey`, RFC 8017 A.1.2; `ECPrivateKey`, RFC 5915 §3) or a PKCS#12 `PFX` (RFC 7292
//!   §4) is left out whole.
//! - A property list with a `com.apple.security.pkcs12` payload, a filled field that
//!   [`secret_key`] names a secret (a password, passphrase, shared secret, token, PSK, or a
//!   challenge: SCEP `Challenge`, an OTA request's `CHALLENGE`) is left out whole; signed ones too,
//!   since removing a part would break the signature (RFC 5652 §5.4).
//! - Whatever the parse result: text is scanned for such fields (src/share/fields.rs) and their
//!   values cut, so a profile that does not parse, or comes after a few lines of mail, loses them
//!   too; every decoded block (PEM of any label, base64, hex, base64 lines outside any block)
//!   goes through the private-key detector (DER, and OpenSSH's `openssh-key-v1`); and DER that is
//!   neither a certificate, signed data, a PKCS#12 bundle nor another public structure, or binary
//!   that is not DER, is left out ([`Secret::Unclassified`]): what cannot be told apart from a
//!   secret is not kept.
//!
//! [`secret_key`] is the core's one rule for which fields are secrets: the report, the JSON,
//! the Markdown and the CLI write "(left out)" for them too (src/input/mod.rs).

pub use super::keys::is_private_key_der;
use super::keys::{der_kind, lenient_base64, public_der};
use crate::input::{self, pem, text, Content, Source};
pub use crate::secret::{secret_key, Secret};

/// A decoded blob that must not be kept: a private key (DER or OpenSSH's format), a PKCS#12
/// bundle, a property list holding secrets, or DER that is none of the public structures.
pub fn blob_secret(bytes: &[u8]) -> Option<Secret> {
    // OpenSSH's own private key format (PROTOCOL.key: "openssh-key-v1\0" then the keys).
    if bytes.starts_with(b"openssh-key-v1\0") {
        return Some(Secret::PrivateKey);
    }
    // A property list (a profile inside an MDM command's data): its secret fields. Each level of
    // base64 is three quarters of the one around it, so the nesting this can follow is short.
    if crate::profile::looks_like_plist(bytes) {
        return content_secrets(bytes).first().copied();
    }
    der_kind(bytes).or_else(|| (bytes.first() == Some(&0x30) && !public_der(bytes)).then_some(Secret::Unclassified))
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
        if self.secrets == [Secret::Inventory] {
            return format!(
                "{} (all of it): a fleet inventory; a link never carries device names or serial numbers. Send the file itself to whoever needs it.",
                self.source
            );
        }
        let what = match &self.part {
            Some(p) => format!("{}, {p}", self.source),
            None => format!("{} (all of it)", self.source),
        };
        let secrets: Vec<&str> = self.secrets.iter().map(|s| s.words()).collect();
        let why = if self.signed {
            "; it is signed, and removing only the secret would break its signature"
        } else if self.part.is_none() && self.secrets.iter().any(|s| !matches!(s, Secret::PrivateKey | Secret::Pkcs12 | Secret::Unclassified)) {
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
        // Binary that is DER was classified above; other binary (not a property list) cannot be
        // told apart from a key store.
        None if f.bytes.first() != Some(&0x30) && !crate::profile::looks_like_plist(&f.bytes) => {
            left.push(LeftOut { source: f.name.clone(), part: None, secrets: vec![Secret::Unclassified], signed: false });
            None
        }
        None => Some(None),
    }
}

/// The secrets of bytes that can only be left out whole, and whether they are signed: a
/// property list that parses and holds secrets, one in binary form that does not parse (it
/// cannot be read, so it cannot be cut), DER. An XML property list that does not parse is text:
/// its secret fields are cut ([`redact_text`]).
fn whole_secrets(bytes: &[u8]) -> Option<(Vec<Secret>, bool)> {
    if crate::profile::looks_like_plist(bytes) && (bytes.starts_with(b"bplist00") || crate::profile::read_value(bytes).is_ok()) {
        let s = content_secrets(bytes);
        return (!s.is_empty()).then_some((s, false));
    }
    // DER starts with SEQUENCE (0x30); text that happens to start with '0' is cheap to rule out.
    if bytes.first() == Some(&0x30) && text::bytes_to_text(bytes).is_none() {
        return der_secrets(bytes);
    }
    None
}

/// Secrets in DER (or BER) bytes, whatever a label or a file name said: a private key, a PKCS#12
/// bundle, signed data around a plist that holds secrets; and what is none of the structures
/// certscope reads ([`Secret::Unclassified`]). A damaged certificate, a CSR, a CRL or an OCSP
/// message is public.
fn der_secrets(bytes: &[u8]) -> Option<(Vec<Secret>, bool)> {
    if is_private_key_der(bytes) {
        return Some((vec![Secret::PrivateKey], false));
    }
    let decoded = input::read(&[Source::file("part", bytes.to_vec())]);
    if let Some(found) = items_secrets(&decoded) {
        return Some(found);
    }
    if !decoded.items.is_empty() {
        return None;
    }
    // Nothing read. A damaged signed profile still holds its XML in the clear.
    let fields = super::fields::secrets_in(&String::from_utf8_lossy(bytes), &blob_secret);
    if !fields.is_empty() {
        return Some((fields, input::sniff::starts_with_content_info(bytes)));
    }
    (!public_der(bytes)).then(|| (vec![Secret::Unclassified], false))
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
                let s = sd.data.content.as_deref().map(content_secrets).unwrap_or_default();
                signed |= !s.is_empty();
                secrets.extend(s);
            }
            _ => {}
        }
    }
    crate::sort::sort(&mut secrets);
    secrets.dedup();
    (!secrets.is_empty()).then_some((secrets, signed))
}

/// Secrets in a property list, or in content that should be one: the parsed walk
/// ([`plist_secrets`]) when it parses, the text scan when it does not, and a binary plist that
/// does not parse is [`Secret::Unclassified`].
pub(super) fn content_secrets(bytes: &[u8]) -> Vec<Secret> {
    if crate::profile::read_value(bytes).is_ok() {
        return plist_secrets(bytes);
    }
    if bytes.starts_with(b"bplist00") {
        return vec![Secret::Unclassified];
    }
    super::fields::secrets_in(&String::from_utf8_lossy(bytes), &blob_secret)
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
        if let Some((secrets, signed)) = block_secrets(b, &norm) {
            let part = format!("block {} ({}), lines {}-{}", b.number, b.label, b.first_line, b.last_line);
            cuts.push((b.start, b.end, LeftOut { source: name.to_string(), part: Some(part), secrets, signed }));
        }
    }
    if blocks.is_empty() {
        if let Some((bytes, hex)) = unarmoured(&norm) {
            // Prose can be all letters and digits too: words separated by spaces are not data
            // certscope failed to read.
            let words = !hex && norm.lines().any(|l| text::strip_line(l).trim().contains(' '));
            if let Some((secrets, signed)) = decoded_secrets(&bytes).filter(|(s, _)| !(words && s == &[Secret::Unclassified])) {
                left.push(LeftOut { source: name.to_string(), part: None, secrets, signed });
                return None;
            }
        }
    }
    // Base64 outside every block (a BEGIN line lost in the paste): a key is still a key.
    for (start, end, first, last, secrets) in orphan_runs(&norm, &blocks) {
        let part = format!("lines {first}-{last} (base64 outside any BEGIN/END block)");
        cuts.push((start, end, LeftOut { source: name.to_string(), part: Some(part), secrets, signed: false }));
    }
    // Base64 inside a line (a JSON string, a YAML value), outside every block and what is cut
    // already (whole lines of base64 are the runs above).
    let mut taken: Vec<(usize, usize)> = cuts.iter().map(|(a, b, _)| (*a, *b)).chain(blocks.iter().map(|b| (b.start, b.end.max(b.start + 1)))).collect();
    crate::sort::sort(&mut taken);
    let lines = text::Lines::new(&norm);
    for (start, end, secrets) in inline_tokens(&norm, &taken) {
        let part = format!("base64 inside line {}", lines.of(start));
        cuts.push((start, end, LeftOut { source: name.to_string(), part: Some(part), secrets, signed: false }));
    }
    // Secret fields of a property list, outside the blocks already cut. Blocks and orphan runs
    // do not overlap and the fields come in text order: one pass over both (and line numbers by
    // bisection), never a walk over every cut or line per field.
    let mut whole: Vec<(usize, usize)> = cuts.iter().map(|(a, b, _)| (*a, *b)).collect();
    crate::sort::sort(&mut whole);
    let mut next = 0;
    for f in super::fields::scan(&norm, &blob_secret) {
        while whole.get(next).is_some_and(|(_, b)| *b <= f.start) {
            next += 1;
        }
        if whole.get(next).is_some_and(|(a, _)| *a < f.end) {
            continue;
        }
        let line = lines.of(f.start);
        let part = match &f.key {
            Some(key) => format!("the {} field, line {line}", crate::escape::visible(key)),
            None => format!("the data on line {line}"),
        };
        cuts.push((f.start, f.end, LeftOut { source: name.to_string(), part: Some(part), secrets: vec![f.secret], signed: false }));
    }
    crate::sort::sort_by_key(&mut cuts, |c| c.0);
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

/// Runs of base64 lines outside every block (`start`, `end`, first and last line) whose data is a
/// private key, a PKCS#12 bundle or DER that is none of the public structures. Only when the
/// text has blocks or is not base64 as a whole (that is read whole, [`unarmoured`]).
fn orphan_runs(norm: &str, blocks: &[pem::Block]) -> Vec<(usize, usize, usize, usize, Vec<Secret>)> {
    let mut runs: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut offset = 0;
    let mut next = 0; // blocks are in text order: one pass over them
    for (i, line) in norm.split_inclusive('\n').enumerate() {
        let at = offset;
        offset += line.len();
        while next < blocks.len() && blocks[next].end.max(blocks[next].start + 1) <= at {
            next += 1;
        }
        let inside = blocks.get(next).is_some_and(|b| at >= b.start);
        let s = text::strip_line(line).trim_matches(|c: char| c.is_whitespace() || c == '>');
        let data = !inside && s.len() >= 16 && s.bytes().all(text::is_base64_char);
        match runs.last_mut() {
            Some(r) if data && r.1 == at => (r.1, r.3) = (offset, i + 1),
            _ if data => runs.push((at, offset, i + 1, i + 1)),
            _ => {}
        }
    }
    runs.into_iter()
        .filter_map(|(start, end, first, last)| {
            let secrets = base64_secrets(norm.get(start..end).unwrap_or_default())?;
            Some((start, end, first, last, secrets))
        })
        .collect()
}

/// Runs of 64 or more base64 characters inside lines (`start`, `end`), outside `taken` (sorted
/// ranges already cut), whose data is a secret ([`blob_secret`]: a private key, a PKCS#12
/// bundle, DER none of the public structures) or a text holding one (a whole PEM key
/// base64-encoded again): a key is a key whatever surrounds it. Tokens and `taken` are both in
/// text order: one pass over each.
fn inline_tokens(norm: &str, taken: &[(usize, usize)]) -> Vec<(usize, usize, Vec<Secret>)> {
    let bytes = norm.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut next) = (0, 0);
    while i < bytes.len() {
        if !text::is_base64_char(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && text::is_base64_char(bytes[i]) {
            i += 1;
        }
        while taken.get(next).is_some_and(|(_, b)| *b <= start) {
            next += 1;
        }
        if i - start < 64 || taken.get(next).is_some_and(|(a, _)| *a < i) {
            continue;
        }
        // A token that is its whole line (mail quoting and white space aside) is an orphan
        // run's. Both looks stop at the first other character: each run of blanks is read at
        // most twice, so the scan stays linear however long the line.
        let before = bytes[..start].iter().rev().take_while(|b| matches!(b, b' ' | b'\t' | b'>')).count();
        let after = bytes[i..].iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r')).count();
        let line_starts = start == before || bytes[start - before - 1] == b'\n';
        let line_ends = bytes.get(i + after).is_none_or(|b| *b == b'\n');
        if line_starts && line_ends {
            continue;
        }
        if let Some(secrets) = norm.get(start..i).and_then(base64_secrets) {
            out.push((start, i, secrets));
        }
    }
    out
}

/// The secrets of base64 found outside every block (whole lines or inside one): its data is a
/// secret ([`blob_secret`]), or a text holding one (a key's whole PEM base64-encoded again).
fn base64_secrets(b64: &str) -> Option<Vec<Secret>> {
    let data = lenient_base64(b64)?;
    blob_secret(&data).map(|s| vec![s]).or_else(|| nested_text_secrets(&data).map(|(s, _)| s))
}

/// The secrets of decoded bytes that are themselves a text with PEM blocks (a key's whole PEM
/// base64-encoded again), found as in any pasted text. The decoded text is a quarter shorter than
/// its base64, so the recursion ends.
fn nested_text_secrets(data: &[u8]) -> Option<(Vec<Secret>, bool)> {
    let inner = std::str::from_utf8(data).ok().filter(|t| t.contains("-----BEGIN"))?;
    let mut left = Vec::new();
    match redact_text("", inner, &mut left) {
        Some(None) => None,
        _ => {
            let mut secrets: Vec<Secret> = left.iter().flat_map(|l| l.secrets.iter().copied()).collect();
            crate::sort::sort(&mut secrets);
            secrets.dedup();
            (!secrets.is_empty()).then(|| (secrets, left.iter().any(|l| l.signed)))
        }
    }
}

/// A PEM block's secrets: by its label, then by what its body decodes to, whatever the label
/// says (a private key labelled CERTIFICATE is still a private key). A body with a stray
/// character is decoded without it.
fn block_secrets(b: &pem::Block, norm: &str) -> Option<(Vec<Secret>, bool)> {
    if let Some(s) = label_secret(&b.label) {
        return Some((vec![s], false));
    }
    let body = match &b.bad_char {
        None => std::borrow::Cow::Borrowed(b.body.as_str()),
        Some(_) => norm.get(b.body_start..b.body_end).unwrap_or_default().lines().map(text::strip_line).collect::<String>().into(),
    };
    let bytes = lenient_base64(&body)?;
    // The labels of public structures that are not certificates: only a key hidden in one is cut.
    if matches!(b.label.as_str(), "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" | "PUBLIC KEY" | "RSA PUBLIC KEY" | "X509 CRL") {
        return is_private_key_der(&bytes).then(|| (vec![Secret::PrivateKey], false));
    }
    decoded_secrets(&bytes)
}

/// Secrets in decoded bytes (a PEM body, unarmoured base64 or hex): DER is classified
/// ([`der_secrets`]), a property list or other text is scanned for secret fields.
fn decoded_secrets(bytes: &[u8]) -> Option<(Vec<Secret>, bool)> {
    if bytes.is_empty() {
        return None;
    }
    if bytes.starts_with(b"openssh-key-v1\0") {
        return Some((vec![Secret::PrivateKey], false));
    }
    if bytes.first() == Some(&0x30) {
        return der_secrets(bytes);
    }
    if let Some(nested) = nested_text_secrets(bytes) {
        return Some(nested);
    }
    let s =
        if crate::profile::looks_like_plist(bytes) { content_secrets(bytes) } else { super::fields::secrets_in(&String::from_utf8_lossy(bytes), &blob_secret) };
    (!s.is_empty()).then_some((s, false))
}

fn label_secret(label: &str) -> Option<Secret> {
    let label = label.to_ascii_uppercase();
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

/// Hex (with or without colons) or base64 without BEGIN/END lines (the whole text), decoded,
/// as the reader reads it (src/input/mod.rs `read_unarmoured`).
fn unarmoured(norm: &str) -> Option<(Vec<u8>, bool)> {
    let compact: String = norm.lines().map(text::strip_line).collect::<String>().chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() < 32 {
        return None;
    }
    let hexish: String = compact.chars().filter(|c| *c != ':').collect();
    if hexish.len() % 2 == 0 && hexish.chars().all(|c| c.is_ascii_hexdigit()) {
        return (0..hexish.len()).step_by(2).map(|i| u8::from_str_radix(&hexish[i..i + 2], 16).ok()).collect::<Option<Vec<u8>>>().map(|b| (b, true));
    }
    if !compact.bytes().all(text::is_base64_char) {
        return None;
    }
    lenient_base64(&compact).map(|b| (b, false))
}

/// Secrets in a property list (XML or binary), sorted, each once.
pub fn plist_secrets(bytes: &[u8]) -> Vec<Secret> {
    let Ok(value) = crate::profile::read_value(bytes) else { return Vec::new() };
    let mut out = xml_key_secrets(bytes);
    walk(&value, 0, &mut out);
    crate::sort::sort(&mut out);
    out.dedup();
    // An identity payload's data is the PKCS#12 bundle it installs: named once.
    if out.contains(&Secret::IdentityPayload) {
        out.retain(|s| *s != Secret::Pkcs12);
    }
    out
}

/// The secret-named keys of an XML property list as its text reads ([`super::fields::key_secrets`]):
/// the `plist` crate drops CDATA sections (a key `<![CDATA[Password]]>` reads as empty, a value
/// as empty), which Apple's parser reads as text; a binary plist has no text to read.
fn xml_key_secrets(bytes: &[u8]) -> Vec<Secret> {
    if bytes.starts_with(b"bplist") {
        return Vec::new();
    }
    super::fields::key_secrets(&String::from_utf8_lossy(bytes))
}

/// Does a secret key's value hold something: anything but a boolean (a switch) or an empty
/// value. A dictionary under a secret key is secret whole, its keys included (a `Password`
/// dictionary, a `Tokens` map keyed by the tokens): fail closed, whatever the type (the text
/// scan cuts the same, src/share/fields.rs).
fn filled(v: &plist::Value) -> bool {
    match v {
        plist::Value::Boolean(_) => false,
        plist::Value::String(s) => !s.is_empty(),
        plist::Value::Data(d) => !d.is_empty(),
        plist::Value::Array(a) => !a.is_empty(),
        plist::Value::Dictionary(d) => !d.is_empty(),
        // Numbers, dates, a binary plist's UIDs, and whatever a later plist version adds.
        _ => true,
    }
}

fn walk(v: &plist::Value, depth: usize, out: &mut Vec<Secret>) {
    if depth > 64 {
        // Deeper than this walk looks: what is there cannot be told apart from a secret.
        if matches!(v, plist::Value::Dictionary(_) | plist::Value::Array(_) | plist::Value::Data(_)) {
            out.push(Secret::Unclassified);
        }
        return;
    }
    match v {
        plist::Value::Dictionary(d) => {
            if d.get("PayloadType").and_then(plist::Value::as_string) == Some("com.apple.security.pkcs12") {
                out.push(Secret::IdentityPayload);
            }
            for (k, v) in d {
                if let Some(secret) = secret_key(k).filter(|_| filled(v)) {
                    out.push(secret);
                }
                walk(v, depth + 1, out);
            }
        }
        plist::Value::Array(a) => a.iter().for_each(|v| walk(v, depth + 1, out)),
        // A property list in a data field (an MDM InstallProfile command's profile): its
        // secrets, within the same depth bound.
        plist::Value::Data(d) if crate::profile::looks_like_plist(d) => match crate::profile::read_value(d.as_slice()) {
            Ok(inner) => {
                out.extend(xml_key_secrets(d));
                walk(&inner, depth + 1, out)
            }
            Err(_) => out.extend(content_secrets(d)),
        },
        // Whatever its key: a private key or a bundle in any data field.
        plist::Value::Data(d) => out.extend(der_kind(d)),
        _ => {}
    }
}

#[cfg(test)]
#[path = "secrets_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "secrets_value_tests.rs"]
mod value_tests;
