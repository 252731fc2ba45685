//! The popup's first load through `update` (issue 33): `PopupMsg::Start` carries what the page
//! read locally (the tab's address and id, its own `#fragment`, the settings in force); the core
//! classifies the tab, picks the tab and focus the fragment asks for, and asks the worker for the
//! board and — on the admin center — whether AuthPilot's content script reported from the tab.
//! The popup is drawn, and ready, only when both answers are in; a refusal is said, never read
//! as "not seen". The worker is the worker's own core (`tests/support/worker.rs`), cold for
//! every request.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::log::ManualForm;
use authpilot::core::managed::Managed;
use authpilot::core::messages::answers::{Answer, Imported};
use authpilot::core::messages::{Origin, Request};
use authpilot::core::page::hosts::{classify, Location};
use authpilot::core::popup::update::{update, PopupEffect, PopupEnv, PopupMsg, Reply};
use authpilot::core::popup::{render, PopupModel, Section};
use authpilot::core::settings::{Loaded, Settings};
use authpilot::core::time::{Date, Instant};

#[path = "support/worker.rs"]
mod support;
use support::Worker;

const NOW: &str = "2026-12-03T10:32:00Z";
const ADMIN: &str = "https://admin.exchange.microsoft.com/#/settings";

struct Browser;

impl PopupEnv for Browser {
    fn now(&self) -> Instant {
        Instant::parse_rfc3339(NOW).unwrap()
    }
    fn fresh_id(&self) -> Result<String, String> {
        Ok("00000000-0000-4000-8000-000000000001".into())
    }
    fn today(&self) -> Date {
        Date::new(2026, 12, 3).unwrap()
    }
}

fn worker() -> Worker {
    Worker::new(Instant::parse_rfc3339(NOW).unwrap().unix_seconds() as f64 * 1000.0)
}

/// The content script of tab 7 reports from the Exchange admin center.
fn reported_from_tab_7(worker: &Worker) {
    let origin = Origin::AdminCenterPage {
        tab_id: 7,
        frame_id: 0,
        location: classify(ADMIN),
    };
    let present = Request::PagePresent {
        route: "#/settings".into(),
    };
    worker.ask(&origin, &present).expect("the page is present");
}

/// A popup as the web front makes it before `Start`: nothing known yet.
fn blank() -> PopupModel {
    PopupModel::new(
        Location::Elsewhere,
        Loaded::Stored(Settings::default()),
        Instant::from_unix_millis(0.0),
    )
}

fn start(url: Option<&str>, fragment: &str) -> PopupMsg {
    PopupMsg::Start {
        url: url.map(str::to_string),
        tab_id: Some(7),
        fragment: fragment.into(),
        loaded: Loaded::Stored(Settings::default()),
        managed: Managed::default(),
    }
}

/// Each request answered by the worker, one at a time and in order, each answer through
/// `update` (and what that asks, after it); the requests, in the order asked.
fn answer_all(
    model: &mut PopupModel,
    worker: &Worker,
    effects: Vec<(PopupEffect, Option<Reply>)>,
) -> Vec<Request> {
    let mut asked = Vec::new();
    let mut queue: std::collections::VecDeque<_> = effects.into();
    while let Some((effect, reply)) = queue.pop_front() {
        let PopupEffect::Ask(request) = effect else {
            panic!("the first load only asks the worker: {effect:?}");
        };
        let answer = worker.ask(&Origin::ExtensionPage { tab_id: None }, &request);
        asked.push(request);
        let more = update(
            model,
            PopupMsg::Answered {
                reply: reply.expect("an answer that goes somewhere"),
                answer: Box::new(answer),
            },
            &Browser,
        );
        queue.extend(more);
    }
    asked
}

