//! The worker's press steps: an observation of the page, a press of the diagnostic's button
//! or an SMTP AUTH switch's Save, the page's result, the recording and what follows it (a
//! superseding result, the wait and its end, a mailbox named afterwards).

use super::log;
use super::step::*;
use crate::core::alarms::Alarm;

use super::storage::{Area, Stop};
use crate::core::diagnostic::timeline::{guidance, QUERY};
use crate::core::diagnostic::{entry_for, on_press, Press, Snapshot};
use crate::core::log::{outcome_update, Entry, Outcome, Summary, MAX_TEXT};
use crate::core::messages::{answers, pending_key, tab_state_key};
use crate::core::page::hosts::{effective_cloud, Location};
use crate::core::pending::{
    next, unanswered, Ending, Next, Pending, Unanswered, RESULT_WAIT_SECONDS,
};
use crate::core::protocols::Protocol;
use crate::core::settings::Settings;
use crate::core::smtp;
use crate::core::time::Instant;
use crate::core::walkthrough::{observe, TabState};

impl Step<'_> {
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn observe(
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
    pub(super) fn settle(
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
    pub(super) fn record(
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
                name: Alarm::WaitOver { tab },
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
    pub(super) fn after_append(&mut self, entry: &Entry, settings: &Settings) {
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
                name: Alarm::Effective {
                    entry: entry.id.clone(),
                },
                at_ms: (by.unix_seconds() as f64 * 1000.0),
            });
        }
    }

    /// A result read after the press was recorded `submitted`: a new entry that supersedes it,
    /// once.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn supersede(
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
    pub(super) fn forget(&mut self, tab: i64) {
        self.txn.remove(Area::Local, &pending_key(tab));
        self.effects.push(Effect::ClearAlarm {
            name: Alarm::WaitOver { tab },
        });
    }

    /// A press the core accepted waits (in storage, with an alarm) for the page's result, and
    /// is recorded `submitted` after `RESULT_WAIT_SECONDS` without one; one waits per tab.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn start_waiting(
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
            press: Some(start.press.clone()),
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
            name: Alarm::WaitOver { tab },
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
    pub(super) fn pressed(
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
                press: press.id.clone(),
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
    pub(super) fn switch_pressed(
        &mut self,
        tab: i64,
        location: &Location,
        press: smtp::SwitchPress,
    ) -> Result<answers::Pressed, Stop> {
        let center = match location {
            Location::AdminCenter { center, .. } => Some(*center),
            Location::Elsewhere => None,
        };
        let answer = self.start_waiting(tab, location, |waiting, _| {
            let (action, mailbox) = smtp::on_switch_press(&press, waiting, center)?;
            Ok(Start {
                press: press.id.clone(),
                protocol: Protocol::Smtp,
                action,
                scope: Some(press.scope),
                mailbox,
                note: None,
                texts_before: Vec::new(),
            })
        })?;
        // Results that came before this press (a reordered delivery) were held for it: read now,
        // in the order they came, as if they had come after it.
        let mut delivered = self.delivered()?;
        let early = delivered.take_early(&press.id);
        if !early.is_empty() {
            self.set_delivered(&delivered);
            if answer.accepted {
                for reading in early {
                    let Ok(reading) = serde_json::from_value::<smtp::Reading>(reading) else {
                        continue;
                    };
                    self.switch_result(tab, &press.id, reading)?;
                }
            }
        }
        Ok(answer)
    }

    /// A new message in the panel of a pending SMTP AUTH change (or none, but the page showed
    /// the save went: `submitted`). It names the press it answers: a message for a press
    /// already settled (or refused) changes nothing; one whose press has not arrived yet is
    /// held until it does (issue 31).
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn switch_result(
        &mut self,
        tab: i64,
        press: &str,
        reading: smtp::Reading,
    ) -> Result<answers::SwitchSettled, Stop> {
        self.need_tab(tab)?;
        let waiting: Option<Pending> = self.txn.read(Area::Local, &pending_key(tab))?;
        let pending = match waiting.filter(|p| p.protocol == Protocol::Smtp) {
            Some(p) if p.press.as_deref() == Some(press) => p,
            _ => {
                let mut delivered = self.delivered()?;
                if delivered.knows(press) {
                    return Ok(answers::SwitchSettled::after(None));
                }
                let held = serde_json::to_value(&reading).expect("JSON");
                delivered.hold_early(press, held);
                self.set_delivered(&delivered);
                return Ok(answers::SwitchSettled {
                    held: true,
                    ..answers::SwitchSettled::after(None)
                });
            }
        };
        let Some(outcome) = reading.outcome() else {
            return Ok(answers::SwitchSettled::after(None));
        };
        self.settle(tab, &pending, outcome, reading.message())?;
        Ok(answers::SwitchSettled::after(Some(outcome)))
    }

    /// The helper's answer for a mailbox change whose flyout did not show the address: a
    /// change already settled is recorded at once; one still waiting keeps the address.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn name_mailbox(
        &mut self,
        tab: i64,
        address: String,
    ) -> Result<answers::Named, Stop> {
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
    pub(super) fn unanswered(&mut self, tab: i64, why: Unanswered) -> Result<(), Stop> {
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
}
