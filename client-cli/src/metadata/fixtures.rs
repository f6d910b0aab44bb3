//! Sample attachments carrying identifying metadata, built in memory, for
//! tests (here and end to end). Enabled by the `fixtures` feature.
//!
//! The images are real: they decode to a small gradient. The metadata
//! values are the constants below, so tests can look for them.
//!
//! ```
//! use sanctuary_cli::metadata::{self, fixtures};
//!
//! let found = metadata::inspect_bytes(&fixtures::png_with_metadata()).unwrap();
//! assert!(found.findings.iter().any(|f| f.description.contains(fixtures::AUTHOR)));
//! ```

use std::io::Cursor;

use exif::experimental::Writer;
use exif::{Field, In, Rational, Tag, Value};
use img_parts::Bytes;
use img_parts::png::PngChunk;
use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// The author, artist and owner name in every fixture.
pub const AUTHOR: &str = "Jane Doe";
/// The camera make in the EXIF fixtures.
pub const CAMERA_MAKE: &str = "Sanctuary Test Camera Co.";
/// The camera model in the EXIF fixtures.
pub const CAMERA_MODEL: &str = "Witness X100";
/// The camera body serial number in the EXIF fixtures.
pub const CAMERA_SERIAL: &str = "SN-0042-TEST";
/// The editing software in the EXIF fixtures.
pub const SOFTWARE: &str = "PhotoEdit 2.1";
/// The EXIF DateTimeOriginal of the fixtures, as stored.
pub const DATE_TAKEN: &str = "2024:05:01 14:03:22";
/// [`DATE_TAKEN`] as findings show it.
pub const DATE_TAKEN_SHOWN: &str = "2024-05-01 14:03";
/// The GPS position of the fixtures as findings show it (51° 30′ 4.32″ N,
/// 0° 8′ 30.84″ W).
pub const GPS_SHOWN: &str = "51.5012° N, 0.1419° W";
/// The program named in the XMP and PDF fixtures.
pub const CREATOR_TOOL: &str = "Sanctuary Fixture Writer 1.0";

/// Width and height of the fixture images, in pixels.
pub const SIZE: u16 = 16;

/// A 16×16 RGB gradient.
fn pixels() -> Vec<u8> {
    let mut rgb = Vec::with_capacity(usize::from(SIZE) * usize::from(SIZE) * 3);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (x, y) = (x as u8, y as u8);
            rgb.extend_from_slice(&[x * 15, y * 15, 128]);
        }
    }
    rgb
}

/// An EXIF block (TIFF structure, without the `Exif\0\0` prefix) with a
/// GPS position, camera make, model and serial number, artist, software
/// and the date taken; and an orientation when `orientation` is given.
///
/// # Panics
///
/// Never in practice: the writer only fails on values it cannot encode.
pub fn exif_tiff(orientation: Option<u16>) -> Vec<u8> {
    let ascii = |tag, value: &str| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Ascii(vec![value.as_bytes().to_vec()]),
    };
    let rational = |tag, parts: [(u32, u32); 3]| Field {
        tag,
        ifd_num: In::PRIMARY,
        value: Value::Rational(
            parts
                .iter()
                .map(|&(num, denom)| Rational { num, denom })
                .collect(),
        ),
    };
    let mut fields = vec![
        ascii(Tag::Make, CAMERA_MAKE),
        ascii(Tag::Model, CAMERA_MODEL),
        ascii(Tag::Software, SOFTWARE),
        ascii(Tag::Artist, AUTHOR),
        ascii(Tag::DateTimeOriginal, DATE_TAKEN),
        ascii(Tag::BodySerialNumber, CAMERA_SERIAL),
        ascii(Tag::GPSLatitudeRef, "N"),
        rational(Tag::GPSLatitude, [(51, 1), (30, 1), (432, 100)]),
        ascii(Tag::GPSLongitudeRef, "W"),
        rational(Tag::GPSLongitude, [(0, 1), (8, 1), (3084, 100)]),
    ];
    if let Some(orientation) = orientation {
        fields.push(Field {
            tag: Tag::Orientation,
            ifd_num: In::PRIMARY,
            value: Value::Short(vec![orientation]),
        });
    }
    let mut writer = Writer::new();
    for field in &fields {
        writer.push_field(field);
    }
    let mut out = Cursor::new(Vec::new());
    writer
        .write(&mut out, false)
        .expect("fixed EXIF fields always encode");
    out.into_inner()
}

