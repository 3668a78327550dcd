//! Words an agent may not know, explained once: on hover and keyboard focus of the chips (their
//! `title`), and in a small glossary at the foot of the page (`#glossary`).

use yew::prelude::*;

/// (term, explanation), in the order the page uses them.
pub const TERMS: &[(&str, &str)] = &[
    ("Apple rule", "What Apple's own code checks for a device certificate: every signature up to Apple's root, with the dates ignored."),
    ("Strict", "A standards check (RFC 5280) at the chosen time, as a server that checks dates does: every signature, every date, every rule on how a certificate must be made."),
    ("macOS", "What a Mac's own trust check would say: a root the Mac trusts, every signature, the dates, and the rules Apple enforces."),
    ("Anchor (root)", "The certificate a chain ends at and that is trusted as it is; everything below it is trusted because its signatures lead there."),
    ("Built-in", "Supplied by certscope rather than by what you pasted: Apple's pinned certificates and Mozilla's list of public roots."),
    ("Trusted key", "A public key certscope trusts (Apple's are pinned by their hash, never recognised by name): a signature made with it proves who issued a certificate."),
    ("BER / DER", "Two ways of writing the same binary data; Apple's tools write BER for signed profiles, certificates use DER. Both are read."),
    ("Local trust", "A root you chose to trust for this tab only: it counts here, is never stored and never travels in a share link."),
    ("Push certificate renewal", "Before uploading a new MDM push certificate, drop the old one and the new one here (with its key or .p12 and the password): the same topic is a renewal; a different topic is a replacement that cuts every enrolled device off — renew instead at the Apple Push Certificates Portal with the Apple Account that made the old one. A key that is not the certificate's is named too, and so is the MDM vendor certificate (\"MDM Vendor: …\", which only signs requests) given in the push certificate's place. A vendor-signed request (the .plist or its base64) is checked before you upload it: the vendor's signature over your CSR, the vendor certificate's expiry, its chain to Apple's keys and Apple's MDM vendor marker."),
];

/// The explanation of `term`, for a `title` attribute.
pub fn explain(term: &str) -> &'static str {
    TERMS.iter().find(|(t, _)| *t == term).map(|(_, e)| *e).unwrap_or_default()
}

#[function_component(Glossary)]
pub fn glossary() -> Html {
    html! {
        <details id="glossary" class="glossary">
            <summary>{ "Words used on this page" }</summary>
            <dl>
                { for TERMS.iter().map(|(t, e)| html! { <><dt>{ *t }</dt><dd>{ *e }</dd></> }) }
            </dl>
        </details>
    }
}
