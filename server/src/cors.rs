//! Cross-origin requests (CORS), off by default.
//!
//! The reporter page the server hosts itself is same-origin and needs
//! none of this. A copy of the page hosted elsewhere (the standalone
//! `sanctuary-reporter.html` on a council's site, or opened from a file)
//! can call the server only if the operator lists its origin. Even then it
//! reaches only the public routes ([`CORS_ROUTES`]): caseworker and admin
//! routes never carry a CORS header, so no page anywhere can drive them
//! from a browser. No credentials are ever allowed: the server has none to
//! offer (no cookies), and saying so would only widen what a page could do.
//!
//! With no origin configured, no CORS header is ever sent, and a preflight
//! (`OPTIONS`) is answered as any unknown method is, with 405.

use std::net::Ipv6Addr;
use std::str::FromStr;

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// The routes a page on an allowed origin may call, as (method, path): the
/// ones anyone may call (docs/api/openapi.yaml's `public` tag). A test
/// checks each is also in [`crate::ROUTES`].
pub const CORS_ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/health"),
    ("GET", "/v1/roster"),
    ("GET", "/v1/pow"),
    ("POST", "/v1/messages"),
    ("POST", "/v1/attachments"),
    ("POST", "/v1/mailbox/fetch"),
    ("POST", "/v1/mailbox/attachment"),
    ("POST", "/v1/mailbox/forget"),
];

/// The request headers a page may send beyond the CORS-safelisted ones:
/// the body's type, the roster version it was sealed for, and its proof of
/// work.
pub const ALLOW_HEADERS: &str = "content-type, sanctuary-roster-version, sanctuary-pow";

/// How long, in seconds, a browser may reuse a granted preflight.
pub const MAX_AGE_SECS: u32 = 600;

/// Most origins the setting may list.
pub const MAX_ORIGINS: usize = 64;

/// Longest origin accepted (a host name is at most 253 characters).
const MAX_ORIGIN_LEN: usize = 300;

/// Why an origin in the setting was refused. Each message says what an
/// origin looks like, for the operator reading the start-up error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OriginError {
    /// An empty entry (for example two commas in a row).
    #[error("an origin is empty (two commas in a row?)")]
    Empty,
    /// `*`, which would let every page anywhere call the server.
    #[error(
        "\"*\" is not allowed: list each origin whose page may call this server, e.g. https://council.example"
    )]
    Wildcard,
    /// More than [`MAX_ORIGINS`] entries.
    #[error("at most {MAX_ORIGINS} origins may be listed")]
    TooMany,
    /// Longer than any real origin.
    #[error("an origin is longer than {MAX_ORIGIN_LEN} characters")]
    TooLong,
    /// Not `http://` or `https://` (and not `null`).
    #[error(
        "{0:?} is not an origin: it must start with https:// or http://, or be the word null (a page opened from a file)"
    )]
    Scheme(String),
    /// A path (even a trailing `/`), query, fragment or user name.
    #[error(
        "{0:?} is not an origin: an origin is only scheme://host[:port], with no path (not even a trailing /), query or user name, e.g. https://council.example"
    )]
    NotBare(String),
    /// A host that is not a DNS name, IPv4 or bracketed IPv6 address.
    #[error(
        "{0:?} has no valid host: use letters, digits, dots and dashes (an international name in its xn-- form) or an IP address (IPv6 in brackets)"
    )]
    Host(String),
    /// A port that is not 1 to 65535.
    #[error("{0:?} has an invalid port: it must be a number from 1 to 65535")]
    Port(String),
}

/// One origin, in the form browsers send in the `Origin` header: scheme
/// and host in lower case, the default port left out; or `null`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin(String);

impl Origin {
    /// The origin as browsers serialise it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Origin {
    type Err = OriginError;

    fn from_str(text: &str) -> Result<Self, OriginError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(OriginError::Empty);
        }
        if text.len() > MAX_ORIGIN_LEN {
            return Err(OriginError::TooLong);
        }
        if text == "*" {
            return Err(OriginError::Wildcard);
        }
        if text.eq_ignore_ascii_case("null") {
            return Ok(Self("null".to_owned()));
        }
        let Some((scheme, rest)) = text.split_once("://") else {
            return Err(OriginError::Scheme(text.to_owned()));
        };
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            _ => return Err(OriginError::Scheme(text.to_owned())),
        };
        if rest.contains(['/', '?', '#', '@', '\\']) {
            return Err(OriginError::NotBare(text.to_owned()));
        }
        let (host, port) = split_port(rest).ok_or_else(|| OriginError::Host(text.to_owned()))?;
        let host = canonical_host(host).ok_or_else(|| OriginError::Host(text.to_owned()))?;
        let port = match port {
            None => None,
            Some(p) => {
                let n = p
                    .parse::<u16>()
                    .ok()
                    .filter(|n| *n != 0 && p.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| OriginError::Port(text.to_owned()))?;
                (n != default_port).then_some(n)
            }
        };
        Ok(Self(match port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        }))
    }
}

