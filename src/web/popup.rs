//! The toolbar popup: gathers where the tab is, the settings and the time, asks the core to
//! render, and turns clicks and form submissions into settings changes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement};

use super::chrome::{self, StorageArea};
use super::dom::{choose_file, render_into};
use super::storage::{describe, load_effective, load_settings, save_settings};
use super::{ask_worker, fresh_id, from_js, keep, now, to_js, Done};
use crate::core::log::export::file_name;
use crate::core::log::import::check_size;
use crate::core::log::Outcome;
use crate::core::log::{Action, Scope};
use crate::core::log::{Entry, ManualForm, Summary};
use crate::core::messages::ExportFormat;
use crate::core::messages::{answers, HelperPrefs, Request, TabMessage};
use crate::core::page::hosts::{classify, Location};
use crate::core::popup::{actions, render, Asked, PopupModel, Tab};
use crate::core::protocols::Protocol;
use crate::core::settings::{Loaded, Settings, SettingsForm};
use crate::core::smtp::Change;
use crate::core::time::Date;

struct Popup {
    root: Element,
    model: PopupModel,
    /// The tab the popup is about.
    tab_id: Option<i64>,
}

impl Popup {
    fn draw(&self) {
        if let Err(e) = render_into(&self.root, &render(&self.model)) {
            web_sys::console::error_1(&e);
        }
    }
}

/// The tab the popup is about: `?tab=<id>` when the popup page is opened in a tab of its
/// own, otherwise the active tab of the popup's window.
async fn target_tab() -> Result<JsValue, JsValue> {
    let search = web_sys::window().ok_or("no window")?.location().search()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search)?;
    match params.get("tab").and_then(|t| t.parse::<i64>().ok()) {
        Some(id) => chrome::tab(id).await,
        None => chrome::active_tab().await,
    }
}

#[derive(serde::Deserialize)]
struct TabStatus {
    #[serde(default)]
    content_script_seen: bool,
}

/// The popup's tab: where it is, its id, whether AuthPilot's content script has been seen
/// there, and a notice if the worker did not answer.
async fn tab_and_status() -> (Location, Option<i64>, bool, Option<String>) {
    let tab = target_tab().await.unwrap_or(JsValue::UNDEFINED);
    let url = js_sys::Reflect::get(&tab, &"url".into())
        .ok()
        .and_then(|u| u.as_string());
    let tab_id = js_sys::Reflect::get(&tab, &"id".into())
        .ok()
        .and_then(|i| i.as_f64())
        .map(|t| t as i64);
    // Without host permission for a tab Chrome gives no URL: that tab is not the admin center.
    let location = url.as_deref().map(classify).unwrap_or(Location::Elsewhere);
    let (seen, notice) = match (tab_id, location.is_admin_center()) {
        (Some(id), true) => match super::request_to_js(&Request::TabStatus { tab_id: id }) {
            Ok(ask) => match chrome::send_message(&ask).await {
                Ok(answer) => (
                    from_js::<TabStatus>(answer)
                        .map(|s| s.content_script_seen)
                        .unwrap_or(false),
                    None,
                ),
                Err(e) => (false, Some(t!("error_worker_silent", describe(&e)))),
            },
            Err(e) => (false, Some(describe(&e))),
        },
        _ => (false, None),
    };
    (location, tab_id, seen, notice)
}

