//! The toolbar popup as a pure function of what the popup knows: where the tab is, the
//! settings, the time. Every word and every state the popup shows is decided here.

use super::cloud::Cloud;
use super::guide::is_done;
use super::hosts::{effective_cloud, open_admin_center_url, Center, Location};
use super::log::{Action, Entry, ManualForm, Outcome, Scope, Summary};
use super::protocols::Protocol;
use super::settings::{FieldError, Loaded, Settings, SettingsForm, SETTINGS_SCHEMA};
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
    /// What the admin last submitted in each form, while it was refused or not saved: shown
    /// again as entered, so a refusal never costs the admin what they typed.
    pub settings_form: Option<SettingsForm>,
    pub record_form: Option<ManualForm>,
    /// "Record manually" is open: at once when the overlay's "Record manually" opened the
    /// popup, after a refusal, or because the admin opened it (kept across redraws).
    pub open_record: bool,
    /// How stored UTC times are shown.
    pub times: TimeDisplay,
    /// The PowerShell line the admin just copied that changes a setting: the popup asks
    /// whether it was run, to record it (copying alone records nothing).
    pub asked: Option<Asked>,
    /// What the admin pasted into the error explainer, and what AuthPilot made of it
    /// (`Some(None)`: not a text AuthPilot knows).
    pub explain_text: String,
    pub explained: Option<Option<super::smtp::Explanation>>,
    /// The tab shown (the popup is at most 800 × 600: one part at a time).
    pub tab: Tab,
    /// What the organisation set by policy (issue 14): its note, its tenant name, the fields
    /// it locks, and the values it set that are invalid.
    pub managed: super::managed::Managed,
}

/// The popup's four parts. `Now` answers "where am I, what applies, what next" for the
/// 2022 diagnostic and SMTP AUTH; the others are one keystroke away (Alt+1 … Alt+4, or the
/// arrow keys on the tab list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Now,
    Smtp,
    Log,
    Settings,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Now, Tab::Smtp, Tab::Log, Tab::Settings];
    pub fn id(self) -> &'static str {
        match self {
            Tab::Now => "now",
            Tab::Smtp => "smtp",
            Tab::Log => "log",
            Tab::Settings => "settings",
        }
    }
    pub fn from_id(id: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.id() == id)
    }
    fn label(self) -> String {
        match self {
            Tab::Now => t!("nav_now"),
            Tab::Smtp => t!("nav_smtp"),
            Tab::Log => t!("nav_log"),
            Tab::Settings => t!("nav_settings"),
        }
    }
    /// The tab a key moves to from this one (ArrowLeft/Right wrap, Home, End).
    pub fn after_key(self, key: &str) -> Option<Tab> {
        let i = Tab::ALL.iter().position(|t| *t == self)?;
        let n = Tab::ALL.len();
        match key {
            "ArrowRight" => Some(Tab::ALL[(i + 1) % n]),
            "ArrowLeft" => Some(Tab::ALL[(i + n - 1) % n]),
            "Home" => Some(Tab::ALL[0]),
            "End" => Some(Tab::ALL[n - 1]),
            _ => None,
        }
    }
    /// The tab an address's `#fragment` asks for (`#record` is in the log).
    pub fn from_fragment(fragment: &str) -> Option<Tab> {
        match fragment.trim_start_matches('#') {
            "record" => Some(Tab::Log),
            other => Tab::from_id(other),
        }
    }
}

/// A copied command that changes a setting, waiting for "did you run it?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub line: String,
    pub change: super::smtp::Change,
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
            settings_form: None,
            record_form: None,
            open_record: false,
            times: utc_times(),
            asked: None,
            explain_text: String::new(),
            explained: None,
            tab: Tab::Now,
            managed: super::managed::Managed::default(),
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
    /// Copy a PowerShell line (`data-line`; a change it makes in `data-scope`,
    /// `data-mailbox`, `data-change`).
    pub const COPY_COMMAND: &str = "copy-command";
    /// Record the copied command as run (`data-outcome`: succeeded or failed).
    pub const RECORD_RUN: &str = "record-run";
    /// The copied command was not run: record nothing.
    pub const NOT_RUN: &str = "not-run";
    /// Explain the pasted error text.
    pub const EXPLAIN: &str = "explain";
    /// Show a tab (`data-tab`).
    pub const TAB: &str = "tab";
}

