//! What AuthPilot knows of the "Enable Basic Auth in EXO" self-help diagnostic itself.

/// The query that finds the diagnostic in Help & support.
pub const QUERY: &str = "Diag: Enable Basic Auth in EXO";

/// Microsoft's short link to the diagnostic.
pub const SHORT_LINK: &str = "https://aka.ms/PillarEXOBasicAuth";
