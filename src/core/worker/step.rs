//! One step of the worker's state machine: what it is given (storage, the time, fresh ids),
//! what it returns (an answer, storage changes, effects), and `handle`, which runs a request's
//! step; the steps themselves are in tab, press, request and event.

use serde_json::Value;

use super::storage::{Area, Changes, Stop, Storage, Txn};
use super::{log, storage};
use crate::core::keys::StoreKey;
use crate::core::log::Action;
use crate::core::managed::Managed;
use crate::core::messages::{
    answers, pending_key, presence_key, tab_state_key, Origin, Request, TabMessage, TabPresence,
};
use crate::core::page::hosts::{effective_cloud, location_for_host, Location};
use crate::core::pending::Pending;
use crate::core::protocols::Protocol;
use crate::core::settings::{Settings, SETTINGS_KEY};
use crate::core::time::Instant;
use crate::core::walkthrough::TabState;

/// The helper's remembered state (minimised, closed), in local storage.
pub const PREFS_KEY: &str = "helper"; // StoreKey::HelperPrefs

/// What a step is given besides storage: the time, and fresh random ids (the browser's
/// `crypto`; a step that needs more than it was given is refused, never given a guessable id).
#[derive(Debug, Clone)]
pub struct Env {
    /// Milliseconds since the epoch (`Date.now()`).
    pub now_ms: f64,
    pub ids: Vec<String>,
}

impl Env {
    pub(super) fn fresh_id(&mut self) -> Result<String, Stop> {
        self.ids
            .pop()
            .ok_or_else(|| Stop::Refused(t!("error_no_random", "ids")))
    }
    pub(super) fn now(&self) -> Instant {
        Instant::from_unix_millis(self.now_ms)
    }
}

/// What follows a step, besides its storage changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Alarm {
        name: crate::core::alarms::Alarm,
        at_ms: f64,
    },
    ClearAlarm {
        name: crate::core::alarms::Alarm,
    },
    Badge {
        tab: i64,
        text: String,
        colour: String,
    },
    Notify {
        id: String,
        title: String,
        message: String,
    },
    /// The tab's view changed: push it to the tab's helper.
    Push {
        tab: i64,
    },
    /// What every tab's view is drawn from changed (the log, the settings, the helper's prefs).
    PushAll,
    /// A message to the tab's content script (no content script there is not an error).
    TellTab {
        tab: i64,
        message: TabMessage,
    },
    /// Ask the tab's content script and answer the request with what it replies, worded by
    /// `prefill_answer` (the pre-fill: the popup's or the helper's).
    AskTab {
        tab: i64,
        message: TabMessage,
    },
}

/// A finished step: its answer (`{ok: true, …}` or `{ok: false, error}`), its storage changes
/// (empty when refused: a refusal writes nothing) and what follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub answer: Value,
    pub changes: Changes,
    pub effects: Vec<Effect>,
}

impl Done {
    /// A refusal: it writes nothing and nothing follows.
    fn refused(why: String) -> Done {
        Done {
            answer: refusal(why),
            changes: Changes::default(),
            effects: Vec::new(),
        }
    }

    /// Whether the step changed storage or has effects: when a page ran it read-only
    /// (`run::read_step`), the worker is asked to run it, to make them.
    pub fn changes_something(&self) -> bool {
        !self.changes.is_empty() || !self.effects.is_empty()
    }
}

/// Every step's working state.
pub(super) struct Step<'a> {
    pub(super) txn: Txn<'a>,
    pub(super) env: Env,
    pub(super) effects: Vec<Effect>,
}

/// `{ok: true, …}`: only an [`answers::Answer`] is written, so every answer is one that
/// `Answer::read` reads for its request (tests/core_worker.rs reads each one back).
pub(super) fn ok(value: impl Into<answers::Answer>) -> Value {
    let mut v = serde_json::to_value(value.into()).expect("JSON");
    if let Value::Object(m) = &mut v {
        m.insert("ok".into(), Value::Bool(true));
    }
    v
}

/// `{ok: false, error}`.
pub fn refusal(message: impl Into<String>) -> Value {
    serde_json::to_value(answers::Refusal::new(message)).expect("JSON")
}

/// Runs a step over `storage`; `Err` names the keys to load before running it again.
pub(super) fn run(
    storage: &dyn Storage,
    env: Env,
    body: impl FnOnce(&mut Step) -> Result<Value, Stop>,
) -> Result<Done, storage::Missing> {
    let mut step = Step {
        txn: Txn::new(storage),
        env,
        effects: Vec::new(),
    };
    match body(&mut step) {
        Ok(answer) => {
            let changes = step.txn.changes;
            let mut effects = step.effects;
            effects.extend(pushes(&changes));
            Ok(Done {
                answer,
                changes,
                effects,
            })
        }
        Err(Stop::Missing(m)) => Err(m),
        Err(Stop::Refused(message)) => Ok(Done::refused(message)),
    }
}

