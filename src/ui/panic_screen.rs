//! What the page shows when certscope panics (pure: no DOM, tested natively by
//! tests/panic_screen.rs): the details for a bug report, a link that reloads the page, and what
//! a "Copy your pasted text" button copies.
//!
//! A reload never carries the paste: issue 20 decided that what a link carries is copied, never
//! put in the address bar, where the history and the browser's sync would keep it (and a page
//! opened from a link clears its fragment only after the history has it). A Mac admin whose page
//! crashed wants the paste back: it stays in memory, whole, and the button copies it to paste
//! again after the reload (storage is forbidden for pasted text).

/// The panic screen's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicScreen {
    /// The message and the details to copy into a bug report (never the paste).
    pub message: String,
    /// Where "Reload certscope" goes: the page itself, without a fragment.
    pub reload_href: String,
    /// What "Copy your pasted text" copies; `None`: no such button (nothing was pasted).
    pub copy: Option<String>,
}

/// The screen for a panic with `details`, on the page at `address`, with `pasted` in the app.
pub fn panic_screen(details: &str, address: &str, pasted: &str) -> PanicScreen {
    let reload_href = address.split('#').next().unwrap_or_default().to_string();
    let copy = (!pasted.trim().is_empty()).then(|| pasted.to_string());
    let then = if copy.is_some() { "Copy your pasted text, reload, and paste it again." } else { "Reload to start again." };
    PanicScreen { message: format!("Something went wrong inside certscope. Details to copy into a bug report:\n{details}\n{then}\n"), reload_href, copy }
}
