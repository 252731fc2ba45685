//! The Microsoft 365 clouds a tenant can live in, and what each calls its admin center.
//! GCC shares the worldwide hosts, so only the admin can say a tenant is GCC.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Cloud {
    #[serde(rename = "worldwide")]
    Worldwide,
    #[serde(rename = "gcc")]
    Gcc,
    #[serde(rename = "gcc-high")]
    GccHigh,
    #[serde(rename = "dod")]
    Dod,
    #[serde(rename = "21vianet")]
    China21Vianet,
}

impl Cloud {
    pub const ALL: [Cloud; 5] = [
        Cloud::Worldwide,
        Cloud::Gcc,
        Cloud::GccHigh,
        Cloud::Dod,
        Cloud::China21Vianet,
    ];

    /// The identifier used in storage, messages and exported logs.
    pub fn id(self) -> &'static str {
        match self {
            Cloud::Worldwide => "worldwide",
            Cloud::Gcc => "gcc",
            Cloud::GccHigh => "gcc-high",
            Cloud::Dod => "dod",
            Cloud::China21Vianet => "21vianet",
        }
    }

    pub fn from_id(id: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.id() == id)
    }

    /// The name an admin knows it by.
    pub fn name(self) -> String {
        match self {
            Cloud::Worldwide => t!("cloud_worldwide"),
            Cloud::Gcc => t!("cloud_gcc"),
            Cloud::GccHigh => t!("cloud_gcc_high"),
            Cloud::Dod => t!("cloud_dod"),
            Cloud::China21Vianet => t!("cloud_21vianet"),
        }
    }

    /// Whether the self-help diagnostic could be run from this cloud's admin center.
    pub fn has_self_help_diagnostic(self) -> bool {
        self == Cloud::Worldwide
    }

    /// Whether this cloud's admin center is on the worldwide host names.
    pub fn uses_worldwide_hosts(self) -> bool {
        matches!(self, Cloud::Worldwide | Cloud::Gcc)
    }

    /// The admin center's home page in this cloud.
    pub fn admin_center_home(self) -> &'static str {
        match self {
            Cloud::Worldwide | Cloud::Gcc => {
                "https://admin.microsoft.com/Adminportal/Home#/homepage"
            }
            Cloud::GccHigh => "https://portal.office365.us/adminportal/home",
            Cloud::Dod => "https://portal.apps.mil/adminportal/home",
            Cloud::China21Vianet => "https://portal.partner.microsoftonline.cn/adminportal/home",
        }
    }
}