/// Entry point called by `popup.js` once the wasm is initialised.
pub async fn start_popup(root: Element) -> Result<(), JsValue> {
    let area = StorageArea::local()?;
    // The three first reads are independent: the tab (then what the worker knows of it), the
    // settings and the board are asked for at once (issue 11: popup ready).
    let (tab, loaded, log) =
        futures_util::future::join3(tab_and_status(), load_effective(&area), fetch_summary()).await;
    let (location, tab_id, content_script_seen, notice) = tab;
    let (loaded, managed) = match loaded {
        Ok(both) => both,
        Err(problem) => (
            Loaded::Unusable {
                defaults: Settings::default(),
                problem,
            },
            Default::default(),
        ),
    };
    // popup.html#record (the helper's "Record manually"), #smtp, #log, #settings: that tab.
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let model = PopupModel {
        content_script_seen,
        notice,
        log,
        times: std::rc::Rc::new(local_time),
        open_record: fragment == "#record",
        tab: Tab::from_fragment(&fragment).unwrap_or(Tab::Now),
        focus: crate::core::popup::focus_from_fragment(&fragment),
        managed,
        ..PopupModel::new(location, loaded, now())
    };
    let popup = Rc::new(RefCell::new(Popup {
        root: root.clone(),
        model,
        tab_id,
    }));
    popup.borrow().draw();
    listen(&root, "click", popup.clone(), area.clone())?;
    listen(&root, "submit", popup.clone(), area)?;
    listen_for_import(&root, popup.clone())?;
    listen_for_tab_keys(popup.clone());
    listen_for_typing(&root, popup.clone());
    listen_for_policy(popup);
    root.set_attribute("data-ready", "true")?;
    // Milliseconds from the popup's navigation to its first full drawing (for `make bench`).
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        root.set_attribute("data-ready-ms", &format!("{:.1}", performance.now()))?;
    }
    Ok(())
}

/// Typed-but-unsaved input lives in the model, so any redraw (History, a notice, an answer
/// from the worker) shows it again as typed: every change to a form is read into the model.
fn listen_for_typing(root: &Element, popup: Rc<RefCell<Popup>>) {
    for kind in ["input", "change"] {
        let popup = popup.clone();
        keep(EventListener::new(root, kind, move |event| {
            let Some(form) = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| t.closest("form[data-action]").ok().flatten())
            else {
                return;
            };
            let Ok(mut p) = popup.try_borrow_mut() else {
                return;
            };
            match form.get_attribute("data-action").as_deref() {
                Some(actions::SAVE_SETTINGS) => p.model.settings_form = Some(read_form(&form)),
                Some(actions::RECORD) => p.model.record_form = Some(read_record_form(&form)),
                _ => {}
            }
        }));
    }
    // "Record manually" opened or closed by the admin (toggle does not bubble: capture it).
    let options = EventListenerOptions::run_in_capture_phase();
    keep(EventListener::new_with_options(
        root,
        "toggle",
        options,
        move |event| {
            let Some(details) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            else {
                return;
            };
            if details.id() == "record" {
                if let Ok(mut p) = popup.try_borrow_mut() {
                    p.model.open_record = details.open();
                }
            }
        },
    ));
}

