//! Today first (issue 27): in December 2026 the popup's first screen and the helper lead with
//! SMTP AUTH's next step; the 2022 diagnostic's actions appear only while a practice date
//! rehearses it; from 2027 the first screen speaks of the change that happened.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::diagnostic::PageState;
use authpilot::core::helper::{render as helper, HelperModel};
use authpilot::core::log::{chain_all, Action, Entry, Head, Outcome, Scope, Summary};
use authpilot::core::page::hosts::classify;
use authpilot::core::popup::{render, PopupModel};
use authpilot::core::protocols::Protocol;
use authpilot::core::settings::{Loaded, Settings, SettingsForm};
use authpilot::core::smtp::{next_step, place_of, Change, NextAction, Place, SmtpPhase};
use authpilot::core::time::{Date, Instant};
use authpilot::core::view::Node;

const TODAY: &str = "2026-12-03T10:00:00Z";
const M365: &str = "https://admin.microsoft.com/Adminportal/Home#/homepage";

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

fn settings(practice: &str, cloud: &str, senders: &[&str]) -> Settings {
    Settings::from_form(&SettingsForm {
        cloud: cloud.into(),
        needed: vec!["EWS".into(), "POP".into(), "IMAP".into()],
        practice_date: practice.into(),
        smtp_senders: senders.join("\n"),
        ..Default::default()
    })
    .unwrap()
}

/// SMTP AUTH changes recorded (succeeded) for these subjects: `None` is the organisation.
fn recorded(subjects: &[Option<&str>]) -> Vec<Entry> {
    let drafts = subjects.iter().enumerate().map(|(i, mailbox)| {
        Change {
            scope: if mailbox.is_some() {
                Scope::Mailbox
            } else {
                Scope::Organization
            },
            mailbox: mailbox.map(str::to_string),
            action: if mailbox.is_some() {
                Action::TurnOn
            } else {
                Action::TurnOff
            },
        }
        .draft(
            format!("00000000-0000-4000-8000-00000000000{i}"),
            at("2026-12-02T09:00:00Z"),
            Outcome::Succeeded,
            Cloud::Worldwide,
            None,
        )
        .unwrap()
    });
    chain_all(&Head::default(), drafts)
}

fn popup(url: &str, now: &str, settings: Settings, latest: Vec<Entry>) -> Node {
    render(&PopupModel {
        content_script_seen: true,
        log: Ok(Summary {
            count: latest.len() as u64,
            broken: None,
            latest,
        }),
        ..PopupModel::new(classify(url), Loaded::Stored(settings), at(now))
    })
}

fn text_of(view: &Node, id: &str) -> String {
    Node::from(
        view.find("id", id)
            .unwrap_or_else(|| panic!("no #{id}"))
            .clone(),
    )
    .text_content()
}

fn attr<'a>(view: &'a Node, id: &str, name: &str) -> Option<&'a str> {
    view.find("id", id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .get_attr(name)
}

/// The diagnostic actions a screen offers (pre-fill from the popup or the helper).
fn diagnostic_actions(view: &Node) -> usize {
    ["prefill", "prefill-search"]
        .iter()
        .filter(|a| view.find("data-action", a).is_some())
        .count()
}

/// The next step's buttons, as (action, the page it opens or the field it shows).
fn next_buttons(view: &Node) -> Vec<String> {
    let html = view.to_html();
    let block = html
        .split("class=\"buttons next\"")
        .nth(1)
        .expect("the next step's buttons")
        .split("</div>")
        .next()
        .unwrap()
        .to_string();
    block
        .split("<button")
        .skip(1)
        .map(|b| {
            let get = |name: &str| {
                b.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or("")
                    .to_string()
            };
            let what = [get("data-place"), get("data-focus"), get("data-tab")]
                .into_iter()
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            format!("{} {what}", get("data-action"))
        })
        .collect()
}

