//! The report page driven through its messages (issue 33): the page asks the worker for the
//! verified chain, draws "loading" until it is in, refuses to print from a refusal, reads an
//! audit file by the core's one size rule and holds the chain against it, and every control it
//! draws reads back into a message. No browser: `update` and `render` are the page.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::audit::read::MAX_AUDIT_BYTES;
use authpilot::core::cloud::Cloud;
use authpilot::core::log::export::to_json;
use authpilot::core::log::{Action, Draft, Entry, Head, Outcome, Scope, Source};
use authpilot::core::messages::answers::{Answer, Exported, Imported};
use authpilot::core::messages::{ExportFormat, Request};
use authpilot::core::popup::utc_times;
use authpilot::core::protocols::Protocol;
use authpilot::core::report::update::{update, ReportControl, ReportEffect, ReportMsg};
use authpilot::core::report::{file_name, render, ReportModel};
use authpilot::core::time::Instant;

fn now() -> Instant {
    Instant::parse_rfc3339("2026-12-20T12:00:00Z").unwrap()
}

fn turned_off() -> Entry {
    Draft {
        id: "00000000-0000-4000-8000-000000000001".into(),
        at: "2026-12-02T10:00:00Z".into(),
        protocol: Protocol::Smtp,
        scope: Some(Scope::Organization),
        mailbox: None,
        action: Action::TurnOff,
        outcome: Outcome::Succeeded,
        source: Source::Observed,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: None,
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    }
    .chain(&Head::default())
}

/// The page as `web::report` starts it: nothing asked yet, loading.
fn started() -> (ReportModel, Vec<ReportEffect>) {
    let mut model = ReportModel {
        now: Instant::from_unix_millis(0.0),
        times: utc_times(),
        entries: Err(String::new()),
        tenant: None,
        senders: Vec::new(),
        audit: None,
        include_ip: false,
        loading: true,
    };
    let effects = update(
        &mut model,
        ReportMsg::Start {
            senders: vec!["scanner@contoso.com".into()],
            tenant: Some("contoso.onmicrosoft.com".into()),
        },
        now(),
    );
    (model, effects)
}

fn answered(model: &mut ReportModel, answer: Result<Answer, String>) -> Vec<ReportEffect> {
    update(model, ReportMsg::Answered(Box::new(answer)), now())
}

fn export_of(entries: &[Entry]) -> Answer {
    Answer::Exported(Exported {
        content: to_json(entries, now()),
        count: entries.len() as u64,
    })
}

/// An audit export with one record: the organisation's switch turned off.
fn audit_csv() -> String {
    let data = r#"{"CreationTime":"2026-12-02T10:00:40","Id":"r1","Operation":"Set-TransportConfig","UserId":"admin@contoso.com","AppId":"","ClientIP":"40.97.1.2:443","ResultStatus":"True","Parameters":[{"Name":"SmtpClientAuthenticationDisabled","Value":"True"}]}"#;
    format!(
        "CreationDate,UserIds,Operations,AuditData\r\nx,a,b,\"{}\"\r\n",
        data.replace('"', "\"\"")
    )
}

#[test]
fn the_page_asks_for_the_verified_chain_and_says_loading_until_it_is_in() {
    let (mut model, effects) = started();
    assert_eq!(
        effects,
        vec![ReportEffect::Ask(Box::new(Request::LogExport {
            format: ExportFormat::Json
        }))]
    );
    assert_eq!(model.now, now(), "the reconciliation's clock is the page's");
    assert_eq!(model.senders, vec!["scanner@contoso.com".to_string()]);
    let html = render(&model).to_html();
    assert!(html.contains("id=\"report-loading\""), "{html}");
    assert!(html.contains("data-action=\"print\" disabled"));
    assert!(!html.contains("report-refused"), "loading is not a refusal");

    assert!(answered(&mut model, Ok(export_of(&[turned_off()]))).is_empty());
    assert!(!model.loading);
    assert_eq!(model.entries.as_ref().map(Vec::len), Ok(1));
    let html = render(&model).to_html();
    assert!(!html.contains("report-loading"));
    assert!(
        html.contains("<svg"),
        "a picture per scope once the chain is in"
    );
    assert!(!html.contains("data-action=\"print\" disabled"));
}

