//! The service worker's copy of `chrome.storage`, and the loop that runs one step of the
//! worker's rules (`core::worker`) over it: the step names the keys it needs, they are read in
//! one `get` per area, the step runs again; its changes are written in one `set` (and one
//! `remove`) per area — Chrome commits each call atomically — and only then learned by the
//! copy. Steps run one at a time (a small async lock), so no two interleave their writes.
//!
//! The copy lives as long as the worker (Chrome stops it when idle) and only ever forgets:
//! `chrome.storage.onChanged` makes it forget the keys another page (or the worker's own
//! earlier write) changed, so the next step reads them again from storage, the only truth.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::chrome::StorageArea;
use super::storage::describe;
use super::{from_js, to_js};
use crate::core::worker::storage::{Area, Changes, Memory, Missing, ALL};
use crate::core::worker::{Done, Env};

thread_local! {
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<VecDeque<Function>> = const { RefCell::new(VecDeque::new()) };
    static COPY: Rc<RefCell<Memory>> = Rc::new(RefCell::new(Memory::partial()));
}

/// Held while one step runs; dropping it wakes the next in line.
pub struct Turn(());

impl Drop for Turn {
    fn drop(&mut self) {
        match WAITING.with(|w| w.borrow_mut().pop_front()) {
            Some(wake) => {
                let _ = wake.call0(&JsValue::NULL); // the turn passes on; BUSY stays set
            }
            None => BUSY.with(|b| b.set(false)),
        }
    }
}

async fn turn() -> Turn {
    if BUSY.with(|b| b.replace(true)) {
        let wait =
            Promise::new(&mut |resolve, _| WAITING.with(|w| w.borrow_mut().push_back(resolve)));
        let _ = JsFuture::from(wait).await;
    }
    Turn(())
}

/// The storage areas a step reads and writes (tests give stand-ins).
pub struct Areas {
    pub local: StorageArea,
    pub session: StorageArea,
    /// `None`: a browser without policy support (nothing set).
    pub managed: Option<StorageArea>,
}

impl Areas {
    pub fn chrome() -> Result<Areas, String> {
        Ok(Areas {
            local: StorageArea::local().map_err(|e| describe(&e))?,
            session: StorageArea::session().map_err(|e| describe(&e))?,
            managed: StorageArea::managed().ok(),
        })
    }

    fn area(&self, area: Area) -> Option<&StorageArea> {
        match area {
            Area::Local => Some(&self.local),
            Area::Session => Some(&self.session),
            Area::Managed => self.managed.as_ref(),
        }
    }
}

fn storage_error(what: &str, e: &JsValue) -> String {
    let text = describe(e);
    if text.to_ascii_lowercase().contains("quota") {
        t!("error_storage_full", what)
    } else {
        t!("error_storage_failed", what, text)
    }
}

/// Reads what a step found missing: one `get` per area.
async fn load(areas: &Areas, copy: &RefCell<Memory>, missing: &Missing) -> Result<(), String> {
    for area in [Area::Local, Area::Session, Area::Managed] {
        let keys = missing.of(area);
        if keys.is_empty() {
            continue;
        }
        let Some(store) = areas.area(area) else {
            copy.borrow_mut().learn_whole(area, Map::new());
            continue;
        };
        let failed = |e: JsValue| storage_error(&t!("error_read_log"), &e);
        if keys.iter().any(|k| k == ALL) {
            let items = match store.get_all().await {
                Ok(all) => from_js::<Map<String, Value>>(all).unwrap_or_default(),
                // A browser that cannot read the policy area: nothing set.
                Err(_) if area == Area::Managed => Map::new(),
                Err(e) => return Err(failed(e)),
            };
            copy.borrow_mut().learn_whole(area, items);
            continue;
        }
        let asked: Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
        let found: HashMap<String, Value> = from_js(store.get_many(&asked).await.map_err(failed)?)
            .map_err(|e| t!("error_read_log_detail", e))?;
        let mut c = copy.borrow_mut();
        for k in &keys {
            c.learn(area, k, found.get(k).cloned());
        }
    }
    Ok(())
}

/// Writes a step's changes: one `set` and one `remove` per area.
async fn write(areas: &Areas, changes: &Changes) -> Result<(), String> {
    for area in [Area::Local, Area::Session] {
        let Some(store) = areas.area(area) else {
            continue;
        };
        let failed = |e: JsValue| storage_error(&t!("error_not_recorded"), &e);
        let sets = changes.sets(area);
        if !sets.is_empty() {
            store
                .set_items(&to_js(&sets).map_err(|e| describe(&e))?)
                .await
                .map_err(failed)?;
        }
        let removals = changes.removals(area);
        if !removals.is_empty() {
            let keys: Array = removals.iter().map(|k| JsValue::from_str(k)).collect();
            store.remove_keys(&keys).await.map_err(failed)?;
        }
    }
    Ok(())
}

/// Fresh random ids for a step (the browser's `crypto`).
fn ids() -> Vec<String> {
    (0..2).filter_map(|_| super::fresh_id().ok()).collect()
}

/// Runs one step to its end over the worker's copy: loads what it asks for, writes what it
/// changed. A storage failure is the step's refusal (nothing half-written: the copy forgets
/// what it may have missed).
pub async fn step(
    areas: &Areas,
    run: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<Done, String> {
    let copy = COPY.with(Rc::clone);
    step_over(areas, &copy, run).await
}

/// `step` over a given copy (tests give their own).
pub async fn step_over(
    areas: &Areas,
    copy: &RefCell<Memory>,
    run: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<Done, String> {
    let _turn = turn().await;
    // Enough rounds for any step: first keys, the entries they point to, and a whole area.
    for _ in 0..6 {
        let env = Env {
            now_ms: js_sys::Date::now(),
            ids: ids(),
        };
        let result = run(&copy.borrow(), env);
        match result {
            Ok(done) => {
                if let Err(e) = write(areas, &done.changes).await {
                    copy.borrow_mut().forget();
                    return Err(e);
                }
                copy.borrow_mut().apply(&done.changes);
                return Ok(done);
            }
            Err(missing) => load(areas, copy, &missing).await?,
        }
    }
    Err(t!("error_read_log_detail", "storage keeps changing"))
}

/// `chrome.storage.onChanged`: the copy forgets what changed.
pub fn storage_changed(changes: &JsValue, area: &str) {
    let Some(area) = Area::from_id(area) else {
        return;
    };
    let keys: Vec<String> = js_sys::Object::keys(changes.unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    COPY.with(|c| c.borrow_mut().forget_keys(area, &keys));
}
