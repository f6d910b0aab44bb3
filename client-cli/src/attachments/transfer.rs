//! The transfer: sealing a prepared file into a temporary file that holds
//! only ciphertext, uploading it (anonymously or as a caseworker), and
//! downloading and opening attachments.
//!
//! An attachment is sealed into an anonymous temporary file (that the
//! system deletes when it is closed), because its upload needs, before the
//! first byte is sent, a proof of work bound to the ciphertext's first
//! 64 KiB (anonymous uploads) or the signature over its hash (caseworkers);
//! then the file is streamed, so a 1 GiB video needs only a few buffers of
//! memory, and free disk space for its ciphertext.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Method;
use reqwest::blocking::Body;
use sanctuary_crypto::age;
use sanctuary_crypto::api::{MailboxAttachmentFetch, Stored};
use sanctuary_crypto::attachment::{
    AttachmentDigest, AttachmentError, AttachmentSealer, open_attachment,
};
use sanctuary_crypto::ids::{BlobId, MailboxId, UploadSecret};
use sanctuary_crypto::message::AttachmentRef;
use sanctuary_crypto::pow::{self, Kind};
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::unit::UnitId;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::kept;
use super::prepare::{Prepared, Source, prepare_one};
use crate::i18n::t;
use crate::net::{Net, SignedBody, Signer, read_json};
use crate::options::AttachOptions;
use crate::{names, progress};

/// Largest `Stored` answer read.
pub(super) const MAX_STORED_ANSWER: u64 = 4096;

impl Prepared {
    pub(super) fn open(&self) -> Result<Box<dyn Read + Send>> {
        match &self.source {
            Source::Memory(bytes) => Ok(Box::new(SharedCursor {
                bytes: Arc::clone(bytes),
                pos: 0,
            })),
            Source::Disk => {
                let file = File::open(&self.path).with_context(|| {
                    t!(
                        "attach-cannot-read-more",
                        path = self.path.display().to_string()
                    )
                })?;
                Ok(Box::new(file))
            }
        }
    }
}

struct SharedCursor {
    bytes: Arc<Zeroizing<Vec<u8>>>,
    pos: usize,
}

