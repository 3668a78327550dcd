//! One plain-words diagnosis per report, and the one-sentence summary.

use super::{CertificateItem, Item, ProblemItem};
use crate::cert::Role;
use crate::time::Timestamp;
use crate::trust::ReasonCode;
use serde::Serialize;

/// The command that gets the device identity certificate from a Mac.
pub const APSD_COMMAND: &str = "security find-certificate -a -p -Z /Library/Keychains/apsd.keychain | pbcopy";

crate::wire::wire_enum! {
    /// The stable code of a diagnosis (JSON `code`; the page's `data-diagnosis`).
    pub enum DiagnosisCode {
        AppleDeviceForged = "apple-device-forged",
        /// Signatures that decide the verdict could not be checked (no WebCrypto, an
        /// algorithm the browser or the build lacks, the work budget spent): nothing decided.
        SignaturesNotChecked = "signatures-not-checked",
        AppleDeviceExpired403 = "apple-device-expired-403",
        AppleDeviceOk = "apple-device-ok",
        AppleDeviceStrictFailed = "apple-device-strict-failed",
        ScreenshotAppleDeviceExpired = "screenshot-apple-device-expired",
        ScreenshotAppleDevice = "screenshot-apple-device",
        Enrollment403 = "enrollment-403",
        ProfileVerified = "profile-verified",
        ProfileUnverified = "profile-unverified",
        ProfileUnsigned = "profile-unsigned",
        BrokenSignature = "broken-signature",
        NotADeviceIdentity = "not-a-device-identity",
        MdmPushExpired = "mdm-push-expired",
        MdmPushExpiring = "mdm-push-expiring",
        MdmPushOk = "mdm-push-ok",
        DeviceAttestation = "device-attestation",
        DeveloperIdExpired = "developer-id-expired",
        DeveloperIdInstaller = "developer-id-installer",
        DeveloperIdApplication = "developer-id-application",
        KeyDoesNotMatch = "key-does-not-match",
        PushTopicChanged = "push-topic-changed",
        PushRenewed = "push-renewed",
        VendorCertificateNotPush = "vendor-certificate-not-push",
    }
}

/// What is going on, in plain words, with a stable code for scripts and tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    pub code: DiagnosisCode,
    pub title: String,
    pub text: String,
}

impl Diagnosis {
    /// How much it needs attention: the colour the shells give it. An expired device
    /// certificate that Apple's rule accepts is a warning (it works on Macs, a date-checking
    /// server rejects it), never an error.
    pub fn severity(&self) -> super::Severity {
        use super::Severity::{Failed, Info, Ok, Warning};
        match self.code {
            DiagnosisCode::AppleDeviceForged
            | DiagnosisCode::AppleDeviceStrictFailed
            | DiagnosisCode::BrokenSignature
            | DiagnosisCode::MdmPushExpired
            | DiagnosisCode::KeyDoesNotMatch
            | DiagnosisCode::PushTopicChanged => Failed,
            DiagnosisCode::AppleDeviceExpired403
            | DiagnosisCode::ScreenshotAppleDeviceExpired
            | DiagnosisCode::Enrollment403
            | DiagnosisCode::ProfileUnverified
            | DiagnosisCode::ProfileUnsigned
            | DiagnosisCode::MdmPushExpiring
            | DiagnosisCode::VendorCertificateNotPush
            | DiagnosisCode::DeveloperIdExpired
            | DiagnosisCode::SignaturesNotChecked => Warning,
            DiagnosisCode::AppleDeviceOk
            | DiagnosisCode::ProfileVerified
            | DiagnosisCode::MdmPushOk
            | DiagnosisCode::DeveloperIdApplication
            | DiagnosisCode::DeveloperIdInstaller
            | DiagnosisCode::PushRenewed => Ok,
            _ => Info,
        }
    }
}

/// Every certificate item, including those inside signed data and profile payloads.
fn all_certs<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<&'a CertificateItem> {
    items.into_iter().flat_map(Item::certificates).collect()
}

fn device_certs<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<&'a CertificateItem> {
    all_certs(items).into_iter().filter(|c| c.verdicts.apple_device.applies).collect()
}

