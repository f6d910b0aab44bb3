//! The options of the unit admin's and caseworker's key commands
//! (`sanctuary unit …`, `sanctuary caseworker …`) and of `sanctuary web
//! verify`, from their raw arguments.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Url;
use sanctuary_crypto::caseworker::{CaseworkerCard, Label};
use sanctuary_crypto::roster::{Form, MAX_ROSTER_LEN, PostQuantum};
use sanctuary_crypto::unit::UnitId;

use crate::cli;

use super::{ServerOptions, key_path, poster_server_url, unit_id};

/// Options of `caseworker init`.
pub(crate) struct CaseworkerInitOptions {
    /// The new key file.
    pub(crate) out: PathBuf,
    /// The caseworker's label.
    pub(crate) label: Label,
}

impl CaseworkerInitOptions {
    /// Checks the label.
    pub(crate) fn from_args(a: &cli::CaseworkerInitArgs) -> Result<Self> {
        Ok(Self {
            label: label(&a.label)?,
            out: a.out.clone(),
        })
    }
}

/// The caseworker key file of `caseworker card` and `caseworker
/// add-post-quantum`.
pub(crate) fn key_file(a: &cli::KeyFileArg) -> Result<PathBuf> {
    key_path(a.key.as_deref())
}

/// Options of `caseworker export-identity`.
pub(crate) struct ExportIdentityOptions {
    /// The caseworker key file.
    pub(crate) key: PathBuf,
    /// `--post-quantum`: the post-quantum key instead of the X25519 one.
    pub(crate) post_quantum: bool,
}

impl ExportIdentityOptions {
    /// Checks that a key file is given.
    pub(crate) fn from_args(a: &cli::ExportIdentityArgs) -> Result<Self> {
        Ok(Self {
            key: key_file(&a.key)?,
            post_quantum: a.post_quantum,
        })
    }
}

/// The name used when `unit init` is given none.
const DEFAULT_UNIT_NAME: &str = "Sanctuary unit";

/// Options of `unit init`.
pub(crate) struct UnitInitOptions {
    /// The new key file.
    pub(crate) out: PathBuf,
    /// The unit's display name.
    pub(crate) name: String,
}

impl UnitInitOptions {
    /// Checks the name (a default one when none is given).
    pub(crate) fn from_args(a: &cli::UnitInitArgs) -> Result<Self> {
        Ok(Self {
            name: unit_name(a.name.as_deref().unwrap_or(DEFAULT_UNIT_NAME))?,
            out: a.out.clone(),
        })
    }
}

/// Checks a unit's display name.
fn unit_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 || name.chars().any(char::is_control) {
        bail!("The unit name must be 1 to 200 printable characters.");
    }
    Ok(name.to_owned())
}

/// Who the published roster lists.
pub(crate) enum Caseworkers {
    /// Exactly these cards.
    Cards(Vec<CaseworkerCard>),
    /// The current roster's caseworkers (a renewal).
    Keep,
}

/// Options of `unit publish`.
pub(crate) struct PublishOptions {
    /// The unit key file.
    pub(crate) key: PathBuf,
    /// The server.
    pub(crate) server: ServerOptions,
    /// Every caseworker, in order.
    pub(crate) caseworkers: Caseworkers,
    /// The enrollment code, for the first roster.
    pub(crate) enroll: Option<String>,
    /// Retention override.
    pub(crate) retention_days: Option<u32>,
    /// Days until the roster expires.
    pub(crate) expires_in_days: u32,
    /// A new form, if given.
    pub(crate) form: Option<Form>,
    /// `--post-quantum`, if given.
    pub(crate) post_quantum: Option<PostQuantum>,
}

impl PublishOptions {
    /// Checks the expiry, the server, every card, then reads the form.
    pub(crate) fn from_args(a: &cli::PublishArgs) -> Result<Self> {
        if a.expires_in_days == 0 {
            bail!("--expires-in-days must be at least 1.");
        }
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            caseworkers: if a.keep_caseworkers {
                Caseworkers::Keep
            } else {
                Caseworkers::Cards(cards(&a.caseworkers, &a.caseworker_files)?)
            },
            post_quantum: a.post_quantum.map(post_quantum),
            enroll: a.enroll.as_ref().map(|c| c.trim().to_owned()),
            retention_days: a.retention_days,
            expires_in_days: a.expires_in_days,
            form: a.form.as_deref().map(read_form).transpose()?,
            key: a.key.clone(),
        })
    }
}

/// Reads and checks a form file.
fn read_form(path: &Path) -> Result<Form> {
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

/// Largest card file read by `--caseworker-file`: a card is about 2,100
/// characters; this leaves room for a trailing newline or a note.
const MAX_CARD_FILE: u64 = 16 * 1024;

/// Reads one card from a file: its only non-empty line.
fn card_from_file(path: &Path) -> Result<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CARD_FILE + 1).read_to_end(&mut bytes))
        .with_context(|| format!("Cannot read the card file {}.", path.display()))?;
    if bytes.len() as u64 > MAX_CARD_FILE {
        bail!(
            "{} is too large to be a caseworker card. Check the file name.",
            path.display()
        );
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| anyhow!("{} is not a caseworker card (not text).", path.display()))?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    match lines.as_slice() {
        [card] => Ok((*card).to_owned()),
        [] => bail!("{} is empty: it holds no caseworker card.", path.display()),
        _ => bail!(
            "{} holds {} lines; a card file holds one card on one line. Give each card with \
             its own --caseworker-file.",
            path.display(),
            lines.len()
        ),
    }
}

