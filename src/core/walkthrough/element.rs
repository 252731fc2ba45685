//! The page elements the helper can point at and outline, as the admin would name them.

use serde::{Deserialize, Serialize};

use crate::core::diagnostic::PageState;

/// The page elements the guide can point at (the content script's table has the same keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageElement {
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

impl PageElement {
    /// How the admin would name it.
    pub fn name(self) -> String {
        match self {
            PageElement::HelpButton => t!("target_help_button"),
            PageElement::SearchBox => t!("target_search_box"),
            PageElement::RunTests => t!("target_run_tests"),
            PageElement::Dropdown => t!("target_dropdown"),
            PageElement::Acknowledge => t!("target_acknowledge"),
            PageElement::Update => t!("target_update"),
            PageElement::Switch => t!("target_switch"),
        }
    }

    pub(crate) fn seen(self, page: &PageState) -> bool {
        match self {
            PageElement::HelpButton => page.help_button,
            PageElement::SearchBox => page.search_box,
            PageElement::RunTests => page.run_tests,
            PageElement::Dropdown => page.mode.is_some(),
            PageElement::Acknowledge | PageElement::Update => page.mode.is_some(),
            // Named only while the observation holds a switch.
            PageElement::Switch => true,
        }
    }
}
