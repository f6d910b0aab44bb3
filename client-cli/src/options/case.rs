//! The options of `sanctuary case …`, from their raw arguments. A thread
//! ID is checked before the key and store, so a mistyped ID is refused
//! before any passphrase is asked for.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use sanctuary_crypto::case_event::{CaseLabel, CaseStatus};
use sanctuary_crypto::caseworker::Label;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::unit::UnitId;

use crate::{cli, store};

use super::{AttachOptions, MessageSource, ServerOptions, key_path, thread_id, unit_id};

/// The key file and store every `case` command uses.
#[derive(Clone, Debug)]
pub(crate) struct CaseKeyOptions {
    /// The caseworker key file.
    pub(crate) key: PathBuf,
    /// The store folder.
    pub(crate) store: PathBuf,
}

impl CaseKeyOptions {
    /// `--key` (required), and `--store` or the default store folder.
    pub(crate) fn from_args(args: &cli::CaseKeyArgs) -> Result<Self> {
        Ok(Self {
            key: key_path(args.key.as_deref())?,
            store: match &args.store {
                Some(dir) if !dir.is_empty() => PathBuf::from(dir),
                _ => store::default_dir()?,
            },
        })
    }
}

/// Options of `case sync`.
pub(crate) struct SyncOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// The unit to pin, if given (required while the store has none).
    pub(crate) unit: Option<UnitId>,
}

impl SyncOptions {
    /// Checks the server, the unit if given, then the key and store.
    pub(crate) fn from_args(a: &cli::SyncArgs) -> Result<Self> {
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            unit: a.unit.as_deref().map(|u| unit_id(Some(u))).transpose()?,
            key: CaseKeyOptions::from_args(&a.key)?,
        })
    }
}

/// Options of `case list`.
pub(crate) struct ListOptions {
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// Include closed threads and spam.
    pub(crate) all: bool,
    /// List near-identical reports one by one.
    pub(crate) expand: bool,
    /// `--status`: only these statuses (closed and spam included).
    pub(crate) statuses: Vec<String>,
    /// `--assignee`: only threads assigned so.
    pub(crate) assignee: Option<Assignment>,
    /// `--label`: only threads with all of these.
    pub(crate) labels: Vec<CaseLabel>,
    /// `--search`: the words every listed thread contains, lower-cased.
    pub(crate) search: Vec<String>,
    /// `--category`, lower-cased.
    pub(crate) category: Option<String>,
    /// `--since`.
    pub(crate) since: Option<Day>,
    /// `--until`.
    pub(crate) until: Option<Day>,
    /// The page shown (from 1) and its size (0: all); `None`: every thread.
    pub(crate) page: Option<(usize, usize)>,
    /// `--json`.
    pub(crate) json: bool,
}

impl ListOptions {
    /// Checks the key and store.
    pub(crate) fn from_args(a: &cli::ListArgs) -> Result<Self> {
        Ok(Self {
            key: CaseKeyOptions::from_args(&a.key)?,
            all: a.all,
            expand: a.expand,
            statuses: a
                .status
                .iter()
                .map(|raw| {
                    let status = raw.trim().to_ascii_lowercase();
                    if status == "spam" || status.parse::<CaseStatus>().is_ok() {
                        Ok(status)
                    } else {
                        anyhow::bail!(
                            "{raw:?} is not a status: use new, open, waiting, closed or spam."
                        )
                    }
                })
                .collect::<Result<_>>()?,
            assignee: a
                .assignee
                .as_deref()
                .map(|raw| match raw.trim() {
                    "me" => Ok(Assignment::Me),
                    "nobody" => Ok(Assignment::Nobody),
                    label => label.parse().map(Assignment::To).with_context(|| {
                        format!("{raw:?} is not a caseworker's label, `me` or `nobody`.")
                    }),
                })
                .transpose()?,
            labels: a
                .labels
                .iter()
                .map(|l| case_label(l))
                .collect::<Result<_>>()?,
            search: search_words(a.search.as_deref().unwrap_or("")),
            category: a.category.as_deref().map(|c| c.trim().to_lowercase()),
            since: a.since.as_deref().map(day).transpose()?,
            until: a.until.as_deref().map(day).transpose()?,
            page: match (a.page, a.per_page) {
                (None, None) if a.json => None,
                (page, per_page) => Some((
                    usize::try_from(page.unwrap_or(1)).unwrap_or(usize::MAX),
                    usize::try_from(per_page.unwrap_or(DEFAULT_PAGE)).unwrap_or(usize::MAX),
                )),
            },
            json: a.json,
        })
    }
}

