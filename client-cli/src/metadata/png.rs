//! PNG: metadata chunks are removed with `img-parts`; the image chunks
//! (`IHDR`, `PLTE`, `IDAT`, `IEND`…) are kept byte for byte.

use img_parts::Bytes;
use img_parts::png::{Png, PngChunk};
use miniz_oxide::inflate::decompress_to_vec_zlib_with_limit;

use super::exif::{self, ExifSummary};
use super::findings::FindingList;
use super::text::{self, dated, human_size, labelled, quoted};
use super::wording::{Block, Label, Sentence, Wording};
use super::{FileKind, Finding, FindingCategory, MetadataError, xmp};

/// The most bytes a compressed text chunk is inflated to.
const MAX_TEXT: usize = 16 * 1024 * 1024;

/// The most chunks a PNG may have: enough for a huge image written in
/// small `IDAT` chunks or a long animation, and a bound on the memory a
/// crafted file of tiny chunks costs once parsed.
const MAX_CHUNKS: usize = 1_000_000;

/// Ancillary chunks needed to show the image as it was meant to look.
const KEPT_ANCILLARY: &[&[u8; 4]] = &[
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"hIST", b"sPLT",
    b"cICP", b"mDCV", b"mDCv", b"cLLI", b"cLLi", b"acTL", b"fcTL", b"fdAT",
];

/// A PNG with its metadata chunks taken out, and what they revealed.
pub(crate) struct Plan {
    png: Png,
    /// What the removed chunks revealed.
    pub(crate) removed: FindingList,
}

impl Plan {
    /// The cleaned file and the findings it no longer has.
    pub(crate) fn into_cleaned(self) -> (Bytes, Vec<Finding>) {
        (self.png.encoder().bytes(), self.removed.into_vec())
    }
}

/// Finds the metadata of a PNG and plans its removal.
pub(crate) fn plan(data: Bytes) -> Result<Plan, MetadataError> {
    let total = data.len();
    if too_many_chunks(&data) {
        return Err(MetadataError::corrupt(
            FileKind::Png,
            "it has too many blocks",
        ));
    }
    let mut png = Png::from_bytes(data).map_err(|e| {
        MetadataError::corrupt_from(FileKind::Png, "its structure could not be read", e)
    })?;
    let chunks = png.chunks();
    if chunks.first().map(PngChunk::kind) != Some(*b"IHDR")
        || chunks.last().map(PngChunk::kind) != Some(*b"IEND")
    {
        return Err(MetadataError::corrupt(
            FileKind::Png,
            "it does not start and end as a PNG must",
        ));
    }

    let mut removed = FindingList::default();
    let mut kept = Vec::with_capacity(chunks.len());
    let mut orientation_done = false;
    for chunk in chunks {
        let kind = chunk.kind();
        if kind[0].is_ascii_uppercase() || KEPT_ANCILLARY.contains(&&kind) {
            kept.push(chunk.clone());
            continue;
        }
        let summary = classify(kind, chunk.contents());
        if let (false, Some(o)) = (orientation_done, summary.orientation) {
            orientation_done = true;
            let tiff = Bytes::from(exif::orientation_only(o));
            kept.push(PngChunk::new(*b"eXIf", tiff));
        }
        removed.extend(summary.findings);
    }

    let trailing_len = total.saturating_sub(png.len());
    if trailing_len > 0 {
        removed.push(Finding::new(
            FindingCategory::Other,
            Wording::Trailing(human_size(trailing_len), false),
        ));
    }
    *png.chunks_mut() = kept;
    Ok(Plan { png, removed })
}

/// Counts chunks (length, type, data, CRC) up to [`MAX_CHUNKS`] without
/// parsing them; a truncated file stops the count.
fn too_many_chunks(data: &[u8]) -> bool {
    let mut at = 8_usize;
    for _ in 0..=MAX_CHUNKS {
        let Some(&[a, b, c, d]) = at.checked_add(4).and_then(|end| data.get(at..end)) else {
            return false;
        };
        let length = u32::from_be_bytes([a, b, c, d]) as usize;
        at = match at.checked_add(12).and_then(|x| x.checked_add(length)) {
            Some(next) => next,
            None => return false,
        };
    }
    true
}

/// What a removed chunk reveals.
fn classify(kind: [u8; 4], contents: &[u8]) -> ExifSummary {
    let findings = |findings| ExifSummary {
        findings,
        orientation: None,
    };
    match &kind {
        b"eXIf" => exif::read(exif::strip_prefix(contents)),
        b"tEXt" => {
            let (keyword, value) = split_nul(contents);
            findings(text_findings(keyword, Some(&text::latin1(value))))
        }
        b"zTXt" => {
            let (keyword, rest) = split_nul(contents);
            // One byte of compression method, then zlib data.
            let value = rest
                .get(1..)
                .and_then(|z| decompress_to_vec_zlib_with_limit(z, MAX_TEXT).ok())
                .map(|v| text::latin1(&v));
            findings(text_findings(keyword, value.as_deref()))
        }
        b"iTXt" => {
            let (keyword, rest) = split_nul(contents);
            findings(text_findings(keyword, international_text(rest).as_deref()))
        }
        b"tIME" => findings(
            last_changed(contents)
                .map(|d| Finding::new(FindingCategory::Time, d))
                .into_iter()
                .collect(),
        ),
        // Apple's decoding hint: it holds offsets that removing chunks
        // would make wrong, and nothing about the reporter.
        b"iDOT" => findings(Vec::new()),
        _ => findings(vec![Finding::new(
            FindingCategory::Other,
            Wording::UnknownBlock(
                Block::Png,
                text::clean_value(&String::from_utf8_lossy(&kind)),
            ),
        )]),
    }
}