fn listen(
    root: &Element,
    kind: &'static str,
    popup: Rc<RefCell<Popup>>,
    area: StorageArea,
) -> Result<(), JsValue> {
    let handler = move |event: &Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        let action = control.get_attribute("data-action").unwrap_or_default();
        let is_submit = event.type_() == "submit";
        match (action.as_str(), is_submit) {
            (actions::SAVE_SETTINGS, true) => {
                event.prevent_default();
                let form = read_form(&control);
                wasm_bindgen_futures::spawn_local(apply(popup.clone(), area.clone(), form));
            }
            (actions::USE_TODAY, false) => {
                let form_el = control.closest("form").ok().flatten();
                let mut form = form_el.map(|f| read_form(&f)).unwrap_or_default();
                form.practice_date.clear();
                wasm_bindgen_futures::spawn_local(apply(popup.clone(), area.clone(), form));
            }
            (actions::RECORD, true) => {
                event.prevent_default();
                let form = read_record_form(&control);
                wasm_bindgen_futures::spawn_local(record(popup.clone(), form));
            }
            (actions::HISTORY, false) => {
                let protocol = control
                    .get_attribute("data-protocol")
                    .and_then(|p| Protocol::parse_any(&p));
                if let Some(protocol) = protocol {
                    wasm_bindgen_futures::spawn_local(toggle_history(popup.clone(), protocol));
                }
            }
            (actions::MARK, false) => {
                let target = control.get_attribute("data-id").unwrap_or_default();
                let outcome = control.get_attribute("data-outcome").unwrap_or_default();
                let popup = popup.clone();
                match fresh_id() {
                    Ok(id) => {
                        let ask = match serde_json::from_value::<Outcome>(
                            serde_json::Value::String(outcome),
                        ) {
                            Ok(outcome) => Request::LogUpdate {
                                target,
                                outcome,
                                id,
                            },
                            Err(e) => return web_sys::console::error_1(&e.to_string().into()),
                        };
                        wasm_bindgen_futures::spawn_local(async move {
                            change_log(popup, ask, t!("notice_outcome_recorded")).await;
                        });
                    }
                    Err(e) => {
                        let mut p = popup.borrow_mut();
                        p.model.notice = Some(e);
                        p.draw();
                    }
                }
            }
            (actions::EXPORT, false) => {
                let format = if control.get_attribute("data-format").as_deref() == Some("csv") {
                    ExportFormat::Csv
                } else {
                    ExportFormat::Json
                };
                wasm_bindgen_futures::spawn_local(export(popup.clone(), format));
            }
            (actions::IMPORT, false) => choose_file(&popup.borrow().root, "#import-file"),
            (actions::AUDIT, false) => choose_file(&popup.borrow().root, "#audit-file"),
            (actions::REPORT, false) => {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = chrome::open_tab("report.html").await {
                        web_sys::console::error_1(&e);
                    }
                });
            }
            (actions::PREFILL | actions::PREFILL_SEARCH, false) => {
                let submit = action == actions::PREFILL_SEARCH;
                let tab_id = popup.borrow().tab_id;
                let ask_for = Request::Prefill { tab_id, submit };
                let popup = popup.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let notice = match ask_worker::<Done>(&ask_for).await {
                        Ok(_) if submit => t!("notice_filled_searched"),
                        Ok(_) => t!("notice_filled"),
                        Err(e) => e,
                    };
                    let mut p = popup.borrow_mut();
                    p.model.notice = Some(notice);
                    p.draw();
                });
            }
            (actions::SHOW_HELPER, false) => {
                let popup = popup.clone();
                let area = area.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let prefs = HelperPrefs::default();
                    let _ = area
                        .set_key("overlay", &to_js(&prefs).unwrap_or(JsValue::NULL))
                        .await;
                    let tab = popup.borrow().tab_id;
                    if let (Some(tab), Ok(message)) =
                        (tab, to_js(&TabMessage::OverlayPrefs { prefs, show: true }))
                    {
                        let _ = chrome::send_to_tab(tab, &message).await;
                    }
                    let mut p = popup.borrow_mut();
                    p.model.notice = Some(t!("notice_helper_shown"));
                    p.draw();
                });
            }
            (actions::COPY_COMMAND, false) => {
                let line = control.get_attribute("data-line").unwrap_or_default();
                let change = read_change(&control);
                wasm_bindgen_futures::spawn_local(copy_command(popup.clone(), line, change));
            }
            (actions::RECORD_RUN, false) => {
                let outcome = control
                    .get_attribute("data-outcome")
                    .and_then(|o| Outcome::from_id(&o))
                    .unwrap_or(Outcome::Succeeded);
                wasm_bindgen_futures::spawn_local(record_run(popup.clone(), outcome));
            }
            (actions::NOT_RUN, false) => {
                let mut p = popup.borrow_mut();
                p.model.asked = None;
                p.model.notice = Some(t!("notice_not_run"));
                p.draw();
            }
            (actions::EXPLAIN, true) => {
                event.prevent_default();
                let text =
                    field::<web_sys::HtmlTextAreaElement>(&control, "textarea[name=explain_text]")
                        .map(|t| t.value())
                        .unwrap_or_default();
                let mut p = popup.borrow_mut();
                p.model.explained = Some(crate::core::smtp::explain(&text));
                p.model.explain_text = text;
                p.draw();
            }
            (actions::TAB, false) => {
                if let Some(tab) = control
                    .get_attribute("data-tab")
                    .and_then(|t| Tab::from_id(&t))
                {
                    let focus = control.get_attribute("data-focus");
                    if focus.is_some() {
                        popup.borrow_mut().model.focus = focus;
                    }
                    show_tab(&popup, tab);
                }
            }
            (actions::OPEN_ADMIN_CENTER, false) => {
                if let Some(url) = control.get_attribute("data-url") {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = chrome::open_tab(&url).await {
                            web_sys::console::error_1(&e);
                        }
                    });
                }
            }
            _ => {}
        }
    };
    // Not passive: a form's submit is handled here, not sent.
    let options = EventListenerOptions::enable_prevent_default();
    keep(EventListener::new_with_options(
        root, kind, options, handler,
    ));
    Ok(())
}

