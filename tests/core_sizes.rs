//! No room too big to read (issue 33): no code file under `src/`, `cli/`, `wasm/` or `extension/` is
//! over 600 lines — the README promises it, and this holds it. Data files (the vocabulary, the
//! message catalogs) are not code and are not counted.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;
const CODE: &[&str] = &["rs", "js", "mjs", "html", "css"];

fn code_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            code_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| CODE.contains(&e.to_string_lossy().as_ref()))
        {
            out.push(path);
        }
    }
}

/// Files over the limit, as "path: lines".
fn over(root: &Path, folders: &[&str], max: usize) -> Vec<String> {
    let mut files = Vec::new();
    for folder in folders {
        code_files(&root.join(folder), &mut files);
    }
    // What the build writes is not the project's code (extension/ gets no generated files,
    // but a stray bundle would be caught here too if committed).
    files
        .into_iter()
        .filter_map(|f| {
            let lines = std::fs::read_to_string(&f).ok()?.lines().count();
            (lines > max).then(|| format!("{}: {lines}", f.strip_prefix(root).unwrap().display()))
        })
        .collect()
}

#[test]
fn no_code_file_is_over_600_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut counted = Vec::new();
    for folder in ["src", "cli", "wasm", "extension"] {
        code_files(&root.join(folder), &mut counted);
    }
    assert!(counted.len() > 100, "the code was read: {}", counted.len());
    assert_eq!(
        over(root, &["src", "cli", "wasm", "extension"], MAX_LINES),
        Vec::<String>::new()
    );
}

#[test]
fn the_size_check_finds_a_file_over_its_limit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // At a limit below the largest file, that file is named.
    let found = over(root, &["src"], 300);
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("src/") && f.ends_with(|c: char| c.is_ascii_digit())),
        "{found:?}"
    );
}
