//! `sanctuary case`: what a caseworker does. The local store holds
//! ciphertext and status only; plaintext exists in memory and in explicit
//! exports (`case show --save-attachments`, `case export`).

pub(crate) mod close;
pub(crate) mod export;
pub(crate) mod list;
pub(crate) mod reply;
pub(crate) mod show;
pub(crate) mod sync;
pub(crate) mod threads;
pub(crate) mod view;

use std::path::PathBuf;

use anyhow::{Result, bail};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::encode_verifying_key;
use sanctuary_crypto::roster::{RosterDocument, VerifiedRoster};
use sanctuary_crypto::unit::UnitId;

use crate::net::Net;
use crate::store::Store;
use crate::{rosters, secrets};

/// The key file and store every `case` command uses.
#[derive(Clone, Debug)]
pub(crate) struct CaseKeyOptions {
    /// The caseworker key file.
    pub(crate) key: PathBuf,
    /// The store folder.
    pub(crate) store: PathBuf,
}

/// An opened key and store.
pub(crate) struct Case {
    /// The caseworker's keys.
    pub(crate) key: CaseworkerKey,
    /// The store.
    pub(crate) store: Store,
}

impl Case {
    /// Opens the key (asking for its passphrase) and the store.
    pub(crate) fn open(options: &CaseKeyOptions) -> Result<Self> {
        let key = secrets::load_caseworker_key(&options.key)?;
        let store = Store::open(&options.store)?;
        store.claim_for(&encode_verifying_key(&key.verifying_key()))?;
        Ok(Self { key, store })
    }

    /// The last roster verified by a sync, checked again against the
    /// pinned unit (whatever its dates: it is used to check old replies).
    pub(crate) fn roster(&self) -> Result<Option<RosterDocument>> {
        let (Some(signed), Some(unit)) = (self.store.roster()?, self.store.pinned_unit()?) else {
            return Ok(None);
        };
        Ok(rosters::verify_any_day(&signed, &unit)
            .ok()
            .map(|v| v.document().clone()))
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
    pub(crate) fn load_with(&self, opened: &threads::Opens) -> Result<threads::Loaded> {
        threads::load_with(&self.store, &self.key, self.roster()?.as_ref(), opened)
    }
}
