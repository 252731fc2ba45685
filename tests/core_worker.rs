//! The service worker's rules as a state machine (issue 20), run the way the worker runs them
//! (issue 24): every message and Chrome event goes through `core::worker::run::run_step` over a
//! storage backend (here a map: the "disk"), with the same payloads the content script sends
//! (tests/golden/wire.json), the same origins, and the storage changes and effects that follow.
//!
//! Every scenario runs three times through the same driver (`each_start`): with the worker's
//! copy of storage complete (it knows the disk), cold (Chrome stopped the worker before every
//! step: an empty copy that loads what each step names), and kept (the worker stayed up: one
//! copy across steps, filled as it reads). The answers, changes and effects must be identical.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::task::{Context, Poll, Waker};

use authpilot::core::alarms::Alarm;
use authpilot::core::log::store::{entry_key, HEAD_KEY, LATEST_KEY};
use authpilot::core::log::{Entry, Outcome};
use authpilot::core::messages::{Origin, Request, TabMessage};
use authpilot::core::page::hosts::classify;
use authpilot::core::worker::run::{run_step, Backend};
use authpilot::core::worker::storage::{Area, Memory, Missing, Storage};
use authpilot::core::worker::{self, Done, Effect, Env};
use serde_json::{json, Map, Value};

const T0: f64 = 1_796_212_800_000.0; // 2026-12-02T12:00:00Z
const TAB: i64 = 7;

/// How the worker's copy of storage stands when a step begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// It knows everything the disk holds.
    Complete,
    /// Chrome stopped the worker before every step: it knows nothing.
    Cold,
    /// The worker stayed up: what it read and wrote before, and nothing else.
    Kept,
}

const STARTS: [Start; 3] = [Start::Complete, Start::Cold, Start::Kept];

/// The storage outside the worker, counting what is read from it.
struct Disk {
    store: RefCell<Memory>,
    /// Read calls, and the keys they asked for.
    calls: Cell<usize>,
    keys_read: RefCell<Vec<String>>,
}

impl Backend for Disk {
    async fn read(&self, area: Area, keys: &[String]) -> Result<Map<String, Value>, String> {
        self.calls.set(self.calls.get() + 1);
        self.keys_read.borrow_mut().extend(keys.iter().cloned());
        let store = self.store.borrow();
        Ok(keys
            .iter()
            .filter_map(|k| Some((k.clone(), store.value(area, k)?.clone())))
            .collect())
    }
    async fn read_all(&self, area: Area) -> Result<Map<String, Value>, String> {
        self.calls.set(self.calls.get() + 1);
        self.keys_read.borrow_mut().push("*".into());
        Ok(self.store.borrow().all(area).expect("a complete disk"))
    }
    async fn set(&self, area: Area, items: Map<String, Value>) -> Result<(), String> {
        let mut store = self.store.borrow_mut();
        for (k, v) in items {
            store.learn(area, &k, Some(v));
        }
        Ok(())
    }
    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), String> {
        let mut store = self.store.borrow_mut();
        for k in keys {
            store.learn(area, &k, None);
        }
        Ok(())
    }
}

/// Runs a future that never waits (the disk answers at once).
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(value) => value,
        Poll::Pending => panic!("the test disk never waits"),
    }
}

/// A browser: its storage, the worker's copy of it, its clock and the ids it hands out.
struct Browser {
    disk: Disk,
    copy: RefCell<Memory>,
    start: Start,
    now_ms: f64,
    next_id: u32,
    effects: Vec<Effect>,
    /// Every step's answer, changes and effects, to hold one start against another.
    transcript: Vec<String>,
}

