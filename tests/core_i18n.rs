//! Languages: every locale in `extension/_locales` matches English key for key and
//! placeholder for placeholder; every key the code asks for exists and every key is used;
//! and the popup and helper rendered in Japanese carry no English left behind.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;
use std::rc::Rc;

use authpilot::core::cloud::Cloud;
use authpilot::core::diagnostic::timeline::{ENABLE_LABEL, OPT_OUT_LABEL};
use authpilot::core::diagnostic::{PageResult, PageState, Pending, QUERY};
use authpilot::core::helper::{self as guide, HelperModel};
use authpilot::core::i18n::{differences, install, Messages, ENGLISH, JAPANESE};
use authpilot::core::log::import::plan_import;
use authpilot::core::log::{chain_all, Action, Draft, Head, Outcome, Source, Summary};
use authpilot::core::page::hosts::classify;
use authpilot::core::popup::{render, PopupModel};
use authpilot::core::protocols::Protocol;
use authpilot::core::settings::{Loaded, Settings, SettingsForm};
use authpilot::core::time::{Date, Instant};
use authpilot::core::view::Node;
use authpilot::core::walkthrough::PageElement;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn locales() -> Vec<(String, Messages)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("extension/_locales")).unwrap() {
        let dir = dir.unwrap().path();
        let text = std::fs::read_to_string(dir.join("messages.json")).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let messages = Messages::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, messages));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn english_and_japanese_are_shipped_and_agree_key_for_key() {
    let all = locales();
    let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["en", "ja"]);
    let english = &all[0].1;
    for (name, messages) in &all {
        let problems = differences(english, messages);
        assert!(
            problems.is_empty(),
            "_locales/{name}:\n{}",
            problems.join("\n")
        );
        let lang = messages.entries["lang"].message.as_str();
        assert_eq!(lang, name, "_locales/{name} says it is \"{lang}\"");
    }
    let manifest = std::fs::read_to_string(root().join("extension/manifest.json")).unwrap();
    assert!(manifest.contains("\"default_locale\": \"en\""));
}

#[test]
fn the_parity_check_names_a_missing_key_and_a_changed_placeholder() {
    let english = Messages::parse(
        r#"{"a": {"message": "Hi $who$", "placeholders": {"who": {"content": "$1"}}},
            "b": {"message": "Bye"}}"#,
    )
    .unwrap();
    let other = Messages::parse(
        r#"{"a": {"message": "Salut $qui$", "placeholders": {"qui": {"content": "$1"}}}}"#,
    )
    .unwrap();
    let problems = differences(&english, &other);
    assert!(
        problems.contains(&"\"b\" is missing".to_string()),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("\"a\": placeholders")),
        "{problems:?}"
    );
    let moved = Messages::parse(
        r#"{"a": {"message": "Hi $who$", "placeholders": {"who": {"content": "$2"}}},
            "b": {"message": "Bye"}, "c": {"message": "extra"}}"#,
    )
    .unwrap();
    let problems = differences(&english, &moved);
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems
        .iter()
        .any(|p| p.contains("\"c\" is not in the reference locale")));
    assert!(problems.iter().any(|p| p.contains("\"$2\"")));
}

/// Keys the code asks for: `t!("…")` in Rust, `msg('…')` in the extension's JS,
/// `__MSG_…__` in the manifest.
fn keys_in_code() -> BTreeSet<String> {
    fn scan(text: &str, open: &str, close: &str, out: &mut BTreeSet<String>) {
        for (at, _) in text.match_indices(open) {
            // rustfmt may put the key on the next line: `t!(\n    "key",`
            let rest = text[at + open.len()..].trim_start();
            let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
            if let Some(end) = rest.find(close) {
                let key = &rest[..end];
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    out.insert(key.to_ascii_lowercase());
                }
            }
        }
    }
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, files);
            } else {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    walk(&root().join("extension").join("content"), &mut files);
    for name in ["page.js", "popup.js", "helper.js", "sw.js", "manifest.json"] {
        files.push(root().join("extension").join(name));
    }
    let mut keys = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        scan(&text, "t!(", "\"", &mut keys);
        scan(&text, "msg(", "'", &mut keys);
        scan(&text, "__MSG_", "__", &mut keys);
    }
    keys
}

