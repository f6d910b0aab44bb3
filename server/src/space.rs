//! Room for attachments: strangers must not be able to fill the disk.
//!
//! The database has a cap (`max_database_mb`; by default a share of the
//! free space when the server starts). Attachments, the only big blobs,
//! may fill only their share of it (`attachment_share_percent`), so that
//! the rest stays for messages (reports, follow-ups) and replies, which
//! are refused with 507 only when the database is genuinely full.
//! Reporters' attachments also have a daily quota
//! (`attachment_quota_mb_per_day`). Uploads refused by either are answered
//! 503 `attachment_quota` before a byte is stored.
//!
//! The quota is counted in memory, per day, from the bytes each upload
//! declares; at start it is read back from what the database holds for
//! today. Nothing finer than the day is kept.

use std::sync::{Arc, Mutex};

use sanctuary_crypto::day::Day;

use crate::error::ApiError;
use crate::store::Store;

/// The database's and the attachments' limits, and what is in use.
#[derive(Debug)]
pub(crate) struct Space {
    /// Most bytes attachments may bring the database to; `None`: only the
    /// database's cap (if any) limits them.
    ceiling: Option<u64>,
    /// Most bytes of reporters' attachments a day; `None`: no quota.
    daily: Option<u64>,
    /// The day counted and the bytes counted on it.
    today: Mutex<(u32, u64)>,
}

/// One upload's claim on the room: each piece is charged as it arrives
/// (so a stalled upload holds only what it sent), and given back when the
/// ticket is dropped unless the upload was stored ([`Ticket::stored`]).
#[must_use = "what was charged is given back when the ticket is dropped"]
pub(crate) struct Ticket {
    space: Arc<Space>,
    store: Store,
    /// A reporter's upload: on the daily quota.
    reporter: bool,
    /// The day charged and the bytes charged on it.
    charged: Option<(u32, u64)>,
    stored: bool,
}

impl Ticket {
    /// Charges `bytes` more of the upload, before they are stored.
    pub(crate) async fn charge(&mut self, bytes: u64) -> Result<(), ApiError> {
        if bytes == 0 {
            return Ok(());
        }
        self.space.fits(&self.store, bytes).await?;
        if self.reporter
            && let Some(day) = self.space.count(bytes)?
        {
            match self.charged.as_mut() {
                Some((d, n)) if *d == day => *n += bytes,
                _ => self.charged = Some((day, bytes)),
            }
        }
        Ok(())
    }

    /// The upload was stored: what it was charged stays on the day's count.
    pub(crate) fn stored(mut self) {
        self.stored = true;
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if let (false, Some((day, bytes))) = (self.stored, self.charged) {
            self.space.refund(day, bytes);
        }
    }
}

impl Space {
    /// Limits for a database capped at `cap_bytes` (0: no cap), of which
    /// attachments may fill `share_percent`, and a daily quota of
    /// `daily` bytes (`None`: none); `used_today` bytes are already stored
    /// today.
    pub(crate) fn new(
        cap_bytes: u64,
        share_percent: u8,
        daily: Option<u64>,
        used_today: u64,
    ) -> Self {
        let ceiling = (cap_bytes > 0).then(|| cap_bytes / 100 * u64::from(share_percent));
        Self {
            ceiling,
            daily,
            today: Mutex::new((Day::today().number(), used_today)),
        }
    }

    /// The ceiling on what attachments may bring the database to, in bytes.
    #[cfg(test)]
    pub(crate) fn ceiling(&self) -> Option<u64> {
        self.ceiling
    }

    /// Opens a ticket for an upload that declares `bytes`; `reporter`: a
    /// reporter's attachment, on the daily quota (caseworkers' reply
    /// attachments are not). An upload that cannot fit is refused at once;
    /// nothing is charged yet.
    pub(crate) async fn open(
        self: &Arc<Self>,
        store: &Store,
        reporter: bool,
        bytes: u64,
    ) -> Result<Ticket, ApiError> {
        self.fits(store, bytes).await?;
        if reporter && let Some(quota) = self.daily {
            let counted = self.counted()?;
            if counted.saturating_add(bytes) > quota {
                return Err(ApiError::AttachmentQuota);
            }
        }
        Ok(Ticket {
            space: Arc::clone(self),
            store: store.clone(),
            reporter,
            charged: None,
            stored: false,
        })
    }

