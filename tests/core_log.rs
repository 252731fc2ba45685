//! The action log's chain, canonical form, exports (golden files), import checks, merge and
//! store migrations.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::log::export::{csv_cell, file_name, to_csv, to_json};
use authpilot::core::log::import::{plan_import, MAX_IMPORT_BYTES};
use authpilot::core::log::store::{append_writes, assemble, entry_keys, migrate, STORE_SCHEMA};
use authpilot::core::log::*;
use authpilot::core::protocols::Protocol;
use authpilot::core::time::{Date, Instant};
use serde_json::{json, Map, Value};

/// Compares with `tests/golden/NAME`; `UPDATE_GOLDEN=1 cargo test` rewrites the file
/// (review the diff before committing it).
fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(actual, expected, "{name} differs from the golden file");
}

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

fn draft(id: &str, when: &str, protocol: Protocol, action: Action, outcome: Outcome) -> Draft {
    Draft {
        id: id.into(),
        at: when.into(),
        protocol,
        scope: None,
        mailbox: None,
        action,
        outcome,
        source: Source::Observed,
        host: Some("admin.microsoft.com".into()),
        cloud: Cloud::Worldwide,
        tenant: Some("contoso.onmicrosoft.com".into()),
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    }
}

/// A small log: opt-outs of EWS, POP and IMAP in September, an IMAP re-enable in October
/// submitted then succeeded, and a manual note with characters a spreadsheet would run.
fn sample() -> Vec<Entry> {
    let mut opt = draft(
        "a1",
        "2022-09-15T09:00:00Z",
        Protocol::Ews,
        Action::OptOut,
        Outcome::Submitted,
    );
    opt.mc437540_seen = Some(false);
    let mut drafts = vec![opt.clone()];
    for (id, p) in [("a2", Protocol::Pop), ("a3", Protocol::Imap)] {
        drafts.push(Draft {
            id: id.into(),
            protocol: p,
            scope: None,
            mailbox: None,
            ..opt.clone()
        });
    }
    let re = draft(
        "b1",
        "2022-10-15T10:00:00Z",
        Protocol::Imap,
        Action::ReEnable,
        Outcome::Submitted,
    );
    drafts.push(re);
    let mut manual = draft(
        "c1",
        "2022-10-16T08:30:00Z",
        Protocol::Pop,
        Action::ReEnable,
        Outcome::Failed,
    );
    manual.source = Source::Manual;
    manual.host = None;
    manual.message = Some("Ticket, \"urgent\"\nsecond line".into());
    manual.note = Some("=HYPERLINK(\"http://x\")".into());
    manual.tenant = Some("-contoso".into());
    drafts.push(manual);
    let mut entries = chain_all(&Head::default(), drafts);
    let head = verify(&entries).unwrap();
    let update = outcome_update(
        &entries[3],
        "b2".into(),
        Outcome::Succeeded,
        at("2022-10-15T10:05:00Z"),
        Some("Basic authentication has been re-enabled for the selected protocol.".into()),
    )
    .unwrap();
    entries.push(update.chain(&head));
    entries
}

#[test]
fn a_chain_verifies_and_every_kind_of_change_is_caught_at_its_entry() {
    let log = sample();
    let head = verify(&log).unwrap();
    assert_eq!(head.count, 6);
    assert_eq!(log[0].prev_hash, ZERO_HASH);
    assert_eq!(log[5].supersedes.as_deref(), Some("b1"));
    assert_eq!(log[5].effective_by.as_deref(), Some("2022-10-15T11:00:00Z"));

    let mut changed = log.clone();
    changed[2].note = Some("edited".into());
    let b = verify(&changed).unwrap_err();
    assert_eq!((b.position, b.id.as_str()), (3, "a3"));
    assert!(b.reason.contains("hash does not match"));

    let mut removed = log.clone();
    removed.remove(1);
    assert!(verify(&removed)
        .unwrap_err()
        .reason
        .contains("sequence number 3 where 2"));

    let mut swapped = log.clone();
    swapped.swap(1, 2);
    assert_eq!(verify(&swapped).unwrap_err().position, 2);

    // Re-hashing an edited entry is not enough: the next link breaks.
    let mut rehashed = log.clone();
    rehashed[2].note = Some("edited".into());
    rehashed[2].hash = rehashed[2].compute_hash();
    let b = verify(&rehashed).unwrap_err();
    assert_eq!(b.position, 4);
    assert!(b.reason.contains("prev_hash"));
}

