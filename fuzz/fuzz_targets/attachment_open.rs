//! Attachments downloaded from the server: streamed opening with a fixed
//! identity and manifest entry; output goes nowhere.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::attachment::open_attachment;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::AttachmentRef;

fuzz_target!(|data: &[u8]| {
    let identity: sanctuary_crypto::age::x25519::Identity =
        "AGE-SECRET-KEY-1ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYG3ZYGSUZRZYL"
            .parse()
            .expect("fixed identity");
    let expected = AttachmentRef {
        id: BlobId::from_bytes([0; 16]),
        size: 100,
        sha256: "00".repeat(32),
        media_type: "application/octet-stream".into(),
        name: "a.bin".into(),
    };
    let _ = open_attachment(data, std::io::sink(), &identity, &expected);
});
