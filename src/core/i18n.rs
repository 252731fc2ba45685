//! Every word AuthPilot shows comes from a message catalog in Chrome's `_locales` format
//! (`extension/_locales/<lang>/messages.json`). The extension reads it through
//! `chrome.i18n.getMessage`; native tests read the files themselves with [`Messages`], which
//! follows Chrome's rules: `$name$` stands for its placeholder's `content`, `$1`…`$9` for the
//! substitutions, `$$` for a dollar sign.
//!
//! Core code asks for text with [`t!`](crate::t); the catalog in use is per thread (the
//! extension's pages and worker each have one thread). Native builds start with English, so
//! a key missing from `en` fails the test that renders it.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde::Deserialize;

/// Where message text comes from.
pub trait Catalog {
    /// The message for `key` with `substitutions` in place, or `None` if the catalog has no
    /// such key.
    fn message(&self, key: &str, substitutions: &[&str]) -> Option<String>;
}

/// One message as `messages.json` holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub message: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub placeholders: BTreeMap<String, Placeholder>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    pub content: String,
    #[serde(default)]
    pub example: Option<String>,
}

/// A parsed `messages.json`.
#[derive(Debug, Clone, Default)]
pub struct Messages {
    /// Keys lower-cased: Chrome treats message and placeholder names case-insensitively.
    pub entries: BTreeMap<String, Message>,
}

impl Messages {
    pub fn parse(json: &str) -> Result<Messages, String> {
        let raw: BTreeMap<String, Message> =
            serde_json::from_str(json).map_err(|e| format!("messages.json: {e}"))?;
        let mut entries = BTreeMap::new();
        for (key, mut message) in raw {
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "messages.json: \"{key}\" is not a valid message name"
                ));
            }
            message.placeholders = message
                .placeholders
                .into_iter()
                .map(|(name, p)| (name.to_ascii_lowercase(), p))
                .collect();
            if entries.insert(key.to_ascii_lowercase(), message).is_some() {
                return Err(format!("messages.json: \"{key}\" appears twice"));
            }
        }
        Ok(Messages { entries })
    }
}

/// Replaces `$n` with `substitutions[n - 1]` (empty when not given) and `$$` with `$`.
fn substitute(text: &str, substitutions: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().copied()) {
            ('$', Some('$')) => {
                chars.next();
                out.push('$');
            }
            ('$', Some(d @ '1'..='9')) => {
                chars.next();
                let n = d as usize - '0' as usize;
                out.push_str(substitutions.get(n - 1).copied().unwrap_or(""));
            }
            _ => out.push(c),
        }
    }
    out
}

