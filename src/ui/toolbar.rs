//! Examples, and what to do with a report: copy it as Markdown, download the JSON, share a link.

use super::browser;
use certscope::input::Source;
use certscope::report::Report;
use certscope::share::{self, Shared};
use std::rc::Rc;
use yew::prelude::*;

const EXAMPLE_APSD: &str = include_str!("../../tests/fixtures/apple/sample-security-find-certificate-apsd-keychain.txt");
const EXAMPLE_PROFILE: &[u8] = include_bytes!("../../tests/fixtures/profiles/sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig");

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// Each fleet file's Markdown (counts and the devices that need attention), appended to the
    /// copied report.
    #[prop_or_default]
    pub fleet_markdown: Rc<Vec<String>>,
    /// Nothing to report on (no text, file or screenshot): only the examples show.
    pub empty: bool,
    /// What a share link of the page would carry, before the core redacts it (asked for only
    /// when the button is pressed).
    pub shared: Callback<(), Shared>,
    /// Replace the input with an example.
    pub on_example: Callback<Shared>,
    pub on_clear: Callback<()>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &Props) -> Html {
    let status = use_state(String::new);
    // What the last share link left out, one sentence each.
    let left_out = use_state(Vec::<String>::new);
    let example_apsd = props.on_example.reform(|_: MouseEvent| Shared::new(EXAMPLE_APSD, Vec::new()));
    let example_profile = props.on_example.reform(|_: MouseEvent| {
        Shared::new(String::new(), vec![Source::file("sectigo-rsa-ber-sha1-signer-expired-2024.mobileconfig", EXAMPLE_PROFILE.to_vec())])
    });
    let empty = props.empty;
    let copy_report = {
        let report = props.report.clone();
        let fleets = props.fleet_markdown.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let md = certscope::report::ticket_markdown(Some(&report), &fleets);
            if browser::copy_text(&md) {
                status.set("Report copied as Markdown: paste it into the ticket.".into());
            } else {
                status.set("This browser would not copy here: use Download JSON, or select the results and copy them.".into());
            }
        })
    };
    let download_json = {
        let report = props.report.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| match serde_json::to_vec_pretty(&*report) {
            Ok(json) => {
                browser::download("certscope-report.json", "application/json", &json);
                status.set("JSON downloaded (the same document as `certscope --json`).".into());
            }
            Err(e) => status.set(format!("Could not write the JSON: {e}")),
        })
    };
    // A link the clipboard refused, shown for the user to copy by hand.
    let manual_link = use_state(|| None::<String>);
    let share_link = {
        let shared = props.shared.clone();
        let status = status.clone();
        let left_out = left_out.clone();
        let manual_link = manual_link.clone();
        Callback::from(move |_: MouseEvent| {
            // The core decides what a link may carry: never private keys or other secrets, never
            // a fleet inventory, never more than a link can open.
            let shared = share::redact(&shared.emit(()));
            left_out.set(shared.left_out.iter().map(|l| l.describe()).collect());
            manual_link.set(None);
            let Some(address) = browser::address() else {
                return status.set("Could not make the link: the page's address is unreadable.".into());
            };
            // Copied, never written to the address bar (history and sync would keep it).
            let link = match share::link(&address, &shared) {
                Ok(link) => link,
                Err(too_large) => return status.set(too_large.to_string()),
            };
            let said = format!(
                "It contains {}.{} Everything after # stays in the browser: opening the link sends none of it to any server.",
                share::describe(&shared),
                match shared.left_out.len() {
                    0 => String::new(),
                    1 => " One part was left out (below).".to_string(),
                    n => format!(" {n} parts were left out (below)."),
                }
            );
            let (status, manual_link) = (status.clone(), manual_link.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if browser::copy_text_checked(&link).await {
                    status.set(format!("Link copied ({} characters). {said}", link.len()));
                } else {
                    status.set(format!("The browser did not let certscope copy the link ({} characters): copy it from the field below. {said}", link.len()));
                    manual_link.set(Some(link));
                }
            });
        })
    };
    let clear = {
        let on_clear = props.on_clear.clone();
        let status = status.clone();
        let left_out = left_out.clone();
        let manual_link = manual_link.clone();
        Callback::from(move |_: MouseEvent| {
            on_clear.emit(());
            browser::clear_fragment();
            status.set(String::new());
            left_out.set(Vec::new());
            manual_link.set(None);
        })
    };
    html! {
        <div class="toolbar">
            <span class="group" role="group" aria-label="Examples">
                <span class="muted">{ "Try an example: " }</span>
                <button type="button" id="example-apsd" onclick={example_apsd}>{ "Expired Mac device certificate" }</button>
                <button type="button" id="example-profile" onclick={example_profile}>{ "Signed profile" }</button>
            </span>
            if !empty {
                <span class="group" role="group" aria-label="Report">
                    <button type="button" id="copy-report" onclick={copy_report}>{ "Copy report" }</button>
                    <button type="button" id="download-json" onclick={download_json}>{ "Download JSON" }</button>
                    <button type="button" id="share-link" onclick={share_link}>{ "Share link" }</button>
                    <button type="button" id="clear" onclick={clear}>{ "Clear" }</button>
                </span>
            }
            <p id="toolbar-status" class="status" role="status">{ (*status).clone() }</p>
            if let Some(link) = (*manual_link).clone() {
                <label class="manual-link">{ "Share link: " }<input id="share-link-text" type="text" readonly=true value={link} /></label>
            }
            if !left_out.is_empty() {
                <div id="share-left-out" class="notice" role="note">
                    <p><strong>{ "Left out of the link:" }</strong>{ " certscope never puts private keys, PKCS#12 bundles, profiles holding secrets or fleet inventories (device names, serial numbers) in a share link." }</p>
                    <ul class="left-out">{ for left_out.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                </div>
            }
        </div>
    }
}
