//! Record manually: the form for an action AuthPilot could not see, for the diagnostic's protocols and SMTP AUTH.

use super::model::*;
use super::settings::field_error_in;
use crate::core::log::{Action, Outcome, Scope};
use crate::core::protocols::Protocol;
use crate::core::view::{el, Element};

pub(super) fn record_section(model: &PopupModel) -> Element {
    let protocols: Vec<(&str, &str)> = Protocol::ALL
        .iter()
        .chain([&Protocol::Smtp])
        .map(|p| {
            (
                p.short(),
                if *p == Protocol::Smtp {
                    "SMTP AUTH"
                } else {
                    p.short()
                },
            )
        })
        .collect();
    let scopes: Vec<(&str, String)> = Scope::ALL.iter().map(|s| (s.id(), s.label())).collect();
    let scopes: Vec<(&str, &str)> = scopes.iter().map(|(i, l)| (*i, l.as_str())).collect();
    let actions: Vec<(&str, String)> = Action::ALL.iter().map(|a| (a.id(), a.label())).collect();
    let actions: Vec<(&str, &str)> = actions.iter().map(|(i, l)| (*i, l.as_str())).collect();
    let errors = |field| field_error_in(&model.record_errors, field);
    let open = !model.record_errors.is_empty() || model.open_record;
    let entered = model.record_form.clone().unwrap_or_default();
    let or = |value: &str, default: &'static str| -> String {
        if value.is_empty() {
            default.to_string()
        } else {
            value.to_string()
        }
    };
    let default_protocol = model
        .settings()
        .needed
        .first()
        .map(|p| p.short())
        .unwrap_or("EWS");
    let form = el("form")
        .attr("data-action", Control::Record.id())
        .attr("novalidate", "")
        .child(el("p").attr("class", "detail").text(t!("record_intro")))
        .child(
            el("label")
                .attr("for", "protocol")
                .text(t!("board_protocol")),
        )
        .child(select(
            "protocol",
            &protocols,
            &or(&entered.protocol, default_protocol),
        ))
        .children(errors("protocol"))
        .child(
            el("p")
                .attr("class", "fineprint")
                .text(t!("record_smtp_hint")),
        )
        .child(el("label").attr("for", "scope").text(t!("record_scope")))
        .child(select("scope", &scopes, &or(&entered.scope, "mailbox")))
        .children(errors("scope"))
        .child(
            el("label")
                .attr("for", "mailbox")
                .text(t!("record_mailbox")),
        )
        .child(
            el("input")
                .attr("type", "email")
                .attr("id", "mailbox")
                .attr("name", "mailbox")
                .attr("list", "senders-list")
                .attr("value", entered.mailbox.clone()),
        )
        .child(
            el("datalist").attr("id", "senders-list").children(
                model
                    .settings()
                    .smtp_senders
                    .iter()
                    .map(|m| el("option").attr("value", m.as_str()).into()),
            ),
        )
        .children(errors("mailbox"))
        .child(el("label").attr("for", "action").text(t!("record_action")))
        .child(select(
            "action",
            &actions,
            &or(&entered.action, "re-enable"),
        ))
        .children(errors("action"))
        .child(
            el("label")
                .attr("for", "outcome")
                .text(t!("record_outcome")),
        )
        .child(select(
            "outcome",
            &[
                ("submitted", &Outcome::Submitted.label()),
                ("succeeded", &Outcome::Succeeded.label()),
                ("failed", &Outcome::Failed.label()),
            ],
            &or(&entered.outcome, "submitted"),
        ))
        .children(errors("outcome"))
        .child(
            el("label")
                .attr("for", "local_time")
                .text(t!("record_local_time")),
        )
        .child(
            el("input")
                .attr("type", "datetime-local")
                .attr("id", "local_time")
                .attr("name", "local_time")
                .attr("value", entered.local_time.clone()),
        )
        .children(errors("local_time"))
        .child(el("label").attr("for", "tenant").text(t!("record_tenant")))
        .child(
            el("input")
                .attr("type", "text")
                .attr("id", "tenant")
                .attr("name", "tenant")
                .attr("maxlength", "256")
                .attr("value", entered.tenant.clone()),
        )
        .children(errors("tenant"))
        .child(el("label").attr("for", "note").text(t!("record_note")))
        .child(
            el("textarea")
                .attr("id", "note")
                .attr("name", "note")
                .attr("rows", "2")
                .attr("maxlength", "2000")
                .text(entered.note.clone()),
        )
        .children(errors("note"))
        .child(
            el("label")
                .attr("class", "check")
                .child(
                    el("input")
                        .attr("type", "checkbox")
                        .attr("id", "mc437540_seen")
                        .attr("name", "mc437540_seen")
                        .flag("checked", entered.mc437540_seen),
                )
                .text(format!(" {}", t!("record_mc437540"))),
        )
        .child(
            el("div").attr("class", "buttons").child(
                el("button")
                    .attr("type", "submit")
                    .attr("id", "record-submit")
                    .text(t!("record_submit")),
            ),
        );
    el("section")
        .attr("id", "record-section")
        .attr("aria-label", t!("record_manually"))
        .child(
            el("details")
                .attr("id", "record")
                .flag("open", open)
                .child(el("summary").text(t!("record_manually")))
                .child(form),
        )
}
