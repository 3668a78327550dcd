//! What a Mac says about a TLS server's certificate (`verdicts.tls`): Apple's TLS server
//! evaluation (the SSL policy with a host name) for an MDM, SCEP or ACME server, which decides
//! whether a Mac enrolls at all.
//!
//! The strict path (RFC 5280 §6.1 at the evaluation time, under [`Rules::Tls`]) plus:
//! - the server name in subjectAltName, never the CN (RFC 6125 §6.4, [`nc::check_peer_name`]),
//!   and never through a wildcard over a public suffix (the Public Suffix List the caller gives,
//!   [`super::public_suffix`]; without one such a wildcard is "not checked");
//! - Apple's published requirements for trusted certificates, "Requirements for trusted
//!   certificates in iOS 13 and macOS 10.15" (Apple Support HT210176, support.apple.com/103769):
//!   "TLS server certificates and issuing CAs using RSA keys must use key sizes greater than or
//!   equal to 2048 bits", "must use a hash algorithm from the SHA-2 family in the signature
//!   algorithm", "must present the DNS name of the server in the Subject Alternative Name
//!   extension … DNS names in the CommonName of a certificate are no longer trusted", and for
//!   certificates issued after 1 July 2019 (notBefore) "must contain an ExtendedKeyUsage (EKU)
//!   extension containing the id-kp-serverAuth OID" and "must have a validity period of 825 days
//!   or fewer";
//! - Apple's limit for certificates from the roots preinstalled on Apple's systems, "About upcoming
//!   limits on trusted certificates" (Apple Support HT211025, support.apple.com/102028): issued on
//!   or after 1 September 2020 00:00 UTC, "TLS server certificates must not have a validity
//!   period greater than 398 days"; user- or administrator-added roots are exempt;
//! - the web PKI certificate profile x509-limbo's `webpki::` cases encode (CA/Browser Forum
//!   Baseline Requirements §7.1): no anyExtendedKeyUsage and no critical extKeyUsage in the
//!   server's certificate, a CN that names a host only as a copy of a subjectAltName entry
//!   (§7.1.4.3), subjectAltName not critical beside a subject (§7.1.2.7.12), a CA certificate
//!   never as the server's, RSA moduli a multiple of 8 bits, ECDSA only on P-256/P-384/P-521, no
//!   DSA (§6.1.5), a root without extKeyUsage (§7.1.2.1.2) whose authorityKeyIdentifier, if any, is
//!   only its own keyIdentifier (§7.1.2.1.3), name constraints that constrain something
//!   (§7.1.2.5.2).
//!
//! Not checked here: Certificate Transparency (Apple's CT policy asks for SCTs, which need logs'
//! keys and are not offline facts), revocation beyond the CRLs given (as the strict verdict).

use super::public_suffix::PublicSuffixList;
use super::{nc, path_verdict, PathVerdict, PeerName, Pool, Reason, ReasonCode, ReasonKind, Rules, SignatureCache, StrictOptions, TrustStore};
use crate::cert::{Certificate, GeneralName};
use crate::time::Timestamp;

/// id-kp-serverAuth (RFC 5280 §4.2.1.12).
pub const SERVER_AUTH: &str = "1.3.6.1.5.5.7.3.1";
/// anyExtendedKeyUsage (RFC 5280 §4.2.1.12).
const ANY_EKU: &str = "2.5.29.37.0";
const DAY: i64 = 86_400;
/// 2019-07-01T00:00:00Z: Apple's EKU and 825-day rules apply to certificates issued after it
/// (HT210176).
const APPLE_2019: Timestamp = Timestamp(1_561_939_200);
/// 2020-09-01T00:00:00Z: the 398-day limit for certificates from preinstalled roots (HT211025).
const APPLE_2020: Timestamp = Timestamp(1_598_918_400);

