//! Detecting a file's kind from its first bytes ("magic numbers").

use super::FileKind;

/// How many leading bytes are read to detect a file's kind.
pub(crate) const HEAD_LEN: usize = 1024;

/// The media type of unknown binary data.
pub(crate) const OCTET_STREAM: &str = "application/octet-stream";

/// The kind of a file, from its first bytes.
pub(crate) fn kind_of(head: &[u8]) -> FileKind {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileKind::Jpeg
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        FileKind::Png
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        FileKind::Webp
    } else if is_pdf(head) {
        FileKind::Pdf
    } else {
        FileKind::Other
    }
}

/// PDF readers accept the `%PDF-` header anywhere in the first kilobyte.
fn is_pdf(head: &[u8]) -> bool {
    let head = head.get(..HEAD_LEN).unwrap_or(head);
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The media type and extension of a file this module cannot clean, from
/// its first bytes, else from the extension of its name, else
/// `application/octet-stream` and `bin`.
pub(crate) fn guess_other(head: &[u8], extension: Option<&str>) -> (String, String) {
    let extension = extension
        .map(str::to_ascii_lowercase)
        .filter(|e| (1..=8).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_alphanumeric()));
    let by_extension = extension.as_deref().and_then(media_type_of_extension);
    let (media_type, ext) = match by_magic(head) {
        // Zip and OLE are containers: the name says what is inside.
        Some(("application/zip" | "application/x-ole-storage", _)) if by_extension.is_some() => {
            by_extension.unwrap_or((OCTET_STREAM, "bin"))
        }
        Some(found) => found,
        None => by_extension.unwrap_or((OCTET_STREAM, "bin")),
    };
    let ext = match (ext, &extension) {
        // Keep the reporter's own extension when the magic agrees with it.
        (_, Some(own)) if media_type_of_extension(own).map(|(m, _)| m) == Some(media_type) => {
            own.clone()
        }
        (ext, _) => ext.to_owned(),
    };
    (media_type.to_owned(), ext)
}

/// Media type and extension from well-known signatures.
fn by_magic(head: &[u8]) -> Option<(&'static str, &'static str)> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(4, b"ftyp") {
        return Some(by_brand(head.get(8..12).unwrap_or_default()));
    }
    let found = if at(0, b"GIF87a") || at(0, b"GIF89a") {
        ("image/gif", "gif")
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        ("image/tiff", "tif")
    } else if at(0, b"BM") && head.len() >= 14 {
        ("image/bmp", "bmp")
    } else if at(0, b"RIFF") && at(8, b"WAVE") {
        ("audio/wav", "wav")
    } else if at(0, b"RIFF") && at(8, b"AVI ") {
        ("video/x-msvideo", "avi")
    } else if at(0, b"ID3") || at(0, &[0xFF, 0xFB]) || at(0, &[0xFF, 0xF3]) {
        ("audio/mpeg", "mp3")
    } else if at(0, b"OggS") {
        ("audio/ogg", "ogg")
    } else if at(0, b"fLaC") {
        ("audio/flac", "flac")
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        ("video/x-matroska", "mkv")
    } else if at(0, b"PK\x03\x04") {
        ("application/zip", "zip")
    } else if at(0, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        ("application/x-ole-storage", "bin")
    } else if at(0, &[0x1F, 0x8B]) {
        ("application/gzip", "gz")
    } else if at(0, b"7z\xBC\xAF\x27\x1C") {
        ("application/x-7z-compressed", "7z")
    } else if at(0, b"Rar!\x1A\x07") {
        ("application/vnd.rar", "rar")
    } else if at(0, b"{\\rtf") {
        ("application/rtf", "rtf")
    } else {
        return None;
    };
    Some(found)
}

/// Media type and extension of an ISO base media file, from its brand.
fn by_brand(brand: &[u8]) -> (&'static str, &'static str) {
    match brand {
        b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"hevm" | b"hevs" => {
            ("image/heic", "heic")
        }
        b"mif1" | b"msf1" => ("image/heif", "heif"),
        b"avif" | b"avis" => ("image/avif", "avif"),
        b"qt  " => ("video/quicktime", "mov"),
        b"M4A " | b"M4B " => ("audio/mp4", "m4a"),
        b"3gp4" | b"3gp5" | b"3gp6" | b"3g2a" => ("video/3gpp", "3gp"),
        _ => ("video/mp4", "mp4"),
    }
}

