//! Enrolling a fresh server: a unit key, caseworkers, a signed roster
//! published with the enrollment code, and a state folder the other
//! subcommands (and `sanctuary case sync`) read.
//!
//! The state folder holds benchmark keys in the clear (`state.json`) and a
//! passphrase-protected key file per caseworker (`cw-N.key`, passphrase in
//! `passphrase`). It belongs in a temporary directory.
//!
//! Every caseworker gets both an X25519 and a post-quantum identity (as
//! `CaseworkerKey::generate` makes them); the roster's post-quantum policy
//! (`--post-quantum`) decides which kind reports are sealed to, so one
//! setup benchmarks X25519 sealing (`off`, the default) and another
//! post-quantum sealing (`required`).

use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use anyhow::{Context as _, Result, anyhow, bail};
use sanctuary_crypto::age;
use sanctuary_crypto::api::PublishRoster;
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::pq::HybridIdentity;
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::roster::{
    Policy, PostQuantum, ROSTER_TYPE, RosterDocument, SignedRoster, VerifiedRoster,
};
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
    /// `AGE-SECRET-KEY-PQ-1…`; absent in state folders from before
    /// post-quantum sealing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pq_identity: Option<String>,
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
                let post_quantum = c
                    .pq_identity
                    .as_deref()
                    .map(HybridIdentity::from_str)
                    .transpose()
                    .map_err(|e| anyhow!("bad post-quantum identity: {e}"))?;
                Ok(CaseworkerKey::from_parts(
                    c.label.parse().map_err(|_| anyhow!("bad label"))?,
                    age::x25519::Identity::from_str(&c.identity)
                        .map_err(|e| anyhow!("bad identity: {e}"))?,
                    post_quantum,
                    &zeroize::Zeroizing::new(seed(&c.seed)?),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Self {
            roster,
            caseworkers,
        })
    }

    /// The caseworkers' age recipients (what reports are sealed to): the
    /// post-quantum ones if the roster seals post-quantum.
    pub(crate) fn recipients(&self) -> Recipients {
        self.roster.document().recipients()
    }

    /// Whether reports to this roster are sealed post-quantum.
    pub(crate) fn post_quantum(&self) -> bool {
        self.roster.document().seals_post_quantum()
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
    /// The roster's post-quantum policy.
    pub(crate) post_quantum: PostQuantum,
}

/// A new benchmark unit: its key, caseworkers `cw-0`… (each with an X25519
/// and a post-quantum identity) and their roster, signed.
struct NewUnit {
    unit: UnitKey,
    roster: SignedRoster,
    caseworkers: Vec<CaseworkerKey>,
}

impl NewUnit {
    fn generate(
        caseworkers: usize,
        max_attachment_bytes: u64,
        post_quantum: PostQuantum,
    ) -> Result<Self> {
        let unit = UnitKey::generate();
        let caseworkers: Vec<CaseworkerKey> = (0..caseworkers)
            .map(|i| {
                format!("cw-{i}")
                    .parse()
                    .map(CaseworkerKey::generate)
                    .map_err(|_| anyhow!("bad label"))
            })
            .collect::<Result<_>>()?;
        let today = Day::today();
        let doc = RosterDocument {
            kind: ROSTER_TYPE.into(),
            version: 1,
            unit: unit.unit_id(),
            name: "Benchmark unit".into(),
            issued: today,
            expires: today.plus(30),
            caseworkers: caseworkers.iter().map(|c| c.card().into()).collect(),
            policy: Policy {
                max_attachment_bytes,
                post_quantum,
                ..Policy::default()
            },
            form: None,
        };
        let roster = SignedRoster::sign(&doc, &unit).map_err(|e| anyhow!("roster: {e}"))?;
        Ok(Self {
            unit,
            roster,
            caseworkers,
        })
    }

    /// Publishes the roster with the server's enrollment code.
    fn publish(&self, server: &reqwest::Url, code: &str) -> Result<()> {
        let body = PublishRoster {
            roster: self.roster.clone(),
            enrollment_code: Some(code.trim().to_owned()),
        };
        let client = reqwest::blocking::Client::builder().no_proxy().build()?;
        let response = client
            .put(server.join("v1/roster")?)
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
        Ok(())
    }

