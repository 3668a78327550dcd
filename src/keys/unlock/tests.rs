use super::wire::{answers, read_request, request, serve, write_opening};
use super::*;

#[test]
fn messages_round_trip() {
    let l = Locked::new(LockedKind::Key(KeyForm::Sec1), b"not a key");
    let p = Passwords::new(vec!["pw".into()]);
    let derived = vec![([7u8; 32], vec![4, 1, 2])];
    let req = request(std::slice::from_ref(&l), &p, &derived);
    let back = read_request(&req).expect("request");
    assert_eq!((back.passwords, back.items, back.derived, back.work), (vec!["pw".to_string()], vec![l.clone()], derived, crate::keys::MAX_WORK));
    let opening = answers(&serve(&req)).expect("answers");
    assert_eq!(opening.answers.len(), 1);
    assert_eq!(opening.answers[0].0, l.id);
    assert!(matches!(&opening.answers[0].1, Unlocked::Key(Err(_))), "{:?}", opening.answers[0].1);
    // Every kind of answer comes back as it was written.
    let bundle = Unlocked::Bundle(Opened {
        opened: true,
        mac_ok: Some(true),
        encryption: vec!["RC2".into()],
        certificates: vec![vec![1, 2, 3]],
        keys: vec![KeyBag { encrypted: true, spki: Ok(vec![9; 300]) }, KeyBag { encrypted: false, spki: Err("no".into()) }],
        notes: vec!["é".into()],
    });
    let wanted = KeyToDerive::from_parts([3; 32], "P-384", vec![1; 40], Some(vec![2; 50])).expect("curve");
    for a in [bundle, Unlocked::Key(Ok(vec![7; 200])), Unlocked::Key(Err("why".into())), Unlocked::NotRun("not run".into())] {
        let o = Opening { answers: vec![(l.id, a.clone())], wanted: vec![wanted.clone()], waiting: vec![l.id], work_left: 0x80_0000 };
        let back = answers(&write_opening(&o)).expect("answer");
        assert_eq!((back.answers, back.wanted, back.waiting, back.work_left), (o.answers, o.wanted, o.waiting, o.work_left));
    }
    assert!(answers(b"garbage").is_err());
    assert!(answers(&serve(b"garbage")).is_err_and(|e| e.contains("unreadable request")));
}

/// A request as the opener reads it holds the passwords and the keys: its `Debug` (a test's
/// failure message, a log line) shows neither.
#[test]
fn a_read_request_does_not_print_its_passwords() {
    let l = Locked::new(LockedKind::Key(KeyForm::Pkcs8), b"secret key bytes");
    let req = request(std::slice::from_ref(&l), &Passwords::new(vec!["hunter2-password".into()]), &[]);
    let shown = format!("{:?}", read_request(&req).expect("request"));
    assert!(!shown.contains("hunter2") && !shown.contains("secret key"), "{shown}");
}
