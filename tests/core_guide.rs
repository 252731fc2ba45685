//! The guided diagnostic's decisions, without a browser: reading the page, which presses
//! count, what a result means, when to fill the query, which step and element come next.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::diagnostic::timeline::{guidance, DiagnosticAction, Phase};
use authpilot::core::diagnostic::*;
use authpilot::core::helper::*;
use authpilot::core::log::{chain_all, verify, Action, Draft, Head, Outcome, Source, Summary};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;
use authpilot::core::walkthrough::*;

/// The heading shown after a successful re-enable (domain.md).
const SUCCESS_HEADING: &str = "Basic authentication has been re-enabled for the selected protocol.";

fn at(t: &str) -> Instant {
    Instant::parse_rfc3339(t).unwrap()
}

/// The re-enable form with IMAP chosen and the box ticked, as the replica shows it.
fn form(label: &str) -> Snapshot {
    Snapshot {
        route: "/homepage".into(),
        help_button: true,
        pane_open: true,
        search_box: true,
        query: QUERY.into(),
        card: true,
        run_tests: false,
        form_label: Some(format!("{label} *")),
        selected: Some("Internet Message Access Protocol (IMAP, used by email clients)".into()),
        acknowledged: true,
        update_enabled: true,
        disabled_list: vec![
            "Post Office Protocol (POP3, used by email clients)".into(),
            "Internet Message Access Protocol (IMAP, used by email clients)".into(),
        ],
        card_texts: vec![
            "We understand you would like to initiate a request to update the Basic authentication settings for protocols.".into(),
            "These are the current Basic authentication settings:".into(),
        ],
        busy: false,
        lang: None,
        messages: vec![],
        search_solutions: None,
        since_load_ms: 5000,
        switch: None,
    }
}

fn press(snapshot: Snapshot) -> Press {
    Press {
        id: "p1".into(),
        trusted: true,
        in_card: true,
        snapshot,
    }
}

fn pending(action: Action, at_text: &str) -> Pending {
    Pending {
        press: None,
        id: "p1".into(),
        protocol: Protocol::Imap,
        action,
        at: at_text.into(),
        host: "admin.microsoft.com".into(),
        cloud: Cloud::Worldwide,
        note: None,
        scope: None,
        mailbox: None,
        held: None,
        texts_before: Vec::new(),
        submitted: None,
    }
}

#[test]
fn the_page_is_read_from_what_a_person_sees() {
    let page = read_page(&form("Protocol to Enable"));
    assert_eq!(page.mode, Some(DiagnosticAction::ReEnable));
    assert_eq!(page.selected, Some(Protocol::Imap));
    assert_eq!(page.disabled, vec![Protocol::Pop, Protocol::Imap]);
    assert!(page.query_filled);
    assert_eq!(page.result, None);
    assert_eq!(
        form_mode("Protocol to Opt Out *"),
        Some(DiagnosticAction::OptOut)
    );
    assert_eq!(
        form_mode("  protocol to enable "),
        Some(DiagnosticAction::ReEnable)
    );
    assert_eq!(form_mode("Protocol"), None);
    let mut unchosen = form("Protocol to Enable");
    unchosen.selected = Some("Select an option".into());
    assert_eq!(read_page(&unchosen).selected, None);
    assert!(is_diagnostic_query("basic auth enable"));
    assert!(!is_diagnostic_query("mailbox"));
}

#[test]
fn results_are_read_only_from_the_card_and_classified() {
    let mut s = form("Protocol to Enable");
    s.card_texts.push(SUCCESS_HEADING.into());
    s.card_texts
        .push("The Basic authentication blocked applications setting has been updated.".into());
    assert!(
        matches!(read_page(&s).result, Some(PageResult::Succeeded(t)) if t.starts_with(SUCCESS_HEADING))
    );
    let mut e = form("Protocol to Enable");
    e.card_texts.push("We couldn't update the Basic authentication settings for POP. Error: the request could not be completed.".into());
    assert!(matches!(read_page(&e).result, Some(PageResult::Failed(t)) if t.contains("Error:")));
    // No card: whatever the texts, no result.
    let mut outside = s.clone();
    outside.card = false;
    assert_eq!(read_page(&outside).result, None);
}

#[test]
fn only_a_trusted_press_in_the_card_on_a_ready_form_counts_once() {
    let ready = form("Protocol to Enable");
    assert_eq!(
        on_press(&press(ready.clone()), None, None),
        Ok((Protocol::Imap, Action::ReEnable))
    );
    assert_eq!(
        on_press(&press(form("Protocol to Opt Out")), None, None),
        Ok((Protocol::Imap, Action::OptOut))
    );
    let forged = Press {
        id: "p1".into(),
        trusted: false,
        ..press(ready.clone())
    };
    assert!(on_press(&forged, None, None)
        .unwrap_err()
        .contains("not made by the admin"));
    let outside = Press {
        in_card: false,
        ..press(ready.clone())
    };
    assert!(on_press(&outside, None, None)
        .unwrap_err()
        .contains("outside the diagnostic card"));
    let mut unticked = ready.clone();
    unticked.acknowledged = false;
    assert!(on_press(&press(unticked), None, None).is_err());
    let mut no_protocol = ready.clone();
    no_protocol.selected = None;
    assert!(on_press(&press(no_protocol), None, None).is_err());
    let waiting = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    assert!(on_press(&press(ready.clone()), Some(&waiting), None)
        .unwrap_err()
        .contains("already waiting"));
    let mut huge = ready;
    huge.card_texts = vec!["x".into(); 61];
    assert!(on_press(&press(huge), None, None).is_err());
}

