//! Tests of src/fleet.rs.

use super::*;

#[test]
fn csv_export_neutralises_formulas_and_quotes_carriage_returns() {
    assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-2"), "'-2");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("a\rb"), "\"a\rb\"");
    assert_eq!(csv_cell("C02XYZ"), "C02XYZ");
}

#[test]
fn rows_beyond_the_limit_are_reported() {
    let mut text = String::from("serial,cert\n");
    for i in 0..MAX_ROWS + 3 {
        text.push_str(&format!("S{i},x\n"));
    }
    let t = parse_csv(&text);
    assert!(t.truncated);
    assert_eq!(t.rows.len(), MAX_ROWS);
    let exact = parse_csv(&text.lines().take(MAX_ROWS + 1).collect::<Vec<_>>().join("\n"));
    assert!(!exact.truncated);
    let job = FleetJob {
        table: t,
        cert_col: 1,
        device_col: Some(0),
        name_col: None,
        next: 0,
        rows: Vec::new(),
        cache: SignatureCache::default(),
        at: Timestamp(0),
        decoded: Vec::new(),
        rounds: 0,
    };
    assert!(job.report().problems[0].contains("only the first"), "{:?}", job.report().problems);
}

#[test]
fn csv_with_quotes_and_multiline_fields() {
    let t = parse_csv("serial,cert\r\nC02A,\"-----BEGIN CERTIFICATE-----\nAB\n-----END CERTIFICATE-----\"\r\n\"C0,2B\",\"say \"\"hi\"\"\"\n");
    assert_eq!(t.header, ["serial", "cert"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0][1], "-----BEGIN CERTIFICATE-----\nAB\n-----END CERTIFICATE-----");
    assert_eq!(t.rows[1], ["C0,2B", "say \"hi\""]);
}

