//! The admin-center page: which hosts and clouds it is (hosts), the in-page guide and helper
//! (guide; its SMTP AUTH views: helper_smtp), what AuthPilot saw there for a support report (report), and every word it reads
//! on it, a table per language (words, words.json).

pub mod guide;
pub mod helper;
mod helper_smtp;
pub mod hosts;
pub mod report;
pub mod target;
pub mod words;