/// The admin's options for a genuine device certificate a date-checking server rejects, least
/// disruptive first: fix the server, enroll by hand, and erase the Mac only after both.
const OPTIONS_403: &str = "What the MDM admin can do, least disruptive first:\n\
1. Ask your MDM vendor to follow Apple's rule: ignore the validity dates of device certificates issued by Apple iPhone Device CA, while still checking every signature.\n\
2. Enroll the Mac manually (user-initiated enrollment) instead of through Automated Device Enrollment.\n\
3. Re-enroll the Mac by erasing it and going through Setup Assistant (Apple's supported path): it gets a new device certificate.\n\
4. Deleting /Library/Keychains/apsd.keychain and restarting makes macOS create a new certificate and works, but Apple advises against it: iCloud and other Apple services rely on that identity.";

/// The one line for the person reading a 403 diagnosis (a help desk): who acts, and what not to do.
const NEXT_STEP_403: &str = "Send this report to your MDM admin; do not erase the Mac.";

/// The diagnosis for the report, most important first; `None` when nothing applies.
pub fn diagnose(items: &[Item], at: Timestamp) -> Option<Diagnosis> {
    diagnose_in(&items.iter().collect::<Vec<_>>(), &Around::new(items), at)
}

/// What one input's diagnosis needs to know of the others, gathered once per report: the signed
/// profiles (an unsigned profile that is the content of a detached signature given beside it
/// speaks through that signature; looked up by identifier and UUID first, so many profiles are
/// not compared pairwise) and whether any input holds a device certificate (error text then
/// does not ask for one: the certificate's own diagnosis explains it).
pub struct Around<'a> {
    signed_profiles: std::collections::HashMap<(Option<&'a str>, Option<&'a str>), Vec<&'a crate::profile::Profile>>,
    any_device: bool,
}

impl<'a> Around<'a> {
    pub fn new(all: &'a [Item]) -> Self {
        let mut signed_profiles: std::collections::HashMap<(Option<&str>, Option<&str>), Vec<&crate::profile::Profile>> = std::collections::HashMap::new();
        for i in all {
            if let Item::SignedData(s) = i {
                if let Some(sp) = &s.profile {
                    signed_profiles.entry((sp.profile.identifier.as_deref(), sp.profile.uuid.as_deref())).or_default().push(&sp.profile);
                }
            }
        }
        Around { signed_profiles, any_device: !device_certs(all).is_empty() }
    }

    fn signed_content(&self, p: &super::ProfileItem) -> bool {
        let q = &p.profile.profile;
        self.signed_profiles.get(&(q.identifier.as_deref(), q.uuid.as_deref())).is_some_and(|same| same.contains(&q))
    }
}

