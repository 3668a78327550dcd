//! The page's state and the actions that change it (Yew's use_reducer).

use certscope::input::Source;
use certscope::share::Shared;
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

/// What the user gave us and when to evaluate it.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub text: String,
    pub files: Vec<Source>,
    pub shots: Vec<Shot>,
    pub at: Timestamp,
    /// The text of the evaluate-at control, kept as typed.
    pub at_input: String,
    pub at_error: Option<String>,
}

pub enum Action {
    SetText(String),
    AddFile(Source),
    RemoveFile(usize),
    ClearFiles,
    SetAt(String),
    /// Replace everything with a share link's contents or an example.
    Restore(Shared),
    ShotAdded { id: u32, name: String },
    ShotProgress { id: u32, progress: u32 },
    ShotRead { id: u32, text: String, ms: f64 },
    ShotFailed { id: u32, error: String },
    ShotEdited { id: u32, text: String },
}

impl State {
    pub fn new(now: Timestamp) -> Self {
        let at_input = now.rfc3339().get(..16).unwrap_or_default().to_string();
        State { text: String::new(), files: Vec::new(), shots: Vec::new(), at: now, at_input, at_error: None }
    }

    /// What a share link of this state carries.
    pub fn shared(&self, include_time: bool) -> Shared {
        Shared { text: self.text.clone(), files: self.files.clone(), at: include_time.then_some(self.at) }
    }

    /// Pasted text first, then files in the order they were added.
    pub fn sources(&self) -> Vec<Source> {
        let mut v = Vec::with_capacity(self.files.len() + 1);
        if !self.text.trim().is_empty() {
            v.push(Source::text("pasted text", self.text.clone()));
        }
        v.extend(self.files.iter().cloned());
        v.extend(self.shots.iter().filter_map(|s| s.text.as_ref().map(|t| Source::screenshot(format!("screenshot {}", s.name), t.clone()))));
        v
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetText(t) => s.text = t,
            Action::AddFile(f) => s.files.push(f),
            Action::RemoveFile(i) => {
                if i < s.files.len() {
                    s.files.remove(i);
                }
            }
            Action::ClearFiles => s.files.clear(),
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
                s.text = shared.text;
                s.files = shared.files;
                s.shots.clear();
                if let Some(at) = shared.at {
                    s.at = at;
                    s.at_input = at.rfc3339().get(..19).unwrap_or_default().to_string();
                    s.at_error = None;
                }
            }
            Action::SetAt(v) => {
                match Timestamp::parse(&v) {
                    Ok(t) => {
                        s.at = t;
                        s.at_error = None;
                    }
                    Err(e) => s.at_error = Some(e.to_string()),
                }
                s.at_input = v;
            }
        }
        Rc::new(s)
    }
}
