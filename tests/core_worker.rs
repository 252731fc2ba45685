//! The service worker's rules as a state machine (issue 20): every message and Chrome event
//! run through `core::worker` over in-memory storage, as `web::worker` runs them over
//! `chrome.storage` — the same payloads the content script sends (tests/golden/wire.json), the
//! same origins, and the storage changes and effects that follow.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::log::store::{entry_key, HEAD_KEY, LATEST_KEY};
use authpilot::core::log::{Entry, Outcome};
use authpilot::core::messages::{Origin, Request};
use authpilot::core::page::hosts::classify;
use authpilot::core::worker::storage::{Area, Memory, Missing, Storage};
use authpilot::core::worker::{self, Done, Effect, Env};
use serde_json::{json, Value};

const T0: f64 = 1_796_212_800_000.0; // 2026-12-02T12:00:00Z
const TAB: i64 = 7;

/// A browser: its storage, its clock and the ids it hands out.
struct Browser {
    store: Memory,
    now_ms: f64,
    next_id: u32,
    effects: Vec<Effect>,
}

impl Browser {
    fn new() -> Browser {
        let mut store = Memory::complete();
        store.learn(Area::Local, "store_schema", Some(json!(2)));
        Browser {
            store,
            now_ms: T0,
            next_id: 0,
            effects: Vec::new(),
        }
    }

    fn env(&mut self) -> Env {
        let ids = (0..2)
            .map(|_| {
                self.next_id += 1;
                format!("00000000-0000-4000-8000-{:012}", self.next_id)
            })
            .collect();
        Env {
            now_ms: self.now_ms,
            ids,
        }
    }

    fn apply(&mut self, done: Done) -> Value {
        self.store.apply(&done.changes);
        self.effects.extend(done.effects);
        done.answer
    }

    fn send(&mut self, origin: &Origin, wire: Value) -> Value {
        let request = Request::from_wire(wire).expect("a payload the worker decodes");
        let env = self.env();
        let done = worker::handle(&request, origin, &self.store, env).expect("complete storage");
        self.apply(done)
    }

    /// The admin's own Save beside a switch with no mailbox shown.
    fn press(&mut self, scope: &str, before: bool, after: bool) -> Value {
        self.send(
            &exchange(),
            switch_pressed(scope, None, before, after, true),
        )
    }

    fn entries(&self) -> Vec<Entry> {
        let count = self
            .store
            .value(Area::Local, HEAD_KEY)
            .map_or(0, |h| h["count"].as_u64().unwrap());
        (1..=count)
            .map(|seq| {
                serde_json::from_value(
                    self.store
                        .value(Area::Local, &entry_key(seq))
                        .unwrap()
                        .clone(),
                )
                .unwrap()
            })
            .collect()
    }

    fn pending(&self) -> Option<&Value> {
        self.store.value(Area::Local, &format!("pending:{TAB}"))
    }

    fn event(&mut self, run: impl FnOnce(&Memory, Env) -> Result<Done, Missing>) {
        let env = self.env();
        let done = run(&self.store, env).expect("complete storage");
        self.apply(done);
    }
}

fn exchange() -> Origin {
    Origin::AdminCenterPage {
        tab_id: TAB,
        frame_id: 0,
        location: classify("https://admin.exchange.microsoft.com/#/settings"),
    }
}

fn helper() -> Origin {
    Origin::ExtensionPage { tab_id: Some(TAB) }
}

fn popup() -> Origin {
    Origin::ExtensionPage { tab_id: None }
}

fn switch_pressed(
    scope: &str,
    mailbox: Option<&str>,
    before: bool,
    after: bool,
    trusted: bool,
) -> Value {
    json!({"type": "switch-pressed", "press": {"trusted": trusted, "in_panel": true, "scope": scope,
        "mailbox": mailbox, "before": before, "after": after, "lang": "en-US"}})
}

fn result(text: &str, kind: Option<&str>, sent: bool) -> Value {
    json!({"type": "switch-result", "text": text, "kind": kind, "sent": sent})
}

