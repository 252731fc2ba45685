//! What every command prints, in the format asked for (`--format table|csv|json`): a table
//! aligned for people, CSV written by the core's one writer (`core::csv::record`, as the
//! extension's export), JSON by serde.

use std::io::Write;

use crate::Failure;

/// Rows under a header as CSV (RFC 4180, CRLF line ends, cells made safe for spreadsheets).
pub fn csv(out: &mut dyn Write, head: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
    let mut text = authpilot::core::csv::record(head);
    for r in rows {
        text += &authpilot::core::csv::record(r);
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Rows under an upper-case header, each column as wide as its widest cell; `empty` said under
/// the header when there is no row.
pub fn table(
    out: &mut dyn Write,
    head: &[&str],
    rows: &[Vec<String>],
    empty: Option<&str>,
) -> Result<(), Failure> {
    let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
            + "\n"
    };
    let mut text = line(&head.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>());
    for r in rows {
        text += &line(r);
    }
    if let (true, Some(empty)) = (rows.is_empty(), empty) {
        text += &format!("{empty}\n");
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// One JSON document, pretty-printed, on its own lines.
pub fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(|e| Failure::CannotWrite(e.to_string()))?;
    writeln!(out)?;
    Ok(())
}
