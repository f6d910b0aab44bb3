//! Signed rosters from the server (clients) or a unit admin (server): parse,
//! read the claimed unit, verify against a fixed unit and against the claimed
//! one, and derive whom a message is sealed to (X25519 or post-quantum).
//! Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::recipients::{Recipients, StanzaKind};
use sanctuary_crypto::roster::{PostQuantum, SignedRoster};
use sanctuary_crypto::unit::UnitKey;
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let Ok(signed) = SignedRoster::from_json(data) else {
        return;
    };
    let fixed = UnitKey::from_seed(&Zeroizing::new([1u8; 32])).unit_id();
    let today = Day::from_number(20_800).expect("valid day");
    let _ = signed.verify(&fixed, today);
    if let Ok(claimed) = signed.claimed_unit()
        && let Ok(roster) = signed.verify(&claimed, today)
    {
        let doc = roster.document();
        let recipients = doc.recipients();
        let mix = doc.report_mix();
        assert_eq!(recipients.mix(), mix);
        assert_eq!(mix.count, doc.caseworkers.len());
        assert_eq!(
            matches!(recipients, Recipients::PostQuantum(_)),
            doc.seals_post_quantum()
        );
        if doc.policy.post_quantum == PostQuantum::Required {
            assert_eq!(mix.kind, StanzaKind::PostQuantum);
        }
        let replies = doc.reply_mixes();
        assert!(replies.iter().all(|m| m.count == mix.count + 1));
        assert_eq!(replies[0].kind, mix.kind);
    }
});
