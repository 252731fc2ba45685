//! The page elements the helper can point at and outline, as the admin would name them.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::PageState;

/// The page elements the guide can point at (the content script's table has the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    #[serde(rename = "help-button")]
    HelpButton,
    #[serde(rename = "search-box")]
    SearchBox,
    #[serde(rename = "run-tests")]
    RunTests,
    #[serde(rename = "dropdown")]
    Dropdown,
    #[serde(rename = "acknowledge")]
    Acknowledge,
    #[serde(rename = "update")]
    Update,
    /// An SMTP AUTH switch's check box (issue 13).
    #[serde(rename = "switch")]
    Switch,
}

impl Target {
    /// How the admin would name it.
    pub fn name(self) -> String {
        match self {
            Target::HelpButton => t!("target_help_button"),
            Target::SearchBox => t!("target_search_box"),
            Target::RunTests => t!("target_run_tests"),
            Target::Dropdown => t!("target_dropdown"),
            Target::Acknowledge => t!("target_acknowledge"),
            Target::Update => t!("target_update"),
            Target::Switch => t!("target_switch"),
        }
    }

    pub(crate) fn seen(self, page: &PageState) -> bool {
        match self {
            Target::HelpButton => page.help_button,
            Target::SearchBox => page.search_box,
            Target::RunTests => page.run_tests,
            Target::Dropdown => page.mode.is_some(),
            Target::Acknowledge | Target::Update => page.mode.is_some(),
            // Named only while the observation holds a switch.
            Target::Switch => true,
        }
    }
}
