//! Uploads that survive a dropped connection or a stopped program
//! (`docs/protocol.md` §7.1).
//!
//! A large attachment is sealed into a folder of its own instead of an
//! anonymous temporary file, with the upload secret beside it; if the
//! upload stops, the next attempt (a retry in the same run, or the same
//! command run again with the same file) finds the folder, asks the
//! server how much arrived, and sends the rest of the same ciphertext.
//! The folder holds only ciphertext and the secret (which lets someone
//! finish the upload, not read it); it is deleted once the upload is
//! finished, when the server no longer has it, or after two days.
//!
//! The folders live only in `$XDG_RUNTIME_DIR/sanctuary-uploads`: on most
//! Linux systems a per-user folder in memory, emptied at logout, so a
//! reporter still leaves nothing on the disk. Where there is no such
//! folder, uploads are not kept (and start again from zero).

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use sanctuary_crypto::attachment::AttachmentDigest;
use sanctuary_crypto::ids::UploadSecret;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Files smaller than this (before sealing) are sent again whole: resuming
/// them would save little.
pub(crate) const RESUMABLE_FROM: u64 = 1024 * 1024;

/// How long a kept upload is worth keeping: the server deletes an
/// unfinished one two days after the day it began.
const KEEP_FOR: Duration = Duration::from_secs(2 * 24 * 60 * 60);

/// The sealed attachment in a kept upload's folder.
const CIPHERTEXT: &str = "ciphertext";

/// What else a kept upload needs, written once the ciphertext is complete.
const STATE: &str = "upload.json";

/// The `format` of [`STATE`].
const FORMAT: &str = "sanctuary-kept-upload-v1";

/// Largest state file read.
const MAX_STATE: u64 = 4096;

/// Zeroized when dropped: it holds the secret.
#[derive(Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct State {
    format: String,
    /// The upload secret, hexadecimal.
    secret: String,
    /// The attachment's real size and SHA-256 (for the message).
    size: u64,
    sha256: String,
    /// The ciphertext's length.
    length: u64,
}

/// An upload kept in its folder, its ciphertext complete.
pub(crate) struct Kept {
    dir: PathBuf,
    /// The secret the server knows the upload by.
    pub(crate) secret: UploadSecret,
    /// The attachment's real size and SHA-256.
    pub(crate) digest: AttachmentDigest,
    /// The ciphertext's length.
    pub(crate) length: u64,
}

impl Kept {
    /// The sealed attachment, to read from.
    pub(crate) fn ciphertext(&self) -> Result<File> {
        File::open(self.dir.join(CIPHERTEXT))
            .context("Could not read the encrypted copy kept for the upload.")
    }

    /// Deletes the folder: the upload is finished, or cannot be resumed.
    pub(crate) fn discard(self) {
        discard(&self.dir);
    }
}

fn discard(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
}

/// The folder kept uploads live in, `$XDG_RUNTIME_DIR/sanctuary-uploads`,
/// created (mode 0700) if it is missing. `None` where the system gives no
/// such per-user runtime folder (it is in memory and emptied at logout on
/// most Linux systems): uploads are then not kept, so nothing stays on
/// the disk, and an interrupted upload starts again from zero.
pub(crate) fn folder() -> Option<PathBuf> {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())?;
    let path = runtime.join("sanctuary-uploads");
    match fs::DirBuilder::new().mode(0o700).create(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(_) => return None,
    }
    // A real folder, private, and owned by whoever owns the runtime
    // folder (the user it belongs to).
    let owner = fs::metadata(&runtime).ok()?.uid();
    let meta = fs::symlink_metadata(&path).ok()?;
    (meta.is_dir() && meta.uid() == owner && meta.mode() & 0o077 == 0).then_some(path)
}

/// The name of the folder for one attachment: a hash of everything that
/// must be the same for the kept ciphertext to be the one to send (the
/// server, the unit, the roster version it was sealed for, and the exact
/// bytes, type and name of the attachment).
pub(crate) fn key(
    server: &str,
    unit: &str,
    roster_version: u64,
    plaintext_sha256: &[u8; 32],
    media_type: &str,
    name: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"sanctuary/v1/kept-upload");
    for part in [
        server.as_bytes(),
        unit.as_bytes(),
        media_type.as_bytes(),
        name.as_bytes(),
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    h.update(roster_version.to_be_bytes());
    h.update(plaintext_sha256);
    hex::encode(h.finalize())
}

/// The kept upload named `key` in `folder`, if its ciphertext is complete
/// and its state readable; a folder left half-written is deleted.
pub(crate) fn find(folder: &Path, key: &str) -> Option<Kept> {
    let dir = folder.join(key);
    if !dir.is_dir() {
        return None;
    }
    let kept = read_state(&dir);
    if kept.is_none() {
        discard(&dir);
    }
    kept
}

fn read_state(dir: &Path) -> Option<Kept> {
    use std::io::Read as _;
    let mut text = Zeroizing::new(String::new());
    File::open(dir.join(STATE))
        .ok()?
        .take(MAX_STATE)
        .read_to_string(&mut text)
        .ok()?;
    let state: State = serde_json::from_str(&text).ok()?;
    if state.format != FORMAT {
        return None;
    }
    let secret = UploadSecret::from_hex(&state.secret).ok()?;
    let mut sha256 = [0u8; 32];
    hex::decode_to_slice(&state.sha256, &mut sha256).ok()?;
    let length = fs::metadata(dir.join(CIPHERTEXT)).ok()?.len();
    (length == state.length).then_some(Kept {
        dir: dir.to_path_buf(),
        secret,
        digest: AttachmentDigest {
            size: state.size,
            sha256,
        },
        length,
    })
}

