//! certscope's core: a pure library that turns pasted text or dropped files into a [`report::Report`].
//!
//! The core never reads a clock, the network or the DOM. Bytes, trust anchors and the evaluation
//! time are arguments, so the same code runs natively (the CLI, the tests) and in the browser.
//!
//! ```text
//! input   — sniff and recover certificates from text or bytes (PEM, find-certificate dumps, DER, hex…)
//! cert    — an owned, display-ready certificate model
//! trust   — signatures, path building, RFC 5280 checks, Apple's device rule, the diagnosis
//! cms     — CMS SignedData (RFC 5652), BER or DER
//! profile — configuration profiles and device requests (property lists)
//! fleet   — many Macs at once: CSV/JSON inventory exports, incremental
//! triage  — what a screenshot's text (OCR in the page) says
//! report  — the one document both shells render (and its Markdown form)
//! share   — share links: the input in a URL fragment
//! ```
#![forbid(unsafe_code)]

pub mod asn1;
pub mod cert;
pub mod cms;
pub mod crl;
pub mod escape;
pub mod fleet;
pub mod input;
pub mod keys;
pub mod phrases;
pub mod profile;
pub mod report;
pub mod secret;
pub mod share;
pub mod sort;
#[cfg(test)]
mod testing;
pub mod time;
pub mod triage;
pub mod trust;
mod wire;

#[cfg(not(target_arch = "wasm32"))]
pub use report::analyze;
pub use report::{analyze_unverified_rest, analyze_with_signatures, Analysis, Report};
