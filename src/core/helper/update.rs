//! The helper on the worker's pattern (issue 25): what the admin did in it, what the worker
//! pushed or answered, is a typed [`HelperMsg`]; [`update`] changes the [`HelperPage`] and says
//! what to do next as [`HelperEffect`]s; [`HelperPage::model`] and `render` draw it. `web::helper`
//! only turns DOM events and port messages into messages and carries out effects.

use crate::core::log::Summary;
use crate::core::messages::answers::{Answer, HelperView};
use crate::core::messages::{HelperChange, HelperPrefs, Request};
use crate::core::page::report::PageReport;
use crate::core::time::Instant;

use super::model::HelperModel;

/// What the helper page knows: the worker's last view of its tab, its remembered state, what it
/// last said.
#[derive(Debug, Clone, Default)]
pub struct HelperPage {
    /// The last view the worker gave (`Err`: why there is none; empty before the first).
    pub view: Option<Result<HelperView, String>>,
    pub tab_id: Option<i64>,
    /// The helper's remembered state (written by the worker; every view carries it).
    pub prefs: HelperPrefs,
    pub notice: Option<String>,
    /// Whether its port to the worker is open (Chrome closes it when it stops the worker).
    pub connected: bool,
}

/// What happened in the helper.
#[derive(Debug, Clone)]
pub enum HelperMsg {
    /// The helper page opened: it connects and asks for its tab's view.
    Start,
    /// A view of its tab, read.
    View(Box<Result<HelperView, String>>),
    /// A message on the port: the worker pushes every new view of the tab (as it answers a
    /// `helper-view` request, read by `Answer::read`).
    Pushed(serde_json::Value),
    /// The port closed (Chrome stopped the idle worker).
    PortClosed,
    /// The worker says a tab's view changed (sent to every extension page while the helper may
    /// have no port).
    Woken(crate::core::messages::PageMessage),
    /// Minimise, Expand, Move or Close.
    Change(HelperChange),
    Prefill,
    /// "Copy page report": ask the tab's content script what it saw.
    CopyReport,
    /// What the content script saw, or why it did not say.
    PageReport(Box<Result<PageReport, String>>),
    /// A text put on the clipboard, or why not.
    Copied(Result<(), String>),
    /// Open an admin-center page in a new tab.
    OpenUrl(String),
    /// Open the popup's page about this tab at a part of it (`record`, `settings`, `smtp`,
    /// `explain`).
    OpenPopup(String),
    /// The "Whose mailbox?" form's address, with a fresh delivery id for this submission (it is
    /// sent until the worker answers it: issue 31).
    NameMailbox {
        id: String,
        address: String,
    },
    Answered {
        reply: HelperReply,
        answer: Box<Result<Answer, String>>,
    },
}

/// What a request to the worker was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelperReply {
    /// The tab's view, asked for at start or when woken.
    View,
    Changed,
    Prefilled,
    Named,
}

#[derive(Debug, Clone, PartialEq)]
pub enum HelperEffect {
    /// Open the port to the worker, to be pushed every new view (its messages come back as
    /// `Pushed`, its closing as `PortClosed`). Always before a request when the port is closed:
    /// the worker starts for that request anyway, and no change after its answer is missed.
    Connect,
    /// Boxed: a request is far larger than the other effects.
    Ask(Box<Request>, HelperReply),
    /// Ask the tab's content script for its page report.
    AskPageReport(i64),
    Copy(String),
    OpenTab(String),
}

