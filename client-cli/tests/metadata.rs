//! Finding and removing identifying metadata in attachments, on real files
//! built by `sanctuary_cli::metadata::fixtures`.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use lopdf::dictionary;
use proptest::prelude::*;
use sanctuary_cli::metadata::{
    self, CleanReport, FileKind, FindingCategory, Inspection, MAX_CLEANABLE_SIZE, MetadataError,
    fixtures,
};

/// Writes `data` to a file named `name` in a fresh directory.
fn on_disk(name: &str, data: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, data).unwrap();
    (dir, path)
}

fn inspect(name: &str, data: &[u8]) -> Inspection {
    let (_dir, path) = on_disk(name, data);
    metadata::inspect(&path).unwrap()
}

fn clean(name: &str, data: &[u8]) -> (Vec<u8>, CleanReport) {
    let (_dir, path) = on_disk(name, data);
    let mut out = Vec::new();
    let report = metadata::clean(&path, &mut out).unwrap();
    assert_eq!(report.output_size, out.len() as u64);
    assert_eq!(report.input_size, data.len() as u64);
    (out, report)
}

fn descriptions(inspection: &Inspection) -> Vec<&str> {
    inspection
        .findings
        .iter()
        .map(|f| f.description.as_str())
        .collect()
}

/// Asserts that some finding of `category` contains `text`.
#[track_caller]
fn assert_finding(inspection: &Inspection, category: FindingCategory, text: &str) {
    assert!(
        inspection
            .findings
            .iter()
            .any(|f| f.category == category && f.description.contains(text)),
        "no {category:?} finding containing {text:?} in {:#?}",
        descriptions(inspection)
    );
}

/// The findings every EXIF fixture must produce.
#[track_caller]
fn assert_exif_findings(inspection: &Inspection) {
    assert_finding(
        inspection,
        FindingCategory::Location,
        &format!(
            "GPS position where the photo was taken ({})",
            fixtures::GPS_SHOWN
        ),
    );
    assert_finding(
        inspection,
        FindingCategory::Device,
        &format!("Camera make: \"{}\"", fixtures::CAMERA_MAKE),
    );
    assert_finding(
        inspection,
        FindingCategory::Device,
        &format!("Camera model: \"{}\"", fixtures::CAMERA_MODEL),
    );
    assert_finding(
        inspection,
        FindingCategory::Device,
        &format!("Camera serial number: \"{}\"", fixtures::CAMERA_SERIAL),
    );
    assert_finding(
        inspection,
        FindingCategory::Person,
        &format!("\"{}\"", fixtures::AUTHOR),
    );
    assert_finding(
        inspection,
        FindingCategory::Time,
        &format!("Date taken: {}", fixtures::DATE_TAKEN_SHOWN),
    );
    assert_finding(
        inspection,
        FindingCategory::Software,
        &format!("Software used: \"{}\"", fixtures::SOFTWARE),
    );
}

fn decode_jpeg(data: &[u8]) -> Vec<u8> {
    jpeg_decoder::Decoder::new(data).decode().unwrap()
}

fn decode_png(data: &[u8]) -> Vec<u8> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(data))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut pixels).unwrap();
    pixels
}

fn decode_webp(data: &[u8]) -> Vec<u8> {
    let mut decoder = image_webp::WebPDecoder::new(std::io::Cursor::new(data)).unwrap();
    let mut pixels = vec![0; decoder.output_buffer_size().unwrap()];
    decoder.read_image(&mut pixels).unwrap();
    pixels
}

/// The segments of a JPEG as (marker, encoded bytes including any scan data).
fn jpeg_segments(data: &[u8]) -> Vec<(u8, Vec<u8>)> {
    Jpeg::from_bytes(Bytes::copy_from_slice(data))
        .unwrap()
        .segments()
        .iter()
        .map(|s| (s.marker(), s.clone().encoder().bytes().to_vec()))
        .collect()
}

// ---------------------------------------------------------------- JPEG

