//! The admin's settings: which cloud the tenant is in, which protocols the mail product
//! needs, an optional practice date, the SMTP AUTH senders and reminders. Validated here,
//! stored as versioned JSON.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::core::cloud::Cloud;
use crate::core::protocols::Protocol;
use crate::core::time::{Date, Instant};

/// The version of the stored settings object. Raise it with a migration in `migrate`.
pub const SETTINGS_SCHEMA: u64 = 1;

/// The storage key the settings live under.
pub const SETTINGS_KEY: &str = "settings";

/// Practice dates are accepted in this range (the procedure began in 2021).
const EARLIEST_PRACTICE: (i32, u8, u8) = (2021, 1, 1);
const LATEST_PRACTICE: (i32, u8, u8) = (2099, 12, 31);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub cloud: Cloud,
    /// Protocols the organisation's mail product needs, in the diagnostic's order.
    pub needed: Vec<Protocol>,
    /// Rehearse the 2022 procedure as of this date; `None` means today.
    pub practice_date: Option<Date>,
    /// The mailboxes that send through SMTP AUTH (lower case, in the order given).
    pub smtp_senders: Vec<String>,
    /// Reminders before the end of December 2026 (and on 1 January 2027) while a listed
    /// sender has no recorded plan.
    pub deadline_reminders: bool,
    /// A reminder to test the device after SMTP AUTH is recorded turned on for a mailbox.
    pub device_test_reminders: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cloud: Cloud::Worldwide,
            needed: Protocol::MAIL_READING.to_vec(),
            practice_date: None,
            smtp_senders: Vec::new(),
            deadline_reminders: true,
            device_test_reminders: true,
        }
    }
}

/// On the wire (the helper's view), settings travel in their stored form (`to_stored`), read
/// back with its checks (`from_stored`): one form, typed at both ends.
impl Serialize for Settings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_stored().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Settings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Settings, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Settings::from_stored(&value).map_err(serde::de::Error::custom)
    }
}

/// What the settings form submits, before validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsForm {
    pub cloud: String,
    pub needed: Vec<String>,
    /// `YYYY-MM-DD`, or empty for "today".
    pub practice_date: String,
    /// The senders as typed or pasted: one per line, or the SMTP AUTH clients report's CSV.
    #[serde(default)]
    pub smtp_senders: String,
    #[serde(default = "yes")]
    pub deadline_reminders: bool,
    #[serde(default = "yes")]
    pub device_test_reminders: bool,
}

fn yes() -> bool {
    true
}

impl Default for SettingsForm {
    /// An empty form; the reminders on, as in `Settings::default`.
    fn default() -> Self {
        SettingsForm {
            cloud: String::new(),
            needed: Vec::new(),
            practice_date: String::new(),
            smtp_senders: String::new(),
            deadline_reminders: true,
            device_test_reminders: true,
        }
    }
}

pub use crate::core::field::FieldError;

/// What loading stored settings found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// Nothing stored yet: defaults.
    Fresh(Settings),
    Stored(Settings),
    /// Stored settings that cannot be used. The defaults apply, and the stored value is
    /// left untouched until the admin saves.
    Unusable {
        defaults: Settings,
        problem: String,
    },
}

