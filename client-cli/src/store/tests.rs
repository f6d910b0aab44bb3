#![allow(clippy::unwrap_used)]

use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::message::{self, ReportContent};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::roster::{Policy, ROSTER_TYPE, RosterDocument, SignedRoster};
use sanctuary_crypto::unit::UnitKey;

use super::*;
use crate::threads;

const MARKER: &str = "PLAINTEXT-MARKER-7f3a9c";

fn roster(unit: &UnitKey, cw: &CaseworkerKey) -> sanctuary_crypto::roster::VerifiedRoster {
    let today = Day::today();
    SignedRoster::sign(
        &RosterDocument {
            kind: ROSTER_TYPE.into(),
            version: 1,
            unit: unit.unit_id(),
            name: "Test Unit".into(),
            issued: today,
            expires: today.plus(30),
            caseworkers: vec![cw.card().into()],
            policy: Policy::default(),
            form: None,
        },
        unit,
    )
    .unwrap()
    .verify(&unit.unit_id(), today)
    .unwrap()
}

/// A position written today.
fn position(seq: u64) -> sanctuary_crypto::thread::Position {
    sanctuary_crypto::thread::Position {
        seq,
        seen: 0,
        day: Day::today(),
    }
}

/// Every byte under `dir`, file by file.
fn all_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_bytes(&path));
        } else {
            out.push((path.clone(), fs::read(&path).unwrap()));
        }
    }
    out
}

/// A blob to store, as a sync from before schema 4 would have.
fn plain(id: BlobId, kind: BlobKind, ciphertext: &[u8]) -> NewBlob<'_> {
    NewBlob {
        id,
        kind,
        day: Day::today(),
        digest: None,
        received: None,
        ciphertext,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_store_file_holds_no_plaintext() {
    let unit = UnitKey::generate();
    let cw = CaseworkerKey::generate("PC-Jones".parse().unwrap());
    let roster = roster(&unit, &cw);
    let receipt = Receipt::generate();
    let keys = receipt.derive();
    let content = ReportContent {
        category: Some(format!("{MARKER}-category")),
        text: format!("{MARKER} was at the station"),
        ..ReportContent::default()
    };
    let report = message::seal_report(&content, &keys, &roster).unwrap();
    let follow_up =
        message::seal_follow_up(&format!("{MARKER} again"), &[], position(1), &keys, &roster)
            .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let report_id = BlobId::random();
    {
        let store = Store::open(&store_dir).unwrap();
        store.pin_unit(&unit.unit_id()).unwrap();
        store.save_roster(roster.signed()).unwrap();
        store
            .insert_blob(plain(report_id, BlobKind::Report, &report))
            .unwrap();
        store
            .insert_blob(plain(BlobId::random(), BlobKind::FollowUp, &follow_up))
            .unwrap();
        store.set_status(&report_id, Status::Closed).unwrap();

        // The threads are there, in memory, once decrypted.
        let loaded = threads::load(&store, &cw, Some(roster.document())).unwrap();
        assert_eq!(loaded.threads.len(), 1);
        let thread = &loaded.threads[0];
        assert_eq!(thread.id, report_id);
        assert_eq!(thread.status, "closed");
        assert_eq!(thread.messages.len(), 2);
        assert!(thread.messages.iter().all(|m| m.verified));
        assert!(thread.messages[0].text.contains(MARKER));
    }

    let files = all_bytes(&store_dir);
    assert!(files.iter().any(|(p, _)| p.ends_with("store.sqlite")));
    for (path, bytes) in &files {
        assert!(
            !contains(bytes, MARKER.as_bytes()),
            "plaintext found in {}",
            path.display()
        );
        // Nor anything derived from the receipt that the server never sees.
        assert!(!contains(bytes, keys.thread_id().to_hex().as_bytes()));
    }
    // The ciphertext itself is there, byte for byte.
    let db = fs::read(store_dir.join("store.sqlite")).unwrap();
    assert!(contains(&db, &report[report.len() - 64..]));
}

#[test]
fn a_new_store_has_16_kib_pages_and_an_old_one_keeps_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let page_size = |store: &Store| -> u32 {
        store
            .conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .unwrap()
    };
    let new = dir.path().join("new");
    assert_eq!(page_size(&Store::open(&new).unwrap()), PAGE_SIZE);
    // A store made with SQLite's default pages (an older version's).
    let old = dir.path().join("old");
    fs::create_dir(&old).unwrap();
    Connection::open(old.join(DATABASE))
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert_eq!(page_size(&Store::open(&old).unwrap()), 4096);
}

