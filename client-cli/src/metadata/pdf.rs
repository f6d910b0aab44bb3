//! PDF: the document information dictionary, XMP metadata streams,
//! applications' private data (`/PieceInfo`), the author names and dates
//! of comments and other marks, and the metadata of JPEG pictures inside
//! are removed, and the document is rewritten with `lopdf`.
//!
//! Rewriting also drops what earlier saves left behind ("incremental
//! updates", which can hold an older author name): only objects still
//! reachable from the document are written.

use img_parts::Bytes;
use lopdf::{Dictionary, Document, Object, ObjectId, decode_text_string};
use miniz_oxide::inflate::decompress_to_vec_zlib_with_limit;

use super::findings::FindingList;
use super::text::{clean_value, dated, labelled, quoted};
use super::wording::{Label, Sentence, Wording};
use super::{FileKind, Finding, FindingCategory, MetadataError, jpeg, xmp};

/// How deep dictionaries nested in arrays and dictionaries are searched.
const MAX_DEPTH: usize = 32;

/// The annotation entries naming who added a note or mark, and when.
const ANNOTATION_PERSONAL: [&[u8]; 3] = [b"T", b"M", b"CreationDate"];

/// The most bytes an XMP stream is inflated to.
const MAX_XMP: usize = 16 * 1024 * 1024;

/// The findings of a PDF.
pub(crate) fn inspect(data: &[u8]) -> Result<Vec<Finding>, MetadataError> {
    let doc = load(data)?;
    let mut found = FindingList::default();
    found.extend(info_findings(&doc));
    for (_, object) in doc.objects.iter() {
        found.extend(object_findings(object));
    }
    Ok(found.into_vec())
}

/// The cleaned PDF and what was removed.
pub(crate) fn clean(data: &[u8]) -> Result<(Bytes, Vec<Finding>), MetadataError> {
    let mut doc = load(data)?;
    let mut removed = FindingList::default();
    removed.extend(info_findings(&doc));
    doc.trailer.remove(b"Info");

    let metadata_streams: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, object)| is_metadata_stream(object))
        .map(|(&id, _)| id)
        .collect();
    for (_, object) in doc.objects.iter_mut() {
        removed.extend(object_findings(object));
        for_each_dict_mut(object, 0, &mut |dict| {
            dict.remove(b"Metadata");
            dict.remove(b"PieceInfo");
            if is_markup_annotation(dict) {
                for key in ANNOTATION_PERSONAL {
                    dict.remove(key);
                }
            }
        });
        clean_picture(object);
    }
    for id in metadata_streams {
        doc.objects.remove(&id);
    }
    // Drops objects no longer referenced: the old Info dictionaries and
    // metadata streams of earlier saves.
    doc.prune_objects();

    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| {
        MetadataError::corrupt_from(FileKind::Pdf, "it could not be written back", e)
    })?;
    Ok((Bytes::from(out), removed.into_vec()))
}

/// Loads a document, refusing encrypted ones.
fn load(data: &[u8]) -> Result<Document, MetadataError> {
    let doc = Document::load_mem(data).map_err(|e| {
        MetadataError::corrupt_from(FileKind::Pdf, "its structure could not be read", e)
    })?;
    if doc.trailer.has(b"Encrypt") {
        return Err(MetadataError::Encrypted);
    }
    if doc.catalog().is_err() {
        return Err(MetadataError::corrupt(
            FileKind::Pdf,
            "it has no document catalog",
        ));
    }
    Ok(doc)
}

/// `object` itself, or what it refers to.
fn resolve<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => doc.get_object(*id).ok(),
        other => Some(other),
    }
}