#[test]
fn on_the_real_date_the_first_screen_leads_with_smtp_auth_and_offers_no_diagnostic_action() {
    let view = popup(M365, TODAY, settings("", "worldwide", &[]), vec![]);
    assert_eq!(diagnostic_actions(&view), 0, "{}", view.to_html());
    // SMTP AUTH comes first, before 2022; the days cannot be misread.
    let html = view.to_html();
    let smtp = html.find("id=\"smtp-now\"").expect("the SMTP AUTH card");
    let history = html.find("id=\"phase\"").expect("2022");
    assert!(smtp < history, "SMTP AUTH leads");
    assert_eq!(
        text_of(&view, "smtp-now-days"),
        "28 days until 31 December 2026"
    );
    assert_eq!(
        attr(&view, "smtp-now", "data-smtp-phase"),
        Some("december-2026")
    );
    // The next step is a button that does it: open the clients report, or list the senders.
    assert_eq!(attr(&view, "next-step", "data-step"), Some("find"));
    assert_eq!(
        next_buttons(&view),
        ["open-admin-center clients-report", "section smtp_senders"]
    );
    let report = view.find("data-place", "clients-report").unwrap();
    assert_eq!(
        report.get_attr("data-url"),
        Some("https://admin.exchange.microsoft.com/#/reports/smtpauthmailflowdetails")
    );
    // One line of the board.
    assert_eq!(
        text_of(&view, "smtp-board-line"),
        "Organisation: nothing recorded. Authentication policy: nothing recorded. Listed senders with a recorded change: 0 of 0. See the plan"
    );
    // 2022 is short and collapsed, and still says what to do now.
    let phase = view.find("id", "phase").unwrap();
    assert_eq!(phase.tag, "details");
    assert!(phase.get_attr("open").is_none(), "collapsed");
    assert_eq!(
        text_of(&view, "phase-heading"),
        "What happened in 2022: Basic authentication is off for good for EWS, POP and IMAP — move your mail-reading product to OAuth 2.0."
    );
    // The helper stays one click away; nothing pre-fills a closed diagnostic.
    assert!(view.find("data-action", "show-helper").is_some());
    let elsewhere = popup(
        "https://login.microsoftonline.com/",
        TODAY,
        settings("", "worldwide", &[]),
        vec![],
    );
    assert_eq!(
        elsewhere
            .find("data-action", "open-admin-center")
            .and_then(|b| b.get_attr("data-url")),
        Some("https://admin.microsoft.com/Adminportal/Home#/homepage")
    );
}

#[test]
fn the_next_step_follows_the_board_from_listing_senders_to_done() {
    let senders = [
        "scanner@contoso.com",
        "printer@contoso.com",
        "app@contoso.com",
    ];
    let s = || settings("", "worldwide", &senders);
    // Listed, one recorded: the others are named, and Active users opens.
    let one = popup(M365, TODAY, s(), recorded(&[Some("scanner@contoso.com")]));
    assert_eq!(attr(&one, "next-step", "data-step"), Some("per-mailbox"));
    assert_eq!(
        text_of(&one, "next-step"),
        "Next: 2 of 3 listed senders have nothing recorded (printer@contoso.com, app@contoso.com). Move each off Basic, or turn SMTP AUTH on for its mailbox alone before 31 December."
    );
    assert_eq!(
        next_buttons(&one),
        ["open-admin-center active-users", "section smtp"]
    );
    assert!(
        text_of(&one, "smtp-board-line").contains("Listed senders with a recorded change: 1 of 3.")
    );
    // Every sender recorded, the organisation not: Mail flow settings.
    let all = recorded(&senders.map(Some));
    let org = popup(M365, TODAY, s(), all.clone());
    assert_eq!(attr(&org, "next-step", "data-step"), Some("organization"));
    assert_eq!(next_buttons(&org), ["open-admin-center mail-flow-settings"]);
    // And the organisation too: done.
    let mut both = senders.map(Some).to_vec();
    both.push(None);
    let done = popup(M365, TODAY, s(), recorded(&both));
    assert_eq!(attr(&done, "next-step", "data-step"), Some("done"));
    let line = text_of(&done, "smtp-board-line");
    assert!(line.starts_with(
        "Organisation: turned off · Succeeded · 2026-12-02 09:00 UTC. Authentication policy: nothing recorded."
    ), "{line}");
    // Many waiting: three named, the rest counted.
    let many = [
        "a@contoso.com",
        "b@contoso.com",
        "c@contoso.com",
        "d@contoso.com",
        "e@contoso.com",
    ];
    let step = next_step(SmtpPhase::December2026, &many.map(String::from), &[]);
    assert!(
        step.text
            .contains("(a@contoso.com, b@contoso.com, c@contoso.com and 2 more)"),
        "{}",
        step.text
    );
}

