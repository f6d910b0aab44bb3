//! Mailboxes: one response shape whoever asks, replies and their
//! attachments, and forgetting (also before the first reply).

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use sanctuary_crypto::api::{
    Base64Bytes, Forgotten, MailboxAttachmentFetch, MailboxContents, MailboxFetch, MailboxForget,
    PostReply, Stored,
};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::{BlobId, ForgetSecret, MailboxId};
use sanctuary_crypto::message;
use sanctuary_server::store::{DATABASE_FILE, RetentionDays};

fn fetch_request(mailbox: MailboxId) -> axum::http::Request<axum::body::Body> {
    json_request(
        Method::POST,
        "/v1/mailbox/fetch",
        serde_json::to_vec(&MailboxFetch { mailbox }).unwrap(),
    )
}

fn forget_request(
    mailbox: MailboxId,
    secret: ForgetSecret,
) -> axum::http::Request<axum::body::Body> {
    json_request(
        Method::POST,
        "/v1/mailbox/forget",
        serde_json::to_vec(&MailboxForget { mailbox, secret }).unwrap(),
    )
}

async fn post_reply(
    unit: &Unit,
    reporter: &Reporter,
    text: &str,
    attachments: Vec<BlobId>,
) -> Reply {
    let body = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(reply_blob(&unit.alice, reporter, &unit.roster, text)),
        attachments,
    };
    unit.signed(
        &unit.alice,
        Method::POST,
        "/v1/replies",
        serde_json::to_vec(&body).unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_missing_mailbox_looks_exactly_like_an_empty_one() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let nobody = Reporter::new();
    let a = unit.send(fetch_request(nobody.keys.mailbox_id())).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.body, br#"{"replies":[]}"#.as_slice());

    // Create a mailbox, then forget it: the reporter's client is told.
    assert_eq!(
        post_reply(&unit, &reporter, "hi", Vec::new()).await.status,
        StatusCode::CREATED
    );
    let forgotten = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            reporter.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(forgotten.status, StatusCode::OK);
    unit.send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");

    // Forgetting a mailbox that never existed answers like forgetting one.
    let c = unit
        .send(forget_request(
            nobody.keys.mailbox_id(),
            nobody.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(c.status, forgotten.status);
    assert_eq!(c.headers, forgotten.headers);
    assert_eq!(c.body, forgotten.body);
    assert_eq!(c.json::<Forgotten>().status, "forgotten");
    unit.server.close().await;
}

/// The rows of the `tombstones` table: (mailbox, forget hash, day).
fn tombstones(unit: &Unit) -> Vec<(Vec<u8>, Vec<u8>, u32)> {
    let conn = rusqlite::Connection::open(unit.server.data_dir().join(DATABASE_FILE)).unwrap();
    conn.prepare("SELECT mailbox, forget_hash, day FROM tombstones ORDER BY forget_hash")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Regression (issue #12): forgetting a mailbox before the unit's first
/// reply did nothing, and the reply was then delivered.
#[tokio::test]
async fn forgetting_before_the_first_reply_refuses_every_later_reply() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let r = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            reporter.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json::<Forgotten>().status, "forgotten");

    // The tombstone holds the storage key, the forget hash and the day:
    // neither the mailbox ID nor the secret.
    let key = reporter.keys.mailbox_id().storage_key();
    let hash = reporter.keys.forget_hash();
    assert_eq!(
        tombstones(&unit),
        [(
            key.to_vec(),
            hash.as_bytes().to_vec(),
            Day::today().number()
        )]
    );

    unit.send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");
    for text in ["hello", "are you there?"] {
        post_reply(&unit, &reporter, text, Vec::new())
            .await
            .assert(StatusCode::GONE, "mailbox_forgotten");
    }
    // Nothing of the refused replies was kept.
    let conn = rusqlite::Connection::open(unit.server.data_dir().join(DATABASE_FILE)).unwrap();
    let rows: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM mailboxes) + (SELECT count(*) FROM blobs)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(rows, 0);

    // Forgetting again is harmless; a stranger's forget (a wrong secret)
    // cannot lift the tombstone either.
    for secret in [
        reporter.keys.forget_secret().clone(),
        ForgetSecret::from_bytes([9; 32]),
    ] {
        let r = unit
            .send(forget_request(reporter.keys.mailbox_id(), secret))
            .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    post_reply(&unit, &reporter, "still there?", Vec::new())
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");

    // The tombstones expire with the mailbox retention.
    let purged = unit
        .server
        .state
        .store
        .purge(RetentionDays {
            inbox: 30,
            mailbox: 0,
            unfetched: 0,
        })
        .await
        .unwrap();
    assert_eq!(purged.mailboxes, 2);
    assert!(tombstones(&unit).is_empty());
    assert_eq!(
        post_reply(&unit, &reporter, "after retention", Vec::new())
            .await
            .status,
        StatusCode::CREATED
    );
    unit.server.close().await;
}

#[tokio::test]
async fn a_wrong_forget_secret_before_the_first_reply_blocks_nothing() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    // Someone who knows the mailbox ID but not the receipt.
    let r = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            ForgetSecret::from_bytes([7; 32]),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);

    // The first reply carries the report's forget hash, which the stranger's
    // secret does not match: it is stored, and no tombstone is left.
    let r = post_reply(&unit, &reporter, "hello", Vec::new()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    assert!(tombstones(&unit).is_empty());
    let contents: MailboxContents = unit
        .send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .json();
    assert_eq!(contents.replies.len(), 1);

    // From now on the secret is checked: a wrong one is refused, the right
    // one forgets as before.
    unit.send(forget_request(
        reporter.keys.mailbox_id(),
        ForgetSecret::from_bytes([7; 32]),
    ))
    .await
    .assert(StatusCode::FORBIDDEN, "forbidden");
    assert!(tombstones(&unit).is_empty());
    let r = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            reporter.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    post_reply(&unit, &reporter, "second", Vec::new())
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");
    unit.server.close().await;
}

#[tokio::test]
async fn replies_reach_the_reporter_with_their_attachments() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let other = Reporter::new();
    let recipients = reply_recipients(&unit.roster, &reporter);
    let file = attachment_blob(&recipients, 700_000);
    let r = unit
        .send(signed_request(
            &unit.alice,
            &unit.unit.unit_id(),
            Method::POST,
            "/v1/case/attachments",
            file.clone(),
            Some("application/octet-stream"),
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let attachment = r.json::<Stored>().id;

    // Not yet bound: the reporter cannot fetch it.
    let fetch_attachment = |mailbox| {
        json_request(
            Method::POST,
            "/v1/mailbox/attachment",
            serde_json::to_vec(&MailboxAttachmentFetch {
                mailbox,
                attachment,
            })
            .unwrap(),
        )
    };
    unit.send(fetch_attachment(reporter.keys.mailbox_id()))
        .await
        .assert(StatusCode::NOT_FOUND, "not_found");

    // Unknown attachments are refused, and nothing of the reply is kept.
    post_reply(&unit, &reporter, "first", vec![BlobId::random()])
        .await
        .assert(StatusCode::BAD_REQUEST, "bad_attachment");
    let empty: MailboxContents = unit
        .send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .json();
    assert!(empty.replies.is_empty());

    let r = post_reply(&unit, &reporter, "first", vec![attachment]).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let first = r.json::<Stored>().id;
    let r = post_reply(&unit, &reporter, "second", Vec::new()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // An attachment binds once.
    post_reply(&unit, &other, "x", vec![attachment])
        .await
        .assert(StatusCode::BAD_REQUEST, "bad_attachment");

    let contents: MailboxContents = unit
        .send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .json();
    assert_eq!(contents.replies.len(), 2);
    assert!(contents.replies.iter().any(|r| r.id == first));
    let mut texts = Vec::new();
    for reply in &contents.replies {
        match message::open(&reply.blob.0, reporter.keys.reply_identity()).unwrap() {
            message::Opened::Reply(pending) => {
                pending
                    .verify(unit.roster.document(), reporter.keys.thread_id())
                    .unwrap();
                texts.push(pending.into_body().text);
            }
            other => panic!("{other:?}"),
        }
    }
    texts.sort();
    assert_eq!(texts, ["first", "second"]);

    let r = unit
        .send(fetch_attachment(reporter.keys.mailbox_id()))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-length"], file.len().to_string());
    assert_eq!(r.body, file);
    // Only through its own mailbox.
    unit.send(fetch_attachment(other.keys.mailbox_id()))
        .await
        .assert(StatusCode::NOT_FOUND, "not_found");
    // Caseworkers can download it too.
    let r = unit
        .signed(
            &unit.bob,
            Method::GET,
            &format!("/v1/attachments/{attachment}"),
            Vec::new(),
        )
        .await;
    assert_eq!(r.body, file);
    unit.server.close().await;
}

#[tokio::test]
async fn forgetting_needs_the_secret_and_leaves_a_tombstone() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    assert_eq!(
        post_reply(&unit, &reporter, "hello", Vec::new())
            .await
            .status,
        StatusCode::CREATED
    );
    unit.send(forget_request(
        reporter.keys.mailbox_id(),
        ForgetSecret::from_bytes([7; 32]),
    ))
    .await
    .assert(StatusCode::FORBIDDEN, "forbidden");
    let contents: MailboxContents = unit
        .send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .json();
    assert_eq!(contents.replies.len(), 1);

    let r = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            reporter.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    unit.send(fetch_request(reporter.keys.mailbox_id()))
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");
    post_reply(&unit, &reporter, "are you there?", Vec::new())
        .await
        .assert(StatusCode::GONE, "mailbox_forgotten");
    // Forgetting again is harmless.
    let r = unit
        .send(forget_request(
            reporter.keys.mailbox_id(),
            reporter.keys.forget_secret().clone(),
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    unit.server.close().await;
}

#[tokio::test]
async fn replies_must_be_sealed_for_the_caseworkers_and_the_reporter() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    // A report-shaped blob (caseworkers only) is not a reply.
    let body = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(reporter.report(&unit.roster, "x")),
        attachments: Vec::new(),
    };
    unit.signed(
        &unit.alice,
        Method::POST,
        "/v1/replies",
        serde_json::to_vec(&body).unwrap(),
    )
    .await
    .assert(StatusCode::CONFLICT, "roster_changed");
    unit.server.close().await;
}

/// Splits a `POST /v1/case/…/fetch` answer into (ID, ciphertext) records.
fn records(mut body: &[u8]) -> Vec<(BlobId, Vec<u8>)> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let (id, rest) = body.split_at(BlobId::LEN);
        let (len, rest) = rest.split_at(4);
        let len = u32::from_be_bytes(len.try_into().unwrap()) as usize;
        out.push((
            BlobId::from_bytes(id.try_into().unwrap()),
            rest[..len].to_vec(),
        ));
        body = &rest[len..];
    }
    out
}

