//! Reading a tenant's audit export (docs/reconcile.md, shared/docs/audit-log.md): the current
//! Purview CSV, the classic one, and `Search-UnifiedAuditLog … | Export-Csv`, with or without
//! a byte-order mark, CRLF or LF. Every form has an `AuditData` column holding one JSON object;
//! only SMTP AUTH changes are kept, everything else is counted and skipped. A file that cannot
//! be read is refused with the line and what is wrong: nothing is half-read.

use serde_json::Value;

use crate::core::address::valid_address;
use crate::core::log::{Action, Scope};
use crate::core::time::{Date, Instant};

/// The largest audit file read (a Purview export holds at most 50,000 rows; its AuditData
/// cells run to about 2 KB each).
pub const MAX_AUDIT_BYTES: usize = 120 * 1024 * 1024;

/// Which export a file is, told by its header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Purview, current portal: `RecordId,CreationDate,RecordType,Operation,UserId,AuditData,…`.
    Purview,
    /// The classic compliance portal: `CreationDate,UserIds,Operations,AuditData`.
    Classic,
    /// `Search-UnifiedAuditLog | Export-Csv` (its properties, or a selection of them).
    PowerShell,
}

/// The tool a change was made with, from the record's `AppId` (audit-log.md); its id
/// (`Tool::id`) names it in the command line's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
pub enum Tool {
    ExchangeAdminCenter,
    #[strum(serialize = "powershell")]
    PowerShell,
    Unknown,
}

impl Tool {
    pub fn id(self) -> &'static str {
        self.into()
    }
}

/// What a record's change targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordTarget {
    Organization,
    /// An authentication policy, by the name the record gives.
    Policy(String),
    /// A mailbox whose address the record names (lower case).
    Mailbox(String),
    /// A mailbox named some other way (a GUID, a display name, a directory path): never
    /// guessed.
    Unknown(String),
}

/// One SMTP AUTH change in the tenant's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The line of the file it was read from (1 = the header).
    pub line: usize,
    pub id: String,
    pub at: Instant,
    pub operation: String,
    pub user: String,
    pub tool: Tool,
    pub app_id: Option<String>,
    pub external_access: bool,
    /// `ResultStatus`: false when the cmdlet failed.
    pub succeeded: bool,
    pub client_ip: Option<String>,
    pub target: RecordTarget,
    /// On, off or follow the organisation (`Action::TurnOn` / `TurnOff` / `FollowOrganization`).
    pub action: Action,
}

impl Record {
    pub fn scope(&self) -> Scope {
        match self.target {
            RecordTarget::Organization => Scope::Organization,
            RecordTarget::Policy(_) => Scope::AuthenticationPolicy,
            RecordTarget::Mailbox(_) | RecordTarget::Unknown(_) => Scope::Mailbox,
        }
    }
}

/// A file read: its form, the SMTP AUTH changes, and how many other records it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFile {
    pub form: Form,
    pub records: Vec<Record>,
    pub skipped: usize,
    /// The earliest and latest time of any record in the file (SMTP AUTH or not).
    pub span: Option<(Instant, Instant)>,
    /// The tenant the records belong to, as they name it (`OrganizationName`, else
    /// `OrganizationId`), if any does.
    pub organization: Option<String>,
}

/// Why a file was refused: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadAudit {
    pub line: Option<usize>,
    pub reason: String,
}

impl BadAudit {
    fn at(line: usize, reason: String) -> BadAudit {
        BadAudit {
            line: Some(line),
            reason,
        }
    }
    pub fn describe(&self) -> String {
        match self.line {
            Some(line) => t!("audit_bad_line", line, self.reason),
            None => self.reason.clone(),
        }
    }
}

impl From<crate::core::csv::UnclosedQuote> for BadAudit {
    fn from(u: crate::core::csv::UnclosedQuote) -> BadAudit {
        BadAudit::at(u.line, t!("audit_unclosed_quote"))
    }
}

/// The CSV splitter, fed in pieces (`core::csv`, the one CSV reader: the popup's, the
/// senders' list and the command line's).
pub use crate::core::csv::CsvRows;

const EAC_APP: &str = "497effe9-df71-4043-a8bb-14cf78c4b63b";
const POWERSHELL_APP: &str = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

