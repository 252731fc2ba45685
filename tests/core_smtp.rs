//! SMTP AUTH (issue 12): the phases around the end of December 2026, the plan and its
//! PowerShell, the senders list (typed, pasted, the Exchange admin center's CSV), and the
//! error explainer's table — every known text, realistic pastes around it, and texts it must
//! not claim to know.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::log::{Action, Scope};
use authpilot::core::smtp::{
    explain, guidance, parse_senders, plan, powershell, valid_address, Confidence, SmtpPhase,
};
use authpilot::core::time::Instant;

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

#[test]
fn phases_change_at_each_utc_midnight() {
    let cases = [
        ("2024-04-15T00:00:00Z", SmtpPhase::Scheduled),
        ("2026-01-26T23:59:59Z", SmtpPhase::Scheduled),
        ("2026-01-27T00:00:00Z", SmtpPhase::Unchanged),
        ("2026-11-28T12:00:00Z", SmtpPhase::Unchanged),
        ("2026-11-30T23:59:59Z", SmtpPhase::Unchanged),
        ("2026-12-01T00:00:00Z", SmtpPhase::December2026),
        ("2026-12-31T23:59:59Z", SmtpPhase::December2026),
        ("2027-01-01T00:00:00Z", SmtpPhase::OffByDefault),
        ("2027-06-30T23:59:59Z", SmtpPhase::OffByDefault),
        ("2027-07-01T00:00:00Z", SmtpPhase::RemovalAnnounced),
        ("2030-01-01T00:00:00Z", SmtpPhase::RemovalAnnounced),
    ];
    for (when, phase) in cases {
        assert_eq!(SmtpPhase::at(at(when)), phase, "{when}");
    }
}

#[test]
fn days_left_are_whole_days_until_31_december_as_a_reader_counts_them() {
    // Issue 27: on 3 December a reader counts 28 days until 31 December, not 29.
    let days = |when: &str| guidance(at(when), Cloud::Worldwide, &[]).days_left;
    assert_eq!(days("2026-11-28T09:00:00Z"), Some(33));
    assert_eq!(days("2026-12-03T00:00:00Z"), Some(28));
    assert_eq!(days("2026-12-03T23:59:59Z"), Some(28));
    assert_eq!(days("2026-12-15T23:00:00Z"), Some(16));
    assert_eq!(days("2026-12-30T12:00:00Z"), Some(1));
    assert_eq!(days("2026-12-31T00:00:00Z"), Some(0));
    assert_eq!(days("2026-12-31T23:59:59Z"), Some(0));
    assert_eq!(days("2027-01-01T00:00:00Z"), None);
    use authpilot::core::smtp::days_until_text;
    assert_eq!(days_until_text(28), "28 days until 31 December 2026");
    assert_eq!(days_until_text(1), "1 day until 31 December 2026");
    assert_eq!(days_until_text(0), "31 December 2026 is today");
}

#[test]
fn every_phase_says_what_is_unconfirmed_and_applies_to_every_cloud() {
    for cloud in Cloud::ALL {
        let g = guidance(at("2026-12-10T00:00:00Z"), cloud, &[]);
        assert_eq!(g.phase, SmtpPhase::December2026);
        assert!(g.unconfirmed.iter().any(|u| u.contains("exact day")));
        assert!(g.unconfirmed.iter().any(|u| u.contains("which setting")));
        let sovereign = g.unconfirmed.iter().any(|u| u.contains("no separate date"));
        assert_eq!(
            sovereign,
            !matches!(cloud, Cloud::Worldwide | Cloud::Gcc),
            "{cloud:?}"
        );
    }
    let later = guidance(at("2027-08-01T00:00:00Z"), Cloud::Worldwide, &[]);
    assert!(later.summary.contains("MC786329"));
    assert!(later.unconfirmed.is_empty());
}

