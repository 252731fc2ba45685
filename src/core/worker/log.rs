//! The action log over `Storage` (layout in `core::log::store`): the worker is its only writer.
//! An append writes the entry, its id, the head and `log_latest` together; the chain is
//! verified in full once per browser session, then only what was appended since.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::storage::{Area, Stop, Storage, Txn};
use crate::core::log::import::{plan_import, Merge};
use crate::core::log::store::{
    append_writes, assemble, entry_key, entry_keys, id_key, migrate, read_latest, Writes, HEAD_KEY,
    LATEST_KEY, STORE_SCHEMA, STORE_SCHEMA_KEY,
};
use crate::core::log::{chain_all, verify, verify_from, ChainBreak, Draft, Entry, Head, Summary};

/// The key, in session storage, of the chain end verified in this browser session.
pub const VERIFIED_KEY: &str = "log_verified";

/// The keys every log step reads first, so one read loads them together.
pub const FIRST_KEYS: [(Area, &str); 4] = [
    (Area::Local, STORE_SCHEMA_KEY),
    (Area::Local, HEAD_KEY),
    (Area::Local, LATEST_KEY),
    (Area::Session, VERIFIED_KEY),
];

/// Puts a store's writes into the step's changes.
pub fn stage(txn: &mut Txn, writes: Writes) {
    for (k, v) in writes.set {
        txn.set(Area::Local, &k, v);
    }
    for k in writes.remove {
        txn.remove(Area::Local, &k);
    }
}

/// Brings the store to the current layout (numbered migrations in `core::log::store`).
pub fn ensure_layout(txn: &mut Txn) -> Result<(), Stop> {
    txn.need(&FIRST_KEYS)?;
    if txn
        .get(Area::Local, STORE_SCHEMA_KEY)?
        .and_then(|v| v.as_u64())
        == Some(STORE_SCHEMA)
    {
        return Ok(());
    }
    let all = txn.all(Area::Local)?;
    let writes =
        migrate(&all).map_err(|e| Stop::Refused(format!("{}: {e}", t!("error_upgrade"))))?;
    stage(txn, writes);
    Ok(())
}

pub fn head(txn: &Txn) -> Result<Head, Stop> {
    match txn.get(Area::Local, HEAD_KEY)? {
        None => Ok(Head::default()),
        Some(v) => {
            serde_json::from_value(v).map_err(|e| Stop::Refused(t!("error_head_damaged", e)))
        }
    }
}

fn latest_map(txn: &Txn) -> Result<Map<String, Value>, Stop> {
    match txn.get(Area::Local, LATEST_KEY)? {
        None => Ok(Map::new()),
        Some(Value::Object(m)) => Ok(m),
        Some(other) => Err(Stop::Refused(t!("error_latest_damaged", other))),
    }
}

/// Each protocol's latest entry as stored, unchecked.
fn latest(txn: &Txn) -> Result<Vec<Entry>, Stop> {
    Ok(read_latest(txn.get(Area::Local, LATEST_KEY)?.as_ref()))
}

/// Entries `from..=to`, read by their keys (never the whole store), in order.
pub fn entries_between(txn: &Txn, from: u64, to: u64) -> Result<Vec<Entry>, Stop> {
    if from > to {
        return Ok(Vec::new());
    }
    let keys = entry_keys(from, to);
    let asked: Vec<(Area, &str)> = keys.iter().map(|k| (Area::Local, k.as_str())).collect();
    txn.need(&asked)?;
    let mut found = HashMap::new();
    for k in &keys {
        if let Some(v) = txn.get(Area::Local, k)? {
            let entry: Entry =
                serde_json::from_value(v).map_err(|e| Stop::Refused(t!("error_log_damaged", e)))?;
            found.insert(k.clone(), entry);
        }
    }
    Ok(assemble(from, to, found)?)
}

/// Whether each latest entry is the chain's own entry at its place.
fn check_against_chain(txn: &Txn, latest: &[Entry]) -> Result<Result<(), ChainBreak>, Stop> {
    let keys: Vec<String> = latest.iter().map(|e| entry_key(e.seq)).collect();
    let asked: Vec<(Area, &str)> = keys.iter().map(|k| (Area::Local, k.as_str())).collect();
    txn.need(&asked)?;
    let mut chain = HashMap::new();
    for e in latest {
        if let Some(v) = txn.get(Area::Local, &entry_key(e.seq))? {
            if let Ok(stored) = serde_json::from_value::<Entry>(v) {
                chain.insert(e.seq, stored);
            }
        }
    }
    Ok(crate::core::log::store::check_latest(latest, &chain))
}