#[test]
fn jpeg_fixture_is_a_real_picture_with_gps_camera_and_xmp() {
    let jpeg = fixtures::jpeg_with_metadata();
    assert_eq!(
        decode_jpeg(&jpeg).len(),
        usize::from(fixtures::SIZE) * usize::from(fixtures::SIZE) * 3
    );
    let found = inspect("IMG_0001.JPG", &jpeg);
    assert_eq!(found.kind, FileKind::Jpeg);
    assert_eq!(found.media_type, "image/jpeg");
    assert_eq!(found.extension, "jpg");
    assert!(found.cleanable);
    assert_eq!(found.not_cleanable_reason, None);
    assert_exif_findings(&found);
    // From the XMP block.
    assert_finding(
        &found,
        FindingCategory::Software,
        &format!("Program used: \"{}\"", fixtures::CREATOR_TOOL),
    );
    assert_finding(&found, FindingCategory::Person, "Author name: \"Jane Doe\"");
    // Most revealing first; the same position from EXIF and XMP is listed once.
    assert_eq!(found.findings[0].category, FindingCategory::Location);
    let gps = descriptions(&found)
        .iter()
        .filter(|d| d.contains(fixtures::GPS_SHOWN))
        .count();
    assert_eq!(gps, 1);
}

#[test]
fn jpeg_cleaning_removes_app1_and_keeps_every_other_byte() {
    let original = fixtures::jpeg_with_metadata();
    let (cleaned, report) = clean("photo.jpg", &original);

    assert_eq!(report.kind, FileKind::Jpeg);
    assert!(
        report
            .removed
            .iter()
            .any(|f| f.description.contains(fixtures::GPS_SHOWN))
    );
    assert!(
        report
            .counts_by_category()
            .contains(&(FindingCategory::Location, 1))
    );
    assert!(cleaned.len() < original.len());

    let after = metadata::inspect_bytes(&cleaned).unwrap();
    assert!(after.findings.is_empty(), "{:#?}", after.findings);

    let before = jpeg_segments(&original);
    let after = jpeg_segments(&cleaned);
    assert!(before.iter().any(|(m, _)| *m == markers::APP1));
    assert!(
        after
            .iter()
            .all(|(m, _)| *m != markers::APP1 && *m != markers::APP13),
        "{:?}",
        after.iter().map(|(m, _)| m).collect::<Vec<_>>()
    );
    // Every other segment, the scan and its data included, is unchanged
    // and in the same order.
    let kept: Vec<_> = before
        .into_iter()
        .filter(|(m, _)| *m != markers::APP1)
        .collect();
    assert_eq!(kept, after);
    // Byte for byte from SOS to EOI: the file ends with the same scan.
    let (_, scan) = kept.last().unwrap();
    assert_eq!(scan[..2], [0xFF, markers::SOS]);
    assert!(original.ends_with(scan) && cleaned.ends_with(scan));
    assert!(cleaned.ends_with(&[0xFF, markers::EOI]));

    assert_eq!(decode_jpeg(&cleaned), decode_jpeg(&original));
}

#[test]
fn jpeg_cleaning_keeps_the_icc_profile_and_drops_iptc_comments_and_maker_blocks() {
    let mut jpeg = Jpeg::from_bytes(Bytes::from(fixtures::jpeg_with_metadata())).unwrap();
    let icc = [b"ICC_PROFILE\0\x01\x01".as_slice(), &[7; 200]].concat();
    let insert = |jpeg: &mut Jpeg, marker, contents: &[u8]| {
        jpeg.segments_mut().insert(
            1,
            img_parts::jpeg::JpegSegment::new_with_contents(
                marker,
                Bytes::copy_from_slice(contents),
            ),
        );
    };
    insert(&mut jpeg, markers::APP2, &icc);
    insert(&mut jpeg, markers::APP13, b"Photoshop 3.0\08BIM\x04\x04");
    insert(
        &mut jpeg,
        markers::COM,
        b"Taken outside 12 Acacia Avenue\x1b[2J",
    );
    insert(&mut jpeg, markers::APP6, b"GoPro\0GPS5");
    let original = jpeg.encoder().bytes().to_vec();

    let found = inspect("x.jpg", &original);
    assert_finding(
        &found,
        FindingCategory::Other,
        "Comment: \"Taken outside 12 Acacia Avenue[2J\"",
    );
    assert_finding(&found, FindingCategory::Other, "Photoshop and IPTC details");
    assert_finding(&found, FindingCategory::Other, "(JPEG APP6 block)");
    assert!(
        found
            .findings
            .iter()
            .all(|f| !f.description.contains('\x1b'))
    );

    let (cleaned, _) = clean("x.jpg", &original);
    let segments = jpeg_segments(&cleaned);
    let markers_left: Vec<u8> = segments.iter().map(|(m, _)| *m).collect();
    for gone in [markers::APP1, markers::APP13, markers::COM, markers::APP6] {
        assert!(!markers_left.contains(&gone), "{markers_left:x?}");
    }
    let icc_segment = segments.iter().find(|(m, _)| *m == markers::APP2).unwrap();
    assert!(icc_segment.1.ends_with(&icc));
    assert_eq!(decode_jpeg(&cleaned), decode_jpeg(&original));
}