#[test]
fn a_cloud_whose_pages_are_unknown_says_so_instead_of_a_button() {
    let view = popup(
        "https://portal.office365.us/adminportal/home",
        TODAY,
        settings("", "gcc-high", &[]),
        vec![],
    );
    assert_eq!(next_buttons(&view), ["section smtp_senders"]);
    assert!(view
        .text_content()
        .contains("SMTP AUTH clients report (Exchange admin center): AuthPilot does not know its address in GCC High"));
}

#[test]
fn under_a_2022_practice_date_the_rehearsal_offers_the_pre_fill_with_the_date_beside_it() {
    let view = popup(
        M365,
        TODAY,
        settings("2022-10-15", "worldwide", &[]),
        vec![],
    );
    assert_eq!(diagnostic_actions(&view), 2);
    let phase = view.find("id", "phase").unwrap();
    assert_eq!(phase.tag, "section");
    assert_eq!(phase.get_attr("data-rehearsal"), Some("2022-10-15"));
    assert_eq!(phase.get_attr("data-phase"), Some("re-enable"));
    let group = view.find("role", "group").expect("the pre-fill buttons");
    assert_eq!(
        group.get_attr("aria-label"),
        Some("Practice date 2022-10-15 (a rehearsal: nothing is sent to Microsoft)")
    );
    let buttons = Node::from(group.clone()).to_html();
    assert!(
        buttons.contains("data-action=\"prefill\"")
            && buttons.contains("data-action=\"prefill-search\"")
    );
    // SMTP AUTH still leads, for today (a 2022 date is not in its timeline).
    assert_eq!(
        text_of(&view, "smtp-now-days"),
        "28 days until 31 December 2026"
    );
    // Off the admin center, "Open admin center" pre-fills the query while rehearsing.
    let elsewhere = popup(
        "https://example.com/",
        TODAY,
        settings("2022-10-15", "worldwide", &[]),
        vec![],
    );
    assert!(elsewhere
        .find("data-action", "open-admin-center")
        .and_then(|b| b.get_attr("data-url"))
        .unwrap()
        .contains("searchSolutions=Diag%3A%20Enable"));
    // Where the diagnostic never ran (GCC) or not on its admin center: no pre-fill.
    let gcc = popup(M365, TODAY, settings("2022-10-15", "gcc", &[]), vec![]);
    assert_eq!(diagnostic_actions(&gcc), 0);
    let exchange = popup(
        "https://admin.exchange.microsoft.com/#/settings",
        TODAY,
        settings("2022-10-15", "worldwide", &[]),
        vec![],
    );
    assert_eq!(diagnostic_actions(&exchange), 0);
}

