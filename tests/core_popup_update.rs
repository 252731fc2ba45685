//! The popup on the worker's pattern (issue 25), driven through its messages as the page drives
//! it: each `PopupMsg` goes through `core::popup::update`; each request it asks for is answered
//! by the worker's own core (`core::worker::handle` over a storage map, through `run_step`, as
//! the service worker runs it) and comes back as `PopupMsg::Answered`, typed by `Answer::read`.
//! The other effects (a storage write, a copy, a download) are answered here as the browser
//! would, or held to look at.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;

use authpilot::core::log::{Action, ManualForm, Outcome, Scope};
use authpilot::core::messages::{ExportFormat, Origin, Request};
use authpilot::core::page::hosts::classify;
use authpilot::core::popup::update::{update, FilePick, PopupEffect, PopupEnv, PopupMsg};
use authpilot::core::popup::{PopupModel, Section};
use authpilot::core::protocols::Protocol;
use authpilot::core::settings::{Loaded, Settings};
use authpilot::core::smtp::Change;
use authpilot::core::time::{Date, Instant};

const NOW: &str = "2026-12-03T10:32:00Z";

#[path = "support/worker.rs"]
mod support;
use support::Worker;

/// The popup page with its worker: the model, the worker's storage, and the effects the
/// browser was asked for that are not requests to the worker.
struct Page {
    model: PopupModel,
    worker: Worker,
    ids: RefCell<u32>,
    /// Effects other than requests, in order.
    done: Vec<PopupEffect>,
    /// Every request the worker was asked.
    asked: Vec<Request>,
}

impl PopupEnv for Page {
    fn now(&self) -> Instant {
        Instant::parse_rfc3339(NOW).unwrap()
    }
    fn fresh_id(&self) -> Result<String, String> {
        *self.ids.borrow_mut() += 1;
        Ok(format!("00000000-0000-4000-8000-{:012}", self.ids.borrow()))
    }
    fn today(&self) -> Date {
        Date::new(2026, 12, 3).unwrap()
    }
}

impl Page {
    fn new() -> Page {
        let mut model = PopupModel::new(
            classify("https://admin.microsoft.com/#/homepage"),
            Loaded::Stored(Settings::default()),
            Instant::parse_rfc3339(NOW).unwrap(),
        );
        model.tab_id = Some(7);
        Page {
            model,
            worker: Worker::new(
                Instant::parse_rfc3339(NOW).unwrap().unix_seconds() as f64 * 1000.0,
            ),
            ids: RefCell::new(100),
            done: Vec::new(),
            asked: Vec::new(),
        }
    }

    /// One message, and every request it leads to answered by the worker, until the popup
    /// waits for the browser or the admin.
    fn send(&mut self, msg: PopupMsg) {
        let mut queue = vec![msg];
        while let Some(msg) = queue.pop() {
            let mut model = self.model.clone();
            let effects = update(&mut model, msg, self);
            self.model = model;
            for (effect, reply) in effects {
                match effect {
                    PopupEffect::Ask(request) => {
                        let answer = self
                            .worker
                            .ask(&Origin::ExtensionPage { tab_id: None }, &request);
                        self.asked.push(request);
                        if let Some(reply) = reply {
                            queue.push(PopupMsg::Answered {
                                reply,
                                answer: Box::new(answer),
                            });
                        }
                    }
                    other => self.done.push(other),
                }
            }
        }
    }

    fn count(&self) -> usize {
        self.model.log.as_ref().map(|s| s.count as usize).unwrap()
    }

    fn take_done(&mut self) -> Vec<PopupEffect> {
        std::mem::take(&mut self.done)
    }
}

fn manual(protocol: &str, outcome: &str) -> ManualForm {
    ManualForm {
        protocol: protocol.into(),
        action: "re-enable".into(),
        outcome: outcome.into(),
        local_time: "2022-10-15T19:00".into(),
        utc_offset_minutes: -540,
        tenant: "contoso.com".into(),
        mc437540_seen: true,
        ..Default::default()
    }
}

#[test]
fn a_refused_manual_record_keeps_the_form_and_a_valid_one_is_recorded_and_closes_it() {
    let mut page = Page::new();
    let bad = ManualForm {
        outcome: "maybe".into(),
        ..manual("imap", "succeeded")
    };
    page.send(PopupMsg::Record(bad.clone()));
    assert!(page.asked.is_empty(), "nothing asked of the worker");
    assert!(!page.model.record_errors.is_empty());
    assert_eq!(page.model.record_form.as_ref(), Some(&bad));
    assert!(page.model.open_record);

    // The positive control on the same path: the same form, corrected, is recorded.
    page.send(PopupMsg::Record(manual("imap", "succeeded")));
    assert!(matches!(page.asked[0], Request::LogAppend { .. }));
    assert!(matches!(page.asked[1], Request::LogSummary {}));
    assert_eq!(page.count(), 1);
    assert!(page.model.record_errors.is_empty());
    assert_eq!(page.model.record_form, None);
    assert!(!page.model.open_record);
    let notice = page.model.notice.clone().unwrap();
    assert!(notice.contains("IMAP"), "{notice}");
}