impl Browser {
    fn new(start: Start) -> Browser {
        SENT.with(|c| c.set(0));
        let mut store = Memory::complete();
        store.learn(Area::Local, "store_schema", Some(json!(3)));
        Browser {
            disk: Disk {
                store: RefCell::new(store),
                calls: Cell::new(0),
                keys_read: RefCell::new(Vec::new()),
            },
            copy: RefCell::new(Memory::partial()),
            start,
            now_ms: T0,
            next_id: 0,
            effects: Vec::new(),
            transcript: Vec::new(),
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

    /// Chrome stopped the worker: its copy is gone (a kept copy starts over too).
    fn restart(&mut self) {
        *self.copy.borrow_mut() = Memory::partial();
    }

    /// One step, run as the worker runs it, from this browser's start.
    fn step(&mut self, run: impl Fn(&Memory, Env) -> Result<Done, Missing>) -> Value {
        match self.start {
            Start::Complete => *self.copy.borrow_mut() = self.disk.store.borrow().clone(),
            Start::Cold => self.restart(),
            Start::Kept => {}
        }
        let env = self.env();
        let done =
            block_on(run_step(&self.disk, &self.copy, env, run)).expect("the disk never fails");
        self.transcript.push(format!(
            "{}\n{:?}\n{:?}",
            done.answer, done.changes, done.effects
        ));
        self.effects.extend(done.effects);
        done.answer
    }

    fn send(&mut self, origin: &Origin, wire: Value) -> Value {
        let request = Request::from_wire(wire).expect("a payload the worker decodes");
        let answer = self.step(|s, env| worker::handle(&request, origin, s, env));
        // Every answer is the request's own type (issue 25): the page reads it back whole.
        if answer["ok"] == true {
            let read = authpilot::core::messages::answers::Answer::read(&request, answer.clone())
                .unwrap_or_else(|e| panic!("{}: {e}\n{answer}", request.name()));
            let mut again = serde_json::to_value(&read).unwrap();
            again["ok"] = true.into();
            assert_eq!(again, answer, "{} read back", request.name());
        }
        answer
    }

    /// The admin's own Save beside a switch with no mailbox shown, on the page that switch is on
    /// (the organisation's in the Exchange admin center, the others in the Microsoft 365 one).
    fn press(&mut self, scope: &str, before: bool, after: bool) -> Value {
        let page = if scope == "organization" {
            exchange()
        } else {
            m365()
        };
        self.send(&page, switch_pressed(scope, None, before, after, true))
    }

    /// A stored value, as on the disk.
    fn stored(&self, area: Area, key: &str) -> Option<Value> {
        self.disk.store.borrow().value(area, key).cloned()
    }

    fn entries(&self) -> Vec<Entry> {
        let count = self
            .stored(Area::Local, HEAD_KEY)
            .map_or(0, |h| h["count"].as_u64().unwrap());
        (1..=count)
            .map(|seq| {
                serde_json::from_value(self.stored(Area::Local, &entry_key(seq)).unwrap()).unwrap()
            })
            .collect()
    }

    fn pending(&self) -> Option<Value> {
        self.stored(Area::Local, &format!("pending:{TAB}"))
    }

    fn event(&mut self, run: impl Fn(&Memory, Env) -> Result<Done, Missing>) {
        self.step(run);
    }
}

/// Runs a scenario from each start; its answers, changes and effects must not depend on it.
fn each_start(scenario: impl Fn(&mut Browser)) {
    let transcripts: Vec<(Start, Vec<String>)> = STARTS
        .iter()
        .map(|start| {
            let mut b = Browser::new(*start);
            scenario(&mut b);
            (*start, b.transcript)
        })
        .collect();
    let (_, complete) = &transcripts[0];
    for (start, transcript) in &transcripts[1..] {
        assert_eq!(transcript.len(), complete.len(), "{start:?}: as many steps");
        for (i, (a, b)) in complete.iter().zip(transcript).enumerate() {
            assert_eq!(a, b, "step {i} from {start:?} differs from a complete copy");
        }
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

thread_local! {
    /// Delivery ids made so far in this scenario (issue 31), and the last press's.
    static SENT: Cell<u32> = const { Cell::new(0) };
    static LAST_PRESS: RefCell<String> = const { RefCell::new(String::new()) };
}

/// A fresh delivery id, as the content script makes one per message that carries an action.
fn delivery_id(kind: &str) -> String {
    let n = SENT.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    format!("{kind}-{n}")
}

fn switch_pressed(
    scope: &str,
    mailbox: Option<&str>,
    before: bool,
    after: bool,
    trusted: bool,
) -> Value {
    let id = delivery_id("press");
    LAST_PRESS.with(|p| *p.borrow_mut() = id.clone());
    json!({"type": "switch-pressed", "press": {"id": id, "trusted": trusted, "in_panel": true, "scope": scope,
        "mailbox": mailbox, "before": before, "after": after, "lang": "en-US",
        "found_by": "SMTP AUTH in its name", "save_by": "primary button"}})
}

/// The page's message after the last press, with its own delivery id.
fn result(text: &str, kind: Option<&str>, sent: bool) -> Value {
    let press = LAST_PRESS.with(|p| p.borrow().clone());
    json!({"type": "switch-result", "id": delivery_id("result"), "press": press, "text": text,
        "kind": kind, "sent": sent, "lang": "en-US"})
}

/// The helper's "Record for this address", with its own delivery id.
fn name_mailbox(address: &str) -> Value {
    json!({"type": "name-mailbox", "id": delivery_id("name"), "address": address})
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
    each_start(|b| {
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
            .any(|e| matches!(e, Effect::Alarm { name, .. } if name.name() == "pending:7")));
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
            name: Alarm::WaitOver { tab: TAB }
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
    });
}

#[test]
fn a_refused_save_is_failed_and_a_retry_records_again() {
    each_start(|b| {
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
    });
}

#[test]
fn a_mailbox_without_its_address_is_held_until_named_and_a_non_address_writes_nothing() {
    each_start(|b| {
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
                name: Alarm::WaitOver { tab: TAB }
            }),
            "held without its alarm"
        );
        // The helper's name: a non-address is refused and changes nothing.
        let before = b.pending();
        let refused = b.send(&helper(), name_mailbox("scanner"));
        assert_eq!(refused["ok"], false);
        assert!(refused["error"].as_str().unwrap().contains("scanner"));
        assert_eq!(b.pending(), before);
        // The content script may not name it; the helper may.
        let from_page = b.send(&exchange(), name_mailbox("a@contoso.com"));
        assert_eq!(from_page["ok"], false);
        let named = b.send(&helper(), name_mailbox(" Scanner@Contoso.com "));
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
    });
}

