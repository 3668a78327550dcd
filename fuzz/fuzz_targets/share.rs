//! Share-link decoding (untrusted URL fragments).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = certscope::share::decode(&String::from_utf8_lossy(data));
});
