//! Resumable uploads (`docs/protocol.md` §7.1): a reporter's attachment
//! whose connection drops keeps what arrived, under the hash of the
//! client's upload secret, and the rest is sent from where the stored
//! bytes end; the result is stored exactly like an upload that never
//! stopped (issue #13).

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use bytes::Bytes;
use common::*;
use sanctuary_crypto::api::{Stored, UPLOAD_HEADER, UPLOAD_OFFSET_HEADER, UploadStatus};
use sanctuary_crypto::ids::{BlobId, UploadSecret};
use sanctuary_server::upload::CHUNK_LEN;

/// The sizes of an attachment's chunk rows, in order.
fn row_sizes(unit: &Unit, id: &BlobId) -> Vec<usize> {
    database(unit)
        .prepare(
            "SELECT length(c.data) FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
             WHERE k.blob = ?1 ORDER BY k.seq",
        )
        .unwrap()
        .query_map([id.as_bytes()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn count(unit: &Unit, sql: &str) -> i64 {
    database(unit).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// A first upload of `blob` under `secret` whose connection drops after
/// `cut` bytes.
fn dropped_upload(unit: &Unit, blob: &[u8], cut: usize, secret: &UploadSecret) -> Request<Body> {
    let pieces: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::copy_from_slice(&blob[..cut])),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "the connection dropped",
        )),
    ];
    attachment_upload(unit, blob.len())
        .header(UPLOAD_HEADER, secret.to_hex().as_str())
        .body(Body::from_stream(futures_util::stream::iter(pieces)))
        .unwrap()
}

/// A caseworker's download of attachment `id`.
async fn download(unit: &Unit, id: BlobId) -> Reply {
    unit.signed(
        &unit.alice,
        Method::GET,
        &format!("/v1/attachments/{id}"),
        Vec::new(),
    )
    .await
}

fn status_request(secret: &str) -> Request<Body> {
    Request::post("/v1/attachments/resume/status")
        .header(UPLOAD_HEADER, secret)
        .body(Body::empty())
        .unwrap()
}

fn resume_request(secret: &UploadSecret, offset: u64, rest: &[u8]) -> Request<Body> {
    Request::post("/v1/attachments/resume")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, rest.len())
        .header(UPLOAD_HEADER, secret.to_hex().as_str())
        .header(UPLOAD_OFFSET_HEADER, offset.to_string())
        .body(Body::from(rest.to_vec()))
        .unwrap()
}

