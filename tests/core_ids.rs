//! The log's enum ids come from one place (issue 25): the variant names and one case rule that
//! serde (the wire, the files) and strum (`id`, `from_id`) both derive from. Every variant's
//! id is its serde name, reads back, and each `ALL` list holds every variant once.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::log::{Action, Outcome, Scope, Source};
use strum::IntoEnumIterator;

fn check<T>(all: &[T], id: impl Fn(T) -> &'static str, from_id: impl Fn(&str) -> Option<T>)
where
    T: IntoEnumIterator + serde::Serialize + PartialEq + Copy + std::fmt::Debug,
{
    let variants: Vec<T> = T::iter().collect();
    assert_eq!(
        all,
        variants.as_slice(),
        "ALL lists every variant, in order"
    );
    for v in variants {
        let serde_name = serde_json::to_value(v).unwrap();
        assert_eq!(serde_name.as_str(), Some(id(v)), "{v:?}");
        assert_eq!(from_id(id(v)), Some(v));
    }
    assert_eq!(from_id("no-such-id"), None);
}

#[test]
fn every_id_is_the_serde_name_and_reads_back() {
    check(&Scope::ALL, Scope::id, Scope::from_id);
    check(&Action::ALL, Action::id, Action::from_id);
    check(&Outcome::ALL, Outcome::id, Outcome::from_id);
    check(&[Source::Observed, Source::Manual], Source::id, |s| {
        s.parse::<Source>().ok()
    });
    assert_eq!(Scope::AuthenticationPolicy.id(), "authentication-policy");
    assert_eq!(Action::FollowOrganization.id(), "follow-organization");
}

/// The alarms' names are made and read in one place (`core::alarms`): each reads back, the
/// wait alarm's name is its press's storage key, and a name that is not AuthPilot's is none.
#[test]
fn every_alarm_name_reads_back_as_its_alarm() {
    use authpilot::core::alarms::{Alarm, Deadline};
    let alarms = [
        Alarm::WaitOver { tab: 7 },
        Alarm::Effective { entry: "e1".into() },
        Alarm::DeviceTest { entry: "e2".into() },
        Alarm::Deadline(Deadline::Before14),
        Alarm::Deadline(Deadline::Before3),
        Alarm::Deadline(Deadline::NewYear),
    ];
    for alarm in alarms {
        assert_eq!(
            Alarm::parse(&alarm.name()),
            Some(alarm.clone()),
            "{alarm:?}"
        );
    }
    assert_eq!(
        Alarm::WaitOver { tab: 7 }.name(),
        authpilot::core::messages::pending_key(7)
    );
    assert_eq!(Alarm::parse("someone-else"), None);
    assert_eq!(Alarm::parse("pending:x"), None);
}
