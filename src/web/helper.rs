//! The in-page helper: an extension page shown in an iframe on the admin center. It asks the
//! worker for its tab's view once, then is sent every new view over a long-lived port (push,
//! not poll: it never reads storage or asks again because something changed), and renders
//! `core::guide::render`. It talks to the extension only through `chrome.runtime`, never
//! through window messages.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::boundary::{ask, describe, from_js, keep, now, to_js};
use super::chrome;
use super::dom::render_into;
use crate::core::helper::update::{update, HelperEffect, HelperMsg, HelperPage, HelperReply};
use crate::core::helper::{render, HelperControl};
use crate::core::messages::answers::PageReportReply;
use crate::core::messages::{Dropped, HelperChange, PageMessage, TabMessage, HELPER_PORT};

struct Helper {
    root: Element,
    page: HelperPage,
}

type Shared = Rc<RefCell<Helper>>;

/// One message: the page changes, the helper is drawn, the effects are carried out.
fn dispatch(helper: &Shared, msg: HelperMsg) {
    let effects = {
        let mut o = helper.borrow_mut();
        let effects = update(&mut o.page, msg);
        // What the admin is typing survives a redraw that comes mid-word: the field is
        // patched, not replaced, so its text, caret and selection stay (web::dom).
        if let Err(e) = render_into(&o.root, &render(&o.page.model(now()))) {
            web_sys::console::error_1(&e);
        }
        if o.page.ready() {
            let _ = o.root.set_attribute("data-ready", "true");
        }
        effects
    };
    for effect in effects {
        carry_out(helper, effect);
    }
}

fn carry_out(helper: &Shared, effect: HelperEffect) {
    let helper = helper.clone();
    match effect {
        HelperEffect::Connect => listen(helper),
        HelperEffect::Ask(request, reply) => wasm_bindgen_futures::spawn_local(async move {
            let answer = Box::new(ask(&request).await);
            dispatch(&helper, HelperMsg::Answered { reply, answer });
        }),
        HelperEffect::AskPageReport(tab) => wasm_bindgen_futures::spawn_local(async move {
            let report = async {
                let message = to_js(&TabMessage::PageReport {}).map_err(|e| describe(&e))?;
                let answer = chrome::send_to_tab(tab, &message)
                    .await
                    .map_err(|e| describe(&e))?;
                from_js::<PageReportReply>(answer).map(|a| a.report)
            }
            .await;
            if let Err(e) = &report {
                web_sys::console::warn_1(&JsValue::from_str(e));
            }
            dispatch(&helper, HelperMsg::PageReport(Box::new(report)));
        }),
        HelperEffect::Copy(text) => wasm_bindgen_futures::spawn_local(async move {
            let result = match web_sys::window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(
                    w.navigator().clipboard().write_text(&text),
                )
                .await
                .map(drop)
                .map_err(|e| describe(&e)),
                None => Err("no window".into()),
            };
            if let Err(e) = &result {
                web_sys::console::warn_1(&JsValue::from_str(e));
            }
            dispatch(&helper, HelperMsg::Copied(result));
        }),
        HelperEffect::OpenTab(url) => wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = chrome::open_tab(&url).await {
                web_sys::console::error_1(&e);
            }
        }),
    }
}

fn typed_address(root: &Element) -> Option<String> {
    root.query_selector("#mailbox-address")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .filter(|v| !v.is_empty())
}

/// The message a click on one of the helper's controls means.
fn message_for(control: &Element) -> Option<HelperMsg> {
    let attr = |name: &str| control.get_attribute(name);
    Some(match HelperControl::from_id(&attr("data-action")?)? {
        HelperControl::Minimise => HelperMsg::Change(HelperChange::Minimise),
        HelperControl::Restore => HelperMsg::Change(HelperChange::Restore),
        HelperControl::Close => HelperMsg::Change(HelperChange::Close),
        HelperControl::Dock => HelperMsg::Change(HelperChange::Dock),
        HelperControl::Prefill => HelperMsg::Prefill,
        HelperControl::Report => HelperMsg::CopyReport,
        HelperControl::OpenPage => HelperMsg::OpenUrl(attr("data-url")?),
        HelperControl::OpenPopup => HelperMsg::OpenPopup(attr("data-fragment").unwrap_or_default()),
        HelperControl::Record => HelperMsg::OpenPopup("record".into()),
        HelperControl::NameMailbox => return None,
    })
}

/// A listener on the helper's port.
type PortListener = Closure<dyn FnMut(JsValue)>;

thread_local! {
    /// The port's listeners, owned for the helper page's lifetime (a port's events are not DOM
    /// event targets, so gloo-events does not apply).
    static PORT_LISTENERS: RefCell<Vec<PortListener>> = const { RefCell::new(Vec::new()) };
}

