//! The popup on the worker's pattern (issue 25): what the admin did, or what came back, is a
//! typed [`PopupMsg`]; [`update`] changes the [`PopupModel`] and says what to do next as
//! [`PopupEffect`]s; `render` draws the model. `web::popup` only turns DOM events into messages
//! and carries out effects, each of which comes back as a message.

use crate::core::audit::{held_against, read};
use crate::core::log::export::file_name;
use crate::core::log::import::check_size;
use crate::core::log::ManualForm;
use crate::core::messages::answers::Answer;
use crate::core::messages::{HelperChange, Request};
use crate::core::protocols::Protocol;
use crate::core::settings::{FieldError, Loaded, Settings, SettingsForm};

use super::model::{focus_from_fragment, Asked, PopupModel, Section};
pub use super::msg::{FilePick, PopupEffect, PopupEnv, PopupMsg, Reply};
use crate::core::page::hosts::{classify, Location};

/// Where an effect's answer goes: the request and what it was for.
type Asks = Vec<(PopupEffect, Option<Reply>)>;

/// The popup's one state machine: changes the model and returns what to do, each effect with
/// the [`Reply`] its answer becomes (for requests to the worker).
pub fn update(model: &mut PopupModel, msg: PopupMsg, env: &dyn PopupEnv) -> Asks {
    let mut out: Asks = Vec::new();
    let ask = |out: &mut Asks, request: Request, reply: Reply| {
        out.push((PopupEffect::Ask(request), Some(reply)));
    };
    let notice = |model: &mut PopupModel, text: String| model.notice = Some(text);
    if msg.redraws() && model.ready() && !matches!(msg, PopupMsg::ShowSection { .. }) {
        // The field a next step asked for was focused once, when its tab was shown (or the
        // first screen drawn).
        model.focus = None;
    }
    match msg {
        PopupMsg::Start {
            url,
            tab_id,
            fragment,
            loaded,
            managed,
        } => {
            // Without host permission for a tab Chrome gives no address: that tab is not the
            // admin center.
            model.location = url.as_deref().map(classify).unwrap_or(Location::Elsewhere);
            model.tab_id = tab_id;
            model.loaded = loaded;
            model.managed = managed;
            model.now = env.now();
            // popup.html#record (the helper's "Record manually"), #smtp, #log, #settings: that
            // tab; #explain: the explainer, open, with the focus in it.
            model.open_record = fragment == "#record";
            model.section = Section::from_fragment(&fragment).unwrap_or(Section::Now);
            model.focus = focus_from_fragment(&fragment);
            ask(&mut out, Request::LogSummary {}, Reply::FirstBoard);
            if let (Some(tab_id), true) = (tab_id, model.location.is_admin_center()) {
                ask(&mut out, Request::TabStatus { tab_id }, Reply::TabStatus);
            }
            model.starting = out.len() as u8;
        }
        PopupMsg::SettingsTyped(form) => model.settings_form = Some(form),
        PopupMsg::RecordTyped(form) => model.record_form = Some(form),
        PopupMsg::RecordToggled(open) => model.open_record = open,
        PopupMsg::SaveSettings(form) => out.push((PopupEffect::ReadOwnSettings(form), None)),
        PopupMsg::UseToday(mut form) => {
            form.practice_date.clear();
            out.push((PopupEffect::ReadOwnSettings(form), None));
        }
        PopupMsg::OwnSettings { form, own } => {
            let checked = model.managed.fill_locked(form.clone(), &own);
            match Settings::from_form(&checked) {
                Err(errors) => {
                    refuse_settings(model, form, errors, t!("notice_settings_not_saved"))
                }
                Ok(settings) => out.push((PopupEffect::WriteSettings { settings, form }, None)),
            }
        }
        PopupMsg::SettingsWritten {
            settings,
            form,
            result,
        } => match result {
            Ok(()) => {
                model.loaded = Loaded::Stored(model.managed.apply(&settings));
                model.form_errors.clear();
                model.settings_form = None;
                notice(model, t!("notice_settings_saved"));
            }
            Err(message) => refuse_settings(model, form, Vec::new(), message),
        },
        PopupMsg::PolicyChanged { loaded, managed } => {
            model.loaded = loaded;
            model.managed = managed;
        }
        PopupMsg::Record(form) => {
            let cloud = model.settings().cloud;
            let drafted = env.fresh_id().map_err(|e| (Vec::new(), e)).and_then(|id| {
                form.to_draft(id, cloud)
                    .map_err(|errors| (errors, t!("notice_not_recorded")))
            });
            match drafted {
                Err((errors, message)) => {
                    model.record_errors = errors;
                    keep_record_form(model, form);
                    notice(model, message);
                }
                Ok(draft) => {
                    let what = t!(
                        "notice_recorded",
                        draft.protocol.short(),
                        draft.action.label(),
                        draft.outcome.label()
                    );
                    model.record_errors.clear();
                    ask(
                        &mut out,
                        Request::LogAppend { draft },
                        Reply::Recorded { what, form },
                    );
                }
            }
        }
        PopupMsg::ToggleHistory(protocol) => {
            if model.history.as_ref().map(|(p, _)| *p) == Some(protocol) {
                model.history = None;
            } else {
                ask(
                    &mut out,
                    Request::LogHistory { protocol },
                    Reply::History {
                        protocol,
                        refreshed: None,
                    },
                );
            }
        }
        PopupMsg::Mark { target, outcome } => match env.fresh_id() {
            Ok(id) => ask(
                &mut out,
                Request::LogUpdate {
                    target,
                    outcome,
                    id,
                },
                Reply::Changed {
                    done: t!("notice_outcome_recorded"),
                },
            ),
            Err(e) => notice(model, e),
        },
        PopupMsg::Export(format) => ask(
            &mut out,
            Request::LogExport { format },
            Reply::Exported {
                format,
                today: env.today(),
            },
        ),
        PopupMsg::Choose(pick) => out.push((PopupEffect::ChooseFile(pick), None)),
        PopupMsg::Chosen { pick, name, size } => {
            let refused = match pick {
                FilePick::Import => check_size(size)
                    .err()
                    .map(|e| t!("notice_file_problem", name, e)),
                FilePick::Audit => read::check_size(&name, size).err(),
            };
            match (refused, pick) {
                (Some(problem), FilePick::Import) => refresh(&mut out, problem),
                (Some(problem), FilePick::Audit) => model.audit = Some(Err(problem)),
                (None, _) => out.push((PopupEffect::ReadFile { pick, name }, None)),
            }
        }
        PopupMsg::FileRead { pick, name, text } => {
            let text = text.map_err(|e| t!("notice_file_unreadable", name, e));
            match (pick, text) {
                (FilePick::Import, Ok(text)) => ask(
                    &mut out,
                    Request::LogImport { text },
                    Reply::Imported { name },
                ),
                (FilePick::Import, Err(problem)) => refresh(&mut out, problem),
                (FilePick::Audit, Ok(text)) => ask(
                    &mut out,
                    Request::LogSummary {},
                    Reply::AuditBoard { name, text },
                ),
                (FilePick::Audit, Err(problem)) => model.audit = Some(Err(problem)),
            }
        }
        PopupMsg::OpenReport => out.push((PopupEffect::OpenTab("report.html".into()), None)),
        PopupMsg::OpenUrl(url) => out.push((PopupEffect::OpenTab(url), None)),
        PopupMsg::Prefill { submit } => ask(
            &mut out,
            Request::Prefill {
                tab_id: model.tab_id,
                submit,
            },
            Reply::Prefilled { submit },
        ),
        PopupMsg::ShowHelper => ask(
            &mut out,
            // The worker writes the helper's state and tells the tab.
            Request::Helper {
                change: HelperChange::Show,
                tab_id: model.tab_id,
            },
            Reply::HelperShown,
        ),
        PopupMsg::CopyCommand { line, change } => {
            // Copying records nothing: a command that changes a setting makes the popup ask
            // afterwards whether it was run.
            out.push((PopupEffect::Copy { line, change }, None));
        }
        PopupMsg::Copied {
            line,
            change,
            result,
        } => match result {
            Ok(()) => {
                notice(model, t!("notice_copied"));
                model.asked = change.map(|change| Asked { line, change });
            }
            Err(e) => notice(model, t!("notice_copy_failed", e)),
        },
        PopupMsg::RecordRun(outcome) => {
            let Some(asked) = model.asked.take() else {
                return out;
            };
            let cloud = model.settings().cloud;
            let draft = env.fresh_id().and_then(|id| {
                asked
                    .change
                    .draft(id, env.now(), outcome, cloud, Some(asked.line.clone()))
            });
            match draft {
                Ok(draft) => {
                    let subject = draft
                        .mailbox
                        .clone()
                        .unwrap_or_else(|| asked.change.scope.label());
                    let done = t!(
                        "notice_recorded",
                        format!("SMTP AUTH ({subject})"),
                        draft.action.label(),
                        draft.outcome.label()
                    );
                    ask(
                        &mut out,
                        Request::LogAppend { draft },
                        Reply::Changed { done },
                    );
                }
                Err(e) => notice(model, e),
            }
        }
        PopupMsg::NotRun => {
            model.asked = None;
            notice(model, t!("notice_not_run"));
        }
        PopupMsg::Explain(text) => {
            model.explained = Some(crate::core::smtp::explain(&text));
            model.explain_text = text;
        }
        PopupMsg::ShowSection { section, focus } => {
            model.section = section;
            // A next step's button asked for a field (the senders' list, the explainer's
            // text): it is drawn for it (the explainer open) and the focus goes there, once;
            // otherwise to the tab, as a tab list does.
            if focus.is_some() {
                model.focus = focus;
            }
            let target = model
                .focus
                .clone()
                .unwrap_or_else(|| format!("tab-{}", section.id()));
            out.push((PopupEffect::Focus(format!("#{target}")), None));
        }
        PopupMsg::Answered { reply, answer } => answered(model, reply, *answer, env, &mut out),
    }
    out
}

