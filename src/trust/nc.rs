//! Name constraints (RFC 5280 §4.2.1.10, §6.1.3(b)(c)), subjectAltName syntax (§4.2.1.6) and the
//! optional expected-name check (RFC 6125 §6.4).

use super::{Budget, Reason, ReasonCode, ReasonKind};
use crate::cert::{Certificate, GeneralName, NameConstraints};

fn who(c: &Certificate) -> String {
    format!("\"{}\"", c.display_name())
}

/// A preferred-name-syntax host name (RFC 1034 §3.5 as used by RFC 5280 §4.2.1.6), with an
/// optional wildcard as the whole leftmost label when `wildcard` is allowed.
pub fn valid_dns(name: &str, wildcard: bool) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    name.split('.').enumerate().all(|(i, label)| {
        (wildcard && i == 0 && label == "*" && name.contains('.'))
            || (!label.is_empty()
                && label.len() <= 63
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-'))
    })
}

fn valid_email(addr: &str) -> bool {
    match addr.rsplit_once('@') {
        // An unquoted local part holds no '@' or space (RFC 5322 §3.4.1 dot-atom).
        Some((local, host)) => {
            let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
            !local.is_empty() && (quoted || !local.contains(['@', ' '])) && valid_dns(host, false)
        }
        None => false,
    }
}

/// §4.2.1.6: the names in subjectAltName must be well formed.
pub fn check_san_syntax(c: &Certificate, out: &mut Vec<Reason>) {
    for n in &c.subject_alt_names {
        let ok = match n {
            GeneralName::Dns(d) => valid_dns(d, true),
            GeneralName::Ip(b) => b.len() == 4 || b.len() == 16,
            GeneralName::Email(e) => valid_email(e),
            GeneralName::Invalid(_) => false,
            _ => true,
        };
        if !ok {
            out.push(Reason::new(
                ReasonKind::Malformed,
                ReasonCode::MalformedSan,
                format!("{} has a malformed subjectAltName entry ({})", who(c), n.display()),
            ));
        }
    }
}

/// Where a name constraint comes from, which fixes how its DNS entries are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A certificate's nameConstraints extension: RFC 5280 §4.2.1.10 syntax, where a DNS
    /// constraint is a domain name (the name and every name under it) and a leading period is
    /// malformed (x509-limbo `invalid-dnsname-leading-period`).
    Certificate,
    /// A trust anchor's constraints as Mozilla's list (webpki-roots) writes them: a DNS base
    /// may have a leading period, meaning names under the domain only (".tr").
    MozillaList,
}

/// The one reading of a DNS name-constraint base (RFC 5280 §4.2.1.10), shared by certificates'
/// constraints and Mozilla's roots (`trust::anchors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DnsBase {
    /// An empty base: every DNS name.
    Any,
    /// `corp.example`: that name and every name under it.
    Subtree(String),
    /// `.corp.example`: names under `corp.example`, not the name itself (webpki's reading; not
    /// RFC 5280 syntax in a certificate).
    Under(String),
}

/// Reads a DNS constraint base (lower-cased, without a trailing period); `None` when it is no
/// domain name at all.
pub fn dns_base(base: &str) -> Option<DnsBase> {
    let b = base.strip_suffix('.').unwrap_or(base).to_ascii_lowercase();
    if base.is_empty() {
        return Some(DnsBase::Any);
    }
    match b.strip_prefix('.') {
        Some(domain) => valid_dns(domain, false).then(|| DnsBase::Under(domain.to_string())),
        None => valid_dns(&b, false).then_some(DnsBase::Subtree(b)),
    }
}

/// A constraint's own syntax: DNS per [`dns_base`] (a leading period only in Mozilla's list),
/// IP as address + contiguous mask, email as mailbox, host or `.domain`; URI as host or
/// `.domain` (§4.2.1.10).
fn valid_constraint(g: &GeneralName, syntax: Syntax) -> bool {
    match g {
        GeneralName::Dns(d) => match dns_base(d) {
            Some(DnsBase::Under(_)) => syntax == Syntax::MozillaList,
            Some(_) => true,
            None => false,
        },
        GeneralName::Ip(b) => {
            (b.len() == 8 || b.len() == 32) && {
                let mask = &b[b.len() / 2..];
                let bits: Vec<bool> = mask.iter().flat_map(|m| (0..8).rev().map(move |i| m >> i & 1 == 1)).collect();
                bits.windows(2).all(|w| w[0] || !w[1])
            }
        }
        GeneralName::Email(e) => {
            if e.contains('@') {
                valid_email(e)
            } else {
                valid_dns(e.strip_prefix('.').unwrap_or(e), false)
            }
        }
        GeneralName::Uri(u) => valid_dns(u.strip_prefix('.').unwrap_or(u), false),
        GeneralName::Invalid(_) => false,
        _ => true,
    }
}

