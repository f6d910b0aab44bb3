#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

const NOW: u64 = 1_795_000_000;

/// A header value, parsed and checked to print back the same.
struct TokenHeader;

impl FromStr for TokenHeader {
    type Err = PowError;

    fn from_str(s: &str) -> Result<Self, PowError> {
        let solution = Solution::parse_header(s)?;
        assert_eq!(solution.to_header_value(), s);
        Ok(Self)
    }
}

fn key() -> ChallengeKey {
    ChallengeKey::from_bytes(&[0x55; 32])
}

fn challenge(kind: Kind, bits: u8, body_len: u64) -> Challenge {
    Challenge {
        kind,
        bits,
        memory_kib: MEMORY_KIB,
        body_len,
        expires: NOW + EXPIRY_SECS,
        nonce: [0x66; 16],
    }
}

#[test]
fn token_layout_and_round_trip() {
    let token = key()
        .issue(&challenge(Kind::Attachment, 3, 70_000))
        .unwrap();
    let b = token.as_bytes();
    assert_eq!(b.len(), TOKEN_LEN);
    assert_eq!(&b[..3], &[1, 1, 3]);
    assert_eq!(&b[3..7], &4096u32.to_be_bytes());
    assert_eq!(&b[7..15], &70_000u64.to_be_bytes());
    assert_eq!(&b[15..23], &(NOW + 600).to_be_bytes());
    assert_eq!(&b[23..39], &[0x66; 16]);
    let text = token.to_string();
    assert_eq!(text.len(), 95);
    assert!(!text.contains('='));
    assert_eq!(text.parse::<Token>().unwrap(), token);
    assert_eq!(Token::from_bytes(b).unwrap(), token);
    // Serde uses the same text.
    let json = serde_json::to_string(&token).unwrap();
    assert_eq!(json, format!("\"{text}\""));
    assert_eq!(serde_json::from_str::<Token>(&json).unwrap(), token);
}

#[test]
fn malformed_tokens_are_refused() {
    let good = *key()
        .issue(&challenge(Kind::Message, 0, 100))
        .unwrap()
        .as_bytes();
    let with = |i: usize, v: u8| {
        let mut b = good;
        b[i] = v;
        Token::from_bytes(&b)
    };
    assert_eq!(with(0, 2), Err(PowError::Malformed), "version");
    assert_eq!(with(1, 2), Err(PowError::Malformed), "kind");
    assert_eq!(with(2, MAX_BITS + 1), Err(PowError::Malformed), "bits");
    assert!(with(2, MAX_BITS).is_ok());
    assert_eq!(with(3, 0xff), Err(PowError::Malformed), "memory");
    assert_eq!(Token::from_bytes(&good[..70]), Err(PowError::Malformed));
    assert_eq!(
        Token::from_bytes(&[good.as_slice(), &[0]].concat()),
        Err(PowError::Malformed)
    );
    let text = URL_SAFE_NO_PAD.encode(good);
    assert_eq!(
        format!("{text}=").parse::<Token>(),
        Err(PowError::Malformed)
    );
    assert_eq!(
        text.replace('_', "/")
            .replace('-', "+")
            .parse::<Token>()
            .is_ok(),
        !text.contains(['-', '_'])
    );
    // Memory below Argon2's minimum cannot be issued either.
    let mut small = challenge(Kind::Message, 0, 1);
    small.memory_kib = 7;
    assert_eq!(key().issue(&small), Err(PowError::Malformed));
}

