//! The server's key-free checks of uploaded blobs: the age header reader and
//! the message and attachment shape checks, for any claimed total length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::{age_header, shape};

fuzz_target!(|input: (u64, u8, &[u8])| {
    let (claimed_len, recipients, data) = input;
    let recipients = usize::from(recipients % 60);
    let _ = age_header::inspect(data);
    let _ = shape::check_message(data, claimed_len, recipients);
    let _ = shape::check_attachment(data, claimed_len, recipients, 256 << 20);
    let _ = shape::check_message(data, data.len() as u64, recipients);
    let _ = shape::check_attachment(data, data.len() as u64, recipients, 256 << 20);
});
