//! The tenant's audit record (issue 21): audit exports in each documented form
//! (shared/docs/audit-log.md) read, and held against AuthPilot's log.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::audit::read::{parse_audit_time, read_audit, Form, RecordTarget, Tool};
use authpilot::core::audit::reconcile::{reconcile, Why, WINDOW_SECONDS};
use authpilot::core::cloud::Cloud;
use authpilot::core::log::{Action, Draft, Entry, Head, Outcome, Scope, Source};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;

const EAC: &str = "497effe9-df71-4043-a8bb-14cf78c4b63b";
const PS: &str = "fb78d390-0c51-40cd-8e17-fdbfab77341b";

fn at(t: &str) -> Instant {
    Instant::parse_rfc3339(t).unwrap()
}

/// One AuditData object as Exchange writes it for an admin cmdlet.
fn audit(
    id: &str,
    time: &str,
    op: &str,
    user: &str,
    app: &str,
    params: &[(&str, &str)],
    external: bool,
) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|(n, v)| format!(r#"{{"Name":"{n}","Value":"{v}"}}"#))
        .collect();
    format!(
        r#"{{"CreationTime":"{time}","Id":"{id}","Operation":"{op}","OrganizationId":"0c2b","RecordType":1,"ResultStatus":"True","UserKey":"10032","UserType":2,"Version":1,"Workload":"Exchange","ClientIP":"40.97.1.2:443","ObjectId":"","UserId":"{user}","AppId":"{app}","ClientAppId":"","ExternalAccess":{external},"OrganizationName":"contoso.onmicrosoft.com","OriginatingServer":"AM0PR","Parameters":[{}],"SessionId":"5e1"}}"#,
        params.join(",")
    )
}

fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn records() -> Vec<(String, String)> {
    vec![
        (
            "2026-12-02T10:00:40".into(),
            audit(
                "r1",
                "2026-12-02T10:00:40",
                "Set-TransportConfig",
                "admin@contoso.com",
                EAC,
                &[
                    ("Identity", "contoso.onmicrosoft.com\\\\Transport Settings"),
                    ("SmtpClientAuthenticationDisabled", "True"),
                ],
                false,
            ),
        ),
        (
            "2026-12-02T10:05:10".into(),
            audit(
                "r2",
                "2026-12-02T10:05:10",
                "Set-CASMailbox",
                "admin@contoso.com",
                EAC,
                &[
                    ("Identity", "Scanner@Contoso.com"),
                    ("SmtpClientAuthenticationDisabled", "False"),
                ],
                false,
            ),
        ),
        (
            "2026-12-02T10:06:00".into(),
            audit(
                "r3",
                "2026-12-02T10:06:00",
                "Set-CASMailbox",
                "admin@contoso.com",
                EAC,
                &[
                    ("Identity", "8f1c4a9e-2b7d-4e1a-9c3f-6d5e4b3a2f10"),
                    ("SmtpClientAuthenticationDisabled", "False"),
                ],
                false,
            ),
        ),
        (
            "2026-12-02T11:30:00".into(),
            audit(
                "r4",
                "2026-12-02T11:30:00",
                "Set-CASMailbox",
                "tool@contoso.com",
                PS,
                &[
                    ("Identity", "printer-3f@contoso.com"),
                    ("SmtpClientAuthenticationDisabled", ""),
                ],
                true,
            ),
        ),
        (
            "2026-12-02T11:31:00".into(),
            audit(
                "r5",
                "2026-12-02T11:31:00",
                "Set-Mailbox",
                "admin@contoso.com",
                EAC,
                &[
                    ("Identity", "scanner@contoso.com"),
                    ("HiddenFromAddressListsEnabled", "True"),
                ],
                false,
            ),
        ),
    ]
}

fn purview(bom: bool) -> String {
    let mut out = String::from(if bom { "\u{feff}" } else { "" });
    out.push_str("RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\n");
    for (i, (time, data)) in records().iter().enumerate() {
        out.push_str(&format!(
            "r{},{}.0000000Z ,ExchangeAdmin,op,admin@contoso.com,{},,\r\n",
            i + 1,
            time,
            cell(data)
        ));
    }
    out
}

