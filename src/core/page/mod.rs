//! The admin-center page: which hosts and clouds it is (hosts), the in-page guide and helper
//! (guide), what AuthPilot saw there for a support report (report), and every word it reads
//! on it, a table per language (words, words.json).

pub mod guide;
pub mod hosts;
pub mod report;
pub mod words;
