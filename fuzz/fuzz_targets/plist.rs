//! Property lists (XML and binary): profiles and device requests.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = certscope::profile::parse(data);
});
