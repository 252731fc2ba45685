//! The service worker, bound to Chrome: every message and event is one step of the core's
//! state machine (`core::worker`), run over the worker's copy of storage (`web::copy`), whose
//! effects are carried out here — alarms, the badge, notifications, and the views pushed to
//! each tab's helper over its long-lived port. The only rule left here is none: the prefill
//! request asks the tab's content script and words its answer with the core.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen::prelude::*;

use super::boundary::{from_js, to_js};
use super::chrome;
use super::copy::{self, Areas};
use super::storage::describe;
use crate::core::messages::{answers, check_sender, Origin, PageMessage, Sender, TabMessage};
use crate::core::worker::storage::{Memory, Missing};
use crate::core::worker::{self, refusal, Done, Effect, Env};

#[wasm_bindgen]
extern "C" {
    /// A `chrome.runtime.Port`.
    #[derive(Clone)]
    pub type Port;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message(this: &Port, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter)]
    fn sender(this: &Port) -> JsValue;
}

thread_local! {
    /// Each tab's helpers' ports (a tab shows one helper; a reload may briefly hold two).
    static PORTS: RefCell<HashMap<i64, Vec<Port>>> = RefCell::new(HashMap::new());
}

fn js(e: String) -> JsValue {
    JsValue::from_str(&e)
}

