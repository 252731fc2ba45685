//! The toolbar popup: gathers where the tab is, the settings and the time, asks the core to
//! render, and turns clicks and form submissions into settings changes.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::boundary::{keep, now};
use super::chrome::{self, StorageArea};
use super::files::local_time;
use super::storage::load_effective;
use crate::core::log::Outcome;
use crate::core::messages::ExportFormat;
use crate::core::page::hosts::Location;
use crate::core::popup::update::{FilePick, PopupMsg};
use crate::core::popup::{Control, PopupModel, Section};
use crate::core::protocols::Protocol;
use crate::core::settings::{Loaded, Settings};

mod forms;
mod log;
mod page;

use page::{dispatch, Popup, Shared};

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

/// The popup's tab: its address (Chrome gives none without host permission) and its id.
async fn tab_url_and_id() -> (Option<String>, Option<i64>) {
    let tab = target_tab().await.unwrap_or(JsValue::UNDEFINED);
    let url = js_sys::Reflect::get(&tab, &"url".into())
        .ok()
        .and_then(|u| u.as_string());
    let tab_id = js_sys::Reflect::get(&tab, &"id".into())
        .ok()
        .and_then(|i| i.as_f64())
        .map(|t| t as i64);
    (url, tab_id)
}

/// Entry point called by `popup.js` once the wasm is initialised: the tab and the settings are
/// read at once (both local), then `PopupMsg::Start` asks the worker for the rest; the popup is
/// drawn, and ready, when the model says its first screen is complete.
pub async fn start_popup(root: Element) -> Result<(), JsValue> {
    let area = StorageArea::local()?;
    let ((url, tab_id), loaded) =
        futures_util::future::join(tab_url_and_id(), load_effective(&area)).await;
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
    let fragment = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let model = PopupModel {
        times: std::rc::Rc::new(local_time),
        ..PopupModel::new(Location::Elsewhere, loaded.clone(), now())
    };
    let popup = Rc::new(RefCell::new(Popup {
        root: root.clone(),
        model,
        area,
        picked: Vec::new(),
    }));
    listen(&root, "click", popup.clone());
    listen(&root, "submit", popup.clone());
    listen_for_files(&root, popup.clone());
    listen_for_tab_keys(popup.clone());
    listen_for_typing(&root, popup.clone());
    listen_for_policy(popup.clone());
    dispatch(
        &popup,
        PopupMsg::Start {
            url,
            tab_id,
            fragment,
            loaded,
            managed,
        },
    );
    Ok(())
}

/// Typed-but-unsaved input lives in the model, so any redraw (History, a notice, an answer
/// from the worker) shows it again as typed: every change to a form is read into the model.
fn listen_for_typing(root: &Element, popup: Shared) {
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
            let control = form
                .get_attribute("data-action")
                .and_then(|a| Control::from_id(&a));
            match control {
                Some(Control::SaveSettings) => {
                    dispatch(&popup, PopupMsg::SettingsTyped(read_form(&form)))
                }
                Some(Control::Record) => {
                    dispatch(&popup, PopupMsg::RecordTyped(read_record_form(&form)))
                }
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
                dispatch(&popup, PopupMsg::RecordToggled(details.open()));
            }
        },
    ));
}

/// The message a click or a submission on one of the popup's controls means: the control's
/// `data-action` is a `Control`, its other `data-*` attributes and its form the message's
/// content.
fn message_for(control: &Element, is_submit: bool) -> Option<PopupMsg> {
    let attr = |name: &str| control.get_attribute(name);
    let control_kind = Control::from_id(&attr("data-action")?)?;
    let form = || {
        control
            .closest("form")
            .ok()
            .flatten()
            .map(|f| read_form(&f))
            .unwrap_or_default()
    };
    Some(match (control_kind, is_submit) {
        (Control::SaveSettings, true) => PopupMsg::SaveSettings(read_form(control)),
        (Control::UseToday, false) => PopupMsg::UseToday(form()),
        (Control::Record, true) => PopupMsg::Record(read_record_form(control)),
        (Control::History, false) => {
            PopupMsg::ToggleHistory(Protocol::parse_any(&attr("data-protocol")?)?)
        }
        (Control::Mark, false) => PopupMsg::Mark {
            target: attr("data-id")?,
            outcome: Outcome::from_id(&attr("data-outcome")?)?,
        },
        (Control::Export, false) => {
            PopupMsg::Export(if attr("data-format").as_deref() == Some("csv") {
                ExportFormat::Csv
            } else {
                ExportFormat::Json
            })
        }
        (Control::Import, false) => PopupMsg::Choose(FilePick::Import),
        (Control::Audit, false) => PopupMsg::Choose(FilePick::Audit),
        (Control::Report, false) => PopupMsg::OpenReport,
        (Control::Prefill, false) => PopupMsg::Prefill { submit: false },
        (Control::PrefillSearch, false) => PopupMsg::Prefill { submit: true },
        (Control::ShowHelper, false) => PopupMsg::ShowHelper,
        (Control::CopyCommand, false) => PopupMsg::CopyCommand {
            line: attr("data-line").unwrap_or_default(),
            change: read_change(control),
        },
        (Control::RecordRun, false) => PopupMsg::RecordRun(
            attr("data-outcome")
                .and_then(|o| Outcome::from_id(&o))
                .unwrap_or(Outcome::Succeeded),
        ),
        (Control::NotRun, false) => PopupMsg::NotRun,
        (Control::Explain, true) => PopupMsg::Explain(
            field::<web_sys::HtmlTextAreaElement>(control, "textarea[name=explain_text]")
                .map(|t| t.value())
                .unwrap_or_default(),
        ),
        (Control::Section, false) => PopupMsg::ShowSection {
            section: Section::from_id(&attr("data-tab")?)?,
            focus: attr("data-focus"),
        },
        (Control::OpenAdminCenter, false) => PopupMsg::OpenUrl(attr("data-url")?),
        _ => return None,
    })
}

fn listen(root: &Element, kind: &'static str, popup: Shared) {
    let handler = move |event: &Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        let is_submit = event.type_() == "submit";
        if is_submit {
            // A form's submit is handled here, never sent.
            event.prevent_default();
        }
        if let Some(msg) = message_for(&control, is_submit) {
            dispatch(&popup, msg);
        }
    };
    // Not passive: a form's submit is handled here, not sent.
    let options = EventListenerOptions::enable_prevent_default();
    keep(EventListener::new_with_options(
        root, kind, options, handler,
    ));
}

fn show_section(popup: &Shared, section: Section) {
    dispatch(
        popup,
        PopupMsg::ShowSection {
            section,
            focus: None,
        },
    );
}

/// Arrow keys, Home and End on the tab list move between tabs; Alt+1 … Alt+4 anywhere in
/// the popup show a tab (as its `aria-keyshortcuts` say).
fn listen_for_tab_keys(popup: Shared) {
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
                    .and_then(|i| Section::ALL.get(i))
                {
                    event.prevent_default();
                    show_section(&popup, *tab);
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
            let current = popup.borrow().model.section;
            if let Some(next) = current.after_key(&key) {
                event.prevent_default();
                show_section(&popup, next);
            }
        },
    ));
}
