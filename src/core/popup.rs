//! The toolbar popup as a pure function of what the popup knows: where the tab is, the
//! settings, the time. Every word and every state the popup shows is decided here.

use super::cloud::Cloud;
use super::guide::is_done;
use super::hosts::{effective_cloud, open_admin_center_url, Location};
use super::log::{Entry, Outcome, Summary};
use super::protocols::Protocol;
use super::settings::{FieldError, Loaded, Settings, SETTINGS_SCHEMA};
use super::time::Instant;
use super::timeline::{guidance, DiagnosticAction, Phase};
use super::view::{el, Element, Node};

/// Shows a stored UTC time (`2022-10-15T10:00:00Z`) the way the admin reads times: the web
/// front passes one in the admin's locale and time zone; `utc_times` is the fallback.
pub type TimeDisplay = std::rc::Rc<dyn Fn(&str) -> String>;

/// "2022-10-15 10:00 UTC": times as stored, for tests and when no locale is known.
pub fn utc_times() -> TimeDisplay {
    std::rc::Rc::new(short_time)
}

/// Everything the popup shows, gathered by the web front.
#[derive(Clone)]
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
    /// The action log's board data, or why the worker could not give it.
    pub log: Result<Summary, String>,
    /// The protocol whose full history is open, with its entries.
    pub history: Option<(Protocol, Vec<Entry>)>,
    /// Problems with the last submitted "Record manually" form.
    pub record_errors: Vec<FieldError>,
    /// The in-page helper was closed by the admin.
    pub helper_closed: bool,
    /// Open "Record manually" at once (the overlay's "Record manually" opens the popup so).
    pub open_record: bool,
    /// How stored UTC times are shown.
    pub times: TimeDisplay,
}

impl PopupModel {
    /// A popup with nothing yet said, no form problems, an empty log and times in UTC: the
    /// web front and tests set what they know on top of it.
    pub fn new(location: Location, loaded: Loaded, now: Instant) -> PopupModel {
        PopupModel {
            location,
            content_script_seen: false,
            loaded,
            now,
            form_errors: Vec::new(),
            notice: None,
            log: Ok(Summary::default()),
            history: None,
            record_errors: Vec::new(),
            helper_closed: false,
            open_record: false,
            times: utc_times(),
        }
    }

    pub fn settings(&self) -> &Settings {
        self.loaded.settings()
    }
}

/// Actions the popup's controls carry in `data-action`.
pub mod actions {
    pub const OPEN_ADMIN_CENTER: &str = "open-admin-center";
    pub const SAVE_SETTINGS: &str = "save-settings";
    pub const USE_TODAY: &str = "use-today";
    pub const HISTORY: &str = "history";
    pub const RECORD: &str = "record";
    pub const MARK: &str = "mark";
    pub const EXPORT: &str = "export";
    pub const PREFILL: &str = "prefill";
    pub const PREFILL_SEARCH: &str = "prefill-search";
    pub const SHOW_HELPER: &str = "show-helper";
    pub const IMPORT: &str = "import";
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
        .child(board_section(model))
        .child(record_section(model))
        .child(log_section(model))
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
            let mut buttons = el("div")
                .attr("class", "buttons")
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::PREFILL)
                        .text("Pre-fill diagnostic"),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::PREFILL_SEARCH)
                        .text("Pre-fill and search"),
                );
            if model.helper_closed {
                buttons = buttons.child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::SHOW_HELPER)
                        .text("Show the helper"),
                );
            }
            s = s.child(buttons);
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

/// "re-enable · succeeded · 2022-10-15 10:00 UTC" (the time as `times` shows it)
fn describe_entry(e: &Entry, times: &TimeDisplay) -> String {
    format!("{} · {} · {}", e.action.id(), e.outcome.id(), times(&e.at))
}

fn short_time(stamp: &str) -> String {
    // 2022-10-15T10:00:00Z → 2022-10-15 10:00 UTC
    match (stamp.get(..10), stamp.get(11..16)) {
        (Some(d), Some(t)) => format!("{d} {t} UTC"),
        _ => stamp.to_string(),
    }
}

/// Whether a protocol is done for the phase that applies (today or the practice date).
fn done_for(model: &PopupModel, protocol: Protocol) -> bool {
    let phase = Phase::at(model.settings().effective_instant(model.now));
    model
        .log
        .as_ref()
        .is_ok_and(|s| is_done(s, protocol, phase))
}

