use super::*;

fn pkits_crl(name: &str) -> Crl {
    Crl::from_der(&crate::testing::fixture(&format!("pkits/crls/{name}.crl"))).expect("PKITS CRL")
    // ok: test
}

#[test]
fn relative_distribution_point_names_are_read() {
    // x509-parser reads nameRelativeToCRLIssuer as no name; the DER is read instead.
    let c = pkits_crl("distributionPoint2CACRL");
    let names = c.scope.and_then(|s| s.names).expect("a relative IDP name"); // ok: test
    assert_eq!(names.0, vec!["dn:2.5.4.6=us/2.5.4.10=test certificates 2011/2.5.4.11=distributionpoint2 ca/2.5.4.3=crl1 of distributionpoint2 ca"]);
    let dps = scope::distribution_points(&crate::testing::fixture("pkits/certs/ValiddistributionPointTest4EE.crt")).expect("CDP"); // ok: test
    assert_eq!(
        dps[0].names.as_ref().map(|n| n.0.clone()),
        Some(vec!["dn:2.5.4.6=us/2.5.4.10=test certificates 2011/2.5.4.11=distributionpoint1 ca/2.5.4.3=crl1 of distributionpoint1 ca".to_string()])
    );
    let dps = scope::distribution_points(&crate::testing::fixture("pkits/certs/ValidcRLIssuerTest29EE.crt")).expect("CDP"); // ok: test
    assert_eq!(dps[0].crl_issuer_names.len(), 1, "the cRLIssuer beside a relative name is read");
}

#[test]
fn entries_are_found_by_issuer_and_serial() {
    let c = pkits_crl("GoodCACRL");
    assert_eq!(c.entry_count, 2);
    let e = &c.entries[0];
    assert!(c.lookup(&c.issuer, &e.serial).is_some());
    assert!(c.lookup(&c.issuer, &[0x7f, 0x7f]).is_none());
    let other = pkits_crl("TrustAnchorRootCRL");
    assert!(c.lookup(&other.issuer, &e.serial).is_none(), "another issuer's certificate with the same serial is not revoked");
    let indirect = pkits_crl("indirectCRLCA5CRL");
    assert!(indirect.entry_issuers.len() > 1, "certificateIssuer entries name other issuers");
}

fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = content.len();
    if n < 0x80 {
        v.push(n as u8);
    } else {
        let b: Vec<u8> = n.to_be_bytes().into_iter().skip_while(|b| *b == 0).collect();
        v.push(0x80 | b.len() as u8);
        v.extend(b);
    }
    v.extend_from_slice(content);
    v
}

/// A CRL of `n` entries (serials in descending order, so sorting does work), unsigned.
fn big_crl(n: u32) -> Vec<u8> {
    let issuer = der(0x30, &der(0x31, &der(0x30, &[der(0x06, &[0x55, 4, 3]), der(0x0c, b"Big CA")].concat())));
    let alg = der(0x30, &[der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11]), vec![5, 0]].concat());
    let time = der(0x17, b"200101000000Z");
    let mut entries = Vec::with_capacity(n as usize * 24);
    for i in (1..=n).rev() {
        entries.extend(der(0x30, &[der(0x02, &[0x01, (i >> 16) as u8, (i >> 8) as u8, i as u8]), time.clone()].concat()));
    }
    let tbs = der(0x30, &[der(0x02, &[1]), alg.clone(), issuer, time.clone(), time.clone(), der(0x30, &entries)].concat());
    der(0x30, &[tbs, alg, der(0x03, &[0, 0])].concat())
}

#[test]
fn a_million_entries_are_read_in_bounded_time_and_found_by_binary_search() {
    let n = 1_000_000;
    let bytes = big_crl(n);
    let start = std::time::Instant::now();
    let c = Crl::from_der(&bytes).expect("big CRL"); // ok: test
    let read = start.elapsed();
    assert_eq!(c.entry_count, n as usize);
    let start = std::time::Instant::now();
    for i in (1..=n).step_by(997) {
        assert!(c.lookup(&c.issuer, &[0x01, (i >> 16) as u8, (i >> 8) as u8, i as u8]).is_some());
    }
    let looked = start.elapsed();
    eprintln!("1,000,000 entries ({} bytes): read in {read:?}, 1004 lookups in {looked:?}", bytes.len());
    assert!(read.as_secs() < 60 && looked.as_millis() < 1000, "read {read:?}, lookups {looked:?}");
}

#[test]
fn certificate_issuer_outside_an_indirect_crl_makes_it_unusable() {
    let name = der(0x30, &der(0x31, &der(0x30, &[der(0x06, &[0x55, 4, 3]), der(0x0c, b"Other CA")].concat())));
    let ext = der(0x30, &[der(0x06, &[0x55, 29, 29]), der(0x01, &[0xff]), der(0x04, &der(0x30, &der(0xa4, &name)))].concat());
    let entry = der(0x30, &[der(0x02, &[5]), der(0x17, b"200101000000Z"), der(0x30, &ext)].concat());
    let issuer = der(0x30, &der(0x31, &der(0x30, &[der(0x06, &[0x55, 4, 3]), der(0x0c, b"Big CA")].concat())));
    let alg = der(0x30, &[der(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 1, 1, 11]), vec![5, 0]].concat());
    let time = der(0x17, b"200101000000Z");
    let tbs = der(0x30, &[der(0x02, &[1]), alg.clone(), issuer, time.clone(), time, der(0x30, &entry)].concat());
    let c = Crl::from_der(&der(0x30, &[tbs, alg, der(0x03, &[0, 0])].concat())).expect("CRL"); // ok: test
    assert_eq!(c.entry_issuers.len(), 2);
    assert!(c.unknown_critical.iter().any(|u| u.contains("not indirect")), "{:?}", c.unknown_critical);
    assert!(pkits_crl("indirectCRLCA5CRL").unknown_critical.is_empty(), "an indirect CRL may name other issuers");
}
