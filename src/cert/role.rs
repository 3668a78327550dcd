//! What a certificate is for.

use serde::Serialize;

/// What a certificate is for. An Apple role is given only where the chain up to Apple's pinned
/// keys verified (decided in `trust::evaluate`, where the chain is known); names alone never
/// make a certificate Apple's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    AppleDeviceIdentity,
    AppleCa,
    MdmPush,
    DeviceAttestation,
    DeveloperIdApplication,
    DeveloperIdInstaller,
    AppleDevelopment,
    AppleDistribution,
    Root,
    IntermediateCa,
    Leaf,
}

impl Role {
    /// The role as the JSON writes it (`role`) and the page's cards carry it (`data-role`).
    pub fn code(self) -> &'static str {
        match self {
            Role::AppleDeviceIdentity => "apple-device-identity",
            Role::AppleCa => "apple-ca",
            Role::MdmPush => "mdm-push",
            Role::DeviceAttestation => "device-attestation",
            Role::DeveloperIdApplication => "developer-id-application",
            Role::DeveloperIdInstaller => "developer-id-installer",
            Role::AppleDevelopment => "apple-development",
            Role::AppleDistribution => "apple-distribution",
            Role::Root => "root",
            Role::IntermediateCa => "intermediate-ca",
            Role::Leaf => "leaf",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::AppleDeviceIdentity => "Apple device identity",
            Role::AppleCa => "Apple CA",
            Role::MdmPush => "MDM push certificate (APNs)",
            Role::DeviceAttestation => "Managed Device Attestation",
            Role::DeveloperIdApplication => "Developer ID Application",
            Role::DeveloperIdInstaller => "Developer ID Installer",
            Role::AppleDevelopment => "Apple Development",
            Role::AppleDistribution => "Apple Distribution",
            Role::Root => "root",
            Role::IntermediateCa => "intermediate CA",
            Role::Leaf => "leaf",
        }
    }
}
