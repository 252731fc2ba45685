//! Typed bindings for the few `chrome.*` calls AuthPilot makes. Each returns the
//! promise-based MV3 form; a missing API surfaces as a `JsValue` error, never a panic.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// A `chrome.storage` area (`local`, `session`) or anything with the same methods.
    #[derive(Clone)]
    pub type StorageArea;
    #[wasm_bindgen(method, catch)]
    fn get(this: &StorageArea, keys: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn set(this: &StorageArea, items: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn remove(this: &StorageArea, keys: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = sendMessage, catch)]
    fn send_message_raw(message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = query, catch)]
    fn tabs_query_raw(query: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = get, catch)]
    fn tabs_get_raw(tab_id: f64) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = create, catch)]
    fn tabs_create_raw(properties: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "tabs"], js_name = sendMessage, catch)]
    fn tabs_send_message_raw(tab_id: f64, message: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "scripting"], js_name = executeScript, catch)]
    fn execute_script_raw(injection: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = create, catch)]
    fn alarms_create_raw(name: &str, info: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "alarms"], js_name = clear, catch)]
    fn alarms_clear_raw(name: &str) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "notifications"], js_name = create, catch)]
    fn notifications_create_raw(id: &str, options: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = getURL, catch)]
    fn get_url_raw(path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "action"], js_name = setBadgeText, catch)]
    fn set_badge_text_raw(details: &JsValue) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["chrome", "action"], js_name = setBadgeBackgroundColor, catch)]
    fn set_badge_background_raw(details: &JsValue) -> Result<Promise, JsValue>;
    /// `chrome.storage.onChanged.addListener((changes, areaName) => …)`.
    #[wasm_bindgen(js_namespace = ["chrome", "storage", "onChanged"], js_name = addListener)]
    pub fn on_storage_changed(listener: &Closure<dyn FnMut(JsValue, JsValue)>);
    /// `chrome.runtime.onMessage.addListener`: messages from the extension's other contexts.
    #[wasm_bindgen(js_namespace = ["chrome", "runtime", "onMessage"], js_name = addListener)]
    pub fn on_runtime_message(listener: &RuntimeListener);
    #[wasm_bindgen(js_namespace = ["chrome", "runtime"], js_name = connect, catch)]
    fn connect_raw(info: &JsValue) -> Result<RuntimePort, JsValue>;
    /// A `chrome.runtime.Port` seen from a page.
    pub type RuntimePort;
    #[wasm_bindgen(method, getter, js_name = onMessage)]
    pub fn on_message(this: &RuntimePort) -> PortEvent;
    #[wasm_bindgen(method, getter, js_name = onDisconnect)]
    pub fn on_disconnect(this: &RuntimePort) -> PortEvent;
    /// A port's `onMessage` or `onDisconnect`.
    pub type PortEvent;
    #[wasm_bindgen(method, js_name = addListener)]
    pub fn add_listener(this: &PortEvent, listener: &Closure<dyn FnMut(JsValue)>);
    #[wasm_bindgen(js_namespace = ["chrome", "i18n"], js_name = getMessage, catch)]
    fn get_message_raw(key: &str, substitutions: &js_sys::Array) -> Result<JsValue, JsValue>;
}

/// A `chrome.storage.onChanged` listener: `(changes, areaName)`.
pub type StorageListener = Closure<dyn FnMut(JsValue, JsValue)>;
/// A `chrome.runtime.onMessage` listener (message, sender, sendResponse).
pub type RuntimeListener = Closure<dyn FnMut(JsValue, JsValue, JsValue)>;

/// The extension's `_locales` in the browser's language, through `chrome.i18n.getMessage`
/// (Chrome falls back to `default_locale`, English, key by key).
pub struct ChromeCatalog;

impl crate::core::i18n::Catalog for ChromeCatalog {
    fn message(&self, key: &str, substitutions: &[&str]) -> Option<String> {
        let subs: js_sys::Array = substitutions.iter().map(|s| JsValue::from_str(s)).collect();
        get_message_raw(key, &subs)
            .ok()
            .and_then(|v| v.as_string())
            .filter(|text| !text.is_empty())
    }
}

