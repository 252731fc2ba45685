//! The service worker's side of the action log: the only writer. Appends and imports run
//! one at a time (a small async lock), each as a single `chrome.storage.local.set`, and are
//! acknowledged only once Chrome has stored them.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};

use js_sys::{Function, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use super::chrome::StorageArea;
use super::storage::describe;
use super::{from_js, to_js};
use crate::core::import::{plan_import, Merge};
use crate::core::log::{chain_all, verify, verify_from, ChainBreak, Draft, Entry, Head, Summary};
use crate::core::store::{
    append_writes, assemble, entry_keys, id_key, migrate, read_latest, Writes, LATEST_KEY,
    STORE_SCHEMA, STORE_SCHEMA_KEY,
};

thread_local! {
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<VecDeque<Function>> = const { RefCell::new(VecDeque::new()) };
}

/// Held while one write is under way; dropping it wakes the next writer in line.
pub struct WriteTurn(());

impl Drop for WriteTurn {
    fn drop(&mut self) {
        match WAITING.with(|w| w.borrow_mut().pop_front()) {
            Some(wake) => {
                let _ = wake.call0(&JsValue::NULL); // the turn passes on; BUSY stays set
            }
            None => BUSY.with(|b| b.set(false)),
        }
    }
}

/// Waits for this worker's turn to write.
pub async fn write_turn() -> WriteTurn {
    if BUSY.with(|b| b.replace(true)) {
        let wait =
            Promise::new(&mut |resolve, _| WAITING.with(|w| w.borrow_mut().push_back(resolve)));
        let _ = JsFuture::from(wait).await;
    }
    WriteTurn(())
}

/// Reading the log from browser storage failed.
fn read_failed(e: &JsValue) -> String {
    storage_error(&t!("error_read_log"), e)
}

fn storage_error(what: &str, e: &JsValue) -> String {
    let text = describe(e);
    if text.contains("QUOTA") || text.to_ascii_lowercase().contains("quota") {
        t!("error_storage_full", what)
    } else {
        t!("error_storage_failed", what, text)
    }
}

async fn snapshot(area: &StorageArea) -> Result<Map<String, Value>, String> {
    let all = area.get_all().await.map_err(|e| read_failed(&e))?;
    from_js(all).map_err(|e| t!("error_read_log_detail", e))
}

async fn apply(area: &StorageArea, writes: &Writes, what: &str) -> Result<(), String> {
    if !writes.set.is_empty() {
        let items = to_js(&writes.set).map_err(|e| describe(&e))?;
        area.set_items(&items)
            .await
            .map_err(|e| storage_error(what, &e))?;
    }
    for key in &writes.remove {
        area.remove_key(key)
            .await
            .map_err(|e| storage_error(what, &e))?;
    }
    Ok(())
}

/// Brings the store to the current layout (numbered migrations in `core::store`).
async fn ensure_layout(area: &StorageArea) -> Result<(), String> {
    let schema = area
        .get_key(STORE_SCHEMA_KEY)
        .await
        .map_err(|e| read_failed(&e))?;
    if schema.as_f64() == Some(STORE_SCHEMA as f64) {
        return Ok(());
    }
    let snap = snapshot(area).await?;
    let writes = migrate(&snap)?;
    apply(area, &writes, &t!("error_upgrade")).await
}

/// The whole log and whether its chain holds.
pub struct LoadedLog {
    pub entries: Vec<Entry>,
    pub verified: Result<Head, ChainBreak>,
}

/// Reads entries `from..=to` by their keys (never the whole store), in order.
async fn entries_between(area: &StorageArea, from: u64, to: u64) -> Result<Vec<Entry>, String> {
    if from > to {
        return Ok(Vec::new());
    }
    let keys: js_sys::Array = entry_keys(from, to)
        .iter()
        .map(|k| JsValue::from_str(k))
        .collect();
    let found = area.get_many(&keys).await.map_err(|e| read_failed(&e))?;
    let found: HashMap<String, Entry> = from_js(found).map_err(|e| t!("error_log_damaged", e))?;
    assemble(from, to, found)
}

/// The key, in session storage, of the chain end verified in this browser session.
const VERIFIED_KEY: &str = "log_verified";

async fn verified_through() -> Option<Head> {
    let raw = StorageArea::session()
        .ok()?
        .get_key(VERIFIED_KEY)
        .await
        .ok()?;
    if raw.is_undefined() {
        return None;
    }
    from_js(raw).ok()
}

async fn remember_verified(head: &Head) {
    if let (Ok(session), Ok(value)) = (StorageArea::session(), to_js(head)) {
        let _ = session.set_key(VERIFIED_KEY, &value).await;
    }
}

/// Loads and verifies the whole log (before every export and import).
pub async fn load(area: &StorageArea) -> Result<LoadedLog, String> {
    ensure_layout(area).await?;
    let head = head(area).await?;
    let entries = entries_between(area, 1, head.count).await?;
    let verified = verify(&entries);
    if let Ok(h) = &verified {
        remember_verified(h).await;
    }
    Ok(LoadedLog { entries, verified })
}

/// The board's data. The chain is verified in full once per browser session; after that
/// only the entries appended since are (the popup opens in constant time with any log).
pub async fn summary(area: &StorageArea) -> Result<Summary, String> {
    ensure_layout(area).await?;
    let head = head(area).await?;
    let latest = latest(area).await?;
    let broken = match verified_through().await {
        Some(done) if done == head => None,
        Some(done) if done.count < head.count => {
            let tail = entries_between(area, done.count + 1, head.count).await?;
            match verify_from(&done, &tail) {
                Ok(h) => {
                    remember_verified(&h).await;
                    None
                }
                Err(b) => Some(b),
            }
        }
        _ => load(area).await?.verified.err(),
    };
    // The board is drawn only from entries the chain holds.
    let broken = match broken {
        Some(b) => Some(b),
        None => check_against_chain(area, &latest).await?.err(),
    };
    Ok(Summary {
        count: head.count,
        latest: if broken.is_some() { Vec::new() } else { latest },
        broken,
    })
}

async fn latest_map(area: &StorageArea) -> Result<Map<String, Value>, String> {
    let raw = area
        .get_key(LATEST_KEY)
        .await
        .map_err(|e| read_failed(&e))?;
    if raw.is_undefined() {
        return Ok(Map::new());
    }
    from_js(raw).map_err(|e| t!("error_latest_damaged", e))
}

/// Each protocol's latest entry, without reading the whole log (for the board and the in-page
/// guide), each checked against the chain's own entry at its place; a mismatch is an error
/// that names the entry, never a board drawn from unverified data.
pub async fn verified_latest(area: &StorageArea) -> Result<Vec<Entry>, String> {
    let latest = latest(area).await?;
    check_against_chain(area, &latest)
        .await?
        .map_err(|b| t!("error_latest_unverified", b.describe()))?;
    Ok(latest)
}

async fn check_against_chain(
    area: &StorageArea,
    latest: &[Entry],
) -> Result<Result<(), crate::core::log::ChainBreak>, String> {
    if latest.is_empty() {
        return Ok(Ok(()));
    }
    let keys: js_sys::Array = latest
        .iter()
        .map(|e| JsValue::from_str(&crate::core::store::entry_key(e.seq)))
        .collect();
    let found = area.get_many(&keys).await.map_err(|e| read_failed(&e))?;
    let found: HashMap<String, Value> = from_js(found).map_err(|e| t!("error_log_damaged", e))?;
    let chain: HashMap<u64, Entry> = latest
        .iter()
        .filter_map(|e| {
            let stored = found.get(&crate::core::store::entry_key(e.seq))?;
            Some((e.seq, serde_json::from_value(stored.clone()).ok()?))
        })
        .collect();
    Ok(crate::core::store::check_latest(latest, &chain))
}

/// Each protocol's latest entry as stored, unchecked.
async fn latest(area: &StorageArea) -> Result<Vec<Entry>, String> {
    let raw = area
        .get_key(LATEST_KEY)
        .await
        .map_err(|e| read_failed(&e))?;
    let value: Option<Value> = if raw.is_undefined() {
        None
    } else {
        from_js(raw).ok()
    };
    Ok(read_latest(value.as_ref()))
}

async fn head(area: &StorageArea) -> Result<Head, String> {
    let raw = area
        .get_key(crate::core::store::HEAD_KEY)
        .await
        .map_err(|e| read_failed(&e))?;
    if raw.is_undefined() {
        return Ok(Head::default());
    }
    from_js(raw).map_err(|e| t!("error_head_damaged", e))
}

/// Appends one entry. Appending an id the log already has with the same content returns
/// the stored entry (a retry after a lost answer); with other content it is refused.
pub async fn append(area: &StorageArea, draft: Draft) -> Result<Entry, String> {
    let _turn = write_turn().await;
    append_in_turn(area, draft).await
}

/// `append` for a caller that already holds the write turn.
pub async fn append_in_turn(area: &StorageArea, draft: Draft) -> Result<Entry, String> {
    draft.validate()?;
    ensure_layout(area).await?;
    let known = area
        .get_key(&id_key(&draft.id))
        .await
        .map_err(|e| read_failed(&e))?;
    if let Some(seq) = known.as_f64() {
        let key = crate::core::store::entry_key(seq as u64);
        let stored: Entry = from_js(area.get_key(&key).await.map_err(|e| read_failed(&e))?)?;
        return if stored.content() == draft {
            Ok(stored)
        } else {
            Err(t!("error_id_conflict", draft.id))
        };
    }
    let entry = draft.chain(&head(area).await?);
    let latest = latest_map(area).await?;
    let writes = append_writes(std::slice::from_ref(&entry), &latest);
    apply(area, &writes, &t!("error_not_recorded")).await?;
    Ok(entry)
}

/// Imports an exported JSON file: all or nothing.
pub async fn import(area: &StorageArea, text: &str) -> Result<(Merge, usize), String> {
    let _turn = write_turn().await;
    let log = load(area).await?;
    let head = log
        .verified
        .map_err(|b| t!("error_import_broken_log", b.describe()))?;
    let merge = plan_import(text, &log.entries)?;
    let chained = chain_all(&head, merge.add.iter().cloned());
    let latest = latest_map(area).await?;
    apply(
        area,
        &append_writes(&chained, &latest),
        &t!("error_nothing_imported"),
    )
    .await?;
    let added = chained.len();
    Ok((merge, added))
}
