//! An entry's canonical form and its hash (docs/log-format.md), and each field's text as a file
//! or a CSV row has it: all written field by field from the one list (`entry_fields!`).

use sha2::{Digest, Sha256};

use super::entry::{hex, write_hex, Entry, FIELDS};

impl Entry {
    /// The canonical form the hash covers: the entry as JSON without `hash`, keys sorted,
    /// no white space, absent optional fields left out (docs/log-format.md). Written field by
    /// field from the one list (`FIELDS`, sorted once), straight into one buffer: no map is
    /// built (BENCHMARKS.md: a `Value` map per entry made verifying 2.5 times slower).
    pub fn canonical(&self) -> String {
        let mut out = Vec::with_capacity(512);
        self.write_canonical(&mut out);
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// The canonical form appended to `out` (a buffer a caller reuses: `hash_holds`).
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        static ORDER: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let order = ORDER.get_or_init(|| {
            let mut names: Vec<&str> = FIELDS.iter().copied().filter(|f| *f != "hash").collect();
            names.sort_unstable(); // code-point order: the names are ASCII
            names
        });
        let first = out.len();
        out.push(b'{');
        for name in order {
            let start = out.len();
            if start > first + 1 {
                out.push(b',');
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b"\":");
            let value_at = out.len();
            self.write_field(name, out);
            if out[value_at..] == *b"null" {
                out.truncate(start); // an absent optional field is left out
            }
        }
        out.push(b'}');
    }

    /// Whether `hash` is the SHA-256 of the canonical form — `compute_hash() == hash` without
    /// an allocation per entry (`verify` checks 100,000 of them: issue 34).
    pub fn hash_holds(&self) -> bool {
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        let digest = BUFFER.with(|b| {
            let mut b = b.borrow_mut();
            b.clear();
            self.write_canonical(&mut b);
            Sha256::digest(&b[..])
        });
        let mut text = [0u8; 64];
        write_hex(&digest, &mut text);
        self.hash.as_bytes() == text
    }

    /// One field's text as written in a file (a string unquoted), or `None` when it is absent.
    pub fn field_text(&self, name: &str) -> Option<String> {
        let mut buf = Vec::with_capacity(32);
        if !self.write_field(name, &mut buf) || buf == b"null" {
            return None;
        }
        match buf.first() {
            // Read as text (JSON is UTF-8): one serde_json reader in the wasm, not a second for
            // bytes (issue 34).
            Some(b'"') => std::str::from_utf8(&buf)
                .ok()
                .and_then(|t| serde_json::from_str(t).ok()),
            _ => String::from_utf8(buf).ok(),
        }
    }

    /// Each exported field's text, in `FIELDS` order: what the CSV writes (an absent optional
    /// field is empty).
    pub fn cells(&self) -> Vec<String> {
        let mut buf = Vec::with_capacity(128);
        FIELDS
            .iter()
            .map(|f| {
                buf.clear();
                self.write_field(f, &mut buf);
                match buf.first() {
                    _ if buf == b"null" => String::new(),
                    Some(b'"') => std::str::from_utf8(&buf)
                        .ok()
                        .and_then(|t| serde_json::from_str(t).ok())
                        .unwrap_or_default(),
                    _ => String::from_utf8_lossy(&buf).into_owned(),
                }
            })
            .collect()
    }

    /// SHA-256 of the canonical form, lower-case hex.
    pub fn compute_hash(&self) -> String {
        hex(&Sha256::digest(self.canonical().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::entry::{Draft, Head};

    fn entry() -> super::Entry {
        let draft: Draft = serde_json::from_value(serde_json::json!({
            "id": "a-1", "at": "2026-12-01T10:00:00Z", "protocol": "SMTP", "scope": "mailbox",
            "mailbox": "printer@contoso.com", "action": "turn-off", "outcome": "succeeded",
            "source": "observed", "cloud": "worldwide", "note": "quote \" and ü"
        }))
        .expect("a draft");
        draft.chain(&Head::default())
    }

    /// Each field written as serde_json writes it, for texts with and without something to
    /// escape (quotes, backslashes, control characters, DEL, non-ASCII), absent or present.
    #[test]
    fn fields_are_written_as_serde_json_writes_them() {
        let texts = [
            "",
            "plain",
            "a\"b",
            "back\\slash",
            "tab\t",
            "nl\n",
            "\u{1}",
            "\u{1f}",
            " ",
            "\u{7f}",
            "ü 設定",
            "\u{2028}",
            "end\\",
        ];
        for text in texts {
            let mut e = entry();
            e.note = Some(text.to_string());
            e.id = text.to_string();
            for field in ["id", "note", "message", "seq", "protocol", "scope"] {
                let mut ours = Vec::new();
                assert!(e.write_field(field, &mut ours));
                let theirs = serde_json::to_value(&e).expect("json")[field].clone();
                let theirs = serde_json::to_vec(&theirs).expect("json");
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs),
                    "{field} = {text:?}"
                );
            }
        }
    }

    /// `hash_holds` is `compute_hash() == hash`, without its allocations: the same answer for
    /// the entry as written, a changed field, a changed hash, the hash in upper case.
    #[test]
    fn hash_holds_is_compute_hash_compared() {
        let good = entry();
        assert!(good.hash_holds());
        assert_eq!(good.compute_hash(), good.hash);
        let mut changed = good.clone();
        changed.note = Some("quote \" and u".into());
        assert!(!changed.hash_holds());
        let mut rehashed = good.clone();
        rehashed
            .hash
            .replace_range(0..1, if good.hash.starts_with('0') { "1" } else { "0" });
        assert!(!rehashed.hash_holds());
        let mut upper = good.clone();
        upper.hash = good.hash.to_uppercase();
        assert_eq!(upper.hash_holds(), upper.compute_hash() == upper.hash);
        assert!(!upper.hash_holds() || upper.hash == good.hash);
    }
}
