//! Every C2SP CCTV age vector for the `mlkem768x25519` recipient type
//! (`crypto/testdata/cctv/`, provenance in its README), run through
//! `sanctuary_crypto::pq` and the `age` crate's own decryptor. Each file says
//! what must happen: success with a given payload, or a header, HMAC,
//! payload or armor failure, or no matching identity. All must hold,
//! including the files that must be rejected.

#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use age::armor::{ArmoredReadError, ArmoredReader};
use age::secrecy::ExposeSecret;
use age::{DecryptError, Decryptor, Identity};
use age_core::format::Stanza;
use sanctuary_crypto::pq::HybridIdentity;
use sha2::{Digest, Sha256};

/// The vectors this suite must find, no more and no fewer: a file that
/// went missing would otherwise pass silently.
const VECTORS: [&str; 19] = [
    "armor_hybrid",
    "hybrid",
    "hybrid_and_x25519",
    "hybrid_bad_tag",
    "hybrid_currupted_enc_mlkem",
    "hybrid_currupted_enc_x25519",
    "hybrid_extra_argument",
    "hybrid_grease",
    "hybrid_identity",
    "hybrid_long_file_key",
    "hybrid_long_share",
    "hybrid_low_order",
    "hybrid_multiple_recipients",
    "hybrid_no_match",
    "hybrid_not_canonical_body",
    "hybrid_not_canonical_enc",
    "hybrid_short_share",
    "hybrid_uppercase",
    "hybrid_x25519_arg",
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cctv")
}

/// What a vector says must happen.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Success { payload_sha256: String },
    HeaderFailure,
    HmacFailure,
    PayloadFailure { payload_sha256: String },
    NoMatch,
    ArmorFailure,
}

struct Vector {
    expect: Outcome,
    file_key: Option<Vec<u8>>,
    identities: Vec<Box<dyn Identity>>,
    armored: bool,
    age_file: Vec<u8>,
}

fn parse(name: &str) -> Vector {
    let raw = std::fs::read(dir().join(name)).unwrap();
    let split = raw.windows(2).position(|w| w == b"\n\n").unwrap();
    let header = std::str::from_utf8(&raw[..split]).unwrap();
    let body = &raw[split + 2..];

    let (mut expect, mut payload, mut file_key) = (None, None, None);
    let (mut identities, mut armored, mut compressed) =
        (Vec::<Box<dyn Identity>>::new(), false, false);
    for line in header.lines() {
        let (key, value) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{name}: header line {line:?}"));
        match key {
            "expect" => expect = Some(value.to_owned()),
            "payload" => payload = Some(value.to_owned()),
            "file key" => file_key = Some(hex::decode(value).unwrap()),
            "identity" if value.starts_with("AGE-SECRET-KEY-PQ-1") => {
                identities.push(Box::new(value.parse::<HybridIdentity>().unwrap()))
            }
            "identity" if value.starts_with("AGE-SECRET-KEY-1") => {
                identities.push(Box::new(value.parse::<age::x25519::Identity>().unwrap()))
            }
            "armored" => armored = value == "yes",
            "compressed" if value == "zlib" => compressed = true,
            "comment" => {}
            // A kind of identity or expectation this harness does not know
            // must not be skipped silently.
            _ => panic!("{name}: unsupported header line {line:?}"),
        }
    }
    let payload_sha256 = || {
        payload
            .clone()
            .unwrap_or_else(|| panic!("{name}: no payload hash"))
    };
    let expect = match expect.as_deref() {
        Some("success") => Outcome::Success {
            payload_sha256: payload_sha256(),
        },
        Some("payload failure") => Outcome::PayloadFailure {
            payload_sha256: payload_sha256(),
        },
        Some("header failure") => Outcome::HeaderFailure,
        Some("HMAC failure") => Outcome::HmacFailure,
        Some("no match") => Outcome::NoMatch,
        Some("armor failure") => Outcome::ArmorFailure,
        other => panic!("{name}: unsupported expectation {other:?}"),
    };
    assert!(!identities.is_empty(), "{name}: no identity");
    let age_file = if compressed {
        miniz_oxide::inflate::decompress_to_vec_zlib(body).unwrap()
    } else {
        body.to_vec()
    };
    Vector {
        expect,
        file_key,
        identities,
        armored,
        age_file,
    }
}