/// The findings of the trailer's document information dictionary.
fn info_findings(doc: &Document) -> Vec<Finding> {
    use FindingCategory as C;
    let Some(info) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| resolve(doc, info))
        .and_then(|info| info.as_dict().ok())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (key, value) in info.iter() {
        let Some(value) = resolve(doc, value) else {
            continue;
        };
        let value = value_text(value);
        let key = String::from_utf8_lossy(key);
        let finding = match key.as_ref() {
            "Author" => labelled(Label::AuthorName, &value).map(|d| (C::Person, d)),
            "Creator" => labelled(Label::DocumentCreator, &value).map(|d| (C::Software, d)),
            "Producer" => labelled(Label::PdfProducer, &value).map(|d| (C::Software, d)),
            "Title" => labelled(Label::Title, &value).map(|d| (C::Other, d)),
            "Subject" => labelled(Label::Subject, &value).map(|d| (C::Other, d)),
            "Keywords" => labelled(Label::Keywords, &value).map(|d| (C::Other, d)),
            "CreationDate" => dated(Label::DateCreated, &value).map(|d| (C::Time, d)),
            "ModDate" => dated(Label::DateLastChanged, &value).map(|d| (C::Time, d)),
            "Trapped" => None,
            other => Some((
                C::Other,
                Wording::DocumentProperty(clean_value(other), quoted(&value)),
            )),
        };
        if let Some((category, wording)) = finding {
            found.push(Finding::new(category, wording));
        }
    }
    found
}

