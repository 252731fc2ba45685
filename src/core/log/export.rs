//! The action log as files: JSON (the exchange format, re-importable) and CSV (for
//! spreadsheets, with formula-like cells neutralised). Format: docs/log-format.md.

use crate::core::log::{Entry, FIELDS};
use crate::core::time::{Date, Instant};

/// The `format` value of an exported log.
pub const FORMAT: &str = "authpilot-action-log";
/// The export version this AuthPilot writes. Version 2 added SMTP AUTH entries (protocol
/// `SMTP`, `scope`, `mailbox`, actions turn-on/turn-off/follow-organization); it reads 1 and 2.
pub const VERSION: u64 = 2;
/// The oldest version this AuthPilot still reads.
pub const OLDEST_READ: u64 = 1;

/// The JSON export: the header fields, then one compact entry per line (readable, easy to
/// diff, and a fifth smaller than fully indented JSON), ending in a newline.
pub fn to_json(entries: &[Entry], exported_at: Instant) -> String {
    let mut text = format!(
        "{{\n  \"format\": \"{FORMAT}\",\n  \"version\": {VERSION},\n  \"exported_at\": \"{}\",\n  \"entries\": [",
        exported_at.to_rfc3339()
    );
    for (i, entry) in entries.iter().enumerate() {
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(&serde_json::to_string(entry).expect("JSON"));
    }
    text.push_str(if entries.is_empty() {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    });
    text
}

/// One CSV cell, as every CSV AuthPilot writes (`core::csv::cell`).
pub use crate::core::csv::cell as csv_cell;

/// The CSV export: UTF-8 with a byte-order mark (so spreadsheets read non-ASCII tenant
/// names right), one header row, CRLF line ends (RFC 4180).
pub fn to_csv(entries: &[Entry]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&crate::core::csv::record(FIELDS));
    for e in entries {
        out.push_str(&crate::core::csv::record(e.cells()));
    }
    out
}

/// `authpilot-log-YYYY-MM-DD.json` or `.csv`, dated by the admin's local day.
pub fn file_name(local_date: Date, extension: &str) -> String {
    format!("authpilot-log-{local_date}.{extension}")
}
