//! The wasm glue in headless Chromium: settings through a chrome.storage-like area, and the
//! popup view turned into real DOM nodes.
#![cfg(target_arch = "wasm32")]

use authpilot::core::page::hosts::classify;
use authpilot::core::popup::{render, PopupModel};
use authpilot::core::settings::{Loaded, Settings, SettingsForm};
use authpilot::core::time::Instant;
use authpilot::core::view::{el, Node};
use authpilot::web::chrome::StorageArea;
use authpilot::web::dom::render_into;
use authpilot::web::storage::{load_settings, save_settings};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// This test page is not an extension page (no `chrome.i18n`): English from `_locales/en`.
fn english() {
    let en = include_str!("../extension/_locales/en/messages.json");
    authpilot::core::i18n::install(std::rc::Rc::new(
        authpilot::core::i18n::Messages::parse(en).unwrap(),
    ));
}

#[wasm_bindgen(inline_js = r#"
// An in-memory area with chrome.storage's promise API: values are copied through JSON, as
// Chrome's structured storage would, so a Map or class instance would not survive.
export function memoryArea(failWrites) {
  const data = {};
  return {
    data,
    async get(key) {
      const keys = key === null ? Object.keys(data) : Array.isArray(key) ? key : [key];
      return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, JSON.parse(data[k])]));
    },
    async set(items) {
      if (failWrites) throw new Error('QUOTA_BYTES quota exceeded');
      for (const [k, v] of Object.entries(items)) data[k] = JSON.stringify(v);
    },
    async remove(key) { for (const k of [].concat(key)) delete data[k]; },
  };
}
export function rawSet(area, key, json) { area.data[key] = json; }
export function rawGet(area, key) { return area.data[key]; }
export function rawKeys(area) { return Object.keys(area.data).sort().join(","); }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = memoryArea)]
    fn memory_area(fail_writes: bool) -> StorageArea;
    #[wasm_bindgen(js_name = rawSet)]
    fn raw_set(area: &StorageArea, key: &str, json: &str);
    #[wasm_bindgen(js_name = rawGet)]
    fn raw_get(area: &StorageArea, key: &str) -> Option<String>;
    #[wasm_bindgen(js_name = rawKeys)]
    fn raw_keys(area: &StorageArea) -> String;
}

fn sample() -> Settings {
    Settings::from_form(&SettingsForm {
        cloud: "gcc-high".into(),
        needed: vec!["POP".into(), "EWS".into()],
        practice_date: "2022-09-15".into(),
        ..Default::default()
    })
    .unwrap()
}

#[wasm_bindgen_test]
async fn settings_round_trip_through_a_chrome_storage_like_area() {
    english();
    let area = memory_area(false);
    assert_eq!(
        load_settings(&area).await.unwrap(),
        Loaded::Fresh(Settings::default())
    );
    save_settings(&area, &sample()).await.unwrap();
    assert_eq!(
        raw_get(&area, "settings").unwrap(),
        r#"{"cloud":"gcc-high","deadline_reminders":true,"device_test_reminders":true,"needed":["EWS","POP"],"practice_date":"2022-09-15","schema":1,"smtp_senders":[]}"#
    );
    assert_eq!(
        load_settings(&area).await.unwrap(),
        Loaded::Stored(sample())
    );
}

