//! Reading XMP packets (XML, with `quick-xml`) into findings.
//!
//! XMP properties may be written as elements or as attributes of
//! `rdf:Description`, with arbitrary namespace prefixes, so names are
//! resolved to namespace URIs. Values nested in `rdf:Seq`/`rdf:Bag`/
//! `rdf:Alt` lists or structures belong to the outermost property.

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;

use super::findings::FindingList;
use super::text::{self, dated, labelled};
use super::wording::{Counted, Label, Sentence, Wording};
use super::{Finding, FindingCategory};

/// The namespaces whose properties are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Rdf,
    Meta,
    Dc,
    Xmp,
    XmpMm,
    XmpRights,
    Pdf,
    Exif,
    ExifEx,
    Tiff,
    Aux,
    Photoshop,
    IptcCore,
    IptcExt,
    Unknown,
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    let ResolveResult::Bound(ns) = resolved else {
        return Ns::Unknown;
    };
    match ns.as_ref() {
        b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" => Ns::Rdf,
        b"adobe:ns:meta/" => Ns::Meta,
        b"http://purl.org/dc/elements/1.1/" => Ns::Dc,
        b"http://ns.adobe.com/xap/1.0/" => Ns::Xmp,
        b"http://ns.adobe.com/xap/1.0/mm/" => Ns::XmpMm,
        b"http://ns.adobe.com/xap/1.0/rights/" => Ns::XmpRights,
        b"http://ns.adobe.com/pdf/1.3/" => Ns::Pdf,
        b"http://ns.adobe.com/exif/1.0/" => Ns::Exif,
        b"http://cipa.jp/exif/1.0/" => Ns::ExifEx,
        b"http://ns.adobe.com/tiff/1.0/" => Ns::Tiff,
        b"http://ns.adobe.com/exif/1.0/aux/" => Ns::Aux,
        b"http://ns.adobe.com/photoshop/1.0/" => Ns::Photoshop,
        b"http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" => Ns::IptcCore,
        b"http://iptc.org/std/Iptc4xmpExt/2008-02-29/" => Ns::IptcExt,
        _ => Ns::Unknown,
    }
}

/// A property name: namespace and local name.
type Prop = (Ns, String);

/// The most XML events read from one packet (a packet is at most a few
/// megabytes; this only bounds the work on a crafted one).
const MAX_EVENTS: usize = 1_000_000;

/// The findings in an XMP packet. Never empty for a non-empty packet that
/// cannot be read, since it is removed all the same.
pub(crate) fn findings(packet: &[u8]) -> Vec<Finding> {
    let text = String::from_utf8_lossy(packet);
    let text = text.trim_matches(|c: char| c == '\0' || c.is_whitespace());
    if text.is_empty() {
        return Vec::new();
    }
    let (properties, complete) = properties(text);
    let mut found = describe(&properties);
    if !complete && found.is_empty() {
        found.push(Finding::new(
            FindingCategory::Other,
            Wording::Sentence(Sentence::UnreadableXmp),
        ));
    }
    found
}

/// Every (property, value) pair of the packet, and whether it was read to
/// the end without an XML error.
fn properties(xml: &str) -> (Vec<(Prop, String)>, bool) {
    let mut reader = NsReader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Prop> = Vec::new();
    let mut found = Vec::new();
    for _ in 0..MAX_EVENTS {
        match reader.read_resolved_event() {
            Ok((resolved, Event::Start(start))) => {
                let element = (ns_of(&resolved), local_name(&start));
                stack.push(element);
                attributes(&reader, &start, &stack, &mut found);
            }
            Ok((resolved, Event::Empty(start))) => {
                let element = (ns_of(&resolved), local_name(&start));
                stack.push(element);
                attributes(&reader, &start, &stack, &mut found);
                // An empty property element still exists: record it.
                if let Some(prop) = property_of(&stack) {
                    found.push((prop, String::new()));
                }
                stack.pop();
            }
            Ok((_, Event::End(_))) => {
                stack.pop();
            }
            Ok((_, Event::Text(t))) => {
                let value = t
                    .xml10_content()
                    .map(|v| v.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&t).into_owned());
                if let Some(prop) = property_of(&stack) {
                    append(&mut found, prop, &value);
                }
            }
            // Entities (`&amp;`, `&#233;`) arrive as their own events: put
            // them back into the text they interrupt.
            Ok((_, Event::GeneralRef(r))) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => r
                        .decode()
                        .ok()
                        .and_then(|name| quick_xml::escape::resolve_predefined_entity(&name))
                        .map(str::to_owned),
                };
                if let (Some(prop), Some(text)) = (property_of(&stack), resolved) {
                    append(&mut found, prop, &text);
                }
            }
            Ok((_, Event::CData(c))) => {
                if let Some(prop) = property_of(&stack) {
                    found.push((prop, String::from_utf8_lossy(&c).into_owned()));
                }
            }
            Ok((_, Event::Eof)) => return (found, true),
            Ok(_) => {}
            Err(_) => return (found, false),
        }
    }
    (found, false)
}

