//! The service worker's logic: checks who is asking, answers, records what the guide
//! observes, and keeps everything it learns in `chrome.storage` (never only in memory:
//! Chrome stops the worker when idle).

use wasm_bindgen::prelude::*;

use super::chrome::{self, StorageArea};
use super::log_store::{self, write_turn};
use super::storage::{describe, load_effective, load_managed};
use super::{fresh_id, from_js, now, to_js};
use crate::core::diagnostic::{
    entry_for, on_press, reminder, Next, Pending, Press, Snapshot, QUERY,
};
use crate::core::export;
use crate::core::guide::{observe, TabState};
use crate::core::hosts::{classify, effective_cloud, location_for_host, Location};
use crate::core::log::{outcome_update, Action, Outcome, Summary};
use crate::core::managed::Managed;
use crate::core::messages::{
    answers, check_sender, pending_key, presence_key, tab_state_key, ExportFormat, HelperPrefs,
    Origin, Request, Sender, TabMessage, TabPresence,
};
use crate::core::pending::{unanswered, Ending, Unanswered};
use crate::core::settings::Settings;
use crate::core::smtp;
use crate::core::timeline::guidance;

fn refusal(message: impl Into<String>) -> Result<JsValue, JsValue> {
    to_js(&answers::Refusal::new(message))
}

/// `{ok: true, …fields of T}`, or the refusal.
fn answer<T: serde::Serialize>(result: Result<T, String>) -> Result<JsValue, JsValue> {
    match result {
        Ok(value) => {
            let object = to_js(&value)?;
            js_sys::Reflect::set(&object, &"ok".into(), &JsValue::TRUE)?;
            Ok(object)
        }
        Err(message) => refusal(message),
    }
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
    let request: Request = match super::request_from_js(message) {
        Ok(r) => r,
        Err(e) => return refusal(format!("malformed message: {e}")),
    };
    if !origin.may(&request) {
        return refusal(format!(
            "{} is not accepted from this sender",
            request_name(&request)
        ));
    }
    match (request, origin) {
        (
            Request::PagePresent { route },
            Origin::AdminCenterPage {
                tab_id,
                frame_id,
                location,
            },
        ) => answer(apart(page_present(tab_id, frame_id, &location, route)).await),
        (
            Request::Observe { snapshot },
            Origin::AdminCenterPage {
                tab_id, location, ..
            },
        ) => answer(apart(observe_tab(tab_id, &location, snapshot)).await),
        (
            Request::Pressed { press },
            Origin::AdminCenterPage {
                tab_id, location, ..
            },
        ) => answer(apart(pressed(tab_id, &location, press)).await),
        (
            Request::SwitchPressed { press },
            Origin::AdminCenterPage {
                tab_id, location, ..
            },
        ) => answer(apart(switch_pressed(tab_id, &location, press)).await),
        (Request::SwitchResult { text, kind, sent }, Origin::AdminCenterPage { tab_id, .. }) => {
            answer(apart(switch_result(tab_id, kind, text, sent)).await)
        }
        (Request::TabStatus { tab_id }, _) => answer(apart(tab_status(tab_id)).await),
        (Request::Prefill { tab_id, submit }, Origin::ExtensionPage { tab_id: own_tab }) => {
            answer(apart(prefill(tab_id.or(own_tab), submit)).await)
        }
        (
            Request::OverlayState {},
            Origin::ExtensionPage {
                tab_id: Some(tab_id),
            },
        ) => answer(apart(overlay_state(tab_id)).await),
        (
            Request::NameMailbox { address },
            Origin::ExtensionPage {
                tab_id: Some(tab_id),
            },
        ) => answer(apart(name_mailbox(tab_id, address)).await),
        (Request::OverlayState {}, _) => {
            refusal("overlay-state comes from the overlay inside a tab")
        }
        (request, _) => apart(answer_log_request(request)).await,
    }
}