fn summary(e: &Entry) -> (String, Option<String>, String, Outcome) {
    (
        serde_json::to_value(e.scope)
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string(),
        e.mailbox.clone(),
        serde_json::to_value(e.action)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string(),
        e.outcome,
    )
}

#[test]
fn an_organisation_change_is_recorded_once_with_its_saved_message_and_pushed() {
    let mut b = Browser::new();
    // A click the page made records nothing and writes nothing …
    let refused = b.send(
        &exchange(),
        switch_pressed("organization", None, false, true, false),
    );
    assert_eq!(refused["accepted"], false);
    assert!(b.pending().is_none());
    // … the admin's own click waits for the page, with its alarm, and the helper is told.
    let accepted = b.press("organization", false, true);
    assert_eq!(accepted["accepted"], true, "{accepted}");
    assert!(b.pending().is_some());
    assert!(b
        .effects
        .iter()
        .any(|e| matches!(e, Effect::Alarm { name, .. } if name == "pending:7")));
    assert!(b.effects.contains(&Effect::Push { tab: TAB }));
    // A message that is not a result keeps it waiting.
    let unsure = b.send(&exchange(), result("You have unsaved changes", None, false));
    assert_eq!(unsure["outcome"], Value::Null);
    assert!(b.pending().is_some());
    let saved = b.send(
        &exchange(),
        result("Your changes have been saved.", Some("success"), false),
    );
    assert_eq!(saved["outcome"], "succeeded");
    let entries = b.entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        summary(&entries[0]),
        (
            "organization".into(),
            None,
            "turn-off".into(),
            Outcome::Succeeded
        )
    );
    assert_eq!(
        entries[0].message.as_deref(),
        Some("Your changes have been saved.")
    );
    assert!(b.pending().is_none());
    assert!(b.effects.contains(&Effect::ClearAlarm {
        name: "pending:7".into()
    }));
    assert!(
        b.effects.contains(&Effect::PushAll),
        "the log changed: every helper redraws"
    );
    // The same message again records nothing more.
    b.send(
        &exchange(),
        result("Your changes have been saved.", Some("success"), false),
    );
    assert_eq!(b.entries().len(), 1);
}

#[test]
fn a_refused_save_is_failed_and_a_retry_records_again() {
    let mut b = Browser::new();
    b.press("organization", false, true);
    b.send(
        &exchange(),
        result("Your changes weren't saved.", None, false),
    );
    b.press("organization", false, true);
    b.send(
        &exchange(),
        result("Your changes have been saved.", None, false),
    );
    let outcomes: Vec<Outcome> = b.entries().iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes, [Outcome::Failed, Outcome::Succeeded]);
}

#[test]
fn a_mailbox_without_its_address_is_held_until_named_and_a_non_address_writes_nothing() {
    let mut b = Browser::new();
    b.press("mailbox", false, true);
    b.send(
        &exchange(),
        result("Email apps settings saved.", None, false),
    );
    assert!(b.entries().is_empty(), "no mailbox, no entry");
    assert!(
        b.pending().unwrap()["held"].is_array(),
        "the result is held"
    );
    assert!(
        b.effects.contains(&Effect::ClearAlarm {
            name: "pending:7".into()
        }),
        "held without its alarm"
    );
    // The helper's name: a non-address is refused and changes nothing.
    let before = b.pending().cloned();
    let refused = b.send(
        &helper(),
        json!({"type": "name-mailbox", "address": "scanner"}),
    );
    assert_eq!(refused["ok"], false);
    assert!(refused["error"].as_str().unwrap().contains("scanner"));
    assert_eq!(b.pending().cloned(), before);
    // The content script may not name it; the helper may.
    let from_page = b.send(
        &exchange(),
        json!({"type": "name-mailbox", "address": "a@contoso.com"}),
    );
    assert_eq!(from_page["ok"], false);
    let named = b.send(
        &helper(),
        json!({"type": "name-mailbox", "address": " Scanner@Contoso.com "}),
    );
    assert_eq!(named["recorded"], true, "{named}");
    assert_eq!(
        summary(&b.entries()[0]),
        (
            "mailbox".into(),
            Some("scanner@contoso.com".into()),
            "turn-on".into(),
            Outcome::Succeeded
        )
    );
    assert!(b.pending().is_none());
}

