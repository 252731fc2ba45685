//! The eight diagnostic protocols and every spelling admins and the diagnostic use.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::protocols::Protocol;

#[test]
fn every_spelling_parses_to_its_protocol() {
    let cases = [
        ("POP", Protocol::Pop),
        ("pop3", Protocol::Pop),
        ("POP3 ", Protocol::Pop),
        (
            "Post Office Protocol (POP3, used by email clients)",
            Protocol::Pop,
        ),
        ("IMAP", Protocol::Imap),
        ("imap4", Protocol::Imap),
        ("Internet Message Access Protocol", Protocol::Imap),
        (
            "Internet Message Access Protocol (IMAP, used by email clients)",
            Protocol::Imap,
        ),
        ("ews", Protocol::Ews),
        (
            "Exchange Web Services (EWS, used by Outlook for Windows & Mac)",
            Protocol::Ews,
        ),
        (
            "Exchange ActiveSync (EAS, used by mobile devices)",
            Protocol::Eas,
        ),
        ("ActiveSync", Protocol::Eas),
        ("RemotePowerShell", Protocol::RemotePowerShell),
        ("Remote PowerShell", Protocol::RemotePowerShell),
        (
            "Exchange Online Remote PowerShell (used for executing scripts)",
            Protocol::RemotePowerShell,
        ),
        (
            "MAPI (used by all versions of Outlook for Windows)",
            Protocol::Mapi,
        ),
        ("mapi over http", Protocol::Mapi),
        (
            "Offline Address Book (OAB, used by Outlook for Windows)",
            Protocol::Oab,
        ),
        (
            "RPC (used by older versions of Outlook for Windows)",
            Protocol::Rpc,
        ),
        ("Outlook Anywhere", Protocol::Rpc),
    ];
    for (text, protocol) in cases {
        assert_eq!(Protocol::parse(text), Some(protocol), "{text}");
    }
    for p in Protocol::ALL {
        assert_eq!(Protocol::parse(p.short()), Some(p));
        assert_eq!(Protocol::parse(p.diagnostic_label()), Some(p));
    }
}

#[test]
fn things_that_are_not_diagnostic_protocols_are_refused() {
    for text in [
        "",
        "   ",
        "SMTP",
        "SMTP AUTH",
        "Autodiscover",
        "Outlook Service",
        "POP4",
        "IMAPS",
        "POP and IMAP",
        "Reporting Web Services",
    ] {
        assert_eq!(Protocol::parse(text), None, "{text}");
    }
    // The log knows SMTP AUTH (version 2); the diagnostic never offered it.
    for text in ["SMTP", "SMTP AUTH", "smtp auth", "Authenticated SMTP"] {
        assert_eq!(Protocol::parse_any(text), Some(Protocol::Smtp), "{text}");
    }
    assert_eq!(Protocol::parse_any("imap4"), Some(Protocol::Imap));
    assert_eq!(Protocol::parse_any("Autodiscover"), None);
}

#[test]
fn blocked_apps_bits_follow_the_diagnostics_order() {
    let bits: Vec<u8> = Protocol::ALL.iter().map(|p| p.blocked_apps_bit()).collect();
    assert_eq!(bits, [1, 2, 4, 8, 16, 32, 64, 128]);
    let all: u16 = Protocol::ALL
        .iter()
        .map(|p| u16::from(p.blocked_apps_bit()))
        .sum();
    assert_eq!(all, 255, "255 means all eight blocked");
    assert_eq!(
        Protocol::MAIL_READING,
        [Protocol::Ews, Protocol::Pop, Protocol::Imap]
    );
}
