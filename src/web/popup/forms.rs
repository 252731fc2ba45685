//! The popup's forms: the settings (with the organisation's policy), an SMTP AUTH command
//! copied and its run recorded.

use super::log::{change_log, field};
use super::page::Popup;
use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::core::log::Outcome;
use crate::core::log::{Action, Scope};
use crate::core::messages::Request;
use crate::core::popup::Asked;
use crate::core::settings::{Loaded, Settings, SettingsForm};
use crate::core::smtp::Change;
use crate::web::boundary::{fresh_id, now};
use crate::web::chrome::{self, StorageArea};
use crate::web::storage::{describe, load_effective, load_settings, save_settings};

/// The change a Copy button's command makes, from its `data-scope`, `data-mailbox` and
/// `data-change` (none for a command that only reads).
pub(super) fn read_change(control: &Element) -> Option<Change> {
    Some(Change {
        scope: Scope::from_id(&control.get_attribute("data-scope")?)?,
        mailbox: control.get_attribute("data-mailbox"),
        action: Action::from_id(&control.get_attribute("data-change")?)?,
    })
}

/// Copies a PowerShell line. Copying records nothing: a command that changes a setting makes
/// the popup ask afterwards whether it was run.
pub(super) async fn copy_command(popup: Rc<RefCell<Popup>>, line: String, change: Option<Change>) {
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
pub(super) async fn record_run(popup: Rc<RefCell<Popup>>, outcome: Outcome) {
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
pub(super) fn read_form(form: &Element) -> SettingsForm {
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
pub(super) fn listen_for_policy(popup: Rc<RefCell<Popup>>) {
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
pub(super) async fn apply(popup: Rc<RefCell<Popup>>, area: StorageArea, form: SettingsForm) {
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
