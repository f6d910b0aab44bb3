//! `sanctuary unit poster`: the link that opens the reporter page for a
//! unit, `SERVER/#unit=UNIT_ID`, as text, as a QR code drawn on the
//! terminal, and as an SVG image for printing.
//!
//! The unit ID travels in the fragment (after `#`), which browsers keep to
//! themselves: the server never learns which link a reporter followed.

use std::fmt::Write as _;
use std::fs::OpenOptions;
use std::io::{ErrorKind, Write as _};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use qrcode::{Color, EcLevel, QrCode};
use reqwest::Url;
use sanctuary_crypto::unit::UnitId;
use serde::Serialize;

use crate::options::{PosterOptions, PosterUnit, plain_http_over_network};
use crate::{output, secrets};

/// Light modules around the code on every side: the quiet zone the QR
/// standard asks for, without which many phone cameras do not find it.
pub(crate) const QUIET_ZONE: usize = 4;

#[derive(Serialize)]
struct PosterJson<'a> {
    link: &'a str,
}

/// The link reporters open: the server's root with `#unit=` and the unit ID.
pub(crate) fn link(server: &Url, unit: &UnitId) -> String {
    let mut url = server.clone();
    url.set_fragment(Some(&format!("unit={unit}")));
    url.to_string()
}

/// The QR code of `link`, with medium error correction (15 %): it still
/// reads on a poster that is a little dirty or creased.
pub(crate) fn qr_code(link: &str) -> Result<QrCode> {
    QrCode::with_error_correction_level(link.as_bytes(), EcLevel::M).map_err(|e| {
        anyhow!("This link cannot be made into a QR code ({e}). Use a shorter server address.")
    })
}

/// Whether the module at (`x`, `y`) of the code surrounded by its quiet
/// zone is dark. Coordinates outside the code are light.
fn dark_at(code: &QrCode, colors: &[Color], x: usize, y: usize) -> bool {
    let width = code.width();
    let (Some(cx), Some(cy)) = (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) else {
        return false;
    };
    cx < width && cy < width && colors.get(cy * width + cx) == Some(&Color::Dark)
}

/// The code drawn with Unicode half blocks, two rows of modules per line,
/// quiet zone included.
///
/// With `colors`, every line sets black on bright white (and resets after),
/// so the code is dark on light whatever the terminal's own colours are.
/// Without, dark modules are drawn and light ones left blank, which is dark
/// on light on paper and in most documents.
pub(crate) fn terminal(code: &QrCode, colors: bool) -> String {
    let modules = code.to_colors();
    let size = code.width() + 2 * QUIET_ZONE;
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        if colors {
            out.push_str("\x1b[30;107m");
        }
        for x in 0..size {
            let top = dark_at(code, &modules, x, y);
            let bottom = dark_at(code, &modules, x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if colors {
            out.push_str("\x1b[0m");
        }
        out.push('\n');
    }
    out
}

/// Escapes text for an XML attribute or element.
fn xml_escape(text: &str) -> String {
    text.chars()
        .fold(String::with_capacity(text.len()), |mut out, c| {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&apos;"),
                c => out.push(c),
            }
            out
        })
}

/// The code as an SVG image: one unit per module, quiet zone included,
/// black on a white background, with the link as its title. Each run of
/// dark modules in a row is one rectangle of the path.
pub(crate) fn svg(code: &QrCode, link: &str) -> String {
    let modules = code.to_colors();
    let size = code.width() + 2 * QUIET_ZONE;
    let mut path = String::new();
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !dark_at(code, &modules, x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && dark_at(code, &modules, x, y) {
                x += 1;
            }
            let run = x - start;
            // Writing to a String cannot fail.
            let _ = write!(path, "M{start} {y}h{run}v1h-{run}z");
        }
    }
    // 8 px per module by default; it scales without blur to any print size.
    let pixels = size * 8;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         width=\"{pixels}\" height=\"{pixels}\" shape-rendering=\"crispEdges\">\n\
         <title>{}</title>\n\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/>\n\
         <path fill=\"#000000\" d=\"{path}\"/>\n\
         </svg>\n",
        xml_escape(link)
    )
}