#[test]
fn a_mailbox_named_before_its_result_keeps_the_address_for_it() {
    each_start(|b| {
        b.press("mailbox", true, false);
        let named = b.send(&helper(), name_mailbox("printer@contoso.com"));
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
    });
}

#[test]
fn an_unnamed_mailbox_change_is_dropped_with_its_tab_and_an_unanswered_one_is_submitted() {
    each_start(|b| {
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
    });
}

#[test]
fn the_wait_ends_with_its_alarm_and_a_late_result_supersedes_once() {
    each_start(|b| {
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
    });
}

#[test]
fn a_second_outcome_for_the_same_entry_is_refused_and_writes_nothing() {
    each_start(|b| {
        b.press("organization", false, true);
        b.event(|s, env| worker::tab_removed(TAB, s, env));
        let target = b.entries()[0].id.clone();
        let update = |id: &str| json!({"type": "log-update", "target": target, "outcome": "succeeded", "id": id});
        let first = b.send(&popup(), update("00000000-0000-4000-8000-0000000000a1"));
        assert_eq!(first["ok"], true, "{first}");
        let head = b.stored(Area::Local, HEAD_KEY);
        let second = b.send(&popup(), update("00000000-0000-4000-8000-0000000000a2"));
        assert_eq!(second["ok"], false);
        assert!(
            second["error"].as_str().unwrap().contains("already"),
            "{second}"
        );
        assert_eq!(b.stored(Area::Local, HEAD_KEY), head, "nothing written");
    });
}

#[test]
fn the_page_may_only_report_and_the_pages_may_not_report_for_it() {
    each_start(|b| {
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
    });
}

#[test]
fn every_content_script_payload_is_answered() {
    let golden: Value = serde_json::from_str(include_str!("golden/wire.json")).unwrap();
    each_start(|b| {
        for wire in golden["messages"].as_array().unwrap() {
            let answer = b.send(&exchange(), wire.clone());
            assert_eq!(answer["ok"], true, "{wire} → {answer}");
        }
    });
}

#[test]
fn a_browser_restart_settles_presses_whose_tabs_are_gone() {
    each_start(|b| {
        b.press("organization", false, true);
        assert_eq!(
            worker::waiting_tabs(&*b.disk.store.borrow()).unwrap(),
            vec![TAB]
        );
        b.event(|s, env| worker::browser_started(&[], s, env));
        assert!(
            b.pending().is_some(),
            "its tab is still open: it goes on waiting"
        );
        b.event(|s, env| worker::browser_started(&[TAB], s, env));
        assert!(b.pending().is_none());
        assert_eq!(b.entries()[0].outcome, Outcome::Submitted);
    });
}

