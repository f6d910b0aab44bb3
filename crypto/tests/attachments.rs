//! Streaming attachments: round trips at chunk boundaries, checks, shapes.

#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use proptest::prelude::*;
use sanctuary_crypto::attachment::{
    AttachmentError, AttachmentSealer, open_attachment, seal_attachment,
};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::recipients::{Mix, Recipients};
use sanctuary_crypto::shape::{self, ShapeError};
use sanctuary_crypto::sizes::{CHUNK, padme};

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8 + 1).collect()
}

fn round_trip(len: usize, recipients: usize) {
    let ids: Vec<_> = (0..recipients)
        .map(|_| age::x25519::Identity::generate())
        .collect();
    let rs = Recipients::X25519(ids.iter().map(|i| i.to_public()).collect());
    let input = data(len);
    let (blob, digest) = seal_attachment(&input[..], Vec::new(), &rs, len as u64).unwrap();
    assert_eq!(digest.size, len as u64);
    let r = digest.to_ref(
        BlobId::random(),
        "application/octet-stream",
        "attachment-1.bin",
    );

    assert_eq!(
        shape::check_attachment(
            &blob,
            blob.len() as u64,
            &[Mix::x25519(recipients)],
            len as u64
        ),
        Ok(padme(len as u64))
    );
    for id in &ids {
        let out = open_attachment(&blob[..], Vec::new(), id, &r).unwrap();
        assert_eq!(out, input, "len {len}");
    }
}

#[test]
fn large_attachments_hashed_on_a_second_thread_round_trip() {
    // Above 1 MiB the sealer hashes on its own thread; opening checks the
    // digest it produced against the plaintext.
    round_trip(3 * 1024 * 1024 + 5, 2);
}

#[test]
fn round_trips_around_every_chunk_boundary() {
    let c = CHUNK as usize;
    for len in [
        0,
        1,
        2,
        100,
        c - 1,
        c,
        c + 1,
        2 * c - 1,
        2 * c,
        2 * c + 1,
        3 * c,
        3 * c + 7,
    ] {
        round_trip(len, 2);
    }
}

#[test]
fn sealer_knows_the_ciphertext_length_up_front() {
    let rs = Recipients::X25519(vec![age::x25519::Identity::generate().to_public()]);
    for len in [0u64, 5, CHUNK, 3 * CHUNK + 1] {
        let mut sealer = AttachmentSealer::new(Vec::new(), &rs, len).unwrap();
        let expected = sealer.ciphertext_len();
        std::io::Write::write_all(&mut sealer, &data(len as usize)).unwrap();
        let (out, _) = sealer.finish().unwrap();
        assert_eq!(out.len() as u64, expected);
    }
}

#[test]
fn length_changes_are_caught() {
    let rs = Recipients::X25519(vec![age::x25519::Identity::generate().to_public()]);
    let input = data(100);
    assert!(matches!(
        seal_attachment(&input[..], Vec::new(), &rs, 101),
        Err(AttachmentError::LengthChanged)
    ));
    assert!(matches!(
        seal_attachment(&input[..], Vec::new(), &rs, 99),
        Err(AttachmentError::LengthChanged)
    ));
    let mut sealer = AttachmentSealer::new(Vec::new(), &rs, 10).unwrap();
    assert!(std::io::Write::write_all(&mut sealer, &input[..11]).is_err());
}

#[test]
fn wrong_size_hash_key_or_tampering_is_refused() {
    let id = age::x25519::Identity::generate();
    let rs = Recipients::X25519(vec![id.to_public()]);
    let input = data(5000);
    let (blob, digest) = seal_attachment(&input[..], Vec::new(), &rs, 5000).unwrap();
    let good = digest.to_ref(BlobId::random(), "image/jpeg", "a.jpg");

    let mut wrong_hash = good.clone();
    wrong_hash.sha256 = "00".repeat(32);
    assert!(matches!(
        open_attachment(&blob[..], Vec::new(), &id, &wrong_hash),
        Err(AttachmentError::Hash)
    ));

    let mut wrong_size = good.clone();
    wrong_size.size = 4000;
    assert!(matches!(
        open_attachment(&blob[..], Vec::new(), &id, &wrong_size),
        Err(AttachmentError::Size)
    ));
    wrong_size.size = 6000;
    assert!(matches!(
        open_attachment(&blob[..], Vec::new(), &id, &wrong_size),
        Err(AttachmentError::Size)
    ));

    let stranger = age::x25519::Identity::generate();
    assert!(matches!(
        open_attachment(&blob[..], Vec::new(), &stranger, &good),
        Err(AttachmentError::Decrypt)
    ));

    let mut tampered = blob.clone();
    let n = tampered.len();
    tampered[n - 40] ^= 0x80;
    assert!(matches!(
        open_attachment(&tampered[..], Vec::new(), &id, &good),
        Err(AttachmentError::Decrypt)
    ));
}

#[test]
fn server_shape_checks_refuse_what_honest_clients_never_send() {
    let rs = Recipients::X25519(
        (0..3)
            .map(|_| age::x25519::Identity::generate().to_public())
            .collect(),
    );
    let (blob, _) = seal_attachment(&data(1000)[..], Vec::new(), &rs, 1000).unwrap();
    let len = blob.len() as u64;
    assert!(shape::check_attachment(&blob, len, &[Mix::x25519(3)], 1000).is_ok());
    assert_eq!(
        shape::check_attachment(&blob, len + 1, &[Mix::x25519(3)], 1000),
        Err(ShapeError::Size)
    );
    assert_eq!(
        shape::check_attachment(&blob, len - 1, &[Mix::x25519(3)], 1000),
        Err(ShapeError::Size)
    );
    assert_eq!(
        shape::check_attachment(&blob, len, &[Mix::x25519(3)], 500),
        Err(ShapeError::TooLarge)
    );
    assert!(matches!(
        shape::check_attachment(&blob, len, &[Mix::x25519(2)], 1000),
        Err(ShapeError::Recipients {
            expected: 2,
            found: 3
        })
    ));
    assert_eq!(
        shape::check_attachment(b"PK\x03\x04 zip file", 100, &[Mix::x25519(3)], 1000),
        Err(ShapeError::NotAge)
    );
}

#[test]
fn message_shape_refuses_every_non_bucket_size() {
    let unit = common::unit(2);
    let keys = sanctuary_crypto::receipt::Receipt::generate().derive();
    let blob =
        sanctuary_crypto::message::seal_report(&Default::default(), &keys, &unit.roster).unwrap();
    let len = blob.len() as u64;
    let lens = sanctuary_crypto::sizes::message_ciphertext_lens(Mix::x25519(2));
    for total in
        (len - 300..len + 300).chain([0, 1, lens[1] - 1, lens[1] + 1, lens[3] + 1, u64::MAX])
    {
        let got = shape::check_message(&blob, total, &[Mix::x25519(2)]);
        if lens.contains(&total) {
            assert!(got.is_ok(), "{total}");
        } else {
            assert_eq!(got, Err(ShapeError::Size), "{total}");
        }
    }
    assert!(matches!(
        shape::check_message(&blob, len, &[Mix::x25519(3)]),
        Err(ShapeError::Recipients { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn attachments_round_trip(len in 0usize..300_000) {
        round_trip(len, 1);
    }
}
