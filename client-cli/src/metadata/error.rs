//! The errors of [`inspect`](super::inspect) and [`clean`](super::clean).

use std::io;
use std::path::PathBuf;

use super::FileKind;

/// The underlying error of a format library, kept as the error's `source()`.
pub(crate) type BoxedSource = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why an attachment could not be inspected or cleaned.
///
/// The messages are short and factual; the caller adds what the person
/// should do next (for example, offer `--keep-metadata` or another file).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// The file could not be opened or read.
    #[error("could not read {}", path.display())]
    Read {
        /// The file that was being read.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },

    /// The cleaned file could not be written to the output.
    #[error("could not write the cleaned file")]
    Write(#[source] io::Error),

    /// The file is larger than [`MAX_CLEANABLE_SIZE`](super::MAX_CLEANABLE_SIZE),
    /// so it was not loaded into memory.
    #[error(
        "the file is too large to check for hidden details ({size} bytes, the limit is {limit})"
    )]
    TooLarge {
        /// The size of the file in bytes.
        size: u64,
        /// The largest size that is inspected and cleaned.
        limit: u64,
    },

    /// The file is of a kind ([`FileKind::Other`]) whose metadata this
    /// module cannot remove.
    #[error("hidden details cannot be removed from this kind of file ({media_type})")]
    Unsupported {
        /// The guessed media type, e.g. `video/mp4`.
        media_type: String,
    },

    /// The PDF is encrypted (password-protected), so its metadata can be
    /// neither read reliably nor removed.
    #[error("the PDF is password-protected, so its hidden details cannot be checked or removed")]
    Encrypted,

    /// The file claims to be of `kind` but is damaged, truncated or not
    /// understood by the format library.
    #[error("the {kind} file is damaged or incomplete: {reason}")]
    Corrupt {
        /// The kind the file's first bytes announced.
        kind: FileKind,
        /// A short description of the problem.
        reason: String,
        /// The format library's own error, when there is one.
        #[source]
        source: Option<BoxedSource>,
    },

    /// After cleaning, the result was inspected again and still contained
    /// identifying metadata, so nothing was written. This happens when a
    /// part of the file that carries metadata could not be cleaned (such as
    /// a damaged picture inside a PDF), or would be a bug in this module;
    /// either way it is reported instead of sending a file that is not
    /// clean.
    #[error("the file could not be fully cleaned ({remaining} hidden details remained)")]
    Incomplete {
        /// How many findings the cleaned result still had.
        remaining: usize,
    },
}

impl MetadataError {
    /// A [`MetadataError::Corrupt`] without an underlying error.
    pub(crate) fn corrupt(kind: FileKind, reason: impl Into<String>) -> Self {
        Self::Corrupt {
            kind,
            reason: reason.into(),
            source: None,
        }
    }

    /// A [`MetadataError::Corrupt`] caused by a format library's error.
    pub(crate) fn corrupt_from(
        kind: FileKind,
        reason: impl Into<String>,
        source: impl Into<BoxedSource>,
    ) -> Self {
        Self::Corrupt {
            kind,
            reason: reason.into(),
            source: Some(source.into()),
        }
    }
}