/// The host of a URI (RFC 3986 §3.2.2), lower-cased, when the URI has an authority whose host is
/// a domain name. `None` for a URI without an authority, or with an IP-literal, IPv4 or empty
/// host: RFC 5280 §4.2.1.10 says such a URI cannot satisfy a URI constraint.
///
/// ```text
/// URI       = scheme ":" hier-part [ "?" query ] [ "#" fragment ]
/// hier-part = "//" authority path-abempty / …
/// authority = [ userinfo "@" ] host [ ":" port ]
/// ```
fn uri_host(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    let scheme_ok =
        scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let authority = rest.strip_prefix("//")?.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if !scheme_ok || host_port.starts_with('[') {
        return None;
    }
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        Some(_) => return None,
        None => host_port,
    };
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    let is_ipv4 = host.parse::<std::net::Ipv4Addr>().is_ok();
    (!is_ipv4 && valid_dns(&host, false)).then_some(host)
}

/// §4.2.1.10: a URI constraint with a leading period is a domain (any host under it, not the
/// domain itself); without one it is a host (that host only).
fn uri_host_within(host: &str, base: &str) -> bool {
    let base = base.strip_suffix('.').unwrap_or(base).to_ascii_lowercase();
    match base.strip_prefix('.') {
        Some(domain) => host.ends_with(&format!(".{domain}")),
        None => host == base,
    }
}

/// Is DNS name `name` within `base` ([`dns_base`])? A base that is no domain name holds nothing.
fn dns_within(name: &str, base: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    match dns_base(base) {
        Some(DnsBase::Any) => true,
        Some(DnsBase::Subtree(d)) => name == d || name.ends_with(&format!(".{d}")),
        Some(DnsBase::Under(d)) => name.ends_with(&format!(".{d}")),
        None => false,
    }
}

/// Could a wildcard SAN cover some name inside `base`? (for excluded subtrees)
fn wildcard_may_hit(name: &str, base: &str) -> bool {
    let Some(suffix) = name.strip_prefix("*.") else { return false };
    let suffix = suffix.trim_end_matches('.').to_ascii_lowercase();
    let domain = match dns_base(base) {
        Some(DnsBase::Any) => return true,
        Some(DnsBase::Subtree(d) | DnsBase::Under(d)) => d,
        None => return false,
    };
    // Conservatively (an excluded subtree): the wildcard's suffix lies within the domain, or the
    // domain lies strictly under the suffix.
    (dns_within(&domain, &suffix) && domain != suffix) || dns_within(&suffix, &domain)
}

fn ip_within(addr: &[u8], base: &[u8]) -> bool {
    if base.len() != addr.len() * 2 {
        return false;
    }
    let (net, mask) = base.split_at(addr.len());
    addr.iter().zip(net).zip(mask).all(|((a, n), m)| a & m == n & m)
}

/// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, RFC 4291 §2.5.5.2) reaches:
/// an excluded IPv4 subtree excludes it too, or a CA could name an excluded host in its IPv6
/// spelling (permitted subtrees need no such rule: a 16-byte address is within no IPv4 one).
fn ipv4_mapped(addr: &[u8]) -> Option<[u8; 4]> {
    match addr {
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d] => Some([*a, *b, *c, *d]),
        _ => None,
    }
}

fn email_within(addr: &str, base: &str) -> bool {
    let Some((local, host)) = addr.rsplit_once('@') else { return false };
    if let Some((blocal, bhost)) = base.rsplit_once('@') {
        local == blocal && host.eq_ignore_ascii_case(bhost)
    } else if let Some(domain) = base.strip_prefix('.') {
        host.to_ascii_lowercase().ends_with(&format!(".{}", domain.to_ascii_lowercase()))
    } else {
        host.eq_ignore_ascii_case(base)
    }
}