#[test]
fn the_plan_finds_moves_then_turns_on_per_mailbox_never_for_the_organisation() {
    let senders = vec![
        "scanner@contoso.com".to_string(),
        "o'brien@contoso.com".to_string(),
    ];
    let steps = plan(SmtpPhase::December2026, &senders);
    let ids: Vec<&str> = steps.iter().map(|s| s.id).collect();
    assert_eq!(ids, ["find", "move", "per-mailbox", "organization"]);
    let find: Vec<&str> = steps[0].commands.iter().map(|c| c.line.as_str()).collect();
    assert!(find.contains(&"Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled"));
    assert!(find.contains(
        &"Get-CASMailbox -Identity 'scanner@contoso.com' | Format-List SmtpClientAuthenticationDisabled"
    ));
    assert!(
        steps[0].commands.iter().all(|c| c.records.is_none()),
        "reading records nothing"
    );
    let on = &steps[2].commands[0];
    assert_eq!(
        on.line,
        "Set-CASMailbox -Identity 'scanner@contoso.com' -SmtpClientAuthenticationDisabled $false"
    );
    let change = on.records.as_ref().unwrap();
    assert_eq!(
        (change.scope, change.mailbox.as_deref(), change.action),
        (Scope::Mailbox, Some("scanner@contoso.com"), Action::TurnOn)
    );
    // A quote in an address is doubled inside PowerShell's single quotes.
    assert!(steps[2].commands[2].line.contains("'o''brien@contoso.com'"));
    // The organisation step only ever turns SMTP AUTH off.
    let org = &steps[3].commands[0];
    assert_eq!(
        org.line,
        "Set-TransportConfig -SmtpClientAuthenticationDisabled $true"
    );
    assert_eq!(org.records.as_ref().unwrap().action, Action::TurnOff);
    assert_eq!(
        powershell::mailbox_set("a@b.com", None),
        "Set-CASMailbox -Identity 'a@b.com' -SmtpClientAuthenticationDisabled $null"
    );
}

#[test]
fn addresses_are_checked() {
    for good in [
        "scanner@contoso.com",
        "a.b+c@mail.contoso.co.uk",
        "x@a-b.io",
    ] {
        assert!(valid_address(good), "{good}");
    }
    for bad in [
        "",
        "scanner",
        "@contoso.com",
        "scanner@",
        "scanner@contoso",
        "scan ner@contoso.com",
        "<scanner@contoso.com>",
        "a..b@contoso.com",
        "a@-contoso.com",
        "a@contoso.c0m",
        "a@@contoso.com",
    ] {
        assert!(!valid_address(bad), "{bad}");
    }
}

#[test]
fn senders_are_read_one_per_line_or_from_the_report_csv() {
    let typed =
        "Scanner@Contoso.com\n\n  printer@contoso.com  \nscanner@contoso.com\r\napp@contoso.com,";
    assert_eq!(
        parse_senders(typed).unwrap(),
        [
            "scanner@contoso.com",
            "printer@contoso.com",
            "app@contoso.com"
        ]
    );
    // The SMTP AUTH clients report, exported from the Exchange admin center.
    let csv = "\u{feff}Sender address,Domain,TLS 1.0,TLS 1.1,TLS 1.2,Messages sent\r\n\
               scanner@contoso.com,contoso.com,0,0,120,120\r\n\
               \"lob-app@contoso.com\",contoso.com,0,0,\"1,204\",1204\r\n";
    assert_eq!(
        parse_senders(csv).unwrap(),
        ["scanner@contoso.com", "lob-app@contoso.com"]
    );
    let reordered = "Domain,Sender address\ncontoso.com,fax@contoso.com\n";
    assert_eq!(parse_senders(reordered).unwrap(), ["fax@contoso.com"]);
    // A quoted cell holding a line break (a domain's display text wrapped by the exporter): the
    // one CSV reader keeps the row whole (issue 33), and a bad address is named by its line.
    let wrapped =
        "Sender address,Domain\nscanner@contoso.com,\"Contoso\nHQ\"\nfax@contoso.com,x\nnope,y\n";
    let bad = parse_senders(wrapped).unwrap_err();
    assert_eq!((bad.line, bad.text.as_str()), (5, "nope"));
    assert_eq!(
        parse_senders(&wrapped.replace("nope,y\n", "")).unwrap(),
        ["scanner@contoso.com", "fax@contoso.com"]
    );
    let bad = parse_senders("ok@contoso.com\nnot an address\nlater@contoso.com").unwrap_err();
    assert_eq!((bad.line, bad.text.as_str()), (2, "not an address"));
    assert!(bad.describe().contains("Line 2") && bad.describe().contains("nothing was changed"));
    assert_eq!(parse_senders("").unwrap(), Vec::<String>::new());
}

