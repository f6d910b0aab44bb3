//! Sealing to post-quantum rosters (`docs/protocol.md` §12.1): which kind of
//! recipient each message gets, exact lengths, shape checks, replies to
//! threads from before and after the switch, and attachments.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::{sign_with, unit_with, without_post_quantum};
use sanctuary_crypto::age_header;
use sanctuary_crypto::attachment::{open_attachment, seal_attachment};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, Opened, ReportBody, ReportContent};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_crypto::recipients::{Mix, Recipients, StanzaKind};
use sanctuary_crypto::roster::{PostQuantum, RosterError, SignedRoster};
use sanctuary_crypto::shape::{self, ShapeError};
use sanctuary_crypto::sizes::{
    BUCKETS, bucket_capacity, bucket_ciphertext_len, max_header_len, padme,
};

fn stanzas(blob: &[u8]) -> (usize, usize) {
    let shape = age_header::inspect(blob).unwrap();
    (shape.x25519, shape.post_quantum)
}

fn open_report(blob: &[u8], id: &dyn age::Identity) -> ReportBody {
    match message::open(blob, id).unwrap() {
        Opened::Report(r) => r,
        other => panic!("expected a report, got {other:?}"),
    }
}

fn text_of_size(len: usize) -> ReportContent {
    ReportContent {
        text: "x".repeat(len),
        ..Default::default()
    }
}

#[test]
fn a_required_roster_seals_every_bucket_post_quantum_at_its_exact_length() {
    let unit = unit_with(3, PostQuantum::Required);
    let doc = unit.roster.document();
    assert!(doc.seals_post_quantum());
    assert_eq!(doc.report_mix(), Mix::post_quantum(3));
    let keys = Receipt::generate().derive();
    for bucket in BUCKETS {
        // Room for the envelope around the text, including reply_to_pq.
        let content = text_of_size(bucket_capacity(bucket) - 3000);
        let blob = message::seal_report(&content, &keys, &unit.roster).unwrap();
        assert_eq!(
            blob.len() as u64,
            bucket_ciphertext_len(bucket, Mix::post_quantum(3))
        );
        assert_eq!(stanzas(&blob), (0, 3));
        assert_eq!(
            shape::check_message(&blob, blob.len() as u64, &[doc.report_mix()]),
            Ok(bucket)
        );
        // The server of an X25519 roster asks the client to seal again.
        assert!(matches!(
            shape::check_message(&blob, blob.len() as u64, &[Mix::x25519(3)]),
            Err(ShapeError::Recipients { .. })
        ));
        for cw in &unit.caseworkers {
            let report = open_report(&blob, cw.identity());
            assert_eq!(
                report.reply_to_pq.map(|r| r.to_string()),
                Some(keys.reply_pq_recipient().to_string())
            );
            // The X25519 identity alone opens nothing.
            assert!(message::open(&blob, cw.identity().x25519()).is_err());
        }
    }
}

#[test]
fn an_off_roster_seals_x25519_even_when_every_card_has_post_quantum() {
    let unit = unit_with(2, PostQuantum::Off);
    let keys = Receipt::generate().derive();
    let blob = message::seal_report(&text_of_size(10), &keys, &unit.roster).unwrap();
    assert_eq!(stanzas(&blob), (2, 0));
    let report = open_report(&blob, unit.caseworkers[1].identity());
    assert_eq!(report.reply_to_pq, None);
    // A post-quantum report is refused by the server of this roster.
    let pq_unit = unit_with(2, PostQuantum::Preferred);
    let pq_blob = message::seal_report(&text_of_size(10), &keys, &pq_unit.roster).unwrap();
    assert!(matches!(
        shape::check_message(
            &pq_blob,
            pq_blob.len() as u64,
            &[unit.roster.document().report_mix()]
        ),
        Err(ShapeError::Recipients { .. })
    ));
}

