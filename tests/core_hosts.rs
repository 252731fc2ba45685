//! Which URLs are the admin center, and which cloud the admin is guided for.
#![cfg(not(target_arch = "wasm32"))]

use authpilot::core::cloud::Cloud;
use authpilot::core::diagnostic::timeline::open_admin_center_url;
use authpilot::core::page::hosts::{
    classify, effective_cloud, manifest_hosts, Center, Location, ADMIN_HOSTS,
};

fn host_of(url: &str) -> Option<&'static str> {
    match classify(url) {
        Location::AdminCenter { host, .. } => Some(host),
        Location::Elsewhere => None,
    }
}

#[test]
fn every_admin_center_host_and_cloud_is_recognised() {
    let cases = [
        (
            "https://admin.microsoft.com/Adminportal/Home#/homepage",
            "admin.microsoft.com",
            Cloud::Worldwide,
        ),
        (
            "https://admin.microsoft.com/#/MessageCenter",
            "admin.microsoft.com",
            Cloud::Worldwide,
        ),
        (
            "https://ADMIN.Microsoft.com:443/AdminPortal/?searchSolutions=x#/support",
            "admin.microsoft.com",
            Cloud::Worldwide,
        ),
        (
            "https://admin.cloud.microsoft/?#/homepage",
            "admin.cloud.microsoft",
            Cloud::Worldwide,
        ),
        (
            "https://portal.office.com/AdminPortal/Home#/homepage",
            "portal.office.com",
            Cloud::Worldwide,
        ),
        (
            "https://portal.office.com/adminportal",
            "portal.office.com",
            Cloud::Worldwide,
        ),
        (
            "https://portal.office365.us/adminportal/home",
            "portal.office365.us",
            Cloud::GccHigh,
        ),
        (
            "https://portal.apps.mil/adminportal/home#/homepage",
            "portal.apps.mil",
            Cloud::Dod,
        ),
        (
            "https://portal.partner.microsoftonline.cn/adminportal",
            "portal.partner.microsoftonline.cn",
            Cloud::China21Vianet,
        ),
    ];
    for (url, host, cloud) in cases {
        match classify(url) {
            Location::AdminCenter {
                host: h,
                host_cloud,
                ..
            } => {
                assert_eq!((h, host_cloud), (host, cloud), "{url}");
            }
            Location::Elsewhere => panic!("{url} should be the admin center"),
        }
    }
}

#[test]
fn lookalikes_plain_http_userinfo_and_other_ports_are_not_the_admin_center() {
    for url in [
        "http://admin.microsoft.com/Adminportal/Home",
        "https://admin.microsoft.com.evil.test/",
        "https://xadmin.microsoft.com/",
        "https://admin.microsoft.co/",
        "https://evil.test/admin.microsoft.com/",
        "https://admin.microsoft.com@evil.test/",
        "https://user:pass@admin.microsoft.com/",
        "https://evil.test/?https://admin.microsoft.com/",
        "https://admin.microsoft.com:8443/",
        "https://admin.microsoft.com./",
        "https://login.microsoftonline.com/",
        "https://portal.office.com/",
        "https://portal.office.com/adminportalx",
        "https://portal.office365.us/mail",
        "wss://admin.microsoft.com/",
        "chrome-extension://abc/popup.html",
        "admin.microsoft.com",
        "",
        "https://",
    ] {
        assert_eq!(classify(url), Location::Elsewhere, "{url}");
    }
}

