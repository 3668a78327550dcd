//! The "Server name" field: the MDM, SCEP or ACME server the certificates are for. With a name,
//! each leaf card also shows what a Mac says of it as that server's TLS certificate
//! (`verdicts.tls`, `data-tls`); a profile's own MDM/SCEP/ACME URL names the server for the
//! certificates that came with it.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub value: AttrValue,
    pub on_input: Callback<String>,
}

#[function_component(ServerNameField)]
pub fn server_name_field(props: &Props) -> Html {
    let oninput = {
        let cb = props.on_input.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                cb.emit(input.value());
            }
        })
    };
    let typed = props.value.trim();
    let unreadable = !typed.is_empty() && certscope::trust::PeerName::parse(typed).is_none();
    html! {
        <div class="server-name-row">
            <label for="server-name">{ "Server name " }<span class="muted">{ "(optional: your MDM, SCEP or ACME server)" }</span></label>
            <input id="server-name" type="text" inputmode="url" autocomplete="off" autocapitalize="off" spellcheck="false"
                placeholder="mdm.example.com" value={props.value.clone()} {oninput}
                aria-describedby="server-name-help" aria-invalid={unreadable.then_some("true")} />
            <p id="server-name-help" class="hint">{
                if unreadable {
                    "Not a server name: type a host name (an internationalised one in its xn-- form) or an IP address."
                } else {
                    "Each server certificate then also gets what a Mac says of it as that server's (TLS: the name, serverAuth, Apple's key, hash and validity limits). With a name, the Public Suffix List (90 KB) is loaded from this site, to judge wildcard certificates."
                }
            }</p>
        </div>
    }
}
