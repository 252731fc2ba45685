//! The service worker's logic: checks who is asking, answers, and keeps what it learns in
//! `chrome.storage.session` (never only in memory: Chrome stops the worker when idle).

use wasm_bindgen::prelude::*;

use super::chrome::{self, StorageArea};
use super::storage::describe;
use super::{from_js, now, to_js};
use crate::core::hosts::Location;
use crate::core::messages::{check_sender, presence_key, Origin, Request, Sender, TabPresence};

fn refusal(message: impl Into<String>) -> Result<JsValue, JsValue> {
    to_js(&serde_json::json!({"ok": false, "error": message.into()}))
}

/// Answers one `chrome.runtime.onMessage` message. Never throws: every failure is an
/// `{ok: false, error}` answer the sender can show.
#[wasm_bindgen]
pub async fn handle_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let sender: Sender = match from_js(sender) {
        Ok(s) => s,
        Err(e) => return refusal(format!("unreadable sender: {e}")),
    };
    let own_id = chrome::runtime_id()?;
    let origin = match check_sender(&sender, &own_id) {
        Ok(origin) => origin,
        Err(reason) => return refusal(reason),
    };
    let request: Request = match from_js(message) {
        Ok(r) => r,
        Err(e) => return refusal(format!("malformed message: {e}")),
    };
    match (request, origin) {
        (
            Request::PagePresent { route },
            Origin::AdminCenterPage {
                tab_id,
                frame_id,
                location,
            },
        ) => {
            let Location::AdminCenter {
                host, host_cloud, ..
            } = location
            else {
                return refusal("not the admin center");
            };
            if frame_id == 0 {
                let presence = TabPresence {
                    host: host.to_string(),
                    route,
                    at: now().to_rfc3339(),
                };
                let session = StorageArea::session()?;
                if let Err(e) = session
                    .set_key(&presence_key(tab_id), &to_js(&presence)?)
                    .await
                {
                    return refusal(format!("could not record the tab: {}", describe(&e)));
                }
                chrome::set_badge(tab_id, "ON", "#107C10").await?;
            }
            to_js(
                &serde_json::json!({"ok": true, "active": true, "host": host, "cloud": host_cloud.id()}),
            )
        }
        (Request::TabStatus { tab_id }, Origin::ExtensionPage) => {
            let session = StorageArea::session()?;
            let stored = session.get_key(&presence_key(tab_id)).await?;
            let presence: Option<TabPresence> = if stored.is_undefined() {
                None
            } else {
                from_js(stored).ok()
            };
            to_js(&serde_json::json!({
                "ok": true,
                "content_script_seen": presence.is_some(),
                "presence": presence,
            }))
        }
        (request, _) => refusal(format!("{request:?} is not accepted from this sender")),
    }
}

/// Forgets a closed tab (called from `chrome.tabs.onRemoved`).
#[wasm_bindgen]
pub async fn tab_removed(tab_id: f64) -> Result<(), JsValue> {
    StorageArea::session()?
        .remove_key(&presence_key(tab_id as i64))
        .await
}
