//! Caseworker cards pasted by a unit admin: parse, and round-trip what parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::caseworker::CaseworkerCard;

fuzz_target!(|data: &str| {
    if let Ok(card) = data.parse::<CaseworkerCard>() {
        assert_eq!(
            card.to_string()
                .parse::<CaseworkerCard>()
                .expect("round trip"),
            card
        );
    }
});
