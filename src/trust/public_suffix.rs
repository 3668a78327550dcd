//! The Public Suffix List (publicsuffix.org) as data: a TLS wildcard never covers a public
//! suffix ([`super::tls`]). The core does not carry the list: the caller gives it, as it gives
//! the anchors. The CLI and the native tests parse the copy compiled in ([`builtin`], the file
//! `static/psl/public_suffix_list.dat`); the page fetches the same file from its own site, only
//! when a server name needs it (src/ui/public_suffixes.rs). One parser and one rule here serve
//! both, so they give the same answers.
//!
//! The list's text format (publicsuffix.org/list/, "Format"): one rule per line, read up to the
//! first whitespace; lines starting with `//` are comments; a rule is a domain name of labels
//! separated by dots, `*` as a label is a wildcard, a leading `!` makes an exception; rules are
//! Unicode (the `xn--` form is what certificates carry, so each non-ASCII label is encoded with
//! Punycode, RFC 3492, as IDNA's ToASCII does, RFC 5891 §4.4). Both the ICANN and the private
//! section count: a wildcard over `github.io` is refused like one over `co.uk`.
//!
//! The algorithm ("Algorithm" on the same page): the rule matching the most labels of a name
//! prevails, an exception over everything; an unlisted top-level label is a public suffix by
//! the implicit rule `*`. A name's public suffix depends on the whole name: `kobe.jp` is not
//! one on its own (only `jp` matches it), but it is the public suffix of `city.kobe.jp` (the
//! exception `!city.kobe.jp` under `*.kobe.jp`), and `foo.kobe.jp` is its own.
//!
//! Fail closed: text that is not the whole list (its section markers missing, a rule that is not a
//! domain name, as when a host answers a missing file with its HTML page) is refused whole,
//! and without a list a wildcard is "not checked", never accepted.

use std::collections::HashSet;

/// The list's text is a few hundred kilobytes; more than this is not the list.
pub const MAX_LIST_BYTES: usize = 4 << 20;
/// A domain name is at most 253 characters (RFC 1035 §2.3.4, without the final dot).
const MAX_NAME: usize = 253;
/// A label is at most 63 octets (RFC 1035 §2.3.4): Punycode's work per label stays small.
const MAX_LABEL: usize = 63;

/// The parsed list: its rules in the `xn--` form, lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicSuffixList {
    /// `co.uk` for the rule `co.uk`.
    rules: HashSet<String>,
    /// `ck` for the rule `*.ck`.
    wildcards: HashSet<String>,
    /// `www.ck` for the rule `!www.ck`.
    exceptions: HashSet<String>,
    /// The list's `// VERSION:` line, when it has one.
    version: Option<String>,
}

/// Why a text is not the Public Suffix List.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PslError {
    TooLarge(usize),
    /// Not both sections, `===BEGIN ICANN DOMAINS===` … `===END ICANN DOMAINS===` then
    /// `===BEGIN PRIVATE DOMAINS===` … `===END PRIVATE DOMAINS===`: not the list, or cut short.
    NoSections,
    /// A rule that is not a domain name (line number, 1-based).
    BadRule(usize),
}

impl std::fmt::Display for PslError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PslError::TooLarge(n) => write!(f, "{n} bytes is more than the Public Suffix List's text can be"),
            PslError::NoSections => write!(f, "the text lacks the ICANN or the private section: it is not the whole Public Suffix List"),
            PslError::BadRule(line) => write!(f, "line {line} is not a rule of the Public Suffix List"),
        }
    }
}