/// The command line checks the hashes on every core at once (`hashes_hold`) and the links in
/// order (`verify_hashed`): the same verdict and the same first break as `verify`, for any
/// number of threads, whatever was changed where.
#[test]
fn hashes_checked_on_several_threads_give_the_same_verdict_and_break() {
    let log = sample();
    let mut cases = vec![log.clone()];
    for i in 0..log.len() {
        let mut edited = log.clone();
        edited[i].note = Some("edited".into());
        cases.push(edited);
        let mut rehashed = log.clone();
        rehashed[i].tenant = Some("other.com".into());
        rehashed[i].hash = rehashed[i].compute_hash();
        cases.push(rehashed);
    }
    let mut swapped = log.clone();
    swapped.swap(2, 4);
    cases.push(swapped);
    cases.push(Vec::new());
    for case in &cases {
        for threads in 1..=4 {
            let holds = hashes_hold(case, threads);
            assert_eq!(holds.len(), case.len());
            assert_eq!(
                verify_hashed(case, &holds),
                verify(case),
                "{threads} threads"
            );
        }
    }
    assert!(verify(&cases[1]).is_err(), "the cases include breaks");
}

#[test]
fn the_canonical_form_and_hash_match_an_independent_implementation() {
    let e = &sample()[0];
    assert_eq!(
        e.canonical(),
        r#"{"action":"opt-out","at":"2022-09-15T09:00:00Z","cloud":"worldwide","host":"admin.microsoft.com","id":"a1","mc437540_seen":false,"outcome":"submitted","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","protocol":"EWS","seq":1,"source":"observed","tenant":"contoso.onmicrosoft.com"}"#
    );
    // Computed with Python's hashlib over json.dumps(entry, sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False), as docs/log-format.md describes.
    assert_eq!(e.hash, include_str!("golden/first-entry.sha256").trim());
}

#[test]
fn json_and_csv_exports_match_the_golden_files() {
    let log = sample();
    golden("log.json", &to_json(&log, at("2026-11-27T12:00:00Z")));
    golden("log.csv", &to_csv(&log));
    assert_eq!(
        file_name(Date::new(2026, 11, 27).unwrap(), "csv"),
        "authpilot-log-2026-11-27.csv"
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    assert_eq!(csv_cell("=1+1"), "'=1+1");
    assert_eq!(csv_cell("+44 20"), "'+44 20");
    assert_eq!(csv_cell("-2"), "'-2");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("\tx"), "'\tx");
    assert_eq!(csv_cell("\rx"), "\"'\rx\"");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell("日本語テナント"), "日本語テナント");
}

#[test]
fn importing_the_same_file_twice_adds_nothing_and_a_new_file_merges_in_order() {
    let log = sample();
    let file = to_json(&log, at("2026-11-27T12:00:00Z"));
    let into_empty = plan_import(&file, &[]).unwrap();
    assert_eq!(into_empty.add.len(), 6);
    assert_eq!(into_empty.already_present, 0);
    let again = plan_import(&file, &log).unwrap();
    assert!(again.add.is_empty());
    assert_eq!(again.already_present, 6);

    // Another browser's log with the first three entries in common and one of its own.
    let mut theirs: Vec<Entry> = log[..3].to_vec();
    let extra = draft(
        "z9",
        "2022-09-29T07:00:00Z",
        Protocol::Mapi,
        Action::OptOut,
        Outcome::Submitted,
    );
    theirs.push(extra.clone().chain(&Head {
        count: 3,
        last_hash: theirs[2].hash.clone(),
    }));
    let merge = plan_import(&to_json(&theirs, at("2026-11-27T12:00:00Z")), &log).unwrap();
    assert_eq!(merge.already_present, 3);
    assert_eq!(merge.add, vec![extra]);
}

fn valid_file() -> Value {
    serde_json::from_str(&to_json(&sample(), at("2026-11-27T12:00:00Z"))).unwrap()
}