/// Walks a message text once, passing each `$name$` (lower-cased) to `place` and copying
/// everything else — `$$` and `$1`… included — unchanged.
fn expand(text: &str, mut place: impl FnMut(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        if let Some(stripped) = after.strip_prefix('$') {
            out.push_str("$$");
            rest = stripped;
            continue;
        }
        match after.find('$') {
            Some(end)
                if end > 0
                    && after[..end]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !after[..end].chars().all(|c| c.is_ascii_digit()) =>
            {
                out.push_str(&place(&after[..end].to_ascii_lowercase())?);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// The placeholder names a message text uses (`$name$`), lower-cased, in order.
pub fn placeholder_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    expand(text, |name| {
        names.push(name.to_string());
        Some(String::new())
    });
    names
}

impl Catalog for Messages {
    fn message(&self, key: &str, substitutions: &[&str]) -> Option<String> {
        let m = self.entries.get(&key.to_ascii_lowercase())?;
        // one pass: a placeholder's content is never searched for further placeholders
        let text = expand(&m.message, |name| {
            m.placeholders.get(name).map(|p| p.content.clone())
        })?;
        Some(substitute(&text, substitutions))
    }
}

/// Every way `other` fails to match `reference` key for key: a missing or extra key, a
/// placeholder missing, added or pointing at another substitution, a substitution used by
/// one and not the other, an empty message. Empty when the two agree.
pub fn differences(reference: &Messages, other: &Messages) -> Vec<String> {
    let mut out = Vec::new();
    for key in reference.entries.keys() {
        if !other.entries.contains_key(key) {
            out.push(format!("\"{key}\" is missing"));
        }
    }
    for (key, theirs) in &other.entries {
        let Some(ours) = reference.entries.get(key) else {
            out.push(format!("\"{key}\" is not in the reference locale"));
            continue;
        };
        if theirs.message.trim().is_empty() {
            out.push(format!("\"{key}\" is empty"));
        }
        let contents = |m: &Message| -> BTreeMap<String, String> {
            m.placeholders
                .iter()
                .map(|(name, p)| (name.clone(), p.content.clone()))
                .collect()
        };
        if contents(ours) != contents(theirs) {
            out.push(format!(
                "\"{key}\": placeholders {:?} differ from the reference's {:?}",
                contents(theirs),
                contents(ours)
            ));
        }
        let used = |m: &Message| {
            let mut names = placeholder_names(&m.message);
            names.sort();
            names.dedup();
            names
        };
        if used(ours) != used(theirs) {
            out.push(format!(
                "\"{key}\": the text uses {:?} where the reference uses {:?}",
                used(theirs),
                used(ours)
            ));
        }
        for name in used(theirs) {
            if !theirs.placeholders.contains_key(&name) {
                out.push(format!("\"{key}\": ${name}$ has no placeholder"));
            }
        }
    }
    out
}

thread_local! {
    static CATALOG: RefCell<Option<Rc<dyn Catalog>>> = const { RefCell::new(None) };
}

/// Makes `catalog` the source of text on this thread.
pub fn install(catalog: Rc<dyn Catalog>) {
    CATALOG.with(|c| *c.borrow_mut() = Some(catalog));
}

/// English, straight from the extension's `_locales/en`: what native code and tests use
/// until something else is installed.
#[cfg(not(target_arch = "wasm32"))]
pub const ENGLISH: &str = include_str!("../../extension/_locales/en/messages.json");
#[cfg(not(target_arch = "wasm32"))]
pub const JAPANESE: &str = include_str!("../../extension/_locales/ja/messages.json");

fn current() -> Option<Rc<dyn Catalog>> {
    CATALOG.with(|c| {
        #[cfg(not(target_arch = "wasm32"))]
        if c.borrow().is_none() {
            let english = Messages::parse(ENGLISH).expect("extension/_locales/en is valid");
            *c.borrow_mut() = Some(Rc::new(english));
        }
        c.borrow().clone()
    })
}

/// The text for `key`. A key no catalog knows is a bug: native builds panic (so the test
/// that renders it fails), the extension shows the key in brackets rather than nothing.
pub fn text(key: &str, substitutions: &[&str]) -> String {
    match current().and_then(|c| c.message(key, substitutions)) {
        Some(text) => text,
        #[cfg(not(target_arch = "wasm32"))]
        None => panic!("no message \"{key}\" in the installed catalog"),
        #[cfg(target_arch = "wasm32")]
        None => format!("[{key}]"),
    }
}

/// `t!("key")`, `t!("key", a, b)`: the message for `key` with each argument (anything
/// `Display`) as `$1`, `$2`…
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::core::i18n::text($key, &[])
    };
    ($key:literal, $($arg:expr),+ $(,)?) => {
        $crate::core::i18n::text($key, &[$(&$arg.to_string()),+])
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_substitution_rules() {
        let m = Messages::parse(
            r#"{"Greet": {"message": "Hi $Who$, $$5 for $2 ($1)",
                 "placeholders": {"who": {"content": "$1"}}}}"#,
        )
        .unwrap();
        assert_eq!(
            m.message("greet", &["Ann", "tea"]).unwrap(),
            "Hi Ann, $5 for tea (Ann)"
        );
        assert_eq!(m.message("greet", &[]).unwrap(), "Hi , $5 for  ()");
        assert_eq!(m.message("absent", &[]), None);
        // a content that looks like a placeholder is not expanded again
        let loop_ = Messages::parse(
            r#"{"a": {"message": "[$x$]", "placeholders": {"x": {"content": "$X$ $1"}}}}"#,
        )
        .unwrap();
        assert_eq!(loop_.message("a", &["y"]).unwrap(), "[$X$ y]");
    }

    #[test]
    fn placeholder_names_skip_dollars_and_numbers() {
        assert_eq!(
            placeholder_names("$a$ costs $$3 and $1, $b_2$ $"),
            ["a", "b_2"]
        );
    }

    #[test]
    fn bad_catalogs_are_refused_with_the_reason() {
        assert!(Messages::parse("{")
            .unwrap_err()
            .starts_with("messages.json:"));
        assert!(Messages::parse(r#"{"a-b": {"message": "x"}}"#)
            .unwrap_err()
            .contains("not a valid message name"));
        assert!(Messages::parse(r#"{"a": {"message": "x", "colour": 1}}"#)
            .unwrap_err()
            .contains("colour"));
    }
}
