//! The JS boundary every context shares: values in and out (serde-wasm-bindgen), requests on
//! the wire, asking the worker, a JS error's words, the time and fresh ids, the page's listeners.

use super::chrome;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs when a module is instantiated (each module's `start` calls it), in the worker and in
/// every page: text comes from `chrome.i18n` from then on.
pub fn use_browser_language() {
    crate::core::i18n::install(std::rc::Rc::new(chrome::ChromeCatalog));
}

/// serde → JS as a value, JSON-compatible: maps become plain objects, never `Map`, so
/// `chrome.storage` and `JSON.stringify` keep every field. Every type goes through
/// `serde_json::Value` (then serde-wasm-bindgen, once for all types): the core reads and writes
/// stored values as `serde_json::Value` (`core::worker::storage`), so one serializer per type
/// serves both, instead of a second one per type for the JS boundary.
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    use serde::Serialize;
    serde_json::to_value(value)
        .map_err(|e| JsValue::from_str(&e.to_string()))?
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
}

/// JS → serde, through `serde_json::Value` (serde-wasm-bindgen reads the value once, for all
/// types; see `to_js`), with its message on failure.
pub fn from_js<T: serde::de::DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let value: serde_json::Value =
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    serde_json::from_value(value).map_err(|e| e.to_string())
}

// The page's DOM event listeners (popup, helper), owned for the page's lifetime: gloo-events
// removes each when it is dropped, which here is when the page goes away.
thread_local! {
    static LISTENERS: std::cell::RefCell<Vec<gloo_events::EventListener>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps a listener for as long as the page lives.
pub fn keep(listener: gloo_events::EventListener) {
    LISTENERS.with(|l| l.borrow_mut().push(listener));
}

/// Milliseconds since the epoch, from the browser's clock.
pub fn now() -> crate::core::time::Instant {
    crate::core::time::Instant::from_unix_millis(js_sys::Date::now())
}

/// A fresh random entry id (UUID v4) from the browser's `crypto`, in pages and the worker.
/// Without random bytes there is no id: an error the admin sees, never a predictable id
/// (two entries must never share one).
pub fn fresh_id() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok())
        .ok_or_else(|| t!("error_no_random", "crypto"))?;
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| t!("error_no_random", describe(&e)))?;
    Ok(crate::core::log::new_id(bytes))
}

/// A request as it travels: `{type, ...fields}` (see `core::messages::Request`).
pub fn request_to_js(request: &crate::core::messages::Request) -> Result<JsValue, JsValue> {
    use crate::core::messages::WIRE_TAG;
    let tagged = to_js(request)?;
    let kind = js_sys::Object::keys(tagged.unchecked_ref::<js_sys::Object>()).get(0);
    let wire = js_sys::Object::new();
    js_sys::Reflect::set(&wire, &WIRE_TAG.into(), &kind)?;
    let fields = js_sys::Reflect::get(&tagged, &kind)?;
    Ok(js_sys::Object::assign(&wire, fields.unchecked_ref()).into())
}

/// Reads a request from the wire: an object whose `type` names it; every other key is a
/// field of it.
pub fn request_from_js(wire: JsValue) -> Result<crate::core::messages::Request, String> {
    use crate::core::messages::WIRE_TAG;
    if !wire.is_object() {
        return Err("a message must be an object".into());
    }
    let kind = js_sys::Reflect::get(&wire, &WIRE_TAG.into())
        .ok()
        .filter(JsValue::is_string)
        .ok_or("a message needs a \"type\"")?;
    let fields = js_sys::Object::assign(&js_sys::Object::new(), wire.unchecked_ref());
    js_sys::Reflect::delete_property(&fields, &WIRE_TAG.into()).map_err(|e| describe(&e))?;
    let tagged = js_sys::Object::new();
    js_sys::Reflect::set(&tagged, &kind, &fields).map_err(|e| describe(&e))?;
    from_js(tagged.into())
}

/// Asks the service worker and reads the answer its request gets (`Answer::read`: the type
/// is the request's, decided in the core); a refusal, or no answer, becomes the error text.
/// A request that carries an admin's action (`Request::delivery_id`: a mailbox named in the
/// helper) is sent until the worker answers it, as the core's delivery policy says (issue 31):
/// Chrome may lose it, or its answer, while it stops or starts the worker, and the worker
/// answers a repeat as it answered the first.
pub async fn ask(
    request: &crate::core::messages::Request,
) -> Result<crate::core::messages::answers::Answer, String> {
    use crate::core::delivery::POLICY;
    let wire = request_to_js(request).map_err(|e| describe(&e))?;
    let mut repeats = 0;
    let answer = loop {
        let failure = match send_within(&wire, POLICY.answer_within_ms).await {
            Ok(answer) if answer.is_object() => break answer,
            Ok(_) => t!("error_worker_refused"),
            Err(e) => e,
        };
        if request.delivery_id().is_none() {
            return Err(t!("error_worker_silent", failure));
        }
        repeats += 1;
        gloo_timers::future::TimeoutFuture::new(POLICY.wait_ms(repeats) as u32).await;
    };
    let answer: serde_json::Value = from_js(answer)?;
    crate::core::messages::answers::Answer::read(request, answer)
}

/// One send to the worker: its answer, or why none came within `within_ms`.
async fn send_within(wire: &JsValue, within_ms: u64) -> Result<JsValue, String> {
    use futures_util::future::{select, Either};
    let sent = std::pin::pin!(chrome::send_message(wire));
    let timeout = gloo_timers::future::TimeoutFuture::new(within_ms as u32);
    match select(sent, timeout).await {
        Either::Left((answer, _)) => answer.map_err(|e| describe(&e)),
        Either::Right(_) => Err("no answer in time".to_string()),
    }
}

/// A JS error's message, for showing to the admin.
pub fn describe(error: &JsValue) -> String {
    if let Some(s) = error.as_string() {
        return s;
    }
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}
