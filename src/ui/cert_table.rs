//! Many certificates: a compact, sortable table (failures first, as the core orders them) whose
//! rows carry the cards' data attributes; a row's card is rendered only when it is opened, so a
//! thousand certificates paint as a thousand rows, not a thousand cards.
//!
//! Built for a thousand rows: each row's markup is written once per evaluation (escaped) and
//! handed to the browser's HTML parser in blocks of [`BLOCK`] rows, not built node by node; the
//! table is a grid of `div`s with ARIA table roles (CSS containment does not apply to a table's
//! rows), each block `content-visibility: auto`, so the browser lays out only the blocks on
//! screen. One click listener on the table opens and closes cards (`data-row` on the button).

use super::cert_card::CertCard;
use certscope::report::{certificate_severity, CertificateItem, Item, Report, Severity, Word};
use certscope::time::Timestamp;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Rows per block: the unit of layout containment and of re-rendering when a card opens.
const BLOCK: usize = 50;

/// The table's certificates: items of one evaluation's report, in the core's display order
/// (worst first); shared with the report, never copied. Compares by identity.
#[derive(Clone)]
pub struct Certs {
    report: Rc<Report>,
    /// Indices into the report's items, each a certificate.
    items: Rc<Vec<usize>>,
}

impl PartialEq for Certs {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.report, &o.report) && Rc::ptr_eq(&self.items, &o.items)
    }
}