    /// Writes the state folder: `state.json`, the key files and their
    /// `passphrase`, `unit-id`, and `recipients` (what the roster seals
    /// to, one per line).
    fn write_state(&self, dir: &Path, work_factor: Option<u8>) -> Result<()> {
        std::fs::create_dir_all(dir)?;
        let stored = StoredState {
            unit_seed: hex::encode(*self.unit.seed()),
            roster: self.roster.clone(),
            caseworkers: self
                .caseworkers
                .iter()
                .map(|c| StoredCaseworker {
                    label: c.label().to_string(),
                    identity: c.export_identity().expose_secret().to_owned(),
                    pq_identity: c
                        .export_post_quantum_identity()
                        .map(|s| s.expose_secret().to_owned()),
                    seed: hex::encode(*c.signing_seed()),
                })
                .collect(),
        };
        std::fs::write(dir.join("state.json"), serde_json::to_vec(&stored)?)?;
        std::fs::write(dir.join("passphrase"), PASSPHRASE)?;
        for (i, c) in self.caseworkers.iter().enumerate() {
            let file = c
                .to_key_file(SecretString::from(PASSPHRASE), work_factor)
                .map_err(|e| anyhow!("key file: {e}"))?;
            std::fs::write(dir.join(format!("cw-{i}.key")), file)?;
        }
        std::fs::write(dir.join("unit-id"), self.unit.unit_id().to_string())?;
        // `age -r` takes the X25519 ones; Go age 1.1 has no post-quantum
        // recipients.
        let doc: RosterDocument = serde_json::from_str(&self.roster.document)?;
        let recipients: Vec<String> = match doc.recipients() {
            Recipients::X25519(r) => r.iter().map(ToString::to_string).collect(),
            Recipients::PostQuantum(r) => r.iter().map(ToString::to_string).collect(),
        };
        std::fs::write(dir.join("recipients"), recipients.join("\n") + "\n")?;
        Ok(())
    }
}

/// Generates keys, publishes the roster with the server's enrollment code
/// and writes the state folder.
pub(crate) fn setup(options: &SetupOptions) -> Result<()> {
    let code_path = options
        .data_dir
        .join(sanctuary_server::ENROLLMENT_CODE_FILE);
    let code = std::fs::read_to_string(&code_path)
        .with_context(|| format!("cannot read {}", code_path.display()))?;
    let unit = NewUnit::generate(
        options.caseworkers,
        options.max_attachment_bytes,
        options.post_quantum,
    )?;
    unit.publish(&options.server, &code)?;
    unit.write_state(&options.state, options.work_factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(policy: PostQuantum) -> (tempfile::TempDir, NewUnit, BenchState) {
        let dir = tempfile::tempdir().unwrap();
        let unit = NewUnit::generate(3, 1 << 20, policy).unwrap();
        unit.write_state(dir.path(), Some(2)).unwrap();
        let state = BenchState::load(dir.path()).unwrap();
        (dir, unit, state)
    }

    #[test]
    fn a_required_roster_seals_post_quantum_after_a_reload() {
        let (dir, unit, state) = round_trip(PostQuantum::Required);
        assert!(state.post_quantum());
        let Recipients::PostQuantum(recipients) = state.recipients() else {
            panic!("a required roster must seal post-quantum");
        };
        assert_eq!(recipients.len(), 3);
        for ((loaded, made), recipient) in state
            .caseworkers
            .iter()
            .zip(&unit.caseworkers)
            .zip(&recipients)
        {
            let pq = loaded
                .identity()
                .post_quantum()
                .expect("the PQ identity is kept");
            assert_eq!(pq.to_public().to_string(), recipient.to_string());
            assert_eq!(loaded.card(), made.card());
        }
        let lines = std::fs::read_to_string(dir.path().join("recipients")).unwrap();
        assert_eq!(lines.lines().count(), 3);
        assert!(lines.lines().all(|l| l.starts_with("age1pq1")));
        // The key file the CLI unlocks holds the post-quantum identity too.
        let file = std::fs::read(dir.path().join("cw-0.key")).unwrap();
        let key = CaseworkerKey::from_key_file(&file, SecretString::from(PASSPHRASE)).unwrap();
        assert!(key.has_post_quantum());
        assert_eq!(key.card(), unit.caseworkers[0].card());
    }

    #[test]
    fn an_off_roster_seals_x25519_though_every_key_has_both() {
        let (dir, unit, state) = round_trip(PostQuantum::Off);
        assert!(!state.post_quantum());
        assert!(
            state
                .caseworkers
                .iter()
                .all(CaseworkerKey::has_post_quantum)
        );
        let Recipients::X25519(recipients) = state.recipients() else {
            panic!("an off roster must seal X25519");
        };
        assert_eq!(recipients.len(), 3);
        assert_eq!(
            recipients[0].to_string(),
            unit.caseworkers[0]
                .identity()
                .x25519()
                .to_public()
                .to_string()
        );
        let lines = std::fs::read_to_string(dir.path().join("recipients")).unwrap();
        assert!(
            lines
                .lines()
                .all(|l| l.starts_with("age1") && !l.starts_with("age1pq1"))
        );
    }
}