impl PublicSuffixList {
    /// Reads the list's text (see the module documentation). Linear in the text's length.
    pub fn parse(text: &str) -> Result<Self, PslError> {
        if text.len() > MAX_LIST_BYTES {
            return Err(PslError::TooLarge(text.len()));
        }
        let mut list = PublicSuffixList { rules: HashSet::new(), wildcards: HashSet::new(), exceptions: HashSet::new(), version: None };
        // The four section markers, in order: a list cut short (a truncated download) is refused.
        const MARKERS: [&str; 4] = ["===BEGIN ICANN DOMAINS===", "===END ICANN DOMAINS===", "===BEGIN PRIVATE DOMAINS===", "===END PRIVATE DOMAINS==="];
        let mut seen = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if let Some(comment) = line.strip_prefix("//") {
                let comment = comment.trim();
                if MARKERS.get(seen) == Some(&comment) {
                    seen += 1;
                }
                if let Some(v) = comment.strip_prefix("VERSION:") {
                    list.version = Some(v.trim().to_string());
                }
                continue;
            }
            let Some(rule) = line.split_whitespace().next() else { continue };
            let bad = || PslError::BadRule(i + 1);
            if let Some(name) = rule.strip_prefix('!') {
                list.exceptions.insert(ascii_name(name).ok_or_else(bad)?);
            } else if let Some(parent) = rule.strip_prefix("*.") {
                list.wildcards.insert(ascii_name(parent).ok_or_else(bad)?);
            } else {
                list.rules.insert(ascii_name(rule).ok_or_else(bad)?);
            }
        }
        if seen < MARKERS.len() {
            return Err(PslError::NoSections);
        }
        Ok(list)
    }

    /// The public suffix of `name` (a DNS name, any case, a final dot ignored), lowercase, by
    /// the list's algorithm: an exception rule prevails (the suffix is the exception less its
    /// leftmost label), else the matching rule with the most labels, else the last label.
    /// A name longer than a domain name can be (253 characters) is its own public suffix: the
    /// safe answer, in bounded time.
    pub fn public_suffix(&self, name: &str) -> String {
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        if name.len() > MAX_NAME {
            return name;
        }
        // Every suffix of the name at a label boundary, longest first.
        let suffixes = || std::iter::once(0).chain(name.match_indices('.').map(|(i, _)| i + 1)).map(|i| &name[i..]);
        if let Some(exception) = suffixes().find(|s| self.exceptions.contains(*s)) {
            return exception.split_once('.').map_or("", |(_, parent)| parent).to_string();
        }
        let rule = suffixes().find(|s| self.rules.contains(*s) || s.split_once('.').is_some_and(|(_, parent)| self.wildcards.contains(parent)));
        rule.unwrap_or_else(|| name.rsplit('.').next().unwrap_or("")).to_string()
    }

    /// Is `name` itself a public suffix (its own public suffix)?
    pub fn is_public_suffix(&self, name: &str) -> bool {
        let bare = name.strip_suffix('.').unwrap_or(name);
        self.public_suffix(bare).len() == bare.len()
    }

    /// The list's version (its `// VERSION:` line), when it says.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// How many rules it has (normal, wildcard and exception).
    pub fn len(&self) -> usize {
        self.rules.len() + self.wildcards.len() + self.exceptions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The list compiled into the native build (`static/psl/public_suffix_list.dat`, the same
/// file the page fetches; its origin is in tests/fixtures/README.md), parsed once. `None` only
/// if that file were not the list (a test checks it is): wildcards are then "not checked".
#[cfg(not(target_arch = "wasm32"))]
pub fn builtin() -> Option<std::sync::Arc<PublicSuffixList>> {
    static LIST: std::sync::OnceLock<Option<std::sync::Arc<PublicSuffixList>>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| PublicSuffixList::parse(include_str!("../../static/psl/public_suffix_list.dat")).ok().map(std::sync::Arc::new)).clone()
}

/// A rule's name in the `xn--` form, lowercase: labels of letters, digits and hyphens (the
/// preferred name syntax, RFC 1035 §2.3.1; underscores too, which some private entries
/// use), each non-ASCII label Punycode-encoded. `None` when it is not such a name.
fn ascii_name(rule: &str) -> Option<String> {
    if rule.is_empty() || rule.len() > MAX_NAME * 4 {
        return None;
    }
    let mut out = String::with_capacity(rule.len());
    for (i, label) in rule.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.chars().count() > MAX_LABEL {
            return None;
        }
        if label.is_ascii() {
            let ok = !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return None;
            }
            out.push_str(&label.to_ascii_lowercase());
        } else {
            let lower: String = label.chars().flat_map(char::to_lowercase).collect();
            if lower.chars().any(|c| c.is_whitespace() || c.is_control() || c == '*' || c == '!') {
                return None;
            }
            let encoded = punycode(&lower)?;
            if encoded.len() + 4 > MAX_LABEL {
                return None;
            }
            out.push_str("xn--");
            out.push_str(&encoded);
        }
    }
    (out.len() <= MAX_NAME).then_some(out)
}

/// Punycode (RFC 3492 §6.3, the encoding procedure) of one label, without the `xn--` prefix.
/// `None` on overflow (a label no list holds).
fn punycode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(out.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    let total = u32::try_from(code_points.len()).ok()?;
    while handled < total {
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        TMIN
                    } else if k >= bias + TMAX {
                        TMAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(out)
}

/// RFC 3492 §6.1, bias adaptation.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - TMIN) * TMAX) / 2 {
        delta /= BASE - TMIN;
        k += BASE;
    }
    k + (BASE - TMIN + 1) * delta / (delta + 38)
}

/// RFC 3492 §5: 0–25 are a–z, 26–35 are 0–9.
fn digit(d: u32) -> char {
    match u8::try_from(d) {
        Ok(d @ 0..=25) => char::from(b'a' + d),
        Ok(d @ 26..=35) => char::from(b'0' + d - 26),
        _ => '?',
    }
}

#[cfg(test)]
#[path = "public_suffix_tests.rs"]
mod tests;
