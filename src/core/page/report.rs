//! "Copy page report": a privacy-safe description of what AuthPilot saw on an admin-center
//! page, for an admin whose admin center no longer matches what AuthPilot expects. The
//! content script gathers only roles and accessible names of the controls inside the Help &
//! support pane and which cue found each element; this module masks what could still be
//! personal (addresses, numbers, ids, links) and writes the text that goes on the clipboard.

use serde::Deserialize;

use crate::core::page::hosts::classify;

/// What the content script saw, as it reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageReport {
    pub host: String,
    pub route: String,
    /// The page's language (`<html lang>`); whether AuthPilot has words for it the core
    /// decides (`words::can_read`).
    #[serde(default)]
    pub lang: Option<String>,
    /// Each element AuthPilot looks for, and the cue that found it (`None`: not found).
    pub elements: Vec<ElementSeen>,
    /// Controls inside the Help & support pane, in document order.
    pub controls: Vec<Control>,
    /// How the content script's messages reached the worker (issue 31).
    #[serde(default)]
    pub deliveries: Option<Deliveries>,
}

/// How the content script's messages reached the worker since the page loaded: every send, the
/// sends that were repeats (Chrome lost the message or its answer), the messages still waiting
/// for an answer, and the last failure Chrome gave (its words: no page content).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deliveries {
    pub sent: u64,
    pub repeated: u64,
    /// The repeats by kind of message (`switch-pressed`, `observe`…).
    #[serde(default)]
    pub repeats: std::collections::BTreeMap<String, u64>,
    pub waiting: u64,
    #[serde(default)]
    pub last_failure: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementSeen {
    pub element: String,
    pub found_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub role: String,
    pub name: String,
    pub disabled: bool,
}

/// At most this many controls are reported.
const MAX_CONTROLS: usize = 80;
/// A name longer than this is cut.
const MAX_NAME: usize = 120;

/// Masks, word by word, what could identify a person or a tenant: an e-mail address or any
/// word with `@`, a link, a GUID-like id, and every run of three or more digits.
pub fn mask(text: &str) -> String {
    text.split_whitespace()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            if word.contains('@') {
                "<address>".to_string()
            } else if lower.contains("://") || lower.starts_with("www.") {
                "<link>".to_string()
            } else if looks_like_id(word) {
                "<id>".to_string()
            } else {
                mask_digits(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn looks_like_id(word: &str) -> bool {
    let hex = word.chars().filter(|c| c.is_ascii_hexdigit()).count();
    word.contains('-') && hex >= 16
}

fn mask_digits(word: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 3 {
            out.push('#');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in word.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A hash route, masked segment by segment (`/users/:/UserDetails/<id>`).
fn mask_route(route: &str) -> String {
    let route: String = route.chars().take(MAX_NAME).collect();
    route.split('/').map(mask).collect::<Vec<_>>().join("/")
}

fn cut(text: &str) -> String {
    let masked = mask(text);
    if masked.chars().count() > MAX_NAME {
        let mut short: String = masked.chars().take(MAX_NAME).collect();
        short.push('…');
        short
    } else {
        masked
    }
}

/// What AuthPilot reads of a page in this language (issue 32): its labels as a second cue where
/// it has a table, its messages where that table has result words; the switches are found in
/// any language by the page, the panel, "SMTP"/"SMTP AUTH" and Fluent's markup.
fn words_read(lang: Option<&str>) -> &'static str {
    use crate::core::page::words::{reads_messages, table_of};
    match lang.map(str::trim).filter(|l| !l.is_empty()) {
        None => "",
        Some(_) if reads_messages(lang) => " (labels and messages read)",
        Some(l) if table_of(l).is_some() => {
            " (labels read as a second cue; messages not read: outcomes from Fluent's markup, else submitted)"
        }
        Some(_) => {
            " (no words read: switches found by structure; outcomes from Fluent's markup, else submitted)"
        }
    }
}

/// The report's text. Technical, in English (it goes to AuthPilot's makers, not to the
/// admin's screen); the host is named only when it is an admin-center host.
pub fn format(report: &PageReport, version: &str) -> String {
    let host = if classify(&format!("https://{}/adminportal/", report.host)).is_admin_center() {
        report.host.clone()
    } else {
        "(not an admin-center host)".to_string()
    };
    let mut out = vec![
        format!("AuthPilot {version} page report"),
        format!("page: {host} #{}", mask_route(&report.route)),
        format!(
            "language: {}{}",
            report
                .lang
                .as_deref()
                .map(cut)
                .unwrap_or_else(|| "(not stated)".into()),
            // Whether AuthPilot reads the language is the core's to say
            // (`words::reads_messages`, `words::table_of`), never the content script's.
            words_read(report.lang.as_deref())
        ),
        "elements (found by which cue):".to_string(),
    ];
    for e in &report.elements {
        out.push(format!(
            "  {}: {}",
            cut(&e.element),
            e.found_by
                .as_deref()
                .map(cut)
                .unwrap_or_else(|| "NOT FOUND".to_string())
        ));
    }
    if let Some(d) = &report.deliveries {
        let kinds: Vec<String> = d
            .repeats
            .iter()
            .map(|(kind, n)| format!("{} {n}", cut(kind)))
            .collect();
        out.push(format!(
            "messages to AuthPilot: {} sent, {} of them again{}, {} waiting{}",
            d.sent,
            d.repeated,
            if kinds.is_empty() {
                String::new()
            } else {
                format!(" ({})", kinds.join(", "))
            },
            d.waiting,
            d.last_failure
                .as_deref()
                .map(|f| format!("; last failure: {}", cut(f)))
                .unwrap_or_default()
        ));
    }
    out.push(format!(
        "controls in the Help & support pane ({}):",
        report.controls.len().min(MAX_CONTROLS)
    ));
    if report.controls.is_empty() {
        out.push("  (no pane found)".to_string());
    }
    for c in report.controls.iter().take(MAX_CONTROLS) {
        out.push(format!(
            "  {} \"{}\"{}",
            cut(&c.role),
            cut(&c.name),
            if c.disabled { " (disabled)" } else { "" }
        ));
    }
    out.join("\n")
}
