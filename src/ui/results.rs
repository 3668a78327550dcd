//! The results under the summary, in the core's display order (failures first): a card per
//! item, or above [`COMPACT_ABOVE`] certificates the certificates in a compact table whose rows
//! open their cards on demand; then the located problems.
//!
//! The items are shared with the cards once per evaluation (never cloned per render).

use super::cert_card::CertCard;
use super::cert_table::{CertTable, Certs};
use super::note_card::NoteCard;
use super::problem_card::ProblemCard;
use super::profile_card::ProfileCard;
use super::signed_card::SignedCard;
use certscope::report::{CertificateItem, Item, ProfileItem, Report, SignedDataItem, COMPACT_ABOVE};
use certscope::time::Timestamp;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    pub at: Timestamp,
    pub today: Timestamp,
    /// "Trust for this session" on a CA's card.
    pub on_trust: Callback<certscope::cert::Certificate>,
}

/// A report is the same when it is the same evaluation (its `Rc`), not when it is equal.
impl PartialEq for Props {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.report, &o.report) && self.at == o.at && self.today == o.today && self.on_trust == o.on_trust
    }
}

/// An item as the cards take it.
enum View {
    Cert(Rc<CertificateItem>),
    Signed(Rc<SignedDataItem>),
    Profile(Rc<ProfileItem>),
    /// Rendered straight from the report (small).
    Other,
    /// Every top-level certificate, in display order, where the first of them would be.
    Table(Certs),
}

struct Views {
    /// (item index, view) in display order.
    items: Vec<(usize, View)>,
}

/// Compares by identity: the memo is per evaluation.
#[derive(Clone)]
struct Same(Rc<Report>);

impl PartialEq for Same {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.0, &o.0)
    }
}

fn views(report: &Rc<Report>) -> Views {
    let r = &**report;
    let order: Vec<usize> = if r.display_order.len() == r.items.len() { r.display_order.clone() } else { (0..r.items.len()).collect() };
    let certs = r.items.iter().filter(|i| matches!(i, Item::Certificate(_))).count();
    let compact = certs > COMPACT_ABOVE;
    let mut items = Vec::new();
    if compact {
        // The table reads the report's items in place: a thousand certificates are not copied.
        let table = Certs::new(report.clone(), order.iter().copied());
        let first = order.iter().position(|&i| matches!(r.items[i], Item::Certificate(_))).unwrap_or(0);
        let others = order.iter().filter(|&&i| !matches!(r.items[i], Item::Certificate(_))).count();
        items.reserve(others + 1);
        let mut table = Some(table);
        for (pos, &i) in order.iter().enumerate() {
            if pos >= first {
                if let Some(t) = table.take() {
                    items.push((usize::MAX, View::Table(t)));
                }
            }
            if !matches!(r.items[i], Item::Certificate(_)) {
                items.push((i, view(&r.items[i])));
            }
        }
        return Views { items };
    }
    for i in order {
        items.push((i, view(&r.items[i])));
    }
    Views { items }
}

fn view(item: &Item) -> View {
    match item {
        Item::Certificate(c) => View::Cert(Rc::new((**c).clone())),
        Item::SignedData(s) => View::Signed(Rc::new((**s).clone())),
        Item::Profile(p) => View::Profile(Rc::new((**p).clone())),
        _ => View::Other,
    }
}

fn other(item: &Item, i: usize) -> Html {
    match item {
        Item::KeychainRecord(k) => {
            html! { <NoteCard key={format!("k{i}")} kind="keychain-record" title="Keychain record (attributes only)" source={k.source.clone()} lines={
                [("Label", &k.label), ("Subject", &k.subject), ("Issuer", &k.issuer), ("Serial", &k.serial)].iter()
                    .filter_map(|(l, v)| v.as_ref().map(|v| format!("{l}: {v}"))).chain(std::iter::once(k.message.clone())).collect::<Vec<_>>()
            } /> }
        }
        Item::Screenshot(s) => {
            html! { <NoteCard key={format!("t{i}")} kind="screenshot" title="From a screenshot — confirm with the certificate" source={s.source.clone()} lines={
                [("Issued by", s.findings.issuer.clone()), ("Name", s.findings.subject.clone()),
                 ("Valid from", s.findings.not_before.map(|t| t.date())), ("Expires", s.findings.expires.map(|t| t.date())),
                 ("SHA-256", s.findings.sha256.clone()), ("SHA-1", s.findings.sha1.clone())].into_iter()
                    .filter_map(|(l, v)| v.map(|v| format!("{l}: {v}")))
                    .chain(s.findings.errors.iter().map(|e| format!("Error shown: {e}")))
                    .chain(std::iter::once(s.message.clone())).collect::<Vec<_>>()
            } /> }
        }
        Item::Key(k) => html! { <super::key_card::KeyCard key={format!("key{i}")} item={Rc::new((**k).clone())} /> },
        Item::Note(n) => match &n.crl {
            Some(crl) => {
                html! { <super::crl_card::CrlCard key={format!("n{i}")} title={n.kind.title()} crl={crl.clone()} source={n.source.clone()} message={n.message.clone()} /> }
            }
            None => html! { <NoteCard key={format!("n{i}")} kind={n.kind.as_str()} title={n.kind.title()} source={n.source.clone()} lines={
                std::iter::once(n.message.clone()).chain(n.matched.iter().map(|m| format!("Recognised: {m}"))).collect::<Vec<_>>()
            } /> },
        },
        _ => html! {},
    }
}

#[function_component(Results)]
pub fn results(props: &Props) -> Html {
    let v = use_memo(Same(props.report.clone()), |r| views(&r.0));
    let (at, today) = (props.at, props.today);
    let r = &props.report;
    html! {
        <>
        { for v.items.iter().map(|(i, view)| match view {
            View::Cert(c) => html! { <CertCard key={format!("c{i}")} item={c.clone()} {at} {today} on_trust={props.on_trust.clone()} /> },
            View::Signed(s) => html! { <SignedCard key={format!("s{i}")} item={s.clone()} {at} {today} on_trust={props.on_trust.clone()} /> },
            View::Profile(p) => html! { <ProfileCard key={format!("f{i}")} item={p.clone()} {at} {today} on_trust={props.on_trust.clone()} /> },
            View::Other => other(&r.items[*i], *i),
            View::Table(certs) => html! { <CertTable key="table" certs={certs.clone()} {at} {today} /> },
        }) }
        { for r.problems.iter().enumerate().map(|(i, p)| html! { <ProblemCard key={format!("p{i}")} source={p.source.clone()} message={p.message.clone()} /> }) }
        </>
    }
}
