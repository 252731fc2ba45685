//! Importing an exported JSON log: the whole file is checked before anything changes, then
//! merged by id. Every refusal says what is wrong and where (line and column, or entry).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::chain::{verify, Link};
use super::entry::{Draft, Entry};
pub(super) use super::entry_text::read_raw_entry;
use super::entry_text::{entry_error, kind};
#[cfg(test)]
use super::entry_text::{read_entry, straight, straight_with, typed_through_value};
use crate::core::log::export::{FORMAT, OLDEST_READ, VERSION};
use crate::core::time::Instant;

/// Files larger than this are refused before they are read.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// What an accepted import adds, in the file's order (already-known entries left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub add: Vec<Draft>,
    /// Entries in the file that the log already had.
    pub already_present: usize,
}

/// Too large, before reading: the web front checks the file's size with this first.
pub fn check_size(bytes: usize) -> Result<(), String> {
    if bytes > MAX_IMPORT_BYTES {
        return Err(t!(
            "import_too_large",
            format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
        ));
    }
    Ok(())
}

/// An exported log file read and checked whole: its format version and its entries, in the
/// file's order, each checked field by field, no id twice. Its chain is not yet verified
/// (`verify`): `authpilot verify` reports a broken chain with the file's version and count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogFile {
    pub version: u64,
    pub entries: Vec<Entry>,
}

/// Reads an exported JSON log, refusing it whole (with the line and column, or the entry and
/// why) when anything in it is wrong. No size limit here: the popup checks the size first
/// (`check_size`); the command line reads a file of any size. The entries are read one at a
/// time as the text is parsed (issue 26: a 100,000-entry log is never held as a JSON tree),
/// with the same checks in the same order as reading it whole: the header first, then the
/// entries in order.
pub fn read_log(text: &str) -> Result<LogFile, String> {
    let Parsed { version, raws, .. } = parse_log(text, None)?;
    let read = raws
        .iter()
        .enumerate()
        .map(|(i, raw)| read_raw_entry(i + 1, raw, version))
        .collect();
    let entries = kept_once(read)?;
    Ok(LogFile { version, entries })
}

/// What is kept of each entry read, and its id (no id twice in a file).
pub(super) trait Kept {
    fn id(&self) -> &str;
}

impl Kept for Entry {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Kept for Link {
    fn id(&self) -> &str {
        &self.id
    }
}

/// Hands a run of entries' texts on as the file is parsed: the position of the first, the
/// texts, the version they are read with (`log::parallel` reads them on other threads while
/// the parse goes on).
pub(super) type Dispatch<'a, 'de> = dyn Fn(usize, &[&'de str], u64) + 'a;

/// A log's text parsed: its version and each entry's text; `streamed` is the version the
/// entries were also handed on with as they were met (`Dispatch`), when they were — only when
/// the header had said a readable version before them and `entries` came once.
pub(super) struct Parsed<'de> {
    pub version: u64,
    pub raws: Vec<&'de str>,
    // Read by `log::parallel`, which is native only.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    pub streamed: Option<u64>,
}

/// How many entries' texts are handed on at a time.
pub(super) const RUN: usize = 512;

/// The whole text checked as JSON and its header read (a syntax error anywhere is said first,
/// then the header's), each entry's text kept; handed on as met too when `dispatch` is given.
pub(super) fn parse_log<'de>(
    text: &'de str,
    dispatch: Option<&Dispatch<'_, 'de>>,
) -> Result<Parsed<'de>, String> {
    if !text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| t!("import_not_json", e.line(), e.column(), e))?;
        return Err(t!("import_not_a_log_kind", kind(&value)));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::de::DeserializeSeed::deserialize(TopSeed { dispatch }, &mut de)
        .and_then(|file| de.end().map(|_| file));
    let (header, entries, streamed) = match parsed {
        Ok(parts) => parts,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(t!("import_not_json", e.line(), e.column(), e))
        }
        Err(e) => return Err(e.to_string()),
    };
    let version = read_header(&header)?;
    match entries {
        Entries::Missing => Err(t!("import_no_entries")),
        Entries::Raw(raws) => Ok(Parsed {
            version,
            raws,
            streamed,
        }),
    }
}

/// The entries read, in order: the first refusal, else each kept, no id twice.
pub(super) fn kept_once<T: Kept>(read: Vec<Result<T, String>>) -> Result<Vec<T>, String> {
    let kept = read.into_iter().collect::<Result<Vec<_>, _>>()?;
    let mut seen = HashSet::with_capacity(kept.len());
    for (i, e) in kept.iter().enumerate() {
        if !seen.insert(e.id()) {
            return Err(entry_error(i + 1, Some(e.id()), t!("import_duplicate_id")));
        }
    }
    Ok(kept)
}

