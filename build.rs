//! The vocabulary the extension ships (issue 34: a smaller module): `src/core/page/words.json`
//! without what only people read — each entry's `seen` (where Microsoft published the word)
//! and the file's `about` — and without white space, written to `OUT_DIR/words.min.json` for
//! the wasm build (`core::page::words::SHIPPED`). Native code and tests read the whole file,
//! citations included; a native test holds the two equal but for the citations.

fn main() {
    let source = "src/core/page/words.json";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).expect("words.json is readable");
    let mut vocabulary: serde_json::Value =
        serde_json::from_str(&text).expect("words.json is valid JSON");
    strip(&mut vocabulary);
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("words.min.json");
    std::fs::write(out, vocabulary.to_string()).expect("OUT_DIR is writable");
}

/// Removes every `seen` and `about` key, at any depth.
fn strip(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("seen");
            map.remove("about");
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}
