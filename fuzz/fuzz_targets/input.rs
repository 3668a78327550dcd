//! Input detection and recovery: PEM/base64/hex, find-certificate dumps, DER sniffing.
#![no_main]
use certscope::input::{read, Source};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read(&[Source::file("fuzz", data.to_vec())]);
    let _ = read(&[Source::text("pasted text", String::from_utf8_lossy(data).into_owned())]);
});
