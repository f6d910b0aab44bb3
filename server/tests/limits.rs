//! Deadlines and load shedding: a stalled upload is cut off and leaves
//! nothing behind; requests beyond the concurrency limit get 503 at once.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use common::*;
use futures_util::StreamExt as _;
use sanctuary_crypto::api::{ROSTER_VERSION_HEADER, Stored};

/// An attachment upload that sends its first 300 000 bytes and then stalls.
fn stalled_upload(blob: &[u8]) -> Request<Body> {
    let first = Bytes::copy_from_slice(&blob[..300_000]);
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) })
        .chain(futures_util::stream::pending());
    Request::post("/v1/attachments")
        .header(ROSTER_VERSION_HEADER, "1")
        .header(header::CONTENT_LENGTH, blob.len())
        .body(Body::from_stream(stream))
        .unwrap()
}

fn count_blobs(unit: &Unit) -> i64 {
    let conn = rusqlite::Connection::open(unit.server.data_dir().join("sanctuary.db")).unwrap();
    conn.query_row("SELECT count(*) FROM blobs", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_stalled_upload_times_out_and_leaves_nothing() {
    let unit = Unit::start_with(|s| s.limits.upload_timeout = Duration::from_secs(1)).await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 600_000);
    let r = unit.send(stalled_upload(&blob)).await;
    r.assert(StatusCode::REQUEST_TIMEOUT, "timeout");
    // The cleanup is queued before the answer; a checkpoint runs after it.
    unit.server.state.store.checkpoint().await.unwrap();
    assert_eq!(count_blobs(&unit), 0);
    // The same upload, sent whole, works.
    let r = unit.post_attachment(blob).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json::<Stored>();
    unit.server.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_beyond_the_limit_are_shed_with_503() {
    let unit = Unit::start_with(|s| s.limits.max_concurrent_requests = 1).await;
    // Another process holds the database's write lock, so a report, once
    // received, waits for the writer while holding the only slot.
    let (held, shed) = HeldSlot::take(&unit).await;
    shed.assert(StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    let r = held.release().await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // The slot is free again.
    assert_eq!(unit.send(get("/v1/health")).await.status, StatusCode::OK);
    unit.server.close().await;
}

/// A report body that sends its first bytes and then stalls.
fn stalled_report(blob: &[u8]) -> Request<Body> {
    let first = Bytes::copy_from_slice(&blob[..1000]);
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) })
        .chain(futures_util::stream::pending());
    Request::post("/v1/messages")
        .header(ROSTER_VERSION_HEADER, "1")
        .header(header::CONTENT_LENGTH, blob.len())
        .body(Body::from_stream(stream))
        .unwrap()
}

/// Regression: a request took its concurrency slot before its body
/// arrived, so `max_concurrent_requests` stalled clients (or slow uploads,
/// for up to the upload deadline of an hour) made every other request 503.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_still_sending_hold_no_slot() {
    let unit = Unit::start_with(|s| s.limits.max_concurrent_requests = 1).await;
    let attachment = attachment_blob(&unit.roster.document().recipients(), 600_000);
    let report = Reporter::new().report(&unit.roster, "ordinary");
    let mut stalled = Vec::new();
    for _ in 0..3 {
        let router = unit.server.router.clone();
        let upload = stalled_upload(&attachment);
        stalled.push(tokio::spawn(async move { send(&router, upload).await }));
        let router = unit.server.router.clone();
        let body = stalled_report(&report);
        stalled.push(tokio::spawn(async move { send(&router, body).await }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(unit.send(get("/v1/health")).await.status, StatusCode::OK);
    let r = unit.post_message(report).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = unit.post_attachment(attachment).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    for t in stalled {
        t.abort();
    }
    unit.server.close().await;
}