fn with(change: impl FnOnce(&mut Value)) -> String {
    let mut v = valid_file();
    change(&mut v);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn every_malformed_file_is_refused_with_what_and_where() {
    let log = sample();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "empty file",
            String::new(),
            "not valid JSON (line 1, column 0)",
        ),
        (
            "not JSON",
            "hello".into(),
            "not valid JSON (line 1, column 1)",
        ),
        (
            "truncated",
            to_json(&log, at("2026-11-27T12:00:00Z"))[..300].into(),
            "not valid JSON (line",
        ),
        (
            "a list",
            "[]".into(),
            "The file holds a list, not an AuthPilot action log.",
        ),
        (
            "wrong format",
            with(|v| v["format"] = json!("other-log")),
            "not an AuthPilot action log (format \"other-log\")",
        ),
        (
            "no format",
            with(|v| {
                v.as_object_mut().unwrap().remove("format");
            }),
            "no \"format\"",
        ),
        (
            "newer version",
            with(|v| v["version"] = json!(3)),
            "newer AuthPilot (version 3); this one reads version 2",
        ),
        (
            "version zero",
            with(|v| v["version"] = json!(0)),
            "\"version\" is missing or invalid",
        ),
        (
            "bad exported_at",
            with(|v| v["exported_at"] = json!("yesterday")),
            "\"exported_at\" is missing",
        ),
        (
            "extra top field",
            with(|v| v["owner"] = json!("me")),
            "unknown top-level field \"owner\"",
        ),
        (
            "no entries",
            with(|v| {
                v.as_object_mut().unwrap().remove("entries");
            }),
            "no \"entries\" list",
        ),
        (
            "entry not object",
            with(|v| v["entries"][2] = json!(5)),
            "Entry 3: is a number, not an object.",
        ),
        (
            "missing field",
            with(|v| {
                v["entries"][1].as_object_mut().unwrap().remove("outcome");
            }),
            "Entry 2 (id a2): the field \"outcome\" is missing.",
        ),
        (
            "unknown field",
            with(|v| v["entries"][0]["colour"] = json!("red")),
            "Entry 1 (id a1): unknown field \"colour\".",
        ),
        (
            "unknown protocol",
            with(|v| v["entries"][0]["protocol"] = json!("LDAP")),
            "Entry 1 (id a1): \"protocol\" is \"LDAP\" (expected one of EAS, EWS,",
        ),
        (
            "bad action",
            with(|v| v["entries"][0]["action"] = json!("delete")),
            "\"action\" is \"delete\" (expected one of opt-out, re-enable, turn-on, turn-off, follow-organization)",
        ),
        (
            "bad outcome",
            with(|v| v["entries"][0]["outcome"] = json!("maybe")),
            "\"outcome\" is \"maybe\"",
        ),
        (
            "bad cloud",
            with(|v| v["entries"][0]["cloud"] = json!("mars")),
            "\"cloud\" is \"mars\"",
        ),
        (
            "seq as text",
            with(|v| v["entries"][0]["seq"] = json!("1")),
            "\"seq\" is text, not a positive whole number",
        ),
        (
            "bad time",
            with(|v| v["entries"][0]["at"] = json!("15/09/2022")),
            "at must be a UTC time written like",
        ),
        (
            "time with offset",
            with(|v| v["entries"][0]["at"] = json!("2022-09-15T18:00:00+09:00")),
            "at must be a UTC time",
        ),
        (
            "bad hash",
            with(|v| v["entries"][0]["hash"] = json!("xyz")),
            "\"hash\" is not 64 lower-case hex digits",
        ),
        (
            "bad id",
            with(|v| v["entries"][0]["id"] = json!("has space")),
            "id must be 1 to 64 letters",
        ),
        (
            "tampered",
            with(|v| v["entries"][3]["tenant"] = json!("fabrikam.com")),
            "chain is broken at entry 4 (id b1): hash does not match",
        ),
        (
            "reordered",
            with(|v| v["entries"].as_array_mut().unwrap().swap(0, 1)),
            "chain is broken at entry 1 (id a2): sequence number 2 where 1",
        ),
        (
            "duplicate id",
            with(|v| v["entries"][1]["id"] = json!("a1")),
            "Entry 2 (id a1): the same id appears earlier in the file.",
        ),
        (
            "effective_by on opt-out",
            with(|v| v["entries"][0]["effective_by"] = json!("2022-09-15T10:00:00Z")),
            "effective_by belongs only to a succeeded re-enable",
        ),
        (
            "control characters",
            with(|v| v["entries"][0]["note"] = json!("a\u{0007}b")),
            "note contains control characters",
        ),
        (
            "over 5 MB",
            format!(
                "{{\"format\":\"authpilot-action-log\",\"pad\":\"{}\"}}",
                "x".repeat(MAX_IMPORT_BYTES)
            ),
            "AuthPilot imports logs up to 5 MB",
        ),
    ];
    assert!(cases.len() >= 20);
    for (name, text, expected) in cases {
        let err = plan_import(&text, &[]).expect_err(name);
        assert!(err.contains(expected), "{name}: {err}");
    }
}