/// Shows a tab and puts the focus on it (as a tab list does).
fn show_tab(popup: &Rc<RefCell<Popup>>, tab: Tab) {
    let Ok(mut p) = popup.try_borrow_mut() else {
        return;
    };
    p.model.tab = tab;
    p.draw();
    // A next step's button asked for a field (the senders' list, the explainer's text): the
    // focus goes there, once; otherwise to the tab, as a tab list does.
    let wanted = p.model.focus.take().map(|id| format!("#{id}"));
    let button = p
        .root
        .query_selector(&wanted.unwrap_or_else(|| format!("#tab-{}", tab.id())))
        .ok()
        .flatten();
    if let Some(button) = button.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = button.focus();
    }
}

/// Arrow keys, Home and End on the tab list move between tabs; Alt+1 … Alt+4 anywhere in
/// the popup show a tab (as its `aria-keyshortcuts` say).
fn listen_for_tab_keys(popup: Rc<RefCell<Popup>>) {
    // On the document: after a redraw the focus may be on the body, outside the app's root.
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let options = EventListenerOptions::enable_prevent_default();
    keep(EventListener::new_with_options(
        &document,
        "keydown",
        options,
        move |event| {
            let Some(keys) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            let key = keys.key();
            if keys.alt_key() && !keys.ctrl_key() && !keys.meta_key() {
                // The key's place, not its character: Alt+digit types other characters on some layouts.
                let digit = keys
                    .code()
                    .strip_prefix("Digit")
                    .and_then(|d| d.parse::<usize>().ok());
                if let Some(tab) = digit
                    .and_then(|d| d.checked_sub(1))
                    .and_then(|i| Tab::ALL.get(i))
                {
                    event.prevent_default();
                    show_tab(&popup, *tab);
                }
                return;
            }
            let on_tab = event
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| t.get_attribute("role").as_deref() == Some("tab"));
            if !on_tab {
                return;
            }
            let current = popup.borrow().model.tab;
            if let Some(next) = current.after_key(&key) {
                event.prevent_default();
                show_tab(&popup, next);
            }
        },
    ));
}

/// The change a Copy button's command makes, from its `data-scope`, `data-mailbox` and
/// `data-change` (none for a command that only reads).
fn read_change(control: &Element) -> Option<Change> {
    Some(Change {
        scope: Scope::from_id(&control.get_attribute("data-scope")?)?,
        mailbox: control.get_attribute("data-mailbox"),
        action: Action::from_id(&control.get_attribute("data-change")?)?,
    })
}

/// Copies a PowerShell line. Copying records nothing: a command that changes a setting makes
/// the popup ask afterwards whether it was run.
async fn copy_command(popup: Rc<RefCell<Popup>>, line: String, change: Option<Change>) {
    let copied = match web_sys::window() {
        Some(w) => {
            wasm_bindgen_futures::JsFuture::from(w.navigator().clipboard().write_text(&line))
                .await
                .map(|_| ())
                .map_err(|e| describe(&e))
        }
        None => Err("no window".to_string()),
    };
    let mut p = popup.borrow_mut();
    match copied {
        Ok(()) => {
            p.model.notice = Some(t!("notice_copied"));
            p.model.asked = change.map(|change| Asked { line, change });
        }
        Err(e) => p.model.notice = Some(t!("notice_copy_failed", e)),
    }
    p.draw();
}

/// The admin ran the copied command: record its change with the outcome they report.
async fn record_run(popup: Rc<RefCell<Popup>>, outcome: Outcome) {
    let Some(asked) = popup.borrow_mut().model.asked.take() else {
        return;
    };
    let cloud = popup.borrow().model.settings().cloud;
    let draft = fresh_id().and_then(|id| {
        asked
            .change
            .draft(id, now(), outcome, cloud, Some(asked.line.clone()))
    });
    match draft {
        Ok(draft) => {
            let subject = draft
                .mailbox
                .clone()
                .unwrap_or_else(|| asked.change.scope.label());
            let what = t!(
                "notice_recorded",
                format!("SMTP AUTH ({subject})"),
                draft.action.label(),
                draft.outcome.label()
            );
            change_log(popup, Request::LogAppend { draft }, what).await;
        }
        Err(e) => {
            let mut p = popup.borrow_mut();
            p.model.notice = Some(e);
            p.draw();
        }
    }
}

