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