#[test]
fn merging_refuses_the_same_id_with_other_content_and_dangling_updates() {
    let log = sample();
    let mut mine = log.clone();
    mine[0].note = Some("my note".into());
    mine[0].hash = mine[0].compute_hash();
    // Re-chain the rest of "mine" so it is a valid log of its own.
    for i in 1..mine.len() {
        mine[i].prev_hash = mine[i - 1].hash.clone();
        mine[i].hash = mine[i].compute_hash();
    }
    verify(&mine).unwrap();
    let err = plan_import(&to_json(&log, at("2026-11-27T12:00:00Z")), &mine).unwrap_err();
    assert_eq!(
        err,
        "Entry 1 (id a1): the log already has this id (entry 1) with different content."
    );

    // An update whose original is neither in the file nor in the log.
    let lone = vec![log[5].content().chain(&Head::default())];
    let err = plan_import(&to_json(&lone, at("2026-11-27T12:00:00Z")), &[]).unwrap_err();
    assert!(
        err.contains("it updates entry b1, which is neither earlier in the file nor in the log"),
        "{err}"
    );
}

#[test]
fn outcome_updates_keep_the_first_record_and_refuse_nonsense() {
    let log = sample();
    assert!(outcome_update(
        &log[5],
        "x".into(),
        Outcome::Failed,
        at("2022-10-16T00:00:00Z"),
        None
    )
    .unwrap_err()
    .contains("already has the outcome Succeeded"));
    assert!(outcome_update(
        &log[3],
        "x".into(),
        Outcome::Submitted,
        at("2022-10-16T00:00:00Z"),
        None
    )
    .is_err());
    let failed = outcome_update(
        &log[0],
        "x".into(),
        Outcome::Failed,
        at("2022-09-16T00:00:00Z"),
        None,
    )
    .unwrap();
    assert_eq!(failed.effective_by, None);
    assert_eq!(failed.mc437540_seen, Some(false));
}

#[test]
fn the_manual_form_turns_local_time_into_utc_and_names_each_problem() {
    let form = ManualForm {
        protocol: "imap".into(),
        action: "re-enable".into(),
        outcome: "succeeded".into(),
        local_time: "2022-10-15T19:00".into(),
        utc_offset_minutes: -540, // Tokyo: UTC = local - 9 h
        tenant: " contoso.com ".into(),
        note: "".into(),
        mc437540_seen: true,
        ..Default::default()
    };
    let d = form.to_draft("id-1".into(), Cloud::Gcc).unwrap();
    assert_eq!(d.at, "2022-10-15T10:00:00Z");
    assert_eq!(d.effective_by.as_deref(), Some("2022-10-15T11:00:00Z"));
    assert_eq!(
        (d.protocol, d.cloud, d.source),
        (Protocol::Imap, Cloud::Gcc, Source::Manual)
    );
    assert_eq!(d.tenant.as_deref(), Some("contoso.com"));
    assert_eq!(d.note, None);
    assert_eq!(
        d.mc437540_seen, None,
        "only opt-outs carry the MC437540 flag"
    );

    let bad = ManualForm {
        protocol: "SMTP".into(),
        action: "".into(),
        outcome: "maybe".into(),
        local_time: "2022-10-15".into(),
        ..Default::default()
    };
    let fields: Vec<&str> = bad
        .to_draft("id".into(), Cloud::Worldwide)
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
    // SMTP AUTH is a protocol since log version 2: it asks for its scope.
    assert_eq!(fields, ["action", "outcome", "scope", "local_time"]);
    let long = ManualForm {
        note: "x".repeat(MAX_TEXT + 1),
        ..form
    };
    let err = long.to_draft("id".into(), Cloud::Worldwide).unwrap_err();
    assert_eq!(err[0].field, "note");
    assert!(err[0].message.contains("longer than 2000"));
}

