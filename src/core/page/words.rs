//! The admin-center pages' words, as data: `page/words.json` holds one table per language
//! (and a few language-neutral product names), each entry saying where it was seen. The
//! content script bundles the same file at build time, so the two readers never disagree.
//! This module answers which languages AuthPilot can read, and reads a page's message by
//! meaning: saved, failed, or neither — with negation ("weren't saved") and warnings about
//! unsaved changes told apart from a result.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The vocabulary file, shared with the content script.
pub const SOURCE: &str = include_str!("words.json");

/// The vocabulary as the extension ships it: `SOURCE` without its citations and white space
/// (build.rs; issue 34: 9.7 → 2.9 KB gzipped in each module). `tests/core_smtp.rs` holds it
/// equal to `SOURCE` but for the citations.
pub const SHIPPED: &str = include_str!(concat!(env!("OUT_DIR"), "/words.min.json"));

/// The vocabulary, parsed once (as a JSON value: typed structs would add their deserialisers
/// to the wasm for a file that is part of the build): natively the whole file, citations
/// included (the tests check that every entry cites its source), in the extension `SHIPPED`.
/// A broken file is a bug that the native tests catch (`tests/core_smtp.rs`).
pub fn vocabulary() -> &'static serde_json::Value {
    static PARSED: OnceLock<serde_json::Value> = OnceLock::new();
    #[cfg(not(target_arch = "wasm32"))]
    let text = SOURCE;
    #[cfg(target_arch = "wasm32")]
    let text = SHIPPED;
    PARSED.get_or_init(|| serde_json::from_str(text).expect("page/words.json is valid"))
}

/// The language tables, by primary language tag.
pub fn tables() -> impl Iterator<Item = (&'static String, &'static serde_json::Value)> {
    vocabulary()["tables"].as_object().into_iter().flatten()
}

/// Every text of `key` in every language's table.
pub fn all_texts(key: &str) -> impl Iterator<Item = &'static str> + use<'_> {
    tables()
        .filter_map(move |(_, t)| t["words"][key]["texts"].as_array())
        .flatten()
        .filter_map(serde_json::Value::as_str)
}

/// The primary language of a BCP 47 tag (`ja-JP` → `ja`), lower-cased.
pub fn primary(lang: &str) -> String {
    lang.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The table of a language: its whole tag's (`pt-BR`, `zh-TW`), else one of its primary tag's
/// (`de-AT` → `de`, `pt` → `pt-BR`), compared without case.
pub fn table_of(lang: &str) -> Option<&'static serde_json::Value> {
    let whole = lang.trim().replace('_', "-").to_ascii_lowercase();
    let first = primary(lang);
    tables()
        .find(|(tag, _)| tag.to_ascii_lowercase() == whole)
        .or_else(|| tables().find(|(tag, _)| primary(tag) == first))
        .map(|(_, table)| table)
}

/// Whether AuthPilot reads a page's *messages* by their words in its language (issue 32): its
/// table has result words. Microsoft publishes these pages' messages in no language but English
/// and Japanese (shared/docs/languages.md), so elsewhere a message's outcome comes from Fluent's
/// markup alone, or is `submitted`. A page that states no language is read with every table (the
/// admin center always sets one; a missing one says nothing).
pub fn reads_messages(lang: Option<&str>) -> bool {
    match lang.map(str::trim).filter(|l| !l.is_empty()) {
        None => true,
        Some(l) => table_of(l).is_some_and(|t| t["words"]["result_saved"].is_object()),
    }
}

/// What kind of message the page's own markup says it is, whatever its words: Fluent v8's
/// `ms-MessageBar--success` / `--error` / `--blocked` / `--severeWarning` / `--warning` /
/// `--info` and `role="alert"`, Fluent v9's intent (read by the content script from the
/// intent's icon colour, the only place v9 puts it in the page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MessageKind {
    Success,
    Error,
    Warning,
    Info,
}

/// What a message's words say, in any language of the vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Saved,
    Failed,
    /// A warning about changes not yet saved ("You have unsaved changes"): not a result.
    Unsaved,
    /// Nothing either way, or both at once (unsure: record less).
    Unclear,
    /// Words in a language whose messages AuthPilot does not read, with nothing in the markup
    /// either: the page answered, but only its words could say how (record `submitted`).
    Unread,
}