#[cfg(unix)]
#[test]
fn the_store_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    drop(Store::open(&store_dir).unwrap());
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&store_dir), 0o700);
    assert_eq!(mode(&store_dir.join("attachments")), 0o700);
    assert_eq!(mode(&store_dir.join("store.sqlite")), 0o600);
}

#[test]
fn a_forged_follow_up_is_flagged_not_merged() {
    let unit = UnitKey::generate();
    let cw = CaseworkerKey::generate("A".parse().unwrap());
    let roster = roster(&unit, &cw);
    let keys = Receipt::generate().derive();
    let report = message::seal_report(
        &ReportContent {
            text: "report".into(),
            ..ReportContent::default()
        },
        &keys,
        &roster,
    )
    .unwrap();
    // A follow-up from a different receipt holder, about another thread.
    let stranger = Receipt::generate().derive();
    let orphan = message::seal_follow_up("who am I", &[], position(1), &stranger, &roster).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .insert_blob(plain(BlobId::random(), BlobKind::Report, &report))
        .unwrap();
    store
        .insert_blob(plain(BlobId::random(), BlobKind::FollowUp, &orphan))
        .unwrap();
    let loaded = threads::load(&store, &cw, Some(roster.document())).unwrap();
    assert_eq!(loaded.threads.len(), 2);
    let flagged = &loaded.threads[1];
    assert_eq!(flagged.status, "unverified");
    assert!(!flagged.messages[0].verified);
    assert!(flagged.messages[0].problem.is_some());
    assert_eq!(flagged.messages[0].text, "who am I");
    assert!(loaded.threads[0].messages.len() == 1);
}

#[test]
fn stores_belong_to_one_caseworker_and_one_unit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.claim_for("key-one").unwrap();
    store.claim_for("key-one").unwrap();
    let err = store.claim_for("key-two").unwrap_err().to_string();
    assert!(err.contains("another caseworker"), "{err}");
    assert!(store.pinned_unit().unwrap().is_none());
    let unit = UnitKey::generate().unit_id();
    store.pin_unit(&unit).unwrap();
    assert_eq!(store.pinned_unit().unwrap(), Some(unit));
}

/// Regression: version 0 kept ciphertexts inline in a WITHOUT ROWID table.
#[test]
fn a_version_0_store_is_migrated_keeping_its_order() {
    let dir = tempfile::tempdir().unwrap();
    let ids: Vec<BlobId> = (0..5).map(|_| BlobId::random()).collect();
    {
        create_private_dir(dir.path()).unwrap();
        let conn = Connection::open(dir.path().join("store.sqlite")).unwrap();
        conn.execute_batch(SCHEMA_V0).unwrap();
        for (i, id) in ids.iter().enumerate() {
            // Local order deliberately unlike ID order.
            let seq = 10 - i as i64;
            conn.execute(
                "INSERT INTO blobs (id, seq, kind, day, ciphertext, on_server)
                 VALUES (?1, ?2, 'report', ?3, ?4, ?5)",
                params![
                    id.to_hex(),
                    seq,
                    Day::today().to_string(),
                    vec![i as u8; 20_000],
                    i % 2
                ],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO threads (report, status) VALUES (?1, 'closed')",
            [ids[0].to_hex()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('caseworker', 'k')",
            [],
        )
        .unwrap();
    }

    let store = Store::open(dir.path()).unwrap();
    let blobs = store.blobs(true).unwrap();
    let order: Vec<BlobId> = blobs.iter().map(|b| b.id).collect();
    let expected: Vec<BlobId> = ids.iter().rev().copied().collect();
    assert_eq!(order, expected);
    assert_eq!(blobs[0].seq, 6);
    for b in &blobs {
        let i = ids.iter().position(|id| *id == b.id).unwrap();
        assert_eq!(b.ciphertext, vec![i as u8; 20_000]);
        assert_eq!(store.ciphertext(&b.id).unwrap(), b.ciphertext);
    }
    assert_eq!(store.blob_ids().unwrap().len(), 5);
    assert_eq!(
        store.statuses().unwrap().get(&ids[0]),
        Some(&Status::Closed)
    );
    store.claim_for("k").unwrap();
    let (version, sql): (u32, String) = store
        .conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), sql
             FROM sqlite_schema WHERE name = 'blobs'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(!sql.contains("WITHOUT ROWID"), "{sql}");
    // New blobs come after the migrated ones; a blob stored twice is kept once.
    let new = BlobId::random();
    store
        .insert_blobs(
            &[
                plain(new, BlobKind::Reply, b"x"),
                plain(ids[0], BlobKind::Reply, b"y"),
            ],
            false,
        )
        .unwrap();
    let blobs = store.blobs(false).unwrap();
    assert_eq!(blobs.len(), 6);
    assert_eq!(blobs[5].id, new);
    assert!(blobs[5].seq > 10);
    drop(store);
    // Opening again leaves it as it is.
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.blobs(false).unwrap().len(), 6);
}

