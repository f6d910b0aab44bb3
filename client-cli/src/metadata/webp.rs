//! WebP: the `EXIF` and `XMP ` chunks (and unknown ones) are removed with
//! `img-parts` and the `VP8X` flags updated; the image chunks are kept byte
//! for byte.

use img_parts::Bytes;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;

use super::exif::{self, ExifSummary};
use super::findings::FindingList;
use super::text::{self, human_size};
use super::wording::{Block, Wording};
use super::{FileKind, Finding, FindingCategory, MetadataError, xmp};

/// Chunks that make up the picture.
const KEPT: &[&[u8; 4]] = &[
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// The most chunks a WebP may have (an animation has one per frame), a
/// bound on the memory a crafted file of tiny chunks costs once parsed.
const MAX_CHUNKS: usize = 1_000_000;

/// `VP8X` flag: the file has an EXIF chunk.
const EXIF_FLAG: u8 = 0b0000_1000;
/// `VP8X` flag: the file has an XMP chunk.
const XMP_FLAG: u8 = 0b0000_0100;

/// A WebP with its metadata chunks taken out, and what they revealed.
pub(crate) struct Plan {
    webp: WebP,
    /// What the removed chunks revealed.
    pub(crate) removed: FindingList,
}

impl Plan {
    /// The cleaned file and the findings it no longer has.
    pub(crate) fn into_cleaned(self) -> (Bytes, Vec<Finding>) {
        (self.webp.encoder().bytes(), self.removed.into_vec())
    }
}

/// Finds the metadata of a WebP and plans its removal.
pub(crate) fn plan(data: Bytes) -> Result<Plan, MetadataError> {
    let total = data.len();
    if too_many_chunks(&data) {
        return Err(MetadataError::corrupt(
            FileKind::Webp,
            "it has too many blocks",
        ));
    }
    let mut webp = WebP::from_bytes(data).map_err(|e| {
        MetadataError::corrupt_from(FileKind::Webp, "its structure could not be read", e)
    })?;
    let has_image = webp
        .chunks()
        .iter()
        .any(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ANMF"));
    if !has_image {
        return Err(MetadataError::corrupt(
            FileKind::Webp,
            "it holds no image data",
        ));
    }

    let mut removed = FindingList::default();
    let mut kept = Vec::with_capacity(webp.chunks().len());
    let mut orientation_done = false;
    for chunk in webp.chunks() {
        let id = chunk.id();
        if KEPT.contains(&&id) {
            kept.push(chunk.clone());
            continue;
        }
        let summary = classify(
            id,
            chunk.content().data().map(|d| &d[..]).unwrap_or_default(),
        );
        if let (false, Some(o)) = (orientation_done, summary.orientation) {
            orientation_done = true;
            let tiff = Bytes::from(exif::orientation_only(o));
            kept.push(RiffChunk::new(*b"EXIF", RiffContent::Data(tiff)));
        }
        removed.extend(summary.findings);
    }
    let has_exif = kept.iter().any(|c| &c.id() == b"EXIF");
    let has_xmp = kept.iter().any(|c| &c.id() == b"XMP ");
    for chunk in &mut kept {
        if &chunk.id() == b"VP8X" {
            set_flags(chunk, has_exif, has_xmp);
        }
    }

    // The RIFF header is 8 bytes, then its declared size.
    let trailing_len = total.saturating_sub(webp.len() as usize);
    if trailing_len > 0 {
        removed.push(Finding::new(
            FindingCategory::Other,
            Wording::Trailing(human_size(trailing_len), false),
        ));
    }
    *webp.chunks_mut() = kept;
    Ok(Plan { webp, removed })
}

/// Counts the chunks after the 12-byte RIFF header (id, little-endian
/// size, data, padding to an even size) up to [`MAX_CHUNKS`].
fn too_many_chunks(data: &[u8]) -> bool {
    let mut at = 12_usize;
    for _ in 0..=MAX_CHUNKS {
        let Some(&[a, b, c, d]) = at.checked_add(8).and_then(|end| data.get(end - 4..end)) else {
            return false;
        };
        let size = u32::from_le_bytes([a, b, c, d]) as usize;
        let padded = size.checked_add(size % 2);
        at = match padded.and_then(|p| at.checked_add(8)?.checked_add(p)) {
            Some(next) => next,
            None => return false,
        };
    }
    true
}

/// Sets the EXIF and XMP flags of a `VP8X` chunk to match the chunks left.
fn set_flags(vp8x: &mut RiffChunk, has_exif: bool, has_xmp: bool) {
    let RiffContent::Data(data) = vp8x.content_mut() else {
        return;
    };
    let Some(&flags) = data.first() else {
        return;
    };
    let mut wanted = flags & !(EXIF_FLAG | XMP_FLAG);
    if has_exif {
        wanted |= EXIF_FLAG;
    }
    if has_xmp {
        wanted |= XMP_FLAG;
    }
    if wanted != flags {
        let mut bytes = data.to_vec();
        bytes[0] = wanted;
        *data = Bytes::from(bytes);
    }
}

/// What a removed chunk reveals.
fn classify(id: [u8; 4], contents: &[u8]) -> ExifSummary {
    match &id {
        b"EXIF" => exif::read(exif::strip_prefix(contents)),
        b"XMP " => ExifSummary {
            findings: xmp::findings(contents),
            orientation: None,
        },
        _ => ExifSummary {
            findings: vec![Finding::new(
                FindingCategory::Other,
                Wording::UnknownBlock(
                    Block::Webp,
                    text::clean_value(&String::from_utf8_lossy(&id)),
                ),
            )],
            orientation: None,
        },
    }
}
