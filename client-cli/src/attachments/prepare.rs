//! The decision: which files may be sent, what hidden information they
//! hold, what will be sent in its place and under which name.
//!
//! Nothing here touches the network or seals anything. Images and PDFs are
//! cleaned into memory (the metadata module bounds their size); other
//! files stay on disk and are read only when they are sealed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use sanctuary_crypto::message::MAX_MESSAGE_ATTACHMENTS;
use sanctuary_crypto::roster::Policy;
use zeroize::Zeroizing;

use super::findings::describe;
use crate::i18n::t;
use crate::metadata::{self, FileKind};
use crate::options::AttachOptions;
use crate::{names, output};

/// A file ready to be sealed: cleaned into memory, or read from disk.
pub(crate) struct Prepared {
    /// The path the person gave, for messages.
    pub(crate) path: PathBuf,
    /// The name sent in the message.
    pub(crate) name: String,
    /// The media type sent in the message.
    pub(crate) media_type: String,
    /// The exact number of bytes that will be sealed.
    pub(crate) size: u64,
    /// Where the bytes come from when it is sealed.
    pub(super) source: Source,
}

impl Prepared {
    /// A file already in memory (an attachment decrypted to be shared
    /// again, `case share`), sent as it is.
    pub(crate) fn in_memory(name: &str, media_type: &str, bytes: Zeroizing<Vec<u8>>) -> Self {
        Self {
            path: PathBuf::from(name),
            name: name.to_owned(),
            media_type: media_type.to_owned(),
            size: bytes.len() as u64,
            source: Source::Memory(Arc::new(bytes)),
        }
    }
}

/// Where the bytes to seal come from.
pub(super) enum Source {
    /// Cleaned bytes, shared so a retry can seal them again.
    Memory(Arc<Zeroizing<Vec<u8>>>),
    /// The file on disk, sent unchanged.
    Disk,
}

fn too_large(path: &Path, size: u64, policy: &Policy) -> anyhow::Error {
    anyhow!(t!(
        "attach-too-large",
        path = path.display().to_string(),
        max = output::size(policy.max_attachment_bytes),
        size = output::size(size)
    ))
}

/// Checks the number and sizes of files against the unit's policy, before
/// anything is read or sent.
pub(crate) fn check_policy(files: &[PathBuf], policy: &Policy) -> Result<()> {
    let max = (policy.max_attachments as usize).min(MAX_MESSAGE_ATTACHMENTS);
    if files.len() > max {
        bail!(t!("attach-too-many", max = max, given = files.len()));
    }
    for f in files {
        let size = file_size(f)?;
        if size > policy.max_attachment_bytes {
            return Err(too_large(f, size, policy));
        }
    }
    Ok(())
}

/// Checks every file for hidden metadata, tells the person what was found
/// (on stderr) and removes it unless `--keep-metadata`.
pub(crate) fn prepare(options: &AttachOptions, policy: &Policy) -> Result<Vec<Prepared>> {
    check_policy(&options.files, policy)?;
    let mut out = Vec::with_capacity(options.files.len());
    for (i, path) in options.files.iter().enumerate() {
        let item = prepare_one(path, i + 1, options)?;
        if item.size > policy.max_attachment_bytes {
            return Err(too_large(path, item.size, policy));
        }
        out.push(item);
    }
    Ok(out)
}

fn file_size(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .with_context(|| t!("attach-cannot-read", path = path.display().to_string()))?
        .len())
}

fn original_name(path: &Path) -> String {
    names::sanitize(
        &path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
    )
}

