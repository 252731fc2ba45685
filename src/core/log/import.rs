//! Importing an exported JSON log: the whole file is checked before anything changes, then
//! merged by id. Every refusal says what is wrong and where (line and column, or entry).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::core::log::export::{FORMAT, OLDEST_READ, VERSION};
use crate::core::log::{verify, Draft, Entry, FIELDS};
use crate::core::time::Instant;

/// Files larger than this are refused before they are read.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

const REQUIRED: [&str; 10] = [
    "id",
    "seq",
    "at",
    "protocol",
    "action",
    "outcome",
    "source",
    "cloud",
    "prev_hash",
    "hash",
];

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

fn entry_error(position: usize, id: Option<&str>, message: String) -> String {
    match id {
        Some(id) => t!("import_entry_with_id", position, id, message),
        None => t!("import_entry", position, message),
    }
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(_) => t!("kind_boolean"),
        Value::Number(_) => t!("kind_number"),
        Value::String(_) => t!("kind_text"),
        Value::Array(_) => t!("kind_list"),
        Value::Object(_) => t!("kind_object"),
    }
}

/// Checks one entry's fields by name before typed parsing, for clear messages.
fn read_entry(position: usize, value: &Value, version: u64) -> Result<Entry, String> {
    let Value::Object(map) = value else {
        return Err(entry_error(
            position,
            None,
            t!("import_not_object", kind(value)),
        ));
    };
    let id = map.get("id").and_then(Value::as_str);
    let fail = |message: String| entry_error(position, id, message);
    // Version 1 knew neither SMTP AUTH's scope nor its mailbox.
    let known =
        |k: &str| FIELDS.contains(&k) && (version >= 2 || !["scope", "mailbox"].contains(&k));
    if let Some(unknown) = map.keys().find(|k| !known(k)) {
        return Err(fail(t!("import_unknown_field", unknown)));
    }
    if let Some(missing) = REQUIRED.iter().find(|k| !map.contains_key(**k)) {
        return Err(fail(t!("import_missing_field", missing)));
    }
    for (field, value) in map {
        let ok = match field.as_str() {
            "seq" => value.as_u64().is_some_and(|n| n > 0),
            "mc437540_seen" => value.is_boolean(),
            _ => value.is_string(),
        };
        if !ok {
            let wanted = match field.as_str() {
                "seq" => t!("kind_positive_number"),
                "mc437540_seen" => t!("kind_true_or_false"),
                _ => t!("kind_text"),
            };
            return Err(fail(t!("import_wrong_kind", field, kind(value), wanted)));
        }
    }
    let text = |field: &str| map.get(field).and_then(Value::as_str).unwrap_or("");
    use crate::core::log::{Action, Scope};
    use crate::core::protocols::Protocol;
    let mut protocols: Vec<Protocol> = Protocol::ALL.to_vec();
    let mut actions: Vec<&str> = vec!["opt-out", "re-enable"];
    if version >= 2 {
        protocols.push(Protocol::Smtp);
        actions.extend(Action::ALL.iter().filter(|a| a.is_smtp()).map(|a| a.id()));
    }
    if protocols.iter().all(|p| p.short() != text("protocol")) {
        let names: Vec<&str> = protocols.iter().map(|p| p.short()).collect();
        return Err(fail(t!(
            "import_unknown_value",
            "protocol",
            text("protocol"),
            names.join(", ")
        )));
    }
    let scopes: Vec<&str> = Scope::ALL.iter().map(|s| s.id()).collect();
    if map.contains_key("scope") && !scopes.contains(&text("scope")) {
        return Err(fail(t!(
            "import_unknown_value",
            "scope",
            text("scope"),
            scopes.join(", ")
        )));
    }
    for (field, allowed) in [
        ("action", &actions[..]),
        ("outcome", &["submitted", "succeeded", "failed"][..]),
        ("source", &["observed", "manual"][..]),
        (
            "cloud",
            &["worldwide", "gcc", "gcc-high", "dod", "21vianet"][..],
        ),
    ] {
        if !allowed.contains(&text(field)) {
            return Err(fail(t!(
                "import_unknown_value",
                field,
                text(field),
                allowed.join(", ")
            )));
        }
    }
    for field in ["prev_hash", "hash"] {
        let h = text(field);
        if h.len() != 64 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(fail(t!("import_not_hash", field)));
        }
    }
    let entry: Entry = serde_json::from_value(value.clone()).map_err(|e| fail(e.to_string()))?;
    entry.content().validate().map_err(fail)?;
    Ok(entry)
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
    if !text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| t!("import_not_json", e.line(), e.column(), e))?;
        return Err(t!("import_not_a_log_kind", kind(&value)));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let read = serde::de::DeserializeSeed::deserialize(TopSeed, &mut de)
        .and_then(|file| de.end().map(|_| file));
    let (header, entries) = match read {
        Ok(parts) => parts,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(t!("import_not_json", e.line(), e.column(), e))
        }
        Err(e) => return Err(e.to_string()),
    };
    let version = read_header(&header)?;
    let entries = match entries {
        Entries::Missing => return Err(t!("import_no_entries")),
        Entries::Read(Ok(entries)) => entries,
        Entries::Read(Err(message)) => return Err(message),
        // Entries before the header said which version: read now, as whole.
        Entries::Held(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| read_entry(i + 1, item, version))
            .collect::<Result<Vec<_>, _>>()?,
    };
    let mut seen = HashSet::new();
    for (i, e) in entries.iter().enumerate() {
        if !seen.insert(e.id.as_str()) {
            return Err(entry_error(i + 1, Some(&e.id), t!("import_duplicate_id")));
        }
    }
    Ok(LogFile { version, entries })
}