/// Reads the settings form the way the admin filled it in.
fn read_form(form: &Element) -> SettingsForm {
    let cloud = form
        .query_selector("select[name=cloud]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default();
    let mut needed = Vec::new();
    if let Ok(boxes) = form.query_selector_all("input[name=needed]") {
        for i in 0..boxes.length() {
            if let Some(input) = boxes
                .get(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            {
                if input.checked() {
                    needed.push(input.value());
                }
            }
        }
    }
    let practice_date = form
        .query_selector("input[name=practice_date]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default();
    let checked = |name: &str| {
        field::<HtmlInputElement>(form, &format!("input[name={name}]")).is_some_and(|i| i.checked())
    };
    SettingsForm {
        cloud,
        needed,
        practice_date,
        smtp_senders: field::<web_sys::HtmlTextAreaElement>(form, "textarea[name=smtp_senders]")
            .map(|t| t.value())
            .unwrap_or_default(),
        deadline_reminders: checked("deadline_reminders"),
        device_test_reminders: checked("device_test_reminders"),
    }
}

/// A policy change while the popup is open (`chrome.storage.onChanged` for the managed area):
/// the settings in force are read again and the popup redrawn at once; what the admin is
/// typing stays (the form's state lives in the model).
fn listen_for_policy(popup: Rc<RefCell<Popup>>) {
    let changed =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_changes: JsValue, area: JsValue| {
            if area.as_string().as_deref() != Some("managed") {
                return;
            }
            let popup = popup.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(local) = StorageArea::local() else {
                    return;
                };
                if let Ok((loaded, managed)) = load_effective(&local).await {
                    let mut p = popup.borrow_mut();
                    p.model.loaded = loaded;
                    p.model.managed = managed;
                    p.draw();
                }
            });
        });
    chrome::on_storage_changed(&changed);
    // chrome.storage.onChanged is not a DOM event target (gloo-events does not apply): the
    // closure is owned here for the popup page's lifetime instead.
    POLICY_LISTENER.with(|l| *l.borrow_mut() = Some(changed));
}

thread_local! {
    static POLICY_LISTENER: RefCell<Option<chrome::StorageListener>> = const { RefCell::new(None) };
}

/// Validates and saves a submitted form, then redraws with the outcome. Fields the
/// organisation locks are not submitted: the admin's own stored values are kept for them.
async fn apply(popup: Rc<RefCell<Popup>>, area: StorageArea, form: SettingsForm) {
    let own = load_settings(&area)
        .await
        .map(|l| l.settings().clone())
        .unwrap_or_default();
    let managed = popup.borrow().model.managed.clone();
    let checked = managed.fill_locked(form.clone(), &own);
    let result = Settings::from_form(&checked);
    let outcome = match result {
        Err(errors) => Err((errors, t!("notice_settings_not_saved"))),
        Ok(settings) => match save_settings(&area, &settings).await {
            Ok(()) => Ok(managed.apply(&settings)),
            Err(message) => Err((Vec::new(), message)),
        },
    };
    let mut p = popup.borrow_mut();
    match outcome {
        Ok(settings) => {
            p.model.loaded = Loaded::Stored(settings);
            p.model.form_errors.clear();
            p.model.settings_form = None;
            p.model.notice = Some(t!("notice_settings_saved"));
        }
        Err((errors, message)) => {
            p.model.form_errors = errors;
            p.model.settings_form = Some(form);
            p.model.notice = Some(message);
        }
    }
    p.draw();
}

async fn fetch_summary() -> Result<Summary, String> {
    let answer: answers::SummaryAnswer = ask_worker(&Request::LogSummary {}).await?;
    Ok(answer.summary)
}

async fn fetch_history(protocol: Protocol) -> Result<Vec<Entry>, String> {
    let ask = Request::LogHistory { protocol };
    let answer: answers::History = ask_worker(&ask).await?;
    Ok(answer.entries)
}