#[test]
fn a_pending_submission_settles_on_its_result_or_after_two_minutes() {
    let now = at("2022-10-15T10:00:30Z");
    let re = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let mut ok = form("Protocol to Enable");
    ok.card_texts.push(SUCCESS_HEADING.into());
    assert!(matches!(
        settle(&re, &ok, &read_page(&ok), now),
        Some((Outcome::Succeeded, Some(_)))
    ));
    let mut bad = form("Protocol to Enable");
    bad.card_texts
        .push("Unable to complete the request.".into());
    assert!(
        matches!(settle(&re, &bad, &read_page(&bad), now), Some((Outcome::Failed, Some(t))) if t == "Unable to complete the request.")
    );
    let same_s = form("Protocol to Enable");
    let same = read_page(&same_s);
    assert_eq!(settle(&re, &same_s, &same, now), None, "keep waiting");
    assert_eq!(
        settle(&re, &same_s, &same, at("2022-10-15T10:01:59Z")),
        None
    );
    assert_eq!(
        settle(&re, &same_s, &same, at("2022-10-15T10:02:00Z")),
        Some((Outcome::Submitted, None))
    );

    // Opt-out: the same form comes back with nothing chosen, and that is the answer.
    let out = pending(Action::OptOut, "2022-09-15T10:00:00Z");
    let mut again = form("Protocol to Opt Out");
    again.selected = Some("Select an option".into());
    assert_eq!(
        settle(&out, &again, &read_page(&again), at("2022-09-15T10:00:02Z")),
        Some((Outcome::Submitted, None))
    );
    assert_eq!(
        settle(
            &out,
            &form("Protocol to Opt Out"),
            &read_page(&form("Protocol to Opt Out")),
            at("2022-09-15T10:00:02Z")
        ),
        None
    );
}

#[test]
fn the_diagnostics_result_is_read_by_its_markup_first_and_only_if_new() {
    let now = at("2022-10-15T10:00:30Z");
    let re = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let settled = |p: &Pending, s: &Snapshot| settle(p, s, &read_page(s), now);
    // Fluent's error bar: failed with the page's text, in any language, whatever its words.
    for text in [
        "Something went wrong. We were unable to update the Basic authentication settings. Please try again later.",
        "問題が発生しました。基本認証の設定を更新できませんでした。",
        "Die Einstellungen wurden nicht aktualisiert.",
    ] {
        let mut s = form("Protocol to Enable");
        s.card_texts.push(text.into());
        s.messages.push(SeenMessage {
            kind: Some(authpilot::core::page::words::MessageKind::Error),
            text: text.into(),
        });
        assert_eq!(settled(&re, &s), Some((Outcome::Failed, Some(text.into()))), "{text}");
    }
    // A Japanese sentence that says it failed, without a marked-up bar.
    let mut s = form("Protocol to Enable");
    s.card_texts
        .push("基本認証の設定を更新できませんでした。".into());
    assert!(matches!(settled(&re, &s), Some((Outcome::Failed, Some(_)))));
    // A success bar settles an opt-out as succeeded.
    let out = pending(Action::OptOut, "2022-09-15T10:00:00Z");
    let mut s = form("Protocol to Opt Out");
    s.messages.push(SeenMessage {
        kind: Some(authpilot::core::page::words::MessageKind::Success),
        text: "リクエストを受け付けました".into(),
    });
    assert!(matches!(
        settled(&out, &s),
        Some((Outcome::Succeeded, Some(_)))
    ));
    // A line already on the page before Update is never its result; the same line new is.
    let mut s = form("Protocol to Enable");
    s.card_texts
        .push("Note: some settings could not be read last time.".into());
    let before = Pending {
        texts_before: s.card_texts.clone(),
        ..re.clone()
    };
    assert_eq!(settled(&before, &s), None);
    assert!(matches!(settled(&re, &s), Some((Outcome::Failed, Some(_)))));
}

