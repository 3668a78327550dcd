//! The page's panic screen (src/ui/panic_screen.rs, included as the page includes it): a
//! reload never carries the pasted text in its address (issue 20: what a link carries is
//! copied, never put in the address bar, where the history and the browser's sync keep it); the
//! paste stays in memory, offered by a "Copy your pasted text" button.

#[path = "../src/ui/panic_screen.rs"]
mod panic_screen;

use panic_screen::panic_screen;

const PAGE: &str = "https://certscope.example/tool/";

#[test]
fn a_reload_after_a_panic_keeps_the_paste_out_of_the_address_and_history() {
    let pasted = "device MacBook-of-Jo, serial C02XX1234\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let s = panic_screen("panicked at src/x.rs:1:1", PAGE, pasted);
    // The page itself, without a fragment or a query holding anything of the paste.
    assert_eq!(s.reload_href, PAGE);
    // Whatever address the page had (opened from a share link whose fragment was not cleared yet).
    assert_eq!(panic_screen("x", &format!("{PAGE}#v2.abc"), pasted).reload_href, PAGE);
    // The paste, whole, only for the copy button; never in the text shown beside the details.
    assert_eq!(s.copy.as_deref(), Some(pasted));
    assert!(!s.message.contains("C02XX1234") && s.message.contains("panicked at src/x.rs:1:1"), "{}", s.message);
    // A paste too large for a link is copied all the same.
    let big = "A".repeat(8 << 20);
    let s = panic_screen("x", PAGE, &big);
    assert_eq!((s.reload_href.as_str(), s.copy.map(|c| c.len())), (PAGE, Some(big.len())));
    // Nothing pasted: no copy button.
    assert_eq!(panic_screen("x", PAGE, "  \n").copy, None);
}
