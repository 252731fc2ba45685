//! What the popup shows, rendered by the core without a browser.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::messages::{check_sender, Origin, Request, Sender, SenderTab};
use authpilot::core::page::hosts::classify;
use authpilot::core::popup::{render, PopupModel};
use authpilot::core::settings::{FieldError, Settings, SettingsForm};
use authpilot::core::time::Instant;
use authpilot::core::view::Node;

fn model(url: &str, settings: Settings) -> PopupModel {
    PopupModel {
        content_script_seen: true,
        ..PopupModel::new(
            classify(url),
            authpilot::core::settings::Loaded::Stored(settings),
            Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
        )
    }
}

fn attr<'a>(view: &'a Node, id: &str, name: &str) -> &'a str {
    view.find("id", id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .get_attr(name)
        .unwrap()
}

#[test]
fn on_the_admin_center_the_popup_names_host_and_cloud() {
    let view = render(&model(
        "https://admin.cloud.microsoft/#/homepage",
        Settings::default(),
    ));
    let text = view.text_content();
    assert!(text.contains("On the admin center — admin.cloud.microsoft (Worldwide (commercial) cloud per your settings)"));
    assert!(text.contains("AuthPilot is active on this page."));
    assert!(!text.contains("Open admin center"));
    assert_eq!(attr(&view, "phase", "data-phase"), "retired");
    assert!(text.contains("What happened in 2022"));
}

#[test]
fn elsewhere_the_popup_offers_to_open_the_chosen_clouds_admin_center() {
    let view = render(&model(
        "https://login.microsoftonline.com/",
        Settings {
            cloud: authpilot::core::cloud::Cloud::GccHigh,
            ..Settings::default()
        },
    ));
    let button = view
        .find("data-action", "open-admin-center")
        .expect("button");
    assert_eq!(
        button.get_attr("data-url"),
        Some("https://portal.office365.us/adminportal/home")
    );
    assert!(view.text_content().contains("Not on the admin center."));
}

#[test]
fn a_practice_date_drives_the_guidance_and_the_board_marks_needed_protocols() {
    let settings = Settings::from_form(&SettingsForm {
        cloud: "worldwide".into(),
        needed: vec!["POP".into(), "IMAP".into()],
        practice_date: "2022-10-15".into(),
        ..Default::default()
    })
    .unwrap();
    let view = render(&model("https://admin.microsoft.com/", settings));
    assert_eq!(attr(&view, "phase", "data-phase"), "re-enable");
    let html = view.to_html();
    assert!(html.contains("Practice date 2022-10-15"));
    assert!(html.contains("<tr data-protocol=\"POP\" class=\"needed\">"));
    assert!(html.contains("<tr data-protocol=\"EAS\" class=\"\">"));
    assert!(html.contains("<input type=\"date\" id=\"practice_date\" name=\"practice_date\" min=\"2021-01-01\" max=\"2099-12-31\" value=\"2022-10-15\">"));
}

#[test]
fn form_errors_and_storage_problems_are_shown_next_to_the_form() {
    let mut m = model("https://admin.microsoft.com/", Settings::default());
    m.form_errors = vec![FieldError {
        field: "needed",
        message: "Choose at least one protocol your mail product uses.".into(),
    }];
    m.loaded = Settings::load(Some(&serde_json::json!({"schema": 9})));
    m.notice = Some("Settings not saved.".into());
    let view = render(&m);
    assert_eq!(
        view.find("id", "needed-error")
            .map(|e| Node::from(e.clone()).text_content())
            .unwrap(),
        "Choose at least one protocol your mail product uses."
    );
    assert!(view.text_content().contains("newer AuthPilot (schema 9"));
    assert_eq!(attr(&view, "notice", "aria-live"), "polite");
}

#[test]
fn the_worker_accepts_only_its_own_pages_and_its_content_script_on_the_admin_center() {
    let own = "abcdefghijklmnopabcdefghijklmnop";
    let content = |url: &str, id: &str| Sender {
        id: Some(id.into()),
        url: Some(url.into()),
        tab: Some(SenderTab { id: 7 }),
        frame_id: Some(0),
    };
    assert!(matches!(
        check_sender(&content("https://admin.microsoft.com/#/homepage", own), own),
        Ok(Origin::AdminCenterPage {
            tab_id: 7,
            frame_id: 0,
            ..
        })
    ));
    assert!(check_sender(&content("https://evil.test/", own), own).is_err());
    assert!(check_sender(
        &content("https://admin.microsoft.com/", "otherextension"),
        own
    )
    .is_err());
    assert!(check_sender(&Sender::default(), own).is_err());
    let popup = Sender {
        id: Some(own.into()),
        url: Some(format!("chrome-extension://{own}/popup.html")),
        ..Default::default()
    };
    assert_eq!(
        check_sender(&popup, own),
        Ok(Origin::ExtensionPage { tab_id: None })
    );
    let imposter = Sender {
        id: Some(own.into()),
        url: Some("chrome-extension://someoneelse/popup.html".into()),
        ..Default::default()
    };
    assert!(check_sender(&imposter, own).is_err());

    let parse = Request::from_wire;
    assert_eq!(
        parse(serde_json::json!({"type": "tab-status", "tabId": 3})).unwrap(),
        Request::TabStatus { tab_id: 3 }
    );
    assert!(parse(serde_json::json!({"type": "tab-status"})).is_err());
    assert!(parse(serde_json::json!({"type": "page-present", "route": "/x", "extra": 1})).is_err());
    assert!(parse(serde_json::json!({"type": "delete-everything"})).is_err());
}

#[test]
fn a_refused_form_is_shown_again_as_the_admin_entered_it() {
    use authpilot::core::log::ManualForm;
    let mut m = model("https://admin.microsoft.com/", Settings::default());
    m.record_errors = vec![FieldError {
        field: "local_time",
        message: "Enter the date and time the action was taken.".into(),
    }];
    m.record_form = Some(ManualForm {
        protocol: "IMAP".into(),
        action: "opt-out".into(),
        outcome: "failed".into(),
        local_time: String::new(),
        utc_offset_minutes: 0,
        tenant: "contoso".into(),
        note: "ticket 42".into(),
        mc437540_seen: true,
        ..Default::default()
    });
    let bad = SettingsForm {
        cloud: "gcc".into(),
        needed: vec!["POP".into()],
        practice_date: "2022-02-30".into(),
        ..Default::default()
    };
    m.form_errors = Settings::from_form(&bad).unwrap_err();
    m.settings_form = Some(bad);
    let html = render(&m).to_html();
    for kept in [
        "<option value=\"IMAP\" selected=\"\">",
        "<option value=\"opt-out\" selected=\"\">",
        "<option value=\"failed\" selected=\"\">",
        "value=\"contoso\"",
        ">ticket 42</textarea>",
        "name=\"mc437540_seen\" checked=\"\"",
        "<details id=\"record\" open=\"\">",
        "<option value=\"gcc\" selected=\"\">",
        "value=\"POP\" checked=\"\"",
        "value=\"2022-02-30\"",
    ] {
        assert!(html.contains(kept), "{kept} not in the redrawn popup");
    }
    assert!(
        !html.contains("value=\"EWS\" checked=\"\""),
        "the stored EWS is not re-ticked"
    );
}