#[test]
fn a_mailbox_named_before_its_result_keeps_the_address_for_it() {
    let mut b = Browser::new();
    b.press("mailbox", true, false);
    let named = b.send(
        &helper(),
        json!({"type": "name-mailbox", "address": "printer@contoso.com"}),
    );
    assert_eq!(named["recorded"], false);
    assert!(b.entries().is_empty());
    b.send(
        &exchange(),
        result("Email apps settings saved.", None, false),
    );
    assert_eq!(
        b.entries()[0].mailbox.as_deref(),
        Some("printer@contoso.com")
    );
}

#[test]
fn an_unnamed_mailbox_change_is_dropped_with_its_tab_and_an_unanswered_one_is_submitted() {
    let mut b = Browser::new();
    b.press("mailbox", false, true);
    b.send(
        &exchange(),
        result("Email apps settings saved.", None, false),
    );
    b.event(|s, env| worker::tab_removed(TAB, s, env));
    assert!(b.pending().is_none(), "nothing left waiting");
    assert!(b.entries().is_empty(), "no mailbox to record it under");
    // Positive control: the same tab closing with an organisation change waiting records it.
    b.press("organization", true, false);
    b.event(|s, env| worker::tab_removed(TAB, s, env));
    assert_eq!(b.entries().len(), 1);
    assert_eq!(b.entries()[0].outcome, Outcome::Submitted);
}

#[test]
fn the_wait_ends_with_its_alarm_and_a_late_result_supersedes_once() {
    let mut b = Browser::new();
    b.press("authentication-policy", true, false);
    // The alarm before the wait is over keeps it waiting.
    b.event(|s, env| worker::alarm("pending:7", s, env));
    assert!(b.entries().is_empty() && b.pending().is_some());
    // The save went with no message: recorded submitted and watched.
    b.send(&exchange(), result("", None, true));
    assert_eq!(b.entries()[0].outcome, Outcome::Submitted);
    assert!(b.pending().unwrap()["submitted"].is_string());
    // Its message came late: a second entry supersedes the first, and only once.
    b.send(&exchange(), result("Saved", None, false));
    b.send(&exchange(), result("Saved", None, false));
    let entries = b.entries();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].outcome, Outcome::Succeeded);
    assert_eq!(
        entries[1].supersedes.as_deref(),
        Some(entries[0].id.as_str())
    );
    assert!(b.pending().is_none());
    // An unanswered press after its wait is recorded submitted by its alarm.
    b.press("organization", false, true);
    b.now_ms += 121_000.0;
    b.event(|s, env| worker::alarm("pending:7", s, env));
    assert_eq!(b.entries().len(), 3);
    assert_eq!(b.entries()[2].outcome, Outcome::Submitted);
}

#[test]
fn a_second_outcome_for_the_same_entry_is_refused_and_writes_nothing() {
    let mut b = Browser::new();
    b.press("organization", false, true);
    b.event(|s, env| worker::tab_removed(TAB, s, env));
    let target = b.entries()[0].id.clone();
    let update = |id: &str| json!({"type": "log-update", "target": target, "outcome": "succeeded", "id": id});
    let first = b.send(&popup(), update("00000000-0000-4000-8000-0000000000a1"));
    assert_eq!(first["ok"], true, "{first}");
    let head = b.store.value(Area::Local, HEAD_KEY).cloned();
    let second = b.send(&popup(), update("00000000-0000-4000-8000-0000000000a2"));
    assert_eq!(second["ok"], false);
    assert!(
        second["error"].as_str().unwrap().contains("already"),
        "{second}"
    );
    assert_eq!(
        b.store.value(Area::Local, HEAD_KEY).cloned(),
        head,
        "nothing written"
    );
}

