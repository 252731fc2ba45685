//! The only Rust that touches JavaScript: Chrome API bindings, storage, DOM rendering, and
//! the entry points the extension's thin JS loaders call.

pub mod chrome;
pub mod dom;
pub mod log_store;
pub mod overlay;
pub mod popup;
pub mod storage;
pub mod worker;

use wasm_bindgen::JsValue;

/// serde → JS with plain objects (not `Map`), so `chrome.storage` and `JSON.stringify`
/// keep every field.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// JS → serde, with the deserialiser's message on failure.
pub fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now() -> crate::core::time::Instant {
    crate::core::time::Instant::from_unix_millis(js_sys::Date::now())
}

/// A fresh random entry id (UUID v4) from the browser's `crypto`, in pages and the worker.
pub fn fresh_id() -> String {
    use wasm_bindgen::JsCast;
    let mut bytes = [0u8; 16];
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok());
    if let Some(crypto) = crypto {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    crate::core::log::new_id(bytes)
}

/// Asks the service worker; an `{ok: false}` answer, or none, becomes the error text.
pub async fn ask_worker(message: &serde_json::Value) -> Result<serde_json::Value, String> {
    let request = to_js(message).map_err(|e| storage::describe(&e))?;
    let answer = chrome::send_message(&request).await.map_err(|e| {
        format!(
            "The AuthPilot service worker did not answer: {}",
            storage::describe(&e)
        )
    })?;
    let value: serde_json::Value = from_js(answer)?;
    if value["ok"] == serde_json::Value::Bool(true) {
        Ok(value)
    } else {
        Err(value["error"]
            .as_str()
            .unwrap_or("The service worker refused the request.")
            .to_string())
    }
}
