//! The toolbar popup: gathers where the tab is, the settings and the time, asks the core to
//! render, and turns clicks and form submissions into settings changes.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlInputElement, HtmlSelectElement};

use super::chrome::{self, StorageArea};
use super::dom::render_into;
use super::storage::{describe, load_settings, save_settings};
use super::{from_js, now, to_js};
use crate::core::hosts::{classify, Location};
use crate::core::popup::{actions, render, PopupModel};
use crate::core::settings::{Loaded, Settings, SettingsForm};

struct Popup {
    root: Element,
    model: PopupModel,
}

impl Popup {
    fn draw(&self) {
        if let Err(e) = render_into(&self.root, &render(&self.model)) {
            web_sys::console::error_1(&e);
        }
    }
}

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

#[derive(serde::Deserialize)]
struct TabStatus {
    #[serde(default)]
    content_script_seen: bool,
}

/// Entry point called by `popup.js` once the wasm is initialised.
#[wasm_bindgen]
pub async fn start_popup(root: Element) -> Result<(), JsValue> {
    let tab = target_tab().await.unwrap_or(JsValue::UNDEFINED);
    let url = js_sys::Reflect::get(&tab, &"url".into())
        .ok()
        .and_then(|u| u.as_string());
    let tab_id = js_sys::Reflect::get(&tab, &"id".into())
        .ok()
        .and_then(|i| i.as_f64());
    // Without host permission for a tab Chrome gives no URL: that tab is not the admin center.
    let location = url.as_deref().map(classify).unwrap_or(Location::Elsewhere);
    let mut notice = None;
    let content_script_seen = match (tab_id, location.is_admin_center()) {
        (Some(id), true) => {
            let ask = to_js(&serde_json::json!({"type": "tab-status", "tabId": id as i64}))?;
            match chrome::send_message(&ask).await {
                Ok(answer) => from_js::<TabStatus>(answer)
                    .map(|s| s.content_script_seen)
                    .unwrap_or(false),
                Err(e) => {
                    notice = Some(format!(
                        "The AuthPilot service worker did not answer: {}",
                        describe(&e)
                    ));
                    false
                }
            }
        }
        _ => false,
    };
    let area = StorageArea::local()?;
    let loaded = match load_settings(&area).await {
        Ok(loaded) => loaded,
        Err(problem) => Loaded::Unusable {
            defaults: Settings::default(),
            problem,
        },
    };
    let model = PopupModel {
        location,
        content_script_seen,
        loaded,
        now: now(),
        form_errors: Vec::new(),
        notice,
    };
    let popup = Rc::new(RefCell::new(Popup {
        root: root.clone(),
        model,
    }));
    popup.borrow().draw();
    listen(&root, "click", popup.clone(), area.clone())?;
    listen(&root, "submit", popup, area)?;
    root.set_attribute("data-ready", "true")?;
    Ok(())
}

fn listen(
    root: &Element,
    kind: &str,
    popup: Rc<RefCell<Popup>>,
    area: StorageArea,
) -> Result<(), JsValue> {
    let handler = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        let action = control.get_attribute("data-action").unwrap_or_default();
        let is_submit = event.type_() == "submit";
        match (action.as_str(), is_submit) {
            (actions::SAVE_SETTINGS, true) => {
                event.prevent_default();
                let form = read_form(&control);
                wasm_bindgen_futures::spawn_local(apply(popup.clone(), area.clone(), form));
            }
            (actions::USE_TODAY, false) => {
                let form_el = control.closest("form").ok().flatten();
                let mut form = form_el.map(|f| read_form(&f)).unwrap_or_default();
                form.practice_date.clear();
                wasm_bindgen_futures::spawn_local(apply(popup.clone(), area.clone(), form));
            }
            (actions::OPEN_ADMIN_CENTER, false) => {
                if let Some(url) = control.get_attribute("data-url") {
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = chrome::open_tab(&url).await {
                            web_sys::console::error_1(&e);
                        }
                    });
                }
            }
            _ => {}
        }
    });
    root.add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref())?;
    handler.forget(); // lives as long as the popup page
    Ok(())
}

/// Reads the settings form the way the admin filled it in.
fn read_form(form: &Element) -> SettingsForm {
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
    SettingsForm {
        cloud,
        needed,
        practice_date,
    }
}

/// Validates and saves a submitted form, then redraws with the outcome.
async fn apply(popup: Rc<RefCell<Popup>>, area: StorageArea, form: SettingsForm) {
    let result = Settings::from_form(&form);
    let outcome = match result {
        Err(errors) => Err((
            errors,
            "Settings not saved: see the messages above.".to_string(),
        )),
        Ok(settings) => match save_settings(&area, &settings).await {
            Ok(()) => Ok(settings),
            Err(message) => Err((Vec::new(), message)),
        },
    };
    let mut p = popup.borrow_mut();
    match outcome {
        Ok(settings) => {
            p.model.loaded = Loaded::Stored(settings);
            p.model.form_errors.clear();
            p.model.notice = Some("Settings saved.".to_string());
        }
        Err((errors, message)) => {
            p.model.form_errors = errors;
            p.model.notice = Some(message);
        }
    }
    p.draw();
}
