//! Reading EXIF blocks (with `kamadak-exif`) into findings.

use std::io::{BufRead, Seek};

use exif::{Context, Field, In, Reader, Tag, Value};

use super::text::{self, dated, labelled};
use super::wording::{Counted, Label as L, Sentence, Wording};
use super::{Finding, FindingCategory};

/// The prefix of an EXIF block in a JPEG `APP1` segment, sometimes also
/// found in PNG `eXIf` and WebP `EXIF` chunks.
pub(crate) const EXIF_PREFIX: &[u8] = b"Exif\0\0";

// Tags kamadak-exif has no name for.
const PROCESSING_SOFTWARE: Tag = Tag(Context::Tiff, 0x000B);
const DOCUMENT_NAME: Tag = Tag(Context::Tiff, 0x010D);
const HOST_COMPUTER: Tag = Tag(Context::Tiff, 0x013C);
const XP_TITLE: Tag = Tag(Context::Tiff, 0x9C9B);
const XP_COMMENT: Tag = Tag(Context::Tiff, 0x9C9C);
const XP_AUTHOR: Tag = Tag(Context::Tiff, 0x9C9D);
const XP_KEYWORDS: Tag = Tag(Context::Tiff, 0x9C9E);
const XP_SUBJECT: Tag = Tag(Context::Tiff, 0x9C9F);
const CAMERA_SERIAL_NUMBER: Tag = Tag(Context::Tiff, 0xC62F);

/// What an EXIF block reveals, and the one thing worth keeping.
#[derive(Debug, Default)]
pub(crate) struct ExifSummary {
    /// The identifying fields, in plain words.
    pub(crate) findings: Vec<Finding>,
    /// The orientation (2–8) the picture must be turned to, if it is not
    /// already upright: the cleaned file keeps it so it is shown upright.
    pub(crate) orientation: Option<u16>,
}

/// `data` without a leading `Exif\0\0`.
pub(crate) fn strip_prefix(data: &[u8]) -> &[u8] {
    data.strip_prefix(EXIF_PREFIX).unwrap_or(data)
}

/// A TIFF structure holding only an Orientation tag: what replaces an
/// EXIF block when the picture is not upright.
pub(crate) fn orientation_only(orientation: u16) -> Vec<u8> {
    let [hi, lo] = orientation.to_be_bytes();
    vec![
        b'M', b'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD0 at 8
        0, 1, // one entry
        0x01, 0x12, 0, 3, 0, 0, 0, 1, hi, lo, 0, 0, // Orientation, SHORT, 1 value
        0, 0, 0, 0, // no next IFD
    ]
}

/// Reads a raw EXIF (TIFF) block. Never fails: a block that cannot be read
/// is still reported, since it is removed all the same.
pub(crate) fn read(tiff: &[u8]) -> ExifSummary {
    let parsed = Reader::new()
        .continue_on_error(true)
        .read_raw(tiff.to_vec())
        .or_else(|e| e.distill_partial_result(|_ignored| {}));
    match parsed {
        Ok(exif) => summarise(exif.fields(), exif.little_endian()),
        Err(_) => ExifSummary {
            findings: vec![unreadable()],
            orientation: None,
        },
    }
}

/// Whether [`container_findings`] can read photos of this media type.
pub(crate) fn may_have_container_exif(media_type: &str) -> bool {
    matches!(
        media_type,
        "image/heic" | "image/heif" | "image/avif" | "image/tiff"
    )
}

/// The EXIF findings of a HEIF/HEIC, AVIF or TIFF photo, which this module
/// cannot clean but can warn about. Empty when nothing can be read.
pub(crate) fn container_findings<R: BufRead + Seek>(reader: &mut R) -> Vec<Finding> {
    let parsed = Reader::new()
        .continue_on_error(true)
        .read_from_container(reader)
        .or_else(|e| e.distill_partial_result(|_ignored| {}));
    match parsed {
        Ok(exif) => summarise(exif.fields(), exif.little_endian()).findings,
        Err(_) => Vec::new(),
    }
}

/// The finding for an EXIF block that could not be read field by field.
fn unreadable() -> Finding {
    Finding::new(
        FindingCategory::Device,
        Wording::Sentence(Sentence::UnreadableExif),
    )
}

/// GPS fields gathered while walking the block.
#[derive(Default)]
struct Gps {
    latitude: Option<f64>,
    latitude_south: bool,
    longitude: Option<f64>,
    longitude_west: bool,
    has_position: bool,
    has_other: bool,
}

