//! Storage keys are a type (issue 25): `core::keys::StoreKey` makes every key's name and reads
//! it back; the log's, the settings' and the helper's constant names are its names, and the one
//! key the service worker's JS looks at before loading the wasm (a tab's presence) is spelt as
//! the core spells it.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::keys::StoreKey;
use authpilot::core::log::store::{entry_key, id_key, HEAD_KEY, LATEST_KEY, STORE_SCHEMA_KEY};
use authpilot::core::messages::{pending_key, presence_key, tab_state_key, HELPER_PORT};
use authpilot::core::settings::SETTINGS_KEY;
use authpilot::core::worker::storage::Area;
use authpilot::core::worker::PREFS_KEY;

fn every_kind() -> Vec<StoreKey> {
    vec![
        StoreKey::StoreSchema,
        StoreKey::LogHead,
        StoreKey::LogLatest,
        StoreKey::Entry(42),
        StoreKey::EntryId("6f1c-…".into()),
        StoreKey::LogVerified,
        StoreKey::Settings,
        StoreKey::HelperPrefs,
        StoreKey::Presence(7),
        StoreKey::TabState(7),
        StoreKey::Pending(7),
    ]
}

#[test]
fn every_key_reads_back_as_itself_in_its_own_area_only() {
    for key in every_kind() {
        let name = key.name();
        assert_eq!(
            StoreKey::parse(key.area(), &name),
            Some(key.clone()),
            "{name}"
        );
        let other = if key.area() == Area::Local {
            Area::Session
        } else {
            Area::Local
        };
        assert_eq!(
            StoreKey::parse(other, &name),
            None,
            "{name} in the other area"
        );
    }
    for stranger in ["log:x", "pending:", "tab:seven", "guide", "unrelated", ""] {
        assert!(
            StoreKey::parse(Area::Local, stranger).is_none()
                && StoreKey::parse(Area::Session, stranger).is_none(),
            "{stranger}"
        );
    }
    assert_eq!(StoreKey::Pending(7).tab(), Some(7));
    assert_eq!(StoreKey::Settings.tab(), None);
}

#[test]
fn the_named_constants_and_helpers_are_the_keys_names() {
    assert_eq!(STORE_SCHEMA_KEY, StoreKey::StoreSchema.name());
    assert_eq!(HEAD_KEY, StoreKey::LogHead.name());
    assert_eq!(LATEST_KEY, StoreKey::LogLatest.name());
    assert_eq!(SETTINGS_KEY, StoreKey::Settings.name());
    assert_eq!(PREFS_KEY, StoreKey::HelperPrefs.name());
    assert_eq!(entry_key(3), "log:0000000003");
    assert_eq!(id_key("a"), StoreKey::EntryId("a".into()).name());
    assert_eq!(presence_key(9), StoreKey::Presence(9).name());
    assert_eq!(tab_state_key(9), StoreKey::TabState(9).name());
    assert_eq!(pending_key(9), StoreKey::Pending(9).name());
}

#[test]
fn the_service_workers_js_spells_a_tabs_presence_key_as_the_core_does() {
    let sw =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/extension/sw.js")).unwrap();
    let spelt = format!("`{}${{tabId}}`", StoreKey::presence_prefix());
    assert!(sw.contains(&spelt), "sw.js builds {spelt}");
}

/// The quoted or dotted names sw.js spells after `before` (`changes.settings`,
/// `port.name !== 'helper'`, `area === 'local'`).
fn spelt_after<'a>(js: &'a str, before: &str) -> Vec<&'a str> {
    js.match_indices(before)
        .map(|(at, _)| {
            let rest = &js[at + before.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn every_name_the_service_workers_js_spells_is_the_cores() {
    let sw =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/extension/sw.js")).unwrap();
    // The helper's port: the only one sw.js lets through, the one the helper opens.
    let ports = spelt_after(&sw, "port.name !== '");
    assert_eq!(ports, vec![HELPER_PORT], "sw.js's port name");
    // The settings key whose change moves the reminders and every helper's view.
    let keys = spelt_after(&sw, "changes.");
    assert_eq!(keys, vec![SETTINGS_KEY], "sw.js's settings key");
    // The storage areas it tells apart.
    let areas = spelt_after(&sw, "area === '");
    assert!(!areas.is_empty(), "sw.js names storage areas");
    for area in areas {
        assert!(Area::from_id(area).is_some(), "sw.js's area {area:?}");
    }
    // The reader itself: it sees a name that is not the core's.
    assert_eq!(
        spelt_after("if (port.name !== 'overlay') x", "port.name !== '"),
        vec!["overlay"]
    );
}
