//! CSV, read and written in one place (issue 33): `CsvRows` splits a text of any size fed in
//! pieces (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes) — the audit
//! export in the popup and on the command line, the SMTP AUTH clients report pasted as the
//! senders' list; `cell` writes one cell for a spreadsheet (the log's export, the command line's
//! tables). Foundation: it depends on nothing of AuthPilot's.

/// What a finished row is handed to: its first line and its cells.
pub type OnRow<'a, E> = dyn FnMut(usize, &[String]) -> Result<(), E> + 'a;

/// A quoted cell that never closed: the line its row began on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedQuote {
    pub line: usize,
}

/// A CSV splitter fed in pieces (RFC 4180: quoted cells, doubled quotes, line breaks inside
/// quotes): a row is handed on as soon as it ends, so a file of any size is read in bounded
/// memory (one row at a time).
#[derive(Debug, Default)]
pub struct CsvRows {
    /// The first piece was seen (its byte-order mark dropped).
    started: bool,
    row: Vec<String>,
    /// Cells of rows already handed on, emptied, to be filled again (no allocation per cell).
    spare: Vec<String>,
    cell: String,
    line: usize,
    row_line: usize,
    quoted: bool,
    /// A quote seen inside a quoted cell: the next character says whether it was a doubled
    /// quote or the cell's end.
    quote_pending: bool,
    /// How much of the cell was read inside quotes: a CR there is the cell's own, never the
    /// first half of a CRLF that ends the row.
    quoted_len: usize,
}

impl CsvRows {
    pub fn new() -> CsvRows {
        CsvRows {
            line: 1,
            row_line: 1,
            ..CsvRows::default()
        }
    }

    /// The next piece of a CSV text; each row that ends in it is handed to `on_row`.
    pub fn feed<E>(&mut self, text: &str, on_row: &mut OnRow<E>) -> Result<(), E> {
        let text = if self.started {
            text
        } else {
            if text.is_empty() {
                return Ok(());
            }
            self.started = true;
            text.strip_prefix('\u{feff}').unwrap_or(text)
        };
        // Only `"`, `,` and LF mean anything (a CR is dropped before an LF that ends a row), all
        // ASCII: the text between them is copied whole (memchr finds them; the slices fall on
        // character boundaries).
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if self.quote_pending {
                self.quote_pending = false;
                if bytes[i] == b'"' {
                    self.cell.push('"');
                    i += 1;
                    continue;
                }
                self.quoted = false;
                self.quoted_len = self.cell.len();
            }
            if self.quoted {
                i = self.quoted_run(text, i);
                continue;
            }
            let rest = &bytes[i..];
            let run = memchr::memchr3(b'"', b',', b'\n', rest).unwrap_or(rest.len());
            self.cell.push_str(&text[i..i + run]);
            i += run;
            let Some(&c) = bytes.get(i) else {
                break;
            };
            i += 1;
            match c {
                b'"' if self.cell.is_empty() => self.quoted = true,
                b'"' => self.cell.push('"'),
                b',' => self.end_cell(),
                _ => {
                    if self.cell.len() > self.quoted_len && self.cell.ends_with('\r') {
                        self.cell.pop();
                    }
                    self.end_cell();
                    if !(self.row.len() == 1 && self.row[0].is_empty()) {
                        on_row(self.row_line, &self.row)?;
                    }
                    self.recycle();
                    self.line += 1;
                    self.row_line = self.line;
                }
            }
        }
        Ok(())
    }

    /// Inside a quoted cell from `i`: its text up to the quote that ends it (doubled quotes
    /// read as one, line breaks kept and counted), or to the end of the piece; where reading
    /// goes on. An audit record's JSON is mostly doubled quotes a few bytes apart, so a pair is
    /// taken here at once and the next quote looked for first among the next few bytes (a call
    /// to memchr per quote was most of the splitting: issue 34).
    fn quoted_run(&mut self, text: &str, mut i: usize) -> usize {
        let bytes = text.as_bytes();
        let mut from = i;
        loop {
            let Some(at) = find_quote_or_lf(&bytes[i..]).map(|k| i + k) else {
                self.cell.push_str(&text[from..]);
                return bytes.len();
            };
            if bytes[at] == b'\n' {
                self.line += 1;
                i = at + 1;
                continue;
            }
            match bytes.get(at + 1) {
                Some(b'"') => {
                    // A doubled quote: the run and one quote.
                    self.cell.push_str(&text[from..=at]);
                    i = at + 2;
                    from = i;
                }
                Some(_) => {
                    self.cell.push_str(&text[from..at]);
                    self.quoted = false;
                    self.quoted_len = self.cell.len();
                    return at + 1;
                }
                None => {
                    // The piece ends on a quote: the next piece's first character decides.
                    self.cell.push_str(&text[from..at]);
                    self.quote_pending = true;
                    return at + 1;
                }
            }
        }
    }

    fn end_cell(&mut self) {
        self.quoted_len = 0;
        let next = self.spare.pop().unwrap_or_default();
        let done = std::mem::replace(&mut self.cell, next);
        self.row.push(done);
    }

    fn recycle(&mut self) {
        for mut cell in self.row.drain(..) {
            cell.clear();
            self.spare.push(cell);
        }
    }

    /// The end of the text: its last row, if it did not end with a line break.
    pub fn finish<E: From<UnclosedQuote>>(&mut self, on_row: &mut OnRow<E>) -> Result<(), E> {
        if self.quote_pending {
            self.quote_pending = false;
            self.quoted = false;
        }
        if self.quoted {
            return Err(UnclosedQuote {
                line: self.row_line,
            }
            .into());
        }
        if !self.cell.is_empty() || !self.row.is_empty() {
            self.end_cell();
            on_row(self.row_line, &self.row)?;
            self.recycle();
        }
        Ok(())
    }
}