/// The text of an information dictionary value.
fn value_text(value: &Object) -> String {
    match value {
        Object::String(..) => decode_text_string(value).unwrap_or_else(|_| {
            value
                .as_str()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default()
        }),
        Object::Name(name) => String::from_utf8_lossy(name).into_owned(),
        Object::Integer(i) => i.to_string(),
        Object::Real(r) => r.to_string(),
        Object::Boolean(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The findings carried by one object: an XMP stream, an application's
/// private data, a JPEG picture's own metadata.
fn object_findings(object: &Object) -> Vec<Finding> {
    let mut found = Vec::new();
    if is_metadata_stream(object) {
        found.extend(xmp_findings(object));
    }
    for_each_dict(object, 0, &mut |dict| {
        if dict.has(b"PieceInfo") {
            found.push(Finding::new(
                FindingCategory::Software,
                Wording::Sentence(Sentence::EditorData),
            ));
        }
        if is_markup_annotation(dict) {
            found.extend(annotation_findings(dict));
        }
    });
    if let Some(picture) = jpeg_picture(object) {
        let inside = match jpeg::plan(Bytes::copy_from_slice(picture)) {
            Ok(plan) => plan.removed.into_vec(),
            // A damaged picture cannot be cleaned; if it seems to carry
            // metadata, say so, so that cleaning the document fails
            // rather than sending it with the picture's metadata.
            Err(_) if has_metadata_signature(picture) => vec![Finding::new(
                FindingCategory::Other,
                Wording::Sentence(Sentence::DamagedPicture),
            )],
            Err(_) => Vec::new(),
        };
        found.extend(
            inside
                .into_iter()
                .map(|f| Finding::new(f.category, Wording::InPicture(Box::new(f.wording)))),
        );
    }
    found
}

/// Whether `object` is an XMP metadata stream.
fn is_metadata_stream(object: &Object) -> bool {
    let Ok(stream) = object.as_stream() else {
        return false;
    };
    let name_is = |key: &[u8], want: &[u8]| {
        stream
            .dict
            .get(key)
            .and_then(Object::as_name)
            .is_ok_and(|n| n == want)
    };
    name_is(b"Type", b"Metadata") || name_is(b"Subtype", b"XML")
}

/// The findings of an XMP stream.
fn xmp_findings(object: &Object) -> Vec<Finding> {
    let unreadable = || {
        vec![Finding::new(
            FindingCategory::Other,
            Wording::Sentence(Sentence::UnreadableXmp),
        )]
    };
    let Ok(stream) = object.as_stream() else {
        return unreadable();
    };
    let filters = stream.filters().unwrap_or_default();
    let content = match filters.as_slice() {
        [] => Some(stream.content.clone()),
        [b"FlateDecode"] => decompress_to_vec_zlib_with_limit(&stream.content, MAX_XMP).ok(),
        _ => None,
    };
    match content {
        Some(packet) => xmp::findings(&packet),
        None => unreadable(),
    }
}

/// The bytes of a JPEG picture stored as is (`/DCTDecode` only).
fn jpeg_picture(object: &Object) -> Option<&[u8]> {
    let stream = object.as_stream().ok()?;
    let filters = stream.filters().ok()?;
    (filters.as_slice() == [b"DCTDecode".as_slice()]).then_some(stream.content.as_slice())
}

/// Whether a JPEG picture seems to hold EXIF, XMP or IPTC metadata.
fn has_metadata_signature(picture: &[u8]) -> bool {
    [
        b"Exif\0".as_slice(),
        b"http://ns.adobe.com/xap/1.0/",
        b"Photoshop 3.0",
    ]
    .iter()
    .any(|signature| picture.windows(signature.len()).any(|w| w == *signature))
}

/// Replaces a JPEG picture by a copy without its metadata.
fn clean_picture(object: &mut Object) {
    let Some(picture) = jpeg_picture(object) else {
        return;
    };
    let Ok((cleaned, _)) =
        jpeg::plan(Bytes::copy_from_slice(picture)).map(jpeg::Plan::into_cleaned)
    else {
        return;
    };
    if cleaned.as_ref() != picture
        && let Ok(stream) = object.as_stream_mut()
    {
        stream.set_content(cleaned.to_vec());
    }
}

/// Calls `f` on every dictionary in `object`, nested ones included.
fn for_each_dict(object: &Object, depth: usize, f: &mut impl FnMut(&Dictionary)) {
    if depth > MAX_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &stream.dict,
        Object::Array(items) => {
            for item in items {
                for_each_dict(item, depth + 1, f);
            }
            return;
        }
        _ => return,
    };
    f(dict);
    for (_, value) in dict.iter() {
        for_each_dict(value, depth + 1, f);
    }
}

/// Calls `f` on every dictionary in `object`, nested ones included.
fn for_each_dict_mut(object: &mut Object, depth: usize, f: &mut impl FnMut(&mut Dictionary)) {
    if depth > MAX_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &mut stream.dict,
        Object::Array(items) => {
            for item in items {
                for_each_dict_mut(item, depth + 1, f);
            }
            return;
        }
        _ => return,
    };
    f(dict);
    for (_, value) in dict.iter_mut() {
        for_each_dict_mut(value, depth + 1, f);
    }
}

/// Whether `dict` is a comment, highlight, stamp or other mark a person
/// added (whose `/T` is their name), rather than a form field or a link
/// (whose `/T` is a field name).
fn is_markup_annotation(dict: &Dictionary) -> bool {
    const MARKUP: &[&[u8]] = &[
        b"Text",
        b"FreeText",
        b"Line",
        b"Square",
        b"Circle",
        b"Polygon",
        b"PolyLine",
        b"Highlight",
        b"Underline",
        b"Squiggly",
        b"StrikeOut",
        b"Caret",
        b"Ink",
        b"Stamp",
        b"FileAttachment",
        b"Sound",
        b"Redact",
        b"Popup",
    ];
    dict.has(b"Rect")
        && dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|subtype| MARKUP.contains(&subtype))
}

/// Who added an annotation, and when.
fn annotation_findings(dict: &Dictionary) -> Vec<Finding> {
    let text = |key: &[u8]| dict.get(key).ok().map(value_text).unwrap_or_default();
    let found = [
        labelled(Label::NoteAuthor, &text(b"T")).map(|d| Finding::new(FindingCategory::Person, d)),
        dated(Label::NoteAdded, &text(b"CreationDate"))
            .map(|d| Finding::new(FindingCategory::Time, d)),
        dated(Label::NoteChanged, &text(b"M")).map(|d| Finding::new(FindingCategory::Time, d)),
    ];
    found.into_iter().flatten().collect()
}
