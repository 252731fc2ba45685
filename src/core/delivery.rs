//! Delivered until acknowledged (issue 31). A message that carries an admin's action or its
//! result — the diagnostic's press, Save beside an SMTP AUTH switch, the page's answer to it, a
//! mailbox named in the helper — carries a delivery id, and its sender sends it again until the
//! worker answers it: Chrome can drop a message (or its answer) when it stops or starts the
//! worker, and an admin's change must not depend on when that happens. So the worker answers a
//! repeat as it answered the first and records nothing twice: each answer is remembered by its
//! id (`Delivered`, in local storage, written in the same step as what the message changed).
//!
//! How often and for how long a sender tries again is decided here (`POLICY`): the content
//! script takes it from the answer to `page-present`, the helper from this module.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// How a sender delivers a message that carries an admin's action: sent, and sent again after
/// `first_ms`, then twice as long each time up to `max_ms`, for as long as the page lives, until
/// the worker answers it (any answer, a refusal too, acknowledges it). A send that has had no
/// answer after `answer_within_ms` is sent again (the worker may have been stopped while it ran;
/// a repeat is answered as the first was).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub first_ms: u64,
    pub max_ms: u64,
    pub answer_within_ms: u64,
}

/// The one policy. Short first waits: a worker Chrome is starting answers within a few hundred
/// milliseconds even on a busy machine; the longest wait stays short enough that a result is
/// recorded while the admin still looks at the page.
pub const POLICY: Policy = Policy {
    first_ms: 200,
    max_ms: 4_000,
    answer_within_ms: 15_000,
};

impl Policy {
    /// How long to wait before the `attempt`-th send again (1: the first repeat).
    pub fn wait_ms(&self, attempt: u32) -> u64 {
        let doubled = self
            .first_ms
            .saturating_mul(1u64 << attempt.saturating_sub(1).min(20));
        doubled.min(self.max_ms)
    }
}

/// How many answers are remembered. A page repeats a message only while it waits for its answer
/// (seconds), and at most a few messages carry actions at once; the oldest are forgotten first.
pub const REMEMBERED: usize = 64;

/// The longest delivery id accepted (the content script's are UUIDs, 36 characters).
const MAX_ID: usize = 64;

/// Whether a delivery id is one a sender makes: 1–64 letters, digits and dashes.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// The answers given to the messages that carried an action, by delivery id, oldest first; and
/// the page's results that came before their press (held by the press's id until it comes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delivered {
    answers: Vec<(String, Value)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    early: Vec<(String, Value)>,
}

impl Delivered {
    /// The answer the message with this id was given, if it was delivered.
    pub fn answer(&self, id: &str) -> Option<&Value> {
        self.answers.iter().find(|(i, _)| i == id).map(|(_, a)| a)
    }

    /// Whether the message with this id was delivered.
    pub fn knows(&self, id: &str) -> bool {
        self.answer(id).is_some()
    }

    /// Remembers a message's answer (the oldest is forgotten beyond [`REMEMBERED`]).
    pub fn remember(&mut self, id: &str, answer: Value) {
        self.answers.retain(|(i, _)| i != id);
        self.answers.push((id.to_string(), answer));
        let over = self.answers.len().saturating_sub(REMEMBERED);
        self.answers.drain(..over);
    }

    /// Holds a message that came before the press it answers (a reordered delivery), by the
    /// press's id, until that press arrives (the oldest are forgotten beyond [`REMEMBERED`]).
    pub fn hold_early(&mut self, press: &str, message: Value) {
        self.early.push((press.to_string(), message));
        let over = self.early.len().saturating_sub(REMEMBERED);
        self.early.drain(..over);
    }

    /// The messages held for this press, in the order they came (and no longer held).
    pub fn take_early(&mut self, press: &str) -> Vec<Value> {
        let (mine, rest) = std::mem::take(&mut self.early)
            .into_iter()
            .partition(|(p, _)| p == press);
        self.early = rest;
        mine.into_iter().map(|(_, m)| m).collect()
    }

    pub fn len(&self) -> usize {
        self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_its_longest() {
        let waits: Vec<u64> = (1..=7).map(|n| POLICY.wait_ms(n)).collect();
        assert_eq!(waits, [200, 400, 800, 1600, 3200, 4000, 4000]);
        assert_eq!(POLICY.wait_ms(u32::MAX), 4000);
    }

    #[test]
    fn ids_are_short_and_plain() {
        assert!(valid_id("6f1c2b9e-3d4a-4c5b-9e8f-0a1b2c3d4e5f"));
        for bad in ["", "a b", "x".repeat(65).as_str(), "<script>", "ü"] {
            assert!(!valid_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_repeat_gets_the_first_answer_and_the_oldest_is_forgotten() {
        let mut d = Delivered::default();
        for n in 0..(REMEMBERED + 3) {
            d.remember(&format!("id-{n}"), Value::from(n));
        }
        assert_eq!(d.len(), REMEMBERED);
        assert!(!d.knows("id-0") && !d.knows("id-2"));
        assert_eq!(d.answer("id-3"), Some(&Value::from(3)));
        d.remember("id-3", Value::from("again"));
        assert_eq!(d.len(), REMEMBERED, "remembered once");
        assert_eq!(d.answer("id-3"), Some(&Value::from("again")));
    }
}