/// Every known text, alone and wrapped the way real pastes come.
#[test]
fn the_explainer_knows_each_text_of_the_table() {
    let cases = [
        ("550 5.7.30 Basic authentication is not supported for Client Submission.", "basic-not-supported", Confidence::Confirmed),
        ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.", "disabled-for-tenant", Confidence::Unconfirmed),
        ("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.", "disabled-for-mailbox", Confidence::Unconfirmed),
        ("535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", "basic-disabled-policy", Confidence::Unconfirmed),
        ("535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.", "security-defaults", Confidence::Unconfirmed),
        ("535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.", "criteria-not-met", Confidence::Unconfirmed),
        ("5.7.57 Client not authenticated to send mail", "client-not-authenticated", Confidence::Unconfirmed),
        // High Volume Email, after the change (issue 21): only its code is reported.
        ("550 5.5.105 Recipient not allowed", "hve-external", Confidence::Unconfirmed),
    ];
    for (text, id, confidence) in cases {
        let e = explain(text).unwrap_or_else(|| panic!("not known: {text}"));
        assert_eq!((e.id, e.confidence), (id, confidence), "{text}");
        assert!(!e.meaning.is_empty() && !e.cause.is_empty() && !e.next_step.is_empty());
        // With the server name and time in brackets, as real answers carry them.
        let real = format!("{text} [AM0PR02CA0001.eurprd02.prod.outlook.com 2026-12-31T08:15:02.123Z 08DD1234567890AB]");
        assert_eq!(explain(&real).unwrap().id, id, "{real}");
        // Wrapped across lines by a device's log viewer, in other case.
        let wrapped = text.replacen(' ', "\n   ", 3).to_uppercase();
        assert_eq!(explain(&wrapped).unwrap().id, id, "{wrapped}");
    }
}

#[test]
fn the_explainer_reads_a_whole_conversation_and_names_the_mailbox() {
    let conversation = "2026-12-31 08:15:01 Connecting to smtp.office365.com:587\n\
        S: 220 AM0PR02CA0001.outlook.office365.com Microsoft ESMTP MAIL Service ready\n\
        C: EHLO SCANNER-3F\n\
        S: 250-AM0PR02CA0001.outlook.office365.com Hello [203.0.113.9]\n\
        C: STARTTLS\n\
        C: AUTH LOGIN\n\
        S: 334 VXNlcm5hbWU6\n\
        C: MAIL FROM:<Scanner@Contoso.com>\n\
        S: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR02CA0001.eurprd02.prod.outlook.com]\n\
        S: 530 5.7.57 Client not authenticated to send mail";
    let e = explain(conversation).unwrap();
    assert_eq!(
        e.id, "disabled-for-mailbox",
        "the specific answer wins over 5.7.57"
    );
    assert_eq!(e.mailbox.as_deref(), Some("scanner@contoso.com"));
    assert_eq!(
        e.command.as_deref(),
        Some("Set-CASMailbox -Identity 'scanner@contoso.com' -SmtpClientAuthenticationDisabled $false")
    );
    // A German client's wrapper around the server's English answer.
    let german = "Fehler beim Senden: Der Server hat geantwortet: 535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. (Konto: drucker@contoso.de)";
    let e = explain(german).unwrap();
    assert_eq!(
        (e.id, e.mailbox.as_deref()),
        ("disabled-for-tenant", Some("drucker@contoso.de"))
    );
    // A Japanese client's wrapper.
    let japanese = "送信エラー: サーバーの応答: 550 5.7.30 Basic authentication is not supported for Client Submission.";
    assert_eq!(explain(japanese).unwrap().id, "basic-not-supported");
}

#[test]
fn the_explainer_does_not_claim_texts_it_does_not_know() {
    for unknown in [
        "",
        "hello",
        "535 5.7.3 Authentication unsuccessful",
        "535 5.7.139 Authentication unsuccessful, something new.",
        "550 5.7.30",
        "Basic authentication is not supported for Client Submission",
        "554 5.2.0 STOREDRV.Submission.Exception:SendAsDeniedException",
        "421 4.7.66 TLS 1.0 and 1.1 are not supported",
        "535 5.7.8 Error: authentication failed",
    ] {
        assert_eq!(explain(unknown).map(|e| e.id), None, "{unknown}");
    }
}

