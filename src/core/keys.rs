//! Every storage key AuthPilot writes, as a type (issue 25): its area and its name are made
//! here and read back here (`StoreKey::parse`), so no other code builds or takes apart a key's
//! text. The worker's storage steps name keys through the helpers beside their data
//! (`log::store::entry_key`, `messages::pending_key`…), each of which is a `StoreKey`'s name.

/// A `chrome.storage` area. The managed area (the organisation's policy) is read whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Local,
    Session,
    Managed,
}

impl Area {
    pub fn id(self) -> &'static str {
        match self {
            Area::Local => "local",
            Area::Session => "session",
            Area::Managed => "managed",
        }
    }

    pub fn from_id(id: &str) -> Option<Area> {
        [Area::Local, Area::Session, Area::Managed]
            .into_iter()
            .find(|a| a.id() == id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreKey {
    /// The storage layout's version (local).
    StoreSchema,
    /// The log's head: its count and last hash (local).
    LogHead,
    /// The newest entry per protocol and mailbox (local).
    LogLatest,
    /// One entry of the log, by its sequence number (local).
    Entry(u64),
    /// An entry's id → its sequence number (local).
    EntryId(String),
    /// The chain's head as last verified, this browser session (session).
    LogVerified,
    /// The admin's own settings (local).
    Settings,
    /// The helper's remembered state (local; "helper" since store layout 3, "overlay" before:
    /// `core::log::store`'s migration 2 → 3 moves it).
    HelperPrefs,
    /// A tab the content script reported from (session).
    Presence(i64),
    /// The guide's state of a tab (session).
    TabState(i64),
    /// A press waiting for its result in a tab (local).
    Pending(i64),
    /// The answers given to the messages that carried an admin's action, by delivery id
    /// (local, issue 31: written in the same step as what each message changed).
    Delivered,
}

const ENTRY_PREFIX: &str = "log:";
const ID_PREFIX: &str = "logid:";
const PRESENCE_PREFIX: &str = "tab:";
const TAB_STATE_PREFIX: &str = "walkthrough:";
const PENDING_PREFIX: &str = "pending:";

impl StoreKey {
    pub fn area(&self) -> Area {
        match self {
            StoreKey::LogVerified | StoreKey::Presence(_) | StoreKey::TabState(_) => Area::Session,
            _ => Area::Local,
        }
    }

    /// Its name in `chrome.storage`.
    pub fn name(&self) -> String {
        match self {
            StoreKey::StoreSchema => "store_schema".into(),
            StoreKey::Delivered => "delivered".into(),
            StoreKey::LogHead => "log_head".into(),
            StoreKey::LogLatest => "log_latest".into(),
            StoreKey::Entry(seq) => format!("{ENTRY_PREFIX}{seq:010}"),
            StoreKey::EntryId(id) => format!("{ID_PREFIX}{id}"),
            StoreKey::LogVerified => "log_verified".into(),
            StoreKey::Settings => "settings".into(),
            StoreKey::HelperPrefs => "helper".into(),
            StoreKey::Presence(tab) => format!("{PRESENCE_PREFIX}{tab}"),
            StoreKey::TabState(tab) => format!("{TAB_STATE_PREFIX}{tab}"),
            StoreKey::Pending(tab) => format!("{PENDING_PREFIX}{tab}"),
        }
    }

    /// The key a stored name in `area` is, if AuthPilot wrote it.
    pub fn parse(area: Area, name: &str) -> Option<StoreKey> {
        let tab = |prefix: &str| name.strip_prefix(prefix)?.parse::<i64>().ok();
        let key = match name {
            "store_schema" => StoreKey::StoreSchema,
            "delivered" => StoreKey::Delivered,
            "log_head" => StoreKey::LogHead,
            "log_latest" => StoreKey::LogLatest,
            "log_verified" => StoreKey::LogVerified,
            "settings" => StoreKey::Settings,
            "helper" => StoreKey::HelperPrefs,
            _ => {
                if let Some(seq) = name.strip_prefix(ENTRY_PREFIX) {
                    StoreKey::Entry(seq.parse().ok()?)
                } else if let Some(id) = name.strip_prefix(ID_PREFIX) {
                    StoreKey::EntryId(id.to_string())
                } else if let Some(t) = tab(PRESENCE_PREFIX) {
                    StoreKey::Presence(t)
                } else if let Some(t) = tab(TAB_STATE_PREFIX) {
                    StoreKey::TabState(t)
                } else {
                    StoreKey::Pending(tab(PENDING_PREFIX)?)
                }
            }
        };
        (key.area() == area).then_some(key)
    }

    /// The tab a key is about, if it is about one.
    pub fn tab(&self) -> Option<i64> {
        match self {
            StoreKey::Presence(t) | StoreKey::TabState(t) | StoreKey::Pending(t) => Some(*t),
            _ => None,
        }
    }

    /// The prefix of the entries' keys (the worker lists them by it).
    pub fn entry_prefix() -> &'static str {
        ENTRY_PREFIX
    }

    /// The prefix of the presence records' keys (`sw.js` checks one before loading the wasm
    /// for a tab without an address; tests/core_keys.rs pins it there).
    pub fn presence_prefix() -> &'static str {
        PRESENCE_PREFIX
    }
}
