//! The core's modules depend on one another without a cycle: each names what it uses through
//! `super::<module>` or `crate::core::<module>`, and the graph those names make has no loop.
//! (An item in the wrong module — a pending press in the diagnostic, an address check in SMTP
//! AUTH, the query in the diagnostic — is what tied the last one; they now have modules of
//! their own.)
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module under `src/core` (a file, or a folder's `mod.rs`), by name, with the core
/// modules its source names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if path.is_dir() {
            // A folder is one module: its files' uses together (`super::` inside it names
            // its own parts, which are not core modules; `crate::core::` names the core's).
            let mut text = String::new();
            for file in std::fs::read_dir(&path).unwrap() {
                let file = file.unwrap().path();
                if file.extension().is_some_and(|e| e == "rs") {
                    let body = std::fs::read_to_string(&file).unwrap();
                    let is_mod = file.file_stem().is_some_and(|s| s == "mod");
                    text.push_str(&if is_mod {
                        body
                    } else {
                        body.replace("super::", "self::")
                    });
                }
            }
            sources.insert(name, text);
        } else if path.extension().is_some_and(|e| e == "rs") && name != "mod" {
            sources.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(name, text)| {
            let mut uses = BTreeSet::new();
            for prefix in ["super::", "crate::core::"] {
                for (at, _) in text.match_indices(prefix) {
                    let rest = &text[at + prefix.len()..];
                    let used: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    // `super::{a, b}` names several at once.
                    if rest.starts_with('{') {
                        let list = &rest[1..rest.find('}').unwrap_or(rest.len())];
                        for item in list.split(',') {
                            let item = item.trim().split("::").next().unwrap_or("").trim();
                            if names.contains(item) && item != name {
                                uses.insert(item.to_string());
                            }
                        }
                    }
                    if names.contains(&used) && used != *name {
                        uses.insert(used);
                    }
                }
            }
            (name.clone(), uses)
        })
        .collect()
}

/// A cycle in the graph, if there is one, as the modules along it.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut found = path[at..].to_vec();
            found.push(node.to_string());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_core_has_no_import_cycle() {
    let g = graph();
    assert!(g.len() > 15, "the core's modules were read: {:?}", g.keys());
    assert!(
        g["guide"].contains("diagnostic"),
        "the graph sees uses: {g:?}"
    );
    assert_eq!(cycle(&g), None, "an import cycle in src/core");
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g = graph();
    // log → … → log, made by hand: the finder must see it.
    g.get_mut("time").unwrap().insert("log".to_string());
    let found = cycle(&g).expect("a cycle");
    assert_eq!(found.first(), found.last());
    assert!(
        found.contains(&"time".to_string()) && found.contains(&"log".to_string()),
        "{found:?}"
    );
}
