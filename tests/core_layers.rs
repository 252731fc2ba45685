//! The core's modules depend on one another without a cycle: each names what it uses through
//! `super::<module>` or `crate::core::<module>`, and the graph those names make has no loop.
//! (An item in the wrong module — a pending press in the diagnostic, an address check in SMTP
//! AUTH, the query in the diagnostic — is what tied the last one; they now have modules of
//! their own.)
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every module under `src/core` (each file; a folder's `mod.rs` is the folder), by its path
/// (`log`, `log::store`, `helper::guide`), with the core modules its source names — through
/// `crate::core::…`, `super::…` or `self::…`, resolved to the longest module path they start
/// with. A file's own tests (`#[cfg(test)]` to the end) are left out: their `super::` is the
/// file itself.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    graph_of("src/core", "crate::core::")
}

/// The folder's own `mod.rs`, as a node of the graph.
const ROOT: &str = "(mod.rs)";

/// The same for any folder of the crate, named in code by `crate_prefix`.
fn graph_of(folder: &str, crate_prefix: &str) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let stem = path.file_stem().unwrap().to_string_lossy().to_string();
            let join = |name: &str| {
                if prefix.is_empty() {
                    name.to_string()
                } else {
                    format!("{prefix}::{name}")
                }
            };
            if path.is_dir() {
                walk(&path, &join(&stem), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let name = if stem == "mod" {
                    prefix.to_string()
                } else {
                    join(&stem)
                };
                let text = std::fs::read_to_string(&path).unwrap();
                let text = match text.find("#[cfg(test)]") {
                    Some(at) => text[..at].to_string(),
                    None => text,
                };
                out.insert(name, text);
            }
        }
    }
    let mut sources = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        "",
        &mut sources,
    );
    // The folder's own mod.rs, named "" here: a facade that declares the modules and
    // re-exports; its uses are counted like any module's (a child using it back is a cycle).
    if let Some(text) = sources.remove("") {
        sources.insert(ROOT.to_string(), text);
    }
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    let parent = |m: &str| {
        m.rsplit_once("::")
            .map_or(String::new(), |(p, _)| p.to_string())
    };
    // The module a path names: its longest prefix that is a module (or `base` itself).
    let resolve = |base: &str, path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (0..=parts.len()).rev().find_map(|n| {
            let mut m = base.to_string();
            for p in &parts[..n] {
                m = if m.is_empty() {
                    p.to_string()
                } else {
                    format!("{m}::{p}")
                };
            }
            if m.is_empty() {
                // The folder itself: its mod.rs, when it has code or re-exports.
                return names.contains(ROOT).then(|| ROOT.to_string());
            }
            names.contains(&m).then_some(m)
        })
    };
    sources
        .iter()
        .map(|(node, text)| {
            let name = if node == ROOT {
                String::new()
            } else {
                node.clone()
            };
            let name = &name;
            let mut uses = BTreeSet::new();
            // A child module declared here (`mod x;`) is named by `x::` too (a relative path).
            let children: Vec<(String, String)> = text
                .lines()
                .filter_map(|l| {
                    let l = l.trim();
                    let rest = l
                        .strip_prefix("pub mod ")
                        .or_else(|| l.strip_prefix("pub(crate) mod "))
                        .or_else(|| l.strip_prefix("mod "))?;
                    let child = rest.strip_suffix(';')?;
                    let module = if name.is_empty() {
                        child.to_string()
                    } else {
                        format!("{name}::{child}")
                    };
                    Some((format!("{child}::"), module))
                })
                .collect();
            let mut prefixes = vec![
                (crate_prefix.to_string(), String::new()),
                ("super::".to_string(), parent(name)),
                ("self::".to_string(), name.clone()),
            ];
            prefixes.extend(children);
            for (prefix, base) in &prefixes {
                let (prefix, base) = (prefix.as_str(), base.clone());
                for (at, _) in text.match_indices(prefix) {
                    if at > 0
                        && text[..at]
                            .ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                    {
                        continue; // part of a longer path
                    }
                    let rest = &text[at + prefix.len()..];
                    let mut paths = Vec::new();
                    if let Some(list) = rest.strip_prefix('{') {
                        let list = &list[..list.find('}').unwrap_or(list.len())];
                        paths.extend(list.split(',').map(|i| i.trim().to_string()));
                    } else {
                        paths.push(
                            rest.chars()
                                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                                .collect::<String>()
                                .trim_end_matches(':')
                                .to_string(),
                        );
                    }
                    for path in paths {
                        if let Some(used) = resolve(&base, &path) {
                            if used != *node {
                                uses.insert(used);
                            }
                        }
                    }
                }
            }
            (node.clone(), uses)
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
        g["helper::guide"].contains("diagnostic")
            && g["log::store"].contains("log")
            && g["worker::step"].contains("log::store")
            && g["worker::log"].contains("worker::storage"),
        "the graph sees uses through crate::core::, super:: and paths into folders: {g:?}"
    );
    assert_eq!(cycle(&g), None, "an import cycle in src/core");
}

