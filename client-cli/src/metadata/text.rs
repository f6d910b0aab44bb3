//! Turning untrusted metadata values into short, safe, plain-English text.
//!
//! Every value shown to the reporter comes from the file, which may have been
//! crafted: control characters (terminal escape sequences) and bidirectional
//! overrides are removed, and long values are shortened.

use super::wording::{Label, Wording};

/// The longest value quoted in a finding, in characters.
const MAX_VALUE_CHARS: usize = 80;

/// `value` made safe to print: no control or bidi-override characters,
/// whitespace collapsed, at most [`MAX_VALUE_CHARS`] characters.
pub(crate) fn clean_value(value: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    let mut pending_space = false;
    for c in value.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if chars >= MAX_VALUE_CHARS {
            out.push('…');
            return out;
        }
        if pending_space {
            out.push(' ');
            chars += 1;
            pending_space = false;
        }
        out.push(c);
        chars += 1;
    }
    out
}

/// Characters that change how text is displayed without being visible.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// `label: "value"`, or `None` when the value is empty once cleaned.
pub(crate) fn labelled(label: Label, value: &str) -> Option<Wording> {
    quoted(value).map(|value| Wording::Quoted(label, value))
}

/// `value` cleaned, or `None` when nothing is left of it.
pub(crate) fn quoted(value: &str) -> Option<String> {
    Some(clean_value(value)).filter(|v| !v.is_empty())
}

/// `label: date`, formatting a date such as `2024:05:01 14:03:22` (EXIF),
/// `2024-05-01T14:03:22+01:00` (XMP) or `D:20240501140322` (PDF) as
/// `2024-05-01 14:03`. Unrecognised text is quoted as it is; an empty or
/// all-zero date gives `None`.
pub(crate) fn dated(label: Label, raw: &str) -> Option<Wording> {
    let trimmed = raw.trim().trim_start_matches("D:");
    let digits: String = trimmed
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ':' | '-' | ' ' | 'T' | '.'))
        .filter(char::is_ascii_digit)
        .take(12)
        .collect();
    if !digits.is_empty() && digits.bytes().all(|b| b == b'0') {
        return None;
    }
    match format_digits(&digits) {
        Some(date) => Some(Wording::Dated(label, date)),
        None => labelled(label, raw),
    }
}

/// Formats `YYYY`, `YYYYMMDD` or `YYYYMMDDhhmm` (with sane ranges).
fn format_digits(d: &str) -> Option<String> {
    let num = |range: std::ops::Range<usize>| d.get(range)?.parse::<u32>().ok();
    let year = d.get(0..4)?;
    if d.len() < 8 {
        return (d.len() == 4).then(|| year.to_owned());
    }
    let (month, day) = (num(4..6)?, num(6..8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let date = format!("{year}-{month:02}-{day:02}");
    if d.len() < 12 {
        return Some(date);
    }
    let (hour, minute) = (num(8..10)?, num(10..12)?);
    if hour > 23 || minute > 59 {
        return Some(date);
    }
    Some(format!("{date} {hour:02}:{minute:02}"))
}

/// A position as `51.5012° N, 0.1419° W`, or `None` if it is not a
/// position on Earth. Latitude and longitude are signed decimal degrees
/// (north and east positive).
pub(crate) fn position(latitude: f64, longitude: f64) -> Option<String> {
    if !latitude.is_finite()
        || !longitude.is_finite()
        || latitude.abs() > 90.0
        || longitude.abs() > 180.0
    {
        return None;
    }
    let ns = if latitude < 0.0 { 'S' } else { 'N' };
    let ew = if longitude < 0.0 { 'W' } else { 'E' };
    Some(format!(
        "{:.4}° {ns}, {:.4}° {ew}",
        latitude.abs(),
        longitude.abs()
    ))
}

/// The finding for a GPS position, with coordinates when they are readable.
pub(crate) fn gps_description(coordinates: Option<(f64, f64)>) -> Wording {
    Wording::Gps(coordinates.and_then(|(lat, lon)| position(lat, lon)))
}

/// A size in bytes as `812 bytes`, `12 KiB` or `3.4 MiB` (binary units, as
/// everywhere in the command).
pub(crate) fn human_size(bytes: usize) -> String {
    const KB: f64 = 1024.0;
    // Precision loss is irrelevant for a rounded, human-readable size.
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.0} KiB", b / KB)
    } else {
        format!("{:.1} MiB", b / (KB * KB))
    }
}

/// Decodes Latin-1 (ISO 8859-1) bytes, as used by PNG tEXt and zTXt.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Decodes UTF-16 little-endian bytes (Windows "XP" EXIF tags), stopping at
/// the first NUL.
pub(crate) fn utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidi_overrides_are_removed() {
        assert_eq!(
            clean_value("Jane\u{1b}[31m Doe\u{202E}\n\t x"),
            "Jane[31m Doe x"
        );
        assert_eq!(clean_value("   "), "");
        let long = "a".repeat(200);
        assert_eq!(clean_value(&long).chars().count(), MAX_VALUE_CHARS + 1);
    }

    #[test]
    fn dates_in_every_format_read_the_same() {
        let english = |label, raw| dated(label, raw).map(|w| w.english());
        let want = Some("Date taken: 2024-05-01 14:03".to_owned());
        assert_eq!(english(Label::DateTaken, "2024:05:01 14:03:22"), want);
        assert_eq!(english(Label::DateTaken, "2024-05-01T14:03:22+01:00"), want);
        assert_eq!(english(Label::DateTaken, "D:20240501140322+01'00'"), want);
        assert_eq!(
            english(Label::Date, "2024-05-01"),
            Some("Date: 2024-05-01".to_owned())
        );
        assert_eq!(dated(Label::Date, "0000:00:00 00:00:00"), None);
        assert_eq!(dated(Label::Date, "  "), None);
        assert_eq!(
            english(Label::Date, "last Tuesday"),
            Some("Date: \"last Tuesday\"".to_owned())
        );
    }

    #[test]
    fn positions_are_degrees_with_hemispheres() {
        assert_eq!(
            position(51.50120, -0.14190).as_deref(),
            Some("51.5012° N, 0.1419° W")
        );
        assert_eq!(
            position(-33.8568, 151.2153).as_deref(),
            Some("33.8568° S, 151.2153° E")
        );
        assert_eq!(position(91.0, 0.0), None);
        assert_eq!(position(f64::NAN, 0.0), None);
    }

    #[test]
    fn sizes_are_rounded() {
        assert_eq!(human_size(10), "10 bytes");
        assert_eq!(human_size(12 * 1024), "12 KiB");
        assert_eq!(human_size(3 * 1024 * 1024 + 400 * 1024), "3.4 MiB");
    }
}