#[test]
fn a_store_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let conn = Connection::open(dir.path().join("store.sqlite")).unwrap();
    conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    drop(conn);
    let err = Store::open(dir.path()).err().unwrap().to_string();
    assert!(err.contains("newer version of sanctuary"), "{err}");
}

#[test]
fn a_version_1_store_gains_the_deletion_queue() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join("store.sqlite")).unwrap();
        conn.execute_batch(SCHEMA_V0).unwrap();
        conn.execute_batch(MIGRATE_V0_TO_V1).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(store.pending_deletions().unwrap().is_empty());

    let file = Deletion {
        id: BlobId::random(),
        kind: DeletionKind::Attachment,
    };
    let message = Deletion {
        id: BlobId::random(),
        kind: DeletionKind::Message,
    };
    // Queued twice (a thread closed twice), kept once.
    store.queue_deletions(&[file, message]).unwrap();
    store.queue_deletions(&[message]).unwrap();
    let mut pending = store.pending_deletions().unwrap();
    pending.sort_by_key(|d| d.id);
    let mut expected = vec![file, message];
    expected.sort_by_key(|d| d.id);
    assert_eq!(pending, expected);
    store.deletion_done(&message).unwrap();
    assert_eq!(store.pending_deletions().unwrap(), vec![file]);
}

/// Regression: a sync stopped during its attachment downloads (Ctrl-C)
/// left its new reports in the store with nothing to tell them from old
/// ones, and the next sync said "0 new reports".
#[test]
fn a_version_2_store_gains_unread_markers_that_only_showing_clears() {
    let dir = tempfile::tempdir().unwrap();
    let old = BlobId::random();
    {
        let conn = Connection::open(dir.path().join("store.sqlite")).unwrap();
        conn.execute_batch(SCHEMA_V0).unwrap();
        conn.execute_batch(MIGRATE_V0_TO_V1).unwrap();
        conn.execute_batch(MIGRATE_V1_TO_V2).unwrap();
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO blobs (id, kind, day, ciphertext) VALUES (?1, 'report', ?2, x'00')",
            params![old.to_hex(), Day::today().to_string()],
        )
        .unwrap();
    }
    let store = Store::open_existing(dir.path()).unwrap().unwrap();
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    // What was stored before the migration counts as read.
    assert!(store.unread().unwrap().is_empty());
    assert_eq!(store.blob_ids().unwrap().len(), 1);

    // A sync's batch: readable messages become unread, in the same commit;
    // an unreadable blob, or one already stored, does not.
    let (report, follow_up, unreadable) = (BlobId::random(), BlobId::random(), BlobId::random());
    store
        .insert_blobs(
            &[
                plain(report, BlobKind::Report, b"r"),
                plain(follow_up, BlobKind::FollowUp, b"f"),
                plain(unreadable, BlobKind::Unreadable, b"u"),
                plain(old, BlobKind::Report, b"o"),
            ],
            true,
        )
        .unwrap();
    let expected: HashSet<BlobId> = [report, follow_up].into_iter().collect();
    assert_eq!(store.unread().unwrap(), expected);
    // The caseworker's own reply is not news to them.
    let reply = BlobId::random();
    store
        .insert_blob(plain(reply, BlobKind::Reply, b"y"))
        .unwrap();
    assert_eq!(store.unread().unwrap(), expected);

    // Showing clears exactly what was shown; the marks survive reopening.
    store.mark_read(&[report]).unwrap();
    drop(store);
    let store = Store::open_existing(dir.path()).unwrap().unwrap();
    assert_eq!(
        store.unread().unwrap(),
        [follow_up].into_iter().collect::<HashSet<_>>()
    );
}