/// The views a step's changes touch.
pub(super) fn pushes(changes: &Changes) -> Vec<Effect> {
    if [
        (Area::Local, crate::core::log::store::LATEST_KEY),
        (Area::Local, SETTINGS_KEY),
        (Area::Local, PREFS_KEY),
    ]
    .iter()
    .any(|(a, k)| changes.touches(*a, k))
    {
        return vec![Effect::PushAll];
    }
    // A tab's presence changes with its page (the helper says what to do there).
    let mut tabs: Vec<i64> = changes
        .0
        .keys()
        .filter_map(|(area, k)| StoreKey::parse(*area, k)?.tab())
        .collect();
    tabs.sort_unstable();
    tabs.dedup();
    tabs.into_iter().map(|tab| Effect::Push { tab }).collect()
}

/// Answers one message from a checked origin.
pub fn handle(
    request: &Request,
    origin: &Origin,
    storage: &dyn Storage,
    env: Env,
) -> Result<Done, storage::Missing> {
    if !origin.may(request) {
        return Ok(Done::refused(format!(
            "{} is not accepted from this sender",
            request.name()
        )));
    }
    run(storage, env, |s| {
        layout_first(s)?;
        handled(s, request, origin)
    })
}

/// An older store brought to this layout first (its migration is part of the step's one
/// write): what a step reads — the helper's remembered state among it — is where this
/// AuthPilot looks for it. A newer store is not this step's to refuse: the log's own steps
/// refuse it.
fn layout_first(s: &mut Step) -> Result<(), Stop> {
    match log::ensure_layout(&mut s.txn) {
        Err(Stop::Refused(_)) => Ok(()),
        other => other,
    }
}

/// Answers a request that only reads (`Request::reads_only`: the board, a history, a tab's
/// status) with the very steps `handle` runs for it — the layout brought up to date first, then
/// the step — and nothing of the rest of the worker's dispatch, so a page that runs it
/// read-only (`run::read_step`) links only these rules. Anything else is refused.
pub fn handle_read(
    request: &Request,
    origin: &Origin,
    storage: &dyn Storage,
    env: Env,
) -> Result<Done, storage::Missing> {
    if !request.reads_only() || !origin.may(request) {
        return Ok(Done::refused(format!(
            "{} is not read by a page itself",
            request.name()
        )));
    }
    run(storage, env, |s| {
        layout_first(s)?;
        match request {
            Request::TabStatus { tab_id } => s.tab_status(*tab_id).map(ok),
            other => s.log_read(other),
        }
    })
}

fn handled(s: &mut Step, request: &Request, origin: &Origin) -> Result<Value, Stop> {
    match request.delivery_id() {
        Some(id) => s.delivered_once(id, origin.tab(), |s| dispatch(s, request.clone(), origin)),
        None => dispatch(s, request.clone(), origin),
    }
}

impl Step<'_> {
    /// A message that carries an admin's action, delivered until acknowledged (issue 31): a
    /// repeat of one already answered gets the same answer and changes nothing; the first's
    /// answer is remembered in the same write as what it changed. A refusal remembers nothing
    /// (it wrote nothing), so a repeat is decided again.
    fn delivered_once(
        &mut self,
        id: &str,
        tab: Option<i64>,
        body: impl FnOnce(&mut Step) -> Result<Value, Stop>,
    ) -> Result<Value, Stop> {
        if !crate::core::delivery::valid_id(id) {
            return Err(Stop::Refused(format!("malformed delivery id {id:?}")));
        }
        // Cold, the memo and the tab's keys load in one read per area.
        if let Some(tab) = tab {
            self.need_tab(tab)?;
        }
        if let Some(answer) = self.delivered()?.answer(id) {
            return Ok(answer.clone());
        }
        let answer = body(self)?;
        // Read again: the step may have changed what is held (`hold_early`, `take_early`).
        let mut delivered = self.delivered()?;
        delivered.remember(id, answer.clone());
        self.set_delivered(&delivered);
        Ok(answer)
    }

    pub(super) fn set_delivered(&mut self, delivered: &crate::core::delivery::Delivered) {
        self.txn
            .set_as(Area::Local, &StoreKey::Delivered.name(), delivered);
    }

    /// The answers remembered by delivery id (none when unreadable: a repeat is then decided
    /// again, which the steps' own rules keep from recording twice).
    pub(super) fn delivered(&self) -> Result<crate::core::delivery::Delivered, Stop> {
        Ok(self
            .txn
            .read_tolerant(Area::Local, &StoreKey::Delivered.name())?
            .unwrap_or_default())
    }
}

