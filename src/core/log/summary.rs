//! What the popup's board needs, without shipping the whole log: the count, the first break,
//! the latest entry of each protocol.

use serde::{Deserialize, Serialize};

use super::chain::ChainBreak;
use super::entry::*;
use crate::core::protocols::Protocol;

/// The latest entry for each protocol (by sequence), in the diagnostic's order.
pub fn latest_by_protocol(entries: &[Entry]) -> Vec<(Protocol, Option<&Entry>)> {
    Protocol::ALL
        .into_iter()
        .map(|p| (p, entries.iter().rev().find(|e| e.protocol == p)))
        .collect()
}

/// What the popup's board needs, without shipping the whole log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub count: u64,
    /// The first entry that no longer matches, if any.
    pub broken: Option<ChainBreak>,
    /// The latest entry of each protocol that has one, in the diagnostic's order.
    pub latest: Vec<Entry>,
}

impl Summary {
    pub fn of(entries: &[Entry], verified: &Result<Head, ChainBreak>) -> Summary {
        Summary {
            count: entries.len() as u64,
            broken: verified.as_ref().err().cloned(),
            latest: latest_by_protocol(entries)
                .into_iter()
                .filter_map(|(_, e)| e.cloned())
                .collect(),
        }
    }

    pub fn latest_for(&self, protocol: Protocol) -> Option<&Entry> {
        self.latest.iter().find(|e| e.protocol == protocol)
    }
}
