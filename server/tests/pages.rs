//! The reporter page through `tower::ServiceExt::oneshot`: each route
//! serves exactly the file `web/dist/` holds (whose SHA-256 is the one in
//! `web/dist/manifest.json`), with the page's headers, HEAD too; anything
//! else stays a JSON error; and the page loads even when every one of the
//! API's work slots is taken.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use sanctuary_server::PAGE_ROUTES;
use sha2::{Digest as _, Sha256};

/// The page's Content-Security-Policy, exactly.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' blob: data:; connect-src 'self'; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// The API's, exactly.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Each page route: its path, the file of `web/dist/` it serves, its type,
/// and its `Content-Disposition`.
const PAGES: &[(&str, &str, &str, Option<&str>)] = &[
    ("/", "index.html", "text/html; charset=utf-8", None),
    ("/app.js", "app.js", "text/javascript; charset=utf-8", None),
    ("/app.css", "app.css", "text/css; charset=utf-8", None),
    (
        "/sanctuary-reporter.html",
        "sanctuary-reporter.html",
        "text/html; charset=utf-8",
        Some("attachment; filename=\"sanctuary-reporter.html\""),
    ),
];

fn dist(name: &str) -> Vec<u8> {
    let path = format!("{}/../web/dist/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// `web/dist/manifest.json`'s `files`: name to SHA-256 hex.
fn manifest() -> BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        files: BTreeMap<String, String>,
    }
    serde_json::from_slice::<Manifest>(&dist("manifest.json"))
        .unwrap()
        .files
}

fn request(method: Method, path: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap()
}

/// The headers every page response carries, whatever its route.
#[track_caller]
fn assert_page_headers(r: &Reply, content_type: &str, disposition: Option<&str>) {
    let h = &r.headers;
    assert_eq!(h[header::CONTENT_TYPE], content_type);
    assert_eq!(h[header::CONTENT_SECURITY_POLICY], PAGE_CSP);
    assert_eq!(h[header::CACHE_CONTROL], "no-store");
    assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    assert_eq!(h["cross-origin-resource-policy"], "same-origin");
    let permissions = h["permissions-policy"].to_str().unwrap();
    for denied in ["camera=()", "microphone=()", "geolocation=()"] {
        assert!(
            permissions.split(", ").any(|p| p == denied),
            "{permissions}"
        );
    }
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(
        h.get(header::CONTENT_DISPOSITION)
            .map(|v| v.to_str().unwrap()),
        disposition
    );
    for absent in [
        header::SET_COOKIE,
        header::ETAG,
        header::LAST_MODIFIED,
        header::SERVER,
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::VARY,
    ] {
        assert!(h.get(&absent).is_none(), "{absent}: {h:?}");
    }
    assert_eq!(h.get_all(header::CONTENT_SECURITY_POLICY).iter().count(), 1);
}

#[test]
fn the_page_routes_are_the_files_of_the_manifest() {
    let listed: Vec<&str> = PAGE_ROUTES.iter().map(|(_, p)| *p).collect();
    let tested: Vec<&str> = PAGES.iter().map(|p| p.0).collect();
    assert_eq!(listed, tested);
    assert!(PAGE_ROUTES.iter().all(|(m, _)| *m == "GET"));
    // A file the build adds (an icon, a font) would be missing from the
    // server: the page would break.
    let mut files: Vec<&str> = PAGES.iter().map(|p| p.1).collect();
    files.sort_unstable();
    assert_eq!(manifest().keys().collect::<Vec<_>>(), files);
}

#[tokio::test]
async fn each_page_route_serves_its_file_with_the_page_headers() {
    // Before enrollment too: the page explains itself whatever the state.
    let server = Server::start().await;
    let manifest = manifest();
    for (path, file, content_type, disposition) in PAGES {
        let r = server.send(get(path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_page_headers(&r, content_type, *disposition);
        let expected = dist(file);
        assert!(r.body == expected, "{path} is not web/dist/{file}");
        assert_eq!(
            hex::encode(Sha256::digest(&r.body)),
            manifest[*file],
            "{path}: the served bytes are not the manifest's"
        );
        assert_eq!(
            r.headers[header::CONTENT_LENGTH],
            expected.len().to_string()
        );
    }
    server.close().await;
}

#[tokio::test]
async fn head_answers_every_page_route_without_the_body() {
    let server = Server::start().await;
    for (path, file, content_type, disposition) in PAGES {
        let r = server.send(request(Method::HEAD, path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(r.body.is_empty(), "{path}");
        assert_page_headers(&r, content_type, *disposition);
        assert_eq!(
            r.headers[header::CONTENT_LENGTH],
            dist(file).len().to_string(),
            "{path}"
        );
    }
    server.close().await;
}

#[tokio::test]
async fn a_page_request_with_a_body_is_refused_unread() {
    let server = Server::start().await;
    for (path, ..) in PAGES {
        let r = server
            .send(
                Request::get(*path)
                    .header(header::CONTENT_LENGTH, 5)
                    .body(Body::from("hello"))
                    .unwrap(),
            )
            .await;
        r.assert(StatusCode::BAD_REQUEST, "bad_request");
        assert_eq!(r.headers[header::CONTENT_SECURITY_POLICY], API_CSP);
        assert!(r.headers.get("cross-origin-opener-policy").is_none());
    }
    // A body of unknown length (chunked) too.
    let stream = futures_util::stream::iter([Ok::<_, std::io::Error>(vec![b'x'; 10])]);
    let r = server
        .send(Request::get("/").body(Body::from_stream(stream)).unwrap())
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    // An explicit empty body is no body.
    let r = server
        .send(
            Request::get("/")
                .header(header::CONTENT_LENGTH, 0)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    server.close().await;
}

#[tokio::test]
async fn other_paths_and_methods_stay_json_errors_with_the_api_headers() {
    let server = Server::start().await;
    for path in [
        "/index.html",
        "/manifest.json",
        "/app.js/",
        "/app.js.map",
        "/APP.JS",
        "//",
        "/sanctuary-reporter.htm",
        "/v1/",
        "/favicon.ico",
    ] {
        let r = server.send(get(path)).await;
        r.assert(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(
            r.headers[header::CONTENT_SECURITY_POLICY],
            API_CSP,
            "{path}"
        );
        assert!(r.headers.get("cross-origin-opener-policy").is_none());
    }
    for (method, path) in [
        (Method::POST, "/"),
        (Method::PUT, "/app.js"),
        (Method::DELETE, "/app.css"),
        (Method::OPTIONS, "/"),
        (Method::POST, "/sanctuary-reporter.html"),
    ] {
        let r = server.send(request(method.clone(), path)).await;
        r.assert(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(
            r.headers[header::CONTENT_SECURITY_POLICY],
            API_CSP,
            "{method} {path}"
        );
    }
    // The API keeps its own policy.
    let r = server.send(get("/v1/health")).await;
    assert_eq!(r.headers[header::CONTENT_SECURITY_POLICY], API_CSP);
    assert!(r.headers.get("permissions-policy").is_none());
    server.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_loads_while_every_work_slot_is_taken() {
    let unit = Unit::start_with(|s| s.limits.max_concurrent_requests = 1).await;
    // Another process holds the database's write lock, so a report, once
    // received, waits for the writer while holding the only slot.
    let (held, _shed) = HeldSlot::take(&unit).await;
    for (path, ..) in PAGES {
        let r = unit.send(get(path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path} while the API is full");
    }
    let r = held.release().await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}
