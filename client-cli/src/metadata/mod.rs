//! Finding and removing identifying metadata from attachments.
//!
//! A photo's EXIF GPS position, a camera's serial number or a PDF's author
//! field can identify the person who reports a crime. Before an attachment
//! is sealed, the client calls [`inspect`] to tell the reporter, in plain
//! words, what the file gives away, and [`clean`] to write a copy without it.
//! This module only reads and writes bytes: it prints nothing and knows
//! nothing of the command line. Each [`Finding`] is a plain-English
//! sentence and the same in parts, a [`Wording`], that a caller can put in
//! another language.
//!
//! | Kind | What is removed | What is kept byte for byte |
//! | --- | --- | --- |
//! | JPEG | EXIF, XMP and every other `APP1`; IPTC/Photoshop (`APP13`); comments; `MPF`, `JFXX` thumbnails, C2PA and maker blocks (`APP3`–`APP12`, `APP15`); data after the end of the image | the scans (every byte from `SOS` to `EOI`), tables, `JFIF`, the ICC profile, `Adobe` |
//! | PNG | `eXIf`, `tEXt`, `zTXt`, `iTXt`, `tIME` and unknown ancillary chunks; data after `IEND` | `IHDR`, `PLTE`, `IDAT`, `IEND`, colour and animation chunks (`iCCP`, `sRGB`, `gAMA`, `pHYs`, `acTL`…) |
//! | WebP | `EXIF`, `XMP ` and unknown chunks (the `VP8X` flags are updated) | `VP8`/`VP8L`/`ALPH`/`ANIM`/`ANMF` image data, `ICCP` |
//! | PDF | the trailer's Info dictionary, every XMP `/Metadata` stream, `/PieceInfo`, the names and dates on comments and marks, metadata of JPEG pictures inside | the document, rewritten by `lopdf` |
//!
//! Images are never re-encoded. If the EXIF block said the picture must be
//! rotated to be shown upright, a new EXIF block holding only that
//! orientation replaces it, so the picture does not appear sideways.
//!
//! Anything else ([`FileKind::Other`]) is not cleanable: the caller must
//! warn that hidden metadata may remain. For HEIF/HEIC, AVIF and TIFF
//! photos the EXIF findings are still reported, so the reporter knows what
//! such a file would reveal.
//!
//! Files larger than [`MAX_CLEANABLE_SIZE`] are not loaded: they are
//! reported as not cleanable. Contents are untrusted: a damaged file gives
//! a [`MetadataError`], never a panic, and values quoted in findings are
//! stripped of control characters.
//!
//! ```
//! use sanctuary_cli::metadata::{self, FileKind};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! let photo = dir.path().join("holiday.jpg");
//! std::fs::write(&photo, metadata::fixtures::jpeg_with_metadata())?;
//!
//! let found = metadata::inspect(&photo)?;
//! assert_eq!(found.kind, FileKind::Jpeg);
//! assert!(found.cleanable);
//! assert!(found.findings.iter().any(|f| f.description.contains("51.5012° N, 0.1419° W")));
//!
//! let mut cleaned = Vec::new();
//! let report = metadata::clean(&photo, &mut cleaned)?;
//! assert_eq!(report.output_size, cleaned.len() as u64);
//! assert!(metadata::inspect_bytes(&cleaned)?.findings.is_empty());
//! # Ok(()) }
//! ```
//! (The example uses the `fixtures` feature.)

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use img_parts::Bytes;

pub(crate) mod detect;
mod error;
mod exif;
mod findings;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
mod jpeg;
mod pdf;
mod png;
mod text;
mod webp;
mod wording;
mod xmp;

pub use error::MetadataError;
pub use findings::{Finding, FindingCategory};
pub use wording::{Block, Counted, Label, Sentence, Wording};

/// Files larger than this (256 MiB) are neither inspected nor cleaned.
///
/// Cleaning holds the file and its cleaned copy in memory (a PDF also its
/// parsed objects, a few times the file's size), so the limit bounds
/// memory use. Real photos and documents are far smaller; a larger file is
/// most likely a video, which is not cleanable anyway.
pub const MAX_CLEANABLE_SIZE: u64 = 256 * 1024 * 1024;

/// The kind of a file, detected from its first bytes, never its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A JPEG image (`FF D8 FF`).
    Jpeg,
    /// A PNG image.
    Png,
    /// A WebP image (`RIFF` … `WEBP`).
    Webp,
    /// A PDF document (`%PDF-` near the start).
    Pdf,
    /// Anything else: its metadata cannot be removed.
    Other,
}