/// Re-reads the board (and the open history) after the log changed, then redraws.
async fn refresh(popup: &Rc<RefCell<Popup>>, notice: String) {
    let summary = fetch_summary().await;
    let open = popup.borrow().model.history.as_ref().map(|(p, _)| *p);
    let history = match open {
        Some(p) => fetch_history(p).await.ok().map(|entries| (p, entries)),
        None => None,
    };
    let mut p = popup.borrow_mut();
    p.model.log = summary;
    p.model.history = history;
    p.model.notice = Some(notice);
    p.draw();
}

async fn toggle_history(popup: Rc<RefCell<Popup>>, protocol: Protocol) {
    let open = popup.borrow().model.history.as_ref().map(|(p, _)| *p);
    let history = if open == Some(protocol) {
        None
    } else {
        match fetch_history(protocol).await {
            Ok(entries) => Some((protocol, entries)),
            Err(message) => {
                let mut p = popup.borrow_mut();
                p.model.notice = Some(message);
                p.draw();
                return;
            }
        }
    };
    let mut p = popup.borrow_mut();
    p.model.history = history;
    p.draw();
}

fn field<T: JsCast>(form: &Element, selector: &str) -> Option<T> {
    form.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<T>().ok())
}

fn read_record_form(form: &Element) -> ManualForm {
    let value = |name: &str| {
        field::<HtmlSelectElement>(form, &format!("select[name={name}]"))
            .map(|s| s.value())
            .or_else(|| {
                field::<HtmlInputElement>(form, &format!("input[name={name}]")).map(|i| i.value())
            })
            .unwrap_or_default()
    };
    let local_time = value("local_time");
    // The offset in force at that local moment (summer time included), from the browser.
    let offset = js_sys::Date::new(&JsValue::from_str(&local_time)).get_timezone_offset();
    ManualForm {
        protocol: value("protocol"),
        scope: value("scope"),
        mailbox: value("mailbox"),
        action: value("action"),
        outcome: value("outcome"),
        utc_offset_minutes: if offset.is_nan() { 0 } else { offset as i64 },
        local_time,
        tenant: value("tenant"),
        note: field::<web_sys::HtmlTextAreaElement>(form, "textarea[name=note]")
            .map(|t| t.value())
            .unwrap_or_default(),
        mc437540_seen: field::<HtmlInputElement>(form, "input[name=mc437540_seen]")
            .is_some_and(|i| i.checked()),
    }
}

async fn record(popup: Rc<RefCell<Popup>>, form: ManualForm) {
    let cloud = popup.borrow().model.settings().cloud;
    let id = match fresh_id() {
        Ok(id) => id,
        Err(e) => {
            let mut p = popup.borrow_mut();
            p.model.record_form = Some(form);
            p.model.open_record = true;
            p.model.notice = Some(e);
            p.draw();
            return;
        }
    };
    match form.to_draft(id, cloud) {
        Err(errors) => {
            let mut p = popup.borrow_mut();
            p.model.record_errors = errors;
            p.model.record_form = Some(form);
            p.model.open_record = true;
            p.model.notice = Some(t!("notice_not_recorded"));
            p.draw();
        }
        Ok(draft) => {
            let what = t!(
                "notice_recorded",
                draft.protocol.short(),
                draft.action.label(),
                draft.outcome.label()
            );
            popup.borrow_mut().model.record_errors.clear();
            let ask = Request::LogAppend { draft };
            let notice = match ask_worker::<Done>(&ask).await {
                Ok(_) => {
                    let mut p = popup.borrow_mut();
                    p.model.record_form = None;
                    p.model.open_record = false;
                    what
                }
                Err(problem) => {
                    // the worker refused (storage full…): the form stays as entered
                    let mut p = popup.borrow_mut();
                    p.model.record_form = Some(form);
                    p.model.open_record = true;
                    problem
                }
            };
            refresh(&popup, notice).await;
        }
    }
}

/// Asks the worker to change the log and redraws with the outcome.
async fn change_log(popup: Rc<RefCell<Popup>>, message: Request, done: String) {
    match ask_worker::<Done>(&message).await {
        Ok(_) => refresh(&popup, done).await,
        Err(problem) => refresh(&popup, problem).await,
    }
}