fn summarise<'a>(fields: impl Iterator<Item = &'a Field>, little_endian: bool) -> ExifSummary {
    use FindingCategory as C;

    let mut summary = ExifSummary::default();
    let mut gps = Gps::default();
    let mut thumbnail = false;
    let mut settings = 0_usize;
    let mut other = 0_usize;
    for field in fields {
        let mut add = |category, wording: Option<Wording>| {
            if let Some(wording) = wording {
                summary.findings.push(Finding::new(category, wording));
            }
        };
        let value = || field_text(field, little_endian);
        if field.ifd_num != In::PRIMARY {
            thumbnail |= matches!(field.tag, Tag::JPEGInterchangeFormat | Tag::StripOffsets);
            continue;
        }
        match field.tag {
            Tag::Orientation => {
                summary.orientation = field
                    .value
                    .get_uint(0)
                    .filter(|o| (2..=8).contains(o))
                    .and_then(|o| u16::try_from(o).ok());
            }
            Tag::GPSLatitude => {
                gps.has_position = true;
                gps.latitude = degrees(&field.value);
            }
            Tag::GPSLongitude => {
                gps.has_position = true;
                gps.longitude = degrees(&field.value);
            }
            Tag::GPSLatitudeRef => gps.latitude_south = first_letter(&field.value) == Some(b'S'),
            Tag::GPSLongitudeRef => gps.longitude_west = first_letter(&field.value) == Some(b'W'),
            Tag::GPSVersionID => {}
            Tag(Context::Gps, _) => gps.has_other = true,
            Tag::Make => add(C::Device, labelled(L::CameraMake, &value())),
            Tag::Model => add(C::Device, labelled(L::CameraModel, &value())),
            Tag::BodySerialNumber | CAMERA_SERIAL_NUMBER => {
                add(C::Device, labelled(L::CameraSerialNumber, &value()));
            }
            Tag::LensMake => add(C::Device, labelled(L::LensMake, &value())),
            Tag::LensModel => add(C::Device, labelled(L::LensModel, &value())),
            Tag::LensSerialNumber => add(C::Device, labelled(L::LensSerialNumber, &value())),
            HOST_COMPUTER => add(C::Device, labelled(L::ComputerName, &value())),
            Tag::MakerNote => add(C::Device, Some(Wording::Sentence(Sentence::MakerNotes))),
            Tag::Artist => add(C::Person, labelled(L::PhotographerName, &value())),
            XP_AUTHOR => add(C::Person, labelled(L::AuthorName, &value())),
            Tag::CameraOwnerName => add(C::Person, labelled(L::CameraOwnerName, &value())),
            Tag::Copyright => add(C::Person, labelled(L::CopyrightHolder, &value())),
            Tag::DateTimeOriginal => add(C::Time, dated(L::DateTaken, &value())),
            Tag::DateTimeDigitized => add(C::Time, dated(L::DateDigitised, &value())),
            Tag::DateTime => add(C::Time, dated(L::DateLastChanged, &value())),
            Tag::OffsetTime | Tag::OffsetTimeOriginal | Tag::OffsetTimeDigitized => {
                add(C::Time, labelled(L::TimeZone, &value()));
            }
            Tag::Software | PROCESSING_SOFTWARE => {
                add(C::Software, labelled(L::SoftwareUsed, &value()));
            }
            Tag::ImageDescription => add(C::Other, labelled(L::Description, &value())),
            Tag::UserComment | XP_COMMENT => add(C::Other, labelled(L::Comment, &value())),
            XP_TITLE => add(C::Other, labelled(L::Title, &value())),
            XP_SUBJECT => add(C::Other, labelled(L::Subject, &value())),
            XP_KEYWORDS => add(C::Other, labelled(L::Keywords, &value())),
            DOCUMENT_NAME => add(C::Other, labelled(L::DocumentName, &value())),
            Tag::ImageUniqueID => add(
                C::Other,
                Some(Wording::Sentence(Sentence::UniquePictureNumber)),
            ),
            tag if is_harmless(tag) => {}
            Tag(Context::Exif, _) => settings += 1,
            _ => other += 1,
        }
    }

    let mut add = |category, wording: Wording| {
        summary.findings.push(Finding::new(category, wording));
    };
    if gps.has_position {
        let coordinates = gps.latitude.zip(gps.longitude).map(|(lat, lon)| {
            (
                if gps.latitude_south { -lat } else { lat },
                if gps.longitude_west { -lon } else { lon },
            )
        });
        add(C::Location, text::gps_description(coordinates));
    }
    if gps.has_other {
        add(
            C::Location,
            Wording::Sentence(if gps.has_position {
                Sentence::MoreGps
            } else {
                Sentence::GpsDetails
            }),
        );
    }
    if settings > 0 {
        add(C::Device, Wording::Sentence(Sentence::CameraSettings));
    }
    if other > 0 {
        add(
            C::Other,
            Wording::Counted(Counted::OtherCameraDetails, other),
        );
    }
    if thumbnail {
        add(C::Other, Wording::Sentence(Sentence::Thumbnail));
    }
    summary
}

