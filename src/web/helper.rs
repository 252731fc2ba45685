//! The in-page helper: an extension page shown in an iframe on the admin center. It asks the
//! worker for its tab's view once, then is sent every new view over a long-lived port (push,
//! not poll: it never reads storage or asks again because something changed), and renders
//! `core::guide::render`. It talks to the extension only through `chrome.runtime`, never
//! through window messages.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event};

use super::boundary::{ask_worker, from_js, keep, now, to_js, Done};
use super::chrome;
use super::dom::render_into;
use crate::core::helper::{actions, render, HelperModel};
use crate::core::log::Summary;
use crate::core::messages::{answers, HelperChange, HelperPrefs, PageMessage, Request, TabMessage};
use crate::core::page::report::PageReport;
use crate::core::settings::Settings;

struct Helper {
    root: Element,
    tab_id: Option<i64>,
    notice: Option<String>,
    /// The last view the worker gave (`Err`: why there is none).
    view: Result<answers::HelperView, String>,
    prefs: HelperPrefs,
    /// Whether its port to the worker is open (Chrome closes it when it stops the worker).
    connected: bool,
}

/// Redraws from the last view, the helper's preferences and its notice.
fn draw(helper: &Rc<RefCell<Helper>>) {
    let o = helper.borrow();
    let (settings, view) = match &o.view {
        Ok(v) => (
            Settings::load(Some(&v.settings)).settings().clone(),
            Some(v),
        ),
        Err(_) => (Settings::default(), None),
    };
    let notice = match &o.view {
        Err(e) => Some(e.clone()),
        Ok(_) => o.notice.clone(),
    };
    let model = HelperModel {
        now: now(),
        practice: settings.practice_date,
        cloud: view.map_or(settings.cloud, |v| v.cloud),
        needed: settings.needed.clone(),
        page: view.map(|v| v.state.page.clone()).unwrap_or_default(),
        pending: view.and_then(|v| v.pending.clone()),
        summary: Summary {
            latest: view.map(|v| v.latest.clone()).unwrap_or_default(),
            ..Summary::default()
        },
        last_recorded: view.and_then(|v| v.state.last_recorded),
        missing: view.and_then(|v| v.state.missing),
        minimised: o.prefs.minimised,
        notice,
        switch: view.and_then(|v| v.state.switch.clone()),
        senders: settings.smtp_senders.clone(),
        place: view.and_then(|v| v.place),
    };
    // What the admin is typing survives a redraw that comes mid-word: the field is patched,
    // not replaced, so its text, caret and selection stay (web::dom).
    if let Err(e) = render_into(&o.root, &render(&model)) {
        web_sys::console::error_1(&e);
    }
}

/// Takes a view (asked for, or pushed) and redraws.
fn show(helper: &Rc<RefCell<Helper>>, view: Result<answers::HelperView, String>) {
    {
        let mut o = helper.borrow_mut();
        if let Ok(v) = &view {
            o.tab_id = Some(v.tab_id);
            // The worker writes the prefs: a change made in another tab arrives with the view.
            o.prefs = v.prefs;
        }
        o.view = view;
    }
    draw(helper);
}

fn typed_address(root: &Element) -> Option<String> {
    root.query_selector("#mailbox-address")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .filter(|v| !v.is_empty())
}

/// The "Whose mailbox?" form: the worker (the core) checks the address and records the change
/// once its result is in; a refusal is said beside the field and the typed text stays.
async fn name_mailbox(helper: Rc<RefCell<Helper>>) {
    connected(&helper);
    let root = helper.borrow().root.clone();
    let address = typed_address(&root).unwrap_or_default();
    let notice = match ask_worker::<answers::Named>(&Request::NameMailbox { address }).await {
        Ok(named) if named.recorded => t!("notice_mailbox_recorded", named.mailbox),
        Ok(named) => t!("notice_mailbox_named", named.mailbox),
        Err(e) => e,
    };
    helper.borrow_mut().notice = Some(notice);
    draw(&helper);
}

/// Changes the helper's preferences and tells this tab's content script at once.
/// The admin changed the helper (Minimise, Expand, Move, Close): the worker writes it and tells
/// this tab's content script and every helper (issue 25); this helper draws what it answered.
async fn change_helper(helper: Rc<RefCell<Helper>>, change: HelperChange) {
    connected(&helper);
    match ask_worker::<answers::Helper>(&Request::Helper {
        change,
        tab_id: None,
    })
    .await
    {
        Ok(answer) => helper.borrow_mut().prefs = answer.prefs,
        Err(e) => helper.borrow_mut().notice = Some(e),
    }
    draw(&helper);
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
    let text = crate::core::page::report::format(&answer.report, env!("CARGO_PKG_VERSION"));
    let window = web_sys::window().ok_or("no window")?;
    wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(&text))
        .await
        .map(drop)
        .map_err(|e| format!("clipboard: {e:?}"))
}

/// A listener on the helper's port.
type PortListener = Closure<dyn FnMut(JsValue)>;

thread_local! {
    /// The port's listeners, owned for the helper page's lifetime (a port's events are not DOM
    /// event targets, so gloo-events does not apply).
    static PORT_LISTENERS: RefCell<Vec<PortListener>> = const { RefCell::new(Vec::new()) };
}