fn is_armor_error(e: &io::Error) -> bool {
    e.get_ref()
        .is_some_and(|inner| inner.is::<ArmoredReadError>())
}

fn classify_error(e: DecryptError) -> Outcome {
    match e {
        DecryptError::InvalidMac => Outcome::HmacFailure,
        DecryptError::NoMatchingKeys | DecryptError::DecryptionFailed => Outcome::NoMatch,
        DecryptError::Io(e) if is_armor_error(&e) => Outcome::ArmorFailure,
        DecryptError::InvalidHeader
        | DecryptError::UnknownFormat
        | DecryptError::ExcessiveWork { .. }
        | DecryptError::Io(_) => Outcome::HeaderFailure,
        other => panic!("unexpected error {other:?}"),
    }
}

fn decrypt<R: io::BufRead>(input: R, identities: &[Box<dyn Identity>]) -> Outcome {
    let reader = Decryptor::new(input)
        .and_then(|d| d.decrypt(identities.iter().map(|i| i.as_ref() as &dyn Identity)));
    let mut reader = match reader {
        Ok(reader) => reader,
        Err(e) => return classify_error(e),
    };
    let mut payload = vec![];
    let result = reader.read_to_end(&mut payload);
    let payload_sha256 = hex::encode(Sha256::digest(&payload));
    match result {
        Ok(_) => Outcome::Success { payload_sha256 },
        Err(e) if is_armor_error(&e) => Outcome::ArmorFailure,
        Err(_) => Outcome::PayloadFailure { payload_sha256 },
    }
}

/// Unwraps the file key from the header's stanzas directly, with the
/// vector's identities, as `age::Identity::unwrap_stanzas` does inside the
/// decryptor.
fn file_key_of(v: &Vector) -> Vec<u8> {
    let mut bytes = vec![];
    if v.armored {
        ArmoredReader::new(&v.age_file[..])
            .read_to_end(&mut bytes)
            .unwrap();
    } else {
        bytes.clone_from(&v.age_file);
    }
    let mut rest = bytes.strip_prefix(b"age-encryption.org/v1\n").unwrap();
    let mut stanzas = vec![];
    while rest.starts_with(b"-> ") {
        let (next, stanza) = age_core::format::read::age_stanza(rest).unwrap();
        stanzas.push(Stanza::from(stanza));
        rest = next;
    }
    assert!(rest.starts_with(b"---"));
    let key = v
        .identities
        .iter()
        .find_map(|i| i.unwrap_stanzas(&stanzas))
        .unwrap()
        .unwrap();
    key.expose_secret().to_vec()
}

#[test]
fn the_directory_holds_exactly_the_listed_vectors() {
    let mut found: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "README.md")
        .collect();
    found.sort();
    assert_eq!(found, VECTORS);
}

#[test]
fn every_hybrid_vector_has_its_expected_outcome() {
    let mut failures = vec![];
    let mut outcomes = std::collections::BTreeMap::<String, usize>::new();
    for name in VECTORS {
        let v = parse(name);
        let got = if v.armored {
            decrypt(
                io::BufReader::new(ArmoredReader::new(&v.age_file[..])),
                &v.identities,
            )
        } else {
            decrypt(&v.age_file[..], &v.identities)
        };
        if got != v.expect {
            failures.push(format!("{name}: expected {:?}, got {got:?}", v.expect));
            continue;
        }
        if let Outcome::Success { .. } = v.expect {
            let want = v.file_key.as_deref().unwrap();
            let key = file_key_of(&v);
            if key != want {
                failures.push(format!("{name}: file key {}", hex::encode(key)));
            }
        }
        let kind = format!("{:?}", v.expect);
        *outcomes
            .entry(kind.split(' ').next().unwrap().to_owned())
            .or_default() += 1;
    }
    assert!(
        failures.is_empty(),
        "CCTV vectors failed:\n{}",
        failures.join("\n")
    );
    // The suite exercises both sides: files that open and files refused.
    assert_eq!(outcomes.get("Success"), Some(&5));
    assert_eq!(outcomes.get("HeaderFailure"), Some(&9));
    assert_eq!(outcomes.get("NoMatch"), Some(&5));
}
