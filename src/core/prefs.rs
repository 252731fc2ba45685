//! The in-page helper's remembered state (storage key `helper`): minimised or closed, the side
//! it is docked on and how high — and what the admin does to it. A domain of its own, below the
//! wire that carries it (`core::messages`) and the helper that shows it (`core::helper`).

use serde::{Deserialize, Serialize};

/// Where the admin let go of the helper after dragging it, as the page measured its frame
/// (CSS pixels): its left edge and width, its gap to the window's bottom, the window's width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dropped {
    pub left: i32,
    pub width: i32,
    pub gap: i32,
    pub viewport_width: i32,
}

/// The highest the helper is remembered above the window's bottom (px): a drop above it is kept
/// at it, so a remembered place is on screen in any window AuthPilot is likely to meet.
pub const MAX_LIFT: u32 = 2000;

/// What the admin did to the helper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HelperChange {
    /// "Show the helper" (the popup): shown again, where it was docked.
    #[serde(rename = "show")]
    Show,
    #[serde(rename = "minimise")]
    Minimise,
    #[serde(rename = "restore")]
    Restore,
    #[serde(rename = "close")]
    Close,
    /// "Move": to the other side of the page.
    #[serde(rename = "dock")]
    Dock,
    /// Dragged and let go: it docks to the nearer side, at the height it was left.
    #[serde(rename = "place")]
    Place(Dropped),
}

/// The in-page helper's preferences, remembered across pages (storage key `helper`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperPrefs {
    #[serde(default)]
    pub minimised: bool,
    #[serde(default)]
    pub closed: bool,
    /// Docked on the right of the page (the admin moved it there); the left otherwise.
    #[serde(default)]
    pub right: bool,
    /// How far above the window's bottom the admin dragged it (px; 0: the corner).
    #[serde(default)]
    pub lift: u32,
}

impl HelperPrefs {
    /// The prefs after the admin's change: showing it again opens it where it was docked;
    /// Move switches the side; the rest keep the side.
    pub fn apply(self, change: HelperChange) -> HelperPrefs {
        match change {
            HelperChange::Show => HelperPrefs {
                minimised: false,
                closed: false,
                ..self
            },
            HelperChange::Minimise => HelperPrefs {
                minimised: true,
                ..self
            },
            HelperChange::Restore => HelperPrefs {
                minimised: false,
                ..self
            },
            HelperChange::Close => HelperPrefs {
                closed: true,
                ..self
            },
            HelperChange::Dock => HelperPrefs {
                right: !self.right,
                ..self
            },
            // The nearer side is the one its middle was dropped in; the height is kept, within
            // the window (never below its bottom, never above MAX_LIFT).
            HelperChange::Place(d) => HelperPrefs {
                right: 2 * d.left + d.width > d.viewport_width,
                lift: d.gap.clamp(0, MAX_LIFT as i32) as u32,
                ..self
            },
        }
    }
}

/// How the content script frames the helper on a page (CSS px): its width and its gap to the
/// window's edges, and its height before its content has said how tall it is (minimised or
/// not). Sent in page-present's answer, so the page side restates no size (issue 33).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameLayout {
    pub width: u32,
    pub margin: u32,
    pub height: u32,
    pub minimised_height: u32,
}

/// The one frame: as wide as the helper's layout is drawn for (extension/helper.css), clear of
/// the window's edges, 240 px tall until it measures itself (96 px minimised).
pub const FRAME: FrameLayout = FrameLayout {
    width: 360,
    margin: 16,
    height: 240,
    minimised_height: 96,
};
