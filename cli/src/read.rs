//! Reading the command line's inputs with the core's own readers: an exported log
//! (`log::import::read_log`, then the chain's `verify`), and an audit export streamed through
//! `audit::read::AuditReader` in pieces, so its size is bounded only by the disk.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

pub use authpilot::core::audit::read::combine;
use authpilot::core::audit::read::{AuditFile, AuditReader, BadAudit, CsvRows};
use authpilot::core::csv::UnclosedQuote;
use authpilot::core::log::import::LogFile;
use authpilot::core::log::read_log_parallel;
use authpilot::core::log::{hashes_hold, verify_hashed, Entry};

use crate::Failure;

/// A log read and verified: its entries, in order.
pub struct VerifiedLog {
    pub path: PathBuf,
    pub file: LogFile,
}

/// The text of a file, or why it could not be read.
pub fn text_of(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::input(format!("{}: cannot be read: {e}", path.display())))
}

/// An exported log whose chain verifies; refused (as the popup refuses it) otherwise.
pub fn verified_log(path: &Path) -> Result<VerifiedLog, Failure> {
    let text = text_of(path)?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let file = read_log_parallel(&text, threads)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    verify_hashed(&file.entries, &hashes_hold(&file.entries, threads)).map_err(|b| {
        Failure::input(format!(
            "{}: {}",
            path.display(),
            t!("import_chain_broken", b.describe())
        ))
    })?;
    Ok(VerifiedLog {
        path: path.to_path_buf(),
        file,
    })
}

/// An audit export named on the command line: `PATH`, or `TENANT=PATH` to say whose it is.
#[derive(Debug, Clone)]
pub struct AuditArg {
    pub tenant: Option<String>,
    pub path: PathBuf,
}

impl std::str::FromStr for AuditArg {
    type Err = String;
    fn from_str(arg: &str) -> Result<AuditArg, String> {
        // A path may hold '=' itself: only a name before it that is not a path counts.
        match arg.split_once('=') {
            Some((tenant, path))
                if !tenant.is_empty() && !tenant.contains(['/', '\\']) && !path.is_empty() =>
            {
                Ok(AuditArg {
                    tenant: Some(tenant.to_string()),
                    path: PathBuf::from(path),
                })
            }
            _ => Ok(AuditArg {
                tenant: None,
                path: PathBuf::from(arg),
            }),
        }
    }
}

/// An audit file read, with the tenant it belongs to.
pub struct ReadAudit {
    pub path: PathBuf,
    pub tenant: String,
    pub file: AuditFile,
    pub rows: usize,
}

/// Files above this size show a progress bar while read (when standard error is a terminal).
const PROGRESS_FROM: u64 = 16 * 1024 * 1024;
const PIECE: usize = 1 << 20;

/// Rows split from the file, handed from the thread that reads and splits to the one that
/// reads records: their cells' text end to end, each cell's end, each row's line and width.
#[derive(Default)]
struct Batch {
    text: String,
    ends: Vec<usize>,
    rows: Vec<(usize, usize)>,
}

impl Batch {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
    }
}

const BATCH_ROWS: usize = 1024;

