//! CORS: off by default (no CORS header ever, preflights answered 405);
//! when origins are configured, exactly those origins may call exactly the
//! public routes, never with credentials; caseworker and admin routes and
//! the page never carry a CORS header. Also the setting itself: from a flag,
//! the environment or the file, and refused at start when it is not an
//! origin.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use common::process::{Running, command};
use common::*;
use sanctuary_crypto::api::{ROSTER_VERSION_HEADER, Stored};
use sanctuary_server::cors::{AllowedOrigins, CORS_ROUTES};
use sanctuary_server::{PAGE_ROUTES, ROUTES};

const COUNCIL: &str = "https://council.example";

fn allow_council_and_files(settings: &mut sanctuary_server::Settings) {
    settings.cors_allowed_origins = AllowedOrigins::parse([COUNCIL, "null"]).unwrap();
}

/// The CORS headers of a response, by name.
fn cors_headers(h: &HeaderMap) -> Vec<String> {
    h.keys()
        .map(|k| k.as_str().to_owned())
        .filter(|k| k.starts_with("access-control-"))
        .collect()
}

/// A route's path with a real-looking ID in place of `{id}`.
fn concrete(path: &str) -> String {
    path.replace("{id}", &"ab".repeat(16))
}

fn with_origin(method: &Method, path: &str, origin: &str) -> Request<Body> {
    Request::builder()
        .method(method.clone())
        .uri(concrete(path))
        .header(header::ORIGIN, origin)
        .body(Body::empty())
        .unwrap()
}

/// A browser's preflight for `method` on `path` from `origin`.
fn preflight(path: &str, origin: &str, method: &str) -> Request<Body> {
    Request::options(concrete(path))
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "content-type,sanctuary-roster-version,sanctuary-pow",
        )
        .body(Body::empty())
        .unwrap()
}

fn is_public(method: &str, path: &str) -> bool {
    CORS_ROUTES.contains(&(method, path))
}

#[tokio::test]
async fn with_no_origin_configured_no_cors_header_is_ever_sent() {
    let unit = Unit::start().await;
    for (method, path) in ROUTES.iter().chain(PAGE_ROUTES) {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        for origin in [COUNCIL, "null"] {
            let r = unit.send(with_origin(&method, path, origin)).await;
            assert_eq!(
                cors_headers(&r.headers),
                Vec::<String>::new(),
                "{method} {path}"
            );
            assert!(r.headers.get(header::VARY).is_none(), "{method} {path}");
            let r = unit.send(preflight(path, origin, method.as_str())).await;
            r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
            assert_eq!(cors_headers(&r.headers), Vec::<String>::new(), "{path}");
        }
    }
    unit.server.close().await;
}

#[tokio::test]
async fn an_allowed_origin_gets_a_preflight_for_each_public_route() {
    let unit = Unit::start_with(allow_council_and_files).await;
    for (method, path) in CORS_ROUTES {
        for origin in [COUNCIL, "null"] {
            let r = unit.send(preflight(path, origin, method)).await;
            assert_eq!(
                r.status,
                StatusCode::NO_CONTENT,
                "{method} {path}: {}",
                r.text()
            );
            assert!(r.body.is_empty());
            let h = &r.headers;
            assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], origin);
            assert_eq!(h[header::ACCESS_CONTROL_ALLOW_METHODS], *method);
            assert_eq!(
                h[header::ACCESS_CONTROL_ALLOW_HEADERS],
                "content-type, sanctuary-roster-version, sanctuary-pow"
            );
            assert_eq!(h[header::ACCESS_CONTROL_MAX_AGE], "600");
            assert_eq!(h[header::VARY], "Origin");
            assert!(h.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
            // The preflight is a response like any other.
            assert_eq!(h[header::CACHE_CONTROL], "no-store");
            assert_eq!(
                h[header::CONTENT_SECURITY_POLICY],
                "default-src 'none'; frame-ancestors 'none'"
            );
            assert!(h.get(header::SET_COOKIE).is_none());
        }
    }
    unit.server.close().await;
}

