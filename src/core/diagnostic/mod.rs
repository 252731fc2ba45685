//! What AuthPilot knows of the "Enable Basic Auth in EXO" self-help diagnostic: the query,
//! how to read what the content script saw on the page (plain observations), and the
//! decisions made from them — which mode the form is in, which protocol is chosen, whether a
//! press of Update counts, and what outcome a result means.

pub mod timeline;

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::timeline::DiagnosticAction;
use crate::core::log::{Action, Draft, Outcome, Source};
use crate::core::page::words::{all_texts, compact, meaning, reads_messages, Meaning, MessageKind};
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

pub use crate::core::diagnostic::timeline::QUERY;
pub use crate::core::pending::{expired, next, Next, Pending, RESULT_WAIT_SECONDS};

/// Limits on what a snapshot may carry, so a page cannot make the worker store much.
const MAX_TEXTS: usize = 60;
const MAX_TEXT_LEN: usize = 600;

/// What the content script saw on the page, as plain facts. It decides nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The hash route, such as `/homepage`.
    pub route: String,
    /// The green "Help & support" button is on the page.
    pub help_button: bool,
    /// The "How can we help?" pane is open.
    pub pane_open: bool,
    /// The pane's search box is there.
    pub search_box: bool,
    /// What the search box holds.
    pub query: String,
    /// The "Run diagnostics" card for this diagnostic is shown.
    pub card: bool,
    /// Its "Run Tests" button is shown and can be pressed.
    pub run_tests: bool,
    /// The drop-down's label, such as "Protocol to Enable *".
    pub form_label: Option<String>,
    /// The text the drop-down shows as chosen.
    pub selected: Option<String>,
    /// The acknowledgement box is ticked.
    pub acknowledged: bool,
    /// The Update / Update Settings button can be pressed.
    pub update_enabled: bool,
    /// Items of the "disabled for the following legacy protocols" list.
    pub disabled_list: Vec<String>,
    /// The visible text blocks inside the diagnostic card (only there).
    pub card_texts: Vec<String>,
    /// A spinner, progress bar or "Loading…"-like line is showing in the diagnostic's region:
    /// an element not seen yet may still be on its way.
    #[serde(default)]
    pub busy: bool,
    /// `?searchSolutions=` of the page's address, if any.
    pub search_solutions: Option<String>,
    /// Milliseconds since the content script started on this page.
    pub since_load_ms: u64,
    /// An SMTP AUTH switch on screen (issue 13), if any.
    #[serde(default)]
    pub switch: Option<crate::core::smtp::SwitchSeen>,
    /// The page's language (`<html lang>`, or the panel's own), such as `ja-JP`.
    #[serde(default)]
    pub lang: Option<String>,
    /// Message bars in the diagnostic's region, with the kind their markup gives.
    #[serde(default)]
    pub messages: Vec<SeenMessage>,
}

/// A message bar or toast as the page marks it up: its kind (Fluent's success, error…), if
/// the markup says, and its visible text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeenMessage {
    #[serde(default)]
    pub kind: Option<crate::core::page::words::MessageKind>,
    pub text: String,
}

impl Snapshot {
    /// Refuses oversized observations before anything is kept.
    pub fn check(&self) -> Result<(), String> {
        if let Some(switch) = &self.switch {
            switch.check()?;
        }
        let long = |t: &str| t.chars().count() > MAX_TEXT_LEN;
        if self.card_texts.len() > MAX_TEXTS
            || self.disabled_list.len() > MAX_TEXTS
            || self.messages.len() > MAX_TEXTS
        {
            return Err("observation with too many texts refused".to_string());
        }
        let singles = [
            Some(&self.route),
            Some(&self.query),
            self.form_label.as_ref(),
            self.selected.as_ref(),
            self.search_solutions.as_ref(),
            self.lang.as_ref(),
        ];
        if singles.into_iter().flatten().any(|t| long(t))
            || self
                .card_texts
                .iter()
                .chain(&self.disabled_list)
                .chain(self.messages.iter().map(|m| &m.text))
                .any(|t| long(t))
        {
            return Err("observation with an over-long text refused".to_string());
        }
        Ok(())
    }
}

