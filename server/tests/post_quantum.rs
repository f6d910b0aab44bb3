//! Post-quantum rosters (`docs/protocol.md` §8, §12): the server accepts
//! exactly the recipient mix the current roster seals to (all
//! `mlkem768x25519` stanzas, or all X25519), at exactly its bucket
//! lengths, and refuses the other kind as `roster_changed` so that an
//! honest client refetches the roster. Replies under a post-quantum roster
//! may also be X25519 (threads begun before the switch); nothing else.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on any unexpected error"
)]

mod common;

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};
use common::*;
use futures_util::StreamExt as _;
use sanctuary_crypto::age_header;
use sanctuary_crypto::api::{Base64Bytes, InboxPage, PostReply, ROSTER_VERSION_HEADER};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message::{self, Opened};
use sanctuary_crypto::pq::HybridIdentity;
use sanctuary_crypto::recipients::{Mix, Recipients};
use sanctuary_crypto::roster::{Policy, PostQuantum, SignedRoster, VerifiedRoster};
use sanctuary_crypto::sizes::{
    BUCKETS, MAX_MESSAGE_CIPHERTEXT, bucket_ciphertext_len, message_ciphertext_lens, stream_len,
};

/// Report texts that land in each of the four buckets.
const BUCKET_TEXTS: [usize; 4] = [100, 30_000, 150_000, 600_000];

/// `n` fresh post-quantum recipients.
fn pq(n: usize) -> Recipients {
    Recipients::PostQuantum(
        (0..n)
            .map(|_| HybridIdentity::generate().to_public())
            .collect(),
    )
}

/// `n` fresh X25519 recipients.
fn x25519(n: usize) -> Recipients {
    Recipients::X25519(
        (0..n)
            .map(|_| sanctuary_crypto::age::x25519::Identity::generate().to_public())
            .collect(),
    )
}

/// A message-shaped blob (16 KiB bucket, exact length) sealed to exactly
/// `recipients`; the server cannot tell its plaintext from a real one.
fn sealed_to(recipients: &Recipients) -> Vec<u8> {
    message::encrypt_padded("{}", recipients).unwrap()
}

/// The same caseworkers' roster under another post-quantum policy, signed
/// but not published: what a client holding a stale roster seals to.
fn roster_with(unit: &Unit, cws: &[&CaseworkerKey], policy: PostQuantum) -> VerifiedRoster {
    let mut doc = roster_doc(&unit.unit, cws, unit.roster.version());
    doc.policy.post_quantum = policy;
    SignedRoster::sign(&doc, &unit.unit)
        .unwrap()
        .verify(&unit.unit.unit_id(), Day::today())
        .unwrap()
}

/// Posts `blob` as a reply to `reporter`'s mailbox, signed by alice.
async fn post_reply(unit: &Unit, reporter: &Reporter, blob: Vec<u8>) -> Reply {
    let body = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(blob),
        attachments: Vec::new(),
    };
    unit.signed(
        &unit.alice,
        Method::POST,
        "/v1/replies",
        serde_json::to_vec(&body).unwrap(),
    )
    .await
}

/// Posts a caseworker (reply) attachment, signed by alice.
async fn post_case_attachment(unit: &Unit, blob: Vec<u8>) -> Reply {
    unit.send(signed_request(
        &unit.alice,
        &unit.unit.unit_id(),
        Method::POST,
        "/v1/case/attachments",
        blob,
        Some("application/octet-stream"),
    ))
    .await
}

/// Byte range of the first stanza of type `tag` in `blob`'s header.
fn stanza(blob: &[u8], tag: &str, len: usize) -> std::ops::Range<usize> {
    let needle = format!("\n-> {tag} ");
    let start = blob
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap()
        + 1;
    start..start + len
}

/// `pq_blob` with its first post-quantum stanza swapped for `x_blob`'s
/// first X25519 stanza: a header that mixes the two kinds.
fn mixed(pq_blob: &[u8], x_blob: &[u8]) -> Vec<u8> {
    let mut out = pq_blob.to_vec();
    let x = &x_blob[stanza(x_blob, "X25519", 98)];
    out.splice(stanza(pq_blob, "mlkem768x25519", 1557), x.iter().copied());
    out
}