#[test]
fn a_page_that_answers_in_unseen_words_records_submitted_at_once_not_after_two_minutes() {
    let now = at("2022-10-15T10:00:05Z");
    let mut s = form("有効にするプロトコル");
    s.lang = Some("ja-JP".into());
    s.card_texts = vec!["テストの実行".into(), "有効にするプロトコル *".into()];
    let re = Pending {
        texts_before: s.card_texts.clone(),
        ..pending(Action::ReEnable, "2022-10-15T10:00:00Z")
    };
    // The form is still there (the request is on its way): keep waiting.
    assert_eq!(settle(&re, &s, &read_page(&s), now), None);
    // The form gave way to a result in words AuthPilot has not seen: submitted now, with them.
    s.form_label = None;
    s.selected = None;
    s.card = false;
    s.card_texts = vec![
        "テストの実行".into(),
        "選択したプロトコルの基本認証が再度有効になりました。".into(),
    ];
    assert_eq!(
        settle(&re, &s, &read_page(&s), now),
        Some((
            Outcome::Submitted,
            Some("選択したプロトコルの基本認証が再度有効になりました。".into())
        ))
    );
    // Still loading: not yet.
    s.busy = true;
    assert_eq!(settle(&re, &s, &read_page(&s), now), None);
    // The pane closed: nothing to read, keep waiting.
    s.busy = false;
    s.pane_open = false;
    assert_eq!(settle(&re, &s, &read_page(&s), now), None);
}

#[test]
fn a_page_in_a_language_authpilot_cannot_read_records_no_submission() {
    let ready = form("Protocol to Enable");
    let press = |snapshot: Snapshot| Press {
        id: "p1".into(),
        trusted: true,
        in_card: true,
        snapshot,
    };
    let german = Snapshot {
        lang: Some("de-DE".into()),
        ..ready.clone()
    };
    assert_eq!(read_page(&german).unreadable.as_deref(), Some("de-DE"));
    let refused = on_press(&press(german), None, Some(DiagnosticAction::ReEnable)).unwrap_err();
    assert!(refused.contains("de-DE"), "{refused}");
    // The same press on a Japanese page records; its label in unseen words is read in the mode
    // the diagnostic offered on that date.
    let japanese = Snapshot {
        lang: Some("ja-JP".into()),
        form_label: Some("有効にするプロトコル *".into()),
        selected: Some("IMAP (IMAP4、メール クライアントで使用)".into()),
        ..ready
    };
    assert_eq!(
        on_press(
            &press(japanese.clone()),
            None,
            Some(DiagnosticAction::ReEnable)
        ),
        Ok((Protocol::Imap, Action::ReEnable))
    );
    assert!(on_press(&press(japanese), None, None).is_err());
}

#[test]
fn a_settled_submission_becomes_one_observed_entry() {
    let mut p = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    p.note = Some("Recorded while rehearsing with practice date 2022-10-15.".into());
    let d = entry_for(&p, Outcome::Succeeded, Some(SUCCESS_HEADING.into()));
    assert_eq!(
        (d.id.as_str(), d.source, d.outcome),
        ("p1", Source::Observed, Outcome::Succeeded)
    );
    assert_eq!(d.effective_by.as_deref(), Some("2022-10-15T11:00:00Z"));
    assert_eq!(d.host.as_deref(), Some("admin.microsoft.com"));
    d.validate().unwrap();
    let out = entry_for(
        &pending(Action::OptOut, "2022-09-15T10:00:00Z"),
        Outcome::Submitted,
        None,
    );
    assert_eq!((out.effective_by, out.mc437540_seen), (None, Some(false)));
    let (title, body) = reminder(Protocol::Imap);
    assert_eq!(title, "Basic auth for IMAP should now work");
    assert!(body.contains("Test your mail product's connection"));
}

#[test]
fn an_ignored_search_solutions_is_filled_once_the_page_had_two_seconds() {
    let mut s = Snapshot {
        search_solutions: Some(QUERY.into()),
        help_button: true,
        since_load_ms: 1500,
        ..Default::default()
    };
    assert!(!should_fill_on_arrival(&s));
    s.since_load_ms = 2500;
    assert!(should_fill_on_arrival(&s));
    s.query = QUERY.into();
    assert!(!should_fill_on_arrival(&s), "the page honoured it");
    let other = Snapshot {
        search_solutions: Some("Diag: Bypass Lobby".into()),
        since_load_ms: 9000,
        ..Default::default()
    };
    assert!(!should_fill_on_arrival(&other));
}

fn summary_with(entries: &[(Protocol, Action, Outcome)]) -> Summary {
    let drafts = entries.iter().enumerate().map(|(i, (p, a, o))| Draft {
        id: format!("e{i}"),
        at: "2022-10-15T10:00:00Z".into(),
        protocol: *p,
        scope: None,
        mailbox: None,
        action: *a,
        outcome: *o,
        source: Source::Observed,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: None,
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    });
    let log = chain_all(&Head::default(), drafts);
    Summary::of(&log, &verify(&log))
}

