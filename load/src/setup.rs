//! Enrolling a fresh server: a unit key, caseworkers, a signed roster
//! published with the enrollment code, and a state folder the other
//! subcommands (and `sanctuary case sync`) read.
//!
//! The state folder holds benchmark keys in the clear (`state.json`) and a
//! passphrase-protected key file per caseworker (`cw-N.key`, passphrase in
//! `passphrase`). It belongs in a temporary directory.

use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use anyhow::{Context as _, Result, anyhow, bail};
use sanctuary_crypto::age;
use sanctuary_crypto::api::PublishRoster;
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{Policy, ROSTER_TYPE, RosterDocument, SignedRoster, VerifiedRoster};
use sanctuary_crypto::unit::UnitKey;
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};

/// A 32-byte seed as hex: these are throw-away benchmark keys in a
/// temporary folder.
type Seed = String;

/// Passphrase of the benchmark key files.
const PASSPHRASE: &str = "benchmark passphrase, not secret";

/// One caseworker's keys, as stored in `state.json`.
#[derive(Clone, Serialize, Deserialize)]
struct StoredCaseworker {
    label: String,
    identity: String,
    seed: Seed,
}

/// `state.json`.
#[derive(Clone, Serialize, Deserialize)]
struct StoredState {
    unit_seed: Seed,
    roster: SignedRoster,
    caseworkers: Vec<StoredCaseworker>,
}

/// What every subcommand needs: the unit, its roster and the caseworkers.
pub(crate) struct BenchState {
    /// The roster as the server holds it.
    pub(crate) roster: VerifiedRoster,
    /// The caseworkers, in roster order.
    pub(crate) caseworkers: Vec<CaseworkerKey>,
}

impl BenchState {
    /// Reads a state folder written by [`setup`].
    pub(crate) fn load(dir: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(dir.join("state.json"))
            .with_context(|| format!("no benchmark state in {}: run setup", dir.display()))?;
        let stored: StoredState = serde_json::from_str(&text)?;
        let unit = UnitKey::from_seed(&zeroize::Zeroizing::new(seed(&stored.unit_seed)?));
        let roster = stored
            .roster
            .verify(&unit.unit_id(), stored.roster_issued()?)
            .map_err(|e| anyhow!("the stored roster does not verify: {e}"))?;
        let caseworkers = stored
            .caseworkers
            .iter()
            .map(|c| {
                Ok(CaseworkerKey::from_parts(
                    c.label.parse().map_err(|_| anyhow!("bad label"))?,
                    age::x25519::Identity::from_str(&c.identity)
                        .map_err(|e| anyhow!("bad identity: {e}"))?,
                    &zeroize::Zeroizing::new(seed(&c.seed)?),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            roster,
            caseworkers,
        })
    }

    /// The caseworkers' age recipients (what reports are sealed to).
    pub(crate) fn recipients(&self) -> Vec<age::x25519::Recipient> {
        self.roster.document().recipients()
    }
}

impl StoredState {
    fn roster_issued(&self) -> Result<Day> {
        let doc: RosterDocument = serde_json::from_str(&self.roster.document)?;
        Ok(doc.issued)
    }
}

fn seed(hex_text: &str) -> Result<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut out).context("bad seed in state.json")?;
    Ok(out)
}

/// Options of `setup`.
pub(crate) struct SetupOptions {
    pub(crate) server: reqwest::Url,
    pub(crate) data_dir: PathBuf,
    pub(crate) state: PathBuf,
    pub(crate) caseworkers: usize,
    pub(crate) max_attachment_bytes: u64,
    pub(crate) work_factor: Option<u8>,
}

/// Generates keys, publishes the roster with the server's enrollment code
/// and writes the state folder.
pub(crate) fn setup(options: &SetupOptions) -> Result<()> {
    let code_path = options
        .data_dir
        .join(sanctuary_server::ENROLLMENT_CODE_FILE);
    let code = std::fs::read_to_string(&code_path)
        .with_context(|| format!("cannot read {}", code_path.display()))?;
    let unit = UnitKey::generate();
    let caseworkers: Vec<CaseworkerKey> = (0..options.caseworkers)
        .map(|i| {
            format!("cw-{i}")
                .parse()
                .map(CaseworkerKey::generate)
                .map_err(|_| anyhow!("bad label"))
        })
        .collect::<Result<_>>()?;
    let today = Day::today();
    let policy = Policy {
        max_attachment_bytes: options.max_attachment_bytes,
        ..Policy::default()
    };
    let doc = RosterDocument {
        kind: ROSTER_TYPE.into(),
        version: 1,
        unit: unit.unit_id(),
        name: "Benchmark unit".into(),
        issued: today,
        expires: today.plus(30),
        caseworkers: caseworkers.iter().map(|c| c.card().into()).collect(),
        policy,
        form: None,
    };
    let signed = SignedRoster::sign(&doc, &unit).map_err(|e| anyhow!("roster: {e}"))?;
    let body = PublishRoster {
        roster: signed.clone(),
        enrollment_code: Some(code.trim().to_owned()),
    };
    let client = reqwest::blocking::Client::builder().no_proxy().build()?;
    let response = client
        .put(options.server.join("v1/roster")?)
        .json(&body)
        .send()
        .context("cannot reach the server")?;
    if !response.status().is_success() {
        bail!(
            "publishing the roster failed: {} {}",
            response.status(),
            response.text().unwrap_or_default()
        );
    }

    std::fs::create_dir_all(&options.state)?;
    let stored = StoredState {
        unit_seed: hex::encode(*unit.seed()),
        roster: signed,
        caseworkers: caseworkers
            .iter()
            .map(|c| StoredCaseworker {
                label: c.label().to_string(),
                identity: c.export_identity().expose_secret().to_owned(),
                seed: hex::encode(*c.signing_seed()),
            })
            .collect(),
    };
    std::fs::write(
        options.state.join("state.json"),
        serde_json::to_vec(&stored)?,
    )?;
    std::fs::write(options.state.join("passphrase"), PASSPHRASE)?;
    for (i, c) in caseworkers.iter().enumerate() {
        let file = c
            .to_key_file(SecretString::from(PASSPHRASE), options.work_factor)
            .map_err(|e| anyhow!("key file: {e}"))?;
        std::fs::write(options.state.join(format!("cw-{i}.key")), file)?;
    }
    std::fs::write(options.state.join("unit-id"), unit.unit_id().to_string())?;
    let recipients: Vec<String> = caseworkers
        .iter()
        .map(|c| c.identity().to_public().to_string())
        .collect();
    std::fs::write(
        options.state.join("recipients"),
        recipients.join("\n") + "\n",
    )?;
    Ok(())
}
