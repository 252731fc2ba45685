//! The Settings tab, and the form helpers it shares with Record manually (a field's error, a check box, a field the organisation locked).

use super::model::*;
use super::now::managed_problems;
use crate::core::cloud::Cloud;
use crate::core::protocols::Protocol;
use crate::core::settings::{FieldError, SETTINGS_SCHEMA};
use crate::core::view::{el, Element, Node};

pub(super) fn field_error_in(errors: &[FieldError], field: &str) -> Option<Node> {
    let messages: Vec<&str> = errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect();
    (!messages.is_empty()).then(|| {
        el("p")
            .attr("class", "field-error")
            .attr("id", format!("{}-error", field.replace('_', "-")))
            .text(messages.join(" "))
            .into()
    })
}

pub(super) fn field_error(model: &PopupModel, field: &str) -> Option<Node> {
    field_error_in(&model.form_errors, field)
}

pub(super) fn check_box(
    model: &PopupModel,
    name: &'static str,
    checked: bool,
    label: String,
) -> Element {
    el("label")
        .attr("class", "check")
        .child(
            locked(model, name, el("input"))
                .attr("type", "checkbox")
                .attr("id", name)
                .attr("name", name)
                .flag("checked", checked),
        )
        .text(format!(" {label}"))
}

/// A field the organisation set: disabled, described by "Set by your organisation".
pub(super) fn locked(model: &PopupModel, field: &'static str, control: Element) -> Element {
    if model.managed.locks(field) {
        control
            .flag("disabled", true)
            .attr(
                "aria-describedby",
                format!("{}-managed", field.replace('_', "-")),
            )
            .attr("data-managed", "true")
    } else {
        control
    }
}

pub(super) fn managed_mark(model: &PopupModel, field: &'static str) -> Option<Node> {
    model.managed.locks(field).then(|| {
        let text = if field == crate::core::managed::field::PRACTICE_DATE {
            t!("managed_practice_locked")
        } else {
            t!("managed_set")
        };
        el("p")
            .attr("class", "managed")
            .attr("id", format!("{}-managed", field.replace('_', "-")))
            .text(text)
            .into()
    })
}

pub(super) fn settings_section(model: &PopupModel) -> Element {
    let settings = model.settings();
    // what the admin entered, if it was refused; otherwise what is in force
    let entered = model
        .settings_form
        .clone()
        .unwrap_or_else(|| settings.to_form());
    let cloud_select = locked(model, "cloud", el("select"))
        .attr("id", "cloud")
        .attr("name", "cloud")
        .children(Cloud::ALL.into_iter().map(|c| {
            el("option")
                .attr("value", c.id())
                .flag("selected", c.id() == entered.cloud)
                .text(c.name())
                .into()
        }));
    let protocol_boxes = Protocol::ALL.into_iter().map(|p| {
        el("label")
            .attr("class", "check")
            .child(
                locked(model, "needed", el("input"))
                    .attr("type", "checkbox")
                    .attr("name", "needed")
                    .attr("value", p.short())
                    .flag("checked", entered.needed.iter().any(|n| n == p.short())),
            )
            .text(format!(" {}", p.short()))
            .into()
    });
    let practice = entered.practice_date;
    let mut form = el("form")
        .attr("data-action", Control::SaveSettings.id())
        .attr("novalidate", "");
    if let Some(problem) = model.loaded.problem() {
        form = form.child(
            el("p")
                .attr("class", "warning")
                .attr("role", "alert")
                .text(problem),
        );
    }
    form = form
        .children(managed_problems(
            &model.managed,
            "settings-managed-problems",
        ))
        .child(el("label").attr("for", "cloud").text(t!("settings_cloud")))
        .child(cloud_select)
        .children(managed_mark(model, "cloud"))
        .children(field_error(model, "cloud"))
        .child(
            el("fieldset")
                .child(el("legend").text(t!("settings_needed")))
                .children(protocol_boxes)
                .children(managed_mark(model, "needed"))
                .children(field_error(model, "needed")),
        )
        .child(
            el("label")
                .attr("for", "practice_date")
                .text(t!("settings_practice_date")),
        )
        .child(
            locked(model, "practice_date", el("input"))
                .attr("type", "date")
                .attr("id", "practice_date")
                .attr("name", "practice_date")
                .attr("min", "2021-01-01")
                .attr("max", "2099-12-31")
                .attr("value", practice),
        )
        .children(managed_mark(model, "practice_date"))
        .children(field_error(model, "practice_date"))
        .child(
            el("label")
                .attr("for", "smtp_senders")
                .text(t!("settings_smtp_senders")),
        )
        .child(
            el("p")
                .attr("class", "fineprint")
                .attr("id", "smtp_senders-hint")
                .text(t!("settings_smtp_senders_hint")),
        )
        .child(
            locked(model, "smtp_senders", el("textarea"))
                .attr("id", "smtp_senders")
                .attr("name", "smtp_senders")
                .attr("rows", "3")
                .attr("spellcheck", "false")
                .attr("aria-describedby", "smtp_senders-hint")
                .text(entered.smtp_senders.clone()),
        )
        .children(managed_mark(model, "smtp_senders"))
        .children(field_error(model, "smtp_senders"))
        .child(
            el("fieldset")
                .child(el("legend").text(t!("settings_reminders")))
                .child(check_box(
                    model,
                    "deadline_reminders",
                    entered.deadline_reminders,
                    t!("settings_deadline_reminders"),
                ))
                .children(managed_mark(model, "deadline_reminders"))
                .child(check_box(
                    model,
                    "device_test_reminders",
                    entered.device_test_reminders,
                    t!("settings_device_test_reminders"),
                ))
                .children(managed_mark(model, "device_test_reminders")),
        )
        .child(
            el("div")
                .attr("class", "buttons")
                .child(
                    el("button")
                        .attr("type", "submit")
                        .text(t!("settings_save")),
                )
                .child(
                    locked(model, "practice_date", el("button"))
                        .attr("type", "button")
                        .attr("data-action", Control::UseToday.id())
                        .text(t!("settings_use_today")),
                ),
        )
        .child(
            el("p")
                .attr("class", "fineprint")
                .text(t!("settings_fineprint", SETTINGS_SCHEMA)),
        );
    section("settings", &t!("settings_heading")).child(form)
}
