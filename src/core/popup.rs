//! The toolbar popup as a pure function of what the popup knows: where the tab is, the
//! settings, the time. Every word and every state the popup shows is decided here.

use super::cloud::Cloud;
use super::hosts::{effective_cloud, open_admin_center_url, Location};
use super::protocols::Protocol;
use super::settings::{FieldError, Loaded, Settings, SETTINGS_SCHEMA};
use super::time::Instant;
use super::timeline::{guidance, DiagnosticAction};
use super::view::{el, Element, Node};

/// Everything the popup shows, gathered by the web front.
#[derive(Debug, Clone)]
pub struct PopupModel {
    pub location: Location,
    /// Whether AuthPilot's content script reported from this tab.
    pub content_script_seen: bool,
    pub loaded: Loaded,
    pub now: Instant,
    /// Problems with the last submitted settings form (shown next to the fields).
    pub form_errors: Vec<FieldError>,
    /// A one-line confirmation or failure, announced to screen readers.
    pub notice: Option<String>,
}

impl PopupModel {
    pub fn settings(&self) -> &Settings {
        self.loaded.settings()
    }
}

/// Actions the popup's controls carry in `data-action`.
pub mod actions {
    pub const OPEN_ADMIN_CENTER: &str = "open-admin-center";
    pub const SAVE_SETTINGS: &str = "save-settings";
    pub const USE_TODAY: &str = "use-today";
}

pub fn render(model: &PopupModel) -> Node {
    let settings = model.settings();
    let (cloud, mismatch) = effective_cloud(&model.location, settings.cloud);
    el("main")
        .attr("class", "popup")
        .child(
            el("header").child(el("h1").text("AuthPilot")).child(
                el("p")
                    .attr("class", "tagline")
                    .text("Exchange Online Basic auth, step by step"),
            ),
        )
        .child(location_section(model, cloud, mismatch))
        .child(phase_section(model, cloud))
        .child(board_section(settings))
        .child(settings_section(model))
        .child(
            el("p")
                .attr("id", "notice")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .text(model.notice.clone().unwrap_or_default()),
        )
        .into()
}

fn section(id: &'static str, heading: &str) -> Element {
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", format!("{id}-heading"))
        .child(el("h2").attr("id", format!("{id}-heading")).text(heading))
}

fn location_section(model: &PopupModel, cloud: Cloud, mismatch: Option<String>) -> Element {
    let mut s = section("where", "Where you are");
    match &model.location {
        Location::AdminCenter {
            host, host_cloud, ..
        } => {
            let cloud_name = if host_cloud.uses_worldwide_hosts() {
                format!("{} cloud per your settings", cloud.name())
            } else {
                cloud.name().to_string()
            };
            s = s.child(
                el("p")
                    .attr("class", "status ok")
                    .attr("data-state", "admin-center")
                    .attr("data-host", *host)
                    .text(format!("On the admin center — {host} ({cloud_name})")),
            );
            s = s.child(el("p").attr("class", "detail").text(if model.content_script_seen {
                "AuthPilot is active on this page."
            } else {
                "AuthPilot has not heard from this page yet: reload it if it was open before AuthPilot was installed."
            }));
        }
        Location::Elsewhere => {
            s = s
                .child(
                    el("p")
                        .attr("class", "status off")
                        .attr("data-state", "elsewhere")
                        .text("Not on the admin center."),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::OPEN_ADMIN_CENTER)
                        .attr("data-url", open_admin_center_url(cloud))
                        .text("Open admin center"),
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

fn phase_section(model: &PopupModel, cloud: Cloud) -> Element {
    let settings = model.settings();
    let at = settings.effective_instant(model.now);
    let g = guidance(at, cloud, &settings.needed);
    let when = match settings.practice_date {
        Some(date) => format!("Practice date {date} (a rehearsal: nothing is sent to Microsoft)"),
        None => format!("Today, {}", model.now.date()),
    };
    let mut s = section("phase", "What applies")
        .attr("data-phase", g.phase.id())
        .child(el("p").attr("class", "when").text(when))
        .child(el("h3").attr("id", "phase-title").text(g.title))
        .child(el("p").text(g.summary));
    if let Some(action) = g.diagnostic {
        let label = match action {
            DiagnosticAction::OptOut => "The diagnostic is in opt-out mode.",
            DiagnosticAction::ReEnable => "The diagnostic is in re-enable mode.",
        };
        s = s.child(el("p").attr("class", "mode").text(label));
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
            0 => "This phase ends tonight at midnight UTC.".to_string(),
            1 => "1 day left in this phase.".to_string(),
            n => format!("{n} days left in this phase."),
        }));
    }
    s.child(el("p").attr("class", "smtp").text(g.smtp_auth))
}