#[test]
fn ids_are_version_4_uuids() {
    let id = new_id([0xff; 16]);
    assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert!(valid_id(&id));
    assert!(!valid_id("") && !valid_id("a b") && !valid_id(&"a".repeat(65)));
}

fn snapshot(value: Value) -> Map<String, Value> {
    value.as_object().unwrap().clone()
}

#[test]
fn a_version_1_store_migrates_to_an_empty_verified_log_and_keeps_its_settings() {
    let v1 = snapshot(
        json!({"settings": {"schema": 1, "cloud": "gcc", "needed": ["POP"], "practice_date": null}}),
    );
    let writes = migrate(&v1).unwrap();
    assert_eq!(writes.set.get("store_schema"), Some(&json!(STORE_SCHEMA)));
    assert_eq!(
        writes.set.get("log_head"),
        Some(&json!({"count": 0, "last_hash": ZERO_HASH}))
    );
    assert!(!writes.set.contains_key("settings"));
    assert!(writes.remove.is_empty());
    let mut after = v1.clone();
    after.extend(writes.set);
    assert!(
        migrate(&after).unwrap().set.is_empty(),
        "a migrated store needs nothing more"
    );
    let head: Head = serde_json::from_value(after["log_head"].clone()).unwrap();
    assert_eq!(head, Head::default());
    assert!(assemble(1, head.count, Default::default())
        .unwrap()
        .is_empty());

    let newer = snapshot(json!({"store_schema": 4}));
    assert!(migrate(&newer)
        .unwrap_err()
        .contains("newer AuthPilot (layout 4"));
    assert!(migrate(&snapshot(json!({"store_schema": "two"}))).is_err());
}

/// Issue 33, one name per thing: an installed AuthPilot (layout 2) keeps its helper's remembered
/// state and its settings when it becomes layout 3 — `overlay` is now `helper`.
#[test]
fn a_version_2_store_keeps_the_helpers_state_under_its_new_name() {
    let prefs = json!({"minimised": true, "closed": false, "right": true, "lift": 240});
    let settings = json!({"schema": 1, "cloud": "gcc", "needed": ["POP"], "practice_date": null});
    let v2 = snapshot(
        json!({"store_schema": 2, "overlay": prefs, "settings": settings,
        "log_head": {"count": 0, "last_hash": ZERO_HASH}}),
    );
    let writes = migrate(&v2).unwrap();
    assert_eq!(writes.set.get("helper"), Some(&prefs));
    assert_eq!(writes.remove, ["overlay"]);
    assert_eq!(writes.set.get("store_schema"), Some(&json!(3)));
    assert!(!writes.set.contains_key("settings"), "settings untouched");
    let mut after = v2.clone();
    after.extend(writes.set);
    after.remove("overlay");
    assert!(
        migrate(&after).unwrap().set.is_empty(),
        "a migrated store needs nothing more"
    );
    // A layout 2 store that never remembered the helper: only its layout number moves, once.
    let bare = migrate(&snapshot(json!({"store_schema": 2}))).unwrap();
    assert_eq!(bare.set, snapshot(json!({"store_schema": 3})));
    assert!(bare.remove.is_empty());
    // From layout 1, every step in order.
    let v1 = migrate(&snapshot(json!({"settings": settings, "overlay": prefs}))).unwrap();
    assert_eq!(
        (v1.set.get("helper"), v1.set.get("store_schema")),
        (Some(&prefs), Some(&json!(3)))
    );
}

