//! The server's state: the store, the current roster, the pending
//! enrollment code, the replay cache, admission and the proof of work.
//! Cheap to clone.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context as _;
use sanctuary_crypto::roster::{RosterDocument, SignedRoster};
use sanctuary_crypto::unit::UnitId;

use crate::admission::Admission;
use crate::cors::AllowedOrigins;
use crate::enrollment::{self, EnrollmentCode};
use crate::pow::Pow;
use crate::replay::ReplayCache;
use crate::settings::{Limits, Settings};
use crate::space::Space;
use crate::store::{DATABASE_FILE, RetentionDays, Store, StoreOptions};
use crate::upload::Receiving;

/// A roster the server has verified and serves.
#[derive(Debug)]
pub struct CurrentRoster {
    /// The unit it belongs to (pinned at enrollment).
    pub unit: UnitId,
    /// The signed roster's JSON, exactly as served.
    pub json: String,
    /// The verified document.
    pub doc: RosterDocument,
}

impl CurrentRoster {
    /// Parses a stored roster. Its signature is checked against the pinned
    /// unit as of its own issue day: it was fully checked when accepted,
    /// and an expired roster is still the unit's latest word.
    pub(crate) fn from_stored(unit: &str, json: &str) -> anyhow::Result<Self> {
        let unit: UnitId = unit.parse().context("the stored unit ID is invalid")?;
        let signed: SignedRoster =
            serde_json::from_str(json).context("the stored roster is unreadable")?;
        let doc: RosterDocument =
            serde_json::from_str(&signed.document).context("the stored roster is unreadable")?;
        let verified = signed
            .verify(&unit, doc.issued)
            .context("the stored roster does not verify against the pinned unit")?;
        Ok(Self {
            unit,
            json: json.to_owned(),
            doc: verified.document().clone(),
        })
    }

    /// The roster's version.
    pub fn version(&self) -> u64 {
        self.doc.version
    }

    /// How many caseworkers it lists (the recipients of a report; their
    /// kind is `doc.report_mix()`).
    pub fn caseworkers(&self) -> usize {
        self.doc.caseworkers.len()
    }
}

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    shared: Arc<Shared>,
}

struct Shared {
    roster: RwLock<Option<Arc<CurrentRoster>>>,
    roster_update: tokio::sync::Mutex<()>,
    enrollment: Mutex<Option<EnrollmentCode>>,
    replay: Mutex<ReplayCache>,
    admission: Admission,
    pow: Pow,
    space: Arc<Space>,
    receiving: Receiving,
    limits: Limits,
    cors_origins: AllowedOrigins,
    data_dir: PathBuf,
}

impl AppState {
    /// Opens the data directory: creates it (mode 0700) if needed, opens
    /// the database, loads the roster, and prepares the enrollment code if
    /// the server is not enrolled yet.
    pub async fn open(settings: &Settings) -> anyhow::Result<Self> {
        let data_dir = settings.data_dir.clone();
        create_data_dir(&data_dir)?;
        let path = data_dir.join(DATABASE_FILE);
        let limits = &settings.limits;
        let max_database_mb = match limits.max_database_mb {
            Some(mb) => mb,
            None => {
                let mb = auto_cap_mb(&data_dir, limits.database_free_space_percent)?;
                tracing::info!(
                    "the database may grow to {mb} MiB ({}% of the free space at start; \
                     set max_database_mb to change it)",
                    limits.database_free_space_percent
                );
                mb
            }
        };
        let options = StoreOptions { max_database_mb };
        let store = tokio::task::spawn_blocking(move || Store::open(&path, options))
            .await
            .context("the database could not be opened")?
            .with_context(|| {
                format!(
                    "cannot open the database {}",
                    data_dir.join(DATABASE_FILE).display()
                )
            })?;
        let roster = match store.load_roster().await? {
            Some((unit, json)) => Some(Arc::new(CurrentRoster::from_stored(&unit, &json)?)),
            None => None,
        };
        let space = attachment_space(&store, limits, max_database_mb).await?;
        let code = enrollment::prepare(&settings.data_dir, roster.is_some())?;
        if let Some(r) = &roster {
            tracing::info!(
                "enrolled for unit {} ({}), roster version {}",
                r.unit,
                r.doc.name,
                r.version()
            );
        }
        Ok(Self {
            store,
            shared: Arc::new(Shared {
                roster: RwLock::new(roster),
                roster_update: tokio::sync::Mutex::new(()),
                enrollment: Mutex::new(code),
                replay: Mutex::new(ReplayCache::new(crate::replay::now())),
                admission: Admission::new(settings.limits.max_concurrent_requests),
                pow: Pow::new(
                    settings.limits.pow_baseline,
                    settings.limits.pow_max_level,
                    settings.limits.pow_window,
                ),
                space: Arc::new(space),
                receiving: Receiving::default(),
                limits: settings.limits,
                cors_origins: settings.cors_allowed_origins.clone(),
                data_dir: settings.data_dir.clone(),
            }),
        })
    }

    /// The current roster, if enrolled.
    pub fn roster(&self) -> Option<Arc<CurrentRoster>> {
        self.shared.roster.read().ok().and_then(|r| r.clone())
    }

    /// The resumable uploads being received now.
    pub(crate) fn receiving(&self) -> &Receiving {
        &self.shared.receiving
    }