/// Connects to the worker to be sent this tab's view whenever it changes. Chrome closes the
/// port when it stops the idle worker; the helper does not connect again then (that would start
/// the worker for nothing, once per idle half-minute) but when it has something to ask the worker
/// (`connected`) or the worker wakes it because a view changed (`listen_for_wakes`).
fn listen(helper: Rc<RefCell<Helper>>) {
    let port = match chrome::connect("helper") {
        Ok(port) => port,
        Err(e) => return web_sys::console::warn_1(&e), // AuthPilot was reloaded under the page
    };
    helper.borrow_mut().connected = true;
    let for_views = helper.clone();
    let on_view = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        #[derive(Deserialize)]
        struct Status {
            ok: bool,
            #[serde(default)]
            error: Option<String>,
        }
        let view = match from_js::<Status>(message.clone()) {
            Ok(s) if s.ok => from_js::<answers::HelperView>(message),
            Ok(s) => Err(s.error.unwrap_or_default()),
            Err(e) => Err(e),
        };
        show(&for_views, view);
    });
    let on_gone = Closure::<dyn FnMut(JsValue)>::new(move |_| {
        if let Ok(mut o) = helper.try_borrow_mut() {
            o.connected = false;
        }
    });
    port.on_message().add_listener(&on_view);
    port.on_disconnect().add_listener(&on_gone);
    // The closed port's listeners are not called again: only the open one's are kept.
    PORT_LISTENERS.with(|l| *l.borrow_mut() = vec![on_view, on_gone]);
}

/// Connects again, if the port closed, before the helper asks the worker something (the worker
/// starts for that message anyway): what follows is pushed again.
fn connected(helper: &Rc<RefCell<Helper>>) {
    if !helper.borrow().connected {
        listen(helper.clone());
    }
}

/// The worker says this tab's view (or every tab's) changed while the helper had no port to it:
/// it connects again and asks for the view.
fn listen_for_wakes(helper: Rc<RefCell<Helper>>) {
    let woken = chrome::RuntimeListener::new(
        move |message: JsValue, _sender: JsValue, _answer: JsValue| {
            let Ok(wake) = from_js::<PageMessage>(message) else {
                return; // not for the helper
            };
            let (tab, port_open) = {
                let o = helper.borrow();
                (o.tab_id, o.connected)
            };
            if port_open || !wake.concerns(tab) {
                return;
            }
            listen(helper.clone());
            let helper = helper.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let view = ask_worker::<answers::HelperView>(&Request::HelperView {}).await;
                show(&helper, view);
            });
        },
    );
    chrome::on_runtime_message(&woken);
    WAKE_LISTENER.with(|l| *l.borrow_mut() = Some(woken));
}

thread_local! {
    /// The runtime-message listener, owned for the helper page's lifetime (not a DOM event).
    static WAKE_LISTENER: RefCell<Option<chrome::RuntimeListener>> = const { RefCell::new(None) };
}

/// Opens the popup's page in a tab, about this helper's tab, at a part of it (`#record`,
/// `#settings`, `#smtp`, `#explain`).
fn open_popup(tab: Option<i64>, fragment: &str) {
    let url = format!(
        "popup.html{}#{fragment}",
        tab.map(|t| format!("?tab={t}")).unwrap_or_default()
    );
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = chrome::open_tab(&url).await {
            web_sys::console::error_1(&e);
        }
    });
}

/// Entry point called by `helper.js` once the wasm is initialised.
pub async fn start_helper(root: Element) -> Result<(), JsValue> {
    let helper = Rc::new(RefCell::new(Helper {
        root: root.clone(),
        tab_id: None,
        notice: None,
        view: Err(String::new()),
        // The first view (asked for just below) carries the remembered prefs: no read of
        // its own.
        prefs: HelperPrefs::default(),
        connected: false,
    }));
    // Connected before asking, so no change between the answer and the port is missed.
    listen(helper.clone());
    listen_for_wakes(helper.clone());
    let first = ask_worker::<answers::HelperView>(&Request::HelperView {}).await;
    show(&helper, first);

    let for_clicks = helper.clone();
    let click = move |event: &Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        let helper = for_clicks.clone();
        match control
            .get_attribute("data-action")
            .unwrap_or_default()
            .as_str()
        {
            actions::MINIMISE => {
                wasm_bindgen_futures::spawn_local(change_helper(helper, HelperChange::Minimise))
            }
            actions::RESTORE => {
                wasm_bindgen_futures::spawn_local(change_helper(helper, HelperChange::Restore))
            }
            actions::CLOSE => {
                wasm_bindgen_futures::spawn_local(change_helper(helper, HelperChange::Close))
            }
            actions::DOCK => {
                wasm_bindgen_futures::spawn_local(change_helper(helper, HelperChange::Dock))
            }
            actions::PREFILL => wasm_bindgen_futures::spawn_local(async move {
                connected(&helper);
                let notice = match ask_worker::<Done>(&Request::Prefill {
                    tab_id: None,
                    submit: false,
                })
                .await
                {
                    Ok(_) => t!("notice_filled"),
                    Err(e) => e,
                };
                helper.borrow_mut().notice = Some(notice);
                draw(&helper);
            }),
            actions::REPORT => wasm_bindgen_futures::spawn_local(async move {
                let tab = helper.borrow().tab_id;
                let notice = match copy_page_report(tab).await {
                    Ok(()) => t!("notice_report_copied"),
                    Err(e) => {
                        web_sys::console::warn_1(&JsValue::from_str(&e));
                        t!("notice_report_failed")
                    }
                };
                helper.borrow_mut().notice = Some(notice);
                draw(&helper);
            }),
            actions::OPEN_PAGE => {
                if let Some(url) = control.get_attribute("data-url") {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = chrome::open_tab(&url).await {
                            web_sys::console::error_1(&e);
                        }
                    });
                }
            }
            actions::OPEN_POPUP => open_popup(
                helper.borrow().tab_id,
                &control.get_attribute("data-fragment").unwrap_or_default(),
            ),
            actions::RECORD => open_popup(helper.borrow().tab_id, "record"),
            _ => {}
        }
    };
    keep(EventListener::new(&root, "click", click));
    let for_submit = helper.clone();
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