#[test]
fn done_means_a_standing_opt_out_in_september_and_a_successful_re_enable_after() {
    let s = summary_with(&[
        (Protocol::Ews, Action::OptOut, Outcome::Submitted),
        (Protocol::Pop, Action::ReEnable, Outcome::Failed),
        (Protocol::Imap, Action::ReEnable, Outcome::Succeeded),
    ]);
    let needed = Protocol::MAIL_READING;
    assert_eq!(
        progress(&s, &needed, Phase::OptOut),
        vec![
            (Protocol::Ews, true),
            (Protocol::Pop, false),
            (Protocol::Imap, false)
        ]
    );
    assert_eq!(
        progress(&s, &needed, Phase::ReEnable),
        vec![
            (Protocol::Ews, false),
            (Protocol::Pop, false),
            (Protocol::Imap, true)
        ]
    );
    assert!(progress(&s, &needed, Phase::Retired)
        .iter()
        .all(|(_, d)| !d));
    let open = progress(&s, &needed, Phase::ReEnable);
    assert_eq!(next_protocol(&open, None), Some(Protocol::Ews));
    assert_eq!(
        next_protocol(&open, Some(Protocol::Pop)),
        Some(Protocol::Pop),
        "the admin's own choice"
    );
    assert_eq!(
        next_protocol(&open, Some(Protocol::Imap)),
        Some(Protocol::Ews),
        "IMAP is done already"
    );
    assert_eq!(
        next_protocol(&open, Some(Protocol::Rpc)),
        Some(Protocol::Ews),
        "RPC is not needed"
    );
}

#[test]
fn steps_follow_the_page_and_point_at_the_next_element() {
    let blank = PageState {
        help_button: true,
        ..Default::default()
    };
    let s = steps(DiagnosticAction::ReEnable, &blank, Some(Protocol::Pop));
    assert_eq!(current_target(&s), Some(PageElement::HelpButton));
    assert!(s[3]
        .text
        .contains("Under \"Protocol to Enable\" choose POP."));
    let open = PageState {
        pane_open: true,
        search_box: true,
        ..blank.clone()
    };
    assert_eq!(
        current_target(&steps(DiagnosticAction::ReEnable, &open, None)),
        Some(PageElement::SearchBox)
    );
    let card = PageState {
        card: true,
        run_tests: true,
        ..open.clone()
    };
    assert_eq!(
        current_target(&steps(DiagnosticAction::ReEnable, &card, None)),
        Some(PageElement::RunTests)
    );
    let mut page = read_page(&form("Protocol to Enable"));
    page.acknowledged = false;
    assert_eq!(
        current_target(&steps(
            DiagnosticAction::ReEnable,
            &page,
            Some(Protocol::Pop)
        )),
        Some(PageElement::Dropdown),
        "IMAP chosen, POP next"
    );
    // The admin picked IMAP, which is needed and open: the guide follows their choice.
    let g = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Worldwide,
        &Protocol::MAIL_READING,
    );
    let mut chosen = form("Protocol to Enable");
    chosen.acknowledged = false;
    let seen = observe(
        &TabState::default(),
        &chosen,
        0.0,
        &g,
        &Protocol::MAIL_READING,
        &Summary::default(),
        None,
    );
    assert_eq!(seen.highlight, Some(PageElement::Acknowledge));
    assert_eq!(
        current_target(&steps(
            DiagnosticAction::ReEnable,
            &page,
            Some(Protocol::Imap)
        )),
        Some(PageElement::Acknowledge)
    );
    page.acknowledged = true;
    assert_eq!(
        current_target(&steps(
            DiagnosticAction::ReEnable,
            &page,
            Some(Protocol::Imap)
        )),
        Some(PageElement::Update)
    );
    // After a result the admin searches again for the next protocol.
    page.result = Some(PageResult::Succeeded(SUCCESS_HEADING.into()));
    assert_eq!(
        current_target(&steps(
            DiagnosticAction::ReEnable,
            &page,
            Some(Protocol::Pop)
        )),
        Some(PageElement::SearchBox)
    );
    let lines = status_lines(
        &read_page(&form("Protocol to Enable")),
        None,
        Some(Outcome::Succeeded),
    );
    assert_eq!(
        lines,
        [
            "Help pane open",
            "Query filled",
            "Form: re-enable mode",
            "IMAP selected",
            "Succeeded — recorded"
        ]
    );
}

#[test]
fn an_element_unseen_for_two_quiet_seconds_is_reported_missing_and_loading_pauses_the_wait() {
    let g = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Worldwide,
        &Protocol::MAIL_READING,
    );
    let summary = Summary::default();
    let bare = Snapshot {
        route: "/homepage".into(),
        ..Default::default()
    }; // no Help & support button
    let look = |before: &TabState, snap: &Snapshot, ms: f64| {
        observe(
            before,
            snap,
            ms,
            &g,
            &Protocol::MAIL_READING,
            &summary,
            None,
        )
    };
    let first = look(&TabState::default(), &bare, 1_000.0);
    assert_eq!(first.state.target, Some(PageElement::HelpButton));
    assert_eq!(first.state.missing, None);
    assert_eq!(first.highlight, None, "nothing to outline");
    assert!(
        !first.show_helper,
        "no pane, no diagnostic: the helper waits"
    );
    assert_eq!(
        first.recheck_ms,
        Some(1000),
        "looked at again soon, so the loss is said at once"
    );
    let soon = look(&first.state, &bare, 2_500.0);
    assert_eq!(soon.state.missing, None, "1.5 s is still a page rendering");
    // Something is loading: the wait starts again when it is done.
    let busy = Snapshot {
        busy: true,
        ..bare.clone()
    };
    let loading = look(&soon.state, &busy, 3_500.0);
    assert_eq!(loading.state.missing, None);
    let done_loading = look(&loading.state, &bare, 5_000.0);
    assert_eq!(
        done_loading.state.missing, None,
        "1.5 s after loading ended"
    );
    let later = look(&done_loading.state, &bare, 5_600.0);
    assert_eq!(later.state.missing, Some(PageElement::HelpButton));
    assert_eq!(later.recheck_ms, None);
    let seen = Snapshot {
        help_button: true,
        ..bare
    };
    let found = look(&later.state, &seen, 10_000.0);
    assert_eq!(
        (found.state.missing, found.highlight, found.recheck_ms),
        (None, Some(PageElement::HelpButton), None)
    );
}

