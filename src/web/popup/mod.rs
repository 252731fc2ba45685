//! The toolbar popup: gathers where the tab is, the settings and the time, asks the core to
//! render, and turns clicks and form submissions into settings changes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::boundary::{ask_worker, fresh_id, from_js, keep, now, Done};
use super::chrome::{self, StorageArea};
use super::dom::choose_file;
use super::files::local_time;
use super::storage::{describe, load_effective};
use crate::core::log::Outcome;
use crate::core::messages::ExportFormat;
use crate::core::messages::{answers, HelperChange, Request};
use crate::core::page::hosts::{classify, Location};
use crate::core::popup::{actions, PopupModel, Tab};
use crate::core::protocols::Protocol;
use crate::core::settings::{Loaded, Settings};

mod forms;
mod log;
mod page;

use page::Popup;

use forms::*;
use log::*;

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
        (Some(id), true) => {
            match super::boundary::request_to_js(&Request::TabStatus { tab_id: id }) {
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
            }
        }
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
                wasm_bindgen_futures::spawn_local(async move {
                    // The worker writes the helper's state and tells the tab (issue 25).
                    let tab_id = popup.borrow().tab_id;
                    let notice = match ask_worker::<answers::Helper>(&Request::Helper {
                        change: HelperChange::Show,
                        tab_id,
                    })
                    .await
                    {
                        Ok(_) => t!("notice_helper_shown"),
                        Err(e) => e,
                    };
                    let mut p = popup.borrow_mut();
                    p.model.notice = Some(notice);
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
