//! The in-page helper: an extension page shown in an iframe on the admin center. It asks
//! the worker what the guide knows of its tab, renders `core::guide::render`, and follows
//! every change through `chrome.storage.onChanged`. It talks to the extension only through
//! `chrome.runtime`, never through window messages.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::chrome::{self, StorageArea};
use super::dom::render_into;
use super::storage::load_effective;
use super::{ask_worker, from_js, keep, now, to_js, Done};
use crate::core::guide::{actions, render, OverlayModel};
use crate::core::log::Summary;
use crate::core::messages::{answers, HelperPrefs, Request, TabMessage};
use crate::core::page_report::PageReport;

const PREFS_KEY: &str = "overlay";

struct Overlay {
    root: Element,
    tab_id: Option<i64>,
    notice: Option<String>,
}

async fn prefs(area: &StorageArea) -> HelperPrefs {
    match area.get_key(PREFS_KEY).await {
        Ok(v) if !v.is_undefined() => from_js(v).unwrap_or_default(),
        _ => HelperPrefs::default(),
    }
}

/// Gathers everything and redraws.
async fn draw(overlay: Rc<RefCell<Overlay>>) {
    let area = match StorageArea::local() {
        Ok(a) => a,
        Err(_) => return,
    };
    let answer = ask_worker::<answers::OverlayState>(&Request::OverlayState {}).await;
    let settings = load_effective(&area)
        .await
        .map(|(l, _)| l.settings().clone())
        .unwrap_or_default();
    let prefs = prefs(&area).await;
    let mut o = overlay.borrow_mut();
    let (page, pending, latest, cloud, last, missing, notice, switch) = match answer {
        Ok(a) => {
            o.tab_id = Some(a.tab_id);
            (
                a.state.page,
                a.pending,
                a.latest,
                a.cloud,
                a.state.last_recorded,
                a.state.missing,
                o.notice.clone(),
                a.state.switch,
            )
        }
        Err(e) => (
            Default::default(),
            None,
            Vec::new(),
            settings.cloud,
            None,
            None,
            Some(e),
            None,
        ),
    };
    let model = OverlayModel {
        now: now(),
        practice: settings.practice_date,
        cloud,
        needed: settings.needed.clone(),
        page,
        pending,
        summary: Summary {
            latest,
            ..Summary::default()
        },
        last_recorded: last,
        missing,
        minimised: prefs.minimised,
        notice,
        switch,
        senders: settings.smtp_senders.clone(),
    };
    // What the admin is typing survives a redraw (a storage change may come mid-word).
    let typed = typed_address(&o.root);
    if let Err(e) = render_into(&o.root, &render(&model)) {
        web_sys::console::error_1(&e);
    }
    if let (Some(value), Some(input)) = (typed, address_input(&o.root)) {
        input.set_value(&value);
    }
}

fn address_input(root: &Element) -> Option<web_sys::HtmlInputElement> {
    root.query_selector("#mailbox-address")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

fn typed_address(root: &Element) -> Option<String> {
    address_input(root)
        .map(|i| i.value())
        .filter(|v| !v.is_empty())
}

/// The "Whose mailbox?" form: the worker (the core) checks the address and records the change
/// once its result is in; a refusal is said beside the field and the typed text stays.
async fn name_mailbox(overlay: Rc<RefCell<Overlay>>) {
    let root = overlay.borrow().root.clone();
    let address = typed_address(&root).unwrap_or_default();
    let notice = match ask_worker::<answers::Named>(&Request::NameMailbox { address }).await {
        Ok(named) if named.recorded => t!("notice_mailbox_recorded", named.mailbox),
        Ok(named) => t!("notice_mailbox_named", named.mailbox),
        Err(e) => e,
    };
    overlay.borrow_mut().notice = Some(notice);
    draw(overlay).await;
}

/// Changes the helper's preferences and tells this tab's content script at once.
async fn set_prefs(overlay: Rc<RefCell<Overlay>>, change: impl FnOnce(&mut HelperPrefs)) {
    let Ok(area) = StorageArea::local() else {
        return;
    };
    let mut p = prefs(&area).await;
    change(&mut p);
    if let Ok(value) = to_js(&p) {
        let _ = area.set_key(PREFS_KEY, &value).await;
    }
    let tab = overlay.borrow().tab_id;
    if let (Some(tab), Ok(message)) = (
        tab,
        to_js(&TabMessage::OverlayPrefs {
            prefs: p,
            show: false,
        }),
    ) {
        let _ = chrome::send_to_tab(tab, &message).await;
    }
}

#[derive(Deserialize)]
struct ReportAnswer {
    report: PageReport,
}

/// Asks this tab's content script what it saw, formats it in the core (masking anything
/// personal) and puts it on the clipboard.
async fn copy_page_report(tab: Option<i64>) -> Result<(), String> {
    let tab = tab.ok_or("the helper does not know its tab")?;
    let message = to_js(&TabMessage::PageReport {}).map_err(|e| format!("{e:?}"))?;
    let answer = chrome::send_to_tab(tab, &message)
        .await
        .map_err(|e| format!("{e:?}"))?;
    let answer: ReportAnswer = from_js(answer)?;
    let text = crate::core::page_report::format(&answer.report, env!("CARGO_PKG_VERSION"));
    let window = web_sys::window().ok_or("no window")?;
    wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(&text))
        .await
        .map(drop)
        .map_err(|e| format!("clipboard: {e:?}"))
}

