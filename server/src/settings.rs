//! Validated settings: what the server runs with, resolved from flags,
//! `SANCTUARY_*` environment variables, an optional TOML file and defaults,
//! in that order of precedence.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, bail};
use serde::Deserialize;

use crate::cli::{CommonArgs, RetentionArgs, ServeArgs};
use crate::cors::AllowedOrigins;

/// Default listen address.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// Default data directory.
pub const DEFAULT_DATA_DIR: &str = "./sanctuary-data";

/// Everything `serve` needs.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Where the binary listens (tests hand `serve` a listener instead).
    pub listen: SocketAddr,
    /// Directory holding the database and the enrollment code.
    pub data_dir: PathBuf,
    /// Limits and retention caps.
    pub limits: Limits,
    /// Origins whose pages may call the public routes (CORS); empty, the
    /// default, turns CORS off.
    pub cors_allowed_origins: AllowedOrigins,
}

impl Settings {
    /// Default settings with the given data directory.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: data_dir.into(),
            limits: Limits::default(),
            cors_allowed_origins: AllowedOrigins::default(),
        }
    }
}

/// The operator's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Requests handled at once; more are refused with 503 `overloaded`.
    pub max_concurrent_requests: usize,
    /// Connections open at once; beyond it, new ones wait in the kernel's
    /// queue until one closes.
    pub max_connections: usize,
    /// Deadline for a whole request, except attachment uploads.
    pub request_timeout: Duration,
    /// Deadline for an attachment upload.
    pub upload_timeout: Duration,
    /// Cap on the unit's inbox retention, in days.
    pub max_retention_days: u32,
    /// Cap on the unit's mailbox retention, in days.
    pub max_mailbox_retention_days: u32,
    /// Largest database in MiB; 0: no limit but the disk; `None` (the
    /// default): `database_free_space_percent` of the free space on the
    /// data directory's file system when the server starts, plus what the
    /// database already holds.
    pub max_database_mb: Option<u64>,
    /// The share of the free space the database may take when
    /// `max_database_mb` is not set, in percent.
    pub database_free_space_percent: u8,
    /// The share of the database cap attachments may fill, in percent;
    /// the rest is kept for messages and replies.
    pub attachment_share_percent: u8,
    /// Most MiB of reporters' attachments accepted a day; 0: no quota;
    /// `None` (the default): the attachments' share divided by
    /// `unfetched_attachment_days + 1` (or by 31 when that is 0), so that
    /// junk nobody fetches cannot fill the share before it expires.
    pub attachment_quota_mb_per_day: Option<u64>,
    /// Reporters' attachments that no caseworker fetched within this many
    /// days are deleted; 0: they are kept like other inbox items.
    pub unfetched_attachment_days: u32,
    /// How often the retention job runs.
    pub retention_interval: Duration,
    /// Anonymous submissions accepted over `pow_window` before a proof of
    /// work is required (`docs/protocol.md` §10.1); at least 1.
    pub pow_baseline: u64,
    /// How far back accepted submissions count towards the proof-of-work
    /// level (10 minutes by default; at least 10 seconds).
    pub pow_window: Duration,
    /// Highest proof-of-work level, at most
    /// [`MAX_LEVEL`](sanctuary_crypto::pow::MAX_LEVEL); 0: a proof is never
    /// required (one sent is still checked).
    pub pow_max_level: u8,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_concurrent_requests: 128,
            max_connections: 512,
            request_timeout: Duration::from_secs(30),
            upload_timeout: Duration::from_secs(3600),
            max_retention_days: 3650,
            max_mailbox_retention_days: 3650,
            max_database_mb: None,
            database_free_space_percent: 50,
            attachment_share_percent: 80,
            attachment_quota_mb_per_day: None,
            unfetched_attachment_days: 30,
            retention_interval: Duration::from_secs(3600),
            pow_baseline: 30,
            pow_window: Duration::from_secs(600),
            pow_max_level: 4,
        }
    }
}

