//! The command line, as clap parses it. [`crate::settings`] turns it into
//! validated settings; nothing here acts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Sanctuary's server: stores encrypted reports and replies under random IDs
/// and learns nothing about reporters.
///
/// Settings come from flags, then SANCTUARY_* environment variables, then
/// the TOML file given with --config (keys are the flag names with
/// underscores, e.g. max_retention_days = 90), then the defaults shown.
///
/// How long reports and replies are kept is the unit's choice, in its
/// roster (by default 90 days for inbox items, 180 days after a mailbox's
/// last reply); the operator can only shorten it with the --max-*-days caps.
#[derive(Debug, Parser)]
#[command(
    name = "sanctuary-server",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do (default: serve).
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options for `serve` when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Run the retention job once now, checkpoint the database, print what
    /// was deleted and exit. Safe while a server runs on the same data.
    Purge(PurgeArgs),
}

/// Where the data and configuration are.
#[derive(Clone, Debug, Default, Args)]
pub struct CommonArgs {
    /// Directory for the database and the enrollment code (created with
    /// mode 0700) [default: ./sanctuary-data]
    #[arg(
        long,
        env = "SANCTUARY_DATA_DIR",
        hide_env_values = true,
        value_name = "DIR"
    )]
    pub data_dir: Option<PathBuf>,
    /// TOML configuration file.
    #[arg(
        long,
        env = "SANCTUARY_CONFIG",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub config: Option<PathBuf>,
}

/// The operator's caps on the unit's retention policy.
#[derive(Clone, Debug, Default, Args)]
pub struct RetentionArgs {
    /// Keep inbox items (reports, follow-ups, attachments) at most this many
    /// days, even if the unit's roster asks for longer; 0 deletes them at
    /// the next retention run [default: 3650]
    #[arg(
        long,
        env = "SANCTUARY_MAX_RETENTION_DAYS",
        hide_env_values = true,
        value_name = "DAYS"
    )]
    pub max_retention_days: Option<u32>,
    /// Keep mailboxes (replies) at most this many days after their last
    /// reply, even if the roster asks for longer [default: 3650]
    #[arg(
        long,
        env = "SANCTUARY_MAX_MAILBOX_RETENTION_DAYS",
        value_name = "DAYS"
    )]
    pub max_mailbox_retention_days: Option<u32>,
    /// Delete reporters' attachments that no caseworker fetched within
    /// this many days of their arrival; 0 keeps them like other inbox
    /// items [default: 30]
    #[arg(
        long,
        env = "SANCTUARY_UNFETCHED_ATTACHMENT_DAYS",
        hide_env_values = true,
        value_name = "DAYS"
    )]
    pub unfetched_attachment_days: Option<u32>,
}

