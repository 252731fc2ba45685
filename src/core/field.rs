//! A refusal of one field of a form (settings, Record manually), shared by the modules that
//! check forms without depending on one another.

use serde::Serialize;

/// A refusal naming the field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}
