//! Known-answer vectors: `crypto/testdata/vectors.json`, reproduced in
//! `docs/protocol.md`. Another client (a web page, say) can check itself
//! against the same file byte for byte.
//!
//! To regenerate after an intentional format change (and then update
//! `docs/protocol.md` and bump the format version):
//! `SANCTUARY_WRITE_VECTORS=1 cargo test -p sanctuary-crypto --test vectors`.

#![allow(clippy::unwrap_used, missing_docs)]

use age::secrecy::ExposeSecret;
use sanctuary_crypto::case_event::{self, Assignee, CaseChange, CaseState, CaseStatus};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message::{self, AttachmentRef, ReportContent};
use sanctuary_crypto::pow::{self, Challenge, ChallengeKey, Kind, Solution};
use sanctuary_crypto::pq::HybridIdentity;
use sanctuary_crypto::receipt::{Receipt, ReceiptKeys};
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::roster::{Policy, PostQuantum, ROSTER_TYPE, RosterDocument, SignedRoster};
use sanctuary_crypto::sizes;
use sanctuary_crypto::thread::{Gap, Held, OrderKey, Position, Side};
use sanctuary_crypto::unit::UnitKey;
use sanctuary_crypto::{encode_verifying_key, ids::BlobId};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/vectors.json");

fn age_identity(byte: u8) -> age::x25519::Identity {
    let s = bech32::encode::<bech32::Bech32>(
        bech32::Hrp::parse("AGE-SECRET-KEY-").unwrap(),
        &[byte; 32],
    )
    .unwrap()
    .to_uppercase();
    s.parse().unwrap()
}

