//! What AuthPilot accepts as a mailbox address (a listed sender, a mailbox named in the
//! helper or in Record manually): its own module, so the log, the settings and SMTP AUTH can
//! all check an address without depending on one another.

/// Whether `text` is an address AuthPilot accepts for a sender: `local@domain`, the domain
/// with at least one dot, letters/digits/hyphens in its labels, no spaces or angle brackets.
pub fn valid_address(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()) && tld.len() >= 2);
    local_ok && domain_ok
}