#[test]
fn every_key_the_code_asks_for_exists_and_every_message_is_used() {
    let used = keys_in_code();
    // the macro's own doc example
    let used: BTreeSet<String> = used.into_iter().filter(|k| k != "key").collect();
    let english: BTreeSet<String> = Messages::parse(ENGLISH)
        .unwrap()
        .entries
        .keys()
        .cloned()
        .collect();
    let missing: Vec<_> = used.difference(&english).collect();
    assert!(
        missing.is_empty(),
        "asked for but not in _locales/en: {missing:?}"
    );
    let unused: Vec<_> = english.iter().filter(|k| !used.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "in _locales/en but never used: {unused:?}"
    );
}

/// Words a translation keeps in English: names, Microsoft's own labels and texts quoted as
/// its pages show them, commands, file names.
fn kept_in_english() -> Vec<String> {
    let mut kept: Vec<String> = vec![
        QUERY.to_string(),
        OPT_OUT_LABEL.to_string(),
        ENABLE_LABEL.to_string(),
        "550 5.7.30 Basic authentication is not supported for Client Submission.".into(),
        "Get-OrganizationConfig | Select BasicAuthBlockedApps".into(),
        "Microsoft Entra ID".into(),
        "Update Settings".into(),
        "Run Tests".into(),
        "Help & support".into(),
        // The Exchange admin center's label, unpublished in Japanese (smtp-auth.md).
        "Turn off SMTP AUTH protocol for your organization".into(),
    ];
    kept.extend(
        Protocol::ALL
            .iter()
            .map(|p| p.diagnostic_label().to_string()),
    );
    kept
}

/// The longest run of consecutive English words (letters only, 2+ long) in `text`.
fn longest_english_run(text: &str) -> (usize, String) {
    let mut best = (0, String::new());
    let mut run: Vec<&str> = Vec::new();
    for token in text.split(|c: char| c.is_whitespace()) {
        let word = token.trim_matches(|c: char| ",.;:()\"'!?".contains(c));
        if word.len() > 1 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            run.push(word);
            if run.len() > best.0 {
                best = (run.len(), run.join(" "));
            }
        } else {
            run.clear();
        }
    }
    best
}

/// Every text node and every title or aria-label, one string each.
fn texts(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Text(t) => out.push(t.clone()),
        Node::Element(e) => {
            for (name, value) in &e.attrs {
                if ["title", "aria-label"].contains(name) {
                    out.push(value.clone());
                }
            }
            for child in &e.children {
                texts(child, out);
            }
        }
    }
}

fn assert_no_english(what: &str, view: &Node) {
    let mut all = Vec::new();
    texts(view, &mut all);
    assert_strings_not_english(what, &all);
}

fn assert_strings_not_english(what: &str, strings: &[String]) {
    let kept = kept_in_english();
    for text in strings {
        let mut rest = text.clone();
        for k in &kept {
            rest = rest.replace(k.as_str(), " ");
        }
        let (n, words) = longest_english_run(&rest);
        assert!(
            n < 3,
            "{what}: English left in Japanese: \"{words}\" in \"{text}\""
        );
    }
}

fn japanese() {
    install(Rc::new(Messages::parse(JAPANESE).unwrap()));
}

fn draft(id: &str, protocol: Protocol, action: Action, outcome: Outcome) -> Draft {
    Draft {
        id: id.to_string(),
        at: "2022-10-15T10:00:00Z".to_string(),
        protocol,
        scope: None,
        mailbox: None,
        action,
        outcome,
        source: Source::Manual,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: Some("contoso.onmicrosoft.com".to_string()),
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    }
}

