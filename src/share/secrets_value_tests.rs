//! A secret-named key's value is cut whatever its type (a dictionary, an array of them, data,
//! a binary plist's UID, an element no plist has) and however its key or value is spelt
//! (character references, CDATA, comments), in a profile that parses, one after mail, one that
//! does not parse, one in a `<data>` field, a signed one and a binary one (seen failing against
//! the previous code: every dictionary form, the CDATA and unknown-element values, and every
//! form inside data or in binary).

use super::*;
use base64::Engine;

const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>\n";
const TAIL: &str = "<key>PayloadType</key><string>Configuration</string>\n</dict></plist>\n";

/// Each form, with the secret that must not be kept.
const FORMS: [(&str, &str, &str); 17] = [
    ("dictionary", "<key>Password</key><dict><key>value</key><string>hunter2</string></dict>", "hunter2"),
    ("nested dictionary", "<key>Password</key><dict><key>a</key><dict><key>b</key><integer>7391824</integer></dict></dict>", "7391824"),
    ("array of dictionaries", "<key>Password</key><array><dict><key>v</key><string>hunter2</string></dict></array>", "hunter2"),
    ("secret as a dictionary's key", "<key>Tokens</key><dict><key>hunter2</key><true/></dict>", "hunter2"),
    ("data", "<key>Password</key><data>aHVudGVyMg==</data>", "aHVudGVyMg"),
    ("hex reference in the key", "<key>&#x50;assword</key><string>hunter2</string>", "hunter2"),
    ("decimal references in the key", "<key>&#80;ass&#x77;&#111;rd</key><dict><key>v</key><string>hunter2</string></dict>", "hunter2"),
    ("CDATA key", "<key><![CDATA[Password]]></key><dict><key>v</key><string>hunter2</string></dict>", "hunter2"),
    ("end tag in a comment in the key", "<key>Pass<!-- </key> -->word</key><string>hunter2</string>", "hunter2"),
    ("end tag in CDATA in the key", "<key><![CDATA[x</key>]]>Password</key><string>hunter2</string>", "hunter2"),
    ("CDATA string", "<key>Password</key><string><![CDATA[hunter2]]></string>", "hunter2"),
    ("policy dictionary", "<key>PasswordPolicy</key><dict><key>minLength</key><integer>7391824</integer></dict>", "7391824"),
    // Not property lists (a damaged paste): only the text scan sees them.
    ("CDATA value", "<key>Password</key><![CDATA[hunter2]]>", "hunter2"),
    ("unknown element", "<key>Password</key><secret>hunter2</secret>", "hunter2"),
    ("processing instruction before the value", "<key>Password</key><?pi x?><string>hunter2</string>", "hunter2"),
    ("entity a DOCTYPE may define", "<key>&pw;</key><string>hunter2</string>", "hunter2"),
    ("misspelt element", "<key>Password</key><strin>hunter2</strin>", "hunter2"),
];

fn pastes(value: &str) -> Vec<(&'static str, String)> {
    let profile = format!("{HEAD}{value}\n{TAIL}");
    let broken = format!("{HEAD}<key>a</key><string>&</string>\n{value}\n{TAIL}");
    vec![("as it is", profile.clone()), ("after mail", format!("From: Jo\n\nHi,\n{profile}")), ("does not parse", broken)]
}

#[test]
fn a_secret_keys_value_of_any_type_is_cut() {
    let mut kept = Vec::new();
    for (form, value, secret) in FORMS {
        for (how, paste) in pastes(value) {
            let s = split(&paste, &[]);
            let f = split("", &[Source::file("p.mobileconfig", paste.clone().into_bytes())]);
            if s.text.contains(secret) || s.left_out.is_empty() || f.files.iter().any(|f| String::from_utf8_lossy(&f.bytes).contains(secret)) {
                kept.push(format!("{form}, {how}"));
            }
        }
    }
    assert!(kept.is_empty(), "kept: {kept:#?}");
    // Switches and empty values carry nothing: they stay.
    for keep in ["<key>allowPasswordSharing</key><false/>", "<key>Password</key><string/>", "<key>Password</key><dict/>", "<key>Password</key><array></array>"]
    {
        let s = split(&format!("From: Jo\n\n{HEAD}{keep}\n{TAIL}"), &[]);
        assert!(s.left_out.is_empty() && s.text.contains(keep), "{keep}: {:?}", s.left_out);
    }
}

/// The same forms inside an MDM command's `<data>` (a profile base64-encoded in a plist), and
/// in binary property lists, where no text scan stands behind the parsed walk.
#[test]
fn a_secret_keys_value_of_any_type_is_cut_inside_data_and_binary_plists() {
    let mut kept = Vec::new();
    for (form, value, secret) in FORMS.iter().take(12) {
        let inner = format!("{HEAD}{value}\n{TAIL}");
        let b64 = base64::engine::general_purpose::STANDARD.encode(&inner);
        let command = format!("{HEAD}<key>Command</key><dict><key>Payload</key><data>{b64}</data></dict>\n{TAIL}");
        for (how, paste) in pastes(&format!("<key>Command</key><dict><key>Payload</key><data>{b64}</data></dict>")).into_iter().chain([("command", command)]) {
            let s = split(&paste, &[]);
            if s.text.contains(&b64[..40]) || s.left_out.is_empty() {
                kept.push(format!("{form} in data, {how}"));
            }
        }
        // Signed (the content cannot be cut, so it is left out whole).
        let signed = crate::cms::tests::signed_data(&crate::cms::tests::tlv(0x04, inner.as_bytes()), &[], &[]);
        let s = split("", &[Source::file("p.mobileconfig", signed)]);
        if !s.files.is_empty() || s.left_out.is_empty() || !s.left_out.iter().all(|l| l.signed) {
            kept.push(format!("{form}, signed"));
        }
        // Binary: the plist crate reads CDATA as nothing, so those have no secret-named key to
        // carry into binary form.
        if value.contains("CDATA") {
            continue;
        }
        let value = crate::profile::read_value(inner.as_bytes()).unwrap_or(plist::Value::Boolean(false));
        let mut binary = Vec::new();
        assert!(value.to_writer_binary(&mut binary).is_ok());
        let s = split("", &[Source::file("p.plist", binary.clone())]);
        if !s.files.is_empty() || s.left_out.is_empty() {
            kept.push(format!("{form}, binary (secret {secret})"));
        }
    }
    assert!(kept.is_empty(), "kept: {kept:#?}");
    // A binary plist's UID under a secret key (an NSKeyedArchiver reference) is a value too.
    let mut d = plist::Dictionary::new();
    d.insert("Password".into(), plist::Value::Uid(plist::Uid::new(7391824)));
    let mut binary = Vec::new();
    assert!(plist::Value::Dictionary(d).to_writer_binary(&mut binary).is_ok());
    assert_eq!(plist_secrets(&binary), vec![Secret::Password]);
}