fn board_section(model: &PopupModel) -> Element {
    let settings = model.settings();
    let header = el("tr")
        .child(el("th").attr("scope", "col").text("Protocol"))
        .child(el("th").attr("scope", "col").text("Needed"))
        .child(el("th").attr("scope", "col").text("Last action"))
        .child(
            el("th")
                .attr("scope", "col")
                .child(el("span").attr("class", "visually-hidden").text("History")),
        );
    let open = model.history.as_ref().map(|(p, _)| *p);
    let rows = Protocol::ALL.into_iter().map(|p| {
        let needed = settings.needed.contains(&p);
        let latest = model.log.as_ref().ok().and_then(|s| s.latest_for(p));
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
            .child(
                el("td")
                    .attr("class", "need")
                    .text(match (needed, done_for(model, p)) {
                        (true, true) => "needed — done",
                        (true, false) => "needed — to do",
                        (false, _) => "—",
                    }),
            )
            .child(
                el("td")
                    .attr("class", "last")
                    .attr(
                        "data-outcome",
                        latest.map(|e| e.outcome.id()).unwrap_or("none"),
                    )
                    .text(
                        latest
                            .map(|e| describe_entry(e, &model.times))
                            .unwrap_or_else(|| "No action recorded".to_string()),
                    ),
            )
            .child(
                el("td").child(
                    el("button")
                        .attr("type", "button")
                        .attr("class", "link")
                        .attr("data-action", actions::HISTORY)
                        .attr("data-protocol", p.short())
                        .attr(
                            "aria-expanded",
                            if open == Some(p) { "true" } else { "false" },
                        )
                        .attr("aria-label", format!("History of {}", p.short()))
                        .text("History"),
                ),
            )
            .into()
    });
    let mut s = section("board", "Protocols").child(
        el("table")
            .child(el("thead").child(header))
            .child(el("tbody").children(rows)),
    );
    if let Some((protocol, entries)) = &model.history {
        s = s.child(history(*protocol, entries, &model.times));
    }
    s
}

fn history(protocol: Protocol, entries: &[Entry], times: &TimeDisplay) -> Element {
    let mut list = el("ol").attr("class", "history");
    for e in entries.iter().rev() {
        let mut item = el("li")
            .attr("data-seq", e.seq.to_string())
            .child(el("span").text(format!(
                "#{} {} ({})",
                e.seq,
                describe_entry(e, times),
                e.source.id()
            )));
        if let Some(target) = &e.supersedes {
            item = item.child(
                el("span")
                    .attr("class", "detail")
                    .text(format!(" — updates {}", short_id(target))),
            );
        }
        for extra in [&e.message, &e.note, &e.tenant].into_iter().flatten() {
            item = item.child(el("p").attr("class", "detail").text(extra.clone()));
        }
        if let Some(by) = &e.effective_by {
            item = item.child(
                el("p")
                    .attr("class", "detail")
                    .text(format!("Should work by {}", times(by))),
            );
        }
        let settled = entries
            .iter()
            .any(|later| later.supersedes.as_deref() == Some(e.id.as_str()));
        if e.outcome == Outcome::Submitted && !settled {
            for (outcome, label) in [
                (Outcome::Succeeded, "Mark succeeded"),
                (Outcome::Failed, "Mark failed"),
            ] {
                item = item.child(
                    el("button")
                        .attr("type", "button")
                        .attr("class", "link")
                        .attr("data-action", actions::MARK)
                        .attr("data-id", e.id.clone())
                        .attr("data-outcome", outcome.id())
                        .text(label),
                );
            }
        }
        list = list.child(item);
    }
    let mut box_ = el("div")
        .attr("id", "history")
        .attr("role", "region")
        .attr("aria-label", format!("History of {}", protocol.short()))
        .child(el("h3").text(format!("History of {}", protocol.short())));
    box_ = if entries.is_empty() {
        box_.child(el("p").text("Nothing recorded for this protocol yet."))
    } else {
        box_.child(list)
    };
    box_
}

fn short_id(id: &str) -> String {
    id.chars().take(8).collect()
}

fn select(id: &'static str, options: &[(&str, &str)], chosen: &str) -> Element {
    el("select")
        .attr("id", id)
        .attr("name", id)
        .children(options.iter().map(|(value, label)| {
            el("option")
                .attr("value", *value)
                .flag("selected", *value == chosen)
                .text(*label)
                .into()
        }))
}

