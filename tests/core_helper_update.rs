//! The helper on the worker's pattern (issue 25), driven through its messages as its page
//! drives it: each `HelperMsg` goes through `core::helper::update::update`; its requests are
//! answered by the worker's core (tests/support/worker.rs) and come back typed; what it shows
//! is `HelperPage::model` rendered by `core::helper::render`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/worker.rs"]
mod support;

use authpilot::core::helper::render;
use authpilot::core::helper::update::{update, HelperEffect, HelperMsg, HelperPage, HelperReply};
use authpilot::core::messages::answers::Answer;
use authpilot::core::messages::{HelperChange, Origin, PageMessage, Request};
use authpilot::core::page::hosts::classify;
use authpilot::core::page::report::PageReport;
use authpilot::core::time::Instant;
use support::Worker;

const NOW_MS: f64 = 1_796_294_000_000.0; // 2026-12-03
const TAB: i64 = 7;

fn exchange() -> Origin {
    Origin::AdminCenterPage {
        tab_id: TAB,
        frame_id: 0,
        location: classify("https://admin.exchange.microsoft.com/#/settings"),
    }
}

/// The helper's iframe in tab 7.
fn frame() -> Origin {
    Origin::ExtensionPage { tab_id: Some(TAB) }
}

struct Helper {
    page: HelperPage,
    worker: Worker,
    /// Effects other than requests to the worker.
    done: Vec<HelperEffect>,
}

impl Helper {
    /// A helper in an Exchange admin center tab the content script reported from.
    fn new() -> Helper {
        let worker = Worker::new(NOW_MS);
        let present = Request::PagePresent {
            route: "#/settings".into(),
        };
        worker
            .ask(&exchange(), &present)
            .expect("the page is present");
        let mut helper = Helper {
            page: HelperPage::default(),
            worker,
            done: Vec::new(),
        };
        helper.send(HelperMsg::Start);
        assert_eq!(
            helper.take_done(),
            vec![HelperEffect::Connect],
            "connected before its first request"
        );
        assert!(helper.page.ready());
        helper
    }

    fn ask_view(&mut self) {
        let view = match self.worker.ask(&frame(), &Request::HelperView {}) {
            Ok(Answer::HelperView(v)) => Ok(v),
            Ok(other) => panic!("{other:?}"),
            Err(e) => Err(e),
        };
        self.send(HelperMsg::View(Box::new(view)));
    }

    fn send(&mut self, msg: HelperMsg) {
        let mut queue = vec![msg];
        while let Some(msg) = queue.pop() {
            for effect in update(&mut self.page, msg) {
                match effect {
                    HelperEffect::Ask(request, reply) => {
                        let answer = Box::new(self.worker.ask(&frame(), &request));
                        queue.push(HelperMsg::Answered { reply, answer });
                    }
                    other => self.done.push(other),
                }
            }
        }
    }

    fn take_done(&mut self) -> Vec<HelperEffect> {
        std::mem::take(&mut self.done)
    }

    fn shown(&self) -> String {
        format!(
            "{:?}",
            render(&self.page.model(Instant::from_unix_millis(NOW_MS)))
        )
    }
}

#[test]
fn minimise_is_written_by_the_worker_and_a_new_helper_starts_minimised() {
    let mut helper = Helper::new();
    assert_eq!(helper.page.tab_id, Some(TAB));
    assert!(
        !helper
            .page
            .model(Instant::from_unix_millis(NOW_MS))
            .minimised
    );
    helper.send(HelperMsg::Change(HelperChange::Minimise));
    assert!(helper.page.prefs.minimised);
    assert!(
        helper
            .page
            .model(Instant::from_unix_millis(NOW_MS))
            .minimised
    );
    assert!(helper.shown().contains("minimised"), "{}", helper.shown());

    // The page reloads: a new helper's first view carries what the worker wrote.
    let mut again = Helper {
        page: HelperPage::default(),
        worker: helper.worker,
        done: Vec::new(),
    };
    again.ask_view();
    assert!(again.page.prefs.minimised);
    again.send(HelperMsg::Change(HelperChange::Restore));
    assert!(!again.page.prefs.minimised);
    again.send(HelperMsg::Change(HelperChange::Dock));
    assert!(again.page.prefs.right, "docked to the other side");
}

