//! What a certificate is for.

crate::wire::wire_enum! {
    /// What a certificate is for. An Apple role is given only where the chain up to Apple's pinned
    /// keys verified (decided in `trust::evaluate`, where the chain is known); names alone never
    /// make a certificate Apple's.
    pub enum Role {
        AppleDeviceIdentity = "apple-device-identity",
        AppleCa = "apple-ca",
        MdmPush = "mdm-push",
        MdmVendor = "mdm-vendor",
        DeviceAttestation = "device-attestation",
        DeveloperIdApplication = "developer-id-application",
        DeveloperIdInstaller = "developer-id-installer",
        AppleDevelopment = "apple-development",
        AppleDistribution = "apple-distribution",
        Root = "root",
        IntermediateCa = "intermediate-ca",
        Leaf = "leaf",
    }
}

impl Role {
    /// The role as the JSON writes it (`role`) and the page's cards carry it (`data-role`).
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::AppleDeviceIdentity => "Apple device identity",
            Role::AppleCa => "Apple CA",
            Role::MdmPush => "MDM push certificate (APNs)",
            Role::MdmVendor => "MDM vendor certificate",
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
