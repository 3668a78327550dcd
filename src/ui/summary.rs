//! The one-sentence headline and the diagnosis, announced to screen readers.

use certscope::report::Report;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
    /// "On 1 June 2019" when the report is not for now: the verdict is prefixed with it and
    /// loses its green or red, so it never reads as today's.
    #[prop_or_default]
    pub as_of: Option<AttrValue>,
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    let r = &props.report;
    let code = r.diagnosis.as_ref().map(|d| d.code).unwrap_or("");
    let prefix = props.as_of.as_ref().map(|a| format!("{a}: ")).unwrap_or_default();
    html! {
        <section id="summary" class="summary" aria-live="polite"
            data-diagnosis={code} data-elapsed-ms={format!("{:.2}", r.elapsed_ms)}>
            <p class="headline">{ format!("{prefix}{}", r.summary) }</p>
            if let Some(d) = &r.diagnosis {
                <div class={classes!("diagnosis", code.to_string(), props.as_of.is_some().then_some("then"))}>
                    <h2>{ format!("{prefix}{}", d.title) }</h2>
                    { for d.text.lines().map(|l| html! { <p>{ l.to_string() }</p> }) }
                </div>
            }
            <p class="meta">{ format!("Evaluated at {} · {} signature checks · {:.1} ms", r.evaluated_at, r.signatures_verified, r.elapsed_ms) }</p>
        </section>
    }
}
