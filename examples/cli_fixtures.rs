//! The command line's benchmark inputs (`make bench`, BENCH_ONLY=cli; BENCHMARKS.md "Issue 26"),
//! made with the core's own chain and export: a 10,000-entry SMTP AUTH log, a 100,000-entry log,
//! and an audit export of about the size asked (200 MB by default) in Purview's form — mostly
//! unrelated records (mail access, sign-ins), with a few thousand SMTP AUTH changes, a third of
//! them matching the log's entries.
//!
//! `cargo run --profile cli --example cli_fixtures -- DIR [MEGABYTES]`

use std::io::Write;

use authpilot::core::log::{chain_all, export, Draft, Head};
use authpilot::core::time::Instant;

const START: i64 = 1_790_000_000; // 2026-09-21

fn stamp(seconds: i64) -> String {
    Instant::from_unix_millis((seconds * 1000) as f64).to_rfc3339()
}

fn mailbox(n: usize) -> String {
    format!("device{:04}@contoso.com", n % 2500)
}

fn draft(n: usize) -> Draft {
    serde_json::from_value(serde_json::json!({
        "id": format!("00000000-0000-4000-8000-{n:012}"),
        "at": stamp(START + n as i64 * 600),
        "protocol": "SMTP", "scope": "mailbox", "mailbox": mailbox(n),
        "action": if n % 2 == 0 { "turn-on" } else { "turn-off" },
        "outcome": "succeeded", "source": "observed",
        "host": "admin.exchange.microsoft.com", "cloud": "worldwide", "tenant": "contoso.onmicrosoft.com",
    }))
    .expect("a draft")
}

fn log(count: usize) -> String {
    let entries = chain_all(&Head::default(), (0..count).map(draft));
    export::to_json(&entries, Instant::from_unix_millis(1_796_000_000_000.0))
}

fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("a folder"));
    let megabytes: usize = args.next().map_or(200, |m| m.parse().expect("megabytes"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("log-10k.json"), log(10_000)).unwrap();
    std::fs::write(dir.join("log-100k.json"), log(100_000)).unwrap();

    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("audit.csv")).unwrap());
    writeln!(
        out,
        "RecordId,CreationDate,RecordType,Operation,UserId,AuditData"
    )
    .unwrap();
    let target = megabytes * 1024 * 1024;
    let (mut written, mut row, mut smtp) = (0usize, 0usize, 0usize);
    while written < target {
        row += 1;
        let at = START + row as i64 * 20;
        // One row in 120 an SMTP AUTH change: a few thousand in 200 MB; every third one the
        // log's own change (its time within a minute), the others made behind its back.
        let data = if row % 120 == 0 {
            smtp += 1;
            let n = smtp * 3;
            let (when, mbox, on) = if smtp % 3 == 0 && n < 10_000 {
                (START + n as i64 * 600 + 40, mailbox(n), n % 2 == 0)
            } else {
                (at, mailbox(smtp + 7), smtp % 2 == 1)
            };
            serde_json::json!({
                "CreationTime": stamp(when).trim_end_matches('Z'), "Id": format!("smtp-{smtp}"),
                "Operation": "Set-CASMailbox", "OrganizationName": "contoso.onmicrosoft.com",
                "OrganizationId": "0c2b", "RecordType": 1, "ResultStatus": "True", "UserId": "admin@contoso.com",
                "AppId": "fb78d390-0c51-40cd-8e17-fdbfab77341b", "ClientIP": "40.97.1.2:443",
                "Parameters": [{"Name": "Identity", "Value": mbox},
                               {"Name": "SmtpClientAuthenticationDisabled", "Value": if on { "False" } else { "True" }}],
            })
        } else {
            serde_json::json!({
                "CreationTime": stamp(at).trim_end_matches('Z'), "Id": format!("rec-{row}"),
                "Operation": if row % 2 == 0 { "MailItemsAccessed" } else { "UserLoggedIn" },
                "OrganizationName": "contoso.onmicrosoft.com", "OrganizationId": "0c2b", "RecordType": 50,
                "ResultStatus": "Succeeded", "UserId": format!("user{}@contoso.com", row % 900),
                "ClientIPAddress": "203.0.113.7", "Workload": "Exchange", "MailboxOwnerUPN": format!("user{}@contoso.com", row % 900),
                "Folders": [{"Path": "\\Inbox", "FolderItems": [{"InternetMessageId": format!("<{row}@mail.contoso.com>"), "SizeInBytes": 48213}]}],
            })
        };
        let line = format!(
            "{},{},{},{},{},{}\n",
            data["Id"].as_str().unwrap(),
            stamp(at),
            data["RecordType"],
            data["Operation"].as_str().unwrap(),
            data["UserId"].as_str().unwrap(),
            cell(&data.to_string())
        );
        written += line.len();
        out.write_all(line.as_bytes()).unwrap();
    }
    out.flush().unwrap();
    println!(
        "{} rows, {smtp} SMTP AUTH changes, {} MB",
        row,
        written / (1024 * 1024)
    );
}
