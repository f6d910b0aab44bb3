//! `sanctuary case`: what a caseworker does. The local store holds
//! ciphertext and status only; plaintext exists in memory and in explicit
//! exports (`case show --save-attachments`, `case export`).
//!
//! Every command says on standard error which store it opened. Only
//! `case sync` creates a store; the commands that change one (sync, reply,
//! close, spam, delete-spam, status, assign, label, note) hold its lock
//! while they run.

pub(crate) mod close;
pub(crate) mod export;
pub(crate) mod list;
pub(crate) mod reply;
pub(crate) mod share;
pub(crate) mod show;
pub(crate) mod sync;
pub(crate) mod triage;
pub(crate) mod ui;
pub(crate) mod update;

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::encode_verifying_key;
use sanctuary_crypto::roster::{RosterDocument, VerifiedRoster};
use sanctuary_crypto::unit::UnitId;

use crate::net::Net;
use crate::options::CaseKeyOptions;
use crate::store::{self, Store, StoreLock};
use crate::threads;
use crate::{output, rosters, secrets};

/// What a command does with the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    /// Reads an existing store, without its lock (`list`, `show`,
    /// `export`). `show` records what it showed, which is safe alongside a
    /// sync: it clears the unread marks of exactly the messages it showed.
    Read,
    /// Changes an existing store, holding its lock (`reply`, `close`).
    Change,
    /// Changes the store, creating it if there is none, holding its lock
    /// (`sync`).
    Create,
}

/// An opened key and store.
pub(crate) struct Case {
    /// The caseworker's keys.
    pub(crate) key: CaseworkerKey,
    /// The store.
    pub(crate) store: Store,
    /// The store's lock, released after the store is closed (fields drop in
    /// order).
    _lock: Option<StoreLock>,
}

/// Whether `dir` is the default store folder.
fn is_default(dir: &Path) -> bool {
    store::default_dir().is_ok_and(|d| d == dir)
}

/// The error of a command that needs a store when there is none in `dir`
/// (said before any passphrase is asked for, and creating nothing).
fn no_store(dir: &Path) -> anyhow::Error {
    let (store_arg, elsewhere) = if is_default(dir) {
        (
            String::new(),
            " If your store is in another folder, pass --store DIR.",
        )
    } else {
        (format!(" --store {}", dir.display()), "")
    };
    anyhow!(
        "There is no case store at {}. Make one with your first sync, using the unit ID \
         from your unit admin: sanctuary case sync --unit UNIT_ID --server URL --key \
         FILE{store_arg}.{elsewhere}",
        store::shown(dir).display(),
    )
}

impl Case {
    /// Opens the key (asking for its passphrase) and the store, as
    /// `access` says, and says on standard error which store it is.
    ///
    /// An existing store is locked before the passphrase is asked for, so a
    /// busy store is refused at once; a new one is created only once the
    /// key has opened.
    pub(crate) fn open_for(options: &CaseKeyOptions, access: Access) -> Result<Self> {
        let dir = &options.store;
        let existed = Store::exists(dir);
        if !existed && access != Access::Create {
            return Err(no_store(dir));
        }
        let mut lock = match access {
            Access::Read => None,
            Access::Change | Access::Create if existed => Some(StoreLock::take(dir)?),
            Access::Change | Access::Create => None,
        };
        let key = secrets::load_caseworker_key(&options.key)?;
        let mut created = false;
        let store = if existed {
            Store::open_existing(dir)?.ok_or_else(|| no_store(dir))?
        } else {
            lock = Some(StoreLock::take(dir)?);
            // Another sync may have created it meanwhile.
            created = !Store::exists(dir);
            Store::open(dir)?
        };
        let path = store::shown(dir);
        output::note(&if !created {
            format!("Using the case store at {}.", path.display())
        } else if is_default(dir) {
            format!(
                "Created a new, empty store at {}. If you meant another store, pass --store.",
                path.display()
            )
        } else {
            format!("Created a new, empty store at {}.", path.display())
        });
        store.claim_for(&encode_verifying_key(&key.verifying_key()))?;
        Ok(Self {
            key,
            store,
            _lock: lock,
        })
    }

    /// Takes the store's lock now, after opening it to read: `case reply`
    /// lets the caseworker write the reply first, so that a sync can run
    /// meanwhile.
    pub(crate) fn take_lock(&mut self, options: &CaseKeyOptions) -> Result<()> {
        if self._lock.is_none() {
            self._lock = Some(StoreLock::take(&options.store)?);
        }
        Ok(())
    }

    /// The last roster verified by a sync, checked again against the
    /// pinned unit (whatever its dates: it is used to check old replies).
    pub(crate) fn roster(&self) -> Result<Option<RosterDocument>> {
        Ok(self.verified_roster()?.map(|v| v.document().clone()))
    }

    /// [`Self::roster`], verified: what a change made without the server
    /// (a case event, protocol §6.4) is sealed to.
    pub(crate) fn verified_roster(&self) -> Result<Option<VerifiedRoster>> {
        let (Some(signed), Some(unit)) = (self.store.roster()?, self.store.pinned_unit()?) else {
            return Ok(None);
        };
        Ok(rosters::verify_any_day(&signed, &unit).ok())
    }

    /// Fetches the unit's roster, verifies it against `unit` and today's
    /// date, and refuses one older than the roster this store last
    /// verified: an honest server only ever moves forward, and an older
    /// roster may still list a caseworker the unit removed. A newer one is
    /// remembered.
    pub(crate) fn fetch_roster(&self, net: &Net, unit: &UnitId) -> Result<VerifiedRoster> {
        let roster = rosters::fetch_verified(net, unit)?;
        let known = self
            .store
            .roster()?
            .and_then(|signed| rosters::verify_any_day(&signed, unit).ok())
            .map_or(0, |v| v.version());
        if roster.version() < known {
            bail!(
                "The server sent an older list of caseworkers (version {}) than the one you \
                 already have (version {known}). An honest server never does this: an old list \
                 may still name someone the unit removed. Nothing was sent or saved. Tell your \
                 unit admin.",
                roster.version()
            );
        }
        if roster.version() > known {
            self.store.save_roster(roster.signed())?;
        }
        Ok(roster)
    }

    /// Every thread in the store.
    pub(crate) fn load(&self) -> Result<threads::Loaded> {
        threads::load(&self.store, &self.key, self.roster()?.as_ref())
    }

    /// Every thread in the store, taking the blobs in `opened` as already
    /// decrypted.
    pub(crate) fn load_with(&self, opened: threads::Opens) -> Result<threads::Loaded> {
        threads::load_with(&self.store, &self.key, self.roster()?.as_ref(), opened)
    }
}
