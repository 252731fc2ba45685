//! The worker's core as the pages' tests meet it: `core::worker::handle` over a storage map,
//! run through `run_step` as the service worker runs it, its answer read by `Answer::read` as
//! a page reads it. Shared by the popup's and the helper's message tests.

#![allow(dead_code)] // each test file uses its own part

use std::cell::RefCell;
use std::future::Future;
use std::task::{Context, Poll, Waker};

use authpilot::core::messages::answers::Answer;
use authpilot::core::messages::{Origin, Request};
use authpilot::core::worker::run::{read_step, run_step, Backend};
use authpilot::core::worker::storage::{Area, Memory, Storage};
use authpilot::core::worker::{self, Effect, Env};
use serde_json::{json, Map, Value};

struct Disk(RefCell<Memory>);

impl Backend for Disk {
    async fn read(&self, area: Area, keys: &[String]) -> Result<Map<String, Value>, String> {
        let store = self.0.borrow();
        Ok(keys
            .iter()
            .filter_map(|k| Some((k.clone(), store.value(area, k)?.clone())))
            .collect())
    }
    async fn read_all(&self, area: Area) -> Result<Map<String, Value>, String> {
        Ok(self.0.borrow().all(area).expect("a complete disk"))
    }
    async fn set(&self, area: Area, items: Map<String, Value>) -> Result<(), String> {
        for (k, v) in items {
            self.0.borrow_mut().learn(area, &k, Some(v));
        }
        Ok(())
    }
    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), String> {
        for k in keys {
            self.0.borrow_mut().learn(area, &k, None);
        }
        Ok(())
    }
}

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the test disk never waits"),
    }
}

/// A service worker over its own storage, cold for every request (an empty copy that loads
/// what each step names), with a fixed clock.
pub struct Worker {
    disk: Disk,
    now_ms: f64,
    ids: RefCell<u32>,
    /// The effects of every step, in order (pushes to the helper, messages to the tab).
    pub effects: RefCell<Vec<Effect>>,
}

impl Worker {
    pub fn new(now_ms: f64) -> Worker {
        let mut store = Memory::complete();
        store.learn(Area::Local, "store_schema", Some(json!(3)));
        Worker {
            disk: Disk(RefCell::new(store)),
            now_ms,
            ids: RefCell::new(0),
            effects: RefCell::new(Vec::new()),
        }
    }

    /// One request from `origin`, answered as the page reads it.
    pub fn ask(&self, origin: &Origin, request: &Request) -> Result<Answer, String> {
        *self.ids.borrow_mut() += 1;
        let n = *self.ids.borrow();
        let env = Env {
            now_ms: self.now_ms,
            ids: vec![format!("00000000-0000-4000-9000-{n:012}")],
        };
        let copy = RefCell::new(Memory::partial());
        let done = block_on(run_step(&self.disk, &copy, env, |s, env| {
            worker::handle(request, origin, s, env)
        }))
        .expect("the disk never fails");
        self.effects.borrow_mut().extend(done.effects);
        Answer::read(request, done.answer)
    }

    /// A request a page answers itself, read-only (`worker::handle_read` through
    /// `run::read_step`): its answer as the page reads it, and whether the step would change something (then the page asks the worker).
    /// The disk is never written.
    pub fn read_only(&self, origin: &Origin, request: &Request) -> (Result<Answer, String>, bool) {
        let env = Env {
            now_ms: self.now_ms,
            ids: Vec::new(),
        };
        let done = block_on(read_step(&self.disk, env, |s, env| {
            worker::handle_read(request, origin, s, env)
        }))
        .expect("the disk never fails");
        (
            Answer::read(request, done.answer.clone()),
            done.changes_something(),
        )
    }

    /// Everything stored in one area (to see that a read wrote nothing).
    pub fn stored(&self, area: Area) -> serde_json::Map<String, Value> {
        self.disk.0.borrow().all(area).expect("a complete disk")
    }

    /// Sets a stored value as an older AuthPilot left it.
    pub fn put(&self, area: Area, key: &str, value: Value) {
        self.disk.0.borrow_mut().learn(area, key, Some(value));
    }
}
