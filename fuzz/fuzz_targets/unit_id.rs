//! Unit IDs copied from posters: parse, and round-trip what parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::unit::UnitId;

fuzz_target!(|data: &str| {
    if let Ok(id) = data.parse::<UnitId>() {
        assert_eq!(id.to_string().parse::<UnitId>().expect("round trip"), id);
    }
});
