//! The page's signature verifier: the checks the core asks for, done by the browser's WebCrypto
//! (`crypto.subtle`, native code) instead of RustCrypto compiled to 32-bit wasm. The core
//! decides everything but the arithmetic (`SignatureCheck::web`); this only imports keys and
//! calls `verify`. Keys are imported once per key and algorithm.

use certscope::keys::derive::{DeriveKind, KeyToDerive};
use certscope::trust::signature::{NotChecked, SigError, WebVerify};
use certscope::trust::{SignatureCheck, SignatureResults};
use js_sys::{Array, Object, Reflect, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// Does this page have WebCrypto? Browsers give `crypto.subtle` only to secure contexts
/// (HTTPS, localhost): a copy served over plain http from another host has none, and then no
/// signature can be checked (the page says so before any verdict).
pub fn available() -> bool {
    subtle().is_some()
}

/// Given to every card by the app: true when the page has no WebCrypto, so no signature can be
/// checked and no verdict chip is shown (the notice at the top says why).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoWebCrypto(pub bool);

/// The browser's SubtleCrypto, in a window or a worker.
fn subtle() -> Option<SubtleCrypto> {
    let global = js_sys::global();
    let crypto = Reflect::get(&global, &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.dyn_into::<SubtleCrypto>().ok()
}

/// (importKey algorithm, verify algorithm, SPKI, signature) for one planned check.
fn algorithms(w: &WebVerify) -> (Object, Object, &[u8], &[u8]) {
    let s = JsValue::from_str;
    match w {
        WebVerify::RsaPkcs1 { hash, spki, signature } => {
            (object(&[("name", s("RSASSA-PKCS1-v1_5")), ("hash", s(hash))]), object(&[("name", s("RSASSA-PKCS1-v1_5"))]), spki, signature)
        }
        WebVerify::RsaPss { hash, salt, spki, signature } => {
            (object(&[("name", s("RSA-PSS")), ("hash", s(hash))]), object(&[("name", s("RSA-PSS")), ("saltLength", JsValue::from(*salt))]), spki, signature)
        }
        WebVerify::Ecdsa { hash, curve, spki, signature, .. } => {
            (object(&[("name", s("ECDSA")), ("namedCurve", s(curve))]), object(&[("name", s("ECDSA")), ("hash", s(hash))]), spki, signature)
        }
        WebVerify::Ed25519 { spki, signature } => (object(&[("name", s("Ed25519"))]), object(&[("name", s("Ed25519"))]), spki, signature),
    }
}

/// What a key `importKey` refused means. The core checked everything but the arithmetic with
/// the native verifier's rules, so a refusal that is not the browser lacking the algorithm
/// (`NotSupportedError`) is the browser finding what only arithmetic finds: an uncompressed EC
/// point off the curve is the native verifier's bad key. Otherwise (a compressed point, an RSA
/// key encoding a browser is stricter about, an Ed25519 key: the core refused those that are no
/// point or of small order before asking, trust/sig_parse.rs) the browser cannot check it:
/// unsupported, never a verdict the native side would not give.
fn refused(plan: &WebVerify, error: &JsValue) -> SigError {
    let name = Reflect::get(error, &JsValue::from_str("name")).ok().and_then(|n| n.as_string()).unwrap_or_default();
    match plan {
        _ if name == "NotSupportedError" => SigError::NotChecked(NotChecked::BrowserLacksAlgorithm),
        WebVerify::Ecdsa { curve, compressed: false, .. } => SigError::BadKey(format!("invalid {curve} point")),
        _ => SigError::NotChecked(NotChecked::BrowserRefusedKey),
    }
}

/// What a `verify` the browser could not carry out means.
fn not_checked() -> SigError {
    SigError::NotChecked(NotChecked::BrowserFailed)
}

/// Verifies `checks` with WebCrypto. A key the browser will not import is reported as
/// unsupported by this browser (never as a bad signature). Two waits whatever the number of
/// checks: every key imported at once, then every verification at once.
pub async fn verify_all(checks: &[SignatureCheck]) -> SignatureResults {
    let mut results = SignatureResults::new();
    let Some(subtle) = subtle() else {
        for c in checks {
            results.insert(c.id.clone(), Err(SigError::NotChecked(NotChecked::NoWebCrypto)));
        }
        return results;
    };
    // Each check's plan and key (by SPKI and import algorithm); each key's import started once.
    let mut planned: Vec<(usize, WebVerify, usize)> = Vec::new();
    let mut key_index: HashMap<(String, String), usize> = HashMap::new();
    // Per key: the import started (or refused at once), and the plan that asked for it first.
    let mut imports: Vec<(Result<js_sys::Promise, SigError>, usize)> = Vec::new();
    for (i, c) in checks.iter().enumerate() {
        let plan = match c.web() {
            Ok(p) => p,
            Err(e) => {
                results.insert(c.id.clone(), Err(e));
                continue;
            }
        };
        let (import_alg, _, spki, _) = algorithms(&plan);
        let key_id = (c.key.spki_sha256.clone(), js_sys::JSON::stringify(&import_alg).map(String::from).unwrap_or_default());
        let k = match key_index.get(&key_id) {
            Some(k) => *k,
            None => {
                let usages = Array::of1(&JsValue::from_str("verify"));
                let data = Uint8Array::from(spki);
                let started = subtle.import_key_with_object("spki", &data, &import_alg, false, &usages).map_err(|e| refused(&plan, &e));
                imports.push((started, planned.len()));
                key_index.insert(key_id, imports.len() - 1);
                imports.len() - 1
            }
        };
        planned.push((i, plan, k));
    }
    let all = imports.iter().filter_map(|(p, _)| p.as_ref().ok()).map(|p| JsValue::from(p.clone())).collect::<Array>();
    let settled = JsFuture::from(js_sys::Promise::all_settled(&all)).await.ok().map(|v| Array::from(&v)).unwrap_or_default();
    let mut n = 0;
    let keys: Vec<Result<CryptoKey, SigError>> = imports
        .iter()
        .map(|(started, first)| match started {
            Err(e) => Err(e.clone()),
            Ok(_) => {
                let outcome = settled.get(n);
                n += 1;
                let status = Reflect::get(&outcome, &JsValue::from_str("status")).ok().and_then(|v| v.as_string());
                if status.as_deref() == Some("fulfilled") {
                    Reflect::get(&outcome, &JsValue::from_str("value"))
                        .ok()
                        .and_then(|k| k.dyn_into::<CryptoKey>().ok())
                        .ok_or(SigError::NotChecked(NotChecked::BrowserRefusedKey))
                } else {
                    let reason = Reflect::get(&outcome, &JsValue::from_str("reason")).unwrap_or(JsValue::UNDEFINED);
                    Err(refused(&planned[*first].1, &reason))
                }
            }
        })
        .collect();
    let mut pending: Vec<(usize, js_sys::Promise)> = Vec::new();
    for (i, plan, k) in &planned {
        let c = &checks[*i];
        let (_, verify_alg, _, signature) = algorithms(plan);
        match &keys[*k] {
            // Copies of the signature and the message, not views of the wasm memory: Chromium's
            // verify costs time in proportion to the whole buffer a view lies in (measured: 174 µs
            // a call on a 128 MB memory, 24 µs on a small array; a 1,000-certificate paste
            // spent 260 ms there).
            Ok(key) => match subtle.verify_with_object_and_buffer_source_and_buffer_source(
                &verify_alg,
                key,
                &Uint8Array::from(signature),
                &Uint8Array::from(c.message.as_slice()),
            ) {
                Ok(p) => pending.push((*i, p)),
                Err(_) => {
                    results.insert(c.id.clone(), Err(not_checked()));
                }
            },
            Err(e) => {
                results.insert(c.id.clone(), Err(e.clone()));
            }
        }
    }
    // The verifications run concurrently in the browser; wait for all of them at once.
    let all = pending.iter().map(|(_, p)| JsValue::from(p.clone())).collect::<Array>();
    let outcomes = JsFuture::from(js_sys::Promise::all_settled(&all)).await.ok().map(|v| Array::from(&v)).unwrap_or_default();
    for (n, (i, _)) in pending.iter().enumerate() {
        let outcome = outcomes.get(n as u32);
        // `verify` answers true or false; a rejection (or no answer) is the browser failing to
        // check, not the signature failing: not checked, never a mismatch it did not find.
        let value = Reflect::get(&outcome, &JsValue::from_str("value")).ok().and_then(|v| v.as_bool());
        let result = match value {
            Some(true) => Ok(()),
            Some(false) => Err(SigError::Mismatch),
            None => Err(not_checked()),
        };
        results.insert(checks[*i].id.clone(), result);
    }
    results
}

/// The public keys of `keys` (EC and Ed25519 private keys the page cannot compute the public key
/// of: src/keys/derive.rs), by WebCrypto: each is imported from PKCS#8 without a public key (so
/// the browser computes it; else with the one the file wrote), its public key exported as a JWK,
/// and then proven: a signature the private key makes must verify with that public key (ECDSA
/// signs with the private value alone, so a written public key that is not its own fails). A
/// key the browser refuses, or whose proof fails, gets no answer (it stays "not checked").
pub async fn derive_public_keys(keys: &[KeyToDerive]) -> Vec<([u8; 32], Vec<u8>)> {
    let Some(subtle) = subtle() else { return Vec::new() };
    let mut out = Vec::new();
    for k in keys {
        // Without a public key first (the browser computes it); Firefox imports EC keys only
        // with one, so then with the one the file wrote (the proof below decides).
        for pkcs8 in std::iter::once(k.pkcs8()).chain(k.pkcs8_with_written_public_key()) {
            if let Some(public) = derive_one(&subtle, k, pkcs8).await {
                out.push((k.id, public));
                break;
            }
        }
    }
    out
}

async fn derive_one(subtle: &SubtleCrypto, k: &KeyToDerive, pkcs8: &[u8]) -> Option<Vec<u8>> {
    let s = JsValue::from_str;
    let (import_alg, sign_alg) = match k.kind {
        DeriveKind::Ecdsa { curve, .. } => (object(&[("name", s("ECDSA")), ("namedCurve", s(curve))]), object(&[("name", s("ECDSA")), ("hash", s("SHA-256"))])),
        DeriveKind::Ed25519 => (object(&[("name", s("Ed25519"))]), object(&[("name", s("Ed25519"))])),
    };
    // Extractable only so its public half can be exported; the object lives for this call.
    let private = subtle.import_key_with_object("pkcs8", &Uint8Array::from(pkcs8), &import_alg, true, &Array::of1(&s("sign"))).ok()?;
    let private = JsFuture::from(private).await.ok()?.dyn_into::<CryptoKey>().ok()?;
    let jwk = JsFuture::from(subtle.export_key("jwk", &private).ok()?).await.ok()?;
    let field = |name: &str| -> Option<Vec<u8>> {
        let text = Reflect::get(&jwk, &s(name)).ok()?.as_string()?;
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, text).ok()
    };
    let public = match k.kind {
        DeriveKind::Ecdsa { size, .. } => {
            let (x, y) = (field("x")?, field("y")?);
            if x.len() != size || y.len() != size {
                return None;
            }
            [&[4u8][..], &x, &y].concat()
        }
        DeriveKind::Ed25519 => field("x").filter(|x| x.len() == 32)?,
    };
    // The proof: the private key signs, the exported public key verifies.
    let message = b"certscope: is this the public key of this private key?";
    let signature = JsFuture::from(subtle.sign_with_object_and_u8_array(&sign_alg, &private, message).ok()?).await.ok()?;
    let verifier = subtle.import_key_with_object("raw", &Uint8Array::from(public.as_slice()), &import_alg, false, &Array::of1(&s("verify"))).ok()?;
    let verifier = JsFuture::from(verifier).await.ok()?.dyn_into::<CryptoKey>().ok()?;
    let verified = subtle
        .verify_with_object_and_buffer_source_and_buffer_source(&sign_alg, &verifier, &Uint8Array::new(&signature), &Uint8Array::from(&message[..]))
        .ok()?;
    JsFuture::from(verified).await.ok()?.as_bool()?.then_some(public)
}
