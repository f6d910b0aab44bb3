//! `sanctuary caseworker`: a caseworker's key and card.

use std::path::Path;

use anyhow::{Context, Result, bail};
use sanctuary_crypto::age::secrecy::ExposeSecret;
use sanctuary_crypto::caseworker::CaseworkerKey;

use crate::options::{CaseworkerInitOptions, ExportIdentityOptions};
use crate::{output, secrets};

/// `sanctuary caseworker init`.
pub(crate) fn init(options: &CaseworkerInitOptions) -> Result<()> {
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
         Once the roster is published, fetch reports with the unit ID your unit admin \
         gives you:\n  \
         sanctuary case sync --server URL --unit UNIT_ID --key {}",
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

/// `sanctuary caseworker add-post-quantum`.
pub(crate) fn add_post_quantum(path: &Path) -> Result<()> {
    let (key, passphrase) = secrets::load_caseworker_key_for_update(path)?;
    if key.has_post_quantum() {
        bail!(
            "{} already has a post-quantum key; nothing was changed. Your card (from \
             `sanctuary caseworker card --key {}`) already carries it.",
            path.display(),
            path.display()
        );
    }
    let key = key.with_new_post_quantum();
    let bytes = key
        .to_key_file(passphrase, None)
        .context("Could not encrypt the caseworker key. The key file is unchanged.")?;
    secrets::replace_private(path, &bytes)?;
    output::line(&key.card().to_string())?;
    output::note(&format!(
        "Added a post-quantum key to {} (same passphrase; your other keys are unchanged, \
         so everything you could read before, you still can).\n\
         {} is your new card. Send it to your unit admin, who publishes it in the \
         roster in place of your old one. Until then, reports stay sealed to your old key \
         only.\n\
         If you keep a backup of your key file, replace it with this one: the old file \
         cannot read what is sealed post-quantum.",
        path.display(),
        output::printed_line(),
    ));
    Ok(())
}

/// `sanctuary caseworker export-identity`.
pub(crate) fn export_identity(options: &ExportIdentityOptions) -> Result<()> {
    let path = &options.key;
    let key = secrets::load_caseworker_key(path)?;
    let secret = if options.post_quantum {
        key.export_post_quantum_identity().ok_or_else(|| {
            anyhow::anyhow!(
                "{} has no post-quantum key: it was made before Sanctuary had one. Add one \
                 with `sanctuary caseworker add-post-quantum --key {}`, or leave out \
                 --post-quantum to print your X25519 key.",
                path.display(),
                path.display()
            )
        })?
    } else {
        key.export_identity()
    };
    output::note(
        "Warning: this is your secret decryption key. Anyone who sees it can read every \
         report sent to you. Do not save it anywhere less protected than your key file.",
    );
    output::line(secret.expose_secret())?;
    Ok(())
}
