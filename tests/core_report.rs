//! The printable audit report (issue 21), rendered natively: made only from a verified chain,
//! per tenant, a picture per scope and listed mailbox with the end-of-December change marked,
//! the reconciliation with IP addresses only when asked.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::audit::read::read_audit;
use authpilot::core::audit::reconcile::reconcile;
use authpilot::core::audit::AuditResult;
use authpilot::core::cloud::Cloud;
use authpilot::core::log::{Action, Draft, Entry, Head, Outcome, Scope, Source};
use authpilot::core::popup::utc_times;
use authpilot::core::protocols::Protocol;
use authpilot::core::report::{render, ReportModel};
use authpilot::core::time::Instant;

fn entry(
    seq: u64,
    at: &str,
    scope: Scope,
    mailbox: Option<&str>,
    action: Action,
    tenant: Option<&str>,
) -> Entry {
    Draft {
        id: format!("00000000-0000-4000-8000-{seq:012}"),
        at: at.into(),
        protocol: Protocol::Smtp,
        scope: Some(scope),
        mailbox: mailbox.map(str::to_string),
        action,
        outcome: Outcome::Succeeded,
        source: Source::Observed,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: tenant.map(str::to_string),
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    }
    .chain(&Head {
        count: seq - 1,
        ..Head::default()
    })
}

fn model(entries: Result<Vec<Entry>, String>) -> ReportModel {
    ReportModel {
        now: Instant::parse_rfc3339("2026-12-20T12:00:00Z").unwrap(),
        times: utc_times(),
        entries,
        tenant: None,
        senders: vec!["scanner@contoso.com".into()],
        audit: None,
        include_ip: false,
        loading: false,
    }
}

#[test]
fn pictures_per_scope_and_mailbox_with_the_change_marked_and_a_table_per_tenant() {
    let entries = vec![
        entry(
            1,
            "2026-12-02T10:00:00Z",
            Scope::Organization,
            None,
            Action::TurnOff,
            Some("contoso.onmicrosoft.com"),
        ),
        entry(
            2,
            "2026-12-02T10:05:00Z",
            Scope::Mailbox,
            Some("scanner@contoso.com"),
            Action::TurnOn,
            Some("contoso.onmicrosoft.com"),
        ),
        entry(
            3,
            "2026-12-03T09:00:00Z",
            Scope::Mailbox,
            Some("printer@fabrikam.com"),
            Action::TurnOn,
            Some("fabrikam.onmicrosoft.com"),
        ),
    ];
    let html = render(&model(Ok(entries.clone()))).to_html();
    assert_eq!(
        html.matches("<svg ").count(),
        4,
        "organisation, policy, the listed sender and the other mailbox"
    );
    assert_eq!(html.matches("class=\"marker\"").count(), 4);
    assert!(html.contains("data-state=\"off\""));
    assert!(
        html.contains("Tenant: contoso.onmicrosoft.com")
            && html.contains("Tenant: fabrikam.onmicrosoft.com")
    );
    assert!(html.contains(&format!(
        "headed by entry 3 (id {}), hash {}",
        entries[2].id, entries[2].hash
    )));
    // One tenant: one table, no tenant sub-headings.
    let one = render(&model(Ok(entries[..2].to_vec()))).to_html();
    assert!(!one.contains("Tenant: contoso"));
}

#[test]
fn a_broken_chain_prints_nothing_and_ip_addresses_show_only_when_asked() {
    let refused = render(&model(Err("entry 2 does not match".into()))).to_html();
    assert!(refused.contains("There is no report to print: entry 2 does not match"));
    assert!(!refused.contains("<svg"));
    assert!(refused.contains("data-action=\"print\" disabled"));

    let data = r#"{"CreationTime":"2026-12-02T10:00:40","Id":"r1","Operation":"Set-TransportConfig","UserId":"admin@contoso.com","AppId":"","ClientIP":"40.97.1.2:443","ResultStatus":"True","Parameters":[{"Name":"SmtpClientAuthenticationDisabled","Value":"True"}]}"#;
    let csv = format!(
        "CreationDate,UserIds,Operations,AuditData\r\nx,a,b,\"{}\"\r\n",
        data.replace('"', "\"\"")
    );
    let file = read_audit(&csv).unwrap();
    let entries = vec![entry(
        1,
        "2026-12-02T10:00:00Z",
        Scope::Organization,
        None,
        Action::TurnOff,
        None,
    )];
    let reconciliation = reconcile(
        &entries,
        &file,
        &[],
        Instant::parse_rfc3339("2026-12-20T00:00:00Z").unwrap(),
    );
    let mut m = model(Ok(entries));
    m.audit = Some(Ok(AuditResult {
        name: "audit.csv".into(),
        file,
        reconciliation,
    }));
    let html = render(&m).to_html();
    assert!(html.contains("Matched: 1"));
    assert!(!html.contains("40.97.1.2"), "no IP address unless asked");
    m.include_ip = true;
    // Only in the tenant's record and cannot-tell rows carry it; add one to see it.
    let data2 = data
        .replace("\"r1\"", "\"r2\"")
        .replace("\"True\"}]", "\"False\"}]");
    let csv2 = format!(
        "CreationDate,UserIds,Operations,AuditData\r\nx,a,b,\"{}\"\r\n",
        data2.replace('"', "\"\"")
    );
    let file2 = read_audit(&csv2).unwrap();
    let reconciliation2 = reconcile(
        &[],
        &file2,
        &[],
        Instant::parse_rfc3339("2026-12-20T00:00:00Z").unwrap(),
    );
    m.audit = Some(Ok(AuditResult {
        name: "audit.csv".into(),
        file: file2,
        reconciliation: reconciliation2,
    }));
    assert!(render(&m).to_html().contains("40.97.1.2:443"));
    m.include_ip = false;
    assert!(!render(&m).to_html().contains("40.97.1.2"));
}
