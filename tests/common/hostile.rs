//! Hostile inputs built in the test (too big to commit): property lists nested far deeper than
//! any profile, XML and binary (issue 19 item 10).
#![allow(dead_code)]

/// An XML property list of `depth` arrays, each holding the next.
pub fn deep_xml_plist(depth: usize) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?><plist version=\"1.0\">{}{}</plist>", "<array>".repeat(depth), "</array>".repeat(depth)).into_bytes()
}

/// A binary property list (bplist00) of `depth` arrays, each holding the next.
pub fn deep_binary_plist(depth: usize) -> Vec<u8> {
    let mut out = b"bplist00".to_vec();
    let mut offsets = Vec::with_capacity(depth + 1);
    for i in 0..depth {
        offsets.push(out.len());
        out.push(0xA1); // an array of one element
        out.extend_from_slice(&((i + 1) as u32).to_be_bytes()); // the next object
    }
    offsets.push(out.len());
    out.push(0x08); // false
    let table = out.len();
    for o in &offsets {
        out.extend_from_slice(&(*o as u32).to_be_bytes());
    }
    // Trailer: 6 unused bytes, offset size, reference size, object count, top object, table offset.
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&[4, 4]);
    out.extend_from_slice(&(offsets.len() as u64).to_be_bytes());
    out.extend_from_slice(&0u64.to_be_bytes());
    out.extend_from_slice(&(table as u64).to_be_bytes());
    out
}

/// A binary property list of `levels` arrays, each holding the next one twice: 2^levels values
/// from a few hundred bytes, when each reference is read again.
pub fn doubling_binary_plist(levels: usize) -> Vec<u8> {
    let mut out = b"bplist00".to_vec();
    let mut offsets = Vec::with_capacity(levels + 1);
    for i in 0..levels {
        offsets.push(out.len());
        out.push(0xA2); // an array of two elements, both the next object
        out.extend_from_slice(&((i + 1) as u32).to_be_bytes());
        out.extend_from_slice(&((i + 1) as u32).to_be_bytes());
    }
    offsets.push(out.len());
    out.push(0x08);
    let table = out.len();
    for o in &offsets {
        out.extend_from_slice(&(*o as u32).to_be_bytes());
    }
    out.extend_from_slice(&[0; 6]);
    out.extend_from_slice(&[4, 4]);
    out.extend_from_slice(&(offsets.len() as u64).to_be_bytes());
    out.extend_from_slice(&0u64.to_be_bytes());
    out.extend_from_slice(&(table as u64).to_be_bytes());
    out
}