// ---- After a restart (issue 24): what the popup, the helper and the log show is the same ----

fn page_present(route: &str) -> Value {
    json!({"type": "page-present", "route": route})
}

fn m365() -> Origin {
    Origin::AdminCenterPage {
        tab_id: TAB,
        frame_id: 0,
        location: classify("https://admin.microsoft.com/Adminportal/Home#/homepage"),
    }
}

#[test]
fn the_popup_hears_of_a_page_the_content_script_reported_before_the_worker_stopped() {
    each_start(|b| {
        let before = b.send(&popup(), json!({"type": "tab-status", "tabId": TAB}));
        assert_eq!(before["content_script_seen"], false, "{before}");
        b.send(&m365(), page_present("/homepage"));
        b.restart();
        let after = b.send(&popup(), json!({"type": "tab-status", "tabId": TAB}));
        assert_eq!(after["content_script_seen"], true, "{:?}: {after}", b.start);
        assert_eq!(after["presence"]["host"], "admin.microsoft.com");
        // The page's own report again, unchanged: nothing written, no badge again.
        b.restart();
        let effects = b.effects.len();
        b.send(&m365(), page_present("/homepage"));
        assert_eq!(
            b.effects.len(),
            effects,
            "{:?}: presence rewritten",
            b.start
        );
    });
}

#[test]
fn the_helpers_remembered_state_travels_with_the_pages_report_after_a_restart() {
    each_start(|b| {
        let first = b.send(&m365(), page_present("/homepage"));
        assert_eq!(first["helper"], Value::Null);
        // The content script watches as long as the core waits (it restates no time).
        assert_eq!(
            first["watch_ms"],
            json!((authpilot::core::pending::RESULT_WAIT_SECONDS as u64 + 5) * 1000)
        );
        b.disk.store.borrow_mut().learn(
            Area::Local,
            worker::PREFS_KEY,
            Some(json!({"minimised": true, "closed": false})),
        );
        b.restart();
        let answer = b.send(&m365(), page_present("/users"));
        assert_eq!(
            answer["helper"]["minimised"], true,
            "{:?}: {answer}",
            b.start
        );
        // A damaged preference is as good as none, and refuses nothing.
        b.disk
            .store
            .borrow_mut()
            .learn(Area::Local, worker::PREFS_KEY, Some(json!("garbled")));
        b.restart();
        let answer = b.send(&m365(), page_present("/homepage"));
        assert_eq!(
            (answer["ok"].clone(), answer["helper"].clone()),
            (json!(true), Value::Null)
        );
    });
}

fn append(b: &mut Browser, n: u32) {
    let id = format!("00000000-0000-4000-8000-{:012}", 900 + n);
    let draft = json!({"type": "log-append", "draft": {"id": id, "at": "2026-12-02T12:00:00Z",
        "protocol": "SMTP", "scope": "mailbox", "mailbox": format!("device{}@contoso.com", n % 3),
        "action": "turn-on", "outcome": "succeeded", "source": "manual", "cloud": "worldwide"}});
    assert_eq!(b.send(&popup(), draft)["ok"], true);
}

#[test]
fn the_board_after_a_restart_is_verified_from_the_memo_not_the_whole_chain_again() {
    each_start(|b| {
        for n in 0..40 {
            append(b, n);
        }
        // Issue 24: after every restart the chain was verified in full again (the memo's miss
        // was swallowed). The first board of the session verifies it and remembers where …
        let first = b.send(&popup(), json!({"type": "log-summary"}));
        assert_eq!(first["summary"]["count"], 40);
        assert!(first["summary"]["broken"].is_null());
        // … and after a restart only the head, the memo and the latest entries are read.
        b.restart();
        b.disk.keys_read.borrow_mut().clear();
        let again = b.send(&popup(), json!({"type": "log-summary"}));
        assert_eq!(again["summary"], first["summary"]);
        let entries_read = b
            .disk
            .keys_read
            .borrow()
            .iter()
            .filter(|k| k.starts_with("log:"))
            .count();
        if b.start != Start::Complete {
            // The three latest entries (one per mailbox), checked against the chain.
            assert_eq!(entries_read, 3, "{:?}: the whole chain read again", b.start);
        }
        // An entry appended since: only it is verified on top of the memo.
        append(b, 40);
        b.restart();
        b.disk.keys_read.borrow_mut().clear();
        let third = b.send(&popup(), json!({"type": "log-summary"}));
        assert_eq!(third["summary"]["count"], 41);
        assert!(
            !b.disk.keys_read.borrow().contains(&entry_key(1)),
            "{:?}",
            b.start
        );
    });
}