/// Limits for `serve`.
#[derive(Clone, Debug, Default, Args)]
pub struct LimitArgs {
    /// Requests handled at once; more are refused with 503 [default: 128]
    #[arg(
        long,
        env = "SANCTUARY_MAX_CONCURRENT_REQUESTS",
        hide_env_values = true,
        value_name = "N"
    )]
    pub max_concurrent_requests: Option<usize>,
    /// Connections open at once; more wait in the kernel's queue until one
    /// closes. Keep it below the process's open-file limit (`ulimit -n`)
    /// [default: 512]
    #[arg(
        long,
        env = "SANCTUARY_MAX_CONNECTIONS",
        hide_env_values = true,
        value_name = "N"
    )]
    pub max_connections: Option<usize>,
    /// Deadline for a request, except attachment uploads [default: 30]
    #[arg(
        long,
        env = "SANCTUARY_REQUEST_TIMEOUT_SECS",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub request_timeout_secs: Option<u64>,
    /// Deadline for one attachment upload [default: 3600]
    #[arg(
        long,
        env = "SANCTUARY_UPLOAD_TIMEOUT_SECS",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub upload_timeout_secs: Option<u64>,
    /// Largest database size in MiB; writes beyond it are refused with 507
    /// and nothing stored is harmed; 0 means only the disk limits it
    /// [default: --database-free-space-percent of the free space at start]
    #[arg(
        long,
        env = "SANCTUARY_MAX_DATABASE_MB",
        hide_env_values = true,
        value_name = "MIB"
    )]
    pub max_database_mb: Option<u64>,
    /// Without --max-database-mb: the share of the data directory's free
    /// space (when the server starts) the database may grow by, in percent
    /// [default: 50]
    #[arg(
        long,
        env = "SANCTUARY_DATABASE_FREE_SPACE_PERCENT",
        hide_env_values = true,
        value_name = "PERCENT"
    )]
    pub database_free_space_percent: Option<u8>,
    /// The share of the database size limit that attachments may fill, in
    /// percent; the rest is kept for reports and replies. Uploads beyond it
    /// are refused with 503 attachment_quota [default: 80]
    #[arg(
        long,
        env = "SANCTUARY_ATTACHMENT_SHARE_PERCENT",
        hide_env_values = true,
        value_name = "PERCENT"
    )]
    pub attachment_share_percent: Option<u8>,
    /// MiB of reporters' attachments accepted a day (UTC); 0 means no
    /// quota [default: the attachments' share divided by
    /// --unfetched-attachment-days + 1]
    #[arg(
        long,
        env = "SANCTUARY_ATTACHMENT_QUOTA_MB_PER_DAY",
        hide_env_values = true,
        value_name = "MIB"
    )]
    pub attachment_quota_mb_per_day: Option<u64>,
    /// Reports, follow-ups and attachments accepted from reporters over
    /// the last --pow-window-secs (10 minutes) before a proof of work is
    /// required (level 1); each
    /// doubling above it raises the level by one [default: 30]
    #[arg(
        long,
        env = "SANCTUARY_POW_BASELINE",
        hide_env_values = true,
        value_name = "N"
    )]
    pub pow_baseline: Option<u64>,
    /// Highest proof-of-work level, 0 to 8: at level L a report costs about
    /// 2^L Argon2id evaluations (about a second each in Tor Browser's
    /// Safer mode); 0 never requires a proof [default: 4]
    #[arg(
        long,
        env = "SANCTUARY_POW_MAX_LEVEL",
        hide_env_values = true,
        value_name = "LEVEL"
    )]
    pub pow_max_level: Option<u8>,
    /// How far back, in seconds, accepted submissions count towards the
    /// proof-of-work level, 10 to 86400 [default: 600]
    #[arg(
        long,
        env = "SANCTUARY_POW_WINDOW_SECS",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub pow_window_secs: Option<u64>,
    /// How often the retention job runs [default: 3600]
    #[arg(
        long,
        env = "SANCTUARY_RETENTION_INTERVAL_SECS",
        hide_env_values = true,
        value_name = "SECS"
    )]
    pub retention_interval_secs: Option<u64>,
    /// Retention caps.
    #[command(flatten)]
    pub retention: RetentionArgs,
}

/// Arguments of `serve`.
#[derive(Clone, Debug, Default, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; port 0 picks a free one. The server
    /// speaks plain HTTP: put it behind a TLS-terminating proxy or an onion
    /// service [default: 127.0.0.1:8080]
    #[arg(
        long,
        env = "SANCTUARY_LISTEN",
        hide_env_values = true,
        value_name = "ADDR"
    )]
    pub listen: Option<String>,
    /// Data and configuration.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Limits.
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Origins whose copies of the reporter page may call the public
    /// routes, e.g. `https://council.example` or `http://host:8000`, or
    /// `null` for a page opened from a file; comma-separated or repeated.
    /// Off by default: from a browser, only the page this server serves
    /// itself can call it [default: none]
    #[arg(
        long,
        env = "SANCTUARY_CORS_ALLOWED_ORIGINS",
        hide_env_values = true,
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_allowed_origins: Vec<String>,
}

/// Arguments of `purge`.
#[derive(Clone, Debug, Default, Args)]
pub struct PurgeArgs {
    /// Data and configuration.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Retention caps.
    #[command(flatten)]
    pub retention: RetentionArgs,
}