#[test]
fn from_2027_the_first_screen_speaks_of_the_change_and_names_the_senders_with_nothing_recorded() {
    let senders = ["scanner@contoso.com", "printer@contoso.com"];
    let view = popup(
        M365,
        TODAY,
        settings("2027-01-15", "worldwide", &senders),
        recorded(&[Some("scanner@contoso.com")]),
    );
    assert_eq!(diagnostic_actions(&view), 0);
    assert_eq!(
        attr(&view, "smtp-now", "data-smtp-phase"),
        Some("off-by-default")
    );
    assert!(
        view.find("id", "smtp-now-days").is_none(),
        "no days left after the change"
    );
    let smtp = text_of(&view, "smtp-now");
    assert!(
        smtp.contains("SMTP AUTH: Basic is off by default"),
        "{smtp}"
    );
    assert!(
        smtp.contains("Practice date 2027-01-15"),
        "the practice date is named: {smtp}"
    );
    assert_eq!(attr(&view, "next-step", "data-step"), Some("check-devices"));
    assert!(text_of(&view, "next-step").contains("printer@contoso.com"));
    assert!(!text_of(&view, "next-step").contains("scanner@contoso.com"));
    // It points at the explainer for the errors devices show.
    assert_eq!(
        next_buttons(&view),
        ["open-admin-center active-users", "section explain_text"]
    );
    assert_eq!(view.find("id", "phase").unwrap().tag, "details");
    // Every sender recorded: what to do when a device fails.
    let all = popup(
        M365,
        TODAY,
        settings("2027-01-15", "worldwide", &senders),
        recorded(&senders.map(Some)),
    );
    assert_eq!(attr(&all, "next-step", "data-step"), Some("done-after"));
    assert_eq!(next_buttons(&all), ["section explain_text"]);
}

#[test]
fn the_explainer_opens_when_a_next_step_asks_for_it() {
    let mut model = PopupModel::new(
        classify(M365),
        Loaded::Stored(settings("", "worldwide", &[])),
        at(TODAY),
    );
    let closed = render(&model);
    assert!(closed
        .find("id", "explainer")
        .unwrap()
        .get_attr("open")
        .is_none());
    model.focus = Some("explain_text".into());
    let open = render(&model);
    assert!(open
        .find("id", "explainer")
        .unwrap()
        .get_attr("open")
        .is_some());
    use authpilot::core::popup::{focus_from_fragment, Section};
    assert_eq!(Section::from_fragment("#explain"), Some(Section::Smtp));
    assert_eq!(
        focus_from_fragment("#explain").as_deref(),
        Some("explain_text")
    );
}

fn helper_model(practice: Option<&str>, place: Option<Place>, senders: &[&str]) -> HelperModel {
    HelperModel {
        now: at(TODAY),
        practice: practice.map(|p| Date::parse(p).unwrap()),
        cloud: Cloud::Worldwide,
        needed: Protocol::MAIL_READING.to_vec(),
        page: PageState::default(),
        pending: None,
        summary: Summary::default(),
        last_recorded: None,
        missing: None,
        minimised: false,
        notice: None,
        switch: None,
        senders: senders.iter().map(|s| s.to_string()).collect(),
        place,
    }
}

