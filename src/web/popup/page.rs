//! The popup page's loop: a message goes through `core::popup::update`, the model is drawn,
//! and each effect is carried out here, its result coming back as a message.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::core::popup::update::{update, PopupEffect, PopupEnv, PopupMsg, Reply};
use crate::core::popup::{render, PopupModel};
use crate::core::time::{Date, Instant};
use crate::web::boundary::{fresh_id, now};
use crate::web::chrome::{self, StorageArea};
use crate::web::copy::read_or_ask;
use crate::web::dom::{choose_file, render_into};
use crate::web::files::download;
use crate::web::storage::{describe, load_settings, save_settings};

pub(super) struct Popup {
    pub(super) root: Element,
    pub(super) model: PopupModel,
    pub(super) area: StorageArea,
    /// Files picked and not yet read, by their input (their handles stay in the browser).
    pub(super) picked: Vec<web_sys::File>,
}

pub(super) type Shared = Rc<RefCell<Popup>>;

/// The browser's clock, `crypto` ids and the admin's local date.
struct Browser;

impl PopupEnv for Browser {
    fn now(&self) -> Instant {
        now()
    }
    fn fresh_id(&self) -> Result<String, String> {
        fresh_id()
    }
    fn today(&self) -> Date {
        let d = js_sys::Date::new_0();
        Date::new(
            d.get_full_year() as i32,
            d.get_month() as u8 + 1,
            d.get_date() as u8,
        )
        .unwrap_or_else(|_| now().date())
    }
}

impl Popup {
    /// Draws the model once its first screen is complete (`PopupModel::ready`); the first
    /// time, marks the page ready, with the milliseconds from its navigation (`make bench`).
    pub(super) fn draw(&self) {
        if !self.model.ready() {
            return;
        }
        if let Err(e) = render_into(&self.root, &render(&self.model)) {
            web_sys::console::error_1(&e);
        }
        if self.root.get_attribute("data-ready").is_none() {
            let _ = self.root.set_attribute("data-ready", "true");
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let ms = format!("{:.1}", performance.now());
                let _ = self.root.set_attribute("data-ready-ms", &ms);
            }
        }
    }
}

/// One message: the model changes, the popup is drawn, the effects are carried out.
pub(super) fn dispatch(popup: &Shared, msg: PopupMsg) {
    let effects = {
        let Ok(mut p) = popup.try_borrow_mut() else {
            // A message from inside a drawing (a focus change): it comes back once that ends.
            let popup = popup.clone();
            wasm_bindgen_futures::spawn_local(async move { dispatch(&popup, msg) });
            return;
        };
        let redraws = msg.redraws();
        let effects = update(&mut p.model, msg, &Browser);
        if redraws {
            p.draw();
        }
        effects
    };
    for (effect, reply) in effects {
        carry_out(popup, effect, reply);
    }
}

fn carry_out(popup: &Shared, effect: PopupEffect, reply: Option<Reply>) {
    let popup = popup.clone();
    match effect {
        PopupEffect::Ask(request) => wasm_bindgen_futures::spawn_local(async move {
            let answer = read_or_ask(&request).await;
            if let Some(reply) = reply {
                dispatch(
                    &popup,
                    PopupMsg::Answered {
                        reply,
                        answer: Box::new(answer),
                    },
                );
            }
        }),
        PopupEffect::ReadOwnSettings(form) => wasm_bindgen_futures::spawn_local(async move {
            let area = popup.borrow().area.clone();
            // Unreadable stored settings: the form's own values are validated on defaults.
            let own = load_settings(&area)
                .await
                .map(|l| l.settings().clone())
                .unwrap_or_default();
            dispatch(&popup, PopupMsg::OwnSettings { form, own });
        }),
        PopupEffect::WriteSettings { settings, form } => {
            wasm_bindgen_futures::spawn_local(async move {
                let area = popup.borrow().area.clone();
                let result = save_settings(&area, &settings).await;
                let msg = PopupMsg::SettingsWritten {
                    settings,
                    form,
                    result,
                };
                dispatch(&popup, msg);
            })
        }
        PopupEffect::Download {
            name,
            content,
            mime,
        } => {
            if let Err(e) = download(&name, &content, mime) {
                let mut p = popup.borrow_mut();
                p.model.notice = Some(describe(&e));
                p.draw();
            }
        }
        PopupEffect::OpenTab(url) => wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = chrome::open_tab(&url).await {
                web_sys::console::error_1(&e);
            }
        }),
        PopupEffect::ChooseFile(pick) => {
            choose_file(&popup.borrow().root, &format!("#{}", pick.input_id()))
        }
        PopupEffect::ReadFile { pick, name } => wasm_bindgen_futures::spawn_local(async move {
            let file = {
                let mut p = popup.borrow_mut();
                let at = p.picked.iter().position(|f| f.name() == name);
                at.map(|i| p.picked.remove(i))
            };
            let text = match file {
                Some(file) => gloo_file::futures::read_as_text(&gloo_file::File::from(file))
                    .await
                    .map_err(|e| e.to_string()),
                None => Err(t!("error_file_gone")),
            };
            dispatch(&popup, PopupMsg::FileRead { pick, name, text });
        }),
        PopupEffect::Copy { line, change } => wasm_bindgen_futures::spawn_local(async move {
            let result = match web_sys::window() {
                Some(w) => wasm_bindgen_futures::JsFuture::from(
                    w.navigator().clipboard().write_text(&line),
                )
                .await
                .map(|_| ())
                .map_err(|e| describe(&e)),
                None => Err("no window".to_string()),
            };
            let msg = PopupMsg::Copied {
                line,
                change,
                result,
            };
            dispatch(&popup, msg);
        }),
        PopupEffect::Focus(selector) => {
            let target = popup.borrow().root.query_selector(&selector).ok().flatten();
            if let Some(target) = target.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = target.focus();
            }
        }
    }
}
