//! `sanctuary unit`: the unit key, the roster and the poster.

pub(crate) mod poster;

use std::path::PathBuf;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Method;
use sanctuary_crypto::api::{PublishRoster, RosterAccepted};
use sanctuary_crypto::caseworker::CaseworkerCard;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::keyfile::UnitKeyFile;
use sanctuary_crypto::roster::{
    Form, MAX_ROSTER_LEN, Policy, ROSTER_TYPE, RosterDocument, RosterError, SignedRoster,
};
use sanctuary_crypto::unit::UnitKey;

use crate::net::{ApiError, Net};
use crate::options::ServerOptions;
use crate::{output, rosters, secrets};

/// The name used when `unit init` is given none.
pub(crate) const DEFAULT_UNIT_NAME: &str = "Sanctuary unit";

/// Options of `unit init`.
pub(crate) struct InitOptions {
    /// The new key file.
    pub(crate) out: PathBuf,
    /// The unit's display name.
    pub(crate) name: String,
}

/// Options of `unit publish`.
pub(crate) struct PublishOptions {
    /// The unit key file.
    pub(crate) key: PathBuf,
    /// The server.
    pub(crate) server: ServerOptions,
    /// Every caseworker, in order.
    pub(crate) caseworkers: Vec<CaseworkerCard>,
    /// The enrollment code, for the first roster.
    pub(crate) enroll: Option<String>,
    /// Retention override.
    pub(crate) retention_days: Option<u32>,
    /// Days until the roster expires.
    pub(crate) expires_in_days: u32,
    /// A new form, if given.
    pub(crate) form: Option<Form>,
}

/// Checks a unit's display name.
pub(crate) fn validate_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
        bail!("The unit name must be 1 to 200 printable characters.");
    }
    Ok(name.to_owned())
}

/// Reads and checks a form file.
pub(crate) fn read_form(path: &std::path::Path) -> Result<Form> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("Cannot read the form file {}.", path.display()))?;
    if bytes.len() > MAX_ROSTER_LEN {
        bail!("The form file {} is too large.", path.display());
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!(
            "The form file {} is not a valid form ({e}). See docs/unit-admin-guide.md for \
             an example.",
            path.display()
        )
    })
}

/// `sanctuary unit init`.
pub(crate) fn init(options: &InitOptions) -> Result<()> {
    secrets::ensure_new(&options.out)?;
    let passphrase = secrets::new_passphrase("the unit key")?;
    let file = UnitKeyFile {
        key: UnitKey::generate(),
        name: options.name.clone(),
    };
    let bytes = file
        .to_key_file(passphrase, None)
        .context("Could not encrypt the unit key.")?;
    secrets::write_private_new(&options.out, &bytes)?;
    let id = file.key.unit_id();
    output::line(&id.to_string())?;
    output::note(&format!(
        "Created the unit key {} for \"{}\".\n\
         {} is your unit ID. Publish it on your posters and web pages: \
         reporters need it to check that they are talking to you.\n\
         Keep the key file and its passphrase offline and safe. Whoever holds them decides \
         who can read reports; if you lose them, reporters must be given a new unit ID.\n\
         Next: collect your caseworkers' cards, then run\n  \
         sanctuary unit publish --key {} --server URL --enroll CODE --caseworker CARD …",
        options.out.display(),
        options.name,
        output::printed_line(),
        options.out.display()
    ));
    Ok(())
}

/// `sanctuary unit id`.
pub(crate) fn id(key: &std::path::Path) -> Result<()> {
    let file = secrets::load_unit_key(key)?;
    output::line(&file.key.unit_id().to_string())?;
    Ok(())
}