impl Loaded {
    pub fn settings(&self) -> &Settings {
        match self {
            Loaded::Fresh(s) | Loaded::Stored(s) => s,
            Loaded::Unusable { defaults, .. } => defaults,
        }
    }
    pub fn problem(&self) -> Option<&str> {
        match self {
            Loaded::Unusable { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

impl Settings {
    /// The instant whose guidance to show: noon UTC on the practice date, or `now`.
    pub fn effective_instant(&self, now: Instant) -> Instant {
        match self.practice_date {
            Some(date) => date.start().plus_seconds(12 * 3600),
            None => now,
        }
    }

    /// Checks a submitted form; every problem is reported, not just the first.
    pub fn from_form(form: &SettingsForm) -> Result<Settings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let cloud = Cloud::from_id(form.cloud.trim());
        if cloud.is_none() {
            errors.push(FieldError {
                field: "cloud",
                message: t!("settings_unknown_cloud", form.cloud),
            });
        }
        let mut needed = Vec::new();
        for name in &form.needed {
            match Protocol::parse(name) {
                Some(p) if !needed.contains(&p) => needed.push(p),
                Some(_) => {}
                None => errors.push(FieldError {
                    field: "needed",
                    message: t!("settings_unknown_protocol", name),
                }),
            }
        }
        if form.needed.is_empty() {
            errors.push(FieldError {
                field: "needed",
                message: t!("settings_no_protocol"),
            });
        }
        needed.sort();
        let practice_date = match form.practice_date.trim() {
            "" => None,
            text => match parse_practice_date(text) {
                Ok(date) => Some(date),
                Err(message) => {
                    errors.push(FieldError {
                        field: "practice_date",
                        message,
                    });
                    None
                }
            },
        };
        let smtp_senders = match crate::core::smtp::parse_senders(&form.smtp_senders) {
            Ok(list) => list,
            Err(bad) => {
                errors.push(FieldError {
                    field: "smtp_senders",
                    message: bad.describe(),
                });
                Vec::new()
            }
        };
        match (cloud, errors.is_empty()) {
            (Some(cloud), true) => Ok(Settings {
                cloud,
                needed,
                practice_date,
                smtp_senders,
                deadline_reminders: form.deadline_reminders,
                device_test_reminders: form.device_test_reminders,
            }),
            _ => Err(errors),
        }
    }

    pub fn to_form(&self) -> SettingsForm {
        SettingsForm {
            cloud: self.cloud.id().to_string(),
            needed: self.needed.iter().map(|p| p.short().to_string()).collect(),
            practice_date: self
                .practice_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            smtp_senders: self.smtp_senders.join("\n"),
            deadline_reminders: self.deadline_reminders,
            device_test_reminders: self.device_test_reminders,
        }
    }

    /// The stored JSON form, with its schema version.
    pub fn to_stored(&self) -> Value {
        let form = self.to_form();
        json!({
            "schema": SETTINGS_SCHEMA,
            "cloud": form.cloud,
            "needed": form.needed,
            "practice_date": self.practice_date.map(|d| d.to_string()),
            "smtp_senders": self.smtp_senders,
            "deadline_reminders": self.deadline_reminders,
            "device_test_reminders": self.device_test_reminders,
        })
    }

    /// Reads what storage holds under `SETTINGS_KEY` (`None` when nothing is stored).
    pub fn load(stored: Option<&Value>) -> Loaded {
        let Some(value) = stored else {
            return Loaded::Fresh(Settings::default());
        };
        match Settings::from_stored(value) {
            Ok(settings) => Loaded::Stored(settings),
            Err(problem) => Loaded::Unusable {
                defaults: Settings::default(),
                problem,
            },
        }
    }

    fn from_stored(value: &Value) -> Result<Settings, String> {
        let object = value
            .as_object()
            .ok_or_else(|| t!("settings_stored_not_object"))?;
        let schema = object
            .get("schema")
            .and_then(Value::as_u64)
            .ok_or_else(|| t!("settings_stored_no_schema"))?;
        if schema > SETTINGS_SCHEMA {
            return Err(t!("settings_stored_newer", schema, SETTINGS_SCHEMA));
        }
        let form = SettingsForm {
            cloud: object
                .get("cloud")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            needed: object
                .get("needed")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().unwrap_or("?").to_string())
                        .collect()
                })
                .unwrap_or_default(),
            practice_date: object
                .get("practice_date")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            // Added after schema 1 was first written: absent means none listed, reminders on.
            smtp_senders: object
                .get("smtp_senders")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().unwrap_or("?"))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default(),
            deadline_reminders: object
                .get("deadline_reminders")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            device_test_reminders: object
                .get("device_test_reminders")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        };
        Settings::from_form(&form).map_err(|errors| {
            let reasons: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            t!("settings_stored_damaged", reasons.join(" "))
        })
    }
}

fn parse_practice_date(text: &str) -> Result<Date, String> {
    let date = Date::parse(text).map_err(|e| t!("settings_practice_invalid", e))?;
    let (ey, em, ed) = EARLIEST_PRACTICE;
    let (ly, lm, ld) = LATEST_PRACTICE;
    let earliest = Date::new(ey, em, ed).expect("valid");
    let latest = Date::new(ly, lm, ld).expect("valid");
    if date < earliest || date > latest {
        return Err(t!("settings_practice_range", date, earliest, latest));
    }
    Ok(date)
}