/// Media type and canonical extension for a (lowercase) file extension.
fn media_type_of_extension(extension: &str) -> Option<(&'static str, &'static str)> {
    let found = match extension {
        "txt" | "text" | "log" => ("text/plain", "txt"),
        "csv" => ("text/csv", "csv"),
        "md" => ("text/markdown", "md"),
        "htm" | "html" => ("text/html", "html"),
        "json" => ("application/json", "json"),
        "xml" => ("application/xml", "xml"),
        "eml" => ("message/rfc822", "eml"),
        "doc" => ("application/msword", "doc"),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ),
        "xls" => ("application/vnd.ms-excel", "xls"),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "ppt" => ("application/vnd.ms-powerpoint", "ppt"),
        "pptx" => (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "pptx",
        ),
        "odt" => ("application/vnd.oasis.opendocument.text", "odt"),
        "ods" => ("application/vnd.oasis.opendocument.spreadsheet", "ods"),
        "odp" => ("application/vnd.oasis.opendocument.presentation", "odp"),
        "zip" => ("application/zip", "zip"),
        "rtf" => ("application/rtf", "rtf"),
        "gif" => ("image/gif", "gif"),
        "tif" | "tiff" => ("image/tiff", "tif"),
        "bmp" => ("image/bmp", "bmp"),
        "heic" => ("image/heic", "heic"),
        "heif" => ("image/heif", "heif"),
        "avif" => ("image/avif", "avif"),
        "mp3" => ("audio/mpeg", "mp3"),
        "m4a" => ("audio/mp4", "m4a"),
        "wav" => ("audio/wav", "wav"),
        "ogg" | "oga" | "opus" => ("audio/ogg", "ogg"),
        "flac" => ("audio/flac", "flac"),
        "mp4" | "m4v" => ("video/mp4", "mp4"),
        "mov" => ("video/quicktime", "mov"),
        "mkv" => ("video/x-matroska", "mkv"),
        "webm" => ("video/webm", "webm"),
        "avi" => ("video/x-msvideo", "avi"),
        "3gp" => ("video/3gpp", "3gp"),
        _ => return None,
    };
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_come_from_magic_bytes_not_names() {
        assert_eq!(kind_of(b"\xFF\xD8\xFF\xE0rest"), FileKind::Jpeg);
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\nrest"), FileKind::Png);
        assert_eq!(kind_of(b"RIFF\0\0\0\0WEBPVP8 "), FileKind::Webp);
        assert_eq!(kind_of(b"RIFF\0\0\0\0WAVEfmt "), FileKind::Other);
        assert_eq!(kind_of(b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(kind_of(b"\n\n%PDF-1.4\n"), FileKind::Pdf);
        assert_eq!(kind_of(b"hello"), FileKind::Other);
        assert_eq!(kind_of(b""), FileKind::Other);
    }

    #[test]
    fn other_files_get_a_media_type_and_extension() {
        let guess = |head: &[u8], ext| guess_other(head, ext);
        assert_eq!(
            guess(b"\0\0\0\x18ftypheic\0\0\0\0", None),
            ("image/heic".to_owned(), "heic".to_owned())
        );
        assert_eq!(
            guess(b"\0\0\0\x18ftypisom\0\0\0\0", Some("MOV")),
            ("video/mp4".to_owned(), "mp4".to_owned())
        );
        assert_eq!(
            guess(b"PK\x03\x04....", Some("DOCX")),
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_owned(),
                "docx".to_owned()
            )
        );
        assert_eq!(
            guess(b"PK\x03\x04....", None),
            ("application/zip".to_owned(), "zip".to_owned())
        );
        assert_eq!(
            guess(b"plain words", Some("txt")),
            ("text/plain".to_owned(), "txt".to_owned())
        );
        assert_eq!(
            guess(b"plain words", Some("tiff")),
            ("image/tiff".to_owned(), "tiff".to_owned())
        );
        assert_eq!(
            guess(b"\x01\x02", Some("../../x")),
            (OCTET_STREAM.to_owned(), "bin".to_owned())
        );
        assert_eq!(
            guess(b"\x01\x02", None),
            (OCTET_STREAM.to_owned(), "bin".to_owned())
        );
    }
}
