//! The organisation's managed configuration (issue 14): each value checked like a typed-in
//! one, a bad one reported and ignored whole, valid ones winning over the admin's own and
//! locking their fields, entries saying they were made under it; the shipped schema declares
//! exactly these policies with one type each, and every example in docs/deployment.md is
//! valid against it and accepted by the core.

use authpilot::core::cloud::Cloud;
use authpilot::core::log::{Action, Draft, Outcome, Source};
use authpilot::core::managed::{field, policy, Managed};
use authpilot::core::protocols::Protocol;
use authpilot::core::settings::Settings;
use serde_json::{json, Value};

fn root(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn valid_values_win_over_the_admins_own_and_lock_their_fields() {
    let m = Managed::read(&json!({
        "Cloud": "gcc",
        "TenantName": "  Contoso Ltd ",
        "NeededProtocols": ["imap", "EWS", "IMAP"],
        "SmtpSenders": ["Scanner@Contoso.com", "printer-3f@contoso.com"],
        "DeadlineReminders": false,
        "AllowPracticeDate": false,
        "PopupNote": "Questions: IT desk, ext. 4410"
    }));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    assert!(m.in_force());
    assert_eq!(m.tenant.as_deref(), Some("Contoso Ltd"));
    let own = Settings {
        cloud: Cloud::Worldwide,
        needed: vec![Protocol::Pop],
        practice_date: authpilot::core::time::Date::new(2022, 9, 15).ok(),
        smtp_senders: vec!["me@contoso.com".into()],
        deadline_reminders: true,
        device_test_reminders: false,
    };
    let applied = m.apply(&own);
    assert_eq!(applied.cloud, Cloud::Gcc);
    assert_eq!(applied.needed, vec![Protocol::Ews, Protocol::Imap]);
    assert_eq!(applied.practice_date, None, "practice date not allowed");
    assert_eq!(
        applied.smtp_senders,
        vec!["scanner@contoso.com", "printer-3f@contoso.com"]
    );
    assert!(!applied.deadline_reminders);
    assert!(!applied.device_test_reminders, "unmanaged: the admin's own");
    for locked in [
        field::CLOUD,
        field::NEEDED,
        field::PRACTICE_DATE,
        field::SMTP_SENDERS,
        field::DEADLINE_REMINDERS,
    ] {
        assert!(m.locks(locked), "{locked}");
    }
    assert!(!m.locks(field::DEVICE_TEST_REMINDERS));
    // Saving the form keeps the admin's own stored values in locked fields (they are not
    // submitted) and takes the rest as typed.
    let mut typed = applied.to_form();
    typed.cloud = String::new();
    typed.needed = vec![];
    typed.device_test_reminders = true;
    let filled = m.fill_locked(typed, &own);
    let saved = Settings::from_form(&filled).unwrap();
    assert_eq!(saved.cloud, Cloud::Worldwide);
    assert_eq!(saved.needed, vec![Protocol::Pop]);
    assert_eq!(saved.practice_date, own.practice_date);
    assert!(saved.device_test_reminders);
}

#[test]
fn a_bad_value_is_reported_by_name_and_ignored_whole() {
    let m = Managed::read(&json!({
        "Cloud": "gcc-moderate",
        "NeededProtocols": ["IMAP", "FTP"],
        "SmtpSenders": ["scanner@contoso.com", "not an address"],
        "DeadlineReminders": "yes",
        "TenantName": "   ",
        "PopupNote": "x".repeat(501),
        "Colour": "blue",
        "DeviceTestReminders": true
    }));
    let named: Vec<&str> = m.problems.iter().map(|p| p.policy.as_str()).collect();
    for policy in [
        "Colour",
        "Cloud",
        "TenantName",
        "NeededProtocols",
        "SmtpSenders",
        "DeadlineReminders",
        "PopupNote",
    ] {
        assert!(named.contains(&policy), "{policy} not reported: {named:?}");
    }
    // Nothing of a bad value is applied (not even IMAP, or the good address).
    assert_eq!(
        (m.cloud, &m.needed, &m.smtp_senders, m.deadline_reminders),
        (None, &None, &None, None)
    );
    assert_eq!(m.device_test_reminders, Some(true), "the good one applies");
    let cloud = m.problems.iter().find(|p| p.policy == "Cloud").unwrap();
    assert_eq!(
        cloud.describe(),
        "Set by your organisation, but invalid: Cloud — “gcc-moderate” is not a cloud AuthPilot knows; use one of worldwide, gcc, gcc-high, dod, 21vianet. AuthPilot ignores it."
    );
    let own = Settings::default();
    assert_eq!(
        m.apply(&own),
        Settings {
            device_test_reminders: true,
            ..own
        }
    );
    // Nothing set at all: nothing in force, nothing reported.
    let none = Managed::read(&json!({}));
    assert!(!none.in_force() && none.problems.is_empty());
    assert!(Managed::read(&Value::Null).problems.is_empty());
}

#[test]
fn entries_made_under_a_managed_configuration_say_so() {
    let draft = Draft {
        id: "0123456789abcdef0123456789abcdef".into(),
        at: "2026-11-28T10:00:00Z".into(),
        protocol: Protocol::Imap,
        scope: None,
        mailbox: None,
        action: Action::ReEnable,
        outcome: Outcome::Succeeded,
        source: Source::Manual,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: None,
        message: None,
        note: Some("Practice date 2022-10-15.".into()),
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    };
    let m = Managed::read(&json!({"TenantName": "Contoso Ltd"}));
    let marked = m.mark(draft.clone());
    assert_eq!(marked.tenant.as_deref(), Some("Contoso Ltd"));
    assert_eq!(
        marked.note.as_deref(),
        Some("Practice date 2022-10-15. Recorded under your organisation's managed configuration.")
    );
    assert!(marked.validate().is_ok());
    // Marked once, the admin's own tenant kept, nothing when nothing is managed.
    assert_eq!(m.mark(marked.clone()).note, marked.note);
    let own_tenant = Draft {
        tenant: Some("Fabrikam".into()),
        ..draft.clone()
    };
    assert_eq!(m.mark(own_tenant).tenant.as_deref(), Some("Fabrikam"));
    assert_eq!(Managed::default().mark(draft.clone()), draft);
    // A note already at the limit keeps every word of the admin's and stays valid.
    let full = Draft {
        note: Some("n".repeat(authpilot::core::log::MAX_TEXT - 10)),
        ..draft.clone()
    };
    let kept = m.mark(full.clone());
    assert_eq!(kept.note, full.note);
    assert!(kept.validate().is_ok());
}

/// The shipped schema: Chrome's rules (an object at the top, no additionalProperties, one
/// type per schema) and exactly the policies the core reads, each with the type it expects.
#[test]
fn the_schema_declares_exactly_the_policies_the_core_reads() {
    let schema: Value = serde_json::from_str(&root("extension/managed_schema.json")).unwrap();
    assert_eq!(schema["type"], "object");
    assert!(schema.get("additionalProperties").is_none());
    let properties = schema["properties"].as_object().unwrap();
    let mut names: Vec<&str> = properties.keys().map(String::as_str).collect();
    let mut expected = policy::ALL.to_vec();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
    for (name, s) in properties {
        assert!(s["type"].is_string(), "{name}: one type");
        assert!(
            s["title"].is_string() && s["description"].is_string(),
            "{name}"
        );
        if s["type"] == "array" {
            assert_eq!(s["items"]["type"], "string", "{name}");
        }
    }
    let manifest: Value = serde_json::from_str(&root("extension/manifest.json")).unwrap();
    assert_eq!(manifest["storage"]["managed_schema"], "managed_schema.json");
}

/// A value against the schema's type for its policy (what Chrome checks before AuthPilot
/// sees anything).
fn schema_accepts(schema: &Value, name: &str, value: &Value) -> bool {
    let Some(s) = schema["properties"].get(name) else {
        return false;
    };
    match s["type"].as_str() {
        Some("string") => value.is_string(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string)),
        _ => false,
    }
}

