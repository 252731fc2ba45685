//! Turns a `core::view::Node` tree into real DOM nodes. Text always becomes a text node and
//! attribute values are set with `setAttribute`, so nothing is ever parsed as HTML.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element as DomElement};

use crate::core::view::Node;

fn build(document: &Document, node: &Node) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(t) => Ok(document.create_text_node(t).into()),
        Node::Element(e) => {
            let element = document.create_element(e.tag)?;
            for (name, value) in &e.attrs {
                element.set_attribute(name, value)?;
            }
            for child in &e.children {
                element.append_child(&build(document, child)?)?;
            }
            Ok(element.into())
        }
    }
}

/// Replaces everything inside `root` with `view`, keeping keyboard focus on the element
/// with the same id when it still exists.
pub fn render_into(root: &DomElement, view: &Node) -> Result<(), JsValue> {
    let document = root.owner_document().ok_or("root is not in a document")?;
    let focused_id = document
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    let fresh = build(&document, view)?;
    root.replace_children_with_node_1(&fresh);
    if let Some(id) = focused_id {
        if let Some(el) = document.get_element_by_id(&id) {
            if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = html.focus();
            }
        }
    }
    Ok(())
}
