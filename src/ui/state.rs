//! The page's state and the actions that change it (Yew's use_reducer).

use certscope::cert::Certificate;
use certscope::input::Source;
use certscope::share::{LeftOut, Shared};
use certscope::time::Timestamp;
use std::rc::Rc;
use yew::Reducible;

/// A screenshot being read (OCR) or read.
#[derive(Debug, Clone, PartialEq)]
pub struct Shot {
    pub id: u32,
    pub name: String,
    /// OCR progress 0..=100 while reading.
    pub progress: u32,
    /// The recognised (and possibly edited) text; `None` while reading.
    pub text: Option<String>,
    pub ocr_ms: f64,
    pub error: Option<String>,
}

impl Shot {
    /// Where the reading is, in words, for the list of dropped files.
    pub fn status(&self) -> String {
        match (&self.error, &self.text) {
            (Some(_), _) => "text not readable".into(),
            (None, Some(_)) => "text read".into(),
            (None, None) => format!("reading the text… {}%", self.progress),
        }
    }
}

/// When to evaluate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeMode {
    /// The clock, read for every evaluation.
    Now,
    /// A time the user set.
    Chosen(Timestamp),
    /// The time a share link carried.
    Link(Timestamp),
}

impl TimeMode {
    /// The evaluation time, given the clock.
    pub fn at(self, clock: Timestamp) -> Timestamp {
        match self {
            TimeMode::Now => clock,
            TimeMode::Chosen(t) | TimeMode::Link(t) => t,
        }
    }

    /// What a share link carries: no time while on now.
    pub fn fixed(self) -> Option<Timestamp> {
        match self {
            TimeMode::Now => None,
            TimeMode::Chosen(t) | TimeMode::Link(t) => Some(t),
        }
    }
}

/// A dropped or opened file, shared (never copied) between renders, with whether it is a fleet
/// file (decided once, when it arrives).
#[derive(Debug, Clone, PartialEq)]
pub struct FileInput {
    pub source: Rc<Source>,
    pub fleet: bool,
}

impl FileInput {
    pub fn new(source: Source) -> Self {
        let fleet = certscope::fleet::is_fleet_file(&source.bytes);
        FileInput { source: Rc::new(source), fleet }
    }
}

impl std::ops::Deref for FileInput {
    type Target = Source;
    fn deref(&self) -> &Source {
        &self.source
    }
}

/// The pasted text, shared between renders and actions: a megabyte pasted is never copied, and
/// compares by identity before its bytes.
#[derive(Debug, Clone, Default)]
pub struct Text(Rc<str>);

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Rc::from(s))
    }
}

impl Text {
    /// The text as a Yew attribute value (shared, not copied).
    pub fn attr(&self) -> yew::AttrValue {
        yew::AttrValue::from(self.0.clone())
    }

    /// The text itself, shared (not copied).
    pub fn shared(&self) -> Rc<str> {
        self.0.clone()
    }
}

/// What the analysis reads, and nothing else (not OCR progress, not the time control's text):
/// the memo key of the evaluation. Files compare by identity, not by their bytes.
#[derive(Debug, Clone)]
pub struct Inputs {
    pub text: Text,
    pub files: Vec<Rc<Source>>,
    /// Screenshots read so far: (name, recognised text).
    pub shots: Vec<(String, String)>,
}

impl PartialEq for Inputs {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
            && self.shots == other.shots
            && self.files.len() == other.files.len()
            && self.files.iter().zip(&other.files).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl Inputs {
    /// Pasted text first, then files in the order they were added, then screenshots' text.
    pub fn sources(&self) -> Vec<Source> {
        let mut v = Vec::with_capacity(self.files.len() + self.shots.len() + 1);
        if !self.text.trim().is_empty() {
            v.push(Source::text("pasted text", self.text.to_string()));
        }
        v.extend(self.files.iter().map(|f| (**f).clone()));
        v.extend(self.shots.iter().map(|(name, t)| Source::screenshot(format!("screenshot {name}"), t.clone())));
        v
    }
}

/// What the user gave us and when to evaluate it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub text: Text,
    pub files: Vec<FileInput>,
    pub shots: Vec<Shot>,
    pub time: TimeMode,
    /// The value of the evaluate-at control (local time, as `datetime-local` gives it; empty
    /// while on now).
    pub at_input: String,
    pub at_error: Option<String>,
    /// What the share link this page was opened from left out.
    pub link_left_out: Vec<LeftOut>,
    /// CA certificates the user trusts for this session ("Trust for this session"): anchors of
    /// kind Custom for the strict and macOS verdicts. Kept in memory only: never written to
    /// storage and never part of [`State::shared`], so a share link cannot carry them.
    pub trusted: Vec<Certificate>,
    /// The last change was a keystroke in the input: its evaluation may wait for a pause.
    pub typing: bool,
    /// Counts the inputs that arrived whole (a paste, a file, an example, a link): the page
    /// brings the verdict into view after each, never while typing.
    pub arrivals: u32,
    /// The text is too big to show: the input panel shows a stand-in until asked for the text.
    pub folded: Option<Folded>,
    /// The password typed for encrypted keys and PKCS#12 bundles: in memory only (never in a
    /// share link or storage; its Debug form hides it), forgotten on Clear.
    pub password: certscope::keys::Passwords,
    /// The "Server name" field's text: each leaf also gets the TLS verdict for the name it
    /// reads as (issue 22); forgotten on Clear, like the input.
    pub server: String,
}

