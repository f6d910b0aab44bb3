//! Everything the command shows: the only module that writes to standard
//! output. Results go to stdout; progress, warnings and guidance to stderr.
//!
//! Text that came from someone else (a report, a reply, a file name) passes
//! through [`untrusted`] before it reaches a terminal, so it cannot carry
//! escape sequences or reorder what is shown.

use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use serde::Serialize;

/// Writes one line (or several) of results to standard output.
///
/// A closed pipe (`sanctuary case list | head`) comes back as an
/// [`io::ErrorKind::BrokenPipe`] error, which `main` treats as success.
pub(crate) fn line(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()
}

/// Writes a value as pretty JSON, followed by a newline, to standard output.
pub(crate) fn json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Writes guidance, progress or a warning to standard error. Errors writing
/// it are ignored: there is nowhere else to tell anyone.
pub(crate) fn note(text: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

/// Writes the error report to standard error.
pub(crate) fn error(text: &str) {
    note(text);
}

/// Whether standard output is a terminal.
pub(crate) fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// How to point at the result just written to standard output: "The line
/// above" only when it is on the screen above, not when standard output is
/// redirected to a file or a pipe.
pub(crate) fn printed_line() -> &'static str {
    if stdout_is_terminal() {
        "The line above"
    } else {
        "The line written to standard output"
    }
}

/// Whether standard error is a terminal.
pub(crate) fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// Whether standard input is a terminal.
pub(crate) fn stdin_is_terminal() -> bool {
    io::stdin().is_terminal()
}

/// Makes someone else's text safe to show on a terminal: control
/// characters (except newline and tab) and bidirectional overrides become
/// `�`, so a message cannot move the cursor, change colours, rewrite the
/// screen or disguise what it says.
pub(crate) fn untrusted(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '\u{FFFD}',
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' => {
                '\u{FFFD}'
            }
            c => c,
        })
        .collect()
}

/// The first line of someone's text, made safe and cut to `max` characters.
pub(crate) fn preview(text: &str, max: usize) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // Cut before it is made safe, which changes characters one for one: a
    // report's first line can be its whole text, and `case ui` previews
    // 10,000 of them at every look at the inbox.
    let mut chars = first.chars();
    let head: String = chars.by_ref().take(max).collect();
    let safe = untrusted(&head).replace('\t', " ");
    if chars.next().is_some() {
        let cut: String = safe.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        safe
    }
}

/// A count and its noun, singular for one: `1 message`, `2 messages`,
/// `0 messages`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A size for people, in binary units (1 KiB = 1024 bytes), the same units
/// as the progress bars: `812 bytes`, `1.4 MiB`, `256 MiB`.
pub(crate) fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if (value - value.round()).abs() < 0.05 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Formats `items` as a list for the terminal: each item starts with
/// `  - ` and wraps at 76 columns, its further lines indented to match.
pub(crate) fn bullets(items: &[String]) -> String {
    const WIDTH: usize = 76;
    let mut lines = Vec::new();
    for item in items {
        let mut line = String::from("  -");
        let mut len = 3;
        for word in item.split_whitespace() {
            let n = word.chars().count();
            if len + 1 + n > WIDTH && len > 4 {
                lines.push(std::mem::replace(&mut line, String::from("   ")));
                len = 3;
            }
            line.push(' ');
            line.push_str(word);
            len += 1 + n;
        }
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_control_the_terminal() {
        let evil = "ok\x1b[2J\x1b]0;title\x07\r\u{202E}gpj.exe\nnext\tline";
        let safe = untrusted(evil);
        assert!(!safe.contains('\x1b'));
        assert!(!safe.contains('\r'));
        assert!(!safe.contains('\u{202E}'));
        assert!(safe.contains("\nnext\tline"));
    }

    #[test]
    fn previews_and_sizes() {
        assert_eq!(preview("\n  first line\nsecond", 50), "first line");
        assert_eq!(preview("abcdefghij", 5), "abcd…");
        assert_eq!(preview("abcde", 5), "abcde");
        assert_eq!(preview("a\u{202E}b\tcdef", 5), "a\u{FFFD}b …");
        assert_eq!(size(999), "999 bytes");
        assert_eq!(size(1_468_006), "1.4 MiB");
        assert_eq!(size(256 * 1024 * 1024), "256 MiB");
        // Issue 13: 300,000,000 bytes are 286.1 MiB, not "286.1 MB".
        assert_eq!(size(300_000_000), "286.1 MiB");
        assert_eq!(size(4 << 30), "4 GiB");
    }

    #[test]
    fn plurals_agree_with_their_count() {
        assert_eq!(plural(0, "message", "messages"), "0 messages");
        assert_eq!(plural(1, "message", "messages"), "1 message");
        assert_eq!(plural(2, "file was", "files were"), "2 files were");
    }

    #[test]
    fn bullets_wrap_under_their_text() {
        let text = bullets(&[
            "short".to_owned(),
            "They are the only way back to your report: to read the unit's replies, or to add something.".to_owned(),
        ]);
        assert_eq!(
            text,
            "  - short\n  - They are the only way back to your report: to read the unit's replies,\n    or to add something."
        );
    }
}
