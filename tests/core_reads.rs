//! No storage read in the core can swallow a miss (issue 24). A step that reads a key its copy
//! has not loaded gets `Missing`, which must travel up with `?` so the step runner loads the
//! key and runs the step again; `.unwrap_or(None)` or `.ok()` on it would make a cold worker
//! answer "never seen" where a warm one answers from storage. Every call of a storage read
//! (`get`, `read`, `read_tolerant`, `all`, `need`) naming an `Area` in `src/core` is followed by
//! `?`. (The `Storage` implementations themselves, in `worker/storage.rs`, are the exception.)
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

const READS: [&str; 5] = ["get", "read", "read_tolerant", "all", "need"];

/// Each storage read in `source` not followed by `?`, as "line: text".
fn swallowed(source: &str) -> Vec<String> {
    let bytes = source.as_bytes();
    let mut found = Vec::new();
    for name in READS {
        let needle = format!(".{name}(");
        let mut from = 0;
        while let Some(at) = source[from..].find(&needle) {
            let open = from + at + needle.len() - 1;
            from = open + 1;
            // The argument list, to its balancing parenthesis.
            let mut depth = 0;
            let mut close = None;
            for (i, b) in bytes.iter().enumerate().skip(open) {
                match b {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let Some(close) = close else { continue };
            if !source[open..close].contains("Area::") {
                continue;
            }
            let after = source[close + 1..].trim_start();
            if !after.starts_with('?') {
                let line = source[..open].matches('\n').count() + 1;
                let text = source[..close + 1]
                    .rsplit('\n')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                found.push(format!("{line}: {text}"));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_storage_read_in_the_core_carries_a_miss_with_a_question_mark() {
    let mut files = Vec::new();
    rust_files(Path::new("src/core"), &mut files);
    let mut bad = Vec::new();
    let mut reads = 0;
    for file in files {
        if file.ends_with("worker/storage.rs") {
            continue;
        }
        let source = fs::read_to_string(&file).unwrap();
        reads += READS
            .iter()
            .map(|n| source.matches(&format!(".{n}(Area::")).count())
            .sum::<usize>();
        bad.extend(
            swallowed(&source)
                .into_iter()
                .map(|s| format!("{}:{s}", file.display())),
        );
    }
    assert!(reads > 20, "the scan sees the core's reads ({reads})");
    assert!(
        bad.is_empty(),
        "a storage read swallows a miss:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_scan_finds_a_swallowed_miss() {
    // Each of these is what issue 24 found (or could have been), and each is caught.
    for bad in [
        "let p: Option<P> = self.txn.read(Area::Session, &presence_key(tab)).unwrap_or(None);",
        "let p: Option<P> = self\n    .txn\n    .read(Area::Local, PREFS_KEY)\n    .unwrap_or(None);",
        "let known = txn.read(Area::Session, VERIFIED_KEY).ok().flatten();",
        "if txn.get(Area::Local, HEAD_KEY).is_ok() { }",
        "let _ = txn.need(&[(Area::Local, SETTINGS_KEY)]);",
    ] {
        assert_eq!(swallowed(bad).len(), 1, "{bad}");
    }
    for good in [
        "let p: Option<P> = self.txn.read_tolerant(Area::Session, &key)?;",
        "match txn.get(Area::Local, HEAD_KEY)? { _ => {} }",
        "txn.need(&[(Area::Session, &presence_key(tab))])?;",
        "let x = self\n    .txn\n    .read(Area::Session, &tab_state_key(tab))?\n    .unwrap_or_default();",
        // Not a storage read: no Area.
        "let x = map.get(&key).unwrap_or(None);",
    ] {
        assert!(swallowed(good).is_empty(), "{good}");
    }
}