/// The `entries` of a log as the parser meets them.
enum Entries<'de> {
    Missing,
    /// Each entry's text (valid JSON), in order, read once the whole file has parsed.
    Raw(Vec<&'de str>),
}

struct TopSeed<'a, 'de> {
    dispatch: Option<&'a Dispatch<'a, 'de>>,
}

/// The header, the entries, and the version they were handed on with (if they were).
type Top<'de> = (Map<String, Value>, Entries<'de>, Option<u64>);

impl<'de> serde::de::DeserializeSeed<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopSeed<'_, 'de> {
    type Value = Top<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an AuthPilot log")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut header = Map::new();
        let mut entries = Entries::Missing;
        let mut streamed = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "entries" {
                let value: Value = map.next_value()?;
                header.insert(key, value);
                continue;
            }
            // Handed on as met only with a version already read and only the first time
            // (`entries` twice: the last is the file's; nothing streamed stands for it).
            let early = header
                .get("version")
                .and_then(Value::as_u64)
                .filter(|v| (OLDEST_READ..=VERSION).contains(v));
            let stream = match (self.dispatch, early, header.contains_key("entries")) {
                (Some(dispatch), Some(version), false) => Some((dispatch, version)),
                _ => None,
            };
            streamed = stream.map(|(_, version)| version);
            header.insert(key, Value::Null);
            entries = map.next_value_seed(EntriesSeed { stream })?;
        }
        Ok((header, entries, streamed))
    }
}

struct EntriesSeed<'a, 'de> {
    stream: Option<(&'a Dispatch<'a, 'de>, u64)>,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed<'_, 'de> {
    type Value = Entries<'de>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Entries<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed<'_, 'de> {
    type Value = Entries<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of entries")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Entries<'de>, A::Error> {
        // Kept as text here and read once the whole file has parsed (a syntax error anywhere
        // is said first) and the header has said its version, wherever it stands — or read
        // meanwhile on other threads (`stream`), and used only if that holds.
        let mut raws = Vec::new();
        let mut handed = 0;
        while let Some(item) = seq.next_element::<&'de serde_json::value::RawValue>()? {
            raws.push(item.get());
            if let Some((dispatch, version)) = self.stream {
                if raws.len() - handed == RUN {
                    dispatch(handed, &raws[handed..], version);
                    handed = raws.len();
                }
            }
        }
        if let Some((dispatch, version)) = self.stream {
            if raws.len() > handed {
                dispatch(handed, &raws[handed..], version);
            }
        }
        Ok(Entries::Raw(raws))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Entries::Missing)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
    fn visit_str<E>(self, _: &str) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
    fn visit_unit<E>(self) -> Result<Entries<'de>, E> {
        Ok(Entries::Missing)
    }
}

/// Why an import was refused; a conflict also names the id and the entry it conflicts with,
/// so a caller merging many files can name the file that entry came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    /// The id present twice with different content, and the sequence number it has in the log
    /// merged into.
    pub conflict: Option<(String, u64)>,
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused {
            message,
            conflict: None,
        }
    }
}

/// Checks a whole exported file against the current log and says what merging would add.
/// `existing` must be the verified current log.
pub fn plan_import(text: &str, existing: &[Entry]) -> Result<Merge, String> {
    check_size(text.len())?;
    let file = read_log(text)?;
    plan_merge(&file, existing).map_err(|r| r.message)
}

/// The popup's import rules for a file already read: its chain must verify; an entry the log
/// has with the same content is counted once, with different content refused; a later outcome
/// must name an entry the log or the file has before it.
pub fn plan_merge(file: &LogFile, existing: &[Entry]) -> Result<Merge, Refused> {
    let entries = &file.entries;
    verify(entries).map_err(|b| t!("import_chain_broken", b.describe()))?;
    let known: HashMap<&str, &Entry> = existing.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut add = Vec::new();
    let mut already_present = 0;
    let mut ids_so_far: HashSet<&str> = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(target) = &e.supersedes {
            if !known.contains_key(target.as_str()) && !ids_so_far.contains(target.as_str()) {
                return Err(
                    entry_error(i + 1, Some(&e.id), t!("import_orphan_update", target)).into(),
                );
            }
        }
        ids_so_far.insert(e.id.as_str());
        match known.get(e.id.as_str()) {
            Some(mine) if mine.content() == e.content() => already_present += 1,
            Some(mine) => {
                return Err(Refused {
                    message: entry_error(i + 1, Some(&e.id), t!("import_conflict", mine.seq)),
                    conflict: Some((e.id.clone(), mine.seq)),
                })
            }
            None => add.push(e.content()),
        }
    }
    Ok(Merge {
        add,
        already_present,
    })
}

