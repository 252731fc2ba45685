//! The service worker's rules, as one state machine: `handle(request, origin, storage, env)`
//! answers a message and says what follows — storage changes, alarms, the badge,
//! notifications and the views to push — and each Chrome event (`tab_updated`,
//! `tab_removed`, `alarm`, `browser_started`, `settings_changed`) does the same. Nothing here
//! waits or touches Chrome: `run::run_step` loads what a step asks for and runs it again, cold
//! or warm, over a storage `Backend` (`chrome.storage` in `web::copy`, a map in native tests),
//! and `web::worker` carries out what it returns.

pub mod log;
pub mod run;
pub mod storage;

use serde::Serialize;
use serde_json::Value;

use self::storage::{Area, Changes, Stop, Storage, Txn};
use super::diagnostic::{entry_for, on_press, reminder, Press, Snapshot};
use super::log::{outcome_update, Action, Draft, Entry, Outcome, Summary, MAX_TEXT};
use super::managed::Managed;
use super::messages::{
    answers, pending_key, presence_key, tab_state_key, ExportFormat, HelperPrefs, Origin, Request,
    TabPresence,
};
use super::pending::{next, unanswered, Ending, Next, Pending, Unanswered, RESULT_WAIT_SECONDS};
use super::protocols::Protocol;
use super::settings::{Settings, SETTINGS_KEY};
use super::smtp;
use super::time::Instant;
use crate::core::diagnostic::timeline::{guidance, QUERY};
use crate::core::log::export;
use crate::core::page::guide::{observe, TabState};
use crate::core::page::hosts::{classify, effective_cloud, location_for_host, Location};

/// The helper's remembered state (minimised, closed), in local storage.
pub const PREFS_KEY: &str = "overlay";

/// What a step is given besides storage: the time, and fresh random ids (the browser's
/// `crypto`; a step that needs more than it was given is refused, never given a guessable id).
#[derive(Debug, Clone)]
pub struct Env {
    /// Milliseconds since the epoch (`Date.now()`).
    pub now_ms: f64,
    pub ids: Vec<String>,
}

impl Env {
    fn fresh_id(&mut self) -> Result<String, Stop> {
        self.ids
            .pop()
            .ok_or_else(|| Stop::Refused(t!("error_no_random", "ids")))
    }
    fn now(&self) -> Instant {
        Instant::from_unix_millis(self.now_ms)
    }
}

/// What follows a step, besides its storage changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Alarm {
        name: String,
        at_ms: f64,
    },
    ClearAlarm {
        name: String,
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
}

/// A finished step: its answer (`{ok: true, …}` or `{ok: false, error}`), its storage changes
/// (empty when refused: a refusal writes nothing) and what follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub answer: Value,
    pub changes: Changes,
    pub effects: Vec<Effect>,
}

/// Every step's working state.
struct Step<'a> {
    txn: Txn<'a>,
    env: Env,
    effects: Vec<Effect>,
}

fn ok<T: Serialize>(value: T) -> Value {
    let mut v = serde_json::to_value(value).expect("JSON");
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
fn run(
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
        Err(Stop::Refused(message)) => Ok(Done {
            answer: refusal(message),
            changes: Changes::default(),
            effects: Vec::new(),
        }),
    }
}

/// The views a step's changes touch.
fn pushes(changes: &Changes) -> Vec<Effect> {
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
    let mut tabs: Vec<i64> = changes
        .0
        .keys()
        .filter_map(|(_, k)| {
            // A tab's presence changes with its page (the helper says what to do there).
            k.strip_prefix("pending:")
                .or_else(|| k.strip_prefix("guide:"))
                .or_else(|| k.strip_prefix("tab:"))
                .and_then(|t| t.parse().ok())
        })
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
        return Ok(Done {
            answer: refusal(format!(
                "{} is not accepted from this sender",
                request.name()
            )),
            changes: Changes::default(),
            effects: Vec::new(),
        });
    }
    run(storage, env, |s| dispatch(s, request.clone(), origin))
}