#[test]
fn the_helper_on_the_real_date_offers_the_smtp_auth_step_that_fits_the_page() {
    // The admin center's home: the plan's next step, with its button.
    let home = helper(&helper_model(None, None, &[]));
    assert_eq!(diagnostic_actions(&home), 0, "{}", home.to_html());
    assert_eq!(attr(&home, "page-step", "data-step"), Some("find"));
    assert_eq!(text_of(&home, "days"), "28 days until 31 December 2026");
    let open = home
        .find("data-action", "open-page")
        .expect("a button that opens the report");
    assert_eq!(open.get_attr("data-place"), Some("clients-report"));
    assert!(
        home.find("data-fragment", "settings").is_some(),
        "List the senders"
    );
    assert!(
        home.find("data-action", "minimise").is_some(),
        "minimisable"
    );
    // On the clients report: what the report is for, and the senders' list (not the report again).
    let report = helper(&helper_model(None, Some(Place::ClientsReport), &[]));
    assert_eq!(
        attr(&report, "page-step", "data-step"),
        Some("clients-report")
    );
    assert!(report.find("data-action", "open-page").is_none());
    assert!(report.find("data-fragment", "settings").is_some());
    // On Active users: which listed senders still have nothing recorded.
    let users = helper(&helper_model(
        None,
        Some(Place::ActiveUsers),
        &["scanner@contoso.com", "printer@contoso.com"],
    ));
    assert_eq!(
        text_of(&users, "page-step"),
        "Open each listed sender that cannot move off Basic yet: Mail > Manage email apps > Authenticated SMTP. 2 still have nothing recorded: scanner@contoso.com, printer@contoso.com."
    );
    assert!(
        users.find("data-place", "active-users").is_none(),
        "already there"
    );
    // With Help & support open (an admin following the 2022 instructions): the diagnostic closed.
    let mut pane = helper_model(None, None, &[]);
    pane.page.pane_open = true;
    let view = helper(&pane);
    assert!(text_of(&view, "diagnostic-closed").contains("closed on 1 January 2023"));
    assert_eq!(diagnostic_actions(&view), 0);
    // Minimised: one line with the days.
    let mut small = helper_model(None, None, &[]);
    small.minimised = true;
    assert!(helper(&small)
        .text_content()
        .contains("SMTP AUTH: 28 days until 31 December 2026"));
    // Rehearsing 2022: the diagnostic's steps and its pre-fill, as before.
    let rehearsal = helper(&helper_model(Some("2022-10-15"), None, &[]));
    assert_eq!(diagnostic_actions(&rehearsal), 1);
    assert!(rehearsal.find("id", "page-step").is_none());
}

#[test]
fn the_plans_pages_are_known_by_their_admin_center_and_route() {
    let cases = [
        (
            "https://admin.exchange.microsoft.com/#/reports/smtpauthmailflowdetails",
            Some(Place::ClientsReport),
        ),
        (
            "https://admin.cloud.microsoft/exchange#/reports/smtpauthmailflowdetails?days=7",
            Some(Place::ClientsReport),
        ),
        (
            "https://admin.exchange.microsoft.com/#/settings",
            Some(Place::MailFlowSettings),
        ),
        ("https://admin.exchange.microsoft.com/#/mailboxes", None),
        (
            "https://admin.microsoft.com/Adminportal/Home#/users",
            Some(Place::ActiveUsers),
        ),
        (
            "https://admin.cloud.microsoft/?#/users/:/UserDetails/1",
            Some(Place::ActiveUsers),
        ),
        (
            "https://admin.microsoft.com/#/Settings/Services/:/Settings/L1/ModernAuthentication",
            Some(Place::ModernAuthentication),
        ),
        (
            "https://admin.microsoft.com/Adminportal/Home#/homepage",
            None,
        ),
        // The Microsoft 365 admin center has no Mail flow settings; the Exchange one no users.
        ("https://admin.microsoft.com/#/settings", None),
        ("https://admin.exchange.microsoft.com/#/users", None),
        ("https://admin.microsoft.com/#/usersx", None),
        ("https://example.com/#/users", None),
    ];
    for (url, place) in cases {
        assert_eq!(place_of(&classify(url)), place, "{url}");
    }
    // Every page a next step opens is one of these (the helper knows where it lands).
    for place in Place::ALL {
        let url = place.url(Cloud::Worldwide).unwrap();
        assert_eq!(place_of(&classify(url)), Some(place), "{url}");
    }
}

#[test]
fn every_next_step_names_actions_the_screens_can_carry_out() {
    for phase in [
        SmtpPhase::Unchanged,
        SmtpPhase::December2026,
        SmtpPhase::OffByDefault,
        SmtpPhase::RemovalAnnounced,
    ] {
        for senders in [vec![], vec!["a@contoso.com".to_string()]] {
            let step = next_step(phase, &senders, &[]);
            assert!(!step.actions.is_empty(), "{phase:?} {senders:?}");
            assert!(!step.text.is_empty());
            if phase >= SmtpPhase::OffByDefault && !senders.is_empty() {
                assert!(step.actions.contains(&NextAction::Explain), "{phase:?}");
            }
        }
    }
}