#[test]
fn the_popup_in_japanese_has_no_english_left_in_any_state() {
    japanese();
    let entries = chain_all(
        &Head::default(),
        [
            draft("e1", Protocol::Ews, Action::ReEnable, Outcome::Submitted),
            draft("e2", Protocol::Pop, Action::OptOut, Outcome::Failed),
        ],
    );
    let summary = Summary {
        count: 2,
        broken: None,
        latest: entries.clone(),
    };
    let urls = [
        "https://admin.microsoft.com/Adminportal/Home#/homepage",
        "https://portal.office365.us/adminportal/home",
        "https://example.com/",
    ];
    let dates = ["", "2022-08-15", "2022-09-15", "2022-10-15", "2023-02-01"];
    let mut rendered = 0;
    for url in urls {
        for cloud in Cloud::ALL {
            for date in dates {
                let form = SettingsForm {
                    cloud: cloud.id().to_string(),
                    needed: vec!["EWS".into(), "POP".into(), "IMAP".into()],
                    practice_date: date.to_string(),
                    ..Default::default()
                };
                let settings = Settings::from_form(&form).unwrap();
                let mut model = PopupModel::new(
                    classify(url),
                    Loaded::Stored(settings),
                    Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
                );
                model.log = Ok(summary.clone());
                model.history = Some((Protocol::Ews, entries.clone()));
                model.notice = Some(authpilot::t!("notice_settings_saved"));
                let what = format!("popup on {url}, {}, date {date:?}", cloud.id());
                assert_no_english(&what, &render(&model));
                rendered += 1;
            }
        }
    }
    assert_eq!(rendered, 75);

    // problems: a form refused, a broken log, damaged settings, a worker that did not answer
    let bad = SettingsForm {
        cloud: "mars".into(),
        needed: vec![],
        practice_date: "2022-02-30".into(),
        ..Default::default()
    };
    let errors = Settings::from_form(&bad).unwrap_err();
    let mut model = PopupModel::new(
        classify("https://admin.microsoft.com/"),
        Settings::load(Some(&serde_json::json!({"schema": 99}))),
        Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
    );
    model.form_errors = errors;
    // The organisation's configuration: a note and tenant of its own, a bad value, locks.
    model.managed = authpilot::core::managed::Managed::read(&serde_json::json!({
        "Cloud": "mars",
        "NeededProtocols": ["FTP"],
        "TenantName": "Contoso",
        "PopupNote": "IT サービス デスク (内線 4410) にお問い合わせください。",
        "AllowPracticeDate": false,
        "SmtpSenders": ["scanner@contoso.com"],
        "DeadlineReminders": "yes"
    }));
    assert_eq!(model.managed.problems.len(), 3);
    let mut tampered = entries.clone();
    tampered[1].tenant = Some("changed".into());
    model.log = Ok(Summary {
        count: 2,
        broken: authpilot::core::log::verify(&tampered).err(),
        latest: tampered,
    });
    assert_no_english("popup with problems", &render(&model));
    model.log = Err(authpilot::t!(
        "error_worker_silent",
        "Could not establish connection"
    ));
    let view = render(&model);
    assert!(view
        .text_content()
        .contains("サービス ワーカーが応答しませんでした"));

    // the same popup in English is caught by the check: it can fail
    install(Rc::new(Messages::parse(ENGLISH).unwrap()));
    let mut all = Vec::new();
    texts(&render(&model), &mut all);
    assert!(all.iter().any(|t| longest_english_run(t).0 >= 3));
}

