//! The toolbar popup as a pure function of what the popup knows: where the tab is, the
//! settings, the time. Every word and every state the popup shows is decided here.

pub mod audit;
mod log;
mod model;
mod msg;
mod now;
mod record;
mod settings;
mod smtp;
pub mod update;
use audit::*;
pub use log::short_time;
use log::*;
use now::*;
use record::*;
use settings::*;
use smtp::*;

pub use model::*;

use super::view::{el, Element, Node};
use crate::core::page::hosts::effective_cloud;

pub fn render(model: &PopupModel) -> Node {
    let settings = model.settings();
    let (cloud, mismatch) = effective_cloud(&model.location, settings.cloud);
    let panel = |tab: Section, parts: Vec<Element>| -> Node {
        el("div")
            .attr("role", "tabpanel")
            .attr("id", format!("panel-{}", tab.id()))
            .attr("aria-labelledby", format!("tab-{}", tab.id()))
            .flag("hidden", tab != model.section)
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
        .child(tab_list(model.section))
        .child(panel(
            Section::Now,
            managed_section(model)
                .into_iter()
                .chain([
                    location_section(model, cloud, mismatch.clone()),
                    // Today first (issue 27): SMTP AUTH's deadline is the one still ahead.
                    smtp_now(model, cloud),
                    phase_section(model, cloud),
                ])
                .collect(),
        ))
        .child(panel(Section::Smtp, vec![smtp_section(model, cloud)]))
        .child(panel(
            Section::Log,
            vec![
                board_section(model),
                record_section(model),
                log_section(model),
                audit_section(model),
            ],
        ))
        .child(panel(Section::Settings, vec![settings_section(model)]))
        .child(
            el("p")
                .attr("id", "notice")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .text(model.notice.clone().unwrap_or_default()),
        )
        .into()
}

/// The tab list (WAI-ARIA tabs: the selected tab is the one in the Section order, arrow keys move
/// between tabs, Alt+1 … Alt+4 reach each from anywhere — handled by the web front, not by
/// `accesskey`, whose modifier differs by platform).
fn tab_list(selected: Section) -> Element {
    el("div")
        .attr("role", "tablist")
        .attr("aria-label", t!("nav_label"))
        .children(Section::ALL.into_iter().enumerate().map(|(i, tab)| {
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
                .attr("data-action", Control::Section.id())
                .attr("data-tab", tab.id())
                .attr("aria-keyshortcuts", format!("Alt+{key}"))
                .text(tab.label())
                .into()
        }))
}