#[test]
fn semicolon_csv_and_json_rows() {
    assert_eq!(parse_csv("a;b\n1;2\n").rows, vec![vec!["1".to_string(), "2".to_string()]]);
    let j = parse_json(r#"{"computers":[{"name":"a","pem":"x"},{"name":"b","extra":1}]}"#).expect("json"); // ok: test
    assert_eq!(j.header, ["name", "pem", "extra"]);
    assert_eq!(j.rows[1], ["b", "", "1"]);
}

#[test]
fn columns_are_guessed_or_named() {
    let header = vec!["Computer Name".to_string(), "Notes".to_string(), "APSD".to_string()];
    let rows = vec![vec!["mac1".to_string(), "x".to_string(), "-----BEGIN CERTIFICATE-----".to_string()]];
    assert_eq!(pick(&header, &rows, &Columns::default()), Ok((2, Some(0))));
    let named = Columns { device: Some("notes".into()), certificate: Some("apsd".into()) };
    assert_eq!(pick(&header, &rows, &named), Ok((2, Some(1))));
    assert_eq!(pick(&header, &rows, &Columns { certificate: Some("nope".into()), device: None }), Err(FleetError::UnknownColumn("nope".into())));
    let no_certs = vec![vec!["a".to_string(), "b".to_string(), "c".to_string()]];
    assert!(matches!(pick(&header, &no_certs, &Columns::default()), Err(FleetError::NoCertificateColumn(_))));
}

/// The page's rounds (the shell verifies what a chunk asks for) give the native job's rows,
/// ask for each signature once, and a forged device stays forged.
#[test]
fn signature_rounds_give_the_native_rows() {
    let real = include_str!("../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem").trim();
    let forged = include_str!("../tests/fixtures/chains/forged-device-ca/leaf.pem").trim();
    let mut csv = String::from("Serial,Certificate\n");
    for i in 0..7 {
        csv.push_str(&format!("C{i},\"{}\"\n", if i % 3 == 1 { forged } else { real }));
    }
    csv.push_str("C7,not a certificate\n");
    let at = Timestamp::parse("2026-11-29").expect("time"); // ok: test
    let store = TrustStore::builtin();
    let mut native = FleetJob::new(&csv, &Columns::default(), at).expect("fleet"); // ok: test
    while !native.step(3, &store) {}
    let mut rounds = FleetJob::with_signature_rounds(&csv, &Columns::default(), at).expect("fleet"); // ok: test
    let (mut asked, mut seen) = (0, std::collections::HashSet::new());
    loop {
        match rounds.step_round(3, &store) {
            Chunk::Done(true) => break,
            Chunk::Done(false) => {}
            Chunk::NeedsSignatures(checks) => {
                for c in &checks {
                    assert!(seen.insert(c.id.clone()), "asked twice: {:?}", c.id);
                }
                asked += checks.len();
                rounds.add_results(checks.iter().map(|c| (c.id.clone(), c.verify_native())).collect());
            }
        }
    }
    assert_eq!(rounds.report(), native.report());
    assert!(asked >= 4, "{asked} checks asked");
    assert_eq!(rounds.report().rows.iter().filter(|r| r.apple_device == crate::report::Word::Failed).count(), 2);
}

/// A shell that stops answering gets rows that say "not checked", never a verified device.
#[test]
fn a_chunk_whose_shell_stops_asking_is_not_verified() {
    let real = include_str!("../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem").trim();
    let csv = format!("Serial,Certificate\nC1,\"{real}\"\n");
    let at = Timestamp::parse("2026-11-29").expect("time"); // ok: test
    let mut job = FleetJob::with_signature_rounds(&csv, &Columns::default(), at).expect("fleet"); // ok: test
    assert!(matches!(job.step_round(10, &TrustStore::builtin()), Chunk::NeedsSignatures(_)));
    job.stop_asking();
    assert!(matches!(job.step_round(10, &TrustStore::builtin()), Chunk::Done(true)));
    let row = &job.report().rows[0];
    // Not checked, never failed (issue 19 item 0).
    assert_eq!(row.apple_device, crate::report::Word::NotChecked);
    assert!(row.reason.as_deref().unwrap_or_default().contains("stopped checking"), "{:?}", row.reason);
}

#[test]
fn one_expiry_rule_for_the_histogram_and_the_filters() {
    const DAY: i64 = 86_400;
    let at = Timestamp(1_000 * DAY);
    let row = |days: Option<i64>| FleetRow {
        row: 0,
        device: String::new(),
        name: None,
        sha256: None,
        not_after: None,
        not_after_ts: days.map(|d| Timestamp(at.0 + d * DAY)),
        apple_device: crate::report::Word::Ok,
        strict: crate::report::Word::Ok,
        reason: None,
    };
    let cases = [
        (Some(-1), Expiry::RejectedNow),
        (Some(0), Expiry::RejectedWithin30Days),
        (Some(29), Expiry::RejectedWithin30Days),
        (Some(30), Expiry::RejectedWithin90Days),
        (Some(89), Expiry::RejectedWithin90Days),
        (Some(90), Expiry::FineBeyond90Days),
        (None, Expiry::NoCertificate),
    ];
    for (days, want) in cases {
        assert_eq!(row(days).expiry(at), want, "{days:?}");
    }
    assert!(Expiry::RejectedWithin90Days.soon() && !Expiry::RejectedNow.soon() && !Expiry::FineBeyond90Days.soon());
    let t = parse_csv("serial,cert\n");
    let job = FleetJob {
        table: t,
        cert_col: 1,
        device_col: Some(0),
        name_col: None,
        next: 0,
        rows: cases.iter().map(|(d, _)| row(*d)).collect(),
        cache: SignatureCache::default(),
        at,
        decoded: Vec::new(),
        rounds: 0,
    };
    let h = job.report().histogram;
    assert_eq!((h.rejected_now, h.rejected_within_30_days, h.rejected_within_90_days, h.fine_beyond_90_days, h.no_certificate), (1, 2, 2, 1, 1));
    assert!(is_fleet_file(b"serial,certificate\nC02A,MII\n") && !is_fleet_file(b"\xff\xfe"));
}

#[test]
fn a_chunk_whose_shell_never_answers_stops_asking_after_the_bound() {
    let real = include_str!("../tests/fixtures/apple/leaf-device-apsd-2018-expired-sha1.pem").trim();
    let csv = format!("Serial,Certificate\nC1,\"{real}\"\n");
    let at = Timestamp::parse("2026-11-29").expect("time"); // ok: test
    let mut job = FleetJob::with_signature_rounds(&csv, &Columns::default(), at).expect("fleet"); // ok: test
    let store = TrustStore::builtin();
    let mut asked = 0;
    while let Chunk::NeedsSignatures(_) = job.step_round(10, &store) {
        asked += 1;
        assert!(asked <= crate::report::MAX_SLICE_ROUNDS, "the core must bound a chunk's rounds");
    }
    assert_eq!(asked, crate::report::MAX_SLICE_ROUNDS);
    let row = &job.report().rows[0];
    // Not checked, never failed (issue 19 item 0).
    assert_eq!(row.apple_device, crate::report::Word::NotChecked);
    assert!(row.reason.as_deref().unwrap_or_default().contains("stopped checking"), "{:?}", row.reason);
}
