//! Many certificates: a compact, sortable table (failures first, as the core orders them) whose
//! rows carry the cards' data attributes; a row's card is rendered only when it is opened, so a
//! thousand certificates paint as a thousand rows, not a thousand cards.

use super::cert_card::CertCard;
use certscope::report::{certificate_severity, CertificateItem, Word};
use certscope::time::Timestamp;
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// The certificates in the core's display order (worst first).
    pub certs: Rc<Vec<Rc<CertificateItem>>>,
    pub at: Timestamp,
    pub today: Timestamp,
}

impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.certs, &o.certs) && self.at == o.at && self.today == o.today
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Key {
    /// The core's order: failures first.
    Attention,
    Role,
    Subject,
    Issuer,
    Expiry,
    Apple,
    Strict,
    Macos,
}

/// `data-apple-device`, as on the card.
pub fn apple_attr(c: &CertificateItem) -> &'static str {
    c.verdicts.apple_device.word().as_str()
}

fn ok_attr(ok: bool) -> &'static str {
    Word::of(ok).as_str()
}

/// The issuer's common name, else its whole name.
fn issuer_name(c: &CertificateItem) -> String {
    c.issuer_attributes.iter().rev().find(|a| a.kind == "CN").map(|a| a.value.clone()).unwrap_or_else(|| c.issuer.clone())
}

fn verdict_cell(word: Word, why: Option<&str>) -> Html {
    let text = match word {
        Word::Ok => "OK",
        Word::Failed => "failed",
        Word::NotApplicable => "does not apply",
    };
    html! {
        <td class={classes!("verdict", word.token())} title={why.map(str::to_string)}>
            <span aria-hidden="true">{ format!("{} ", word.mark()) }</span>{ text }
        </td>
    }
}

#[function_component(CertTable)]
pub fn cert_table(props: &Props) -> Html {
    let sort = use_state(|| (Key::Attention, true));
    let open = use_state(HashSet::<usize>::new);
    let (key, asc) = *sort;
    let mut rows: Vec<usize> = (0..props.certs.len()).collect();
    if key != Key::Attention {
        let c = &props.certs;
        rows.sort_by(|&a, &b| {
            let (a, b) = (&c[a], &c[b]);
            match key {
                Key::Role => a.role_label.as_str().cmp(b.role_label.as_str()),
                Key::Subject => a.name.cmp(&b.name),
                Key::Issuer => issuer_name(a).cmp(&issuer_name(b)),
                Key::Expiry => a.not_after_ts.cmp(&b.not_after_ts),
                Key::Apple => a.verdicts.apple_device.word().cmp(&b.verdicts.apple_device.word()),
                Key::Strict => a.verdicts.strict.ok.cmp(&b.verdicts.strict.ok),
                Key::Macos => a.verdicts.macos.ok.cmp(&b.verdicts.macos.ok),
                Key::Attention => certificate_severity(a).cmp(&certificate_severity(b)),
            }
        });
    }
    if !asc {
        rows.reverse();
    }
    let header = |label: &'static str, k: Key| {
        let sort = sort.clone();
        let mark = if key == k { if asc { " ▲" } else { " ▼" } } else { "" };
        html! {
            <th scope="col" aria-sort={if key == k { if asc { "ascending" } else { "descending" } } else { "none" }}>
                <button type="button" class="sort" onclick={Callback::from(move |_: MouseEvent| sort.set((k, if key == k { !asc } else { true })))}>{ format!("{label}{mark}") }</button>
            </th>
        }
    };
    let failing = props.certs.iter().filter(|c| certificate_severity(c) == certscope::report::Severity::Failed).count();
    html! {
        <section class="card cert-table" id="cert-table" data-rows={props.certs.len().to_string()} aria-labelledby="cert-table-title">
            <h3 id="cert-table-title">{ format!("{} certificates", props.certs.len()) }</h3>
            <p class="meta">{ format!(
                "{failing} failing, listed first. Sort by any column; \"Show\" opens a certificate's card (chains, timeline, fingerprints, every field). ") }
                if key != Key::Attention {
                    <button type="button" class="small" id="cert-table-failures-first" onclick={
                        let sort = sort.clone();
                        Callback::from(move |_: MouseEvent| sort.set((Key::Attention, true)))
                    }>{ "Failures first again" }</button>
                }
            </p>
            <div class="table-wrap">
                <table class="certs">
                    <caption class="visually-hidden">{ "Certificates and their verdicts, failures first" }</caption>
                    <thead><tr>
                        { header("Role", Key::Role) }
                        { header("Subject", Key::Subject) }
                        { header("Issuer", Key::Issuer) }
                        { header("Expires", Key::Expiry) }
                        { header("Apple rule", Key::Apple) }
                        { header("Strict", Key::Strict) }
                        { header("macOS", Key::Macos) }
                        <th scope="col">{ "Card" }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.into_iter().map(|i| {
                            let c = &props.certs[i];
                            let is_open = open.contains(&i);
                            let toggle = {
                                let open = open.clone();
                                Callback::from(move |_: MouseEvent| {
                                    let mut set = (*open).clone();
                                    if !set.remove(&i) {
                                        set.insert(i);
                                    }
                                    open.set(set);
                                })
                            };
                            let severity = certificate_severity(c).as_str();
                            html! {
                                <key={format!("r{i}")}>
                                <tr class={classes!("cert-row", severity)} data-kind="certificate" data-sha256={c.sha256.clone()}
                                    data-apple-device={apple_attr(c)} data-strict={ok_attr(c.verdicts.strict.ok)} data-severity={severity}>
                                    <td>{ c.role_label.as_str() }</td>
                                    <td class="subject" title={c.subject.clone()}>{ c.name.clone() }</td>
                                    <td title={c.issuer.clone()}>{ issuer_name(c) }</td>
                                    <td>{ c.not_after_ts.date() }</td>
                                    { verdict_cell(c.verdicts.apple_device.word(), c.verdicts.apple_device.reasons.first().map(String::as_str)) }
                                    { verdict_cell(c.verdicts.strict.word(), c.verdicts.strict.headline.as_deref()) }
                                    { verdict_cell(c.verdicts.macos.word(), c.verdicts.macos.headline.as_deref()) }
                                    <td><button type="button" class="small open-card" aria-expanded={is_open.to_string()}
                                        aria-label={format!("{} the card of {}", if is_open { "Hide" } else { "Show" }, c.name)} onclick={toggle}>
                                        { if is_open { "Hide" } else { "Show" } }</button></td>
                                </tr>
                                if is_open {
                                    <tr class="card-row"><td colspan="8">
                                        <CertCard item={c.clone()} at={props.at} today={props.today} />
                                    </td></tr>
                                }
                                </>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}
