//! The popup's Log tab over the worker: the summary and a protocol's history, the manual
//! record, export, import and the audit file.

use super::page::Popup;
use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement};

use crate::core::log::export::file_name;
use crate::core::log::import::check_size;
use crate::core::log::{Entry, ManualForm, Summary};
use crate::core::messages::ExportFormat;
use crate::core::messages::{answers, Request};
use crate::core::protocols::Protocol;
use crate::core::time::Date;
use crate::web::boundary::{ask_worker, fresh_id, keep, now, Done};
use crate::web::files::download;
use crate::web::storage::describe;

pub(super) async fn fetch_summary() -> Result<Summary, String> {
    let answer: answers::SummaryAnswer = ask_worker(&Request::LogSummary {}).await?;
    Ok(answer.summary)
}

pub(super) async fn fetch_history(protocol: Protocol) -> Result<Vec<Entry>, String> {
    let ask = Request::LogHistory { protocol };
    let answer: answers::History = ask_worker(&ask).await?;
    Ok(answer.entries)
}

/// Re-reads the board (and the open history) after the log changed, then redraws.
pub(super) async fn refresh(popup: &Rc<RefCell<Popup>>, notice: String) {
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

pub(super) async fn toggle_history(popup: Rc<RefCell<Popup>>, protocol: Protocol) {
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

pub(super) async fn record(popup: Rc<RefCell<Popup>>, form: ManualForm) {
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
pub(super) async fn change_log(popup: Rc<RefCell<Popup>>, message: Request, done: String) {
    match ask_worker::<Done>(&message).await {
        Ok(_) => refresh(&popup, done).await,
        Err(problem) => refresh(&popup, problem).await,
    }
}

/// The admin's local calendar date, for file names.
pub(super) fn local_date() -> Option<Date> {
    let d = js_sys::Date::new_0();
    Date::new(
        d.get_full_year() as i32,
        d.get_month() as u8 + 1,
        d.get_date() as u8,
    )
    .ok()
}

pub(super) async fn export(popup: Rc<RefCell<Popup>>, format: ExportFormat) {
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

pub(super) fn listen_for_import(root: &Element, popup: Rc<RefCell<Popup>>) -> Result<(), JsValue> {
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
pub(super) async fn read_audit_file(popup: Rc<RefCell<Popup>>, file: web_sys::File) {
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
        crate::web::files::read_audit_file(file, &history.entries, &senders).await
    }
    .await;
    let mut p = popup.borrow_mut();
    p.model.audit = Some(result);
    p.draw();
}

pub(super) async fn import_file(popup: Rc<RefCell<Popup>>, file: web_sys::File) {
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