/// The diagnosis for some of the report's items (one input's), knowing the others ([`Around`]).
pub fn diagnose_in(items: &[&Item], around: &Around, at: Timestamp) -> Option<Diagnosis> {
    let signed_content = |p: &super::ProfileItem| around.signed_content(p);
    // Such a profile's certificates are the signature's too: it says nothing on its own.
    let items: Vec<&Item> = items.iter().copied().filter(|i| !matches!(i, Item::Profile(p) if signed_content(p))).collect();
    let items = items.as_slice();
    let devices = device_certs(items.iter().copied());
    let no_device_anywhere = devices.is_empty() && !around.any_device;
    let shot = items.iter().find_map(|i| match i {
        Item::Screenshot(s) => Some(s.as_ref()),
        _ => None,
    });
    let error_text = no_device_anywhere && items.iter().any(|i| matches!(i, Item::Note(n) if n.kind == super::NoteKind::ErrorText));
    if let Some(c) = devices.iter().find(|c| !c.verdicts.apple_device.ok && !c.verdicts.apple_device.not_checked) {
        return Some(Diagnosis { code: DiagnosisCode::AppleDeviceForged, title: "Not a genuine Apple device certificate".into(), text: forged_text(c) });
    }
    if let Some(c) = devices.iter().find(|c| c.verdicts.apple_device.not_checked) {
        return Some(not_checked(c));
    }
    if let Some(c) = devices.iter().find(|c| c.verdicts.strict.fails_only_on_dates()) {
        let expired = c.verdicts.strict.headline.clone().unwrap_or_default();
        return Some(Diagnosis {
            code: DiagnosisCode::AppleDeviceExpired403,
            title: "Expired, but fine by Apple's rule: a date-checking MDM server answers 403".into(),
            text: format!(
                "{NEXT_STEP_403}\nThis Mac's device identity certificate is genuine (every signature up to Apple Root CA verifies) and Apple's rule ignores its dates, so Apple's devices and Apple's specification accept it. A server that checks dates rejects the enrollment: {expired}. \
In that case Jamf Pro, for example, logs FAILED_SIGNATURE_CHECK after \"Unable to validate issuer … CertPathBuilderException\", and the Mac shows \"The MDM server for your organization returned an unexpected status (403)\".\n{OPTIONS_403}"
            ),
        });
    }
    if !devices.is_empty() && devices.iter().all(|c| c.verdicts.strict.ok) {
        return Some(Diagnosis {
            code: DiagnosisCode::AppleDeviceOk,
            title: "Genuine and within its dates".into(),
            text: "This Mac's device identity certificate passes Apple's rule and a strict date check anchored at Apple iPhone Device CA, the anchor Apple's documentation gives MDM servers: a server set up that way accepts it. A server anchored at Apple Root CA instead may reject it (the strict check's notes say when). If enrollment still fails, look there first, then elsewhere (network, MDM configuration, the device record).".into(),
        });
    }
    if let Some(c) = devices.first() {
        return Some(Diagnosis {
            code: DiagnosisCode::AppleDeviceStrictFailed,
            title: "Genuine, but a strict check fails for another reason".into(),
            text: format!("Apple's rule accepts \"{}\", but a strict check fails: {}", c.name, c.verdicts.strict.headline.clone().unwrap_or_default()),
        });
    }
    if let Some(s) = shot.filter(|_| no_device_anywhere) {
        let f = &s.findings;
        if let (true, Some(exp)) = (f.names_apple_device_ca(), f.expires) {
            let expired = exp < at;
            return Some(Diagnosis {
                code: if expired { DiagnosisCode::ScreenshotAppleDeviceExpired } else { DiagnosisCode::ScreenshotAppleDevice },
                title: format!(
                    "From a screenshot — confirm with the certificate: an Apple device certificate that {} on {}",
                    if expired { "expired" } else { "expires" },
                    exp.date()
                ),
                text: format!(
                    "The screenshot shows a certificate issued by Apple iPhone Device CA{}, {} on {}. If it is genuine, Apple's rule accepts it whatever its dates, while an MDM server that checks dates {} the enrollment with \"returned an unexpected status (403)\". A screenshot proves nothing about signatures: ask the user to run this in Terminal and send the result, then paste it here:\n{APSD_COMMAND}\nOnly if the certificate confirms it (genuine, and expired), these are the options:\n{OPTIONS_403}",
                    f.subject.as_ref().map(|s| format!(" to {s}")).unwrap_or_default(),
                    if expired { "which expired" } else { "which expires" },
                    exp.date(),
                    if expired { "rejects" } else { "will reject" }
                ),
            });
        }
    }
    if error_text || shot.is_some_and(|s| no_device_anywhere && !s.findings.errors.is_empty()) {
        return Some(Diagnosis {
            code: DiagnosisCode::Enrollment403,
            title: "An enrollment rejected by the MDM server".into(),
            text: format!(
                "First get the certificate: ask the user to run this in Terminal and send you the result, then paste it here:\n{APSD_COMMAND}\nThis error often means the MDM server checked the validity dates of the Mac's device certificate (issued by Apple iPhone Device CA, valid for about a year) and rejected it, although Apple's rule ignores those dates. Only once the certificate confirms that (an expired but genuine device certificate) does certscope list what you can do; do not erase or re-enroll the Mac before then."
            ),
        });
    }
    // Profiles: what macOS would show, for the one that needs attention most (a failed
    // signature, then Unverified, Unsigned, Verified; the first among equals).
    let rank = |l: super::MacosLabel| match l {
        super::MacosLabel::Unverified => 0,
        super::MacosLabel::Unsigned => 1,
        super::MacosLabel::NotChecked => 2,
        super::MacosLabel::Verified => 3,
    };
    let label = items
        .iter()
        .filter_map(|i| match i {
            Item::SignedData(s) => Some((s.macos_label, s.macos_label_reason.clone(), s.macos_label_at_signing.clone(), super::item_severity(i))),
            Item::Profile(p) => Some((p.macos_label, p.macos_label_reason.clone(), None, super::item_severity(i))),
            _ => None,
        })
        .min_by_key(|(l, _, _, severity)| (*severity, rank(*l)))
        .map(|(l, reason, then, _)| (l, reason, then));
    if let Some((label, reason, then)) = label {
        let word = label.word();
        return Some(Diagnosis {
            code: match label {
                super::MacosLabel::Verified => DiagnosisCode::ProfileVerified,
                super::MacosLabel::Unverified => DiagnosisCode::ProfileUnverified,
                super::MacosLabel::Unsigned => DiagnosisCode::ProfileUnsigned,
                super::MacosLabel::NotChecked => DiagnosisCode::SignaturesNotChecked,
            },
            title: match label {
                super::MacosLabel::NotChecked => "certscope could not check this profile's signature: what macOS would show is not known".into(),
                _ => format!("macOS would show this as {word}"),
            },
            text: match then {
                Some(then) => format!("{}. It {then}.", capitalize(&reason)),
                None => format!("{}.", capitalize(&reason)),
            },
        });
    }
    let certs = all_certs(items.iter().copied());
    if certs.is_empty() {
        return None;
    }
    if let Some(d) = diagnose_kinds(&certs, at) {
        return Some(d);
    }
    if let Some(c) = certs.iter().find(|c| c.verdicts.strict.not_checked || c.verdicts.macos.not_checked) {
        return Some(not_checked(c));
    }
    let apple_named = certs.iter().any(|c| c.issuer.contains("Apple"));
    let bad_sig = certs.iter().find(|c| c.verdicts.strict.reason_codes.contains(&ReasonCode::BadSignature));
    if let Some(c) = bad_sig {
        return Some(Diagnosis {
            code: DiagnosisCode::BrokenSignature,
            title: "A signature does not verify".into(),
            text: format!("\"{}\" is not signed by the certificate its issuer name points to: it was changed, damaged or forged.", c.name),
        });
    }
    // Another input holds the device identity: this one's CAs are its chain, not a missing piece.
    if around.any_device {
        return None;
    }
    Some(Diagnosis {
        code: DiagnosisCode::NotADeviceIdentity,
        title: "No Mac device identity here".into(),
        text: if apple_named {
            "None of these certificates is a Mac's device identity (a leaf issued by Apple iPhone Device CA). For the MDM enrollment problem, get the one from the Mac's apsd keychain:\n".to_string() + APSD_COMMAND
        } else {
            "None of these certificates is from Apple's device PKI; the strict verdict on each card says whether it is valid at the evaluation time."
                .to_string()
        },
    })
}