impl Certs {
    /// The certificates among `items` (indices into the report's items), in that order.
    pub fn new(report: Rc<Report>, items: impl IntoIterator<Item = usize>) -> Self {
        let items = items.into_iter().filter(|&i| matches!(report.items.get(i), Some(Item::Certificate(_)))).collect();
        Certs { report, items: Rc::new(items) }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The `n`th certificate.
    fn get(&self, n: usize) -> Option<&CertificateItem> {
        match self.report.items.get(*self.items.get(n)?)? {
            Item::Certificate(c) => Some(c),
            _ => None,
        }
    }

    /// (n, certificate) in order.
    fn iter(&self) -> impl Iterator<Item = (usize, &CertificateItem)> {
        (0..self.len()).filter_map(|n| self.get(n).map(|c| (n, c)))
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub certs: Certs,
    pub at: Timestamp,
    pub today: Timestamp,
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

/// The issuer's common name, else its whole name.
fn issuer_name(c: &CertificateItem) -> &str {
    c.issuer_attributes.iter().rev().find(|a| a.kind == "CN").map(|a| a.value.as_str()).unwrap_or(c.issuer.as_str())
}

/// `s` as HTML text or attribute value (certificate names are the sender's words: escaped).
fn escape(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

fn verdict_cell(out: &mut String, word: Word, why: Option<&str>) {
    let text = match word {
        Word::Ok => "OK",
        Word::Failed => "failed",
        Word::NotApplicable => "does not apply",
        Word::NotChecked => "not checked",
    };
    let _ = write!(out, "<span role=\"cell\" class=\"verdict {}\"", word.token());
    if let Some(why) = why {
        out.push_str(" title=\"");
        escape(out, why);
        out.push('"');
    }
    // The mark (✓ ✗ –) is the stylesheet's (`::before`, hidden from screen readers): three
    // elements fewer per row.
    let _ = write!(out, ">{text}</span>");
}

/// Row `i`'s markup, its card open or not.
fn row_html(out: &mut String, i: usize, c: &CertificateItem, open: bool) {
    let severity = certificate_severity(c).as_str();
    let _ = write!(
        out,
        "<div role=\"row\" class=\"cert-row {severity}\" data-kind=\"certificate\" data-sha256=\"{}\" data-apple-device=\"{}\" data-strict=\"{}\" data-severity=\"{severity}\">",
        c.sha256,
        apple_attr(c),
        c.verdicts.strict.word().as_str()
    );
    let _ = write!(out, "<span role=\"cell\">{}</span><span role=\"cell\" class=\"subject\" title=\"", c.role_label.as_str());
    escape(out, &c.subject);
    out.push_str("\">");
    escape(out, &c.name);
    out.push_str("</span><span role=\"cell\" title=\"");
    escape(out, &c.issuer);
    out.push_str("\">");
    escape(out, issuer_name(c));
    let _ = write!(out, "</span><span role=\"cell\">{}</span>", c.not_after_ts.date());
    verdict_cell(out, c.verdicts.apple_device.word(), c.verdicts.apple_device.reasons.first().map(String::as_str));
    verdict_cell(out, c.verdicts.strict.word(), c.verdicts.strict.headline.as_deref());
    verdict_cell(out, c.verdicts.macos.word(), c.verdicts.macos.headline.as_deref());
    let word = if open { "Hide" } else { "Show" };
    let _ = write!(
        out,
        "<span role=\"cell\"><button type=\"button\" class=\"small open-card\" data-row=\"{i}\" aria-expanded=\"{open}\" aria-label=\"{word} the card of "
    );
    escape(out, &c.name);
    let _ = write!(out, "\">{word}</button></span></div>");
}

/// Every row's markup with its card closed, by certificate index: written once per evaluation.
fn row_markup(certs: &Certs) -> Vec<String> {
    certs
        .iter()
        .map(|(i, cert)| {
            let mut s = String::with_capacity(1024);
            row_html(&mut s, i, cert, false);
            s
        })
        .collect()
}

/// The rows in one order.
struct Rows {
    /// Certificate indices in display order.
    order: Vec<usize>,
    /// Each block's markup with every card closed.
    blocks: Vec<AttrValue>,
}

/// The memo key of an order: this evaluation's certificates and their markup (by identity),
/// sorted by `key`.
#[derive(PartialEq)]
struct Order {
    certs: Certs,
    markup: SameMarkup,
    key: Key,
    asc: bool,
}

struct SameMarkup(Rc<Vec<String>>);

impl PartialEq for SameMarkup {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

fn rows(o: &Order) -> Rows {
    let c: Vec<&CertificateItem> = o.certs.iter().map(|(_, c)| c).collect();
    let mut order: Vec<usize> = (0..c.len()).collect();
    if o.key != Key::Attention {
        certscope::sort::sort_by(&mut order, |&a, &b| {
            let (a, b) = (c[a], c[b]);
            match o.key {
                Key::Role => a.role_label.as_str().cmp(b.role_label.as_str()),
                Key::Subject => a.name.cmp(&b.name),
                Key::Issuer => issuer_name(a).cmp(issuer_name(b)),
                Key::Expiry => a.not_after_ts.cmp(&b.not_after_ts),
                Key::Apple => a.verdicts.apple_device.word().cmp(&b.verdicts.apple_device.word()),
                Key::Strict => a.verdicts.strict.ok.cmp(&b.verdicts.strict.ok),
                Key::Macos => a.verdicts.macos.ok.cmp(&b.verdicts.macos.ok),
                Key::Attention => certificate_severity(a).cmp(&certificate_severity(b)),
            }
        });
    }
    if !o.asc {
        order.reverse();
    }
    let markup = &o.markup.0;
    let blocks: Vec<AttrValue> =
        order.chunks(BLOCK).map(|b| AttrValue::from(b.iter().filter_map(|&i| markup.get(i).map(String::as_str)).collect::<String>())).collect();
    // The blocks this order renders are the markup the page admits (earlier orders' are not).
    trusted_markup(None);
    blocks.iter().for_each(|b| trusted_markup(Some(b)));
    Rows { order, blocks }
}

/// Admits `markup` to the page's Trusted Types policy (static/boot.js), or with `None` forgets
/// what was admitted: the only HTML a string may put in the page is markup this table wrote, its
/// cells escaped by [`row_html`]. Yew hands raw HTML to `innerHTML` as a string, which the policy
/// checks against this set.
fn trusted_markup(markup: Option<&str>) {
    let Some(set) = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &wasm_bindgen::JsValue::from_str("certscopeTableMarkup")).ok())
        .and_then(|v| v.dyn_into::<js_sys::Set>().ok())
    else {
        return;
    };
    match markup {
        Some(m) => {
            set.add(&wasm_bindgen::JsValue::from_str(m));
        }
        None => set.clear(),
    }
}

#[function_component(CertTable)]
pub fn cert_table(props: &Props) -> Html {
    let sort = use_state(|| (Key::Attention, true));
    // The open cards, each with its item (copied out of the report once, when opened), for the
    // certificates they were opened in: a new report (another time, another file, a trusted
    // root) closes them, so no row ever shows an item of an earlier report.
    let opened = use_state(|| (props.certs.clone(), BTreeMap::<usize, Rc<CertificateItem>>::new()));
    let open: BTreeMap<usize, Rc<CertificateItem>> = if opened.0 == props.certs { opened.1.clone() } else { BTreeMap::new() };
    let (key, asc) = *sort;
    let markup = use_memo(props.certs.clone(), row_markup);
    let r = use_memo(Order { certs: props.certs.clone(), markup: SameMarkup(markup.clone()), key, asc }, rows);
    let failing = use_memo(props.certs.clone(), |c| c.iter().filter(|(_, c)| certificate_severity(c) == Severity::Failed).count());
    let header = |label: &'static str, k: Key| {
        let sort = sort.clone();
        let mark = if key == k {
            if asc {
                " ▲"
            } else {
                " ▼"
            }
        } else {
            ""
        };
        html! {
            <span role="columnheader" aria-sort={if key == k { if asc { "ascending" } else { "descending" } } else { "none" }}>
                <button type="button" class="sort" onclick={Callback::from(move |_: MouseEvent| sort.set((k, if key == k { !asc } else { true })))}>{ format!("{label}{mark}") }</button>
            </span>
        }
    };
    // One listener for every row's Show/Hide button.
    let on_click = {
        let opened = opened.clone();
        let open = open.clone();
        let certs = props.certs.clone();
        Callback::from(move |e: MouseEvent| {
            let button = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|el| el.closest("button.open-card").ok().flatten());
            let Some(i) = button.and_then(|b| b.get_attribute("data-row")).and_then(|v| v.parse::<usize>().ok()) else { return };
            let mut set = open.clone();
            if set.remove(&i).is_none() {
                let Some(c) = certs.get(i) else { return };
                set.insert(i, Rc::new(c.clone()));
            }
            opened.set((certs.clone(), set));
        })
    };
    let block = |(n, rows): (usize, &[usize])| {
        if !rows.iter().any(|i| open.contains_key(i)) {
            return html! { <div key={n} role="rowgroup" class="rows">{ Html::from_html_unchecked(r.blocks[n].clone()) }</div> };
        }
        // A block with an open card: runs of closed rows as markup, each open row followed by
        // its card (a component).
        let mut parts: Vec<Html> = Vec::new();
        let mut run = String::new();
        for &i in rows {
            if let Some(item) = open.get(&i) {
                row_html(&mut run, i, item, true);
                trusted_markup(Some(&run));
                parts.push(Html::from_html_unchecked(AttrValue::from(std::mem::take(&mut run))));
                parts.push(html! {
                    <div role="row" class="card-row"><div role="cell" class="card-cell">
                        <CertCard item={item.clone()} at={props.at} today={props.today} />
                    </div></div>
                });
            } else if let Some(m) = markup.get(i) {
                run.push_str(m);
            }
        }
        if !run.is_empty() {
            trusted_markup(Some(&run));
            parts.push(Html::from_html_unchecked(AttrValue::from(run)));
        }
        html! { <div key={n} role="rowgroup" class="rows">{ for parts }</div> }
    };
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
                <div class="certs" role="table" aria-label="Certificates and their verdicts" onclick={on_click}>
                    <div role="rowgroup" class="head"><div role="row">
                        { header("Role", Key::Role) }
                        { header("Subject", Key::Subject) }
                        { header("Issuer", Key::Issuer) }
                        { header("Expires", Key::Expiry) }
                        { header("Apple rule", Key::Apple) }
                        { header("Strict", Key::Strict) }
                        { header("macOS", Key::Macos) }
                        <span role="columnheader">{ "Card" }</span>
                    </div></div>
                    { for r.order.chunks(BLOCK).enumerate().map(block) }
                </div>
            </div>
        </section>
    }
}