/// Runs one handler as a future of its own (boxed, behind a `dyn` the optimiser cannot see
/// through): without it LLVM inlined every handler into one ~80 KB function that the browser
/// compiles whole on the worker's first message. Measured in the per-context build: the first
/// message's handling 14.3 → 9.6 ms; in the shipped shared module no measurable difference
/// (BENCHMARKS.md, issue 11).
fn apart<'a, T>(
    future: impl std::future::Future<Output = T> + 'a,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = T> + 'a>> {
    std::hint::black_box(Box::pin(future))
}

fn request_name(request: &Request) -> &'static str {
    match request {
        Request::PagePresent { .. } => "page-present",
        Request::TabStatus { .. } => "tab-status",
        Request::LogAppend { .. } => "log-append",
        Request::LogUpdate { .. } => "log-update",
        Request::LogSummary {} => "log-summary",
        Request::LogHistory { .. } => "log-history",
        Request::LogExport { .. } => "log-export",
        Request::LogImport { .. } => "log-import",
        Request::Observe { .. } => "observe",
        Request::Pressed { .. } => "pressed",
        Request::Prefill { .. } => "prefill",
        Request::OverlayState {} => "overlay-state",
        Request::SwitchPressed { .. } => "switch-pressed",
        Request::SwitchResult { .. } => "switch-result",
        Request::NameMailbox { .. } => "name-mailbox",
    }
}

fn js_error(e: JsValue) -> String {
    describe(&e)
}

async fn read<T: serde::de::DeserializeOwned>(
    area: &StorageArea,
    key: &str,
) -> Result<Option<T>, String> {
    let raw = area.get_key(key).await.map_err(js_error)?;
    if raw.is_undefined() || raw.is_null() {
        return Ok(None);
    }
    from_js(raw).map(Some)
}

async fn write<T: serde::Serialize>(
    area: &StorageArea,
    key: &str,
    value: &T,
) -> Result<(), String> {
    area.set_key(key, &to_js(value).map_err(js_error)?)
        .await
        .map_err(js_error)
}

async fn page_present(
    tab_id: i64,
    frame_id: i64,
    location: &Location,
    route: String,
) -> Result<answers::PagePresent, String> {
    let Location::AdminCenter {
        host, host_cloud, ..
    } = location
    else {
        return Err("not the admin center".to_string());
    };
    if frame_id == 0 {
        record_presence(tab_id, host, route).await?;
    }
    // The helper's remembered state (minimised, closed) travels with the answer, so the
    // content script needs no storage access of its own.
    let local = StorageArea::local().map_err(js_error)?;
    let overlay: Option<HelperPrefs> = read(&local, "overlay").await.unwrap_or(None);
    Ok(answers::PagePresent {
        active: true,
        host: host.to_string(),
        cloud: *host_cloud,
        overlay,
    })
}

/// Remembers that a tab shows the admin center (for the popup) and marks its toolbar badge.
async fn record_presence(tab_id: i64, host: &str, route: String) -> Result<(), String> {
    let presence = TabPresence {
        host: host.to_string(),
        route,
        at: now().to_rfc3339(),
    };
    let session = StorageArea::session().map_err(js_error)?;
    write(&session, &presence_key(tab_id), &presence)
        .await
        .map_err(|e| format!("could not record the tab: {e}"))?;
    chrome::set_badge(tab_id, &t!("badge_on"), "#107C10")
        .await
        .map_err(js_error)
}

/// A tab loaded or changed its address (`chrome.tabs.onUpdated`; Chrome shows AuthPilot the
/// address only on the admin-center hosts it may access). The page's content script stays
/// quiet until needed, so presence and the badge come from here.
#[wasm_bindgen]
pub async fn tab_updated(tab_id: f64, url: String) -> Result<(), JsValue> {
    let tab_id = tab_id as i64;
    match classify(&url) {
        Location::AdminCenter { host, route, .. } => record_presence(tab_id, host, route)
            .await
            .map_err(|e| JsValue::from_str(&e)),
        Location::Elsewhere => {
            StorageArea::session()?
                .remove_key(&presence_key(tab_id))
                .await
        }
    }
}