/// `leaf` as the certificate of the server `name`, at `at`: the strict path under
/// [`Rules::Tls`] with serverAuth required and the name checked, plus the server rules above.
pub fn tls_verdict(
    leaf: &Certificate,
    pool: &Pool<'_>,
    store: &TrustStore,
    at: Timestamp,
    name: &PeerName,
    base: &StrictOptions,
    cache: &mut SignatureCache,
) -> PathVerdict {
    let mut opts = base.clone();
    opts.rules = Rules::Tls;
    opts.peer_name = Some(name.clone());
    opts.eku = vec![SERVER_AUTH.to_string()];
    let mut v = path_verdict(leaf, pool, store, at, &opts, cache);
    let path = chain_certs(leaf, &v, pool, store);
    // Preinstalled on Apple's systems: Apple's roots, and the public roots (Mozilla's list
    // standing in for Apple's); not a root the user or an administrator added.
    let from_public_root = matches!(v.anchor_kind, Some(super::AnchorKind::Public | super::AnchorKind::AppleRoot));
    let mut extra = Vec::new();
    // Every certificate of the chain must be found again, or the server rules would skip some:
    // fail closed (links with dates are certificates; a key-only anchor has none).
    if v.ok && path.len() < v.chain.iter().filter(|l| l.not_before.is_some()).count() {
        fail(
            &mut extra,
            ReasonKind::Untrusted,
            ReasonCode::Untrusted,
            format!("{}: the certificates of its chain could not all be found again for the server checks", who(leaf)),
        );
    }
    server_rules(&path, name, from_public_root, base.public_suffixes.as_deref(), &mut extra);
    if !extra.is_empty() {
        v.ok = false;
        v.policies.clear();
        v.reasons.extend(extra);
        crate::sort::sort_by_key(&mut v.reasons, |r| std::cmp::Reverse(r.kind));
    }
    v
}

/// The server an `https://` URL names (RFC 3986 §3.2: the host, without userinfo and port;
/// an IPv6 literal without its brackets). `None` for another scheme: an `http://` SCEP server
/// has no TLS certificate to check.
pub fn server_name_of_url(url: &str) -> Option<PeerName> {
    let rest = url.trim();
    let rest = rest.get(..8).filter(|s| s.eq_ignore_ascii_case("https://")).map(|_| &rest[8..])?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map(|(h, _)| h)?,
        None => host_port.split(':').next().unwrap_or(""),
    };
    PeerName::parse(host)
}

/// The certificates of the verdict's chain, leaf first (the anchor last when it is a
/// certificate), found by SHA-256 among each link's possible issuers.
fn chain_certs<'a>(leaf: &'a Certificate, v: &PathVerdict, pool: &Pool<'a>, store: &'a TrustStore) -> Vec<&'a Certificate> {
    let mut out = vec![leaf];
    for link in v.chain.iter().skip(1) {
        let Some(prev) = out.last() else { break };
        let issuer = &prev.issuer;
        let anchors = store.anchor_index.get(issuer.key.as_str()).into_iter().flatten().filter_map(|i| store.anchors.get(*i)).filter_map(|a| a.cert.as_ref());
        match pool.of_subject(issuer).chain(anchors).find(|c| c.sha256 == link.sha256) {
            Some(c) => out.push(c),
            None => break,
        }
    }
    out
}

fn who(c: &Certificate) -> String {
    format!("\"{}\"", c.display_name())
}

fn fail(out: &mut Vec<Reason>, kind: ReasonKind, code: ReasonCode, text: String) {
    out.push(Reason::new(kind, code, text));
}

