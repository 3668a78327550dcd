//! Secret fields found in property-list text by scanning it, whatever the text is: a profile that
//! does not parse (a stray `&`), one pasted after a few lines of mail, one quoted in a reply.
//! The parser is not asked (it gives up on the first error); the scan looks for
//!
//! ```text
//! <key>NAME</key> <string>VALUE</string>      -- or <data>, <integer>, <real>, <date>,
//!                                                 <array>, <dict>, any element, CDATA or
//!                                                 text, when NAME names a secret
//! <data>BASE64</data>                          -- whatever the key, when it decodes to a
//!                                                 private key or a PKCS#12 bundle
//! ```
//!
//! (Apple's property list DTD, `key`, `string` and `data` elements), case-insensitively, across
//! line breaks and mail quoting, and returns each VALUE's byte range so it can be cut. A value
//! without its end tag runs to the end of the text: an unfinished secret is still a secret.

use crate::secret::{secret_key, Secret};

/// What a decoded `<data>` value is, when it must not be kept (the caller's rule: the share
/// module's `blob_secret`, which follows a property list inside the data back into this scan;
/// given as an argument so that this module needs nothing of the one that calls it).
pub type BlobSecret<'a> = &'a dyn Fn(&[u8]) -> Option<Secret>;

/// One value to cut: `start..end` in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub start: usize,
    pub end: usize,
    /// The key naming it (decoded); `None` for a data element found by what it holds.
    pub key: Option<String>,
    pub secret: Secret,
}

/// The secret values in `text`, in text order; overlapping ranges are merged into the first.
pub fn scan(text: &str, blob: BlobSecret<'_>) -> Vec<Field> {
    // ASCII lower-casing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    key_fields(text, &lower, &mut out);
    let mut from = 0;
    while let Some(at) = find_tag(&lower, from, "data") {
        let Some(open_end) = lower[at..].find('>').map(|i| at + i + 1) else { break };
        let end = lower[open_end..].find("</data").map_or(lower.len(), |i| open_end + i);
        from = end.max(open_end);
        if let Some(secret) = data_secret(&text[open_end..end], blob) {
            out.push(Field { start: open_end, end, key: None, secret });
        }
    }
    other_tools_keys(text, &lower, &mut out);
    crate::sort::sort_by_key(&mut out, |f| f.start);
    let mut merged: Vec<Field> = Vec::with_capacity(out.len());
    for f in out {
        match merged.last_mut() {
            Some(last) if f.start < last.end => last.end = last.end.max(f.end),
            _ => merged.push(f),
        }
    }
    merged
}

/// The values of secret-named keys (`<key>NAME</key>` then its value), the first pass of [`scan`].
/// It follows nothing (no data is decoded): [`key_secrets`] can run beside the parsed walk of a
/// property list nested in data without any recursion.
fn key_fields(text: &str, lower: &str, out: &mut Vec<Field>) {
    let mut from = 0;
    while let Some(at) = find_tag(lower, from, "key") {
        let Some(open_end) = lower[at..].find('>').map(|i| at + i + 1) else { break };
        // Its end tag outside comments and CDATA (`<key>Pass<!-- </key> -->word</key>`).
        let close = element_end(lower, open_end, "key", false);
        let name = decode_entities(&text[open_end..close]);
        from = close.max(open_end);
        // A reference left unresolved (`&pw;`, an entity a DOCTYPE may define as "Password"):
        // the key's name cannot be told, so it may name a secret.
        let Some(secret) = secret_key(&name).or_else(|| unresolved_reference(&name).then_some(Secret::Password)) else { continue };
        let after = lower[close..].find('>').map_or(lower.len(), |i| close + i + 1);
        match value_after(text, lower, after) {
            Ok(Some((start, end))) => {
                out.push(Field { start, end, key: Some(name), secret });
                from = end.max(from);
            }
            Ok(None) => {}
            // The rest of the text is one comment: no value follows.
            Err(Unclosed) => break,
        }
    }
}

/// The secret kinds of secret-named keys in property-list text, read as XML reads it (comments,
/// CDATA and character references in the key undone), each once: what the `plist` crate's parse
/// can miss (it drops CDATA sections, so `<key><![CDATA[Password]]></key>` is an empty key).
pub fn key_secrets(text: &str) -> Vec<Secret> {
    let mut out = Vec::new();
    key_fields(text, &text.to_ascii_lowercase(), &mut out);
    let mut s: Vec<Secret> = out.into_iter().map(|f| f.secret).collect();
    s.sort();
    s.dedup();
    s
}