#[test]
fn on_the_admin_center_the_first_screen_waits_for_the_board_and_the_tabs_status() {
    let worker = worker();
    reported_from_tab_7(&worker);
    let mut model = blank();
    let effects = update(&mut model, start(Some(ADMIN), ""), &Browser);
    assert!(!model.ready(), "nothing is drawn before the worker answers");
    assert!(model.location.is_admin_center());
    assert_eq!(model.now, Browser.now());
    let asked = answer_all(&mut model, &worker, effects);
    assert_eq!(
        asked,
        vec![Request::LogSummary {}, Request::TabStatus { tab_id: 7 }]
    );
    assert!(model.ready());
    assert!(model.content_script_seen);
    assert_eq!(model.log.as_ref().map(|s| s.count), Ok(0));
    assert_eq!(model.notice, None);
    assert_eq!(model.section, Section::Now);
}

#[test]
fn a_tab_authpilot_never_reported_from_is_not_seen_and_another_site_is_not_asked_about() {
    let worker = worker();
    let mut model = blank();
    let effects = update(&mut model, start(Some(ADMIN), ""), &Browser);
    answer_all(&mut model, &worker, effects);
    assert!(model.ready());
    assert!(!model.content_script_seen);
    assert_eq!(model.notice, None);

    for url in [Some("https://example.com/"), None] {
        let mut model = blank();
        let effects = update(&mut model, start(url, ""), &Browser);
        let asked = answer_all(&mut model, &worker, effects);
        assert_eq!(asked, vec![Request::LogSummary {}], "{url:?}");
        assert_eq!(model.location, Location::Elsewhere);
        assert!(model.ready());
    }
}

#[test]
fn a_refused_or_unanswered_status_is_said_never_read_as_not_seen() {
    for (answer, said) in [
        (
            Err("The service worker did not answer: gone".to_string()),
            "did not answer",
        ),
        (
            Ok(Answer::Imported(Imported {
                added: 0,
                already_present: 0,
            })),
            "refused",
        ),
    ] {
        let mut model = blank();
        let effects = update(&mut model, start(Some(ADMIN), ""), &Browser);
        assert_eq!(effects.len(), 2);
        update(
            &mut model,
            PopupMsg::Answered {
                reply: Reply::TabStatus,
                answer: Box::new(answer),
            },
            &Browser,
        );
        assert!(!model.ready(), "the board is still asked for");
        update(
            &mut model,
            PopupMsg::Answered {
                reply: Reply::FirstBoard,
                answer: Box::new(worker().ask(
                    &Origin::ExtensionPage { tab_id: None },
                    &Request::LogSummary {},
                )),
            },
            &Browser,
        );
        assert!(model.ready());
        let notice = model.notice.clone().expect("the refusal is said");
        assert!(notice.contains(said), "{notice}");
        assert!(render(&model).to_html().contains(&notice));
    }
}

#[test]
fn the_fragment_opens_its_tab_and_the_explainers_focus_lasts_until_the_screen_is_drawn() {
    let worker = worker();
    let mut model = blank();
    let effects = update(&mut model, start(Some(ADMIN), "#record"), &Browser);
    answer_all(&mut model, &worker, effects);
    assert!(model.open_record);
    assert_eq!(model.section, Section::Log);

    let mut model = blank();
    let effects = update(&mut model, start(Some(ADMIN), "#explain"), &Browser);
    answer_all(&mut model, &worker, effects);
    assert_eq!(model.section, Section::Smtp);
    assert_eq!(
        model.focus.as_deref(),
        Some("explain_text"),
        "the answers that complete the first screen keep it"
    );
    assert!(render(&model).to_html().contains("id=\"explain_text\""));
    // The next redrawing message: focused once, then gone.
    update(
        &mut model,
        PopupMsg::Explain("550 5.7.139".into()),
        &Browser,
    );
    assert_eq!(model.focus, None);
}

/// "Record manually": the organisation's switch turned off, succeeded.
fn organisation_turned_off() -> ManualForm {
    ManualForm {
        protocol: "smtp".into(),
        action: "turn-off".into(),
        outcome: "succeeded".into(),
        scope: "organization".into(),
        local_time: "2026-12-03T09:00".into(),
        utc_offset_minutes: 0,
        tenant: "contoso.com".into(),
        ..Default::default()
    }
}

