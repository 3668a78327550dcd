//! Configuration profiles (.mobileconfig) and device requests: property lists, XML or binary.
//!
//! A profile is a dictionary with `PayloadType = Configuration` and a `PayloadContent` array of
//! payload dictionaries (Apple's "Configuration Profile Reference"). A device request
//! (MachineInfo, OTA enrollment) is a flat dictionary with UDID, SERIAL, PRODUCT, VERSION…

use serde::Serialize;
use std::fmt;
use std::io::Cursor;

/// Why bytes are not a readable property list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlistError(pub String);

impl fmt::Display for PlistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the property list does not parse ({})", self.0)
    }
}

impl std::error::Error for PlistError {}

/// One payload of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Payload {
    #[serde(rename = "type")]
    pub kind: String,
    /// What the payload type means, in words.
    pub friendly: String,
    pub identifier: Option<String>,
    pub display_name: Option<String>,
    /// What deserves a second look ("installs a trusted root certificate", …).
    pub flags: Vec<String>,
    /// The raw data of a root/pkcs1/pem payload (DER, or PEM text), for `input` to decode.
    #[serde(skip)]
    pub certificate_data: Option<Vec<u8>>,
    /// Certificates carried by root/pkcs1/pem payloads, decoded once by `input` (this module
    /// does not read certificates itself: `input` uses `profile`, never the other way round).
    #[serde(skip)]
    pub certificates: Vec<crate::cert::Certificate>,
    /// The server an MDM (`ServerURL`), SCEP (`PayloadContent` → `URL`) or ACME
    /// (`DirectoryURL`) payload names: the TLS server its certificates are checked for
    /// (`verdicts.tls`, `trust::tls::server_name_of_url`).
    #[serde(skip)]
    pub server_url: Option<String>,
}

/// A configuration profile's top level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Profile {
    pub display_name: Option<String>,
    pub identifier: Option<String>,
    pub organization: Option<String>,
    pub uuid: Option<String>,
    pub description: Option<String>,
    pub scope: Option<String>,
    pub removal_disallowed: Option<bool>,
    pub removal_date: Option<String>,
    pub duration_until_removal: Option<f64>,
    pub consent_text: Option<String>,
    pub payloads: Vec<Payload>,
    pub flags: Vec<String>,
}

impl Profile {
    /// The TLS server the profile names: its MDM payload's, else its SCEP's, else its ACME's.
    pub fn server_url(&self) -> Option<&str> {
        ["com.apple.mdm", "com.apple.security.scep", "com.apple.security.acme"]
            .iter()
            .find_map(|k| self.payloads.iter().filter(|p| p.kind == *k).find_map(|p| p.server_url.as_deref()))
    }
}

/// What a property list turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Plist {
    Profile(Box<Profile>),
    /// A device request's fields, in order (UDID, SERIAL, PRODUCT, VERSION, …).
    DeviceRequest(Vec<(String, String)>),
    /// Some other property list (its top-level keys).
    Other(Vec<String>),
}

/// True when the bytes are a property list: binary (`bplist00`) or XML (`<?xml` / `<!DOCTYPE`
/// / `<plist` first, after a byte-order mark or white space, with `<plist` in the head).
pub fn looks_like_plist(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"bplist00") {
        return true;
    }
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = &start[start.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
    let head = &start[..start.len().min(512)];
    head.first() == Some(&b'<') && head.windows(6).any(|w| w == b"<plist")
}

/// Friendly names of payload types (Apple's Configuration Profile Reference).
pub fn payload_name(kind: &str) -> &'static str {
    match kind {
        "com.apple.mdm" => "MDM enrollment",
        "com.apple.security.root" => "Root certificate (trusted)",
        "com.apple.security.pkcs1" => "Certificate (DER)",
        "com.apple.security.pem" => "Certificate (PEM)",
        "com.apple.security.pkcs12" => "Identity (PKCS#12, with private key)",
        "com.apple.security.scep" => "SCEP certificate enrollment",
        "com.apple.security.acme" => "ACME certificate enrollment",
        "com.apple.dnsSettings.managed" => "Encrypted DNS",
        "com.apple.wifi.managed" => "Wi-Fi",
        "com.apple.vpn.managed" => "VPN",
        "com.apple.vpn.managed.applayer" => "Per-app VPN",
        "com.apple.firstactiveethernet.managed" | "com.apple.globalethernet.managed" => "Ethernet (802.1X)",
        "com.apple.webcontent-filter" => "Web content filter",
        "com.apple.proxy.http.global" => "Global HTTP proxy",
        "com.apple.mail.managed" => "Mail account",
        "com.apple.eas.account" => "Exchange ActiveSync",
        "com.apple.ldap.account" => "LDAP account",
        "com.apple.caldav.account" => "CalDAV account",
        "com.apple.carddav.account" => "CardDAV account",
        "com.apple.applicationaccess" => "Restrictions",
        "com.apple.mobiledevice.passwordpolicy" => "Passcode policy",
        "com.apple.extensiblesso" => "Single sign-on extension",
        "com.apple.system-extension-policy" => "System extensions",
        "com.apple.syspolicy.kernel-extension-policy" => "Kernel extensions",
        "com.apple.TCC.configuration-profile-policy" => "Privacy preferences (PPPC)",
        "com.apple.ManagedClient.preferences" => "Custom preferences",
        "com.apple.MCX.FileVault2" => "FileVault",
        "com.apple.security.firewall" => "Firewall",
        "com.apple.notificationsettings" => "Notifications",
        "com.apple.loginwindow" => "Login window",
        "com.apple.webClip.managed" => "Web clip",
        "com.apple.font" => "Font",
        "com.apple.airplay" => "AirPlay",
        "com.apple.airprint" => "AirPrint",
        "Configuration" => "Configuration",
        _ => "Other payload",
    }
}

