//! An adversary's pass over the opener of 2026-12-06 (private keys and PKCS#12 bundles read by
//! `keys::unlock`, in process for the CLI and in a worker for the page): crafted inputs and
//! messages that must not make certscope pair a key wrongly, hide a right key, crash or hang.

mod common;
use common::{at, read};

use certscope::input::Source;
use certscope::keys::unlock::{wire, Locked, LockedKind};
use certscope::keys::{KeyForm, Passwords};
use certscope::report::{Item, KeyItem, Report};
use certscope::trust::TrustStore;

fn text(name: &str, t: String) -> Source {
    Source::text(name, t)
}

fn run(sources: &[Source], passwords: &[&str]) -> Report {
    let pw = Passwords::new(passwords.iter().map(|p| p.to_string()).collect());
    certscope::report::analyze_with_passwords(sources, &TrustStore::builtin(), at("2026-12-01T00:00:00Z"), &pw)
}

fn keys(r: &Report) -> Vec<&KeyItem> {
    r.items.iter().filter_map(|i| if let Item::Key(k) = i { Some(k.as_ref()) } else { None }).collect()
}

fn fixture(rel: &str) -> String {
    String::from_utf8(read(rel)).unwrap_or_default()
}

/// The same key bytes under two PEM labels, the wrong one first: the opener's answer is kept by
/// the item's identity, which was the SHA-256 of its bytes alone, so the correctly labelled key
/// got the answer for the mislabelled one ("not a readable RSA private key") and was not
/// opened; the other order opened the mislabelled one. Each item is opened as what it says it is.
#[test]
fn one_key_under_two_labels_gets_the_answer_of_its_own_form() {
    let right = fixture("push/push-key.pem");
    assert!(right.starts_with("-----BEGIN PRIVATE KEY-----"));
    let wrong = right.replace("PRIVATE KEY", "RSA PRIVATE KEY");
    let alone = run(&[text("right", right.clone())], &[]);
    let expected = keys(&alone)[0].public_key_sha256.clone();
    assert!(expected.is_some(), "{}", keys(&alone)[0].message);
    for order in [[wrong.clone(), right.clone()], [right.clone(), wrong.clone()]] {
        let r = run(&[text("paste", order.concat())], &[]);
        let k = keys(&r);
        assert_eq!(k.len(), 2);
        for item in k {
            let labelled_right = item.source.contains("block 1") == order[0].starts_with("-----BEGIN PRIVATE KEY-----");
            if labelled_right {
                assert_eq!(item.public_key_sha256, expected, "{}", item.message);
                assert_eq!(item.opened, Some(true), "{}", item.message);
            } else {
                assert_eq!(item.opened, Some(false), "a PKCS#8 key labelled RSA PRIVATE KEY: {}", item.message);
            }
        }
    }
}

/// The wire's identity of an item is its form and its bytes: the same bytes asked as two forms
/// are two questions.
#[test]
fn the_same_bytes_as_two_forms_are_two_items() {
    let der = [0x30, 0x03, 0x02, 0x01, 0x00];
    let a = Locked::new(LockedKind::Key(KeyForm::Pkcs8), &der);
    let b = Locked::new(LockedKind::Key(KeyForm::Pkcs1), &der);
    let c = Locked::new(LockedKind::Bundle, &der);
    assert!(a.id != b.id && b.id != c.id && a.id != c.id);
    let opening = wire::answers(&wire::serve(&wire::request(&[a.clone(), b.clone(), c.clone()], &Passwords::new(vec!["x".into()]), &[]))).expect("answers"); // ok: test
    let ids: Vec<_> = opening.answers.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, [a.id, b.id, c.id]);
}