/// A case label given on the command line, lower-cased.
/// The words of a search, lower-cased.
pub(crate) fn search_words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// A case label as typed: trimmed and lower-cased, then checked.
pub(crate) fn case_label(raw: &str) -> Result<CaseLabel> {
    raw.trim()
        .to_lowercase()
        .parse()
        .with_context(|| format!("{raw:?} cannot be a label."))
}

/// Threads on a page of `case list`, unless `--per-page` says otherwise.
const DEFAULT_PAGE: u64 = 50;

/// A day given on the command line.
fn day(raw: &str) -> Result<Day> {
    raw.trim()
        .parse()
        .with_context(|| format!("{raw:?} is not a day: write it as YYYY-MM-DD, e.g. 2026-12-01."))
}

/// Options of `case show`.
pub(crate) struct ShowOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// `--save-attachments`.
    pub(crate) save_attachments: Option<PathBuf>,
    /// `--json`.
    pub(crate) json: bool,
}

impl ShowOptions {
    /// Checks the thread ID, then the key and store.
    pub(crate) fn from_args(a: &cli::ShowArgs) -> Result<Self> {
        Ok(Self {
            id: thread_id(&a.id)?,
            key: CaseKeyOptions::from_args(&a.key)?,
            save_attachments: a.save_attachments.clone(),
            json: a.json,
        })
    }
}

/// Options of `case reply`.
pub(crate) struct ReplyOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// The server.
    pub(crate) server: ServerOptions,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// Where the text comes from.
    pub(crate) message: MessageSource,
    /// Files.
    pub(crate) attach: AttachOptions,
}

impl ReplyOptions {
    /// Checks the thread ID, the server, the key and store, then the files.
    pub(crate) fn from_args(a: &cli::ReplyArgs) -> Result<Self> {
        Ok(Self {
            id: thread_id(&a.id)?,
            server: ServerOptions::from_args(&a.server)?,
            key: CaseKeyOptions::from_args(&a.key)?,
            message: MessageSource::from_args(&a.message),
            attach: AttachOptions::from_args(&a.attach)?,
        })
    }
}

/// Options of `case close`.
pub(crate) struct CloseOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// Whether to delete the thread from the server at the next sync.
    pub(crate) delete_from_server: bool,
}

impl CloseOptions {
    /// Checks the thread ID, then the key and store.
    pub(crate) fn from_args(a: &cli::CloseArgs) -> Result<Self> {
        Ok(Self {
            id: thread_id(&a.id)?,
            key: CaseKeyOptions::from_args(&a.key)?,
            delete_from_server: a.delete_from_server,
        })
    }
}

/// Who `case assign` assigns a thread to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Assignment {
    /// The caseworker running the command.
    Me,
    /// Nobody (`--nobody`).
    Nobody,
    /// The caseworker with this roster label.
    To(Label),
}

/// What `case status`, `assign`, `label` or `note` changes.
#[derive(Clone, Debug)]
pub(crate) enum Update {
    /// The status.
    Status(CaseStatus),
    /// The assignee.
    Assign(Assignment),
    /// Labels put on, or taken off with `remove`.
    Labels {
        /// The labels.
        labels: Vec<CaseLabel>,
        /// `--remove`.
        remove: bool,
    },
    /// An internal note, from where its text comes.
    Note(MessageSource),
}

/// Options of `case status`, `assign`, `label` and `note`.
pub(crate) struct UpdateOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// The change.
    pub(crate) update: Update,
}

impl UpdateOptions {
    /// `case status`: checks the ID and the status, then the key and store.
    pub(crate) fn status(a: &cli::StatusArgs) -> Result<Self> {
        let status = a
            .status
            .trim()
            .to_ascii_lowercase()
            .parse::<CaseStatus>()
            .with_context(|| format!("{:?} is not a status.", a.status))?;
        Self::new(&a.id, &a.key, Update::Status(status))
    }

    /// `case assign`: checks the ID and the label, then the key and store.
    pub(crate) fn assign(a: &cli::AssignArgs) -> Result<Self> {
        let assignment = match (&a.caseworker, a.nobody) {
            (Some(_), true) => anyhow::bail!("Give a caseworker or --nobody, not both."),
            (None, true) => Assignment::Nobody,
            (None, false) => Assignment::Me,
            (Some(label), false) => Assignment::To(label.trim().parse().with_context(|| {
                format!(
                    "{label:?} is not a caseworker's label (as `sanctuary unit show` lists them)."
                )
            })?),
        };
        Self::new(&a.id, &a.key, Update::Assign(assignment))
    }

