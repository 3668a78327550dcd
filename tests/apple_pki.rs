//! Apple's public CA certificates and real Apple-issued leaves (tests/fixtures/apple-pki, copied
//! from public repositories; origins in its README): the README's hashes are the model's, the
//! DER anchors are the same bytes, and every Apple OID they carry is in the OID table.

use base64::Engine;
use certscope::cert::{apple_oid, is_apple_arc, Certificate};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/apple-pki"))
}

fn pem_der(text: &str) -> Vec<u8> {
    let b64: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).expect("base64") // ok: test
}

/// (file, certificate) for every PEM in the directory.
fn fixtures() -> Vec<(String, Certificate)> {
    let mut v: Vec<(String, Certificate)> = std::fs::read_dir(dir())
        .expect("fixture dir") // ok: test
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pem"))
        .map(|n| {
            let text = std::fs::read_to_string(dir().join(&n)).expect("read"); // ok: test
            let cert = Certificate::from_der(&pem_der(&text)).unwrap_or_else(|e| panic!("{n}: {e}")); // ok: test
            (n, cert)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// README rows: file → (cert SHA-256, SPKI SHA-256).
fn readme_hashes() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(dir().join("README.md")).expect("README"); // ok: test
    text.lines()
        .filter(|l| l.starts_with("| ") && l.contains(".pem |"))
        .map(|l| {
            let cols: Vec<&str> = l.split(" | ").map(|c| c.trim_matches(|ch| ch == '|' || ch == ' ' || ch == '`')).collect();
            (cols[0].to_string(), cols[4].to_string(), cols[5].to_string())
        })
        .collect()
}

#[test]
fn readme_lists_every_fixture_with_the_hashes_the_model_computes() {
    let certs = fixtures();
    let rows = readme_hashes();
    assert_eq!(certs.len(), 31, "fixture count");
    assert_eq!(rows.len(), certs.len(), "one README row per fixture");
    for (file, cert) in &certs {
        let row = rows.iter().find(|r| &r.0 == file).unwrap_or_else(|| panic!("{file} missing from README")); // ok: test
        assert_eq!(row.1, cert.sha256, "{file}: certificate SHA-256");
        assert_eq!(row.2, cert.public_key.spki_sha256, "{file}: SPKI SHA-256");
    }
}

#[test]
fn der_anchors_are_the_fixture_bytes() {
    let anchors = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/trust/anchors"));
    let mut checked = 0;
    for (file, cert) in fixtures() {
        let der = anchors.join(file.replace(".pem", ".der"));
        if let Ok(bytes) = std::fs::read(&der) {
            assert_eq!(bytes, cert.der, "{}", der.display());
            checked += 1;
        }
    }
    // 21 Apple CAs added beside the device chain's three (the 2006 root is one of both).
    assert_eq!(checked, 22);
}

#[test]
fn every_apple_oid_on_the_real_certificates_is_in_the_table() {
    let mut seen = 0;
    for (file, cert) in fixtures() {
        let ekus = cert.extended_key_usage.clone().unwrap_or_default();
        let oids = cert.extensions.iter().map(|e| e.oid.clone()).chain(ekus);
        for oid in oids.filter(|o| is_apple_arc(o)) {
            assert!(apple_oid(&oid).is_some(), "{file}: {oid} is not in APPLE_OIDS");
            seen += 1;
        }
    }
    assert!(seen >= 30, "expected Apple markers on the fixtures, saw {seen}");
}

#[test]
fn developer_id_installer_leaf_carries_its_critical_marker_and_eku() {
    let certs = fixtures();
    let (_, leaf) = certs.iter().find(|(n, _)| n == "leaf-developer-id-installer-ria-2022-2027.pem").expect("fixture"); // ok: test
    let marker = leaf.extensions.iter().find(|e| e.oid == "1.2.840.113635.100.6.1.14").expect("marker"); // ok: test
    assert!(marker.critical);
    assert_eq!(leaf.extended_key_usage.as_deref(), Some(&["1.2.840.113635.100.4.13".to_string()][..]));
}

/// The real MDM vendor certificate carries Apple's MDM vendor marker, non-critical, NULL; the
/// other real leaves do not.
#[test]
fn the_mdm_vendor_leaf_carries_apples_vendor_marker() {
    use certscope::cert::{Marker, MDM_VENDOR_MARKER};
    for (file, cert) in fixtures() {
        let want = if file == "leaf-mdm-vendor-improvement-funding-2025-2026.pem" { Marker::Null } else { Marker::Absent };
        assert_eq!(cert.mdm_vendor_marker(), want, "{file}");
    }
    let certs = fixtures();
    let (_, leaf) = certs.iter().find(|(n, _)| n == "leaf-mdm-vendor-improvement-funding-2025-2026.pem").expect("fixture"); // ok: test
    let marker = leaf.extensions.iter().find(|e| e.oid == MDM_VENDOR_MARKER).expect("marker"); // ok: test
    assert!(!marker.critical);
    assert!(leaf.extended_key_usage.is_none(), "{:?}", leaf.extended_key_usage);
}