#[tokio::test]
async fn an_allowed_origin_can_read_the_public_routes_answers_errors_included() {
    let unit = Unit::start_with(allow_council_and_files).await;
    let r = unit
        .send(with_origin(&Method::GET, "/v1/health", COUNCIL))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], COUNCIL);
    assert_eq!(r.headers[header::VARY], "Origin");
    assert_eq!(
        cors_headers(&r.headers),
        ["access-control-allow-origin"],
        "nothing but the origin on an actual response"
    );
    let r = unit
        .send(with_origin(&Method::GET, "/v1/roster", "null"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "null");

    // A real report, as the page on the council's site sends it.
    let blob = Reporter::new().report(&unit.roster, "sent from the council's page");
    let r = unit
        .send(
            Request::post("/v1/messages")
                .header(header::ORIGIN, COUNCIL)
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header(ROSTER_VERSION_HEADER, unit.roster.version().to_string())
                .header(header::CONTENT_LENGTH, blob.len())
                .body(Body::from(blob))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json::<Stored>();
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], COUNCIL);

    // The page must be able to read why it was refused.
    let r = unit
        .send(
            Request::post("/v1/mailbox/fetch")
                .header(header::ORIGIN, COUNCIL)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{not json"))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], COUNCIL);
    let r = unit
        .send(blob_request_from(COUNCIL, "/v1/attachments", Some(99)))
        .await;
    r.assert(StatusCode::CONFLICT, "roster_changed");
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], COUNCIL);
    unit.server.close().await;
}

fn blob_request_from(origin: &str, path: &str, version: Option<u64>) -> Request<Body> {
    let mut req = blob_request(path, vec![0; 1000], version);
    req.headers_mut()
        .insert(header::ORIGIN, origin.parse().unwrap());
    req
}

