//! Passphrases and key files.
//!
//! Passphrases are asked for on the terminal without echo. For automation,
//! `SANCTUARY_PASSPHRASE` is read instead; any program running as the same
//! user can read a process's environment, so it is documented as a risk.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use sanctuary_crypto::age::secrecy::{ExposeSecret, SecretString};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::keyfile::{KeyFileError, MAX_KEY_FILE, UnitKeyFile};

use crate::output;

/// The variable that supplies a passphrase without a prompt.
pub(crate) const PASSPHRASE_ENV: &str = "SANCTUARY_PASSPHRASE";

/// Tries when a passphrase is typed on the terminal.
const PROMPT_TRIES: usize = 3;

fn from_env() -> Result<Option<SecretString>> {
    match std::env::var(PASSPHRASE_ENV) {
        Ok(p) if p.is_empty() => {
            bail!("{PASSPHRASE_ENV} is set but empty. Unset it, or set the passphrase.")
        }
        Ok(p) => Ok(Some(SecretString::from(p))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => bail!("{PASSPHRASE_ENV} is not valid UTF-8."),
    }
}

fn prompt(text: &str) -> Result<SecretString> {
    rpassword::prompt_password(text)
        .map(SecretString::from)
        .map_err(|e| {
            if crate::interrupt::is_interrupted(&e) {
                return crate::prompt::Cancelled.into();
            }
            anyhow!(
                "There is no terminal to ask for the passphrase. Run this in a terminal, or set \
             {PASSPHRASE_ENV} (see docs/cli.md for the risk)."
            )
        })
}

/// Asks for a new passphrase twice (or reads `SANCTUARY_PASSPHRASE`).
pub(crate) fn new_passphrase(what: &str) -> Result<SecretString> {
    if let Some(p) = from_env()? {
        return Ok(p);
    }
    loop {
        let first = prompt(&format!("Choose a passphrase for {what}: "))?;
        if first.expose_secret().chars().count() < 8 {
            output::note("Use at least 8 characters; several unrelated words are best.");
            continue;
        }
        let second = prompt("Type it again: ")?;
        if first.expose_secret() == second.expose_secret() {
            return Ok(first);
        }
        output::note("The two passphrases differ. Try again.");
    }
}

/// Reads a key file, bounded, with a helpful error.
fn read_key_file(path: &Path, create_hint: &str) -> Result<Vec<u8>> {
    let meta = fs::metadata(path).map_err(|e| {
        if e.kind() == ErrorKind::NotFound {
            anyhow!(
                "The key file {} does not exist. Check the path (or SANCTUARY_KEY). {create_hint}",
                path.display()
            )
        } else {
            anyhow!("Cannot read the key file {}: {e}.", path.display())
        }
    })?;
    if meta.len() > MAX_KEY_FILE as u64 {
        bail!(
            "{} is too large to be a Sanctuary key file. Check the path.",
            path.display()
        );
    }
    fs::read(path).with_context(|| format!("Cannot read the key file {}.", path.display()))
}

/// Opens a key file with a passphrase from the environment, or from the
/// terminal with a few tries.
fn open_with<T>(
    path: &Path,
    create_hint: &str,
    open: impl Fn(&[u8], SecretString) -> Result<T, KeyFileError>,
) -> Result<T> {
    let file = read_key_file(path, create_hint)?;
    let explain = |e: KeyFileError| match e {
        KeyFileError::WrongPassphrase => anyhow!(
            "Wrong passphrase for {}. Check Caps Lock and the keyboard layout, then try again. \
             A forgotten passphrase cannot be recovered.",
            path.display()
        ),
        other => anyhow!("{}: {other}.", path.display()),
    };
    if let Some(passphrase) = from_env()? {
        return open(&file, passphrase).map_err(explain);
    }
    for attempt in 1..=PROMPT_TRIES {
        let passphrase = prompt(&format!("Passphrase for {}: ", path.display()))?;
        match open(&file, passphrase) {
            Ok(key) => return Ok(key),
            Err(KeyFileError::WrongPassphrase) if attempt < PROMPT_TRIES => {
                output::note("Wrong passphrase. Try again.");
            }
            Err(e) => return Err(explain(e)),
        }
    }
    Err(explain(KeyFileError::WrongPassphrase))
}

/// Opens a caseworker key file.
pub(crate) fn load_caseworker_key(path: &Path) -> Result<CaseworkerKey> {
    open_with(
        path,
        "To create a caseworker key: sanctuary caseworker init --out cw.key --label YOUR-NAME",
        CaseworkerKey::from_key_file,
    )
}

/// Opens a caseworker key file and keeps the passphrase that opened it, to
/// write the file again with the same one.
pub(crate) fn load_caseworker_key_for_update(path: &Path) -> Result<(CaseworkerKey, SecretString)> {
    open_with(
        path,
        "To create a caseworker key: sanctuary caseworker init --out cw.key --label YOUR-NAME",
        |file, passphrase| {
            let kept = SecretString::from(passphrase.expose_secret().to_owned());
            CaseworkerKey::from_key_file(file, passphrase).map(|key| (key, kept))
        },
    )
}

/// Opens a unit key file.
pub(crate) fn load_unit_key(path: &Path) -> Result<UnitKeyFile> {
    open_with(
        path,
        "To create a unit key: sanctuary unit init --out unit.key --name \"UNIT NAME\"",
        UnitKeyFile::from_key_file,
    )
}

/// Checks that `path` does not exist yet, before any passphrase is asked.
pub(crate) fn ensure_new(path: &Path) -> Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        bail!(
            "{} already exists. It is not overwritten: it may hold a key you need. \
             Choose another --out, or move the old file away first.",
            path.display()
        );
    }
    Ok(())
}

/// Writes a new file readable only by its owner; never replaces an
/// existing one.
pub(crate) fn write_private_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == ErrorKind::AlreadyExists {
            anyhow!(
                "{} already exists. It is not overwritten. Choose another file name.",
                path.display()
            )
        } else {
            anyhow!("Cannot create {}: {e}.", path.display())
        }
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("Cannot write {}.", path.display()))
}

/// Replaces the file at `path` with `bytes`, readable only by its owner:
/// written and flushed to a new file beside it, then renamed over it, so
/// that at every moment `path` holds either the old contents or the new.
pub(crate) fn replace_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // A temporary file is created readable by its owner only (0600).
    let mut temp = tempfile::Builder::new()
        .prefix(".sanctuary-key-")
        .tempfile_in(dir)
        .with_context(|| format!("Cannot write into {}.", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("Cannot write {}.", path.display()))?;
    temp.persist(path).map_err(|e| {
        anyhow!(
            "Cannot replace {}: {}. The file is unchanged.",
            path.display(),
            e.error
        )
    })?;
    // The rename is durable once the folder itself is on disk.
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn private_files_are_new_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        write_private_new(&path, b"secret").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let err = write_private_new(&path, b"other").unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"secret");
        assert!(ensure_new(&path).is_err());
        assert!(ensure_new(&dir.path().join("new")).is_ok());
    }

    #[test]
    fn replaced_files_are_owner_only_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cw.key");
        fs::write(&path, b"old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        }
        replace_private(&path, b"new contents").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new contents");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [std::ffi::OsString::from("cw.key")]);
        // Into a folder that does not exist: refused, nothing written.
        let missing = dir.path().join("no-such-folder").join("cw.key");
        assert!(replace_private(&missing, b"x").is_err());
        assert!(!missing.exists());
    }
}