#[test]
fn observing_settles_a_pending_submission_and_fills_an_ignored_query_once() {
    let g = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Worldwide,
        &Protocol::MAIL_READING,
    );
    let mut ok = form("Protocol to Enable");
    ok.card_texts.push(SUCCESS_HEADING.into());
    let now_ms = at("2022-10-15T10:00:05Z").unix_seconds() as f64 * 1000.0;
    let p = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let seen = observe(
        &TabState::default(),
        &ok,
        now_ms,
        &g,
        &Protocol::MAIL_READING,
        &Summary::default(),
        Some(&p),
    );
    assert!(matches!(seen.settle, Some((Outcome::Succeeded, _))));
    assert!(seen.show_helper, "the diagnostic is on screen");
    assert_eq!(
        seen.state.last_recorded.map(recorded).as_deref(),
        Some("Succeeded — recorded")
    );

    let arrival = Snapshot {
        search_solutions: Some(QUERY.into()),
        help_button: true,
        since_load_ms: 2600,
        ..Default::default()
    };
    let first = observe(
        &TabState::default(),
        &arrival,
        0.0,
        &g,
        &Protocol::MAIL_READING,
        &Summary::default(),
        None,
    );
    assert!(first.prefill);
    let second = observe(
        &first.state,
        &arrival,
        100.0,
        &g,
        &Protocol::MAIL_READING,
        &Summary::default(),
        None,
    );
    assert!(!second.prefill, "only once");

    // No diagnostic for this cloud or date: nothing to outline.
    let gcc = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Gcc,
        &Protocol::MAIL_READING,
    );
    assert_eq!(
        observe(
            &TabState::default(),
            &arrival,
            0.0,
            &gcc,
            &[],
            &Summary::default(),
            None
        )
        .highlight,
        None
    );
}

#[test]
fn the_form_is_read_leniently_as_fluent_renders_it() {
    use authpilot::core::diagnostic::timeline::DiagnosticAction;
    use authpilot::core::diagnostic::{form_mode, loose, mode_from_texts};
    // Fluent v8 puts the required mark in CSS, v9 in an aria-hidden span; icon glyphs are
    // private-use characters; labels may carry a colon.
    assert_eq!(
        form_mode("Protocol to Enable"),
        Some(DiagnosticAction::ReEnable)
    );
    assert_eq!(
        form_mode("Protocol to Enable*"),
        Some(DiagnosticAction::ReEnable)
    );
    assert_eq!(
        form_mode("  protocol   to OPT out : "),
        Some(DiagnosticAction::OptOut)
    );
    assert_eq!(
        form_mode("\u{E70D} Protocol to Enable *"),
        Some(DiagnosticAction::ReEnable)
    );
    assert_eq!(form_mode("Protocol"), None);
    assert_eq!(loose("  Run\u{E721}  Tests "), "run tests");
    // A drop-down whose label is not one of the two: the form's own sentences decide.
    let mut other = form("Choose a protocol");
    assert_eq!(
        read_page(&other).mode,
        None,
        "no sentence of either mode yet"
    );
    other
        .card_texts
        .push("Basic authentication is disabled for the following legacy protocols:".into());
    assert_eq!(
        read_page(&other).mode,
        Some(DiagnosticAction::ReEnable),
        "the disabled-list sentence"
    );
    other.card_texts = vec!["Microsoft is currently accepting opt out requests for your tenant. You can use the drop-down below…".into()];
    assert_eq!(
        mode_from_texts(&other.card_texts),
        Some(DiagnosticAction::OptOut)
    );
    assert_eq!(read_page(&other).mode, Some(DiagnosticAction::OptOut));
    // …but without any drop-down there is no form, whatever the texts say.
    let no_dropdown = Snapshot {
        form_label: None,
        ..other
    };
    assert_eq!(read_page(&no_dropdown).mode, None);
}