#[test]
fn the_first_screen_shows_what_the_log_holds_cold_as_warm() {
    let worker = worker();
    reported_from_tab_7(&worker);
    // An entry recorded before the popup opens (the worker is cold for every request).
    let mut warm = blank();
    let effects = update(&mut warm, start(Some(ADMIN), ""), &Browser);
    answer_all(&mut warm, &worker, effects);
    let form = organisation_turned_off();
    let effects = update(&mut warm, PopupMsg::Record(form), &Browser);
    let asked = answer_all(&mut warm, &worker, effects);
    assert!(matches!(asked[0], Request::LogAppend { .. }), "{asked:?}");

    let mut cold = blank();
    let effects = update(&mut cold, start(Some(ADMIN), ""), &Browser);
    answer_all(&mut cold, &worker, effects);
    assert_eq!(cold.log.as_ref().map(|s| s.count), Ok(1));
    assert!(cold.content_script_seen);
}

/// The first screen as the popup draws it, its requests answered by the worker or read by the
/// popup itself; and whether a read would have asked the worker to make a change.
fn first_screen(worker: &Worker, read_here: bool) -> (String, bool) {
    let page = Origin::ExtensionPage { tab_id: None };
    let mut model = blank();
    let mut queue: std::collections::VecDeque<_> =
        update(&mut model, start(Some(ADMIN), ""), &Browser).into();
    let mut asked_worker = false;
    while let Some((effect, reply)) = queue.pop_front() {
        let PopupEffect::Ask(request) = effect else {
            panic!("{effect:?}")
        };
        assert!(
            request.reads_only(),
            "the first screen only reads: {request:?}"
        );
        let answer = if read_here {
            let (answer, changes) = worker.read_only(&page, &request);
            asked_worker |= changes;
            answer
        } else {
            worker.ask(&page, &request)
        };
        queue.extend(update(
            &mut model,
            PopupMsg::Answered {
                reply: reply.unwrap(),
                answer: Box::new(answer),
            },
            &Browser,
        ));
    }
    assert!(model.ready());
    (render(&model).to_html(), asked_worker)
}

/// The popup answers its first screen's requests itself (issue 34): the worker's own step over
/// storage, read-only. It gives the same first screen as the worker's answers — on an empty
/// log, after an entry, and on a store an older AuthPilot left (whose layout the step brings up
/// to date in memory) — writes nothing, and says when the worker must be asked to make a change.
#[test]
fn the_popups_own_read_gives_the_first_screen_the_worker_gives_and_writes_nothing() {
    use authpilot::core::worker::storage::Area;
    let worker = worker();
    reported_from_tab_7(&worker);
    // An empty log; then one entry; each time the read first, then the worker (warm after).
    let (here, _) = first_screen(&worker, true);
    assert_eq!(here, first_screen(&worker, false).0);
    let form = organisation_turned_off();
    let mut recorder = blank();
    let effects = update(&mut recorder, PopupMsg::Record(form), &Browser);
    answer_all(&mut recorder, &worker, effects);
    let before = (worker.stored(Area::Local), worker.stored(Area::Session));
    let (here, _) = first_screen(&worker, true);
    assert_eq!(
        (worker.stored(Area::Local), worker.stored(Area::Session)),
        before,
        "a read writes nothing"
    );
    assert_eq!(here, first_screen(&worker, false).0);

    // A store an older AuthPilot left (layout 2, the helper's state under its old key): the read
    // shows the same screen and says the worker must bring the store up to date; after the
    // worker has, the read changes nothing.
    let worker = {
        let old = self::worker();
        reported_from_tab_7(&old);
        old.put(Area::Local, "store_schema", serde_json::json!(2));
        old
    };
    let (here, asks) = first_screen(&worker, true);
    assert!(asks, "a store to bring up to date is the worker's to write");
    assert_eq!(here, first_screen(&worker, false).0);
    let (_, asks) = first_screen(&worker, true);
    assert!(
        !asks,
        "once the worker has written it, a read changes nothing"
    );
}
