//! What a finding says, in parts: a [`Wording`] names the kind of thing
//! found and holds the values read from the file, so that a caller can put
//! it in the reader's language. [`Wording::english`] is the plain-English
//! sentence each [`Finding`](super::Finding) carries as its description.

/// The name of something quoted from a file, e.g. [`Label::CameraMake`]
/// in `Camera make: "Canon"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Label {
    /// "Camera make".
    CameraMake,
    /// "Camera model".
    CameraModel,
    /// "Camera serial number".
    CameraSerialNumber,
    /// "Lens make".
    LensMake,
    /// "Lens model".
    LensModel,
    /// "Lens serial number".
    LensSerialNumber,
    /// "Computer name".
    ComputerName,
    /// "Device used".
    DeviceUsed,
    /// "Photographer (artist) name".
    PhotographerName,
    /// "Author name".
    AuthorName,
    /// "Camera owner's name".
    CameraOwnerName,
    /// "Copyright holder".
    CopyrightHolder,
    /// "Rights owner".
    RightsOwner,
    /// "Contributor".
    Contributor,
    /// "Publisher".
    Publisher,
    /// "Author's job title".
    AuthorJobTitle,
    /// "Caption writer".
    CaptionWriter,
    /// "Credit".
    Credit,
    /// "Author's contact details".
    AuthorContact,
    /// "Name of the person who added a note or mark".
    NoteAuthor,
    /// "Date".
    Date,
    /// "Date taken".
    DateTaken,
    /// "Date digitised".
    DateDigitised,
    /// "Date created".
    DateCreated,
    /// "Date last changed".
    DateLastChanged,
    /// "Date the details were last changed".
    DetailsLastChanged,
    /// "Date a note or mark was added".
    NoteAdded,
    /// "Date a note or mark was changed".
    NoteChanged,
    /// "Time zone".
    TimeZone,
    /// "Software used".
    SoftwareUsed,
    /// "Program used".
    ProgramUsed,
    /// "Program that created the document".
    DocumentCreator,
    /// "Program that made the PDF".
    PdfProducer,
    /// "City".
    City,
    /// "Region".
    Region,
    /// "Country".
    Country,
    /// "Country code".
    CountryCode,
    /// "Place".
    Place,
    /// "Title".
    Title,
    /// "Subject".
    Subject,
    /// "Description".
    Description,
    /// "Comment".
    Comment,
    /// "Keywords".
    Keywords,
    /// "Headline".
    Headline,
    /// "Instructions".
    Instructions,
    /// "Source".
    Source,
    /// "Document name".
    DocumentName,
}

impl Label {
    /// The label in English, e.g. `"Camera make"`.
    pub fn english(self) -> &'static str {
        match self {
            Self::CameraMake => "Camera make",
            Self::CameraModel => "Camera model",
            Self::CameraSerialNumber => "Camera serial number",
            Self::LensMake => "Lens make",
            Self::LensModel => "Lens model",
            Self::LensSerialNumber => "Lens serial number",
            Self::ComputerName => "Computer name",
            Self::DeviceUsed => "Device used",
            Self::PhotographerName => "Photographer (artist) name",
            Self::AuthorName => "Author name",
            Self::CameraOwnerName => "Camera owner's name",
            Self::CopyrightHolder => "Copyright holder",
            Self::RightsOwner => "Rights owner",
            Self::Contributor => "Contributor",
            Self::Publisher => "Publisher",
            Self::AuthorJobTitle => "Author's job title",
            Self::CaptionWriter => "Caption writer",
            Self::Credit => "Credit",
            Self::AuthorContact => "Author's contact details",
            Self::NoteAuthor => "Name of the person who added a note or mark",
            Self::Date => "Date",
            Self::DateTaken => "Date taken",
            Self::DateDigitised => "Date digitised",
            Self::DateCreated => "Date created",
            Self::DateLastChanged => "Date last changed",
            Self::DetailsLastChanged => "Date the details were last changed",
            Self::NoteAdded => "Date a note or mark was added",
            Self::NoteChanged => "Date a note or mark was changed",
            Self::TimeZone => "Time zone",
            Self::SoftwareUsed => "Software used",
            Self::ProgramUsed => "Program used",
            Self::DocumentCreator => "Program that created the document",
            Self::PdfProducer => "Program that made the PDF",
            Self::City => "City",
            Self::Region => "Region",
            Self::Country => "Country",
            Self::CountryCode => "Country code",
            Self::Place => "Place",
            Self::Title => "Title",
            Self::Subject => "Subject",
            Self::Description => "Description",
            Self::Comment => "Comment",
            Self::Keywords => "Keywords",
            Self::Headline => "Headline",
            Self::Instructions => "Instructions",
            Self::Source => "Source",
            Self::DocumentName => "Document name",
        }
    }
}