/// `CreationDate` as a cell writes it: ISO (`2026-01-24T06:54:24.0000000Z`, maybe with a
/// trailing space, maybe without a zone: UTC) or US (`9/20/2023 4:05:03 AM`, UTC).
pub fn parse_audit_time(text: &str) -> Option<Instant> {
    let t = text.trim();
    if let Some((date, time)) = t.split_once('T') {
        let date = Date::parse(date).ok()?;
        let time = time.trim_end_matches('Z');
        let time = time.split('.').next()?;
        return Some(date.start().plus_seconds(seconds_of(time)?));
    }
    // US: M/D/YYYY h:mm:ss AM|PM
    let mut parts = t.split_whitespace();
    let (date, time, half) = (parts.next()?, parts.next()?, parts.next());
    let mut d = date.split('/').map(|p| p.parse::<i64>().ok());
    let (month, day, year) = (d.next()??, d.next()??, d.next()??);
    let date = Date::new(year as i32, month as u8, day as u8).ok()?;
    let mut seconds = seconds_of(time)?;
    let hour = seconds / 3600;
    match half.map(|h| h.to_ascii_uppercase()) {
        Some(h) if h == "PM" && hour < 12 => seconds += 12 * 3600,
        Some(h) if h == "AM" && hour == 12 => seconds -= 12 * 3600,
        Some(h) if h != "AM" && h != "PM" => return None,
        _ => {}
    }
    Some(date.start().plus_seconds(seconds))
}

fn seconds_of(time: &str) -> Option<i64> {
    let mut p = time.split(':').map(|x| x.parse::<i64>().ok());
    let (h, m, s) = (p.next()??, p.next()??, p.next().unwrap_or(Some(0))?);
    ((0..24).contains(&h) && (0..60).contains(&m) && (0..61).contains(&s))
        .then_some(h * 3600 + m * 60 + s)
}

fn parameter<'a>(data: &'a Value, name: &str) -> Option<&'a str> {
    data.get("Parameters")?
        .as_array()?
        .iter()
        .find(|p| {
            p.get("Name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .map(|p| p.get("Value").and_then(Value::as_str).unwrap_or(""))
}

fn truthy(value: &str) -> Option<bool> {
    match value
        .trim()
        .trim_start_matches('$')
        .to_ascii_lowercase()
        .as_str()
    {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The SMTP AUTH change a record makes, if it makes one: target and direction.
fn smtp_change(operation: &str, data: &Value) -> Option<(RecordTarget, Action)> {
    let identity = parameter(data, "Identity")
        .filter(|i| !i.is_empty())
        .or_else(|| data.get("ObjectId").and_then(Value::as_str))
        .unwrap_or("")
        .trim()
        .to_string();
    let op = operation.to_ascii_lowercase();
    if op == "set-transportconfig" {
        let off = truthy(parameter(data, "SmtpClientAuthenticationDisabled")?)?;
        return Some((
            RecordTarget::Organization,
            if off { Action::TurnOff } else { Action::TurnOn },
        ));
    }
    if op == "set-casmailbox" {
        let value = parameter(data, "SmtpClientAuthenticationDisabled")?;
        let action = match truthy(value) {
            Some(true) => Action::TurnOff,
            Some(false) => Action::TurnOn,
            // Empty or `$null`: the mailbox follows the organisation.
            None if value.trim().is_empty() || value.trim().eq_ignore_ascii_case("$null") => {
                Action::FollowOrganization
            }
            None => return None,
        };
        let lower = identity.to_lowercase();
        let target = if valid_address(&lower) {
            RecordTarget::Mailbox(lower)
        } else {
            RecordTarget::Unknown(identity)
        };
        return Some((target, action));
    }
    if op == "set-authenticationpolicy" || op == "new-authenticationpolicy" {
        let allowed = truthy(parameter(data, "AllowBasicAuthSmtp")?)?;
        let name = parameter(data, "Name")
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .unwrap_or(identity);
        return Some((
            RecordTarget::Policy(name),
            if allowed {
                Action::TurnOn
            } else {
                Action::TurnOff
            },
        ));
    }
    None
}

/// The cmdlets whose records can change SMTP AUTH (`smtp_change` reads only these).
const SMTP_OPERATIONS: [&str; 4] = [
    "set-transportconfig",
    "set-casmailbox",
    "set-authenticationpolicy",
    "new-authenticationpolicy",
];

/// What a record is, read without building it: enough for a record that changes nothing here.
#[derive(serde::Deserialize)]
struct Peek<'a> {
    #[serde(rename = "CreationTime", borrow, default)]
    creation: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "Operation", borrow, default)]
    operation: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "OrganizationName", borrow, default)]
    organization_name: Option<std::borrow::Cow<'a, str>>,
    #[serde(rename = "OrganizationId", borrow, default)]
    organization_id: Option<std::borrow::Cow<'a, str>>,
}

