//! JPEG: metadata segments are removed with `img-parts`; the image data is
//! kept byte for byte.
//!
//! `img-parts` parses the segments up to the first scan (`SOS`) and keeps
//! the rest of the file as that scan's data. That rest is walked here
//! marker by marker only to find where the image ends (`EOI`), so that
//! data appended after it (a second picture, a "motion photo" video) and
//! metadata segments between the scans of a progressive JPEG are not
//! carried along.

use std::ops::Range;

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};

use super::exif::{self, EXIF_PREFIX, ExifSummary};
use super::findings::FindingList;
use super::text::{human_size, labelled};
use super::wording::{Block, Label, Sentence, Wording};
use super::{FileKind, Finding, FindingCategory, MetadataError, xmp};

/// The most marker segments a JPEG may have. Real ones have a few dozen;
/// the limit keeps a crafted file of tiny segments from costing gigabytes
/// once parsed.
const MAX_SEGMENTS: usize = 100_000;

const XMP_PREFIX: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION_PREFIX: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";

/// A JPEG with its metadata segments taken out, and what they revealed.
pub(crate) struct Plan {
    jpeg: Jpeg,
    /// What the removed segments revealed.
    pub(crate) removed: FindingList,
}

impl Plan {
    /// The cleaned file and the findings it no longer has.
    pub(crate) fn into_cleaned(self) -> (Bytes, Vec<Finding>) {
        (self.jpeg.encoder().bytes(), self.removed.into_vec())
    }
}

fn corrupt(reason: &str) -> MetadataError {
    MetadataError::corrupt(FileKind::Jpeg, reason)
}

/// Finds the metadata of a JPEG and plans its removal.
pub(crate) fn plan(data: Bytes) -> Result<Plan, MetadataError> {
    // Check the whole structure, and the number of segments, first.
    walk_scans(data.get(2..).unwrap_or_default()).map_err(corrupt)?;
    let mut jpeg = Jpeg::from_bytes(data).map_err(|e| {
        MetadataError::corrupt_from(FileKind::Jpeg, "its structure could not be read", e)
    })?;
    let mut kept: Vec<JpegSegment> = Vec::new();
    let mut removed = FindingList::default();
    let mut orientation: Option<(usize, u16)> = None;
    let mut scan = None;
    for segment in jpeg.segments() {
        if segment.has_entropy() {
            scan = Some(segment.clone());
            break;
        }
        match classify(segment.marker(), segment.contents()) {
            None => kept.push(segment.clone()),
            Some(summary) => {
                if let (None, Some(o)) = (orientation, summary.orientation) {
                    orientation = Some((kept.len(), o));
                }
                removed.extend(summary.findings);
            }
        }
    }
    let scan = scan.ok_or_else(|| corrupt("it holds no image data"))?;
    let rest = scan
        .clone()
        .encoder()
        .last()
        .ok_or_else(|| corrupt("it holds no image data"))?;
    let image = image_data(&rest, &mut removed)?;

    if let Some((at, o)) = orientation {
        let contents = [EXIF_PREFIX, &exif::orientation_only(o)].concat();
        kept.insert(
            at,
            JpegSegment::new_with_contents(markers::APP1, Bytes::from(contents)),
        );
    }
    kept.push(JpegSegment::new_with_entropy(
        markers::SOS,
        scan.contents().clone(),
        image,
    ));
    *jpeg.segments_mut() = kept;
    Ok(Plan { jpeg, removed })
}

/// The image data from the first scan to `EOI` included, without the
/// metadata segments between scans; what lies after `EOI` is dropped.
fn image_data(rest: &Bytes, removed: &mut FindingList) -> Result<Bytes, MetadataError> {
    let tail = walk_scans(rest).map_err(corrupt)?;
    let mut pieces = Vec::new();
    let mut cursor = 0;
    for (marker, range) in tail.segments {
        let contents = rest.get(range.start + 4..range.end).unwrap_or_default();
        if let Some(summary) = classify(marker, contents) {
            removed.extend(summary.findings);
            pieces.push(rest.slice(cursor..range.start));
            cursor = range.end;
        }
    }
    let trailing = rest.get(tail.end..).unwrap_or_default();
    if trailing.iter().any(|&b| b != 0x00 && b != 0xFF) {
        removed.push(Finding::new(
            FindingCategory::Other,
            Wording::Trailing(human_size(trailing.len()), true),
        ));
    }
    if pieces.is_empty() {
        return Ok(rest.slice(..tail.end));
    }
    pieces.push(rest.slice(cursor..tail.end));
    Ok(Bytes::from(pieces.concat()))
}

/// Where the image data ends, and the marker segments between its scans.
#[derive(Debug, PartialEq, Eq)]
struct Tail {
    /// The length of the image data, up to and including `EOI`.
    end: usize,
    /// Each segment between scans: its marker and its bytes (from `FF`).
    segments: Vec<(u8, Range<usize>)>,
}