/// Connects to the worker to be sent this tab's view whenever it changes (`HelperEffect::Connect`).
/// Chrome closes the port when it stops the idle worker; the helper does not connect again then
/// (that would start the worker for nothing, once per idle half-minute) but when the core says
/// so: before it asks the worker something, or when the worker wakes it (`listen_for_wakes`).
fn listen(helper: Shared) {
    let port = match chrome::connect(HELPER_PORT) {
        Ok(port) => port,
        Err(e) => {
            // AuthPilot was reloaded under the page: no port, said as a closed one.
            web_sys::console::warn_1(&e);
            let helper = helper.clone();
            wasm_bindgen_futures::spawn_local(
                async move { dispatch(&helper, HelperMsg::PortClosed) },
            );
            return;
        }
    };
    let for_views = helper.clone();
    let on_view = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        let msg = match from_js::<serde_json::Value>(message) {
            Ok(wire) => HelperMsg::Pushed(wire),
            Err(e) => HelperMsg::View(Box::new(Err(e))),
        };
        dispatch(&for_views, msg);
    });
    let on_gone =
        Closure::<dyn FnMut(JsValue)>::new(move |_| dispatch(&helper, HelperMsg::PortClosed));
    port.on_message().add_listener(&on_view);
    port.on_disconnect().add_listener(&on_gone);
    // The closed port's listeners are not called again: only the open one's are kept.
    PORT_LISTENERS.with(|l| *l.borrow_mut() = vec![on_view, on_gone]);
}

/// The worker says a tab's view changed: the core decides whether to connect and ask.
fn listen_for_wakes(helper: Shared) {
    let woken = chrome::RuntimeListener::new(
        move |message: JsValue, _sender: JsValue, _answer: JsValue| {
            if let Ok(wake) = from_js::<PageMessage>(message) {
                dispatch(&helper, HelperMsg::Woken(wake));
            } // otherwise not for the helper
        },
    );
    chrome::on_runtime_message(&woken);
    WAKE_LISTENER.with(|l| *l.borrow_mut() = Some(woken));
}

thread_local! {
    /// The runtime-message listener, owned for the helper page's lifetime (not a DOM event).
    static WAKE_LISTENER: RefCell<Option<chrome::RuntimeListener>> = const { RefCell::new(None) };
}

/// Entry point called by `helper.js` once the wasm is initialised.
pub async fn start_helper(root: Element) -> Result<(), JsValue> {
    let helper = Rc::new(RefCell::new(Helper {
        root: root.clone(),
        // The first view (asked for by `Start`) carries the remembered prefs: no read of its
        // own.
        page: HelperPage::default(),
    }));
    listen_for_wakes(helper.clone());

    let for_clicks = helper.clone();
    let click = move |event: &Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        if let Some(msg) = message_for(&control) {
            dispatch(&for_clicks, msg);
        }
    };
    keep(EventListener::new(&root, "click", click));
    listen_for_drops(helper.clone());
    let for_submit = helper.clone();
    let submit = move |event: &Event| {
        let form = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let control = form
            .and_then(|f| f.get_attribute("data-form"))
            .and_then(|f| HelperControl::from_id(&f));
        if control == Some(HelperControl::NameMailbox) {
            event.prevent_default();
            let address = typed_address(&for_submit.borrow().root).unwrap_or_default();
            // A fresh delivery id per submission: sent until the worker answers (issue 31).
            match super::boundary::fresh_id() {
                Ok(id) => dispatch(&for_submit, HelperMsg::NameMailbox { id, address }),
                Err(e) => dispatch(
                    &for_submit,
                    HelperMsg::Answered {
                        reply: HelperReply::Named,
                        answer: Box::new(Err(e)),
                    },
                ),
            }
        }
    };
    // Not passive: the form's own submission (a page load) is prevented.
    keep(EventListener::new_with_options(
        &root,
        "submit",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        submit,
    ));
    dispatch(&helper, HelperMsg::Start);
    Ok(())
}

/// The admin dragged the helper and let go: the page that frames it measured where
/// (extension/content/adapter.js) and says so to this frame only; the worker writes the place
/// (`HelperChange::Place`, the side decided in the core) and tells the page.
fn listen_for_drops(helper: Shared) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let parent = window.parent().ok().flatten();
    keep(EventListener::new(&window, "message", move |event| {
        let Some(message) = event.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        // Only the admin-center page that holds this frame (never another frame or window).
        let from_parent = match (message.source(), &parent) {
            (Some(source), Some(parent)) => {
                js_sys::Object::is(&source, parent.unchecked_ref::<js_sys::Object>())
            }
            _ => false,
        };
        if !from_parent {
            return;
        }
        let dropped = js_sys::Reflect::get(&message.data(), &"authpilotHelperDropped".into())
            .ok()
            .filter(|d| d.is_object());
        let Some(dropped) = dropped else {
            return;
        };
        match from_js::<Dropped>(dropped) {
            Ok(d) => dispatch(&helper, HelperMsg::Change(HelperChange::Place(d))),
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&e)),
        }
    }));
}
