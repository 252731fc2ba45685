//! The "Record manually" form: what it submits and how it becomes a draft, each problem named.

use serde::{Deserialize, Serialize};

use super::entry::*;
use crate::core::cloud::Cloud;
use crate::core::protocols::Protocol;
use crate::core::time::Instant;

/// What the "Record manually" form submits, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManualForm {
    pub protocol: String,
    /// SMTP AUTH only: `organization`, `mailbox` or `authentication-policy`.
    #[serde(default)]
    pub scope: String,
    /// SMTP AUTH, mailbox scope only: the mailbox's address.
    #[serde(default)]
    pub mailbox: String,
    pub action: String,
    pub outcome: String,
    /// Local date and time as `<input type="datetime-local">` gives it: `YYYY-MM-DDTHH:MM`.
    pub local_time: String,
    /// Minutes to add to local time to reach UTC at that moment (JS `getTimezoneOffset`).
    pub utc_offset_minutes: i64,
    pub tenant: String,
    pub note: String,
    pub mc437540_seen: bool,
}

fn optional(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl ManualForm {
    /// A draft for the worker to append, or every problem with the form.
    pub fn to_draft(
        &self,
        id: String,
        cloud: Cloud,
    ) -> Result<Draft, Vec<crate::core::field::FieldError>> {
        use crate::core::field::FieldError;
        let mut errors = Vec::new();
        let protocol = Protocol::parse_any(&self.protocol);
        if protocol.is_none() {
            errors.push(FieldError {
                field: "protocol",
                message: t!("record_choose_protocol"),
            });
        }
        let action = Action::from_id(&self.action);
        if action.is_none() {
            errors.push(FieldError {
                field: "action",
                message: t!("record_choose_action"),
            });
        }
        let outcome = Outcome::from_id(&self.outcome);
        if outcome.is_none() {
            errors.push(FieldError {
                field: "outcome",
                message: t!("record_choose_outcome"),
            });
        }
        let smtp = protocol == Some(Protocol::Smtp);
        let scope = Scope::from_id(self.scope.trim()).filter(|_| smtp);
        if smtp && scope.is_none() {
            errors.push(FieldError {
                field: "scope",
                message: t!("record_choose_scope"),
            });
        }
        let mailbox = self.mailbox.trim().to_lowercase();
        let mailbox = (scope == Some(Scope::Mailbox)).then_some(mailbox);
        if let Some(m) = &mailbox {
            if !crate::core::address::valid_address(m) {
                errors.push(FieldError {
                    field: "mailbox",
                    message: t!("record_enter_mailbox"),
                });
            }
        }
        if let (Some(p), Some(a)) = (protocol, action) {
            if (p == Protocol::Smtp) != a.is_smtp() {
                errors.push(FieldError {
                    field: "action",
                    message: t!("record_action_for_protocol"),
                });
            }
        }
        let at = Instant::parse_rfc3339(&format!("{}:00Z", self.local_time.trim()))
            .ok()
            .filter(|_| self.local_time.trim().len() == 16)
            .map(|local| local.plus_seconds(self.utc_offset_minutes * 60));
        if at.is_none() {
            errors.push(FieldError {
                field: "local_time",
                message: t!("record_enter_time"),
            });
        }
        let (Some(protocol), Some(action), Some(outcome), Some(at), true) =
            (protocol, action, outcome, at, errors.is_empty())
        else {
            return Err(errors);
        };
        let draft = Draft {
            id,
            at: at.to_rfc3339(),
            protocol,
            scope,
            mailbox,
            action,
            outcome,
            source: Source::Manual,
            host: None,
            cloud,
            tenant: optional(&self.tenant),
            message: None,
            note: optional(&self.note),
            effective_by: (action == Action::ReEnable && outcome == Outcome::Succeeded)
                .then(|| effective_by(at)),
            mc437540_seen: (action == Action::OptOut).then_some(self.mc437540_seen),
            supersedes: None,
        };
        match draft.validate() {
            Ok(()) => Ok(draft),
            Err(message) => {
                let tenant_ok = check_text("tenant", draft.tenant.as_deref(), MAX_TENANT).is_ok();
                let field = if tenant_ok { "note" } else { "tenant" };
                Err(vec![FieldError {
                    field,
                    message: t!("record_field_problem", message),
                }])
            }
        }
    }
}
