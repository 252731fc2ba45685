//! One way to run a step, cold or warm (issue 24): a step runs over the worker's copy of
//! storage; the keys it lacks come back as `Missing`, are read from storage — one read per
//! area — and the step runs again; when it finishes, its changes are written (one `set` and
//! one `remove` per area) and only then learned by the copy. Chrome stops the worker when idle,
//! so a cold copy knows nothing and a warm one knows what it read: the same step gives the
//! same answer, changes and effects from either, which native tests check for every scenario.
//!
//! The storage itself is a `Backend`: `chrome.storage` in the extension (`web::copy`), a map in
//! native tests. It only reads and writes; every rule about what to read, when, and what a
//! failure means is here.

use std::cell::RefCell;
use std::future::Future;

use serde_json::{Map, Value};

use super::step::{Done, Env};
use super::storage::{Area, Memory, Missing, ALL};

/// Storage as it is kept outside the worker: `chrome.storage`'s areas, or a test's map.
pub trait Backend {
    /// The stored values of these keys of one area (a key missing from the answer is absent).
    fn read(
        &self,
        area: Area,
        keys: &[String],
    ) -> impl Future<Output = Result<Map<String, Value>, String>>;
    /// A whole area.
    fn read_all(&self, area: Area) -> impl Future<Output = Result<Map<String, Value>, String>>;
    /// Sets these values in one area, in one call.
    fn set(
        &self,
        area: Area,
        items: Map<String, Value>,
    ) -> impl Future<Output = Result<(), String>>;
    /// Removes these keys from one area, in one call.
    fn remove(&self, area: Area, keys: Vec<String>) -> impl Future<Output = Result<(), String>>;
}

/// Enough rounds for any step: its first keys, the entries they point to, and a whole area.
pub const ROUNDS: usize = 6;

/// A storage failure in the admin's words: a full storage is said so; anything else names
/// what failed and the browser's text.
pub fn storage_error(what: &str, text: &str) -> String {
    if text.to_ascii_lowercase().contains("quota") {
        t!("error_storage_full", what)
    } else {
        t!("error_storage_failed", what, text)
    }
}

/// Runs `step` to its end over `copy`, loading what it lacks from `backend`, and writes what it
/// changed. `env` is the same for every round (the same time and ids), so a step that ran again
/// after a load is the step that would have run warm. A failed write makes the copy forget
/// everything (nothing half-known is kept) and is the step's refusal.
pub async fn run_step<B: Backend>(
    backend: &B,
    copy: &RefCell<Memory>,
    env: Env,
    step: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<Done, String> {
    for _ in 0..ROUNDS {
        let result = step(&copy.borrow(), env.clone());
        match result {
            Ok(done) => {
                if let Err(e) = write(backend, &done).await {
                    copy.borrow_mut().forget();
                    return Err(e);
                }
                copy.borrow_mut().apply(&done.changes);
                return Ok(done);
            }
            Err(missing) => load(backend, copy, &missing).await?,
        }
    }
    Err(t!("error_read_log_detail", "storage keeps changing"))
}

/// Runs `step` over `backend` without writing anything (issue 34): how a page answers a
/// request that only reads (`Request::reads_only`) itself, over `chrome.storage`, without
/// starting the worker. Its copy starts empty and is dropped after; the step's changes (a memo
/// of the verified chain, a store layout brought up to date) and effects are the worker's to
/// make — the worker stays the single writer (`Done::changes_something` says whether to ask
/// it). The same step gives the same answer as the worker's, cold or warm (tests/core_popup_start.rs).
pub async fn read_step<B: Backend>(
    backend: &B,
    env: Env,
    step: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<Done, String> {
    let copy = RefCell::new(Memory::default());
    for _ in 0..ROUNDS {
        let result = step(&copy.borrow(), env.clone());
        match result {
            Ok(done) => return Ok(done),
            Err(missing) => load(backend, &copy, &missing).await?,
        }
    }
    Err(t!("error_read_log_detail", "storage keeps changing"))
}

/// Reads what a step found missing: one read per area; a whole area when it asked for `ALL`.
/// The organisation's policy area may be unreadable (a browser without policy support): then
/// nothing is set there.
async fn load<B: Backend>(
    backend: &B,
    copy: &RefCell<Memory>,
    missing: &Missing,
) -> Result<(), String> {
    for area in [Area::Local, Area::Session, Area::Managed] {
        let keys = missing.of(area);
        if keys.is_empty() {
            continue;
        }
        let failed = |e: String| storage_error(&t!("error_read_log"), &e);
        if keys.iter().any(|k| k == ALL) {
            let items = match backend.read_all(area).await {
                Ok(items) => items,
                Err(_) if area == Area::Managed => Map::new(),
                Err(e) => return Err(failed(e)),
            };
            copy.borrow_mut().learn_whole(area, items);
            continue;
        }
        let found = match backend.read(area, &keys).await {
            Ok(found) => found,
            Err(_) if area == Area::Managed => Map::new(),
            Err(e) => return Err(failed(e)),
        };
        let mut c = copy.borrow_mut();
        for k in &keys {
            c.learn(area, k, found.get(k).cloned());
        }
    }
    Ok(())
}

/// Writes a step's changes: one `set` and one `remove` per area (the policy area is read-only).
async fn write<B: Backend>(backend: &B, done: &Done) -> Result<(), String> {
    for area in [Area::Local, Area::Session] {
        let failed = |e: String| storage_error(&t!("error_not_recorded"), &e);
        let sets = done.changes.sets(area);
        if !sets.is_empty() {
            backend.set(area, sets).await.map_err(failed)?;
        }
        let removals = done.changes.removals(area);
        if !removals.is_empty() {
            backend.remove(area, removals).await.map_err(failed)?;
        }
    }
    Ok(())
}