#[test]
fn a_version_3_store_gains_arrivals_for_what_comes_next() {
    let dir = tempfile::tempdir().unwrap();
    let old = BlobId::random();
    {
        let conn = Connection::open(dir.path().join("store.sqlite")).unwrap();
        conn.execute_batch(SCHEMA_V0).unwrap();
        conn.execute_batch(MIGRATE_V0_TO_V1).unwrap();
        conn.execute_batch(MIGRATE_V1_TO_V2).unwrap();
        conn.execute_batch(MIGRATE_V2_TO_V3).unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
        conn.execute(
            "INSERT INTO blobs (id, kind, day, ciphertext) VALUES (?1, 'report', ?2, x'00')",
            params![old.to_hex(), "2026-11-20"],
        )
        .unwrap();
    }
    let store = Store::open_existing(dir.path()).unwrap().unwrap();
    let version: u32 = store
        .conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert!(!store.synced_before().unwrap());
    // The old message keeps its day and has no arrival.
    let blobs = store.blobs(true).unwrap();
    assert_eq!(blobs.len(), 1);
    assert_eq!(blobs[0].day.to_string(), "2026-11-20");
    assert_eq!(blobs[0].received, None);
    assert_eq!(blobs[0].ciphertext, vec![0]);

    // A new message keeps its digest and the day it was received.
    let digest = sanctuary_crypto::thread::body_digest("{}");
    let received: Day = "2026-12-01".parse().unwrap();
    let new = BlobId::random();
    assert!(!store.digests().unwrap().contains(&digest));
    store
        .insert_blobs(
            &[NewBlob {
                digest: Some(digest),
                received: Some(received),
                ..plain(new, BlobKind::FollowUp, b"f")
            }],
            true,
        )
        .unwrap();
    store.set_synced().unwrap();
    drop(store);
    let store = Store::open_existing(dir.path()).unwrap().unwrap();
    assert!(store.digests().unwrap().contains(&digest));
    assert!(store.synced_before().unwrap());
    let blobs = store.blobs(false).unwrap();
    assert_eq!(blobs[1].id, new);
    assert_eq!(blobs[1].received, Some(received));
    // Stored again (the same ID), nothing changes.
    store
        .insert_blob(NewBlob {
            received: Some(received.plus(9)),
            ..plain(new, BlobKind::FollowUp, b"g")
        })
        .unwrap();
    assert_eq!(store.blobs(false).unwrap()[1].received, Some(received));
}

#[test]
fn an_unreadable_message_has_no_digest_and_spoils_no_later_sync() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let digest = sanctuary_crypto::thread::body_digest("{}");
    store
        .insert_blobs(
            &[
                plain(BlobId::random(), BlobKind::Unreadable, b"?"),
                NewBlob {
                    digest: Some(digest),
                    ..plain(BlobId::random(), BlobKind::Report, b"r")
                },
            ],
            true,
        )
        .unwrap();
    assert_eq!(store.digests().unwrap(), [digest].into_iter().collect());
}

#[test]
fn reading_never_creates_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-store");
    assert!(Store::open_existing(&missing).unwrap().is_none());
    assert!(!missing.exists());
    assert!(!Store::exists(&missing));
    drop(Store::open(&missing).unwrap());
    assert!(Store::exists(&missing));
    assert!(Store::open_existing(&missing).unwrap().is_some());
}

