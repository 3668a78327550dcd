use super::*;

fn list(rules: &str) -> PublicSuffixList {
    PublicSuffixList::parse(&with_sections(rules)).expect("list") // ok: test
}

fn with_sections(rules: &str) -> String {
    format!("// ===BEGIN ICANN DOMAINS===\n{rules}\n// ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\n// ===END PRIVATE DOMAINS===\n")
}

#[test]
fn punycode_as_rfc_3492_encodes() {
    // RFC 3492 §7.1 sample (A) Arabic (Egyptian), and IDNs the list holds.
    assert_eq!(
        punycode("\u{644}\u{64a}\u{647}\u{645}\u{627}\u{628}\u{62a}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64a}\u{61f}").as_deref(),
        Some("egbpdaj6bu4bxfgehfvwxn")
    );
    assert_eq!(punycode("公司").as_deref(), Some("55qx5d"));
    assert_eq!(punycode("中国").as_deref(), Some("fiqs8s"));
    assert_eq!(punycode("ελ").as_deref(), Some("qxam"));
    assert_eq!(punycode("bücher").as_deref(), Some("bcher-kva"));
    assert_eq!(ascii_name("公司.CN").as_deref(), Some("xn--55qx5d.cn"));
}

#[test]
fn the_builtin_list_parses() {
    let l = builtin().expect("static/psl/public_suffix_list.dat is the list"); // ok: test
    assert!(l.len() > 9000, "{} rules", l.len());
    assert!(l.version().is_some_and(|v| v.starts_with("20")), "{:?}", l.version());
}

#[test]
fn public_suffixes_by_the_lists_algorithm() {
    let Some(l) = builtin() else { panic!("the list") };
    for name in ["com", "co.uk", "CO.UK.", "s3.amazonaws.com", "github.io", "unlisted-tld", "xn--55qx5d.cn", "anything.ck", "a.compute.amazonaws.com.cn"] {
        assert!(l.is_public_suffix(name), "{name}");
    }
    // The suffix depends on the whole name: kobe.jp alone is not one, but it is city.kobe.jp's.
    assert_eq!(
        (l.public_suffix("kobe.jp"), l.public_suffix("city.kobe.jp"), l.public_suffix("x.kobe.jp")),
        ("jp".into(), "kobe.jp".into(), "x.kobe.jp".into())
    );
    // www.ck is the exception to *.ck; a name below a suffix is not one.
    for name in ["www.ck", "example.com", "example.co.uk", "bucket.s3.amazonaws.com", "a.b.unlisted-tld", "x.anything.ck"] {
        assert!(!l.is_public_suffix(name), "{name}");
    }
}

#[test]
fn rules_wildcards_and_exceptions() {
    let l = list("// comment\nuk\nco.uk\n*.ck\n!www.ck\n\n公司.cn  trailing words are ignored");
    assert!(l.is_public_suffix("co.uk") && l.is_public_suffix("uk") && l.is_public_suffix("x.ck") && l.is_public_suffix("xn--55qx5d.cn"));
    assert!(!l.is_public_suffix("www.ck") && !l.is_public_suffix("a.co.uk") && !l.is_public_suffix("a.x.ck") && !l.is_public_suffix("cn.x"));
    assert_eq!(l.len(), 5);
}

#[test]
fn text_that_is_not_the_list_is_refused() {
    // A host answering a missing file with its HTML page (status 200).
    assert_eq!(PublicSuffixList::parse("<!doctype html>\n<html><body>Not found</body></html>\n"), Err(PslError::BadRule(1)));
    assert_eq!(PublicSuffixList::parse("com\nco.uk\n"), Err(PslError::NoSections));
    assert_eq!(PublicSuffixList::parse(""), Err(PslError::NoSections));
    // Cut short: the private section's end is missing (a truncated download).
    let whole = include_str!("../../static/psl/public_suffix_list.dat");
    let cut = &whole[..whole.find("===END PRIVATE DOMAINS===").unwrap_or(0)];
    assert_eq!(PublicSuffixList::parse(cut), Err(PslError::NoSections));
    let (long_ascii, long_unicode) = (format!("{}.com", "a".repeat(64)), format!("{}.com", "é".repeat(60)));
    for bad in ["a..b", "*", "a.*.b", "!", "a/b", "*.a.*", &long_ascii, &long_unicode] {
        let text = with_sections(&format!("com\n{bad}"));
        assert_eq!(PublicSuffixList::parse(&text), Err(PslError::BadRule(3)), "{bad}");
    }
    // A name longer than any domain name is its own suffix, in bounded time.
    let long = "a.".repeat(200_000) + "com";
    assert!(list("com").is_public_suffix(&long));
    assert!(matches!(PublicSuffixList::parse(&"x".repeat(MAX_LIST_BYTES + 1)), Err(PslError::TooLarge(_))));
}

/// The list's own test vectors (tests/fixtures/psl/test_psl.txt, `checkPublicSuffix(domain,
/// registrable domain)`): with no registrable domain the domain is its own public suffix;
/// otherwise its public suffix is the registrable domain less its leftmost label.
#[test]
fn the_lists_own_test_vectors() {
    let Some(l) = builtin() else { panic!("the list") };
    let mut checked = 0;
    for line in include_str!("../../tests/fixtures/psl/test_psl.txt").lines().filter_map(|l| l.strip_prefix("checkPublicSuffix(")) {
        let args: Vec<&str> = line.trim_end_matches(");").split(", ").map(|a| a.trim_matches('\'')).collect();
        let [domain, registrable] = args[..] else { panic!("{line}") };
        if domain == "null" || domain.starts_with('.') {
            continue; // not a domain name
        }
        let Some(domain) = ascii_name(domain) else { panic!("{line}") };
        match registrable {
            "null" => assert_eq!(l.public_suffix(&domain), domain, "{line}"),
            r => {
                let Some(r) = ascii_name(r) else { panic!("{line}") };
                let Some((_, parent)) = r.split_once('.') else { panic!("{line}") };
                assert_eq!(l.public_suffix(&domain), parent, "{line}");
            }
        }
        checked += 1;
    }
    assert!(checked > 70, "{checked}");
}
