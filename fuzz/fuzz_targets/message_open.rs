//! Whole sealed messages as they arrive from the server: age header parsing,
//! decryption attempts with a fixed identity, and the size bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::message::open;

fuzz_target!(|data: &[u8]| {
    let identity: sanctuary_crypto::age::x25519::Identity =
        "AGE-SECRET-KEY-1ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGSUZRZYL"
            .parse()
            .expect("fixed identity");
    let _ = open(data, &identity);
});