impl Read for SharedCursor {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

/// Checks `path` for hidden metadata and seals it to `recipients` into
/// `output`, exactly as `report submit --attach` does before the upload:
/// the path `scripts/bench.sh` times against `age -r` (through
/// [`crate::bench`]).
pub fn seal_file<W: Write>(
    path: &Path,
    keep_metadata: bool,
    recipients: &Recipients,
    output: W,
) -> Result<(W, AttachmentDigest)> {
    let options = AttachOptions {
        files: vec![path.to_path_buf()],
        keep_metadata,
        keep_names: false,
    };
    let item = prepare_one(path, 1, &options)?;
    let sealer = AttachmentSealer::new(output, recipients, item.size)
        .map_err(|e| sealing_failed(&item, &e))?;
    sealer
        .seal_from(item.open()?)
        .map_err(|e| sealing_failed(&item, &e))
}

pub(super) fn sealing_failed(item: &Prepared, err: &AttachmentError) -> anyhow::Error {
    match err {
        AttachmentError::LengthChanged => {
            anyhow!(t!("attach-changed", path = item.path.display().to_string()))
        }
        other => anyhow!(t!(
            "attach-not-encrypted",
            path = item.path.display().to_string(),
            reason = other.to_string()
        )),
    }
}

/// Seals `item` to `recipients` into an anonymous temporary file (it holds
/// only ciphertext), solves a proof of work bound to its first 64 KiB,
/// then uploads it to `POST /v1/attachments`. Returns the manifest entry
/// for the message.
///
/// A file of [`kept::RESUMABLE_FROM`] or more is sealed into a kept
/// folder instead, so that an interrupted upload continues where it
/// stopped, in this run or the next ([`super::resume`]).
pub(crate) fn upload_public(
    net: &Net,
    item: &Prepared,
    recipients: &Recipients,
    unit: &UnitId,
    roster_version: u64,
) -> Result<AttachmentRef> {
    if item.size >= kept::RESUMABLE_FROM
        && let Some(folder) = kept::folder()
    {
        return super::resume::upload(net, item, recipients, unit, roster_version, &folder);
    }
    let (file, digest) = seal_to_temp(item, recipients)?;
    let stored = post_sealed_file(net, item, &file, roster_version, None)?;
    Ok(digest.to_ref(stored.id, &item.media_type, &item.name))
}

/// Posts the sealed attachment in `file` with a proof of work bound to its
/// first 64 KiB (and the `upload` secret, if it may be resumed).
pub(super) fn post_sealed_file(
    net: &Net,
    item: &Prepared,
    file: &File,
    roster_version: u64,
    upload: Option<&UploadSecret>,
) -> Result<Stored> {
    let mut file = file
        .try_clone()
        .context("Could not read the temporary file for the upload.")?;
    let len = file.metadata()?.len();
    let mut prefix = Vec::with_capacity(pow::BINDING_PREFIX);
    file.rewind()?;
    (&mut file)
        .take(pow::BINDING_PREFIX as u64)
        .read_to_end(&mut prefix)
        .context("Could not read the temporary file for the upload.")?;
    let binding = pow::binding(&prefix);

    // The bar appears once the work is done and the upload starts, anew
    // for a second attempt.
    let mut shown: Option<indicatif::ProgressBar> = None;
    let sent = net.post_proven(
        Kind::Attachment,
        len,
        &binding,
        roster_version,
        upload,
        || {
            let mut body = file
                .try_clone()
                .context("Could not read the temporary file for the upload.")?;
            body.rewind()?;
            if let Some(old) = shown.take() {
                old.finish_and_clear();
            }
            let bar = progress::bar(len, &t!("progress-sending", name = item.name.clone()));
            let reader = bar.wrap_read(body);
            shown = Some(bar);
            Ok(Body::sized(reader, len))
        },
    );
    if let Some(bar) = shown {
        bar.finish_and_clear();
    }
    read_json(sent?, MAX_STORED_ANSWER)
}

/// Seals `item` to `recipients` into an anonymous temporary file, which the
/// system deletes when it is closed, and returns it with the digest.
fn seal_to_temp(item: &Prepared, recipients: &Recipients) -> Result<(File, AttachmentDigest)> {
    let file = tempfile::tempfile().context("Could not create a temporary file for the upload.")?;
    let sealer = AttachmentSealer::new(BufWriter::new(file), recipients, item.size)
        .map_err(|e| sealing_failed(item, &e))?;
    let (writer, digest) = sealer
        .seal_from(item.open()?)
        .map_err(|e| sealing_failed(item, &e))?;
    let file = writer
        .into_inner()
        .map_err(|e| anyhow!("Could not write the temporary file: {}", e.error()))?;
    Ok((file, digest))
}

/// A writer that hashes what passes through it.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
    len: u64,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Seals `item` to `recipients` into an anonymous temporary file (it holds
/// only ciphertext), then uploads it with a signed `POST
/// /v1/case/attachments`, whose signature needs the body's hash up front.
pub(crate) fn upload_case(
    net: &Net,
    signer: Signer<'_>,
    item: &Prepared,
    recipients: &Recipients,
) -> Result<AttachmentRef> {
    let file = tempfile::tempfile().context("Could not create a temporary file for the upload.")?;
    let writer = HashingWriter {
        inner: BufWriter::new(file),
        hasher: Sha256::new(),
        len: 0,
    };
    let sealer = AttachmentSealer::new(writer, recipients, item.size)
        .map_err(|e| sealing_failed(item, &e))?;
    let (writer, digest) = sealer
        .seal_from(item.open()?)
        .map_err(|e| sealing_failed(item, &e))?;
    let HashingWriter { inner, hasher, len } = writer;
    let mut file = inner
        .into_inner()
        .map_err(|e| anyhow!("Could not write the temporary file: {}", e.error()))?;
    file.rewind()?;
    let bar = progress::bar(len, &format!("Sending {}", item.name));
    let body = SignedBody::Stream {
        reader: Box::new(bar.wrap_read(file)),
        len,
        sha256: hasher.finalize().into(),
    };
    let sent = net.signed(signer, Method::POST, "v1/case/attachments", body);
    bar.finish_and_clear();
    let stored: Stored = read_json(sent?, MAX_STORED_ANSWER)?;
    Ok(digest.to_ref(stored.id, &item.media_type, &item.name))
}

/// What went wrong opening the attachment `name`, for the caseworker.
fn opening_failed(name: &str, e: AttachmentError) -> anyhow::Error {
    match e {
        AttachmentError::Hash | AttachmentError::Size => anyhow!(
            "The file {name} does not match what its message says: it was damaged or changed \
             on the way. It was not saved."
        ),
        AttachmentError::Io(io) => anyhow!("Could not download or write {name}: {io}."),
        other => anyhow!("Could not open {name}: {other}. It was not saved."),
    }
}

/// Decrypts an attachment from `input` into a new file in `dir`, named after
/// the (sanitized) name in its message, and checks it against the message.
/// Nothing is left behind if the check fails.
pub(crate) fn save_opened(
    input: impl Read,
    identity: &dyn age::Identity,
    attachment: &AttachmentRef,
    dir: &Path,
) -> Result<PathBuf> {
    let name = names::sanitize(&attachment.name);
    let mut temp = tempfile::Builder::new()
        .prefix(".sanctuary-")
        .tempfile_in(dir)
        .with_context(|| format!("Cannot write into {}.", dir.display()))?;
    {
        let mut out = BufWriter::new(temp.as_file_mut());
        open_attachment(input, &mut out, identity, attachment)
            .map_err(|e| opening_failed(&name, e))?;
        out.flush()?;
    }
    let target = names::unique_in(dir, &name);
    temp.persist_noclobber(&target)
        .map_err(|e| anyhow!("Could not save {}: {}.", target.display(), e.error))?;
    Ok(target)
}

/// Downloads a reply's attachment from a reporter's mailbox into `dir`.
pub(crate) fn download_from_mailbox(
    net: &Net,
    mailbox: MailboxId,
    attachment: &AttachmentRef,
    identity: &dyn age::Identity,
    dir: &Path,
) -> Result<PathBuf> {
    let request =
        net.request(Method::POST, "v1/mailbox/attachment")?
            .json(&MailboxAttachmentFetch {
                mailbox,
                attachment: attachment.id,
            });
    let response = net.send(request)?;
    let bar = progress::bar(
        attachment.size,
        &t!(
            "progress-downloading",
            name = names::sanitize(&attachment.name)
        ),
    );
    let saved = save_opened(bar.wrap_read(response), identity, attachment, dir);
    bar.finish_and_clear();
    saved
}

/// Downloads an attachment's ciphertext with a caseworker's signed request
/// into `path` (written to `path.part` first, then renamed).
pub(crate) fn download_ciphertext(
    net: &Net,
    signer: Signer<'_>,
    id: BlobId,
    expected_size: u64,
    path: &Path,
) -> Result<()> {
    let response = net.signed(
        signer,
        Method::GET,
        &format!("v1/attachments/{id}"),
        SignedBody::Empty,
    )?;
    // Ciphertext is the padded size plus age's framing and header; a header
    // of post-quantum stanzas for a full roster is longer than 64 KiB.
    let limit = sanctuary_crypto::attachment::attachment_ciphertext_len(
        sanctuary_crypto::age_header::MAX_HEADER_LEN as u64,
        expected_size,
    );
    let part = path.with_extension("part");
    let file = crate::store::create_private(&part)?;
    let mut out = BufWriter::new(file);
    let bar = progress::bar(
        expected_size,
        &format!("Downloading attachment {}", &id.to_hex()[..8]),
    );
    let copied = io::copy(&mut bar.wrap_read(response).take(limit + 1), &mut out);
    bar.finish_and_clear();
    let copied = copied.context("The download broke off. Run `sanctuary case sync` again.")?;
    out.flush()?;
    drop(out);
    if copied > limit {
        let _ = std::fs::remove_file(&part);
        bail!("The server sent more data than attachment {id} can hold; it was discarded.");
    }
    std::fs::rename(&part, path).with_context(|| format!("Cannot write {}.", path.display()))?;
    Ok(())
}

/// The stored ciphertext of `attachment`, for reading.
fn stored(ciphertext: &Path, attachment: &AttachmentRef) -> Result<io::BufReader<File>> {
    let file = File::open(ciphertext).with_context(|| {
        format!(
            "The attachment {} has not been downloaded yet. Run `sanctuary case sync`.",
            names::sanitize(&attachment.name)
        )
    })?;
    Ok(io::BufReader::new(file))
}

/// Decrypts a stored attachment ciphertext into memory-bounded streaming
/// output in `dir`.
pub(crate) fn open_stored(
    ciphertext: &Path,
    identity: &dyn age::Identity,
    attachment: &AttachmentRef,
    dir: &Path,
) -> Result<PathBuf> {
    save_opened(stored(ciphertext, attachment)?, identity, attachment, dir)
}

/// Whether `identity` can open the stored ciphertext at `path`: its age
/// header has a stanza for it. Only the header is read.
pub(crate) fn opens_with(path: &Path, identity: &dyn age::Identity) -> bool {
    let Ok(file) = File::open(path) else {
        return false;
    };
    age::Decryptor::new_buffered(io::BufReader::new(file))
        .is_ok_and(|d| d.decrypt(std::iter::once(identity)).is_ok())
}

/// Decrypts a stored attachment ciphertext into memory (wiped when
/// dropped), checked against its message like [`open_stored`].
pub(crate) fn open_stored_in_memory(
    ciphertext: &Path,
    identity: &dyn age::Identity,
    attachment: &AttachmentRef,
) -> Result<Zeroizing<Vec<u8>>> {
    let mut out = Zeroizing::new(Vec::new());
    open_attachment(
        stored(ciphertext, attachment)?,
        &mut *out,
        identity,
        attachment,
    )
    .map_err(|e| opening_failed(&names::sanitize(&attachment.name), e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use sanctuary_crypto::api::ErrorCode;
    use sanctuary_crypto::attachment::seal_attachment;

    #[test]
    fn public_uploads_prove_work_for_the_sealed_file() {
        // Larger than the 64 KiB the proof binds, so only the right prefix
        // of the right ciphertext passes the fake server's check.
        let bytes = Zeroizing::new(vec![5u8; 100_000]);
        let item = Prepared {
            path: PathBuf::from("evidence.bin"),
            name: "attachment-1.bin".to_owned(),
            media_type: "application/octet-stream".to_owned(),
            size: bytes.len() as u64,
            source: Source::Memory(Arc::new(bytes)),
        };
        let identity = age::x25519::Identity::generate();
        let recipients = Recipients::X25519(vec![identity.to_public()]);
        let (net, server) = crate::net::tests::pow_server(2, vec![ErrorCode::PowExpired], 4);
        let unit = sanctuary_crypto::unit::UnitKey::generate().unit_id();
        let reference = upload_public(&net, &item, &recipients, &unit, 1).unwrap();
        let seen = server.join().unwrap();
        // Sent twice (a fresh challenge after the first expired), the
        // same ciphertext each time, and it opens to the file.
        assert_eq!(seen[1].body, seen[3].body);
        assert_eq!(reference.id.to_hex(), "ab".repeat(16));
        let mut opened = Vec::new();
        open_attachment(&seen[3].body[..], &mut opened, &identity, &reference).unwrap();
        assert_eq!(opened, vec![5u8; 100_000]);
    }

    #[test]
    fn sealing_from_a_short_source_is_refused() {
        let recipient = age::x25519::Identity::generate().to_public();
        let recipients = Recipients::X25519(vec![recipient]);
        let sealer = AttachmentSealer::new(Vec::new(), &recipients, 10).unwrap();
        let err = sealer.seal_from(io::Cursor::new(vec![1; 5])).unwrap_err();
        assert!(matches!(err, AttachmentError::LengthChanged));
    }

    #[test]
    fn saved_attachments_are_checked_and_named_safely() {
        let identity = age::x25519::Identity::generate();
        let recipients = Recipients::X25519(vec![identity.to_public()]);
        let (sealed, digest) =
            seal_attachment(&b"evidence"[..], Vec::new(), &recipients, 8).unwrap();
        let mut aref = digest.to_ref(BlobId::random(), "text/plain", "../../evil name.txt");
        let dir = tempfile::tempdir().unwrap();
        let saved = save_opened(&sealed[..], &identity, &aref, dir.path()).unwrap();
        assert_eq!(saved, dir.path().join("evil name.txt"));
        assert_eq!(std::fs::read(&saved).unwrap(), b"evidence");

        aref.sha256 = "00".repeat(32);
        let err = save_opened(&sealed[..], &identity, &aref, dir.path()).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
        // Only the first, good file is there: the bad one left nothing behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