/// The columns a file's header row names.
#[derive(Debug, Clone)]
struct Header {
    form: Form,
    audit_data: usize,
    created: Option<usize>,
    width: usize,
}

impl Header {
    fn read<S: AsRef<str>>(header: &[S]) -> Result<Header, BadAudit> {
        let col = |name: &str| {
            header.iter().position(|h| {
                h.as_ref()
                    .trim()
                    .trim_matches('"')
                    .eq_ignore_ascii_case(name)
            })
        };
        let audit_data =
            col("AuditData").ok_or_else(|| BadAudit::at(1, t!("audit_no_auditdata")))?;
        let form = if col("RecordId").is_some() && col("Operation").is_some() {
            Form::Purview
        } else if col("RunspaceId").is_some()
            || col("ResultIndex").is_some()
            || col("RecordType").is_some()
        {
            Form::PowerShell
        } else {
            Form::Classic
        };
        Ok(Header {
            form,
            audit_data,
            created: col("CreationDate"),
            width: header.len(),
        })
    }
}

/// An audit export read as it comes (`feed` any number of pieces, then `finish`): only its SMTP
/// AUTH changes are kept, every other record counted, so memory stays bounded whatever the
/// file's size. The popup reads a whole text through `read_audit`; the command line streams a
/// file of any size through this.
#[derive(Debug)]
pub struct AuditReader {
    rows: CsvRows,
    header: Option<Header>,
    records: Vec<Record>,
    skipped: usize,
    span: Option<(Instant, Instant)>,
    organization: Option<String>,
    /// Rows read (the header included).
    pub rows_read: usize,
}

impl Default for AuditReader {
    fn default() -> AuditReader {
        AuditReader::new()
    }
}

impl AuditReader {
    pub fn new() -> AuditReader {
        AuditReader {
            rows: CsvRows::new(),
            header: None,
            records: Vec::new(),
            skipped: 0,
            span: None,
            organization: None,
            rows_read: 0,
        }
    }

    /// The next piece of the file's text (pieces may split a row, a cell or a character's
    /// neighbours anywhere).
    pub fn feed(&mut self, piece: &str) -> Result<(), BadAudit> {
        let mut rows = std::mem::take(&mut self.rows);
        let result = rows.feed(piece, &mut |line, row| self.row(line, row));
        self.rows = rows;
        result
    }

    /// The end of the file: the last row, then what was read.
    pub fn finish(mut self) -> Result<AuditFile, BadAudit> {
        let mut rows = std::mem::take(&mut self.rows);
        rows.finish(&mut |line, row| self.row(line, row))?;
        self.file()
    }

    /// One row, split by the caller (`CsvRows`, perhaps on another thread), in the file's
    /// order: the first is the header.
    pub fn take_row<S: AsRef<str>>(&mut self, line: usize, row: &[S]) -> Result<(), BadAudit> {
        self.row(line, row)
    }

    /// What was read, once every row was taken (`take_row`).
    pub fn file(self) -> Result<AuditFile, BadAudit> {
        let Some(header) = self.header else {
            return Err(BadAudit {
                line: None,
                reason: t!("audit_empty"),
            });
        };
        let mut records = self.records;
        records.sort_by_key(|r| r.at);
        Ok(AuditFile {
            form: header.form,
            records,
            skipped: self.skipped,
            span: self.span,
            organization: self.organization,
        })
    }