/// The result a submission got on the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageResult {
    Succeeded(String),
    Failed(String),
}

/// The page as the guide understands it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageState {
    pub help_button: bool,
    pub pane_open: bool,
    pub search_box: bool,
    pub query_filled: bool,
    pub card: bool,
    pub run_tests: bool,
    pub mode: Option<DiagnosticAction>,
    pub selected: Option<Protocol>,
    pub acknowledged: bool,
    pub update_enabled: bool,
    pub disabled: Vec<Protocol>,
    pub result: Option<PageResult>,
    /// Something is still loading in the diagnostic's region.
    #[serde(default)]
    pub busy: bool,
    /// The page is in a language AuthPilot has no words for (its tag): nothing is recorded
    /// there, and the helper says why.
    #[serde(default)]
    pub unreadable: Option<String>,
    /// The page is in another language than English (its tag): the helper's steps quote
    /// Microsoft's English labels, which the page may word otherwise.
    #[serde(default)]
    pub not_english: Option<String>,
}

/// Text compared the lenient way a person reads it: icon-font glyphs (private use area)
/// dropped, white space collapsed, lower case, a trailing `*` or `:` ignored.
pub fn loose(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined: String = words
        .join(" ")
        .chars()
        .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    joined
        .trim()
        .trim_end_matches(['*', ':'])
        .trim()
        .to_ascii_lowercase()
}

/// Whether `text`, read leniently, is one of the vocabulary's texts for `key`.
fn is_word(text: &str, key: &str) -> bool {
    let text = loose(text);
    all_texts(key).any(|w| loose(w) == text)
}

/// Whether `text`, read leniently, holds one of the vocabulary's texts for `key`.
fn has_word(text: &str, key: &str) -> bool {
    let text = compact(&loose(text));
    all_texts(key).any(|w| text.contains(&compact(&loose(w))))
}

/// The form's mode, from the drop-down's label ("Protocol to Opt Out *", "Protocol to Enable *").
pub fn form_mode(label: &str) -> Option<DiagnosticAction> {
    if is_word(label, "form_opt_out") {
        Some(DiagnosticAction::OptOut)
    } else if is_word(label, "form_enable") {
        Some(DiagnosticAction::ReEnable)
    } else {
        None
    }
}

/// The form's mode from the form's own sentences, for a drop-down whose label is not one of
/// the two known ones (a second cue: domain.md quotes both modes' texts).
pub fn mode_from_texts(texts: &[String]) -> Option<DiagnosticAction> {
    let any = |key: &str| texts.iter().any(|t| has_word(t, key));
    if any("opt_out_text") {
        Some(DiagnosticAction::OptOut)
    } else if any("re_enable_text") {
        Some(DiagnosticAction::ReEnable)
    } else {
        None
    }
}

/// Whether a search box value is the diagnostic's query (or the other query that finds it).
pub fn is_diagnostic_query(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t == QUERY.to_ascii_lowercase() || (t.contains("basic auth") && t.contains("enable"))
}

/// What the diagnostic's region shows as the result of a submission, read by meaning: texts
/// already there before Update (`before`) and the region's fixed texts never count. An error
/// bar (by its markup, whatever its words) is a failure with its text; the re-enable's success
/// heading, or a success bar, is success; a new line whose words say it failed (in any
/// language of the vocabulary, negation-aware) is a failure. No public source gives the
/// diagnostic's error text (domain.md), so the words are a second cue after the markup.
pub fn result_after(s: &Snapshot, before: &[String]) -> Option<PageResult> {
    if !s.card {
        return None;
    }
    read_result(s, before)
}

/// The texts of the diagnostic's region that were not there before the press and are not its
/// fixed texts.
fn new_texts<'a>(s: &'a Snapshot, before: &[String]) -> Vec<&'a str> {
    let is_new = newness(before);
    s.card_texts
        .iter()
        .map(|t| t.trim())
        .filter(|t| is_new(t))
        .collect()
}