thread_local! {
    static STORAGE_LISTENER: RefCell<Option<chrome::StorageListener>> = const { RefCell::new(None) };
}

/// Entry point called by `overlay.js` once the wasm is initialised.
#[wasm_bindgen]
pub async fn start_overlay(root: Element) -> Result<(), JsValue> {
    let overlay = Rc::new(RefCell::new(Overlay {
        root: root.clone(),
        tab_id: None,
        notice: None,
    }));
    draw(overlay.clone()).await;

    let for_changes = overlay.clone();
    let changed =
        Closure::<dyn FnMut(JsValue, JsValue)>::new(move |changes: JsValue, area: JsValue| {
            let keys: Vec<String> = js_sys::Object::keys(changes.unchecked_ref::<js_sys::Object>())
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            let tab = for_changes.borrow().tab_id;
            // A policy change (the managed area) may change the settings in force.
            let relevant = area.as_string().as_deref() == Some("managed")
                || keys.iter().any(|k| {
                    k == "settings"
                        || k == "log_latest"
                        || k == PREFS_KEY
                        || tab.is_some_and(|t| {
                            *k == format!("guide:{t}") || *k == format!("pending:{t}")
                        })
                });
            if relevant {
                wasm_bindgen_futures::spawn_local(draw(for_changes.clone()));
            }
        });
    chrome::on_storage_changed(&changed);
    // chrome.storage.onChanged is not a DOM event target, so gloo-events does not apply: the
    // closure is owned here for the helper page's lifetime instead.
    STORAGE_LISTENER.with(|l| *l.borrow_mut() = Some(changed));

    let for_clicks = overlay.clone();
    let click = move |event: &Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        let overlay = for_clicks.clone();
        match control
            .get_attribute("data-action")
            .unwrap_or_default()
            .as_str()
        {
            actions::MINIMISE => {
                wasm_bindgen_futures::spawn_local(set_prefs(overlay, |p| p.minimised = true))
            }
            actions::RESTORE => {
                wasm_bindgen_futures::spawn_local(set_prefs(overlay, |p| p.minimised = false))
            }
            actions::CLOSE => {
                wasm_bindgen_futures::spawn_local(set_prefs(overlay, |p| p.closed = true))
            }
            actions::PREFILL => wasm_bindgen_futures::spawn_local(async move {
                let notice = match ask_worker::<Done>(&Request::Prefill {
                    tab_id: None,
                    submit: false,
                })
                .await
                {
                    Ok(_) => t!("notice_filled"),
                    Err(e) => e,
                };
                overlay.borrow_mut().notice = Some(notice);
                draw(overlay).await;
            }),
            actions::REPORT => wasm_bindgen_futures::spawn_local(async move {
                let tab = overlay.borrow().tab_id;
                let notice = match copy_page_report(tab).await {
                    Ok(()) => t!("notice_report_copied"),
                    Err(e) => {
                        web_sys::console::warn_1(&JsValue::from_str(&e));
                        t!("notice_report_failed")
                    }
                };
                overlay.borrow_mut().notice = Some(notice);
                draw(overlay).await;
            }),
            actions::RECORD => {
                let tab = overlay
                    .borrow()
                    .tab_id
                    .map(|t| format!("?tab={t}"))
                    .unwrap_or_default();
                wasm_bindgen_futures::spawn_local(async move {
                    let url = format!("popup.html{tab}#record");
                    if let Err(e) = chrome::open_tab(&url).await {
                        web_sys::console::error_1(&e);
                    }
                });
            }
            _ => {}
        }
    };
    keep(EventListener::new(&root, "click", click));
    let for_submit = overlay.clone();
    let submit = move |event: &Event| {
        let form = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if form.and_then(|f| f.get_attribute("data-form")).as_deref() == Some(actions::NAME_MAILBOX)
        {
            event.prevent_default();
            wasm_bindgen_futures::spawn_local(name_mailbox(for_submit.clone()));
        }
    };
    // Not passive: the form's own submission (a page load) is prevented.
    keep(EventListener::new_with_options(
        &root,
        "submit",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        submit,
    ));
    root.set_attribute("data-ready", "true")?;
    Ok(())
}
