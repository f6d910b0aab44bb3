//! File names: neutral names for attachments, and safe names for files
//! written from someone else's message.

use std::path::{Path, PathBuf};

/// Longest file name written, in characters (before the extension).
const MAX_STEM: usize = 80;

/// The neutral name of the `n`th attachment (1-based).
pub(crate) fn neutral(n: usize, extension: &str) -> String {
    let ext = sanitize_extension(extension);
    if ext.is_empty() {
        format!("attachment-{n}")
    } else {
        format!("attachment-{n}.{ext}")
    }
}

fn sanitize_extension(ext: &str) -> String {
    ext.trim_start_matches('.')
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(10)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// A name from someone else's message made safe to create: no folders, no
/// hidden files, no control or reserved characters, bounded length.
pub(crate) fn sanitize(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_owned(), sanitize_extension(e)),
        _ => (cleaned.clone(), String::new()),
    };
    let stem: String = stem.chars().take(MAX_STEM).collect();
    let stem = stem.trim().to_owned();
    let stem = if stem.is_empty() {
        "attachment".to_owned()
    } else {
        stem
    };
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// A path in `dir` for `name` that does not exist yet: `name`, then
/// `name (2)`, `name (3)`…
pub(crate) fn unique_in(dir: &Path, name: &str) -> PathBuf {
    let first = dir.join(name);
    if std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    (2..)
        .map(|i| dir.join(format!("{stem} ({i}){ext}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn neutral_names() {
        assert_eq!(neutral(1, "jpg"), "attachment-1.jpg");
        assert_eq!(neutral(2, ".PDF"), "attachment-2.pdf");
        assert_eq!(neutral(3, ""), "attachment-3");
        assert_eq!(neutral(4, "../x"), "attachment-4.x");
    }

    #[test]
    fn hostile_names_are_tamed() {
        assert_eq!(sanitize("../../etc/passwd"), "passwd");
        assert_eq!(sanitize("..\\..\\boot.ini"), "boot.ini");
        assert_eq!(sanitize(".bashrc"), "bashrc");
        assert_eq!(sanitize("a\u{1b}[2Jb.txt"), "a__2Jb.txt");
        assert_eq!(sanitize(""), "attachment");
        assert_eq!(sanitize(".."), "attachment");
        assert_eq!(sanitize("photo\u{202E}gpj.exe"), "photo_gpj.exe");
        assert_eq!(sanitize(&"x".repeat(300)).len(), 80);
        assert_eq!(
            sanitize("Zeugenaussage Müller.pdf"),
            "Zeugenaussage Müller.pdf"
        );
    }

    #[test]
    fn unique_names_do_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unique_in(dir.path(), "a.txt"), dir.path().join("a.txt"));
        std::fs::write(dir.path().join("a.txt"), b"").unwrap();
        assert_eq!(unique_in(dir.path(), "a.txt"), dir.path().join("a (2).txt"));
    }
}