pub fn render(model: &PopupModel) -> Node {
    let settings = model.settings();
    let (cloud, mismatch) = effective_cloud(&model.location, settings.cloud);
    let panel = |tab: Tab, parts: Vec<Element>| -> Node {
        el("div")
            .attr("role", "tabpanel")
            .attr("id", format!("panel-{}", tab.id()))
            .attr("aria-labelledby", format!("tab-{}", tab.id()))
            .flag("hidden", tab != model.tab)
            .children(parts.into_iter().map(Node::from))
            .into()
    };
    el("main")
        .attr("class", "popup")
        .child(
            el("header")
                .child(el("h1").text("AuthPilot"))
                .child(el("p").attr("class", "tagline").text(t!("popup_tagline"))),
        )
        .child(tab_list(model.tab))
        .child(panel(
            Tab::Now,
            managed_section(model)
                .into_iter()
                .chain([
                    location_section(model, cloud, mismatch.clone()),
                    smtp_now(model, cloud),
                    phase_section(model, cloud),
                ])
                .collect(),
        ))
        .child(panel(Tab::Smtp, vec![smtp_section(model, cloud)]))
        .child(panel(
            Tab::Log,
            vec![
                board_section(model),
                record_section(model),
                log_section(model),
            ],
        ))
        .child(panel(Tab::Settings, vec![settings_section(model)]))
        .child(
            el("p")
                .attr("id", "notice")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .text(model.notice.clone().unwrap_or_default()),
        )
        .into()
}

/// The tab list (WAI-ARIA tabs: the selected tab is the one in the Tab order, arrow keys move
/// between tabs, Alt+1 … Alt+4 reach each from anywhere — handled by the web front, not by
/// `accesskey`, whose modifier differs by platform).
fn tab_list(selected: Tab) -> Element {
    el("div")
        .attr("role", "tablist")
        .attr("aria-label", t!("nav_label"))
        .children(Tab::ALL.into_iter().enumerate().map(|(i, tab)| {
            let key = (i + 1).to_string();
            el("button")
                .attr("type", "button")
                .attr("role", "tab")
                .attr("id", format!("tab-{}", tab.id()))
                .attr("aria-controls", format!("panel-{}", tab.id()))
                .attr(
                    "aria-selected",
                    if tab == selected { "true" } else { "false" },
                )
                .attr("tabindex", if tab == selected { "0" } else { "-1" })
                .attr("data-action", actions::TAB)
                .attr("data-tab", tab.id())
                .attr("aria-keyshortcuts", format!("Alt+{key}"))
                .text(tab.label())
                .into()
        }))
}

/// A link-like button that shows another tab.
fn go_to(tab: Tab, label: String) -> Element {
    el("button")
        .attr("type", "button")
        .attr("class", "link")
        .attr("data-action", actions::TAB)
        .attr("data-tab", tab.id())
        .text(label)
}

/// SMTP AUTH's instant: the practice date only when it is in SMTP AUTH's timeline.
fn smtp_instant(model: &PopupModel) -> Instant {
    let practice = model
        .settings()
        .practice_date
        .map(|_| model.settings().effective_instant(model.now));
    super::smtp::instant_for(practice, model.now)
}

/// The first screen's line on SMTP AUTH: days left and the next step.
fn smtp_now(model: &PopupModel, cloud: Cloud) -> Element {
    let settings = model.settings();
    let g = super::smtp::guidance(smtp_instant(model), cloud, &settings.smtp_senders);
    let latest = model
        .log
        .as_ref()
        .map(|s| s.latest.as_slice())
        .unwrap_or(&[]);
    let waiting = super::smtp::senders_without_plan(latest, &settings.smtp_senders);
    let next = if settings.smtp_senders.is_empty() {
        t!("smtp_next_list_senders")
    } else if !waiting.is_empty() {
        t!("smtp_next_plan_senders", waiting.len())
    } else {
        t!("smtp_next_all_recorded")
    };
    let mut p = el("p")
        .attr("id", "smtp-now")
        .attr("data-smtp-phase", g.phase.id())
        .child(el("strong").text(g.title));
    if let Some(days) = g.days_left {
        p = p.text(" — ").child(
            el("span")
                .attr("class", "days")
                .text(t!("smtp_days_left", days)),
        );
    }
    p.text(". ")
        .text(next)
        .text(" ")
        .child(go_to(Tab::Smtp, t!("smtp_see_plan")))
}