impl FileKind {
    /// The media type of a cleanable kind, `None` for [`FileKind::Other`].
    pub fn media_type(self) -> Option<&'static str> {
        match self {
            Self::Jpeg => Some("image/jpeg"),
            Self::Png => Some("image/png"),
            Self::Webp => Some("image/webp"),
            Self::Pdf => Some("application/pdf"),
            Self::Other => None,
        }
    }

    /// The usual file name extension of a cleanable kind, without a dot.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Self::Jpeg => Some("jpg"),
            Self::Png => Some("png"),
            Self::Webp => Some("webp"),
            Self::Pdf => Some("pdf"),
            Self::Other => None,
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Jpeg => "JPEG",
            Self::Png => "PNG",
            Self::Webp => "WebP",
            Self::Pdf => "PDF",
            Self::Other => "other",
        })
    }
}

/// What [`inspect`] learnt about a file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Inspection {
    /// The kind detected from the first bytes.
    pub kind: FileKind,
    /// The media type, e.g. `image/jpeg`. For [`FileKind::Other`] it is
    /// guessed from the first bytes, then the name's extension, else
    /// `application/octet-stream`.
    pub media_type: String,
    /// A lowercase extension without a dot (`jpg`, `png`, `pdf`, `mp4`…,
    /// `bin` when unknown), for the neutral name the file is sent under.
    pub extension: String,
    /// The file's size in bytes.
    pub size: u64,
    /// The identifying metadata found, most revealing first. Empty when
    /// nothing was found, or when the file could not be checked (see
    /// `cleanable`).
    pub findings: Vec<Finding>,
    /// Whether [`clean`] can remove the metadata of this file.
    pub cleanable: bool,
    /// When `cleanable` is false, why, in plain English.
    pub not_cleanable_reason: Option<String>,
}

/// What [`clean`] removed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CleanReport {
    /// The kind of file that was cleaned.
    pub kind: FileKind,
    /// The findings that are no longer in the cleaned file.
    pub removed: Vec<Finding>,
    /// The size of the original file in bytes.
    pub input_size: u64,
    /// The size of the cleaned file in bytes, as written to the output.
    pub output_size: u64,
}

impl CleanReport {
    /// How many findings were removed in each category, most revealing
    /// category first; categories with none are left out.
    pub fn counts_by_category(&self) -> Vec<(FindingCategory, usize)> {
        let mut counts: Vec<(FindingCategory, usize)> = Vec::new();
        for finding in &self.removed {
            match counts.iter_mut().find(|(c, _)| *c == finding.category) {
                Some((_, n)) => *n += 1,
                None => counts.push((finding.category, 1)),
            }
        }
        counts.sort_by_key(|&(category, _)| category);
        counts
    }
}