async fn settle(promise: Result<Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn chrome_path(path: &[&str]) -> Result<JsValue, JsValue> {
    let mut at: JsValue = js_sys::global().into();
    for part in path {
        at = Reflect::get(&at, &JsValue::from_str(part))?;
        if at.is_undefined() {
            return Err(JsValue::from_str(&format!(
                "{} is not available here",
                path.join(".")
            )));
        }
    }
    Ok(at)
}

impl StorageArea {
    /// `chrome.storage.local`: survives restarts.
    pub fn local() -> Result<StorageArea, JsValue> {
        Ok(chrome_path(&["chrome", "storage", "local"])?.unchecked_into())
    }
    /// `chrome.storage.managed`: what the organisation set by policy (read-only; `{}` when
    /// nothing is set).
    pub fn managed() -> Result<StorageArea, JsValue> {
        Ok(chrome_path(&["chrome", "storage", "managed"])?.unchecked_into())
    }
    /// `chrome.storage.session`: cleared when the browser closes.
    pub fn session() -> Result<StorageArea, JsValue> {
        Ok(chrome_path(&["chrome", "storage", "session"])?.unchecked_into())
    }

    /// The value under `key`, or `undefined`.
    pub async fn get_key(&self, key: &str) -> Result<JsValue, JsValue> {
        let all = settle(self.get(&JsValue::from_str(key))).await?;
        Reflect::get(&all, &JsValue::from_str(key))
    }

    pub async fn set_key(&self, key: &str, value: &JsValue) -> Result<(), JsValue> {
        settle(self.set(&object(&[(key, value.clone())])))
            .await
            .map(drop)
    }

    /// The values under `keys` (an array of strings), as one object.
    pub async fn get_many(&self, keys: &js_sys::Array) -> Result<JsValue, JsValue> {
        settle(self.get(keys)).await
    }

    /// Everything in the area.
    pub async fn get_all(&self) -> Result<JsValue, JsValue> {
        settle(self.get(&JsValue::NULL)).await
    }

    /// Writes several keys in one call (Chrome commits them together).
    pub async fn set_items(&self, items: &JsValue) -> Result<(), JsValue> {
        settle(self.set(items)).await.map(drop)
    }

    /// Removes several keys in one call.
    pub async fn remove_keys(&self, keys: &js_sys::Array) -> Result<(), JsValue> {
        settle(self.remove(keys)).await.map(drop)
    }

    pub async fn remove_key(&self, key: &str) -> Result<(), JsValue> {
        settle(self.remove(&JsValue::from_str(key))).await.map(drop)
    }
}

/// Opens a long-lived port to the service worker.
pub fn connect(name: &str) -> Result<RuntimePort, JsValue> {
    connect_raw(&object(&[("name", JsValue::from_str(name))]))
}

/// `chrome.runtime.id`.
pub fn runtime_id() -> Result<String, JsValue> {
    chrome_path(&["chrome", "runtime", "id"])?
        .as_string()
        .ok_or_else(|| JsValue::from_str("chrome.runtime.id is not a string"))
}

pub async fn send_message(message: &JsValue) -> Result<JsValue, JsValue> {
    settle(send_message_raw(message)).await
}

/// The active tab of the window the popup belongs to.
pub async fn active_tab() -> Result<JsValue, JsValue> {
    let query = object(&[("active", JsValue::TRUE), ("currentWindow", JsValue::TRUE)]);
    let tabs = settle(tabs_query_raw(&query)).await?;
    Ok(js_sys::Array::from(&tabs).get(0))
}

pub async fn tab(tab_id: i64) -> Result<JsValue, JsValue> {
    settle(tabs_get_raw(tab_id as f64)).await
}

pub async fn open_tab(url: &str) -> Result<(), JsValue> {
    settle(tabs_create_raw(&object(&[("url", JsValue::from_str(url))])))
        .await
        .map(drop)
}

/// Sets the toolbar badge for one tab.
pub async fn set_badge(tab_id: i64, text: &str, colour: &str) -> Result<(), JsValue> {
    let id = JsValue::from_f64(tab_id as f64);
    settle(set_badge_text_raw(&object(&[
        ("tabId", id.clone()),
        ("text", JsValue::from_str(text)),
    ])))
    .await?;
    settle(set_badge_background_raw(&object(&[
        ("tabId", id),
        ("color", JsValue::from_str(colour)),
    ])))
    .await
    .map(drop)
}

/// Sends a message to AuthPilot's content script in a tab and waits for its answer. The
/// content script keeps quiet pages free of chrome.* calls until it is needed, so it is
/// woken first (wake.js, in its own isolated world of the tab's top frame).
pub async fn send_to_tab(tab_id: i64, message: &JsValue) -> Result<JsValue, JsValue> {
    let target = object(&[("tabId", JsValue::from_f64(tab_id as f64))]);
    let files = js_sys::Array::of1(&JsValue::from_str("wake.js"));
    // A tab that is not an admin-center page refuses the injection; sendMessage then says so.
    let _ = settle(execute_script_raw(&object(&[
        ("target", target),
        ("files", files.into()),
    ])))
    .await;
    settle(tabs_send_message_raw(tab_id as f64, message)).await
}

/// Schedules an alarm at `when_ms` (ms since the epoch); survives worker restarts.
pub async fn alarm_at(name: &str, when_ms: f64) -> Result<(), JsValue> {
    settle(alarms_create_raw(
        name,
        &object(&[("when", JsValue::from_f64(when_ms))]),
    ))
    .await
    .map(drop)
}

pub async fn clear_alarm(name: &str) -> Result<(), JsValue> {
    settle(alarms_clear_raw(name)).await.map(drop)
}

/// Shows a system notification with AuthPilot's icon.
pub async fn notify(id: &str, title: &str, message: &str) -> Result<(), JsValue> {
    let options = object(&[
        ("type", JsValue::from_str("basic")),
        (
            "iconUrl",
            JsValue::from_str(&get_url_raw("icons/icon-128.png")?),
        ),
        ("title", JsValue::from_str(title)),
        ("message", JsValue::from_str(message)),
    ]);
    settle(notifications_create_raw(id, &options))
        .await
        .map(drop)
}