/// The admin's local calendar date, for file names.
fn local_date() -> Option<Date> {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .ok()
}

async fn export(popup: Rc<RefCell<Popup>>, format: ExportFormat) {
    let outcome = async {
        let answer: answers::Exported = ask_worker(&Request::LogExport { format }).await?;
        let content = answer.content.as_str();
        let name = file_name(
            local_date().unwrap_or_else(|| now().date()),
            format.extension(),
        );
        download(&name, content, format.mime()).map_err(|e| describe(&e))?;
        Ok::<String, String>(t!("notice_exported", answer.count, name))
    }
    .await;
    let mut p = popup.borrow_mut();
    p.model.notice = Some(outcome.unwrap_or_else(|e| e));
    p.draw();
}

/// Saves text as a file through a temporary object URL (gloo-file: revoked when dropped, after
/// the click) and a download link.
pub(crate) fn download(name: &str, content: &str, mime: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .ok_or("no window")?
        .document()
        .ok_or("no document")?;
    let url = gloo_file::ObjectUrl::from(gloo_file::Blob::new_with_options(content, Some(mime)));
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    Ok(())
}

fn listen_for_import(root: &Element, popup: Rc<RefCell<Popup>>) -> Result<(), JsValue> {
    let handler = move |event: &Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        match input.id().as_str() {
            "import-file" => wasm_bindgen_futures::spawn_local(import_file(popup.clone(), file)),
            "audit-file" => wasm_bindgen_futures::spawn_local(read_audit_file(popup.clone(), file)),
            _ => {}
        }
    };
    keep(EventListener::new(root, "change", handler));
    Ok(())
}

/// Reads a tenant's audit export in the popup (never stored, never sent to the worker) and
/// holds the verified log's SMTP AUTH entries against it (`core::audit`).
async fn read_audit_file(popup: Rc<RefCell<Popup>>, file: web_sys::File) {
    let result = async {
        let summary: answers::SummaryAnswer = ask_worker(&Request::LogSummary {}).await?;
        if let Some(broken) = summary.summary.broken {
            return Err(t!("audit_log_broken", broken.describe()));
        }
        let history: answers::History = ask_worker(&Request::LogHistory {
            protocol: crate::core::protocols::Protocol::Smtp,
        })
        .await?;
        let senders = popup.borrow().model.settings().smtp_senders.clone();
        super::report::read_audit_file(file, &history.entries, &senders).await
    }
    .await;
    let mut p = popup.borrow_mut();
    p.model.audit = Some(result);
    p.draw();
}

async fn import_file(popup: Rc<RefCell<Popup>>, file: web_sys::File) {
    let name = file.name();
    let outcome = async {
        check_size(file.size() as usize).map_err(|e| t!("notice_file_problem", name, e))?;
        let text = gloo_file::futures::read_as_text(&gloo_file::File::from(file))
            .await
            .map_err(|e| t!("notice_file_unreadable", name, e.to_string()))?;
        let answer: answers::Imported = ask_worker(&Request::LogImport { text })
            .await
            .map_err(|e| t!("notice_not_imported", name, e))?;
        Ok::<String, String>(t!(
            "notice_imported",
            name,
            answer.added,
            answer.already_present
        ))
    }
    .await;
    refresh(&popup, outcome.unwrap_or_else(|e| e)).await;
}

/// A stored UTC time in the admin's locale and time zone ("Oct 15, 2022, 7:00 PM", or
/// "2022/10/15 19:00" in Japanese), through the browser's Intl; the stored form if that fails.
/// A calendar date alone ("2022-10-15") is shown as that day ("Oct 15, 2022", "2022/10/15").
pub(crate) fn local_time(utc: &str) -> String {
    let date_only = utc.len() == 10;
    let date = js_sys::Date::new(&JsValue::from_str(utc));
    if date.get_time().is_nan() {
        return utc.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    if date_only {
        // a calendar day, not an instant: no time zone may move it to the day before
        let _ = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    } else {
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    }
    let language = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()))
        .ok()
        .and_then(|l| l.as_string())
        .unwrap_or_else(|| "en-US".to_string());
    date.to_locale_string(&language, &options).into()
}
