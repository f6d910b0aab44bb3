//! The `Sanctuary-Pow` header of anonymous submissions, as the server
//! parses it: parse, re-encode what parses, check the MAC, kind, length and
//! expiry against a fixed key; and the challenge answer the client parses.
//! No Argon2id evaluation: it is slow by design and parses nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::api::PowChallenge;
use sanctuary_crypto::pow::{ChallengeKey, Kind, Solution, Token};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(solution) = Solution::parse_header(text) {
            assert_eq!(solution.to_header_value(), text, "canonical round trip");
            let key = ChallengeKey::from_bytes(&[0x55; 32]);
            let c = *solution.token.challenge();
            let _ = key.verify(&solution.token, Kind::Message, c.body_len, c.expires);
        }
    }
    if let Ok(token) = Token::from_bytes(data) {
        assert_eq!(token.as_bytes().as_slice(), data);
        assert_eq!(token.to_string().parse::<Token>(), Ok(token));
    }
    let _ = serde_json::from_slice::<PowChallenge>(data);
});
