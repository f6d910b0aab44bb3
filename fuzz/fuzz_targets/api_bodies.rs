//! Every JSON request body the server accepts, selected by the first byte,
//! plus the JSON response bodies the client parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sanctuary_crypto::api;

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    match which % 10 {
        0 => drop(serde_json::from_slice::<api::PublishRoster>(body)),
        1 => drop(serde_json::from_slice::<api::MailboxFetch>(body)),
        2 => drop(serde_json::from_slice::<api::MailboxAttachmentFetch>(body)),
        3 => drop(serde_json::from_slice::<api::MailboxForget>(body)),
        4 => drop(serde_json::from_slice::<api::PostReply>(body)),
        5 => drop(serde_json::from_slice::<api::MailboxContents>(body)),
        6 => drop(serde_json::from_slice::<api::InboxPage>(body)),
        7 => drop(serde_json::from_slice::<api::ErrorBody>(body)),
        8 => drop(serde_json::from_slice::<api::UploadStatus>(body)),
        _ => drop(serde_json::from_slice::<api::Stored>(body)),
    }
});