#[tokio::test]
async fn post_quantum_reports_and_follow_ups_pass_at_every_bucket_length() {
    let unit = Unit::start_pq().await;
    let doc = unit.roster.document();
    assert!(doc.seals_post_quantum());
    let mix = Mix::post_quantum(2);
    assert_eq!(doc.report_mix(), mix);
    let lens = message_ciphertext_lens(mix);
    assert_ne!(lens, message_ciphertext_lens(Mix::x25519(2)));
    let reporter = Reporter::new();
    for (i, size) in BUCKET_TEXTS.into_iter().enumerate() {
        let text = "r".repeat(size);
        let report = reporter.report(&unit.roster, &text);
        assert_eq!(report.len() as u64, lens[i], "report, bucket {i}");
        let shape = age_header::inspect(&report).unwrap();
        assert_eq!((shape.post_quantum, shape.x25519), (2, 0));
        let r = unit.post_message(report).await;
        assert_eq!(r.status, StatusCode::CREATED, "report {i}: {}", r.text());

        let follow_up = reporter.follow_up(&unit.roster, &text);
        assert_eq!(follow_up.len() as u64, lens[i], "follow-up, bucket {i}");
        let r = unit.post_message(follow_up).await;
        assert_eq!(r.status, StatusCode::CREATED, "follow-up {i}: {}", r.text());
    }
    // The inbox names each one's bucket, and a caseworker opens them.
    let page: InboxPage = unit
        .signed(&unit.alice, Method::GET, "/v1/inbox", Vec::new())
        .await
        .json();
    assert_eq!(page.items.len(), 8);
    for item in &page.items {
        let i = lens.iter().position(|&l| l == item.size).unwrap();
        assert_eq!(item.bucket, BUCKETS[i] as u64);
    }
    let mut reports = 0;
    for item in &page.items {
        let r = unit
            .signed(
                &unit.bob,
                Method::GET,
                &format!("/v1/inbox/{}", item.id),
                Vec::new(),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        match message::open(&r.body, unit.bob.identity()).unwrap() {
            Opened::Report(body) => {
                reports += 1;
                assert_eq!(
                    body.reply_to_pq.map(|r| r.to_string()),
                    Some(reporter.keys.reply_pq_recipient().to_string())
                );
            }
            Opened::FollowUp(_) => {}
            Opened::Reply(_) => panic!("a reply in the inbox"),
            Opened::CaseEvent(_) => panic!("a case event nobody wrote"),
        }
    }
    assert_eq!(reports, 4);
    unit.server.close().await;
}

#[tokio::test]
async fn a_message_of_the_other_kind_is_roster_changed() {
    // Under a post-quantum roster: a report sealed to the same
    // caseworkers' X25519 keys (a client with the roster of before).
    let unit = Unit::start_pq().await;
    let stale = roster_with(&unit, &[&unit.alice, &unit.bob], PostQuantum::Off);
    let reporter = Reporter::new();
    for size in BUCKET_TEXTS {
        let text = "s".repeat(size);
        unit.post_message(reporter.report(&stale, &text))
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
        unit.post_message(reporter.follow_up(&stale, &text))
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }
    // The right kind but one recipient too many or too few, and a header
    // that mixes the kinds (two stanzas, one of each).
    for blob in [sealed_to(&pq(1)), sealed_to(&pq(3)), sealed_to(&x25519(3))] {
        unit.post_message(blob)
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }
    let both = mixed(&sealed_to(&pq(2)), &sealed_to(&x25519(1)));
    let shape = age_header::inspect(&both).unwrap();
    assert_eq!((shape.post_quantum, shape.x25519), (1, 1));
    unit.post_message(both)
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    unit.server.close().await;

    // Under an X25519 roster: a report sealed post-quantum.
    let unit = Unit::start().await;
    assert_eq!(unit.roster.document().report_mix(), Mix::x25519(2));
    let ahead = roster_with(&unit, &[&unit.alice, &unit.bob], PostQuantum::Required);
    for size in BUCKET_TEXTS {
        let text = "t".repeat(size);
        unit.post_message(reporter.report(&ahead, &text))
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }
    unit.post_message(reporter.follow_up(&ahead, "more"))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    // Its own kind still passes.
    let r = unit.post_message(reporter.report(&unit.roster, "x")).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    unit.server.close().await;
}

#[tokio::test]
async fn replies_under_a_post_quantum_roster_are_either_kind_for_everyone() {
    let unit = Unit::start_pq().await;
    assert_eq!(
        unit.roster.document().reply_mixes(),
        [Mix::post_quantum(3), Mix::x25519(3)]
    );
    // A reply to a post-quantum report: post-quantum, caseworkers and the
    // reporter; the reporter opens it with the receipt alone.
    let reporter = Reporter::new();
    let blob = reply_blob(&unit.alice, &reporter, &unit.roster, "pq reply");
    assert_eq!(
        blob.len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::post_quantum(3))
    );
    assert!(matches!(
        message::open(&blob, &reporter.keys.reply_identities()).unwrap(),
        Opened::Reply(_)
    ));
    assert!(message::open(&blob, reporter.keys.reply_identity()).is_err());
    let r = post_reply(&unit, &reporter, blob).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // A reply to a report from before the switch (no post-quantum reply
    // recipient): X25519 for everyone.
    let old = Reporter::new();
    let mut body = old.report_body(&unit.roster);
    body.reply_to_pq = None;
    let blob = message::seal_reply(
        "x25519 reply",
        &[],
        first_position(),
        &body,
        &unit.alice,
        &unit.roster,
    )
    .unwrap();
    assert_eq!(
        blob.len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::x25519(3))
    );
    let r = post_reply(&unit, &old, blob).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Nothing else: the report's mixes, one recipient more, mixed kinds.
    let other = Reporter::new();
    let both = mixed(&sealed_to(&pq(3)), &sealed_to(&x25519(1)));
    for blob in [
        sealed_to(&pq(2)),
        sealed_to(&x25519(2)),
        sealed_to(&pq(4)),
        sealed_to(&x25519(4)),
        both,
    ] {
        post_reply(&unit, &other, blob)
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }
    unit.server.close().await;
}