fn dispatch(s: &mut Step, request: Request, origin: &Origin) -> Result<Value, Stop> {
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
        (Request::SwitchResult { text, kind, sent }, Some((tab, _, _))) => {
            s.switch_result(tab, kind, text, sent).map(ok)
        }
        (Request::TabStatus { tab_id }, _) => s.tab_status(tab_id).map(ok),
        (Request::OverlayState {}, None) => match own_tab {
            Some(tab) => view(&mut s.txn, tab).map(ok),
            None => Err(Stop::Refused(
                "overlay-state comes from the overlay inside a tab".into(),
            )),
        },
        (Request::NameMailbox { address }, None) => match own_tab {
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
fn in_force(txn: &Txn) -> Result<(Settings, Managed), Stop> {
    txn.need(&[(Area::Local, SETTINGS_KEY)])?;
    let managed = Managed::read(&Value::Object(txn.all(Area::Managed)?));
    let own = Settings::load(txn.get(Area::Local, SETTINGS_KEY)?.as_ref());
    Ok((managed.apply(own.settings()), managed))
}

/// What the helper in a tab shows: the guide's state there, the change waiting, each
/// protocol's latest entry and the cloud.
pub fn view(txn: &mut Txn, tab: i64) -> Result<answers::OverlayState, Stop> {
    let (state_key, waiting_key, presence) =
        (tab_state_key(tab), pending_key(tab), presence_key(tab));
    let mut first = log::FIRST_KEYS.to_vec();
    first.extend([
        (Area::Session, state_key.as_str()),
        (Area::Session, presence.as_str()),
        (Area::Local, waiting_key.as_str()),
        (Area::Local, SETTINGS_KEY),
    ]);
    txn.need(&first)?;
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
    Ok(answers::OverlayState {
        state,
        pending,
        latest,
        tab_id: tab,
        cloud,
        settings: settings.to_stored(),
        place,
    })
}

impl Step<'_> {
    /// Loads everything a tab's step reads, in one go.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn need_tab(&self, tab: i64) -> Result<(), Stop> {
        let keys = [pending_key(tab), tab_state_key(tab), presence_key(tab)];
        let mut first = log::FIRST_KEYS.to_vec();
        first.extend([
            (Area::Local, keys[0].as_str()),
            (Area::Session, keys[1].as_str()),
            (Area::Session, keys[2].as_str()),
            (Area::Local, SETTINGS_KEY),
            (Area::Local, PREFS_KEY),
        ]);
        self.txn.need(&first)?;
        self.txn.all(Area::Managed)?;
        Ok(())
    }

    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn page_present(
        &mut self,
        tab: i64,
        frame: i64,
        location: &Location,
        route: String,
    ) -> Result<answers::PagePresent, Stop> {
        let Location::AdminCenter {
            host, host_cloud, ..
        } = location
        else {
            return Err(Stop::Refused("not the admin center".into()));
        };
        self.need_tab(tab)?;
        if frame == 0 {
            let here = match location {
                Location::AdminCenter { center, .. } => Location::AdminCenter {
                    host,
                    host_cloud: *host_cloud,
                    center: *center,
                    route: route.split('?').next().unwrap_or("").to_string(),
                },
                Location::Elsewhere => Location::Elsewhere,
            };
            self.presence(tab, &here)?;
        }
        // The helper's remembered state travels with the answer, so the content script needs
        // no storage access of its own.
        let overlay: Option<HelperPrefs> = self.txn.read_tolerant(Area::Local, PREFS_KEY)?;
        Ok(answers::PagePresent {
            active: true,
            host: host.to_string(),
            cloud: *host_cloud,
            overlay,
        })
    }

    /// Remembers that a tab shows the admin center (for the popup) and marks its badge; a tab
    /// already known at the same address is not written again.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn presence(&mut self, tab: i64, location: &Location) -> Result<(), Stop> {
        let Location::AdminCenter { host, route, .. } = location else {
            return Ok(());
        };
        let key = presence_key(tab);
        let place = smtp::place_of(location);
        let known: Option<TabPresence> = self.txn.read_tolerant(Area::Session, &key)?;
        if known.is_some_and(|p| p.host == *host && p.route == *route && p.place == place) {
            return Ok(());
        }
        let presence = TabPresence {
            host: host.to_string(),
            route: route.clone(),
            at: self.env.now().to_rfc3339(),
            place,
        };
        self.txn.set_as(Area::Session, &key, &presence);
        self.effects.push(Effect::Badge {
            tab,
            text: t!("badge_on"),
            colour: "#107C10".into(),
        });
        Ok(())
    }

    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn tab_status(&mut self, tab: i64) -> Result<answers::TabStatus, Stop> {
        let presence: Option<TabPresence> =
            self.txn.read_tolerant(Area::Session, &presence_key(tab))?;
        Ok(answers::TabStatus {
            content_script_seen: presence.is_some(),
            presence,
        })
    }

    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn observe(
        &mut self,
        tab: i64,
        location: &Location,
        snapshot: Snapshot,
    ) -> Result<answers::Observed, Stop> {
        snapshot.check()?;
        self.need_tab(tab)?;
        let before: TabState = self
            .txn
            .read(Area::Session, &tab_state_key(tab))?
            .unwrap_or_default();
        let (settings, _) = in_force(&self.txn)?;
        let (cloud, _) = effective_cloud(location, settings.cloud);
        let g = guidance(
            settings.effective_instant(self.env.now()),
            cloud,
            &settings.needed,
        );
        let summary = Summary {
            latest: log::verified_latest(&mut self.txn)?,
            ..Summary::default()
        };
        let pending: Option<Pending> = self.txn.read(Area::Local, &pending_key(tab))?;
        let seen = observe(
            &before,
            &snapshot,
            self.env.now_ms,
            &g,
            &settings.needed,
            &summary,
            pending.as_ref(),
        );
        let mut state = seen.state;
        if let (Some((outcome, message)), Some(p)) = (seen.settle.clone(), pending.as_ref()) {
            if let Some(recorded) = self.settle(tab, p, outcome, message)? {
                state.last_recorded = Some(recorded);
            }
        }
        if state != before {
            self.txn.set_as(Area::Session, &tab_state_key(tab), &state);
        }
        Ok(answers::Observed {
            highlight: seen.highlight,
            prefill: seen.prefill.then(|| answers::PrefillAsk {
                query: QUERY.to_string(),
                submit: true,
            }),
            recheck_ms: seen.recheck_ms,
            show_helper: seen.show_helper,
        })
    }

    /// A pending press's answer read (the diagnostic's page, or a switch's message): recorded,
    /// recorded `submitted` and watched, superseded, or forgotten, as `pending::next` says.
    /// Returns the outcome recorded now, if one was.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn settle(
        &mut self,
        tab: i64,
        p: &Pending,
        outcome: Outcome,
        message: Option<String>,
    ) -> Result<Option<Outcome>, Stop> {
        match next(p, outcome, self.env.now()) {
            Next::Record => self.record(tab, p, outcome, message),
            // A mailbox not named yet: held for the helper, like any result.
            Next::RecordAndWatch if p.asks_mailbox() => self.record(tab, p, outcome, message),
            Next::RecordAndWatch => {
                let (_, managed) = in_force(&self.txn)?;
                let entry =
                    log::append(&mut self.txn, managed.mark(entry_for(p, outcome, message)))?;
                let watched = Pending {
                    submitted: Some(entry.id),
                    ..p.clone()
                };
                self.txn.set_as(Area::Local, &pending_key(tab), &watched);
                Ok(Some(outcome))
            }
            Next::Supersede(original) => {
                self.supersede(&original, outcome, message)?;
                self.forget(tab);
                Ok(Some(outcome))
            }
            Next::Forget => {
                self.forget(tab);
                Ok(None)
            }
            Next::Wait => Ok(None),
        }
    }

    /// Records a settled press (once: the entry's id is the pending one's) and forgets it. A
    /// mailbox change whose address is not named yet is held instead, without its alarm, until
    /// the helper's "Record for this address".
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn record(
        &mut self,
        tab: i64,
        p: &Pending,
        outcome: Outcome,
        message: Option<String>,
    ) -> Result<Option<Outcome>, Stop> {
        if p.asks_mailbox() {
            let held = Pending {
                held: Some((outcome, message)),
                ..p.clone()
            };
            self.txn.set_as(Area::Local, &pending_key(tab), &held);
            self.effects.push(Effect::ClearAlarm {
                name: pending_key(tab),
            });
            return Ok(None);
        }
        let (settings, managed) = in_force(&self.txn)?;
        let entry = log::append(&mut self.txn, managed.mark(entry_for(p, outcome, message)))?;
        self.forget(tab);
        self.after_append(&entry, &settings);
        Ok(Some(outcome))
    }

    /// The reminders an entry sets: a device test after a mailbox turn-on, and a note when a
    /// re-enable should be in effect.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn after_append(&mut self, entry: &Entry, settings: &Settings) {
        if let Some((name, when)) = smtp::device_test_alarm(entry, settings.device_test_reminders) {
            self.effects.push(Effect::Alarm {
                name,
                at_ms: (when.unix_seconds() as f64 * 1000.0),
            });
        }
        if let Some(by) = entry
            .effective_by
            .as_deref()
            .and_then(|t| Instant::parse_rfc3339(t).ok())
        {
            self.effects.push(Effect::Alarm {
                name: format!("effective:{}", entry.id),
                at_ms: (by.unix_seconds() as f64 * 1000.0),
            });
        }
    }

    /// A result read after the press was recorded `submitted`: a new entry that supersedes it,
    /// once.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn supersede(
        &mut self,
        original: &str,
        outcome: Outcome,
        message: Option<String>,
    ) -> Result<(), Stop> {
        let log = log::load(&mut self.txn)?;
        let Some(entry) = log.entries.iter().find(|e| e.id == original) else {
            return Ok(()); // the entry is gone (the log was cleared): nothing to supersede
        };
        if log
            .entries
            .iter()
            .any(|e| e.supersedes.as_deref() == Some(original))
        {
            return Ok(());
        }
        let message = message.map(|m| m.chars().take(MAX_TEXT).collect());
        let draft = outcome_update(
            entry,
            self.env.fresh_id()?,
            outcome,
            self.env.now(),
            message,
        )?;
        let (_, managed) = in_force(&self.txn)?;
        log::append(&mut self.txn, managed.mark(draft))?;
        Ok(())
    }

    /// Forgets a pending press and its alarm.
    fn forget(&mut self, tab: i64) {
        self.txn.remove(Area::Local, &pending_key(tab));
        self.effects.push(Effect::ClearAlarm {
            name: pending_key(tab),
        });
    }

    /// A press the core accepted waits (in storage, with an alarm) for the page's result, and
    /// is recorded `submitted` after `RESULT_WAIT_SECONDS` without one; one waits per tab.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn start_waiting(
        &mut self,
        tab: i64,
        location: &Location,
        decide: impl FnOnce(Option<&Pending>, &Settings) -> Result<Start, String>,
    ) -> Result<answers::Pressed, Stop> {
        let Location::AdminCenter { host, .. } = location else {
            return Err(Stop::Refused("not the admin center".into()));
        };
        self.need_tab(tab)?;
        let waiting: Option<Pending> = self.txn.read(Area::Local, &pending_key(tab))?;
        let (settings, _) = in_force(&self.txn)?;
        let start = match decide(waiting.as_ref(), &settings) {
            Ok(start) => start,
            Err(reason) => {
                return Ok(answers::Pressed {
                    accepted: false,
                    reason: Some(reason),
                    protocol: None,
                    action: None,
                })
            }
        };
        let (cloud, _) = effective_cloud(location, settings.cloud);
        let at = self.env.now();
        let pending = Pending {
            id: self.env.fresh_id()?,
            protocol: start.protocol,
            action: start.action,
            at: at.to_rfc3339(),
            host: host.to_string(),
            cloud,
            note: start.note,
            scope: start.scope,
            mailbox: start.mailbox,
            held: None,
            texts_before: start.texts_before,
            submitted: None,
        };
        self.txn.set_as(Area::Local, &pending_key(tab), &pending);
        self.effects.push(Effect::Alarm {
            name: pending_key(tab),
            at_ms: (at.unix_seconds() + RESULT_WAIT_SECONDS + 1) as f64 * 1000.0,
        });
        Ok(answers::Pressed {
            accepted: true,
            reason: None,
            protocol: Some(start.protocol),
            action: Some(start.action),
        })
    }

    /// The diagnostic's Update button was clicked.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn pressed(
        &mut self,
        tab: i64,
        location: &Location,
        press: Press,
    ) -> Result<answers::Pressed, Stop> {
        let now = self.env.now();
        self.start_waiting(tab, location, |waiting, settings| {
            let (cloud, _) = effective_cloud(location, settings.cloud);
            let in_force = guidance(settings.effective_instant(now), cloud, &settings.needed);
            let (protocol, action) = on_press(&press, waiting, in_force.diagnostic)?;
            Ok(Start {
                protocol,
                action,
                scope: None,
                mailbox: None,
                note: settings.practice_date.map(|d| t!("note_practice", d)),
                texts_before: press.snapshot.card_texts.clone(),
            })
        })
    }

    /// Save beside an SMTP AUTH switch: the core decides whether it changes anything; if so
    /// the change waits, like a diagnostic submission, for the page's message.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn switch_pressed(
        &mut self,
        tab: i64,
        location: &Location,
        press: smtp::SwitchPress,
    ) -> Result<answers::Pressed, Stop> {
        self.start_waiting(tab, location, |waiting, _| {
            let (action, mailbox) = smtp::on_switch_press(&press, waiting)?;
            Ok(Start {
                protocol: Protocol::Smtp,
                action,
                scope: Some(press.scope),
                mailbox,
                note: None,
                texts_before: Vec::new(),
            })
        })
    }

    /// A new message in the panel of a pending SMTP AUTH change (or none, but the page showed
    /// the save went: `submitted`).
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn switch_result(
        &mut self,
        tab: i64,
        kind: Option<crate::core::page::words::MessageKind>,
        text: String,
        sent: bool,
    ) -> Result<answers::SwitchSettled, Stop> {
        let outcome = smtp::read_result(kind, &text).or(sent.then_some(Outcome::Submitted));
        let Some(outcome) = outcome else {
            return Ok(answers::SwitchSettled { outcome: None });
        };
        self.need_tab(tab)?;
        let waiting: Option<Pending> = self.txn.read(Area::Local, &pending_key(tab))?;
        let Some(pending) = waiting.filter(|p| p.protocol == Protocol::Smtp) else {
            return Ok(answers::SwitchSettled { outcome: None });
        };
        let message = (!text.trim().is_empty()).then(|| text.chars().take(MAX_TEXT).collect());
        self.settle(tab, &pending, outcome, message)?;
        Ok(answers::SwitchSettled {
            outcome: Some(outcome),
        })
    }

    /// The helper's answer for a mailbox change whose flyout did not show the address: a
    /// change already settled is recorded at once; one still waiting keeps the address.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn name_mailbox(&mut self, tab: i64, address: String) -> Result<answers::Named, Stop> {
        self.need_tab(tab)?;
        let waiting: Option<Pending> = self.txn.read(Area::Local, &pending_key(tab))?;
        let mailbox = smtp::name_mailbox(waiting.as_ref(), &address)?;
        let Some(pending) = waiting else {
            return Err(Stop::Refused(t!("error_no_change_to_name")));
        };
        let named = Pending {
            mailbox: Some(mailbox.clone()),
            held: None,
            ..pending.clone()
        };
        let recorded = pending.held.is_some();
        match pending.held {
            Some((outcome, message)) => {
                self.record(tab, &named, outcome, message)?;
            }
            None => self.txn.set_as(Area::Local, &pending_key(tab), &named),
        }
        Ok(answers::Named { mailbox, recorded })
    }

    /// A press whose tab is gone, or whose result never came, is recorded `submitted`; a
    /// mailbox change still waiting for its address when its tab closes is dropped.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn unanswered(&mut self, tab: i64, why: Unanswered) -> Result<(), Stop> {
        self.need_tab(tab)?;
        let Some(pending) = self.txn.read::<Pending>(Area::Local, &pending_key(tab))? else {
            return Ok(());
        };
        match unanswered(&pending, why, self.env.now()) {
            Ending::Forget => self.forget(tab),
            Ending::Keep => {}
            Ending::Record => {
                self.record(tab, &pending, Outcome::Submitted, None)?;
                if let Some(mut state) = self
                    .txn
                    .read::<TabState>(Area::Session, &tab_state_key(tab))?
                {
                    state.last_recorded = Some(Outcome::Submitted);
                    self.txn.set_as(Area::Session, &tab_state_key(tab), &state);
                }
            }
        }
        Ok(())
    }

    /// The action-log requests AuthPilot's own pages may make.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn log_request(&mut self, request: Request) -> Result<Value, Stop> {
        match request {
            Request::LogAppend { draft } => {
                let (settings, managed) = in_force(&self.txn)?;
                let entry = log::append(&mut self.txn, managed.mark(draft))?;
                self.after_append(&entry, &settings);
                Ok(ok(answers::Appended { entry }))
            }
            Request::LogUpdate {
                target,
                outcome,
                id,
            } => self.update_outcome(target, outcome, id).map(ok),
            Request::LogSummary {} => {
                log::summary(&mut self.txn).map(|summary| ok(answers::SummaryAnswer { summary }))
            }
            Request::LogHistory { protocol } => {
                let log = log::load(&mut self.txn)?;
                Ok(ok(answers::History {
                    entries: log
                        .entries
                        .into_iter()
                        .filter(|e| e.protocol == protocol)
                        .collect(),
                }))
            }
            Request::LogExport { format } => self.export(format).map(ok),
            Request::LogImport { text } => {
                let (merge, added) = log::import(&mut self.txn, &text)?;
                Ok(ok(answers::Imported {
                    added: added as u64,
                    already_present: merge.already_present as u64,
                }))
            }
            other => Err(Stop::Refused(format!(
                "{} is not a log request",
                other.name()
            ))),
        }
    }

    /// A later outcome for a `submitted` entry: a new entry that supersedes it (once).
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn update_outcome(
        &mut self,
        target: String,
        outcome: Outcome,
        id: String,
    ) -> Result<answers::Appended, Stop> {
        let log = log::load(&mut self.txn)?;
        let original = log
            .entries
            .iter()
            .find(|e| e.id == target)
            .ok_or_else(|| Stop::Refused(t!("error_no_entry", target)))?;
        if let Some(later) = log
            .entries
            .iter()
            .find(|e| e.supersedes.as_deref() == Some(target.as_str()))
        {
            return Err(Stop::Refused(t!(
                "error_already_updated",
                original.seq,
                later.seq
            )));
        }
        let draft: Draft = outcome_update(original, id, outcome, self.env.now(), None)?;
        let (_, managed) = in_force(&self.txn)?;
        let entry = log::append(&mut self.txn, managed.mark(draft))?;
        Ok(answers::Appended { entry })
    }

    /// The whole log as a file's text; a log that fails verification is not exported.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    fn export(&mut self, format: ExportFormat) -> Result<answers::Exported, Stop> {
        let log = log::load(&mut self.txn)?;
        if let Err(broken) = log.verified {
            return Err(Stop::Refused(t!("error_export_broken", broken.describe())));
        }
        let content = match format {
            ExportFormat::Json => export::to_json(&log.entries, self.env.now()),
            ExportFormat::Csv => export::to_csv(&log.entries),
        };
        Ok(answers::Exported {
            content,
            count: log.entries.len() as u64,
        })
    }
}