#[test]
fn preferred_falls_back_to_x25519_while_a_card_lacks_post_quantum_and_required_is_refused() {
    let unit = common::unit(3);
    let mut caseworkers = unit.caseworkers;
    caseworkers[1] = without_post_quantum(&caseworkers[1]);
    let today = Day::today();

    let preferred = sign_with(&unit.key, &caseworkers, 2, PostQuantum::Preferred)
        .verify(&unit.key.unit_id(), today)
        .unwrap();
    assert!(!preferred.document().seals_post_quantum());
    assert!(matches!(
        preferred.document().recipients(),
        Recipients::X25519(ref r) if r.len() == 3
    ));
    let keys = Receipt::generate().derive();
    let blob = message::seal_report(&text_of_size(10), &keys, &preferred).unwrap();
    assert_eq!(stanzas(&blob), (3, 0));

    // The unit admin cannot even sign a roster that requires post-quantum
    // while a caseworker has no post-quantum key.
    let mut required = preferred.document().clone();
    required.version = 3;
    required.policy.post_quantum = PostQuantum::Required;
    assert!(matches!(required.validate(), Err(RosterError::Invalid(_))));
    assert!(matches!(
        SignedRoster::sign(&required, &unit.key),
        Err(RosterError::Invalid(_))
    ));
}

#[test]
fn two_caseworkers_may_not_share_a_post_quantum_key() {
    let unit = unit_with(2, PostQuantum::Required);
    let mut doc = unit.roster.document().clone();
    doc.caseworkers[1].age_pq = doc.caseworkers[0].age_pq.clone();
    doc.version = 2;
    assert!(matches!(doc.validate(), Err(RosterError::Invalid(_))));
}

