//! Decides whether a URL is the Microsoft 365 admin center, on which host and in which
//! cloud family. Strict on purpose: https only, exact host names, no userinfo, default port.

use serde::{Deserialize, Serialize};

use crate::core::cloud::Cloud;

/// Which admin center a page belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Center {
    /// The Microsoft 365 admin center (the 2022 diagnostic; Active users; Org settings).
    #[serde(rename = "microsoft-365")]
    Microsoft365,
    /// The Exchange admin center (Mail flow settings; the SMTP AUTH clients report).
    #[serde(rename = "exchange")]
    Exchange,
}

/// One admin-center host AuthPilot knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminHost {
    /// Exact, lower-case host name.
    pub host: &'static str,
    /// The path must start with this (compared without case); `""` for any path.
    pub path_prefix: &'static str,
    /// The cloud the host alone proves; GCC tenants also use the worldwide hosts.
    pub cloud: Cloud,
    pub center: Center,
}

/// Every admin-center host and path, in the order the manifest lists their hosts (a host's
/// more specific path first: `admin.cloud.microsoft/exchange` is the Exchange admin center).
pub const ADMIN_HOSTS: [AdminHost; 8] = [
    AdminHost {
        host: "admin.microsoft.com",
        path_prefix: "",
        cloud: Cloud::Worldwide,
        center: Center::Microsoft365,
    },
    AdminHost {
        host: "admin.cloud.microsoft",
        path_prefix: "/exchange",
        cloud: Cloud::Worldwide,
        center: Center::Exchange,
    },
    AdminHost {
        host: "admin.cloud.microsoft",
        path_prefix: "",
        cloud: Cloud::Worldwide,
        center: Center::Microsoft365,
    },
    AdminHost {
        host: "portal.office.com",
        path_prefix: "/adminportal",
        cloud: Cloud::Worldwide,
        center: Center::Microsoft365,
    },
    AdminHost {
        host: "portal.office365.us",
        path_prefix: "/adminportal",
        cloud: Cloud::GccHigh,
        center: Center::Microsoft365,
    },
    AdminHost {
        host: "portal.apps.mil",
        path_prefix: "/adminportal",
        cloud: Cloud::Dod,
        center: Center::Microsoft365,
    },
    AdminHost {
        host: "portal.partner.microsoftonline.cn",
        path_prefix: "/adminportal",
        cloud: Cloud::China21Vianet,
        center: Center::Microsoft365,
    },
    // Exchange admin center (smtp-auth.md). Sovereign clouds' addresses are not known.
    AdminHost {
        host: "admin.exchange.microsoft.com",
        path_prefix: "",
        cloud: Cloud::Worldwide,
        center: Center::Exchange,
    },
];

/// The host names the manifest asks for, each once, in `ADMIN_HOSTS`' order.
pub fn manifest_hosts() -> Vec<&'static str> {
    let mut hosts: Vec<&'static str> = Vec::new();
    for h in ADMIN_HOSTS.iter() {
        if !hosts.contains(&h.host) {
            hosts.push(h.host);
        }
    }
    hosts
}

/// Where a tab is, as far as AuthPilot is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    AdminCenter {
        host: &'static str,
        /// The cloud family the host proves (worldwide hosts serve GCC too).
        host_cloud: Cloud,
        /// The Microsoft 365 admin center or the Exchange admin center.
        center: Center,
        /// The hash route of the single-page app, such as `/homepage` (may be empty).
        route: String,
    },
    Elsewhere,
}

impl Location {
    pub fn is_admin_center(&self) -> bool {
        matches!(self, Location::AdminCenter { .. })
    }
    /// The Microsoft 365 admin center, where the 2022 diagnostic lived.
    pub fn is_microsoft_365(&self) -> bool {
        matches!(
            self,
            Location::AdminCenter {
                center: Center::Microsoft365,
                ..
            }
        )
    }
}

/// The parts of a URL the decision needs.
struct Parts<'a> {
    scheme: &'a str,
    userinfo: bool,
    host: &'a str,
    port: Option<&'a str>,
    path: &'a str,
    fragment: &'a str,
}

fn split(url: &str) -> Option<Parts<'_>> {
    let (scheme, rest) = url.split_once("://")?;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((_, hp)) => (true, hp),
        None => (false, authority),
    };
    // An IPv6 literal is never the admin center; its colons are not a port.
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !host_port.starts_with('[') => (h, Some(p)),
        _ => (host_port, None),
    };
    let (before_fragment, fragment) = tail.split_once('#').unwrap_or((tail, ""));
    let path = before_fragment.split('?').next().unwrap_or("");
    Some(Parts {
        scheme,
        userinfo,
        host,
        port,
        path,
        fragment,
    })
}

/// Classifies a tab's URL. Anything that is not exactly an admin-center page is `Elsewhere`.
pub fn classify(url: &str) -> Location {
    let Some(parts) = split(url.trim()) else {
        return Location::Elsewhere;
    };
    if !parts.scheme.eq_ignore_ascii_case("https") || parts.userinfo {
        return Location::Elsewhere;
    }
    if !matches!(parts.port, None | Some("443")) {
        return Location::Elsewhere;
    }
    let host = parts.host.to_ascii_lowercase();
    let path = parts.path.to_ascii_lowercase();
    let path_ok = |prefix: &str| {
        prefix.is_empty()
            || path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    // A host's more specific path comes first in the table.
    if let Some(known) = ADMIN_HOSTS
        .iter()
        .find(|k| k.host == host && path_ok(k.path_prefix))
    {
        let route = parts.fragment.split('?').next().unwrap_or("");
        return Location::AdminCenter {
            host: known.host,
            host_cloud: known.cloud,
            center: known.center,
            route: route.to_string(),
        };
    }
    Location::Elsewhere
}

/// The admin-center location of a known host name and path, or `Elsewhere`.
pub fn location_for_host(host: &str, path: &str) -> Location {
    classify(&format!("https://{host}{path}"))
}

/// The cloud to guide for: a sovereign host proves its cloud; on the worldwide hosts the
/// admin's setting decides (Worldwide or GCC). Also says when the two disagree.
pub fn effective_cloud(location: &Location, configured: Cloud) -> (Cloud, Option<String>) {
    match location {
        Location::AdminCenter {
            host_cloud, host, ..
        } => {
            if host_cloud.uses_worldwide_hosts() {
                if configured.uses_worldwide_hosts() {
                    (configured, None)
                } else {
                    (
                        Cloud::Worldwide,
                        Some(t!("where_mismatch_worldwide", configured.name(), host)),
                    )
                }
            } else if *host_cloud != configured {
                (
                    *host_cloud,
                    Some(t!(
                        "where_mismatch_sovereign",
                        configured.name(),
                        host,
                        host_cloud.name()
                    )),
                )
            } else {
                (*host_cloud, None)
            }
        }
        Location::Elsewhere => (configured, None),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_and_odd_authorities_do_not_panic() {
        for url in [
            "https://[::1]:443/",
            "https://:443/",
            "https://",
            "https://@/",
            "https://a:b:c/",
        ] {
            assert_eq!(classify(url), Location::Elsewhere, "{url}");
        }
    }
}