/// What a press starts: the entry it becomes once the page shows a result.
struct Start {
    protocol: Protocol,
    action: Action,
    scope: Option<crate::core::log::Scope>,
    mailbox: Option<String>,
    note: Option<String>,
    texts_before: Vec<String>,
}

/// A tab loaded or changed its address (Chrome shows AuthPilot the address only on the
/// admin-center hosts it may access): its presence and badge follow.
pub fn tab_updated(
    tab: i64,
    url: &str,
    storage: &dyn Storage,
    env: Env,
) -> Result<Done, storage::Missing> {
    run(storage, env, |s| {
        match classify(url) {
            location @ Location::AdminCenter { .. } => {
                s.txn.need(&[(Area::Session, &presence_key(tab))])?;
                s.presence(tab, &location)?;
            }
            Location::Elsewhere => s.txn.remove(Area::Session, &presence_key(tab)),
        }
        Ok(Value::Null)
    })
}

/// A tab closed: a press still waiting there is settled as unanswered, and the tab forgotten.
pub fn tab_removed(tab: i64, storage: &dyn Storage, env: Env) -> Result<Done, storage::Missing> {
    run(storage, env, |s| {
        s.unanswered(tab, Unanswered::TabGone)?;
        s.txn.remove(Area::Session, &presence_key(tab));
        s.txn.remove(Area::Session, &tab_state_key(tab));
        Ok(Value::Null)
    })
}

