//! `sanctuary caseworker`: a caseworker's key and card.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::caseworker::{CaseworkerKey, Label};

use crate::{output, secrets};

/// Options of `caseworker init`.
pub(crate) struct InitOptions {
    /// The new key file.
    pub(crate) out: PathBuf,
    /// The caseworker's label.
    pub(crate) label: Label,
}

/// `sanctuary caseworker init`.
pub(crate) fn init(options: &InitOptions) -> Result<()> {
    secrets::ensure_new(&options.out)?;
    let passphrase = secrets::new_passphrase("your caseworker key")?;
    let key = CaseworkerKey::generate(options.label.clone());
    let bytes = key
        .to_key_file(passphrase, None)
        .context("Could not encrypt the caseworker key.")?;
    secrets::write_private_new(&options.out, &bytes)?;
    output::line(&key.card().to_string())?;
    output::note(&format!(
        "Created your caseworker key {} (protected by your passphrase).\n\
         {} is your card. It holds no secret: send it to your unit admin, who \
         adds it to the roster. The key file stays on this computer; keep a backup somewhere \
         safe.\n\
         Once the roster is published, fetch reports with\n  \
         sanctuary case sync --server URL --key {}",
        options.out.display(),
        output::printed_line(),
        options.out.display()
    ));
    Ok(())
}

/// `sanctuary caseworker card`.
pub(crate) fn card(key: &Path) -> Result<()> {
    let key = secrets::load_caseworker_key(key)?;
    output::line(&key.card().to_string())?;
    Ok(())
}

/// `sanctuary caseworker export-identity`.
pub(crate) fn export_identity(key: &Path) -> Result<()> {
    let key = secrets::load_caseworker_key(key)?;
    output::note(
        "Warning: this is your secret decryption key. Anyone who sees it can read every \
         report sent to you. Do not save it anywhere less protected than your key file.",
    );
    output::line(key.export_identity().expose_secret())?;
    Ok(())
}