/// Finds the identifying metadata in the file at `path`.
///
/// Only the first bytes of a file of kind [`FileKind::Other`] are read, so
/// this is cheap for videos and archives (HEIF/HEIC, AVIF and TIFF photos
/// are also searched for EXIF, to report what they reveal); other kinds up
/// to [`MAX_CLEANABLE_SIZE`] are read whole. A file over the limit, or an
/// encrypted PDF, is reported with `cleanable: false` and a reason.
///
/// # Errors
///
/// [`MetadataError::Read`] if the file cannot be read, and
/// [`MetadataError::Corrupt`] if it is a damaged JPEG, PNG, WebP or PDF.
pub fn inspect(path: &Path) -> Result<Inspection, MetadataError> {
    let read_error = |source| MetadataError::Read {
        path: path.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    let mut head = Vec::with_capacity(detect::HEAD_LEN);
    (&mut file)
        .take(detect::HEAD_LEN as u64)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let kind = detect::kind_of(&head);
    let extension_hint = path.extension().and_then(|e| e.to_str());

    if kind == FileKind::Other {
        let mut inspection = other_inspection(&head, extension_hint, size);
        if size <= MAX_CLEANABLE_SIZE && exif::may_have_container_exif(&inspection.media_type) {
            inspection.findings = guarded(kind, || {
                let mut file = io::BufReader::new(File::open(path).map_err(read_error)?);
                Ok(exif::container_findings(&mut file))
            })
            .unwrap_or_default();
        }
        return Ok(inspection);
    }
    if size > MAX_CLEANABLE_SIZE {
        return Ok(too_large_inspection(kind, size));
    }
    let data = read_bounded(file, path, size)?;
    inspect_known(kind, data)
}

/// Like [`inspect`], for a file already in memory.
///
/// # Errors
///
/// [`MetadataError::Corrupt`] if it is a damaged JPEG, PNG, WebP or PDF.
pub fn inspect_bytes(data: &[u8]) -> Result<Inspection, MetadataError> {
    let kind = detect::kind_of(data);
    let size = data.len() as u64;
    if kind == FileKind::Other {
        let mut inspection = other_inspection(data, None, size);
        if size <= MAX_CLEANABLE_SIZE && exif::may_have_container_exif(&inspection.media_type) {
            inspection.findings = guarded(kind, || {
                Ok(exif::container_findings(&mut io::Cursor::new(data)))
            })
            .unwrap_or_default();
        }
        return Ok(inspection);
    }
    if size > MAX_CLEANABLE_SIZE {
        return Ok(too_large_inspection(kind, size));
    }
    inspect_known(kind, Bytes::copy_from_slice(data))
}

/// Writes a copy of the file at `input` without its identifying metadata
/// to `output`, and says what was removed.
///
/// The cleaned copy is built in memory and inspected again before anything
/// is written: if any finding remained, nothing is written and
/// [`MetadataError::Incomplete`] is returned.
///
/// # Errors
///
/// [`MetadataError::Read`] or [`MetadataError::Write`] on I/O errors;
/// [`MetadataError::TooLarge`] over [`MAX_CLEANABLE_SIZE`];
/// [`MetadataError::Unsupported`] for [`FileKind::Other`];
/// [`MetadataError::Encrypted`] for a password-protected PDF;
/// [`MetadataError::Corrupt`] for a damaged file.
pub fn clean(input: &Path, output: &mut impl Write) -> Result<CleanReport, MetadataError> {
    let read_error = |source| MetadataError::Read {
        path: input.to_owned(),
        source,
    };
    let file = File::open(input).map_err(read_error)?;
    let size = file.metadata().map_err(read_error)?.len();
    if size > MAX_CLEANABLE_SIZE {
        let mut head = Vec::new();
        file.take(detect::HEAD_LEN as u64)
            .read_to_end(&mut head)
            .map_err(read_error)?;
        let kind = detect::kind_of(&head);
        if kind == FileKind::Other {
            let (media_type, _) =
                detect::guess_other(&head, input.extension().and_then(|e| e.to_str()));
            return Err(MetadataError::Unsupported { media_type });
        }
        return Err(MetadataError::TooLarge {
            size,
            limit: MAX_CLEANABLE_SIZE,
        });
    }
    let data = read_bounded(file, input, size)?;
    let kind = detect::kind_of(&data);
    if kind == FileKind::Other {
        let (media_type, _) =
            detect::guess_other(&data, input.extension().and_then(|e| e.to_str()));
        return Err(MetadataError::Unsupported { media_type });
    }
    let (cleaned, report) = clean_known(kind, data)?;
    output.write_all(&cleaned).map_err(MetadataError::Write)?;
    Ok(report)
}

/// Like [`clean`], for a file already in memory: returns the cleaned bytes.
///
/// # Errors
///
/// As [`clean`], less the I/O errors.
pub fn clean_bytes(data: &[u8]) -> Result<(Vec<u8>, CleanReport), MetadataError> {
    let size = data.len() as u64;
    let kind = detect::kind_of(data);
    if kind == FileKind::Other {
        let (media_type, _) = detect::guess_other(data, None);
        return Err(MetadataError::Unsupported { media_type });
    }
    if size > MAX_CLEANABLE_SIZE {
        return Err(MetadataError::TooLarge {
            size,
            limit: MAX_CLEANABLE_SIZE,
        });
    }
    let (cleaned, report) = clean_known(kind, Bytes::copy_from_slice(data))?;
    Ok((cleaned.to_vec(), report))
}

/// Reads a file of at most [`MAX_CLEANABLE_SIZE`] bytes, failing if it grew
/// past the limit since its size was checked.
fn read_bounded(file: File, path: &Path, size: u64) -> Result<Bytes, MetadataError> {
    let mut data = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let mut file = file;
    // Start from the beginning: `inspect` already read the first bytes.
    io::Seek::rewind(&mut file)
        .and_then(|()| file.take(MAX_CLEANABLE_SIZE + 1).read_to_end(&mut data))
        .map_err(|source| MetadataError::Read {
            path: path.to_owned(),
            source,
        })?;
    if data.len() as u64 > MAX_CLEANABLE_SIZE {
        return Err(MetadataError::TooLarge {
            size: data.len() as u64,
            limit: MAX_CLEANABLE_SIZE,
        });
    }
    Ok(Bytes::from(data))
}

/// The inspection of a cleanable kind of file that is in memory.
fn inspect_known(kind: FileKind, data: Bytes) -> Result<Inspection, MetadataError> {
    let size = data.len() as u64;
    let (findings, not_cleanable_reason) = match findings_of(kind, data) {
        Ok(findings) => (findings, None),
        Err(MetadataError::Encrypted) => (
            Vec::new(),
            Some(
                "The PDF is password-protected, so its hidden details cannot be checked or removed."
                    .to_owned(),
            ),
        ),
        Err(e) => return Err(e),
    };
    Ok(Inspection {
        kind,
        media_type: kind.media_type().unwrap_or(detect::OCTET_STREAM).to_owned(),
        extension: kind.extension().unwrap_or("bin").to_owned(),
        size,
        findings,
        cleanable: not_cleanable_reason.is_none(),
        not_cleanable_reason,
    })
}

/// The findings in a file of a cleanable kind.
fn findings_of(kind: FileKind, data: Bytes) -> Result<Vec<Finding>, MetadataError> {
    let findings = guarded(kind, || match kind {
        FileKind::Jpeg => jpeg::plan(data).map(|plan| plan.removed.into_vec()),
        FileKind::Png => png::plan(data).map(|plan| plan.removed.into_vec()),
        FileKind::Webp => webp::plan(data).map(|plan| plan.removed.into_vec()),
        FileKind::Pdf => pdf::inspect(&data),
        FileKind::Other => Ok(Vec::new()),
    })?;
    Ok(findings)
}

/// Cleans a file of a cleanable kind and checks the result.
fn clean_known(kind: FileKind, data: Bytes) -> Result<(Bytes, CleanReport), MetadataError> {
    let input_size = data.len() as u64;
    let (cleaned, removed) = guarded(kind, || match kind {
        FileKind::Jpeg => jpeg::plan(data).map(jpeg::Plan::into_cleaned),
        FileKind::Png => png::plan(data).map(png::Plan::into_cleaned),
        FileKind::Webp => webp::plan(data).map(webp::Plan::into_cleaned),
        FileKind::Pdf => pdf::clean(&data),
        FileKind::Other => Err(MetadataError::Unsupported {
            media_type: detect::OCTET_STREAM.to_owned(),
        }),
    })?;
    let remaining = findings_of(kind, cleaned.clone())?;
    if !remaining.is_empty() {
        return Err(MetadataError::Incomplete {
            remaining: remaining.len(),
        });
    }
    let report = CleanReport {
        kind,
        removed,
        input_size,
        output_size: cleaned.len() as u64,
    };
    Ok((cleaned, report))
}

/// The inspection of a file whose metadata cannot be removed.
fn other_inspection(head: &[u8], extension_hint: Option<&str>, size: u64) -> Inspection {
    let (media_type, extension) = detect::guess_other(head, extension_hint);
    Inspection {
        kind: FileKind::Other,
        not_cleanable_reason: Some(format!(
            "Sanctuary cannot remove hidden details from this kind of file ({media_type}), so some may remain."
        )),
        media_type,
        extension,
        size,
        findings: Vec::new(),
        cleanable: false,
    }
}

/// The inspection of a file over [`MAX_CLEANABLE_SIZE`].
fn too_large_inspection(kind: FileKind, size: u64) -> Inspection {
    Inspection {
        kind,
        media_type: kind.media_type().unwrap_or(detect::OCTET_STREAM).to_owned(),
        extension: kind.extension().unwrap_or("bin").to_owned(),
        size,
        findings: Vec::new(),
        cleanable: false,
        not_cleanable_reason: Some(format!(
            "The file is larger than {} MiB, too large to check for hidden details, so some may remain.",
            MAX_CLEANABLE_SIZE / (1024 * 1024)
        )),
    }
}

/// Runs a format library on untrusted bytes, turning a panic inside it
/// into [`MetadataError::Corrupt`] rather than taking the client down.
fn guarded<T>(
    kind: FileKind,
    work: impl FnOnce() -> Result<T, MetadataError>,
) -> Result<T, MetadataError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|_| {
        Err(MetadataError::corrupt(
            kind,
            "the file could not be read safely",
        ))
    })
}
