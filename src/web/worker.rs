//! The service worker's logic: checks who is asking, answers, and keeps what it learns in
//! `chrome.storage.session` (never only in memory: Chrome stops the worker when idle).

use wasm_bindgen::prelude::*;

use super::chrome::{self, StorageArea};
use super::log_store;
use super::storage::describe;
use super::{from_js, now, to_js};
use crate::core::export;
use crate::core::hosts::Location;
use crate::core::log::{outcome_update, Summary};
use crate::core::messages::{
    check_sender, presence_key, ExportFormat, Origin, Request, Sender, TabPresence,
};

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
        (request, Origin::ExtensionPage) => answer_log_request(request).await,
        (request, _) => refusal(format!(
            "{} is not accepted from this sender",
            request_name(&request)
        )),
    }
}

/// Forgets a closed tab (called from `chrome.tabs.onRemoved`).
#[wasm_bindgen]
pub async fn tab_removed(tab_id: f64) -> Result<(), JsValue> {
    StorageArea::session()?
        .remove_key(&presence_key(tab_id as i64))
        .await
}

fn request_name(request: &Request) -> &'static str {
    match request {
        Request::PagePresent { .. } => "page-present",
        Request::TabStatus { .. } => "tab-status",
        Request::LogAppend { .. } => "log-append",
        Request::LogUpdate { .. } => "log-update",
        Request::LogSummary => "log-summary",
        Request::LogHistory { .. } => "log-history",
        Request::LogExport { .. } => "log-export",
        Request::LogImport { .. } => "log-import",
    }
}

/// The action-log requests AuthPilot's own pages may make.
async fn answer_log_request(request: Request) -> Result<JsValue, JsValue> {
    let area = StorageArea::local()?;
    let result: Result<serde_json::Value, String> = async {
        match request {
            Request::LogAppend { draft } => {
                let entry = log_store::append(&area, draft).await?;
                Ok(serde_json::json!({"entry": entry}))
            }
            Request::LogUpdate {
                target,
                outcome,
                id,
            } => {
                let log = log_store::load(&area).await?;
                let original = log
                    .entries
                    .iter()
                    .find(|e| e.id == target)
                    .ok_or_else(|| format!("No entry with id {target}."))?;
                if let Some(later) = log
                    .entries
                    .iter()
                    .find(|e| e.supersedes.as_deref() == Some(target.as_str()))
                {
                    return Err(format!(
                        "Entry {} already has a later outcome (entry {}).",
                        original.seq, later.seq
                    ));
                }
                let draft = outcome_update(original, id, outcome, now(), None)?;
                let entry = log_store::append(&area, draft).await?;
                Ok(serde_json::json!({"entry": entry}))
            }
            Request::LogSummary => {
                let log = log_store::load(&area).await?;
                Ok(serde_json::json!({"summary": Summary::of(&log.entries, &log.verified)}))
            }
            Request::LogHistory { protocol } => {
                let log = log_store::load(&area).await?;
                let entries: Vec<_> = log
                    .entries
                    .into_iter()
                    .filter(|e| e.protocol == protocol)
                    .collect();
                Ok(serde_json::json!({"entries": entries}))
            }
            Request::LogExport { format } => {
                let log = log_store::load(&area).await?;
                if let Err(broken) = log.verified {
                    return Err(format!(
                        "The log is broken at {}; it was not exported.",
                        broken.describe()
                    ));
                }
                let content = match format {
                    ExportFormat::Json => export::to_json(&log.entries, now()),
                    ExportFormat::Csv => export::to_csv(&log.entries),
                };
                Ok(serde_json::json!({"content": content, "count": log.entries.len()}))
            }
            Request::LogImport { text } => {
                let (merge, added) = log_store::import(&area, &text).await?;
                Ok(serde_json::json!({"added": added, "already_present": merge.already_present}))
            }
            other => Err(format!("{} is not a log request", request_name(&other))),
        }
    }
    .await;
    match result {
        Ok(mut value) => {
            value["ok"] = serde_json::Value::Bool(true);
            to_js(&value)
        }
        Err(message) => refusal(message),
    }
}