/// The tabs with a press waiting for its result.
pub fn waiting_tabs(storage: &dyn Storage) -> Result<Vec<i64>, storage::Missing> {
    let all = storage.all(Area::Local)?;
    Ok(all
        .keys()
        .filter_map(|k| k.strip_prefix("pending:").and_then(|t| t.parse().ok()))
        .collect())
}

/// The browser started again (or AuthPilot was reloaded): presses that waited in tabs now gone
/// (`gone`: tab ids do not survive a restart) are settled as when their tab closes; a press
/// whose tab is still open goes on waiting.
pub fn browser_started(
    gone: &[i64],
    storage: &dyn Storage,
    env: Env,
) -> Result<Done, storage::Missing> {
    run(storage, env, |s| {
        for tab in gone {
            s.effects.push(Effect::ClearAlarm {
                name: pending_key(*tab),
            });
            s.unanswered(*tab, Unanswered::TabGone)?;
        }
        Ok(Value::Null)
    })
}

/// An alarm fired: a result that never came, a re-enable that should now work, an SMTP AUTH
/// reminder.
pub fn alarm(name: &str, storage: &dyn Storage, env: Env) -> Result<Done, storage::Missing> {
    run(storage, env, |s| {
        if let Some(tab) = name
            .strip_prefix("pending:")
            .and_then(|t| t.parse::<i64>().ok())
        {
            s.unanswered(tab, Unanswered::WaitOver)?;
        } else if let Some(id) = name.strip_prefix(smtp::ALARM_TEST_PREFIX) {
            let log = log::load(&mut s.txn)?;
            if let Some(entry) = log.entries.iter().find(|e| e.id == id) {
                let (title, message) = smtp::device_test_reminder(entry);
                s.notify(name, title, message);
            }
        } else if name.starts_with("smtp") {
            let (settings, _) = in_force(&s.txn)?;
            if settings.deadline_reminders {
                let latest = log::verified_latest(&mut s.txn)?;
                if let Some((title, message)) =
                    smtp::deadline_reminder(name, s.env.now(), &latest, &settings.smtp_senders)
                {
                    s.notify(name, title, message);
                }
            }
        } else if let Some(id) = name.strip_prefix("effective:") {
            let log = log::load(&mut s.txn)?;
            if let Some(entry) = log
                .entries
                .iter()
                .find(|e| e.id == id && e.action == Action::ReEnable)
            {
                let (title, message) = reminder(entry.protocol);
                s.notify(name, title, message);
            }
        }
        Ok(Value::Null)
    })
}

