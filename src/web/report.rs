//! The audit report page (report.html): the verified chain from the worker (its export refuses
//! a broken chain), the settings in force, and — when the admin reads one here — an audit file
//! held against the log (read in this page only, never stored or sent); drawn by
//! `core::report::render`, printed with the browser's print, saved as one HTML file.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement};

use super::boundary::{ask_worker, keep, now};
use super::chrome::StorageArea;
use super::dom::{choose_file, render_into};
use super::files::{download, local_time, read_audit_file};
use super::storage::load_effective;
use crate::core::log::Entry;
use crate::core::messages::{answers, ExportFormat, Request};
use crate::core::report::{actions, file_name, html_file, render, ReportModel};

struct Report {
    root: Element,
    model: ReportModel,
}

impl Report {
    fn draw(&self) {
        if let Err(e) = render_into(&self.root, &render(&self.model)) {
            web_sys::console::error_1(&e);
        }
    }
}

/// The verified chain: the worker's JSON export, which it refuses to make from a broken one.
async fn verified_entries() -> Result<Vec<Entry>, String> {
    #[derive(serde::Deserialize)]
    struct File {
        entries: Vec<Entry>,
    }
    let exported: answers::Exported = ask_worker(&Request::LogExport {
        format: ExportFormat::Json,
    })
    .await?;
    serde_json::from_str::<File>(&exported.content)
        .map(|f| f.entries)
        .map_err(|e| e.to_string())
}

async fn read_audit(report: Rc<RefCell<Report>>, file: web_sys::File) {
    let (entries, senders) = {
        let r = report.borrow();
        (r.model.entries.clone(), r.model.senders.clone())
    };
    let result = match entries {
        Ok(entries) => read_audit_file(file, &entries, &senders).await,
        Err(e) => Err(e),
    };
    let mut r = report.borrow_mut();
    r.model.audit = Some(result);
    r.draw();
}

/// The page as one self-contained file, made by the core (`core::report::html_file`, which
/// `authpilot report` writes too): its styles inside it, its controls and scripts left out.
fn save_html(model: &ReportModel) -> Result<(), JsValue> {
    download(&file_name(now().date()), &html_file(model), "text/html")
}

/// Entry point called by `report.js` once the wasm is initialised.
pub async fn start_report(root: Element) -> Result<(), JsValue> {
    let (settings, managed) = match load_effective(&StorageArea::local()?).await {
        Ok((loaded, managed)) => (loaded.settings().clone(), managed),
        Err(_) => Default::default(),
    };
    let model = ReportModel {
        now: now(),
        times: Rc::new(local_time),
        entries: verified_entries().await,
        tenant: managed.tenant.clone(),
        senders: settings.smtp_senders,
        audit: None,
        include_ip: false,
    };
    let report = Rc::new(RefCell::new(Report {
        root: root.clone(),
        model,
    }));
    report.borrow().draw();
    let for_clicks = report.clone();
    keep(EventListener::new(&root, "click", move |event: &Event| {
        let Some(control) = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
        else {
            return;
        };
        match control.get_attribute("data-action").as_deref() {
            Some(actions::PRINT) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }
            Some(actions::SAVE_HTML) => {
                if let Err(e) = save_html(&for_clicks.borrow().model) {
                    web_sys::console::error_1(&e);
                }
            }
            Some(actions::READ_AUDIT) => choose_file(&for_clicks.borrow().root, "#audit-file"),
            _ => {}
        }
    }));
    let for_changes = report.clone();
    keep(EventListener::new(&root, "change", move |event: &Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        match input.id().as_str() {
            "include-ip" => {
                let mut r = for_changes.borrow_mut();
                r.model.include_ip = input.checked();
                r.draw();
            }
            "audit-file" => {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    wasm_bindgen_futures::spawn_local(read_audit(for_changes.clone(), file));
                }
            }
            _ => {}
        }
    }));
    root.set_attribute("data-ready", "true")?;
    Ok(())
}
