//! The only Rust that touches JavaScript: Chrome API bindings, storage, DOM rendering, and
//! the entry points the extension's thin JS loaders call.

pub mod chrome;
pub mod dom;
pub mod log_store;
pub mod overlay;
pub mod popup;
pub mod storage;
pub mod worker;

use wasm_bindgen::prelude::*;

/// Runs when the module is instantiated, in the worker and in every page: text comes from
/// `chrome.i18n` from then on.
#[wasm_bindgen(start)]
pub fn use_browser_language() {
    crate::core::i18n::install(std::rc::Rc::new(chrome::ChromeCatalog));
}

/// serde → JS through JSON text (`JSON.parse`): plain objects, never `Map`, so
/// `chrome.storage` and `JSON.stringify` keep every field. One serde format (serde_json) for
/// the whole crate keeps the wasm small (see BENCHMARKS.md).
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| JsValue::from_str(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// JS → serde, through `JSON.stringify`, with the parser's message on failure.
pub fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    serde_json::from_str(&json_text(&value)?).map_err(|e| e.to_string())
}

/// A JS value as JSON text (`undefined` as `null`).
pub fn json_text(value: &JsValue) -> Result<String, String> {
    if value.is_undefined() {
        return Ok("null".to_string());
    }
    js_sys::JSON::stringify(value)
        .map_err(|e| storage::describe(&e))?
        .as_string()
        .ok_or_else(|| "not representable as JSON".to_string())
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

/// Asks the service worker and reads its answer as `T`; an `{ok: false}` answer, or none,
/// becomes the error text.
pub async fn ask_worker<T: serde::de::DeserializeOwned>(
    message: &serde_json::Value,
) -> Result<T, String> {
    #[derive(serde::Deserialize)]
    struct Status {
        ok: bool,
        #[serde(default)]
        error: Option<String>,
    }
    let request = to_js(message).map_err(|e| storage::describe(&e))?;
    let answer = chrome::send_message(&request)
        .await
        .map_err(|e| t!("error_worker_silent", storage::describe(&e)))?;
    let text = json_text(&answer)?;
    let status: Status = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if !status.ok {
        return Err(status.error.unwrap_or_else(|| t!("error_worker_refused")));
    }
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// An answer whose content does not matter beyond `ok`.
#[derive(serde::Deserialize)]
pub struct Done {}