fn classic() -> String {
    let mut out = String::from("\u{feff}CreationDate,UserIds,Operations,AuditData\n");
    for (_, data) in records() {
        // The US form in the date column; AuditData's own time is preferred anyway.
        out.push_str(&format!(
            "12/2/2026 10:00:40 AM,admin@contoso.com,op,{}\n",
            cell(&data)
        ));
    }
    out
}

fn powershell() -> String {
    let mut out = String::from("\"RunspaceId\",\"RecordType\",\"CreationDate\",\"UserIds\",\"Operations\",\"AuditData\",\"ResultIndex\",\"ResultCount\",\"Identity\",\"IsValid\",\"ObjectState\"\r\n");
    for (i, (_, data)) in records().iter().enumerate() {
        out.push_str(&format!("\"a1\",\"ExchangeAdmin\",\"12/2/2026 10:00:40 AM\",\"admin@contoso.com\",\"op\",{},\"{}\",\"5\",\"id{}\",\"True\",\"Unchanged\"\r\n", cell(data), i + 1, i));
    }
    out
}

fn entry(
    seq: u64,
    time: &str,
    scope: Scope,
    mailbox: Option<&str>,
    action: Action,
    outcome: Outcome,
) -> Entry {
    Draft {
        id: format!("00000000-0000-4000-8000-{seq:012}"),
        at: time.into(),
        protocol: Protocol::Smtp,
        scope: Some(scope),
        mailbox: mailbox.map(str::to_string),
        action,
        outcome,
        source: Source::Observed,
        host: Some("admin.exchange.microsoft.com".into()),
        cloud: Cloud::Worldwide,
        tenant: None,
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

#[test]
fn each_export_form_is_read_with_only_its_smtp_auth_changes() {
    for (text, form) in [
        (purview(false), Form::Purview),
        (purview(true), Form::Purview),
        (classic(), Form::Classic),
        (powershell(), Form::PowerShell),
    ] {
        let file = read_audit(&text).unwrap_or_else(|e| panic!("{}", e.describe()));
        assert_eq!(file.form, form);
        assert_eq!(file.records.len(), 4, "{form:?}");
        assert_eq!(file.skipped, 1, "Set-Mailbox is counted and skipped");
        let r = &file.records;
        assert_eq!(
            (r[0].target.clone(), r[0].action, r[0].tool),
            (
                RecordTarget::Organization,
                Action::TurnOff,
                Tool::ExchangeAdminCenter
            )
        );
        assert_eq!(
            r[1].target,
            RecordTarget::Mailbox("scanner@contoso.com".into())
        );
        assert_eq!(r[1].action, Action::TurnOn);
        assert!(matches!(r[2].target, RecordTarget::Unknown(_)));
        assert_eq!(
            (r[3].action, r[3].tool, r[3].external_access),
            (Action::FollowOrganization, Tool::PowerShell, true)
        );
        assert_eq!(r[0].at, at("2026-12-02T10:00:40Z"));
        assert_eq!(
            file.span,
            Some((at("2026-12-02T10:00:40Z"), at("2026-12-02T11:31:00Z")))
        );
    }
}

#[test]
fn dates_in_both_styles_and_the_column_when_auditdata_has_none() {
    assert_eq!(
        parse_audit_time("9/20/2023 4:05:03 AM"),
        Some(at("2023-09-20T04:05:03Z"))
    );
    assert_eq!(
        parse_audit_time("9/20/2023 4:05:03 PM"),
        Some(at("2023-09-20T16:05:03Z"))
    );
    assert_eq!(
        parse_audit_time("12/1/2026 12:00:00 AM"),
        Some(at("2026-12-01T00:00:00Z"))
    );
    assert_eq!(
        parse_audit_time("2026-01-24T06:54:24.0000000Z "),
        Some(at("2026-01-24T06:54:24Z"))
    );
    assert_eq!(
        parse_audit_time("2023-09-23T04:24:36"),
        Some(at("2023-09-23T04:24:36Z"))
    );
    assert_eq!(parse_audit_time("24.01.2026 06:54"), None);
    let data = audit(
        "x",
        "",
        "Set-TransportConfig",
        "a@contoso.com",
        EAC,
        &[("SmtpClientAuthenticationDisabled", "False")],
        false,
    )
    .replace(r#""CreationTime":"","#, "");
    let text = format!(
        "CreationDate,UserIds,Operations,AuditData\r\n9/20/2023 4:05:03 AM,a,b,{}\r\n",
        cell(&data)
    );
    assert_eq!(
        read_audit(&text).unwrap().records[0].at,
        at("2023-09-20T04:05:03Z")
    );
}

#[test]
fn a_bad_file_is_refused_naming_the_line_and_what_is_wrong() {
    let header = "CreationDate,UserIds,Operations,AuditData\r\n";
    let good = format!("9/20/2023 4:05:03 AM,a,b,{}\r\n", cell(&records()[0].1));
    let cases = [
        (String::new(), "the file is empty"),
        (
            "Name,Value\r\na,b\r\n".to_string(),
            "Line 1: no AuditData column",
        ),
        (
            format!("{header}{good}9/20/2023 4:05:03 AM,a,b,\"{{\"\"Operation\r\n"),
            "Line 3: a quoted cell is never closed",
        ),
        (
            format!("{header}{good}{good}9/20/2023 4:05:03 AM,a,b,{{not json}}\r\n"),
            "Line 4: its AuditData is not readable JSON",
        ),
        (
            format!("{header}9/20/2023,a\r\n"),
            "Line 2: the row has 2 cells where the header has 4",
        ),
        (
            format!(
                "{header}yesterday,a,b,{}\r\n",
                cell(r#"{"Operation":"Set-TransportConfig"}"#)
            ),
            "Line 2: its time is in neither form",
        ),
    ];
    for (text, wanted) in cases {
        let e = read_audit(&text).unwrap_err().describe();
        assert!(e.starts_with(wanted), "{e:?} should start with {wanted:?}");
    }
}

#[test]
fn the_four_groups_and_a_listed_sender_that_disagrees() {
    let file = read_audit(&purview(false)).unwrap();
    let log = [
        // matched: the organisation off (pressed 40 s before the cmdlet ran)
        entry(
            1,
            "2026-12-02T10:00:00Z",
            Scope::Organization,
            None,
            Action::TurnOff,
            Outcome::Succeeded,
        ),
        // matched: scanner on
        entry(
            2,
            "2026-12-02T10:05:00Z",
            Scope::Mailbox,
            Some("scanner@contoso.com"),
            Action::TurnOn,
            Outcome::Succeeded,
        ),
        // a refused save: not in the tenant's record, and said why
        entry(
            3,
            "2026-12-02T10:20:00Z",
            Scope::AuthenticationPolicy,
            None,
            Action::TurnOff,
            Outcome::Failed,
        ),
        // older than the file: outside what it covers
        entry(
            4,
            "2026-11-20T09:00:00Z",
            Scope::Mailbox,
            Some("printer-3f@contoso.com"),
            Action::TurnOn,
            Outcome::Succeeded,
        ),
        // an hour ago: not yet in the tenant's record
        entry(
            5,
            "2026-12-02T13:00:00Z",
            Scope::Mailbox,
            Some("printer-3f@contoso.com"),
            Action::TurnOff,
            Outcome::Succeeded,
        ),
        // the same change as entry 1 but three hours later: outside the window, not matched
        entry(
            6,
            "2026-12-02T13:01:00Z",
            Scope::Organization,
            None,
            Action::TurnOff,
            Outcome::Submitted,
        ),
    ];
    let senders = vec![
        "scanner@contoso.com".to_string(),
        "printer-3f@contoso.com".to_string(),
    ];
    let r = reconcile(&log, &file, &senders, at("2026-12-02T14:00:00Z"));
    let seqs = |v: &[(Entry, Why)]| v.iter().map(|(e, w)| (e.seq, *w)).collect::<Vec<_>>();
    assert_eq!(
        r.matched
            .iter()
            .map(|(e, rec)| (e.seq, rec.id.as_str()))
            .collect::<Vec<_>>(),
        [(1, "r1"), (2, "r2")]
    );
    assert_eq!(
        seqs(&r.only_authpilot),
        [
            (3, Why::Failed),
            (4, Why::OlderThanFile),
            (5, Why::NotYetArrived),
            (6, Why::Submitted)
        ]
    );
    assert_eq!(
        r.only_tenant
            .iter()
            .map(|x| x.id.as_str())
            .collect::<Vec<_>>(),
        ["r4"]
    );
    assert_eq!(r.only_tenant[0].user, "tool@contoso.com");
    assert_eq!(
        r.cannot_tell
            .iter()
            .map(|x| x.id.as_str())
            .collect::<Vec<_>>(),
        ["r3"],
        "a GUID is never guessed"
    );
    // printer-3f: AuthPilot's latest says off (entry 5), the tenant's says follow the organisation.
    assert_eq!(r.disagreements.len(), 1);
    assert_eq!(r.disagreements[0].mailbox, "printer-3f@contoso.com");
    assert_eq!(
        (r.disagreements[0].authpilot.0, r.disagreements[0].tenant.0),
        (Action::TurnOff, Action::FollowOrganization)
    );
    // The window is what the docs say: at least 90 minutes.
    const { assert!(WINDOW_SECONDS >= 90 * 60) };
}

#[test]
fn a_succeeded_entry_inside_the_file_and_missing_from_it_is_not_in_the_record() {
    let file = read_audit(&purview(false)).unwrap();
    let log = [entry(
        1,
        "2026-12-02T10:30:00Z",
        Scope::Organization,
        None,
        Action::TurnOn,
        Outcome::Succeeded,
    )];
    let r = reconcile(&log, &file, &[], at("2026-12-05T00:00:00Z"));
    assert_eq!(r.only_authpilot[0].1, Why::NotInRecord);
    assert!(r.matched.is_empty());
}

#[test]
fn a_record_older_than_the_log_is_only_in_the_tenant_and_said_to_be_from_before_it() {
    // The log begins at 10:30; the file's organisation change at 10:00:40 and its mailbox
    // changes are older: changes from before AuthPilot was there, not ones it missed.
    let file = read_audit(&purview(false)).unwrap();
    let log = [entry(
        1,
        "2026-12-02T11:30:30Z",
        Scope::Mailbox,
        Some("printer-3f@contoso.com"),
        Action::FollowOrganization,
        Outcome::Succeeded,
    )];
    let r = reconcile(&log, &file, &[], at("2026-12-05T00:00:00Z"));
    assert_eq!(
        r.matched.len(),
        1,
        "the follow-the-organisation change at 11:30 matches"
    );
    let older: Vec<&str> = r
        .only_tenant
        .iter()
        .filter(|x| r.before_log(x))
        .map(|x| x.id.as_str())
        .collect();
    assert_eq!(older, ["r1", "r2"]);
    assert!(r.cannot_tell.iter().all(|x| r.before_log(x)));
}

/// Issue 26: the command line streams an audit file of any size through `AuditReader`; read
/// in pieces cut anywhere (inside a quoted cell, between CR and LF, between a doubled quote's
/// two halves), each form gives exactly what reading it whole gives, and a bad file is refused
/// at the same line.
#[test]
fn an_export_read_in_pieces_is_read_as_whole() {
    use authpilot::core::audit::read::AuditReader;
    let crlf = purview(true).replace('\n', "\r\n");
    for text in [purview(false), crlf, classic(), powershell()] {
        let whole = read_audit(&text).unwrap();
        for size in [1, 2, 3, 7, 64, 4096] {
            let mut reader = AuditReader::new();
            let chars: Vec<char> = text.chars().collect();
            for piece in chars.chunks(size) {
                reader.feed(&piece.iter().collect::<String>()).unwrap();
            }
            assert_eq!(reader.finish().unwrap(), whole, "pieces of {size}");
        }
    }
    let bad = format!("{}\"unclosed", classic());
    let whole = read_audit(&bad).unwrap_err();
    let mut reader = AuditReader::new();
    for c in bad.chars() {
        reader.feed(&c.to_string()).unwrap();
    }
    assert_eq!(reader.finish().unwrap_err(), whole);
}