    fn row<S: AsRef<str>>(&mut self, line: usize, row: &[S]) -> Result<(), BadAudit> {
        self.rows_read += 1;
        let Some(header) = &self.header else {
            self.header = Some(Header::read(row)?);
            return Ok(());
        };
        let cell = row
            .get(header.audit_data)
            .map(AsRef::as_ref)
            .ok_or_else(|| BadAudit::at(line, t!("audit_short_row", row.len(), header.width)))?;
        // Most records are not SMTP AUTH changes: their time, tenant and operation are read
        // without building the whole object (still checked to be JSON); only an SMTP AUTH
        // cmdlet's record is read whole. Anything the quick reading refuses is read the slow
        // way, which says what is wrong.
        if let Ok(peek) = serde_json::from_str::<Peek>(cell) {
            let op = peek.operation.as_deref().unwrap_or("");
            if !SMTP_OPERATIONS.iter().any(|o| o.eq_ignore_ascii_case(op)) {
                let at = peek
                    .creation
                    .as_deref()
                    .and_then(parse_audit_time)
                    .or_else(|| {
                        header
                            .created
                            .and_then(|c| row.get(c))
                            .and_then(|c| parse_audit_time(c.as_ref()))
                    })
                    .ok_or_else(|| BadAudit::at(line, t!("audit_bad_time")))?;
                self.span = Some(self.span.map_or((at, at), |(a, b)| (a.min(at), b.max(at))));
                if self.organization.is_none() {
                    self.organization = [peek.organization_name, peek.organization_id]
                        .into_iter()
                        .flatten()
                        .find(|o| !o.trim().is_empty())
                        .map(|o| o.trim().to_string());
                }
                self.skipped += 1;
                return Ok(());
            }
        }
        let data: Value =
            serde_json::from_str(cell).map_err(|e| BadAudit::at(line, t!("audit_bad_json", e)))?;
        if !data.is_object() {
            return Err(BadAudit::at(line, t!("audit_bad_json", "not an object")));
        }
        let at = data
            .get("CreationTime")
            .and_then(Value::as_str)
            .and_then(parse_audit_time)
            .or_else(|| {
                header
                    .created
                    .and_then(|c| row.get(c))
                    .and_then(|c| parse_audit_time(c.as_ref()))
            })
            .ok_or_else(|| BadAudit::at(line, t!("audit_bad_time")))?;
        self.span = Some(self.span.map_or((at, at), |(a, b)| (a.min(at), b.max(at))));
        if self.organization.is_none() {
            self.organization = ["OrganizationName", "OrganizationId"]
                .iter()
                .find_map(|k| data.get(*k).and_then(Value::as_str))
                .filter(|o| !o.trim().is_empty())
                .map(|o| o.trim().to_string());
        }
        let operation = data
            .get("Operation")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some((target, action)) = smtp_change(&operation, &data) else {
            self.skipped += 1;
            return Ok(());
        };
        let text_of = |k: &str| data.get(k).and_then(Value::as_str).map(str::to_string);
        let app_id = text_of("AppId")
            .or_else(|| text_of("ClientAppId"))
            .filter(|a| !a.is_empty());
        let tool = match app_id.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some(EAC_APP) => Tool::ExchangeAdminCenter,
            Some(POWERSHELL_APP) => Tool::PowerShell,
            _ => Tool::Unknown,
        };
        self.records.push(Record {
            line,
            id: text_of("Id").unwrap_or_default(),
            at,
            operation,
            user: text_of("UserId").unwrap_or_default(),
            tool,
            app_id,
            external_access: data.get("ExternalAccess").and_then(Value::as_bool).unwrap_or(false),
            succeeded: !matches!(data.get("ResultStatus").and_then(Value::as_str), Some(s) if s.eq_ignore_ascii_case("false")),
            client_ip: text_of("ClientIP").filter(|c| !c.is_empty()),
            target,
            action,
        });
        Ok(())
    }
}

/// Whether a picked file of `size` bytes is read at all (before its text is loaded): the one
/// size rule, in the admin's words with the file's name when refused.
pub fn check_size(name: &str, size: usize) -> Result<(), String> {
    if size > MAX_AUDIT_BYTES {
        let too_large = t!("audit_too_large", MAX_AUDIT_BYTES / (1024 * 1024));
        return Err(t!("audit_not_read", name, too_large));
    }
    Ok(())
}

/// Reads an audit export. Refused (nothing read) when it is not one of the forms, when a row
/// has no readable `AuditData`, or when a record's time cannot be read.
pub fn read_audit(text: &str) -> Result<AuditFile, BadAudit> {
    if text.len() > MAX_AUDIT_BYTES {
        return Err(BadAudit {
            line: None,
            reason: t!("audit_too_large", MAX_AUDIT_BYTES / (1024 * 1024)),
        });
    }
    let mut reader = AuditReader::new();
    reader.feed(text)?;
    reader.finish()
}

/// Several audit files of one tenant as one: their records together (a record in two files
/// once), the span of both.
pub fn combine(files: &[&AuditFile]) -> AuditFile {
    let mut seen = std::collections::HashSet::new();
    let mut records = Vec::new();
    for f in files {
        for r in &f.records {
            if r.id.is_empty() || seen.insert(r.id.clone()) {
                records.push(r.clone());
            }
        }
    }
    records.sort_by_key(|r| r.at);
    let span = files
        .iter()
        .filter_map(|f| f.span)
        .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
    AuditFile {
        form: files.first().map_or(Form::Purview, |f| f.form),
        records,
        skipped: files.iter().map(|f| f.skipped).sum(),
        span,
        organization: files.iter().find_map(|f| f.organization.clone()),
    }
}