async fn tab_status(tab_id: i64) -> Result<answers::TabStatus, String> {
    let session = StorageArea::session().map_err(js_error)?;
    let presence: Option<TabPresence> = read(&session, &presence_key(tab_id)).await.unwrap_or(None);
    Ok(answers::TabStatus {
        content_script_seen: presence.is_some(),
        presence,
    })
}

/// The settings in force (the admin's own with the organisation's managed values over them),
/// and what the organisation set.
async fn in_force() -> (Settings, Managed) {
    match StorageArea::local() {
        Ok(area) => load_effective(&area)
            .await
            .map(|(l, m)| (l.settings().clone(), m))
            .unwrap_or_default(),
        Err(_) => Default::default(),
    }
}

async fn settings() -> Settings {
    in_force().await.0
}

fn practice_note(settings: &Settings) -> Option<String> {
    settings.practice_date.map(|d| t!("note_practice", d))
}

/// Records a settled submission (once: the entry's id is the pending one's) and clears it.
async fn record_settled(
    tab_id: i64,
    pending: &Pending,
    outcome: Outcome,
    message: Option<String>,
) -> Result<(), String> {
    let local = StorageArea::local().map_err(js_error)?;
    if pending.asks_mailbox() {
        // Saved (or failed, or unanswered) before the admin named the mailbox: kept, without
        // its alarm, until the helper's "Record for this address" (`name_mailbox`).
        let held = Pending {
            held: Some((outcome, message)),
            ..pending.clone()
        };
        write(&local, &pending_key(tab_id), &held).await?;
        let _ = chrome::clear_alarm(&pending_key(tab_id)).await;
        return Ok(());
    }
    let (settings, managed) = in_force().await;
    let draft = managed.mark(entry_for(pending, outcome, message));
    let entry = log_store::append_in_turn(&local, draft).await?;
    local
        .remove_key(&pending_key(tab_id))
        .await
        .map_err(js_error)?;
    let _ = chrome::clear_alarm(&pending_key(tab_id)).await;
    remind_to_test(&entry, &settings).await;
    if let Some(by) = entry
        .effective_by
        .as_deref()
        .and_then(|t| crate::core::time::Instant::parse_rfc3339(t).ok())
    {
        chrome::alarm_at(
            &format!("effective:{}", entry.id),
            by.unix_seconds() as f64 * 1000.0,
        )
        .await
        .map_err(js_error)?;
    }
    Ok(())
}

async fn observe_tab(
    tab_id: i64,
    location: &Location,
    snapshot: Snapshot,
) -> Result<answers::Observed, String> {
    snapshot.check()?;
    let _turn = write_turn().await;
    let session = StorageArea::session().map_err(js_error)?;
    let local = StorageArea::local().map_err(js_error)?;
    let before: TabState = read(&session, &tab_state_key(tab_id))
        .await?
        .unwrap_or_default();
    let settings = settings().await;
    let (cloud, _) = effective_cloud(location, settings.cloud);
    let g = guidance(settings.effective_instant(now()), cloud, &settings.needed);
    let summary = Summary {
        latest: log_store::verified_latest(&local).await?,
        ..Summary::default()
    };
    let pending: Option<Pending> = read(&local, &pending_key(tab_id)).await?;
    let seen = observe(
        &before,
        &snapshot,
        js_sys::Date::now(),
        &g,
        &settings.needed,
        &summary,
        pending.as_ref(),
    );
    if let (Some((outcome, message)), Some(p)) = (seen.settle.clone(), pending.as_ref()) {
        settle_pending(&local, tab_id, p, outcome, message).await?;
    }
    write(&session, &tab_state_key(tab_id), &seen.state).await?;
    Ok(answers::Observed {
        highlight: seen.highlight,
        prefill: seen.prefill.then(|| answers::PrefillAsk {
            query: QUERY.to_string(),
            submit: true,
        }),
        recheck_ms: seen.recheck_ms,
        show_helper: seen.show_helper,
    })
}