    /// Whether `bytes` more keep the database under the attachments'
    /// ceiling.
    async fn fits(&self, store: &Store, bytes: u64) -> Result<(), ApiError> {
        if let Some(ceiling) = self.ceiling
            && store.used_bytes().await?.saturating_add(bytes) > ceiling
        {
            return Err(ApiError::AttachmentQuota);
        }
        Ok(())
    }

    /// Today's count.
    fn counted(&self) -> Result<u64, ApiError> {
        let today = Day::today().number();
        let mut counted = self.today.lock().map_err(|_| ApiError::Internal)?;
        if counted.0 != today {
            *counted = (today, 0);
        }
        Ok(counted.1)
    }

    /// Counts `bytes` on today's quota; the day charged (`None`: no quota).
    fn count(&self, bytes: u64) -> Result<Option<u32>, ApiError> {
        let Some(quota) = self.daily else {
            return Ok(None);
        };
        let today = Day::today().number();
        let mut counted = self.today.lock().map_err(|_| ApiError::Internal)?;
        if counted.0 != today {
            *counted = (today, 0);
        }
        if counted.1.saturating_add(bytes) > quota {
            return Err(ApiError::AttachmentQuota);
        }
        counted.1 += bytes;
        Ok(Some(today))
    }

    /// Gives back `bytes` charged on `day`, if it is still the day counted.
    fn refund(&self, day: u32, bytes: u64) {
        if let Ok(mut counted) = self.today.lock()
            && counted.0 == day
        {
            counted.1 = counted.1.saturating_sub(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreOptions;

    fn store(dir: &std::path::Path) -> Store {
        Store::open(&dir.join("t.db"), StoreOptions::default()).unwrap()
    }

    #[tokio::test]
    async fn the_daily_quota_counts_stored_uploads_and_gives_back_failed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let space = Arc::new(Space::new(0, 80, Some(1000), 100));
        // Too big to fit at all: refused before a byte.
        assert!(matches!(
            space.open(&store, true, 901).await,
            Err(ApiError::AttachmentQuota)
        ));
        // Two uploads that each fit; the second runs out while it arrives.
        let mut a = space.open(&store, true, 600).await.unwrap();
        let mut b = space.open(&store, true, 600).await.unwrap();
        a.charge(300).await.unwrap();
        a.charge(300).await.unwrap();
        b.charge(300).await.unwrap();
        assert!(matches!(b.charge(1).await, Err(ApiError::AttachmentQuota)));
        // A caseworker's reply attachment is not on the quota.
        let mut c = space.open(&store, false, 10_000).await.unwrap();
        c.charge(10_000).await.unwrap();
        // A failed upload gives its bytes back; a stored one keeps them.
        drop(b);
        a.stored();
        let mut d = space.open(&store, true, 300).await.unwrap();
        d.charge(300).await.unwrap();
        d.stored();
        assert!(matches!(
            space.open(&store, true, 1).await,
            Err(ApiError::AttachmentQuota)
        ));
        store.close().await;
    }

    #[tokio::test]
    async fn attachments_stop_at_their_share_of_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(dir.path());
        let used = store.used_bytes().await.unwrap();
        let cap = (used + 10_000) * 2;
        let space = Arc::new(Space::new(cap, 50, None, 0));
        let room = space.ceiling().unwrap() - used;
        assert!(matches!(
            space.open(&store, true, room + 1).await,
            Err(ApiError::AttachmentQuota)
        ));
        let mut a = space.open(&store, true, room).await.unwrap();
        a.charge(room).await.unwrap();
        assert!(matches!(
            a.charge(room + 1).await,
            Err(ApiError::AttachmentQuota)
        ));
        store.close().await;
    }
}
