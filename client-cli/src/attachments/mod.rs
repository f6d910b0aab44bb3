//! Attachments: checking files for hidden metadata, sealing and uploading
//! them as a stream, and downloading and opening them.
//!
//! No plaintext temporary file is ever written. The `prepare` module
//! decides what will be sent (the policy's limits, the hidden information
//! found and removed, the names) without touching the network; `transfer`
//! seals what was decided into a temporary file of ciphertext, uploads it,
//! and downloads and opens attachments; `kept` and `resume` keep a large
//! upload's ciphertext so that an interrupted upload continues where it
//! stopped (`docs/protocol.md` §7.1).

mod findings;
mod kept;
mod prepare;
mod resume;
mod transfer;

pub(crate) use prepare::{Prepared, check_policy, prepare};
pub use transfer::seal_file;
pub(crate) use transfer::{
    download_ciphertext, download_from_mailbox, open_stored, open_stored_in_memory, opens_with,
    upload_case, upload_public,
};