    /// The operator's limits.
    pub fn limits(&self) -> &Limits {
        &self.shared.limits
    }

    /// The origins whose pages may call the public routes (none: CORS is
    /// off).
    pub fn cors_origins(&self) -> &AllowedOrigins {
        &self.shared.cors_origins
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.shared.data_dir
    }

    /// Retention in days: the unit's policy capped by the operator's limits.
    pub fn retention_days(&self) -> RetentionDays {
        let policy = self
            .roster()
            .map(|r| r.doc.policy.clone())
            .unwrap_or_default();
        RetentionDays::capped(
            &policy,
            self.shared.limits.max_retention_days,
            self.shared.limits.max_mailbox_retention_days,
        )
    }

    /// Serialises roster updates.
    pub(crate) async fn lock_roster_update(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.shared.roster_update.lock().await
    }

    /// Installs a newly stored roster.
    pub(crate) fn set_roster(&self, roster: CurrentRoster) {
        if let Ok(mut r) = self.shared.roster.write() {
            *r = Some(Arc::new(roster));
        }
    }

    /// Whether `submitted` is the pending enrollment code.
    pub(crate) fn enrollment_code_matches(&self, submitted: &str) -> bool {
        self.shared
            .enrollment
            .lock()
            .ok()
            .and_then(|c| c.as_ref().map(|c| c.matches(submitted)))
            .unwrap_or(false)
    }

    /// Forgets the enrollment code and removes its file.
    pub(crate) fn finish_enrollment(&self) {
        if let Ok(mut c) = self.shared.enrollment.lock() {
            *c = None;
        }
        enrollment::remove(&self.shared.data_dir);
    }

    /// The replay cache.
    pub(crate) fn replay(&self) -> &Mutex<ReplayCache> {
        &self.shared.replay
    }

    /// Room for attachments.
    pub(crate) fn space(&self) -> &Arc<Space> {
        &self.shared.space
    }

    /// The work slots and the body budget.
    pub(crate) fn admission(&self) -> &Admission {
        &self.shared.admission
    }

    /// The proof of work on anonymous submissions.
    pub(crate) fn pow(&self) -> &Pow {
        &self.shared.pow
    }
}

const MIB: u64 = 1024 * 1024;

/// The database cap when the operator set none: what the database holds
/// now plus `percent` of the free space on its file system, in MiB (at
/// least 1).
fn auto_cap_mb(data_dir: &Path, percent: u8) -> anyhow::Result<u64> {
    let stats = rustix::fs::statvfs(data_dir).with_context(|| {
        format!(
            "cannot read the free space of {} (set max_database_mb)",
            data_dir.display()
        )
    })?;
    let free = stats.f_bavail.saturating_mul(stats.f_frsize);
    let held = std::fs::metadata(data_dir.join(DATABASE_FILE)).map_or(0, |m| m.len());
    let cap = held.saturating_add(free / 100 * u64::from(percent));
    Ok((cap / MIB).max(1))
}

/// The attachments' limits: their share of a database capped at
/// `max_database_mb` (0: none), and the daily quota, with what today's
/// uploads already used.
async fn attachment_space(
    store: &Store,
    limits: &Limits,
    max_database_mb: u64,
) -> anyhow::Result<Space> {
    let cap = max_database_mb.saturating_mul(MIB);
    let share = cap / 100 * u64::from(limits.attachment_share_percent);
    let daily = match limits.attachment_quota_mb_per_day {
        Some(0) => None,
        Some(mb) => Some(mb.saturating_mul(MIB)),
        None if cap == 0 => None,
        None => {
            let days = match limits.unfetched_attachment_days {
                0 => 31,
                d => u64::from(d) + 1,
            };
            Some((share / days).max(MIB))
        }
    };
    let used_today = store
        .attachment_bytes_on(sanctuary_crypto::day::Day::today())
        .await?;
    Ok(Space::new(
        cap,
        limits.attachment_share_percent,
        daily,
        used_today,
    ))
}

fn create_data_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt as _, PermissionsExt as _};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    }
    let mode = std::fs::metadata(dir)
        .with_context(|| format!("cannot read the data directory {}", dir.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        tracing::warn!(
            "the data directory {} is readable by other users (mode {:o}); consider chmod 700",
            dir.display(),
            mode & 0o777
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cap_is_a_share_of_the_free_space_plus_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let stats = rustix::fs::statvfs(dir.path()).unwrap();
        let free_mb = stats.f_bavail * stats.f_frsize / MIB;
        let half = auto_cap_mb(dir.path(), 50).unwrap();
        let all = auto_cap_mb(dir.path(), 100).unwrap();
        // The free space moves while the test runs (other builds write).
        let slack = (free_mb / 100).max(256);
        assert!(half.abs_diff(free_mb / 2) <= slack, "{half} of {free_mb}");
        assert!(all.abs_diff(free_mb) <= slack, "{all} of {free_mb}");
        assert!(half < all);
        // What the database already holds is added.
        std::fs::write(dir.path().join(DATABASE_FILE), vec![0u8; 3 * MIB as usize]).unwrap();
        let with_db = auto_cap_mb(dir.path(), 50).unwrap();
        assert!(with_db.abs_diff(half + 3) <= slack, "{with_db} vs {half}");
        assert!(auto_cap_mb(&dir.path().join("missing"), 50).is_err());
    }
}
