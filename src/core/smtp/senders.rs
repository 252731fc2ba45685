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

/// Reads a list of senders: typed or pasted one per line, or the Exchange admin center's SMTP
/// AUTH clients report exported as CSV (the "Sender address" column, found by its header).
/// Addresses are lower-cased, blank lines skipped, repeats kept once, in the order given.
/// The first bad address refuses the whole list (nothing is half-applied).
pub fn parse_senders(text: &str) -> Result<Vec<String>, BadSender> {
    let text = text.trim_start_matches('\u{feff}');
    // The clients report's CSV, read by the one CSV reader (quoted cells may hold commas and
    // line breaks): its "Sender address" column, found by its header.
    let is_sender = |f: &str| {
        let f = f.trim().to_lowercase();
        f == "sender address" || f == "senderaddress" || f == "sender"
    };
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let as_csv = first.and_then(|header| {
        let rows = crate::core::csv::rows(text).ok()?;
        let (_, cells) = rows
            .iter()
            .find(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))?;
        let column = cells.iter().position(|c| is_sender(c))?;
        header.contains(',').then_some(())?;
        Some((rows, column))
    });
    let candidates: Vec<(usize, String)> = match as_csv {
        Some((rows, column)) => rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .skip(1)
            .map(|(line, cells)| (line, cells.get(column).map_or("", |c| c.trim()).to_string()))
            .collect(),
        // Typed or pasted, one per line.
        None => text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty())
            .map(|(line, l)| {
                (
                    line,
                    l.trim_matches(|c| c == ',' || c == ';').trim().to_string(),
                )
            })
            .collect(),
    };
    let lines = candidates.last().map_or(0, |(line, _)| *line);
    let mut out: Vec<String> = Vec::new();
    for (line, candidate) in candidates {
        let address = candidate.to_lowercase();
        if !valid_address(&address) {
            return Err(BadSender {
                line,
                text: candidate.chars().take(80).collect(),
            });
        }
        if !out.contains(&address) {
            out.push(address);
        }
    }
    if out.len() > MAX_SENDERS {
        return Err(BadSender {
            line: lines,
            text: t!("smtp_too_many_senders", MAX_SENDERS),
        });
    }
    Ok(out)
}
