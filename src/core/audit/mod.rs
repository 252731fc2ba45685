//! The tenant's own record (issue 21): reading a Microsoft 365 unified audit log export and
//! holding AuthPilot's log against it. The file is read where its result is shown and never
//! stored, sent or logged.

pub mod read;
pub mod reconcile;

use crate::core::log::Entry;
use crate::core::time::Instant;

/// An audit file read and held against the log, for as long as the page that read it is open
/// (the popup's Audit section, the report page, `authpilot report`).
#[derive(Debug, Clone)]
pub struct AuditResult {
    pub name: String,
    pub file: read::AuditFile,
    pub reconciliation: reconcile::Reconciliation,
}

/// Reads the audit file `name` (its `text`) and holds `entries` — the verified chain — against
/// it: one rule for every page that reads one. The problem, in words the admin can act on, when
/// the file is not an audit export.
pub fn held_against(
    name: String,
    text: &str,
    entries: &[Entry],
    senders: &[String],
    now: Instant,
) -> Result<AuditResult, String> {
    let file = read::read_audit(text).map_err(|e| t!("audit_not_read", name, e.describe()))?;
    Ok(AuditResult {
        reconciliation: reconcile::reconcile(entries, &file, senders, now),
        name,
        file,
    })
}

/// The PowerShell that exports the last 30 days of SMTP AUTH changes in a form AuthPilot reads
/// (Exchange Online PowerShell; at most 5,000 records a call, audit-log.md).
pub const EXPORT_COMMAND: &str = "Search-UnifiedAuditLog -StartDate (Get-Date).AddDays(-30) -EndDate (Get-Date) -RecordType ExchangeAdmin -Operations Set-TransportConfig,Set-CASMailbox,Set-AuthenticationPolicy,New-AuthenticationPolicy -ResultSize 5000 | Export-Csv -Path .\\smtp-auth-audit.csv -NoTypeInformation -Encoding UTF8";