fn compute() -> Value {
    // Receipt: entropy 00 01 02 … 0f.
    let entropy: [u8; 16] = std::array::from_fn(|i| i as u8);
    let receipt = Receipt::from_entropy(entropy);
    let keys = receipt.derive();

    // Unit key: seed of 32 bytes 0x01.
    let unit = UnitKey::from_seed(&Zeroizing::new([1u8; 32]));
    // Caseworker: age identity from 32 bytes 0x11, Ed25519 seed 32 bytes 0x22.
    let cw = CaseworkerKey::from_parts(
        "PC-Jones".parse().unwrap(),
        age_identity(0x11),
        None,
        &Zeroizing::new([0x22u8; 32]),
    );

    let doc = RosterDocument {
        kind: ROSTER_TYPE.into(),
        version: 1,
        unit: unit.unit_id(),
        name: "Riverside Hate Crime Unit".into(),
        issued: "2026-11-01".parse::<Day>().unwrap(),
        expires: "2027-11-01".parse::<Day>().unwrap(),
        caseworkers: vec![cw.card().into()],
        policy: Policy::default(),
        form: None,
    };
    let roster = SignedRoster::sign(&doc, &unit).unwrap();

    let content = ReportContent {
        category: Some("hate-crime".into()),
        text: "Someone shouted at me at the bus stop.".into(),
        attachments: vec![AttachmentRef {
            id: BlobId::from_bytes([0xaa; 16]),
            size: 1000,
            sha256: "00".repeat(32),
            media_type: "image/jpeg".into(),
            name: "attachment-1.jpg".into(),
        }],
        ..Default::default()
    };
    let report = message::report_envelope(&content, &keys, 1, false).unwrap();
    // The unit's first reply, having read the report (reporter number 0),
    // then the reporter's first follow-up, having read reply 1.
    let reply_at = Position {
        seq: 1,
        seen: 0,
        day: "2026-11-02".parse().unwrap(),
    };
    let follow_up_at = Position {
        seq: 1,
        seen: 1,
        day: "2026-11-03".parse().unwrap(),
    };
    let follow_up =
        message::follow_up_envelope("One more thing.", &[], follow_up_at, &keys).unwrap();
    let reply = message::reply_envelope(
        "We have read your report.",
        &[],
        reply_at,
        keys.thread_id(),
        &cw,
        1,
    )
    .unwrap();

    let req = SignedRequest::sign_with_nonce(
        &cw,
        &unit.unit_id(),
        "GET",
        "/v1/inbox?limit=100",
        1_795_000_000,
        [0x33; 16],
        body_sha256(b""),
    );

    let padme_pairs: Vec<Value> = [0u64, 1, 9, 1000, 65_536, 1_000_001, 268_435_455]
        .iter()
        .map(|&l| json!([l, sizes::padme(l)]))
        .collect();

    json!({
        "receipt": {
            "entropy": hex::encode(entropy),
            "words": receipt.to_words().expose_secret(),
            "digits": receipt.to_digit_groups().expose_secret(),
            "thread_id": keys.thread_id().to_hex(),
            "thread_secret": hex::encode(*keys.thread_secret_bytes()),
            "thread_public_key": encode_verifying_key(&keys.thread_public_key()),
            "mailbox_id": keys.mailbox_id().to_hex(),
            "mailbox_storage_key": hex::encode(keys.mailbox_id().storage_key()),
            "forget_secret": *keys.forget_secret().to_hex(),
            "forget_hash": keys.forget_hash().to_hex(),
            "reply_identity": keys.reply_identity_string().expose_secret(),
            "reply_recipient": keys.reply_recipient().to_string(),
        },
        "unit": {
            "seed": hex::encode([1u8; 32]),
            "unit_id": unit.unit_id().to_string(),
        },
        "caseworker": {
            "label": "PC-Jones",
            "age_identity": cw.export_identity().expose_secret(),
            "signing_seed": hex::encode([0x22u8; 32]),
            "card": cw.card().to_string(),
        },
        "roster": {
            "document": roster.document,
            "signature": roster.signature,
        },
        "report_envelope": *report,
        "follow_up_envelope": *follow_up,
        "reply_envelope": *reply,
        "thread": thread_order(&report, &follow_up, &reply),
        "request": {
            "unit": unit.unit_id().to_string(),
            "method": "GET",
            "path": "/v1/inbox?limit=100",
            "timestamp": 1_795_000_000u64,
            "nonce": hex::encode([0x33u8; 16]),
            "body_sha256": hex::encode(body_sha256(b"")),
            "authorization": req.to_header_value(),
        },
        "sizes": {
            "buckets": sizes::BUCKETS,
            "message_ciphertext_lens": {
                "1": sizes::message_ciphertext_lens(Mix::x25519(1)),
                "2": sizes::message_ciphertext_lens(Mix::x25519(2)),
                "3": sizes::message_ciphertext_lens(Mix::x25519(3)),
                "11": sizes::message_ciphertext_lens(Mix::x25519(11)),
            },
            "padme": padme_pairs,
        },
        "case_events": case_events(&keys, &cw),
        "post_quantum": post_quantum(&keys, &unit, &content),
        "pow": proof_of_work(),
    })
}

/// The thread vectors (`docs/protocol.md` §6.3): the digests of the three
/// envelopes' bodies, their order, and the gap a reader holding the report
/// and the follow-up but not the reply finds.
fn thread_order(report: &str, follow_up: &str, reply: &str) -> Value {
    let open = |env: &str| message::parse_plaintext_with_digest(env.as_bytes()).unwrap();
    let (_, report_digest) = open(report);
    let (message::Opened::FollowUp(f), follow_up_digest) = open(follow_up) else {
        panic!("not a follow-up");
    };
    let (message::Opened::Reply(r), reply_digest) = open(reply) else {
        panic!("not a reply");
    };
    let fp = f.body().position().unwrap();
    let rp = r.body().position().unwrap();
    let mut keys = [
        (
            OrderKey::new(Side::Unit, rp.seq, rp.seen, reply_digest),
            "reply_envelope",
        ),
        (
            OrderKey::new(Side::Reporter, fp.seq, fp.seen, follow_up_digest),
            "follow_up_envelope",
        ),
        (OrderKey::report(report_digest), "report_envelope"),
    ];
    keys.sort();
    let order: Vec<&str> = keys.iter().map(|(_, name)| *name).collect();
    let mut without_reply = Held::new();
    without_reply.add(Side::Reporter, 0, 0);
    without_reply.add(Side::Reporter, fp.seq, fp.seen);
    let gaps: Vec<Value> = without_reply
        .gaps()
        .iter()
        .map(|Gap { side, first, last }| {
            let side = match side {
                Side::Reporter => "reporter",
                Side::Unit => "unit",
            };
            json!({ "side": side, "first": first, "last": last })
        })
        .collect();
    json!({
        "report_body_sha256": report_digest.to_hex(),
        "follow_up_body_sha256": follow_up_digest.to_hex(),
        "reply_body_sha256": reply_digest.to_hex(),
        "order": order,
        "gaps_without_reply": gaps,
    })
}

