//! What the command line's process tests share: running `authpilot`, a scratch folder per test,
//! logs made by the core's own chain and export, Purview audit exports with its quoting, and
//! three tenants' files.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;
use std::process::Command;

use authpilot::core::log::{chain_all, export, Draft, Head};
use authpilot::core::time::Instant;
use serde_json::{json, Value};

pub const BIN: &str = env!("CARGO_BIN_EXE_authpilot");

pub struct Run {
    pub status: i32,
    pub out: String,
    pub err: String,
}

pub fn run(args: &[&str]) -> Run {
    let o = Command::new(BIN)
        .args(args)
        .output()
        .expect("authpilot runs");
    Run {
        status: o.status.code().expect("an exit status"),
        out: String::from_utf8(o.stdout).unwrap(),
        err: String::from_utf8(o.stderr).unwrap(),
    }
}

/// A scratch folder of its own per test, removed at the end.
pub struct Dir(pub PathBuf);

impl Dir {
    pub fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("authpilot-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }
    pub fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    }
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// An SMTP AUTH entry as the extension records a switch it saw saved.
pub fn smtp(n: u32, at: &str, tenant: &str, mailbox: Option<&str>, action: &str) -> Draft {
    serde_json::from_value(json!({
        "id": id(n), "at": at, "protocol": "SMTP",
        "scope": if mailbox.is_some() { "mailbox" } else { "organization" },
        "mailbox": mailbox, "action": action, "outcome": "succeeded", "source": "observed",
        "host": "admin.exchange.microsoft.com", "cloud": "worldwide", "tenant": tenant,
    }))
    .unwrap()
}

pub fn log_text(drafts: Vec<Draft>) -> String {
    let entries = chain_all(&Head::default(), drafts);
    export::to_json(
        &entries,
        Instant::parse_rfc3339("2026-12-03T12:00:00Z").unwrap(),
    )
}

pub fn csv_cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A Purview audit export (the current portal's columns) of these records.
pub fn purview(records: &[Value]) -> String {
    let mut text = String::from("RecordId,CreationDate,RecordType,Operation,UserId,AuditData\n");
    for r in records {
        text += &format!(
            "{},{},ExchangeAdmin,{},{},{}\n",
            r["Id"].as_str().unwrap(),
            r["CreationTime"].as_str().unwrap(),
            r["Operation"].as_str().unwrap(),
            r["UserId"].as_str().unwrap(),
            csv_cell(&r.to_string())
        );
    }
    text
}

/// `Set-CASMailbox -SmtpClientAuthenticationDisabled` (`$false`: SMTP AUTH on for it).
pub fn cas(id: &str, at: &str, org: &str, mailbox: &str, on: bool, user: &str) -> Value {
    json!({"Id": id, "CreationTime": at, "Operation": "Set-CASMailbox", "UserId": user,
           "AppId": "fb78d390-0c51-40cd-8e17-fdbfab77341b", "OrganizationName": org,
           "ResultStatus": "True",
           "Parameters": [{"Name": "Identity", "Value": mailbox},
                          {"Name": "SmtpClientAuthenticationDisabled", "Value": if on { "False" } else { "True" }}]})
}

pub fn transport(id: &str, at: &str, org: &str, off: bool) -> Value {
    json!({"Id": id, "CreationTime": at, "Operation": "Set-TransportConfig", "UserId": "admin@".to_string() + org,
           "AppId": "497effe9-df71-4043-a8bb-14cf78c4b63b", "OrganizationName": org, "ResultStatus": "True",
           "Parameters": [{"Name": "SmtpClientAuthenticationDisabled", "Value": if off { "True" } else { "False" }}]})
}

pub fn unrelated(id: &str, at: &str, org: &str) -> Value {
    json!({"Id": id, "CreationTime": at, "Operation": "MailItemsAccessed", "UserId": "x@".to_string() + org,
           "OrganizationName": org})
}

pub fn three_tenants(d: &Dir) -> (String, Vec<String>) {
    let log = d.write(
        "technician.json",
        &log_text(vec![
            smtp(
                1,
                "2026-11-20T09:00:00Z",
                "contoso.onmicrosoft.com",
                None,
                "turn-off",
            ),
            smtp(
                2,
                "2026-11-20T09:10:00Z",
                "contoso.onmicrosoft.com",
                Some("scanner@contoso.com"),
                "turn-on",
            ),
            smtp(
                3,
                "2026-11-21T14:00:00Z",
                "fabrikam.onmicrosoft.com",
                Some("printer@fabrikam.com"),
                "turn-on",
            ),
            smtp(
                4,
                "2026-12-10T08:00:00Z",
                "fabrikam.onmicrosoft.com",
                Some("printer@fabrikam.com"),
                "turn-off",
            ),
            smtp(
                5,
                "2026-11-22T10:00:00Z",
                "northwind.onmicrosoft.com",
                None,
                "turn-off",
            ),
        ]),
    );
    let contoso = d.write(
        "contoso.csv",
        &purview(&[
            unrelated("u1", "2026-11-19T08:00:00Z", "contoso.onmicrosoft.com"),
            transport(
                "c1",
                "2026-11-20T09:00:30Z",
                "contoso.onmicrosoft.com",
                true,
            ),
            cas(
                "c2",
                "2026-11-20T09:11:00Z",
                "contoso.onmicrosoft.com",
                "scanner@contoso.com",
                true,
                "it@contoso.com",
            ),
            unrelated("u2", "2026-11-25T08:00:00Z", "contoso.onmicrosoft.com"),
        ]),
    );
    let fabrikam = d.write(
        "fabrikam.csv",
        &purview(&[
            cas(
                "f1",
                "2026-11-21T14:01:00Z",
                "fabrikam.onmicrosoft.com",
                "printer@fabrikam.com",
                true,
                "msp@fabrikam.com",
            ),
            cas(
                "f2",
                "2026-12-10T08:00:40Z",
                "fabrikam.onmicrosoft.com",
                "printer@fabrikam.com",
                false,
                "msp@fabrikam.com",
            ),
        ]),
    );
    // Northwind: a mailbox turned on behind AuthPilot's back, after its log began.
    let northwind = d.write(
        "northwind.csv",
        &purview(&[
            transport(
                "n1",
                "2026-11-22T10:00:10Z",
                "northwind.onmicrosoft.com",
                true,
            ),
            cas(
                "n2",
                "2026-11-28T16:00:00Z",
                "northwind.onmicrosoft.com",
                "fax@northwind.com",
                true,
                "someone@northwind.com",
            ),
        ]),
    );
    (log, vec![contoso, fabrikam, northwind])
}
