//! Screenshot triage on arbitrary (OCR-like) text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = certscope::triage::find(&text);
    let _ = certscope::triage::parse_macos_date(&text);
});
