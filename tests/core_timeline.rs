//! Which phase applies at each instant, to the second, and what each cloud is told.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::diagnostic::timeline::{guidance, DiagnosticAction, Phase};
use authpilot::core::protocols::Protocol;
use authpilot::core::time::Instant;

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

#[test]
fn phases_change_exactly_at_each_utc_midnight() {
    let cases = [
        ("2021-09-01T00:00:00Z", Phase::BeforeOptOut),
        ("2022-08-31T23:59:59Z", Phase::BeforeOptOut),
        ("2022-09-01T00:00:00Z", Phase::OptOut),
        ("2022-09-30T23:59:59Z", Phase::OptOut),
        ("2022-10-01T00:00:00Z", Phase::ReEnable),
        ("2022-12-31T23:59:59Z", Phase::ReEnable),
        ("2023-01-01T00:00:00Z", Phase::Retired),
        ("2026-11-27T12:00:00Z", Phase::Retired),
        // An admin in Tokyo at 08:00 local on 1 October is still in September, UTC.
        ("2022-10-01T08:00:00+09:00", Phase::OptOut),
    ];
    for (text, phase) in cases {
        assert_eq!(Phase::at(at(text)), phase, "{text}");
    }
}

#[test]
fn worldwide_tenants_are_told_what_the_diagnostic_does_in_each_phase() {
    let needed = Protocol::MAIL_READING;
    let before = guidance(at("2022-06-01T00:00:00Z"), Cloud::Worldwide, &needed);
    assert_eq!(before.diagnostic, Some(DiagnosticAction::ReEnable));
    assert!(before
        .warnings
        .iter()
        .any(|w| w.contains("archives every earlier opt-out")));
    assert_eq!(before.days_left, None);

    let sept = guidance(at("2022-09-15T12:00:00Z"), Cloud::Worldwide, &needed);
    assert_eq!(sept.diagnostic, Some(DiagnosticAction::OptOut));
    assert!(sept.title.starts_with("Option 1: opt out"));
    assert!(sept.steps.iter().any(|s| s.contains("Protocol to Opt Out")));
    assert!(sept.steps.iter().any(|s| s.contains("EWS, POP and IMAP")));
    assert!(sept.steps.iter().any(|s| s.contains("MC437540")));
    assert!(sept.warnings.iter().any(|w| w.contains("archived")));
    assert!(sept.warnings.iter().any(|w| w.contains("support ticket")));
    assert_eq!(sept.days_left, Some(16));
    assert_eq!(
        guidance(at("2022-09-30T23:59:59Z"), Cloud::Worldwide, &needed).days_left,
        Some(1)
    );

    let oct = guidance(
        at("2022-10-15T12:00:00Z"),
        Cloud::Worldwide,
        &[Protocol::Imap],
    );
    assert_eq!(oct.diagnostic, Some(DiagnosticAction::ReEnable));
    assert!(oct.title.starts_with("Option 2: re-enable"));
    assert!(oct.steps.iter().any(|s| s.contains("Protocol to Enable")));
    assert!(oct.steps.iter().any(|s| s.contains("within an hour")));
    assert!(oct.steps.iter().any(|s| s.contains("each of IMAP.")));

    let after = guidance(at("2023-01-01T00:00:00Z"), Cloud::Worldwide, &needed);
    assert_eq!(after.diagnostic, None);
    assert!(after
        .steps
        .iter()
        .any(|s| s.contains("OAuth 2.0") && s.contains("EWS, POP and IMAP")));
    assert!(after
        .steps
        .iter()
        .any(|s| s.contains("BasicAuthBlockedApps")));
}

#[test]
fn gcc_and_sovereign_clouds_get_their_own_route() {
    let needed = Protocol::MAIL_READING;
    let gcc_sept = guidance(at("2022-09-10T00:00:00Z"), Cloud::Gcc, &needed);
    assert_eq!(gcc_sept.diagnostic, None);
    assert!(gcc_sept.title.contains("Message Center post"));
    let gcc_oct = guidance(at("2022-10-10T00:00:00Z"), Cloud::Gcc, &needed);
    assert!(gcc_oct.title.contains("support ticket"));
    for cloud in [Cloud::GccHigh, Cloud::Dod, Cloud::China21Vianet] {
        for when in [
            "2022-06-01T00:00:00Z",
            "2022-09-10T00:00:00Z",
            "2022-10-10T00:00:00Z",
        ] {
            let g = guidance(at(when), cloud, &needed);
            assert_eq!(g.diagnostic, None, "{cloud:?} {when}");
            assert!(g.title.contains("support ticket"), "{cloud:?} {when}");
            assert!(g.summary.contains(&cloud.name()));
        }
        assert_eq!(
            guidance(at("2023-02-01T00:00:00Z"), cloud, &needed).phase,
            Phase::Retired
        );
    }
}