/// A kept upload being sealed: its folder and the ciphertext file.
pub(crate) struct Sealing {
    dir: PathBuf,
    /// Where to seal to (mode 0600).
    pub(crate) file: BufWriter<File>,
}

/// Begins keeping the upload named `key` in `folder`: a new folder (mode
/// 0700) with an empty ciphertext file (mode 0600).
pub(crate) fn begin(folder: &Path, key: &str) -> Result<Sealing> {
    let dir = folder.join(key);
    discard(&dir);
    fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .context("Could not create a folder for the upload.")?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(dir.join(CIPHERTEXT))
        .context("Could not create the encrypted copy for the upload.")?;
    Ok(Sealing {
        dir,
        file: BufWriter::new(file),
    })
}

impl Sealing {
    /// Records the secret and digest once the ciphertext is complete.
    pub(crate) fn complete(self, digest: &AttachmentDigest) -> Result<Kept> {
        let file = self
            .file
            .into_inner()
            .map_err(|e| e.into_error())
            .context("Could not write the encrypted copy for the upload.")?;
        file.sync_all()
            .context("Could not write the encrypted copy for the upload.")?;
        let length = file.metadata()?.len();
        let secret = UploadSecret::random();
        let state = State {
            format: FORMAT.to_owned(),
            secret: secret.to_hex().to_string(),
            size: digest.size,
            sha256: hex::encode(digest.sha256),
            length,
        };
        let json = Zeroizing::new(serde_json::to_vec(&state)?);
        let mut out = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(self.dir.join(STATE))
            .context("Could not record the upload.")?;
        out.write_all(&json)
            .and_then(|()| out.sync_all())
            .context("Could not record the upload.")?;
        Ok(Kept {
            dir: self.dir,
            secret,
            digest: *digest,
            length,
        })
    }

    /// Gives up on keeping it: deletes the folder.
    pub(crate) fn abandon(self) {
        discard(&self.dir);
    }
}

/// Deletes the kept uploads in `folder` older than the server keeps them.
pub(crate) fn expire(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > KEEP_FOR);
        if old {
            discard(&entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_upload_is_found_only_once_complete() {
        let folder = tempfile::tempdir().unwrap();
        let key = key("http://x/", "unit", 1, &[7; 32], "image/jpeg", "a.jpg");
        assert_eq!(key.len(), 64);
        assert!(find(folder.path(), &key).is_none());

        let mut sealing = begin(folder.path(), &key).unwrap();
        sealing.file.write_all(&[1; 5000]).unwrap();
        sealing.file.flush().unwrap();
        // Half-written: not found, and cleared away.
        assert!(find(folder.path(), &key).is_none());
        assert!(!folder.path().join(&key).exists());

        let mut sealing = begin(folder.path(), &key).unwrap();
        sealing.file.write_all(&[1; 5000]).unwrap();
        let digest = AttachmentDigest {
            size: 4000,
            sha256: [9; 32],
        };
        let kept = sealing.complete(&digest).unwrap();
        let secret = kept.secret.to_hex();
        let dir = folder.path().join(&key);
        for (file, mode) in [(dir.clone(), 0o700), (dir.join(CIPHERTEXT), 0o600)] {
            assert_eq!(fs::metadata(file).unwrap().mode() & 0o777, mode);
        }
        assert_eq!(fs::metadata(dir.join(STATE)).unwrap().mode() & 0o777, 0o600);

        let found = find(folder.path(), &key).unwrap();
        assert_eq!(found.secret.to_hex(), secret);
        assert_eq!(found.digest, digest);
        assert_eq!(found.length, 5000);
        found.discard();
        assert!(!dir.exists());
    }

    #[test]
    fn the_key_depends_on_everything_the_ciphertext_does() {
        let base = key("s", "u", 1, &[1; 32], "t", "n");
        for other in [
            key("s2", "u", 1, &[1; 32], "t", "n"),
            key("s", "u2", 1, &[1; 32], "t", "n"),
            key("s", "u", 2, &[1; 32], "t", "n"),
            key("s", "u", 1, &[2; 32], "t", "n"),
            key("s", "u", 1, &[1; 32], "t2", "n"),
            key("s", "u", 1, &[1; 32], "t", "n2"),
            key("su", "", 1, &[1; 32], "t", "n"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn old_kept_uploads_expire() {
        let folder = tempfile::tempdir().unwrap();
        let sealing = begin(folder.path(), "old").unwrap();
        let dir = folder.path().join("old");
        let long_ago = SystemTime::now() - KEEP_FOR - Duration::from_secs(60);
        File::open(&dir).unwrap().set_modified(long_ago).unwrap();
        drop(sealing);
        let _fresh = begin(folder.path(), "fresh").unwrap();
        expire(folder.path());
        assert!(!dir.exists());
        assert!(folder.path().join("fresh").exists());
    }
}
