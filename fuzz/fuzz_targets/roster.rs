//! Signed rosters from the server (clients) or a unit admin (server): parse,
//! read the claimed unit, verify against a fixed unit and against the claimed
//! one. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::SignedRoster;
use sanctuary_crypto::unit::UnitKey;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let Ok(signed) = SignedRoster::from_json(data) else {
        return;
    };
    let fixed = UnitKey::from_seed(&Zeroizing::new([1u8; 32])).unit_id();
    let today = Day::from_number(20_800).expect("valid day");
    let _ = signed.verify(&fixed, today);
    if let Ok(claimed) = signed.claimed_unit() {
        if let Ok(roster) = signed.verify(&claimed, today) {
            let _ = roster.document().recipients();
        }
    }
});
