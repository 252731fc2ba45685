//! The worker's tab steps: what a tab's step loads, a content script saying it is there, the
//! tab's presence and the popup's tab status.

use super::log;
use super::step::*;
use serde_json::Value;

use super::storage::{Area, Stop, Storage};
use crate::core::diagnostic::timeline::QUERY;
use crate::core::messages::{
    answers, pending_key, presence_key, tab_state_key, HelperPrefs, TabMessage, TabPresence,
};
use crate::core::page::hosts::Location;
use crate::core::settings::SETTINGS_KEY;
use crate::core::smtp;

impl Step<'_> {
    /// Loads everything a tab's step reads, in one go.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn need_tab(&self, tab: i64) -> Result<(), Stop> {
        let keys = [pending_key(tab), tab_state_key(tab), presence_key(tab)];
        let delivered = crate::core::keys::StoreKey::Delivered.name();
        let mut first = log::FIRST_KEYS.to_vec();
        first.extend([
            (Area::Local, keys[0].as_str()),
            (Area::Session, keys[1].as_str()),
            (Area::Session, keys[2].as_str()),
            (Area::Local, SETTINGS_KEY),
            (Area::Local, PREFS_KEY),
            (Area::Local, delivered.as_str()),
        ]);
        self.txn.need(&first)?;
        self.txn.all(Area::Managed)?;
        Ok(())
    }

    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn page_present(
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
        let helper: Option<HelperPrefs> = self.txn.read_tolerant(Area::Local, PREFS_KEY)?;
        Ok(answers::PagePresent {
            active: true,
            host: host.to_string(),
            cloud: *host_cloud,
            helper,
            frame: crate::core::prefs::FRAME,
            watch_ms: crate::core::pending::WATCH_MS,
            delivery: crate::core::delivery::POLICY,
            grace_ms: crate::core::pending::GRACE_MS,
            appear_ms: crate::core::pending::APPEAR_MS,
        })
    }

    /// Remembers that a tab shows the admin center (for the popup) and marks its badge; a tab
    /// already known at the same address is not written again.
    // Its own function: the browser compiles only the steps a message uses (BENCHMARKS.md, B6).
    #[inline(never)]
    pub(super) fn presence(&mut self, tab: i64, location: &Location) -> Result<(), Stop> {
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
    pub(super) fn tab_status(&mut self, tab: i64) -> Result<answers::TabStatus, Stop> {
        let presence: Option<TabPresence> =
            self.txn.read_tolerant(Area::Session, &presence_key(tab))?;
        Ok(answers::TabStatus {
            content_script_seen: presence.is_some(),
            presence,
        })
    }

    /// The admin changed the helper (from the popup or the helper itself): the worker writes
    /// the remembered state — so every helper's view is pushed with it — and tells the tab's
    /// content script (which shows, hides, shrinks or moves the frame).
    pub(super) fn helper(
        &mut self,
        change: crate::core::messages::HelperChange,
        tab: Option<i64>,
    ) -> Result<answers::Helper, Stop> {
        self.txn.need(&[(Area::Local, PREFS_KEY)])?;
        let before: HelperPrefs = self
            .txn
            .read_tolerant(Area::Local, PREFS_KEY)?
            .unwrap_or_default();
        let prefs = before.apply(change);
        self.txn.set_as(Area::Local, PREFS_KEY, &prefs);
        if let Some(tab) = tab {
            self.effects.push(Effect::TellTab {
                tab,
                message: TabMessage::Helper {
                    prefs,
                    show: change == crate::core::messages::HelperChange::Show,
                },
            });
        }
        Ok(answers::Helper { prefs })
    }

    /// Fill the diagnostic's query in a tab (and search, when `submit`): the popup names the
    /// tab, the helper asks for its own. The tab's content script does it; its reply is the
    /// answer (`prefill_answer`).
    pub(super) fn prefill(&mut self, tab: Option<i64>, submit: bool) -> Result<Value, Stop> {
        let tab = tab.ok_or_else(|| Stop::Refused(t!("error_tab_unreachable", "-")))?;
        self.effects.push(Effect::AskTab {
            tab,
            message: TabMessage::Prefill {
                query: QUERY.to_string(),
                submit,
            },
        });
        Ok(ok(answers::Prefilled {
            filled: false,
            submitted: false,
        }))
    }
}

/// The answer to a pre-fill, from the tab's reply or why the tab could not be reached: the
/// content script names the element it could not find; the words are the core's.
pub fn prefill_answer(reply: Result<answers::PrefillReply, String>) -> Value {
    match reply {
        Err(e) => refusal(t!("error_tab_unreachable", e)),
        Ok(reply) if reply.ok => ok(answers::Prefilled {
            filled: reply.filled,
            submitted: reply.submitted,
        }),
        Ok(reply) => refusal(crate::core::walkthrough::prefill_error(
            reply.error.as_deref().unwrap_or(""),
        )),
    }
}