/// Adds `text` to the value of `prop`: to the last value found if it is the
/// same property (text split by an entity), else as a new value.
fn append(found: &mut Vec<(Prop, String)>, prop: Prop, text: &str) {
    match found.last_mut() {
        Some((last, value)) if *last == prop => value.push_str(text),
        _ => found.push((prop, text.to_owned())),
    }
}

fn local_name(start: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(start.local_name().as_ref()).into_owned()
}

/// The property a value inside the current element belongs to: the
/// outermost element that is not RDF syntax or the `x:xmpmeta` wrapper.
fn property_of(stack: &[Prop]) -> Option<Prop> {
    stack
        .iter()
        .find(|(ns, _)| !matches!(ns, Ns::Rdf | Ns::Meta))
        .cloned()
}

/// Records the properties written as attributes of `start`.
fn attributes(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    stack: &[Prop],
    found: &mut Vec<(Prop, String)>,
) {
    for attribute in start.attributes().with_checks(false).flatten() {
        let is_xml = attribute.key.prefix().is_some_and(|p| p.as_ref() == b"xml");
        if is_xml || attribute.key.as_namespace_binding().is_some() {
            continue;
        }
        let (resolved, local) = reader.resolver().resolve_attribute(attribute.key);
        let ns = ns_of(&resolved);
        if matches!(ns, Ns::Rdf | Ns::Meta) || matches!(resolved, ResolveResult::Unbound) {
            // rdf:about, rdf:parseType, xml:lang and unprefixed attributes.
            continue;
        }
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&attribute.value).into_owned());
        let own = (ns, String::from_utf8_lossy(local.as_ref()).into_owned());
        let prop = property_of(stack).unwrap_or(own);
        found.push((prop, value));
    }
}

/// How a recognised property is reported.
enum Shown {
    /// `label: "value"`.
    Quoted(FindingCategory, Label),
    /// `label: 2024-05-01 14:03`.
    Date(Label),
    /// A fixed sentence; the value is not shown.
    Fixed(FindingCategory, Sentence),
    /// Part of a GPS position.
    Latitude,
    /// Part of a GPS position.
    Longitude,
    /// Another GPS property.
    OtherGps,
    /// A camera setting (exposure, lens…), counted.
    Setting,
    /// Says nothing about who, where or when.
    Harmless,
    /// Not recognised, counted.
    Unknown,
}