#[test]
fn results_are_found_wherever_the_page_puts_them_in_the_pane() {
    let pane_lines = |extra: &[&str]| {
        let mut s = form("Protocol to Enable");
        s.card_texts = [
            "How can we help?",
            "Tell us your problem so we can get you the right help and support.",
            "Run diagnostics",
        ]
        .iter()
        .chain(extra)
        .map(|t| t.to_string())
        .collect();
        read_page(&s).result
    };
    assert_eq!(
        pane_lines(&["Searching…", "Let us help by running some tests."]),
        None
    );
    // A MessageBar: title and detail on one line, with an icon glyph.
    let one_line = "\u{E930} Basic authentication has been re-enabled for the selected protocol. The Basic authentication blocked applications setting has been updated.";
    assert_eq!(
        pane_lines(&[one_line, "View insights"]),
        Some(PageResult::Succeeded(one_line.into()))
    );
    // A heading and its paragraph in a new region.
    assert_eq!(
        pane_lines(&["Basic authentication has been re-enabled for the selected protocol.", "You should be able to use Basic authentication with the selected protocol within the next hour."]),
        Some(PageResult::Succeeded("Basic authentication has been re-enabled for the selected protocol. You should be able to use Basic authentication with the selected protocol within the next hour.".into()))
    );
    assert_eq!(
        pane_lines(&[
            "We couldn't update the Basic authentication settings for POP. Error: try later."
        ]),
        Some(PageResult::Failed(
            "We couldn't update the Basic authentication settings for POP. Error: try later."
                .into()
        ))
    );
}

#[test]
fn on_a_page_with_an_smtp_auth_switch_the_helper_is_about_that_switch() {
    use authpilot::core::log::Scope;
    use authpilot::core::smtp::SwitchSeen;
    let g = guidance(
        at("2026-11-28T12:00:00Z"),
        Cloud::Worldwide,
        &Protocol::MAIL_READING,
    );
    let switch = SwitchSeen {
        scope: Scope::Mailbox,
        mailbox: Some("Scanner@contoso.com".into()),
        checked: true,
    };
    let snap = Snapshot {
        route: "/users".into(),
        switch: Some(switch.clone()),
        ..Default::default()
    };
    let seen = observe(
        &TabState::default(),
        &snap,
        9_000.0,
        &g,
        &Protocol::MAIL_READING,
        &Summary::default(),
        None,
    );
    assert!(seen.show_helper, "the switch's panel shows the helper");
    assert_eq!(
        (seen.state.target, seen.state.missing, seen.highlight),
        (Some(PageElement::Switch), None, Some(PageElement::Switch)),
        "no diagnostic step here: the switch's box is outlined"
    );
    assert_eq!(seen.state.switch, Some(switch.clone()));
    let model = HelperModel {
        now: at("2026-11-28T12:00:00Z"),
        practice: None,
        cloud: Cloud::Worldwide,
        needed: Protocol::MAIL_READING.to_vec(),
        page: PageState::default(),
        pending: None,
        summary: Summary::default(),
        last_recorded: None,
        missing: None,
        minimised: false,
        notice: None,
        switch: Some(switch),
        senders: vec!["scanner@contoso.com".into()],
        place: None,
    };
    let html = render(&model).to_html();
    assert!(
        html.contains("This page shows SMTP AUTH turned on for Scanner@contoso.com."),
        "{html}"
    );
    assert!(html.contains("data-listed=\"true\""), "{html}");
    assert!(
        html.contains("0 of 1 listed senders have a recorded change."),
        "{html}"
    );
    assert!(
        !html.contains("Help &amp; support"),
        "no diagnostic steps: {html}"
    );
    assert!(html.contains("The box to change is outlined on the page."));
}

#[test]
fn a_mailbox_change_without_an_address_on_the_page_asks_for_it_before_anything_is_recorded() {
    use authpilot::core::log::Scope;
    use authpilot::core::smtp::SwitchSeen;
    let mut asking = pending(Action::TurnOn, "2026-11-28T12:00:00Z");
    asking.protocol = Protocol::Smtp;
    asking.scope = Some(Scope::Mailbox);
    assert!(asking.asks_mailbox());
    let mut model = HelperModel {
        now: at("2026-11-28T12:00:00Z"),
        practice: None,
        cloud: Cloud::Worldwide,
        needed: Protocol::MAIL_READING.to_vec(),
        page: PageState::default(),
        pending: Some(asking.clone()),
        summary: Summary::default(),
        last_recorded: None,
        missing: None,
        minimised: false,
        notice: None,
        // The flyout shows the box but no address.
        switch: Some(SwitchSeen {
            scope: Scope::Mailbox,
            mailbox: None,
            checked: true,
        }),
        senders: vec![],
        place: None,
    };
    let html = render(&model).to_html();
    assert!(html.contains("id=\"ask-mailbox\""), "{html}");
    assert!(html.contains("data-held=\"false\""), "{html}");
    assert!(
        html.contains("records the change when the page shows its result"),
        "{html}"
    );
    assert!(
        html.contains("cannot read this user&#39;s address")
            || html.contains("cannot read this user's address"),
        "{html}"
    );
    // Saved before it was named, and the flyout closed: the helper still asks.
    asking.held = Some((Outcome::Succeeded, Some("Saved.".into())));
    model.pending = Some(asking.clone());
    model.switch = None;
    let html = render(&model).to_html();
    assert!(html.contains("data-held=\"true\""), "{html}");
    assert!(
        html.contains(
            "The page answered: Succeeded. Nothing is recorded until you name the mailbox."
        ),
        "{html}"
    );
    // Named: nothing to ask.
    asking.mailbox = Some("scanner@contoso.com".into());
    assert!(!asking.asks_mailbox());
    model.pending = Some(asking);
    assert!(!render(&model).to_html().contains("ask-mailbox"));
}