/// Private keys other tools write as text, not DER (each a [`Secret::PrivateKey`] field):
///
/// ```text
/// PuTTY-User-Key-File-3: ssh-ed25519     -- PuTTY's key file: the N lines after
/// Private-Lines: N                          "Private-Lines:" (SSH wire format, base64)
/// { "kty": "EC", "d": "…", … }             -- a JSON Web Key's private members, RFC 7518
///                                             §6.2.2 (d), §6.3.2 (d p q dp dq qi), §6.4.1 (k)
/// ```
fn other_tools_keys(text: &str, lower: &str, out: &mut Vec<Field>) {
    let mut from = 0;
    while let Some(i) = lower[from..].find("private-lines:") {
        let at = from + i + "private-lines:".len();
        let line_end = lower[at..].find('\n').map_or(lower.len(), |j| at + j);
        // A count that does not read is every line left: unsure is secret.
        let n = lower[at..line_end].trim().parse::<usize>().unwrap_or(usize::MAX);
        let start = (line_end + 1).min(lower.len());
        let end = lower[start..].match_indices('\n').map(|(j, _)| start + j).nth(n.saturating_sub(1)).unwrap_or(lower.len());
        if n > 0 && start < end {
            out.push(Field { start, end, key: Some("Private-Lines".into()), secret: Secret::PrivateKey });
        }
        from = end.max(at);
    }
    if !text.contains("\"kty\"") {
        return;
    }
    for member in ["d", "p", "q", "dp", "dq", "qi", "k"] {
        let quoted = format!("\"{member}\"");
        for (i, _) in text.match_indices(&quoted) {
            let rest = &text[i + quoted.len()..];
            let Some(value) = rest.trim_start().strip_prefix(':').map(str::trim_start).and_then(|v| v.strip_prefix('"')) else { continue };
            let start = text.len() - value.len();
            let end = value.find('"').map_or(text.len(), |j| start + j);
            out.push(Field { start, end, key: Some(member.into()), secret: Secret::PrivateKey });
        }
    }
}

/// The secret kinds in `text` (each once, sorted).
pub fn secrets_in(text: &str, blob: BlobSecret<'_>) -> Vec<Secret> {
    let mut s: Vec<Secret> = scan(text, blob).into_iter().map(|f| f.secret).collect();
    crate::sort::sort(&mut s);
    s.dedup();
    s
}

/// The next `<name` tag at or after `from` (followed by `>`, `/` or white space), in `lower`.
fn find_tag(lower: &str, mut from: usize, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    loop {
        let at = from + lower.get(from..)?.find(&open)?;
        let next = lower.as_bytes().get(at + open.len()).copied();
        if matches!(next, Some(b'>' | b'/') | None) || next.is_some_and(|b| b.is_ascii_whitespace()) {
            return Some(at);
        }
        from = at + open.len();
    }
}

/// Is there a `<name` tag exactly at `at` (followed by `>`, `/`, white space or the end)? Looks at
/// those bytes only: searching the rest of the text once per key would be quadratic.
fn tag_at(lower: &str, at: usize, name: &str) -> bool {
    let Some(rest) = lower.get(at..).and_then(|r| r.strip_prefix('<')).and_then(|r| r.strip_prefix(name)) else { return false };
    rest.bytes().next().is_none_or(|b| matches!(b, b'>' | b'/') || b.is_ascii_whitespace())
}

/// The range of the value after a secret key, whatever its type (fail closed): the content of
/// the element that follows (`<string>`, `<data>`, a number, a date, an `<array>`, a `<dict>` with
/// its keys, or an element no plist has: a damaged one), a CDATA section, or text that is not a
/// tag; `None` for a boolean (a switch), an empty or self-closed element, another key or an end
/// tag (no value); `Err` when a comment runs to the end of the text.
fn value_after(text: &str, lower: &str, mut at: usize) -> Result<Option<(usize, usize)>, Unclosed> {
    // White space, mail quoting, comments and processing instructions (XML 1.0 §2.5, §2.6)
    // between the key and its value.
    loop {
        let rest = &lower[at..];
        let skip = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || c == '>').len();
        at += skip;
        if lower[at..].starts_with("<!--") {
            at = lower[at..].find("-->").map(|i| at + i + 3).ok_or(Unclosed)?;
        } else if lower[at..].starts_with("<?") {
            at = lower[at..].find("?>").map(|i| at + i + 2).ok_or(Unclosed)?;
        } else {
            break;
        }
    }
    if at >= lower.len() {
        return Ok(None);
    }
    if lower[at..].starts_with("</") {
        return Ok(None);
    }
    let name =
        lower[at..].strip_prefix('<').map_or("", |r| &r[..r.find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))).unwrap_or(r.len())]);
    if name.is_empty() {
        // Not an element: text (a damaged plist), a CDATA section, `<?`, `<!`: the value runs to
        // the next tag, past CDATA sections (XML 1.0 §2.7: their content is text).
        let mut end = if lower[at..].starts_with('<') && !lower[at..].starts_with("<![cdata[") { at + 1 } else { at };
        loop {
            let Some(i) = lower[end..].find('<') else { return Ok(Some((at, lower.len()))) };
            let next = end + i;
            if !lower[next..].starts_with("<![cdata[") {
                return Ok(Some((at, next)));
            }
            end = lower[next..].find("]]>").map_or(lower.len(), |j| next + j + 3);
        }
    }
    // Another key: this one has no value. A boolean is a switch.
    if matches!(name, "key" | "true" | "false") {
        return Ok(None);
    }
    let tag_end = lower[at..].find('>').map_or(lower.len(), |i| at + i + 1);
    if lower[..tag_end].ends_with("/>") {
        return Ok(None);
    }
    let end = element_end(lower, tag_end, name, true);
    Ok((!text[tag_end..end].trim().is_empty()).then_some((tag_end, end)))
}

