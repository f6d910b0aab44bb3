//! Sealing and opening reports, follow-ups and replies.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use sanctuary_crypto::age_header;
use sanctuary_crypto::message::{self, OpenError, Opened, ReportContent, SealError};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::shape;
use sanctuary_crypto::sizes::{
    BUCKETS, bucket_capacity, bucket_ciphertext_len, message_ciphertext_lens,
};

fn content(text: &str) -> ReportContent {
    ReportContent {
        category: Some("theft".into()),
        text: text.into(),
        ..Default::default()
    }
}

fn open_report(blob: &[u8], id: &dyn age::Identity) -> message::ReportBody {
    match message::open(blob, id).unwrap() {
        Opened::Report(r) => r,
        other => panic!("expected a report, got {other:?}"),
    }
}

#[test]
fn report_round_trip_for_every_caseworker() {
    let unit = common::unit(3);
    let receipt = Receipt::generate();
    let keys = receipt.derive();
    let blob = message::seal_report(&content("my bike was stolen"), &keys, &unit.roster).unwrap();
    for cw in &unit.caseworkers {
        let report = open_report(&blob, cw.identity());
        assert_eq!(report.text, "my bike was stolen");
        assert_eq!(report.category.as_deref(), Some("theft"));
        assert_eq!(report.thread, keys.thread_id());
        assert_eq!(report.mailbox, keys.mailbox_id());
        assert_eq!(report.forget_hash, keys.forget_hash());
        assert_eq!(
            report.reply_to.to_string(),
            keys.reply_recipient().to_string()
        );
    }
    // The reporter's own reply identity cannot read the report.
    assert!(matches!(
        message::open(&blob, keys.reply_identity()),
        Err(OpenError::Decrypt)
    ));
}

#[test]
fn every_message_of_a_bucket_has_the_same_length() {
    // age adds a grease stanza of random length to every header; the padding
    // absorbs it. Seal many messages and check every length is exact.
    for n in [1, 3, 10] {
        let unit = common::unit(n);
        let lens = message_ciphertext_lens(Mix::x25519(n));
        for i in 0..40 {
            let keys = Receipt::generate().derive();
            let text = "x".repeat(i * 97);
            let blob = message::seal_report(&content(&text), &keys, &unit.roster).unwrap();
            assert_eq!(blob.len() as u64, lens[0]);
            assert_eq!(
                shape::check_message(&blob, blob.len() as u64, &[Mix::x25519(n)]),
                Ok(BUCKETS[0])
            );
        }
    }
}

#[test]
fn messages_land_in_each_bucket_and_round_trip() {
    let unit = common::unit(2);
    let keys = Receipt::generate().derive();
    // Envelope overhead is well under 1 KiB; fill each bucket to near capacity.
    for (i, &bucket) in BUCKETS.iter().enumerate() {
        let text = "é".repeat((bucket_capacity(bucket) - 1500) / 2);
        let blob = message::seal_report(&content(&text), &keys, &unit.roster).unwrap();
        assert_eq!(
            blob.len() as u64,
            bucket_ciphertext_len(bucket, Mix::x25519(2)),
            "bucket {i}"
        );
        assert_eq!(
            open_report(&blob, unit.caseworkers[1].identity()).text,
            text
        );
    }
    let too_big = "a".repeat(BUCKETS[3]);
    assert!(matches!(
        message::seal_report(&content(&too_big), &keys, &unit.roster),
        Err(SealError::TooLarge)
    ));
}

#[test]
fn plaintext_is_json_padded_with_spaces() {
    let unit = common::unit(1);
    let keys = Receipt::generate().derive();
    let blob = message::seal_report(&content("hello"), &keys, &unit.roster).unwrap();
    let decryptor = age::Decryptor::new(&blob[..]).unwrap();
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut decryptor
            .decrypt(std::iter::once(
                unit.caseworkers[0].identity() as &dyn age::Identity
            ))
            .unwrap(),
        &mut plain,
    )
    .unwrap();
    let header = age_header::inspect(&blob).unwrap();
    assert!(plain.len() <= BUCKETS[0] && plain.len() >= bucket_capacity(BUCKETS[0]));
    // The random grease stanza's extra bytes came out of the padding.
    assert_eq!(
        header.len as u64 + sanctuary_crypto::sizes::stream_len(plain.len() as u64),
        blob.len() as u64
    );
    let end = plain.iter().rposition(|&b| b != b' ').unwrap();
    assert_eq!(plain[end], b'}');
    let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(v["kind"], "report");
    assert_eq!(v["body"]["text"], "hello");
}