/// Each protocol's latest entry, without reading the whole log (for the board and the in-page
/// guide), each checked against the chain's own entry at its place; a mismatch is refused,
/// naming the entry, never a board drawn from unverified data.
pub fn verified_latest(txn: &mut Txn) -> Result<Vec<Entry>, Stop> {
    ensure_layout(txn)?;
    let latest = latest(txn)?;
    check_against_chain(txn, &latest)?
        .map_err(|b| Stop::Refused(t!("error_latest_unverified", b.describe())))?;
    Ok(latest)
}

/// The whole log and whether its chain holds.
pub struct LoadedLog {
    pub entries: Vec<Entry>,
    pub verified: Result<Head, ChainBreak>,
}

/// Loads and verifies the whole log (export, import, an outcome update).
pub fn load(txn: &mut Txn) -> Result<LoadedLog, Stop> {
    ensure_layout(txn)?;
    let head = head(txn)?;
    let entries = entries_between(txn, 1, head.count)?;
    let verified = verify(&entries);
    if let Ok(h) = &verified {
        remember_verified(txn, h)?;
    }
    Ok(LoadedLog { entries, verified })
}

fn remember_verified(txn: &mut Txn, head: &Head) -> Result<(), Stop> {
    let known: Option<Head> = txn.read_tolerant(Area::Session, VERIFIED_KEY)?;
    if known.as_ref() != Some(head) {
        txn.set_as(Area::Session, VERIFIED_KEY, head);
    }
    Ok(())
}

/// The board's data. The chain is verified in full once per browser session; after that only
/// the entries appended since are (the popup opens in constant time with any log).
pub fn summary(txn: &mut Txn) -> Result<Summary, Stop> {
    ensure_layout(txn)?;
    let head = head(txn)?;
    let latest = latest(txn)?;
    let done: Option<Head> = txn.read_tolerant(Area::Session, VERIFIED_KEY)?;
    let broken = match done {
        Some(done) if done == head => None,
        Some(done) if done.count < head.count => {
            let tail = entries_between(txn, done.count + 1, head.count)?;
            match verify_from(&done, &tail) {
                Ok(h) => {
                    remember_verified(txn, &h)?;
                    None
                }
                Err(b) => Some(b),
            }
        }
        _ => load(txn)?.verified.err(),
    };
    // The board is drawn only from entries the chain holds.
    let broken = match broken {
        Some(b) => Some(b),
        None => check_against_chain(txn, &latest)?.err(),
    };
    Ok(Summary {
        count: head.count,
        latest: if broken.is_some() { Vec::new() } else { latest },
        broken,
    })
}

/// Appends one entry. Appending an id the log already has with the same content returns the
/// stored entry (a retry after a lost answer); with other content it is refused.
pub fn append(txn: &mut Txn, draft: Draft) -> Result<Entry, Stop> {
    draft.validate()?;
    ensure_layout(txn)?;
    let id = id_key(&draft.id);
    txn.need(&[(Area::Local, &id)])?;
    if let Some(seq) = txn.get(Area::Local, &id)?.and_then(|v| v.as_u64()) {
        let stored: Option<Entry> = txn.read(Area::Local, &entry_key(seq))?;
        return match stored {
            Some(stored) if stored.content() == draft => Ok(stored),
            _ => Err(Stop::Refused(t!("error_id_conflict", draft.id))),
        };
    }
    let entry = draft.chain(&head(txn)?);
    let writes = append_writes(std::slice::from_ref(&entry), &latest_map(txn)?);
    stage(txn, writes);
    Ok(entry)
}

/// Imports an exported JSON file: all or nothing.
pub fn import(txn: &mut Txn, text: &str) -> Result<(Merge, usize), Stop> {
    let log = load(txn)?;
    let head = log
        .verified
        .map_err(|b| Stop::Refused(t!("error_import_broken_log", b.describe())))?;
    let merge = plan_import(text, &log.entries)?;
    let chained = chain_all(&head, merge.add.iter().cloned());
    let writes = append_writes(&chained, &latest_map(txn)?);
    stage(txn, writes);
    Ok((merge, chained.len()))
}