#[test]
fn a_mailbox_named_with_nothing_waiting_is_refused_in_the_workers_words() {
    let mut helper = Helper::new();
    helper.send(HelperMsg::NameMailbox {
        id: "n1".into(),
        address: "scanner2@contoso.com".into(),
    });
    let notice = helper.page.notice.clone().expect("a notice");
    assert!(!notice.is_empty());
    assert!(helper.shown().contains(&notice), "the refusal is shown");
}

#[test]
fn the_page_report_is_asked_of_the_tab_formatted_in_the_core_and_copied() {
    let mut helper = Helper {
        page: HelperPage::default(),
        worker: Worker::new(NOW_MS),
        done: Vec::new(),
    };
    // Before any view the helper does not know its tab: it says the report failed.
    helper.send(HelperMsg::CopyReport);
    assert!(helper.done.is_empty());
    assert!(helper.page.notice.is_some());

    let mut helper = Helper::new();
    helper.send(HelperMsg::CopyReport);
    assert_eq!(helper.done, vec![HelperEffect::AskPageReport(TAB)]);
    let report: PageReport = serde_json::from_value(serde_json::json!({
        "host": "admin.exchange.microsoft.com",
        "route": "#/settings",
        "lang": "ja",
        "elements": [{"element": "help-button", "found_by": null}],
        "controls": []
    }))
    .unwrap();
    helper.done.clear();
    helper.send(HelperMsg::PageReport(Box::new(Ok(report))));
    let [HelperEffect::Copy(text)] = helper.done.as_slice() else {
        panic!("{:?}", helper.done);
    };
    assert!(text.contains("admin.exchange.microsoft.com"), "{text}");
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    helper.send(HelperMsg::Copied(Ok(())));
    let copied = helper.page.notice.clone().unwrap();
    helper.send(HelperMsg::Copied(Err("denied".into())));
    assert_ne!(
        helper.page.notice.clone().unwrap(),
        copied,
        "a failure says so"
    );
}

#[test]
fn record_manually_opens_the_popup_about_this_tab() {
    let mut helper = Helper::new();
    helper.send(HelperMsg::OpenPopup("record".into()));
    helper.send(HelperMsg::OpenUrl(
        "https://admin.exchange.microsoft.com/#/settings".into(),
    ));
    assert_eq!(
        helper.done,
        vec![
            HelperEffect::OpenTab(format!("popup.html?tab={TAB}#record")),
            HelperEffect::OpenTab("https://admin.exchange.microsoft.com/#/settings".into()),
        ]
    );
}

#[test]
fn the_helper_names_the_switchs_last_recording_with_when() {
    let mut helper = Helper::new();
    let wire = |v: serde_json::Value| Request::from_wire(v).expect("a payload the worker reads");
    // The organisation's box on screen, then the admin's Save and the page's saved message.
    let observe = wire(
        serde_json::json!({"type": "observe", "snapshot": {"route": "/settings",
        "help_button": false, "pane_open": false, "search_box": false, "query": "", "card": false,
        "run_tests": false, "form_label": null, "selected": null, "acknowledged": false,
        "update_enabled": false, "disabled_list": [], "card_texts": [], "busy": false,
        "lang": "en-US", "messages": [], "search_solutions": null, "since_load_ms": 900,
        "switch": {"scope": "organization", "mailbox": null, "checked": false}}}),
    );
    helper.worker.ask(&exchange(), &observe).expect("observed");
    helper.ask_view();
    assert!(
        helper.shown().contains("nothing recorded"),
        "{}",
        helper.shown()
    );
    let press = wire(
        serde_json::json!({"type": "switch-pressed", "press": {"id": "p-1",
        "trusted": true, "in_panel": true, "scope": "organization", "mailbox": null,
        "before": false, "after": true, "lang": "en-US", "save_by": "primary button"}}),
    );
    helper.worker.ask(&exchange(), &press).expect("accepted");
    let saved = wire(
        serde_json::json!({"type": "switch-result", "id": "r-1", "press": "p-1",
        "text": "Your change has been saved.", "kind": "success", "sent": false, "lang": "en-US"}),
    );
    helper.worker.ask(&exchange(), &saved).expect("settled");
    helper.ask_view();
    assert!(
        helper
            .shown()
            .contains("Last recorded here: turned off, Succeeded, 2026-12-03 10:33 UTC."),
        "{}",
        helper.shown()
    );
}