#[test]
fn tampered_blob_and_wrong_key_are_refused_vaguely() {
    let unit = common::unit(1);
    let keys = Receipt::generate().derive();
    let mut blob = message::seal_report(&content("x"), &keys, &unit.roster).unwrap();
    let stranger = age::x25519::Identity::generate();
    assert!(matches!(
        message::open(&blob, &stranger),
        Err(OpenError::Decrypt)
    ));
    for i in [0, 30, blob.len() / 2, blob.len() - 1] {
        let mut copy = blob.clone();
        copy[i] ^= 1;
        assert!(
            matches!(
                message::open(&copy, unit.caseworkers[0].identity()),
                Err(OpenError::Decrypt)
            ),
            "flip at {i}"
        );
    }
    blob.truncate(blob.len() - 10);
    assert!(matches!(
        message::open(&blob, unit.caseworkers[0].identity()),
        Err(OpenError::Decrypt)
    ));
    let huge = vec![0u8; sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT as usize + 1];
    assert!(matches!(
        message::open(&huge, unit.caseworkers[0].identity()),
        Err(OpenError::TooLarge)
    ));
}

#[test]
fn follow_up_proves_the_thread() {
    let unit = common::unit(2);
    let keys = Receipt::generate().derive();
    let report = open_report(
        &message::seal_report(&content("first"), &keys, &unit.roster).unwrap(),
        unit.caseworkers[0].identity(),
    );
    let blob =
        message::seal_follow_up("second", &[], common::pos(1, 0), &keys, &unit.roster).unwrap();
    let Opened::FollowUp(pending) = message::open(&blob, unit.caseworkers[1].identity()).unwrap()
    else {
        panic!("expected a follow-up");
    };
    assert_eq!(pending.thread(), report.thread);
    assert_eq!(pending.verify(&report).unwrap().text, "second");

    // A follow-up signed with another receipt's thread key but claiming this
    // thread: build it by hand from the other receipt's envelope.
    let other = Receipt::generate().derive();
    let forged = message::follow_up_envelope("forged", &[], common::pos(1, 0), &other).unwrap();
    let forged = forged.replace(&other.thread_id().to_hex(), &keys.thread_id().to_hex());
    let blob = message::encrypt_padded(&forged, &unit.roster.document().recipients()).unwrap();
    let Opened::FollowUp(pending) = message::open(&blob, unit.caseworkers[0].identity()).unwrap()
    else {
        panic!("expected a follow-up");
    };
    assert!(matches!(
        pending.verify(&report),
        Err(OpenError::ThreadProof)
    ));

    // A genuine follow-up of another thread is not this thread's.
    let blob =
        message::seal_follow_up("elsewhere", &[], common::pos(1, 0), &other, &unit.roster).unwrap();
    let Opened::FollowUp(pending) = message::open(&blob, unit.caseworkers[0].identity()).unwrap()
    else {
        panic!("expected a follow-up");
    };
    assert!(matches!(
        pending.verify(&report),
        Err(OpenError::WrongThread)
    ));
}

#[test]
fn report_with_a_broken_self_signature_is_refused() {
    let unit = common::unit(1);
    let keys = Receipt::generate().derive();
    let env = message::report_envelope(&content("original"), &keys, 1, false).unwrap();
    let changed = env.replace("original", "changed!");
    let blob = message::encrypt_padded(&changed, &unit.roster.document().recipients()).unwrap();
    assert!(matches!(
        message::open(&blob, unit.caseworkers[0].identity()),
        Err(OpenError::BadReportSignature)
    ));
}

#[test]
fn reply_reaches_reporter_and_every_caseworker_and_verifies() {
    let unit = common::unit(2);
    let keys = Receipt::generate().derive();
    let report = open_report(
        &message::seal_report(&content("help"), &keys, &unit.roster).unwrap(),
        unit.caseworkers[0].identity(),
    );
    let blob = message::seal_reply(
        "we are on it",
        &[],
        common::pos(1, 0),
        &report,
        &unit.caseworkers[0],
        &unit.roster,
    )
    .unwrap();
    assert_eq!(
        blob.len() as u64,
        message_ciphertext_lens(Mix::x25519(3))[0]
    );
    assert_eq!(
        shape::check_message(&blob, blob.len() as u64, &[Mix::x25519(3)]),
        Ok(BUCKETS[0])
    );

    for id in [
        keys.reply_identity() as &dyn age::Identity,
        unit.caseworkers[0].identity(),
        unit.caseworkers[1].identity(),
    ] {
        let Opened::Reply(reply) = message::open(&blob, id).unwrap() else {
            panic!("expected a reply");
        };
        reply
            .verify(unit.roster.document(), keys.thread_id())
            .unwrap();
        assert_eq!(reply.body().from.as_str(), "cw-0");
        assert_eq!(reply.body().text, "we are on it");
    }

    // The same reply checked against a roster without its author.
    let without = common::sign(&unit.key, &unit.caseworkers[1..], 2)
        .verify(&unit.key.unit_id(), sanctuary_crypto::day::Day::today())
        .unwrap();
    let Opened::Reply(reply) = message::open(&blob, keys.reply_identity()).unwrap() else {
        panic!("expected a reply");
    };
    assert!(matches!(
        reply.verify(without.document(), keys.thread_id()),
        Err(OpenError::UnknownSigner)
    ));
    let other_thread = Receipt::generate().derive().thread_id();
    assert!(matches!(
        reply.verify(unit.roster.document(), other_thread),
        Err(OpenError::WrongThread)
    ));
}

