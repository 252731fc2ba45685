//! Settings in `chrome.storage.local` (or any area with the same API): read, validated by
//! the core, and written whole with their schema version.

use wasm_bindgen::JsValue;

use super::chrome::StorageArea;
use super::{from_js, to_js};
use crate::core::settings::{Loaded, Settings, SETTINGS_KEY};

/// What is stored now, interpreted; damaged or newer data is reported, not overwritten.
pub async fn load_settings(area: &StorageArea) -> Result<Loaded, String> {
    let raw = area
        .get_key(SETTINGS_KEY)
        .await
        .map_err(|e| t!("error_read_settings", describe(&e)))?;
    if raw.is_undefined() || raw.is_null() {
        return Ok(Settings::load(None));
    }
    let value: serde_json::Value = from_js(raw).map_err(|e| t!("error_read_settings", e))?;
    Ok(Settings::load(Some(&value)))
}

pub async fn save_settings(area: &StorageArea, settings: &Settings) -> Result<(), String> {
    let value = to_js(&settings.to_stored()).map_err(|e| describe(&e))?;
    area.set_key(SETTINGS_KEY, &value)
        .await
        .map_err(|e| t!("error_settings_not_saved", describe(&e)))
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
