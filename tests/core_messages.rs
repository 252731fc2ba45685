//! One typed protocol: every request to the worker, every message to the content script and
//! every answer is a type in `core::messages`, written by one side and read by the other. These
//! tests pin the JSON shapes (what `chrome.runtime` carries, and what the plain-JS content
//! script reads by field name) and show that anything else is refused.
use authpilot::core::log::{Action, Outcome};
use authpilot::core::messages::answers::{self, Refusal};
use authpilot::core::messages::{ExportFormat, HelperPrefs, Request, TabMessage};
use authpilot::core::protocols::Protocol;
use authpilot::core::walkthrough::PageElement;
use serde_json::{json, Value};

fn round_trip(request: Request, shape: Value) {
    assert_eq!(request.to_wire(), shape, "{request:?}");
    assert_eq!(Request::from_wire(shape).unwrap(), request);
}

#[test]
fn every_request_has_one_shape_both_ways() {
    round_trip(
        Request::PagePresent {
            route: "/homepage".into(),
        },
        json!({"type": "page-present", "route": "/homepage"}),
    );
    round_trip(
        Request::TabStatus { tab_id: 7 },
        json!({"type": "tab-status", "tabId": 7}),
    );
    round_trip(
        Request::LogUpdate {
            target: "a".into(),
            outcome: Outcome::Succeeded,
            id: "b".into(),
        },
        json!({"type": "log-update", "target": "a", "outcome": "succeeded", "id": "b"}),
    );
    round_trip(Request::LogSummary {}, json!({"type": "log-summary"}));
    round_trip(
        Request::LogHistory {
            protocol: Protocol::Imap,
        },
        json!({"type": "log-history", "protocol": "IMAP"}),
    );
    round_trip(
        Request::LogExport {
            format: ExportFormat::Csv,
        },
        json!({"type": "log-export", "format": "csv"}),
    );
    round_trip(
        Request::LogImport { text: "{}".into() },
        json!({"type": "log-import", "text": "{}"}),
    );
    round_trip(
        Request::Prefill {
            tab_id: Some(3),
            submit: true,
        },
        json!({"type": "prefill", "tabId": 3, "submit": true}),
    );
    round_trip(
        Request::Prefill {
            tab_id: None,
            submit: false,
        },
        json!({"type": "prefill", "tabId": null, "submit": false}),
    );
    round_trip(Request::HelperView {}, json!({"type": "helper-view"}));
    round_trip(
        Request::SwitchResult {
            id: "r1".into(),
            press: "p1".into(),
            text: "Saved".into(),
            kind: None,
            sent: false,
            lang: None,
        },
        json!({"type": "switch-result", "id": "r1", "press": "p1", "text": "Saved", "kind": null, "sent": false, "lang": null}),
    );
    round_trip(
        Request::SwitchResult {
            id: "r2".into(),
            press: "p1".into(),
            text: "Die Änderungen wurden nicht gespeichert.".into(),
            kind: Some(authpilot::core::page::words::MessageKind::Error),
            sent: false,
            lang: Some("de-DE".into()),
        },
        json!({"type": "switch-result", "id": "r2", "press": "p1", "text": "Die Änderungen wurden nicht gespeichert.", "kind": "error", "sent": false, "lang": "de-DE"}),
    );
    round_trip(
        Request::NameMailbox {
            id: "n1".into(),
            address: "scanner@contoso.com".into(),
        },
        json!({"type": "name-mailbox", "id": "n1", "address": "scanner@contoso.com"}),
    );
}

#[test]
fn unknown_or_malformed_requests_are_refused() {
    for bad in [
        json!({"type": "log-wipe"}),
        json!({"type": "log-summary", "extra": 1}),
        json!({"type": "log-history", "protocol": "SMTP-ish"}),
        json!({"type": "tab-status"}),
        json!({"route": "/homepage"}),
        // An admin's action without its delivery id (issue 31).
        json!({"type": "name-mailbox", "address": "scanner@contoso.com"}),
        json!({"type": "switch-result", "id": "r1", "text": "Saved", "kind": null, "sent": false}),
        json!("log-summary"),
    ] {
        assert!(Request::from_wire(bad.clone()).is_err(), "{bad} accepted");
    }
    let refusal = serde_json::to_value(Refusal::new("no")).unwrap();
    assert_eq!(refusal, json!({"ok": false, "error": "no"}));
}

#[test]
fn messages_to_the_content_script_have_the_shapes_it_reads() {
    let shapes = [
        (
            TabMessage::Prefill {
                query: "Diag: Enable Basic Auth in EXO".into(),
                submit: true,
            },
            json!({"type": "prefill", "query": "Diag: Enable Basic Auth in EXO", "submit": true}),
        ),
        (
            TabMessage::Helper {
                prefs: HelperPrefs {
                    minimised: true,
                    closed: false,
                    right: true,
                    lift: 240,
                },
                show: true,
            },
            json!({"type": "helper-prefs", "prefs": {"minimised": true, "closed": false, "right": true, "lift": 240}, "show": true}),
        ),
        (TabMessage::PageReport {}, json!({"type": "page-report"})),
    ];
    for (message, shape) in shapes {
        assert_eq!(serde_json::to_value(&message).unwrap(), shape);
        assert_eq!(
            serde_json::from_value::<TabMessage>(shape).unwrap(),
            message
        );
    }
    // The helper's stored preferences: old or partial values still read.
    assert_eq!(
        serde_json::from_value::<HelperPrefs>(json!({})).unwrap(),
        HelperPrefs::default()
    );
}

