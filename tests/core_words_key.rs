//! The lenient text form is one rule (issue 25): the core's `page::words::key` gives what
//! tests/golden/keys.json says, and tests/adapter/keys.test.mjs holds the content script's
//! `key` to the same cases.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::page::words::key;

#[test]
fn the_cores_key_gives_the_shared_cases() {
    let golden: serde_json::Value = serde_json::from_str(include_str!("golden/keys.json")).unwrap();
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for case in cases {
        let (text, want) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
        assert_eq!(key(text), want, "key({text:?})");
    }
}