/// Whether a text of the region is new: not there before the press, not a fixed text.
fn newness(before: &[String]) -> impl Fn(&str) -> bool {
    let old: Vec<String> = before.iter().map(|t| loose(t)).collect();
    move |t| !old.contains(&loose(t)) && !is_word(t, "diag_static")
}

fn read_result(s: &Snapshot, before: &[String]) -> Option<PageResult> {
    let is_new = newness(before);
    let messages = || s.messages.iter().filter(|m| is_new(&m.text));
    if let Some(m) = messages().find(|m| m.kind == Some(MessageKind::Error)) {
        return Some(PageResult::Failed(m.text.clone()));
    }
    let texts = new_texts(s, before);
    // The heading may stand alone or share a line with its detail (a MessageBar's title).
    if let Some(at) = texts.iter().position(|t| has_word(t, "success_heading")) {
        let heading_only = all_texts("success_heading")
            .any(|h| loose(texts[at]).trim_end_matches('.') == loose(h));
        let detail = if heading_only {
            &texts[at..(at + 2).min(texts.len())]
        } else {
            &texts[at..=at]
        };
        return Some(PageResult::Succeeded(detail.join(" ")));
    }
    if let Some(m) = messages().find(|m| m.kind == Some(MessageKind::Success)) {
        return Some(PageResult::Succeeded(m.text.clone()));
    }
    texts
        .iter()
        .find(|t| meaning(t) == Meaning::Failed)
        .map(|t| PageResult::Failed(t.to_string()))
}

pub fn read_page(s: &Snapshot) -> PageState {
    let mode = s
        .form_label
        .as_deref()
        .and_then(|label| form_mode(label).or_else(|| mode_from_texts(&s.card_texts)));
    PageState {
        help_button: s.help_button,
        pane_open: s.pane_open,
        search_box: s.search_box,
        query_filled: is_diagnostic_query(&s.query),
        card: s.card,
        run_tests: s.run_tests,
        mode,
        selected: mode.and(s.selected.as_deref().and_then(Protocol::parse)),
        acknowledged: s.acknowledged,
        update_enabled: s.update_enabled,
        disabled: s
            .disabled_list
            .iter()
            .filter_map(|t| Protocol::parse(t))
            .collect(),
        result: result_after(s, &[]),
        busy: s.busy,
        unreadable: s.lang.clone().filter(|l| !reads_messages(Some(l))),
        not_english: s.lang.clone().filter(|l| {
            !crate::core::page::words::primary(l).is_empty()
                && crate::core::page::words::primary(l) != "en"
        }),
    }
}

/// A click on the diagnostic's Update button, as the content script saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Press {
    /// Its delivery id (issue 31): a repeat of this press is answered as the first was.
    pub id: String,
    /// `event.isTrusted`: false for clicks a page script made.
    pub trusted: bool,
    /// The button is inside the diagnostic card.
    pub in_card: bool,
    /// The page just before the click.
    pub snapshot: Snapshot,
}

/// Whether a press starts a submission, or why not. `in_force` is the diagnostic's mode on the
/// (practice) date: the diagnostic offered one mode at a time (domain.md), so a form whose
/// label is in words AuthPilot has not seen is read in that mode.
pub fn on_press(
    press: &Press,
    pending: Option<&Pending>,
    in_force: Option<DiagnosticAction>,
) -> Result<(Protocol, Action), String> {
    if !press.trusted {
        return Err("a click not made by the admin is ignored".to_string());
    }
    if !press.in_card {
        return Err("a click outside the diagnostic card is ignored".to_string());
    }
    press.snapshot.check()?;
    let page = read_page(&press.snapshot);
    if let Some(lang) = &page.unreadable {
        return Err(t!("error_unreadable_language", lang));
    }
    let mode = page
        .mode
        .or(in_force.filter(|_| press.snapshot.form_label.is_some()))
        .ok_or("no diagnostic form on the page")?;
    let protocol = page
        .selected
        .or_else(|| press.snapshot.selected.as_deref().and_then(Protocol::parse))
        .ok_or("no protocol chosen")?;
    if !page.acknowledged || !page.update_enabled {
        return Err("the form was not ready to submit".to_string());
    }
    let action = match mode {
        DiagnosticAction::OptOut => Action::OptOut,
        DiagnosticAction::ReEnable => Action::ReEnable,
    };
    // One waiting submission a tab; one already recorded `submitted` and only watched for a
    // later result gives way to the admin's next submission.
    if pending.is_some_and(|p| p.submitted.is_none()) {
        return Err("a submission is already waiting for its result".to_string());
    }
    Ok((protocol, action))
}