/// How many days before an MDM push certificate's end certscope starts warning.
pub const PUSH_WARN_DAYS: i64 = 30;

/// The diagnosis for Apple's other kinds, most urgent first: an MDM push certificate (it
/// decides whether the whole fleet can be reached), then Managed Device Attestation, then
/// Developer ID. Roles are given only up to Apple's pinned keys (`trust::evaluate`), so a
/// look-alike never reaches these.
fn diagnose_kinds(certs: &[&CertificateItem], at: Timestamp) -> Option<Diagnosis> {
    let with = |role: Role| certs.iter().find(|c| c.role == role).copied();
    if let Some(c) = with(Role::MdmPush) {
        return Some(mdm_push(c, at));
    }
    if let Some(c) = with(Role::DeviceAttestation) {
        return Some(attestation(c, at));
    }
    if let Some(c) = with(Role::DeveloperIdApplication).or_else(|| with(Role::DeveloperIdInstaller)) {
        return Some(developer_id(c, at));
    }
    None
}

fn fact<'a>(c: &'a CertificateItem, name: &str) -> Option<&'a str> {
    c.facts.iter().find(|f| f.name == name).map(|f| f.value.as_str())
}

/// Renewing keeps the topic; anything else changes it (Apple Push Certificates Portal).
const PUSH_RENEW: &str = "Renew it in Apple's Push Certificates Portal (identity.apple.com): sign in with the same Apple ID that created it, choose Renew on this same certificate (check that the topic matches), and upload the renewed certificate to your MDM server. A renewal keeps the APNs topic, so enrolled devices notice nothing.";
const PUSH_LAPSE: &str = "If it lapses, or a new certificate replaces it instead of a renewal (another Apple ID, or \"Create a Certificate\"), the topic changes: the MDM server can no longer wake the devices enrolled under the old topic, and every enrolled device has to enroll again.";

