//! Values that several commands share: the unit ID, the caseworker key
//! file, a thread ID, the reporter's language, where a message comes from
//! and the files attached to it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use sanctuary_crypto::unit::UnitId;

use crate::cli;
use crate::i18n::t;

/// Validates a unit ID from `--unit` or `SANCTUARY_UNIT`.
pub(crate) fn unit_id(arg: Option<&str>) -> Result<UnitId> {
    let text = arg
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            anyhow!(
                "No unit ID given. Add --unit UNIT_ID (or set SANCTUARY_UNIT) with the ID the \
             unit published; it starts with sanctuary1."
            )
        })?;
    text.parse::<UnitId>().map_err(|e| {
        anyhow!(
            "{text:?} is {e}. Copy the unit ID again, exactly as the unit published it. \
             Nothing was sent."
        )
    })
}

/// Validates a thread ID (or its first characters) before any key is
/// opened.
pub(crate) fn thread_id(raw: &str) -> Result<String> {
    let id = raw.trim().to_ascii_lowercase();
    if id.len() < 4 || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!(
            "{raw:?} is not a thread ID. Use the ID shown by `sanctuary case list` (at least \
             its first 4 characters)."
        );
    }
    Ok(id)
}

/// Where the message text comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum MessageSource {
    /// `--message TEXT`.
    Text(String),
    /// `--message-file FILE`.
    File(PathBuf),
    /// `--message-file -`.
    Stdin,
    /// `--editor`: written in the person's text editor.
    Editor,
    /// Neither flag.
    None,
}

impl MessageSource {
    /// From the raw flags.
    pub(crate) fn from_args(args: &cli::MessageArgs) -> Self {
        match (&args.message, &args.message_file) {
            _ if args.editor => Self::Editor,
            (Some(text), _) => Self::Text(text.clone()),
            (None, Some(p)) if p == Path::new("-") => Self::Stdin,
            (None, Some(p)) => Self::File(p.clone()),
            (None, None) => Self::None,
        }
    }
}

/// Files to attach and how.
#[derive(Clone, Debug, Default)]
pub(crate) struct AttachOptions {
    /// The files, in order.
    pub(crate) files: Vec<PathBuf>,
    /// Keep metadata as it is.
    pub(crate) keep_metadata: bool,
    /// Send the real file names.
    pub(crate) keep_names: bool,
}

impl AttachOptions {
    /// Checks that every file exists and is a regular file.
    pub(crate) fn from_args(args: &cli::AttachArgs) -> Result<Self> {
        for f in &args.attach {
            let meta = std::fs::metadata(f)
                .with_context(|| t!("attach-not-found", path = f.display().to_string()))?;
            if !meta.is_file() {
                bail!(t!("attach-not-a-file", path = f.display().to_string()));
            }
        }
        Ok(Self {
            files: args.attach.clone(),
            keep_metadata: args.keep_metadata,
            keep_names: args.keep_names,
        })
    }
}

/// The caseworker key file from `--key` or `SANCTUARY_KEY` (an empty
/// value counts as not given).
pub(crate) fn key_path(arg: Option<&OsStr>) -> Result<PathBuf> {
    arg.filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .ok_or_else(|| {
            anyhow!(
                "No key file given. Add --key FILE (or set SANCTUARY_KEY). To create one: \
             sanctuary caseworker init --out cw.key --label YOUR-NAME"
            )
        })
}

/// The language for form labels: `--lang`, else the locale, else English.
pub(crate) fn language(arg: Option<&str>) -> String {
    let from_env = || {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
    };
    let raw = arg.map(str::to_owned).or_else(from_env).unwrap_or_default();
    normalize_language(&raw)
}

/// `es_ES.UTF-8` → `es`; `C`, `POSIX` and nonsense → `en`.
pub(crate) fn normalize_language(raw: &str) -> String {
    let tag: String = raw
        .split(['_', '.', '@', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if (2..=3).contains(&tag.len()) && tag.bytes().all(|b| b.is_ascii_lowercase()) {
        tag
    } else {
        "en".to_owned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn unit_ids_are_checked() {
        assert!(unit_id(None).is_err());
        let err = unit_id(Some("sanctuary1qqqq")).unwrap_err().to_string();
        assert!(err.contains("not a unit ID"), "{err}");
        let key = sanctuary_crypto::unit::UnitKey::generate();
        let id = key.unit_id().to_string();
        assert_eq!(unit_id(Some(&format!(" {id} "))).unwrap(), key.unit_id());
    }

    #[test]
    fn empty_key_paths_count_as_missing() {
        assert!(key_path(None).is_err());
        assert!(key_path(Some(OsStr::new(""))).is_err());
        assert_eq!(
            key_path(Some(OsStr::new("cw.key"))).unwrap(),
            PathBuf::from("cw.key")
        );
    }

    #[test]
    fn thread_ids() {
        assert_eq!(thread_id(" 0F1C57EA ").unwrap(), "0f1c57ea");
        assert!(thread_id("zz").is_err());
        assert!(thread_id("abc").is_err());
        assert!(thread_id(&"a".repeat(33)).is_err());
    }

    #[test]
    fn message_sources() {
        let args = |m: Option<&str>, f: Option<&str>| cli::MessageArgs {
            message: m.map(str::to_owned),
            message_file: f.map(PathBuf::from),
            editor: false,
        };
        assert_eq!(
            MessageSource::from_args(&args(None, None)),
            MessageSource::None
        );
        assert_eq!(
            MessageSource::from_args(&args(None, Some("-"))),
            MessageSource::Stdin
        );
        assert_eq!(
            MessageSource::from_args(&args(Some("hi"), None)),
            MessageSource::Text("hi".into())
        );
        let editor = cli::MessageArgs {
            editor: true,
            ..args(None, None)
        };
        assert_eq!(MessageSource::from_args(&editor), MessageSource::Editor);
    }

    #[test]
    fn attachments_must_be_files() {
        let dir = tempfile::tempdir().unwrap();
        let args = cli::AttachArgs {
            attach: vec![dir.path().to_path_buf()],
            keep_metadata: false,
            keep_names: false,
        };
        assert!(AttachOptions::from_args(&args).is_err());
        let args = cli::AttachArgs {
            attach: vec![dir.path().join("missing.jpg")],
            keep_metadata: false,
            keep_names: false,
        };
        let err = format!("{:#}", AttachOptions::from_args(&args).unwrap_err());
        assert!(err.contains("missing.jpg"), "{err}");
    }

    #[test]
    fn languages() {
        assert_eq!(normalize_language("es_ES.UTF-8"), "es");
        assert_eq!(normalize_language("C"), "en");
        assert_eq!(normalize_language(""), "en");
        assert_eq!(normalize_language("FR"), "fr");
        assert_eq!(normalize_language("pt-BR"), "pt");
        assert_eq!(language(Some("de")), "de");
    }
}
