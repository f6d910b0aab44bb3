//! Disk that strangers cannot fill: attachments stop at their share of the
//! database cap and at their daily quota while reports are still taken;
//! attachments that no caseworker fetched expire.

#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

mod common;

use axum::http::{Method, StatusCode};
use common::*;
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::day::Day;
use sanctuary_server::store::DATABASE_FILE;

async fn attachment(unit: &Unit, size: u64) -> Reply {
    unit.post_attachment(attachment_blob(&unit.roster.document().recipients(), size))
        .await
}

#[tokio::test]
async fn reports_are_taken_when_attachments_have_used_their_share() {
    let unit = Unit::start_with(|s| {
        s.limits.max_database_mb = Some(4);
        s.limits.attachment_share_percent = 50;
        s.limits.attachment_quota_mb_per_day = Some(0);
    })
    .await;
    let mut stored = 0;
    let refused = loop {
        let r = attachment(&unit, 300_000).await;
        if r.status != StatusCode::CREATED {
            break r;
        }
        stored += 1;
        assert!(stored < 20, "attachments went past their share");
    };
    refused.assert(StatusCode::SERVICE_UNAVAILABLE, "attachment_quota");
    // About 2 MiB of attachments, not more.
    assert!((5..=7).contains(&stored), "{stored} attachments stored");
    let reporter = Reporter::new();
    for i in 0..20 {
        let r = unit
            .post_message(reporter.report(&unit.roster, &format!("still taken {i}")))
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "report {i}: {}", r.text());
    }
    unit.server.close().await;
}

#[tokio::test]
async fn the_daily_quota_stops_attachments_but_not_reports() {
    let unit = Unit::start_with(|s| s.limits.attachment_quota_mb_per_day = Some(1)).await;
    let r = attachment(&unit, 600_000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    attachment(&unit, 600_000)
        .await
        .assert(StatusCode::SERVICE_UNAVAILABLE, "attachment_quota");
    // A refused upload used none of the quota: a smaller one still fits.
    let r = attachment(&unit, 300_000).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = unit
        .post_message(Reporter::new().report(&unit.roster, "no attachment"))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}

#[tokio::test]
async fn attachments_nobody_fetched_expire() {
    let unit = Unit::start_with(|s| s.limits.unfetched_attachment_days = 30).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let r = attachment(&unit, 10_000).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        ids.push(r.json::<Stored>().id);
    }
    // A caseworker fetches the first.
    let r = unit
        .signed(
            &unit.alice,
            Method::GET,
            &format!("/v1/attachments/{}", ids[0]),
            Vec::new(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    // The first two arrived 30 days ago, the last 29.
    let conn = rusqlite::Connection::open(unit.server.data_dir().join(DATABASE_FILE)).unwrap();
    let today = Day::today().number();
    for (id, age) in ids.iter().zip([30, 30, 29]) {
        conn.execute(
            "UPDATE blobs SET day = ?2 WHERE id = ?1",
            rusqlite::params![id.as_bytes(), today - age],
        )
        .unwrap();
    }
    let fetched: Vec<i64> = ids
        .iter()
        .map(|id| {
            conn.query_row(
                "SELECT fetched FROM blobs WHERE id = ?1",
                [id.as_bytes()],
                |r| r.get(0),
            )
            .unwrap()
        })
        .collect();
    assert_eq!(fetched, [1, 0, 0]);
    let state = &unit.server.state;
    let purged = state
        .store
        .purge(state.retention_days().with_unfetched(30))
        .await
        .unwrap();
    assert_eq!(purged.unfetched_attachments, 1);
    assert_eq!(purged.inbox_items, 0);
    let left: Vec<bool> = ids
        .iter()
        .map(|id| {
            conn.query_row(
                "SELECT count(*) FROM blobs WHERE id = ?1",
                [id.as_bytes()],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
                == 1
        })
        .collect();
    assert_eq!(left, [true, false, true]);
    // 0 turns the rule off.
    conn.execute(
        "UPDATE blobs SET day = day - 100 WHERE id = ?1",
        [ids[2].as_bytes()],
    )
    .unwrap();
    let purged = state
        .store
        .purge(state.retention_days().with_unfetched(0))
        .await
        .unwrap();
    assert_eq!(purged.unfetched_attachments, 0);
    drop(conn);
    unit.server.close().await;
}