#[test]
fn a_press_waiting_when_the_worker_stopped_is_recorded_once_after_it_starts_again() {
    each_start(|b| {
        b.press("organization", false, true);
        b.restart();
        // The alarm before the wait's end, in a new worker: still waiting.
        b.event(|s, env| worker::alarm("pending:7", s, env));
        assert!(b.pending().is_some() && b.entries().is_empty());
        b.restart();
        b.send(
            &exchange(),
            result("Your changes have been saved.", Some("success"), false),
        );
        assert_eq!(b.entries().len(), 1);
        assert_eq!(b.entries()[0].outcome, Outcome::Succeeded);
        assert!(b.pending().is_none());
        // The helper's view after yet another restart shows it recorded.
        b.restart();
        let view = b.send(&helper(), json!({"type": "helper-view"}));
        assert_eq!(view["latest"].as_array().unwrap().len(), 1, "{view}");
    });
}

#[test]
fn an_import_after_a_restart_adds_what_is_new_and_nothing_twice() {
    each_start(|b| {
        append(b, 1);
        let export = b.send(&popup(), json!({"type": "log-export", "format": "json"}));
        let text = export["content"].as_str().unwrap().to_string();
        // Another browser's log: this one's entry and one of its own.
        let mut other = Browser::new(Start::Complete);
        append(&mut other, 1);
        append(&mut other, 2);
        let theirs = other.send(&popup(), json!({"type": "log-export", "format": "json"}));
        b.restart();
        let same = b.send(&popup(), json!({"type": "log-import", "text": text}));
        assert_eq!(
            (same["added"].clone(), same["already_present"].clone()),
            (json!(0), json!(1)),
            "{same}"
        );
        b.restart();
        let merged = b.send(
            &popup(),
            json!({"type": "log-import", "text": theirs["content"].as_str().unwrap()}),
        );
        assert_eq!(merged["added"], 1, "{merged}");
        assert_eq!(b.entries().len(), 2);
    });
}

/// A step names every key it needs at once: a recorded change from cold takes few reads of
/// storage, and with the copy kept warm a second change takes almost none (issue 20's figures).
#[test]
fn a_step_names_what_it_needs_and_a_warm_copy_needs_little() {
    let mut b = Browser::new(Start::Kept);
    b.press("organization", false, true);
    b.send(&exchange(), result("Saved", None, false));
    assert_eq!(b.entries().len(), 1);
    b.restart();
    let start = b.disk.calls.get();
    b.press("organization", true, false);
    b.send(&exchange(), result("Saved", None, false));
    assert_eq!(b.entries().len(), 2, "recorded through the copy");
    let cold = b.disk.calls.get() - start;
    assert!(cold <= 6, "{cold} reads for one change from cold");
    let start = b.disk.calls.get();
    b.press("organization", false, true);
    b.send(&exchange(), result("Saved", None, false));
    assert_eq!(b.entries().len(), 3);
    let warm = b.disk.calls.get() - start;
    assert!(warm <= 2, "{warm} reads for a change with the copy warm");
    eprintln!("reads: {cold} from cold, {warm} warm");
    // The copy agrees with storage on everything the log is read from.
    for key in [HEAD_KEY, LATEST_KEY] {
        assert_eq!(
            b.copy.borrow().value(Area::Local, key).cloned(),
            b.stored(Area::Local, key)
        );
    }
}