/// A paste this big is kept out of the text field (laying out a megabyte of text costs the
/// browser a third of a second and shows nothing useful); the text stays the input.
pub const FOLD_ABOVE_BYTES: usize = 64 * 1024;

/// What the stand-in of a folded text says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Folded {
    pub bytes: usize,
    /// PEM certificate blocks in it.
    pub certificates: usize,
}

impl Folded {
    /// The stand-in for `text`, when it is too big to show.
    pub fn of(text: &str) -> Option<Folded> {
        (text.len() > FOLD_ABOVE_BYTES).then(|| Folded { bytes: text.len(), certificates: text.matches("-----BEGIN CERTIFICATE-----").count() })
    }
}

pub enum Action {
    /// The text field's new text (shown, so never folded).
    SetText(String),
    /// Pasted text replacing the input: evaluated at once, and folded when it is big.
    PasteText(String),
    /// Show a folded text in the text field.
    ShowText,
    /// Text typed key by key (a paste or a drop is [`Action::SetText`], evaluated at once).
    TypeText(String),
    AddFile(Source),
    RemoveFile(usize),
    /// Forget a screenshot (its text leaves the input).
    RemoveShot(u32),
    /// Every file and screenshot.
    ClearFiles,
    /// A time the user set, with the control's value.
    SetAt {
        at: Timestamp,
        input: String,
    },
    /// A value of the control that is not a time.
    BadAt {
        input: String,
        error: String,
    },
    /// Back to the clock.
    SetNow,
    /// Replace the input with an example (the time stays).
    Restore(Shared),
    /// Replace everything with a share link's contents, time included.
    OpenLink(Shared),
    /// Empty input, evaluated now.
    Clear,
    /// The password field's value (for every encrypted item).
    Password(String),
    /// The "Server name" field's value.
    ServerName(String),
    ShotAdded {
        id: u32,
        name: String,
    },
    ShotProgress {
        id: u32,
        progress: u32,
    },
    ShotRead {
        id: u32,
        text: String,
        ms: f64,
    },
    ShotFailed {
        id: u32,
        error: String,
    },
    ShotEdited {
        id: u32,
        text: String,
    },
    /// Trust a CA certificate for this session.
    Trust(Box<Certificate>),
    /// Stop trusting the session anchor with this SHA-256.
    Forget(String),
}

impl Action {
    /// What a value of the evaluate-at field means: empty is now, else a time in local time.
    pub fn at(value: String) -> Action {
        if value.trim().is_empty() {
            return Action::SetNow;
        }
        match super::browser::parse_local(&value) {
            Some(at) => Action::SetAt { at, input: value },
            None => Action::BadAt { error: format!("\"{value}\" is not a date and time: type it as 2019-06-01 14:30 (your time), or press Now"), input: value },
        }
    }
}

impl State {
    pub fn new() -> Self {
        State {
            text: Text::default(),
            files: Vec::new(),
            shots: Vec::new(),
            time: TimeMode::Now,
            at_input: String::new(),
            at_error: None,
            link_left_out: Vec::new(),
            trusted: Vec::new(),
            typing: false,
            arrivals: 0,
            folded: None,
            password: certscope::keys::Passwords::default(),
            server: String::new(),
        }
    }

    /// What a share link of this state would carry before [`certscope::share::redact`].
    pub fn shared(&self) -> Shared {
        Shared {
            text: self.text.to_string(),
            files: self.files.iter().map(|f| (*f.source).clone()).collect(),
            at: self.time.fixed(),
            left_out: self.link_left_out.clone(),
        }
    }