/// A pending press's answer read (the diagnostic's page, or a switch's message): recorded,
/// recorded `submitted` and watched, superseded, or forgotten, as the core's rule says
/// (`core::diagnostic::next`). Runs within the write turn.
async fn settle_pending(
    local: &StorageArea,
    tab_id: i64,
    p: &Pending,
    outcome: Outcome,
    message: Option<String>,
) -> Result<(), String> {
    match crate::core::diagnostic::next(p, outcome, now()) {
        Next::Record => record_settled(tab_id, p, outcome, message).await?,
        Next::RecordAndWatch if p.asks_mailbox() => {
            // A mailbox not named yet: held for the helper, like any result.
            record_settled(tab_id, p, outcome, message).await?
        }
        Next::RecordAndWatch => {
            let (_, managed) = in_force().await;
            let entry =
                log_store::append_in_turn(local, managed.mark(entry_for(p, outcome, message)))
                    .await?;
            let watched = Pending {
                submitted: Some(entry.id),
                ..p.clone()
            };
            write(local, &pending_key(tab_id), &watched).await?;
        }
        Next::Supersede(original) => {
            supersede(local, &original, outcome, message).await?;
            forget_pending(local, tab_id).await?;
        }
        Next::Forget => forget_pending(local, tab_id).await?,
        Next::Wait => {}
    }
    Ok(())
}

/// A result read after the submission was recorded `submitted`: a new entry that supersedes it.
async fn supersede(
    local: &StorageArea,
    original: &str,
    outcome: Outcome,
    message: Option<String>,
) -> Result<(), String> {
    let log = log_store::load(local).await?;
    let Some(entry) = log.entries.iter().find(|e| e.id == original) else {
        return Ok(()); // the entry is gone (the log was cleared): nothing to supersede
    };
    if log
        .entries
        .iter()
        .any(|e| e.supersedes.as_deref() == Some(original))
    {
        return Ok(());
    }
    let message = message.map(|m| m.chars().take(crate::core::log::MAX_TEXT).collect());
    let draft = outcome_update(entry, fresh_id()?, outcome, now(), message)?;
    log_store::append_in_turn(local, load_managed().await.mark(draft)).await?;
    Ok(())
}

/// Forgets a pending submission and its alarm.
async fn forget_pending(local: &StorageArea, tab_id: i64) -> Result<(), String> {
    let _ = chrome::clear_alarm(&pending_key(tab_id)).await;
    local
        .remove_key(&pending_key(tab_id))
        .await
        .map_err(js_error)
}

/// What a press starts: the entry it becomes once the page shows a result.
struct Start {
    protocol: crate::core::protocols::Protocol,
    action: Action,
    scope: Option<crate::core::log::Scope>,
    mailbox: Option<String>,
    note: Option<String>,
    texts_before: Vec<String>,
}