#[test]
fn answers_the_content_script_reads_keep_their_field_names() {
    let observed = answers::Observed {
        highlight: Some(PageElement::SearchBox),
        prefill: Some(answers::PrefillAsk {
            query: "q".into(),
            submit: true,
        }),
        recheck_ms: Some(1000),
        show_helper: true,
    };
    assert_eq!(
        serde_json::to_value(observed).unwrap(),
        json!({"highlight": "search-box", "prefill": {"query": "q", "submit": true}, "recheck_ms": 1000, "show_helper": true})
    );
    let refused = answers::Pressed {
        accepted: false,
        reason: Some("why".into()),
        protocol: None,
        action: None,
    };
    assert_eq!(
        serde_json::to_value(refused).unwrap(),
        json!({"accepted": false, "reason": "why"})
    );
    let accepted = answers::Pressed {
        accepted: true,
        reason: None,
        protocol: Some(Protocol::Pop),
        action: Some(Action::ReEnable),
    };
    assert_eq!(
        serde_json::to_value(accepted).unwrap(),
        json!({"accepted": true, "protocol": "POP", "action": "re-enable"})
    );
    // The content script's pre-fill reply, both ways it comes.
    let failed: answers::PrefillReply =
        serde_json::from_value(json!({"ok": false, "error": "help-button"})).unwrap();
    assert_eq!(
        (failed.ok, failed.error.as_deref()),
        (false, Some("help-button"))
    );
    let filled: answers::PrefillReply =
        serde_json::from_value(json!({"ok": true, "filled": true, "submitted": false})).unwrap();
    assert!(filled.ok && filled.filled && !filled.submitted);
}

#[test]
fn a_pre_fill_error_names_the_element_in_the_admins_words() {
    use authpilot::core::walkthrough::prefill_error;
    assert_eq!(
        prefill_error("help-button"),
        "AuthPilot cannot see the Help & support button on this page. Carry on by hand and record what you did."
    );
    assert!(prefill_error("search-box").starts_with("AuthPilot cannot see the "));
    assert!(prefill_error("anything else")
        .starts_with("The admin center page did not accept the query"));
}

#[test]
fn a_request_with_a_field_the_core_does_not_know_is_refused() {
    for bad in [
        json!({"type": "page-present", "route": "/homepage", "unknown_field": 1}),
        json!({"type": "switch-result", "text": "Saved", "kind": null, "sent": false, "saved": true}),
        json!({"type": "name-mailbox", "address": "a@contoso.com", "evil": true}),
    ] {
        assert!(Request::from_wire(bad.clone()).is_err(), "{bad} accepted");
    }
}

#[test]
fn every_payload_the_content_script_sends_decodes_strictly_into_the_cores_types() {
    // tests/golden/wire.json: the content script's messages (held to what the content script
    // builds by tests/adapter/cues.test.mjs; decoded by the worker's own decoder in
    // tests/web_glue.rs). Natively, serde refuses any key the core does not declare.
    let golden: Value = serde_json::from_str(include_str!("golden/wire.json")).unwrap();
    let messages = golden["messages"].as_array().unwrap();
    for message in messages {
        let request = Request::from_wire(message.clone())
            .unwrap_or_else(|e| panic!("{message} refused: {e}"));
        assert_eq!(request.to_wire()["type"], message["type"]);
    }
    // Every kind the content script sends is there.
    let kinds: std::collections::BTreeSet<&str> = messages
        .iter()
        .map(|m| m["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "observe",
            "page-present",
            "pressed",
            "switch-pressed",
            "switch-result"
        ]
    );
}

#[test]
fn a_dragged_helper_docks_to_the_nearer_side_at_the_height_it_was_left() {
    use authpilot::core::messages::{Dropped, HelperChange, MAX_LIFT};
    let start = HelperPrefs {
        minimised: true,
        ..HelperPrefs::default()
    };
    let drop = |left, gap| {
        HelperChange::Place(Dropped {
            left,
            width: 360,
            gap,
            viewport_width: 1280,
        })
    };
    // Its middle right of the window's middle: the right side, 300 px up; minimised stays.
    let placed = start.apply(drop(700, 300));
    assert!(placed.right && placed.minimised);
    assert_eq!(placed.lift, 300);
    // Its middle just left of the middle: the left side.
    assert!(!start.apply(drop(459, 300)).right);
    assert!(start.apply(drop(461, 300)).right);
    // Dragged below the window or far above it: kept on screen.
    assert_eq!(start.apply(drop(16, -50)).lift, 0);
    assert_eq!(start.apply(drop(16, 90_000)).lift, MAX_LIFT);
    // The drop as the helper page sends it: unknown fields refused.
    let wire = json!({"left": 10, "width": 360, "gap": 16, "viewport_width": 1280});
    assert!(serde_json::from_value::<Dropped>(wire).is_ok());
    let extra = json!({"left": 10, "width": 360, "gap": 16, "viewport_width": 1280, "x": 1});
    assert!(serde_json::from_value::<Dropped>(extra).is_err());
    // Moving and dragging are both remembered changes the worker writes.
    let wire = serde_json::to_value(Request::Helper {
        change: drop(700, 300),
        tab_id: None,
    })
    .unwrap();
    assert_eq!(wire["helper"]["change"]["place"]["gap"], 300, "{wire}");
}

#[test]
fn the_delivery_policy_is_the_one_the_content_script_starts_with() {
    let golden: Value = serde_json::from_str(include_str!("golden/delivery.json")).unwrap();
    assert_eq!(
        serde_json::to_value(authpilot::core::delivery::POLICY).unwrap(),
        golden["policy"]
    );
}
