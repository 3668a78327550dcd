//! Help-desk mode: the one command to ask a user for, and what to do with the answer.

use super::browser;
use certscope::report::APSD_COMMAND;
use yew::prelude::*;

/// The command to ask a user for, with its Copy button: in the help-desk panel, or in a
/// diagnosis that asks for the certificate (then the panel is not shown: one box on the page).
#[function_component(Command)]
pub fn command() -> Html {
    let copied = use_state(|| false);
    let copy = {
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            browser::copy_text(APSD_COMMAND);
            copied.set(true);
        })
    };
    html! {
        <div class="command">
            <code id="apsd-command">{ APSD_COMMAND }</code>
            <button type="button" class="copy" onclick={copy} aria-label="Copy the command">{ if *copied { "Copied" } else { "Copy" } }</button>
        </div>
    }
}

/// Whether a diagnosis gives the command (a line of its own): it then shows the command box.
pub fn gives_the_command(d: &certscope::report::Diagnosis) -> bool {
    d.text.lines().any(|l| l == APSD_COMMAND)
}

#[function_component(Helpdesk)]
pub fn helpdesk() -> Html {
    html! {
        <section class="helpdesk" aria-labelledby="helpdesk-title">
            <h2 id="helpdesk-title">{ "Ask the user to run this" }</h2>
            <p>{ "On the Mac, open Terminal (Applications › Utilities), paste this line and press Return. It copies the Mac's device certificate; nothing secret is included." }</p>
            <Command />
            <p>{ "Then ask them to paste the result into the ticket or chat, and paste it here: certscope tells you whether the certificate is genuine, whether it has expired, and what an MDM server that checks dates will do." }</p>
        </section>
    }
}
