//! JSON through the browser, as `api` and `storage` read and write it (`serde-wasm-bindgen`
//! and `JSON.parse`/`JSON.stringify`): values round-trip, and a value that does not fit is
//! refused with an error that carries no text. The empty text is the patch of
//! `vendor/serde-wasm-bindgen` (its README): no caller reads serde's error texts, and
//! formatting them kept serde's messages and Rust's float formatting in the wasm.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Sample {
    version: i64,
    names: Vec<String>,
}

#[wasm_bindgen_test]
fn values_round_trip_and_a_misfit_is_refused_without_a_text() {
    let sample = Sample {
        version: 3,
        names: vec!["ops@example.com".to_owned()],
    };
    let value = sample
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .expect("serializes");
    let text = js_sys::JSON::stringify(&value).expect("stringifies");
    assert_eq!(
        text.as_string().as_deref(),
        Some(r#"{"version":3,"names":["ops@example.com"]}"#)
    );
    assert_eq!(
        serde_wasm_bindgen::from_value::<Sample>(value).ok(),
        Some(sample)
    );

    let misfit = js_sys::JSON::parse(r#"{"version":"three","names":[]}"#).expect("parses");
    let error = serde_wasm_bindgen::from_value::<Sample>(misfit).expect_err("a string is no i64");
    let error = js_sys::Error::from(JsValue::from(error));
    assert_eq!(
        String::from(error.message()),
        "",
        "serde's error text was formatted: is the patch in [patch.crates-io] still used?"
    );
}
