//! `authpilot` as a process (issue 26): each command run as an auditor or an MSP runs it, its
//! standard output, standard error, exit status and the files it writes (or does not write)
//! checked. The logs are made with the core's own chain and export (the extension's), the
//! audit exports in Purview's CSV form with its quoting; the e2e suite (tests/e2e/cli.test.mjs)
//! runs the same program on files the extension itself wrote.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::Path;
use std::process::Command;

use authpilot::core::log::Draft;

use serde_json::Value;
use support::*;

#[test]
fn verify_names_each_files_head_and_the_first_entry_that_fails() {
    let d = Dir::new("verify");
    let good = d.write(
        "good.json",
        &log_text(vec![
            smtp(1, "2026-12-01T10:00:00Z", "contoso.com", None, "turn-off"),
            smtp(
                2,
                "2026-12-01T10:05:00Z",
                "contoso.com",
                Some("scanner@contoso.com"),
                "turn-on",
            ),
        ]),
    );
    let r = run(&["verify", &good]);
    assert_eq!(r.status, 0, "{}{}", r.out, r.err);
    assert!(
        r.out
            .contains("format version 2, 2 entries, head seq 2 hash "),
        "{}",
        r.out
    );
    assert!(r.out.trim_end().ends_with("verified"), "{}", r.out);

    // Tampered: the second entry's mailbox changed after it was chained.
    let text = std::fs::read_to_string(&good).unwrap();
    let tampered = d.write(
        "tampered.json",
        &text.replace("scanner@contoso.com", "printer@contoso.com"),
    );
    let r = run(&["verify", &good, &tampered, "--json"]);
    assert_eq!(r.status, 1);
    let lines: Vec<Value> = r
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["verified"], true);
    assert_eq!(lines[1]["verified"], false);
    assert_eq!(lines[1]["entries"], 2);
    assert_eq!(lines[1]["first_bad_entry"]["position"], 2, "{}", lines[1]);
    assert_eq!(lines[1]["first_bad_entry"]["id"], id(2));

    // Malformed: the line and column, as the popup says it.
    let bad = d.write(
        "bad.json",
        "{\"format\": \"authpilot-log\",\n  \"version\": 2,,}",
    );
    let r = run(&["verify", &bad]);
    assert_eq!(r.status, 1);
    assert!(r.out.contains("line 2"), "{}", r.out);
    let r = run(&["verify", &d.path("missing.json")]);
    assert_eq!(r.status, 1);
    assert!(r.out.contains("cannot be read"), "{}", r.out);
}

