//! What the server keeps and says, read from outside: the raw database
//! files and the real binary's log after a day of traffic. Reports are real
//! sealed reports carrying a marker in their text; the server only ever
//! sees ciphertext, so the marker must be nowhere, nor any receipt-derived
//! value but the hashed mailbox key, nor the client's address, nor any time
//! finer than a day. It runs once with an X25519 roster and once with a
//! post-quantum one.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::process::Running;
use common::{Reporter, attachment_blob, caseworker, first_position, now, reply_blob, roster_doc};
use sanctuary_crypto::api::{
    Base64Bytes, MailboxContents, MailboxFetch, MailboxForget, PostReply, PublishRoster,
    ROSTER_VERSION_HEADER, Stored,
};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::roster::{PostQuantum, SignedRoster};
use sanctuary_crypto::sizes::{BUCKETS, message_ciphertext_lens};
use sanctuary_crypto::unit::UnitKey;
use sanctuary_server::ENROLLMENT_CODE_FILE;
use sanctuary_server::store::DATABASE_FILE;

const MARKER: &str = "MARKER-7f3a9c-the-knife-was-under-the-sink";

fn raw(data: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(data.join(DATABASE_FILE)).unwrap();
    for suffix in ["-wal", "-shm"] {
        if let Ok(more) = std::fs::read(data.join(format!("{DATABASE_FILE}{suffix}"))) {
            bytes.extend(more);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_database_and_the_log_hold_nothing_about_reporters() {
    day_of_traffic(PostQuantum::Off);
}

#[test]
fn with_post_quantum_the_database_and_the_log_hold_nothing_about_reporters() {
    day_of_traffic(PostQuantum::Required);
}

/// Lengths of the stored blobs of `kind`, and how many have each.
fn lengths(conn: &rusqlite::Connection, kind: &str) -> BTreeMap<u64, usize> {
    let mut by_len = BTreeMap::new();
    let lens: Vec<i64> = conn
        .prepare(
            "SELECT length(c.data) FROM blobs b JOIN ciphertexts c ON c.id = b.ciphertext
             WHERE b.kind = ?1",
        )
        .unwrap()
        .query_map([kind], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for l in lens {
        *by_len.entry(l as u64).or_default() += 1;
    }
    by_len
}

/// The (bucket, mix) of a message of `len` bytes, if one of `mixes` has it.
fn bucket_and_mix(len: u64, mixes: &[Mix]) -> Option<(usize, Mix)> {
    mixes.iter().find_map(|&mix| {
        let lens = message_ciphertext_lens(mix);
        lens.iter()
            .position(|&l| l == len)
            .map(|i| (BUCKETS[i], mix))
    })
}

fn day_of_traffic(post_quantum: PostQuantum) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let server = Running::start(&data, &[]);
    let json = ("Content-Type", "application/json".to_owned());

    // Enroll.
    let unit = UnitKey::generate();
    let alice = caseworker("alice");
    let bob = caseworker("bob");
    let mut doc = roster_doc(&unit, &[&alice, &bob], 1);
    doc.policy.post_quantum = post_quantum;
    let roster = SignedRoster::sign(&doc, &unit).unwrap();
    let code = std::fs::read_to_string(data.join(ENROLLMENT_CODE_FILE)).unwrap();
    let body = serde_json::to_vec(&PublishRoster {
        roster: roster.clone(),
        enrollment_code: Some(code.trim().to_owned()),
    })
    .unwrap();
    assert_eq!(
        server
            .request("PUT", "/v1/roster", std::slice::from_ref(&json), &body)
            .status,
        200
    );
    let roster = roster.verify(&unit.unit_id(), Day::today()).unwrap();
    let pq = post_quantum != PostQuantum::Off;
    assert_eq!(roster.document().seals_post_quantum(), pq);

    // Reports of different lengths from different reporters, a larger one,
    // and a reporter attachment.
    let reporters: Vec<Reporter> = (0..4).map(|_| Reporter::new()).collect();
    let post_blob = |path: &str, blob: &[u8]| {
        let r = server.request(
            "POST",
            path,
            &[
                ("Content-Type", "application/octet-stream".to_owned()),
                (ROSTER_VERSION_HEADER, "1".to_owned()),
            ],
            blob,
        );
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        r.json::<Stored>().id
    };
    for (i, reporter) in reporters.iter().enumerate() {
        let text = format!("{MARKER} {}", "details ".repeat(i * 300));
        post_blob("/v1/messages", &reporter.report(&roster, &text));
    }
    let long = format!("{MARKER} {}", "x".repeat(30_000));
    post_blob("/v1/messages", &reporters[0].report(&roster, &long));
    post_blob(
        "/v1/attachments",
        &attachment_blob(&roster.document().recipients(), 20_000),
    );

    // A reply to the first reporter, fetched, and a second mailbox forgotten.
    let signed = |method: &str, path: &str, body: &[u8]| {
        let auth = SignedRequest::sign(
            &alice,
            &unit.unit_id(),
            method,
            path,
            now(),
            body_sha256(body),
        );
        server.request(
            method,
            path,
            &[json.clone(), ("Authorization", auth.to_header_value())],
            body,
        )
    };
    for reporter in &reporters[..2] {
        let reply = PostReply {
            mailbox: reporter.keys.mailbox_id(),
            forget_hash: reporter.keys.forget_hash(),
            blob: Base64Bytes(reply_blob(&alice, reporter, &roster, MARKER)),
            attachments: Vec::new(),
        };
        let r = signed("POST", "/v1/replies", &serde_json::to_vec(&reply).unwrap());
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    }
    // A reply to a thread begun before the unit switched post-quantum on:
    // X25519 for everyone (under an X25519 roster, like the others).
    let mut before = reporters[3].report_body(&roster);
    before.reply_to_pq = None;
    let reply = PostReply {
        mailbox: reporters[3].keys.mailbox_id(),
        forget_hash: reporters[3].keys.forget_hash(),
        blob: Base64Bytes(
            message::seal_reply(MARKER, &[], first_position(), &before, &alice, &roster).unwrap(),
        ),
        attachments: Vec::new(),
    };
    let r = signed("POST", "/v1/replies", &serde_json::to_vec(&reply).unwrap());
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let fetch = serde_json::to_vec(&MailboxFetch {
        mailbox: reporters[0].keys.mailbox_id(),
    })
    .unwrap();
    let r = server.request(
        "POST",
        "/v1/mailbox/fetch",
        std::slice::from_ref(&json),
        &fetch,
    );
    assert_eq!(r.json::<MailboxContents>().replies.len(), 1);
    let forget = serde_json::to_vec(&MailboxForget {
        mailbox: reporters[1].keys.mailbox_id(),
        secret: reporters[1].keys.forget_secret().clone(),
    })
    .unwrap();
    assert_eq!(
        server
            .request(
                "POST",
                "/v1/mailbox/forget",
                std::slice::from_ref(&json),
                &forget
            )
            .status,
        200
    );
    // A third mailbox forgotten before any reply: a tombstone.
    let forget = serde_json::to_vec(&MailboxForget {
        mailbox: reporters[2].keys.mailbox_id(),
        secret: reporters[2].keys.forget_secret().clone(),
    })
    .unwrap();
    let r = server.request(
        "POST",
        "/v1/mailbox/forget",
        std::slice::from_ref(&json),
        &forget,
    );
    assert_eq!(r.status, 200);
    // Some refused requests too: errors must not log request details.
    let bad = format!(r#"{{"mailbox":"{}"}}"#, reporters[2].keys.mailbox_id());
    server.request("POST", "/v1/mailbox/fetch", &[], bad.as_bytes());
    server.request(
        "POST",
        "/v1/messages",
        &[(ROSTER_VERSION_HEADER, "1".into())],
        MARKER.as_bytes(),
    );
    signed("GET", "/v1/inbox/00000000000000000000000000000000", b"");
    let (status, log) = server.stop();
    assert!(status.success());

    // The database files.
    let bytes = raw(&data);
    let mut secrets: Vec<(String, Vec<u8>)> = vec![("marker".into(), MARKER.as_bytes().to_vec())];
    for (i, r) in reporters.iter().enumerate() {
        let mailbox = r.keys.mailbox_id();
        secrets.push((format!("mailbox hex {i}"), mailbox.to_hex().into_bytes()));
        secrets.push((format!("mailbox bytes {i}"), mailbox.as_bytes().to_vec()));
        secrets.push((
            format!("thread {i}"),
            r.keys.thread_id().as_bytes().to_vec(),
        ));
        secrets.push((
            format!("thread secret {i}"),
            r.keys.thread_secret_bytes().to_vec(),
        ));
        secrets.push((
            format!("forget secret {i}"),
            r.keys.forget_secret().to_hex().as_bytes().to_vec(),
        ));
        secrets.push((
            format!("reply recipient {i}"),
            r.keys.reply_recipient().to_string().into_bytes(),
        ));
        secrets.push((
            format!("post-quantum reply recipient {i}"),
            r.keys.reply_pq_recipient().to_string().into_bytes(),
        ));
    }
    secrets.push(("client address".into(), b"127.0.0.1".to_vec()));
    for (what, needle) in &secrets {
        assert!(!contains(&bytes, needle), "the database holds the {what}");
    }

    // The log: start-up lines only; the only address is the server's own
    // listening address.
    let text = log.join("\n");
    for (what, needle) in &secrets[..secrets.len() - 1] {
        assert!(
            !contains(text.as_bytes(), needle),
            "the log holds the {what}: {text}"
        );
    }
    for line in &log {
        if line.contains("127.0.0.1") {
            assert!(line.starts_with("listening on 127.0.0.1:"), "{line}");
        }
    }
    assert_eq!(log.iter().filter(|l| l.contains("127.0.0.1")).count(), 1);
    // The enrollment code is random letters and may spell "GET" itself.
    let requests = log
        .iter()
        .filter(|l| !l.starts_with("enrollment code:"))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    for word in ["GET", "POST", "/v1/", "Mozilla", "mailbox"] {
        assert!(!requests.contains(word), "the log mentions {word}: {text}");
    }

    // No time finer than a day: the schema has exactly these columns, and
    // every date in it is today's day number.
    let conn = rusqlite::Connection::open(data.join(DATABASE_FILE)).unwrap();
    let mut columns = BTreeMap::new();
    for table in [
        "blobs",
        "chunks",
        "ciphertexts",
        "mailboxes",
        "meta",
        "resumable",
        "tombstones",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        let names: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        columns.insert(table, names.join(","));
    }
    assert_eq!(
        columns["blobs"],
        "id,kind,state,day,mailbox,ciphertext,fetched"
    );
    // `fetched` is a bit, never a time.
    let bits: i64 = conn
        .query_row(
            "SELECT count(*) FROM blobs WHERE fetched NOT IN (0, 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(bits, 0);
    assert_eq!(columns["chunks"], "blob,seq,ciphertext");
    assert_eq!(columns["ciphertexts"], "id,data");
    assert_eq!(columns["mailboxes"], "key,forget_hash,state,last_day");
    assert_eq!(columns["meta"], "name,value");
    assert_eq!(columns["tombstones"], "mailbox,forget_hash,day");
    // A resumable upload's handle and declared length: no time at all.
    assert_eq!(columns["resumable"], "handle,blob,length");
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 7);
    let today = i64::from(Day::today().number());
    let days: Vec<i64> = conn
        .prepare(
            "SELECT day FROM blobs UNION ALL SELECT last_day FROM mailboxes
             UNION ALL SELECT day FROM tombstones",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !days.is_empty() && days.iter().all(|&d| d == today),
        "{days:?}"
    );
    let meta: Vec<String> = conn
        .prepare("SELECT name FROM meta ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(meta, ["roster", "unit"]);

    // Every message of one bucket and recipient mix has the same length:
    // reports and follow-ups have the roster's one mix, replies one of its
    // reply mixes, and nothing else is stored (the forgotten mailbox's
    // reply is gone).
    let doc = roster.document();
    let report_mix = doc.report_mix();
    assert_eq!(
        report_mix,
        if pq {
            Mix::post_quantum(2)
        } else {
            Mix::x25519(2)
        }
    );
    let messages = lengths(&conn, "message");
    let mut by_bucket = BTreeMap::new();
    for (&len, &count) in &messages {
        let found = bucket_and_mix(len, &[report_mix]);
        let (bucket, _) = found.unwrap_or_else(|| panic!("a message of {len} bytes"));
        assert!(by_bucket.insert(bucket, count).is_none(), "{messages:?}");
    }
    assert_eq!(
        by_bucket,
        BTreeMap::from([(BUCKETS[0], 4), (BUCKETS[1], 1)]),
        "{messages:?}"
    );
    let replies = lengths(&conn, "reply");
    let mut by_mix = BTreeMap::new();
    for (&len, &count) in &replies {
        let found = bucket_and_mix(len, &doc.reply_mixes());
        let (bucket, mix) = found.unwrap_or_else(|| panic!("a reply of {len} bytes"));
        assert_eq!(bucket, BUCKETS[0]);
        assert!(
            by_mix.insert(mix.kind.to_string(), count).is_none(),
            "{replies:?}"
        );
    }
    let expected: BTreeMap<String, usize> = if pq {
        BTreeMap::from([("post-quantum".into(), 1), ("X25519".into(), 1)])
    } else {
        BTreeMap::from([("X25519".into(), 2)])
    };
    assert_eq!(by_mix, expected, "{replies:?}");
}
