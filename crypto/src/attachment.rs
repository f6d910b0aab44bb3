//! Attachments: streamed sealing and opening with Padmé padding.
//!
//! An attachment is its own age file, encrypted to the same recipients as
//! the message that lists it. Its plaintext is the file's bytes followed by
//! zeros up to [`padme`] of its size; the message's [`AttachmentRef`] holds
//! the real size and SHA-256. Both directions stream through fixed buffers
//! (64 KiB; sealing a large attachment reads and hashes it on a second
//! thread through eight: `attachment/pipeline.rs`), so memory stays bounded
//! whatever the file size.

mod pipeline;

use std::io::{self, Read, Write};

use sha2::{Digest, Sha256};

use crate::ids::BlobId;
use crate::message::{AttachmentRef, Counting, start_age};
use crate::recipients::Recipients;
use crate::sizes::{padme, stream_len};

const BUF: usize = 64 * 1024;
static ZEROS: [u8; BUF] = [0; BUF];

/// Why an attachment could not be sealed or opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AttachmentError {
    /// Reading the input or writing the output failed.
    #[error("reading or writing the attachment failed")]
    Io(#[source] io::Error),
    /// The input had a different length than announced (the file changed
    /// while it was read).
    #[error("the file changed while it was being read")]
    LengthChanged,
    /// Could not decrypt: not for this key, or damaged. Deliberately vague.
    #[error("could not decrypt the attachment")]
    Decrypt,
    /// Decrypted, but the length or padding is not what the message says.
    #[error("the attachment does not have the size its message says")]
    Size,
    /// Decrypted, but the SHA-256 does not match the message.
    #[error("the attachment's contents do not match its message")]
    Hash,
    /// age refused to encrypt (no recipients).
    #[error("encryption failed")]
    Encrypt,
}

/// The real size and SHA-256 of a sealed attachment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttachmentDigest {
    /// Size in bytes before padding.
    pub size: u64,
    /// SHA-256 of the real bytes.
    pub sha256: [u8; 32],
}

