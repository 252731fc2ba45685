//! The extension pages' wasm module: the entry points `extension/popup.js`, `helper.js` and
//! `report.js` call. Only these are exported, so the linker keeps the pages' rendering, the
//! report and the audit reader and drops the worker's state machine.
#![cfg(target_arch = "wasm32")]

use authpilot::web::{helper, popup, report};
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(start)]
pub fn start() {
    authpilot::web::use_browser_language();
}

#[wasm_bindgen]
pub async fn start_popup(root: Element) -> Result<(), JsValue> {
    popup::start_popup(root).await
}

/// The in-page helper (extension/helper.html, framed by the content script).
#[wasm_bindgen]
pub async fn start_helper(root: Element) -> Result<(), JsValue> {
    helper::start_helper(root).await
}

#[wasm_bindgen]
pub async fn start_report(root: Element) -> Result<(), JsValue> {
    report::start_report(root).await
}