impl Step<'_> {
    fn notify(&mut self, id: &str, title: String, message: String) {
        self.effects.push(Effect::Notify {
            id: id.to_string(),
            title,
            message,
        });
    }
}

/// The settings changed (or AuthPilot was installed or updated): the SMTP AUTH deadline
/// reminders are set for what is still ahead, or cleared when turned off; every helper redraws.
pub fn settings_changed(storage: &dyn Storage, env: Env) -> Result<Done, storage::Missing> {
    run(storage, env, |s| {
        let (settings, _) = in_force(&s.txn)?;
        for name in [
            smtp::ALARM_BEFORE_14,
            smtp::ALARM_BEFORE_3,
            smtp::ALARM_NEW_YEAR,
        ] {
            s.effects.push(Effect::ClearAlarm { name: name.into() });
        }
        for (name, when) in smtp::deadline_alarms(s.env.now(), settings.deadline_reminders) {
            s.effects.push(Effect::Alarm {
                name: name.into(),
                at_ms: (when.unix_seconds() as f64 * 1000.0),
            });
        }
        s.effects.push(Effect::PushAll);
        Ok(Value::Null)
    })
}

/// The view of one tab, as pushed to its helper (`{ok: true, …OverlayState}`).
pub fn tab_view(tab: i64, storage: &dyn Storage) -> Result<Value, storage::Missing> {
    let mut txn = Txn::new(storage);
    match view(&mut txn, tab) {
        Ok(v) => Ok(ok(v)),
        Err(Stop::Missing(m)) => Err(m),
        Err(Stop::Refused(e)) => Ok(refusal(e)),
    }
}
