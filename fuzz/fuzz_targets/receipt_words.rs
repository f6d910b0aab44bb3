//! Receipt words typed by a reporter: parsing must never panic, and whatever
//! parses must print back to words that parse to the same receipt.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::receipt::{Receipt, suggest_words};

fuzz_target!(|data: &str| {
    if let Ok(r) = Receipt::parse(data) {
        let words = r.to_words();
        let again = Receipt::parse(words.expose_secret()).expect("printed words parse");
        assert_eq!(again.to_words().expose_secret(), words.expose_secret());
    }
    for word in data.split_whitespace().take(4) {
        let _ = suggest_words(word);
    }
});
