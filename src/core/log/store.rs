//! How AuthPilot lays its data out in `chrome.storage.local`, and the numbered migrations
//! between layouts. Pure: it reads a snapshot and returns the writes; the worker applies
//! them in one `set` call, which Chrome commits atomically.
//!
//! Layout (store schema 3):
//! - `store_schema`: 3
//! - `settings`: the settings object (its own `schema` inside)
//! - `helper`: the in-page helper's remembered state (`core::prefs::HelperPrefs`; called
//!   `overlay` up to layout 2)
//! - `log_head`: `{count, last_hash}`: the end of the chain
//! - `log:0000000001` …: one key per entry, so an append writes three small keys whatever
//!   the log's length
//! - `logid:<id>`: the entry's sequence number, to find an id without reading the log
//! - `log_latest`: `{subject: entry}`, the latest entry of each protocol (and, for SMTP AUTH,
//!   of each scope and listed mailbox: `log::subject_key`), so the board and the in-page
//!   guide know what is done without reading the whole log

use serde_json::{json, Map, Value};

use crate::core::keys::StoreKey;
use crate::core::log::{ChainBreak, Entry, Head};

// Every key is a `core::keys::StoreKey`'s name; these are its names for the log.
pub const STORE_SCHEMA_KEY: &str = "store_schema";
/// The layout this AuthPilot writes.
pub const STORE_SCHEMA: u64 = 3;
pub const HEAD_KEY: &str = "log_head";
pub const LATEST_KEY: &str = "log_latest";

pub fn entry_key(seq: u64) -> String {
    StoreKey::Entry(seq).name()
}

pub fn id_key(id: &str) -> String {
    StoreKey::EntryId(id.to_string()).name()
}

/// Items to write together (one `chrome.storage.local.set`) and keys to remove after.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    pub set: Map<String, Value>,
    pub remove: Vec<String>,
}

/// One numbered step from layout `from` to `from + 1`.
pub struct Migration {
    pub from: u64,
    pub describe: &'static str,
    pub apply: fn(&Map<String, Value>) -> Result<Writes, String>,
}

/// Layout 1 (AuthPilot 0.1 before the log): only `settings`, no `store_schema`.
/// Layout 2 adds an empty, verified action log.
fn v1_to_v2(snapshot: &Map<String, Value>) -> Result<Writes, String> {
    if snapshot
        .keys()
        .any(|k| k.starts_with(StoreKey::entry_prefix()))
    {
        return Err(t!("store_layout1_has_entries"));
    }
    let mut set = Map::new();
    set.insert(
        HEAD_KEY.to_string(),
        serde_json::to_value(Head::default()).expect("JSON"),
    );
    Ok(Writes {
        set,
        remove: Vec::new(),
    })
}

/// Layout 3 (issue 33: one name per thing): the helper's remembered state is stored under
/// `helper`, no longer `overlay`; what was remembered is kept as it was (an unreadable value is
/// moved as it is: the helper reads it tolerantly, as before).
fn v2_to_v3(snapshot: &Map<String, Value>) -> Result<Writes, String> {
    const OLD: &str = "overlay";
    let mut writes = Writes::default();
    if let Some(prefs) = snapshot.get(OLD) {
        if !snapshot.contains_key(&StoreKey::HelperPrefs.name()) {
            writes
                .set
                .insert(StoreKey::HelperPrefs.name(), prefs.clone());
        }
        writes.remove.push(OLD.to_string());
    }
    Ok(writes)
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        from: 1,
        describe: "add the action log",
        apply: v1_to_v2,
    },
    Migration {
        from: 2,
        describe: "the helper's remembered state under `helper`",
        apply: v2_to_v3,
    },
];

/// The store layout a snapshot is in (a store without `store_schema` is layout 1).
pub fn schema_of(snapshot: &Map<String, Value>) -> Result<u64, String> {
    match snapshot.get(STORE_SCHEMA_KEY) {
        None => Ok(1),
        Some(v) => v
            .as_u64()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("the stored layout number is invalid ({v})")),
    }
}