#[test]
fn jpeg_data_hidden_after_the_picture_is_reported_and_dropped() {
    let plain = fixtures::jpeg_plain();
    let mut with_trailer = plain.clone();
    // A "motion photo": a second JPEG, with GPS, appended after EOI.
    with_trailer.extend(fixtures::jpeg_with_metadata());

    let found = inspect("motion.jpg", &with_trailer);
    assert_finding(
        &found,
        FindingCategory::Other,
        "Extra data hidden after the end of the picture",
    );
    let (cleaned, _) = clean("motion.jpg", &with_trailer);
    assert_eq!(cleaned, plain);
}

#[test]
fn jpeg_orientation_survives_cleaning_so_the_photo_stays_upright() {
    let original = fixtures::jpeg_rotated_with_metadata();
    assert_exif_findings(&inspect("r.jpg", &original));
    let (cleaned, _) = clean("r.jpg", &original);

    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(&cleaned))
        .unwrap();
    let fields: Vec<_> = exif.fields().map(|f| f.tag).collect();
    assert_eq!(fields, [exif::Tag::Orientation]);
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .unwrap();
    assert_eq!(orientation.value.get_uint(0), Some(6));
    assert_eq!(decode_jpeg(&cleaned), decode_jpeg(&original));
}

// ---------------------------------------------------------------- PNG

#[test]
fn png_author_and_exif_are_found_and_removed_without_touching_the_image() {
    let original = fixtures::png_with_metadata();
    let found = inspect("screenshot.png", &original);
    assert_eq!(found.kind, FileKind::Png);
    assert_eq!(found.media_type, "image/png");
    assert!(found.cleanable);
    assert_exif_findings(&found);
    assert_finding(&found, FindingCategory::Person, "Author name: \"Jane Doe\"");
    assert_finding(
        &found,
        FindingCategory::Time,
        "Date last changed: 2024-05-01 14:03",
    );

    let (cleaned, report) = clean("screenshot.png", &original);
    assert!(report.removed.len() >= found.findings.len());
    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );

    let chunks = |data: &[u8]| -> Vec<([u8; 4], Bytes)> {
        Png::from_bytes(Bytes::copy_from_slice(data))
            .unwrap()
            .chunks()
            .iter()
            .map(|c| (c.kind(), c.contents().clone()))
            .collect()
    };
    let kept: Vec<_> = chunks(&original)
        .into_iter()
        .filter(|(kind, _)| ![*b"eXIf", *b"tEXt", *b"tIME"].contains(kind))
        .collect();
    assert_eq!(chunks(&cleaned), kept);
    assert_eq!(
        kept.iter().map(|(k, _)| k).collect::<Vec<_>>(),
        [b"IHDR", b"IDAT", b"IEND"]
    );
    assert_eq!(decode_png(&cleaned), decode_png(&original));
}

#[test]
fn png_data_after_iend_is_dropped() {
    let plain = fixtures::png_plain();
    let mut with_trailer = plain.clone();
    with_trailer.extend_from_slice(b"hidden note: Jane Doe");
    assert_finding(
        &inspect("t.png", &with_trailer),
        FindingCategory::Other,
        "after the end of the picture",
    );
    assert_eq!(clean("t.png", &with_trailer).0, plain);
}

// ---------------------------------------------------------------- WebP

