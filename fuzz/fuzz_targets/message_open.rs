//! Whole sealed messages as they arrive from the server: age header parsing,
//! decryption attempts with a fixed identity (X25519 and post-quantum), and
//! the size bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::message::open;
use sanctuary_crypto::pq::HybridIdentity;
use sanctuary_crypto::recipients::IdentityPair;

fuzz_target!(|data: &[u8]| {
    let x25519: sanctuary_crypto::age::x25519::Identity =
        "AGE-SECRET-KEY-1ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGSUZRZYL"
            .parse()
            .expect("fixed identity");
    let identity = IdentityPair::new(x25519, Some(HybridIdentity::from_seed(&[0x11; 32])));
    let _ = open(data, &identity);
});