#[test]
fn a_refusal_or_a_wrong_answer_prints_nothing_and_says_why() {
    let (mut model, _) = started();
    answered(
        &mut model,
        Err("the log's chain is broken at entry 2".into()),
    );
    assert!(!model.loading);
    let html = render(&model).to_html();
    assert!(
        html.contains("the log&#39;s chain is broken at entry 2")
            || html.contains("the log's chain is broken at entry 2"),
        "{html}"
    );
    assert!(html.contains("data-action=\"print\" disabled"));

    let (mut model, _) = started();
    answered(
        &mut model,
        Ok(Answer::Imported(Imported {
            added: 0,
            already_present: 0,
        })),
    );
    assert!(
        model.entries.as_ref().is_err_and(|e| e.contains("refused")),
        "{:?}",
        model.entries.as_ref().err()
    );

    let (mut model, _) = started();
    answered(
        &mut model,
        Ok(Answer::Exported(Exported {
            content: "not json".into(),
            count: 0,
        })),
    );
    assert!(model
        .entries
        .as_ref()
        .is_err_and(|e| e.contains("could not be read")));
}

#[test]
fn an_audit_file_is_read_by_the_one_size_rule_and_held_against_the_chain() {
    let (mut model, _) = started();
    answered(&mut model, Ok(export_of(&[turned_off()])));

    assert_eq!(
        update(&mut model, ReportMsg::ReadAudit, now()),
        vec![ReportEffect::ChooseFile]
    );
    // Too large: refused by name before its text is loaded; the chain is kept.
    let effects = update(
        &mut model,
        ReportMsg::Chosen {
            name: "huge.csv".into(),
            size: MAX_AUDIT_BYTES + 1,
        },
        now(),
    );
    assert!(effects.is_empty(), "a refused file is never read");
    let refused = model.audit.clone().unwrap().unwrap_err();
    assert!(
        refused.contains("huge.csv") && refused.contains("120"),
        "{refused}"
    );
    assert_eq!(model.entries.as_ref().map(Vec::len), Ok(1));

    let effects = update(
        &mut model,
        ReportMsg::Chosen {
            name: "audit.csv".into(),
            size: MAX_AUDIT_BYTES,
        },
        now(),
    );
    assert_eq!(
        effects,
        vec![ReportEffect::ReadFile {
            name: "audit.csv".into()
        }]
    );
    update(
        &mut model,
        ReportMsg::FileRead {
            name: "audit.csv".into(),
            text: Ok(audit_csv()),
        },
        now(),
    );
    let html = render(&model).to_html();
    assert!(html.contains("Matched: 1"), "{html}");
    assert!(!html.contains("40.97.1.2"), "no IP address unless asked");

    // Not an audit export: said with its name; the chain is still drawn.
    update(
        &mut model,
        ReportMsg::FileRead {
            name: "notes.csv".into(),
            text: Ok("a,b\r\n1,2\r\n".into()),
        },
        now(),
    );
    let problem = model.audit.clone().unwrap().unwrap_err();
    assert!(problem.contains("notes.csv"), "{problem}");
    assert!(render(&model).to_html().contains("<svg"));

    // A file the browser could not read: said, nothing else lost.
    update(
        &mut model,
        ReportMsg::FileRead {
            name: "gone.csv".into(),
            text: Err("NotFoundError".into()),
        },
        now(),
    );
    let problem = model.audit.clone().unwrap().unwrap_err();
    assert!(
        problem.contains("gone.csv") && problem.contains("NotFoundError"),
        "{problem}"
    );
}

#[test]
fn print_save_and_the_ip_box_are_messages_and_every_drawn_control_reads_back() {
    let (mut model, _) = started();
    answered(&mut model, Ok(export_of(&[turned_off()])));
    assert_eq!(
        update(&mut model, ReportMsg::Print, now()),
        vec![ReportEffect::Print]
    );
    let today = now().date();
    match update(&mut model, ReportMsg::SaveHtml { today }, now()).as_slice() {
        [ReportEffect::Download {
            name,
            content,
            mime,
        }] => {
            assert_eq!(name, &file_name(today));
            assert_eq!(*mime, "text/html");
            assert!(content.starts_with("<!doctype html>"));
            assert!(
                !content.contains("data-action"),
                "a saved copy has no controls"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(update(&mut model, ReportMsg::IncludeIp(true), now()).is_empty());
    assert!(model.include_ip);

    // Every `data-action` the page draws, and the IP box's id, is a control the web front reads
    // back into a message (one table: `ReportControl`).
    let html = render(&model).to_html();
    let drawn: Vec<&str> = html
        .split("data-action=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(drawn, vec!["print", "save-html", "read-audit"]);
    for id in drawn {
        assert!(ReportControl::from_id(id).is_some(), "{id}");
    }
    assert!(html.contains(&format!("id=\"{}\"", ReportControl::IncludeIp.id())));
    assert_eq!(
        ReportControl::from_id("include-ip"),
        Some(ReportControl::IncludeIp)
    );
    assert_eq!(ReportControl::from_id("print-now"), None);
}