fn record_section(model: &PopupModel) -> Element {
    let protocols: Vec<(&str, &str)> = Protocol::ALL
        .iter()
        .map(|p| (p.short(), p.short()))
        .collect();
    let errors = |field| field_error_in(&model.record_errors, field);
    let open = !model.record_errors.is_empty();
    let form = el("form")
        .attr("data-action", actions::RECORD)
        .attr("novalidate", "")
        .child(el("p").attr("class", "detail").text(
            "For what was done outside this page: a support ticket, a Message Center opt-out, a PowerShell change.",
        ))
        .child(el("label").attr("for", "protocol").text("Protocol"))
        .child(select("protocol", &protocols, model.settings().needed.first().map(|p| p.short()).unwrap_or("EWS")))
        .children(errors("protocol"))
        .child(el("label").attr("for", "action").text("Action"))
        .child(select("action", &[("opt-out", "Opt out"), ("re-enable", "Re-enable")], "re-enable"))
        .children(errors("action"))
        .child(el("label").attr("for", "outcome").text("Outcome"))
        .child(select(
            "outcome",
            &[("submitted", "Submitted"), ("succeeded", "Succeeded"), ("failed", "Failed")],
            "submitted",
        ))
        .children(errors("outcome"))
        .child(el("label").attr("for", "local_time").text("Date and time (your local time)"))
        .child(el("input").attr("type", "datetime-local").attr("id", "local_time").attr("name", "local_time"))
        .children(errors("local_time"))
        .child(el("label").attr("for", "tenant").text("Tenant name or domain (optional)"))
        .child(el("input").attr("type", "text").attr("id", "tenant").attr("name", "tenant").attr("maxlength", "256"))
        .children(errors("tenant"))
        .child(el("label").attr("for", "note").text("Note (optional)"))
        .child(el("textarea").attr("id", "note").attr("name", "note").attr("rows", "2").attr("maxlength", "2000"))
        .children(errors("note"))
        .child(
            el("label").attr("class", "check").child(
                el("input").attr("type", "checkbox").attr("id", "mc437540_seen").attr("name", "mc437540_seen"),
            ).text(" Opt-out confirmed by Message Center post MC437540"),
        )
        .child(el("div").attr("class", "buttons").child(el("button").attr("type", "submit").attr("id", "record-submit").text("Record")));
    el("section")
        .attr("id", "record-section")
        .attr("aria-label", "Record manually")
        .child(
            el("details")
                .attr("id", "record")
                .flag("open", open || model.open_record)
                .child(el("summary").text("Record manually"))
                .child(form),
        )
}

fn log_section(model: &PopupModel) -> Element {
    let status = match &model.log {
        Ok(summary) => match &summary.broken {
            None => el("p")
                .attr("id", "log-status")
                .attr("class", "status ok")
                .attr("data-verified", "true")
                .text(format!(
                    "Log verified — {} {}.",
                    summary.count,
                    if summary.count == 1 {
                        "entry"
                    } else {
                        "entries"
                    }
                )),
            Some(b) => el("p")
                .attr("id", "log-status")
                .attr("class", "status warning")
                .attr("data-verified", "false")
                .attr("role", "alert")
                .text(format!("The log no longer verifies: {}.", b.describe())),
        },
        Err(problem) => el("p")
            .attr("id", "log-status")
            .attr("class", "status warning")
            .attr("data-verified", "unknown")
            .attr("role", "alert")
            .text(problem.clone()),
    };
    let button = |label: &str, action: &'static str, format: &str| -> Node {
        el("button")
            .attr("type", "button")
            .attr("data-action", action)
            .attr("data-format", format)
            .text(label)
            .into()
    };
    section("log", "Action log")
        .child(status)
        .child(
            el("div")
                .attr("class", "buttons")
                .child(button("Export JSON", actions::EXPORT, "json"))
                .child(button("Export CSV", actions::EXPORT, "csv"))
                .child(button("Import log", actions::IMPORT, "json")),
        )
        .child(
            el("input")
                .attr("type", "file")
                .attr("id", "import-file")
                .attr("accept", ".json,application/json")
                .attr("hidden", "")
                .attr("tabindex", "-1")
                .attr("aria-hidden", "true"),
        )
}

fn field_error_in(errors: &[FieldError], field: &str) -> Option<Node> {
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

fn field_error(model: &PopupModel, field: &str) -> Option<Node> {
    field_error_in(&model.form_errors, field)
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
        .children(field_error(model, "cloud"))
        .child(
            el("fieldset")
                .child(el("legend").text("Protocols your mail product needs"))
                .children(protocol_boxes)
                .children(field_error(model, "needed")),
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
        .children(field_error(model, "practice_date"))
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