/// The first `"` or line feed: the next few bytes looked at one by one first (in a record's
/// JSON the next quote is usually there), then memchr for a longer run.
fn find_quote_or_lf(bytes: &[u8]) -> Option<usize> {
    const NEAR: usize = 16;
    let near = bytes.len().min(NEAR);
    if let Some(k) = bytes[..near].iter().position(|&b| b == b'"' || b == b'\n') {
        return Some(k);
    }
    memchr::memchr2(b'"', b'\n', &bytes[near..]).map(|k| k + near)
}

/// Every row of a whole text, with the line each began on (a small text: the senders' list).
pub fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>, UnclosedQuote> {
    let mut out = Vec::new();
    let mut keep = |line: usize, cells: &[String]| -> Result<(), UnclosedQuote> {
        out.push((line, cells.to_vec()));
        Ok(())
    };
    let mut reader = CsvRows::new();
    reader.feed(text, &mut keep)?;
    reader.finish(&mut keep)?;
    Ok(out)
}

/// One CSV cell: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front so
/// a spreadsheet shows it as text, then RFC 4180 quoting where needed.
pub fn cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// One CSV record: its cells as `cell` writes them, comma-separated, with the CRLF line end of
/// RFC 4180 — the line every CSV AuthPilot writes is made of.
pub fn record<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut line = cells
        .into_iter()
        .map(|c| cell(c.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_quotes_doubled_quotes_and_line_breaks_inside_quotes() {
        let text = "\u{feff}Sender address,Domain\r\n\"a@contoso.com\",\"contoso, \"\"HQ\"\"\"\r\n\"b\nc\",d\n\ne,f";
        let got = rows(text).unwrap();
        assert_eq!(
            got,
            vec![
                (1, vec!["Sender address".into(), "Domain".into()]),
                (2, vec!["a@contoso.com".into(), "contoso, \"HQ\"".into()]),
                (3, vec!["b\nc".into(), "d".into()]),
                (6, vec!["e".into(), "f".into()]),
            ]
        );
        assert_eq!(rows("a,\"b\nc"), Err(UnclosedQuote { line: 1 }));
    }

    #[test]
    fn a_cell_reads_back_as_itself() {
        for value in ["plain", "a,b", "say \"hi\"", "two\nlines", "日本語"] {
            let written = cell(value);
            assert_eq!(
                rows(&written).unwrap()[0].1,
                vec![value.to_string()],
                "{written}"
            );
        }
        assert_eq!(cell("=1+1"), "'=1+1");
    }
}