#[test]
fn reminders_come_before_the_deadline_while_a_sender_has_no_plan() {
    use authpilot::core::alarms::{Alarm, Deadline};
    use authpilot::core::log::{chain_all, Draft, Head, Outcome, Source};
    use authpilot::core::protocols::Protocol;
    use authpilot::core::smtp::{deadline_alarms, deadline_reminder, device_test_alarm};
    const ALARM_BEFORE_14: &str = "smtp:before-14";
    const ALARM_BEFORE_3: &str = "smtp:before-3";
    const ALARM_NEW_YEAR: &str = "smtp:new-year";
    // The names in chrome.alarms, and each reads back as the alarm it is.
    let names = |now: &str, on| -> Vec<String> {
        deadline_alarms(at(now), on)
            .into_iter()
            .map(|(alarm, _)| {
                assert_eq!(Alarm::parse(&alarm.name()), Some(alarm.clone()));
                alarm.name()
            })
            .collect()
    };
    assert_eq!(
        names("2026-11-28T00:00:00Z", true),
        [ALARM_BEFORE_14, ALARM_BEFORE_3, ALARM_NEW_YEAR]
    );
    assert_eq!(
        names("2026-12-20T00:00:00Z", true),
        [ALARM_BEFORE_3, ALARM_NEW_YEAR]
    );
    assert_eq!(names("2027-01-02T00:00:00Z", true), Vec::<String>::new());
    assert_eq!(
        names("2026-11-28T00:00:00Z", false),
        Vec::<String>::new(),
        "turned off"
    );
    let (_, when) = deadline_alarms(at("2026-11-28T00:00:00Z"), true)[0];
    assert_eq!(when.to_rfc3339(), "2026-12-17T09:00:00Z");

    let senders = vec![
        "scanner@contoso.com".to_string(),
        "printer@contoso.com".to_string(),
    ];
    let (_, message) = deadline_reminder(
        Deadline::Before14,
        at("2026-12-17T09:00:00Z"),
        &[],
        &senders,
    )
    .unwrap();
    assert!(
        message.starts_with("14 days until 31 December 2026")
            && message.contains("2 listed sender"),
        "{message}"
    );
    let turned_on = |id: &str, mailbox: &str| Draft {
        id: id.into(),
        at: "2026-12-18T10:00:00Z".into(),
        protocol: Protocol::Smtp,
        scope: Some(Scope::Mailbox),
        mailbox: Some(mailbox.into()),
        action: Action::TurnOn,
        outcome: Outcome::Succeeded,
        source: Source::Manual,
        host: None,
        cloud: Cloud::Worldwide,
        tenant: None,
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    };
    let one = chain_all(&Head::default(), [turned_on("a", "scanner@contoso.com")]);
    let (_, message) = deadline_reminder(
        Deadline::Before3,
        at("2026-12-28T09:00:00Z"),
        &one,
        &senders,
    )
    .unwrap();
    assert!(
        message.starts_with("3 days until 31 December 2026") && message.contains("1 listed sender"),
        "{message}"
    );
    let both = chain_all(
        &Head::default(),
        [
            turned_on("a", "scanner@contoso.com"),
            turned_on("b", "printer@contoso.com"),
        ],
    );
    assert_eq!(
        deadline_reminder(
            Deadline::NewYear,
            at("2027-01-01T09:00:00Z"),
            &both,
            &senders
        ),
        None,
        "every sender has a plan"
    );
    assert_eq!(
        deadline_reminder(Deadline::Before3, at("2026-12-28T09:00:00Z"), &[], &[]),
        None,
        "none listed"
    );

    // After a recorded turn-on for a mailbox: test the device an hour later.
    let (name, when) = device_test_alarm(&one[0], true).unwrap();
    assert_eq!(
        (name.name().as_str(), when.to_rfc3339().as_str()),
        ("smtp-test:a", "2026-12-18T11:00:00Z")
    );
    assert_eq!(
        Alarm::parse("smtp-test:a"),
        Some(Alarm::DeviceTest { entry: "a".into() })
    );
    assert_eq!(device_test_alarm(&one[0], false), None, "turned off");
    let mut off = one[0].clone();
    off.action = Action::TurnOff;
    assert_eq!(device_test_alarm(&off, true), None);
}