/// An XMP packet naming [`AUTHOR`] as creator and [`CREATOR_TOOL`], with a
/// creation date and a GPS position.
pub fn xmp_packet() -> String {
    format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmp:CreatorTool="{CREATOR_TOOL}"
    xmp:CreateDate="2024-05-01T14:03:22+01:00"
    exif:GPSLatitude="51,30.072N"
    exif:GPSLongitude="0,8.514W">
   <dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

/// A baseline JPEG with nothing but the picture (and its `JFIF` header).
///
/// # Panics
///
/// Never in practice: the encoder only fails on inconsistent input.
pub fn jpeg_plain() -> Vec<u8> {
    jpeg_with(Vec::new())
}

/// A JPEG with an EXIF block ([`exif_tiff`]: GPS position, camera make,
/// model and serial number, date taken) and an XMP block ([`xmp_packet`]).
pub fn jpeg_with_metadata() -> Vec<u8> {
    jpeg_with(vec![
        [b"Exif\0\0".as_slice(), &exif_tiff(None)].concat(),
        [
            b"http://ns.adobe.com/xap/1.0/\0".as_slice(),
            xmp_packet().as_bytes(),
        ]
        .concat(),
    ])
}

/// As [`jpeg_with_metadata`], with EXIF orientation 6: the picture must be
/// turned 90° clockwise to be upright.
pub fn jpeg_rotated_with_metadata() -> Vec<u8> {
    jpeg_with(vec![[b"Exif\0\0".as_slice(), &exif_tiff(Some(6))].concat()])
}

/// A JPEG of [`pixels`] with the given `APP1` segments.
fn jpeg_with(app1: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    for segment in app1 {
        encoder
            .add_app_segment(1, segment)
            .expect("fixture segments are small");
    }
    encoder
        .encode(&pixels(), SIZE, SIZE, jpeg_encoder::ColorType::Rgb)
        .expect("fixture pixels match their size");
    out
}

/// A PNG with nothing but the picture.
pub fn png_plain() -> Vec<u8> {
    png_with(Vec::new())
}

/// A PNG with a `tEXt` Author ([`AUTHOR`]), an `eXIf` block
/// ([`exif_tiff`]) and a `tIME` chunk.
pub fn png_with_metadata() -> Vec<u8> {
    png_with(vec![
        PngChunk::new(*b"eXIf", Bytes::from(exif_tiff(None))),
        PngChunk::new(*b"tEXt", Bytes::from(format!("Author\0{AUTHOR}"))),
        PngChunk::new(*b"tIME", Bytes::from_static(&[0x07, 0xE8, 5, 1, 14, 3, 22])),
    ])
}

/// A PNG of [`pixels`] with `extra` chunks between `IHDR` and `IDAT`.
fn png_with(extra: Vec<PngChunk>) -> Vec<u8> {
    let size = u32::from(SIZE);
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, not interlaced
    let mut raw = Vec::new();
    for row in pixels().chunks(usize::from(SIZE) * 3) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let idat = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);

    let mut chunks = vec![PngChunk::new(*b"IHDR", Bytes::from(ihdr))];
    chunks.extend(extra);
    chunks.push(PngChunk::new(*b"IDAT", Bytes::from(idat)));
    chunks.push(PngChunk::new(*b"IEND", Bytes::new()));
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for chunk in chunks {
        out.extend_from_slice(&chunk.encoder().bytes());
    }
    out
}

/// A lossless WebP with nothing but the picture.
pub fn webp_plain() -> Vec<u8> {
    webp_with(None, None)
}

/// A WebP (extended format, `VP8X`) with an `EXIF` chunk ([`exif_tiff`])
/// and an `XMP ` chunk ([`xmp_packet`]).
pub fn webp_with_metadata() -> Vec<u8> {
    webp_with(Some(exif_tiff(None)), Some(xmp_packet().into_bytes()))
}

/// A lossless WebP of [`pixels`] with the given metadata.
///
/// # Panics
///
/// Never in practice: the encoder only fails on inconsistent input.
fn webp_with(exif: Option<Vec<u8>>, xmp: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = image_webp::WebPEncoder::new(&mut out);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif);
    }
    if let Some(xmp) = xmp {
        encoder.set_xmp_metadata(xmp);
    }
    encoder
        .encode(
            &pixels(),
            u32::from(SIZE),
            u32::from(SIZE),
            image_webp::ColorType::Rgb8,
        )
        .expect("fixture pixels match their size");
    out
}

/// A one-page PDF with nothing identifying.
pub fn pdf_plain() -> Vec<u8> {
    pdf_with(false, None)
}

/// A one-page PDF whose Info dictionary names [`AUTHOR`] (with Creator,
/// Producer, Title and CreationDate) and whose catalog has an XMP
/// `/Metadata` stream ([`xmp_packet`]).
pub fn pdf_with_metadata() -> Vec<u8> {
    pdf_with(true, None)
}

/// [`pdf_with_metadata`] whose page also shows a JPEG photo that still
/// carries its EXIF block ([`jpeg_with_metadata`]).
pub fn pdf_with_photo() -> Vec<u8> {
    pdf_with(true, Some(jpeg_with_metadata()))
}

/// A one-page PDF saying "Statement", with metadata if `metadata`, and a
/// JPEG picture if `photo` is given.
///
/// # Panics
///
/// Never in practice: writing to memory cannot fail.
fn pdf_with(metadata: bool, photo: Option<Vec<u8>>) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let mut operations = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 24.into()]),
        Operation::new("Td", vec![72.into(), 720.into()]),
        Operation::new("Tj", vec![Object::string_literal("Statement")]),
        Operation::new("ET", vec![]),
    ];
    let mut resources = dictionary! { "Font" => dictionary! { "F1" => font_id } };
    if let Some(photo) = photo {
        let image_id = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => i64::from(SIZE),
                "Height" => i64::from(SIZE),
                "ColorSpace" => "DeviceRGB",
                "BitsPerComponent" => 8,
                "Filter" => "DCTDecode",
            },
            photo,
        ));
        resources.set("XObject", dictionary! { "Im1" => image_id });
        operations.extend([
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    160.into(),
                    0.into(),
                    0.into(),
                    160.into(),
                    72.into(),
                    500.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ]);
    }
    let content = Content { operations }
        .encode()
        .expect("fixed content operations encode");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    if metadata {
        let xmp_id = doc.add_object(Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            xmp_packet().into_bytes(),
        ));
        catalog.set("Metadata", xmp_id);
        let info_id = doc.add_object(dictionary! {
            "Author" => Object::string_literal(AUTHOR),
            "Creator" => Object::string_literal(CREATOR_TOOL),
            "Producer" => Object::string_literal("Sanctuary Fixture PDF Library"),
            "Title" => Object::string_literal("My statement"),
            "CreationDate" => Object::string_literal("D:20240501140322+01'00'"),
        });
        doc.trailer.set("Info", info_id);
    }
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .expect("writing to memory cannot fail");
    out
}