fn extension_of(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Checks one file (the `n`th) for hidden metadata, tells the person what
/// was found and decides what will be sent: the file unchanged, or its
/// cleaned copy in memory.
pub(super) fn prepare_one(path: &Path, n: usize, options: &AttachOptions) -> Result<Prepared> {
    let shown = path.display().to_string();
    let name_for = |ext: &str| {
        if options.keep_names {
            original_name(path)
        } else {
            names::neutral(n, ext)
        }
    };
    let inspection = match metadata::inspect(path) {
        Ok(i) => i,
        Err(e) => {
            if options.keep_metadata {
                output::note(&t!(
                    "attach-unreadable-kept",
                    path = shown.clone(),
                    reason = e.to_string()
                ));
                return Ok(Prepared {
                    path: path.to_path_buf(),
                    name: name_for(&extension_of(path)),
                    media_type: "application/octet-stream".to_owned(),
                    size: file_size(path)?,
                    source: Source::Disk,
                });
            }
            bail!(t!(
                "attach-unreadable-refused",
                path = shown,
                reason = e.to_string()
            ));
        }
    };
    let name = name_for(&inspection.extension);
    let unchanged = |size| Prepared {
        path: path.to_path_buf(),
        name: name.clone(),
        media_type: inspection.media_type.clone(),
        size,
        source: Source::Disk,
    };

    if inspection.kind == FileKind::Other && inspection.media_type == "text/plain" {
        output::note(&t!("attach-plain-text", path = shown));
        return Ok(unchanged(file_size(path)?));
    }
    if inspection.kind == FileKind::Other {
        output::note(&t!(
            "attach-other-kind",
            path = shown,
            media = inspection.media_type.clone()
        ));
        return Ok(unchanged(file_size(path)?));
    }
    if !inspection.cleanable && inspection.findings.is_empty() {
        // A photo or PDF that could not be read at all (too large, or a
        // password-protected PDF): empty findings mean "not checked", not
        // "clean".
        let why = inspection
            .not_cleanable_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        if options.keep_metadata {
            output::note(&t!("attach-unchecked-kept", path = shown, why = why));
            return Ok(unchanged(file_size(path)?));
        }
        bail!(t!("attach-unchecked-refused", path = shown, why = why));
    }
    if inspection.findings.is_empty() {
        output::note(&t!("attach-nothing-found", path = shown));
        return Ok(unchanged(file_size(path)?));
    }

    let mut lines = vec![t!("attach-found", path = shown.clone())];
    lines.extend(
        inspection
            .findings
            .iter()
            .map(|f| format!("  - {}", output::preview(&describe(&f.wording), 120))),
    );
    if options.keep_metadata {
        lines.push(format!("  {}", t!("attach-found-kept")));
        output::note(&lines.join("\n"));
        return Ok(unchanged(file_size(path)?));
    }
    if !inspection.cleanable {
        output::note(&lines.join("\n"));
        let why = inspection
            .not_cleanable_reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        bail!(t!("attach-cannot-remove", path = shown, why = why));
    }
    let mut cleaned = Zeroizing::new(Vec::new());
    metadata::clean(path, &mut *cleaned).map_err(|e| {
        anyhow!(t!(
            "attach-clean-failed",
            path = shown.clone(),
            reason = e.to_string()
        ))
    })?;
    lines.push(format!("  {}", t!("attach-will-remove")));
    lines.push(format!("  {}", t!("attach-evidence-hint")));
    output::note(&lines.join("\n"));
    Ok(Prepared {
        path: path.to_path_buf(),
        name,
        media_type: inspection.media_type.clone(),
        size: cleaned.len() as u64,
        source: Source::Memory(Arc::new(cleaned)),
    })
}
#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::fs::File;
    use std::io::Write;

    #[test]
    fn policy_limits_are_checked_before_sending() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.bin");
        std::fs::write(&big, vec![0u8; 2048]).unwrap();
        let policy = Policy {
            max_attachment_bytes: 1024,
            max_attachments: 1,
            ..Policy::default()
        };
        let err = check_policy(std::slice::from_ref(&big), &policy)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("too large for this unit: at most 1 KiB"),
            "{err}"
        );
        let err = check_policy(&[big.clone(), big], &policy)
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 1 file per message"), "{err}");
    }

    /// A photo too large to inspect has no findings because it was never
    /// read: it must not be sent as if it had been checked and found clean.
    #[test]
    fn regression_unchecked_photo_is_not_passed_as_clean() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.jpg");
        let file = File::create(&path).unwrap();
        Write::write_all(&mut &file, &[0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
        file.set_len(metadata::MAX_CLEANABLE_SIZE + 1).unwrap(); // sparse
        let mut options = AttachOptions {
            files: vec![path.clone()],
            keep_metadata: false,
            keep_names: false,
        };
        let err = prepare_one(&path, 1, &options).err().unwrap().to_string();
        assert!(err.contains("could not be checked"), "{err}");
        assert!(err.contains("Nothing was sent"), "{err}");
        options.keep_metadata = true;
        let item = prepare_one(&path, 1, &options).unwrap();
        assert_eq!(item.size, metadata::MAX_CLEANABLE_SIZE + 1);
    }
}