#[tokio::test]
async fn attachments_are_sealed_like_the_message_that_lists_them() {
    let unit = Unit::start_pq().await;
    let reporter = Reporter::new();
    // Reporter attachments: post-quantum to every caseworker, several
    // sizes, small ones shorter than the longest header the server allows.
    let recipients = unit.roster.document().recipients();
    assert_eq!(recipients.mix(), Mix::post_quantum(2));
    for size in [0, 1, 700, 70_000, 300_000] {
        let blob = attachment_blob(&recipients, size);
        let r = unit.post_attachment(blob).await;
        assert_eq!(r.status, StatusCode::CREATED, "{size}: {}", r.text());
    }
    // The wrong kind or count.
    for wrong in [x25519(2), pq(3), reply_recipients(&unit.roster, &reporter)] {
        unit.post_attachment(attachment_blob(&wrong, 1000))
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }

    // Reply attachments: caseworkers and the reporter, either kind.
    let pq_reply = reply_recipients(&unit.roster, &reporter);
    assert_eq!(pq_reply.mix(), Mix::post_quantum(3));
    let mut old = reporter.report_body(&unit.roster);
    old.reply_to_pq = None;
    let x_reply = message::reply_recipients(unit.roster.document(), &old);
    assert_eq!(x_reply.mix(), Mix::x25519(3));
    for ok in [&pq_reply, &x_reply] {
        let r = post_case_attachment(&unit, attachment_blob(ok, 5000)).await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "{:?}: {}",
            ok.mix(),
            r.text()
        );
    }
    for wrong in [recipients, x25519(2), pq(4)] {
        post_case_attachment(&unit, attachment_blob(&wrong, 5000))
            .await
            .assert(StatusCode::CONFLICT, "roster_changed");
    }
    unit.server.close().await;

    // Under an X25519 roster, a post-quantum attachment of either kind.
    let unit = Unit::start().await;
    unit.post_attachment(attachment_blob(&pq(2), 1000))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    post_case_attachment(&unit, attachment_blob(&pq(3), 1000))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    unit.server.close().await;
}