#[test]
fn webp_exif_and_xmp_are_removed_and_the_vp8x_flags_updated() {
    let original = fixtures::webp_with_metadata();
    let found = inspect("sticker.webp", &original);
    assert_eq!(found.kind, FileKind::Webp);
    assert_eq!(found.media_type, "image/webp");
    assert!(found.cleanable);
    assert_exif_findings(&found);
    assert_finding(
        &found,
        FindingCategory::Software,
        &format!("Program used: \"{}\"", fixtures::CREATOR_TOOL),
    );

    let (cleaned, _) = clean("sticker.webp", &original);
    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );

    let chunks = |data: &[u8]| -> Vec<([u8; 4], Bytes)> {
        WebP::from_bytes(Bytes::copy_from_slice(data))
            .unwrap()
            .chunks()
            .iter()
            .map(|c| (c.id(), c.content().data().cloned().unwrap_or_default()))
            .collect()
    };
    let before = chunks(&original);
    let after = chunks(&cleaned);
    let ids: Vec<_> = after.iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [b"VP8X", b"VP8L"]);
    let flags = |chunks: &[([u8; 4], Bytes)]| chunks[0].1[0];
    assert_eq!(
        flags(&before) & 0b1100,
        0b1100,
        "fixture has EXIF and XMP flags"
    );
    assert_eq!(flags(&after) & 0b1100, 0, "EXIF and XMP flags cleared");
    assert_eq!(flags(&after) & !0b1100, flags(&before) & !0b1100);
    // The canvas size and the image data are unchanged.
    assert_eq!(after[0].1[1..], before[0].1[1..]);
    let image = |chunks: &[([u8; 4], Bytes)]| {
        chunks
            .iter()
            .find(|(id, _)| id == b"VP8L")
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(image(&after), image(&before));
    assert_eq!(decode_webp(&cleaned), decode_webp(&original));
}

// ---------------------------------------------------------------- PDF

#[test]
fn pdf_info_author_and_xmp_are_found() {
    let found = inspect("statement.pdf", &fixtures::pdf_with_metadata());
    assert_eq!(found.kind, FileKind::Pdf);
    assert_eq!(found.media_type, "application/pdf");
    assert_eq!(found.extension, "pdf");
    assert!(found.cleanable);
    assert_finding(&found, FindingCategory::Person, "Author name: \"Jane Doe\"");
    assert_finding(
        &found,
        FindingCategory::Software,
        &format!(
            "Program that created the document: \"{}\"",
            fixtures::CREATOR_TOOL
        ),
    );
    assert_finding(
        &found,
        FindingCategory::Time,
        "Date created: 2024-05-01 14:03",
    );
    assert_finding(&found, FindingCategory::Other, "Title: \"My statement\"");
    // From the XMP stream only.
    assert_finding(
        &found,
        FindingCategory::Location,
        &format!("({})", fixtures::GPS_SHOWN),
    );
}

#[test]
fn pdf_cleaning_removes_the_info_dictionary_and_every_xmp_stream() {
    let original = fixtures::pdf_with_metadata();
    let (cleaned, report) = clean("statement.pdf", &original);
    assert!(
        report
            .removed
            .iter()
            .any(|f| f.description.contains("Jane Doe"))
    );
    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );

    let doc = lopdf::Document::load_mem(&cleaned).unwrap();
    assert!(!doc.trailer.has(b"Info"));
    assert!(!doc.catalog().unwrap().has(b"Metadata"));
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            assert!(!dict.has(b"Author") && !dict.has(b"Metadata"), "{dict:?}");
        }
        if let Ok(stream) = object.as_stream() {
            assert!(
                stream.dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Metadata"),
                "an XMP stream is left"
            );
        }
    }
    assert!(!cleaned.windows(8).any(|w| w == b"Jane Doe"));
    // The document itself is intact.
    assert_eq!(doc.get_pages().len(), 1);
    let page = *doc.get_pages().values().next().unwrap();
    let text = doc.extract_text(&[1]).unwrap();
    assert!(text.contains("Statement"), "{text:?}");
    assert!(!doc.get_page_content(page).is_empty());
}