#[test]
fn one_lock_per_store_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    let first = StoreLock::take(&store_dir).unwrap();
    let err = StoreLock::take(&store_dir).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "Another sanctuary command is using this store ({}): wait for it to finish, \
             then try again.",
            store_dir.display()
        )
    );
    // Another store is not affected, and the lock is free once dropped.
    drop(StoreLock::take(&dir.path().join("other")).unwrap());
    drop(first);
    drop(StoreLock::take(&store_dir).unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(store_dir.join(LOCK_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn threads_show_copies_once_and_say_when_a_message_arrived_late() {
    let unit = UnitKey::generate();
    let cw = CaseworkerKey::generate("PC-Jones".parse().unwrap());
    let roster = roster(&unit, &cw);
    let keys = Receipt::generate().derive();
    let today = Day::today();
    let report = message::seal_report(
        &ReportContent {
            text: "report".into(),
            ..ReportContent::default()
        },
        &keys,
        &roster,
    )
    .unwrap();
    let at = |seq, day| sanctuary_crypto::thread::Position { seq, seen: 0, day };
    let late =
        message::seal_follow_up("held back", &[], at(1, today.minus(5)), &keys, &roster).unwrap();
    let timely =
        message::seal_follow_up("on time", &[], at(2, today.minus(2)), &keys, &roster).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let arrived = |id, ciphertext| NewBlob {
        received: Some(today),
        ..plain(id, BlobKind::FollowUp, ciphertext)
    };
    let (copy_a, copy_b) = (BlobId::random(), BlobId::random());
    store
        .insert_blobs(
            &[
                plain(BlobId::random(), BlobKind::Report, &report),
                arrived(copy_a, &late),
                arrived(BlobId::random(), &timely),
                // The server posts the first follow-up again.
                arrived(copy_b, &late),
            ],
            true,
        )
        .unwrap();
    let loaded = threads::load(&store, &cw, Some(roster.document())).unwrap();
    assert_eq!(loaded.threads.len(), 1);
    let thread = &loaded.threads[0];
    let texts: Vec<&str> = thread.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["report", "held back", "on time"]);
    assert_eq!(thread.messages[1].id, copy_a);
    assert_eq!(thread.messages[1].arrived_late(), Some(today));
    assert_eq!(thread.messages[2].arrived_late(), None);
    assert!(thread.gaps.is_empty());

    let view = threads::view::ThreadView::of(thread, &store);
    let text = threads::view::text(&view);
    assert!(
        text.contains(&format!(
            "written {}, arrived {today} · follow-up",
            today.minus(5)
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("written {} · follow-up", today.minus(2))),
        "{text}"
    );

    // The unit's first reply has read reporter message 2.
    assert_eq!(
        thread.next_reply(today),
        sanctuary_crypto::thread::Position {
            seq: 1,
            seen: 2,
            day: today
        }
    );
}

#[test]
fn the_blob_writer_commits_every_few_batches_and_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // What another connection sees.
    let committed = || {
        Connection::open(dir.path().join(DATABASE))
            .unwrap()
            .query_row("SELECT count(*) FROM blobs", [], |r| r.get::<_, usize>(0))
            .unwrap()
    };
    let batch = |n: usize| -> Vec<BlobId> { (0..n).map(|_| BlobId::random()).collect() };
    let insert = |writer: &mut BlobWriter<'_>, ids: &[BlobId]| {
        let blobs: Vec<NewBlob<'_>> = ids
            .iter()
            .map(|id| plain(*id, BlobKind::Report, b"r"))
            .collect();
        writer.insert(&blobs, true).unwrap();
    };

    let mut writer = store.blob_writer();
    insert(&mut writer, &batch(ROWS_PER_COMMIT - 1));
    assert_eq!(committed(), 0, "nothing is committed below the threshold");
    insert(&mut writer, &batch(1));
    assert_eq!(committed(), ROWS_PER_COMMIT, "the threshold commits");
    let last = batch(3);
    insert(&mut writer, &last);
    writer.commit().unwrap();
    assert_eq!(committed(), ROWS_PER_COMMIT + 3);
    assert!(store.unread().unwrap().contains(&last[0]));

    // A writer dropped without its last commit leaves the store as it was
    // (the next sync downloads those messages again).
    let mut dropped = store.blob_writer();
    insert(&mut dropped, &batch(5));
    drop(dropped);
    assert_eq!(store.blob_ids().unwrap().len(), ROWS_PER_COMMIT + 3);
}