#[test]
fn verify_checks_mac_kind_length_and_expiry() {
    let key = key();
    let token = key.issue(&challenge(Kind::Message, 0, 1234)).unwrap();
    assert_eq!(key.verify(&token, Kind::Message, 1234, NOW), Ok(()));
    assert_eq!(key.verify(&token, Kind::Message, 1234, NOW + 600), Ok(()));
    assert_eq!(
        key.verify(&token, Kind::Message, 1234, NOW + 601),
        Err(PowError::Expired)
    );
    assert_eq!(
        key.verify(&token, Kind::Attachment, 1234, NOW),
        Err(PowError::WrongKind)
    );
    assert_eq!(
        key.verify(&token, Kind::Message, 1235, NOW),
        Err(PowError::WrongLength)
    );
    // Another key (a restarted server) did not issue it.
    let other = ChallengeKey::from_bytes(&[0x56; 32]);
    assert_eq!(
        other.verify(&token, Kind::Message, 1234, NOW),
        Err(PowError::BadMac)
    );
    // Any changed byte breaks the MAC, whatever it changes.
    for i in 0..TOKEN_LEN {
        let mut b = *token.as_bytes();
        b[i] ^= if i == 2 { 1 } else { 0x80 };
        if let Ok(t) = Token::from_bytes(&b) {
            assert_eq!(
                key.verify(&t, Kind::Message, 1234, NOW),
                Err(PowError::BadMac),
                "byte {i}"
            );
        }
    }
    // The MAC is checked first: a forged token learns nothing else.
    let mut forged = *token.as_bytes();
    forged[70] ^= 1;
    let forged = Token::from_bytes(&forged).unwrap();
    assert_eq!(
        key.verify(&forged, Kind::Attachment, 1, NOW + 10_000),
        Err(PowError::BadMac)
    );
}

#[test]
fn solutions_bind_body_and_counter() {
    let key = key();
    let body = vec![7u8; 5000];
    let token = key.issue(&challenge(Kind::Message, 4, 5000)).unwrap();
    let bind = binding(&body);
    let mut calls = 0;
    let counter = solve(&token, &bind, |tries| {
        calls += 1;
        assert_eq!(tries, calls);
    });
    assert_eq!(calls, counter);
    assert!(check(&token, &bind, counter));
    assert!(leading_zero_bits(&evaluate(&token, &bind, counter)) >= 4);
    // Every earlier counter fails: solve returns the first solution.
    assert!((0..counter).all(|c| !check(&token, &bind, c)));
    // A different body (its binding) or counter does not carry the work
    // over, except by the chance 2^-bits of a lucky try; find a failing
    // counter to show the check does fail.
    let wrong = (counter + 1..).find(|&c| !check(&token, &bind, c)).unwrap();
    assert!(!check(&token, &bind, wrong));
    let other = binding(&[8u8; 5000]);
    assert_ne!(
        evaluate(&token, &other, counter),
        evaluate(&token, &bind, counter)
    );
    // Zero bits: the first try always solves.
    let easy = key.issue(&challenge(Kind::Message, 0, 5000)).unwrap();
    assert_eq!(solve(&easy, &bind, |_| panic!("no second try")), 0);
}

#[test]
fn binding_covers_the_first_64_kib() {
    let mut body = vec![1u8; BINDING_PREFIX + 10];
    let b = binding(&body);
    body[BINDING_PREFIX] = 2;
    assert_eq!(binding(&body), b);
    body[BINDING_PREFIX - 1] = 2;
    assert_ne!(binding(&body), b);
    assert_eq!(binding(b"abc"), <[u8; 32]>::from(Sha256::digest(b"abc")));
}

#[test]
fn leading_zeros_count_from_the_first_bit() {
    assert_eq!(leading_zero_bits(&[0x80, 0]), 0);
    assert_eq!(leading_zero_bits(&[0x01, 0xff]), 7);
    assert_eq!(leading_zero_bits(&[0x00, 0x10]), 11);
    assert_eq!(leading_zero_bits(&[0, 0]), 16);
    assert_eq!(leading_zero_bits(&[]), 0);
}

