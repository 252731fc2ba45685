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

/// `verify` with each entry's hash already checked (`hashes_hold`): the same checks in the same
/// order, so the same first break.
pub fn verify_hashed(entries: &[Entry], hash_holds: &[bool]) -> Result<Head, ChainBreak> {
    verify_from_with(&Head::default(), entries, &|i, _| hash_holds[i])
}

/// What the chain's rules read of an entry: its id, place, link and hash, and whether the hash
/// is its content's. `verify` of a whole file keeps only this of each entry (the rest is
/// dropped as soon as the entry is read and hashed: issue 34).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    pub seq: u64,
    pub prev_hash: String,
    pub hash: String,
    pub hash_holds: bool,
}

impl From<Entry> for Link {
    fn from(entry: Entry) -> Link {
        let hash_holds = entry.hash_holds();
        Link {
            id: entry.id,
            seq: entry.seq,
            prev_hash: entry.prev_hash,
            hash: entry.hash,
            hash_holds,
        }
    }
}

/// `verify` over the links of a file's entries (`import::read_links_parallel`): the same
/// checks in the same order, so the same first break.
pub fn verify_links(links: &[Link]) -> Result<Head, ChainBreak> {
    let parts = links
        .iter()
        .map(|l| (l.id.as_str(), l.seq, l.prev_hash.as_str(), l.hash.as_str()));
    verify_parts(&Head::default(), parts, &|i| links[i].hash_holds)
}

/// The chain's rules from `start`, the hash's check given by `hash_holds(i, entry)`.
fn verify_from_with(
    start: &Head,
    entries: &[Entry],
    hash_holds: &dyn Fn(usize, &Entry) -> bool,
) -> Result<Head, ChainBreak> {
    let parts = entries
        .iter()
        .map(|e| (e.id.as_str(), e.seq, e.prev_hash.as_str(), e.hash.as_str()));
    verify_parts(start, parts, &|i| hash_holds(i, &entries[i]))
}

/// The chain's rules over each entry's (id, seq, prev_hash, hash), in order.
fn verify_parts<'a>(
    start: &Head,
    parts: impl Iterator<Item = (&'a str, u64, &'a str, &'a str)>,
    hash_holds: &dyn Fn(usize) -> bool,
) -> Result<Head, ChainBreak> {
    let mut head = start.clone();
    for (i, (id, seq, prev_hash, hash)) in parts.enumerate() {
        let fail = |reason: String| ChainBreak {
            position: start.count as usize + i + 1,
            id: id.to_string(),
            reason,
        };
        if seq != head.count + 1 {
            return Err(fail(t!("chain_bad_seq", seq, head.count + 1)));
        }
        if prev_hash != head.last_hash {
            return Err(fail(t!("chain_bad_link")));
        }
        if !hash_holds(i) {
            return Err(fail(t!("chain_bad_hash")));
        }
        head = Head {
            count: seq,
            last_hash: hash.to_string(),
        };
    }
    Ok(head)
}