#[test]
fn the_first_view_is_asked_for_once_connected_and_a_wake_reconnects_only_for_its_own_tab() {
    let mut page = HelperPage::default();
    assert!(!page.ready());
    assert_eq!(
        update(&mut page, HelperMsg::Start),
        vec![
            HelperEffect::Connect,
            HelperEffect::Ask(Box::new(Request::HelperView {}), HelperReply::View)
        ]
    );
    assert!(page.connected);

    let mut helper = Helper::new();
    // With the port open, a change is pushed: a wake asks nothing.
    let mine = PageMessage::ViewsChanged { tab: Some(TAB) };
    assert!(update(&mut helper.page, HelperMsg::Woken(mine.clone())).is_empty());
    // Chrome stopped the worker: the port closed.
    helper.send(HelperMsg::PortClosed);
    assert!(!helper.page.connected);
    let other = PageMessage::ViewsChanged { tab: Some(TAB + 1) };
    assert!(
        update(&mut helper.page, HelperMsg::Woken(other)).is_empty(),
        "another tab's change starts nothing"
    );
    assert_eq!(
        update(&mut helper.page, HelperMsg::Woken(mine)),
        vec![
            HelperEffect::Connect,
            HelperEffect::Ask(Box::new(Request::HelperView {}), HelperReply::View)
        ]
    );
    helper.send(HelperMsg::PortClosed);
    assert_eq!(
        update(
            &mut helper.page,
            HelperMsg::Woken(PageMessage::ViewsChanged { tab: None })
        )
        .len(),
        2,
        "every tab's change wakes it"
    );
    // A request while the port is closed connects first.
    helper.send(HelperMsg::PortClosed);
    helper.send(HelperMsg::Change(HelperChange::Minimise));
    assert_eq!(helper.take_done(), vec![HelperEffect::Connect]);
    assert!(helper.page.prefs.minimised);
}

#[test]
fn a_pushed_view_is_read_as_an_answer_is_and_a_refusal_is_said() {
    let mut helper = Helper::new();
    helper.send(HelperMsg::Change(HelperChange::Minimise));
    // The worker pushes the view on the port as it answers a request: `{ok: true, ...view}`.
    let Ok(Answer::HelperView(view)) = helper.worker.ask(&frame(), &Request::HelperView {}) else {
        panic!("a view");
    };
    let mut wire = serde_json::to_value(&view).unwrap();
    wire["ok"] = serde_json::Value::Bool(true);
    let mut fresh = HelperPage::default();
    update(&mut fresh, HelperMsg::Pushed(wire));
    assert!(fresh.ready());
    assert_eq!(fresh.tab_id, Some(TAB));
    assert!(
        fresh.prefs.minimised,
        "the remembered state comes with the view"
    );
    assert_eq!(
        fresh.view.as_ref().unwrap().as_ref().unwrap().settings,
        view.settings,
        "the settings in force, typed at both ends"
    );

    update(
        &mut fresh,
        HelperMsg::Pushed(serde_json::json!({"ok": false, "error": "storage is full"})),
    );
    let shown = format!(
        "{:?}",
        render(&fresh.model(Instant::from_unix_millis(NOW_MS)))
    );
    assert!(shown.contains("storage is full"), "{shown}");
    update(
        &mut fresh,
        HelperMsg::Pushed(serde_json::json!({"ok": true})),
    );
    assert!(
        fresh
            .view
            .as_ref()
            .unwrap()
            .as_ref()
            .is_err_and(|e| e.contains("could not be read")),
        "{:?}",
        fresh.view
    );
}