#[test]
fn a_practice_date_counts_for_smtp_auth_only_within_its_timeline() {
    use authpilot::core::smtp::instant_for;
    let now = at("2026-11-28T10:00:00Z");
    assert_eq!(instant_for(None, now), now);
    // Rehearsing 2022 does not hide the deadline still ahead.
    assert_eq!(instant_for(Some(at("2022-10-15T12:00:00Z")), now), now);
    // A practice date in December 2026 is SMTP AUTH's too.
    let december = at("2026-12-20T12:00:00Z");
    assert_eq!(instant_for(Some(december), now), december);
    assert_eq!(
        guidance(instant_for(Some(december), now), Cloud::Worldwide, &[]).days_left,
        Some(11)
    );
}

#[test]
fn a_save_beside_a_switch_records_only_a_change_the_admin_made() {
    use authpilot::core::smtp::{on_switch_press, SwitchPress};
    let press = |scope, mailbox: Option<&str>, before, after| SwitchPress {
        id: "p1".into(),
        trusted: true,
        in_panel: true,
        scope,
        mailbox: mailbox.map(str::to_string),
        before,
        after,
        lang: None,
        found_by: Some("SMTP AUTH in its name".into()),
        save_by: Some("primary button".into()),
    };
    // A page in any language records (issue 32): the switch is found by what does not change
    // with the language, and its words are a second cue, never a condition.
    for lang in ["ja-JP", "en-US", "ja", "de-DE", "zh-CN", "el-GR", "tr"] {
        let any = SwitchPress {
            lang: Some(lang.into()),
            ..press(Scope::Organization, None, false, true)
        };
        assert_eq!(
            on_switch_press(&any, None, None),
            Ok((Action::TurnOff, None)),
            "{lang}"
        );
    }
    // Which switch is also where it is: the organisation's on the Exchange admin center, a
    // mailbox's and the policy's on the Microsoft 365 admin center.
    use authpilot::core::page::hosts::Center::{Exchange, Microsoft365};
    let org = press(Scope::Organization, None, false, true);
    assert!(on_switch_press(&org, None, Some(Exchange)).is_ok());
    assert!(on_switch_press(&org, None, Some(Microsoft365))
        .unwrap_err()
        .contains("not on this admin center"));
    for scope in [Scope::Mailbox, Scope::AuthenticationPolicy] {
        let p = press(scope, Some("scanner@contoso.com"), false, true);
        assert!(on_switch_press(&p, None, Some(Microsoft365)).is_ok());
        assert!(on_switch_press(&p, None, Some(Exchange)).is_err());
    }
    // "Turn off SMTP AUTH protocol for your organization": ticked is off.
    assert_eq!(
        on_switch_press(&press(Scope::Organization, None, false, true), None, None),
        Ok((Action::TurnOff, None))
    );
    assert_eq!(
        on_switch_press(&press(Scope::Organization, None, true, false), None, None),
        Ok((Action::TurnOn, None))
    );
    // "Authenticated SMTP": ticked is on, for a mailbox (named, lower-cased) and the policy.
    assert_eq!(
        on_switch_press(
            &press(Scope::Mailbox, Some("Scanner@Contoso.com"), false, true),
            None,
            None
        ),
        Ok((Action::TurnOn, Some("scanner@contoso.com".to_string())))
    );
    assert_eq!(
        on_switch_press(
            &press(Scope::AuthenticationPolicy, None, true, false),
            None,
            None
        ),
        Ok((Action::TurnOff, None))
    );
    // Nothing changed, a page-made click, a click outside the panel, no mailbox address.
    assert!(
        on_switch_press(&press(Scope::Organization, None, true, true), None, None)
            .unwrap_err()
            .contains("not changed")
    );
    let untrusted = SwitchPress {
        trusted: false,
        ..press(Scope::Organization, None, false, true)
    };
    assert!(on_switch_press(&untrusted, None, None)
        .unwrap_err()
        .contains("not made by the admin"));
    let outside = SwitchPress {
        in_panel: false,
        ..press(Scope::Organization, None, false, true)
    };
    assert!(on_switch_press(&outside, None, None)
        .unwrap_err()
        .contains("outside the panel"));
    // No address on the page (or none readable): accepted without one; the helper asks.
    assert_eq!(
        on_switch_press(&press(Scope::Mailbox, None, false, true), None, None),
        Ok((Action::TurnOn, None))
    );
    assert_eq!(
        on_switch_press(
            &press(Scope::Mailbox, Some("Scanner"), true, false),
            None,
            None
        ),
        Ok((Action::TurnOff, None))
    );
}

