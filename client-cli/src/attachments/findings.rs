//! What the metadata check found, in the reporter's language: each
//! [`Wording`] of the `metadata` module as a Fluent message. The matches
//! are exhaustive, so a new kind of finding cannot be left untranslated.
//! With no language chosen (`case reply`) this is the English of
//! [`Wording::english`], word for word.

use crate::i18n::t;
use crate::metadata::{Block, Counted, Label, Sentence, Wording};

/// `wording` in the reporter's language.
pub(super) fn describe(wording: &Wording) -> String {
    match wording {
        Wording::Quoted(label, value) => t!(
            "found-quoted",
            label = label_text(*label),
            value = value.clone()
        ),
        Wording::Dated(label, date) => {
            t!(
                "found-dated",
                label = label_text(*label),
                date = date.clone()
            )
        }
        Wording::Sentence(sentence) => sentence_text(*sentence),
        Wording::Gps(Some(place)) => t!("found-gps", place = place.clone()),
        Wording::Gps(None) => t!("found-gps-unreadable"),
        Wording::Counted(Counted::OtherCameraDetails, n) => {
            t!("found-other-camera-details", n = *n)
        }
        Wording::Counted(Counted::OtherXmpDetails, n) => t!("found-other-xmp-details", n = *n),
        Wording::Counted(Counted::NotListed, n) => t!("found-not-listed", n = *n),
        Wording::Trailing(size, false) => t!("found-trailing", size = size.clone()),
        Wording::Trailing(size, true) => t!("found-trailing-jpeg", size = size.clone()),
        Wording::UnknownBlock(Block::Png, name) => t!("found-unknown-png", name = name.clone()),
        Wording::UnknownBlock(Block::Webp, name) => t!("found-unknown-webp", name = name.clone()),
        Wording::UnknownBlock(Block::Jpeg, name) => t!("found-unknown-jpeg", name = name.clone()),
        Wording::TextNote(keyword, None) => t!("found-text-note", keyword = keyword.clone()),
        Wording::TextNote(keyword, Some(value)) => t!(
            "found-text-note-value",
            keyword = keyword.clone(),
            value = value.clone()
        ),
        Wording::UnreadableNote(keyword) => {
            t!("found-unreadable-note", keyword = keyword.clone())
        }
        Wording::DocumentProperty(name, None) => {
            t!("found-document-property", name = name.clone())
        }
        Wording::DocumentProperty(name, Some(value)) => t!(
            "found-document-property-value",
            name = name.clone(),
            value = value.clone()
        ),
        Wording::InPicture(inner) => t!("found-in-picture", finding = describe(inner)),
    }
}

fn label_text(label: Label) -> String {
    match label {
        Label::CameraMake => t!("found-label-camera-make"),
        Label::CameraModel => t!("found-label-camera-model"),
        Label::CameraSerialNumber => t!("found-label-camera-serial-number"),
        Label::LensMake => t!("found-label-lens-make"),
        Label::LensModel => t!("found-label-lens-model"),
        Label::LensSerialNumber => t!("found-label-lens-serial-number"),
        Label::ComputerName => t!("found-label-computer-name"),
        Label::DeviceUsed => t!("found-label-device-used"),
        Label::PhotographerName => t!("found-label-photographer-name"),
        Label::AuthorName => t!("found-label-author-name"),
        Label::CameraOwnerName => t!("found-label-camera-owner-name"),
        Label::CopyrightHolder => t!("found-label-copyright-holder"),
        Label::RightsOwner => t!("found-label-rights-owner"),
        Label::Contributor => t!("found-label-contributor"),
        Label::Publisher => t!("found-label-publisher"),
        Label::AuthorJobTitle => t!("found-label-author-job-title"),
        Label::CaptionWriter => t!("found-label-caption-writer"),
        Label::Credit => t!("found-label-credit"),
        Label::AuthorContact => t!("found-label-author-contact"),
        Label::NoteAuthor => t!("found-label-note-author"),
        Label::Date => t!("found-label-date"),
        Label::DateTaken => t!("found-label-date-taken"),
        Label::DateDigitised => t!("found-label-date-digitised"),
        Label::DateCreated => t!("found-label-date-created"),
        Label::DateLastChanged => t!("found-label-date-last-changed"),
        Label::DetailsLastChanged => t!("found-label-details-last-changed"),
        Label::NoteAdded => t!("found-label-note-added"),
        Label::NoteChanged => t!("found-label-note-changed"),
        Label::TimeZone => t!("found-label-time-zone"),
        Label::SoftwareUsed => t!("found-label-software-used"),
        Label::ProgramUsed => t!("found-label-program-used"),
        Label::DocumentCreator => t!("found-label-document-creator"),
        Label::PdfProducer => t!("found-label-pdf-producer"),
        Label::City => t!("found-label-city"),
        Label::Region => t!("found-label-region"),
        Label::Country => t!("found-label-country"),
        Label::CountryCode => t!("found-label-country-code"),
        Label::Place => t!("found-label-place"),
        Label::Title => t!("found-label-title"),
        Label::Subject => t!("found-label-subject"),
        Label::Description => t!("found-label-description"),
        Label::Comment => t!("found-label-comment"),
        Label::Keywords => t!("found-label-keywords"),
        Label::Headline => t!("found-label-headline"),
        Label::Instructions => t!("found-label-instructions"),
        Label::Source => t!("found-label-source"),
        Label::DocumentName => t!("found-label-document-name"),
    }
}