/// Issue 25: the helper's remembered state is written by the worker — from the helper itself
/// or from the popup's "Show the helper" — which tells the tab's content script and pushes
/// every view (the prefs travel in the view), cold and warm alike.
#[test]
fn the_worker_writes_the_helpers_state_and_every_view_carries_it() {
    each_start(|b| {
        let moved = b.send(&helper(), json!({"type": "helper", "change": "dock"}));
        assert_eq!(moved["ok"], true, "{moved}");
        assert_eq!(
            moved["prefs"],
            json!({"minimised": false, "closed": false, "right": true, "lift": 0})
        );
        let minimised = b.send(&helper(), json!({"type": "helper", "change": "minimise"}));
        assert_eq!(
            minimised["prefs"],
            json!({"minimised": true, "closed": false, "right": true, "lift": 0})
        );
        assert!(
            b.effects.contains(&Effect::PushAll),
            "every helper's view is pushed"
        );
        assert!(b.effects.iter().any(|e| matches!(e, Effect::TellTab { tab, message: TabMessage::Helper { prefs, show: false } } if *tab == TAB && prefs.minimised)), "{:?}", b.effects);
        let closed = b.send(&helper(), json!({"type": "helper", "change": "close"}));
        assert_eq!(closed["prefs"]["closed"], true);
        // The popup shows it again on a named tab: open, not minimised, still on the right.
        b.effects.clear();
        let shown = b.send(
            &popup(),
            json!({"type": "helper", "change": "show", "tabId": 7}),
        );
        assert_eq!(
            shown["prefs"],
            json!({"minimised": false, "closed": false, "right": true, "lift": 0})
        );
        assert!(
            b.effects.iter().any(|e| matches!(
                e,
                Effect::TellTab {
                    tab: 7,
                    message: TabMessage::Helper { show: true, .. }
                }
            )),
            "{:?}",
            b.effects
        );
        // The view a helper is given (or pushed) carries the prefs.
        let view = b.send(&helper(), json!({"type": "helper-view"}));
        assert_eq!(view["prefs"]["right"], true, "{view}");
        // The content script may not change the helper.
        let refused = b.send(&m365(), json!({"type": "helper", "change": "close"}));
        assert_eq!(refused["ok"], false);
    });
}

/// Issue 25: the pre-fill goes through `handle` like every request: the core picks the tab
/// (the popup names it, the helper asks for its own), the query and the words of the answer;
/// the web layer only asks the tab and hands its reply to `prefill_answer`.
#[test]
fn the_prefill_is_a_step_whose_answer_is_the_tabs_reply() {
    use authpilot::core::messages::answers::PrefillReply;
    each_start(|b| {
        b.effects.clear();
        let asked = b.send(&helper(), json!({"type": "prefill", "submit": true}));
        assert_eq!(asked["ok"], true, "{asked}");
        assert!(
            b.effects.iter().any(|e| matches!(e, Effect::AskTab { tab, message: TabMessage::Prefill { query, submit: true } } if *tab == TAB && query == "Diag: Enable Basic Auth in EXO")),
            "{:?}",
            b.effects
        );
        let no_tab = b.send(&popup(), json!({"type": "prefill", "submit": false}));
        assert_eq!(no_tab["ok"], false, "the popup must name a tab");
        let from_page = b.send(&m365(), json!({"type": "prefill", "submit": false}));
        assert_eq!(from_page["ok"], false, "a page may not ask for a pre-fill");
    });
    let reply = |ok: bool, error: Option<&str>| PrefillReply {
        ok,
        filled: ok,
        submitted: false,
        error: error.map(String::from),
    };
    assert_eq!(
        worker::prefill_answer(Ok(reply(true, None))),
        json!({"ok": true, "filled": true, "submitted": false})
    );
    let missing = worker::prefill_answer(Ok(reply(false, Some("help-button"))));
    assert_eq!(missing["ok"], false);
    assert!(
        missing["error"]
            .as_str()
            .unwrap()
            .contains("Help & support"),
        "{missing}"
    );
    let gone = worker::prefill_answer(Err("No tab with id: 9".into()));
    assert!(
        gone["error"]
            .as_str()
            .unwrap()
            .contains("No tab with id: 9"),
        "{gone}"
    );
}

// ---- Delivered until acknowledged (issue 31): a repeat is answered as the first, once ----

/// The same message sent again, as the content script does when Chrome lost its answer.
fn again(b: &mut Browser, origin: &Origin, wire: &Value) -> Value {
    b.send(origin, wire.clone())
}