/// `sanctuary unit publish`.
pub(crate) fn publish(options: &PublishOptions) -> Result<()> {
    let file = secrets::load_unit_key(&options.key)?;
    let unit = file.key.unit_id();
    let net = Net::new(&options.server)?;
    let current = rosters::fetch(&net)?;
    let (version, mut policy, mut form, previous) = match &current {
        Some(signed) => {
            let verified = rosters::verify_any_day(signed, &unit).map_err(|e| match e {
                RosterError::WrongUnit => anyhow!(
                    "This server belongs to another unit ({}), not to yours ({unit}). Nothing \
                     was published. Check --server.",
                    signed
                        .claimed_unit()
                        .map_or_else(|_| "unknown".to_owned(), |u| u.to_string())
                ),
                other => anyhow!(
                    "The server's current roster does not verify with your unit key ({other}). \
                     Nothing was published. Check --server."
                ),
            })?;
            if options.enroll.is_some() {
                output::note(
                    "This server is already enrolled to your unit: --enroll is not needed and was ignored.",
                );
            }
            let doc = verified.document();
            (
                verified.version() + 1,
                doc.policy.clone(),
                doc.form.clone(),
                Some(doc.clone()),
            )
        }
        None => {
            if options.enroll.is_none() {
                bail!(
                    "This server has no roster yet. Give its enrollment code with --enroll \
                     CODE: the server printed it on its first start and wrote it to the file \
                     enrollment-code in its data folder."
                );
            }
            (1, Policy::default(), None, None)
        }
    };
    if let Some(days) = options.retention_days {
        policy.retention_days = days;
    }
    if let Some(new_form) = &options.form {
        form = Some(new_form.clone());
    }
    let today = Day::today();
    let doc = RosterDocument {
        kind: ROSTER_TYPE.to_owned(),
        version,
        unit,
        name: file.name.clone(),
        issued: today,
        expires: today.plus(options.expires_in_days),
        caseworkers: options
            .caseworkers
            .iter()
            .cloned()
            .map(Into::into)
            .collect(),
        policy,
        form,
    };
    let signed = SignedRoster::sign(&doc, &file.key)
        .map_err(|e| anyhow!("This roster cannot be published: {e}. Nothing was published."))?;
    let body = PublishRoster {
        roster: signed,
        enrollment_code: if current.is_none() {
            options.enroll.clone()
        } else {
            None
        },
    };
    let accepted: RosterAccepted = net
        .send_json(Method::PUT, "v1/roster", &body, 4096)
        .map_err(|e| explain_publish_error(e, &unit.to_string()))?;

    let labels = |d: &RosterDocument| -> Vec<String> {
        d.caseworkers.iter().map(|c| c.label.to_string()).collect()
    };
    let now = labels(&doc);
    let mut lines = vec![
        format!(
            "Published roster version {} for \"{}\" ({unit}).",
            accepted.version, doc.name
        ),
        format!("Caseworkers ({}): {}", now.len(), now.join(", ")),
    ];
    if let Some(prev) = &previous {
        let before = labels(prev);
        let added: Vec<_> = now
            .iter()
            .filter(|l| !before.contains(l))
            .cloned()
            .collect();
        let removed: Vec<_> = before
            .iter()
            .filter(|l| !now.contains(l))
            .cloned()
            .collect();
        if !added.is_empty() {
            lines.push(format!("Added: {}", added.join(", ")));
        }
        if !removed.is_empty() {
            lines.push(format!(
                "Removed: {} (they can no longer read new reports)",
                removed.join(", ")
            ));
        }
    }
    lines.push(format!(
        "Valid until {}. Publish a new roster before then, or reporters will be refused.",
        doc.expires
    ));
    lines.push(format!(
        "The server keeps reports for {} days and replies for {} days.",
        doc.policy.retention_days, doc.policy.mailbox_retention_days
    ));
    output::line(&lines.join("\n"))?;
    Ok(())
}

fn explain_publish_error(err: anyhow::Error, unit: &str) -> anyhow::Error {
    let Some(api) = err.downcast_ref::<ApiError>() else {
        return err.context("Nothing was published.");
    };
    match api.code.as_str() {
        "enrollment_code" => anyhow!(
            "The server did not accept the enrollment code. Nothing was published. Use the \
             code from the file enrollment-code in the server's data folder (or its first \
             start log). It works only for the first roster."
        ),
        "unit_mismatch" => anyhow!(
            "This server is enrolled to another unit, not to {unit}. Nothing was published. \
             Check --server."
        ),
        "roster_version" => anyhow!(
            "The server already has a roster with this version or a newer one (someone \
             published at the same time?). Nothing was published. Run the command again."
        ),
        "roster_invalid" => anyhow!(
            "The server refused the roster as invalid: {}. Nothing was published.",
            output::preview(&api.message, 200)
        ),
        _ => err.context("Nothing was published."),
    }
}