#[test]
fn the_helper_in_japanese_has_no_english_left_in_any_state() {
    japanese();
    let page = |mode, selected, result| PageState {
        pane_open: true,
        help_button: true,
        search_box: true,
        query_filled: true,
        card: true,
        run_tests: true,
        mode,
        selected,
        acknowledged: true,
        update_enabled: true,
        result,
        ..PageState::default()
    };
    use authpilot::core::diagnostic::timeline::DiagnosticAction::*;
    let pages = [
        PageState::default(),
        page(None, None, None),
        page(Some(OptOut), Some(Protocol::Ews), None),
        page(Some(ReEnable), Some(Protocol::Pop), None),
        page(
            Some(ReEnable),
            None,
            Some(PageResult::Failed("The request failed.".into())),
        ),
    ];
    let pending = Pending {
        protocol: Protocol::Imap,
        action: Action::ReEnable,
        id: "p1".into(),
        press: None,
        host: "admin.microsoft.com".into(),
        cloud: Cloud::Worldwide,
        at: "2022-10-15T10:00:00Z".into(),
        note: None,
        scope: None,
        mailbox: None,
        held: None,
        texts_before: Vec::new(),
        submitted: None,
    };
    let mut rendered = 0;
    for cloud in Cloud::ALL {
        for practice in ["2022-08-15", "2022-09-15", "2022-10-15", "2023-02-01"] {
            for (i, p) in pages.iter().enumerate() {
                for minimised in [false, true] {
                    let model = HelperModel {
                        now: Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
                        practice: Some(Date::parse(practice).unwrap()),
                        cloud,
                        needed: vec![Protocol::Ews, Protocol::Pop, Protocol::Imap],
                        page: p.clone(),
                        pending: (i == 3).then(|| pending.clone()),
                        summary: Summary::default(),
                        last_recorded: (i == 4).then_some(Outcome::Failed),
                        missing: (i == 2).then_some(PageElement::Acknowledge),
                        minimised,
                        notice: Some(authpilot::t!("notice_filled")),
                        switch: None,
                        senders: Vec::new(),
                        place: None,
                    };
                    let what = format!("helper, {}, {practice}, page {i}", cloud.id());
                    let view = guide::render(&model);
                    // the page's own failure text is quoted as Microsoft wrote it
                    let mut all = Vec::new();
                    texts(&view, &mut all);
                    all.retain(|t| !t.contains("The request failed."));
                    assert_strings_not_english(&what, &all);
                    rendered += 1;
                }
            }
        }
    }
    assert_eq!(rendered, 200);

    // On the real date (no practice date) the helper is about SMTP AUTH (issue 27): on each of
    // the plan's pages and elsewhere, with and without senders, with the Help & support pane
    // open (the diagnostic closed), minimised or not, in December and after it.
    let mut today = 0;
    let places = [None]
        .into_iter()
        .chain(authpilot::core::smtp::Place::ALL.map(Some));
    for place in places {
        for senders in [vec![], vec!["scanner@contoso.com".to_string()]] {
            for (i, p) in [PageState::default(), page(None, None, None)]
                .iter()
                .enumerate()
            {
                for (now, minimised) in [
                    ("2026-12-03T10:00:00Z", false),
                    ("2026-12-03T10:00:00Z", true),
                    ("2027-01-05T10:00:00Z", false),
                ] {
                    let model = HelperModel {
                        now: Instant::parse_rfc3339(now).unwrap(),
                        practice: None,
                        cloud: Cloud::Worldwide,
                        needed: vec![Protocol::Ews, Protocol::Pop, Protocol::Imap],
                        page: p.clone(),
                        pending: None,
                        summary: Summary::default(),
                        last_recorded: None,
                        missing: None,
                        minimised,
                        notice: None,
                        switch: None,
                        senders: senders.clone(),
                        place,
                    };
                    let what = format!("helper today, {place:?}, {senders:?}, page {i}, {now}");
                    let view = guide::render(&model);
                    assert_no_english(&what, &view);
                    today += 1;
                }
            }
        }
    }
    assert_eq!(today, 60);

    // On an SMTP AUTH page: a mailbox switch without an address, its change held until the
    // mailbox is named, and the organisation's switch.
    use authpilot::core::log::Scope;
    use authpilot::core::smtp::SwitchSeen;
    let asking = Pending {
        protocol: Protocol::Smtp,
        action: Action::TurnOn,
        scope: Some(Scope::Mailbox),
        held: Some((
            Outcome::Succeeded,
            Some("Email apps settings saved.".into()),
        )),
        ..pending.clone()
    };
    for (switch, pending) in [
        (
            SwitchSeen {
                scope: Scope::Mailbox,
                mailbox: None,
                checked: true,
            },
            Some(asking),
        ),
        (
            SwitchSeen {
                scope: Scope::Organization,
                mailbox: None,
                checked: false,
            },
            None,
        ),
    ] {
        let model = HelperModel {
            now: Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
            practice: None,
            cloud: Cloud::Worldwide,
            needed: vec![Protocol::Imap],
            page: Default::default(),
            pending,
            summary: Summary::default(),
            last_recorded: None,
            missing: None,
            minimised: false,
            notice: Some(authpilot::t!("notice_mailbox_named", "scanner@contoso.com")),
            switch: Some(switch.clone()),
            senders: vec!["scanner@contoso.com".into()],
            place: None,
        };
        assert_no_english(
            &format!("helper on a switch {switch:?}"),
            &guide::render(&model),
        );
    }
}

#[test]
fn import_and_settings_messages_are_japanese_too() {
    japanese();
    let refusals = [
        "{".to_string(),
        "[]".to_string(),
        r#"{"format": "other"}"#.to_string(),
        r#"{"format": "authpilot-action-log", "version": 9}"#.to_string(),
        r#"{"format": "authpilot-action-log", "version": 1, "exported_at": "2022-10-01T00:00:00Z",
            "entries": [{"id": "a1", "colour": "red"}]}"#
            .to_string(),
    ];
    let mut messages = Vec::new();
    for text in &refusals {
        messages.push(plan_import(text, &[]).unwrap_err());
    }
    assert!(messages[0].starts_with("ファイルが正しい JSON ではありません"));
    assert!(
        messages[4].contains("不明なフィールド \"colour\""),
        "{}",
        messages[4]
    );
    // serde's own detail after "JSON" is a technical quote, as is the field name
    messages.remove(0);
    assert_strings_not_english("import refusals", &messages);
    let (title, body) = authpilot::core::diagnostic::reminder(Protocol::Imap);
    assert_strings_not_english("reminder", &[title, body]);
}
