//! The tenant's own record (issue 21): reading a Microsoft 365 unified audit log export and
//! holding AuthPilot's log against it. The file is read where its result is shown and never
//! stored, sent or logged.

pub mod read;
pub mod reconcile;

/// The PowerShell that exports the last 30 days of SMTP AUTH changes in a form AuthPilot reads
/// (Exchange Online PowerShell; at most 5,000 records a call, audit-log.md).
pub const EXPORT_COMMAND: &str = "Search-UnifiedAuditLog -StartDate (Get-Date).AddDays(-30) -EndDate (Get-Date) -RecordType ExchangeAdmin -Operations Set-TransportConfig,Set-CASMailbox,Set-AuthenticationPolicy,New-AuthenticationPolicy -ResultSize 5000 | Export-Csv -Path .\\smtp-auth-audit.csv -NoTypeInformation -Encoding UTF8";