    /// What the core analyses: everything but fleet files (evaluated apart, in chunks).
    pub fn inputs(&self) -> Inputs {
        Inputs {
            text: self.text.clone(),
            files: self.files.iter().filter(|f| !f.fleet).map(|f| f.source.clone()).collect(),
            shots: self.shots.iter().filter_map(|s| s.text.as_ref().map(|t| (s.name.clone(), t.clone()))).collect(),
        }
    }

    /// The fleet files, in the order they were added.
    pub fn fleets(&self) -> impl Iterator<Item = &Rc<Source>> {
        self.files.iter().filter(|f| f.fleet).map(|f| &f.source)
    }
}

impl Default for State {
    fn default() -> Self {
        State::new()
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.typing = matches!(action, Action::TypeText(_));
        // A screenshot's text read is an arrival too: its verdict comes once the reading ends.
        if matches!(action, Action::SetText(_) | Action::PasteText(_) | Action::AddFile(_) | Action::Restore(_) | Action::OpenLink(_) | Action::ShotRead { .. })
        {
            s.arrivals = s.arrivals.wrapping_add(1);
        }
        match action {
            Action::SetText(t) | Action::TypeText(t) => {
                s.text = t.into();
                s.folded = None;
            }
            Action::PasteText(t) => {
                s.folded = Folded::of(&t);
                s.text = t.into();
            }
            Action::ShowText => s.folded = None,
            Action::AddFile(f) => s.files.push(FileInput::new(f)),
            Action::RemoveFile(i) => {
                if i < s.files.len() {
                    s.files.remove(i);
                }
            }
            Action::RemoveShot(id) => s.shots.retain(|x| x.id != id),
            Action::ServerName(name) => s.server = name,
            Action::Password(p) => s.password = certscope::keys::Passwords::new(if p.is_empty() { Vec::new() } else { vec![p] }),
            Action::ClearFiles => {
                s.files.clear();
                s.shots.clear();
            }
            Action::ShotAdded { id, name } => s.shots.push(Shot { id, name, progress: 0, text: None, ocr_ms: 0.0, error: None }),
            Action::ShotProgress { id, progress } => {
                if let Some(shot) = s.shots.iter_mut().find(|x| x.id == id) {
                    shot.progress = progress;
                }
            }
            Action::ShotRead { id, text, ms } => {
                if let Some(shot) = s.shots.iter_mut().find(|x| x.id == id) {
                    shot.text = Some(text);
                    shot.ocr_ms = ms;
                    shot.progress = 100;
                }
            }
            Action::ShotFailed { id, error } => {
                if let Some(shot) = s.shots.iter_mut().find(|x| x.id == id) {
                    shot.error = Some(error);
                }
            }
            Action::ShotEdited { id, text } => {
                if let Some(shot) = s.shots.iter_mut().find(|x| x.id == id) {
                    shot.text = Some(text);
                }
            }
            Action::Restore(shared) => {
                s.folded = Folded::of(&shared.text);
                s.text = shared.text.into();
                s.files = shared.files.into_iter().map(FileInput::new).collect();
                s.shots.clear();
                s.link_left_out.clear();
            }
            Action::OpenLink(shared) => {
                // Session trust stays with the tab, never with the link.
                s = State { trusted: s.trusted, arrivals: s.arrivals, ..State::new() };
                s.text = shared.text.into();
                s.files = shared.files.into_iter().map(FileInput::new).collect();
                s.link_left_out = shared.left_out;
                s.folded = Folded::of(&s.text);
                if let Some(at) = shared.at {
                    s.time = TimeMode::Link(at);
                    s.at_input = super::browser::local_input(at);
                }
            }
            // Clearing the input keeps the session's trusted roots: pasting device
            // certificates of the same CA next is the point of trusting it.
            Action::Clear => s = State { trusted: s.trusted, arrivals: s.arrivals, ..State::new() },
            Action::Trust(cert) => {
                let cert = *cert;
                if !s.trusted.iter().any(|c| c.sha256 == cert.sha256) {
                    s.trusted.push(cert);
                }
            }
            Action::Forget(sha256) => s.trusted.retain(|c| c.sha256 != sha256),
            Action::SetAt { at, input } => {
                s.time = TimeMode::Chosen(at);
                s.at_input = input;
                s.at_error = None;
            }
            Action::BadAt { input, error } => {
                s.at_input = input;
                s.at_error = Some(error);
            }
            Action::SetNow => {
                s.time = TimeMode::Now;
                s.at_input.clear();
                s.at_error = None;
            }
        }
        Rc::new(s)
    }
}