/// The fenced blocks of one language in a Markdown file.
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
    let fence = format!("```{lang}\n");
    text.split(fence.as_str())
        .skip(1)
        .map(|rest| rest.split("\n```").next().unwrap())
        .collect()
}

/// A .reg example's AuthPilot policy values: string values, dwords as booleans, and a subkey
/// of numbered strings as a list.
fn reg_values(text: &str) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut list: Option<String> = None;
    let mut ours = false; // under 3rdparty\extensions\<id>\policy (the rest is the browser's)
    for line in text.lines().map(str::trim) {
        if let Some(key) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            ours = key.contains("\\3rdparty\\extensions\\");
            list = key
                .split_once("\\policy\\")
                .map(|(_, name)| name.to_string());
            if let Some(name) = &list {
                out.push((name.clone(), json!([])));
            }
            continue;
        }
        let Some((name, value)) = line.split_once('=').filter(|_| ours) else {
            continue;
        };
        let name = name.trim_matches('"').to_string();
        let value = if let Some(hex) = value.strip_prefix("dword:") {
            json!(u32::from_str_radix(hex, 16).unwrap() != 0)
        } else {
            json!(value.trim_matches('"').replace("\\\\", "\\"))
        };
        match &list {
            Some(l) => out
                .iter_mut()
                .find(|(n, _)| n == l)
                .unwrap()
                .1
                .as_array_mut()
                .unwrap()
                .push(value),
            None => out.push((name, value)),
        }
    }
    out
}

