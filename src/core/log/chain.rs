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
    verify_from_with(start, entries, &|_, entry| entry.hash_holds())
}

/// Whether each entry's own hash matches its content, computed on `threads` threads at once
/// (what `verify_hashed` reads): the hashes do not depend on one another, only the links do.
/// Native only (the extension's wasm has one thread).
#[cfg(not(target_arch = "wasm32"))]
pub fn hashes_hold(entries: &[Entry], threads: usize) -> Vec<bool> {
    super::parallel::map_in_order(entries, threads, |_, e| e.hash_holds())
}

/// `verify` with each entry's hash already checked (`hashes_hold`): the same checks in the same
/// order, so the same first break.
pub fn verify_hashed(entries: &[Entry], hash_holds: &[bool]) -> Result<Head, ChainBreak> {
    verify_from_with(&Head::default(), entries, &|i, _| hash_holds[i])
}

/// The chain's rules from `start`, the hash's check given by `hash_holds(i, entry)`.
fn verify_from_with(
    start: &Head,
    entries: &[Entry],
    hash_holds: &dyn Fn(usize, &Entry) -> bool,
) -> Result<Head, ChainBreak> {
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
        if !hash_holds(i, entry) {
            return Err(fail(t!("chain_bad_hash")));
        }
        head = Head {
            count: entry.seq,
            last_hash: entry.hash.clone(),
        };
    }
    Ok(head)
}
