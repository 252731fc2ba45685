//! A tiny element tree that the popup and the helper are rendered into. The web front turns it
//! into DOM nodes with `createElement`/`createTextNode` (never HTML parsing), and native
//! tests read it as escaped HTML.

/// One node of a rendered view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub tag: &'static str,
    pub attrs: Vec<(&'static str, String)>,
    pub children: Vec<Node>,
}

/// Starts an element.
pub fn el(tag: &'static str) -> Element {
    Element {
        tag,
        attrs: Vec::new(),
        children: Vec::new(),
    }
}

/// A text node; its content is never interpreted as markup.
pub fn text(content: impl Into<String>) -> Node {
    Node::Text(content.into())
}

impl Element {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Element {
        self.attrs.push((name, value.into()));
        self
    }

    /// Adds the attribute only when `on` (for boolean attributes such as `checked`).
    pub fn flag(self, name: &'static str, on: bool) -> Element {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    pub fn child(mut self, node: impl Into<Node>) -> Element {
        self.children.push(node.into());
        self
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> Element {
        self.children.extend(nodes);
        self
    }

    pub fn text(self, content: impl Into<String>) -> Element {
        self.child(text(content))
    }

    pub fn get_attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl From<Element> for Node {
    fn from(element: Element) -> Node {
        Node::Element(element)
    }
}

const VOID: [&str; 4] = ["input", "br", "hr", "img"];

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

impl Node {
    /// Escaped HTML, for tests and debugging.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        self.write_html(&mut out);
        out
    }

    fn write_html(&self, out: &mut String) {
        match self {
            Node::Text(t) => escape(t, out),
            Node::Element(e) => {
                out.push('<');
                out.push_str(e.tag);
                for (name, value) in &e.attrs {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape(value, out);
                    out.push('"');
                }
                out.push('>');
                if VOID.contains(&e.tag) {
                    return;
                }
                for child in &e.children {
                    child.write_html(out);
                }
                out.push_str("</");
                out.push_str(e.tag);
                out.push('>');
            }
        }
    }

    /// This node without the elements whose `class` names `class` (and what they hold): the
    /// saved report leaves out its controls (`no-print`).
    pub fn without_class(&self, class: &str) -> Option<Node> {
        match self {
            Node::Text(_) => Some(self.clone()),
            Node::Element(e) => {
                let classes = e.get_attr("class").unwrap_or("");
                if classes.split_whitespace().any(|c| c == class) {
                    return None;
                }
                let mut kept = e.clone();
                kept.children = e
                    .children
                    .iter()
                    .filter_map(|c| c.without_class(class))
                    .collect();
                Some(Node::Element(kept))
            }
        }
    }

    /// All text below this node, concatenated (what a screen shows, roughly).
    pub fn text_content(&self) -> String {
        match self {
            Node::Text(t) => t.clone(),
            Node::Element(e) => e.children.iter().map(Node::text_content).collect(),
        }
    }

    /// The first element, depth first, with `attr` equal to `value`.
    pub fn find(&self, attr: &str, value: &str) -> Option<&Element> {
        let Node::Element(e) = self else { return None };
        if e.get_attr(attr) == Some(value) {
            return Some(e);
        }
        e.children.iter().find_map(|c| c.find(attr, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_void_elements_have_no_end_tag() {
        let node: Node = el("p")
            .attr("title", "a\"b")
            .text("<script>&")
            .child(el("input").flag("checked", true))
            .into();
        assert_eq!(
            node.to_html(),
            "<p title=\"a&quot;b\">&lt;script&gt;&amp;<input checked=\"\"></p>"
        );
        assert_eq!(node.text_content(), "<script>&");
    }
}