#[test]
fn header_values() {
    let token = key().issue(&challenge(Kind::Message, 0, 10)).unwrap();
    let s = Solution { token, counter: 42 };
    let value = s.to_header_value();
    assert_eq!(value, format!("{token}.42"));
    assert_eq!(Solution::parse_header(&value), Ok(s));
    let max = Solution {
        token,
        counter: u64::MAX,
    };
    assert_eq!(Solution::parse_header(&max.to_header_value()), Ok(max));
    assert!(max.to_header_value().len() <= MAX_HEADER_LEN);
    // Only the canonical text of a token parses: the last character
    // carries 4 bits of the token and 2 that must be zero.
    let text = token.to_string();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let parsing: Vec<char> = alphabet
        .chars()
        .filter(|&c| {
            format!("{}{c}.0", &text[..94])
                .parse::<TokenHeader>()
                .is_ok()
        })
        .collect();
    assert_eq!(parsing.len(), 16, "{parsing:?}");
    assert!(parsing.iter().all(|&c| alphabet.find(c).unwrap() % 4 == 0));
    for bad in [
        String::new(),
        format!("{token}"),
        format!("{token}."),
        format!("{token}.042"),
        format!("{token}.+1"),
        format!("{token}.-1"),
        format!("{token}.1.2"),
        format!("{token}. 1"),
        format!("{token}.18446744073709551616"),
        format!("{token}x.1"),
        format!("{token}.{}", "1".repeat(200)),
    ] {
        assert_eq!(
            Solution::parse_header(&bad),
            Err(PowError::Malformed),
            "{bad}"
        );
    }
}

#[test]
fn levels_follow_the_rate() {
    assert_eq!(level(0, 30, 4), 0);
    assert_eq!(level(30, 30, 4), 0);
    assert_eq!(level(31, 30, 4), 1);
    assert_eq!(level(59, 30, 4), 1);
    assert_eq!(level(60, 30, 4), 2);
    assert_eq!(level(120, 30, 4), 3);
    assert_eq!(level(240, 30, 4), 4);
    assert_eq!(level(1_000_000, 30, 4), 4);
    assert_eq!(level(1_000_000, 30, 0), 0);
    assert_eq!(level(u64::MAX, 1, 200), MAX_LEVEL);
    assert_eq!(level(5, 0, 4), 3);
    assert_eq!(message_bits(3), 3);
    const MIB: u64 = 1024 * 1024;
    assert_eq!(attachment_bits(0, 1), 0);
    assert_eq!(attachment_bits(0, 16 * MIB), 0);
    assert_eq!(attachment_bits(0, 16 * MIB + 1), 1);
    assert_eq!(attachment_bits(2, 32 * MIB), 3);
    assert_eq!(attachment_bits(0, 33 * MIB), 2);
    assert_eq!(attachment_bits(0, 128 * MIB), 3);
    assert_eq!(attachment_bits(0, 256 * MIB), 4);
    assert_eq!(attachment_bits(0, u64::MAX), 4);
    assert_eq!(attachment_bits(MAX_LEVEL, u64::MAX), 12);
    assert!(attachment_bits(u8::MAX, u64::MAX) <= MAX_BITS);
}

#[test]
fn error_codes() {
    assert_eq!(PowError::Missing.code(), ErrorCode::PowRequired);
    assert_eq!(PowError::Expired.code(), ErrorCode::PowExpired);
    assert_eq!(PowError::Reused.code(), ErrorCode::PowReused);
    for e in [
        PowError::Malformed,
        PowError::BadMac,
        PowError::WrongKind,
        PowError::WrongLength,
        PowError::Unsolved,
    ] {
        assert_eq!(e.code(), ErrorCode::BadPow);
    }
}

#[test]
fn key_debug_shows_nothing() {
    assert_eq!(format!("{:?}", key()), "ChallengeKey(..)");
}

proptest! {
    #[test]
    fn header_parser_never_panics(s in "\\PC{0,250}") {
        let _ = Solution::parse_header(&s);
    }

    #[test]
    fn token_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        if let Ok(t) = Token::from_bytes(&bytes) {
            prop_assert_eq!(t.as_bytes().as_slice(), bytes.as_slice());
        }
    }
}
