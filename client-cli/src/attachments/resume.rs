//! Uploading a large attachment so that an interruption loses nothing
//! (`docs/protocol.md` §7.1): it is sealed into a kept folder
//! ([`super::kept`]) and posted with an upload secret; a later attempt,
//! in this run or the next, finds the folder, asks the server how much
//! arrived, and sends the rest of the same ciphertext.

use std::io::{Read, Seek as _, SeekFrom};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use reqwest::blocking::Body;
use sanctuary_crypto::api::{ErrorCode, Stored};
use sanctuary_crypto::attachment::AttachmentSealer;
use sanctuary_crypto::message::AttachmentRef;
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::unit::UnitId;
use sha2::{Digest, Sha256};

use super::kept::{self, Kept};
use super::prepare::Prepared;
use super::transfer::{MAX_STORED_ANSWER, post_sealed_file, sealing_failed};
use crate::i18n::t;
use crate::net::{Net, is_api_error, read_json};
use crate::{output, progress};

/// How many times to wait for the server to let go of a dropped
/// connection's upload, and how long each time: its minimum pace cuts a
/// silent connection off within about 25 seconds.
const BUSY_WAITS: u32 = 8;
const BUSY_WAIT: Duration = Duration::from_secs(4);

/// Uploads `item` through a kept folder in `folder`: if an earlier attempt
/// left one for the same bytes, server, unit and roster, asks the server
/// how much arrived and sends the rest; otherwise seals it there and posts
/// it with a fresh upload secret. The folder is deleted once the upload is
/// finished or refused for good, and kept after a failure that may pass.
pub(super) fn upload(
    net: &Net,
    item: &Prepared,
    recipients: &Recipients,
    unit: &UnitId,
    roster_version: u64,
    folder: &Path,
) -> Result<AttachmentRef> {
    kept::expire(folder);
    let key = kept::key(
        net.base().as_str(),
        &unit.to_string(),
        roster_version,
        &plaintext_sha256(item)?,
        &item.media_type,
        &item.name,
    );
    let (kept, earlier) = match kept::find(folder, &key) {
        Some(kept) => (kept, true),
        None => (seal_kept(item, recipients, folder, &key)?, false),
    };
    crate::interrupt::say(t!("stopped-upload-kept"));
    let sent = if earlier {
        continue_kept(net, item, &kept, roster_version)
    } else {
        post_sealed_file(
            net,
            item,
            &kept.ciphertext()?,
            roster_version,
            Some(&kept.secret),
        )
    };
    crate::interrupt::say(t!("stopped-sending"));
    match sent {
        Ok(stored) => {
            let reference = kept.digest.to_ref(stored.id, &item.media_type, &item.name);
            kept.discard();
            Ok(reference)
        }
        Err(e) if crate::commands::report::is_transient(&e) => Err(e),
        Err(e) => {
            kept.discard();
            Err(e)
        }
    }
}

/// Sends the rest of a kept upload from where the server's copy ends, or
/// all of it again if the server has none.
fn continue_kept(net: &Net, item: &Prepared, kept: &Kept, roster_version: u64) -> Result<Stored> {
    let mut waits = 0;
    let status = loop {
        match net.upload_status(&kept.secret) {
            Ok(status) => break Some(status),
            Err(e) if is_api_error(&e, ErrorCode::NotFound) => break None,
            Err(e) if is_api_error(&e, ErrorCode::UploadBusy) && waits < BUSY_WAITS => {
                waits += 1;
                std::thread::sleep(BUSY_WAIT);
            }
            Err(e) => return Err(e),
        }
    };
    let Some(status) = status else {
        // Never begun on the server, or expired there: from the start.
        return post_sealed_file(
            net,
            item,
            &kept.ciphertext()?,
            roster_version,
            Some(&kept.secret),
        );
    };
    if status.length != kept.length || status.received > kept.length {
        bail!(
            "The server holds a different upload of {} than the one kept here. \
             Nothing more was sent.",
            item.path.display()
        );
    }
    output::note(&t!(
        "resuming-file",
        name = item.name.clone(),
        done = output::size(status.received),
        size = output::size(kept.length)
    ));
    let mut file = kept.ciphertext()?;
    file.seek(SeekFrom::Start(status.received))
        .context("Could not read the encrypted copy kept for the upload.")?;
    let rest = kept.length - status.received;
    let bar = progress::bar(
        kept.length,
        &t!("progress-sending", name = item.name.clone()),
    );
    bar.set_position(status.received);
    let sent = net.resume_upload(
        &kept.secret,
        status.received,
        Body::sized(bar.wrap_read(file), rest),
    );
    bar.finish_and_clear();
    read_json(sent?, MAX_STORED_ANSWER)
}

/// Seals `item` into a new kept folder named `key` in `folder`.
fn seal_kept(item: &Prepared, recipients: &Recipients, folder: &Path, key: &str) -> Result<Kept> {
    let mut sealing = kept::begin(folder, key)?;
    let sealed = AttachmentSealer::new(&mut sealing.file, recipients, item.size)
        .map_err(|e| sealing_failed(item, &e))
        .and_then(|sealer| {
            sealer
                .seal_from(item.open()?)
                .map_err(|e| sealing_failed(item, &e))
        });
    match sealed {
        Ok((_, digest)) => sealing.complete(&digest),
        Err(e) => {
            sealing.abandon();
            Err(e)
        }
    }
}

/// SHA-256 of the exact bytes that will be sealed.
fn plaintext_sha256(item: &Prepared) -> Result<[u8; 32]> {
    let mut hasher = Sha256::new();
    let mut reader = item.open()?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf).with_context(|| {
            t!(
                "attach-cannot-read-more",
                path = item.path.display().to_string()
            )
        })?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
}
