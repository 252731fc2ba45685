//! One `--format table|csv|json` for every command (issue 33): what each prints in each format,
//! read back — CSV by the core's own reader (`core::csv::rows`, the one the extension runs) —
//! and compared with what the other formats say; `--json` kept as `--format json`; the option
//! before or after the command.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use authpilot::core::csv::rows;
use serde_json::Value;
use support::*;

/// A CSV output as header → cells maps, read by the core's reader.
fn table_of(csv: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut all = rows(csv).expect("CSV the core reads");
    assert!(csv.ends_with("\r\n"), "RFC 4180 line ends: {csv:?}");
    let (_, head) = all.remove(0);
    all.into_iter()
        .map(|(_, cells)| {
            assert_eq!(cells.len(), head.len(), "{cells:?}");
            head.iter().cloned().zip(cells).collect()
        })
        .collect()
}

#[test]
fn verify_says_the_same_in_each_format_and_json_is_still_json() {
    let d = Dir::new("formats-verify");
    let (log, _) = three_tenants(&d);
    let text = std::fs::read_to_string(&log).unwrap();
    let tampered = d.write(
        "tampered.json",
        &text.replace("scanner@contoso.com", "printer@contoso.com"),
    );

    let csv = run(&["verify", &log, &tampered, "--format", "csv"]);
    assert_eq!(csv.status, 1, "{}", csv.err);
    let t = table_of(&csv.out);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0]["verified"], "true");
    assert_eq!(t[0]["entries"], "5");
    assert_eq!(t[0]["head_seq"], "5");
    assert_eq!(t[1]["verified"], "false");
    assert_eq!(t[1]["first_bad_position"], "2");
    assert!(t[1]["error"].contains("chain is broken"), "{:?}", t[1]);

    let json = run(&["verify", &log, &tampered, "--format", "json"]);
    let alias = run(&["verify", &log, &tampered, "--json"]);
    let before = run(&["--format", "json", "verify", &log, &tampered]);
    assert_eq!(json.out, alias.out, "--json is --format json");
    assert_eq!(json.out, before.out, "the option before the command");
    assert_eq!((json.status, alias.status), (1, 1));
    let lines: Vec<Value> = json
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0]["head"]["hash"].as_str(), Some(&*t[0]["head_hash"]));
    assert_eq!(lines[1]["first_bad_entry"]["position"], 2);

    let table = run(&["verify", &log]);
    assert!(table.out.trim_end().ends_with("verified"), "{}", table.out);
    let bad = run(&["verify", &log, "--format", "yaml"]);
    assert_eq!(bad.status, 2, "an unknown format is a usage error");
    assert!(bad.err.contains("yaml"), "{}", bad.err);
}

#[test]
fn reconcile_as_csv_has_a_row_per_pair_entry_and_record_as_the_json_counts_them() {
    let d = Dir::new("formats-reconcile");
    let (log, audits) = three_tenants(&d);
    let mut args = vec!["reconcile", &log];
    args.extend(audits.iter().map(String::as_str));
    let mut json_args = args.clone();
    json_args.extend(["--format", "json"]);
    let json = run(&json_args);
    let mut csv_args = args.clone();
    csv_args.extend(["--format", "csv"]);
    let csv = run(&csv_args);
    assert_eq!(json.status, 3, "{}", json.err);
    assert_eq!(csv.status, json.status, "the same status in every format");

    let doc: Value = serde_json::from_str(&json.out).unwrap();
    let t = table_of(&csv.out);
    for tenant in doc["tenants"].as_array().unwrap() {
        let name = tenant["tenant"].as_str().unwrap();
        for (group, key) in [
            ("matched", "matched"),
            ("only-in-log", "only_in_log"),
            ("only-in-tenant", "only_in_tenant"),
            ("unknown-target", "unknown_target"),
            ("disagreeing-sender", "disagreeing_senders"),
        ] {
            let rows = t
                .iter()
                .filter(|r| r["tenant"] == name && r["group"] == group)
                .count();
            assert_eq!(
                rows,
                tenant[key].as_array().unwrap().len(),
                "{name} {group}"
            );
        }
    }
    let fax = t
        .iter()
        .find(|r| r["group"] == "only-in-tenant" && r["subject"] == "fax@northwind.com")
        .expect("the change only the tenant's record knows");
    assert_eq!(fax["by"], "someone@northwind.com");
    assert_eq!(fax["before_log"], "false");
    let matched = t.iter().find(|r| r["group"] == "matched").unwrap();
    assert!(!matched["entry_id"].is_empty() && !matched["record_id"].is_empty());
}

#[test]
fn merge_and_report_say_what_they_wrote_in_each_format() {
    let d = Dir::new("formats-write");
    let (log, audits) = three_tenants(&d);
    let out = d.path("merged.json");
    let r = run(&["merge", &log, &log, "-o", &out, "--format", "json"]);
    assert_eq!(r.status, 0, "{}", r.err);
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(doc["schema"], "authpilot-merge/1");
    assert_eq!(doc["entries"], 5);
    assert_eq!(doc["present_more_than_once"], 5);
    assert_eq!(doc["output"], out);
    assert_eq!(run(&["verify", &out]).status, 0, "the merged log verifies");
    assert!(
        !std::path::Path::new(&format!("{out}.authpilot-partial")).exists(),
        "no partial file is left"
    );

    let r = run(&["merge", &log, "-o", &out, "--format", "csv"]);
    let t = table_of(&r.out);
    assert_eq!(
        (t[0]["files"].as_str(), t[0]["entries"].as_str()),
        ("1", "5")
    );

    let html = d.path("report.html");
    let r = run(&[
        "report", &log, "--audit", &audits[0], "-o", &html, "--format", "json",
    ]);
    assert_eq!(r.status, 0, "{}", r.err);
    let doc: Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(doc["schema"], "authpilot-report/1");
    assert_eq!(doc["output"], html);
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!doctype html>"));
    let r = run(&["report", &log, "-o", &html]);
    assert_eq!(r.out.trim_end(), format!("report written to {html}"));
}