fn smtp_section(model: &PopupModel, cloud: Cloud) -> Element {
    use super::smtp::{board, guidance};
    let settings = model.settings();
    let g = guidance(smtp_instant(model), cloud, &settings.smtp_senders);
    let mut s = section("smtp", &t!("smtp_heading"))
        .attr("data-smtp-phase", g.phase.id())
        .child(el("h3").attr("id", "smtp-title").text(g.title))
        .child(el("p").text(g.summary));
    if let Some(days) = g.days_left {
        s = s.child(
            el("p")
                .attr("class", "deadline")
                .attr("id", "smtp-days")
                .text(t!("smtp_days_left", days)),
        );
    }
    if !g.unconfirmed.is_empty() {
        s = s.child(
            el("ul")
                .attr("class", "unconfirmed")
                .children(g.unconfirmed.into_iter().map(|u| el("li").text(u).into())),
        );
    }
    if let Some(asked) = &model.asked {
        s = s.child(
            el("div")
                .attr("id", "asked")
                .attr("role", "group")
                .attr("aria-labelledby", "asked-question")
                .child(el("p").attr("id", "asked-question").text(t!("smtp_asked")))
                .child(el("code").text(asked.line.clone()))
                .child(
                    el("div")
                        .attr("class", "buttons")
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::RECORD_RUN)
                                .attr("data-outcome", "succeeded")
                                .text(t!("smtp_asked_worked")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::RECORD_RUN)
                                .attr("data-outcome", "failed")
                                .text(t!("smtp_asked_failed")),
                        )
                        .child(
                            el("button")
                                .attr("type", "button")
                                .attr("data-action", actions::NOT_RUN)
                                .text(t!("smtp_asked_not_run")),
                        ),
                ),
        );
    }
    // The board: the last recorded state of each switch and listed sender.
    let latest = model
        .log
        .as_ref()
        .map(|s| s.latest.as_slice())
        .unwrap_or(&[]);
    let rows = board(latest, &settings.smtp_senders)
        .into_iter()
        .map(|(scope, mailbox, entry)| {
            let subject = mailbox.map(str::to_string).unwrap_or_else(|| scope.label());
            let state = match entry {
                Some(e) => describe_entry(e, &model.times),
                None => t!("smtp_board_nothing"),
            };
            el("tr")
                .attr("data-subject", mailbox.unwrap_or(scope.id()))
                .child(el("th").attr("scope", "row").text(subject))
                .child(el("td").text(state))
                .into()
        });
    s = s.child(
        el("table")
            .attr("id", "smtp-board")
            .child(el("caption").text(t!("smtp_board_caption")))
            .child(
                el("tr")
                    .child(el("th").attr("scope", "col").text(t!("smtp_board_subject")))
                    .child(el("th").attr("scope", "col").text(t!("board_last_action"))),
            )
            .children(rows),
    );
    if settings.smtp_senders.is_empty() {
        s = s.child(
            el("p").attr("class", "detail").child(
                el("a")
                    .attr("href", "#smtp_senders")
                    .text(t!("smtp_list_senders_link")),
            ),
        );
    }
    // The plan, with the PowerShell of each step.
    let steps = g.steps.into_iter().map(|step| {
        let commands: Vec<Node> = step
            .commands
            .into_iter()
            .map(|c| {
                let mut copy = el("button")
                    .attr("type", "button")
                    .attr("data-action", actions::COPY_COMMAND)
                    .attr("data-line", c.line.clone())
                    .attr("aria-label", t!("smtp_copy_label", c.label.clone()))
                    .text(t!("smtp_copy"));
                if let Some(change) = &c.records {
                    copy = copy
                        .attr("data-scope", change.scope.id())
                        .attr("data-change", change.action.id());
                    if let Some(m) = &change.mailbox {
                        copy = copy.attr("data-mailbox", m.as_str());
                    }
                }
                el("li")
                    .attr("class", "command")
                    .child(el("span").attr("class", "label").text(c.label))
                    .child(el("code").text(c.line))
                    .child(copy)
                    .into()
            })
            .collect();
        let count = commands.len();
        let mut li = el("li")
            .attr("data-step", step.id)
            .child(el("p").text(step.text));
        if !step.places.is_empty() {
            let opens = step.places.iter().map(|place| match place.url(cloud) {
                Some(url) => el("button")
                    .attr("type", "button")
                    .attr("data-action", actions::OPEN_ADMIN_CENTER)
                    .attr("data-url", url)
                    .text(t!("place_open", place.label()))
                    .into(),
                None => el("span")
                    .attr("class", "fineprint")
                    .text(t!("place_unknown", place.label(), cloud.name()))
                    .into(),
            });
            li = li.child(el("div").attr("class", "buttons places").children(opens));
        }
        if count > 0 {
            li = li.child(
                el("details")
                    .attr("class", "powershell")
                    .child(el("summary").text(t!("smtp_powershell", count)))
                    .child(el("ul").attr("class", "commands").children(commands)),
            );
        }
        li.into()
    });
    s = s.child(el("h3").text(t!("smtp_plan_heading"))).child(
        el("ol")
            .attr("class", "steps")
            .attr("id", "smtp-plan")
            .children(steps),
    );
    // The error explainer.
    let mut explainer = el("form")
        .attr("data-action", actions::EXPLAIN)
        .attr("novalidate", "")
        .child(
            el("label")
                .attr("for", "explain_text")
                .text(t!("smtp_explain_label")),
        )
        .child(
            el("textarea")
                .attr("id", "explain_text")
                .attr("name", "explain_text")
                .attr("rows", "3")
                .attr("spellcheck", "false")
                .text(model.explain_text.clone()),
        )
        .child(
            el("div").attr("class", "buttons").child(
                el("button")
                    .attr("type", "submit")
                    .text(t!("smtp_explain_button")),
            ),
        );
    if let Some(found) = &model.explained {
        let result = match found {
            None => el("p")
                .attr("class", "warning")
                .text(t!("smtp_explain_unknown")),
            Some(e) => {
                let mut d = el("dl")
                    .attr("data-known", e.id)
                    .child(el("dt").text(t!("smtp_explain_known")))
                    .child(el("dd").child(el("code").text(e.known)))
                    .child(el("dt").text(t!("smtp_explain_meaning")))
                    .child(el("dd").text(e.meaning.clone()))
                    .child(el("dt").text(t!("smtp_explain_cause")))
                    .child(el("dd").text(e.cause.clone()))
                    .child(el("dt").text(t!("smtp_explain_next")))
                    .child(el("dd").text(e.next_step.clone()));
                if let Some(m) = &e.mailbox {
                    d = d
                        .child(el("dt").text(t!("smtp_explain_mailbox")))
                        .child(el("dd").text(m.clone()));
                }
                if let Some(line) = &e.command {
                    d = d.child(el("dd").child(el("code").text(line.clone())));
                }
                if e.confidence == super::smtp::Confidence::Unconfirmed {
                    d = d.child(
                        el("dd")
                            .attr("class", "unconfirmed")
                            .text(t!("smtp_explain_unconfirmed")),
                    );
                }
                d
            }
        };
        explainer = explainer.child(
            el("div")
                .attr("id", "explained")
                .attr("role", "status")
                .child(result),
        );
    }
    s.child(
        el("details")
            .attr("id", "explainer")
            .flag(
                "open",
                model.explained.is_some() || !model.explain_text.is_empty(),
            )
            .child(el("summary").text(t!("smtp_explain_heading")))
            .child(explainer),
    )
}

