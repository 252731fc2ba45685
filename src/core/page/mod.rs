//! The admin-center page: which hosts and clouds it is (hosts), what AuthPilot saw there for
//! a support report (report), and every word it reads on it, a table per language (words,
//! words.json). It imports neither SMTP AUTH nor the 2022 diagnostic: the in-page helper that
//! speaks of both is `core::helper`.

pub mod hosts;
pub mod report;
pub mod words;