/// The case-event vectors (`docs/protocol.md` §6.4): two events of one
/// thread by the vector caseworker, the digests of their bodies, and the
/// state they merge to.
fn case_events(keys: &ReceiptKeys, cw: &CaseworkerKey) -> Value {
    let first = CaseChange {
        status: Some(CaseStatus::Waiting),
        assignee: Some(Assignee::Caseworker("PC-Jones".parse().unwrap())),
        labels: [("urgent".parse().unwrap(), true)].into(),
        note: Some("Called back; waiting for a time to meet.".into()),
        ..Default::default()
    };
    // The second also names a copy of an attachment (`case share`).
    let second = CaseChange {
        status: Some(CaseStatus::Closed),
        labels: [("urgent".parse().unwrap(), false)].into(),
        files: [(
            "11".repeat(16).parse().unwrap(),
            "22".repeat(16).parse().unwrap(),
        )]
        .into(),
        ..Default::default()
    };
    let envelopes: Vec<Zeroizing<String>> = [(&first, 1, "2026-11-02"), (&second, 2, "2026-11-05")]
        .into_iter()
        .map(|(change, seq, day)| {
            case_event::case_event_envelope(
                change,
                keys.thread_id(),
                seq,
                day.parse().unwrap(),
                cw,
                1,
            )
            .unwrap()
        })
        .collect();
    let opened: Vec<_> = envelopes
        .iter()
        .map(
            |env| match message::parse_plaintext_with_digest(env.as_bytes()).unwrap() {
                (message::Opened::CaseEvent(e), digest) => (e.into_body(), digest),
                _ => panic!("not a case event"),
            },
        )
        .collect();
    let state = CaseState::merge(opened.iter().map(|(body, digest)| (body, *digest)));
    json!({
        "envelopes": envelopes.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        "body_sha256": opened.iter().map(|(_, d)| d.to_hex()).collect::<Vec<_>>(),
        "merged": {
            "status": state.status.map(CaseStatus::as_str),
            "assignee": state.assigned_to().map(|l| l.as_str()),
            "labels": state.labels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
            "notes": state.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
            "files": state.files,
            "next_seq": state.next_seq(),
        },
    })
}

