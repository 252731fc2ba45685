//! Settings: validation with a clear message per field, stored with a schema version, and
//! damaged or newer stored data reported without being overwritten.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::protocols::Protocol;
use authpilot::core::settings::{Loaded, Settings, SettingsForm, SETTINGS_SCHEMA};
use authpilot::core::time::{Date, Instant};
use serde_json::json;

fn form(cloud: &str, needed: &[&str], date: &str) -> SettingsForm {
    SettingsForm {
        cloud: cloud.into(),
        needed: needed.iter().map(|s| s.to_string()).collect(),
        practice_date: date.into(),
        ..Default::default()
    }
}

#[test]
fn defaults_are_worldwide_mail_reading_protocols_and_today() {
    let d = Settings::default();
    assert_eq!(d.cloud, Cloud::Worldwide);
    assert_eq!(d.needed, vec![Protocol::Ews, Protocol::Pop, Protocol::Imap]);
    assert_eq!(d.practice_date, None);
    let now = Instant::parse_rfc3339("2026-11-27T22:00:00Z").unwrap();
    assert_eq!(d.effective_instant(now), now);
    assert_eq!(Settings::load(None), Loaded::Fresh(d));
}

#[test]
fn a_valid_form_is_normalised_and_round_trips_through_storage() {
    let s = Settings::from_form(&form("gcc", &["imap4", "EWS", "IMAP"], "2022-09-15")).unwrap();
    assert_eq!(s.needed, vec![Protocol::Ews, Protocol::Imap]);
    assert_eq!(s.practice_date, Some(Date::new(2022, 9, 15).unwrap()));
    assert_eq!(
        s.effective_instant(Instant::from_unix_seconds(0))
            .to_rfc3339(),
        "2022-09-15T12:00:00Z"
    );
    let stored = s.to_stored();
    assert_eq!(
        stored,
        json!({"schema": SETTINGS_SCHEMA, "cloud": "gcc", "needed": ["EWS", "IMAP"], "practice_date": "2022-09-15",
               "smtp_senders": [], "deadline_reminders": true, "device_test_reminders": true})
    );
    assert_eq!(Settings::load(Some(&stored)), Loaded::Stored(s));
}

#[test]
fn smtp_senders_and_reminders_are_validated_stored_and_read_from_older_settings() {
    let mut f = form("worldwide", &["IMAP"], "");
    f.smtp_senders = "Scanner@Contoso.com\nprinter@contoso.com\n".into();
    f.device_test_reminders = false;
    let s = Settings::from_form(&f).unwrap();
    assert_eq!(
        s.smtp_senders,
        ["scanner@contoso.com", "printer@contoso.com"]
    );
    assert!(s.deadline_reminders && !s.device_test_reminders);
    let stored = s.to_stored();
    assert_eq!(Settings::load(Some(&stored)), Loaded::Stored(s.clone()));
    // A bad address refuses the whole form, naming the line.
    f.smtp_senders = "scanner@contoso.com\nscanner at contoso".into();
    let errors = Settings::from_form(&f).unwrap_err();
    assert_eq!(errors[0].field, "smtp_senders");
    assert!(
        errors[0].message.contains("Line 2"),
        "{}",
        errors[0].message
    );
    // Settings stored before SMTP AUTH existed: no senders, reminders on.
    let old = json!({"schema": 1, "cloud": "gcc", "needed": ["EWS"], "practice_date": null});
    let loaded = Settings::load(Some(&old));
    let s = loaded.settings();
    assert!(s.smtp_senders.is_empty() && s.deadline_reminders && s.device_test_reminders);
}

#[test]
fn every_bad_field_is_named_in_one_answer() {
    let errors = Settings::from_form(&form("mars", &["SMTP"], "2022-02-30")).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["cloud", "needed", "practice_date"]);
    assert!(errors[0].message.contains("\"mars\" is not a cloud"));
    assert!(errors[1]
        .message
        .contains("\"SMTP\" is not one of the diagnostic's protocols"));
    assert!(errors[2].message.contains("no day 30"));

    let none = Settings::from_form(&form("worldwide", &[], "")).unwrap_err();
    assert_eq!(
        none[0].message,
        "Choose at least one protocol your mail product uses."
    );
    let early = Settings::from_form(&form("worldwide", &["POP"], "2019-05-01")).unwrap_err();
    assert!(early[0]
        .message
        .contains("outside 2021-01-01 to 2099-12-31"));
    let garbled = Settings::from_form(&form("worldwide", &["POP"], "15/09/2022")).unwrap_err();
    assert!(garbled[0].message.contains("YYYY-MM-DD"));
}

#[test]
fn damaged_or_newer_stored_settings_fall_back_to_defaults_with_a_reason() {
    let cases = [
        (json!("text"), "not an object"),
        (json!({"cloud": "gcc"}), "no schema version"),
        (
            json!({"schema": 2, "cloud": "gcc", "needed": ["POP"]}),
            "newer AuthPilot (schema 2",
        ),
        (
            json!({"schema": 1, "cloud": "gcc", "needed": [7]}),
            "damaged",
        ),
        (
            json!({"schema": 1, "cloud": "moon", "needed": ["POP"]}),
            "damaged",
        ),
    ];
    for (value, reason) in cases {
        let loaded = Settings::load(Some(&value));
        assert_eq!(loaded.settings(), &Settings::default(), "{value}");
        let problem = loaded.problem().unwrap_or_default();
        assert!(problem.contains(reason), "{value}: {problem}");
    }
}
