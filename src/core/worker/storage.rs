//! Storage as the worker's rules see it: keys in Chrome's storage areas, read through a trait
//! so the same rules run over `chrome.storage` in the browser and over memory in native tests.
//!
//! The rules never wait for storage. They ask a `Storage` for a key; a key not loaded yet is a
//! `Missing` answer naming every key the step needs, the web layer loads those in one read per
//! area and runs the step again (a step changes nothing until it returns, so running it again
//! is safe). What a step writes goes into a `Txn` over the storage and comes back as
//! `Changes`, which the web layer applies in one write per area.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// A `chrome.storage` area: named with the keys (`core::keys`), which every layer reads.
pub use crate::core::keys::Area;

pub type Key = (Area, String);

/// Keys a step needs that are not loaded yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing(pub BTreeSet<Key>);

impl Missing {
    /// The missing keys of one area.
    pub fn of(&self, area: Area) -> Vec<String> {
        self.0
            .iter()
            .filter(|(a, _)| *a == area)
            .map(|(_, k)| k.clone())
            .collect()
    }
}

/// Why a step stopped before its end: keys to load first, or a refusal in words the admin may
/// be shown (nothing is written then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Missing(Missing),
    Refused(String),
}

impl From<Missing> for Stop {
    fn from(m: Missing) -> Stop {
        Stop::Missing(m)
    }
}

impl From<String> for Stop {
    fn from(s: String) -> Stop {
        Stop::Refused(s)
    }
}

/// What the rules read.
pub trait Storage {
    /// `Ok(None)`: known to be absent; `Err`: not loaded yet.
    fn get(&self, area: Area, key: &str) -> Result<Option<Value>, Missing>;

    /// Asks for several keys at once, so they are loaded together.
    fn need(&self, keys: &[(Area, &str)]) -> Result<(), Missing> {
        let missing: BTreeSet<Key> = keys
            .iter()
            .filter(|(a, k)| self.get(*a, k).is_err())
            .map(|(a, k)| (*a, k.to_string()))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Missing(missing))
        }
    }

    /// Every key of an area with a prefix that is loaded (for a complete memory, all of them).
    fn keys_with_prefix(&self, area: Area, prefix: &str) -> Vec<String>;

    /// A whole area (the managed policy; everything, for a layout migration).
    fn all(&self, area: Area) -> Result<serde_json::Map<String, Value>, Missing>;
}

/// Storage held in memory. In native tests it is `complete` (a key it lacks is absent); in the
/// worker it is the worker's copy of `chrome.storage`, filled as keys are read, kept up to date
/// by its own writes and by `chrome.storage.onChanged` for the other pages' writes, and gone
/// when Chrome stops the worker.
#[derive(Debug, Clone, Default)]
pub struct Memory {
    known: BTreeMap<Key, Option<Value>>,
    complete: bool,
    /// Areas read whole (`ALL`): a key they lack is absent.
    whole: BTreeSet<Area>,
}

/// Asking for this key asks for the whole area (a layout migration reads everything).
pub const ALL: &str = "*";

impl Memory {
    /// A memory that holds everything there is (native tests).
    pub fn complete() -> Memory {
        Memory {
            complete: true,
            ..Memory::default()
        }
    }

    /// A memory that knows nothing until told (the worker's copy).
    pub fn partial() -> Memory {
        Memory::default()
    }

    /// Learns a key's value (`None`: absent).
    pub fn learn(&mut self, area: Area, key: &str, value: Option<Value>) {
        self.known.insert((area, key.to_string()), value);
    }

    /// Learns a whole area: every key it holds, and that no other key is there.
    pub fn learn_whole(&mut self, area: Area, items: serde_json::Map<String, Value>) {
        self.known.retain(|(a, _), _| *a != area);
        for (k, v) in items {
            self.known.insert((area, k), Some(v));
        }
        self.whole.insert(area);
    }

    /// Forgets some keys of an area (another page changed them): they are read again.
    pub fn forget_keys(&mut self, area: Area, keys: &[String]) {
        for k in keys {
            self.known.remove(&(area, k.clone()));
        }
        if !keys.is_empty() {
            self.whole.remove(&area);
        }
    }

    /// Applies a step's changes.
    pub fn apply(&mut self, changes: &Changes) {
        for ((area, key), value) in &changes.0 {
            self.known.insert((*area, key.clone()), value.clone());
        }
    }

    /// Forgets everything (the web layer does when it cannot tell what changed).
    pub fn forget(&mut self) {
        self.known.clear();
        self.whole.clear();
    }

    pub fn value(&self, area: Area, key: &str) -> Option<&Value> {
        self.known.get(&(area, key.to_string()))?.as_ref()
    }
}