#[test]
fn a_mailbox_named_in_the_helper_is_checked_before_it_is_kept() {
    use authpilot::core::diagnostic::Pending;
    use authpilot::core::smtp::name_mailbox;
    let waiting = Pending {
        id: "p1".into(),
        press: None,
        protocol: authpilot::core::protocols::Protocol::Smtp,
        action: Action::TurnOn,
        at: "2026-11-28T12:00:00Z".into(),
        host: "admin.microsoft.com".into(),
        cloud: Cloud::Worldwide,
        note: None,
        scope: Some(Scope::Mailbox),
        mailbox: None,
        held: None,
        texts_before: Vec::new(),
        submitted: None,
    };
    assert_eq!(
        name_mailbox(Some(&waiting), "  Scanner@Contoso.com "),
        Ok("scanner@contoso.com".to_string())
    );
    let bad = name_mailbox(Some(&waiting), "scanner").unwrap_err();
    assert!(bad.contains("“scanner” is not an email address"), "{bad}");
    assert!(name_mailbox(None, "scanner@contoso.com")
        .unwrap_err()
        .contains("No change on this page is waiting"));
    let named = Pending {
        mailbox: Some("scanner@contoso.com".into()),
        ..waiting.clone()
    };
    assert!(name_mailbox(Some(&named), "printer@contoso.com").is_err());
    let org = Pending {
        scope: Some(Scope::Organization),
        ..waiting
    };
    assert!(name_mailbox(Some(&org), "printer@contoso.com").is_err());
}

#[test]
fn a_message_in_a_switchs_panel_is_read_by_meaning_in_english_and_japanese() {
    use authpilot::core::log::Outcome::{Failed, Succeeded};
    use authpilot::core::page::words::MessageKind::{Error, Info, Success, Warning};
    use authpilot::core::smtp::read_result;
    // (the kind the page's markup gives, the words, what AuthPilot records)
    let table = [
        // Words alone (a message with no kind in its markup), English.
        (
            None,
            "Mail flow settings updated. Your change has been saved.",
            Some(Succeeded),
        ),
        (None, "Email apps settings saved.", Some(Succeeded)),
        (None, "Your changes have been  SAVED", Some(Succeeded)),
        (None, "Settings updated", Some(Succeeded)),
        (None, "Settings updated successfully.", Some(Succeeded)),
        (None, "Your settings have been updated.", Some(Succeeded)),
        (
            None,
            "Error: We couldn't save your changes. Try again later.",
            Some(Failed),
        ),
        (None, "Changes couldn't be saved", Some(Failed)),
        (None, "Changes couldn\u{2019}t be saved", Some(Failed)),
        (None, "Saving failed", Some(Failed)),
        (None, "Your changes weren't saved.", Some(Failed)),
        (None, "Your changes were not saved.", Some(Failed)),
        (None, "Changes not saved", Some(Failed)),
        (None, "The setting wasn't saved", Some(Failed)),
        (None, "Your change hasn't been saved yet", Some(Failed)),
        (None, "Nothing was saved: no changes saved", Some(Failed)),
        (
            None,
            "Something went wrong. Please try again later.",
            Some(Failed),
        ),
        (None, "We were unable to update the settings", Some(Failed)),
        (None, "Update failed", Some(Failed)),
        (None, "You have unsaved changes", None),
        (
            None,
            "You have unsaved changes. Save them before you leave.",
            None,
        ),
        (None, "Changes you made will be lost.", None),
        (None, "Saved. Error: try again", None), // both: unsure, so nothing
        (None, "Saving…", None),
        (None, "Loading", None),
        (None, "Note: saving may take a moment", None),
        (None, "", None),
        // Words alone, Japanese.
        (None, "変更が保存されました。", Some(Succeeded)),
        (None, "メール アプリの設定を保存しました", Some(Succeeded)),
        (None, "設定が正常に更新されました。", Some(Succeeded)),
        (None, "変更は保存されませんでした。", Some(Failed)),
        (
            None,
            "変更を保存できませんでした。後でもう一度お試しください。",
            Some(Failed),
        ),
        (None, "エラー: 問題が発生しました", Some(Failed)),
        (None, "保存に失敗しました", Some(Failed)),
        (None, "保存されていない変更があります", None),
        (None, "未保存の変更があります。", None),
        (None, "読み込み中…", None),
        // The page's own kind first: an error bar fails whatever it says.
        (Some(Error), "Your changes weren't saved.", Some(Failed)),
        (Some(Error), "Your changes have been saved", Some(Failed)),
        (Some(Error), "変更の保存", Some(Failed)),
        (
            Some(Error),
            "Die Änderungen wurden nicht gespeichert.",
            Some(Failed),
        ),
        (Some(Success), "Email apps settings saved.", Some(Succeeded)),
        (Some(Success), "完了", Some(Succeeded)),
        (Some(Success), "Done", Some(Succeeded)),
        (Some(Success), "Your changes weren't saved.", None), // the markup and the words disagree
        (Some(Success), "You have unsaved changes", None),
        (Some(Warning), "You have unsaved changes", None),
        (
            Some(Warning),
            "Saved, but it may take an hour to apply",
            Some(Succeeded),
        ),
        (Some(Info), "Loading your settings", None),
        (Some(Info), "保存しました", Some(Succeeded)),
    ];
    assert!(table.len() >= 40);
    for (kind, text, expected) in table {
        for lang in [None, Some("en-US"), Some("ja-JP")] {
            assert_eq!(
                read_result(kind, text, lang),
                expected,
                "{kind:?} {text:?} {lang:?}"
            );
        }
    }
}