#[test]
fn pdf_cleaning_also_cleans_photos_inside_the_document() {
    let original = fixtures::pdf_with_photo();
    let found = inspect("scan.pdf", &original);
    assert_finding(
        &found,
        FindingCategory::Location,
        &format!(
            "Picture inside the document: GPS position where the photo was taken ({})",
            fixtures::GPS_SHOWN
        ),
    );
    assert_finding(
        &found,
        FindingCategory::Device,
        &format!(
            "Picture inside the document: Camera serial number: \"{}\"",
            fixtures::CAMERA_SERIAL
        ),
    );

    let (cleaned, _) = clean("scan.pdf", &original);
    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );
    let doc = lopdf::Document::load_mem(&cleaned).unwrap();
    let picture = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .unwrap();
    assert_eq!(
        picture.dict.get(b"Length").unwrap().as_i64().unwrap(),
        picture.content.len() as i64
    );
    let photo = fixtures::jpeg_with_metadata();
    let (expected, _) = metadata::clean_bytes(&photo).unwrap();
    assert_eq!(picture.content, expected);
    assert_eq!(decode_jpeg(&picture.content), decode_jpeg(&photo));
}

#[test]
fn pdf_comment_authors_are_found_and_removed_but_form_field_names_kept() {
    let mut doc = lopdf::Document::load_mem(&fixtures::pdf_plain()).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let rect = || lopdf::Object::Array(vec![10.into(), 10.into(), 50.into(), 50.into()]);
    let note = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Text",
        "Rect" => rect(),
        "T" => lopdf::Object::string_literal("Jane Doe"),
        "M" => lopdf::Object::string_literal("D:20240502090000Z"),
        "Contents" => lopdf::Object::string_literal("check this"),
    };
    let field = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Widget",
        "Rect" => rect(),
        "FT" => "Tx",
        "T" => lopdf::Object::string_literal("witness_name"),
    };
    // One annotation inline in the page's /Annots, one indirect.
    let field_id = doc.add_object(field);
    doc.get_object_mut(page)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set(
            "Annots",
            vec![lopdf::Object::Dictionary(note), field_id.into()],
        );
    let mut original = Vec::new();
    doc.save_to(&mut original).unwrap();

    let found = inspect("annotated.pdf", &original);
    assert_eq!(
        descriptions(&found),
        [
            "Name of the person who added a note or mark: \"Jane Doe\"",
            "Date a note or mark was changed: 2024-05-02 09:00",
        ]
    );
    let (cleaned, _) = clean("annotated.pdf", &original);
    assert!(
        metadata::inspect_bytes(&cleaned)
            .unwrap()
            .findings
            .is_empty()
    );
    assert!(!cleaned.windows(8).any(|w| w == b"Jane Doe"));
    let text = String::from_utf8_lossy(&cleaned);
    assert!(text.contains("witness_name") && text.contains("check this"));
}

#[test]
fn a_pdf_with_a_damaged_photo_inside_is_not_sent_as_clean() {
    let mut doc = lopdf::Document::load_mem(&fixtures::pdf_with_photo()).unwrap();
    for object in doc.objects.values_mut() {
        if let Ok(stream) = object.as_stream_mut()
            && stream.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image")
        {
            let cut = stream.content.len() - 10;
            stream.set_content(stream.content[..cut].to_vec());
        }
    }
    let mut original = Vec::new();
    doc.save_to(&mut original).unwrap();

    assert_finding(
        &inspect("damaged.pdf", &original),
        FindingCategory::Other,
        "Picture inside the document: hidden details that could not be read or removed",
    );
    let (_dir, path) = on_disk("damaged.pdf", &original);
    let mut out = Vec::new();
    assert!(matches!(
        metadata::clean(&path, &mut out),
        Err(MetadataError::Incomplete { remaining: 1 })
    ));
    assert!(out.is_empty());
}

// ---------------------------------------------------------------- Files without metadata

#[test]
fn files_without_metadata_have_no_findings_and_images_come_out_identical() {
    for (name, data) in [
        ("a.jpg", fixtures::jpeg_plain()),
        ("a.png", fixtures::png_plain()),
        ("a.webp", fixtures::webp_plain()),
    ] {
        let found = inspect(name, &data);
        assert!(found.cleanable, "{name}");
        assert!(found.findings.is_empty(), "{name}: {:#?}", found.findings);
        let (cleaned, report) = clean(name, &data);
        assert!(report.removed.is_empty(), "{name}");
        assert_eq!(cleaned, data, "{name} changed");
    }
}