/// Where the content of an `element` opened before `from` ends: at its end tag outside comments
/// and CDATA sections (XML 1.0 §2.5, §2.7: a `</string>` inside either is text), counting nested
/// elements of the same name (arrays in arrays) when it `nests`; the end of the text when it has
/// none. One pass.
fn element_end(lower: &str, mut from: usize, element: &str, nests: bool) -> usize {
    let close = format!("</{element}");
    let mut depth = 0usize;
    while let Some(i) = lower[from..].find('<') {
        let at = from + i;
        let rest = &lower[at..];
        let skip_to = |end: &str| rest.find(end).map_or(lower.len(), |j| at + j + end.len());
        if rest.starts_with("<!--") {
            from = skip_to("-->");
        } else if rest.starts_with("<![cdata[") {
            from = skip_to("]]>");
        } else if rest.strip_prefix(&close).is_some_and(|r| r.bytes().next().is_none_or(|b| b == b'>' || b.is_ascii_whitespace())) {
            if depth == 0 {
                return at;
            }
            depth -= 1;
            from = at + close.len();
        } else {
            depth += usize::from(nests && tag_at(lower, at, element));
            from = at + 1;
        }
    }
    lower.len()
}

/// A comment without its end.
struct Unclosed;

/// A data element's content that decodes to a private key, a PKCS#12 bundle, or DER that is
/// none of the public structures (a bundle cut off in the paste is still one): `blob`, the caller's rule.
fn data_secret(content: &str, blob: BlobSecret<'_>) -> Option<Secret> {
    blob(&super::keys::lenient_base64(content)?)
}

/// Does a decoded key still hold an entity reference (`&name;`), one that XML's five and
/// character references do not resolve?
fn unresolved_reference(name: &str) -> bool {
    name.match_indices('&').any(|(i, _)| {
        let rest = &name[i + 1..];
        rest.find(';').is_some_and(|j| j > 0 && rest[..j].chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
    })
}

/// A key's text with XML's comments, CDATA markers and character references undone, trimmed
/// (`<key>Pass<!-- -->word</key>` is `Password` to an XML parser).
fn decode_entities(s: &str) -> String {
    let mut bare = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("<!--") {
        bare.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |i| &rest[start + i + 3..]);
    }
    bare.push_str(rest);
    let s = bare.replace("<![CDATA[", "").replace("]]>", "");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is short: look for its `;` among the next few characters only.
        let Some(semi) = rest.char_indices().take(12).find(|(_, c)| *c == ';').map(|(i, _)| i) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<(&str, Secret)> {
        scan(text, &super::super::keys::der_kind).into_iter().map(|f| (&text[f.start..f.end], f.secret)).collect()
    }

    #[test]
    fn secret_values_are_found_however_the_text_is_damaged() {
        let text = "mail\n> <key>Password</key>\n> <string>hunter2</string>\n<KEY>wpa_psk</KEY><String>abc</String>\n\
                    <key>Pass<!-- -->&#x77;ord</key><!-- x --><string><![CDATA[a</string>b]]></string>\n<key>Token</key>garbage<key>x</key>\n\
                    <key>CHALLENGE</key><string>c1";
        assert_eq!(
            cut(text),
            vec![
                ("hunter2", Secret::Password),
                ("abc", Secret::Password),
                ("<![CDATA[a</string>b]]>", Secret::Password),
                ("garbage", Secret::Password),
                ("c1", Secret::Challenge)
            ]
        );
    }

    #[test]
    fn empty_values_switches_and_other_keys_are_not_secrets() {
        for text in [
            "<key>Password</key><string></string>",
            "<key>Password</key><string/>",
            "<key>allowPasswordSharing</key><false/>",
            "<key>PasswordPolicy</key><dict/>",
            "<key>Password</key></dict>",
            "<key>PayloadDisplayName</key><string>Password reset</string>",
            "<keyboard>Password</keyboard><string>x</string>",
        ] {
            assert_eq!(scan(text, &super::super::keys::der_kind), Vec::new(), "{text}");
        }
    }
}