/// A configuration profile's (plist) AuthPilot values: the keys of the payload whose type is
/// the extension's domain, with strings, booleans and arrays of strings.
fn plist_values(text: &str) -> Vec<(String, Value)> {
    let start = text
        .find(".extensions.")
        .expect("payload type for the extension");
    let body = &text[start..];
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<key>") {
        let after = &rest[i + 5..];
        let (key, tail) = after.split_once("</key>").unwrap();
        let tail = tail.trim_start();
        let (value, next) = if let Some(t) = tail.strip_prefix("<string>") {
            let (v, n) = t.split_once("</string>").unwrap();
            (json!(v), n)
        } else if let Some(n) = tail.strip_prefix("<true/>") {
            (json!(true), n)
        } else if let Some(n) = tail.strip_prefix("<false/>") {
            (json!(false), n)
        } else if let Some(t) = tail.strip_prefix("<array>") {
            let (items, n) = t.split_once("</array>").unwrap();
            let list: Vec<Value> = items
                .split("<string>")
                .skip(1)
                .map(|s| json!(s.split("</string>").next().unwrap()))
                .collect();
            (Value::Array(list), n)
        } else {
            rest = tail;
            continue;
        };
        if policy::ALL.contains(&key) {
            out.push((key.to_string(), value));
        }
        rest = next;
    }
    out
}

/// The Intune script's values: the `$values` and `$lists` hashtables (`Name = 'text'`,
/// `Name = $true`, `Name = @('a', 'b')`).
fn powershell_values(text: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if line == "$values = @{" || line == "$lists = @{" {
            inside = true;
            continue;
        }
        if line == "}" {
            inside = false;
        }
        let Some((name, value)) = line.split_once(" = ").filter(|_| inside) else {
            continue;
        };
        let quoted = |t: &str| json!(t.trim().trim_matches('\'').replace("''", "'"));
        let value = match value {
            "$true" => json!(true),
            "$false" => json!(false),
            v if v.starts_with("@(") => Value::Array(
                v.trim_start_matches("@(")
                    .trim_end_matches(')')
                    .split(", ")
                    .map(quoted)
                    .collect(),
            ),
            v => quoted(v),
        };
        out.push((name.to_string(), value));
    }
    out
}