/// The server rules on a chain (leaf first): see the module documentation.
fn server_rules(path: &[&Certificate], name: &PeerName, from_public_root: bool, list: Option<&PublicSuffixList>, out: &mut Vec<Reason>) {
    let Some(leaf) = path.first() else { return };
    leaf_rules(leaf, from_public_root, out);
    if let PeerName::Dns(host) = name {
        wildcard_rule(leaf, host, list, out);
    }
    for (i, c) in path.iter().enumerate() {
        key_rules(c, out);
        let is_root = i + 1 == path.len() && i > 0 && c.is_self_issued();
        if i > 0 && !is_root && c.name_constraints.as_ref().is_some_and(|nc| nc.permitted.is_empty() && nc.excluded.is_empty()) {
            fail(
                out,
                ReasonKind::Malformed,
                ReasonCode::MalformedNameConstraint,
                format!("{} has name constraints with neither permitted nor excluded subtrees (CA/Browser Forum BR §7.1.2.5.2)", who(c)),
            );
        }
        if !is_root {
            use crate::cert::algorithms::Hash;
            if Hash::named_by_signature(&c.signature_algorithm.oid) == Some(Hash::Sha1) {
                fail(
                    out,
                    ReasonKind::Constraint,
                    ReasonCode::WeakSignature,
                    format!("{} is signed with SHA-1: Apple trusts only SHA-2 signatures for TLS (HT210176)", who(c)),
                );
            }
        } else {
            root_rules(c, out);
        }
    }
}

fn leaf_rules(leaf: &Certificate, from_public_root: bool, out: &mut Vec<Reason>) {
    if leaf.is_ca() {
        fail(
            out,
            ReasonKind::Constraint,
            ReasonCode::CaAsServer,
            format!("{} is a CA certificate (basicConstraints cA): a server's certificate must not be one (CA/Browser Forum BR §7.1.2.7.8)", who(leaf)),
        );
    }
    let eku = leaf.extensions.iter().find(|e| e.oid == "2.5.29.37");
    match (&leaf.extended_key_usage, eku) {
        // Apple requires it of certificates issued after 1 July 2019 (HT210176), the CA/Browser
        // Forum of every server certificate (BR §7.1.2.7.6): required here whatever the date.
        (None, _) => fail(
            out,
            ReasonKind::Constraint,
            ReasonCode::ServerEku,
            format!("{} has no extendedKeyUsage: a TLS server certificate must name serverAuth (HT210176; CA/Browser Forum BR §7.1.2.7.6)", who(leaf)),
        ),
        (Some(list), _) if list.iter().any(|o| o == ANY_EKU) => fail(
            out,
            ReasonKind::Constraint,
            ReasonCode::ServerEku,
            format!("{} has anyExtendedKeyUsage: a TLS server certificate must name serverAuth, not any purpose (CA/Browser Forum BR §7.1.2.7.10)", who(leaf)),
        ),
        (Some(list), _) if !list.iter().any(|o| o == SERVER_AUTH) => {
            fail(out, ReasonKind::Constraint, ReasonCode::ServerEku, format!("{} does not name serverAuth in its extendedKeyUsage (HT210176)", who(leaf)))
        }
        _ => {}
    }
    if eku.is_some_and(|e| e.critical) {
        fail(
            out,
            ReasonKind::Malformed,
            ReasonCode::ServerEku,
            format!("{}: extendedKeyUsage is critical, which a server's certificate must not mark it (CA/Browser Forum BR §7.1.2.7.6)", who(leaf)),
        );
    }
    if leaf.san_critical && !leaf.subject.attributes.is_empty() {
        fail(
            out,
            ReasonKind::Malformed,
            ReasonCode::ExtensionCriticality,
            format!("{}: subjectAltName is critical beside a non-empty subject (CA/Browser Forum BR §7.1.2.7.12)", who(leaf)),
        );
    }
    for cn in leaf.subject.attributes.iter().filter(|a| a.oid == "2.5.4.3").map(|a| a.value.as_str()) {
        if names_a_host(cn) && !cn_copies_san(cn, &leaf.subject_alt_names) {
            fail(out, ReasonKind::Constraint, ReasonCode::CnNotInSan, format!("{}: the common name \"{}\" is not a copy of a subjectAltName entry; Apple does not use the CN for the server name (HT210176), and the CN may name only a subjectAltName entry (CA/Browser Forum BR §7.1.4.3)", who(leaf), crate::escape::visible(cn)));
        }
    }
    if let Some(why) = validity_limit(leaf.not_before, leaf.not_after, from_public_root) {
        fail(out, ReasonKind::Constraint, ReasonCode::ValidityTooLong, format!("{} {why}", who(leaf)));
    }
}

