//! CMS SignedData in DER or BER, and the BER → DER normaliser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = certscope::asn1::ber_to_der(data);
    let _ = certscope::asn1::is_ber_only(data);
    if let Ok(sd) = certscope::cms::SignedData::parse(data) {
        for s in &sd.signers {
            let _ = s.signed_attrs_for_signature();
        }
    }
});