fn same_type(a: &GeneralName, b: &GeneralName) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Does `name` fall within subtree `base`? `excluded` widens wildcard handling.
fn within(name: &GeneralName, base: &GeneralName, excluded: bool) -> bool {
    match (name, base) {
        (GeneralName::Dns(n), GeneralName::Dns(b)) => dns_within(n, b) || (excluded && wildcard_may_hit(n, b)),
        (GeneralName::Ip(n), GeneralName::Ip(b)) => ip_within(n, b) || (excluded && ipv4_mapped(n).is_some_and(|v4| ip_within(&v4, b))),
        (GeneralName::Email(n), GeneralName::Email(b)) => email_within(n, b),
        (GeneralName::Directory(n), GeneralName::Directory(b)) => n.within(b),
        (GeneralName::Other(n), GeneralName::Other(b)) => n == b,
        // A URI without a domain-name host is judged the safe way (also reported apart).
        (GeneralName::Uri(n), GeneralName::Uri(b)) => uri_host(n).map_or(excluded, |h| uri_host_within(&h, b)),
        _ => false,
    }
}

/// The names a certificate is known by, for constraint checking: its subject (as a directory
/// name, when not empty), its subjectAltName entries, and e-mail addresses in the subject.
fn names_of(c: &Certificate) -> Vec<GeneralName> {
    let mut v: Vec<GeneralName> = c.subject_alt_names.clone();
    if !c.subject.is_empty() {
        v.push(GeneralName::Directory(c.subject.clone()));
        if c.subject_alt_names.is_empty() {
            for a in c.subject.attributes.iter().filter(|a| a.oid == "1.2.840.113549.1.9.1") {
                v.push(GeneralName::Email(a.value.clone()));
            }
        }
    }
    v
}

/// Applies one CA's constraints (written in `syntax`) to the certificates below it (`below`,
/// leaf first). Fails closed: a malformed entry is reported and still applied — a malformed
/// permitted entry permits nothing (it constrains names of its type, or of every type when its
/// type is unreadable), a malformed excluded entry excludes every name.
pub fn check_constraints(ca_label: &str, nc: &NameConstraints, syntax: Syntax, below: &[&Certificate], budget: &mut Budget, out: &mut Vec<Reason>) {
    let malformed = |g: &GeneralName| !valid_constraint(g, syntax);
    for g in nc.permitted.iter().chain(&nc.excluded).filter(|g| malformed(g)) {
        out.push(Reason::new(
            ReasonKind::Malformed,
            ReasonCode::MalformedNameConstraint,
            format!("{ca_label} has a malformed name constraint ({}): it is applied as strictly as possible", g.display()),
        ));
    }
    for (j, c) in below.iter().enumerate() {
        // §6.1.3(b): self-issued intermediates are not subject to the constraints.
        if j > 0 && c.is_self_issued() {
            continue;
        }
        for name in names_of(c) {
            if !budget.spend_names(nc.permitted.len() + nc.excluded.len()) {
                out.push(Reason::budget("name-constraint comparisons"));
                return;
            }
            if let GeneralName::Uri(u) = &name {
                let constrained = nc.permitted.iter().chain(&nc.excluded).any(|b| same_type(&name, b));
                if constrained && uri_host(u).is_none() {
                    out.push(Reason::new(
                        ReasonKind::Constraint,
                        ReasonCode::UriWithoutHost,
                        format!("{}: the URI {u} has no host name, so {ca_label}'s URI constraints cannot be met (RFC 5280 §4.2.1.10)", who(c)),
                    ));
                    continue;
                }
            }
            if let Some(b) = nc.excluded.iter().find(|b| malformed(b) || (same_type(&name, b) && within(&name, b, true))) {
                out.push(Reason::new(
                    ReasonKind::Constraint,
                    ReasonCode::NameExcluded,
                    format!("{}: the name {} is excluded by {ca_label} ({})", who(c), name.display(), b.display()),
                ));
            }
            let relevant: Vec<&GeneralName> = nc.permitted.iter().filter(|b| same_type(&name, b) || matches!(b, GeneralName::Invalid(_))).collect();
            if !relevant.is_empty() && !relevant.iter().any(|b| !malformed(b) && within(&name, b, false)) {
                out.push(Reason::new(
                    ReasonKind::Constraint,
                    ReasonCode::NameNotPermitted,
                    format!("{}: the name {} is outside what {ca_label} permits", who(c), name.display()),
                ));
            }
        }
    }
}

