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
