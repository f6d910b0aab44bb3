//! The post-quantum recipient type (`sanctuary_crypto::pq`): recipient and
//! identity strings (round-tripping what parses), and whole age files opened
//! with a fixed hybrid identity, which runs its stanza checks on whatever
//! `mlkem768x25519` stanzas the input holds.
#![no_main]

use std::io::Read;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::age;
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::pq::{HybridIdentity, HybridRecipient};

static IDENTITY: LazyLock<HybridIdentity> =
    LazyLock::new(|| HybridIdentity::from_seed(&[0x42; 32]));

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = text.parse::<HybridRecipient>() {
            assert_eq!(r.to_string(), text);
        }
        if let Ok(i) = text.parse::<HybridIdentity>() {
            assert_eq!(i.to_string().expose_secret(), text);
        }
    }
    if let Ok(decryptor) = age::Decryptor::new(data)
        && let Ok(mut reader) = decryptor.decrypt(std::iter::once(&*IDENTITY as &dyn age::Identity))
    {
        let mut sink = Vec::new();
        let _ = reader.read_to_end(&mut sink);
    }
});
