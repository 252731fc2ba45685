//! Importing an exported JSON log: the whole file is checked before anything changes, then
//! merged by id. Every refusal says what is wrong and where (line and column, or entry).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
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
    check_values(&|field| map.get(field).and_then(Value::as_str), version).map_err(fail)?;
    let entry: Entry = Entry::deserialize(value).map_err(|e| fail(e.to_string()))?;
    entry.content().validate().map_err(fail)?;
    Ok(entry)
}

/// One entry from its text: parsed straight into its type when it is plainly well-formed (the
/// common case, and the fast one: no JSON tree), and otherwise read field by field by
/// `read_entry`, which says what is wrong. The straight path accepts only what `read_entry`
/// accepts, with the same checks (`check_values`, `validate`) and the same result
/// (tests/core_import_fuzz.rs holds the two to each other): anything it does not vouch for —
/// a `null`, a zero `seq`, a version-1 file naming a scope or mailbox, a value its type
/// refuses — goes the long way.
fn read_raw_entry(position: usize, raw: &str, version: u64) -> Result<Entry, String> {
    if let Some(entry) = straight(raw, version) {
        return Ok(entry);
    }
    let value: Value =
        serde_json::from_str(raw).map_err(|e| entry_error(position, None, e.to_string()))?;
    read_entry(position, &value, version)
}

/// `raw` as an entry when every check passes on its typed form; `None` to read it the long way.
fn straight(raw: &str, version: u64) -> Option<Entry> {
    if raw.contains("null") {
        return None;
    }
    let entry: Entry = serde_json::from_str(raw).ok()?;
    if entry.seq == 0 || (version < 2 && (entry.scope.is_some() || entry.mailbox.is_some())) {
        return None;
    }
    // Each checked field's text exactly as the file has it: its value written back into one
    // buffer (serde's names are the ids), a string's quotes left out — an id never needs an
    // escape, and were one written, its check would fail and the long way say so.
    const CHECKED: [&str; 6] = ["protocol", "scope", "action", "outcome", "source", "cloud"];
    let mut written = Vec::with_capacity(96);
    let mut spans = [None; CHECKED.len()];
    for (span, field) in spans.iter_mut().zip(CHECKED) {
        let start = written.len();
        if entry.write_field(field, &mut written) && written[start..] != *b"null" {
            *span = Some((start + 1, written.len().saturating_sub(1).max(start + 1)));
        }
    }
    let text = |field: &str| -> Option<&str> {
        match field {
            "prev_hash" => Some(&entry.prev_hash),
            "hash" => Some(&entry.hash),
            _ => {
                let at = CHECKED.iter().position(|f| *f == field)?;
                let (from, to) = spans[at]?;
                std::str::from_utf8(&written[from..to]).ok()
            }
        }
    };
    check_values(&text, version).ok()?;
    // The content's rules on the entry taken apart and put back: no copy of its fields.
    let (content, seq, prev_hash, hash) = entry.split();
    content.validate().ok()?;
    Some(Entry::join(content, seq, prev_hash, hash))
}

/// The protocols, actions and scopes a file of one version knew.
struct Known {
    protocols: Vec<&'static str>,
    actions: Vec<&'static str>,
    scopes: Vec<&'static str>,
}

/// `Known` for `version`, made once (every entry of a file is checked against it).
fn known(version: u64) -> &'static Known {
    use crate::core::log::{Action, Scope};
    use crate::core::protocols::Protocol;
    static KNOWN: std::sync::OnceLock<[Known; 2]> = std::sync::OnceLock::new();
    let make = |smtp: bool| {
        let mut protocols: Vec<&str> = Protocol::ALL.iter().map(|p| p.short()).collect();
        let mut actions: Vec<&str> = vec!["opt-out", "re-enable"];
        if smtp {
            protocols.push(Protocol::Smtp.short());
            actions.extend(Action::ALL.iter().filter(|a| a.is_smtp()).map(|a| a.id()));
        }
        Known {
            protocols,
            actions,
            scopes: Scope::ALL.iter().map(|s| s.id()).collect(),
        }
    };
    &KNOWN.get_or_init(|| [make(false), make(true)])[usize::from(version >= 2)]
}