#[test]
fn a_submission_recorded_submitted_early_is_superseded_by_a_result_read_within_the_wait() {
    let p = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let soon = at("2022-10-15T10:00:05Z");
    let late = at("2022-10-15T10:02:01Z");
    // Nothing recorded yet: a `submitted` read early is recorded and watched; a result, or
    // the wait's end, is recorded and forgotten.
    assert_eq!(next(&p, Outcome::Submitted, soon), Next::RecordAndWatch);
    assert_eq!(next(&p, Outcome::Succeeded, soon), Next::Record);
    assert_eq!(next(&p, Outcome::Failed, soon), Next::Record);
    assert_eq!(next(&p, Outcome::Submitted, late), Next::Record);
    // Already recorded `submitted`: a result supersedes that entry; the same answer again
    // records nothing more; the wait's end forgets it.
    let watched = Pending {
        submitted: Some("entry-1".into()),
        ..p
    };
    assert_eq!(
        next(&watched, Outcome::Failed, soon),
        Next::Supersede("entry-1".into())
    );
    assert_eq!(
        next(&watched, Outcome::Succeeded, late),
        Next::Supersede("entry-1".into())
    );
    assert_eq!(next(&watched, Outcome::Submitted, soon), Next::Wait);
    // The admin's next submission is not held up by one only watched.
    let ready = Press {
        id: "p1".into(),
        trusted: true,
        in_card: true,
        snapshot: form("Protocol to Enable"),
    };
    assert_eq!(
        on_press(&ready, Some(&watched), None),
        Ok((Protocol::Imap, Action::ReEnable))
    );
    assert_eq!(next(&watched, Outcome::Submitted, late), Next::Forget);
}

#[test]
fn on_a_page_not_in_english_the_helper_says_its_labels_are_microsofts_english_ones_and_on_an_unreadable_one_why_it_records_nothing(
) {
    let model = |lang: Option<&str>| {
        let mut s = form("Protocol to Enable");
        s.lang = lang.map(str::to_string);
        HelperModel {
            now: at("2026-12-02T12:00:00Z"),
            practice: Some(at("2022-10-15T00:00:00Z").date()),
            cloud: Cloud::Worldwide,
            needed: Protocol::MAIL_READING.to_vec(),
            page: read_page(&s),
            pending: None,
            summary: Summary::default(),
            last_recorded: None,
            missing: None,
            minimised: false,
            notice: None,
            switch: None,
            senders: vec![],
            place: None,
        }
    };
    let english = render(&model(Some("en-US"))).to_html();
    assert!(
        !english.contains("labels-in-english") && !english.contains("unreadable"),
        "{english}"
    );
    let japanese = render(&model(Some("ja-JP"))).to_html();
    assert!(japanese.contains("id=\"labels-in-english\""), "{japanese}");
    assert!(!japanese.contains("id=\"unreadable\""), "{japanese}");
    let german = render(&model(Some("de-DE"))).to_html();
    assert!(german.contains("id=\"unreadable\""), "{german}");
    assert!(
        german.contains("cannot read this page's language (de-DE)"),
        "{german}"
    );
    assert!(
        german.contains("data-action=\"record\""),
        "Record manually is offered: {german}"
    );
    assert!(!german.contains("labels-in-english"), "{german}");
}

#[test]
fn a_press_whose_tab_is_gone_or_whose_wait_is_over_is_recorded_forgotten_or_kept_by_one_rule() {
    use authpilot::core::pending::{unanswered, Ending, Unanswered::*};
    let p = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let soon = at("2022-10-15T10:00:30Z");
    let late = at("2022-10-15T10:02:01Z");
    // A plain press: its tab gone, or its wait over, records `submitted`; not over, kept.
    assert_eq!(unanswered(&p, TabGone, soon), Ending::Record);
    assert_eq!(unanswered(&p, WaitOver, late), Ending::Record);
    assert_eq!(unanswered(&p, WaitOver, soon), Ending::Keep);
    // Already recorded `submitted`: forgotten when its tab goes or its wait ends.
    let watched = Pending {
        submitted: Some("entry-1".into()),
        ..p.clone()
    };
    assert_eq!(unanswered(&watched, TabGone, soon), Ending::Forget);
    assert_eq!(unanswered(&watched, WaitOver, late), Ending::Forget);
    assert_eq!(unanswered(&watched, WaitOver, soon), Ending::Keep);
    // A mailbox change whose address was never named: dropped with its tab; its result held
    // for the name is kept while the tab is open, whatever the time.
    let unnamed = Pending {
        scope: Some(authpilot::core::log::Scope::Mailbox),
        mailbox: None,
        ..p.clone()
    };
    assert_eq!(unanswered(&unnamed, TabGone, soon), Ending::Forget);
    let held = Pending {
        held: Some((Outcome::Succeeded, None)),
        ..unnamed
    };
    assert_eq!(unanswered(&held, TabGone, late), Ending::Forget);
    assert_eq!(unanswered(&held, WaitOver, late), Ending::Keep);
}