/// Validates caseworker cards, given on the command line then in files,
/// saying which one is wrong. Version 1 (X25519 only) and version 2 (with
/// a post-quantum key) cards are both accepted.
fn cards(raw: &[String], files: &[PathBuf]) -> Result<Vec<CaseworkerCard>> {
    let mut all: Vec<(String, String)> = raw
        .iter()
        .enumerate()
        .map(|(i, c)| (format!("Caseworker card {}", i + 1), c.clone()))
        .collect();
    for path in files {
        all.push((
            format!("The caseworker card in {}", path.display()),
            card_from_file(path)?,
        ));
    }
    all.iter()
        .map(|(what, c)| {
            c.parse::<CaseworkerCard>().map_err(|e| {
                let mut shown: String = c.chars().take(40).collect();
                if c.chars().count() > 40 {
                    shown.push('…');
                }
                anyhow!(
                    "{what} ({shown}) is not valid: {e}. Ask the caseworker to \
                     run `sanctuary caseworker card --key FILE` and send it again."
                )
            })
        })
        .collect()
}

/// The roster policy a `--post-quantum` value stands for.
fn post_quantum(arg: cli::PostQuantumArg) -> PostQuantum {
    match arg {
        cli::PostQuantumArg::Off => PostQuantum::Off,
        cli::PostQuantumArg::Preferred => PostQuantum::Preferred,
        cli::PostQuantumArg::Required => PostQuantum::Required,
    }
}

/// Validates a caseworker label.
fn label(raw: &str) -> Result<Label> {
    raw.parse::<Label>()
        .map_err(|e| anyhow!("The label {raw:?} is not valid: {e}."))
}

/// Where the unit of a poster comes from.
pub(crate) enum PosterUnit {
    /// A unit key file (its passphrase is asked for).
    KeyFile(PathBuf),
    /// A unit ID given as it is.
    Id(UnitId),
}

/// Options of `unit poster`.
pub(crate) struct PosterOptions {
    /// The unit.
    pub(crate) unit: PosterUnit,
    /// The server's root address.
    pub(crate) server: Url,
    /// `--svg FILE`.
    pub(crate) svg: Option<PathBuf>,
    /// `--force`: replace an existing SVG file.
    pub(crate) force: bool,
    /// `--json`.
    pub(crate) json: bool,
}

impl PosterOptions {
    /// Checks the unit ID (unless a key file is given), then the server.
    pub(crate) fn from_args(a: &cli::PosterArgs) -> Result<Self> {
        Ok(Self {
            unit: match (&a.key, &a.unit) {
                (Some(key), _) => PosterUnit::KeyFile(key.clone()),
                (None, unit) => PosterUnit::Id(unit_id(unit.as_deref())?),
            },
            server: poster_server_url(a.server.as_deref())?,
            svg: a.svg.clone(),
            force: a.force,
            json: a.json,
        })
    }
}

/// Options of `web verify`.
pub(crate) struct VerifyOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// `--json`.
    pub(crate) json: bool,
}

impl VerifyOptions {
    /// Checks the server.
    pub(crate) fn from_args(a: &cli::WebVerifyArgs) -> Result<Self> {
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            json: a.json,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn cards_say_which_one_is_wrong() {
        let good = sanctuary_crypto::caseworker::CaseworkerKey::generate("A".parse().unwrap())
            .card()
            .to_string();
        assert_eq!(cards(std::slice::from_ref(&good), &[]).unwrap().len(), 1);
        let err = cards(&[good.clone(), good.replacen(":A:", ":B:", 1)], &[])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("Caseworker card 2"), "{err}");
        assert!(err.contains("damaged"), "{err}");
    }

    /// A version-2 card (with a post-quantum key, about 2,100 characters)
    /// and a version-1 card from a key made before post-quantum are both
    /// accepted, as arguments and from files, in that order.
    #[test]
    fn cards_of_both_versions_from_arguments_and_files() {
        use sanctuary_crypto::age;
        use sanctuary_crypto::caseworker::CaseworkerKey;
        let new = CaseworkerKey::generate("New".parse().unwrap());
        let seed = zeroize::Zeroizing::new([7u8; 32]);
        let old = CaseworkerKey::from_parts(
            "Old".parse().unwrap(),
            age::x25519::Identity::generate(),
            None,
            &seed,
        );
        let (v2, v1) = (new.card().to_string(), old.card().to_string());
        assert!(
            v2.starts_with("sanctuary-card:2:New:") && v2.len() > 2000,
            "{v2}"
        );
        assert!(
            v1.starts_with("sanctuary-card:1:Old:") && v1.len() < 200,
            "{v1}"
        );

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("new.card");
        std::fs::write(&file, format!("\n{v2}\n\n")).unwrap();
        let got = cards(std::slice::from_ref(&v1), std::slice::from_ref(&file)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].label.as_str(), "Old");
        assert!(got[0].post_quantum.is_none());
        assert_eq!(got[1], new.card());
        assert!(got[1].post_quantum.is_some());

        // A damaged file card names its file.
        std::fs::write(&file, v2.replacen(":New:", ":Wen:", 1)).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("new.card") && err.contains("damaged"), "{err}");
        // Two cards in one file, an empty file, a missing file: refused.
        std::fs::write(&file, format!("{v1}\n{v2}\n")).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 lines"), "{err}");
        std::fs::write(&file, "\n").unwrap();
        assert!(cards(&[], std::slice::from_ref(&file)).is_err());
        let missing = dir.path().join("missing.card");
        let err = format!("{:#}", cards(&[], &[missing]).unwrap_err());
        assert!(err.contains("missing.card"), "{err}");
        // Far larger than any card: refused without reading it all.
        std::fs::write(&file, "x".repeat(100_000)).unwrap();
        let err = cards(&[], std::slice::from_ref(&file))
            .unwrap_err()
            .to_string();
        assert!(err.contains("too large"), "{err}");
    }
}