#[test]
fn the_hash_route_is_kept_for_the_single_page_app() {
    match classify("https://admin.microsoft.com/Adminportal/Home?x=1#/MessageCenter?id=MC437540") {
        Location::AdminCenter { route, .. } => assert_eq!(route, "/MessageCenter"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        host_of("https://admin.microsoft.com"),
        Some("admin.microsoft.com")
    );
}

#[test]
fn gcc_comes_from_the_setting_on_worldwide_hosts_and_sovereign_hosts_prove_their_cloud() {
    let worldwide = classify("https://admin.microsoft.com/");
    assert_eq!(effective_cloud(&worldwide, Cloud::Gcc), (Cloud::Gcc, None));
    assert_eq!(
        effective_cloud(&worldwide, Cloud::Worldwide),
        (Cloud::Worldwide, None)
    );
    let (cloud, note) = effective_cloud(&worldwide, Cloud::Dod);
    assert_eq!(cloud, Cloud::Worldwide);
    assert!(note.unwrap().contains("settings say DoD"));
    let high = classify("https://portal.office365.us/adminportal/home");
    let (cloud, note) = effective_cloud(&high, Cloud::Worldwide);
    assert_eq!(cloud, Cloud::GccHigh);
    assert!(note.unwrap().contains("GCC High admin center"));
    assert_eq!(
        effective_cloud(&Location::Elsewhere, Cloud::Dod),
        (Cloud::Dod, None)
    );
}

#[test]
fn open_admin_center_prefills_the_query_only_while_the_diagnostic_is_rehearsed() {
    // Rehearsing 2022: the worldwide admin center with the query, GCC's Message Center.
    assert_eq!(
        open_admin_center_url(Cloud::Worldwide, true),
        "https://admin.microsoft.com/AdminPortal/?searchSolutions=Diag%3A%20Enable%20Basic%20Auth%20in%20EXO#/homepage"
    );
    assert!(open_admin_center_url(Cloud::Gcc, true).ends_with("#/MessageCenter"));
    for cloud in [Cloud::GccHigh, Cloud::Dod, Cloud::China21Vianet] {
        let url = open_admin_center_url(cloud, true);
        assert!(!url.contains("searchSolutions"), "{url}");
        assert!(classify(&url).is_admin_center(), "{url}");
    }
    // On the real date (issue 27): each cloud's admin home, never the closed diagnostic.
    for cloud in Cloud::ALL {
        let url = open_admin_center_url(cloud, false);
        assert_eq!(url, cloud.admin_center_home());
        assert!(!url.contains("searchSolutions"), "{url}");
        for rehearsing in [false, true] {
            assert!(classify(&open_admin_center_url(cloud, rehearsing)).is_admin_center());
        }
        assert_eq!(Cloud::from_id(cloud.id()), Some(cloud));
    }
}

#[test]
fn the_manifest_asks_for_exactly_the_admin_center_hosts_and_matches_the_crate_version() {
    let manifest: serde_json::Value =
        serde_json::from_str(include_str!("../extension/manifest.json")).unwrap();
    let expected: Vec<String> = manifest_hosts()
        .iter()
        .map(|h| format!("https://{h}/*"))
        .collect();
    let hosts: Vec<String> = serde_json::from_value(manifest["host_permissions"].clone()).unwrap();
    assert_eq!(hosts, expected);
    let matches: Vec<String> =
        serde_json::from_value(manifest["content_scripts"][0]["matches"].clone()).unwrap();
    assert_eq!(matches, expected);
    assert_eq!(
        manifest["permissions"],
        serde_json::json!(["storage", "alarms", "notifications", "scripting"])
    );
    assert_eq!(
        manifest["web_accessible_resources"][0]["resources"],
        serde_json::json!(["helper.html"])
    );
    let war: Vec<String> =
        serde_json::from_value(manifest["web_accessible_resources"][0]["matches"].clone()).unwrap();
    assert_eq!(war, expected);
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        manifest["content_security_policy"]["extension_pages"],
        "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'"
    );
}

#[test]
fn the_exchange_admin_center_is_known_exactly_and_lookalikes_are_not() {
    let center = |url: &str| match classify(url) {
        Location::AdminCenter { center, host, .. } => Some((center, host)),
        Location::Elsewhere => None,
    };
    for (url, expected) in [
        (
            "https://admin.exchange.microsoft.com/#/settings",
            Some((Center::Exchange, "admin.exchange.microsoft.com")),
        ),
        (
            "https://ADMIN.exchange.microsoft.com/#/reports/smtpauthmailflowdetails",
            Some((Center::Exchange, "admin.exchange.microsoft.com")),
        ),
        (
            "https://admin.cloud.microsoft/exchange#/settings",
            Some((Center::Exchange, "admin.cloud.microsoft")),
        ),
        (
            "https://admin.cloud.microsoft/exchange/#/mailboxes",
            Some((Center::Exchange, "admin.cloud.microsoft")),
        ),
        (
            "https://admin.cloud.microsoft/?#/users",
            Some((Center::Microsoft365, "admin.cloud.microsoft")),
        ),
        (
            "https://admin.cloud.microsoft/exchangeonline#/x",
            Some((Center::Microsoft365, "admin.cloud.microsoft")),
        ),
        (
            "https://admin.microsoft.com/Adminportal/Home#/users",
            Some((Center::Microsoft365, "admin.microsoft.com")),
        ),
        ("http://admin.exchange.microsoft.com/#/settings", None),
        (
            "https://admin.exchange.microsoft.com.evil.test/#/settings",
            None,
        ),
        ("https://evil-admin.exchange.microsoft.com/", None),
        ("https://exchange.microsoft.com/", None),
        ("https://outlook.office365.com/ecp/", None),
        ("https://user@admin.exchange.microsoft.com/", None),
        ("https://admin.exchange.microsoft.com:8443/", None),
    ] {
        assert_eq!(center(url), expected, "{url}");
    }
    assert!(!classify("https://admin.exchange.microsoft.com/").is_microsoft_365());
    assert_eq!(
        manifest_hosts().len(),
        ADMIN_HOSTS.len() - 1,
        "admin.cloud.microsoft once"
    );
}