impl Storage for Memory {
    fn get(&self, area: Area, key: &str) -> Result<Option<Value>, Missing> {
        match self.known.get(&(area, key.to_string())) {
            Some(v) => Ok(v.clone()),
            None if self.complete || self.whole.contains(&area) => Ok(None),
            None => Err(Missing([(area, key.to_string())].into_iter().collect())),
        }
    }

    fn keys_with_prefix(&self, area: Area, prefix: &str) -> Vec<String> {
        self.known
            .iter()
            .filter(|((a, k), v)| *a == area && k.starts_with(prefix) && v.is_some())
            .map(|((_, k), _)| k.clone())
            .collect()
    }

    fn all(&self, area: Area) -> Result<serde_json::Map<String, Value>, Missing> {
        if !(self.complete || self.whole.contains(&area)) {
            return Err(Missing([(area, ALL.to_string())].into_iter().collect()));
        }
        Ok(self
            .known
            .iter()
            .filter_map(|((a, k), v)| Some((k.clone(), v.clone().filter(|_| *a == area)?)))
            .collect())
    }
}

/// Writes (a value) and removals (`None`), in key order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Changes(pub BTreeMap<Key, Option<Value>>);

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values to set in one area.
    pub fn sets(&self, area: Area) -> serde_json::Map<String, Value> {
        self.0
            .iter()
            .filter(|((a, _), v)| *a == area && v.is_some())
            .map(|((_, k), v)| (k.clone(), v.clone().unwrap_or(Value::Null)))
            .collect()
    }

    /// The keys to remove from one area.
    pub fn removals(&self, area: Area) -> Vec<String> {
        self.0
            .iter()
            .filter(|((a, _), v)| *a == area && v.is_none())
            .map(|((_, k), _)| k.clone())
            .collect()
    }

    pub fn touches(&self, area: Area, key: &str) -> bool {
        self.0.contains_key(&(area, key.to_string()))
    }
}

/// A step's view of storage: what it wrote over what was there.
pub struct Txn<'a> {
    base: &'a dyn Storage,
    pub changes: Changes,
}

impl<'a> Txn<'a> {
    pub fn new(base: &'a dyn Storage) -> Txn<'a> {
        Txn {
            base,
            changes: Changes::default(),
        }
    }

    pub fn set(&mut self, area: Area, key: &str, value: Value) {
        self.changes.0.insert((area, key.to_string()), Some(value));
    }

    pub fn set_as<T: serde::Serialize>(&mut self, area: Area, key: &str, value: &T) {
        self.set(area, key, serde_json::to_value(value).expect("JSON"));
    }

    pub fn remove(&mut self, area: Area, key: &str) {
        self.changes.0.insert((area, key.to_string()), None);
    }

    /// A stored value read as `T`, where an unreadable value is as good as none (a remembered
    /// preference, a memo): it reads as absent. A key not loaded yet is still `Missing` — carried
    /// by `?`, never swallowed (issue 24: a cold copy must load it, not answer "never seen").
    pub fn read_tolerant<T: serde::de::DeserializeOwned>(
        &self,
        area: Area,
        key: &str,
    ) -> Result<Option<T>, Missing> {
        Ok(self
            .get(area, key)?
            .and_then(|v| serde_json::from_value(v).ok()))
    }

    /// A stored value read as `T`; an unreadable one is refused, naming the key.
    pub fn read<T: serde::de::DeserializeOwned>(
        &self,
        area: Area,
        key: &str,
    ) -> Result<Option<T>, Stop> {
        match self.get(area, key)? {
            None | Some(Value::Null) => Ok(None),
            Some(v) => serde_json::from_value(v)
                .map(Some)
                .map_err(|e| Stop::Refused(format!("{key}: {e}"))),
        }
    }
}

impl Storage for Txn<'_> {
    fn get(&self, area: Area, key: &str) -> Result<Option<Value>, Missing> {
        match self.changes.0.get(&(area, key.to_string())) {
            Some(v) => Ok(v.clone()),
            None => self.base.get(area, key),
        }
    }

    fn keys_with_prefix(&self, area: Area, prefix: &str) -> Vec<String> {
        let mut keys: BTreeSet<String> = self
            .base
            .keys_with_prefix(area, prefix)
            .into_iter()
            .collect();
        for ((a, k), v) in &self.changes.0 {
            if *a == area && k.starts_with(prefix) {
                if v.is_some() {
                    keys.insert(k.clone());
                } else {
                    keys.remove(k);
                }
            }
        }
        keys.into_iter().collect()
    }

    fn all(&self, area: Area) -> Result<serde_json::Map<String, Value>, Missing> {
        let mut items = self.base.all(area)?;
        for ((a, k), v) in &self.changes.0 {
            if *a == area {
                match v {
                    Some(v) => items.insert(k.clone(), v.clone()),
                    None => items.remove(k),
                };
            }
        }
        Ok(items)
    }
}