/// Splits at the first NUL: a keyword and the rest.
fn split_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], data.get(at + 1..).unwrap_or_default()),
        None => (data, &[]),
    }
}

/// The text of an iTXt chunk after its keyword: compression flag and
/// method, language tag, translated keyword, then UTF-8 text.
fn international_text(rest: &[u8]) -> Option<String> {
    let (&compressed, rest) = rest.split_first()?;
    let rest = rest.get(1..)?; // compression method
    let (_language, rest) = split_nul(rest);
    let (_translated, value) = split_nul(rest);
    let bytes = if compressed == 1 {
        decompress_to_vec_zlib_with_limit(value, MAX_TEXT).ok()?
    } else {
        value.to_vec()
    };
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// The tIME chunk: year (2 bytes), month, day, hour, minute, second.
fn last_changed(contents: &[u8]) -> Option<Wording> {
    let &[y1, y2, month, day, hour, minute, ..] = contents else {
        return None;
    };
    let year = u16::from_be_bytes([y1, y2]);
    dated(
        Label::DateLastChanged,
        &format!("{year:04}{month:02}{day:02}{hour:02}{minute:02}"),
    )
}

/// The findings of a text chunk. `value` is `None` when it could not be
/// decompressed.
fn text_findings(keyword: &[u8], value: Option<&str>) -> Vec<Finding> {
    use FindingCategory as C;
    let keyword = text::clean_value(&text::latin1(keyword));
    let Some(value) = value else {
        return vec![Finding::new(C::Other, Wording::UnreadableNote(keyword))];
    };
    let one = |category, wording: Option<Wording>| {
        wording
            .map(|d| Finding::new(category, d))
            .into_iter()
            .collect()
    };
    match keyword.to_ascii_lowercase().as_str() {
        "author" => one(C::Person, labelled(Label::AuthorName, value)),
        "copyright" => one(C::Person, labelled(Label::CopyrightHolder, value)),
        "creation time" | "date:create" => one(C::Time, dated(Label::DateCreated, value)),
        "date:modify" => one(C::Time, dated(Label::DateLastChanged, value)),
        "date:timestamp" => one(C::Time, dated(Label::Date, value)),
        "software" => one(C::Software, labelled(Label::SoftwareUsed, value)),
        "source" => one(C::Device, labelled(Label::DeviceUsed, value)),
        "title" => one(C::Other, labelled(Label::Title, value)),
        "description" => one(C::Other, labelled(Label::Description, value)),
        "comment" => one(C::Other, labelled(Label::Comment, value)),
        "xml:com.adobe.xmp" => xmp::findings(value.as_bytes()),
        "raw profile type exif" | "raw profile type app1" => match raw_profile(value) {
            Some(block) => exif::read(exif::strip_prefix(&block)).findings,
            None => vec![Finding::new(
                C::Device,
                Wording::Sentence(Sentence::ExifAsText),
            )],
        },
        "raw profile type xmp" => match raw_profile(value) {
            Some(block) => xmp::findings(&block),
            None => vec![Finding::new(
                C::Other,
                Wording::Sentence(Sentence::XmpAsText),
            )],
        },
        "raw profile type iptc" | "raw profile type 8bim" => vec![Finding::new(
            C::Other,
            Wording::Sentence(Sentence::PhotoshopIptc),
        )],
        _ => vec![Finding::new(
            C::Other,
            Wording::TextNote(keyword, quoted(value)),
        )],
    }
}

/// Decodes an ImageMagick "Raw profile": a line with the profile's name, a
/// line with its length, then the bytes in hexadecimal.
fn raw_profile(value: &str) -> Option<Vec<u8>> {
    let mut words = value.split_whitespace();
    let _name = words.next()?;
    let _length = words.next()?;
    hex::decode(words.collect::<String>()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_chunks_of_every_kind_are_read() {
        let describe = |kind: &[u8; 4], contents: &[u8]| -> Vec<String> {
            classify(*kind, contents)
                .findings
                .into_iter()
                .map(|f| f.description)
                .collect()
        };
        assert_eq!(
            describe(b"tEXt", b"Author\0Jane Doe"),
            ["Author name: \"Jane Doe\""]
        );
        let mut ztxt = b"Comment\0\0".to_vec();
        ztxt.extend(miniz_oxide::deflate::compress_to_vec_zlib(
            b"met at the station",
            6,
        ));
        assert_eq!(
            describe(b"zTXt", &ztxt),
            ["Comment: \"met at the station\""]
        );
        assert_eq!(
            describe(b"iTXt", "Title\0\0\0en\0Titel\0Caf\u{e9} photo".as_bytes()),
            ["Title: \"Caf\u{e9} photo\""]
        );
        assert_eq!(
            describe(b"tIME", &[0x07, 0xE8, 5, 1, 14, 3, 22]),
            ["Date last changed: 2024-05-01 14:03"]
        );
        assert_eq!(
            describe(b"zTXt", b"Comment\0\0not zlib"),
            ["Compressed text note \"Comment\" that could not be read"]
        );
        assert!(describe(b"iDOT", b"\0\0\0\0").is_empty());
        assert_eq!(
            describe(b"prVt", b"secret"),
            ["Extra data of unknown purpose (PNG \"prVt\" block)"]
        );
    }

    #[test]
    fn raw_profiles_are_decoded() {
        assert_eq!(
            raw_profile("\nexif\n       4\n45786966\n"),
            Some(b"Exif".to_vec())
        );
        assert_eq!(raw_profile("exif"), None);
    }
}