#[test]
fn a_result_delivered_twice_three_times_and_after_a_restart_records_once() {
    each_start(|b| {
        b.press("organization", false, true);
        let saved = result(
            "Mail flow settings updated. Your change has been saved.",
            Some("success"),
            false,
        );
        let first = again(b, &exchange(), &saved);
        assert_eq!(first["outcome"], "succeeded", "{first}");
        let changed_by_first = b.stored(Area::Local, "delivered");
        for _ in 0..2 {
            assert_eq!(
                again(b, &exchange(), &saved),
                first,
                "answered as the first was"
            );
        }
        b.restart(); // Chrome stopped the worker between two deliveries
        assert_eq!(again(b, &exchange(), &saved), first, "and after a restart");
        assert_eq!(b.entries().len(), 1, "recorded once");
        assert_eq!(
            b.entries()[0].message.as_deref(),
            Some("Mail flow settings updated. Your change has been saved.")
        );
        assert_eq!(
            b.stored(Area::Local, "delivered"),
            changed_by_first,
            "a repeat writes nothing"
        );
        // Positive control: a new press and its own result do record.
        b.press("organization", true, false);
        let second = b.send(
            &exchange(),
            result("Your changes have been saved.", Some("success"), false),
        );
        assert_eq!(second["outcome"], "succeeded");
        assert_eq!(b.entries().len(), 2);
    });
}

#[test]
fn a_press_delivered_again_is_answered_as_the_first_and_waits_once() {
    each_start(|b| {
        let press = switch_pressed("organization", None, false, true, true);
        let first = again(b, &exchange(), &press);
        assert_eq!(first["accepted"], true);
        let waiting = b.pending();
        b.restart();
        // The answer was lost; the page sends the press again: accepted again, not "a change is
        // already waiting", and the wait is the same one (same entry id, no second alarm).
        assert_eq!(again(b, &exchange(), &press), first);
        assert_eq!(b.pending(), waiting);
        let alarms = b
            .effects
            .iter()
            .filter(|e| matches!(e, Effect::Alarm { name, .. } if name.name() == "pending:7"))
            .count();
        assert_eq!(alarms, 1, "one wait");
        b.send(&exchange(), result("Saved.", Some("success"), false));
        assert_eq!(b.entries().len(), 1);
        // A refused press repeated is refused again, with the same reason.
        let forged = switch_pressed("organization", None, false, true, false);
        let refused = again(b, &exchange(), &forged);
        assert_eq!(refused["accepted"], false);
        assert_eq!(again(b, &exchange(), &forged), refused);
        assert_eq!(b.entries().len(), 1);
    });
}

#[test]
fn a_result_that_comes_before_its_press_is_held_and_read_when_the_press_comes() {
    each_start(|b| {
        // The content script's press id, and its result delivered first (reordered).
        let press = switch_pressed("organization", None, true, false, true);
        let early = result(
            "Mail flow settings updated. Your change has been saved.",
            Some("success"),
            false,
        );
        let held = b.send(&exchange(), early.clone());
        assert_eq!(held["held"], true, "{held}");
        assert_eq!(held["outcome"], Value::Null);
        assert!(b.entries().is_empty(), "nothing recorded before its press");
        b.restart();
        // The press comes: accepted, and the held result settles it at once, with its words.
        assert_eq!(b.send(&exchange(), press.clone())["accepted"], true);
        assert!(b.pending().is_none(), "settled by the held result");
        assert_eq!(
            summary(&b.entries()[0]),
            (
                "organization".into(),
                None,
                "turn-on".into(),
                Outcome::Succeeded
            )
        );
        assert_eq!(
            b.entries()[0].message.as_deref(),
            Some("Mail flow settings updated. Your change has been saved.")
        );
        // Repeats of either change nothing more.
        b.send(&exchange(), early);
        b.send(&exchange(), press);
        assert_eq!(b.entries().len(), 1);
    });
}

#[test]
fn a_result_for_a_press_already_settled_or_refused_changes_nothing() {
    each_start(|b| {
        b.press("organization", false, true);
        b.send(&exchange(), result("Saved.", Some("success"), false));
        // A later toast for the same press: acknowledged, nothing recorded, nothing held.
        let late = b.send(&exchange(), result("Couldn't save.", Some("error"), false));
        assert_eq!(late["outcome"], Value::Null);
        assert_ne!(late["held"], true);
        // A forged press refused, and a result naming it.
        b.send(
            &exchange(),
            switch_pressed("organization", None, true, false, false),
        );
        let after_refusal = b.send(&exchange(), result("Saved.", Some("success"), false));
        assert_eq!(after_refusal["outcome"], Value::Null);
        assert_ne!(after_refusal["held"], true);
        assert_eq!(b.entries().len(), 1, "only the genuine change");
        // A result whose press is still waiting, but which names another press, is not its.
        b.press("organization", true, false);
        let waiting = b.pending();
        let mut other = result("Saved.", Some("success"), false);
        other["press"] = "press-of-another-page".into();
        assert_eq!(b.send(&exchange(), other)["held"], true);
        assert_eq!(b.pending(), waiting);
        assert_eq!(b.entries().len(), 1);
    });
}

