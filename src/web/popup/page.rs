//! The popup page's state: its root element, the model it draws and the tab it is about —
//! shared by the popup's rooms (mod, forms, log), which use it directly.

use web_sys::Element;

use crate::core::popup::{render, PopupModel};
use crate::web::dom::render_into;

pub(super) struct Popup {
    pub(super) root: Element,
    pub(super) model: PopupModel,
    /// The tab the popup is about.
    pub(super) tab_id: Option<i64>,
}

impl Popup {
    pub(super) fn draw(&self) {
        if let Err(e) = render_into(&self.root, &render(&self.model)) {
            web_sys::console::error_1(&e);
        }
    }
}