/// Checks, before any passphrase is asked, that the SVG file may be
/// written.
fn check_svg_target(path: &Path, force: bool) -> Result<()> {
    if !force && std::fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} already exists. It is not overwritten: add --force to replace it, or choose \
             another file name.",
            path.display()
        );
    }
    Ok(())
}

/// Writes the SVG (mode 0644: a poster holds nothing secret).
fn write_svg(path: &Path, text: &str, force: bool) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o644);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == ErrorKind::AlreadyExists {
            anyhow!(
                "{} already exists. It is not overwritten: add --force to replace it.",
                path.display()
            )
        } else {
            anyhow!("Cannot create {}: {e}.", path.display())
        }
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("Cannot write {}.", path.display()))
}

/// `sanctuary unit poster`.
pub(crate) fn run(options: &PosterOptions) -> Result<()> {
    if let Some(path) = &options.svg {
        check_svg_target(path, options.force)?;
    }
    let unit = match &options.unit {
        PosterUnit::Id(id) => *id,
        PosterUnit::KeyFile(path) => secrets::load_unit_key(path)?.key.unit_id(),
    };
    let link = link(&options.server, &unit);
    let code = qr_code(&link)?;
    if let Some(path) = &options.svg {
        write_svg(path, &svg(&code, &link), options.force)?;
    }

    if options.json {
        output::json(&PosterJson { link: &link })?;
    } else {
        let drawn = terminal(&code, output::stdout_is_terminal());
        output::line(&format!("{link}\n\n{}", drawn.trim_end_matches('\n')))?;
    }
    if plain_http_over_network(&options.server) {
        output::note(
            "Warning: this link starts with http://, so the network between a reporter and \
             the server can read and change the page. Put an https:// or .onion address on \
             posters.",
        );
    }
    output::note(&format!(
        "Reporters who open this link, or point their phone's camera at the code, get the \
         reporter page for your unit. The part after # stays on their phone: the server never \
         sees it.\n\
         Anyone can check that the server serves the reviewed page:\n  \
         sanctuary web verify --server {}",
        options.server
    ));
    if let Some(path) = &options.svg {
        output::note(&format!(
            "Wrote the QR code to {} (SVG). Print it at least 4 cm wide, on white.",
            path.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use qrcode::Version;

    const UNIT: &str = "sanctuary1mtv6e8qxz9ylmd84c8allygemcjy8u4ekf6cd043380n24v9hafq64pl7w";

    fn unit() -> UnitId {
        UNIT.parse().unwrap()
    }

    fn server(s: &str) -> Url {
        crate::options::poster_server_url(Some(s)).unwrap()
    }

    /// The dark modules of a code, quiet zone included, row by row.
    fn matrix(code: &QrCode) -> Vec<Vec<bool>> {
        let modules = code.to_colors();
        let size = code.width() + 2 * QUIET_ZONE;
        (0..size)
            .map(|y| (0..size).map(|x| dark_at(code, &modules, x, y)).collect())
            .collect()
    }

    #[test]
    fn the_link_carries_the_unit_in_the_fragment() {
        let link = link(&server("report.example.org"), &unit());
        assert_eq!(link, format!("https://report.example.org/#unit={UNIT}"));
        let parsed = Url::parse(&link).unwrap();
        assert_eq!(parsed.path(), "/");
        assert_eq!(parsed.fragment(), Some(format!("unit={UNIT}").as_str()));
    }

    #[test]
    fn the_code_holds_the_whole_link() {
        // 101 bytes: byte mode at level M needs version 6 (41 × 41, up to
        // 106 bytes); version 5 holds only 84.
        let link = link(&server("https://report.example.org"), &unit());
        assert_eq!(link.len(), 101);
        let code = qr_code(&link).unwrap();
        assert_eq!(code.version(), Version::Normal(6));
        assert_eq!(code.error_correction_level(), EcLevel::M);
        assert_eq!(code.width(), 41);
        // An onion address is longer: 144 bytes need version 8 (49 × 49).
        let onion = "http://abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrstuvwx.onion";
        let long = super::link(&server(onion), &unit());
        assert_eq!(long.len(), 144);
        assert_eq!(qr_code(&long).unwrap().version(), Version::Normal(8));
        // The same data always gives the same code.
        assert_eq!(
            qr_code(&link).unwrap().to_colors(),
            qr_code(&link).unwrap().to_colors()
        );
    }

    #[test]
    fn the_terminal_drawing_is_the_matrix() {
        let code = qr_code(&link(&server("report.example.org"), &unit())).unwrap();
        let expected = matrix(&code);
        let size = expected.len();
        let drawn = terminal(&code, false);
        let lines: Vec<&str> = drawn.lines().collect();
        assert_eq!(lines.len(), size.div_ceil(2));
        let mut read = vec![vec![false; size]; size + 1];
        for (row, line) in lines.iter().enumerate() {
            assert_eq!(line.chars().count(), size, "line {row}");
            for (x, c) in line.chars().enumerate() {
                let (top, bottom) = match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    ' ' => (false, false),
                    other => panic!("unexpected {other:?}"),
                };
                read[2 * row][x] = top;
                read[2 * row + 1][x] = bottom;
            }
        }
        assert!(read[size].iter().all(|d| !d), "nothing below the code");
        read.truncate(size);
        assert_eq!(read, expected);
        // The quiet zone is blank on every side.
        assert!(lines[0].chars().all(|c| c == ' ') && lines[1].chars().all(|c| c == ' '));
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("    ") && l.ends_with("    "))
        );

        let coloured = terminal(&code, true);
        for line in coloured.lines() {
            assert!(line.starts_with("\x1b[30;107m") && line.ends_with("\x1b[0m"));
        }
        let stripped = coloured.replace("\x1b[30;107m", "").replace("\x1b[0m", "");
        assert_eq!(stripped, drawn);
    }

    #[test]
    fn the_svg_is_well_formed_and_draws_the_matrix() {
        use quick_xml::events::Event;

        let link = link(&server("report.example.org"), &unit());
        let code = qr_code(&link).unwrap();
        let text = svg(&code, &link);
        let mut reader = quick_xml::Reader::from_str(&text);
        let (mut title, mut path) = (String::new(), String::new());
        // Every element in order, and the ones open at this point.
        let (mut names, mut open) = (Vec::new(), Vec::new());
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                    names.push(name.clone());
                    open.push(name);
                }
                Event::End(e) => {
                    let name = open.pop().unwrap();
                    assert_eq!(name.as_bytes(), e.name().as_ref());
                }
                Event::Empty(e) => {
                    names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                    if e.name().as_ref() == b"path" {
                        let d = e.try_get_attribute("d").unwrap().unwrap();
                        path = String::from_utf8(d.value.to_vec()).unwrap();
                    }
                }
                Event::Text(t) if open.last().is_some_and(|n| n == "title") => {
                    title.push_str(&t.decode().unwrap());
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(open.is_empty(), "every element is closed");
        assert_eq!(names, ["svg", "title", "rect", "path"]);
        assert_eq!(title, link);

        // Read the path back into modules: "M{x} {y}h{n}v1h-{n}z" per run.
        let expected = matrix(&code);
        let size = expected.len();
        let mut read = vec![vec![false; size]; size];
        for run in path.split('z').filter(|r| !r.is_empty()) {
            let rest = run.strip_prefix('M').unwrap();
            let (x, rest) = rest.split_once(' ').unwrap();
            let (y, rest) = rest.split_once('h').unwrap();
            let (n, rest) = rest.split_once("v1h-").unwrap();
            assert_eq!(n, rest);
            let (x, y, n): (usize, usize, usize) =
                (x.parse().unwrap(), y.parse().unwrap(), n.parse().unwrap());
            for cell in &mut read[y][x..x + n] {
                assert!(!*cell, "runs do not overlap");
                *cell = true;
            }
        }
        assert_eq!(read, expected);
    }

    #[test]
    fn svg_files_are_not_overwritten_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("poster.svg");
        write_svg(&path, "first", false).unwrap();
        assert!(check_svg_target(&path, false).is_err());
        let err = write_svg(&path, "second", false).unwrap_err().to_string();
        assert!(err.contains("--force"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        check_svg_target(&path, true).unwrap();
        write_svg(&path, "new", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let fresh = dir.path().join("fresh.svg");
            write_svg(&fresh, "x", false).unwrap();
            let mode = std::fs::metadata(&fresh).unwrap().permissions().mode();
            // 0644, less whatever the umask removes.
            assert_eq!(mode & 0o133, 0);
        }
    }
}