/// A finding that is a whole sentence, with no value from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sentence {
    /// The camera maker's private notes.
    MakerNotes,
    /// A unique picture number.
    UniquePictureNumber,
    /// GPS details besides a position that is listed too.
    MoreGps,
    /// GPS details, without a position.
    GpsDetails,
    /// Camera settings.
    CameraSettings,
    /// A small preview copy of the picture.
    Thumbnail,
    /// An EXIF block that could not be read field by field.
    UnreadableExif,
    /// An XMP block that could not be read in detail.
    UnreadableXmp,
    /// An editing history.
    EditingHistory,
    /// Unique document numbers.
    DocumentNumbers,
    /// References to the files this one was made from.
    SourceFiles,
    /// An editing program's private data in a PDF.
    EditorData,
    /// A damaged picture inside a PDF that seems to carry details (it
    /// follows "Picture inside the document: ", hence lower case).
    DamagedPicture,
    /// EXIF stored as text (in a PNG).
    ExifAsText,
    /// XMP stored as text (in a PNG).
    XmpAsText,
    /// Photoshop and IPTC details.
    PhotoshopIptc,
    /// Extended XMP (in a JPEG).
    ExtendedXmp,
    /// An index of extra pictures (JPEG `MPF`).
    PictureIndex,
    /// A Content Credentials (C2PA) record.
    ContentCredentials,
}

impl Sentence {
    /// The sentence in English.
    pub fn english(self) -> &'static str {
        match self {
            Self::MakerNotes => {
                "Camera maker's private notes (can include the camera's serial number)"
            }
            Self::UniquePictureNumber => "Unique picture number (can link copies of this picture)",
            Self::MoreGps => "More GPS details (such as altitude, direction or time)",
            Self::GpsDetails => "GPS details (such as altitude, direction or time)",
            Self::CameraSettings => "Camera settings (exposure, focus, flash and similar)",
            Self::Thumbnail => {
                "Small preview copy of the picture (can show parts that were cropped out)"
            }
            Self::UnreadableExif => {
                "Camera information block (EXIF) that could not be read in detail; it can hold \
                 the place, date and camera"
            }
            Self::UnreadableXmp => {
                "Block of hidden details (XMP) that could not be read in detail; it can hold \
                 names, places and dates"
            }
            Self::EditingHistory => "Editing history (which programs changed the file, and when)",
            Self::DocumentNumbers => {
                "Unique document numbers (can link this file to the original on your device)"
            }
            Self::SourceFiles => "References to other files this one was made from",
            Self::EditorData => "Private data saved by the program that edited the document",
            Self::DamagedPicture => {
                "hidden details that could not be read or removed (the picture is damaged)"
            }
            Self::ExifAsText => "Camera information (EXIF) stored as text",
            Self::XmpAsText => "Block of hidden details (XMP) stored as text",
            Self::PhotoshopIptc => {
                "Photoshop and IPTC details (can hold names, captions and places)"
            }
            Self::ExtendedXmp => {
                "More hidden details (extended XMP), which can hold names, places and dates"
            }
            Self::PictureIndex => {
                "Index of extra pictures stored in the file (such as previews or depth maps)"
            }
            Self::ContentCredentials => {
                "Content Credentials record (can say who made the picture, with which device or \
                 app, and where)"
            }
        }
    }
}

