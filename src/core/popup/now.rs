//! The Now tab's sections: where the tab is, what applies on the date, and what the organisation set.

use super::model::*;
use crate::core::cloud::Cloud;
use crate::core::diagnostic::timeline::{guidance, list_protocols, rehearsal, DiagnosticAction};
use crate::core::page::hosts::{Center, Location};
use crate::core::view::{el, Element, Node};

pub(super) fn location_section(
    model: &PopupModel,
    cloud: Cloud,
    mismatch: Option<String>,
) -> Element {
    let mut s = section("where", &t!("where_heading"));
    match &model.location {
        Location::AdminCenter {
            host,
            center: Center::Exchange,
            ..
        } => {
            s = s
                .child(
                    el("p")
                        .attr("class", "status ok")
                        .attr("data-state", "exchange-admin-center")
                        .attr("data-host", *host)
                        .text(t!("where_on_exchange", host)),
                )
                .child(
                    el("p")
                        .attr("class", "detail")
                        .text(t!("where_exchange_detail")),
                )
                .child(go_to(Section::Smtp, t!("smtp_see_plan")));
        }
        Location::AdminCenter {
            host, host_cloud, ..
        } => {
            let cloud_name = if host_cloud.uses_worldwide_hosts() {
                t!("where_cloud_per_settings", cloud.name())
            } else {
                cloud.name().to_string()
            };
            s = s.child(
                el("p")
                    .attr("class", "status ok")
                    .attr("data-state", "admin-center")
                    .attr("data-host", *host)
                    .text(t!("where_on_admin_center", host, cloud_name)),
            );
            s = s.child(
                el("p")
                    .attr("class", "detail")
                    .text(if model.content_script_seen {
                        t!("where_active")
                    } else {
                        t!("where_not_heard")
                    }),
            );
            // The helper appears by itself with the Help & support pane or an SMTP AUTH switch;
            // here on demand. The diagnostic's pre-fill is in its rehearsal (`phase_section`).
            s = s.child(
                el("div").attr("class", "buttons").child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", Control::ShowHelper.id())
                        .text(t!("button_show_helper")),
                ),
            );
        }
        Location::Elsewhere => {
            s = s
                .child(
                    el("p")
                        .attr("class", "status off")
                        .attr("data-state", "elsewhere")
                        .text(t!("where_elsewhere")),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", Control::OpenAdminCenter.id())
                        .attr(
                            "data-url",
                            crate::core::diagnostic::timeline::open_admin_center_url(
                                cloud,
                                rehearsing(model).is_some(),
                            ),
                        )
                        .text(t!("button_open_admin_center")),
                );
        }
    }
    if let Some(message) = mismatch {
        s = s.child(
            el("p")
                .attr("class", "warning")
                .attr("role", "note")
                .text(message),
        );
    }
    s
}

/// The practice date, when it rehearses the 2022 diagnostic.
pub(super) fn rehearsing(model: &PopupModel) -> Option<crate::core::time::Date> {
    rehearsal(model.settings().practice_date)
}

/// The 2022 diagnostic. Under a practice date before 2023 it is a rehearsal: the phase of that
/// date with its steps, and — on the Microsoft 365 admin center, where the diagnostic was —
/// its pre-fill buttons with the practice date named beside them. Otherwise (the real date,
/// or a practice date from 2023 on) a collapsed "What happened in 2022" whose one visible line
/// tells the mail-reading product's owner what to do now.
pub(super) fn phase_section(model: &PopupModel, cloud: Cloud) -> Element {
    let settings = model.settings();
    let at = settings.effective_instant(model.now);
    let g = guidance(at, cloud, &settings.needed);
    let Some(practice) = rehearsing(model) else {
        return el("details")
            .attr("id", "phase")
            .attr("data-phase", g.phase.id())
            .child(
                el("summary")
                    .attr("id", "phase-heading")
                    .text(t!("history_2022_summary", list_protocols(&settings.needed))),
            )
            .child(el("h3").attr("id", "phase-title").text(g.title))
            .child(el("p").text(g.summary))
            .child(
                el("ol")
                    .attr("class", "steps")
                    .children(g.steps.into_iter().map(|t| el("li").text(t).into())),
            );
    };
    let practice_line = t!("phase_when_practice", (model.times)(&practice.to_string()));
    let mut s = section("phase", &t!("rehearsal_heading"))
        .attr("data-phase", g.phase.id())
        .attr("data-rehearsal", practice.to_string())
        .child(el("p").attr("class", "when").text(practice_line.clone()))
        .child(el("h3").attr("id", "phase-title").text(g.title))
        .child(el("p").text(g.summary));
    if let Some(action) = g.diagnostic {
        let label = match action {
            DiagnosticAction::OptOut => t!("phase_mode_opt_out"),
            DiagnosticAction::ReEnable => t!("phase_mode_re_enable"),
        };
        s = s.child(el("p").attr("class", "mode").text(label));
        if model.location.is_microsoft_365() {
            s = s.child(
                el("div")
                    .attr("class", "buttons")
                    .attr("role", "group")
                    .attr("aria-label", practice_line)
                    .child(
                        el("button")
                            .attr("type", "button")
                            .attr("data-action", Control::Prefill.id())
                            .text(t!("button_prefill")),
                    )
                    .child(
                        el("button")
                            .attr("type", "button")
                            .attr("data-action", Control::PrefillSearch.id())
                            .text(t!("button_prefill_search")),
                    ),
            );
        }
    }
    s = s.child(
        el("ol")
            .attr("class", "steps")
            .children(g.steps.into_iter().map(|t| el("li").text(t).into())),
    );
    if !g.warnings.is_empty() {
        s = s.child(
            el("ul")
                .attr("class", "warnings")
                .children(g.warnings.into_iter().map(|t| el("li").text(t).into())),
        );
    }
    if let Some(days) = g.days_left {
        s = s.child(el("p").attr("class", "deadline").text(match days {
            0 => t!("phase_ends_tonight"),
            1 => t!("phase_one_day_left"),
            n => t!("phase_days_left", n),
        }));
    }
    s
}

/// "From your organisation": the note it set (who to call), its tenant name, and each value it
/// set that AuthPilot ignores because it is invalid. Absent when nothing is set.
pub(super) fn managed_section(model: &PopupModel) -> Option<Element> {
    let m = &model.managed;
    if !m.in_force() && m.problems.is_empty() {
        return None;
    }
    let mut s = section("managed", &t!("managed_heading"));
    if let Some(note) = &m.note {
        s = s.child(
            el("p")
                .attr("id", "managed-note")
                .attr("class", "note")
                .text(note.clone()),
        );
    }
    if let Some(tenant) = &m.tenant {
        s = s.child(
            el("p")
                .attr("id", "managed-tenant")
                .text(t!("managed_tenant", tenant.clone())),
        );
    }
    Some(s.children(managed_problems(m, "managed-problems")))
}

pub(super) fn managed_problems(
    m: &crate::core::managed::Managed,
    id: &'static str,
) -> Option<Node> {
    // The alert wraps the list: a list given role="alert" would stop being a list.
    (!m.problems.is_empty()).then(|| {
        el("div")
            .attr("id", id)
            .attr("role", "alert")
            .child(
                el("ul")
                    .attr("class", "warning")
                    .children(m.problems.iter().map(|p| {
                        el("li")
                            .attr("data-policy", p.policy.clone())
                            .text(p.describe())
                            .into()
                    })),
            )
            .into()
    })
}