fn classify(ns: Ns, name: &str) -> Shown {
    use FindingCategory as C;
    use Shown::{Date, Fixed, Quoted};
    match (ns, name) {
        (Ns::Exif, "GPSLatitude") => Shown::Latitude,
        (Ns::Exif, "GPSLongitude") => Shown::Longitude,
        (Ns::Exif, "GPSVersionID") => Shown::Harmless,
        (Ns::Exif, n) if n.starts_with("GPS") => Shown::OtherGps,
        (Ns::Tiff, "Make") => Quoted(C::Device, Label::CameraMake),
        (Ns::Tiff, "Model") => Quoted(C::Device, Label::CameraModel),
        (Ns::Aux, "SerialNumber") | (Ns::ExifEx, "BodySerialNumber") => {
            Quoted(C::Device, Label::CameraSerialNumber)
        }
        (Ns::Aux, "Lens") | (Ns::ExifEx, "LensModel") => Quoted(C::Device, Label::LensModel),
        (Ns::ExifEx, "LensMake") => Quoted(C::Device, Label::LensMake),
        (Ns::Aux, "LensSerialNumber") | (Ns::ExifEx, "LensSerialNumber") => {
            Quoted(C::Device, Label::LensSerialNumber)
        }
        (Ns::Aux, "OwnerName") | (Ns::ExifEx, "CameraOwnerName") => {
            Quoted(C::Person, Label::CameraOwnerName)
        }
        (Ns::Dc, "creator") | (Ns::Pdf, "Author") => Quoted(C::Person, Label::AuthorName),
        (Ns::Tiff, "Artist") => Quoted(C::Person, Label::PhotographerName),
        (Ns::Dc, "rights") | (Ns::Tiff, "Copyright") => Quoted(C::Person, Label::CopyrightHolder),
        (Ns::XmpRights, "Owner") => Quoted(C::Person, Label::RightsOwner),
        (Ns::Dc, "contributor") => Quoted(C::Person, Label::Contributor),
        (Ns::Dc, "publisher") => Quoted(C::Person, Label::Publisher),
        (Ns::Photoshop, "AuthorsPosition") => Quoted(C::Person, Label::AuthorJobTitle),
        (Ns::Photoshop, "CaptionWriter") => Quoted(C::Person, Label::CaptionWriter),
        (Ns::Photoshop, "Credit") => Quoted(C::Person, Label::Credit),
        (Ns::IptcCore, "CreatorContactInfo") => Quoted(C::Person, Label::AuthorContact),
        (Ns::Xmp, "CreateDate") | (Ns::Photoshop, "DateCreated") => Date(Label::DateCreated),
        (Ns::Xmp, "ModifyDate") | (Ns::Tiff, "DateTime") => Date(Label::DateLastChanged),
        (Ns::Xmp, "MetadataDate") => Date(Label::DetailsLastChanged),
        (Ns::Exif, "DateTimeOriginal") => Date(Label::DateTaken),
        (Ns::Exif, "DateTimeDigitized") => Date(Label::DateDigitised),
        (Ns::Xmp, "CreatorTool") => Quoted(C::Software, Label::ProgramUsed),
        (Ns::Pdf, "Producer") => Quoted(C::Software, Label::PdfProducer),
        (Ns::Tiff, "Software") => Quoted(C::Software, Label::SoftwareUsed),
        (Ns::XmpMm, "History") => Fixed(C::Software, Sentence::EditingHistory),
        (Ns::XmpMm, "DocumentID" | "InstanceID" | "OriginalDocumentID") => {
            Fixed(C::Other, Sentence::DocumentNumbers)
        }
        (Ns::XmpMm, "DerivedFrom" | "Ingredients" | "Pantry" | "Manifest") => {
            Fixed(C::Other, Sentence::SourceFiles)
        }
        (Ns::Photoshop, "City") => Quoted(C::Location, Label::City),
        (Ns::Photoshop, "State") => Quoted(C::Location, Label::Region),
        (Ns::Photoshop, "Country") => Quoted(C::Location, Label::Country),
        (Ns::IptcCore, "Location") | (Ns::IptcExt, "LocationCreated" | "LocationShown") => {
            Quoted(C::Location, Label::Place)
        }
        (Ns::IptcCore, "CountryCode") => Quoted(C::Location, Label::CountryCode),
        (Ns::Dc, "title") => Quoted(C::Other, Label::Title),
        (Ns::Dc, "description") => Quoted(C::Other, Label::Description),
        (Ns::Dc, "subject") | (Ns::Pdf, "Keywords") => Quoted(C::Other, Label::Keywords),
        (Ns::Photoshop, "Headline") => Quoted(C::Other, Label::Headline),
        (Ns::Photoshop, "Instructions") => Quoted(C::Other, Label::Instructions),
        (Ns::Photoshop, "Source") => Quoted(C::Other, Label::Source),
        (Ns::Dc, "format")
        | (Ns::Pdf, "PDFVersion" | "Trapped")
        | (Ns::Photoshop, "ColorMode" | "ICCProfile")
        | (
            Ns::Tiff,
            "Orientation"
            | "XResolution"
            | "YResolution"
            | "ResolutionUnit"
            | "ImageWidth"
            | "ImageLength"
            | "BitsPerSample"
            | "Compression"
            | "PhotometricInterpretation"
            | "SamplesPerPixel"
            | "YCbCrPositioning"
            | "YCbCrSubSampling"
            | "PlanarConfiguration",
        )
        | (
            Ns::Exif,
            "PixelXDimension"
            | "PixelYDimension"
            | "ColorSpace"
            | "ExifVersion"
            | "FlashpixVersion"
            | "ComponentsConfiguration",
        ) => Shown::Harmless,
        (Ns::Exif | Ns::ExifEx | Ns::Aux, _) => Shown::Setting,
        _ => Shown::Unknown,
    }
}

