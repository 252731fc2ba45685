//! The log's hash chain: drafts chained one after another, and where a chain stops holding.

use serde::{Deserialize, Serialize};

use super::entry::*;

/// Chains drafts one after another from `start`: each gets the next sequence number and the
/// previous entry's hash.
pub fn chain_all(start: &Head, drafts: impl IntoIterator<Item = Draft>) -> Vec<Entry> {
    let mut at = start.clone();
    drafts
        .into_iter()
        .map(|draft| {
            let entry = draft.chain(&at);
            at = Head {
                count: entry.seq,
                last_hash: entry.hash.clone(),
            };
            entry
        })
        .collect()
}

/// Where a chain stops holding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainBreak {
    /// 1-based position in the log or file.
    pub position: usize,
    pub id: String,
    pub reason: String,
}

impl ChainBreak {
    pub fn describe(&self) -> String {
        t!("chain_break", self.position, self.id, self.reason)
    }
}

/// Checks sequence numbers, links and hashes from the first entry; names the first break.
pub fn verify(entries: &[Entry]) -> Result<Head, ChainBreak> {
    verify_from(&Head::default(), entries)
}

/// Checks `entries` as the continuation of a chain already verified up to `start`.
pub fn verify_from(start: &Head, entries: &[Entry]) -> Result<Head, ChainBreak> {
    let mut head = start.clone();
    for (i, entry) in entries.iter().enumerate() {
        let fail = |reason: String| ChainBreak {
            position: start.count as usize + i + 1,
            id: entry.id.clone(),
            reason,
        };
        if entry.seq != head.count + 1 {
            return Err(fail(t!("chain_bad_seq", entry.seq, head.count + 1)));
        }
        if entry.prev_hash != head.last_hash {
            return Err(fail(t!("chain_bad_link")));
        }
        if entry.compute_hash() != entry.hash {
            return Err(fail(t!("chain_bad_hash")));
        }
        head = Head {
            count: entry.seq,
            last_hash: entry.hash.clone(),
        };
    }
    Ok(head)
}