#[test]
fn every_example_in_the_deployment_guide_is_valid_and_accepted() {
    let schema: Value = serde_json::from_str(&root("extension/managed_schema.json")).unwrap();
    let guide = root("docs/deployment.md");
    let mut examples: Vec<(String, Vec<(String, Value)>)> = Vec::new();
    for block in blocks(&guide, "json") {
        let value: Value = serde_json::from_str(block).unwrap_or_else(|e| panic!("{e}: {block}"));
        // Linux/Chrome policy files wrap the values in 3rdparty > extensions > id; the Google
        // Admin console's "Policy for extensions" wraps each value in {"Value": …}.
        let values = match value.get("3rdparty") {
            Some(third) => third["extensions"]
                .as_object()
                .unwrap()
                .values()
                .next()
                .unwrap()
                .clone(),
            None => value,
        };
        let values: Vec<(String, Value)> = values
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "ExtensionSettings")
            .map(|(k, v)| (k.clone(), v.get("Value").cloned().unwrap_or(v.clone())))
            .collect();
        examples.push((format!("json: {block:.60}"), values));
    }
    for block in blocks(&guide, "reg") {
        examples.push((format!("reg: {block:.60}"), reg_values(block)));
    }
    for block in blocks(&guide, "xml") {
        examples.push((format!("plist: {block:.60}"), plist_values(block)));
    }
    for block in blocks(&guide, "powershell") {
        examples.push((format!("powershell: {block:.60}"), powershell_values(block)));
    }
    assert!(examples.len() >= 6, "{} examples found", examples.len());
    for (what, values) in &examples {
        assert!(!values.is_empty(), "{what}: no AuthPilot values read");
        for (name, value) in values {
            assert!(
                schema_accepts(&schema, name, value),
                "{what}: {name} = {value} is not valid against the schema"
            );
        }
        let object: serde_json::Map<String, Value> = values.iter().cloned().collect();
        let m = Managed::read(&Value::Object(object));
        assert!(m.problems.is_empty(), "{what}: {:?}", m.problems);
        assert!(m.in_force(), "{what}");
    }
}

#[test]
fn the_popup_shows_the_organisations_note_and_problems_and_locks_its_fields() {
    use authpilot::core::page::hosts::classify;
    use authpilot::core::popup::{render, PopupModel, Section};
    use authpilot::core::settings::Loaded;
    use authpilot::core::time::Instant;
    let managed = Managed::read(&json!({
        "Cloud": "gcc",
        "TenantName": "Contoso Ltd",
        "AllowPracticeDate": false,
        "NeededProtocols": ["FTP"],
        "PopupNote": "Call the IT desk."
    }));
    let model = PopupModel {
        managed: managed.clone(),
        section: Section::Settings,
        ..PopupModel::new(
            classify("https://admin.microsoft.com/"),
            Loaded::Stored(managed.apply(&Settings::default())),
            Instant::parse_rfc3339("2026-11-28T10:00:00Z").unwrap(),
        )
    };
    let html = render(&model).to_html();
    for expected in [
        "<p id=\"managed-note\" class=\"note\">Call the IT desk.</p>",
        "Tenant: Contoso Ltd (set by your organisation)",
        "<li data-policy=\"NeededProtocols\">Set by your organisation, but invalid: NeededProtocols",
        "<select disabled=\"\" aria-describedby=\"cloud-managed\" data-managed=\"true\" id=\"cloud\"",
        "<p class=\"managed\" id=\"cloud-managed\">Set by your organisation</p>",
        "id=\"practice-date-managed\">Your organisation does not allow a practice date",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    // The invalid NeededProtocols locks nothing: its boxes stay editable.
    assert!(
        !html.contains("aria-describedby=\"needed-managed\""),
        "{html}"
    );
    // Nothing managed: no section, nothing disabled.
    let plain = render(&PopupModel {
        section: Section::Settings,
        ..PopupModel::new(
            classify("https://admin.microsoft.com/"),
            Loaded::Fresh(Settings::default()),
            Instant::parse_rfc3339("2026-11-28T10:00:00Z").unwrap(),
        )
    })
    .to_html();
    assert!(
        !plain.contains("id=\"managed\"") && !plain.contains("disabled=\"\""),
        "{plain}"
    );
}