/// What a pending submission comes to, given the page now (`snapshot`, read as `page`), or
/// `None` to keep waiting. Only what appeared after the press counts as its result, in the
/// diagnostic's card or, while a submission waits, anywhere in the Help & support pane (a
/// page in words AuthPilot has not seen may show no card AuthPilot recognises).
pub fn settle(
    pending: &Pending,
    snapshot: &Snapshot,
    page: &PageState,
    now: Instant,
) -> Option<(Outcome, Option<String>)> {
    let region = snapshot.card || snapshot.pane_open;
    let result = region
        .then(|| read_result(snapshot, &pending.texts_before))
        .flatten();
    match &result {
        // The re-enable's success heading, or a success bar (an opt-out's confirmation, had
        // the diagnostic ever shown one).
        Some(PageResult::Succeeded(text)) => return Some((Outcome::Succeeded, Some(text.clone()))),
        Some(PageResult::Failed(text)) => return Some((Outcome::Failed, Some(text.clone()))),
        _ => {}
    }
    // Opt-out: the diagnostic shows the same form again, with nothing chosen (domain.md).
    if pending.action == Action::OptOut
        && page.mode == Some(DiagnosticAction::OptOut)
        && page.selected.is_none()
    {
        return Some((Outcome::Submitted, None));
    }
    // The form is gone, nothing is loading, and the region shows something new that AuthPilot
    // cannot read as a success or a failure (a result in words it has not seen): the page has
    // answered, so the submission is `submitted` now, with the page's words; an outcome read
    // later supersedes it.
    if region && snapshot.form_label.is_none() && !snapshot.busy {
        let new = new_texts(snapshot, &pending.texts_before);
        if !new.is_empty() {
            let text: String = new
                .join(" ")
                .chars()
                .take(crate::core::log::MAX_TEXT)
                .collect();
            return Some((Outcome::Submitted, Some(text)));
        }
    }
    expired(pending, now).then_some((Outcome::Submitted, None))
}

/// The log entry a settled submission becomes.
pub fn entry_for(pending: &Pending, outcome: Outcome, message: Option<String>) -> Draft {
    let at = Instant::parse_rfc3339(&pending.at).ok();
    Draft {
        id: pending.id.clone(),
        at: pending.at.clone(),
        protocol: pending.protocol,
        scope: pending.scope,
        mailbox: pending.mailbox.clone(),
        action: pending.action,
        outcome,
        source: Source::Observed,
        host: Some(pending.host.clone()),
        cloud: pending.cloud,
        tenant: None,
        message,
        note: pending.note.clone(),
        effective_by: match (pending.action, outcome, at) {
            (Action::ReEnable, Outcome::Succeeded, Some(at)) => {
                Some(crate::core::log::effective_by(at))
            }
            _ => None,
        },
        mc437540_seen: (pending.action == Action::OptOut).then_some(false),
        supersedes: None,
    }
}

/// On arrival through `?searchSolutions=`: whether AuthPilot should fill the query itself
/// because the page ignored it (given the page a moment to honour it first).
pub fn should_fill_on_arrival(s: &Snapshot) -> bool {
    let asked = s
        .search_solutions
        .as_deref()
        .is_some_and(is_diagnostic_query);
    asked && s.since_load_ms >= 2000 && !s.card && !is_diagnostic_query(&s.query)
}

/// The reminder shown when a re-enabled protocol should work.
pub fn reminder(protocol: Protocol) -> (String, String) {
    (
        t!("reminder_title", protocol.short()),
        t!("reminder_message", protocol.short()),
    )
}
