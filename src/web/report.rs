//! The audit report page (report.html) on the pattern of every context (issue 33): DOM events
//! become `ReportMsg`s, `core::report::update::update` changes the model and says what to do,
//! and this file carries out the effects — asking the worker (through `boundary::ask`, whose
//! answer `Answer::read` types), printing, a download, the file picker and reading the picked
//! file — each coming back as a message. The audit file is read in this page only, never
//! stored or sent.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement};

use super::boundary::{ask, keep, now};
use super::chrome::StorageArea;
use super::dom::{choose_file, render_into};
use super::files::{download, local_time};
use super::storage::load_effective;
use crate::core::popup::update::FilePick;
use crate::core::report::update::{update, ReportControl, ReportEffect, ReportMsg};
use crate::core::report::{render, ReportModel};

struct Report {
    root: Element,
    model: ReportModel,
}

type Shared = Rc<RefCell<Report>>;

/// One message: the model changes, the page is drawn, the effects are carried out.
fn dispatch(report: &Shared, msg: ReportMsg) {
    let effects = {
        let mut r = report.borrow_mut();
        let effects = update(&mut r.model, msg, now());
        if let Err(e) = render_into(&r.root, &render(&r.model)) {
            web_sys::console::error_1(&e);
        }
        // Ready once the verified chain (or why there is none) is in.
        if !r.model.loading {
            let _ = r.root.set_attribute("data-ready", "true");
        }
        effects
    };
    for effect in effects {
        carry_out(report, effect);
    }
}

fn carry_out(report: &Shared, effect: ReportEffect) {
    let report = report.clone();
    match effect {
        ReportEffect::Ask(request) => wasm_bindgen_futures::spawn_local(async move {
            let answer = ask(&request).await;
            dispatch(&report, ReportMsg::Answered(Box::new(answer)));
        }),
        ReportEffect::Print => {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        }
        ReportEffect::Download {
            name,
            content,
            mime,
        } => {
            if let Err(e) = download(&name, &content, mime) {
                web_sys::console::error_1(&e);
            }
        }
        ReportEffect::ChooseFile => choose_file(&report.borrow().root, &audit_input()),
        ReportEffect::ReadFile { name } => wasm_bindgen_futures::spawn_local(async move {
            let file = picked(&report.borrow().root);
            let text = match file {
                Some(file) => gloo_file::futures::read_as_text(&gloo_file::File::from(file))
                    .await
                    .map_err(|e| e.to_string()),
                None => Err(t!("error_file_gone")),
            };
            dispatch(&report, ReportMsg::FileRead { name, text });
        }),
    }
}

/// The audit file's input, as the core draws it (`core::popup::audit::audit_file_input`).
fn audit_input() -> String {
    format!("#{}", FilePick::Audit.input_id())
}

/// The file picked in the page's audit file input.
fn picked(root: &Element) -> Option<web_sys::File> {
    root.query_selector(&audit_input())
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0))
}

/// Entry point called by `report.js` once the wasm is initialised.
pub async fn start_report(root: Element) -> Result<(), JsValue> {
    let (settings, managed) = match load_effective(&StorageArea::local()?).await {
        Ok((loaded, managed)) => (loaded.settings().clone(), managed),
        Err(_) => Default::default(),
    };
    let report: Shared = Rc::new(RefCell::new(Report {
        root: root.clone(),
        model: ReportModel {
            now: now(),
            times: Rc::new(local_time),
            entries: Err(String::new()),
            tenant: None,
            senders: Vec::new(),
            audit: None,
            include_ip: false,
            loading: true,
        },
    }));
    let for_clicks = report.clone();
    keep(EventListener::new(&root, "click", move |event: &Event| {
        let control = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("[data-action]").ok().flatten())
            .and_then(|c| c.get_attribute("data-action"))
            .and_then(|id| ReportControl::from_id(&id));
        let msg = match control {
            Some(ReportControl::Print) => ReportMsg::Print,
            Some(ReportControl::SaveHtml) => ReportMsg::SaveHtml {
                today: now().date(),
            },
            Some(ReportControl::ReadAudit) => ReportMsg::ReadAudit,
            Some(ReportControl::IncludeIp) | None => return,
        };
        dispatch(&for_clicks, msg);
    }));
    let for_changes = report.clone();
    keep(EventListener::new(&root, "change", move |event: &Event| {
        let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let msg = match input.id().as_str() {
            id if ReportControl::from_id(id) == Some(ReportControl::IncludeIp) => {
                ReportMsg::IncludeIp(input.checked())
            }
            id if id == FilePick::Audit.input_id() => match input.files().and_then(|f| f.get(0)) {
                Some(file) => ReportMsg::Chosen {
                    name: file.name(),
                    size: file.size() as usize,
                },
                None => return,
            },
            _ => return,
        };
        dispatch(&for_changes, msg);
    }));
    dispatch(
        &report,
        ReportMsg::Start {
            senders: settings.smtp_senders,
            tenant: managed.tenant.clone(),
        },
    );
    Ok(())
}
