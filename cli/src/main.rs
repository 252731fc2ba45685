//! `authpilot`, the command line for auditors and managed-service providers (issues 26, 33): the
//! same core the extension runs — its log reader and chain rules, its import rules, its audit
//! reader and reconciliation, its report — over files, for any number of them at once
//! (docs/cli.md). Its own crate over the library: clap and indicatif are this crate's. Every
//! option is parsed here, once (clap); each command's rules are the core's, only the printing is
//! in `commands` and `status`.

#[macro_use]
extern crate authpilot;

mod commands;
mod output;
mod read;
mod reconcile;
mod status;

use std::io::Write;
use std::path::PathBuf;

use authpilot::core::time::{Date, Instant};
use clap::{Parser, Subcommand, ValueEnum};

use read::AuditArg;

/// mimalloc for the program's own allocations (see Cargo.toml): 100,000 entries' strings made
/// and freed on every core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3: the 16th option; the sys crate
/// names no constant for it). By default freed memory goes back to the system a second late;
/// `reconcile` streams a 200 MB export through buffers freed on other threads, and with the
/// delay its peak grew from 24 to 59 MiB — at once, it stays at ~30 (BENCHMARKS.md, issue 34).
/// Set only for the commands that stream audit exports (`Command::streams_audits`).
/// A test below checks that the number names the option whose default is 1000 (ms).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    let cli = Cli::parse();
    if cli.command.streams_audits() {
        // SAFETY: one call before any other thread exists (mimalloc's options are not
        // thread-safe), and before the memory it governs is freed.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    } else {
        // A whole log held at once is memory touched once: a transparent huge page is 2 MB
        // zeroed for what may be a few entries, and on this kind of machine (a VM whose host
        // reclaims memory) that zeroing was half of `verify`'s time (BENCHMARKS.md, issue 34).
        // Not for the streaming commands, which reuse the same few buffers. A refusal changes
        // nothing but speed.
        // SAFETY: prctl with integer arguments only; it sets a flag of this process.
        #[cfg(target_os = "linux")]
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0)
        };
    }
    let status = run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr());
    std::process::exit(status);
}

/// Exit statuses (docs/cli.md).
pub mod exit {
    /// Everything verified, merged, written; nothing unexplained.
    pub const OK: i32 = 0;
    /// A log does not verify (`verify`).
    pub const NOT_VERIFIED: i32 = 1;
    /// The command line itself is wrong (clap's own status).
    pub const USAGE: i32 = 2;
    /// A change is only in the tenant's record, after AuthPilot's log began (`reconcile`).
    pub const ONLY_IN_TENANT: i32 = 3;
    /// An input was refused: unreadable, malformed, a broken chain, a conflict.
    pub const BAD_INPUT: i32 = 4;
}

/// Why a command stopped: each kind its exit status, each with the words said on standard
/// error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// An input was refused (status 4).
    BadInput(String),
    /// A log does not verify (status 1).
    NotVerified(String),
    /// Standard output or a file could not be written (status 4).
    CannotWrite(String),
}

impl Failure {
    pub fn input(message: String) -> Failure {
        Failure::BadInput(message)
    }