/// Streams an audit export through the core's readers, a megabyte at a time, on two threads:
/// one reads the file and splits it into rows (`CsvRows`), the other reads each row's record
/// (`AuditReader::take_row`), in the file's order — the same reading as one thread, about half
/// the time on two cores. Its tenant is the one named on the command line, else the one its
/// records name, else the file's name.
pub fn audit(arg: &AuditArg) -> Result<ReadAudit, Failure> {
    let shown = arg.path.display().to_string();
    let mut file = std::fs::File::open(&arg.path)
        .map_err(|e| Failure::input(format!("{shown}: cannot be read: {e}")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let refuse = |e: BadAudit| Failure::input(t!("audit_not_read", shown.clone(), e.describe()));
    let (send, receive) = std::sync::mpsc::sync_channel::<Result<Batch, Failure>>(4);
    // Batches read go back to the splitting thread, emptied, to be filled again: the same
    // memory all the way through a file of any size (a fresh batch each time was a page fault
    // per page of it, on both threads: issue 34).
    let (give_back, recycled) = std::sync::mpsc::channel::<Batch>();
    let mut reader = AuditReader::new();
    let read = std::thread::scope(|scope| {
        let shown = shown.clone();
        scope.spawn(move || {
            let failed = split(&mut file, size, &shown, &send, &recycled);
            if let Err(f) = failed {
                let _ = send.send(Err(f));
            }
        });
        for batch in receive {
            let mut batch = batch?;
            let (mut cell, mut start) = (0, 0);
            let mut cells: Vec<&str> = Vec::new();
            for &(line, width) in &batch.rows {
                cells.clear();
                for &end in &batch.ends[cell..cell + width] {
                    cells.push(&batch.text[start..end]);
                    start = end;
                }
                cell += width;
                reader.take_row(line, &cells).map_err(&refuse)?;
            }
            drop(cells);
            batch.clear();
            let _ = give_back.send(batch); // the splitting thread may have finished
        }
        Ok::<(), Failure>(())
    });
    // On a refusal the receiver is gone: the splitting thread stops at its next batch.
    read?;
    let rows = reader.rows_read;
    let file = reader.file().map_err(refuse)?;
    let tenant = arg
        .tenant
        .clone()
        .or_else(|| file.organization.clone())
        .unwrap_or_else(|| {
            arg.path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| shown.clone())
        });
    Ok(ReadAudit {
        path: arg.path.clone(),
        tenant,
        file,
        rows,
    })
}

/// Why the splitting thread stopped early.
enum Split {
    /// The reading thread refused a row (and says why): nothing more to split.
    Stopped,
    /// The file could not be read, or is not UTF-8.
    Refused(Failure),
    /// A quote the file never closes.
    Unclosed(UnclosedQuote),
}

impl From<Failure> for Split {
    fn from(f: Failure) -> Split {
        Split::Refused(f)
    }
}

impl From<UnclosedQuote> for Split {
    fn from(e: UnclosedQuote) -> Split {
        Split::Unclosed(e)
    }
}

/// The splitting thread: reads the file (UTF-8 checked across pieces), splits it into rows and
/// sends them in batches; a progress bar on standard error when it is a terminal and the file
/// is large.
fn split(
    file: &mut std::fs::File,
    size: u64,
    shown: &str,
    send: &std::sync::mpsc::SyncSender<Result<Batch, Failure>>,
    recycled: &std::sync::mpsc::Receiver<Batch>,
) -> Result<(), Failure> {
    let bar = (size >= PROGRESS_FROM && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(size);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message(shown.to_string());
        bar
    });
    let mut rows = CsvRows::new();
    let batch = std::cell::RefCell::new(Batch::default());
    let mut on_row = |line: usize, cells: &[String]| {
        let mut b = batch.borrow_mut();
        for c in cells {
            b.text.push_str(c);
            let end = b.text.len();
            b.ends.push(end);
        }
        b.rows.push((line, cells.len()));
        let next = || recycled.try_recv().unwrap_or_default();
        if b.rows.len() >= BATCH_ROWS && send.send(Ok(std::mem::replace(&mut *b, next()))).is_err()
        {
            return Err(Split::Stopped); // the reading thread refused a row: stop
        }
        Ok(())
    };
    let mut read_all = || -> Result<(), Split> {
        // Read straight after what the last piece left (a character cut in two).
        let mut carry: Vec<u8> = Vec::with_capacity(PIECE + 4);
        let mut offset: u64 = 0;
        loop {
            let n = (&mut *file)
                .take(PIECE as u64)
                .read_to_end(&mut carry)
                .map_err(|e| Failure::input(format!("{shown}: cannot be read: {e}")))?;
            if n == 0 {
                break;
            }
            let valid = match std::str::from_utf8(&carry) {
                Ok(_) => carry.len(),
                Err(e) if e.error_len().is_none() => e.valid_up_to(), // a character cut in two
                Err(e) => {
                    return Err(Split::Refused(Failure::input(format!(
                        "{shown}: not UTF-8 text (byte {})",
                        offset + e.valid_up_to() as u64
                    ))))
                }
            };
            let text = std::str::from_utf8(&carry[..valid]).expect("checked");
            rows.feed(text, &mut on_row)?;
            offset += valid as u64;
            carry.drain(..valid);
            if let Some(bar) = &bar {
                bar.set_position(offset);
            }
        }
        if !carry.is_empty() {
            return Err(Split::Refused(Failure::input(format!(
                "{shown}: not UTF-8 text (it ends inside a character)"
            ))));
        }
        rows.finish(&mut on_row)
    };
    let result = read_all();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // The rows before a refusal are read first, as one thread reads them: a bad row before
    // a broken quote is what is said.
    let rest = batch.take();
    if !rest.rows.is_empty() && send.send(Ok(rest)).is_err() {
        return Ok(());
    }
    match result {
        Ok(()) | Err(Split::Stopped) => Ok(()), // stopped: the reading thread says why
        Err(Split::Refused(f)) => Err(f),
        Err(Split::Unclosed(e)) => Err(Failure::input(t!(
            "audit_not_read",
            shown.to_string(),
            BadAudit::from(e).describe()
        ))),
    }
}

/// The tenant an entry is about, by the name it carries (compared without case).
pub fn tenant_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Which tenant each entry belongs to: the one it names; an entry naming none belongs to the
/// only tenant there is, when there is one, and to "(no tenant named)" otherwise.
pub fn entry_tenant(entry: &Entry, known: &[String]) -> String {
    match entry.tenant.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => tenant_key(t),
        None if known.len() == 1 => known[0].clone(),
        None => NO_TENANT.to_string(),
    }
}

pub const NO_TENANT: &str = "(no tenant named)";