/// Splits `host[:port]`, the host possibly a bracketed IPv6 address.
fn split_port(rest: &str) -> Option<(&str, Option<&str>)> {
    if rest.starts_with('[') {
        let end = rest.find(']')?;
        let (host, after) = rest.split_at(end + 1);
        return match after {
            "" => Some((host, None)),
            _ => Some((host, Some(after.strip_prefix(':')?))),
        };
    }
    Some(match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

/// The host in lower case (an IPv6 address in its compressed form), if it
/// is a DNS name, an IPv4 address or a bracketed IPv6 address.
fn canonical_host(host: &str) -> Option<String> {
    if let Some(inner) = host.strip_prefix('[') {
        let addr: Ipv6Addr = inner.strip_suffix(']')?.parse().ok()?;
        return Some(format!("[{addr}]"));
    }
    let host = host.to_ascii_lowercase();
    let label_ok = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    (host.len() <= 253 && host.split('.').all(label_ok)).then_some(host)
}

/// The origins whose pages may call the public routes; empty (the
/// default) turns CORS off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedOrigins(Vec<Origin>);

impl AllowedOrigins {
    /// Validates the operator's list (see [`Origin`]'s rules); duplicates
    /// are merged.
    pub fn parse<I, S>(items: I) -> Result<Self, OriginError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut origins = items
            .into_iter()
            .map(|s| s.as_ref().parse())
            .collect::<Result<Vec<Origin>, _>>()?;
        origins.sort();
        origins.dedup();
        if origins.len() > MAX_ORIGINS {
            return Err(OriginError::TooMany);
        }
        Ok(Self(origins))
    }

    /// Whether CORS is off.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The origins, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &Origin> {
        self.0.iter()
    }

    /// Whether a request's `Origin` header names an allowed origin (browsers
    /// send it in the canonical form, so the bytes are compared exactly).
    pub fn allows(&self, origin: &[u8]) -> bool {
        self.0.iter().any(|o| o.0.as_bytes() == origin)
    }
}

/// The methods a page may use on `path` (none: not a public route).
fn public_methods(path: &str) -> Vec<&'static str> {
    CORS_ROUTES
        .iter()
        .filter(|(_, p)| *p == path)
        .map(|(m, _)| *m)
        .collect()
}

/// The CORS layer: answers a granted preflight itself, adds
/// `Access-Control-Allow-Origin` to a public route's response when the
/// request comes from an allowed origin, and `Vary: Origin` to every public
/// route's response once CORS is on. Anything else passes through
/// untouched; with no origin configured, everything does.
pub(crate) async fn cors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let origins = state.cors_origins();
    if origins.is_empty() {
        return next.run(req).await;
    }
    let methods = public_methods(req.uri().path());
    if methods.is_empty() {
        return next.run(req).await;
    }
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .filter(|o| origins.allows(o.as_bytes()))
        .cloned();
    let method_allowed = |m: &[u8]| methods.iter().any(|allowed| allowed.as_bytes() == m);
    if req.method() == Method::OPTIONS
        && let Some(origin) = &origin
        && let Some(requested) = req.headers().get(header::ACCESS_CONTROL_REQUEST_METHOD)
        && method_allowed(requested.as_bytes())
        && let Ok(methods) = HeaderValue::from_str(&methods.join(", "))
    {
        return preflight(origin.clone(), methods);
    }
    let granted = origin.filter(|_| method_allowed(req.method().as_str().as_bytes()));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = granted {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
}

