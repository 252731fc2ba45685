//! The docs name files that exist (issue 25): every path under `src/`, `tests/`, `extension/`,
//! `scripts/`, `bench/`, `wasm/` or `docs/` that README.md, BENCHMARKS.md or a file in docs/
//! mentions is there (a glob or a placeholder such as `<context>` is skipped, and so is what the
//! build writes, as `.gitignore` lists it: a clean checkout has none of it).
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn mentioned_paths(text: &str) -> Vec<String> {
    let roots = [
        "src/",
        "tests/",
        "extension/",
        "scripts/",
        "bench/",
        "wasm/",
        "docs/",
    ];
    let mut out = Vec::new();
    for (at, _) in text.match_indices(|c: char| c.is_ascii_lowercase()) {
        let rest = &text[at..];
        if at > 0 && text[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || "/._-".contains(c))
        {
            continue;
        }
        if !roots.iter().any(|r| rest.starts_with(r)) {
            continue;
        }
        let path: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/._-*<>".contains(*c))
            .collect();
        let path = path.trim_end_matches(['.', '/']).to_string();
        if path.contains(['*', '<', '>'])
            || !path.contains('.') && !path.ends_with('/') && path.matches('/').count() < 1
        {
            continue;
        }
        out.push(path);
    }
    out
}

#[test]
fn every_file_the_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md"), root.join("BENCHMARKS.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    // What the build writes (listed in .gitignore) is not there on a clean checkout.
    let generated: Vec<String> = std::fs::read_to_string(root.join(".gitignore"))
        .unwrap()
        .lines()
        .map(|l| {
            l.trim()
                .trim_start_matches('/')
                .trim_end_matches('/')
                .to_string()
        })
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let mut missing = Vec::new();
    let mut checked = 0;
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        for path in mentioned_paths(&text) {
            if generated
                .iter()
                .any(|g| path == *g || path.starts_with(&format!("{g}/")))
            {
                continue;
            }
            checked += 1;
            if !root.join(&path).exists() {
                missing.push(format!(
                    "{}: {path}",
                    doc.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(checked > 30, "the docs' paths were read ({checked})");
    missing.sort();
    missing.dedup();
    assert!(
        missing.is_empty(),
        "the docs name files that do not exist:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_path_reader_finds_paths_and_skips_words() {
    assert_eq!(
        mentioned_paths("see `src/core/log/mod.rs`, tests/e2e/, not mysrc/x.rs or src/<x>.rs"),
        vec!["src/core/log/mod.rs".to_string(), "tests/e2e".to_string()]
    );
}