/// The page keeps hosts, words and the page report, and speaks of neither SMTP AUTH nor the
/// 2022 diagnostic (issue 25): the in-page helper, which speaks of both, is `core::helper`.
#[test]
fn the_page_imports_neither_smtp_auth_nor_the_diagnostic() {
    let g = graph();
    for (module, uses) in g
        .iter()
        .filter(|(m, _)| *m == "page" || m.starts_with("page::"))
    {
        let bad: Vec<_> = uses
            .iter()
            .filter(|u| {
                ["smtp", "diagnostic", "helper"]
                    .iter()
                    .any(|d| *u == d || u.starts_with(&format!("{d}::")))
            })
            .collect();
        assert!(bad.is_empty(), "{module} uses {bad:?}");
    }
    assert!(g.contains_key("page::hosts") && g.contains_key("page::words"));
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

/// The web front has no import cycle either (issue 25: the popup and the report imported each
/// other): the same reading over `src/web`, with `crate::web::`, `super::`, `self::`, a child
/// module's own name and glob imports.
#[test]
fn the_web_front_has_no_import_cycle() {
    let g = graph_of("src/web", "crate::web::");
    assert!(
        g.len() > 8 && g["popup::page"].contains("files") && g["report"].contains("files"),
        "the web front's modules were read: {g:?}"
    );
    assert!(
        !g["popup"].contains("report") && !g["report"].contains("popup"),
        "{g:?}"
    );
    assert_eq!(cycle(&g), None, "an import cycle in src/web: {g:?}");
}

// ---- Layers at folder level (issue 33) ------------------------------------------------------

/// The core's folders (and top-level files) in layers, lowest first: a folder may use one in a
/// lower layer, or one beside it in its own layer without a circle — never one above it. The
/// README draws the same table ("Architecture"). A new folder must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "i18n",
            "time",
            "field",
            "address",
            "cloud",
            "view",
            "keys",
            "alarms",
            "delivery",
            "csv",
            "protocols",
        ],
    ),
    (
        "domains",
        &[
            "page",
            "log",
            "pending",
            "smtp",
            "diagnostic",
            "walkthrough",
            "audit",
            "settings",
            "managed",
            "prefs",
            "status",
        ],
    ),
    ("wire", &["messages"]),
    ("contexts", &["worker", "helper", "popup", "report"]),
];

/// The graph collapsed to the core's top-level folders: an edge where any module of one uses
/// any module of another (the facade, `mod.rs`, is no folder).
fn folders(g: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, BTreeSet<String>> {
    let top = |m: &str| m.split("::").next().unwrap_or("").to_string();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, uses) in g {
        if module == ROOT {
            continue;
        }
        let from = top(module);
        out.entry(from.clone()).or_default();
        for used in uses.iter().filter(|u| *u != ROOT) {
            if top(used) != from {
                out.entry(from.clone()).or_default().insert(top(used));
            }
        }
    }
    out
}

/// What breaks the layers: an edge up (a folder using one in a higher layer), a folder no layer
/// names, or a circle among folders.
fn layer_faults(f: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let layer = |folder: &str| LAYERS.iter().position(|(_, fs)| fs.contains(&folder));
    let mut faults = Vec::new();
    for (from, uses) in f {
        let Some(at) = layer(from) else {
            faults.push(format!("{from} is in no layer"));
            continue;
        };
        for to in uses {
            match layer(to) {
                Some(l) if l > at => faults.push(format!(
                    "{from} ({}) uses {to} ({}), a layer above it",
                    LAYERS[at].0, LAYERS[l].0
                )),
                None => faults.push(format!("{to} is in no layer")),
                _ => {}
            }
        }
    }
    if let Some(circle) = cycle(f) {
        faults.push(format!("a circle among folders: {}", circle.join(" → ")));
    }
    faults
}

#[test]
fn the_cores_folders_are_in_layers_with_no_circle() {
    let f = folders(&graph());
    assert!(
        f.len() >= 20 && f["worker"].contains("messages") && f["messages"].contains("log"),
        "the folders were read: {f:?}"
    );
    assert_eq!(layer_faults(&f), Vec::<String>::new(), "{f:?}");
    // Every folder the layers name exists (a renamed folder is renamed here too).
    for (_, names) in LAYERS {
        for name in *names {
            assert!(
                f.contains_key(*name),
                "{name} named in LAYERS but not in src/core"
            );
        }
    }
}

#[test]
fn the_layer_check_finds_an_edge_up_a_circle_and_a_stray_folder() {
    let clean = folders(&graph());
    let mut up = clean.clone();
    up.get_mut("log").unwrap().insert("worker".into());
    assert!(
        layer_faults(&up)
            .iter()
            .any(|f| f.contains("log (domains) uses worker (contexts)")),
        "{:?}",
        layer_faults(&up)
    );
    let mut circle = clean.clone();
    circle.get_mut("smtp").unwrap().insert("diagnostic".into()); // diagnostic uses smtp
    assert!(layer_faults(&circle)
        .iter()
        .any(|f| f.starts_with("a circle among folders")));
    let mut stray = clean;
    stray.insert("misc".into(), BTreeSet::new());
    assert!(layer_faults(&stray).contains(&"misc is in no layer".to_string()));
}