#[test]
fn a_press_waiting_for_the_page_is_not_polled() {
    // The form ready and Update pressed: the page has not answered yet. Nothing asks the
    // content script to report again on a timer; the page's changes and the alarm do.
    let g = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Worldwide,
        &[Protocol::Imap],
    );
    let p = pending(Action::ReEnable, "2022-10-15T10:00:00Z");
    let seen = observe(
        &TabState::default(),
        &form("Protocol to Enable"),
        at("2022-10-15T10:00:05Z").unix_seconds() as f64 * 1000.0,
        &g,
        &[Protocol::Imap],
        &Summary::default(),
        Some(&p),
    );
    assert_eq!(seen.settle, None, "still waiting");
    assert_eq!(seen.recheck_ms, None, "no polling while a press waits");
}

/// Issue 25: the SMTP AUTH view says "for the organisation", can be minimised like every
/// helper view (to one line), and names the last recording — what, its outcome and when.
#[test]
fn the_switch_view_minimises_speaks_of_the_organisation_and_names_its_last_recording() {
    use authpilot::core::log::Scope;
    use authpilot::core::smtp::SwitchSeen;
    let draft = |id: &str, at: &str, protocol, scope, mailbox: Option<&str>, action| Draft {
        id: id.into(),
        at: at.into(),
        protocol,
        scope,
        mailbox: mailbox.map(String::from),
        action,
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
    };
    let log = chain_all(
        &Head::default(),
        [
            draft(
                "e1",
                "2026-12-03T10:30:00Z",
                Protocol::Imap,
                None,
                None,
                Action::ReEnable,
            ),
            draft(
                "e2",
                "2026-12-03T10:32:00Z",
                Protocol::Smtp,
                Some(Scope::Mailbox),
                Some("scanner2@contoso.com"),
                Action::TurnOn,
            ),
        ],
    );
    // What the worker gives the helper: each subject's latest entry (SMTP AUTH's per scope and
    // mailbox too).
    let summary = Summary {
        count: 2,
        broken: None,
        latest: log.clone(),
    };
    let mut model = HelperModel {
        now: at("2026-12-03T12:00:00Z"),
        practice: None,
        cloud: Cloud::Worldwide,
        needed: Protocol::MAIL_READING.to_vec(),
        page: PageState::default(),
        pending: None,
        summary,
        last_recorded: None,
        missing: None,
        minimised: false,
        notice: None,
        switch: Some(SwitchSeen {
            scope: Scope::Organization,
            mailbox: None,
            checked: false,
        }),
        senders: vec![],
        place: None,
    };
    let html = render(&model).to_html();
    assert!(html.contains("turned on for the organisation."), "{html}");
    assert!(
        html.contains("data-action=\"minimise\""),
        "Minimise on the switch view: {html}"
    );
    assert!(
        !html.contains("last-recording"),
        "nothing recorded from this tab yet: {html}"
    );

    // After a recording, the newest entry is named with its time.
    model.last_recorded = Some(Outcome::Succeeded);
    let html = render(&model).to_html();
    assert!(
        html.contains(
            "Last recorded: SMTP AUTH for scanner2@contoso.com turned on — Succeeded, recorded 2026-12-03 10:32 UTC."
        ),
        "{html}"
    );

    // Minimised: one line and the way back, no plan.
    model.minimised = true;
    let html = render(&model).to_html();
    assert!(html.contains("helper smtp minimised"), "{html}");
    assert!(html.contains("data-action=\"restore\""), "{html}");
    assert!(html.contains("class=\"summary\""), "{html}");
    assert!(!html.contains("plan-step"), "{html}");

    // The diagnostic's walk-through names an IMAP re-enable the same way.
    let imap_only = chain_all(
        &Head::default(),
        [draft(
            "e1",
            "2022-10-15T10:32:00Z",
            Protocol::Imap,
            None,
            None,
            Action::ReEnable,
        )],
    );
    model.summary = Summary::of(&imap_only, &verify(&imap_only));
    model.switch = None;
    model.minimised = false;
    model.practice = Some(authpilot::core::time::Date::parse("2022-10-15").unwrap());
    let html = render(&model).to_html();
    assert!(
        html.contains("Last recorded: IMAP Re-enable — Succeeded, recorded 2022-10-15 10:32 UTC."),
        "{html}"
    );
}