#[test]
fn a_message_in_a_language_whose_messages_authpilot_does_not_read_is_read_by_its_markup_alone() {
    use authpilot::core::log::Outcome::{Failed, Submitted, Succeeded};
    use authpilot::core::page::words::MessageKind::{Error, Info, Success, Warning};
    use authpilot::core::smtp::read_result;
    // German, French, Chinese (tables, but no published messages), Greek (no table at all).
    for lang in ["de-DE", "fr-FR", "zh-CN", "el-GR", "tr-TR"] {
        let table = [
            // Fluent's markup says it in every language.
            (
                Some(Error),
                "Die Änderungen wurden nicht gespeichert.",
                Some(Failed),
            ),
            (Some(Error), "Änderungen gespeichert.", Some(Failed)),
            (Some(Success), "Änderungen gespeichert.", Some(Succeeded)),
            (Some(Success), "更改已保存。", Some(Succeeded)),
            // Unmarked, a warning or an info bar: only words could tell, and a sentence may say
            // "not saved" — recorded submitted, never succeeded or failed from unread words.
            (None, "Änderungen gespeichert.", Some(Submitted)),
            (
                None,
                "Die Änderungen wurden nicht gespeichert.",
                Some(Submitted),
            ),
            (None, "Your changes have been saved.", Some(Submitted)),
            (None, "Error: not saved", Some(Submitted)),
            (Some(Info), "Οι αλλαγές σας αποθηκεύτηκαν.", Some(Submitted)),
            (
                Some(Warning),
                "Οι αλλαγές σας δεν αποθηκεύτηκαν.",
                Some(Submitted),
            ),
        ];
        for (kind, text, expected) in table {
            assert_eq!(
                read_result(kind, text, Some(lang)),
                expected,
                "{lang}: {kind:?} {text:?}"
            );
        }
    }
}