#[test]
fn a_pdf_without_metadata_has_no_findings_and_keeps_its_pages() {
    let data = fixtures::pdf_plain();
    let found = inspect("a.pdf", &data);
    assert!(found.cleanable);
    assert!(found.findings.is_empty(), "{:#?}", found.findings);
    let (cleaned, report) = clean("a.pdf", &data);
    assert!(report.removed.is_empty());
    let before = lopdf::Document::load_mem(&data).unwrap();
    let after = lopdf::Document::load_mem(&cleaned).unwrap();
    assert_eq!(after.get_pages().len(), 1);
    assert_eq!(
        after.extract_text(&[1]).unwrap(),
        before.extract_text(&[1]).unwrap()
    );
}

// ---------------------------------------------------------------- Damaged, unknown, huge

#[track_caller]
fn assert_corrupt(name: &str, data: &[u8], kind: FileKind) {
    let (_dir, path) = on_disk(name, data);
    match metadata::inspect(&path) {
        Err(MetadataError::Corrupt { kind: k, .. }) => assert_eq!(k, kind, "{name}"),
        other => panic!("{name}: inspect gave {other:?}"),
    }
    let mut out = Vec::new();
    match metadata::clean(&path, &mut out) {
        Err(MetadataError::Corrupt { kind: k, .. }) => assert_eq!(k, kind, "{name}"),
        other => panic!("{name}: clean gave {other:?}"),
    }
    assert!(out.is_empty(), "{name}: something was written");
}

#[test]
fn truncated_or_damaged_files_give_an_error_not_a_panic() {
    let jpeg = fixtures::jpeg_with_metadata();
    assert_corrupt("cut.jpg", &jpeg[..jpeg.len() - 10], FileKind::Jpeg);
    assert_corrupt("header.jpg", &jpeg[..40], FileKind::Jpeg);
    assert_corrupt("sos.jpg", &[0xFF, 0xD8, 0xFF, 0xD9], FileKind::Jpeg);

    let png = fixtures::png_with_metadata();
    assert_corrupt("cut.png", &png[..png.len() - 20], FileKind::Png);
    let mut bad_crc = png.clone();
    bad_crc[30] ^= 0xFF;
    assert_corrupt("crc.png", &bad_crc, FileKind::Png);

    let webp = fixtures::webp_with_metadata();
    assert_corrupt("cut.webp", &webp[..webp.len() - 20], FileKind::Webp);

    let pdf = fixtures::pdf_with_metadata();
    assert_corrupt("cut.pdf", &pdf[..pdf.len() / 2], FileKind::Pdf);
    assert_corrupt(
        "junk.pdf",
        b"%PDF-1.7\nthis is not a document",
        FileKind::Pdf,
    );
}

#[test]
fn other_files_are_not_cleanable_and_say_why() {
    let found = inspect("notes.txt", b"I saw them at the station.");
    assert_eq!(found.kind, FileKind::Other);
    assert!(!found.cleanable);
    assert!(found.not_cleanable_reason.is_some());
    assert!(found.findings.is_empty());
    assert_eq!(found.media_type, "text/plain");
    assert_eq!(found.extension, "txt");

    // Kind comes from the content: a video called .jpg is not a JPEG.
    let video = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2mp41";
    let found = inspect("holiday.jpg", video);
    assert_eq!(found.kind, FileKind::Other);
    assert_eq!(
        (found.media_type.as_str(), found.extension.as_str()),
        ("video/mp4", "mp4")
    );

    let unknown = inspect("blob", &[1, 2, 3, 4]);
    assert_eq!(unknown.media_type, "application/octet-stream");
    assert_eq!(unknown.extension, "bin");

    let (_dir, path) = on_disk("notes.txt", b"I saw them.");
    let mut out = Vec::new();
    assert!(matches!(
        metadata::clean(&path, &mut out),
        Err(MetadataError::Unsupported { media_type }) if media_type == "text/plain"
    ));
    assert!(out.is_empty());
}

