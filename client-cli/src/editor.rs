//! `--editor`: writing a long message in the person's own text editor.
//!
//! The text lives in a file only while the editor is open: in a new folder
//! readable by its owner only, then overwritten with zeros and deleted. The
//! editor itself may keep copies (swap or backup files); `--help` and
//! docs/cli.md say so.

use std::io::{Read, Seek, SeekFrom, Write};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};
use zeroize::Zeroizing;

use crate::i18n::t;
use crate::output;

/// The editor to run: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned())
}

/// Opens the editor on an empty private file and returns what was saved
/// in it (at most `max` bytes; longer is refused).
pub(crate) fn compose(max: u64) -> Result<Zeroizing<Vec<u8>>> {
    let dir = tempfile::Builder::new()
        .prefix("sanctuary-")
        .tempdir()
        .with_context(|| t!("editor-no-temp"))?;
    let path = dir.path().join("message.txt");
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    drop(options.open(&path).with_context(|| t!("editor-no-temp"))?);

    let editor = editor();
    output::note(&t!("editor-opening", command = editor.clone()));
    // Through the shell, so that EDITOR="code --wait" works; the path is
    // passed as an argument, never spliced into the command.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .with_context(|| t!("editor-failed", command = editor.clone()))?;

    let mut text = Zeroizing::new(Vec::new());
    let read = std::fs::File::open(&path).and_then(|f| f.take(max + 1).read_to_end(&mut text));
    wipe(&path);
    if !status.success() {
        bail!(t!("editor-failed", command = editor));
    }
    read.with_context(|| t!("editor-no-temp"))?;
    if text.len() as u64 > max {
        return Err(anyhow!(t!("message-input-too-long")));
    }
    Ok(text)
}

/// Overwrites the file with zeros, then deletes it. Best effort: the
/// folder is private and removed with it.
fn wipe(path: &std::path::Path) {
    if let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(path)
        && let Ok(len) = file.seek(SeekFrom::End(0))
        && file.seek(SeekFrom::Start(0)).is_ok()
    {
        let zeros = vec![0u8; usize::try_from(len).unwrap_or(0).min(8 << 20)];
        let _ = file.write_all(&zeros).and_then(|()| file.sync_all());
    }
    let _ = std::fs::remove_file(path);
}