    /// `case label`: checks the ID and the labels (lower-cased), then the
    /// key and store.
    pub(crate) fn label(a: &cli::LabelArgs) -> Result<Self> {
        let labels = a
            .labels
            .iter()
            .map(|l| case_label(l))
            .collect::<Result<Vec<_>>>()?;
        if labels.len() > sanctuary_crypto::case_event::MAX_EVENT_LABELS {
            anyhow::bail!(
                "At most {} labels at once.",
                sanctuary_crypto::case_event::MAX_EVENT_LABELS
            );
        }
        Self::new(
            &a.id,
            &a.key,
            Update::Labels {
                labels,
                remove: a.remove,
            },
        )
    }

    /// `case note`: checks the ID, then the key and store.
    pub(crate) fn note(a: &cli::NoteArgs) -> Result<Self> {
        Self::new(
            &a.id,
            &a.key,
            Update::Note(MessageSource::from_args(&a.message)),
        )
    }

    fn new(id: &str, key: &cli::CaseKeyArgs, update: Update) -> Result<Self> {
        Ok(Self {
            id: thread_id(id)?,
            key: CaseKeyOptions::from_args(key)?,
            update,
        })
    }
}

/// Options of `case share`.
pub(crate) struct ShareOptions {
    /// Thread IDs or their starts (none with `all`).
    pub(crate) ids: Vec<String>,
    /// Every thread but spam.
    pub(crate) all: bool,
    /// The colleague.
    pub(crate) to: Label,
    /// The server.
    pub(crate) server: ServerOptions,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
}

impl ShareOptions {
    /// Checks the IDs, the colleague's label and the server, then the key
    /// and store.
    pub(crate) fn from_args(a: &cli::ShareArgs) -> Result<Self> {
        Ok(Self {
            ids: a
                .ids
                .iter()
                .map(|id| thread_id(id))
                .collect::<Result<_>>()?,
            all: a.all,
            to: a.to.trim().parse().with_context(|| {
                format!(
                    "{:?} is not a caseworker's label (as the roster lists them).",
                    a.to
                )
            })?,
            server: ServerOptions::from_args(&a.server)?,
            key: CaseKeyOptions::from_args(&a.key)?,
        })
    }
}

/// Options of `case spam`.
pub(crate) struct SpamOptions {
    /// Thread IDs or their starts.
    pub(crate) ids: Vec<String>,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// Also every report with the same words as these.
    pub(crate) similar: bool,
    /// Mark them open again instead.
    pub(crate) undo: bool,
}

impl SpamOptions {
    /// Checks every thread ID, then the key and store.
    pub(crate) fn from_args(a: &cli::SpamArgs) -> Result<Self> {
        Ok(Self {
            ids: a
                .ids
                .iter()
                .map(|id| thread_id(id))
                .collect::<Result<_>>()?,
            key: CaseKeyOptions::from_args(&a.key)?,
            similar: a.similar,
            undo: a.undo,
        })
    }
}

/// Options of `case delete-spam`.
pub(crate) struct DeleteSpamOptions {
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// `--yes`: no question.
    pub(crate) yes: bool,
}

impl DeleteSpamOptions {
    /// Checks the key and store.
    pub(crate) fn from_args(a: &cli::DeleteSpamArgs) -> Result<Self> {
        Ok(Self {
            key: CaseKeyOptions::from_args(&a.key)?,
            yes: a.yes,
        })
    }
}

/// Options of `case export`.
pub(crate) struct ExportOptions {
    /// The thread ID or its start.
    pub(crate) id: String,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// A new folder.
    pub(crate) out: PathBuf,
}

impl ExportOptions {
    /// Checks the thread ID, then the key and store.
    pub(crate) fn from_args(a: &cli::ExportArgs) -> Result<Self> {
        Ok(Self {
            id: thread_id(&a.id)?,
            key: CaseKeyOptions::from_args(&a.key)?,
            out: a.out.clone(),
        })
    }
}

/// Options of `case ui`.
pub(crate) struct UiOptions {
    /// The server, for sync and replies.
    pub(crate) server: ServerOptions,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// The port on 127.0.0.1 (0: any free one).
    pub(crate) port: u16,
}

impl UiOptions {
    /// Checks the server, then the key and store.
    pub(crate) fn from_args(a: &cli::UiArgs) -> Result<Self> {
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            key: CaseKeyOptions::from_args(&a.key)?,
            port: a.port,
        })
    }
}