fn section(id: &'static str, heading: &str) -> Element {
    el("section")
        .attr("id", id)
        .attr("aria-labelledby", format!("{id}-heading"))
        .child(el("h2").attr("id", format!("{id}-heading")).text(heading))
}

fn location_section(model: &PopupModel, cloud: Cloud, mismatch: Option<String>) -> Element {
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
                .child(go_to(Tab::Smtp, t!("smtp_see_plan")));
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
            let buttons = el("div")
                .attr("class", "buttons")
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::PREFILL)
                        .text(t!("button_prefill")),
                )
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::PREFILL_SEARCH)
                        .text(t!("button_prefill_search")),
                )
                // The helper appears by itself with the Help & support pane; here on demand.
                .child(
                    el("button")
                        .attr("type", "button")
                        .attr("data-action", actions::SHOW_HELPER)
                        .text(t!("button_show_helper")),
                );
            s = s.child(buttons);
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
                        .attr("data-action", actions::OPEN_ADMIN_CENTER)
                        .attr("data-url", open_admin_center_url(cloud))
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

fn phase_section(model: &PopupModel, cloud: Cloud) -> Element {
    let settings = model.settings();
    let at = settings.effective_instant(model.now);
    let g = guidance(at, cloud, &settings.needed);
    let when = match settings.practice_date {
        Some(date) => t!("phase_when_practice", (model.times)(&date.to_string())),
        None => t!(
            "phase_when_today",
            (model.times)(&model.now.date().to_string())
        ),
    };
    let mut s = section("phase", &t!("phase_heading"))
        .attr("data-phase", g.phase.id())
        .child(el("p").attr("class", "when").text(when))
        .child(el("h3").attr("id", "phase-title").text(g.title))
        .child(el("p").text(g.summary));
    if let Some(action) = g.diagnostic {
        let label = match action {
            DiagnosticAction::OptOut => t!("phase_mode_opt_out"),
            DiagnosticAction::ReEnable => t!("phase_mode_re_enable"),
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
            0 => t!("phase_ends_tonight"),
            1 => t!("phase_one_day_left"),
            n => t!("phase_days_left", n),
        }));
    }
    s
}

