//! "Copy page report": what goes on the clipboard names cues, roles and control names, and
//! never an address, a number, an id or a link that could identify a person or a tenant.
use authpilot::core::page::report::{format, mask, Control, Deliveries, ElementSeen, PageReport};

fn report(host: &str, names: &[&str]) -> PageReport {
    PageReport {
        host: host.into(),
        route: "/users/:/UserDetails/1b2c3d4e-aaaa-bbbb-cccc-1234567890ab".into(),
        lang: None,
        elements: vec![
            ElementSeen {
                element: "helpButton".into(),
                found_by: Some("role and name".into()),
            },
            ElementSeen {
                element: "dropdown".into(),
                found_by: None,
            },
        ],
        controls: names
            .iter()
            .map(|n| Control {
                role: "button".into(),
                name: (*n).into(),
                disabled: n.starts_with("Run"),
            })
            .collect(),
        deliveries: None,
    }
}

#[test]
fn masks_addresses_numbers_ids_and_links() {
    assert_eq!(
        mask("Contact megan@contoso.example now"),
        "Contact <address> now"
    );
    assert_eq!(
        mask("Ticket 12345678 for tenant 42"),
        "Ticket # for tenant 42"
    );
    assert_eq!(mask("id 1b2c3d4e-aaaa-bbbb-cccc-1234567890ab"), "id <id>");
    assert_eq!(mask("see https://contoso.example/x"), "see <link>");
    assert_eq!(mask("Run   Tests"), "Run Tests");
}

#[test]
fn the_report_names_cues_and_controls_and_nothing_personal() {
    let text = format(
        &report(
            "admin.microsoft.com",
            &[
                "Run Tests",
                "Signed in as megan@contoso.example",
                "Call 555 0100",
            ],
        ),
        "0.1.0",
    );
    assert!(
        text.starts_with(
            "AuthPilot 0.1.0 page report\npage: admin.microsoft.com #/users/:/UserDetails/<id>"
        ),
        "{text}"
    );
    assert!(
        text.contains("  helpButton: role and name\n  dropdown: NOT FOUND"),
        "{text}"
    );
    assert!(text.contains("  button \"Run Tests\" (disabled)"), "{text}");
    assert!(
        text.contains("  button \"Signed in as <address>\""),
        "{text}"
    );
    assert!(text.contains("  button \"Call # #\""), "{text}");
    for secret in ["megan", "contoso", "555", "1234567890ab"] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[test]
fn a_host_that_is_not_the_admin_center_is_not_named() {
    let text = format(&report("intranet.contoso.example", &[]), "0.1.0");
    assert!(text.contains("page: (not an admin-center host)"), "{text}");
    assert!(text.contains("(no pane found)"), "{text}");
    assert!(!text.contains("contoso"), "{text}");
}

#[test]
fn long_names_are_cut() {
    let long = "x".repeat(500);
    let text = format(&report("admin.microsoft.com", &[&long]), "0.1.0");
    assert!(
        text.contains(&format!("\"{}…\"", "x".repeat(120))),
        "{text}"
    );
}

#[test]
fn the_report_names_the_pages_language_and_what_authpilot_reads_of_it() {
    let with_lang = |lang: Option<&str>| {
        let mut r = report("admin.microsoft.com", &[]);
        r.lang = lang.map(str::to_string);
        format(&r, "0.1.0")
    };
    assert!(
        with_lang(Some("de-DE")).contains(
            "language: de-DE (labels read as a second cue; messages not read: outcomes from Fluent's markup, else submitted)"
        ),
        "{}",
        with_lang(Some("de-DE"))
    );
    assert!(with_lang(Some("el-GR")).contains(
        "language: el-GR (no words read: switches found by structure; outcomes from Fluent's markup, else submitted)"
    ));
    assert!(with_lang(Some("ja-JP")).contains("language: ja-JP (labels and messages read)\n"));
    assert!(with_lang(None).contains("language: (not stated)\n"));
}

#[test]
fn the_report_says_how_the_pages_messages_reached_authpilot() {
    let mut r = report("admin.exchange.microsoft.com", &[]);
    assert!(!format(&r, "0.1.0").contains("messages to AuthPilot"));
    r.deliveries = Some(Deliveries {
        sent: 12,
        repeated: 1,
        repeats: [("switch-pressed".to_string(), 1)].into(),
        waiting: 0,
        last_failure: Some(
            "switch-pressed: A listener indicated an asynchronous response by returning true, \
             but the message channel closed before a response was received"
                .into(),
        ),
    });
    let text = format(&r, "0.1.0");
    assert!(
        text.contains("messages to AuthPilot: 12 sent, 1 of them again (switch-pressed 1), 0 waiting; last failure: switch-pressed: A listener"),
        "{text}"
    );
}
