//! Storage on a temporary database file: retention removes rows and their
//! bytes, group commit under concurrency, a full disk refuses cleanly, and
//! unfinished uploads do not survive a restart (unless they may be
//! resumed: then retention removes them after two days).

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::path::Path;

use axum::http::{Method, StatusCode};
use common::*;
use sanctuary_crypto::api::{Base64Bytes, InboxPage, PostReply, Stored};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::Policy;
use sanctuary_server::store::{DATABASE_FILE, Purged, purge_database};
use sanctuary_server::{AppState, Settings};

/// The database file and its WAL, as raw bytes.
fn raw_files(data_dir: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(data_dir.join(DATABASE_FILE)).unwrap();
    if let Ok(wal) = std::fs::read(data_dir.join(format!("{DATABASE_FILE}-wal"))) {
        bytes.extend(wal);
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn count(data_dir: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(data_dir.join(DATABASE_FILE)).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Stores a report, a reporter attachment, and a reply with an attachment.
/// Returns samples of each ciphertext.
async fn fill(unit: &Unit) -> Vec<Vec<u8>> {
    let reporter = Reporter::new();
    let report = reporter.report(&unit.roster, "retention test");
    assert_eq!(
        unit.post_message(report.clone()).await.status,
        StatusCode::CREATED
    );
    let attachment = attachment_blob(&unit.roster.document().recipients(), 400_000);
    assert_eq!(
        unit.post_attachment(attachment.clone()).await.status,
        StatusCode::CREATED
    );
    let recipients = reply_recipients(&unit.roster, &reporter);
    let reply_attachment = attachment_blob(&recipients, 5000);
    let r = unit
        .send(signed_request(
            &unit.alice,
            &unit.unit.unit_id(),
            Method::POST,
            "/v1/case/attachments",
            reply_attachment.clone(),
            Some("application/octet-stream"),
        ))
        .await;
    let bound = r.json::<Stored>().id;
    let reply = reply_blob(&unit.alice, &reporter, &unit.roster, "a reply");
    let body = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(reply.clone()),
        attachments: vec![bound],
    };
    let r = unit
        .signed(
            &unit.alice,
            Method::POST,
            "/v1/replies",
            serde_json::to_vec(&body).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    [report, attachment, reply_attachment, reply]
        .iter()
        .map(|b| b[1000..1064].to_vec())
        .collect()
}

#[tokio::test]
async fn retention_of_zero_days_removes_rows_and_their_bytes() {
    let unit = Unit::start_with(|s| {
        s.limits.max_retention_days = 0;
        s.limits.max_mailbox_retention_days = 0;
    })
    .await;
    let samples = fill(&unit).await;
    let dir = unit.server.data_dir();
    unit.server.state.store.checkpoint().await.unwrap();
    let before = raw_files(&dir);
    for s in &samples {
        assert!(
            contains(&before, s),
            "the control sample is not in the file"
        );
    }

    let state = &unit.server.state;
    let purged = state.store.purge(state.retention_days()).await.unwrap();
    assert_eq!(
        purged,
        Purged {
            inbox_items: 2,
            mailboxes: 1,
            unbound_attachments: 0,
            unfetched_attachments: 0,
            partial_uploads: 0
        }
    );
    assert_eq!(count(&dir, "blobs"), 0);
    assert_eq!(count(&dir, "chunks"), 0);
    assert_eq!(count(&dir, "mailboxes"), 0);
    let after = raw_files(&dir);
    for s in &samples {
        assert!(
            !contains(&after, s),
            "deleted ciphertext is still in the file"
        );
    }
    let r = unit
        .signed(&unit.alice, Method::GET, "/v1/inbox", Vec::new())
        .await;
    assert!(r.json::<InboxPage>().items.is_empty());
    unit.server.close().await;
}

#[tokio::test]
async fn the_purge_command_applies_the_roster_policy_beside_a_running_server() {
    let policy = Policy {
        retention_days: 0,
        mailbox_retention_days: 0,
        ..Policy::default()
    };
    let unit = Unit::start_with_policy(|_| {}, policy).await;
    let samples = fill(&unit).await;
    let dir = unit.server.data_dir();
    let purged = tokio::task::spawn_blocking({
        let path = dir.join(DATABASE_FILE);
        move || purge_database(&path, 3650, 3650, 30)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(purged.inbox_items, 2);
    assert_eq!(purged.mailboxes, 1);
    let after = raw_files(&dir);
    for s in &samples {
        assert!(!contains(&after, s));
    }
    // The running server still works.
    let r = unit
        .post_message(Reporter::new().report(&unit.roster, "after purge"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    unit.server.close().await;
}

#[tokio::test]
async fn retention_keeps_what_is_not_due() {
    let unit = Unit::start().await;
    fill(&unit).await;
    let state = &unit.server.state;
    let purged = state.store.purge(state.retention_days()).await.unwrap();
    assert_eq!(purged, Purged::default());
    let dir = unit.server.data_dir();
    assert_eq!(count(&dir, "mailboxes"), 1);

    // An unbound reply attachment from two days ago is purged.
    let recipients = reply_recipients(&unit.roster, &Reporter::new());
    let r = unit
        .send(signed_request(
            &unit.alice,
            &unit.unit.unit_id(),
            Method::POST,
            "/v1/case/attachments",
            attachment_blob(&recipients, 100),
            Some("application/octet-stream"),
        ))
        .await;
    let id = r.json::<Stored>().id;
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    conn.execute(
        "UPDATE blobs SET day = ?1 WHERE id = ?2",
        rusqlite::params![Day::today().minus(2).number(), id.as_bytes()],
    )
    .unwrap();
    drop(conn);
    let purged = state.store.purge(state.retention_days()).await.unwrap();
    assert_eq!(purged.unbound_attachments, 1);
    assert_eq!(purged.inbox_items, 0);
    unit.server.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writes_are_all_committed() {
    let unit = Unit::start().await;
    let reporter = Reporter::new();
    let blob = reporter.report(&unit.roster, "concurrent");
    let mut tasks = Vec::new();
    for _ in 0..64 {
        let router = unit.server.router.clone();
        let blob = blob.clone();
        let version = unit.roster.version();
        tasks.push(tokio::spawn(async move {
            send(&router, blob_request("/v1/messages", blob, Some(version))).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.insert(r.json::<Stored>().id);
    }
    assert_eq!(ids.len(), 64);
    let r = unit
        .signed(&unit.alice, Method::GET, "/v1/inbox?limit=1000", Vec::new())
        .await;
    let listed: std::collections::BTreeSet<_> = r
        .json::<InboxPage>()
        .items
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(listed, ids);
    unit.server.close().await;
}

#[tokio::test]
async fn a_full_database_refuses_with_507_and_keeps_what_it_has() {
    // Filling it takes more reports than the proof of work's baseline.
    let unit = Unit::start_with(|s| {
        s.limits.max_database_mb = Some(1);
        s.limits.pow_max_level = 0;
    })
    .await;
    let reporter = Reporter::new();
    let mut stored = Vec::new();
    let mut full = None;
    for i in 0..200 {
        let blob = reporter.report(&unit.roster, &format!("filling {i}"));
        let r = unit.post_message(blob.clone()).await;
        if r.status == StatusCode::CREATED {
            stored.push((r.json::<Stored>().id, blob));
        } else {
            full = Some(r);
            break;
        }
    }
    let full = full.expect("the database never filled up");
    full.assert(StatusCode::INSUFFICIENT_STORAGE, "storage_full");
    assert!(!stored.is_empty());
    // Attachments stopped at their share before that (nothing partial is
    // left behind).
    let r = unit
        .post_attachment(attachment_blob(
            &unit.roster.document().recipients(),
            900_000,
        ))
        .await;
    r.assert(StatusCode::SERVICE_UNAVAILABLE, "attachment_quota");
    for (id, blob) in &stored {
        let r = unit
            .signed(
                &unit.alice,
                Method::GET,
                &format!("/v1/inbox/{id}"),
                Vec::new(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(&r.body, blob);
    }
    // Deleting makes room again.
    let (id, _) = &stored[0];
    let r = unit
        .signed(
            &unit.alice,
            Method::DELETE,
            &format!("/v1/inbox/{id}"),
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = unit
        .post_message(reporter.report(&unit.roster, "room again"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}

/// Puts an unfinished upload of one 100-byte row, begun `days_ago`, into
/// the database at `dir`, under a resume handle if one is given.
fn put_partial(dir: &Path, id: u8, days_ago: u32, handle: Option<[u8; 32]>) {
    let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
    let key = 0x5eed_0000_0000_i64 + i64::from(id);
    conn.execute(
        "INSERT INTO blobs (id, kind, state, day) VALUES (?1, 'attachment', 'partial', ?2)",
        rusqlite::params![[id; 16], Day::today().number() - days_ago],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO ciphertexts (id, data) VALUES (?1, ?2)",
        rusqlite::params![key, vec![1u8; 100]],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO chunks (blob, seq, ciphertext) VALUES (?1, 0, ?2)",
        rusqlite::params![[id; 16], key],
    )
    .unwrap();
    if let Some(handle) = handle {
        conn.execute(
            "INSERT INTO resumable (handle, blob, length) VALUES (?1, ?2, 5000)",
            rusqlite::params![handle, [id; 16]],
        )
        .unwrap();
    }
}

#[tokio::test]
async fn unfinished_uploads_are_removed_at_start_up() {
    let server = Server::start().await;
    let dir = server.data_dir();
    server.state.store.close().await;
    put_partial(&dir, 9, 0, None);
    let state = AppState::open(&Settings::with_data_dir(&dir))
        .await
        .unwrap();
    assert_eq!(count(&dir, "blobs"), 0);
    assert_eq!(count(&dir, "chunks"), 0);
    assert_eq!(count(&dir, "ciphertexts"), 0);
    state.store.close().await;
}

#[tokio::test]
async fn uploads_that_may_be_resumed_survive_a_restart_and_expire_after_two_days() {
    let server = Server::start().await;
    let dir = server.data_dir();
    server.state.store.close().await;
    put_partial(&dir, 1, 0, Some([1; 32]));
    put_partial(&dir, 2, 1, Some([2; 32]));
    put_partial(&dir, 3, 2, Some([3; 32]));
    let state = AppState::open(&Settings::with_data_dir(&dir))
        .await
        .unwrap();
    assert_eq!(count(&dir, "blobs"), 3);
    assert_eq!(
        state
            .store
            .unfinished([1; 32])
            .await
            .unwrap()
            .map(|u| (u.received, u.length)),
        Some((100, 5000))
    );

    let purged = state.store.purge(state.retention_days()).await.unwrap();
    assert_eq!(purged.partial_uploads, 1);
    assert_eq!(count(&dir, "blobs"), 2);
    assert_eq!(count(&dir, "resumable"), 2);
    assert_eq!(state.store.unfinished([3; 32]).await.unwrap(), None);
    assert!(state.store.unfinished([2; 32]).await.unwrap().is_some());
    state.store.close().await;
}
