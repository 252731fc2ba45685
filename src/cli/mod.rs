//! `authpilot`, the command line for auditors and managed-service providers (issue 26): the
//! same core the extension runs — its log reader and chain rules, its import rules, its audit
//! reader and reconciliation, its report — over files, for any number of them at once
//! (docs/cli.md). Native only: it never reaches the wasm build.

pub mod commands;
pub mod read;
pub mod status;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use read::AuditArg;

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

/// Why a command stopped, and with which status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub message: String,
    pub status: i32,
}

impl Failure {
    pub fn input(message: String) -> Failure {
        Failure {
            message,
            status: exit::BAD_INPUT,
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "authpilot",
    version,
    about = "Verify, merge, reconcile, report and track AuthPilot's action logs and the tenants' audit exports, without the extension."
)]
pub struct Cli {
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Each log's format version, entry count, head and verdict.
    Verify {
        #[arg(required = true)]
        logs: Vec<PathBuf>,
        /// One JSON object per file instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The logs merged by the extension's import rules into one log; nothing written when any
    /// is refused.
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
        #[arg(long)]
        json: bool,
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
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// As of this day (its end, UTC) or instant (RFC 3339).
        #[arg(long, value_name = "DATE")]
        at: Option<String>,
        /// Every change over time instead of the latest state.
        #[arg(long)]
        history: bool,
    },
}

/// Runs a parsed command line; what it prints goes to `out`, messages to `err`. Returns the
/// exit status.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let now = crate::core::time::Instant::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as f64)
            .unwrap_or(0.0),
    );
    let result = match cli.command {
        Command::Verify { logs, json } => commands::verify(&logs, json, out),
        Command::Merge { logs, output } => commands::merge(&logs, &output, now, out),
        Command::Reconcile {
            log,
            audits,
            json,
            senders,
        } => commands::reconcile(&log, &audits, &senders, json, now, out),
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
            now,
            out,
        ),
        Command::Status {
            logs,
            audits,
            format,
            at,
            history,
        } => status::status(&logs, &audits, format, at.as_deref(), history, now, out),
    };
    match result {
        Ok(status) => status,
        Err(failure) => {
            let _ = writeln!(err, "authpilot: {}", failure.message);
            failure.status
        }
    }
}
