//! Writing text that came from the input (certificate names, profile strings, file and device
//! names) into an output format, one function per format, so a name cannot act on its reader.
//!
//! - [`visible`] — for a terminal and for every format: C0 controls (ECMA-48 §5.2: ESC starts a
//!   cursor-moving or line-erasing sequence, CR and LF start a line), DEL, C1 controls (ECMA-48
//!   §5.3: U+009B is a CSI by itself) and the Unicode bidirectional formatting characters (UAX #9
//!   §2: embeddings, overrides, isolates and marks, which reorder what is shown) become their
//!   visible `\u{…}` form.
//! - [`markdown`] — text in a Markdown line (CommonMark 0.31): [`visible`], then every character
//!   that can open an inline construct is backslash-escaped (§2.4) and a first character that
//!   could start a block (§4–5) is too; no line ending survives, so no name starts a line.
//! - [`markdown_code`] — a code span (§6.1) whose backtick string is longer than any run of
//!   backticks in the text, so the text cannot close it.
//!
//! HTML is Yew's: text nodes and attributes are escaped by the DOM (src/ui/cert_table.rs writes
//! its rows' markup with its own escaping).

use std::borrow::Cow;
use std::fmt::Write;

/// True for a character that acts on a terminal or on the order of what is shown: C0 (line
/// endings and tabs included: input text is written on one line), DEL, C1, the bidi formatting
/// characters, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        // UAX #9 §2.1–2.4: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
        | '\u{61C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}')
}

/// `s` with every [`is_unsafe`] character written as `\u{…}` (lower-case hex, as Rust writes it).
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters that open or close an inline construct (CommonMark §6: code spans, emphasis,
/// links and images, autolinks and raw HTML, entity references, hard breaks; GFM's
/// strikethrough and table cells): always escaped.
const INLINE: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '!', '&', '~', '|'];

/// A first character that could start a block (§4: thematic breaks, ATX and setext headings,
/// fenced code; §5: block quotes, list items): escaped when it comes first.
const BLOCK_START: &[char] = &['#', '-', '+', '=', '>', '*', '_', '`', '~'];

/// `s` as text inside a Markdown line: nothing in it can format, link, load an image or start a
/// line. Spaces at the start are dropped (four would make an indented code block).
pub fn markdown(s: &str) -> String {
    let s = s.trim_start_matches(' ');
    let mut out = String::with_capacity(s.len() + 8);
    // An ordered list marker (§5.2): up to nine digits and `.` or `)` first.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    for (i, c) in s.chars().enumerate() {
        if is_unsafe(c) {
            // `\u` is literal text in Markdown (§2.4 escapes punctuation only).
            out.push_str(&visible(c.encode_utf8(&mut [0; 4])));
            continue;
        }
        let first = i == 0 && BLOCK_START.contains(&c);
        let list = digits > 0 && i == digits && matches!(c, '.' | ')');
        if first || list || INLINE.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `s` as a Markdown code span: fenced by one backtick more than its longest run of backticks,
/// padded with a space where it starts or ends with a backtick or a space (§6.1 strips one
/// space from each side), on one line ([`visible`]).
pub fn markdown_code(s: &str) -> String {
    let s = visible(s);
    let (mut longest, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if s.is_empty() {
        return "` `".into();
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with(['`', ' ']) || s.ends_with(['`', ' ']) { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_and_bidi_become_visible() {
        assert_eq!(visible("E\u{1b}[1A\u{1b}[2KApple rule: ok"), "E\\u{1b}[1A\\u{1b}[2KApple rule: ok");
        assert_eq!(visible("a\nb\rc\td\u{7f}\u{9b}2J\u{202e}x\u{2066}"), "a\\u{a}b\\u{d}c\\u{9}d\\u{7f}\\u{9b}2J\\u{202e}x\\u{2066}");
        assert!(matches!(visible("CN=Apple iPhone Device CA,O=Apple Inc.,C=US é ✓"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_text_cannot_start_a_line_format_or_load_an_image() {
        assert_eq!(markdown("x\n- macOS: **trusted**"), "x\\u{a}- macOS: \\*\\*trusted\\*\\*");
        assert_eq!(markdown("![x](https://example.com/x.png)"), "\\!\\[x\\](https://example.com/x.png)");
        assert_eq!(markdown("- macOS"), "\\- macOS");
        assert_eq!(markdown("    # Heading"), "\\# Heading");
        assert_eq!(markdown("12. item"), "12\\. item");
        assert_eq!(markdown("<img src=x> &amp; a_b `c`"), "\\<img src=x\\> \\&amp; a\\_b \\`c\\`");
        // Our own punctuation in the middle of a sentence stays readable.
        assert_eq!(markdown("expired on 2019-11-08 (Apple Inc.), 7 years ago"), "expired on 2019-11-08 (Apple Inc.), 7 years ago");
    }

    #[test]
    fn a_code_span_cannot_be_closed_by_its_text() {
        assert_eq!(markdown_code("CN=x"), "`CN=x`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("``x"), "``` ``x ```");
        assert_eq!(markdown_code("x\n- y"), "`x\\u{a}- y`");
        assert_eq!(markdown_code(""), "` `");
    }
}
