use super::unlock::check_pbes2_cost;
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
    let locked: Vec<unlock::Locked> = (0..5).map(|_| unlock::Locked::new(unlock::LockedKind::Key(KeyForm::EncryptedPkcs8), &der)).collect();
    let answers = unlock::open(&locked, &p).answers;
    assert_eq!(answers.iter().filter(|(_, a)| matches!(a, unlock::Unlocked::Key(Ok(_)))).count(), 3);
    assert!(matches!(&answers[4].1, unlock::Unlocked::Key(Err(n)) if n.contains("exceed")), "{:?}", answers[4].1);
}

fn fixture_der(name: &str) -> Vec<u8> {
    let pem = std::fs::read_to_string(format!("{}/tests/fixtures/push/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_default();
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default()
}

/// A SEC1 key whose optional publicKey was copied from another key (here: the genuine key's
/// point beside another scalar) is not the key of that public key: the public key must come from
/// the private scalar, or the key is not matched at all.
#[test]
fn an_ec_key_with_a_copied_public_point_is_not_matched_to_it() {
    let genuine = fixture_der("ec-sec1.pem");
    let real = read_in_process(&genuine, KeyForm::Sec1, &Passwords::default());
    let real_hash = real.public_key.as_ref().map(|k| k.spki_sha256.clone());
    assert!(real_hash.is_some(), "{:?}", real.note);
    // 30 77 02 01 01 04 20 <scalar>: another scalar, the same publicKey [1].
    let mut forged = genuine.clone();
    assert_eq!(&forged[..7], &[0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]);
    forged[7..39].copy_from_slice(&[0x11; 32]);
    let k = read_in_process(&forged, KeyForm::Sec1, &Passwords::default());
    assert_ne!(k.public_key.map(|p| p.spki_sha256), real_hash, "a copied public point was taken as the key's");
}

/// The same for an Ed25519 OneAsymmetricKey (RFC 5958 §2) whose `[1] publicKey` is another key's.
#[test]
fn an_ed25519_key_with_a_copied_public_key_is_not_matched_to_it() {
    let genuine = fixture_der("ed25519.pem");
    let real = read_in_process(&genuine, KeyForm::Pkcs8, &Passwords::default());
    let real_key = real.public_key.clone();
    let Some(real_key) = real_key else { panic!("{:?}", real.note) };
    // The public key bits: the last 32 bytes of its SubjectPublicKeyInfo.
    let spki = &real_key.spki_der;
    let public = &spki[spki.len() - 32..];
    // OneAsymmetricKey v2: version 1, Ed25519, a seed of 0x22s, [1] IMPLICIT BIT STRING publicKey.
    let mut der = vec![0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
    der.extend_from_slice(&[0x22; 32]);
    der.extend_from_slice(&[0x81, 0x21, 0x00]);
    der.extend_from_slice(public);
    let k = read_in_process(&der, KeyForm::Pkcs8, &Passwords::default());
    assert_ne!(k.public_key.map(|p| p.spki_sha256), Some(real_key.spki_sha256), "a copied publicKey was taken as the key's");
}

/// scrypt's memory is 128·N·r bytes: N = 2^17 with r = 32 (512 MiB, 4.2 M of work, within the
/// budget) made one encrypted key allocate half a gigabyte per password tried (62 s and 535 MB
/// in the debug CLI with five passwords; the page may run out of memory). Refused like OpenSSL's
/// 32 MiB default `maxmem`.
#[test]
fn an_scrypt_key_asking_for_half_a_gigabyte_is_refused_before_deriving() {
    let d = fixture_der("push-key-scrypt.pem");
    // N INTEGER 0x4000 (2 bytes) → 0x020000 (3 bytes), r 8 → 32; the enclosing lengths grow by 1.
    assert_eq!((&d[44..48], &d[48..51]), (&[2u8, 2, 0x40, 0][..], &[2u8, 1, 8][..]));
    let mut big = d[..44].to_vec();
    big.extend_from_slice(&[2, 3, 2, 0, 0, 2, 1, 32]);
    big.extend_from_slice(&d[51..]);
    let len = u16::from_be_bytes([big[2], big[3]]) + 1;
    big[2..4].copy_from_slice(&len.to_be_bytes());
    for i in [5, 18, 20, 33] {
        big[i] += 1;
    }
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(big.as_slice()).expect("still readable");
    assert!(check_pbes2_cost(&info.encryption_algorithm).is_err(), "512 MiB of scrypt memory was allowed");
    // OpenSSL's own default (N = 2^14, r = 8: 16 MiB) still opens.
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(d.as_slice()).expect("readable");
    assert!(check_pbes2_cost(&info.encryption_algorithm).is_ok());
}

/// PBKDF2 runs its iterations once per block of the PRF's output (RFC 8018 §5.2): an AES-256 key
/// under HMAC-SHA1 costs twice the iterations, under HMAC-SHA256 once (the attacker found the
/// budget counted one block for both).
#[test]
fn pbkdf2_is_charged_per_output_block() {
    use pkcs8::pkcs5::pbes2::{EncryptionScheme as Cipher, Kdf, Parameters, Pbkdf2Params, Pbkdf2Prf};
    let iv = [0u8; 16];
    let scheme = |prf, encryption| {
        pkcs8::pkcs5::EncryptionScheme::Pbes2(Parameters {
            kdf: Kdf::Pbkdf2(Pbkdf2Params { salt: b"saltsalt", iteration_count: 10_000, key_length: None, prf }),
            encryption,
        })
    };
    assert_eq!(super::unlock::check_pbes2_cost(&scheme(Pbkdf2Prf::HmacWithSha1, Cipher::Aes256Cbc { iv: &iv })), Ok(20_000));
    assert_eq!(super::unlock::check_pbes2_cost(&scheme(Pbkdf2Prf::HmacWithSha256, Cipher::Aes256Cbc { iv: &iv })), Ok(10_000));
    assert_eq!(super::unlock::check_pbes2_cost(&scheme(Pbkdf2Prf::HmacWithSha1, Cipher::Aes128Cbc { iv: &iv })), Ok(10_000));
}