/// Runs one step and carries out what follows it; the step's answer.
async fn run(
    step: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<serde_json::Value, String> {
    run_done(step).await.map(|done| done.answer)
}

/// Runs one step and carries out what follows it (a question to a tab aside: `AskTab` is the
/// caller's, since its reply is the answer).
async fn run_done(step: impl Fn(&Memory, Env) -> Result<Done, Missing>) -> Result<Done, String> {
    let areas = Areas::chrome()?;
    let done = copy::step(&areas, step).await?;
    let (asks, rest): (Vec<Effect>, Vec<Effect>) = done
        .effects
        .iter()
        .cloned()
        .partition(|e| matches!(e, Effect::AskTab { .. }));
    carry_out(&areas, rest).await;
    Ok(Done {
        effects: asks,
        ..done
    })
}

async fn carry_out(areas: &Areas, effects: Vec<Effect>) {
    for effect in effects {
        let result = match effect {
            Effect::Alarm { name, at_ms } => chrome::alarm_at(&name.name(), at_ms).await,
            Effect::ClearAlarm { name } => chrome::clear_alarm(&name.name()).await,
            Effect::Badge { tab, text, colour } => chrome::set_badge(tab, &text, &colour).await,
            Effect::Notify { id, title, message } => chrome::notify(&id, &title, &message).await,
            Effect::Push { tab } => {
                if !push(areas, tab).await {
                    wake_helpers(Some(tab)).await;
                }
                Ok(())
            }
            // A tab without AuthPilot's content script (not an admin-center page, or closed)
            // has no helper to tell: not an error.
            // Only a request's step asks a tab, and its caller carries it out (run_done).
            Effect::AskTab { .. } => Ok(()),
            Effect::TellTab { tab, message } => {
                if let Ok(message) = to_js(&message) {
                    let _ = chrome::send_to_tab(tab, &message).await;
                }
                Ok(())
            }
            Effect::PushAll => {
                let tabs: Vec<i64> = PORTS.with(|p| p.borrow().keys().copied().collect());
                for tab in tabs {
                    push(areas, tab).await;
                }
                // Helpers whose port closed with an earlier worker are told to ask again.
                wake_helpers(None).await;
                Ok(())
            }
        };
        if let Err(e) = result {
            web_sys::console::error_1(&e);
        }
    }
}

/// Tells the helpers (of one tab, or all) without a port to this worker that their view
/// changed: they connect and ask for it. No helper listening is not an error.
async fn wake_helpers(tab: Option<i64>) {
    if let Ok(message) = to_js(&PageMessage::ViewsChanged { tab }) {
        let _ = chrome::send_message(&message).await;
    }
}

/// Sends a tab's view to its helpers, if any is connected to this worker (`false`: none is).
async fn push(areas: &Areas, tab: i64) -> bool {
    let ports: Vec<Port> = PORTS.with(|p| p.borrow().get(&tab).cloned().unwrap_or_default());
    if ports.is_empty() {
        return false;
    }
    let view = copy::step(areas, |storage, _| {
        worker::tab_view(tab, storage).map(|answer| Done {
            answer,
            changes: Default::default(),
            effects: Vec::new(),
        })
    })
    .await
    .map(|d| d.answer)
    .unwrap_or_else(refusal);
    let Ok(message) = to_js(&view) else {
        return true;
    };
    for port in ports {
        // A port whose page went away since: its disconnect event removes it.
        let _ = port.post_message(&message);
    }
    true
}

fn origin_of(sender: JsValue) -> Result<Origin, String> {
    let sender: Sender = from_js(sender).map_err(|e| format!("unreadable sender: {e}"))?;
    check_sender(&sender, &chrome::runtime_id().map_err(|e| describe(&e))?)
}

/// Answers one `chrome.runtime.onMessage` message. Never throws: every failure is an
/// `{ok: false, error}` answer the sender can show.
pub async fn handle_message(message: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let answer = match (origin_of(sender), super::boundary::request_from_js(message)) {
        (Err(reason), _) => refusal(reason),
        (_, Err(e)) => refusal(format!("malformed message: {e}")),
        (Ok(origin), Ok(request)) => {
            match run_done(|s, env| worker::handle(&request, &origin, s, env)).await {
                // The pre-fill: the tab's content script does it, and its reply is the answer.
                Ok(done) => match done.effects.into_iter().find_map(|e| match e {
                    Effect::AskTab { tab, message } => Some((tab, message)),
                    _ => None,
                }) {
                    Some((tab, message)) => worker::prefill_answer(ask_tab(tab, &message).await),
                    None => done.answer,
                },
                Err(e) => refusal(e),
            }
        }
    };
    to_js(&answer)
}

/// Sends a message to a tab's content script and reads its reply.
async fn ask_tab(tab: i64, message: &TabMessage) -> Result<answers::PrefillReply, String> {
    let message = to_js(message).map_err(|e| describe(&e))?;
    let reply = chrome::send_to_tab(tab, &message)
        .await
        .map_err(|e| describe(&e))?;
    from_js(reply)
}

/// `chrome.runtime.onConnect`: a helper in a tab connects to be sent its tab's view whenever
/// it changes (it asks for the first view itself, with `helper-view`).
pub fn helper_connected(port: Port) {
    if let Ok(Origin::ExtensionPage { tab_id: Some(tab) }) = origin_of(port.sender()) {
        PORTS.with(|p| p.borrow_mut().entry(tab).or_default().push(port));
    } // else: not AuthPilot's helper inside a tab, never sent anything
}

/// The port's page went away (or the helper closed it).
pub fn helper_disconnected(port: Port) {
    PORTS.with(|p| {
        for ports in p.borrow_mut().values_mut() {
            ports.retain(|q| !js_sys::Object::is(q, &port));
        }
        p.borrow_mut().retain(|_, ports| !ports.is_empty());
    });
}

/// `chrome.storage.onChanged`: the worker's copy forgets what changed; the organisation's
/// policy or the settings changing also move the reminders (`settings_changed`, from sw.js).
pub fn storage_changed(changes: JsValue, area: String) {
    copy::storage_changed(&changes, &area);
}

/// A tab loaded or changed its address (`chrome.tabs.onUpdated`).
pub async fn tab_updated(tab_id: f64, url: String) -> Result<(), JsValue> {
    run(|s, env| worker::tab_updated(tab_id as i64, &url, s, env))
        .await
        .map(drop)
        .map_err(js)
}

/// Forgets a closed tab (`chrome.tabs.onRemoved`); a press still waiting there is settled.
pub async fn tab_removed(tab_id: f64) -> Result<(), JsValue> {
    PORTS.with(|p| p.borrow_mut().remove(&(tab_id as i64)));
    run(|s, env| worker::tab_removed(tab_id as i64, s, env))
        .await
        .map(drop)
        .map_err(js)
}

/// `chrome.alarms.onAlarm`.
pub async fn alarm_fired(name: String) -> Result<(), JsValue> {
    run(|s, env| worker::alarm(&name, s, env))
        .await
        .map(drop)
        .map_err(js)
}

/// The settings or the organisation's policy changed (or AuthPilot was installed or updated).
pub async fn settings_changed() -> Result<(), JsValue> {
    run(|s, env| worker::settings_changed(s, env))
        .await
        .map(drop)
        .map_err(js)
}

/// `chrome.runtime.onStartup` and `onInstalled`: presses that waited in tabs now gone are
/// settled as when their tab closes (tab ids do not survive a restart).
pub async fn browser_started() -> Result<(), JsValue> {
    let areas = Areas::chrome().map_err(js)?;
    let waiting = copy::step(&areas, |s, _| {
        worker::waiting_tabs(s).map(|tabs| Done {
            answer: serde_json::json!(tabs),
            changes: Default::default(),
            effects: Vec::new(),
        })
    })
    .await
    .map_err(js)?;
    let tabs: Vec<i64> = serde_json::from_value(waiting.answer).unwrap_or_default();
    let mut gone = Vec::new();
    for tab in tabs {
        if chrome::tab(tab).await.is_err() {
            gone.push(tab);
        }
    }
    run(|s, env| worker::browser_started(&gone, s, env))
        .await
        .map(drop)
        .map_err(js)
}