/// A request with a key of each kind the opener reads and a PKCS#12 bundle, the passwords, and
/// WebCrypto answers; its answer.
fn real_request() -> (Vec<u8>, Vec<u8>) {
    let der = |rel: &str| {
        let pem = fixture(rel);
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default()
    };
    let items = [
        Locked::new(LockedKind::Key(KeyForm::Pkcs8), &der("push/push-key.pem")),
        Locked::new(LockedKind::Key(KeyForm::Sec1), &der("push/ec-sec1.pem")),
        Locked::new(LockedKind::Key(KeyForm::EncryptedPkcs8), &der("push/push-key-pbes2.pem")),
        Locked::new(LockedKind::Bundle, &read("push/push-legacy.p12")),
    ];
    let pw = Passwords::from_lines(&fixture("push/passwords.txt"));
    let request = wire::request(&items, &pw, &[([9; 32], vec![4; 65])]);
    let answer = wire::serve(&request);
    (request, answer)
}

/// Damaged requests and answers (each byte changed, the message cut short, lengths made huge)
/// end in an answer or an error, never a panic, and quickly: the opener and the page read them
/// with the core's bounded reader.
#[test]
fn damaged_messages_end_in_an_error_not_a_panic() {
    let (request, answer) = real_request();
    let opening = wire::answers(&answer).expect("the real answer reads"); // ok: test
    assert_eq!(opening.answers.len(), 4);
    let start = std::time::Instant::now();
    for (i, _) in answer.iter().enumerate() {
        for change in [0x01u8, 0x80, 0xff] {
            let mut a = answer.clone();
            a[i] ^= change;
            let _ = wire::answers(&a);
        }
        let _ = wire::answers(&answer[..i]);
    }
    // The request: every 29th byte (each costs a run of the opener).
    for i in (0..request.len()).step_by(29) {
        let mut r = request.clone();
        r[i] ^= 0xff;
        let served = wire::serve(&r);
        assert!(wire::answers(&served).is_ok() || served.first() == Some(&0x0c), "byte {i}");
        let _ = wire::serve(&request[..i]);
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(120), "{:?}", start.elapsed());
}

/// Nothing secret in the opener's answer: the passwords and the private keys' bytes are not in
/// it, and the report shows neither.
#[test]
fn the_answer_carries_no_password_and_no_private_key() {
    let (request, answer) = real_request();
    let pw = fixture("push/passwords.txt");
    for p in pw.lines().filter(|l| !l.is_empty()) {
        assert!(request.windows(p.len()).any(|w| w == p.as_bytes()), "the request carries it");
        assert!(!answer.windows(p.len()).any(|w| w == p.as_bytes()), "the answer carries no password");
    }
    // The RSA key's private exponent's first bytes (from the PKCS#8 fixture): not in the answer.
    let key = fixture("push/push-key.pem");
    let b64: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default();
    // Any 24-byte window of the key past its public modulus and exponent (the last 60% of it).
    let secret = &der[der.len() * 2 / 5..];
    for w in secret.windows(24).step_by(24) {
        assert!(!answer.windows(24).any(|a| a == w), "a private part of the key is in the answer");
    }
}

/// A certificate signing request holds its key only as far as its own signature shows it (PKCS
/// #10, RFC 2986 §3: the request is signed with the private key of the public key it carries).
/// One whose signature does not verify (changed after it was made, or a public key copied from
/// a certificate into a request signed with nothing) must not pair with that certificate, as a
/// key that copies a public key is not paired (tests/push.rs): before, a tampered request made
/// the push certificate's `key_pair` name it (`data-key-pair="matched"`).
#[test]
fn a_request_whose_signature_does_not_verify_does_not_pair() {
    let pushed = |csr: &str| {
        let sources: Vec<Source> = [csr, "push/push-old.pem"].iter().map(|f| Source::file(*f, read(f))).collect();
        let r = run(&sources, &[]);
        let c = r.certificates().next().map(|c| c.key_pair.clone()).unwrap_or_default();
        (c, keys(&r)[0].signature_ok)
    };
    assert_eq!(pushed("push/push.csr.der"), (vec!["push/push.csr.der".to_string()], Some(Some(true))));
    let (pair, ok) = pushed("push/push-tampered.csr.der");
    assert_eq!(ok, Some(Some(false)));
    assert!(pair.is_empty(), "paired with a request whose signature does not verify: {pair:?}");
    // The same in a vendor-signed push request: its CSR, tampered, holds no key either.
    let b64 = |f: &str| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, read(f));
    let plist = fixture("push/push-request.plist");
    let tampered = plist.replace(&b64("push/push.csr.der"), &b64("push/push-tampered.csr.der"));
    assert_ne!(plist, tampered);
    for (request, paired) in [(plist, true), (tampered, false)] {
        let r = run(&[Source::file("request.plist", request.into_bytes()), Source::file("push-old.pem", read("push/push-old.pem"))], &[]);
        let pair = r.certificates().find(|c| c.source.starts_with("push-old.pem")).map(|c| c.key_pair.clone());
        assert_eq!(pair.as_ref().is_some_and(|p| !p.is_empty()), paired, "{pair:?}");
    }
}

