use super::*;

#[test]
fn passwords_are_one_per_line_and_never_printed() {
    let p = Passwords::from_lines("first\r\n\nsecond pass\n");
    assert_eq!(p.iter().collect::<Vec<_>>(), ["first", "second pass"]);
    assert_eq!(format!("{p:?}"), "Passwords(2 hidden)");
}

#[test]
fn iteration_counts_are_bounded() {
    // 600 001 iterations: refused before any hashing.
    let n = (pkcs12::MAX_ITERATIONS + 1).to_be_bytes();
    let start = n.iter().position(|b| *b != 0).unwrap_or(7);
    assert!(pkcs12::tests_integer(&n[start..]).is_err());
    assert_eq!(pkcs12::tests_integer(&[0x08, 0x00]), Ok(2048));
    assert!(pkcs12::tests_integer(&[0x80]).is_err(), "negative");
    assert!(pkcs12::tests_integer(&[0]).is_err(), "zero");
}

#[test]
fn not_a_key_is_not_sniffed_as_one() {
    assert_eq!(KeyForm::sniff(&[0x30, 0x03, 0x02, 0x01, 0x00]), None);
    assert_eq!(KeyForm::from_label("CERTIFICATE"), None);
    assert_eq!(KeyForm::from_label("ENCRYPTED PRIVATE KEY"), Some(KeyForm::EncryptedPkcs8));
}

#[test]
fn the_work_budget_is_shared_by_every_derivation_of_one_reading() {
    let p = Passwords::new(vec!["x".into()]);
    assert!(p.charge(MAX_WORK - 10).is_ok());
    assert!(p.charge(11).is_err(), "more than what is left");
    assert!(p.charge(10).is_ok());
    // A reader gets the whole budget again.
    assert!(p.fresh().charge(MAX_WORK).is_ok());
}

/// Many encrypted keys with the password: past the budget they are not opened, so a paste of
/// thousands cannot make reading run for minutes.
#[test]
fn many_encrypted_keys_stop_at_the_budget() {
    let pem = std::fs::read_to_string(format!("{}/tests/fixtures/push/push-key-pbes2.pem", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default();
    let p = Passwords::new(vec!["certscope-test-password".into()]);
    // As if thousands had been opened already: room for three more (2048 iterations each).
    assert!(p.charge(MAX_WORK - 3 * 2048).is_ok());
    let keys: Vec<PrivateKey> = (0..5).map(|_| read_private_key(&der, KeyForm::EncryptedPkcs8, &p)).collect();
    assert_eq!(keys.iter().filter(|k| k.opened).count(), 3);
    assert!(keys[4].note.as_deref().is_some_and(|n| n.contains("exceed")), "{:?}", keys[4].note);
}