fn board_section(settings: &Settings) -> Element {
    let header = el("tr")
        .child(el("th").attr("scope", "col").text("Protocol"))
        .child(el("th").attr("scope", "col").text("Needed"))
        .child(el("th").attr("scope", "col").text("Last action"));
    let rows = Protocol::ALL.into_iter().map(|p| {
        let needed = settings.needed.contains(&p);
        el("tr")
            .attr("data-protocol", p.short())
            .attr("class", if needed { "needed" } else { "" })
            .child(
                el("th")
                    .attr("scope", "row")
                    .attr(
                        "title",
                        format!(
                            "{} — BasicAuthBlockedApps bit {}",
                            p.diagnostic_label(),
                            p.blocked_apps_bit()
                        ),
                    )
                    .text(p.short()),
            )
            .child(el("td").text(if needed { "needed" } else { "—" }))
            .child(el("td").text("No action recorded"))
            .into()
    });
    section("board", "Protocols").child(
        el("table")
            .child(el("thead").child(header))
            .child(el("tbody").children(rows)),
    )
}

fn field_error(model: &PopupModel, field: &str, id: &'static str) -> Option<Node> {
    let messages: Vec<&str> = model
        .form_errors
        .iter()
        .filter(|e| e.field == field)
        .map(|e| e.message.as_str())
        .collect();
    (!messages.is_empty()).then(|| {
        el("p")
            .attr("class", "field-error")
            .attr("id", id)
            .text(messages.join(" "))
            .into()
    })
}

fn settings_section(model: &PopupModel) -> Element {
    let settings = model.settings();
    let cloud_select = el("select")
        .attr("id", "cloud")
        .attr("name", "cloud")
        .children(Cloud::ALL.into_iter().map(|c| {
            el("option")
                .attr("value", c.id())
                .flag("selected", c == settings.cloud)
                .text(c.name())
                .into()
        }));
    let protocol_boxes = Protocol::ALL.into_iter().map(|p| {
        el("label")
            .attr("class", "check")
            .child(
                el("input")
                    .attr("type", "checkbox")
                    .attr("name", "needed")
                    .attr("value", p.short())
                    .flag("checked", settings.needed.contains(&p)),
            )
            .text(format!(" {}", p.short()))
            .into()
    });
    let practice = settings
        .practice_date
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut form = el("form")
        .attr("data-action", actions::SAVE_SETTINGS)
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
        .child(el("label").attr("for", "cloud").text("Your tenant's cloud"))
        .child(cloud_select)
        .children(field_error(model, "cloud", "cloud-error"))
        .child(
            el("fieldset")
                .child(el("legend").text("Protocols your mail product needs"))
                .children(protocol_boxes)
                .children(field_error(model, "needed", "needed-error")),
        )
        .child(
            el("label")
                .attr("for", "practice_date")
                .text("Practice date (empty = today)"),
        )
        .child(
            el("input")
                .attr("type", "date")
                .attr("id", "practice_date")
                .attr("name", "practice_date")
                .attr("min", "2021-01-01")
                .attr("max", "2099-12-31")
                .attr("value", practice),
        )
        .children(field_error(model, "practice_date", "practice-error"))
        .child(
            el("div")
                .attr("class", "buttons")
                .child(el("button").attr("type", "submit").text("Save settings"))
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::USE_TODAY)
                        .text("Use today"),
                ),
        )
        .child(el("p").attr("class", "fineprint").text(format!(
            "Settings schema {SETTINGS_SCHEMA}, stored in this browser only."
        )));
    section("settings", "Settings").child(form)
}