#[test]
fn forged_reply_signature_is_refused() {
    let unit = common::unit(1);
    let keys = Receipt::generate().derive();
    let report = open_report(
        &message::seal_report(&content("help"), &keys, &unit.roster).unwrap(),
        unit.caseworkers[0].identity(),
    );
    // Anyone can encrypt to the reporter; an impostor claims to be cw-0 but
    // signs with their own key.
    let impostor = sanctuary_crypto::caseworker::CaseworkerKey::generate("cw-0".parse().unwrap());
    let blob = message::seal_reply(
        "come alone",
        &[],
        common::pos(1, 0),
        &report,
        &impostor,
        &unit.roster,
    )
    .unwrap();
    let Opened::Reply(reply) = message::open(&blob, keys.reply_identity()).unwrap() else {
        panic!("expected a reply");
    };
    assert!(matches!(
        reply.verify(unit.roster.document(), keys.thread_id()),
        Err(OpenError::UnknownSigner)
    ));

    // Right key claimed, wrong signature: take cw-0's genuine envelope and
    // change the text.
    let genuine = message::seal_reply(
        "original",
        &[],
        common::pos(1, 0),
        &report,
        &unit.caseworkers[0],
        &unit.roster,
    )
    .unwrap();
    let mut plain = Vec::new();
    std::io::Read::read_to_end(
        &mut age::Decryptor::new(&genuine[..])
            .unwrap()
            .decrypt(std::iter::once(keys.reply_identity() as &dyn age::Identity))
            .unwrap(),
        &mut plain,
    )
    .unwrap();
    let text = String::from_utf8(plain)
        .unwrap()
        .trim_end()
        .replace("original", "tampered");
    let recipients = message::reply_recipients(unit.roster.document(), &report);
    let blob = message::encrypt_padded(&text, &recipients).unwrap();
    let Opened::Reply(reply) = message::open(&blob, keys.reply_identity()).unwrap() else {
        panic!("expected a reply");
    };
    assert!(matches!(
        reply.verify(unit.roster.document(), keys.thread_id()),
        Err(OpenError::ForgedSignature)
    ));
}

#[test]
fn non_sanctuary_plaintext_is_malformed() {
    for plain in [
        &b"{}"[..],
        b"not json",
        br#"{"format":"other","kind":"report","body":{},"signature":""}"#,
    ] {
        assert!(matches!(
            message::parse_plaintext(plain),
            Err(OpenError::Malformed)
        ));
    }
}

#[test]
fn a_reply_written_under_a_newer_roster_than_the_one_shown_is_not_verified() {
    let unit = common::unit(2);
    let keys = Receipt::generate().derive();
    let report = open_report(
        &message::seal_report(&content("help"), &keys, &unit.roster).unwrap(),
        unit.caseworkers[0].identity(),
    );
    let newer = common::sign(&unit.key, &unit.caseworkers, unit.roster.version() + 1)
        .verify(&unit.key.unit_id(), sanctuary_crypto::day::Day::today())
        .unwrap();
    let blob = message::seal_reply(
        "we are on it",
        &[],
        common::pos(1, 0),
        &report,
        &unit.caseworkers[0],
        &newer,
    )
    .unwrap();
    let Opened::Reply(reply) = message::open(&blob, keys.reply_identity()).unwrap() else {
        panic!("expected a reply");
    };
    assert_eq!(reply.body().roster_version, newer.version());
    // The server shows the reporter the older roster: the reply gives it away.
    assert!(matches!(
        reply.verify(unit.roster.document(), keys.thread_id()),
        Err(OpenError::NewerRoster)
    ));
    reply.verify(newer.document(), keys.thread_id()).unwrap();

    // A reply written under the older roster still verifies against the
    // newer one, its author being on both.
    let blob = message::seal_reply(
        "still here",
        &[],
        common::pos(1, 0),
        &report,
        &unit.caseworkers[1],
        &unit.roster,
    )
    .unwrap();
    let Opened::Reply(reply) = message::open(&blob, keys.reply_identity()).unwrap() else {
        panic!("expected a reply");
    };
    reply.verify(newer.document(), keys.thread_id()).unwrap();
}