/// The helper's one state machine.
pub fn update(page: &mut HelperPage, msg: HelperMsg) -> Vec<HelperEffect> {
    let mut out = Vec::new();
    let ask_view = |out: &mut Vec<HelperEffect>| {
        out.push(HelperEffect::Ask(
            Box::new(Request::HelperView {}),
            HelperReply::View,
        ))
    };
    match msg {
        HelperMsg::Start => ask_view(&mut out),
        HelperMsg::View(view) => show(page, *view),
        HelperMsg::Pushed(wire) => show(
            page,
            Answer::read(&Request::HelperView {}, wire).and_then(view_of),
        ),
        HelperMsg::PortClosed => page.connected = false,
        // With a port open, the new view is pushed; without one, the helper connects again
        // and asks — but not for another tab's change (that would start the worker for nothing).
        HelperMsg::Woken(wake) => {
            if !page.connected && wake.concerns(page.tab_id) {
                ask_view(&mut out);
            }
        }
        HelperMsg::Change(change) => out.push(HelperEffect::Ask(
            Box::new(Request::Helper {
                change,
                tab_id: None,
            }),
            HelperReply::Changed,
        )),
        HelperMsg::Prefill => out.push(HelperEffect::Ask(
            Box::new(Request::Prefill {
                tab_id: None,
                submit: false,
            }),
            HelperReply::Prefilled,
        )),
        HelperMsg::CopyReport => match page.tab_id {
            Some(tab) => out.push(HelperEffect::AskPageReport(tab)),
            None => page.notice = Some(t!("notice_report_failed")),
        },
        HelperMsg::PageReport(report) => match *report {
            Ok(report) => out.push(HelperEffect::Copy(crate::core::page::report::format(
                &report,
                env!("CARGO_PKG_VERSION"),
            ))),
            Err(_) => page.notice = Some(t!("notice_report_failed")),
        },
        HelperMsg::Copied(result) => {
            page.notice = Some(match result {
                Ok(()) => t!("notice_report_copied"),
                Err(_) => t!("notice_report_failed"),
            })
        }
        HelperMsg::OpenUrl(url) => out.push(HelperEffect::OpenTab(url)),
        HelperMsg::OpenPopup(fragment) => out.push(HelperEffect::OpenTab(format!(
            "popup.html{}#{fragment}",
            page.tab_id.map(|t| format!("?tab={t}")).unwrap_or_default()
        ))),
        // The worker (the core) checks the address and records the change once its result
        // is in; a refusal is said beside the field, and the typed text stays (web::dom).
        HelperMsg::NameMailbox { id, address } => out.push(HelperEffect::Ask(
            Box::new(Request::NameMailbox { id, address }),
            HelperReply::Named,
        )),
        HelperMsg::Answered { reply, answer } => match (reply, *answer) {
            (HelperReply::View, answer) => show(page, answer.and_then(view_of)),
            (HelperReply::Changed, Ok(Answer::Helper(h))) => page.prefs = h.prefs,
            (HelperReply::Prefilled, Ok(_)) => page.notice = Some(t!("notice_filled")),
            (HelperReply::Named, Ok(Answer::Named(named))) => {
                page.notice = Some(if named.recorded {
                    t!("notice_mailbox_recorded", named.mailbox)
                } else {
                    t!("notice_mailbox_named", named.mailbox)
                })
            }
            (_, Ok(_)) => page.notice = Some(t!("error_worker_refused")),
            (_, Err(e)) => page.notice = Some(e),
        },
    }
    let asks = out.iter().any(|e| matches!(e, HelperEffect::Ask(..)));
    if asks && !page.connected {
        page.connected = true;
        out.insert(0, HelperEffect::Connect);
    }
    out
}

/// Takes a view (asked for, or pushed): its tab, and the remembered state the worker wrote (a
/// change made in another tab arrives with the view).
fn show(page: &mut HelperPage, view: Result<HelperView, String>) {
    if let Ok(v) = view.as_ref() {
        page.tab_id = Some(v.tab_id);
        page.prefs = v.prefs;
    }
    page.view = Some(view);
}

fn view_of(answer: Answer) -> Result<HelperView, String> {
    match answer {
        Answer::HelperView(view) => Ok(view),
        _ => Err(t!("error_worker_refused")),
    }
}

impl HelperPage {
    /// Whether the helper has drawn its first view (or why there is none).
    pub fn ready(&self) -> bool {
        self.view.is_some()
    }

    /// What the helper shows at `now`: the view's state with the settings in force it carries.
    pub fn model(&self, now: Instant) -> HelperModel {
        let view = self.view.as_ref().and_then(|v| v.as_ref().ok());
        let settings = view.map(|v| (*v.settings).clone()).unwrap_or_default();
        let notice = match &self.view {
            Some(Err(e)) => Some(e.clone()),
            _ => self.notice.clone(),
        };
        HelperModel {
            now,
            practice: settings.practice_date,
            cloud: view.map_or(settings.cloud, |v| v.cloud),
            needed: settings.needed.clone(),
            page: view.map(|v| v.state.page.clone()).unwrap_or_default(),
            pending: view.and_then(|v| v.pending.clone()),
            summary: Summary {
                latest: view.map(|v| v.latest.clone()).unwrap_or_default(),
                ..Summary::default()
            },
            last_recorded: view.and_then(|v| v.state.last_recorded),
            missing: view.and_then(|v| v.state.missing),
            minimised: self.prefs.minimised,
            notice,
            switch: view.and_then(|v| v.state.switch.clone()),
            senders: settings.smtp_senders,
            place: view.and_then(|v| v.place),
        }
    }
}