#[test]
fn stored_entries_read_back_in_order_and_half_written_ones_are_not_part_of_the_log() {
    let log = sample();
    let mut store = snapshot(json!({"store_schema": 2}));
    store.extend(append_writes(&log[..4], &Map::new()).set);
    let latest = authpilot::core::log::store::read_latest(store.get("log_latest"));
    let ids: Vec<&str> = latest.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "b1"], "EWS, POP, IMAP's latest");
    assert_eq!(store.get("logid:b1"), Some(&json!(4)));
    let head: Head = serde_json::from_value(store["log_head"].clone()).unwrap();
    assert_eq!(head.count, 4);
    // An entry written without its head (a write that never completed) is never read: only
    // the head's keys are asked for.
    store.insert(
        "log:0000000005".into(),
        serde_json::to_value(&log[4]).unwrap(),
    );
    let keys = entry_keys(1, head.count);
    assert_eq!(keys.last().map(String::as_str), Some("log:0000000004"));
    let read = |store: &Map<String, Value>| {
        let found = keys
            .iter()
            .filter_map(|k| {
                store.get(k).map(|v| {
                    (
                        k.clone(),
                        serde_json::from_value::<Entry>(v.clone()).unwrap(),
                    )
                })
            })
            .collect();
        assemble(1, head.count, found)
    };
    assert_eq!(read(&store).unwrap(), log[..4].to_vec());
    store.remove("log:0000000002");
    assert_eq!(read(&store).unwrap_err(), "entry 2 is missing from storage");
}

#[test]
fn a_chain_continues_from_a_verified_head() {
    let log = sample();
    let first = verify(&log[..3]).unwrap();
    assert_eq!(
        verify_from(&first, &log[3..]).unwrap(),
        verify(&log).unwrap()
    );
    let mut bad = log.clone();
    bad[4].note = Some("edited".into());
    let b = verify_from(&first, &bad[3..]).unwrap_err();
    assert_eq!(
        (b.position, b.id.as_str()),
        (5, "c1"),
        "positions count from the start of the log"
    );
}

#[test]
fn the_summary_shows_the_latest_entry_per_protocol_and_the_first_break() {
    let log = sample();
    let s = Summary::of(&log, &verify(&log));
    assert_eq!(s.count, 6);
    assert_eq!(s.broken, None);
    assert_eq!(s.latest_for(Protocol::Imap).unwrap().id, "b2");
    assert_eq!(s.latest_for(Protocol::Pop).unwrap().id, "c1");
    assert!(s.latest_for(Protocol::Rpc).is_none());
    let mut bad = log.clone();
    bad[1].tenant = None;
    let s = Summary::of(&bad, &verify(&bad));
    assert_eq!(s.broken.unwrap().position, 2);
}

#[test]
fn the_field_list_is_the_entrys_own_serialised_order() {
    let mut e = sample()[5].clone(); // a succeeded re-enable that supersedes another
    e.tenant = Some("t".into());
    e.note = Some("n".into());
    e.mc437540_seen = Some(true);
    e.scope = Some(Scope::Mailbox);
    e.mailbox = Some("scanner@contoso.com".into());
    let text = serde_json::to_string(&e).unwrap();
    let mut at = 0;
    for field in FIELDS {
        let found = text[at..]
            .find(&format!("\"{field}\":"))
            .unwrap_or_else(|| panic!("{field} out of order"));
        at += found + 1;
    }
}

#[test]
fn the_boards_latest_entries_count_only_if_the_chain_holds_them() {
    use authpilot::core::log::store::check_latest;
    use std::collections::HashMap;
    let drafts = vec![
        draft(
            "00000000-0000-4000-8000-000000000001",
            "2022-10-15T10:00:00Z",
            Protocol::Ews,
            Action::ReEnable,
            Outcome::Succeeded,
        ),
        draft(
            "00000000-0000-4000-8000-000000000002",
            "2022-10-15T10:01:00Z",
            Protocol::Pop,
            Action::ReEnable,
            Outcome::Failed,
        ),
        draft(
            "00000000-0000-4000-8000-000000000003",
            "2022-10-15T10:02:00Z",
            Protocol::Imap,
            Action::ReEnable,
            Outcome::Submitted,
        ),
    ];
    let entries = chain_all(&Head::default(), drafts);
    let chain: HashMap<u64, Entry> = entries.iter().map(|e| (e.seq, e.clone())).collect();
    assert_eq!(check_latest(&entries[1..], &chain), Ok(()));
    // log_latest changed behind AuthPilot's back: an outcome the chain never recorded.
    let mut forged = entries[2].clone();
    forged.outcome = Outcome::Succeeded;
    let broken = check_latest(&[entries[0].clone(), forged], &chain).unwrap_err();
    assert_eq!(
        (broken.position, broken.id.as_str()),
        (3, entries[2].id.as_str())
    );
    // An entry the chain does not have at all.
    let mut missing = entries[2].clone();
    missing.seq = 9;
    assert!(check_latest(&[missing], &chain).is_err());
}