fn text(v: &plist::Value) -> Option<String> {
    match v {
        plist::Value::String(s) => Some(s.clone()),
        plist::Value::Boolean(b) => Some(b.to_string()),
        plist::Value::Integer(i) => Some(i.to_string()),
        plist::Value::Real(r) => Some(r.to_string()),
        plist::Value::Date(d) => Some(d.to_xml_format()),
        plist::Value::Data(d) => Some(format!("({} bytes)", d.len())),
        _ => None,
    }
}

fn string(d: &plist::Dictionary, key: &str) -> Option<String> {
    d.get(key).and_then(plist::Value::as_string).map(str::to_string)
}

/// The data of a root/pkcs1/pem payload: the certificate as DER, or PEM text.
fn certificate_data(kind: &str, d: &plist::Dictionary) -> Option<Vec<u8>> {
    let data = d.get("PayloadContent").and_then(plist::Value::as_data)?;
    matches!(kind, "com.apple.security.root" | "com.apple.security.pkcs1" | "com.apple.security.pem").then(|| data.to_vec())
}

fn payload(d: &plist::Dictionary) -> Payload {
    let kind = string(d, "PayloadType").unwrap_or_else(|| "(no PayloadType)".into());
    let mut flags = Vec::new();
    match kind.as_str() {
        "com.apple.security.root" => flags.push("installs a trusted root certificate: every certificate it issues will be trusted".to_string()),
        "com.apple.mdm" => flags.push("enrolls the device in MDM: the server can manage it remotely".to_string()),
        "com.apple.security.pkcs12" => flags.push("installs a private key and certificate (identity)".to_string()),
        "com.apple.proxy.http.global" | "com.apple.webcontent-filter" => flags.push("can see or redirect web traffic".to_string()),
        _ => {}
    }
    Payload {
        friendly: payload_name(&kind).to_string(),
        certificate_data: certificate_data(&kind, d),
        certificates: Vec::new(),
        server_url: match kind.as_str() {
            "com.apple.mdm" => string(d, "ServerURL"),
            "com.apple.security.scep" => d.get("PayloadContent").and_then(plist::Value::as_dictionary).and_then(|c| string(c, "URL")),
            "com.apple.security.acme" => string(d, "DirectoryURL"),
            _ => None,
        },
        kind,
        identifier: string(d, "PayloadIdentifier"),
        display_name: string(d, "PayloadDisplayName"),
        flags,
    }
}

/// Property lists nest at most this deep (a profile's custom preferences, the deepest Apple
/// documents, nest about a dozen levels). Dropping a `plist::Value` recurses once per level, so
/// a deeper one could overflow the stack; it is refused before it is built.
pub const MAX_DEPTH: usize = 64;