#[wasm_bindgen_test]
async fn a_failing_store_gives_a_message_and_damaged_data_is_left_alone() {
    english();
    let area = memory_area(true);
    let err = save_settings(&area, &sample()).await.unwrap_err();
    assert!(
        err.contains("Settings were not saved") && err.contains("QUOTA_BYTES"),
        "{err}"
    );
    raw_set(&area, "settings", r#"{"schema":5,"cloud":"x"}"#);
    let loaded = load_settings(&area).await.unwrap();
    assert!(loaded.problem().unwrap().contains("newer AuthPilot"));
    assert_eq!(
        raw_get(&area, "settings").unwrap(),
        r#"{"schema":5,"cloud":"x"}"#
    );
}

#[wasm_bindgen_test]
fn the_popup_renders_into_a_document_as_text_never_markup() {
    english();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let model = PopupModel {
        notice: Some("<img src=x onerror=alert(1)>".into()),
        // The settings tab, so its date field can take the focus below.
        section: authpilot::core::popup::Section::Settings,
        ..PopupModel::new(
            classify("https://admin.microsoft.com/#/homepage"),
            Loaded::Stored(sample()),
            Instant::parse_rfc3339("2026-11-27T10:00:00Z").unwrap(),
        )
    };
    render_into(&root, &render(&model)).unwrap();
    let where_ = root.query_selector("#where [data-state]").unwrap().unwrap();
    assert_eq!(
        where_.get_attribute("data-host").as_deref(),
        Some("admin.microsoft.com")
    );
    // Host proves worldwide, settings say GCC High: the popup says so.
    assert!(root
        .text_content()
        .unwrap()
        .contains("Your settings say GCC High"));
    assert_eq!(
        root.query_selector("#phase")
            .unwrap()
            .unwrap()
            .get_attribute("data-phase")
            .as_deref(),
        Some("opt-out")
    );
    assert_eq!(
        root.query_selector_all("#board tbody tr").unwrap().length(),
        8
    );
    assert_eq!(
        root.query_selector_all("input[name=needed]:checked")
            .unwrap()
            .length(),
        2
    );
    // Text that looks like markup stays text.
    assert!(root.query_selector("img").unwrap().is_none());
    assert_eq!(
        root.query_selector("#notice")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "<img src=x onerror=alert(1)>"
    );

    // Re-rendering keeps focus on the element with the same id.
    let date: web_sys::HtmlElement = root
        .query_selector("#practice_date")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    date.focus().unwrap();
    render_into(
        &root,
        &Node::from(el("div").child(el("input").attr("id", "practice_date"))),
    )
    .unwrap();
    assert_eq!(document.active_element().unwrap().id(), "practice_date");
    root.remove();
}

fn log_draft(id: &str) -> authpilot::core::log::Draft {
    use authpilot::core::log::*;
    Draft {
        id: id.into(),
        at: "2022-10-15T10:00:00Z".into(),
        protocol: authpilot::core::protocols::Protocol::Imap,
        scope: None,
        mailbox: None,
        action: Action::ReEnable,
        outcome: Outcome::Submitted,
        source: Source::Manual,
        host: None,
        cloud: authpilot::core::cloud::Cloud::Worldwide,
        tenant: None,
        message: None,
        note: None,
        effective_by: None,
        mc437540_seen: None,
        supersedes: None,
    }
}

/// Appends through the worker's own step runner (core::worker::run over web::copy's
/// chrome.storage backend), from the popup.
async fn append_via(
    areas: &authpilot::web::copy::Areas,
    copy: &std::cell::RefCell<authpilot::core::worker::storage::Memory>,
    draft: authpilot::core::log::Draft,
) -> Result<authpilot::core::log::Entry, String> {
    use authpilot::core::messages::{Origin, Request};
    let request = Request::LogAppend { draft };
    let origin = Origin::ExtensionPage { tab_id: None };
    let env = authpilot::core::worker::Env {
        now_ms: js_sys::Date::now(),
        ids: vec![authpilot::web::fresh_id()?],
    };
    // The core's step runner over the chrome.storage backend (web::copy::Areas).
    let done = authpilot::core::worker::run::run_step(areas, copy, env, |s, env| {
        authpilot::core::worker::handle(&request, &origin, s, env)
    })
    .await?;
    if done.answer["ok"] == true {
        Ok(serde_json::from_value(done.answer["entry"].clone()).unwrap())
    } else {
        Err(done.answer["error"]
            .as_str()
            .unwrap_or_default()
            .to_string())
    }
}

fn areas(local: StorageArea) -> authpilot::web::copy::Areas {
    authpilot::web::copy::Areas {
        local,
        session: memory_area(false),
        managed: None,
    }
}

#[wasm_bindgen_test]
async fn appends_migrate_a_version_1_store_chain_and_are_idempotent_by_id() {
    english();
    use authpilot::core::worker::storage::Memory;
    let area = memory_area(false);
    raw_set(
        &area,
        "settings",
        r#"{"schema":1,"cloud":"gcc","needed":["POP"],"practice_date":null}"#,
    );
    let areas = areas(area.clone());
    let copy = std::cell::RefCell::new(Memory::partial());
    let first = append_via(&areas, &copy, log_draft("one")).await.unwrap();
    let second = append_via(&areas, &copy, log_draft("two")).await.unwrap();
    assert_eq!((first.seq, second.seq), (1, 2));
    assert_eq!(second.prev_hash, first.hash);
    // A resend of an acknowledged append changes nothing, read from storage afresh too.
    let fresh = std::cell::RefCell::new(Memory::partial());
    assert_eq!(
        append_via(&areas, &fresh, log_draft("one")).await.unwrap(),
        first
    );
    let mut other = log_draft("one");
    other.note = Some("different".into());
    assert!(append_via(&areas, &copy, other)
        .await
        .unwrap_err()
        .contains("already exists with different content"));
    assert_eq!(
        raw_keys(&area),
        "log:0000000001,log:0000000002,log_head,log_latest,logid:one,logid:two,settings,store_schema"
    );
    assert!(raw_get(&area, "log_head").unwrap().contains("\"count\":2"));
    assert!(
        raw_get(&area, "settings").unwrap().contains("\"gcc\""),
        "settings kept by the migration"
    );
}

#[wasm_bindgen_test]
async fn a_full_store_refuses_the_append_with_a_clear_message_and_writes_nothing() {
    english();
    use authpilot::core::worker::storage::Memory;
    let area = memory_area(true);
    let copy = std::cell::RefCell::new(Memory::partial());
    let err = append_via(&areas(area.clone()), &copy, log_draft("one"))
        .await
        .unwrap_err();
    assert!(
        err.contains("browser storage for AuthPilot is full"),
        "{err}"
    );
    assert!(err.contains("nothing was half-written"), "{err}");
    assert_eq!(raw_keys(&area), "");
}

#[wasm_bindgen(inline_js = r#"
// Makes crypto.getRandomValues throw (as a browser without a random source would), or
// restores it.
let saved = null;
export function breakRandom(broken) {
  if (broken) { saved = crypto.getRandomValues; crypto.getRandomValues = () => { throw new Error('no entropy'); }; }
  else if (saved) { crypto.getRandomValues = saved; saved = null; }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = breakRandom)]
    fn break_random(broken: bool);
}

