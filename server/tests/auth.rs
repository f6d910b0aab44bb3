//! The signed-request matrix: every way a caseworker request can be wrong
//! is refused.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use sanctuary_crypto::api::{Base64Bytes, InboxPage, PostReply};
use sanctuary_crypto::request_auth::{MAX_SKEW_SECS, SignedRequest, body_sha256};

fn with_auth(method: Method, path: &str, auth: &SignedRequest, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, auth.to_header_value())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn signed_request_matrix() {
    let mut unit = Unit::start().await;
    let path = "/v1/inbox";

    // A good request works.
    let r = unit
        .signed(&unit.alice, Method::GET, path, Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.json::<InboxPage>().items.is_empty());

    // No signature.
    unit.send(get(path))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    // Malformed header.
    let r = unit
        .send(
            Request::get(path)
                .header(header::AUTHORIZATION, "Sanctuary-v1 key=abc")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::UNAUTHORIZED, "unauthorized");

    // Unknown key.
    let mallory = caseworker("mallory");
    unit.signed(&mallory, Method::GET, path, Vec::new())
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");

    // Old timestamp (and one from the future).
    for ts in [now() - MAX_SKEW_SECS - 60, now() + MAX_SKEW_SECS + 60] {
        let auth = SignedRequest::sign(
            &unit.alice,
            &unit.unit.unit_id(),
            "GET",
            path,
            ts,
            body_sha256(b""),
        );
        unit.send(with_auth(Method::GET, path, &auth, Vec::new()))
            .await
            .assert(StatusCode::UNAUTHORIZED, "stale_request");
    }

    // Replayed nonce.
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        path,
        now(),
        body_sha256(b""),
    );
    let r = unit
        .send(with_auth(Method::GET, path, &auth, Vec::new()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    unit.send(with_auth(Method::GET, path, &auth, Vec::new()))
        .await
        .assert(StatusCode::UNAUTHORIZED, "replayed");

    // Signed for another path or method.
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        "/v1/inbox?limit=5",
        now(),
        body_sha256(b""),
    );
    unit.send(with_auth(Method::GET, path, &auth, Vec::new()))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "DELETE",
        path,
        now(),
        body_sha256(b""),
    );
    unit.send(with_auth(Method::GET, path, &auth, Vec::new()))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");

    // Body changed after signing.
    let reporter = Reporter::new();
    let reply = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(reply_blob(&unit.alice, &reporter, &unit.roster, "hello")),
        attachments: Vec::new(),
    };
    let body = serde_json::to_vec(&reply).unwrap();
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "POST",
        "/v1/replies",
        now(),
        body_sha256(&body),
    );
    let mut changed = body.clone();
    let last = changed.len() - 3;
    changed[last] ^= 1;
    unit.send(with_auth(Method::POST, "/v1/replies", &auth, changed))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    // The same body unchanged (fresh nonce) is accepted.
    let r = unit
        .signed(&unit.alice, Method::POST, "/v1/replies", body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // A GET with a body it did not sign.
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "GET",
        path,
        now(),
        body_sha256(b""),
    );
    unit.send(with_auth(Method::GET, path, &auth, b"{}".to_vec()))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");

    // Removed caseworker: locked out as soon as the roster changes.
    let next = signed_roster(&unit.unit, &[&unit.alice], 2);
    unit.republish(next).await;
    unit.signed(&unit.bob, Method::GET, path, Vec::new())
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    let r = unit
        .signed(&unit.alice, Method::GET, path, Vec::new())
        .await;
    assert_eq!(r.status, StatusCode::OK);
    unit.server.close().await;
}

#[tokio::test]
async fn streamed_uploads_check_the_signed_digest_before_committing() {
    let unit = Unit::start().await;
    let recipients = reply_recipients(&unit.roster, &Reporter::new());
    let blob = attachment_blob(&recipients, 300_000);
    let path = "/v1/case/attachments";
    let auth = SignedRequest::sign(
        &unit.alice,
        &unit.unit.unit_id(),
        "POST",
        path,
        now(),
        body_sha256(&blob),
    );
    let mut changed = blob.clone();
    let last = changed.len() - 1;
    changed[last] ^= 0xff;
    let request = |body: Vec<u8>, auth: &SignedRequest| {
        Request::post(path)
            .header(header::AUTHORIZATION, auth.to_header_value())
            .header(header::CONTENT_TYPE, "application/octet-stream")
            .header(header::CONTENT_LENGTH, body.len())
            .body(Body::from(body))
            .unwrap()
    };
    unit.send(request(changed, &auth))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    // Nothing of it stayed behind once the cleanup has run, not even the
    // first chunk, which was written before the digest could be checked.
    unit.server.state.store.checkpoint().await.unwrap();
    let db = std::fs::read(unit.server.data_dir().join("sanctuary.db")).unwrap();
    let sample = &blob[100_000..100_064];
    assert!(!db.windows(64).any(|w| w == sample));

    let r = unit
        .send(signed_request(
            &unit.alice,
            &unit.unit.unit_id(),
            Method::POST,
            path,
            blob,
            Some("application/octet-stream"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}