/// Checks the file's header; its export version.
fn read_header(top: &Map<String, Value>) -> Result<u64, String> {
    match top.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => return Err(t!("import_wrong_format", other)),
        None => return Err(t!("import_no_format")),
    }
    let version = match top.get("version").and_then(Value::as_u64) {
        Some(v) if (OLDEST_READ..=VERSION).contains(&v) => v,
        Some(v) if v > VERSION => return Err(t!("import_newer_version", v, VERSION)),
        _ => return Err(t!("import_bad_version")),
    };
    match top
        .get("exported_at")
        .and_then(Value::as_str)
        .map(Instant::parse_rfc3339)
    {
        Some(Ok(_)) => {}
        _ => return Err(t!("import_bad_exported_at")),
    }
    if let Some(unknown) = top
        .keys()
        .find(|k| !["format", "version", "exported_at", "entries"].contains(&k.as_str()))
    {
        return Err(t!("import_unknown_top_field", unknown));
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An SMTP AUTH entry as a file has it, as a JSON object.
    fn entry_object() -> Map<String, Value> {
        let draft: Draft = serde_json::from_value(serde_json::json!({
            "id": "e-1", "at": "2026-12-02T10:00:00Z", "protocol": "SMTP", "scope": "mailbox",
            "mailbox": "scanner@contoso.com", "action": "turn-on", "outcome": "succeeded",
            "source": "observed", "cloud": "worldwide", "tenant": "contoso.com",
            "note": "a \"quoted\" note ✓"
        }))
        .unwrap();
        let entry = draft.chain(&super::super::entry::Head::default());
        match serde_json::to_value(entry).unwrap() {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    /// The straight path never accepts what the long way refuses, and gives the same entry
    /// when it accepts: over every field replaced by each kind of value, removed, doubled, an
    /// unknown field added, in both file versions.
    #[test]
    fn the_straight_path_agrees_with_the_long_way() {
        let base = entry_object();
        let values = [
            Value::Null,
            Value::Bool(true),
            Value::from(0),
            Value::from(1),
            Value::from(1.0),
            Value::from(""),
            Value::from("null"),
            Value::from("SMTP"),
            Value::from("EWS"),
            Value::from("organization"),
            Value::from("opt-out"),
            Value::from("turn-off"),
            Value::from("failed"),
            Value::from("manual"),
            Value::from("gcc"),
            Value::from("0".repeat(64)),
            Value::from("A".repeat(64)),
            Value::from("2026-12-02T10:00:00Z"),
            Value::from("not-an-address"),
        ];
        let mut texts = vec![serde_json::to_string(&base).unwrap()];
        for field in base.keys() {
            let mut without = base.clone();
            without.remove(field);
            texts.push(serde_json::to_string(&without).unwrap());
            for v in &values {
                let mut changed = base.clone();
                changed.insert(field.clone(), v.clone());
                texts.push(serde_json::to_string(&changed).unwrap());
            }
            // The same key twice (the long way keeps the last).
            let whole = serde_json::to_string(&base).unwrap();
            texts.push(format!(
                "{},\"{field}\":{}}}",
                &whole[..whole.len() - 1],
                serde_json::to_string(&base[field]).unwrap()
            ));
        }
        let mut extra = base.clone();
        extra.insert("extra".into(), Value::from("x"));
        texts.push(serde_json::to_string(&extra).unwrap());
        let (mut straight_accepted, mut wasm_accepted, mut checked) = (0, 0, 0);
        for text in &texts {
            for version in [1, 2] {
                let long = serde_json::from_str::<Value>(text)
                    .map_err(|e| e.to_string())
                    .and_then(|v| read_entry(1, &v, version));
                if let Some(entry) = straight(text, version) {
                    straight_accepted += 1;
                    assert_eq!(long.as_ref(), Ok(&entry), "{text} (version {version})");
                }
                // The extension's wasm reads the typed form through a value: the same holds.
                if let Some(entry) = straight_with(text, version, typed_through_value) {
                    wasm_accepted += 1;
                    assert_eq!(
                        long.as_ref(),
                        Ok(&entry),
                        "{text} (version {version}, wasm's way)"
                    );
                }
                assert_eq!(read_raw_entry(1, text, version), long, "{text}");
                checked += 1;
            }
        }
        // The straight path did the work where it could, and the checks ran on every text.
        assert!(straight_accepted >= 20, "{straight_accepted} of {checked}");
        assert!(
            wasm_accepted >= straight_accepted,
            "{wasm_accepted} of {checked}"
        );
    }
}
