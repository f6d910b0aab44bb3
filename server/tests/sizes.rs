//! Size checks: a message must have exactly one of its bucket lengths for
//! the current roster, an attachment a Padmé-padded length within the
//! unit's limit. Everything else is refused before it is stored.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use sanctuary_crypto::api::{ROSTER_VERSION_HEADER, Stored};
use sanctuary_crypto::roster::Policy;
use sanctuary_crypto::sizes::{MAX_MESSAGE_CIPHERTEXT, message_ciphertext_lens};

/// A blob of `len` bytes starting with a real sealed message's header.
fn shaped(real: &[u8], len: u64) -> Vec<u8> {
    let mut blob = real[..real.len().min(len as usize)].to_vec();
    blob.resize(len as usize, 0);
    blob
}

#[tokio::test]
async fn every_message_size_but_the_bucket_sizes_is_refused() {
    let unit = Unit::start().await;
    only_the_bucket_sizes_pass(&unit).await;
    unit.server.close().await;
}

#[tokio::test]
async fn every_post_quantum_message_size_but_the_bucket_sizes_is_refused() {
    let unit = Unit::start_pq().await;
    only_the_bucket_sizes_pass(&unit).await;
    unit.server.close().await;
}

/// Exactly the four bucket lengths of the roster's recipient mix pass.
async fn only_the_bucket_sizes_pass(unit: &Unit) {
    let reporter = Reporter::new();
    let real = reporter.report(&unit.roster, "size test");
    let lens = message_ciphertext_lens(unit.roster.document().report_mix());
    assert_eq!(real.len() as u64, lens[0]);

    // Exactly the bucket sizes pass.
    for len in lens {
        let r = unit.post_message(shaped(&real, len)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{len}: {}", r.text());
    }
    // Around each bucket size: every other length is refused.
    let mut refused = 0;
    for len in lens {
        for delta in -40i64..=40 {
            let l = (len as i64 + delta) as u64;
            if lens.contains(&l) {
                continue;
            }
            let r = unit.post_message(shaped(&real, l)).await;
            r.assert(StatusCode::BAD_REQUEST, "bad_size");
            refused += 1;
        }
    }
    assert_eq!(refused, 4 * 80);
    // And a sweep across the whole range (of blobs long enough to hold
    // the header: a shorter one is `bad_header`).
    let header = sanctuary_crypto::age_header::inspect(&real).unwrap().len as u64;
    let mut len = 2000u64.max(header + 100);
    while len <= MAX_MESSAGE_CIPHERTEXT {
        if !lens.contains(&len) {
            unit.post_message(shaped(&real, len))
                .await
                .assert(StatusCode::BAD_REQUEST, "bad_size");
        }
        len += 8191;
    }
    // Past the largest message any roster allows: refused unread.
    unit.post_message(vec![0; MAX_MESSAGE_CIPHERTEXT as usize + 1])
        .await
        .assert(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    // Short blobs whose header cannot be complete.
    for l in [0u64, 1, 21, 22, 100] {
        let r = unit.post_message(shaped(&real, l)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{l}: {}", r.text());
    }
}

#[tokio::test]
async fn every_report_of_a_bucket_has_the_same_length() {
    let unit = Unit::start().await;
    let lens: Vec<usize> = [
        "a",
        "a much longer report text than the first one",
        &"x".repeat(9000),
    ]
    .iter()
    .map(|text| Reporter::new().report(&unit.roster, text).len())
    .collect();
    assert!(lens.iter().all(|&l| l == lens[0]), "{lens:?}");
    unit.server.close().await;
}

#[tokio::test]
async fn attachments_need_a_padded_length_within_the_policy() {
    let policy = Policy {
        max_attachment_bytes: 600_000,
        ..Policy::default()
    };
    let unit = Unit::start_with_policy(|_| {}, policy).await;
    let recipients = unit.roster.document().recipients();
    let real = attachment_blob(&recipients, 550_000);

    // The real one passes and comes back intact (streamed, several chunks).
    let r = unit.post_attachment(real.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let id = r.json::<Stored>().id;
    let r = unit
        .signed(
            &unit.alice,
            Method::GET,
            &format!("/v1/attachments/{id}"),
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, real);

    // One byte off either way: refused.
    for len in [real.len() - 1, real.len() + 1] {
        unit.post_attachment(shaped(&real, len as u64))
            .await
            .assert(StatusCode::BAD_REQUEST, "bad_size");
    }
    // Larger than the unit allows.
    unit.post_attachment(attachment_blob(&recipients, 700_000))
        .await
        .assert(StatusCode::PAYLOAD_TOO_LARGE, "too_large");
    // Sealed for another set of recipients.
    let more = reply_recipients(&unit.roster, &Reporter::new());
    unit.post_attachment(attachment_blob(&more, 1000))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    // Not age.
    unit.post_attachment(vec![7; 5000])
        .await
        .assert(StatusCode::BAD_REQUEST, "not_age");
    // No Content-Length.
    let stream = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(real.clone())]);
    let r = unit
        .send(
            Request::post("/v1/attachments")
                .header(ROSTER_VERSION_HEADER, "1")
                .body(Body::from_stream(stream))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::LENGTH_REQUIRED, "length_required");
    // A body shorter than its Content-Length.
    let r = unit
        .send(
            Request::post("/v1/attachments")
                .header(ROSTER_VERSION_HEADER, "1")
                .header(header::CONTENT_LENGTH, real.len())
                .body(Body::from(real[..real.len() - 10].to_vec()))
                .unwrap(),
        )
        .await;
    r.assert(StatusCode::BAD_REQUEST, "bad_request");
    // Reply attachments need the reporter as a recipient too.
    unit.send(signed_request(
        &unit.alice,
        &unit.unit.unit_id(),
        Method::POST,
        "/v1/case/attachments",
        attachment_blob(&recipients, 1000),
        Some("application/octet-stream"),
    ))
    .await
    .assert(StatusCode::CONFLICT, "roster_changed");
    unit.server.close().await;
}