#[tokio::test]
async fn other_origins_are_served_as_before_without_cors_headers() {
    let unit = Unit::start_with(allow_council_and_files).await;
    for origin in [
        "https://evil.example",
        "https://council.example/",
        "https://council.example:443",
        "HTTPS://COUNCIL.EXAMPLE",
        "https://council.example.evil.example",
        "http://council.example",
        "https://council.example, https://evil.example",
        "*",
        "",
    ] {
        let r = unit
            .send(with_origin(&Method::GET, "/v1/health", origin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{origin:?}");
        assert_eq!(cors_headers(&r.headers), Vec::<String>::new(), "{origin:?}");
        assert_eq!(r.headers[header::VARY], "Origin");
        let r = unit.send(preflight("/v1/messages", origin, "POST")).await;
        r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(cors_headers(&r.headers), Vec::<String>::new(), "{origin:?}");
    }
    // No Origin at all (the CLI): as before.
    let r = unit.send(get("/v1/health")).await;
    assert_eq!(cors_headers(&r.headers), Vec::<String>::new());
    // A preflight for a method the route does not offer the public, or
    // an OPTIONS request that is no preflight.
    for (path, method) in [
        ("/v1/roster", "PUT"),
        ("/v1/messages", "DELETE"),
        ("/v1/health", "POST"),
        ("/v1/messages", "post"),
    ] {
        let r = unit.send(preflight(path, COUNCIL, method)).await;
        r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(
            cors_headers(&r.headers),
            Vec::<String>::new(),
            "{method} {path}"
        );
    }
    let r = unit
        .send(with_origin(&Method::OPTIONS, "/v1/messages", COUNCIL))
        .await;
    r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(cors_headers(&r.headers), Vec::<String>::new());
    unit.server.close().await;
}

#[tokio::test]
async fn caseworker_admin_and_page_routes_never_get_cors_headers() {
    let unit = Unit::start_with(allow_council_and_files).await;
    let private: Vec<_> = ROUTES
        .iter()
        .chain(PAGE_ROUTES)
        .filter(|(m, p)| !is_public(m, p))
        .collect();
    assert!(private.len() >= 10, "{private:?}");
    for (method, path) in private {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let r = unit.send(with_origin(&method, path, COUNCIL)).await;
        assert_eq!(
            cors_headers(&r.headers),
            Vec::<String>::new(),
            "{method} {path}"
        );
        let r = unit.send(preflight(path, COUNCIL, method.as_str())).await;
        r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(
            cors_headers(&r.headers),
            Vec::<String>::new(),
            "{method} {path}"
        );
        // `/v1/roster` is also a public path (GET), so its answers vary by
        // origin; no other private route's does.
        if *path != "/v1/roster" {
            assert!(r.headers.get(header::VARY).is_none(), "{method} {path}");
        }
    }
    // A valid caseworker request from the allowed origin's page: served,
    // but the browser may not hand the answer to the page.
    let mut req = signed_request(
        &unit.alice,
        &unit.unit.unit_id(),
        Method::GET,
        "/v1/inbox",
        Vec::new(),
        None,
    );
    req.headers_mut()
        .insert(header::ORIGIN, COUNCIL.parse().unwrap());
    let r = unit.send(req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(cors_headers(&r.headers), Vec::<String>::new());
    unit.server.close().await;
}

// --- The setting, through the real binary -------------------------------------

#[test]
fn the_setting_comes_from_the_file_the_environment_or_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("server.toml");
    std::fs::write(
        &config,
        "cors_allowed_origins = [\"https://from-file.example\"]\n",
    )
    .unwrap();
    let grants = |server: &Running, origin: &str| {
        let r = server.request(
            "OPTIONS",
            "/v1/roster",
            &[
                ("Origin", origin.to_owned()),
                ("Access-Control-Request-Method", "GET".to_owned()),
            ],
            b"",
        );
        let granted = r.status == 204;
        assert_eq!(
            granted,
            r.header("access-control-allow-origin") == Some(origin),
            "{r:?}"
        );
        granted
    };

    let server = Running::start(
        &dir.path().join("a"),
        &["--config", config.to_str().unwrap()],
    );
    assert!(grants(&server, "https://from-file.example"));
    assert!(!grants(&server, "null"));
    assert!(server.stop().0.success());

    let mut cmd = command();
    cmd.args(["--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path().join("b"))
        .arg("--config")
        .arg(&config)
        .env(
            "SANCTUARY_CORS_ALLOWED_ORIGINS",
            "https://from-env.example,null",
        );
    let server = Running::spawn(cmd);
    assert!(grants(&server, "https://from-env.example"));
    assert!(grants(&server, "null"));
    assert!(!grants(&server, "https://from-file.example"));
    assert!(server.stop().0.success());

    let server = Running::start(
        &dir.path().join("c"),
        &[
            "--cors-allowed-origins",
            "HTTPS://Flag.Example:443",
            "--cors-allowed-origins",
            "http://abc.onion",
        ],
    );
    assert!(grants(&server, "https://flag.example"));
    assert!(grants(&server, "http://abc.onion"));
    assert!(!grants(&server, "https://from-file.example"));
    let (status, log) = server.stop();
    assert!(status.success());
    assert!(
        !log.iter()
            .any(|l| l.contains("OPTIONS") || l.contains("/v1/")),
        "{log:?}"
    );
}

#[test]
fn an_origin_that_is_not_one_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    for (origin, says) in [
        ("https://council.example/report", "no path"),
        ("https://council.example/", "not even a trailing /"),
        ("council.example", "must start with https:// or http://"),
        ("*", "list each origin"),
        ("https://council.example:99999", "invalid port"),
    ] {
        let out = command()
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .args(["--cors-allowed-origins", origin])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{origin}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("error: the setting cors_allowed_origins is invalid: "),
            "{err}"
        );
        assert!(err.contains(says), "{origin}: {err}");
    }
    // Nothing was started: no database, no enrollment code.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