impl AttachmentDigest {
    /// The manifest entry for a message, once the server has given the blob
    /// an ID.
    pub fn to_ref(&self, id: BlobId, media_type: &str, name: &str) -> AttachmentRef {
        AttachmentRef {
            id,
            size: self.size,
            sha256: hex::encode(self.sha256),
            media_type: media_type.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// The ciphertext length of an attachment of `size` bytes whose age header
/// is `header_len` bytes long.
pub const fn attachment_ciphertext_len(header_len: u64, size: u64) -> u64 {
    header_len + stream_len(padme(size))
}

/// Encrypts one attachment of a size known in advance, as a writer.
///
/// Create it, read [`Self::ciphertext_len`] (for an HTTP `Content-Length`),
/// write exactly `size` bytes, then [`Self::finish`]; or hand it a reader
/// with [`Self::seal_from`], which is faster above 1 MiB (reading and
/// hashing run on a second thread while age encrypts).
pub struct AttachmentSealer<W: Write> {
    writer: age::stream::StreamWriter<Counting<W>>,
    size: u64,
    written: u64,
    hasher: Sha256,
    ciphertext_len: u64,
}

impl<W: Write> AttachmentSealer<W> {
    /// Starts sealing a `size`-byte attachment to `recipients` into `output`.
    /// The age header is written to `output` at once.
    pub fn new(output: W, recipients: &Recipients, size: u64) -> Result<Self, AttachmentError> {
        if recipients.is_empty() {
            return Err(AttachmentError::Encrypt);
        }
        let (writer, header_len) = start_age(recipients, output).map_err(AttachmentError::Io)?;
        Ok(Self {
            writer,
            size,
            written: 0,
            hasher: Sha256::new(),
            ciphertext_len: attachment_ciphertext_len(header_len, size),
        })
    }

    /// The exact length of the whole ciphertext.
    pub fn ciphertext_len(&self) -> u64 {
        self.ciphertext_len
    }

    /// Reads exactly `size` bytes from `input`, encrypts them and finishes
    /// (see [`Self::finish`]). Fails with [`AttachmentError::LengthChanged`]
    /// if `input` is shorter or longer. Above 1 MiB, `input` is read and
    /// hashed on a second thread while this one encrypts.
    pub fn seal_from<R: Read + Send>(
        mut self,
        input: R,
    ) -> Result<(W, AttachmentDigest), AttachmentError> {
        if self.written != 0 {
            return Err(AttachmentError::LengthChanged);
        }
        let writer = &mut self.writer;
        let sha256 = pipeline::read_hashed(input, self.size, |piece| writer.write_all(piece))?;
        self.written = self.size;
        self.pad_and_finish(sha256)
    }

    /// Pads with zeros, finishes the age stream and returns the output and
    /// the digest. Fails if fewer than `size` bytes were written.
    pub fn finish(mut self) -> Result<(W, AttachmentDigest), AttachmentError> {
        if self.written != self.size {
            return Err(AttachmentError::LengthChanged);
        }
        let sha256 = std::mem::take(&mut self.hasher).finalize().into();
        self.pad_and_finish(sha256)
    }

    fn pad_and_finish(
        mut self,
        sha256: [u8; 32],
    ) -> Result<(W, AttachmentDigest), AttachmentError> {
        let mut padding = padme(self.size) - self.size;
        while padding > 0 {
            let n = padding.min(BUF as u64) as usize;
            self.writer
                .write_all(&ZEROS[..n])
                .map_err(AttachmentError::Io)?;
            padding -= n as u64;
        }
        let counting = self.writer.finish().map_err(AttachmentError::Io)?;
        let digest = AttachmentDigest {
            size: self.size,
            sha256,
        };
        Ok((counting.into_inner(), digest))
    }
}

impl<W: Write> Write for AttachmentSealer<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.written + buf.len() as u64 > self.size {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "more bytes than the announced attachment size",
            ));
        }
        let n = self.writer.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Seals exactly `size` bytes read from `input` into `output`. Fails with
/// [`AttachmentError::LengthChanged`] if `input` is shorter or longer.
pub fn seal_attachment<R: Read + Send, W: Write>(
    input: R,
    output: W,
    recipients: &Recipients,
    size: u64,
) -> Result<(W, AttachmentDigest), AttachmentError> {
    AttachmentSealer::new(output, recipients, size)?.seal_from(input)
}

/// Decrypts an attachment from `input`, writes its real bytes to `output`,
/// and checks its padding, size and SHA-256 against `expected`.
///
/// On any error, `output` may hold a partial file: write to a temporary file
/// and keep it only on success.
pub fn open_attachment<R: Read, W: Write>(
    input: R,
    mut output: W,
    identity: &dyn age::Identity,
    expected: &AttachmentRef,
) -> Result<W, AttachmentError> {
    let want_hash =
        crate::ids::decode_hex::<32>(&expected.sha256).map_err(|_| AttachmentError::Hash)?;
    // Buffered, so the header is parsed once (see `message::open`).
    let input = io::BufReader::with_capacity(BUF, input);
    let decryptor = age::Decryptor::new_buffered(input).map_err(|_| AttachmentError::Decrypt)?;
    if decryptor.is_scrypt() {
        return Err(AttachmentError::Decrypt);
    }
    let mut reader = decryptor
        .decrypt(std::iter::once(identity))
        .map_err(|_| AttachmentError::Decrypt)?;

    let padded = padme(expected.size);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; BUF];
    let mut seen: u64 = 0;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(AttachmentError::Decrypt),
        };
        let chunk = &buf[..n];
        if seen + n as u64 > padded {
            return Err(AttachmentError::Size);
        }
        let real = (expected.size.saturating_sub(seen)).min(n as u64) as usize;
        hasher.update(&chunk[..real]);
        output
            .write_all(&chunk[..real])
            .map_err(AttachmentError::Io)?;
        if chunk[real..].iter().any(|&b| b != 0) {
            return Err(AttachmentError::Size);
        }
        seen += n as u64;
    }
    if seen != padded {
        return Err(AttachmentError::Size);
    }
    let got: [u8; 32] = hasher.finalize().into();
    if got != want_hash {
        return Err(AttachmentError::Hash);
    }
    output.flush().map_err(AttachmentError::Io)?;
    Ok(output)
}
