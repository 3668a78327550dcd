//! Certificate decoding into the owned model.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = certscope::cert::Certificate::from_der(data) {
        let _ = c.to_pem();
        let _ = c.display_name();
    }
});