#[wasm_bindgen_test]
fn an_entry_id_is_never_made_without_random_bytes() {
    english();
    let a = authpilot::web::fresh_id().unwrap();
    let b = authpilot::web::fresh_id().unwrap();
    assert_ne!(a, b);
    break_random(true);
    let refused = authpilot::web::fresh_id();
    break_random(false);
    let message = refused.expect_err("no id without random bytes");
    assert!(
        message.starts_with("AuthPilot could not get random numbers from the browser ("),
        "{message}"
    );
    assert!(message.contains("no entropy"), "{message}");
}

#[wasm_bindgen_test]
fn every_message_the_content_script_sends_is_read_by_the_workers_own_decoder() {
    use authpilot::core::messages::Request;
    use authpilot::web::request_from_js;
    let golden: serde_json::Value = serde_json::from_str(include_str!("golden/wire.json")).unwrap();
    let messages = golden["messages"].as_array().unwrap();
    assert!(messages.len() >= 7);
    for message in messages {
        let wire = js_sys::JSON::parse(&message.to_string()).unwrap();
        let request =
            request_from_js(wire).unwrap_or_else(|e| panic!("the worker refused {message}: {e}"));
        let kind = match &request {
            Request::PagePresent { .. } => "page-present",
            Request::Observe { .. } => "observe",
            Request::Pressed { .. } => "pressed",
            Request::SwitchPressed { .. } => "switch-pressed",
            Request::SwitchResult { .. } => "switch-result",
            other => panic!("unexpected {other:?}"),
        };
        assert_eq!(kind, message["type"], "{message}");
        // serde-wasm-bindgen reads only the fields a type declares, so this decoder ignores a
        // key the core does not know (seen here: `{"type":"page-present","unknown_field":1}` is
        // accepted). The same payloads are decoded strictly natively
        // (tests/core_messages.rs), and the content script's keys are held to them
        // (tests/adapter/cues.test.mjs), so a drift still fails a test.
        let mut wrong = message.clone();
        wrong["type"] = serde_json::json!("log-wipe");
        let wire = js_sys::JSON::parse(&wrong.to_string()).unwrap();
        assert!(request_from_js(wire).is_err(), "{wrong}");
    }
}
