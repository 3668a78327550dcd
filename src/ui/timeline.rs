//! A certificate's validity on a bar, with the evaluation time (and today, when another day)
//! marked.

use certscope::time::Timestamp;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub not_before: Timestamp,
    pub not_after: Timestamp,
    pub at: Timestamp,
    pub today: Timestamp,
}

/// not-before → not-after with the evaluation time marked; the part past expiry is hatched.
#[function_component(Timeline)]
pub fn timeline(p: &Props) -> Html {
    let start = p.not_before.0.min(p.at.0).min(p.today.0);
    let end = p.not_after.0.max(p.at.0).max(p.today.0);
    let span = (end - start).max(1) as f64;
    let pos = |t: i64| ((t - start) as f64 / span * 100.0).clamp(0.0, 100.0);
    let (vb, va, at, today) = (pos(p.not_before.0), pos(p.not_after.0), pos(p.at.0), pos(p.today.0));
    let same_day = (p.at.0 - p.today.0).abs() < 86_400;
    let state = if p.at < p.not_before {
        "not yet valid"
    } else if p.at > p.not_after {
        "expired"
    } else {
        "valid"
    };
    // SVG geometry attributes, not style attributes: the CSP allows no inline styles.
    html! {
        <div class="timeline" role="img" aria-label={format!("Valid {} to {}; at the evaluation time it is {state}", p.not_before.date(), p.not_after.date())}>
            <svg viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <rect class="tl-track" x="0" y="4" width="100" height="4" />
                <rect class="tl-valid" x={format!("{vb:.2}")} y="3" width={format!("{:.2}", (va - vb).max(0.5))} height="6" />
                if p.at > p.not_after {
                    <rect class="tl-expired" x={format!("{va:.2}")} y="3" width={format!("{:.2}", (at - va).max(0.5))} height="6" />
                }
                if !same_day {
                    <rect class="tl-today" x={format!("{:.2}", (today - 0.3).max(0.0))} y="1" width="0.6" height="10" />
                }
                <rect class="tl-marker" x={format!("{:.2}", (at - 0.4).max(0.0))} y="0" width="0.8" height="12" />
            </svg>
            <div class="tl-labels">
                // The bar's ends are the earliest and latest of the dates and times shown, not
                // always the validity: the validity is said in words, once.
                <span>{ format!("valid {} → {}", p.not_before.date(), p.not_after.date()) }</span>
                <span class="tl-state">{ format!("▮ evaluation time {}: {state}", p.at.date()) }
                    if !same_day { { format!(" · ▯ today {}", p.today.date()) } }
                </span>
            </div>
        </div>
    }
}
