//! The service worker's wasm module: the entry points `extension/sw.js` calls, each handing
//! over to `authpilot::web::worker`. Only these are exported, so the linker keeps what they
//! reach — the worker's state machine, the log and the wire types — and drops the pages' code.
#![cfg(target_arch = "wasm32")]

use authpilot::web::worker::{self, Port};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    authpilot::web::use_browser_language();
}

#[wasm_bindgen]
pub async fn handle_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    worker::handle_message(message, sender).await
}

#[wasm_bindgen]
pub fn helper_connected(port: Port) {
    worker::helper_connected(port)
}

#[wasm_bindgen]
pub fn helper_disconnected(port: Port) {
    worker::helper_disconnected(port)
}

#[wasm_bindgen]
pub fn storage_changed(changes: JsValue, area: String) {
    worker::storage_changed(changes, area)
}

#[wasm_bindgen]
pub async fn tab_updated(tab_id: f64, url: String) -> Result<(), JsValue> {
    worker::tab_updated(tab_id, url).await
}

#[wasm_bindgen]
pub async fn tab_removed(tab_id: f64) -> Result<(), JsValue> {
    worker::tab_removed(tab_id).await
}

#[wasm_bindgen]
pub async fn alarm_fired(name: String) -> Result<(), JsValue> {
    worker::alarm_fired(name).await
}

#[wasm_bindgen]
pub async fn settings_changed() -> Result<(), JsValue> {
    worker::settings_changed().await
}

#[wasm_bindgen]
pub async fn browser_started() -> Result<(), JsValue> {
    worker::browser_started().await
}
