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
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&c));
    // The labels walked once, without collecting them (`verify` checks 100,000 addresses).
    let (mut labels, mut last) = (0, "");
    let labels_ok = domain.split('.').all(|l| {
        labels += 1;
        last = l;
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
    });
    let domain_ok = domain.len() <= 253
        && labels_ok
        && labels >= 2
        && last.bytes().all(|c| c.is_ascii_alphabetic())
        && last.len() >= 2;
    local_ok && domain_ok
}
