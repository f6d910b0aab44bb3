//! Decrypted message plaintexts (a caseworker or reporter opening what anyone
//! could have encrypted to them): parse the envelope and check signatures.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::message::{Opened, parse_plaintext};

fuzz_target!(|data: &[u8]| {
    match parse_plaintext(data) {
        Ok(Opened::FollowUp(f)) => {
            let _ = f.thread();
        }
        Ok(Opened::Reply(r)) => {
            let _ = r.body();
        }
        Ok(Opened::CaseEvent(e)) => {
            let _ = e.body().change();
        }
        _ => {}
    }
});
