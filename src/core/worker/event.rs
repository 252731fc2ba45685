//! The worker's Chrome events, each one step: a tab updated or removed, the browser started,
//! an alarm, the settings changed; and a tab's view for its helper.

use super::step::*;
use super::{log, storage};
use crate::core::alarms::{Alarm, Deadline};
use serde_json::Value;

use super::storage::{Area, Stop, Storage, Txn};
use crate::core::diagnostic::reminder;
use crate::core::log::Action;
use crate::core::messages::{presence_key, tab_state_key};
use crate::core::page::hosts::{classify, Location};
use crate::core::pending::Unanswered;
use crate::core::smtp;

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
        .filter_map(
            |k| match crate::core::keys::StoreKey::parse(Area::Local, k)? {
                crate::core::keys::StoreKey::Pending(tab) => Some(tab),
                _ => None,
            },
        )
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
                name: Alarm::WaitOver { tab: *tab },
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
        match Alarm::parse(name) {
            Some(Alarm::WaitOver { tab }) => s.unanswered(tab, Unanswered::WaitOver)?,
            Some(Alarm::DeviceTest { entry: id }) => {
                let log = log::load(&mut s.txn)?;
                if let Some(entry) = log.entries.iter().find(|e| e.id == id) {
                    let (title, message) = smtp::device_test_reminder(entry);
                    s.notify(name, title, message);
                }
            }
            Some(Alarm::Deadline(deadline)) => {
                let (settings, _) = in_force(&s.txn)?;
                if settings.deadline_reminders {
                    let latest = log::verified_latest(&mut s.txn)?;
                    if let Some((title, message)) = smtp::deadline_reminder(
                        deadline,
                        s.env.now(),
                        &latest,
                        &settings.smtp_senders,
                    ) {
                        s.notify(name, title, message);
                    }
                }
            }
            Some(Alarm::Effective { entry: id }) => {
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
            // Not one of AuthPilot's alarms: nothing to do.
            None => {}
        }
        Ok(Value::Null)
    })
}

impl Step<'_> {
    pub(super) fn notify(&mut self, id: &str, title: String, message: String) {
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
        // Setting an alarm replaces one of the same name: only those no longer wanted are
        // cleared, so the reminders are never briefly all gone.
        let wanted = smtp::deadline_alarms(s.env.now(), settings.deadline_reminders);
        for deadline in Deadline::ALL {
            let name = Alarm::Deadline(deadline);
            if !wanted.iter().any(|(w, _)| *w == name) {
                s.effects.push(Effect::ClearAlarm { name });
            }
        }
        for (name, when) in wanted {
            s.effects.push(Effect::Alarm {
                name,
                at_ms: (when.unix_seconds() as f64 * 1000.0),
            });
        }
        s.effects.push(Effect::PushAll);
        Ok(Value::Null)
    })
}

/// The view of one tab, as pushed to its helper (`{ok: true, …HelperView}`).
pub fn tab_view(tab: i64, storage: &dyn Storage) -> Result<Value, storage::Missing> {
    let mut txn = Txn::new(storage);
    match view(&mut txn, tab) {
        Ok(v) => Ok(ok(v)),
        Err(Stop::Missing(m)) => Err(m),
        Err(Stop::Refused(e)) => Ok(refusal(e)),
    }
}