#[test]
fn a_mailbox_named_twice_by_a_repeated_delivery_is_recorded_once() {
    each_start(|b| {
        b.press("mailbox", false, true);
        b.send(
            &exchange(),
            result("Email apps settings saved.", None, false),
        );
        let name = name_mailbox("scanner@contoso.com");
        let first = b.send(&helper(), name.clone());
        assert_eq!(first["recorded"], true, "{first}");
        b.restart();
        assert_eq!(b.send(&helper(), name), first, "answered as the first was");
        assert_eq!(b.entries().len(), 1);
        // A second, new naming (a fresh id) with nothing waiting is refused as before.
        let fresh = b.send(&helper(), name_mailbox("scanner@contoso.com"));
        assert_eq!(fresh["ok"], false);
    });
}

#[test]
fn a_diagnostic_press_delivered_again_waits_once() {
    let golden: Value = serde_json::from_str(include_str!("golden/wire.json")).unwrap();
    let pressed = golden["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["type"] == "pressed")
        .unwrap()
        .clone();
    each_start(|b| {
        let settings = json!({"schema": 1, "cloud": "worldwide", "needed": ["EWS", "POP", "IMAP"],
            "practice_date": "2022-10-15"});
        b.disk
            .store
            .borrow_mut()
            .learn(Area::Local, "settings", Some(settings));
        let first = b.send(&m365(), pressed.clone());
        assert_eq!(first["accepted"], true, "{first}");
        let waiting = b.pending();
        b.restart();
        assert_eq!(b.send(&m365(), pressed.clone()), first);
        assert_eq!(b.pending(), waiting, "the same wait");
        // Positive control: the same press with a new id is a second press, refused because
        // one is waiting.
        let mut second = pressed.clone();
        second["press"]["id"] = "another-press".into();
        assert_eq!(b.send(&m365(), second)["accepted"], false);
    });
}

#[test]
fn a_malformed_delivery_id_is_refused_and_writes_nothing() {
    each_start(|b| {
        let mut press = switch_pressed("organization", None, false, true, true);
        press["press"]["id"] = "<not an id>".into();
        let refused = b.send(&exchange(), press);
        assert_eq!(refused["ok"], false);
        assert!(b.pending().is_none());
        assert!(b.stored(Area::Local, "delivered").is_none());
        // Positive control.
        assert_eq!(b.press("organization", false, true)["accepted"], true);
    });
}

// ---- One name per thing (issue 33): the upgrade keeps what an installed AuthPilot remembered ----

#[test]
fn an_installed_authpilots_helper_state_is_kept_across_the_upgrade_to_layout_3() {
    each_start(|b| {
        {
            let mut disk = b.disk.store.borrow_mut();
            disk.learn(Area::Local, "store_schema", Some(json!(2)));
            disk.learn(
                Area::Local,
                "overlay",
                Some(json!({"minimised": true, "closed": false, "right": true, "lift": 300})),
            );
        }
        // The first message after the upgrade (a page of the admin center) already reads it.
        let answer = b.send(&exchange(), page_present("/settings"));
        assert_eq!(
            answer["helper"],
            json!({"minimised": true, "closed": false, "right": true, "lift": 300}),
            "{answer}"
        );
        assert_eq!(b.stored(Area::Local, "store_schema"), Some(json!(3)));
        assert_eq!(b.stored(Area::Local, "overlay"), None);
        assert_eq!(
            b.stored(Area::Local, "helper").unwrap()["lift"],
            300,
            "moved, not lost"
        );
        // And the next step reads the store in parts again, not whole.
        b.send(&exchange(), page_present("/settings"));
        assert_eq!(b.stored(Area::Local, "store_schema"), Some(json!(3)));
    });
}