    pub fn status(&self) -> i32 {
        match self {
            Failure::BadInput(_) | Failure::CannotWrite(_) => exit::BAD_INPUT,
            Failure::NotVerified(_) => exit::NOT_VERIFIED,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::BadInput(m) | Failure::NotVerified(m) | Failure::CannotWrite(m) => m,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::CannotWrite(format!("cannot write: {e}"))
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "authpilot",
    version,
    about = "Verify, merge, reconcile, report and track AuthPilot's action logs and the tenants' audit exports, without the extension."
)]
pub struct Cli {
    /// What every command prints: a table for people, CSV or JSON for programs.
    #[arg(long, value_enum, global = true, default_value = "table")]
    pub format: Format,
    /// The same as `--format json` (kept from the first version of the command line).
    #[arg(long, global = true, hide = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    En,
    Ja,
}

/// `--at`: a day (its last second, UTC: "as of 31 December 2026" includes that day) or an
/// instant. clap says a refusal with the option's name and exits with status 2.
pub fn parse_at(text: &str) -> Result<Instant, String> {
    if let Ok(day) = Date::parse(text.trim()) {
        return Ok(day.start().plus_seconds(24 * 3600 - 1));
    }
    Instant::parse_rfc3339(text.trim())
        .map_err(|_| "not a date (YYYY-MM-DD) or an RFC 3339 time".to_string())
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Each log's format version, entry count, head and verdict.
    Verify {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
    },
    /// The logs merged by the extension's import rules into one log; nothing written when
    /// any is refused.
    Merge {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
    },
    /// The log held against audit exports (`PATH` or `TENANT=PATH`), per tenant.
    Reconcile {
        log: PathBuf,
        #[arg(required = true, value_name = "AUDIT")]
        audits: Vec<AuditArg>,
        /// A listed sender (repeatable; default: every mailbox the log names).
        #[arg(long = "sender", value_name = "ADDRESS")]
        senders: Vec<String>,
    },
    /// The printable audit report, as the extension saves it.
    Report {
        log: PathBuf,
        #[arg(long = "audit", value_name = "AUDIT")]
        audits: Vec<AuditArg>,
        #[arg(long, value_enum, default_value = "en")]
        lang: Lang,
        /// Show the audit records' IP addresses.
        #[arg(long)]
        ip: bool,
        /// The tenant named at the top (the extension's is its managed policy's).
        #[arg(long)]
        tenant: Option<String>,
        /// A listed sender (repeatable; default: every mailbox the log names).
        #[arg(long = "sender", value_name = "ADDRESS")]
        senders: Vec<String>,
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: PathBuf,
    },
    /// Per tenant: the organisation switch, the authentication policy and each mailbox with
    /// SMTP AUTH on — since when and from which source.
    Status {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        #[arg(long = "audit", value_name = "AUDIT")]
        audits: Vec<AuditArg>,
        /// As of this day (its end, UTC) or instant (RFC 3339).
        #[arg(long, value_name = "DATE", value_parser = parse_at)]
        at: Option<Instant>,
        /// Every change over time instead of the latest state.
        #[arg(long)]
        history: bool,
    },
}

impl Command {
    /// Whether it streams audit exports through bounded memory (reconcile, and report and
    /// status given `--audit`): then freed memory goes back to the system at once, so the peak
    /// stays bounded. Not for the others, which hold whole logs and free them at the end:
    /// nothing is bounded by it there, and memory given back is zeroed again when taken.
    fn streams_audits(&self) -> bool {
        match self {
            Command::Verify { .. } | Command::Merge { .. } => false,
            Command::Reconcile { .. } => true,
            Command::Report { audits, .. } | Command::Status { audits, .. } => !audits.is_empty(),
        }
    }
}

/// Runs a parsed command line; what it prints goes to `out`, messages to `err`. Returns
/// the exit status.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let now = Instant::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0),
    );
    let format = if cli.json { Format::Json } else { cli.format };
    let result = match cli.command {
        Command::Verify { logs } => commands::verify(&logs, format, out),
        Command::Merge { logs, output } => commands::merge(&logs, &output, format, now, out),
        Command::Reconcile {
            log,
            audits,
            senders,
        } => reconcile::reconcile(&log, &audits, &senders, format, now, out),
        Command::Report {
            log,
            audits,
            lang,
            ip,
            tenant,
            senders,
            output,
        } => commands::report(
            &commands::ReportArgs {
                log: &log,
                audits: &audits,
                lang,
                ip,
                tenant,
                senders: &senders,
                output: &output,
            },
            format,
            now,
            out,
        ),
        Command::Status {
            logs,
            audits,
            at,
            history,
        } => status::status(&logs, &audits, format, at, history, now, out),
    };
    match result {
        Ok(status) => status,
        Err(failure) => {
            let _ = writeln!(err, "authpilot: {}", failure.message());
            failure.status()
        }
    }
}

#[cfg(test)]
mod tests {
    /// `PURGE_DELAY` is the purge delay, whose default in this mimalloc is 1000 ms (its
    /// `options.c`; the header's comment still says 10): no option near it has that default
    /// (the NUMA nodes' 0 after it).
    #[test]
    fn purge_delay_names_mimallocs_option() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return; // set from outside: the default is not what it reads
        }
        // SAFETY: reads an option; nothing sets options in this test binary.
        let read = |option| unsafe { libmimalloc_sys::mi_option_get(option) };
        assert_eq!(read(super::PURGE_DELAY), 1000);
        assert_eq!(read(super::PURGE_DELAY + 1), 0);
    }
}
