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

/// Where the bytes to seal come from.
pub(super) enum Source {
    /// Cleaned bytes, shared so a retry can seal them again.
    Memory(Arc<Zeroizing<Vec<u8>>>),
    /// The file on disk, sent unchanged.
    Disk,
}

fn too_large(path: &Path, size: u64, policy: &Policy) -> anyhow::Error {
    anyhow!(
        "{} is too large for this unit: at most {} per file, and it is {}. Nothing was sent. \
         Send a smaller or shorter version, or split it.",
        path.display(),
        output::size(policy.max_attachment_bytes),
        output::size(size)
    )
}

/// Checks the number and sizes of files against the unit's policy, before
/// anything is read or sent.
pub(crate) fn check_policy(files: &[PathBuf], policy: &Policy) -> Result<()> {
    let max = (policy.max_attachments as usize).min(MAX_MESSAGE_ATTACHMENTS);
    if files.len() > max {
        bail!(
            "This unit accepts at most {} per message, and you gave {}. Nothing was sent. \
             Send the others in a follow-up (sanctuary report follow-up).",
            output::plural(max, "file", "files"),
            files.len()
        );
    }
    for f in files {
        let size = std::fs::metadata(f)
            .with_context(|| format!("Cannot read {}. Nothing was sent.", f.display()))?
            .len();
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
        .with_context(|| format!("Cannot read {}. Nothing was sent.", path.display()))?
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
                output::note(&format!(
                    "{shown}: could not be checked for hidden information ({e}). It will be \
                     sent unchanged, as you asked (--keep-metadata)."
                ));
                return Ok(Prepared {
                    path: path.to_path_buf(),
                    name: name_for(&extension_of(path)),
                    media_type: "application/octet-stream".to_owned(),
                    size: file_size(path)?,
                    source: Source::Disk,
                });
            }
            bail!(
                "{shown} could not be checked for hidden information ({e}). Nothing was sent. \
                 Send another copy of the file, or, if you accept that hidden details such as \
                 a location or a device name may be sent, use --keep-metadata."
            );
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
        output::note(&format!(
            "{shown}: a plain text file has no hidden information, but check that the text \
             itself does not name you. It will be sent as it is."
        ));
        return Ok(unchanged(file_size(path)?));
    }
    if inspection.kind == FileKind::Other {
        output::note(&format!(
            "{shown}: this kind of file ({}) cannot be checked. It may contain hidden \
             information, such as where or when it was made, or the device used. It will be \
             sent as it is.",
            inspection.media_type
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
            output::note(&format!(
                "{shown}: could not be checked for hidden information{why}. It will be sent \
                 as it is, because you used --keep-metadata."
            ));
            return Ok(unchanged(file_size(path)?));
        }
        bail!(
            "{shown} could not be checked for hidden information{why}. It may contain details \
             such as a location, a name or the device used. Nothing was sent. Send another \
             copy of the file (for example a screenshot of it), or use --keep-metadata to \
             send it as it is."
        );
    }
    if inspection.findings.is_empty() {
        output::note(&format!("{shown}: no hidden information found."));
        return Ok(unchanged(file_size(path)?));
    }

    let mut lines = vec![format!(
        "{shown}: this file contains hidden information that could identify you:"
    )];
    lines.extend(
        inspection
            .findings
            .iter()
            .map(|f| format!("  - {}", output::preview(&f.description, 120))),
    );
    if options.keep_metadata {
        lines.push("  It will be sent unchanged, because you used --keep-metadata.".to_owned());
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
        bail!(
            "The hidden information cannot be removed from {shown}{why}. Nothing was sent. Send \
             another copy of the file (for example a screenshot of it), or, if this \
             information is evidence you want the unit to have, use --keep-metadata."
        );
    }
    let mut cleaned = Zeroizing::new(Vec::new());
    metadata::clean(path, &mut *cleaned).map_err(|e| {
        anyhow!(
            "Could not remove the hidden information from {shown} ({e}). Nothing was sent. \
             Send another copy of the file, or use --keep-metadata to send it unchanged."
        )
    })?;
    lines.push(
        "  It will be removed before sending. The picture or document itself is not changed."
            .to_owned(),
    );
    lines.push(
        "  (If this information is evidence, send the file with --keep-metadata.)".to_owned(),
    );
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
