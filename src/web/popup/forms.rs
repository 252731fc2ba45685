//! The popup's forms: the settings (with the organisation's policy), an SMTP AUTH command
//! copied and its run recorded.

use super::log::field;
use super::page::{dispatch, Shared};
use crate::core::popup::update::PopupMsg;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use crate::core::log::{Action, Scope};
use crate::core::settings::SettingsForm;
use crate::core::smtp::Change;
use crate::web::chrome::{self};
use crate::web::storage::load_effective;

/// The change a Copy button's command makes, from its `data-scope`, `data-mailbox` and
/// `data-change` (none for a command that only reads).
pub(super) fn read_change(control: &Element) -> Option<Change> {
    Some(Change {
        scope: Scope::from_id(&control.get_attribute("data-scope")?)?,
        mailbox: control.get_attribute("data-mailbox"),
        action: Action::from_id(&control.get_attribute("data-change")?)?,
    })
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
pub(super) fn listen_for_policy(popup: Shared) {
    let changed =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_changes: JsValue, area: JsValue| {
            if area.as_string().as_deref() != Some("managed") {
                return;
            }
            let popup = popup.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let area = popup.borrow().area.clone();
                if let Ok((loaded, managed)) = load_effective(&area).await {
                    dispatch(&popup, PopupMsg::PolicyChanged { loaded, managed });
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