/// Refuses, before anything is built, a property list nested deeper than [`MAX_DEPTH`], or a
/// binary one whose objects refer to each other so often that it expands to more values than
/// it has bytes (each reference is read again: 40 arrays each holding the next one twice make
/// 2^40 values). One pass over the parser's events, which keeps no value.
fn check_shape(bytes: &[u8]) -> Result<(), PlistError> {
    use plist::stream::Event;
    let most = bytes.len().saturating_add(1024);
    let mut depth = 0usize;
    for (n, event) in plist::stream::Reader::new(Cursor::new(bytes)).enumerate() {
        if n > most {
            return Err(PlistError(format!("it expands to more than {most} values: its objects refer to each other over and over")));
        }
        match event.map_err(|e| PlistError(e.to_string()))? {
            Event::StartArray(_) | Event::StartDictionary(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(PlistError(format!("it nests deeper than {MAX_DEPTH} levels")));
                }
            }
            Event::EndCollection => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A property list's value, once its shape is known to be bounded ([`check_shape`]): what
/// every reader of property lists in the core uses.
pub fn read_value(bytes: &[u8]) -> Result<plist::Value, PlistError> {
    check_shape(bytes)?;
    plist::Value::from_reader(Cursor::new(bytes)).map_err(|e| PlistError(e.to_string()))
}

/// Parses a property list (XML or binary) and says what it is.
pub fn parse(bytes: &[u8]) -> Result<Plist, PlistError> {
    let value = read_value(bytes)?;
    let Some(top) = value.as_dictionary() else { return Ok(Plist::Other(Vec::new())) };
    if top.contains_key("PayloadContent") || string(top, "PayloadType").as_deref() == Some("Configuration") {
        let payloads: Vec<Payload> = top
            .get("PayloadContent")
            .and_then(plist::Value::as_array)
            .map(|a| a.iter().filter_map(plist::Value::as_dictionary).map(payload).collect())
            .unwrap_or_default();
        let removal_disallowed = top.get("PayloadRemovalDisallowed").and_then(plist::Value::as_boolean);
        let mut flags = Vec::new();
        if removal_disallowed == Some(true) {
            flags.push("the user cannot remove this profile".to_string());
        }
        return Ok(Plist::Profile(Box::new(Profile {
            display_name: string(top, "PayloadDisplayName"),
            identifier: string(top, "PayloadIdentifier"),
            organization: string(top, "PayloadOrganization"),
            uuid: string(top, "PayloadUUID"),
            description: string(top, "PayloadDescription"),
            scope: string(top, "PayloadScope"),
            removal_disallowed,
            removal_date: top.get("RemovalDate").and_then(text),
            duration_until_removal: top.get("DurationUntilRemoval").and_then(|v| v.as_real().or_else(|| v.as_signed_integer().map(|i| i as f64))),
            consent_text: top.get("ConsentText").and_then(|v| match v {
                plist::Value::Dictionary(d) => d.get("default").or_else(|| d.values().next()).and_then(text),
                other => text(other),
            }),
            payloads,
            flags,
        })));
    }
    const DEVICE_KEYS: &[&str] = &["UDID", "SERIAL", "PRODUCT", "VERSION", "IMEI", "MEID", "LANGUAGE", "DEVICE_NAME", "MachineInfo"];
    if DEVICE_KEYS.iter().any(|k| top.contains_key(k)) {
        let fields = top.iter().filter_map(|(k, v)| text(v).map(|t| (k.clone(), t))).collect();
        return Ok(Plist::DeviceRequest(fields));
    }
    Ok(Plist::Other(top.keys().cloned().collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>PayloadContent</key><array><dict>
<key>PayloadType</key><string>com.apple.mdm</string>
<key>PayloadIdentifier</key><string>com.example.mdm</string>
<key>PayloadDisplayName</key><string>MDM</string>
</dict></array>
<key>PayloadDisplayName</key><string>Example enrollment</string>
<key>PayloadIdentifier</key><string>com.example.enroll</string>
<key>PayloadRemovalDisallowed</key><true/>
<key>PayloadType</key><string>Configuration</string>
</dict></plist>"#;

    #[test]
    fn reads_a_profile_with_flags() {
        assert!(looks_like_plist(PROFILE.as_bytes()));
        let Ok(Plist::Profile(p)) = parse(PROFILE.as_bytes()) else { panic!("not a profile") };
        assert_eq!(p.display_name.as_deref(), Some("Example enrollment"));
        assert_eq!(p.removal_disallowed, Some(true));
        assert_eq!(p.payloads[0].friendly, "MDM enrollment");
        assert!(!p.payloads[0].flags.is_empty());
        assert!(!p.flags.is_empty());
    }

    #[test]
    fn reads_a_device_request() {
        let xml = "<plist version=\"1.0\"><dict><key>UDID</key><string>0000-1</string><key>SERIAL</key><string>C02XX</string></dict></plist>";
        assert_eq!(parse(xml.as_bytes()), Ok(Plist::DeviceRequest(vec![("UDID".into(), "0000-1".into()), ("SERIAL".into(), "C02XX".into())])));
    }

    #[test]
    fn nesting_is_bounded() {
        let nest = |n: usize| format!("<plist version=\"1.0\">{}<true/>{}</plist>", "<array>".repeat(n), "</array>".repeat(n));
        assert!(parse(nest(MAX_DEPTH).as_bytes()).is_ok());
        let deeper = parse(nest(MAX_DEPTH + 1).as_bytes());
        assert!(deeper.as_ref().is_err_and(|e| e.0.contains("nests deeper")), "{deeper:?}");
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(parse(b"<plist><dict><key>").is_err());
        assert!(parse(b"bplist00garbage").is_err());
    }
}