/// Lower case (ASCII: the tables' Latin words are English; Japanese has no case, and the
/// Unicode case tables would cost the wasm several KB), icon-font glyphs dropped, typographic
/// apostrophes made plain.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The lenient form a cue compares names in ("Protocol to Enable *" = "protocoltoenable",
/// "メール アプリ" = "メールアプリ"): `compact` without a trailing `*` or colon. The content
/// script's `key` (extension/content/read.js) is the same rule: tests/golden/keys.json holds
/// the cases both are checked against (tests/core_words_key.rs, tests/adapter/keys.test.mjs).
pub fn key(text: &str) -> String {
    let seen: String = text
        .chars()
        .filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c))
        .collect();
    let seen = seen.trim();
    let seen = seen
        .strip_suffix(['*', ':', '：'])
        .unwrap_or(seen)
        .trim_end();
    compact(seen)
}

/// Text without any white space: how Japanese entries compare ("メール アプリ" = "メールアプリ").
pub fn compact(text: &str) -> String {
    plain(text).split_whitespace().collect()
}

/// Words of a Latin-script text: ASCII letters, digits and apostrophes (phrases in other
/// scripts are matched as text, `contains`).
fn tokens(text: &str) -> Vec<String> {
    plain(text)
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `phrase` occurs in `sentence`: as whole words for a Latin-script phrase ("saved"
/// is not in "unsaved"), anywhere for one in another script.
fn contains(sentence: &str, words: &[String], phrase: &str) -> bool {
    if phrase.is_ascii() {
        let wanted = tokens(phrase);
        !wanted.is_empty() && words.windows(wanted.len()).any(|w| w == wanted.as_slice())
    } else {
        compact(sentence).contains(&compact(phrase))
    }
}

fn negated(sentence: &str, words: &[String]) -> bool {
    all_texts("result_negation").any(|n| match n.strip_prefix("n't") {
        Some("") => words.iter().any(|w| w.ends_with("n't")),
        _ => contains(sentence, words, n),
    })
}

/// What a page message's words mean, sentence by sentence: a failure word, or a saved word
/// under a negation, is a failure; a saved word alone is saved; a warning about unsaved
/// changes is neither; saved and failed in one message is unclear.
pub fn meaning(text: &str) -> Meaning {
    let (mut saved, mut failed, mut unsaved) = (false, false, false);
    for sentence in text.split(['.', '。', '!', '！', '?', '？', '\n']) {
        let words = tokens(sentence);
        let has = |key: &str| all_texts(key).any(|p| contains(sentence, &words, p));
        if has("result_unsaved") {
            unsaved = true;
        } else if has("result_failed") {
            failed = true;
        } else if has("result_saved") {
            if negated(sentence, &words) {
                failed = true;
            } else {
                saved = true;
            }
        }
    }
    match (saved, failed, unsaved) {
        (true, false, _) => Meaning::Saved,
        (false, true, _) => Meaning::Failed,
        (false, false, true) => Meaning::Unsaved,
        _ => Meaning::Unclear,
    }
}

/// A result message read by structure first, words second: an error-kind message is a
/// failure whatever it says; a success-kind one is saved unless its words say otherwise (then
/// unsure, so nothing); a warning, info or unmarked one counts by its words alone — and only in a
/// language whose messages AuthPilot reads (`reads_messages`): elsewhere its words are never
/// taken for "saved" (a sentence there may say "not saved"), so it is `Unread`, while Fluent's
/// success and error markup still say what they say in every language.
pub fn read_message(kind: Option<MessageKind>, text: &str, lang: Option<&str>) -> Meaning {
    let words = reads_messages(lang);
    match kind {
        Some(MessageKind::Error) => Meaning::Failed,
        Some(MessageKind::Success) if !words => Meaning::Saved,
        Some(MessageKind::Success) => match meaning(text) {
            Meaning::Saved | Meaning::Unclear => Meaning::Saved,
            _ => Meaning::Unclear,
        },
        _ if !words => Meaning::Unread,
        _ => meaning(text),
    }
}