/// A press the core accepted waits (in storage, with an alarm) for the page's result, and is
/// recorded `submitted` after `RESULT_WAIT_SECONDS` without one; one waits per tab at a time.
async fn start_waiting(
    tab_id: i64,
    location: &Location,
    decide: impl FnOnce(Option<&Pending>, &Settings) -> Result<Start, String>,
) -> Result<answers::Pressed, String> {
    let Location::AdminCenter { host, .. } = location else {
        return Err("not the admin center".to_string());
    };
    let _turn = write_turn().await;
    let local = StorageArea::local().map_err(js_error)?;
    let waiting: Option<Pending> = read(&local, &pending_key(tab_id)).await?;
    let settings = settings().await;
    let start = match decide(waiting.as_ref(), &settings) {
        Ok(start) => start,
        Err(reason) => {
            return Ok(answers::Pressed {
                accepted: false,
                reason: Some(reason),
                protocol: None,
                action: None,
            })
        }
    };
    let (cloud, _) = effective_cloud(location, settings.cloud);
    let at = now();
    let pending = Pending {
        id: fresh_id()?,
        protocol: start.protocol,
        action: start.action,
        at: at.to_rfc3339(),
        host: host.to_string(),
        cloud,
        note: start.note,
        scope: start.scope,
        mailbox: start.mailbox,
        held: None,
        texts_before: start.texts_before,
        submitted: None,
    };
    write(&local, &pending_key(tab_id), &pending).await?;
    let due =
        (at.unix_seconds() + crate::core::diagnostic::RESULT_WAIT_SECONDS + 1) as f64 * 1000.0;
    chrome::alarm_at(&pending_key(tab_id), due)
        .await
        .map_err(js_error)?;
    Ok(answers::Pressed {
        accepted: true,
        reason: None,
        protocol: Some(start.protocol),
        action: Some(start.action),
    })
}

/// The diagnostic's Update button was clicked.
async fn pressed(
    tab_id: i64,
    location: &Location,
    press: Press,
) -> Result<answers::Pressed, String> {
    let (cloud, _) = effective_cloud(location, settings().await.cloud);
    start_waiting(tab_id, location, |waiting, settings| {
        let in_force = guidance(settings.effective_instant(now()), cloud, &settings.needed);
        let (protocol, action) = on_press(&press, waiting, in_force.diagnostic)?;
        Ok(Start {
            protocol,
            action,
            scope: None,
            mailbox: None,
            note: practice_note(settings),
            texts_before: press.snapshot.card_texts.clone(),
        })
    })
    .await
}

async fn prefill(tab_id: Option<i64>, submit: bool) -> Result<answers::Prefilled, String> {
    let tab_id = tab_id.ok_or_else(|| t!("error_tab_unreachable", "-"))?;
    let message = to_js(&TabMessage::Prefill {
        query: QUERY.to_string(),
        submit,
    })
    .map_err(js_error)?;
    let reply = chrome::send_to_tab(tab_id, &message)
        .await
        .map_err(|e| t!("error_tab_unreachable", describe(&e)))?;
    let reply: answers::PrefillReply = from_js(reply)?;
    if reply.ok {
        Ok(answers::Prefilled {
            filled: reply.filled,
            submitted: reply.submitted,
        })
    } else {
        // The content script names the element it could not find; the words are the core's.
        Err(crate::core::guide::prefill_error(
            reply.error.as_deref().unwrap_or(""),
        ))
    }
}

async fn overlay_state(tab_id: i64) -> Result<answers::OverlayState, String> {
    let session = StorageArea::session().map_err(js_error)?;
    let local = StorageArea::local().map_err(js_error)?;
    let state: TabState = read(&session, &tab_state_key(tab_id))
        .await?
        .unwrap_or_default();
    let pending: Option<Pending> = read(&local, &pending_key(tab_id)).await?;
    let latest = log_store::verified_latest(&local).await?;
    let presence: Option<TabPresence> = read(&session, &presence_key(tab_id)).await?;
    let location = presence
        .map(|p| location_for_host(&p.host, "/"))
        .unwrap_or(Location::Elsewhere);
    let (cloud, _) = effective_cloud(&location, settings().await.cloud);
    Ok(answers::OverlayState {
        state,
        pending,
        latest,
        tab_id,
        cloud,
    })
}