#[test]
fn merge_applies_the_import_rules_and_writes_nothing_when_any_file_is_refused() {
    let d = Dir::new("merge");
    let e1 = smtp(1, "2026-12-01T10:00:00Z", "contoso.com", None, "turn-off");
    let e2 = smtp(
        2,
        "2026-12-01T11:00:00Z",
        "contoso.com",
        Some("a@contoso.com"),
        "turn-on",
    );
    let e3 = smtp(
        3,
        "2026-12-02T09:00:00Z",
        "fabrikam.com",
        Some("b@fabrikam.com"),
        "turn-on",
    );
    let mut later: Draft = e2.clone();
    later.id = id(4);
    later.at = "2026-12-02T12:00:00Z".into();
    later.outcome = authpilot::core::log::Outcome::Failed;
    later.supersedes = Some(id(2));
    let a = d.write("alice.json", &log_text(vec![e1.clone(), e2.clone()]));
    let b = d.write("bob.json", &log_text(vec![e2.clone(), e3.clone(), later]));
    let out = d.path("merged.json");
    let r = run(&["merge", &a, &b, "-o", &out]);
    assert_eq!(r.status, 0, "{}", r.err);
    assert!(
        r.out.contains("4 entries (1 present more than once"),
        "{}",
        r.out
    );
    let merged: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let ids: Vec<&str> = merged["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id(1), id(2), id(3), id(4)]);
    assert_eq!(merged["entries"][3]["supersedes"], id(2));
    assert_eq!(run(&["verify", &out]).status, 0);

    // The same id with other content: refused, naming both files and the id; nothing written.
    let mut changed = e2.clone();
    changed.mailbox = Some("other@contoso.com".into());
    let c = d.write("carol.json", &log_text(vec![changed]));
    let out2 = d.path("merged2.json");
    let r = run(&["merge", &a, &c, "-o", &out2]);
    assert_eq!(r.status, 4);
    assert!(
        r.err.contains("carol.json") && r.err.contains("alice.json") && r.err.contains(&id(2)),
        "{}",
        r.err
    );
    assert!(!Path::new(&out2).exists(), "nothing written");
    // A later outcome for an entry no file has: refused.
    let mut orphan = e3;
    orphan.supersedes = Some(id(99));
    let o = d.write("orphan.json", &log_text(vec![orphan]));
    let r = run(&["merge", &o, "-o", &out2]);
    assert_eq!(r.status, 4);
    assert!(r.err.contains(&id(99)), "{}", r.err);
    assert!(!Path::new(&out2).exists());
    // Over what the extension imports: refused before anything is written.
    let many: Vec<Draft> = (0..9000)
        .map(|n| {
            let mut e = smtp(
                1000 + n,
                "2026-12-01T10:00:00Z",
                "contoso.com",
                Some("m@contoso.com"),
                "turn-on",
            );
            e.note = Some("x".repeat(400));
            e
        })
        .collect();
    let big = d.write("big.json", &log_text(many));
    let r = run(&["merge", &big, "-o", &out2]);
    assert_eq!(r.status, 4);
    assert!(r.err.contains("merge fewer logs"), "{}", r.err);
    assert!(!Path::new(&out2).exists());
}

#[test]
fn reconcile_gives_each_tenant_its_groups_and_says_by_its_status_what_is_unexplained() {
    let d = Dir::new("reconcile");
    let (log, audits) = three_tenants(&d);
    let r = run(&["reconcile", &log, &audits[0], &audits[1]]);
    assert_eq!(r.status, 0, "{}{}", r.out, r.err);
    assert!(r.out.contains("== contoso.onmicrosoft.com"), "{}", r.out);
    assert!(
        r.out.contains("matched: 2") && r.out.contains("== fabrikam.onmicrosoft.com"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("northwind.onmicrosoft.com ==\nno audit export given: 1"),
        "{}",
        r.out
    );

    let r = run(&[
        "reconcile",
        &log,
        &audits[0],
        &audits[1],
        &audits[2],
        "--json",
    ]);
    assert_eq!(
        r.status, 3,
        "a change only in the tenant's record: {}",
        r.err
    );
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(doc["schema"], "authpilot-reconcile/1");
    let tenants = doc["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 3);
    let north = &tenants[2];
    assert_eq!(north["tenant"], "northwind.onmicrosoft.com");
    assert_eq!(north["matched"].as_array().unwrap().len(), 1);
    let only = &north["only_in_tenant"][0];
    assert_eq!(only["record"]["name"], "fax@northwind.com");
    assert_eq!(only["record"]["user"], "someone@northwind.com");
    assert_eq!(only["record"]["tool"], "powershell");
    assert_eq!(only["before_log"], false);
    for key in [
        "matched",
        "only_in_log",
        "only_in_tenant",
        "unknown_target",
        "disagreeing_senders",
    ] {
        assert!(tenants.iter().all(|t| t[key].is_array()), "{key}");
    }
    assert_eq!(
        tenants[0]["records_read"], 4,
        "unrelated records read and skipped"
    );
    // Named on the command line: TENANT=PATH.
    // (Contoso's log held against Fabrikam's changes: both only in that record.)
    let r = run(&[
        "reconcile",
        &log,
        &format!("contoso.onmicrosoft.com={}", audits[1]),
    ]);
    assert_eq!(r.status, 3);
    assert!(
        r.out.contains("only in the tenant's record: 2"),
        "{}",
        r.out
    );

    // Bad input: a row whose AuditData is not JSON, named by its line.
    let bad = d.write("bad.csv", "RecordId,CreationDate,RecordType,Operation,UserId,AuditData\nx,2026-11-20T09:00:00Z,ExchangeAdmin,Set-CASMailbox,a,{oops\n");
    let r = run(&["reconcile", &log, &bad]);
    assert_eq!(r.status, 4);
    assert!(
        r.err.contains("bad.csv") && r.err.contains("2"),
        "{}",
        r.err
    );
    assert!(r.out.is_empty());
}

#[test]
fn status_gives_the_board_of_three_tenants_with_its_history_and_as_of_a_date() {
    let d = Dir::new("status");
    let (log, audits) = three_tenants(&d);
    let mut args = vec!["status", &log as &str];
    for a in &audits {
        args.extend(["--audit", a.as_str()]);
    }
    let r = run(&args);
    assert_eq!(r.status, 0, "{}", r.err);
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(lines[0].starts_with("TENANT"), "{}", r.out);
    let row = |tenant: &str, subject: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(tenant) && l.contains(subject))
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
    };
    let scanner = row("contoso", "scanner@contoso.com").expect(&r.out);
    assert_eq!(&scanner[2..], ["turn-on", "2026-11-20T09:10:00Z", "both"]);
    assert_eq!(row("contoso", "organization").unwrap()[2], "turn-off");
    // Fabrikam's printer was turned off again on 10 December: not on the board now...
    assert!(row("fabrikam", "printer@").is_none(), "{}", r.out);
    // ...and the fax only the tenant's record knows, from its record.
    let fax = row("northwind", "fax@northwind.com").unwrap();
    assert_eq!(fax[4], "tenant");

    // As of 1 December 2026: the printer was on.
    let mut at = args.clone();
    at.extend(["--at", "2026-12-01", "--format", "csv"]);
    let r = run(&at);
    assert_eq!(r.status, 0);
    assert!(
        r.out.lines().any(|l| l
            == "fabrikam.onmicrosoft.com,printer@fabrikam.com,turn-on,2026-11-21T14:00:00Z,both"),
        "{}",
        r.out
    );

    // History: every change, oldest first per tenant, with who made it when the record says.
    let mut history = args.clone();
    history.extend(["--history", "--format", "json"]);
    let r = run(&history);
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    let fabrikam = &doc["tenants"][1];
    assert_eq!(fabrikam["tenant"], "fabrikam.onmicrosoft.com");
    let events = fabrikam["history"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["action"], "turn-off");
    assert_eq!(events[1]["by"], "msp@fabrikam.com");
    assert_eq!(events[1]["source"], "both");
    let r = run(&["status", &log, "--at", "tomorrow"]);
    assert_eq!(r.status, 2);
    assert!(
        r.err.contains("'tomorrow'") && r.err.contains("--at") && r.err.contains("not a date"),
        "{}",
        r.err
    );
}

#[test]
fn report_writes_the_extensions_file_and_refuses_a_broken_chain() {
    let d = Dir::new("report");
    let (log, audits) = three_tenants(&d);
    let out = d.path("report.html");
    let r = run(&[
        "report", &log, "--audit", &audits[0], "--lang", "ja", "-o", &out,
    ]);
    assert_eq!(r.status, 0, "{}", r.err);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"ja\">"),
        "{}",
        &html[..80]
    );
    assert!(
        html.contains("<style>") && !html.contains("<script") && !html.contains("data-action"),
        "no controls"
    );
    assert!(html.contains("scanner@contoso.com"));

    let text = std::fs::read_to_string(&log).unwrap();
    let broken = d.write(
        "broken.json",
        &text.replace("2026-11-21T14:00:00Z", "2026-11-21T15:00:00Z"),
    );
    let out2 = d.path("report2.html");
    let r = run(&["report", &broken, "-o", &out2]);
    assert_eq!(r.status, 4);
    assert!(r.err.contains("broken.json"), "{}", r.err);
    assert!(!Path::new(&out2).exists());
}