/// The proof-of-work vectors (`docs/protocol.md` §11): one server key,
/// nonce, expiry and body; a challenge of 0 and one of 4 bits.
fn proof_of_work() -> Value {
    let key = ChallengeKey::from_bytes(&[0x55; 32]);
    // Longer than the binding's 64 KiB, so that the cut is tested.
    let body: Vec<u8> = (0..70_000u32).map(|i| (i % 251) as u8).collect();
    let bind = pow::binding(&body);
    let challenges: Vec<Value> = [0u8, 4]
        .into_iter()
        .map(|bits| {
            let token = key
                .issue(&Challenge {
                    kind: Kind::Attachment,
                    bits,
                    memory_kib: pow::MEMORY_KIB,
                    body_len: body.len() as u64,
                    expires: 1_795_000_600,
                    nonce: [0x77; 16],
                })
                .unwrap();
            let counter = pow::solve(&token, &bind, |_| {});
            json!({
                "bits": bits,
                "token": token.to_string(),
                "output_0": hex::encode(pow::evaluate(&token, &bind, 0)),
                "counter": counter,
                "output": hex::encode(pow::evaluate(&token, &bind, counter)),
                "header": Solution { token, counter }.to_header_value(),
            })
        })
        .collect();
    json!({
        "server_key": hex::encode([0x55u8; 32]),
        "kind": "attachment",
        "memory_kib": pow::MEMORY_KIB,
        "expires": 1_795_000_600u64,
        "nonce": hex::encode([0x77u8; 16]),
        "body": "70000 bytes, byte i = i mod 251",
        "body_len": body.len(),
        "binding": hex::encode(bind),
        "challenges": challenges,
    })
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// The post-quantum vectors (`docs/protocol.md` §12.1). Strings of
/// thousands of characters are given whole here and by their SHA-256 in the
/// protocol document.
fn post_quantum(keys: &ReceiptKeys, unit: &UnitKey, content: &ReportContent) -> Value {
    // The same caseworker, with a post-quantum identity from 32 bytes 0x44.
    let pq = HybridIdentity::from_seed(&[0x44; 32]);
    let cw = CaseworkerKey::from_parts(
        "PC-Jones".parse().unwrap(),
        age_identity(0x11),
        Some(pq.clone()),
        &Zeroizing::new([0x22u8; 32]),
    );
    let doc = RosterDocument {
        kind: ROSTER_TYPE.into(),
        version: 2,
        unit: unit.unit_id(),
        name: "Riverside Hate Crime Unit".into(),
        issued: "2026-11-01".parse::<Day>().unwrap(),
        expires: "2027-11-01".parse::<Day>().unwrap(),
        caseworkers: vec![cw.card().into()],
        policy: Policy {
            post_quantum: PostQuantum::Required,
            ..Policy::default()
        },
        form: None,
    };
    assert!(doc.seals_post_quantum());
    let roster = SignedRoster::sign(&doc, unit).unwrap();
    let report = message::report_envelope(content, keys, 2, true).unwrap();
    let reply_recipient = keys.reply_pq_recipient().to_string();
    let recipient = pq.to_public().to_string();
    let card = cw.card().to_string();
    json!({
        "reply_pq_identity": keys.reply_pq_identity().to_string().expose_secret(),
        "reply_pq_recipient": reply_recipient,
        "reply_pq_recipient_sha256": sha256_hex(&reply_recipient),
        "caseworker": {
            "age_pq_seed": hex::encode([0x44u8; 32]),
            "age_pq_identity": pq.to_string().expose_secret(),
            "age_pq_recipient": recipient,
            "age_pq_recipient_sha256": sha256_hex(&recipient),
            "card": card,
            "card_sha256": sha256_hex(&card),
        },
        "roster": {
            "document": roster.document,
            "document_sha256": sha256_hex(&roster.document),
            "signature": roster.signature,
        },
        "report_envelope": *report,
        "report_envelope_sha256": sha256_hex(&report),
        "message_ciphertext_lens": {
            "1": sizes::message_ciphertext_lens(Mix::post_quantum(1)),
            "2": sizes::message_ciphertext_lens(Mix::post_quantum(2)),
            "3": sizes::message_ciphertext_lens(Mix::post_quantum(3)),
            "11": sizes::message_ciphertext_lens(Mix::post_quantum(11)),
        },
    })
}

#[test]
fn known_answer_vectors() {
    let computed = compute();
    if std::env::var_os("SANCTUARY_WRITE_VECTORS").is_some() {
        let mut text = serde_json::to_string_pretty(&computed).unwrap();
        text.push('\n');
        std::fs::write(PATH, text).unwrap();
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    for (section, value) in computed.as_object().unwrap() {
        assert_eq!(
            &stored[section], value,
            "vector section `{section}` differs"
        );
    }
    assert_eq!(
        stored.as_object().unwrap().len(),
        computed.as_object().unwrap().len()
    );
}

#[test]
fn stored_vectors_parse_back() {
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    // The receipt words, and its digit groups, parse to the same entropy's
    // derivations.
    for form in ["words", "digits"] {
        let r = Receipt::parse(stored["receipt"][form].as_str().unwrap()).unwrap();
        assert_eq!(
            r.derive().mailbox_id().to_hex(),
            stored["receipt"]["mailbox_id"],
            "{form}"
        );
    }
    // The signed roster verifies against the unit ID.
    let roster = SignedRoster {
        document: stored["roster"]["document"].as_str().unwrap().into(),
        signature: stored["roster"]["signature"].as_str().unwrap().into(),
    };
    let unit = stored["unit"]["unit_id"].as_str().unwrap().parse().unwrap();
    roster.verify(&unit, "2027-01-01".parse().unwrap()).unwrap();
    // The card parses, the request header parses and verifies.
    let _card: sanctuary_crypto::caseworker::CaseworkerCard = stored["caseworker"]["card"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let req = SignedRequest::parse(stored["request"]["authorization"].as_str().unwrap()).unwrap();
    req.verify(&unit, "GET", "/v1/inbox?limit=100", 1_795_000_100)
        .unwrap();
    // The report envelopes open (after encryption) with a valid
    // self-signature; the post-quantum one names its reply recipient.
    let env = stored["report_envelope"].as_str().unwrap();
    assert!(matches!(
        message::parse_plaintext(env.as_bytes()).unwrap(),
        message::Opened::Report(ref r) if r.reply_to_pq.is_none()
    ));
    let pq = &stored["post_quantum"];
    let env = pq["report_envelope"].as_str().unwrap();
    let message::Opened::Report(report) = message::parse_plaintext(env.as_bytes()).unwrap() else {
        panic!("not a report");
    };
    assert_eq!(
        report.reply_to_pq.unwrap().recipient().unwrap().to_string(),
        pq["reply_pq_recipient"]
    );
    // The post-quantum roster verifies and seals post-quantum; its card
    // carries the recipient.
    let roster = SignedRoster {
        document: pq["roster"]["document"].as_str().unwrap().into(),
        signature: pq["roster"]["signature"].as_str().unwrap().into(),
    };
    let roster = roster.verify(&unit, "2027-01-01".parse().unwrap()).unwrap();
    assert!(roster.document().seals_post_quantum());
    let card: sanctuary_crypto::caseworker::CaseworkerCard =
        pq["caseworker"]["card"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        card.post_quantum.unwrap().to_string(),
        pq["caseworker"]["age_pq_recipient"]
    );
}

#[test]
fn protocol_document_quotes_the_vectors() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/protocol.md"))
        .unwrap();
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    // Seeds and the nonce are given in words ("32 bytes `22`"), not
    // literally; a string with a `…_sha256` sibling is quoted by its hash.
    const DESCRIBED: [&str; 4] = ["seed", "signing_seed", "age_pq_seed", "nonce"];
    fn walk(v: &Value, key: &str, doc: &str, missing: &mut Vec<String>) {
        match v {
            Value::String(s) if !DESCRIBED.contains(&key) && !doc.contains(s.as_str()) => {
                missing.push(format!("{key}: {s}"));
            }
            Value::Number(n) if !doc.contains(&n.to_string()) => {
                missing.push(format!("{key}: {n}"))
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, doc, missing)),
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| !o.contains_key(&format!("{k}_sha256")))
                .for_each(|(k, x)| walk(x, k, doc, missing)),
            _ => {}
        }
    }
    let mut missing = Vec::new();
    walk(&stored, "", &doc, &mut missing);
    // §2.1 also shows the receipt of sixteen `ff` bytes in digits, the
    // largest value in every group.
    let all_ones = Receipt::from_entropy([0xff; 16]).to_digit_groups();
    if !doc.contains(all_ones.expose_secret()) {
        missing.push(format!("digits of ff×16: {}", all_ones.expose_secret()));
    }
    assert!(
        missing.is_empty(),
        "docs/protocol.md does not quote these vectors: {missing:#?}"
    );
}