/// Turns property values into findings.
fn describe(properties: &[(Prop, String)]) -> Vec<Finding> {
    use FindingCategory as C;
    let mut found = FindingList::default();
    let (mut latitude, mut longitude) = (None, None);
    let (mut has_position, mut other_gps, mut settings, mut unknown) = (false, false, 0, 0);
    for ((ns, name), value) in properties {
        let wording = match classify(*ns, name) {
            Shown::Quoted(category, label) => labelled(label, value).map(|d| (category, d)),
            Shown::Date(label) => dated(label, value).map(|d| (C::Time, d)),
            Shown::Fixed(category, sentence) => Some((category, Wording::Sentence(sentence))),
            Shown::Latitude => {
                has_position = true;
                latitude = latitude.or_else(|| coordinate(value));
                None
            }
            Shown::Longitude => {
                has_position = true;
                longitude = longitude.or_else(|| coordinate(value));
                None
            }
            Shown::OtherGps => {
                other_gps = true;
                None
            }
            Shown::Setting => {
                settings += 1;
                None
            }
            Shown::Harmless => None,
            Shown::Unknown => {
                if !value.trim().is_empty() {
                    unknown += 1;
                }
                None
            }
        };
        if let Some((category, wording)) = wording {
            found.push(Finding::new(category, wording));
        }
    }
    if has_position {
        found.push(Finding::new(
            C::Location,
            text::gps_description(latitude.zip(longitude)),
        ));
    }
    if other_gps {
        found.push(Finding::new(
            C::Location,
            Wording::Sentence(if has_position {
                Sentence::MoreGps
            } else {
                Sentence::GpsDetails
            }),
        ));
    }
    if settings > 0 {
        found.push(Finding::new(
            C::Device,
            Wording::Sentence(Sentence::CameraSettings),
        ));
    }
    if unknown > 0 {
        found.push(Finding::new(
            C::Other,
            Wording::Counted(Counted::OtherXmpDetails, unknown),
        ));
    }
    found.into_vec()
}

/// An XMP GPS coordinate: `51,30.072N`, `51,30,4.32N` or `51.5012N`
/// (signed decimal degrees, south and west negative).
fn coordinate(value: &str) -> Option<f64> {
    let value = value.trim();
    let direction = value.chars().last()?;
    let sign = match direction.to_ascii_uppercase() {
        'N' | 'E' => 1.0,
        'S' | 'W' => -1.0,
        _ => return None,
    };
    let numbers = value.get(..value.len() - direction.len_utf8())?;
    let mut parts = numbers.split(',').map(|p| p.trim().parse::<f64>());
    let degrees = parts.next()?.ok()?;
    let minutes = parts.next().transpose().ok()?.unwrap_or(0.0);
    let seconds = parts.next().transpose().ok()?.unwrap_or(0.0);
    Some(sign * (degrees + minutes / 60.0 + seconds / 3600.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:e="http://ns.adobe.com/exif/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
    xmp:CreatorTool="Writer &amp; Co"
    e:GPSLatitude="51,30.072N" e:GPSLongitude="0,8.514W">
   <dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>2024-05-01T14:03:22+01:00</xmp:CreateDate>
   <xmpMM:History><rdf:Seq>
     <rdf:li stEvt:action="saved" stEvt:softwareAgent="Editor 1.0"/>
   </rdf:Seq></xmpMM:History>
   <dc:format>image/jpeg</dc:format>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#;

    #[test]
    fn properties_in_attributes_elements_and_lists_are_found() {
        let found: Vec<String> = findings(PACKET.as_bytes())
            .into_iter()
            .map(|f| f.description)
            .collect();
        assert_eq!(
            found,
            [
                "GPS position where the photo was taken (51.5012° N, 0.1419° W)",
                "Author name: \"Jane Doe\"",
                "Date created: 2024-05-01 14:03",
                "Program used: \"Writer & Co\"",
                "Editing history (which programs changed the file, and when)",
            ]
        );
    }

    #[test]
    fn broken_xml_is_still_reported() {
        let found = findings(b"<x:xmpmeta><unclosed");
        assert_eq!(found.len(), 1);
        assert!(findings(b"  \0").is_empty());
    }

    #[test]
    fn coordinates_in_every_xmp_form() {
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-6);
        assert!(close(coordinate("51,30.072N"), 51.5012));
        assert!(close(coordinate("51,30,4.32N"), 51.5012));
        assert!(close(coordinate("0,8.514W"), -0.1419));
        assert!(close(coordinate("33.8568S"), -33.8568));
        assert_eq!(coordinate("51,30"), None);
        assert_eq!(coordinate("N"), None);
        assert_eq!(coordinate(""), None);
    }
}