#[tokio::test]
async fn caseworkers_list_and_fetch_every_reply_without_naming_a_mailbox() {
    let unit = Unit::start().await;
    let (one, two) = (Reporter::new(), Reporter::new());
    let report = unit.post_message(one.report(&unit.roster, "report")).await;
    assert_eq!(report.status, StatusCode::CREATED);
    let report: Stored = report.json();
    let mut posted = Vec::new();
    for (reporter, text) in [(&one, "first"), (&two, "second"), (&one, "third")] {
        let r = post_reply(&unit, reporter, text, Vec::new()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        posted.push(r.json::<Stored>().id);
    }

    // One listing holds the replies of both mailboxes, and only replies;
    // the inbox holds only the report.
    let listed = |path: &'static str| {
        let unit = &unit;
        async move {
            let r = unit.signed(&unit.bob, Method::GET, path, Vec::new()).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.text());
            let mut ids: Vec<BlobId> = r
                .json::<sanctuary_crypto::api::InboxPage>()
                .items
                .iter()
                .map(|i| i.id)
                .collect();
            ids.sort_unstable();
            ids
        }
    };
    let mut expected = posted.clone();
    expected.sort_unstable();
    assert_eq!(listed("/v1/case/replies").await, expected);
    assert_eq!(listed("/v1/inbox").await, vec![report.id]);
    let page = listed("/v1/case/replies?limit=2").await;
    assert_eq!(page.len(), 2);

    // The fetch returns them in the order asked, and skips IDs that are
    // not replies (the report's).
    let ask = vec![posted[2], report.id, posted[0]];
    let r = unit
        .signed(
            &unit.bob,
            Method::POST,
            "/v1/case/replies/fetch",
            serde_json::to_vec(&sanctuary_crypto::api::CaseInboxFetch { ids: ask }).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let got = records(&r.body);
    assert_eq!(
        got.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        vec![posted[2], posted[0]]
    );
    // Each opens for a caseworker, as the reply it is.
    for ((_, blob), text) in got.iter().zip(["third", "first"]) {
        let message::Opened::Reply(reply) = message::open(blob, unit.bob.identity()).unwrap()
        else {
            panic!("not a reply");
        };
        assert_eq!(reply.body().text, text);
    }

    // Unsigned, both are refused.
    unit.send(get("/v1/case/replies"))
        .await
        .assert(StatusCode::UNAUTHORIZED, "unauthorized");
    unit.server.close().await;
}