/// A large export shows a progress bar on standard error when it is a terminal (run here under
/// `script`, which gives the program a pseudo-terminal), and none when it is not: what scripts
/// read stays clean.
#[test]
fn a_large_export_shows_progress_on_a_terminal_and_nothing_in_a_pipe() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let d = Dir::new("progress");
    let (log, _) = three_tenants(&d);
    let row = unrelated("u", "2026-11-19T08:00:00Z", "contoso.onmicrosoft.com");
    let one = purview(std::slice::from_ref(&row));
    let (header, line) = one.split_once('\n').unwrap();
    let mut text = format!("{header}\n");
    while text.len() < 17 * 1024 * 1024 {
        text.push_str(line);
    }
    let big = d.write("big.csv", &text);
    let piped = run(&["reconcile", &log, &big]);
    assert_eq!(piped.status, 0, "{}", piped.err);
    assert!(piped.err.is_empty(), "no progress in a pipe: {}", piped.err);
    let typescript = d.path("typescript");
    let command = format!("{BIN} reconcile {log} {big} > {}", d.path("out.txt"));
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &command, &typescript])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let screen = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).to_string();
    assert!(
        screen.contains("big.csv") && screen.contains("MiB"),
        "a progress bar: {screen:?}"
    );
    let out = std::fs::read_to_string(d.path("out.txt")).unwrap();
    assert!(out.starts_with("== contoso.onmicrosoft.com"), "{out}");
}

/// Read on two threads, an export is refused as one thread refuses it: at its first bad row,
/// even when a later part of the file is broken too, and wherever the row falls among the
/// batches the threads pass.
#[test]
fn a_bad_row_is_named_first_whichever_batch_it_falls_in() {
    let d = Dir::new("order");
    let (log, _) = three_tenants(&d);
    let row = unrelated("u", "2026-11-19T08:00:00Z", "contoso.onmicrosoft.com");
    let one = purview(std::slice::from_ref(&row));
    let (header, line) = one.split_once('\n').unwrap();
    let bad = "x,2026-11-20T09:00:00Z,ExchangeAdmin,op,a,{oops\n";
    for before in [3usize, 5000] {
        let mut text = format!("{header}\n");
        for _ in 0..before {
            text.push_str(line);
        }
        text.push_str(bad);
        for _ in 0..5000 {
            text.push_str(line);
        }
        text.push_str("y,2026-11-20T09:00:00Z,ExchangeAdmin,op,a,\"{unclosed");
        let path = d.write(&format!("bad-{before}.csv"), &text);
        let r = run(&["reconcile", &log, &path]);
        assert_eq!(r.status, 4);
        let line_no = before + 2;
        assert!(r.err.contains(&format!("Line {line_no}")), "{}", r.err);
    }
}