/// Everything needed to bring a snapshot to `STORE_SCHEMA`, as one set of writes; empty
/// when it is already there. Data from a newer AuthPilot is refused, never rewritten.
pub fn migrate(snapshot: &Map<String, Value>) -> Result<Writes, String> {
    let mut schema = schema_of(snapshot)?;
    let from = schema;
    if schema > STORE_SCHEMA {
        return Err(t!("store_newer", schema, STORE_SCHEMA));
    }
    let mut writes = Writes::default();
    let mut view = snapshot.clone();
    while schema < STORE_SCHEMA {
        let step = MIGRATIONS
            .iter()
            .find(|m| m.from == schema)
            .ok_or_else(|| format!("no migration from layout {schema}"))?;
        let w = (step.apply)(&view).map_err(|e| {
            format!(
                "migration {schema}→{} ({}) failed: {e}",
                schema + 1,
                step.describe
            )
        })?;
        for (k, v) in w.set {
            view.insert(k.clone(), v.clone());
            writes.set.insert(k, v);
        }
        for k in w.remove {
            view.remove(&k);
            writes.set.remove(&k);
            writes.remove.push(k);
        }
        schema += 1;
    }
    // A store brought up, even by steps that had nothing to move, says so: it is not read
    // whole again at the next step.
    if from < STORE_SCHEMA {
        writes
            .set
            .insert(STORE_SCHEMA_KEY.to_string(), json!(STORE_SCHEMA));
    }
    Ok(writes)
}

/// The storage keys of entries `from..=to`, so they can be read without the rest of the store.
pub fn entry_keys(from: u64, to: u64) -> Vec<String> {
    (from..=to).map(entry_key).collect()
}

/// Puts entries read by key back in sequence order. Keys past the head (a write that never
/// completed) are never asked for, so they are not part of the log; a missing one is an error.
pub fn assemble(
    from: u64,
    to: u64,
    mut found: std::collections::HashMap<String, Entry>,
) -> Result<Vec<Entry>, String> {
    (from..=to)
        .map(|seq| {
            found
                .remove(&entry_key(seq))
                .ok_or_else(|| format!("entry {seq} is missing from storage"))
        })
        .collect()
}

/// The writes that append `entries` (already chained after the head) and move the head;
/// `latest` is the stored `log_latest` before them.
pub fn append_writes(entries: &[Entry], latest: &Map<String, Value>) -> Writes {
    let mut set = Map::new();
    let mut latest = latest.clone();
    for e in entries {
        let value = serde_json::to_value(e).expect("JSON");
        latest.insert(e.subject(), value.clone());
        set.insert(entry_key(e.seq), value);
        set.insert(id_key(&e.id), json!(e.seq));
    }
    if let Some(last) = entries.last() {
        let head = Head {
            count: last.seq,
            last_hash: last.hash.clone(),
        };
        set.insert(
            HEAD_KEY.to_string(),
            serde_json::to_value(head).expect("JSON"),
        );
        set.insert(LATEST_KEY.to_string(), Value::Object(latest));
    }
    Writes {
        set,
        remove: Vec::new(),
    }
}

/// Each protocol's latest entry as stored under `log_latest` (damaged parts are skipped).
pub fn read_latest(value: Option<&Value>) -> Vec<Entry> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    let mut out: Vec<Entry> = map
        .values()
        .filter_map(|v| serde_json::from_value(v.clone()).ok())
        .collect();
    out.sort_by_key(|e| e.protocol);
    out
}

/// The board and the helper read each protocol's latest entry from `log_latest`, which the
/// hash chain does not cover: each one counts only if it is the chain's own entry at its
/// place (`chain` holds the stored entries at those sequence numbers), or the first that is
/// not is named.
pub fn check_latest(
    latest: &[Entry],
    chain: &std::collections::HashMap<u64, Entry>,
) -> Result<(), ChainBreak> {
    match latest.iter().find(|e| chain.get(&e.seq) != Some(*e)) {
        None => Ok(()),
        Some(e) => Err(ChainBreak {
            position: e.seq as usize,
            id: e.id.clone(),
            reason: t!("latest_not_in_chain"),
        }),
    }
}