/// An SMTP AUTH change (log version 2).
fn smtp(id: &str, scope: Scope, mailbox: Option<&str>, action: Action) -> Draft {
    Draft {
        scope: Some(scope),
        mailbox: mailbox.map(str::to_string),
        ..draft(
            id,
            "2026-12-20T09:00:00Z",
            Protocol::Smtp,
            action,
            Outcome::Succeeded,
        )
    }
}

#[test]
fn version_2_records_smtp_auth_by_scope_and_mailbox_under_its_rules() {
    let ok = [
        smtp("s1", Scope::Organization, None, Action::TurnOff),
        smtp(
            "s2",
            Scope::Mailbox,
            Some("scanner@contoso.com"),
            Action::TurnOn,
        ),
        smtp(
            "s3",
            Scope::Mailbox,
            Some("printer@contoso.com"),
            Action::FollowOrganization,
        ),
        smtp("s4", Scope::AuthenticationPolicy, None, Action::TurnOn),
    ];
    for d in &ok {
        d.validate().unwrap_or_else(|e| panic!("{}: {e}", d.id));
    }
    let bad = [
        (
            "no scope",
            Draft {
                scope: None,
                ..ok[0].clone()
            },
            "needs a scope",
        ),
        (
            "2022 action",
            Draft {
                action: Action::ReEnable,
                ..ok[0].clone()
            },
            "not an SMTP AUTH action",
        ),
        (
            "mailbox without address",
            Draft {
                mailbox: None,
                ..ok[1].clone()
            },
            "needs the mailbox",
        ),
        (
            "upper case",
            Draft {
                mailbox: Some("Scanner@contoso.com".into()),
                ..ok[1].clone()
            },
            "lower-case",
        ),
        (
            "not an address",
            Draft {
                mailbox: Some("scanner".into()),
                ..ok[1].clone()
            },
            "lower-case email",
        ),
        (
            "organisation with mailbox",
            Draft {
                mailbox: Some("a@b.com".into()),
                ..ok[0].clone()
            },
            "only a mailbox entry",
        ),
        (
            "organisation follows",
            Draft {
                action: Action::FollowOrganization,
                ..ok[0].clone()
            },
            "only a mailbox can follow",
        ),
        (
            "IMAP with scope",
            Draft {
                protocol: Protocol::Imap,
                action: Action::ReEnable,
                ..ok[0].clone()
            },
            "SMTP AUTH entries only",
        ),
        (
            "IMAP turned on",
            Draft {
                protocol: Protocol::Imap,
                scope: None,
                ..ok[0].clone()
            },
            "is an SMTP AUTH action",
        ),
    ];
    for (name, d, expected) in bad {
        let err = d.validate().expect_err(name);
        assert!(err.contains(expected), "{name}: {err}");
    }
    // Each scope and mailbox keeps its own latest state.
    let keys: Vec<String> = chain_all(&Head::default(), ok)
        .iter()
        .map(Entry::subject)
        .collect();
    assert_eq!(
        keys,
        [
            "SMTP organization",
            "SMTP mailbox scanner@contoso.com",
            "SMTP mailbox printer@contoso.com",
            "SMTP authentication-policy"
        ]
    );
}