#[test]
fn photos_that_cannot_be_cleaned_still_say_what_they_reveal() {
    // A TIFF (like HEIC, read but not cleanable) with the fixture's EXIF.
    let found = inspect("scan.tif", &fixtures::exif_tiff(None));
    assert_eq!(found.kind, FileKind::Other);
    assert_eq!(found.media_type, "image/tiff");
    assert!(!found.cleanable);
    assert_exif_findings(&found);
}

#[test]
fn a_photo_named_as_something_else_is_still_cleaned() {
    let found = inspect("document.pdf", &fixtures::jpeg_with_metadata());
    assert_eq!(found.kind, FileKind::Jpeg);
    assert_eq!(found.extension, "jpg");
    assert!(!found.findings.is_empty());
}

/// A sparse file: large on paper, nothing on disk.
fn huge(dir: &Path, name: &str, head: &[u8]) -> PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, head).unwrap();
    file.set_len(MAX_CLEANABLE_SIZE + 1).unwrap();
    path
}

#[test]
fn files_over_the_limit_are_not_loaded_and_not_cleanable() {
    let dir = tempfile::tempdir().unwrap();
    let path = huge(
        dir.path(),
        "huge.jpg",
        &fixtures::jpeg_with_metadata()[..64],
    );
    let found = metadata::inspect(&path).unwrap();
    assert_eq!(found.kind, FileKind::Jpeg);
    assert!(!found.cleanable);
    assert!(found.not_cleanable_reason.unwrap().contains("256 MiB"));
    assert_eq!(found.size, MAX_CLEANABLE_SIZE + 1);

    let mut out = Vec::new();
    assert!(matches!(
        metadata::clean(&path, &mut out),
        Err(MetadataError::TooLarge { size, limit }) if size == MAX_CLEANABLE_SIZE + 1 && limit == MAX_CLEANABLE_SIZE
    ));

    let video = huge(dir.path(), "film.mp4", b"\0\0\0\x18ftypisom\0\0\x02\0");
    let found = metadata::inspect(&video).unwrap();
    assert_eq!(found.kind, FileKind::Other);
    assert!(!found.cleanable);
}

#[test]
fn control_characters_in_metadata_never_reach_the_terminal() {
    let make = exif::Field {
        tag: exif::Tag::Make,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![b"Evil\x1b]0;pwned\x07\x1b[31m Corp\r\n".to_vec()]),
    };
    let mut writer = exif::experimental::Writer::new();
    writer.push_field(&make);
    let mut tiff = std::io::Cursor::new(Vec::new());
    writer.write(&mut tiff, true).unwrap();
    let mut jpeg = Jpeg::from_bytes(Bytes::from(fixtures::jpeg_plain())).unwrap();
    jpeg.segments_mut().insert(
        1,
        img_parts::jpeg::JpegSegment::new_with_contents(
            markers::APP1,
            Bytes::from([b"Exif\0\0".as_slice(), tiff.get_ref()].concat()),
        ),
    );
    let found = inspect("evil.jpg", &jpeg.encoder().bytes());
    assert_eq!(
        descriptions(&found),
        ["Camera make: \"Evil]0;pwned[31m Corp\""]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Damaged files never panic, and whatever `clean` accepts comes out
    /// without findings.
    #[test]
    fn damaged_files_never_panic(
        which in 0..4_usize,
        cut in 0.0..1.0_f64,
        flips in proptest::collection::vec((0.0..1.0_f64, any::<u8>()), 0..8),
    ) {
        let mut data = match which {
            0 => fixtures::jpeg_with_metadata(),
            1 => fixtures::png_with_metadata(),
            2 => fixtures::webp_with_metadata(),
            _ => fixtures::pdf_with_metadata(),
        };
        for (at, byte) in flips {
            let i = ((data.len() - 1) as f64 * at) as usize;
            data[i] ^= byte;
        }
        let keep = 1 + ((data.len() - 1) as f64 * cut) as usize;
        data.truncate(keep);

        let _ = metadata::inspect_bytes(&data);
        if let Ok((cleaned, _)) = metadata::clean_bytes(&data) {
            let after = metadata::inspect_bytes(&cleaned).unwrap();
            prop_assert!(after.findings.is_empty(), "{:?}", after.findings);
        }
    }
}