#[test]
fn an_open_history_is_read_again_after_a_later_outcome_and_closes_on_its_button() {
    let mut page = Page::new();
    page.send(PopupMsg::Record(manual("pop", "submitted")));
    page.send(PopupMsg::ToggleHistory(Protocol::Pop));
    let (protocol, entries) = page.model.history.clone().unwrap();
    assert_eq!((protocol, entries.len()), (Protocol::Pop, 1));
    let target = entries[0].id.clone();

    page.send(PopupMsg::Mark {
        target: target.clone(),
        outcome: Outcome::Succeeded,
    });
    let (_, entries) = page.model.history.clone().unwrap();
    assert_eq!(entries.len(), 2, "the history was read again");
    assert_eq!(entries[1].supersedes.as_deref(), Some(target.as_str()));
    assert_eq!(page.count(), 2);

    // A second later outcome for the same entry is refused: the worker's words are shown.
    page.send(PopupMsg::Mark {
        target,
        outcome: Outcome::Failed,
    });
    assert_eq!(page.count(), 2);
    assert!(page.model.notice.clone().unwrap().contains('1'));

    page.send(PopupMsg::ToggleHistory(Protocol::Pop));
    assert!(page.model.history.is_none());
}

#[test]
fn a_copied_command_is_recorded_only_when_the_admin_says_it_ran() {
    let mut page = Page::new();
    let change = Change {
        scope: Scope::Mailbox,
        mailbox: Some("scanner2@contoso.com".into()),
        action: Action::TurnOn,
    };
    let line =
        "Set-CASMailbox -Identity scanner2@contoso.com -SmtpClientAuthenticationDisabled $false";
    page.send(PopupMsg::CopyCommand {
        line: line.into(),
        change: Some(change.clone()),
    });
    assert_eq!(
        page.take_done(),
        vec![PopupEffect::Copy {
            line: line.into(),
            change: Some(change.clone()),
        }]
    );
    assert!(
        page.model.asked.is_none(),
        "nothing asked before the copy is done"
    );
    page.send(PopupMsg::Copied {
        line: line.into(),
        change: Some(change.clone()),
        result: Ok(()),
    });
    assert!(page.model.asked.is_some());

    // "Not run": nothing recorded, nothing asked of the worker.
    page.send(PopupMsg::NotRun);
    assert!(page.asked.is_empty());
    assert!(page.model.asked.is_none());

    // The positive control: copied again and run — one entry, for that mailbox.
    page.send(PopupMsg::Copied {
        line: line.into(),
        change: Some(change),
        result: Ok(()),
    });
    page.send(PopupMsg::RecordRun(Outcome::Succeeded));
    assert_eq!(page.count(), 1);
    let Request::LogAppend { draft } = &page.asked[0] else {
        panic!("{:?}", page.asked);
    };
    assert_eq!(draft.mailbox.as_deref(), Some("scanner2@contoso.com"));
    assert_eq!(
        draft.note.as_deref(),
        Some(line),
        "the command run, as its note"
    );
    assert!(page
        .model
        .notice
        .clone()
        .unwrap()
        .contains("scanner2@contoso.com"));
    // A second "it ran" without a new copy records nothing more.
    page.send(PopupMsg::RecordRun(Outcome::Succeeded));
    assert_eq!(page.asked.len(), 2);
}

#[test]
fn settings_are_validated_in_the_core_and_a_failed_write_keeps_what_was_typed() {
    let mut page = Page::new();
    let mut form = Settings::default().to_form();
    form.practice_date = "2022-13-40".into();
    page.send(PopupMsg::SaveSettings(form.clone()));
    assert_eq!(
        page.take_done(),
        vec![PopupEffect::ReadOwnSettings(form.clone())]
    );
    page.send(PopupMsg::OwnSettings {
        form: form.clone(),
        own: Settings::default(),
    });
    assert!(
        page.take_done().is_empty(),
        "an invalid form is not written"
    );
    assert!(!page.model.form_errors.is_empty());
    assert_eq!(page.model.settings_form.as_ref(), Some(&form));

    form.practice_date = "2022-10-15".into();
    page.send(PopupMsg::OwnSettings {
        form: form.clone(),
        own: Settings::default(),
    });
    let done = page.take_done();
    let [PopupEffect::WriteSettings { settings, .. }] = done.as_slice() else {
        panic!("{done:?}");
    };
    assert_eq!(settings.practice_date, Date::new(2022, 10, 15).ok());
    // The write failed (storage full): the form stays as typed, with the browser's words.
    page.send(PopupMsg::SettingsWritten {
        settings: settings.clone(),
        form: form.clone(),
        result: Err("QUOTA_BYTES quota exceeded".into()),
    });
    assert_eq!(page.model.settings_form.as_ref(), Some(&form));
    assert_eq!(
        page.model.notice.as_deref(),
        Some("QUOTA_BYTES quota exceeded")
    );
    assert_eq!(page.model.settings().practice_date, None);
    // Written: in force, the form cleared.
    page.send(PopupMsg::SettingsWritten {
        settings: settings.clone(),
        form,
        result: Ok(()),
    });
    assert_eq!(
        page.model.settings().practice_date,
        Date::new(2022, 10, 15).ok()
    );
    assert_eq!(page.model.settings_form, None);
    assert!(page.model.form_errors.is_empty());
}

