//! The service worker's copy of `chrome.storage`, and `chrome.storage` as the core's step
//! runner sees it (`core::worker::run`: a step names the keys it lacks, they are read in one
//! `get` per area, the step runs again; its changes are written in one `set` and one `remove`
//! per area — Chrome commits each call atomically — and only then learned by the copy). Steps
//! run one at a time (a small async lock), so no two interleave their writes.
//!
//! The copy lives as long as the worker (Chrome stops it when idle) and only ever forgets:
//! `chrome.storage.onChanged` makes it forget the keys another page (or the worker's own
//! earlier write) changed, so the next step reads them again from storage, the only truth.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use serde_json::{Map, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::boundary::{from_js, to_js};
use super::chrome::StorageArea;
use super::storage::describe;
use crate::core::worker::run::{run_step, Backend};
use crate::core::worker::storage::{Area, Memory, Missing};
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

impl Backend for Areas {
    async fn read(&self, area: Area, keys: &[String]) -> Result<Map<String, Value>, String> {
        let store = self.area(area).ok_or("no such storage area")?;
        let asked: Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
        let found = store.get_many(&asked).await.map_err(|e| describe(&e))?;
        from_js(found)
    }

    async fn read_all(&self, area: Area) -> Result<Map<String, Value>, String> {
        let store = self.area(area).ok_or("no such storage area")?;
        from_js(store.get_all().await.map_err(|e| describe(&e))?)
    }

    async fn set(&self, area: Area, items: Map<String, Value>) -> Result<(), String> {
        let store = self.area(area).ok_or("no such storage area")?;
        let items = to_js(&items).map_err(|e| describe(&e))?;
        store
            .set_items(&items)
            .await
            .map(drop)
            .map_err(|e| describe(&e))
    }

    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), String> {
        let store = self.area(area).ok_or("no such storage area")?;
        let keys: Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
        store
            .remove_keys(&keys)
            .await
            .map(drop)
            .map_err(|e| describe(&e))
    }
}

/// Fresh random ids for a step (the browser's `crypto`).
fn ids() -> Vec<String> {
    (0..2)
        .filter_map(|_| super::boundary::fresh_id().ok())
        .collect()
}

/// Runs one step to its end over the worker's copy, one step at a time (`core::worker::run`).
pub async fn step(
    areas: &Areas,
    run: impl Fn(&Memory, Env) -> Result<Done, Missing>,
) -> Result<Done, String> {
    let copy = COPY.with(Rc::clone);
    let _turn = turn().await;
    let env = Env {
        now_ms: js_sys::Date::now(),
        ids: ids(),
    };
    run_step(areas, &copy, env, run).await
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

/// A page's request answered where it can be (issue 34): one that only reads
/// (`Request::reads_only`) by the worker's own step over `chrome.storage`, read-only
/// (`core::worker::run::read_step`) — a popup opened on a stopped worker draws without starting
/// it — and the worker asked too when that step would change something (a memo, a layout:
/// the worker stays the single writer). Anything else, or a read that failed, is the worker's.
pub async fn read_or_ask(
    request: &crate::core::messages::Request,
) -> Result<crate::core::messages::answers::Answer, String> {
    use crate::core::messages::{answers::Answer, Origin};
    if request.reads_only() {
        let origin = Origin::ExtensionPage { tab_id: None };
        let env = Env {
            now_ms: js_sys::Date::now(),
            ids: Vec::new(),
        };
        let read = match Areas::chrome() {
            Ok(areas) => {
                crate::core::worker::run::read_step(&areas, env, |storage, env| {
                    crate::core::worker::handle_read(request, &origin, storage, env)
                })
                .await
            }
            Err(e) => Err(e),
        };
        match read {
            Ok(done) => {
                if done.changes_something() {
                    let request = request.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Err(e) = super::boundary::ask(&request).await {
                            web_sys::console::warn_1(&JsValue::from_str(&e));
                        }
                    });
                }
                return Answer::read(request, done.answer);
            }
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&e)),
        }
    }
    super::boundary::ask(request).await
}
