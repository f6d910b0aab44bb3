//! Attachments are stored in rows of one fixed size, whatever the speed of
//! the upload: a seized database holds no trace of how fast, or in what
//! pieces, an attachment arrived (issue #12).

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::*;
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::ids::BlobId;
use sanctuary_server::upload::CHUNK_LEN;

/// The chunk rows of an attachment, in order.
fn rows(unit: &Unit, id: &BlobId) -> Vec<Vec<u8>> {
    database(unit)
        .prepare(
            "SELECT c.data FROM chunks k JOIN ciphertexts c ON c.id = k.ciphertext
             WHERE k.blob = ?1 ORDER BY k.seq",
        )
        .unwrap()
        .query_map([id.as_bytes()], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Bytes stored so far in the chunk rows of unfinished uploads.
fn partial_bytes(unit: &Unit) -> i64 {
    database(unit)
        .query_row(
            "SELECT coalesce(sum(length(c.data)), 0) FROM blobs b
             JOIN chunks k ON k.blob = b.id JOIN ciphertexts c ON c.id = k.ciphertext
             WHERE b.state = 'partial'",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn an_attachment_uploaded_slowly_is_stored_like_one_uploaded_at_once() {
    let unit = Unit::start().await;
    let blob = attachment_blob(&unit.roster.document().recipients(), 700_000);
    assert!(blob.len() > 2 * CHUNK_LEN && blob.len() < 3 * CHUNK_LEN);

    // At once.
    let r = unit.post_attachment(blob.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let fast = r.json::<Stored>().id;

    // Slowly, in pieces that do not fall on row boundaries, with pauses
    // longer than the server holds bytes in memory.
    let (tx, body) = piecewise_body();
    let request = attachment_upload(&unit, blob.len()).body(body).unwrap();
    let router = unit.server.router.clone();
    let upload = tokio::spawn(async move { send(&router, request).await });
    let mut sent = 0;
    for end in [1_000, 150_000, 350_000, 440_000, 600_000] {
        tx.send(blob[sent..end].to_vec()).await.unwrap();
        sent = end;
        // What arrived is stored while the client waits (after at most
        // about HOLD_AT_MOST), not held: the next piece leaves only then.
        let start = tokio::time::Instant::now();
        while partial_bytes(&unit) != sent as i64 {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "{sent} never stored"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    tx.send(blob[sent..].to_vec()).await.unwrap();
    drop(tx);
    let r = upload.await.unwrap();
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let slow = r.json::<Stored>().id;

    // The same rows: full ones, then the rest.
    let fast_rows = rows(&unit, &fast);
    let slow_rows = rows(&unit, &slow);
    let sizes = |rows: &[Vec<u8>]| rows.iter().map(Vec::len).collect::<Vec<_>>();
    assert_eq!(
        sizes(&fast_rows),
        [CHUNK_LEN, CHUNK_LEN, blob.len() - 2 * CHUNK_LEN]
    );
    assert_eq!(sizes(&slow_rows), sizes(&fast_rows));
    assert_eq!(slow_rows.concat(), blob);
    assert_eq!(fast_rows.concat(), blob);

    // And it downloads whole.
    let r = unit
        .signed(
            &unit.alice,
            Method::GET,
            &format!("/v1/attachments/{slow}"),
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-length"], blob.len().to_string());
    assert_eq!(r.body, blob);
    unit.server.close().await;
}