/// The page runs its opener twice for an item holding an EC or Ed25519 key (once to learn what
/// WebCrypto must compute, once more for the waiting items with its answers): the second run has
/// only what the first left of the one work budget (`keys::MAX_WORK`, "per reading, over every
/// item and password together"), carried by the request, not a whole budget of its own. Before,
/// each run started from the whole budget, so one reading could run twice `MAX_WORK`.
#[test]
fn the_second_run_of_the_opener_has_only_what_the_first_left() {
    use certscope::keys::MAX_WORK;
    let items = [Locked::new(LockedKind::Bundle, &read("push/push-legacy.p12"))];
    // The wrong password first: its MAC derivation is charged too.
    let pw = Passwords::from_lines(&fixture("push/passwords.txt"));
    assert_eq!(pw.work_left(), MAX_WORK);
    let first = wire::answers(&wire::serve(&wire::request(&items, &pw, &[]))).expect("answers"); // ok: test
    let cost = MAX_WORK - first.work_left;
    assert!(cost > 0 && cost < MAX_WORK / 100, "{cost}");
    let again = pw.with_work(first.work_left);
    let second = wire::answers(&wire::serve(&wire::request(&items, &again, &[]))).expect("answers"); // ok: test
    assert_eq!(MAX_WORK - second.work_left, 2 * cost, "the second run charged the same budget");
    assert!(matches!(&second.answers[0].1, certscope::keys::unlock::Unlocked::Bundle(o) if o.opened));
    // With less left than the bundle costs, its key (decrypted last) is not read, and says why.
    let spent = wire::answers(&wire::serve(&wire::request(&items, &pw.with_work(cost - 1), &[]))).expect("answers"); // ok: test
    match &spent.answers[0].1 {
        certscope::keys::unlock::Unlocked::Bundle(o) => assert!(o.keys.iter().all(|k| k.spki.as_ref().is_err_and(|e| e.contains("exceed"))), "{o:?}"),
        other => panic!("{other:?}"),
    }
    // A request cannot ask for more than the whole budget.
    assert_eq!(pw.with_work(u64::MAX).work_left(), MAX_WORK);
}

/// A multi-prime RSA key (RFC 8017 A.1.2: `Version ::= INTEGER { two-prime(0), multi(1) }`,
/// what `openssl genrsa -primes 3` writes) in DER without a label: read as the private key it is
/// (before, only its PEM form was: the DER was "ASN.1 that is not a certificate"), and a share
/// link's secret scan calls it a private key (the one rule, `KeyForm::sniff`).
#[test]
fn a_multi_prime_rsa_key_in_der_is_a_private_key() {
    let der = read("attack-today/rsa-3-primes.der");
    assert_eq!(KeyForm::sniff(&der), Some(KeyForm::Pkcs1));
    assert!(certscope::share::secrets::is_private_key_der(&der));
    let r = run(&[Source::file("rsa-3-primes.der", der)], &[]);
    let k = keys(&r);
    assert_eq!(k.len(), 1, "{:?}", r.problems);
    assert_eq!((k[0].opened, k[0].bits), (Some(true), Some(2048)), "{}", k[0].message);
}