#[test]
fn version_2_files_carry_smtp_entries_and_version_1_files_still_import() {
    // Entries stored before version 2 keep their hashes: the golden first entry's hash.
    assert_eq!(
        sample()[0].hash,
        include_str!("golden/first-entry.sha256").trim()
    );
    let v1 = include_str!("golden/log-v1.json");
    assert!(v1.contains("\"version\": 1"));
    let merge = plan_import(v1, &[]).unwrap();
    assert_eq!(merge.add.len(), sample().len());

    let mut all: Vec<Draft> = sample().iter().map(Entry::content).collect();
    all.push(smtp(
        "s1",
        Scope::Mailbox,
        Some("scanner@contoso.com"),
        Action::TurnOn,
    ));
    all.push(smtp("s2", Scope::Organization, None, Action::TurnOff));
    let entries = chain_all(&Head::default(), all);
    verify(&entries).unwrap();
    let json = to_json(&entries, at("2026-12-20T10:00:00Z"));
    assert!(json.contains("\"version\": 2"));
    assert!(json.contains("\"protocol\":\"SMTP\",\"scope\":\"mailbox\",\"mailbox\":\"scanner@contoso.com\",\"action\":\"turn-on\""));
    let back = plan_import(&json, &[]).unwrap();
    assert_eq!(
        back.add,
        entries.iter().map(Entry::content).collect::<Vec<_>>()
    );
    let csv = to_csv(&entries);
    assert!(csv.starts_with("\u{feff}id,seq,at,protocol,scope,mailbox,action,"));
    assert!(csv.contains(",SMTP,mailbox,scanner@contoso.com,turn-on,succeeded,"));
    assert!(csv.contains(",IMAP,,,re-enable,"));

    // A version-1 file cannot carry version 2's fields or values.
    let smtp_in_v1 = json.replace("\"version\": 2", "\"version\": 1");
    let err = plan_import(&smtp_in_v1, &[]).unwrap_err();
    assert!(err.contains("unknown field \"mailbox\""), "{err}");
    let only_smtp = chain_all(
        &Head::default(),
        [smtp("s9", Scope::Organization, None, Action::TurnOff)],
    );
    let v1_smtp = to_json(&only_smtp, at("2026-12-20T10:00:00Z"))
        .replace("\"version\": 2", "\"version\": 1")
        .replace(",\"scope\":\"organization\"", "");
    let err = plan_import(&v1_smtp, &[]).unwrap_err();
    assert!(err.contains("\"protocol\" is \"SMTP\""), "{err}");
}

/// The Python check printed in docs/log-format.md, run as written on the golden files and on a
/// version-2 file with SMTP AUTH entries: an independent implementation of the chain rule.
#[test]
fn the_docs_python_check_verifies_version_1_and_version_2_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/log-format.md")).unwrap();
    let start = doc.find("```python\n").expect("a python block") + "```python\n".len();
    let script = &doc[start..start + doc[start..].find("```").unwrap()];
    let dir = root.join("target/tmp-doc-python");
    std::fs::create_dir_all(&dir).unwrap();
    let check = dir.join("check.py");
    std::fs::write(&check, script).unwrap();
    let mut all: Vec<Draft> = sample().iter().map(Entry::content).collect();
    all.push(smtp(
        "s1",
        Scope::Mailbox,
        Some("scanner@contoso.com"),
        Action::TurnOn,
    ));
    all.push(smtp(
        "s2",
        Scope::Mailbox,
        Some("printer@contoso.com"),
        Action::FollowOrganization,
    ));
    all.push(smtp(
        "s3",
        Scope::AuthenticationPolicy,
        None,
        Action::TurnOff,
    ));
    let v2 = dir.join("v2.json");
    let mut entries = chain_all(&Head::default(), all);
    std::fs::write(&v2, to_json(&entries, at("2026-12-20T10:00:00Z"))).unwrap();
    let run = |file: &std::path::Path| {
        std::process::Command::new("python3")
            .arg(&check)
            .arg(file)
            .output()
            .expect("python3 runs")
    };
    for file in [
        root.join("tests/golden/log.json"),
        root.join("tests/golden/log-v1.json"),
        v2.clone(),
    ] {
        let out = run(&file);
        assert!(
            out.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("entries verified"));
    }
    // And it catches a change: a mailbox edited after the fact.
    entries[6].mailbox = Some("someone-else@contoso.com".into());
    std::fs::write(&v2, to_json(&entries, at("2026-12-20T10:00:00Z"))).unwrap();
    assert!(
        !run(&v2).status.success(),
        "an edited entry must fail the check"
    );
}