fn refuse_settings(
    model: &mut PopupModel,
    form: SettingsForm,
    errors: Vec<FieldError>,
    message: String,
) {
    model.form_errors = errors;
    model.settings_form = Some(form);
    model.notice = Some(message);
}

/// A manual form that was refused or not saved stays open, as entered.
fn keep_record_form(model: &mut PopupModel, form: ManualForm) {
    model.record_form = Some(form);
    model.open_record = true;
}

/// After the log changed: the board is read again (then the open history), with `notice`.
fn refresh(out: &mut Asks, notice: String) {
    out.push((
        PopupEffect::Ask(Request::LogSummary {}),
        Some(Reply::Board { notice }),
    ));
}

/// The log's board from the worker's answer, or why there is none.
fn board(answer: Result<Answer, String>) -> Result<crate::core::log::Summary, String> {
    match answer {
        Ok(Answer::Summary(s)) => Ok(s.summary),
        Ok(_) => Err(t!("error_worker_refused")),
        Err(e) => Err(e),
    }
}

fn answered(
    model: &mut PopupModel,
    reply: Reply,
    answer: Result<Answer, String>,
    env: &dyn PopupEnv,
    out: &mut Asks,
) {
    if matches!(reply, Reply::FirstBoard | Reply::TabStatus) {
        model.starting = model.starting.saturating_sub(1);
    }
    match (reply, answer) {
        (Reply::FirstBoard, answer) => model.log = board(answer),
        // A refusal or no answer is said, never read as "not seen".
        (Reply::TabStatus, answer) => match answer {
            Ok(Answer::TabStatus(s)) => model.content_script_seen = s.content_script_seen,
            Ok(_) => model.notice = Some(t!("error_worker_refused")),
            Err(e) => model.notice = Some(e),
        },
        (Reply::Recorded { what, form }, answer) => match answer {
            Ok(_) => {
                model.record_form = None;
                model.open_record = false;
                refresh(out, what);
            }
            Err(problem) => {
                // The worker refused (storage full…): the form stays as entered.
                keep_record_form(model, form);
                refresh(out, problem);
            }
        },
        (Reply::Changed { done }, answer) => {
            refresh(out, answer.map(|_| done).unwrap_or_else(|e| e))
        }
        (Reply::Imported { name }, answer) => {
            let notice = match answer {
                Ok(Answer::Imported(i)) => {
                    t!("notice_imported", name, i.added, i.already_present)
                }
                Ok(_) => t!("error_worker_refused"),
                Err(e) => t!("notice_not_imported", name, e),
            };
            refresh(out, notice);
        }
        (Reply::Board { notice }, answer) => {
            model.log = board(answer);
            match model.history.as_ref().map(|(p, _)| *p) {
                Some(protocol) => out.push((
                    PopupEffect::Ask(Request::LogHistory { protocol }),
                    Some(Reply::History {
                        protocol,
                        refreshed: Some(notice),
                    }),
                )),
                None => model.notice = Some(notice),
            }
        }
        (
            Reply::History {
                protocol,
                refreshed,
            },
            answer,
        ) => match (answer, refreshed) {
            (Ok(Answer::History(h)), refreshed) => {
                model.history = Some((protocol, h.entries));
                if refreshed.is_some() {
                    model.notice = refreshed;
                }
            }
            // Read again after a change and not readable: closed, with the change's notice.
            (_, Some(notice)) => {
                model.history = None;
                model.notice = Some(notice);
            }
            (Ok(_), None) => model.notice = Some(t!("error_worker_refused")),
            (Err(e), None) => model.notice = Some(e),
        },
        (Reply::Exported { format, today }, answer) => match answer {
            Ok(Answer::Exported(e)) => {
                let name = file_name(today, format.extension());
                model.notice = Some(t!("notice_exported", e.count, name.clone()));
                out.push((
                    PopupEffect::Download {
                        name,
                        content: e.content,
                        mime: format.mime(),
                    },
                    None,
                ));
            }
            Ok(_) => model.notice = Some(t!("error_worker_refused")),
            Err(e) => model.notice = Some(e),
        },
        (Reply::Prefilled { submit }, answer) => {
            model.notice = Some(match answer {
                Ok(_) if submit => t!("notice_filled_searched"),
                Ok(_) => t!("notice_filled"),
                Err(e) => e,
            })
        }
        (Reply::HelperShown, answer) => {
            model.notice = Some(
                answer
                    .map(|_| t!("notice_helper_shown"))
                    .unwrap_or_else(|e| e),
            )
        }
        (Reply::AuditBoard { name, text }, answer) => match answer {
            Ok(Answer::Summary(s)) => match s.summary.broken {
                Some(broken) => model.audit = Some(Err(t!("audit_log_broken", broken.describe()))),
                None => out.push((
                    PopupEffect::Ask(Request::LogHistory {
                        protocol: Protocol::Smtp,
                    }),
                    Some(Reply::AuditHistory { name, text }),
                )),
            },
            Ok(_) => model.audit = Some(Err(t!("error_worker_refused"))),
            Err(e) => model.audit = Some(Err(e)),
        },
        (Reply::AuditHistory { name, text }, answer) => {
            model.audit = Some(match answer {
                Ok(Answer::History(h)) => held_against(
                    name,
                    &text,
                    &h.entries,
                    &model.settings().smtp_senders,
                    env.now(),
                ),
                Ok(_) => Err(t!("error_worker_refused")),
                Err(e) => Err(e),
            })
        }
    }
}