/// The expected peer name (a DNS name or IP address) must be among the leaf's SAN entries.
pub fn check_peer_name(leaf: &Certificate, expected: &super::PeerName, out: &mut Vec<Reason>) {
    let ok = match expected {
        super::PeerName::Dns(host) => {
            valid_dns(host, false)
                && !ends_in_number(host)
                && leaf.subject_alt_names.iter().any(|n| match n {
                    GeneralName::Dns(pattern) => dns_matches(pattern, host),
                    _ => false,
                })
        }
        super::PeerName::Ip(addr) => leaf.subject_alt_names.iter().any(|n| matches!(n, GeneralName::Ip(b) if b == addr)),
    };
    if !ok {
        out.push(Reason::new(ReasonKind::Constraint, ReasonCode::NameMismatch, format!("{} is not issued for the expected name", who(leaf))));
    }
}

/// A host whose last label is a number (`2130706433`, `10.0.0.0x1`, `0x7f.1`): the WHATWG URL
/// Standard's "ends in a number" (§3.5, host parsing), where a URL parser, as inet_aton, reads
/// an IPv4 address, never a DNS name (nor is it one, RFC 1123 §2.1: the top-level label is
/// alphabetic). No dNSName entry names such a server.
fn ends_in_number(host: &str) -> bool {
    let last = host.strip_suffix('.').unwrap_or(host).rsplit('.').next().unwrap_or("");
    let hex = last.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")) && last[2..].bytes().all(|b| b.is_ascii_hexdigit());
    (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())) || hex
}