#[test]
fn an_export_downloads_the_workers_file_and_an_import_of_it_adds_nothing_twice() {
    let mut page = Page::new();
    page.send(PopupMsg::Record(manual("ews", "succeeded")));
    page.send(PopupMsg::Export(ExportFormat::Json));
    let done = page.take_done();
    let [PopupEffect::Download {
        name,
        content,
        mime,
    }] = done.as_slice()
    else {
        panic!("{done:?}");
    };
    assert_eq!(name, "authpilot-log-2026-12-03.json");
    assert_eq!(*mime, "application/json");

    // Too large: refused by size, never read.
    page.send(PopupMsg::Chosen {
        pick: FilePick::Import,
        name: "huge.json".into(),
        size: 1 << 30,
    });
    assert!(page.take_done().is_empty());
    assert!(page.model.notice.clone().unwrap().contains("huge.json"));
    assert_eq!(page.count(), 1);

    // The exported file itself: read, imported, nothing new.
    page.send(PopupMsg::Chosen {
        pick: FilePick::Import,
        name: name.clone(),
        size: content.len(),
    });
    assert_eq!(
        page.take_done(),
        vec![PopupEffect::ReadFile {
            pick: FilePick::Import,
            name: name.clone(),
        }]
    );
    page.send(PopupMsg::FileRead {
        pick: FilePick::Import,
        name: name.clone(),
        text: Ok(content.clone()),
    });
    assert_eq!(page.count(), 1);
    let notice = page.model.notice.clone().unwrap();
    assert!(notice.contains(name.as_str()), "{notice}");
    // Malformed: the worker's refusal is shown and the log is unchanged.
    page.send(PopupMsg::FileRead {
        pick: FilePick::Import,
        name: "bad.json".into(),
        text: Ok("{not json".into()),
    });
    assert_eq!(page.count(), 1);
    assert!(page.model.notice.clone().unwrap().contains("bad.json"));
}

#[test]
fn an_audit_file_that_is_not_one_is_refused_and_a_tab_asked_for_gets_the_focus() {
    let mut page = Page::new();
    page.send(PopupMsg::FileRead {
        pick: FilePick::Audit,
        name: "notes.txt".into(),
        text: Ok("hello".into()),
    });
    let audit = page.model.audit.clone().unwrap();
    assert!(audit.unwrap_err().contains("notes.txt"));
    // A real (if empty) Purview export is read and reconciled against the log.
    page.send(PopupMsg::FileRead {
        pick: FilePick::Audit,
        name: "audit.csv".into(),
        text: Ok("CreationDate,UserIds,Operations,AuditData\n".into()),
    });
    let audit = page.model.audit.clone().unwrap().unwrap();
    assert_eq!(audit.name, "audit.csv");

    page.send(PopupMsg::ShowSection {
        section: Section::Smtp,
        focus: Some("explain_text".into()),
    });
    assert_eq!(page.model.section, Section::Smtp);
    assert_eq!(
        page.take_done(),
        vec![PopupEffect::Focus("#explain_text".into())]
    );
    // Asked once: the next message draws the explainer as the admin left it.
    page.send(PopupMsg::NotRun);
    assert_eq!(page.model.focus, None);
    page.send(PopupMsg::ShowSection {
        section: Section::Log,
        focus: None,
    });
    assert_eq!(
        page.take_done(),
        vec![PopupEffect::Focus("#tab-log".into())]
    );
}

#[test]
fn the_prefill_and_show_helper_name_the_popups_tab() {
    let mut page = Page::new();
    page.send(PopupMsg::ShowHelper);
    assert!(matches!(
        page.asked[0],
        Request::Helper {
            tab_id: Some(7),
            ..
        }
    ));
    assert!(page.model.notice.is_some());
    assert_eq!(
        serde_json::to_value(Request::Prefill {
            tab_id: Some(7),
            submit: true
        })
        .unwrap(),
        {
            page.send(PopupMsg::Prefill { submit: true });
            serde_json::to_value(&page.asked[1]).unwrap()
        }
    );
}