#[tokio::test]
async fn an_interrupted_upload_resumes_where_the_stored_bytes_end() {
    let unit = Unit::start().await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 700_000);
    let secret = UploadSecret::random();

    // The connection drops in the middle of the second row.
    let cut = CHUNK_LEN + 40_000;
    let r = unit.send(dropped_upload(&unit, &blob, cut, &secret)).await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    // Kept: one partial blob and its handle, never the secret itself.
    assert_eq!(count(&unit, "SELECT count(*) FROM resumable"), 1);
    let handle: Vec<u8> = database(&unit)
        .query_row("SELECT handle FROM resumable", [], |r| r.get(0))
        .unwrap();
    assert_eq!(handle, secret.handle());

    // The client asks where to go on: everything that arrived was stored.
    let r = unit.send(status_request(&secret.to_hex())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let status: UploadStatus = r.json();
    assert_eq!(
        status,
        UploadStatus {
            received: cut as u64,
            length: blob.len() as u64
        }
    );

    // Anywhere else is refused, and so is a body that is not the rest.
    let r = unit
        .send(resume_request(&secret, 1000, &blob[1000..]))
        .await;
    r.assert(StatusCode::CONFLICT, "upload_offset");
    let r = unit
        .send(resume_request(
            &secret,
            cut as u64,
            &blob[cut..blob.len() - 1],
        ))
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    // A new upload may not take a secret in use.
    let r = unit.send(dropped_upload(&unit, &blob, 1000, &secret)).await;
    r.assert(StatusCode::CONFLICT, "upload_exists");

    // The rest, from there: stored whole, in the same rows as an upload
    // that never stopped, and the handle is gone.
    let r = unit
        .send(resume_request(&secret, cut as u64, &blob[cut..]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json::<Stored>().id;
    assert_eq!(
        row_sizes(&unit, &id),
        [CHUNK_LEN, CHUNK_LEN, blob.len() - 2 * CHUNK_LEN]
    );
    assert_eq!(count(&unit, "SELECT count(*) FROM resumable"), 0);
    assert_eq!(
        count(&unit, "SELECT count(*) FROM blobs WHERE state = 'partial'"),
        0
    );
    let r = download(&unit, id).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, blob);

    // Finished: nothing more to resume.
    unit.send(status_request(&secret.to_hex()))
        .await
        .assert(StatusCode::NOT_FOUND, "not_found");
    unit.send(resume_request(&secret, 0, &blob))
        .await
        .assert(StatusCode::NOT_FOUND, "not_found");
    unit.server.close().await;
}

#[tokio::test]
async fn a_resumed_upload_that_drops_again_is_resumed_again() {
    let unit = Unit::start().await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 400_000);
    let secret = UploadSecret::random();
    let first = 100_000;
    unit.send(dropped_upload(&unit, &blob, first, &secret))
        .await
        .assert(StatusCode::BAD_REQUEST, "bad_request");

    // The second connection drops too.
    let second = 250_000;
    let pieces: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::copy_from_slice(&blob[first..second])),
        Err(std::io::Error::other("dropped again")),
    ];
    let request = Request::post("/v1/attachments/resume")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, blob.len() - first)
        .header(UPLOAD_HEADER, secret.to_hex().as_str())
        .header(UPLOAD_OFFSET_HEADER, first.to_string())
        .body(Body::from_stream(futures_util::stream::iter(pieces)))
        .unwrap();
    unit.send(request)
        .await
        .assert(StatusCode::BAD_REQUEST, "bad_request");
    let status: UploadStatus = unit.send(status_request(&secret.to_hex())).await.json();
    assert_eq!(status.received, second as u64);

    let r = unit
        .send(resume_request(&secret, second as u64, &blob[second..]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json::<Stored>().id;
    let r = download(&unit, id).await;
    assert_eq!(r.body, blob);
    unit.server.close().await;
}

#[tokio::test]
async fn an_upload_without_a_secret_leaves_nothing_when_it_drops() {
    let unit = Unit::start().await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 400_000);
    let pieces: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(Bytes::copy_from_slice(&blob[..300_000])),
        Err(std::io::Error::other("dropped")),
    ];
    let request = attachment_upload(&unit, blob.len())
        .body(Body::from_stream(futures_util::stream::iter(pieces)))
        .unwrap();
    unit.send(request)
        .await
        .assert(StatusCode::BAD_REQUEST, "bad_request");
    // Its rows are removed in the background.
    let start = std::time::Instant::now();
    while count(&unit, "SELECT count(*) FROM blobs") != 0 {
        assert!(start.elapsed() < Duration::from_secs(30), "never removed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(count(&unit, "SELECT count(*) FROM resumable"), 0);
    unit.server.close().await;
}

#[tokio::test]
async fn an_upload_being_received_is_busy_for_a_second_connection() {
    let unit = Unit::start().await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 400_000);
    let secret = UploadSecret::random();
    // A first connection that sends part of the upload and then waits,
    // like one its client gave up on.
    let (tx, body) = piecewise_body();
    let request = attachment_upload(&unit, blob.len())
        .header(UPLOAD_HEADER, secret.to_hex().as_str())
        .body(body)
        .unwrap();
    let router = unit.server.router.clone();
    let first = tokio::spawn(async move { send(&router, request).await });
    tx.send(blob[..100_000].to_vec()).await.unwrap();
    let start = std::time::Instant::now();
    while count(&unit, "SELECT count(*) FROM resumable") == 0 {
        assert!(start.elapsed() < Duration::from_secs(30), "never begun");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    unit.send(status_request(&secret.to_hex()))
        .await
        .assert(StatusCode::CONFLICT, "upload_busy");
    unit.send(resume_request(&secret, 0, &blob))
        .await
        .assert(StatusCode::CONFLICT, "upload_busy");

    // Once the first connection ends, the upload can be resumed.
    drop(tx);
    first
        .await
        .unwrap()
        .assert(StatusCode::BAD_REQUEST, "bad_request");
    let status: UploadStatus = unit.send(status_request(&secret.to_hex())).await.json();
    assert_eq!(status.received, 100_000);
    let r = unit
        .send(resume_request(&secret, 100_000, &blob[100_000..]))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}

#[tokio::test]
async fn resume_requests_need_a_well_formed_secret() {
    let unit = Unit::start().await;
    for bad in ["", "42", &"zz".repeat(32), &"42".repeat(33)] {
        unit.send(status_request(bad))
            .await
            .assert(StatusCode::BAD_REQUEST, "bad_request");
    }
    // Unknown: nothing to resume.
    unit.send(status_request(&UploadSecret::random().to_hex()))
        .await
        .assert(StatusCode::NOT_FOUND, "not_found");
    let r = unit
        .send(
            Request::post("/v1/attachments/resume")
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header(header::CONTENT_LENGTH, 3)
                .body(Body::from(vec![1, 2, 3]))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    let r = unit
        .send(
            Request::post("/v1/attachments/resume")
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .header(header::CONTENT_LENGTH, 3)
                .header(UPLOAD_HEADER, UploadSecret::random().to_hex().as_str())
                .body(Body::from(vec![1, 2, 3]))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    unit.server.close().await;
}