/// Regression: with room for 51 post-quantum stanzas, the server read up
/// to 80 KiB of an upload before checking its header, so a refused upload
/// whose client sent its first bytes and waited for the verdict got none
/// until the upload deadline.
#[tokio::test]
async fn an_upload_is_answered_once_its_header_arrived() {
    let unit = Unit::start_with_policy(
        |s| s.limits.upload_timeout = Duration::from_secs(120),
        pq_policy(),
    )
    .await;
    let wrong = attachment_blob(&x25519(2), 400_000);
    let right = attachment_blob(&unit.roster.document().recipients(), 400_000);
    let header = age_header::inspect(&right).unwrap().len;
    assert!(header > 3000 && header < 4000, "{header}");
    // Declared far over the unit's limit (16 GiB of Padmé-padded data).
    let far_over = header as u64 + stream_len(1 << 34);
    for (blob, declared, status, code) in [
        (
            &wrong,
            wrong.len() as u64,
            StatusCode::CONFLICT,
            "roster_changed",
        ),
        (&right, far_over, StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
    ] {
        // The header and a little more, then nothing.
        let first = Bytes::copy_from_slice(&blob[..header + 100]);
        let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) })
            .chain(futures_util::stream::pending());
        let request = Request::post("/v1/attachments")
            .header(ROSTER_VERSION_HEADER, "1")
            .header(header::CONTENT_LENGTH, declared)
            .body(Body::from_stream(stream))
            .unwrap();
        let r = tokio::time::timeout(Duration::from_secs(20), unit.send(request))
            .await
            .unwrap_or_else(|_| panic!("no answer to {code} after its header"));
        r.assert(status, code);
    }
    unit.server.close().await;
}

#[tokio::test]
async fn preferred_with_a_caseworker_lacking_post_quantum_seals_x25519() {
    let policy = Policy {
        post_quantum: PostQuantum::Preferred,
        ..Policy::default()
    };
    let alice = caseworker("alice");
    let bob = caseworker_without_pq("bob");
    assert!(alice.has_post_quantum() && !bob.has_post_quantum());
    let unit = Unit::start_with_caseworkers(|_| {}, policy, alice, bob).await;
    let doc = unit.roster.document();
    assert!(!doc.seals_post_quantum());
    assert_eq!(doc.report_mix(), Mix::x25519(2));
    assert_eq!(doc.reply_mixes(), [Mix::x25519(3)]);

    // Reports are X25519, ask for X25519 replies, and pass.
    let reporter = Reporter::new();
    let report = reporter.report(&unit.roster, "preferred");
    assert_eq!(
        report.len() as u64,
        bucket_ciphertext_len(BUCKETS[0], Mix::x25519(2))
    );
    match message::open(&report, unit.bob.identity()).unwrap() {
        Opened::Report(body) => assert!(body.reply_to_pq.is_none()),
        _ => panic!("not a report"),
    }
    let r = unit.post_message(report).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = unit
        .post_attachment(attachment_blob(&doc.recipients(), 1000))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    let r = post_reply(
        &unit,
        &reporter,
        reply_blob(&unit.alice, &reporter, &unit.roster, "x25519"),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    // Post-quantum blobs of the roster's counts are refused.
    unit.post_message(sealed_to(&pq(2)))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    unit.post_attachment(attachment_blob(&pq(2), 1000))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    post_reply(&unit, &Reporter::new(), sealed_to(&pq(3)))
        .await
        .assert(StatusCode::CONFLICT, "roster_changed");
    unit.server.close().await;
}

#[tokio::test]
async fn a_non_canonical_header_is_bad_header() {
    // age-core's stanza parser reads the header: stray bits in a base64
    // body, or an X25519 stanza with a second argument, are malformed.
    let unit = Unit::start().await;
    let report = Reporter::new().report(&unit.roster, "header");
    let x = stanza(&report, "X25519", 98);
    let pq_unit = Unit::start_pq().await;
    let pq_report = Reporter::new().report(&pq_unit.roster, "header");
    let p = stanza(&pq_report, "mlkem768x25519", 1557);

    // The last character of a 43-character body carries 2 unused bits; a
    // canonical encoder leaves them zero.
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let stray = |blob: &[u8], body_end: usize| {
        let mut out = blob.to_vec();
        let c = alphabet.iter().position(|&a| a == out[body_end]).unwrap();
        assert_eq!(c & 3, 0, "a canonical body");
        out[body_end] = alphabet[c | 1];
        out
    };
    // X25519: "-> X25519 <43>\n<43>\n"; the body's last character is 2
    // bytes before the stanza's end.
    let x_body = stray(&report, x.end - 2);
    let p_body = stray(&pq_report, p.end - 2);
    // The 1494-character argument of the post-quantum stanza (1120 bytes)
    // has 4 unused bits: set one.
    let mut p_arg = pq_report.clone();
    let last = p.start + 18 + 1493;
    let c = alphabet.iter().position(|&a| a == p_arg[last]).unwrap();
    assert_eq!(c & 15, 0, "a canonical argument");
    p_arg[last] = alphabet[c | 1];
    // A second argument, the header's length unchanged: one character of
    // the share becomes a space.
    let mut two_args = report.clone();
    two_args[x.start + 10 + 38] = b' ';
    let mut pq_two_args = pq_report.clone();
    pq_two_args[p.start + 18 + 1489] = b' ';

    for (what, blob) in [("stray bits", x_body), ("two arguments", two_args)] {
        let r = unit.post_message(blob.clone()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.text());
        assert_eq!(r.code(), "bad_header", "{what}");
        let r = unit.post_attachment(blob[..x.end + 400].to_vec()).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.text());
        assert_eq!(r.code(), "bad_header", "{what}");
    }
    for (what, blob) in [
        ("stray bits in the body", p_body),
        ("stray bits in the argument", p_arg),
        ("two arguments", pq_two_args),
    ] {
        let r = pq_unit.post_message(blob).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.text());
        assert_eq!(r.code(), "bad_header", "{what}");
    }
    // The untouched ones pass.
    assert_eq!(unit.post_message(report).await.status, StatusCode::CREATED);
    assert_eq!(
        pq_unit.post_message(pq_report).await.status,
        StatusCode::CREATED
    );
    unit.server.close().await;
    pq_unit.server.close().await;
}