/// The MDM push certificate: renew the same certificate with the same Apple ID, in time.
fn mdm_push(c: &CertificateItem, at: Timestamp) -> Diagnosis {
    let days = super::days_left(&c.cert, at);
    let end = c.cert.not_after.date();
    let topic = fact(c, "APNs topic").map(|t| format!(" (topic {t})")).unwrap_or_default();
    if days < 0 {
        // Whole days since the end, the card's count too.
        let ago = match super::facts::days_since_end(&c.cert, at) {
            0 => "less than a day ago".to_string(),
            1 => "1 day ago".to_string(),
            n => format!("{n} days ago"),
        };
        return Diagnosis {
            code: DiagnosisCode::MdmPushExpired,
            title: format!("MDM push certificate expired {ago}, on {end}: renew it now"),
            text: format!(
                "This is the Apple Push Notification service certificate your MDM server uses to wake enrolled devices{topic}. It expired on {end}: Apple's push service refuses it, so devices no longer receive commands, profiles or app installs.\n\
Renew this same certificate now, with the same Apple ID; do not create a new one. {PUSH_RENEW}\n{PUSH_LAPSE}"
            ),
        };
    }
    if days <= PUSH_WARN_DAYS {
        return Diagnosis {
            code: DiagnosisCode::MdmPushExpiring,
            title: format!("MDM push certificate expires in {days} day{} ({end}): renew it now", if days == 1 { "" } else { "s" }),
            text: format!(
                "This is the Apple Push Notification service certificate your MDM server uses to wake enrolled devices{topic}. It ends on {end}, {days} day{} after the evaluation time.\n{PUSH_RENEW}\n{PUSH_LAPSE}",
                if days == 1 { "" } else { "s" }
            ),
        };
    }
    Diagnosis {
        code: DiagnosisCode::MdmPushOk,
        title: format!("MDM push certificate valid for {days} more days (until {end})"),
        text: format!(
            "This is the Apple Push Notification service certificate your MDM server uses to wake enrolled devices{topic}. It is Apple's (every signature verifies up to Apple's key) and valid until {end}. Put a reminder about {PUSH_WARN_DAYS} days before that date.\n{PUSH_RENEW}\n{PUSH_LAPSE}"
        ),
    }
}

/// Managed Device Attestation: what Apple's attestation proves, and what it does not.
fn attestation(c: &CertificateItem, at: Timestamp) -> Diagnosis {
    let issued = c.cert.not_before.date();
    let said: Vec<String> =
        ["Serial number", "UDID", "OS version", "sepOS version", "SIP", "Secure Boot"].iter().filter_map(|n| fact(c, n).map(|v| format!("{n} {v}"))).collect();
    let identity = if fact(c, "Serial number").is_none() && fact(c, "UDID").is_none() {
        " It carries no serial number or UDID: Apple leaves them out for a user enrollment, so it does not identify the device."
    } else {
        ""
    };
    let freshness = match fact(c, "Freshness code") {
        Some(code) => format!("Its freshness code is {code}: compare it with the nonce (DeviceAttestationNonce, or the ACME challenge's) your server sent. A different code means the device returned a cached attestation, not an answer to your request."),
        None => "It carries no freshness code: nothing ties it to a request of yours, so it may be an older, cached attestation.".to_string(),
    };
    let expired = if c.cert.not_after < at { format!(" The certificate itself ended on {}.", c.cert.not_after.date()) } else { String::new() };
    Diagnosis {
        code: DiagnosisCode::DeviceAttestation,
        title: "Managed Device Attestation: what Apple vouches for, and what it does not".into(),
        text: format!(
            "Apple's Enterprise Attestation PKI issued this certificate on {issued}, after the device's Secure Enclave proved it is a genuine Apple device holding this certificate's key.{identity}\n\
What it proves: at issuance, Apple's attestation servers vouched for the properties it carries{} — the device's identity and state as Apple attested them then, not as the device reports them.\n{freshness}\n\
What it does not prove: that the device is still in that state or still compliant now (the properties describe the moment of issuance; ask for a fresh attestation with a new nonce), who is using the device (it says nothing about the user), or that the device is enrolled in your MDM.{expired}",
            if said.is_empty() { String::new() } else { format!(" ({})", said.join(", ")) }
        ),
    }
}