/// Walks entropy-coded data and marker segments until `EOI`.
///
/// In entropy-coded data `FF` is followed by `00` (a stuffed byte), a
/// restart marker `D0`–`D7`, or `FF` (fill); any other byte is a marker.
fn walk_scans(data: &[u8]) -> Result<Tail, &'static str> {
    const TRUNCATED: &str = "the image data ends too early";
    let mut segments = Vec::new();
    let mut i = 0;
    loop {
        let ff = data
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| b == 0xFF))
            .ok_or(TRUNCATED)?;
        let p = i + ff;
        let marker = *data.get(p + 1).ok_or(TRUNCATED)?;
        match marker {
            0x00 | markers::RST0..=markers::RST7 => i = p + 2,
            0xFF => i = p + 1,
            markers::EOI => {
                return Ok(Tail {
                    end: p + 2,
                    segments,
                });
            }
            markers::SOI => return Err("it holds a second start of image inside the first"),
            m if has_length(m) => {
                let length = match data.get(p + 2..p + 4) {
                    Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
                    _ => return Err(TRUNCATED),
                };
                if length < 2 {
                    return Err("a segment has an impossible length");
                }
                let end = p + 2 + length;
                if end > data.len() {
                    return Err(TRUNCATED);
                }
                if segments.len() >= MAX_SEGMENTS {
                    return Err("it has too many blocks");
                }
                segments.push((m, p..end));
                i = end;
            }
            // TEM and reserved markers carry no data.
            _ => i = p + 2,
        }
    }
}

/// Markers followed by a two-byte length.
fn has_length(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF | 0xDA..=0xDF | 0xE0..=0xEF | 0xF0..=0xFD | markers::COM)
}

/// `None` to keep a segment; otherwise what it reveals, and removal.
fn classify(marker: u8, contents: &[u8]) -> Option<ExifSummary> {
    use FindingCategory as C;
    let only = |category, sentence: Sentence| {
        Some(ExifSummary {
            findings: vec![Finding::new(category, Wording::Sentence(sentence))],
            orientation: None,
        })
    };
    match marker {
        markers::APP0 if contents.starts_with(b"JFIF\0") => None,
        markers::APP0 if contents.starts_with(b"JFXX\0") => only(C::Other, Sentence::Thumbnail),
        markers::APP1 => {
            if let Some(tiff) = contents.strip_prefix(EXIF_PREFIX) {
                Some(exif::read(tiff))
            } else if let Some(packet) = contents.strip_prefix(XMP_PREFIX) {
                Some(ExifSummary {
                    findings: xmp::findings(packet),
                    orientation: None,
                })
            } else if contents.starts_with(XMP_EXTENSION_PREFIX) {
                only(C::Other, Sentence::ExtendedXmp)
            } else {
                unknown(marker)
            }
        }
        markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => None,
        markers::APP2 if contents.starts_with(b"MPF\0") => only(C::Other, Sentence::PictureIndex),
        markers::APP11 if contents.starts_with(b"JP") => {
            only(C::Other, Sentence::ContentCredentials)
        }
        markers::APP13 => only(C::Other, Sentence::PhotoshopIptc),
        markers::APP14 if contents.starts_with(b"Adobe") => None,
        markers::APP0..=markers::APP15 => unknown(marker),
        markers::COM => Some(ExifSummary {
            findings: labelled(Label::Comment, &String::from_utf8_lossy(contents))
                .map(|d| Finding::new(C::Other, d))
                .into_iter()
                .collect(),
            orientation: None,
        }),
        _ => None,
    }
}

/// An application segment of unknown purpose: removed, since nothing
/// needed to show the picture lives there.
fn unknown(marker: u8) -> Option<ExifSummary> {
    Some(ExifSummary {
        findings: vec![Finding::new(
            FindingCategory::Other,
            Wording::UnknownBlock(Block::Jpeg, marker.wrapping_sub(markers::APP0).to_string()),
        )],
        orientation: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_stops_at_eoi_past_stuffed_bytes_restarts_and_tables() {
        // scan data with a stuffed FF 00 and RST0, a DHT between scans,
        // a second SOS, fill bytes, EOI, then a trailer with its own EOI.
        let data = [
            0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, // first scan
            0xFF, 0xC4, 0x00, 0x03, 0xAA, // DHT
            0xFF, 0xDA, 0x00, 0x02, 0x78, // SOS, second scan
            0xFF, 0xFF, 0xD9, // fill, EOI
            0xFF, 0xD8, 0xFF, 0xD9, // trailer
        ];
        let tail = walk_scans(&data);
        assert_eq!(
            tail,
            Ok(Tail {
                end: 20,
                segments: vec![(0xC4, 7..12), (0xDA, 12..16)],
            })
        );
    }

    #[test]
    fn walk_rejects_truncated_data() {
        assert!(walk_scans(&[0x12, 0x34]).is_err());
        assert!(walk_scans(&[0x12, 0xFF]).is_err());
        assert!(walk_scans(&[0xFF, 0xC4, 0x00, 0x09, 0x01]).is_err());
        assert!(walk_scans(&[0xFF, 0xC4, 0x00, 0x01]).is_err());
    }
}