/// The TOML configuration file: the flag names with underscores.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `--listen`.
    pub listen: Option<String>,
    /// `--data-dir`.
    pub data_dir: Option<PathBuf>,
    /// `--max-concurrent-requests`.
    pub max_concurrent_requests: Option<usize>,
    /// `--max-connections`.
    pub max_connections: Option<usize>,
    /// `--request-timeout-secs`.
    pub request_timeout_secs: Option<u64>,
    /// `--upload-timeout-secs`.
    pub upload_timeout_secs: Option<u64>,
    /// `--max-retention-days`.
    pub max_retention_days: Option<u32>,
    /// `--max-mailbox-retention-days`.
    pub max_mailbox_retention_days: Option<u32>,
    /// `--max-database-mb`.
    pub max_database_mb: Option<u64>,
    /// `--database-free-space-percent`.
    pub database_free_space_percent: Option<u8>,
    /// `--attachment-share-percent`.
    pub attachment_share_percent: Option<u8>,
    /// `--attachment-quota-mb-per-day`.
    pub attachment_quota_mb_per_day: Option<u64>,
    /// `--unfetched-attachment-days`.
    pub unfetched_attachment_days: Option<u32>,
    /// `--retention-interval-secs`.
    pub retention_interval_secs: Option<u64>,
    /// `--pow-baseline`.
    pub pow_baseline: Option<u64>,
    /// `--pow-max-level`.
    pub pow_max_level: Option<u8>,
    /// `--pow-window-secs`.
    pub pow_window_secs: Option<u64>,
    /// `--cors-allowed-origins`, as a list of strings.
    pub cors_allowed_origins: Option<Vec<String>>,
}

impl FileConfig {
    /// Reads a TOML file; unknown keys are an error, so a typo is not
    /// silently ignored.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("the configuration file {} is invalid", path.display()))
    }

    fn from_args(common: &CommonArgs) -> anyhow::Result<Self> {
        common
            .config
            .as_deref()
            .map(Self::load)
            .transpose()
            .map(Option::unwrap_or_default)
    }
}