/// Details counted rather than listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Counted {
    /// EXIF fields of no known meaning.
    OtherCameraDetails,
    /// XMP properties of no known meaning.
    OtherXmpDetails,
    /// Findings beyond the listed ones.
    NotListed,
}

/// The picture format of a block of unknown purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Block {
    /// A PNG chunk; the name is its four letters.
    Png,
    /// A WebP chunk; the name is its four letters.
    Webp,
    /// A JPEG application segment; the name is its number (`APP5`: `5`).
    Jpeg,
}

/// What a finding says, in parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Wording {
    /// `label: "value"`, the value quoted from the file (cleaned).
    Quoted(Label, String),
    /// `label: date`, a date from the file written `2024-05-01 14:03`.
    Dated(Label, String),
    /// A whole sentence.
    Sentence(Sentence),
    /// Where a photo was taken, `51.5012° N, 0.1419° W`, when readable.
    Gps(Option<String>),
    /// A number of details, counted.
    Counted(Counted, usize),
    /// Data after the end of a picture, of this size (`12 KiB`); `true`
    /// for a JPEG, where it may be a second picture or a short video.
    Trailing(String, bool),
    /// A block of unknown purpose, by name.
    UnknownBlock(Block, String),
    /// A PNG text note, by keyword, with its value when it has one.
    TextNote(String, Option<String>),
    /// A compressed PNG text note that could not be read, by keyword.
    UnreadableNote(String),
    /// A PDF document property, by name, with its value when it has one.
    DocumentProperty(String, Option<String>),
    /// Something found in a picture inside a PDF.
    InPicture(Box<Wording>),
}

impl Wording {
    /// The finding in plain English, e.g. `Camera make: "Canon"`.
    pub fn english(&self) -> String {
        match self {
            Self::Quoted(label, value) => format!("{}: \"{value}\"", label.english()),
            Self::Dated(label, date) => format!("{}: {date}", label.english()),
            Self::Sentence(sentence) => sentence.english().to_owned(),
            Self::Gps(Some(place)) => format!("GPS position where the photo was taken ({place})"),
            Self::Gps(None) => {
                "GPS position where the photo was taken (exact value unreadable)".to_owned()
            }
            Self::Counted(Counted::OtherCameraDetails, n) => format!("Other camera details ({n})"),
            Self::Counted(Counted::OtherXmpDetails, n) => {
                format!("Other hidden details in the XMP block ({n})")
            }
            Self::Counted(Counted::NotListed, n) => format!("{n} more hidden details (not listed)"),
            Self::Trailing(size, false) => {
                format!("Extra data hidden after the end of the picture ({size})")
            }
            Self::Trailing(size, true) => format!(
                "Extra data hidden after the end of the picture ({size}), such as a second \
                 picture or a short video that can carry its own place, date and camera details"
            ),
            Self::UnknownBlock(Block::Png, name) => {
                format!("Extra data of unknown purpose (PNG \"{name}\" block)")
            }
            Self::UnknownBlock(Block::Webp, name) => {
                format!("Extra data of unknown purpose (WebP \"{name}\" block)")
            }
            Self::UnknownBlock(Block::Jpeg, name) => {
                format!("Extra data added by the camera or an app (JPEG APP{name} block)")
            }
            Self::TextNote(keyword, Some(value)) => format!("Text note \"{keyword}\": \"{value}\""),
            Self::TextNote(keyword, None) => format!("Text note \"{keyword}\""),
            Self::UnreadableNote(keyword) => {
                format!("Compressed text note \"{keyword}\" that could not be read")
            }
            Self::DocumentProperty(name, Some(value)) => {
                format!("Document property \"{name}\": \"{value}\"")
            }
            Self::DocumentProperty(name, None) => format!("Document property \"{name}\""),
            Self::InPicture(inner) => format!("Picture inside the document: {}", inner.english()),
        }
    }
}