fn sentence_text(sentence: Sentence) -> String {
    match sentence {
        Sentence::MakerNotes => t!("found-maker-notes"),
        Sentence::UniquePictureNumber => t!("found-unique-picture-number"),
        Sentence::MoreGps => t!("found-more-gps"),
        Sentence::GpsDetails => t!("found-gps-details"),
        Sentence::CameraSettings => t!("found-camera-settings"),
        Sentence::Thumbnail => t!("found-thumbnail"),
        Sentence::UnreadableExif => t!("found-unreadable-exif"),
        Sentence::UnreadableXmp => t!("found-unreadable-xmp"),
        Sentence::EditingHistory => t!("found-editing-history"),
        Sentence::DocumentNumbers => t!("found-document-numbers"),
        Sentence::SourceFiles => t!("found-source-files"),
        Sentence::EditorData => t!("found-editor-data"),
        Sentence::DamagedPicture => t!("found-damaged-picture"),
        Sentence::ExifAsText => t!("found-exif-as-text"),
        Sentence::XmpAsText => t!("found-xmp-as-text"),
        Sentence::PhotoshopIptc => t!("found-photoshop-iptc"),
        Sentence::ExtendedXmp => t!("found-extended-xmp"),
        Sentence::PictureIndex => t!("found-picture-index"),
        Sentence::ContentCredentials => t!("found-content-credentials"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::metadata::{self, fixtures};

    /// Without a chosen language (as in `case reply`, and in this test
    /// process), every finding reads exactly as the metadata module's
    /// English: the notes do not change for caseworkers.
    #[test]
    fn english_findings_read_as_the_metadata_module_says() {
        let labels = [
            Label::CameraMake,
            Label::CameraModel,
            Label::CameraSerialNumber,
            Label::LensMake,
            Label::LensModel,
            Label::LensSerialNumber,
            Label::ComputerName,
            Label::DeviceUsed,
            Label::PhotographerName,
            Label::AuthorName,
            Label::CameraOwnerName,
            Label::CopyrightHolder,
            Label::RightsOwner,
            Label::Contributor,
            Label::Publisher,
            Label::AuthorJobTitle,
            Label::CaptionWriter,
            Label::Credit,
            Label::AuthorContact,
            Label::NoteAuthor,
            Label::Date,
            Label::DateTaken,
            Label::DateDigitised,
            Label::DateCreated,
            Label::DateLastChanged,
            Label::DetailsLastChanged,
            Label::NoteAdded,
            Label::NoteChanged,
            Label::TimeZone,
            Label::SoftwareUsed,
            Label::ProgramUsed,
            Label::DocumentCreator,
            Label::PdfProducer,
            Label::City,
            Label::Region,
            Label::Country,
            Label::CountryCode,
            Label::Place,
            Label::Title,
            Label::Subject,
            Label::Description,
            Label::Comment,
            Label::Keywords,
            Label::Headline,
            Label::Instructions,
            Label::Source,
            Label::DocumentName,
        ];
        let sentences = [
            Sentence::MakerNotes,
            Sentence::UniquePictureNumber,
            Sentence::MoreGps,
            Sentence::GpsDetails,
            Sentence::CameraSettings,
            Sentence::Thumbnail,
            Sentence::UnreadableExif,
            Sentence::UnreadableXmp,
            Sentence::EditingHistory,
            Sentence::DocumentNumbers,
            Sentence::SourceFiles,
            Sentence::EditorData,
            Sentence::DamagedPicture,
            Sentence::ExifAsText,
            Sentence::XmpAsText,
            Sentence::PhotoshopIptc,
            Sentence::ExtendedXmp,
            Sentence::PictureIndex,
            Sentence::ContentCredentials,
        ];
        let value = || "Jane Doe".to_owned();
        let mut all: Vec<Wording> = labels
            .iter()
            .flat_map(|l| [Wording::Quoted(*l, value()), Wording::Dated(*l, value())])
            .chain(sentences.iter().map(|s| Wording::Sentence(*s)))
            .collect();
        all.extend([
            Wording::Gps(Some("51.5012° N, 0.1419° W".to_owned())),
            Wording::Gps(None),
            Wording::Counted(Counted::OtherCameraDetails, 3),
            Wording::Counted(Counted::OtherXmpDetails, 1),
            Wording::Counted(Counted::NotListed, 7),
            Wording::Trailing("12 KiB".to_owned(), false),
            Wording::Trailing("12 KiB".to_owned(), true),
            Wording::UnknownBlock(Block::Png, "abCD".to_owned()),
            Wording::UnknownBlock(Block::Webp, "ABCD".to_owned()),
            Wording::UnknownBlock(Block::Jpeg, "5".to_owned()),
            Wording::TextNote("Where".to_owned(), None),
            Wording::TextNote("Where".to_owned(), Some(value())),
            Wording::UnreadableNote("Where".to_owned()),
            Wording::DocumentProperty("Office".to_owned(), None),
            Wording::DocumentProperty("Office".to_owned(), Some(value())),
            Wording::InPicture(Box::new(Wording::Sentence(Sentence::DamagedPicture))),
            Wording::InPicture(Box::new(Wording::Quoted(Label::CameraMake, value()))),
        ]);
        for wording in &all {
            assert_eq!(describe(wording), wording.english(), "{wording:?}");
        }
        // And on real files, which the fixtures fill with every kind.
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("a.jpg", fixtures::jpeg_with_metadata()),
            ("a.png", fixtures::png_with_metadata()),
            ("a.webp", fixtures::webp_with_metadata()),
            ("a.pdf", fixtures::pdf_with_metadata()),
            ("b.pdf", fixtures::pdf_with_photo()),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            for finding in metadata::inspect(&path).unwrap().findings {
                assert_eq!(describe(&finding.wording), finding.description);
            }
        }
    }
}
