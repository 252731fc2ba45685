//! Turns a `core::view::Node` tree into real DOM nodes. Text always becomes a text node and
//! attribute values are set with `setAttribute`, so nothing is ever parsed as HTML.
//!
//! A redraw patches what is already there instead of replacing it: an element whose tag still
//! matches keeps its identity, so what the admin is doing in it survives a redraw that comes
//! mid-word (the caret, a selection, the text typed into a field, focus, a scroll position).
//! A form control the view itself changes (its attributes or options differ) is replaced, so
//! the view's value wins there; one the view leaves alone keeps the admin's edits.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element as DomElement};

use crate::core::view::{Element, Node};

const SVG: &str = "http://www.w3.org/2000/svg";

/// A new DOM node for `node`; `svg`: it goes inside an `<svg>`, so its elements are made in the
/// SVG namespace (as `<svg>` itself is), or the browser would not draw them.
fn build(document: &Document, node: &Node, svg: bool) -> Result<web_sys::Node, JsValue> {
    match node {
        Node::Text(t) => Ok(document.create_text_node(t).into()),
        Node::Element(e) => {
            let svg = svg || e.tag == "svg";
            let element = if svg {
                document.create_element_ns(Some(SVG), e.tag)?
            } else {
                document.create_element(e.tag)?
            };
            for (name, value) in &e.attrs {
                element.set_attribute(name, value)?;
            }
            for child in &e.children {
                element.append_child(&build(document, child, svg)?)?;
            }
            Ok(element.into())
        }
    }
}

const FORM_CONTROLS: [&str; 3] = ["INPUT", "SELECT", "TEXTAREA"];

/// Whether a DOM element already is `view` (same tag, attributes and content, all the way down).
fn same_as(dom: &DomElement, view: &Element) -> bool {
    if !dom.tag_name().eq_ignore_ascii_case(view.tag) {
        return false;
    }
    let attrs = dom.attributes();
    if attrs.length() as usize != view.attrs.len()
        || view
            .attrs
            .iter()
            .any(|(n, v)| dom.get_attribute(n).as_deref() != Some(v.as_str()))
    {
        return false;
    }
    let children = dom.child_nodes();
    children.length() as usize == view.children.len()
        && view.children.iter().enumerate().all(|(i, child)| {
            match (children.item(i as u32), child) {
                (Some(d), Node::Text(t)) => {
                    d.node_type() == web_sys::Node::TEXT_NODE
                        && d.node_value().as_deref() == Some(t)
                }
                (Some(d), Node::Element(e)) => {
                    d.dyn_ref::<DomElement>().is_some_and(|d| same_as(d, e))
                }
                (None, _) => false,
            }
        })
}

/// Makes `dom` show `view`, keeping `dom` itself; false when it cannot (another tag, or a form
/// control whose state the view changes) and must be replaced.
fn patch_element(document: &Document, dom: &DomElement, view: &Element) -> Result<bool, JsValue> {
    let tag = dom.tag_name();
    if !tag.eq_ignore_ascii_case(view.tag) {
        return Ok(false);
    }
    if FORM_CONTROLS.iter().any(|c| tag.eq_ignore_ascii_case(c)) {
        return Ok(same_as(dom, view));
    }
    let attrs = dom.attributes();
    let stale: Vec<String> = (0..attrs.length())
        .filter_map(|i| attrs.item(i).map(|a| a.name()))
        .filter(|name| !view.attrs.iter().any(|(n, _)| n == name))
        .collect();
    for name in stale {
        dom.remove_attribute(&name)?;
    }
    for (name, value) in &view.attrs {
        if dom.get_attribute(name).as_deref() != Some(value.as_str()) {
            dom.set_attribute(name, value)?;
        }
    }
    patch_children(document, dom.unchecked_ref(), &view.children)?;
    Ok(true)
}

fn patch_children(
    document: &Document,
    parent: &web_sys::Node,
    view: &[Node],
) -> Result<(), JsValue> {
    let svg = parent
        .dyn_ref::<DomElement>()
        .is_some_and(|p| p.namespace_uri().as_deref() == Some(SVG));
    for (i, child) in view.iter().enumerate() {
        let existing = parent.child_nodes().item(i as u32);
        let kept = match (&existing, child) {
            (Some(d), Node::Text(t)) if d.node_type() == web_sys::Node::TEXT_NODE => {
                if d.node_value().as_deref() != Some(t) {
                    d.set_node_value(Some(t));
                }
                true
            }
            (Some(d), Node::Element(e)) => match d.dyn_ref::<DomElement>() {
                Some(d) => patch_element(document, d, e)?,
                None => false,
            },
            _ => false,
        };
        if kept {
            continue;
        }
        let fresh = build(document, child, svg)?;
        match existing {
            Some(old) => parent.replace_child(&fresh, &old).map(drop)?,
            None => parent.append_child(&fresh).map(drop)?,
        }
    }
    while parent.child_nodes().length() as usize > view.len() {
        if let Some(last) = parent.last_child() {
            parent.remove_child(&last)?;
        }
    }
    Ok(())
}

/// Makes everything inside `root` show `view`, patching in place; keyboard focus moves to the
/// element with the same id when the focused one had to be replaced.
pub fn render_into(root: &DomElement, view: &Node) -> Result<(), JsValue> {
    let document = root.owner_document().ok_or("root is not in a document")?;
    let focused_id = document
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    patch_children(&document, root.unchecked_ref(), std::slice::from_ref(view))?;
    if let Some(id) = focused_id {
        let still = document.active_element().map(|e| e.id());
        if still.as_deref() != Some(id.as_str()) {
            if let Some(el) = document.get_element_by_id(&id) {
                if let Ok(html) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = html.focus();
                }
            }
        }
    }
    Ok(())
}

/// Opens the file chooser of a hidden `<input type=file>` under `root` (cleared first, so
/// choosing the same file again is a change too). The click is made after the handler that
/// asked returns: the input's own click bubbles to the same listener, and re-entering a running
/// closure throws.
pub fn choose_file(root: &DomElement, selector: &str) {
    let input = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok());
    if let Some(input) = input {
        input.set_value("");
        wasm_bindgen_futures::spawn_local(async move { input.click() });
    }
}