/// RFC 6125 §6.4.3: a wildcard only as the whole leftmost label, matching exactly one label.
pub(crate) fn dns_matches(pattern: &str, host: &str) -> bool {
    if !valid_dns(pattern, true) {
        return false;
    }
    let p = pattern.trim_end_matches('.').to_ascii_lowercase();
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    match p.strip_prefix("*.") {
        Some(suffix) => h.split_once('.').map(|(_, rest)| rest == suffix).unwrap_or(false),
        None => p == h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_syntax() {
        assert!(valid_dns("example.com", false));
        assert!(valid_dns("*.example.com", true));
        assert!(!valid_dns("*.example.com", false));
        assert!(!valid_dns("foo_bar.example.com", true));
        assert!(!valid_dns(".example.com", false));
        assert!(!valid_dns("a.*.com", true));
    }

    #[test]
    fn subtrees() {
        assert!(dns_within("foo.example.com", "example.com"));
        assert!(!dns_within("fooexample.com", "example.com"));
        assert!(ip_within(&[192, 0, 2, 1], &[192, 0, 2, 0, 255, 255, 255, 0]));
        assert!(!ip_within(&[192, 0, 3, 1], &[192, 0, 2, 0, 255, 255, 255, 0]));
        assert!(email_within("a@example.com", "example.com"));
        assert!(email_within("a@x.example.com", ".example.com"));
        assert!(!email_within("b@example.com", "*@example.com"));
        assert!(email_within("*@example.com", "*@example.com"));
        assert!(wildcard_may_hit("*.example.com", "bar.example.com"));
    }

    #[test]
    fn uri_hosts() {
        assert_eq!(uri_host("http://testserver.testcertificates.gov/index.html").as_deref(), Some("testserver.testcertificates.gov"));
        assert_eq!(uri_host("ftp://user@Invalidcertificates.gov:21/test37/").as_deref(), Some("invalidcertificates.gov"));
        assert_eq!(uri_host("https://example.com?q=1").as_deref(), Some("example.com"));
        assert_eq!(uri_host("urn:isbn:0451450523"), None);
        assert_eq!(uri_host("mailto:a@example.com"), None);
        assert_eq!(uri_host("http://192.0.2.1/"), None);
        assert_eq!(uri_host("http://[2001:db8::1]/"), None);
        assert_eq!(uri_host("http:///path"), None);
    }

    #[test]
    fn uri_constraints() {
        let uri = |s: &str| GeneralName::Uri(s.to_string());
        let domain = uri(".testcertificates.gov");
        let host = uri("invalidcertificates.gov");
        // A domain constraint covers hosts under it, not the domain itself (PKITS 4.13.34/35).
        assert!(within(&uri("http://testserver.testcertificates.gov/index.html"), &domain, false));
        assert!(!within(&uri("http://testcertificates.gov/invalid.html"), &domain, false));
        assert!(!within(&uri("http://example.com/"), &domain, false));
        // A host constraint covers that host only (PKITS 4.13.36/37).
        assert!(within(&uri("ftp://invalidcertificates.gov:21/test37/"), &host, true));
        assert!(!within(&uri("http://testserver.invalidcertificates.gov/index.html"), &host, true));
        // No host: never permitted, always excluded.
        assert!(!within(&uri("urn:x:y"), &domain, false));
        assert!(within(&uri("urn:x:y"), &host, true));
        assert!(valid_constraint(&domain, Syntax::Certificate) && valid_constraint(&host, Syntax::Certificate));
        assert!(!valid_constraint(&uri("http://example.com/"), Syntax::Certificate));
    }

    fn leaf() -> Certificate {
        // SAN DNS:www.example.com, subject CN=www.example.com.
        let pem = crate::testing::fixture("chains/rsa-chain/leaf.pem");
        crate::testing::pem_certificate(pem)
    }

    fn codes(permitted: Vec<GeneralName>, excluded: Vec<GeneralName>, syntax: Syntax) -> Vec<ReasonCode> {
        let nc = NameConstraints { permitted, excluded, critical: true };
        let mut out = Vec::new();
        check_constraints("\"CA\"", &nc, syntax, &[&leaf()], &mut Budget::default(), &mut out);
        let mut v: Vec<ReasonCode> = out.iter().map(|r| r.code).collect();
        crate::sort::sort_by_key(&mut v, |c| c.as_str());
        v.dedup();
        v
    }

    /// Issue 19 item 2: one malformed entry no longer switches the constraints off. A malformed
    /// permitted entry permits nothing, a malformed excluded entry excludes everything, and the
    /// well-formed entries beside them still apply (seen failing against the early return).
    #[test]
    fn a_malformed_entry_fails_closed_and_the_others_still_apply() {
        let dns = |s: &str| GeneralName::Dns(s.to_string());
        use ReasonCode::*;
        // The well-formed excluded entry beside a malformed one still excludes the leaf's name.
        assert_eq!(codes(vec![], vec![dns("*.bad"), dns("example.com")], Syntax::Certificate), [MalformedNameConstraint, NameExcluded]);
        // A malformed excluded entry alone excludes every name.
        assert_eq!(codes(vec![], vec![dns("*.other.test")], Syntax::Certificate), [MalformedNameConstraint, NameExcluded]);
        // A malformed permitted entry permits nothing: the leaf's DNS name is outside.
        assert_eq!(codes(vec![dns("*.example.com")], vec![], Syntax::Certificate), [MalformedNameConstraint, NameNotPermitted]);
        // Beside a good permitted entry it adds nothing (the good one still permits).
        assert_eq!(codes(vec![dns("*.example.com"), dns("example.com")], vec![], Syntax::Certificate), [MalformedNameConstraint]);
        // An entry of unreadable type permits nothing of any type.
        assert!(codes(vec![GeneralName::Invalid("?".into())], vec![], Syntax::Certificate).contains(&NameNotPermitted));
    }

    /// The leading-period DNS form is read by one rule ([`dns_base`]) in both places: malformed in
    /// a certificate (RFC 5280 syntax: so it fails closed), "names under the domain" in Mozilla's
    /// list (webpki-roots' ".tr").
    #[test]
    fn the_leading_period_dns_form_has_one_reading() {
        let dns = |s: &str| GeneralName::Dns(s.to_string());
        assert_eq!(dns_base(".corp.example"), Some(DnsBase::Under("corp.example".into())));
        assert_eq!(dns_base("Corp.Example."), Some(DnsBase::Subtree("corp.example".into())));
        assert_eq!(dns_base("*.corp.example"), None);
        assert!(dns_within("a.corp.example", ".corp.example") && !dns_within("corp.example", ".corp.example"));
        assert!(dns_within("corp.example", "corp.example") && !dns_within("xcorp.example", "corp.example"));
        // In a certificate an excluded ".example.com" is malformed and excludes everything; in
        // Mozilla's list it excludes the names under example.com (www.example.com is one).
        assert_eq!(codes(vec![], vec![dns(".example.com")], Syntax::Certificate), [ReasonCode::MalformedNameConstraint, ReasonCode::NameExcluded]);
        assert_eq!(codes(vec![], vec![dns(".example.com")], Syntax::MozillaList), [ReasonCode::NameExcluded]);
        assert_eq!(codes(vec![dns(".example.com")], vec![], Syntax::MozillaList), Vec::<ReasonCode>::new());
        assert_eq!(codes(vec![dns(".tr")], vec![], Syntax::MozillaList), [ReasonCode::NameNotPermitted]);
    }

    #[test]
    fn wildcard_matching() {
        assert!(dns_matches("*.example.com", "foo.example.com"));
        assert!(!dns_matches("*.example.com", "a.b.example.com"));
        assert!(!dns_matches("*.example.com", "example.com"));
    }
}