/// Developer ID Application / Installer: what it is for, what macOS shows, what expiry means.
fn developer_id(c: &CertificateItem, at: Timestamp) -> Diagnosis {
    let team = match (fact(c, "Team name"), fact(c, "Team ID")) {
        (Some(n), Some(id)) => format!("{n} (Team ID {id})"),
        (None, Some(id)) => format!("Team ID {id}"),
        (Some(n), None) => n.to_string(),
        (None, None) => "its developer".to_string(),
    };
    let installer = c.role == Role::DeveloperIdInstaller;
    let (what, shows) = if installer {
        (
            "signs installer packages (.pkg) distributed outside the Mac App Store",
            "Installer shows the signer's name behind the lock in its window's title bar, and Gatekeeper lets the package open when the signature (and Apple's notarization) checks out",
        )
    } else {
        (
            "signs apps, plug-ins, disk images and command-line tools distributed outside the Mac App Store",
            "Gatekeeper checks the signature and Apple's notarization when a user first opens the software; macOS then names the developer and, for notarized software, says Apple checked it for malicious software",
        )
    };
    let end = c.cert.not_after.date();
    let expired = c.cert.not_after < at;
    let expiry = if expired {
        format!("It expired on {end}: nothing new can be signed with it, so the team needs a new Developer ID certificate for updates. Software signed while it was valid, with a secure timestamp, keeps opening; installer packages signed without a timestamp stop installing. Apple revoking it would stop everything signed with it.")
    } else {
        format!("It is valid until {end}. After that date nothing new can be signed with it; software signed before, with a secure timestamp, keeps opening (older installer packages signed without a timestamp stop installing). Apple revoking it would stop everything signed with it.")
    };
    Diagnosis {
        code: if expired {
            DiagnosisCode::DeveloperIdExpired
        } else if installer {
            DiagnosisCode::DeveloperIdInstaller
        } else {
            DiagnosisCode::DeveloperIdApplication
        },
        title: format!("{} certificate of {team}{}", c.role_label, if expired { ", expired" } else { "" }),
        text: format!(
            "This Developer ID {} certificate, issued by Apple to {team}, {what}. {shows}.\n{expiry}",
            if installer { "Installer" } else { "Application" }
        ),
    }
}

/// A certificate whose verdict rests on signatures that were not checked: nothing is decided,
/// and the reason says why and what to do.
fn not_checked(c: &CertificateItem) -> Diagnosis {
    let v = &c.verdicts;
    let why = [&v.apple_device.reasons[..], &v.strict.reasons[..], &v.macos.reasons[..]].concat().into_iter().next().unwrap_or_default();
    Diagnosis {
        code: DiagnosisCode::SignaturesNotChecked,
        title: "Signatures not checked: no verdict".into(),
        text: format!(
            "The signatures of \"{}\" could not be checked, so certscope cannot say whether it is genuine or valid: it is neither accepted nor rejected. {}.",
            c.name,
            capitalize(&why)
        ),
    }
}

/// Why a certificate naming Apple iPhone Device CA fails Apple's rule, each fact said once: the
/// leaf's own signature (Apple's rule pushes that reason first), then any other reason.
fn forged_text(c: &CertificateItem) -> String {
    let a = &c.verdicts.apple_device;
    let unsigned = c.apple_chain.first().is_some_and(|l| l.signature_ok == Some(false) && !l.signature_not_checked);
    let others: Vec<String> = a.reasons.iter().skip(usize::from(unsigned)).map(|r| capitalize(r)).collect();
    let mut text = if unsigned {
        format!(
            "\"{}\" names Apple iPhone Device CA as its issuer, but Apple's key did not sign it. It is forged or damaged: neither Apple's devices nor any MDM server should accept it.",
            c.name
        )
    } else {
        format!(
            "\"{}\" names Apple iPhone Device CA as its issuer, but does not meet Apple's rule: neither Apple's devices nor any MDM server should accept it.",
            c.name
        )
    };
    for o in others {
        text.push_str(&format!(" {o}."));
    }
    text
}

