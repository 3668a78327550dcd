//! The last step before the terminal, for every output: whatever a renderer missed, no control
//! sequence but a colour reaches it. The renderers write input-derived strings through
//! certscope::escape::visible (human.rs); this checks the whole text once more.
//!
//! - Human output: SGR sequences (ECMA-48 §8.3.117, `ESC [ digits ; … m`: colour, written by
//!   anstyle) pass when colour is asked for; every other C0 control but line feed and tab, DEL,
//!   C1 and the bidi controls become `\u{…}`.
//! - JSON: serde_json already escapes C0; [`Json`] writes DEL, C1 and the bidi controls as
//!   `\uXXXX` too — the same JSON values, nothing raw on the screen.

use certscope::escape::is_unsafe;
use std::borrow::Cow;
use std::io::{self, Write};

/// `text` with only colour sequences (if `colour`) and line feeds and tabs left of the
/// characters that act on a terminal.
pub fn inert(text: &str, colour: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let sgr = if colour && c == '\u{1b}' { sgr_len(rest) } else { None };
        if let Some(n) = sgr {
            out.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        if is_unsafe(c) && !matches!(c, '\n' | '\t') {
            out.push_str(&certscope::escape::visible(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// The length of the SGR sequence `s` starts with: ESC `[`, parameters (digits and `;`), `m`.
fn sgr_len(s: &str) -> Option<usize> {
    let params = s.strip_prefix("\u{1b}[")?;
    let n = params.bytes().take_while(|b| b.is_ascii_digit() || *b == b';').count();
    params[n..].starts_with('m').then_some(2 + n + 1)
}

/// serde_json's pretty printer, writing every [`is_unsafe`] character of a string as `\uXXXX`.
pub struct Json(serde_json::ser::PrettyFormatter<'static>);

impl Json {
    pub fn new() -> Self {
        Json(serde_json::ser::PrettyFormatter::new())
    }
}

impl serde_json::ser::Formatter for Json {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some(i) = rest.find(is_unsafe) {
            w.write_all(&rest.as_bytes()[..i])?;
            let c = rest[i..].chars().next().unwrap_or_default();
            // Every unsafe character is in the Basic Multilingual Plane: one escape.
            write!(w, "\\u{:04x}", c as u32)?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colour_passes() {
        let painted = "\u{1b}[1m\u{1b}[32mok\u{1b}[0m E\u{1b}[1A\u{1b}[2K\r\u{9b}2J\u{202e}\n";
        assert_eq!(inert(painted, true), "\u{1b}[1m\u{1b}[32mok\u{1b}[0m E\\u{1b}[1A\\u{1b}[2K\\u{d}\\u{9b}2J\\u{202e}\n");
        assert_eq!(inert("\u{1b}[31mx", false), "\\u{1b}[31mx");
        assert!(matches!(inert("plain\ttext\n", true), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_the_values_and_shows_no_control() {
        let value = serde_json::json!({ "subject": "E\u{1b}[2K\u{9b}\u{7f}\u{202e}é" });
        let mut out = Vec::new();
        serde::Serialize::serialize(&value, &mut serde_json::Serializer::with_formatter(&mut out, Json::new())).unwrap(); // ok: test
        let text = String::from_utf8(out).unwrap(); // ok: test
        assert!(text.contains(r#""E\u001b[2K\u009b\u007f\u202eé""#), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
        // ok: test
    }
}