/// The `entries` of a log as the parser meets them.
enum Entries {
    Missing,
    /// Read one at a time, or the first entry's refusal.
    Read(Result<Vec<Entry>, String>),
    /// Met before the header's version: kept to be read once it is known.
    Held(Vec<Value>),
}

struct TopSeed;

impl<'de> serde::de::DeserializeSeed<'de> for TopSeed {
    type Value = (Map<String, Value>, Entries);
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopSeed {
    type Value = (Map<String, Value>, Entries);
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an AuthPilot log")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut header = Map::new();
        let mut entries = Entries::Missing;
        while let Some(key) = map.next_key::<String>()? {
            if key != "entries" {
                let value: Value = map.next_value()?;
                header.insert(key, value);
                continue;
            }
            // The version, if the header has said it validly so far; otherwise held.
            let version = read_header_so_far(&header);
            header.insert(key, Value::Null);
            entries = match version {
                Some(version) => map.next_value_seed(EntriesSeed { version })?,
                None => match map.next_value::<Value>()? {
                    Value::Array(items) => Entries::Held(items),
                    _ => Entries::Missing,
                },
            };
        }
        Ok((header, entries))
    }
}

/// The header's version when what it has said so far (format, version) is valid.
fn read_header_so_far(header: &Map<String, Value>) -> Option<u64> {
    (header.get("format").and_then(Value::as_str) == Some(FORMAT))
        .then(|| header.get("version").and_then(Value::as_u64))
        .flatten()
        .filter(|v| (OLDEST_READ..=VERSION).contains(v))
}

struct EntriesSeed {
    version: u64,
}

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed {
    type Value = Entries;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Entries, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed {
    type Value = Entries;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of entries")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
        let mut entries = Vec::new();
        let mut refused = None;
        while let Some(item) = seq.next_element::<Value>()? {
            if refused.is_some() {
                continue; // the rest is still parsed: a syntax error later is said first
            }
            match read_entry(entries.len() + 1, &item, self.version) {
                Ok(entry) => entries.push(entry),
                Err(message) => refused = Some(message),
            }
        }
        Ok(Entries::Read(match refused {
            Some(message) => Err(message),
            None => Ok(entries),
        }))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(Entries::Missing)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Entries, E> {
        Ok(Entries::Missing)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Entries, E> {
        Ok(Entries::Missing)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Entries, E> {
        Ok(Entries::Missing)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Entries, E> {
        Ok(Entries::Missing)
    }
    fn visit_str<E>(self, _: &str) -> Result<Entries, E> {
        Ok(Entries::Missing)
    }
    fn visit_unit<E>(self) -> Result<Entries, E> {
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