/// The values each field may take in a file of `version` (the protocols, scopes, actions,
/// outcomes, sources, clouds it knew; a hash's form), on each field's text (`None`: absent).
fn check_values<'a>(text: &dyn Fn(&str) -> Option<&'a str>, version: u64) -> Result<(), String> {
    let text_of = |field: &str| -> &'a str { text(field).unwrap_or("") };
    let Known {
        protocols,
        actions,
        scopes,
    } = known(version);
    if !protocols.contains(&text_of("protocol")) {
        return Err(t!(
            "import_unknown_value",
            "protocol",
            text_of("protocol"),
            protocols.join(", ")
        ));
    }
    if text("scope").is_some() && !scopes.contains(&text_of("scope")) {
        return Err(t!(
            "import_unknown_value",
            "scope",
            text_of("scope"),
            scopes.join(", ")
        ));
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
        if !allowed.contains(&text_of(field)) {
            return Err(t!(
                "import_unknown_value",
                field,
                text_of(field),
                allowed.join(", ")
            ));
        }
    }
    for field in ["prev_hash", "hash"] {
        let h = text_of(field);
        if h.len() != 64 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(t!("import_not_hash", field));
        }
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
    read_log_with(text, &|raws, version| {
        raws.iter()
            .enumerate()
            .map(|(i, raw)| read_raw_entry(i + 1, raw, version))
            .collect()
    })
}

/// `read_log` with the entries read on `threads` threads at once (the command line's
/// `verify`, issue 34): the same checks, the same first refusal (in the file's order), the same
/// entries. Native only (the extension's wasm has one thread).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_log_parallel(text: &str, threads: usize) -> Result<LogFile, String> {
    read_log_with(text, &|raws, version| {
        crate::core::log::parallel::map_in_order(raws, threads, |i, raw| {
            read_raw_entry(i + 1, raw, version)
        })
    })
}

/// Each entry's text read into an entry, or why not, in the file's order.
type ReadEntries<'a> = dyn Fn(&[&str], u64) -> Vec<Result<Entry, String>> + Sync + 'a;

fn read_log_with(text: &str, read: &ReadEntries) -> Result<LogFile, String> {
    if !text.trim_start().starts_with('{') {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| t!("import_not_json", e.line(), e.column(), e))?;
        return Err(t!("import_not_a_log_kind", kind(&value)));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::de::DeserializeSeed::deserialize(TopSeed, &mut de)
        .and_then(|file| de.end().map(|_| file));
    let (header, entries) = match parsed {
        Ok(parts) => parts,
        Err(e) if e.is_syntax() || e.is_eof() => {
            return Err(t!("import_not_json", e.line(), e.column(), e))
        }
        Err(e) => return Err(e.to_string()),
    };
    let version = read_header(&header)?;
    let entries = match entries {
        Entries::Missing => return Err(t!("import_no_entries")),
        Entries::Raw(raws) => read(&raws, version)
            .into_iter()
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
enum Entries<'de> {
    Missing,
    /// Each entry's text (valid JSON), in order, read once the whole file has parsed.
    Raw(Vec<&'de str>),
}

struct TopSeed;

impl<'de> serde::de::DeserializeSeed<'de> for TopSeed {
    type Value = (Map<String, Value>, Entries<'de>);
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TopSeed {
    type Value = (Map<String, Value>, Entries<'de>);
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
            header.insert(key, Value::Null);
            entries = map.next_value_seed(EntriesSeed)?;
        }
        Ok((header, entries))
    }
}

struct EntriesSeed;

impl<'de> serde::de::DeserializeSeed<'de> for EntriesSeed {
    type Value = Entries<'de>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Entries<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for EntriesSeed {
    type Value = Entries<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of entries")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Entries<'de>, A::Error> {
        // Only kept as text here: read once the whole file has parsed (a syntax error anywhere
        // is said first) and the header has said its version, wherever it stands.
        let mut raws = Vec::new();
        while let Some(item) = seq.next_element::<&'de serde_json::value::RawValue>()? {
            raws.push(item.get());
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
        let entry = draft.chain(&crate::core::log::Head::default());
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
        let (mut straight_accepted, mut checked) = (0, 0);
        for text in &texts {
            for version in [1, 2] {
                let long = serde_json::from_str::<Value>(text)
                    .map_err(|e| e.to_string())
                    .and_then(|v| read_entry(1, &v, version));
                if let Some(entry) = straight(text, version) {
                    straight_accepted += 1;
                    assert_eq!(long.as_ref(), Ok(&entry), "{text} (version {version})");
                }
                assert_eq!(read_raw_entry(1, text, version), long, "{text}");
                checked += 1;
            }
        }
        // The straight path did the work where it could, and the checks ran on every text.
        assert!(straight_accepted >= 20, "{straight_accepted} of {checked}");
    }
}