#[test]
fn roster_json_without_the_new_fields_keeps_its_bytes_and_meaning() {
    let classic = common::unit(1);
    let old_keys = [without_post_quantum(&classic.caseworkers[0])];
    let signed = common::sign(&classic.key, &old_keys, 2);
    let json = &signed.document;
    assert!(!json.contains("post_quantum") && !json.contains("age_pq"));
    let pq = unit_with(1, PostQuantum::Required);
    let json = &pq.roster.signed().document;
    assert!(json.contains(r#""post_quantum":"required""#));
    assert!(json.contains(r#""age_pq":"age1pq1"#));
}

#[test]
fn replies_follow_the_report_and_the_current_roster() {
    let unit = unit_with(2, PostQuantum::Required);
    let cw = &unit.caseworkers[0];
    let doc = unit.roster.document();

    // A thread begun under the post-quantum roster: the reply is
    // post-quantum, to every caseworker and the reporter.
    let keys = Receipt::generate().derive();
    let blob = message::seal_report(&text_of_size(10), &keys, &unit.roster).unwrap();
    let report = open_report(&blob, cw.identity());
    let reply = message::seal_reply(
        "we read it",
        &[],
        common::pos(1, 0),
        &report,
        cw,
        &unit.roster,
    )
    .unwrap();
    assert_eq!(stanzas(&reply), (0, 3));
    assert_eq!(
        shape::check_message(&reply, reply.len() as u64, &doc.reply_mixes()),
        Ok(BUCKETS[0])
    );
    let Opened::Reply(opened) = message::open(&reply, &keys.reply_identities()).unwrap() else {
        panic!("expected a reply");
    };
    opened.verify(doc, keys.thread_id()).unwrap();
    assert!(message::open(&reply, keys.reply_identity()).is_err());

    // A reply_to_pq of the right form but a broken key (its checksum) is
    // read with the report, and refused only when sealing to it: the reply
    // falls back to X25519, which that reporter can still read.
    let good = report.reply_to_pq.clone().unwrap().to_string();
    let last = if good.ends_with('q') { 'p' } else { 'q' };
    let broken = format!("\"{}{last}\"", &good[..good.len() - 1]);
    let mut damaged = report.clone();
    damaged.reply_to_pq = Some(serde_json::from_str(&broken).unwrap());
    assert!(damaged.reply_to_pq.as_ref().unwrap().recipient().is_err());
    assert_eq!(
        message::reply_recipients(doc, &damaged).mix(),
        Mix::x25519(3)
    );
    // A wrong form is refused with the report.
    for bad in [&good[..good.len() - 1], &good.to_uppercase(), "age1pq1"] {
        assert!(serde_json::from_str::<message::ReplyToPq>(&format!("\"{bad}\"")).is_err());
    }

    // A thread begun before the switch has no reply_to_pq: its reply is
    // X25519, which the post-quantum roster's server still takes.
    let old_unit_keys = Receipt::generate().derive();
    let classic = common::sign(&unit.key, &unit.caseworkers, 1)
        .verify(&unit.key.unit_id(), Day::today())
        .unwrap();
    let old_blob = message::seal_report(&text_of_size(10), &old_unit_keys, &classic).unwrap();
    let old_report = open_report(&old_blob, cw.identity());
    assert_eq!(old_report.reply_to_pq, None);
    let reply = message::seal_reply(
        "still here",
        &[],
        common::pos(1, 0),
        &old_report,
        cw,
        &unit.roster,
    )
    .unwrap();
    assert_eq!(stanzas(&reply), (3, 0));
    assert_eq!(
        shape::check_message(&reply, reply.len() as u64, &doc.reply_mixes()),
        Ok(BUCKETS[0])
    );
    assert!(matches!(
        message::open(&reply, &old_unit_keys.reply_identities()).unwrap(),
        Opened::Reply(_)
    ));

    // A unit that switches post-quantum off again replies X25519 to a
    // post-quantum thread; the reporter still opens it.
    let reply = message::seal_reply(
        "back to X25519",
        &[],
        common::pos(1, 0),
        &report,
        cw,
        &classic,
    )
    .unwrap();
    assert_eq!(stanzas(&reply), (3, 0));
    assert_eq!(classic.document().reply_mixes(), vec![Mix::x25519(3)]);
    assert!(matches!(
        message::open(&reply, &keys.reply_identities()).unwrap(),
        Opened::Reply(_)
    ));
}

#[test]
fn post_quantum_attachments_round_trip_and_pass_the_shape_check() {
    let unit = unit_with(2, PostQuantum::Required);
    let recipients = unit.roster.document().recipients();
    assert_eq!(recipients.mix().kind, StanzaKind::PostQuantum);
    for len in [0usize, 1, 1000, 70_000] {
        let input: Vec<u8> = (0..len).map(|i| (i % 251) as u8 + 1).collect();
        let (blob, digest) =
            seal_attachment(&input[..], Vec::new(), &recipients, len as u64).unwrap();
        assert_eq!(stanzas(&blob), (0, 2));
        let mix = [unit.roster.document().report_mix()];
        assert_eq!(
            shape::check_attachment(&blob, blob.len() as u64, &mix, 1 << 20),
            Ok(padme(len as u64))
        );
        assert!(matches!(
            shape::check_attachment(&blob, blob.len() as u64, &[Mix::x25519(2)], 1 << 20),
            Err(ShapeError::Recipients { .. })
        ));
        // A server reads no more of an upload than the longest header its
        // roster allows; a longer one is still "sealed for other recipients".
        let cut = max_header_len(Mix::x25519(2)) as usize;
        assert!(matches!(
            shape::check_attachment(&blob[..cut], blob.len() as u64, &[Mix::x25519(2)], 1 << 20),
            Err(ShapeError::Recipients { .. })
        ));
        let r = digest.to_ref(BlobId::random(), "application/octet-stream", "a.bin");
        for cw in &unit.caseworkers {
            assert_eq!(
                open_attachment(&blob[..], Vec::new(), cw.identity(), &r).unwrap(),
                input
            );
        }
    }
}
