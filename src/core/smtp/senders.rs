//! The senders an organisation lists: typed, pasted, or the SMTP AUTH clients report's CSV.

/// How many senders AuthPilot keeps (a longer list is refused, not cut).
pub const MAX_SENDERS: usize = 500;

pub use crate::core::address::valid_address;

/// A sender address that was refused: where, and what was there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadSender {
    pub line: usize,
    pub text: String,
}

impl BadSender {
    pub fn describe(&self) -> String {
        t!("smtp_bad_sender", self.line, self.text)
    }
}

/// One CSV line's fields (RFC 4180 quotes: `"a, b"`, `""` inside quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("one field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("one field").push(c),
        }
    }
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

/// Reads a list of senders: typed or pasted one per line, or the Exchange admin center's SMTP
/// AUTH clients report exported as CSV (the "Sender address" column, found by its header).
/// Addresses are lower-cased, blank lines skipped, repeats kept once, in the order given.
/// The first bad address refuses the whole list (nothing is half-applied).
pub fn parse_senders(text: &str) -> Result<Vec<String>, BadSender> {
    let text = text.trim_start_matches('\u{feff}');
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    let column = lines.first().and_then(|(_, header)| {
        csv_fields(header).iter().position(|f| {
            let f = f.to_lowercase();
            f == "sender address" || f == "senderaddress" || f == "sender"
        })
    });
    let mut out: Vec<String> = Vec::new();
    let rows = match column {
        Some(_) => &lines[1..],
        None => &lines[..],
    };
    for (line, row) in rows {
        let candidate = match column {
            Some(c) => csv_fields(row).get(c).cloned().unwrap_or_default(),
            None => row
                .trim_matches(|c| c == ',' || c == ';')
                .trim()
                .to_string(),
        };
        let address = candidate.to_lowercase();
        if !valid_address(&address) {
            return Err(BadSender {
                line: *line,
                text: candidate.chars().take(80).collect(),
            });
        }
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > MAX_SENDERS {
        return Err(BadSender {
            line: lines.len(),
            text: t!("smtp_too_many_senders", MAX_SENDERS),
        });
    }
    Ok(out)
}
