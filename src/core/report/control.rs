//! The report page's controls, named once: the view draws them by these ids and the web front
//! reads an event back into a message by them.

/// The page's controls (`data-action`, or a box's id), by their kebab-case ids: the web front
/// reads a click back into a message by this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum ReportControl {
    Print,
    SaveHtml,
    /// "Read an audit file…": opens the file picker (the hidden `#audit-file`).
    ReadAudit,
    /// "Show IP addresses" (a check box: `#include-ip`).
    IncludeIp,
}

impl ReportControl {
    pub fn id(self) -> &'static str {
        self.into()
    }
    pub fn from_id(id: &str) -> Option<ReportControl> {
        id.parse().ok()
    }
}
