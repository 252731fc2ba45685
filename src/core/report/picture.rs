//! One picture per scope or mailbox: SMTP AUTH on, off or following the organisation over
//! time, from the entries that succeeded, with the change at the end of December 2026 marked.
//! Drawn as SVG elements in the view tree (the web layer creates them in the SVG namespace).

use crate::core::log::{Action, Entry};
use crate::core::smtp::off_by_default_from;
use crate::core::time::Instant;
use crate::core::view::{el, Element};

const WIDTH: f64 = 640.0;
const BAR_Y: f64 = 18.0;
const BAR_H: f64 = 18.0;

fn colour(state: Option<Action>) -> (&'static str, &'static str) {
    match state {
        Some(Action::TurnOn) => ("#107c10", "on"),
        Some(Action::TurnOff) => ("#a4262c", "off"),
        Some(Action::FollowOrganization) => ("#0f6cbd", "follows"),
        _ => ("#c8c6c4", "unknown"),
    }
}

fn state_label(state: Option<Action>) -> String {
    match state {
        Some(Action::TurnOn) => t!("report_state_on"),
        Some(Action::TurnOff) => t!("report_state_off"),
        Some(Action::FollowOrganization) => t!("report_state_follows"),
        _ => t!("report_state_unknown"),
    }
}

/// The picture for one subject: `entries` are its succeeded changes, oldest first.
pub fn timeline(name: &str, entries: &[&Entry], now: Instant) -> Element {
    let marker = off_by_default_from();
    let times: Vec<(Instant, Action)> = entries
        .iter()
        .filter_map(|e| Some((Instant::parse_rfc3339(&e.at).ok()?, e.action)))
        .collect();
    let day = 86_400;
    let start = times
        .first()
        .map(|(t, _)| *t)
        .unwrap_or(now)
        .min(marker.plus_seconds(-31 * day))
        .plus_seconds(-day);
    let end = now.max(marker.plus_seconds(31 * day));
    let span = (end.unix_seconds() - start.unix_seconds()).max(1) as f64;
    let x = |t: Instant| {
        ((t.unix_seconds() - start.unix_seconds()) as f64 / span * WIDTH).clamp(0.0, WIDTH)
    };
    let mut segments = Vec::new();
    let mut from = start;
    let mut state: Option<Action> = None;
    for (t, action) in &times {
        segments.push((from, *t, state));
        from = *t;
        state = Some(*action);
    }
    segments.push((from, end, state));
    let now_state = state;
    let mut svg = el("svg")
        .attr("xmlns", "http://www.w3.org/2000/svg")
        .attr("viewBox", format!("0 0 {WIDTH} 64"))
        .attr("width", WIDTH.to_string())
        .attr("height", "64")
        .attr("role", "img")
        .attr("class", "timeline")
        .attr("data-changes", times.len().to_string())
        .attr(
            "aria-label",
            t!("report_picture_label", name, state_label(now_state)),
        )
        .child(el("title").text(t!("report_picture_label", name, state_label(now_state))));
    for (a, b, s) in segments {
        let (fill, id) = colour(s);
        svg = svg.child(
            el("rect")
                .attr("x", format!("{:.1}", x(a)))
                .attr("y", BAR_Y.to_string())
                .attr("width", format!("{:.1}", (x(b) - x(a)).max(0.0)))
                .attr("height", BAR_H.to_string())
                .attr("fill", fill)
                .attr("data-state", id),
        );
    }
    let mx = format!("{:.1}", x(marker));
    svg.child(
        el("line")
            .attr("x1", mx.clone())
            .attr("x2", mx.clone())
            .attr("y1", "10")
            .attr("y2", "44")
            .attr("stroke", "#323130")
            .attr("stroke-width", "2")
            .attr("stroke-dasharray", "3 2")
            .attr("class", "marker"),
    )
    .child(
        el("text")
            .attr("x", mx)
            .attr("y", "8")
            .attr("font-size", "9")
            .attr("text-anchor", "middle")
            .text(t!("report_marker")),
    )
    .child(
        el("text")
            .attr("x", "0")
            .attr("y", "58")
            .attr("font-size", "9")
            .text(start.date().to_string()),
    )
    .child(
        el("text")
            .attr("x", WIDTH.to_string())
            .attr("y", "58")
            .attr("font-size", "9")
            .attr("text-anchor", "end")
            .text(end.date().to_string()),
    )
}
