//! The one-sentence headline and the diagnosis, announced to screen readers.

use certscope::report::Report;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Rc<Report>,
}

#[function_component(Summary)]
pub fn summary(props: &Props) -> Html {
    let r = &props.report;
    let code = r.diagnosis.as_ref().map(|d| d.code).unwrap_or("");
    html! {
        <section id="summary" class="summary" aria-live="polite"
            data-diagnosis={code} data-elapsed-ms={format!("{:.2}", r.elapsed_ms)}>
            <p class="headline">{ r.summary.clone() }</p>
            if let Some(d) = &r.diagnosis {
                <div class={classes!("diagnosis", code.to_string())}>
                    <h2>{ d.title.clone() }</h2>
                    { for d.text.lines().map(|l| html! { <p>{ l.to_string() }</p> }) }
                </div>
            }
            <p class="meta">{ format!("Evaluated at {} · {} signature checks · {:.1} ms", r.evaluated_at, r.signatures_verified, r.elapsed_ms) }</p>
        </section>
    }
}