/// Tags that say nothing about who, where or when: how to draw the pixels.
fn is_harmless(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::XResolution
            | Tag::YResolution
            | Tag::ResolutionUnit
            | Tag::YCbCrPositioning
            | Tag::YCbCrSubSampling
            | Tag::YCbCrCoefficients
            | Tag::ReferenceBlackWhite
            | Tag::ExifVersion
            | Tag::FlashpixVersion
            | Tag::ColorSpace
            | Tag::PixelXDimension
            | Tag::PixelYDimension
            | Tag::ComponentsConfiguration
            | Tag::ExifIFDPointer
            | Tag::GPSInfoIFDPointer
            | Tag::InteropIFDPointer
            | Tag::ImageWidth
            | Tag::ImageLength
            | Tag::BitsPerSample
            | Tag::Compression
            | Tag::PhotometricInterpretation
            | Tag::SamplesPerPixel
            | Tag::PlanarConfiguration
            | Tag::RowsPerStrip
            | Tag::StripOffsets
            | Tag::StripByteCounts
            | Tag::TileOffsets
            | Tag::TileByteCounts
            | Tag::JPEGInterchangeFormat
            | Tag::JPEGInterchangeFormatLength
            | Tag::TransferFunction
            | Tag::WhitePoint
            | Tag::PrimaryChromaticities
            | Tag::Gamma
    ) || tag.context() == Context::Interop
}

/// Degrees from an EXIF degrees/minutes/seconds triple.
fn degrees(value: &Value) -> Option<f64> {
    let Value::Rational(parts) = value else {
        return None;
    };
    let part = |i: usize| {
        parts
            .get(i)
            .map_or(Some(0.0), |r| (r.denom != 0).then(|| r.to_f64()))
    };
    let degrees = parts
        .first()
        .and_then(|r| (r.denom != 0).then(|| r.to_f64()))?;
    Some(degrees + part(1)? / 60.0 + part(2)? / 3600.0)
}

/// The first letter of an ASCII value, such as a GPS reference (`N`, `W`).
fn first_letter(value: &Value) -> Option<u8> {
    match value {
        Value::Ascii(parts) => parts.first()?.first().copied(),
        _ => None,
    }
}

/// The text of a field, decoding the formats that are not plain ASCII.
fn field_text(field: &Field, little_endian: bool) -> String {
    match (&field.value, field.tag) {
        (Value::Ascii(parts), _) => parts
            .iter()
            .map(|p| String::from_utf8_lossy(p).trim_matches('\0').to_owned())
            .collect::<Vec<_>>()
            .join(" "),
        (Value::Byte(bytes), XP_TITLE | XP_COMMENT | XP_AUTHOR | XP_KEYWORDS | XP_SUBJECT) => {
            text::utf16le(bytes)
        }
        (Value::Undefined(bytes, _), Tag::UserComment) => user_comment(bytes, little_endian),
        (Value::Undefined(bytes, _), _) => String::from_utf8_lossy(bytes).into_owned(),
        _ => field.display_value().to_string(),
    }
}

/// A UserComment: an 8-byte character code, then the text.
fn user_comment(bytes: &[u8], little_endian: bool) -> String {
    let (code, rest) = bytes.split_at(bytes.len().min(8));
    let text = if code == b"UNICODE\0" {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|pair| {
                let pair = [pair[0], pair[1]];
                if little_endian {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };
    text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_only_block_reads_back_with_nothing_to_report() {
        let summary = read(&orientation_only(6));
        assert_eq!(summary.orientation, Some(6));
        assert!(summary.findings.is_empty(), "{:?}", summary.findings);
    }

    #[test]
    fn an_unreadable_block_is_still_reported() {
        let summary = read(b"not a TIFF structure at all");
        assert_eq!(summary.findings, vec![unreadable()]);
        assert_eq!(summary.orientation, None);
    }
}
