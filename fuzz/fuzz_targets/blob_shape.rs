//! The server's key-free checks of uploaded blobs: the age header reader and
//! the message and attachment shape checks, for any claimed total length
//! and any recipient mix, X25519 or post-quantum.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::recipients::Mix;
use sanctuary_crypto::sizes::bucket_ciphertext_len;
use sanctuary_crypto::{age_header, shape};

fuzz_target!(|input: (u64, u8, &[u8])| {
    let (claimed_len, recipients, data) = input;
    // The high bit picks the kind, the rest the count (up to 59, past the
    // most any roster allows).
    let count = usize::from(recipients & 0x7f) % 60;
    let mix = if recipients & 0x80 == 0 {
        Mix::x25519(count)
    } else {
        Mix::post_quantum(count)
    };
    // A report's one mix, a reply's two under a post-quantum roster, none.
    let reply = [Mix::post_quantum(count), Mix::x25519(count)];
    let sets: [&[Mix]; 3] = [&[mix], &reply, &[]];
    if let Ok(header) = age_header::inspect(data) {
        assert!(header.len <= data.len());
    }
    for allowed in sets {
        for total in [claimed_len, data.len() as u64] {
            if let Ok(bucket) = shape::check_message(data, total, allowed) {
                assert!(
                    allowed
                        .iter()
                        .any(|&m| bucket_ciphertext_len(bucket, m) == total),
                    "a message accepted at a length no allowed mix has"
                );
            }
            let _ = shape::check_attachment(data, total, allowed, 256 << 20);
        }
    }
});