/// "Re-enable · Succeeded · 2022-10-15 10:00 UTC" (the time as `times` shows it)
fn describe_entry(e: &Entry, times: &TimeDisplay) -> String {
    t!(
        "entry_line",
        e.action.label(),
        e.outcome.label(),
        times(&e.at)
    )
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
        .child(el("th").attr("scope", "col").text(t!("board_protocol")))
        .child(el("th").attr("scope", "col").text(t!("board_needed")))
        .child(el("th").attr("scope", "col").text(t!("board_last_action")))
        .child(
            el("th").attr("scope", "col").child(
                el("span")
                    .attr("class", "visually-hidden")
                    .text(t!("board_history")),
            ),
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
                        t!(
                            "board_protocol_title",
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
                        (true, true) => t!("board_needed_done"),
                        (true, false) => t!("board_needed_to_do"),
                        (false, _) => "—".to_string(),
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
                            .unwrap_or_else(|| t!("board_no_action")),
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
                        .attr("aria-label", t!("history_of", p.short()))
                        .text(t!("board_history")),
                ),
            )
            .into()
    });
    let mut s = section("board", &t!("board_heading")).child(
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
            .child(el("span").text(t!(
                "history_line",
                e.seq,
                describe_entry(e, times),
                e.source.label()
            )));
        if let Some(target) = &e.supersedes {
            item = item.child(
                el("span")
                    .attr("class", "detail")
                    .text(t!("history_updates", short_id(target))),
            );
        }
        for extra in [&e.message, &e.note, &e.tenant].into_iter().flatten() {
            item = item.child(el("p").attr("class", "detail").text(extra.clone()));
        }
        if let Some(by) = &e.effective_by {
            item = item.child(
                el("p")
                    .attr("class", "detail")
                    .text(t!("history_should_work_by", times(by))),
            );
        }
        let settled = entries
            .iter()
            .any(|later| later.supersedes.as_deref() == Some(e.id.as_str()));
        if e.outcome == Outcome::Submitted && !settled {
            for (outcome, label) in [
                (Outcome::Succeeded, t!("history_mark_succeeded")),
                (Outcome::Failed, t!("history_mark_failed")),
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
        .attr("aria-label", t!("history_of", protocol.short()))
        .child(el("h3").text(t!("history_of", protocol.short())));
    box_ = if entries.is_empty() {
        box_.child(el("p").text(t!("history_empty")))
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
        .attr("data-action", actions::RECORD)
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

fn log_section(model: &PopupModel) -> Element {
    let status = match &model.log {
        Ok(summary) => match &summary.broken {
            None => el("p")
                .attr("id", "log-status")
                .attr("class", "status ok")
                .attr("data-verified", "true")
                .text(if summary.count == 1 {
                    t!("log_verified_one")
                } else {
                    t!("log_verified_many", summary.count)
                }),
            Some(b) => el("p")
                .attr("id", "log-status")
                .attr("class", "status warning")
                .attr("data-verified", "false")
                .attr("role", "alert")
                .text(t!("log_broken", b.describe())),
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
    section("log", &t!("log_heading"))
        .child(status)
        .child(
            el("div")
                .attr("class", "buttons")
                .child(button(&t!("log_export_json"), actions::EXPORT, "json"))
                .child(button(&t!("log_export_csv"), actions::EXPORT, "csv"))
                .child(button(&t!("log_import"), actions::IMPORT, "json")),
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

fn check_box(model: &PopupModel, name: &'static str, checked: bool, label: String) -> Element {
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

/// "From your organisation": the note it set (who to call), its tenant name, and each value it
/// set that AuthPilot ignores because it is invalid. Absent when nothing is set.
fn managed_section(model: &PopupModel) -> Option<Element> {
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

fn managed_problems(m: &super::managed::Managed, id: &'static str) -> Option<Node> {
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

/// A field the organisation set: disabled, described by "Set by your organisation".
fn locked(model: &PopupModel, field: &'static str, control: Element) -> Element {
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

fn managed_mark(model: &PopupModel, field: &'static str) -> Option<Node> {
    model.managed.locks(field).then(|| {
        let text = if field == super::managed::field::PRACTICE_DATE {
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

fn settings_section(model: &PopupModel) -> Element {
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
                        .attr("data-action", actions::USE_TODAY)
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