/// A granted preflight: 204 with the allowed origin, methods and headers.
fn preflight(origin: HeaderValue, methods: HeaderValue) -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin),
            (header::ACCESS_CONTROL_ALLOW_METHODS, methods),
            (
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            ),
            (
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from(MAX_AGE_SECS),
            ),
            (header::VARY, HeaderValue::from_static("Origin")),
        ],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    fn canonical(text: &str) -> String {
        text.parse::<Origin>().unwrap().0
    }

    #[test]
    fn origins_are_stored_as_browsers_send_them() {
        assert_eq!(
            canonical("https://council.example"),
            "https://council.example"
        );
        assert_eq!(
            canonical(" HTTPS://Council.Example:443 "),
            "https://council.example"
        );
        assert_eq!(canonical("http://abc.onion:80"), "http://abc.onion");
        assert_eq!(canonical("http://127.0.0.1:8000"), "http://127.0.0.1:8000");
        assert_eq!(
            canonical("https://x.example:8443"),
            "https://x.example:8443"
        );
        assert_eq!(canonical("http://[0:0::1]:8080"), "http://[::1]:8080");
        assert_eq!(canonical("NULL"), "null");
    }

    #[test]
    fn anything_but_a_bare_origin_is_refused() {
        use OriginError as E;
        for (text, want) in [
            ("", E::Empty),
            ("*", E::Wildcard),
            ("council.example", E::Scheme("council.example".into())),
            (
                "ftp://council.example",
                E::Scheme("ftp://council.example".into()),
            ),
            ("file://", E::Scheme("file://".into())),
            (
                "https://council.example/",
                E::NotBare("https://council.example/".into()),
            ),
            (
                "https://council.example/report",
                E::NotBare("https://council.example/report".into()),
            ),
            (
                "https://council.example?x=1",
                E::NotBare("https://council.example?x=1".into()),
            ),
            (
                "https://council.example#x",
                E::NotBare("https://council.example#x".into()),
            ),
            (
                "https://me@council.example",
                E::NotBare("https://me@council.example".into()),
            ),
            ("https://", E::Host("https://".into())),
            (
                "https://coun_cil.example",
                E::Host("https://coun_cil.example".into()),
            ),
            (
                "https://council..example",
                E::Host("https://council..example".into()),
            ),
            (
                "https://-council.example",
                E::Host("https://-council.example".into()),
            ),
            (
                "https://bücher.example",
                E::Host("https://bücher.example".into()),
            ),
            ("https://[::1", E::Host("https://[::1".into())),
            ("https://[zz::1]", E::Host("https://[zz::1]".into())),
            ("https://[::1]x", E::Host("https://[::1]x".into())),
            (
                "https://council.example:",
                E::Port("https://council.example:".into()),
            ),
            (
                "https://council.example:0",
                E::Port("https://council.example:0".into()),
            ),
            (
                "https://council.example:65536",
                E::Port("https://council.example:65536".into()),
            ),
            (
                "https://council.example:+80",
                E::Port("https://council.example:+80".into()),
            ),
            (
                "https://council.example:8:8",
                E::Port("https://council.example:8:8".into()),
            ),
        ] {
            assert_eq!(text.parse::<Origin>(), Err(want), "{text}");
        }
        let long = format!("https://{}.example", "a".repeat(MAX_ORIGIN_LEN));
        assert_eq!(long.parse::<Origin>(), Err(OriginError::TooLong));
        let label = format!("https://{}.example", "a".repeat(64));
        assert!(matches!(label.parse::<Origin>(), Err(OriginError::Host(_))));
    }

    #[test]
    fn the_list_is_deduplicated_bounded_and_matched_exactly() {
        let list = AllowedOrigins::parse([
            "https://b.example",
            "https://A.example:443",
            "https://a.example",
            "null",
        ])
        .unwrap();
        let shown: Vec<&str> = list.iter().map(Origin::as_str).collect();
        assert_eq!(shown, ["https://a.example", "https://b.example", "null"]);
        assert!(list.allows(b"https://a.example"));
        assert!(list.allows(b"null"));
        assert!(!list.allows(b"https://a.example:443"));
        assert!(!list.allows(b"https://A.example"));
        assert!(!list.allows(b"https://a.example/"));
        assert!(!list.allows(b"https://c.example"));
        assert!(!list.allows(b""));
        assert!(
            AllowedOrigins::parse(Vec::<String>::new())
                .unwrap()
                .is_empty()
        );
        let many: Vec<String> = (0..=MAX_ORIGINS)
            .map(|i| format!("https://h{i}.example"))
            .collect();
        assert_eq!(AllowedOrigins::parse(&many), Err(OriginError::TooMany));
        assert!(AllowedOrigins::parse(&many[..MAX_ORIGINS]).is_ok());
        assert_eq!(
            AllowedOrigins::parse(["https://a.example", "https://a.example/x"]),
            Err(OriginError::NotBare("https://a.example/x".into()))
        );
    }

    #[test]
    fn every_cors_route_is_a_route_and_none_is_a_caseworker_route() {
        for route in CORS_ROUTES {
            assert!(crate::ROUTES.contains(route), "{route:?}");
            assert!(!route.1.starts_with("/v1/inbox") && !route.1.starts_with("/v1/case"));
        }
        assert_eq!(public_methods("/v1/roster"), ["GET"]);
        assert_eq!(public_methods("/v1/messages"), ["POST"]);
        for private in ["/v1/inbox", "/v1/replies", "/v1/attachments/ab", "/"] {
            assert!(public_methods(private).is_empty(), "{private}");
        }
    }
}