#[test]
fn the_page_vocabulary_has_an_english_and_a_japanese_table_and_cites_every_entry() {
    use authpilot::core::page::words::{reads_messages, table_of, tables, vocabulary};
    let v = vocabulary();
    assert!(v["about"].as_str().is_some_and(|a| a.len() > 40));
    let langs: Vec<&str> = tables().map(|(l, _)| l.as_str()).collect();
    assert!(langs.contains(&"en") && langs.contains(&"ja"), "{langs:?}");
    let cited = |place: &str, entry: &serde_json::Value| {
        let texts = entry["texts"].as_array().expect("texts");
        assert!(
            !texts.is_empty()
                && texts
                    .iter()
                    .all(|t| t.as_str().is_some_and(|t| !t.is_empty())),
            "{place} has no text"
        );
        assert!(
            entry["seen"].as_str().is_some_and(|s| s.len() > 8),
            "{place} does not say where it was seen"
        );
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["seen", "texts"], "{place}: only texts and seen");
    };
    for (key, entry) in v["neutral"].as_object().unwrap() {
        cited(&format!("neutral.{key}"), entry);
    }
    let en = v["tables"]["en"]["words"].as_object().unwrap();
    for (lang, table) in tables() {
        assert!(table["name"].as_str().is_some(), "{lang} has a name");
        for (key, entry) in table["words"].as_object().unwrap() {
            cited(&format!("{lang}.{key}"), entry);
            // Every key a language has, English has (English is the reference table).
            assert!(en.contains_key(key), "{lang}.{key} unknown in en");
        }
    }
    // Japanese words confirmed by Microsoft's Japanese documentation are there.
    let ja = &v["tables"]["ja"]["words"];
    let has = |key: &str, text: &str| {
        ja[key]["texts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == text)
    };
    assert!(has("mailbox_box", "認証済み SMTP"));
    assert!(has("save", "変更の保存"));
    assert!(has("help_button", "ヘルプとサポート"));
    // Messages are read by their words in English and Japanese only (the only languages whose
    // result messages Microsoft publishes); a page with no language is read with every table.
    assert!(reads_messages(Some("ja-JP")) && reads_messages(Some("en-us")) && reads_messages(None));
    for lang in ["de-DE", "fr", "zh-CN", "pt-BR", "el-GR"] {
        assert!(!reads_messages(Some(lang)), "{lang}");
    }
    // A language's table by its whole tag, else its primary one.
    let name = |lang: &str| table_of(lang).map(|t| t["name"].as_str().unwrap().to_string());
    assert_eq!(name("de-AT").as_deref(), Some("Deutsch"));
    assert_eq!(name("zh-TW").as_deref(), Some("中文(繁體)"));
    assert_eq!(name("zh-cn").as_deref(), Some("中文(简体)"));
    assert_eq!(name("pt-PT").as_deref(), Some("Português (Portugal)"));
    assert_eq!(name("pt").as_deref(), Some("Português (Brasil)"));
    assert_eq!(name("el-GR"), None, "no table for Greek: nothing guessed");
}

/// The extension ships the vocabulary without its citations (build.rs): every word, table and
/// name the same as the file's, nothing but `seen` and `about` gone.
#[test]
fn the_shipped_vocabulary_is_the_file_without_its_citations() {
    use authpilot::core::page::words::{SHIPPED, SOURCE};
    fn strip(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => m
                .iter()
                .filter(|(k, _)| *k != "seen" && *k != "about")
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect(),
            serde_json::Value::Array(a) => a.iter().map(strip).collect(),
            other => other.clone(),
        }
    }
    let source: serde_json::Value = serde_json::from_str(SOURCE).unwrap();
    let shipped: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    assert_eq!(shipped, strip(&source));
    assert!(!SHIPPED.contains("\"seen\"") && SOURCE.contains("\"seen\""));
    assert!(
        SHIPPED.len() * 4 < SOURCE.len(),
        "{} of {}",
        SHIPPED.len(),
        SOURCE.len()
    );
}

#[test]
fn at_least_eight_languages_beside_english_have_cited_tables_from_microsofts_own_articles() {
    use authpilot::core::page::words::tables;
    let cited: Vec<&str> = tables()
        .filter(|(lang, _)| !["en", "ja"].contains(&lang.as_str()))
        .filter(|(_, t)| {
            let words = t["words"].as_object().unwrap();
            words.contains_key("mailbox_box")
                && words.values().all(|e| {
                    let seen = e["seen"].as_str().unwrap();
                    // Where Microsoft published it: a repository, the article's path, and
                    // whether it was translated by people or machines.
                    seen.contains('/') && seen.contains(".md") && seen.contains("translation")
                })
        })
        .map(|(lang, _)| lang.as_str())
        .collect();
    assert!(cited.len() >= 8, "{cited:?}");
    for must in ["de", "fr", "es", "it", "nl", "pt-BR", "zh-CN", "ko"] {
        assert!(cited.contains(&must), "{must} in {cited:?}");
    }
}