fn data_dir(common: &CommonArgs, file: &FileConfig) -> PathBuf {
    common
        .data_dir
        .clone()
        .or_else(|| file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
}

fn positive(name: &str, value: u64) -> anyhow::Result<Duration> {
    if value == 0 {
        bail!("{name} must be at least 1");
    }
    Ok(Duration::from_secs(value))
}

fn percent(name: &str, value: u8) -> anyhow::Result<u8> {
    if !(1..=100).contains(&value) {
        bail!("{name} must be between 1 and 100");
    }
    Ok(value)
}

fn unfetched_days(args: &RetentionArgs, file: &FileConfig) -> u32 {
    args.unfetched_attachment_days
        .or(file.unfetched_attachment_days)
        .unwrap_or(Limits::default().unfetched_attachment_days)
}

fn retention(args: &RetentionArgs, file: &FileConfig) -> (u32, u32) {
    let d = Limits::default();
    (
        args.max_retention_days
            .or(file.max_retention_days)
            .unwrap_or(d.max_retention_days),
        args.max_mailbox_retention_days
            .or(file.max_mailbox_retention_days)
            .unwrap_or(d.max_mailbox_retention_days),
    )
}

/// The CORS origins: the flag's (or environment's) list, else the file's,
/// else none.
fn cors_origins(args: &ServeArgs, file: &FileConfig) -> anyhow::Result<AllowedOrigins> {
    let listed = if args.cors_allowed_origins.is_empty() {
        file.cors_allowed_origins.as_deref().unwrap_or_default()
    } else {
        args.cors_allowed_origins.as_slice()
    };
    AllowedOrigins::parse(listed).context("the setting cors_allowed_origins is invalid")
}

impl Settings {
    /// Resolves `serve`'s settings: flag, then environment (both handled by
    /// clap), then the configuration file, then the default.
    pub fn resolve(args: &ServeArgs) -> anyhow::Result<Self> {
        let limits = &args.limits;
        let file = FileConfig::from_args(&args.common)?;
        let d = Limits::default();
        let listen_text = args
            .listen
            .clone()
            .or_else(|| file.listen.clone())
            .unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
        let listen = listen_text.parse().with_context(|| {
            format!("the listen address {listen_text:?} is not an IP address and port")
        })?;
        let max_concurrent_requests = limits
            .max_concurrent_requests
            .or(file.max_concurrent_requests)
            .unwrap_or(d.max_concurrent_requests);
        if max_concurrent_requests == 0 {
            bail!("max_concurrent_requests must be at least 1");
        }
        let max_connections = limits
            .max_connections
            .or(file.max_connections)
            .unwrap_or(d.max_connections);
        if max_connections == 0 {
            bail!("max_connections must be at least 1");
        }
        let (max_retention_days, max_mailbox_retention_days) = retention(&limits.retention, &file);
        let pow_baseline = limits
            .pow_baseline
            .or(file.pow_baseline)
            .unwrap_or(d.pow_baseline);
        if pow_baseline == 0 {
            bail!("pow_baseline must be at least 1");
        }
        let pow_max_level = limits
            .pow_max_level
            .or(file.pow_max_level)
            .unwrap_or(d.pow_max_level);
        if pow_max_level > sanctuary_crypto::pow::MAX_LEVEL {
            bail!(
                "pow_max_level must be between 0 and {}",
                sanctuary_crypto::pow::MAX_LEVEL
            );
        }
        let pow_window_secs = limits
            .pow_window_secs
            .or(file.pow_window_secs)
            .unwrap_or(d.pow_window.as_secs());
        if !(10..=86_400).contains(&pow_window_secs) {
            bail!("pow_window_secs must be between 10 and 86400 (a day)");
        }
        let cors_allowed_origins = cors_origins(args, &file)?;
        Ok(Self {
            listen,
            data_dir: data_dir(&args.common, &file),
            cors_allowed_origins,
            limits: Limits {
                max_concurrent_requests,
                max_connections,
                request_timeout: positive(
                    "request_timeout_secs",
                    limits
                        .request_timeout_secs
                        .or(file.request_timeout_secs)
                        .unwrap_or(d.request_timeout.as_secs()),
                )?,
                upload_timeout: positive(
                    "upload_timeout_secs",
                    limits
                        .upload_timeout_secs
                        .or(file.upload_timeout_secs)
                        .unwrap_or(d.upload_timeout.as_secs()),
                )?,
                max_retention_days,
                max_mailbox_retention_days,
                max_database_mb: limits.max_database_mb.or(file.max_database_mb),
                database_free_space_percent: percent(
                    "database_free_space_percent",
                    limits
                        .database_free_space_percent
                        .or(file.database_free_space_percent)
                        .unwrap_or(d.database_free_space_percent),
                )?,
                attachment_share_percent: percent(
                    "attachment_share_percent",
                    limits
                        .attachment_share_percent
                        .or(file.attachment_share_percent)
                        .unwrap_or(d.attachment_share_percent),
                )?,
                attachment_quota_mb_per_day: limits
                    .attachment_quota_mb_per_day
                    .or(file.attachment_quota_mb_per_day),
                unfetched_attachment_days: unfetched_days(&limits.retention, &file),
                retention_interval: positive(
                    "retention_interval_secs",
                    limits
                        .retention_interval_secs
                        .or(file.retention_interval_secs)
                        .unwrap_or(d.retention_interval.as_secs()),
                )?,
                pow_baseline,
                pow_window: Duration::from_secs(pow_window_secs),
                pow_max_level,
            },
        })
    }
}

/// What `purge` needs.
#[derive(Clone, Debug)]
pub struct PurgeSettings {
    /// Directory holding the database.
    pub data_dir: PathBuf,
    /// Cap on inbox retention, in days.
    pub max_retention_days: u32,
    /// Cap on mailbox retention, in days.
    pub max_mailbox_retention_days: u32,
    /// Days after which reporters' attachments nobody fetched are deleted
    /// (0: never).
    pub unfetched_attachment_days: u32,
}

impl PurgeSettings {
    /// Resolves `purge`'s settings with the same precedence as `serve`.
    pub fn resolve(common: &CommonArgs, retention_args: &RetentionArgs) -> anyhow::Result<Self> {
        let file = FileConfig::from_args(common)?;
        let (max_retention_days, max_mailbox_retention_days) = retention(retention_args, &file);
        Ok(Self {
            data_dir: data_dir(common, &file),
            max_retention_days,
            max_mailbox_retention_days,
            unfetched_attachment_days: unfetched_days(retention_args, &file),
        })
    }
}