pub(super) fn dispatch(s: &mut Step, request: Request, origin: &Origin) -> Result<Value, Stop> {
    let page = match origin {
        Origin::AdminCenterPage {
            tab_id,
            frame_id,
            location,
        } => Some((*tab_id, *frame_id, location)),
        Origin::ExtensionPage { .. } => None,
    };
    let own_tab = match origin {
        Origin::ExtensionPage { tab_id } => *tab_id,
        Origin::AdminCenterPage { .. } => None,
    };
    match (request, page) {
        (Request::PagePresent { route }, Some((tab, frame, location))) => {
            s.page_present(tab, frame, location, route).map(ok)
        }
        (Request::Observe { snapshot }, Some((tab, _, location))) => {
            s.observe(tab, location, snapshot).map(ok)
        }
        (Request::Pressed { press }, Some((tab, _, location))) => {
            s.pressed(tab, location, press).map(ok)
        }
        (Request::SwitchPressed { press }, Some((tab, _, location))) => {
            s.switch_pressed(tab, location, press).map(ok)
        }
        (
            Request::SwitchResult {
                press,
                text,
                kind,
                sent,
                lang,
                ..
            },
            Some((tab, _, _)),
        ) => s
            .switch_result(
                tab,
                &press,
                crate::core::smtp::Reading {
                    kind,
                    text,
                    sent,
                    lang,
                },
            )
            .map(ok),
        (Request::TabStatus { tab_id }, _) => s.tab_status(tab_id).map(ok),
        (Request::HelperView {}, None) => match own_tab {
            Some(tab) => view(&mut s.txn, tab).map(ok),
            None => Err(Stop::Refused(
                "helper-view comes from the helper inside a tab".into(),
            )),
        },
        (Request::Helper { change, tab_id }, None) => s.helper(change, tab_id.or(own_tab)).map(ok),
        (Request::Prefill { tab_id, submit }, None) => s.prefill(tab_id.or(own_tab), submit),
        (Request::NameMailbox { address, .. }, None) => match own_tab {
            Some(tab) => s.name_mailbox(tab, address).map(ok),
            None => Err(Stop::Refused(t!("error_no_change_to_name"))),
        },
        (request, None) => s.log_request(request),
        (request, Some(_)) => Err(Stop::Refused(format!(
            "{} is not accepted from this sender",
            request.name()
        ))),
    }
}

/// The settings in force (the admin's own with the organisation's managed values over them),
/// and what the organisation set.
pub(super) fn in_force(txn: &Txn) -> Result<(Settings, Managed), Stop> {
    txn.need(&[(Area::Local, SETTINGS_KEY)])?;
    let managed = Managed::read(&Value::Object(txn.all(Area::Managed)?));
    let own = Settings::load(txn.get(Area::Local, SETTINGS_KEY)?.as_ref());
    Ok((managed.apply(own.settings()), managed))
}

/// What the helper in a tab shows: the guide's state there, the change waiting, each
/// protocol's latest entry and the cloud.
pub fn view(txn: &mut Txn, tab: i64) -> Result<answers::HelperView, Stop> {
    let (state_key, waiting_key, presence) =
        (tab_state_key(tab), pending_key(tab), presence_key(tab));
    let mut first = log::FIRST_KEYS.to_vec();
    first.extend([
        (Area::Session, state_key.as_str()),
        (Area::Session, presence.as_str()),
        (Area::Local, waiting_key.as_str()),
        (Area::Local, SETTINGS_KEY),
        (Area::Local, PREFS_KEY),
    ]);
    txn.need(&first)?;
    log::ensure_layout(txn)?;
    let (settings, _) = in_force(txn)?;
    let state: TabState = txn.read(Area::Session, &state_key)?.unwrap_or_default();
    let pending: Option<Pending> = txn.read(Area::Local, &waiting_key)?;
    let latest = log::verified_latest(txn)?;
    let presence: Option<TabPresence> = txn.read(Area::Session, &presence)?;
    let place = presence.as_ref().and_then(|p| p.place);
    let location = presence
        .map(|p| location_for_host(&p.host, "/"))
        .unwrap_or(Location::Elsewhere);
    let (cloud, _) = effective_cloud(&location, settings.cloud);
    Ok(answers::HelperView {
        state,
        pending,
        latest,
        tab_id: tab,
        cloud,
        settings: Box::new(settings),
        place,
        prefs: txn
            .read_tolerant(Area::Local, PREFS_KEY)?
            .unwrap_or_default(),
    })
}

/// What a press starts: the entry it becomes once the page shows a result.
pub(super) struct Start {
    /// The press's delivery id (its results name it).
    pub(super) press: String,
    pub(super) protocol: Protocol,
    pub(super) action: Action,
    pub(super) scope: Option<crate::core::log::Scope>,
    pub(super) mailbox: Option<String>,
    pub(super) note: Option<String>,
    pub(super) texts_before: Vec<String>,
}
