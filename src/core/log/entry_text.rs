//! One exported entry read from its text (`import` reads a file's entries with these): straight
//! into its type when it is plainly well-formed, else field by field, saying what is wrong.

use serde_json::Value;

use super::entry::{Entry, FIELDS};

/// The fields every entry has, in every version.
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

pub(super) fn entry_error(position: usize, id: Option<&str>, message: String) -> String {
    match id {
        Some(id) => t!("import_entry_with_id", position, id, message),
        None => t!("import_entry", position, message),
    }
}

pub(super) fn kind(value: &Value) -> String {
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
pub(super) fn read_entry(position: usize, value: &Value, version: u64) -> Result<Entry, String> {
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
    // From an owned value, as storage reads are: one reader per type in the wasm, not a second
    // for borrowed values (the long way is taken only by entries the straight path refuses).
    let entry: Entry = serde_json::from_value(value.clone()).map_err(|e| fail(e.to_string()))?;
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
pub(super) fn read_raw_entry(position: usize, raw: &str, version: u64) -> Result<Entry, String> {
    if let Some(entry) = straight(raw, version) {
        return Ok(entry);
    }
    let value: Value =
        serde_json::from_str(raw).map_err(|e| entry_error(position, None, e.to_string()))?;
    read_entry(position, &value, version)
}

/// `raw` as an entry when every check passes on its typed form; `None` to read it the long way.
pub(super) fn straight(raw: &str, version: u64) -> Option<Entry> {
    straight_with(raw, version, TYPED)
}

/// An entry's typed form from its text, or `None`: natively straight from the text (the
/// command line's speed); in the extension's wasm through a value, as every stored value is
/// read, so the module carries one reader per type (−5.5 KB gzipped, issue 34). The tests hold
/// both to the long way.
#[cfg(not(target_arch = "wasm32"))]
const TYPED: fn(&str) -> Option<Entry> = |raw| serde_json::from_str(raw).ok();
#[cfg(target_arch = "wasm32")]
const TYPED: fn(&str) -> Option<Entry> = typed_through_value;

#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
pub(super) fn typed_through_value(raw: &str) -> Option<Entry> {
    serde_json::from_value(serde_json::from_str(raw).ok()?).ok()
}

/// `straight` with the typed form read by `typed`.
pub(super) fn straight_with(
    raw: &str,
    version: u64,
    typed: fn(&str) -> Option<Entry>,
) -> Option<Entry> {
    if raw.contains("null") {
        return None;
    }
    let entry = typed(raw)?;
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
    use super::entry::{Action, Scope};
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