#[test]
fn the_page_may_only_report_and_the_pages_may_not_report_for_it() {
    let mut b = Browser::new();
    let from_page = b.send(&exchange(), json!({"type": "log-summary"}));
    assert_eq!(from_page["ok"], false);
    let draft = json!({"type": "log-append", "draft": {"id": "00000000-0000-4000-8000-000000000001",
        "at": "2026-12-02T12:00:00Z", "protocol": "SMTP", "action": "turn-on", "outcome": "succeeded",
        "source": "manual", "cloud": "worldwide", "scope": "organization"}});
    assert_eq!(b.send(&exchange(), draft.clone())["ok"], false);
    assert_eq!(
        b.send(
            &popup(),
            switch_pressed("organization", None, false, true, true)
        )["ok"],
        false
    );
    assert!(b.entries().is_empty());
    // Positive control: the popup's own append is stored.
    let appended = b.send(&popup(), draft);
    assert_eq!(appended["ok"], true, "{appended}");
    assert_eq!(b.entries().len(), 1);
}

#[test]
fn every_content_script_payload_is_answered() {
    let golden: Value = serde_json::from_str(include_str!("golden/wire.json")).unwrap();
    let mut b = Browser::new();
    for wire in golden["messages"].as_array().unwrap() {
        let answer = b.send(&exchange(), wire.clone());
        assert_eq!(answer["ok"], true, "{wire} → {answer}");
    }
}

#[test]
fn a_browser_restart_settles_presses_whose_tabs_are_gone() {
    let mut b = Browser::new();
    b.press("organization", false, true);
    assert_eq!(worker::waiting_tabs(&b.store).unwrap(), vec![TAB]);
    b.event(|s, env| worker::browser_started(&[], s, env));
    assert!(
        b.pending().is_some(),
        "its tab is still open: it goes on waiting"
    );
    b.event(|s, env| worker::browser_started(&[TAB], s, env));
    assert!(b.pending().is_none());
    assert_eq!(b.entries()[0].outcome, Outcome::Submitted);
}

/// The worker's copy of storage starts empty: each step names what it needs, the web layer
/// loads it (one read per area) and runs the step again. A recorded change needs few rounds,
/// and with the copy warm a second change needs almost none.
#[test]
fn a_step_names_what_it_needs_and_a_warm_copy_needs_little() {
    let mut truth = Browser::new();
    truth.send(
        &exchange(),
        switch_pressed("organization", None, false, true, true),
    );
    truth.send(&exchange(), result("Saved", None, false));
    let mut copy = Memory::partial();
    let reads = std::cell::Cell::new(0);
    let run = |copy: &mut Memory, truth: &mut Browser, wire: Value| {
        let request = Request::from_wire(wire).unwrap();
        loop {
            let env = truth.env();
            match worker::handle(&request, &exchange(), copy, env) {
                Ok(done) => {
                    copy.apply(&done.changes);
                    truth.store.apply(&done.changes);
                    return done.answer;
                }
                Err(missing) => {
                    for area in [Area::Local, Area::Session, Area::Managed] {
                        let keys = missing.of(area);
                        if keys.is_empty() {
                            continue;
                        }
                        reads.set(reads.get() + 1);
                        if keys.iter().any(|k| k == "*") {
                            copy.learn_whole(area, truth.store.all(area).unwrap());
                        }
                        for k in keys.iter().filter(|k| *k != "*") {
                            copy.learn(area, k, truth.store.get(area, k).unwrap());
                        }
                    }
                }
            }
        }
    };
    run(
        &mut copy,
        &mut truth,
        switch_pressed("organization", None, true, false, true),
    );
    run(&mut copy, &mut truth, result("Saved", None, false));
    assert_eq!(truth.entries().len(), 2, "recorded through the copy");
    let cold = reads.get();
    eprintln!("reads from cold: {cold}");
    assert!(cold <= 6, "{cold} reads for one change from cold");
    run(
        &mut copy,
        &mut truth,
        switch_pressed("organization", None, false, true, true),
    );
    run(&mut copy, &mut truth, result("Saved", None, false));
    assert_eq!(truth.entries().len(), 3);
    eprintln!("reads warm: {}", reads.get() - cold);
    assert!(
        reads.get() - cold <= 2,
        "{} reads for a change with the copy warm",
        reads.get() - cold
    );
    // The copy agrees with storage on everything the log is read from.
    for key in [HEAD_KEY, LATEST_KEY] {
        assert_eq!(
            copy.value(Area::Local, key),
            truth.store.value(Area::Local, key)
        );
    }
}
