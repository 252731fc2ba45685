//! The popup's Log tab on the page: the manual record's form as typed,
//! and the files picked (an exported log, an audit file), sent on as messages.

use super::page::{dispatch, Shared};

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement};

use crate::core::log::ManualForm;
use crate::core::popup::update::{FilePick, PopupMsg};
use crate::web::boundary::keep;

pub(super) fn field<T: JsCast>(form: &Element, selector: &str) -> Option<T> {
    form.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<T>().ok())
}

pub(super) fn read_record_form(form: &Element) -> ManualForm {
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

/// A file picked in one of the popup's file inputs: its name and size go to the core (which
/// decides whether to read it); the file itself waits here until it is read.
pub(super) fn listen_for_files(root: &Element, popup: Shared) {
    let handler = move |event: &Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(pick) = FilePick::from_input_id(&input.id()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        let (name, size) = (file.name(), file.size() as usize);
        {
            let mut p = popup.borrow_mut();
            p.picked.retain(|f| f.name() != name);
            p.picked.push(file);
        }
        dispatch(&popup, PopupMsg::Chosen { pick, name, size });
    };
    keep(EventListener::new(root, "change", handler));
}