/// Apple's validity limits for a TLS server certificate valid from `not_before` to `not_after`:
/// 825 days when issued after 1 July 2019 (HT210176); 398 days when issued on or after
/// 1 September 2020 under a root preinstalled on Apple's systems (HT211025). The period is
/// notAfter − notBefore, as both documents say.
fn validity_limit(not_before: Timestamp, not_after: Timestamp, from_public_root: bool) -> Option<String> {
    let lifetime = not_after.0.saturating_sub(not_before.0);
    if not_before > APPLE_2019 && lifetime > 825 * DAY {
        Some(format!("is valid for {} days: Apple trusts TLS server certificates issued after 1 July 2019 for at most 825 days (HT210176)", lifetime / DAY))
    } else if from_public_root && not_before >= APPLE_2020 && lifetime > 398 * DAY {
        Some(format!("is valid for {} days: Apple trusts TLS server certificates from its preinstalled roots issued on or after 1 September 2020 for at most 398 days (HT211025)", lifetime / DAY))
    } else {
        None
    }
}

/// A common name that names a host: a DNS name or an IP address in any text form a resolver
/// may read (dotted, IPv6, or the `0x…` form of inet_aton), not a label with spaces.
fn names_a_host(cn: &str) -> bool {
    !cn.is_empty()
        && !cn.chars().any(char::is_whitespace)
        && (cn.contains('.') || cn.contains(':') || cn.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x")))
}

/// The CN is a character-for-character copy of a dNSName entry, or an IP address in its one
/// canonical text form (dotted decimal; RFC 5952 §4 for IPv6) of an iPAddress entry.
fn cn_copies_san(cn: &str, san: &[GeneralName]) -> bool {
    san.iter().any(|n| match n {
        GeneralName::Dns(d) => d == cn,
        GeneralName::Ip(bytes) => {
            let text = match bytes.len() {
                4 => <[u8; 4]>::try_from(bytes.as_slice()).ok().map(|b| std::net::Ipv4Addr::from(b).to_string()),
                16 => <[u8; 16]>::try_from(bytes.as_slice()).ok().map(|b| std::net::Ipv6Addr::from(b).to_string()),
                _ => None,
            };
            text.as_deref() == Some(cn)
        }
        _ => false,
    })
}

/// The server `host` matched only through wildcards (`*.base`, [`nc::dns_matches`]) that cover
/// a public suffix: no CA may issue one (CA/Browser Forum BR §3.2.2.6), and the web's clients
/// refuse it. A wildcard covers a public suffix when `base` has no label outside the host's
/// public suffix (the list's algorithm applied to the host itself, as Chromium's
/// registry-controlled-domain check does: `*.kobe.jp` for `foo.kobe.jp` is refused, since
/// `foo.kobe.jp` is a public suffix under `*.kobe.jp`). Without a list: not checked.
fn wildcard_rule(leaf: &Certificate, host: &str, list: Option<&PublicSuffixList>, out: &mut Vec<Reason>) {
    let matching: Vec<&str> = leaf
        .subject_alt_names
        .iter()
        .filter_map(|n| match n {
            GeneralName::Dns(p) if nc::dns_matches(p, host) => Some(p.as_str()),
            _ => None,
        })
        .collect();
    let wildcards: Vec<&str> = matching.iter().filter_map(|p| p.strip_prefix("*.")).collect();
    if matching.is_empty() || wildcards.len() < matching.len() {
        return;
    }
    let shown = crate::escape::visible(matching[0]);
    match list {
        None => fail(
            out,
            ReasonKind::Unsupported,
            ReasonCode::PublicSuffixNotChecked,
            format!("not checked: {} matches the server name only through the wildcard {shown}, and whether that covers a public suffix needs the Public Suffix List, which could not be loaded", who(leaf)),
        ),
        Some(list) => {
            if wildcards.iter().all(|base| over_public_suffix(list, base, host)) {
                fail(out, ReasonKind::Constraint, ReasonCode::PublicSuffixWildcard, format!("{} matches the server name only through a wildcard over a public suffix ({shown}), which no CA may issue (Public Suffix List; CA/Browser Forum BR §3.2.2.6)", who(leaf)));
            }
        }
    }
}

/// `*.base` over a public suffix for `host` (which it matched): `base` lies within the host's
/// public suffix.
fn over_public_suffix(list: &PublicSuffixList, base: &str, host: &str) -> bool {
    let base = base.trim_end_matches('.');
    list.public_suffix(host).len() >= base.len()
}

/// Keys Apple and the web PKI accept for TLS, in the server's certificate and every CA.
fn key_rules(c: &Certificate, out: &mut Vec<Reason>) {
    let k = &c.public_key;
    // The exact modulus length: `bits` may be rounded to whole bytes.
    let bits = k.rsa_exact_bits().or(k.bits);
    let bad = match (k.algorithm.as_str(), bits, k.curve.as_deref()) {
        ("RSA", Some(b), _) if b < 2048 => Some(format!("a {b}-bit RSA key: Apple trusts RSA keys of 2048 bits or more for TLS (HT210176)")),
        ("RSA", Some(b), _) if b % 8 != 0 => Some(format!("a {b}-bit RSA key, not a multiple of 8 bits (CA/Browser Forum BR §6.1.5)")),
        ("RSA", Some(_), _) => None,
        ("EC", _, Some("P-256" | "P-384" | "P-521")) => None,
        ("EC", _, curve) => {
            Some(format!("an EC key on {}: TLS certificates use P-256, P-384 or P-521 (CA/Browser Forum BR §6.1.5)", curve.unwrap_or("an unnamed curve")))
        }
        (other, _, _) => Some(format!("a {other} key: TLS certificates use RSA or ECDSA keys (CA/Browser Forum BR §6.1.5)")),
    };
    if let Some(why) = bad {
        fail(out, ReasonKind::Constraint, ReasonCode::WeakKey, format!("{} has {why}", who(c)));
    }
}

/// A root of a server chain: no extKeyUsage (BR §7.1.2.1.2); an authorityKeyIdentifier only as
/// its own keyIdentifier, without authorityCertIssuer or authorityCertSerialNumber (§7.1.2.1.3).
fn root_rules(root: &Certificate, out: &mut Vec<Reason>) {
    if root.extended_key_usage.is_some() {
        fail(
            out,
            ReasonKind::Malformed,
            ReasonCode::RootProfile,
            format!("{} is a root with extendedKeyUsage, which a root of a server chain must not carry (CA/Browser Forum BR §7.1.2.1.2)", who(root)),
        );
    }
    let Ok((_, parsed)) = x509_parser::parse_x509_certificate(&root.der) else { return };
    for ext in parsed.extensions() {
        if let x509_parser::extensions::ParsedExtension::AuthorityKeyIdentifier(aki) = ext.parsed_extension() {
            let own = match (&aki.key_identifier, &root.subject_key_id) {
                (Some(k), Some(ski)) => crate::cert::hex_upper(k.0) == *ski,
                _ => false,
            };
            if !own || aki.authority_cert_issuer.is_some() || aki.authority_cert_serial.is_some() {
                fail(
                    out,
                    ReasonKind::Malformed,
                    ReasonCode::RootProfile,
                    format!("{} is a root whose authorityKeyIdentifier is not only its own keyIdentifier (CA/Browser Forum BR §7.1.2.1.3)", who(root)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).expect("time") // ok: test
    }

    #[test]
    fn server_names_of_urls() {
        assert_eq!(server_name_of_url("https://mdm.example.com:8443/mdm/checkin?x=1"), Some(PeerName::Dns("mdm.example.com".into())));
        assert_eq!(server_name_of_url("HTTPS://user:pw@Scep.Example.com/scep"), Some(PeerName::Dns("scep.example.com".into())));
        assert_eq!(server_name_of_url("https://[2001:db8::1]:443/"), Some(PeerName::Ip(vec![0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])));
        assert_eq!(server_name_of_url("https://192.0.2.7/acme"), Some(PeerName::Ip(vec![192, 0, 2, 7])));
        assert_eq!(server_name_of_url("http://scep.example.com/scep"), None);
        assert_eq!(server_name_of_url("https:///nohost"), None);
        assert_eq!(server_name_of_url("https://"), None);
    }

    #[test]
    fn apple_validity_limits() {
        let day = |ts: Timestamp, days: i64| Timestamp(ts.0 + days * DAY);
        // Issued on 1 September 2020 under a public root: 398 days, not one second more.
        let from = t("2020-09-01T00:00:00Z");
        assert_eq!(validity_limit(from, day(from, 398), true), None);
        assert!(validity_limit(from, Timestamp(day(from, 398).0 + 1), true).is_some());
        // The day before: the 825-day rule only.
        let before = t("2020-08-31T23:59:59Z");
        assert_eq!(validity_limit(before, day(before, 825), true), None);
        assert!(validity_limit(before, day(before, 826), true).is_some());
        // A root an administrator added: 825 days after 1 July 2019.
        assert_eq!(validity_limit(from, day(from, 825), false), None);
        assert!(validity_limit(from, day(from, 826), false).is_some());
        // Issued on 1 July 2019 itself, or before: no limit ("issued after 1 July 2019").
        let old = t("2019-07-01T00:00:00Z");
        assert_eq!(validity_limit(old, day(old, 3650), true), None);
    }

    #[test]
    fn wildcards_over_public_suffixes() {
        let Some(list) = crate::trust::public_suffix::builtin() else { panic!("the list") };
        for (base, host) in [
            ("com", "example.com"),
            ("co.uk", "example.co.uk"),
            ("s3.amazonaws.com", "bucket.s3.amazonaws.com"),
            ("github.io", "me.github.io"),
            ("COM.", "example.com"),
            ("unlisted-tld", "x.unlisted-tld"),
            // kobe.jp is no suffix alone, but foo.kobe.jp is one under *.kobe.jp.
            ("kobe.jp", "foo.kobe.jp"),
        ] {
            assert!(over_public_suffix(&list, base, host), "*.{base} for {host}");
        }
        for (base, host) in [
            ("example.com", "mdm.example.com"),
            ("example.co.uk", "a.example.co.uk"),
            ("bucket.s3.amazonaws.com", "x.bucket.s3.amazonaws.com"),
            ("city.kobe.jp", "www.city.kobe.jp"),
        ] {
            assert!(!over_public_suffix(&list, base, host), "*.{base} for {host}");
        }
    }

    #[test]
    fn a_common_name_must_copy_a_san_entry_when_it_names_a_host() {
        let san = [
            GeneralName::Dns("mdm.example.com".into()),
            GeneralName::Ip(vec![192, 168, 1, 1]),
            GeneralName::Ip(vec![0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ];
        assert!(cn_copies_san("mdm.example.com", &san));
        assert!(cn_copies_san("192.168.1.1", &san));
        assert!(cn_copies_san("2001:db8::1", &san));
        for cn in ["MDM.example.com", "192.168.001.001", "2001:DB8::1", "2001:0db8::1", "other.example.com"] {
            assert!(names_a_host(cn) && !cn_copies_san(cn, &san), "{cn}");
        }
        assert!(names_a_host("0xC0A80101"));
        // A label, not a host: Apple ignores the CN, and so does this rule.
        assert!(!names_a_host("Acme MDM Server"));
    }
}