/// A reason (written as a fragment, to follow "…: ") as the start of a sentence.
pub fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One sentence for the top of the page.
pub fn summary(items: &[Item], problems: &[ProblemItem], d: Option<&Diagnosis>) -> String {
    let certs = all_certs(items).len();
    let mut s = match certs {
        0 => "No certificate".to_string(),
        1 => "1 certificate".to_string(),
        n => format!("{n} certificates"),
    };
    // The device identity that needs attention most decides: both verdicts in one line.
    if let Some(c) = device_certs(items).into_iter().min_by_key(|c| super::certificate_severity(c)) {
        let a = &c.verdicts.apple_device;
        let st = &c.verdicts.strict;
        let word = |ok: bool, not_checked: bool| {
            if ok {
                "ok"
            } else if not_checked {
                "not checked"
            } else {
                "failed"
            }
        };
        s.push_str(&format!(
            ". Apple rule: {} · strict: {}",
            if a.ok {
                "ok (dates ignored)".to_string()
            } else {
                format!("{} — {}", word(a.ok, a.not_checked), a.reasons.first().cloned().unwrap_or_default())
            },
            if st.ok { "ok".to_string() } else { format!("{} — {}", word(st.ok, st.not_checked), st.headline.clone().unwrap_or_default()) }
        ));
    } else if let Some(d) = d {
        s.push_str(": ");
        s.push_str(&d.title);
    }
    if let Some(local) = super::local_trust::summary_note(all_certs(items)) {
        s.push_str(" · ");
        s.push_str(&local);
    }
    if !problems.is_empty() {
        s.push_str(&format!(" ({} problem{})", problems.len(), if problems.len() == 1 { "" } else { "s" }));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use crate::input::Source;
    use crate::time::Timestamp;
    use crate::trust::TrustStore;

    #[test]
    fn a_bare_403_asks_for_the_certificate_before_any_remedy() {
        let text = "The MDM server for your organization returned an unexpected status (403).";
        let r = crate::analyze(&[Source::text("pasted text", text)], &TrustStore::builtin(), Timestamp(1_800_000_000));
        let d = r.diagnosis.expect("diagnosis"); // ok: test
        assert_eq!(d.code, super::DiagnosisCode::Enrollment403);
        assert!(d.text.starts_with("First get the certificate"), "{}", d.text);
        assert!(!d.text.contains("erasing it"), "no remedy before a certificate confirms the cause: {}", d.text);
    }

    fn fixture(rel: &str) -> Vec<u8> {
        std::fs::read(format!("{}/tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{rel}: {e}"))
        // ok: test
    }

    /// Issue 15 §4: the colour matches the meaning.
    #[test]
    fn expired_but_accepted_by_apples_rule_is_a_warning_and_forged_an_error() {
        use crate::report::Severity;
        let at = Timestamp::parse("2026-11-29").expect("time"); // ok: test
        let device = crate::analyze(&[Source::file("d.pem", fixture("apple/leaf-device-apsd-2018-expired-sha1.pem"))], &TrustStore::builtin(), at);
        let d = device.diagnosis.expect("diagnosis"); // ok: test
        assert_eq!((d.code, d.severity()), (super::DiagnosisCode::AppleDeviceExpired403, Severity::Warning));
        assert_eq!(device.summary_lines[0].severity, Severity::Warning, "the summary line agrees");
        let forged = crate::analyze(&[Source::file("f.pem", fixture("chains/forged-device-ca/leaf.pem"))], &TrustStore::builtin(), at);
        let d = forged.diagnosis.expect("diagnosis"); // ok: test
        assert_eq!((d.code, d.severity()), (super::DiagnosisCode::AppleDeviceForged, Severity::Failed));
        let then = Timestamp::parse("2019-06-01").expect("time"); // ok: test
        let ok = crate::analyze(&[Source::file("d.pem", fixture("apple/leaf-device-apsd-2018-expired-sha1.pem"))], &TrustStore::builtin(), then);
        let d = ok.diagnosis.expect("diagnosis"); // ok: test
        assert_eq!((d.code, d.severity()), (super::DiagnosisCode::AppleDeviceOk, Severity::Ok));
    }
}