/// A submission whose tab is gone, or whose result never came, is recorded `submitted`. A
/// mailbox change still waiting for its address when its tab closes is dropped: there is no
/// mailbox to record it under (the helper said so while it asked).
async fn settle_unanswered(tab_id: i64, only_if_expired: bool) -> Result<(), String> {
    let _turn = write_turn().await;
    let local = StorageArea::local().map_err(js_error)?;
    let Some(pending) = read::<Pending>(&local, &pending_key(tab_id)).await? else {
        return Ok(());
    };
    let why = if only_if_expired {
        Unanswered::WaitOver
    } else {
        Unanswered::TabGone
    };
    match unanswered(&pending, why, now()) {
        Ending::Forget => return forget_pending(&local, tab_id).await,
        Ending::Keep => return Ok(()),
        Ending::Record => {}
    }
    record_settled(tab_id, &pending, Outcome::Submitted, None).await?;
    let session = StorageArea::session().map_err(js_error)?;
    if let Some(mut state) = read::<TabState>(&session, &tab_state_key(tab_id)).await? {
        state.last_recorded = Some(Outcome::Submitted);
        write(&session, &tab_state_key(tab_id), &state).await?;
    }
    Ok(())
}

/// `chrome.runtime.onStartup` and `onInstalled`: the browser (or AuthPilot) started again after
/// being closed or killed while changes waited for their page's result. A change whose tab is
/// gone (tab ids do not survive a restart) is settled as when its tab closes: recorded
/// `submitted` — the admin pressed it, the page may have sent it — or, for a mailbox change
/// still waiting for its address, dropped. A change whose tab is still open goes on waiting.
#[wasm_bindgen]
pub async fn browser_started() -> Result<(), JsValue> {
    let local = StorageArea::local()?;
    let all = local.get_all().await?;
    let tabs: Vec<i64> = js_sys::Object::keys(all.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .filter_map(|k| k.strip_prefix("pending:").and_then(|t| t.parse().ok()))
        .collect();
    for tab in tabs {
        if chrome::tab(tab).await.is_ok() {
            continue;
        }
        let _ = chrome::clear_alarm(&pending_key(tab)).await;
        settle_unanswered(tab, false)
            .await
            .map_err(|e| JsValue::from_str(&e))?;
    }
    Ok(())
}

/// `chrome.alarms.onAlarm`: a result that never came, or a re-enable that should now work.
#[wasm_bindgen]
pub async fn alarm_fired(name: String) -> Result<(), JsValue> {
    if let Some(tab) = name
        .strip_prefix("pending:")
        .and_then(|t| t.parse::<i64>().ok())
    {
        return settle_unanswered(tab, true)
            .await
            .map_err(|e| JsValue::from_str(&e));
    }
    if name.starts_with("smtp") {
        return smtp_reminder(&name).await;
    }
    if let Some(id) = name.strip_prefix("effective:") {
        let local = StorageArea::local()?;
        let entry = log_store::load(&local)
            .await
            .map_err(|e| JsValue::from_str(&e))?
            .entries
            .into_iter()
            .find(|e| e.id == id && e.action == Action::ReEnable);
        if let Some(entry) = entry {
            let (title, message) = reminder(entry.protocol);
            chrome::notify(&name, &title, &message).await?;
        }
    }
    Ok(())
}

/// Save beside an SMTP AUTH switch: the core decides whether it changes anything; if so the
/// change waits (like a diagnostic submission) for the page's saved message or error, and is
/// recorded `submitted` after two minutes without either.
async fn switch_pressed(
    tab_id: i64,
    location: &Location,
    press: smtp::SwitchPress,
) -> Result<answers::Pressed, String> {
    start_waiting(tab_id, location, |waiting, _| {
        let (action, mailbox) = smtp::on_switch_press(&press, waiting)?;
        Ok(Start {
            protocol: crate::core::protocols::Protocol::Smtp,
            action,
            scope: Some(press.scope),
            mailbox,
            note: None,
            texts_before: Vec::new(),
        })
    })
    .await
}

/// A new message in the panel of a pending SMTP AUTH change: if the core reads it as the saved
/// message or an error, the change is recorded with it.
async fn switch_result(
    tab_id: i64,
    kind: Option<crate::core::page_words::MessageKind>,
    text: String,
    sent: bool,
) -> Result<answers::SwitchSettled, String> {
    // A message read as a result; or none, but the page showed the save went: `submitted`.
    let outcome = smtp::read_result(kind, &text).or(sent.then_some(Outcome::Submitted));
    let Some(outcome) = outcome else {
        return Ok(answers::SwitchSettled { outcome: None });
    };
    let _turn = write_turn().await;
    let local = StorageArea::local().map_err(js_error)?;
    let waiting: Option<Pending> = read(&local, &pending_key(tab_id)).await?;
    let Some(pending) = waiting.filter(|p| p.protocol == crate::core::protocols::Protocol::Smtp)
    else {
        return Ok(answers::SwitchSettled { outcome: None });
    };
    let message =
        (!text.trim().is_empty()).then(|| text.chars().take(crate::core::log::MAX_TEXT).collect());
    settle_pending(&local, tab_id, &pending, outcome, message).await?;
    Ok(answers::SwitchSettled {
        outcome: Some(outcome),
    })
}

/// The helper's answer for a mailbox change whose flyout did not show the address: the core
/// checks the address; a change already settled is recorded at once, one still waiting keeps
/// the address for its result.
async fn name_mailbox(tab_id: i64, address: String) -> Result<answers::Named, String> {
    let _turn = write_turn().await;
    let local = StorageArea::local().map_err(js_error)?;
    let waiting: Option<Pending> = read(&local, &pending_key(tab_id)).await?;
    let mailbox = smtp::name_mailbox(waiting.as_ref(), &address)?;
    let Some(pending) = waiting else {
        return Err(t!("error_no_change_to_name"));
    };
    let named = Pending {
        mailbox: Some(mailbox.clone()),
        held: None,
        ..pending.clone()
    };
    let recorded = pending.held.is_some();
    match pending.held {
        Some((outcome, message)) => record_settled(tab_id, &named, outcome, message).await?,
        None => write(&local, &pending_key(tab_id), &named).await?,
    }
    Ok(answers::Named { mailbox, recorded })
}

/// After a recorded SMTP AUTH turn-on for a mailbox: a reminder to test the device.
async fn remind_to_test(entry: &crate::core::log::Entry, settings: &Settings) {
    if let Some((name, when)) = smtp::device_test_alarm(entry, settings.device_test_reminders) {
        if let Err(e) = chrome::alarm_at(&name, when.unix_seconds() as f64 * 1000.0).await {
            web_sys::console::error_1(&e);
        }
    }
}

/// The settings changed (or AuthPilot was installed or updated): the SMTP AUTH deadline
/// reminders are set for what is still ahead, or cleared when turned off.
#[wasm_bindgen]
pub async fn settings_changed() -> Result<(), JsValue> {
    let on = settings().await.deadline_reminders;
    for name in [
        smtp::ALARM_BEFORE_14,
        smtp::ALARM_BEFORE_3,
        smtp::ALARM_NEW_YEAR,
    ] {
        chrome::clear_alarm(name).await?;
    }
    for (name, when) in smtp::deadline_alarms(now(), on) {
        chrome::alarm_at(name, when.unix_seconds() as f64 * 1000.0).await?;
    }
    Ok(())
}

/// An SMTP AUTH reminder fired: say it if it still applies.
async fn smtp_reminder(name: &str) -> Result<(), JsValue> {
    let local = StorageArea::local()?;
    if let Some(id) = name.strip_prefix(smtp::ALARM_TEST_PREFIX) {
        let log = log_store::load(&local)
            .await
            .map_err(|e| JsValue::from_str(&e))?;
        if let Some(entry) = log.entries.iter().find(|e| e.id == id) {
            let (title, message) = smtp::device_test_reminder(entry);
            chrome::notify(name, &title, &message).await?;
        }
        return Ok(());
    }
    let settings = settings().await;
    if !settings.deadline_reminders {
        return Ok(());
    }
    let latest = log_store::verified_latest(&local)
        .await
        .map_err(|e| JsValue::from_str(&e))?;
    if let Some((title, message)) =
        smtp::deadline_reminder(name, now(), &latest, &settings.smtp_senders)
    {
        chrome::notify(name, &title, &message).await?;
    }
    Ok(())
}

/// Forgets a closed tab (called from `chrome.tabs.onRemoved`); a submission still waiting
/// there is recorded as `submitted`.
#[wasm_bindgen]
pub async fn tab_removed(tab_id: f64) -> Result<(), JsValue> {
    let tab_id = tab_id as i64;
    settle_unanswered(tab_id, false)
        .await
        .map_err(|e| JsValue::from_str(&e))?;
    let session = StorageArea::session()?;
    session.remove_key(&presence_key(tab_id)).await?;
    session.remove_key(&tab_state_key(tab_id)).await
}

/// The action-log requests AuthPilot's own pages may make.
async fn answer_log_request(request: Request) -> Result<JsValue, JsValue> {
    let area = match StorageArea::local() {
        Ok(area) => area,
        Err(e) => return refusal(js_error(e)),
    };
    match request {
        Request::LogAppend { draft } => {
            let (settings, managed) = in_force().await;
            let appended = log_store::append(&area, managed.mark(draft)).await;
            if let Ok(entry) = &appended {
                remind_to_test(entry, &settings).await;
            }
            answer(appended.map(|entry| answers::Appended { entry }))
        }
        Request::LogUpdate {
            target,
            outcome,
            id,
        } => answer(update_outcome(&area, target, outcome, id).await),
        Request::LogSummary {} => answer(
            log_store::summary(&area)
                .await
                .map(|summary| answers::SummaryAnswer { summary }),
        ),
        Request::LogHistory { protocol } => answer(log_store::load(&area).await.map(|log| {
            answers::History {
                entries: log
                    .entries
                    .into_iter()
                    .filter(|e| e.protocol == protocol)
                    .collect(),
            }
        })),
        Request::LogExport { format } => answer(export_log(&area, format).await),
        Request::LogImport { text } => answer(log_store::import(&area, &text).await.map(
            |(merge, added)| answers::Imported {
                added: added as u64,
                already_present: merge.already_present as u64,
            },
        )),
        other => refusal(format!("{} is not a log request", request_name(&other))),
    }
}

/// A later outcome for a `submitted` entry: a new entry that supersedes it.
async fn update_outcome(
    area: &StorageArea,
    target: String,
    outcome: Outcome,
    id: String,
) -> Result<answers::Appended, String> {
    {
        {
            let _turn = write_turn().await;
            let log = log_store::load(area).await?;
            let original = log
                .entries
                .iter()
                .find(|e| e.id == target)
                .ok_or_else(|| t!("error_no_entry", target))?;
            if let Some(later) = log
                .entries
                .iter()
                .find(|e| e.supersedes.as_deref() == Some(target.as_str()))
            {
                return Err(t!("error_already_updated", original.seq, later.seq));
            }
            let draft = outcome_update(original, id, outcome, now(), None)?;
            let entry = log_store::append_in_turn(area, load_managed().await.mark(draft)).await?;
            Ok(answers::Appended { entry })
        }
    }
}

/// The whole log as a file's text; a log that fails verification is not exported.
async fn export_log(area: &StorageArea, format: ExportFormat) -> Result<answers::Exported, String> {
    let log = log_store::load(area).await?;
    if let Err(broken) = log.verified {
        return Err(t!("error_export_broken", broken.describe()));
    }
    let content = match format {
        ExportFormat::Json => export::to_json(&log.entries, now()),
        ExportFormat::Csv => export::to_csv(&log.entries),
    };
    Ok(answers::Exported {
        content,
        count: log.entries.len() as u64,
    })
}