/// The largest post-quantum roster (50 caseworkers) publishes, and its
/// largest messages pass every body limit: a report in the 1 MiB bucket,
/// and a reply to 51 post-quantum recipients, the longest message
/// (`MAX_MESSAGE_CIPHERTEXT`) sent base64 in a JSON body.
#[tokio::test]
async fn the_largest_post_quantum_roster_and_messages_fit_the_limits() {
    let server = Server::start().await;
    let unit = sanctuary_crypto::unit::UnitKey::generate();
    let cws: Vec<CaseworkerKey> = (0..50).map(|i| caseworker(&format!("cw{i}"))).collect();
    let refs: Vec<&CaseworkerKey> = cws.iter().collect();
    let mut doc = roster_doc(&unit, &refs, 1);
    doc.policy = pq_policy();
    let signed = SignedRoster::sign(&doc, &unit).unwrap();
    let r = server
        .publish(&signed, Some(server.enrollment_code()))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let roster = signed.verify(&unit.unit_id(), Day::today()).unwrap();
    assert_eq!(roster.document().report_mix(), Mix::post_quantum(50));

    let reporter = Reporter::new();
    let report = reporter.report(&roster, &"l".repeat(600_000));
    assert_eq!(
        report.len() as u64,
        bucket_ciphertext_len(BUCKETS[3], Mix::post_quantum(50))
    );
    let r = server
        .send(blob_request("/v1/messages", report, Some(1)))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());

    let body = reporter.report_body(&roster);
    let text = "w".repeat(600_000);
    let reply = message::seal_reply(&text, &[], first_position(), &body, &cws[7], &roster).unwrap();
    assert_eq!(reply.len() as u64, MAX_MESSAGE_CIPHERTEXT);
    let post = PostReply {
        mailbox: reporter.keys.mailbox_id(),
        forget_hash: reporter.keys.forget_hash(),
        blob: Base64Bytes(reply),
        attachments: Vec::new(),
    };
    let r = server
        .send(signed_request(
            &cws[7],
            &unit.unit_id(),
            Method::POST,
            "/v1/replies",
            serde_json::to_vec(&post).unwrap(),
            None,
        ))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    server.close().await;
}
