//! Every route the router serves, the API's and the reporter page's, is
//! documented in `docs/api/openapi.yaml`, and every documented route is
//! served.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use sanctuary_server::{PAGE_ROUTES, ROUTES};
use tower::ServiceExt as _;

/// (method, path) pairs under `paths:` in the YAML, read line by line: a
/// path is a two-space-indented key starting with `/`, a method a
/// four-space-indented HTTP verb key below it.
fn documented() -> BTreeSet<(String, String)> {
    let yaml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/api/openapi.yaml"
    ))
    .unwrap();
    let mut out = BTreeSet::new();
    let mut in_paths = false;
    let mut path = None;
    for line in yaml.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_paths = line == "paths:";
            continue;
        }
        if !in_paths {
            continue;
        }
        if let Some(p) = line.strip_prefix("  /") {
            path = Some(format!("/{}", p.trim_end_matches(':')));
        } else if let Some(m) = line.strip_prefix("    ") {
            let m = m.trim_end_matches(':');
            if ["get", "put", "post", "delete", "patch", "head"].contains(&m) {
                out.insert((m.to_uppercase(), path.clone().unwrap()));
            }
        }
    }
    out
}

#[test]
fn every_route_is_documented_and_every_documented_route_exists() {
    let routes: BTreeSet<(String, String)> = ROUTES
        .iter()
        .chain(PAGE_ROUTES)
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(routes.len(), ROUTES.len() + PAGE_ROUTES.len());
    assert_eq!(routes, documented());
}

#[tokio::test]
async fn the_route_list_matches_the_router() {
    let dir = tempfile::tempdir().unwrap();
    let state =
        sanctuary_server::AppState::open(&sanctuary_server::Settings::with_data_dir(dir.path()))
            .await
            .unwrap();
    let router = sanctuary_server::router(state.clone());
    for (method, path) in ROUTES {
        let path = path.replace("{id}", &"ab".repeat(16));
        let req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(&path)
            .body(Body::empty())
            .unwrap();
        let status = router.clone().oneshot(req).await.unwrap().status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if status == StatusCode::NOT_FOUND {
            // Only "nothing there yet" answers, not "no such route".
            assert!(path == "/v1/roster", "{method} {path}");
        }
    }
    // The page's routes answer, before enrollment too, and HEAD as GET.
    for (method, path) in PAGE_ROUTES {
        for method in [*method, "HEAD"] {
            let req = Request::builder()
                .method(Method::from_bytes(method.as_bytes()).unwrap())
                .uri(*path)
                .body(Body::empty())
                .unwrap();
            let status = router.clone().oneshot(req).await.unwrap().status();
            assert_eq!(status, StatusCode::OK, "{method} {path}");
        }
    }
    state.store.close().await;
}
