//! The importer never panics, whatever it is given: arbitrary text, and valid exports with
//! random bytes changed, cut or inserted. Every refusal is a message.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::log::export::to_json;
use authpilot::core::log::import::{plan_import, read_log};
use authpilot::core::log::{chain_all, Action, Draft, Entry, Head, Outcome, Source};
use authpilot::core::log::{read_links_parallel, read_log_parallel};
use authpilot::core::log::{verify, verify_links, Link};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;
use proptest::prelude::*;

fn valid_export() -> String {
    let drafts = Protocol::ALL.into_iter().enumerate().map(|(i, p)| Draft {
        id: format!("id-{i}"),
        at: "2022-10-15T10:00:00Z".into(),
        protocol: p,
        scope: None,
        mailbox: None,
        action: Action::ReEnable,
        outcome: Outcome::Submitted,
        source: Source::Manual,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: None,
        message: None,
        note: Some(format!("note {i} ✓")),
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    });
    let entries: Vec<Entry> = chain_all(&Head::default(), drafts);
    to_json(&entries, Instant::from_unix_seconds(1_800_000_000))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = plan_import(&text, &[]);
    }

    #[test]
    fn json_shaped_noise_never_panics(text in r#"[\[\]{}",:0-9a-z\- ]{0,300}"#) {
        let _ = plan_import(&format!(r#"{{"format":"authpilot-action-log","version":1,"exported_at":"2026-01-01T00:00:00Z","entries":[{text}]}}"#), &[]);
    }

    #[test]
    fn mutated_exports_never_panic_and_are_never_accepted_silently_changed(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let original = valid_export();
        let mut bytes = original.clone().into_bytes();
        for (at, byte, kind) in edits {
            let i = at.index(bytes.len().max(1));
            match kind {
                0 => if i < bytes.len() { bytes[i] = byte },
                1 => bytes.truncate(i),
                _ => bytes.insert(i.min(bytes.len()), byte),
            }
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        // The command line reads a log's entries on several threads: the same entries, the same
        // first refusal, whatever was changed.
        let alone = read_log(&text);
        for threads in [2, 3] {
            prop_assert_eq!(&read_log_parallel(&text, threads), &alone);
            // `verify`'s reading keeps only each entry's link: the same refusal, the same
            // version, the same links, and the chain's verdict on them is `verify`'s.
            let links = read_links_parallel(&text, threads);
            match (&links, &alone) {
                (Ok((version, links)), Ok(file)) => {
                    prop_assert_eq!(*version, file.version);
                    let expected: Vec<Link> = file.entries.iter().cloned().map(Link::from).collect();
                    prop_assert_eq!(links, &expected);
                    prop_assert_eq!(verify_links(links), verify(&file.entries));
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                _ => prop_assert!(false, "one read refused, the other did not"),
            }
        }
        if let Ok(merge) = plan_import(&text, &[]) {
            // Accepted only if what it adds is exactly the original's content
            // (e.g. an edit that only touched white space).
            let reference = plan_import(&original, &[]).unwrap();
            prop_assert_eq!(merge.add, reference.add);
        }
    }
}
