//! Background checkpoints. With SQLite's default, the writer thread copies
//! the write-ahead log back into the database itself every 1,000 pages,
//! inside the commit that crosses the mark: a quarter of the writer's time
//! under a stream of submissions (`docs/benchmarks.md`), during which no
//! other write can commit. Here a second thread, on its own connection,
//! checkpoints after the commits the writer reports:
//!
//! - a `PASSIVE` checkpoint, which never blocks the writer or readers and
//!   never waits for them, at most every [`MIN_INTERVAL`]: each one ends
//!   with an fsync of the database file and copies the tables' inner pages
//!   again, so one per commit (over a hundred a second under load) cost a
//!   third of the server's CPU per report and competed with the log's own
//!   fsyncs;
//! - when the log has grown past [`RESTART_PAGES`], a `RESTART` checkpoint
//!   right after: it waits for the writer's current transaction, copies the
//!   few pages committed since the passive one, and lets the log start over
//!   from its beginning. Under constant load a passive checkpoint never
//!   catches up with the writer, and SQLite only reuses the log once one
//!   has, so without this the log would grow until the writer's own
//!   backstop ([`WRITER_AUTOCHECKPOINT`]) checkpointed inside its commits.

use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;

use rusqlite::Connection;

use super::StoreError;

/// Pages in the write-ahead log after which the writer checkpoints by
/// itself (64 MiB with 4 KiB pages), in case the background thread lags.
pub(crate) const WRITER_AUTOCHECKPOINT: u32 = 16_384;

/// Pages in the write-ahead log (8 MiB with 4 KiB pages) after which the
/// background thread restarts it.
pub(crate) const RESTART_PAGES: i64 = 2048;

/// Shortest time from the start of one background checkpoint to the start
/// of the next; a nudge in between waits for the rest of it.
pub(crate) const MIN_INTERVAL: std::time::Duration = std::time::Duration::from_millis(50);

/// The checkpoint thread and the channel that wakes it.
pub(crate) struct Checkpointer {
    nudge: SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    /// Starts the thread on `conn`, a read-write connection of its own.
    pub(crate) fn start(conn: Connection) -> Result<Self, StoreError> {
        // One pending wake-up is enough: a checkpoint copies everything
        // committed before it starts.
        let (nudge, wakeups) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("sanctuary-checkpoint".into())
            .spawn(move || run(&conn, &wakeups))
            .map_err(|_| StoreError::Closed)?;
        Ok(Self { nudge, thread })
    }

    /// Asks for a checkpoint after a commit; never waits.
    pub(crate) fn nudge(&self) {
        match self.nudge.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) => {}
            Err(TrySendError::Disconnected(())) => {
                tracing::warn!("the background checkpoint thread has stopped");
            }
        }
    }

    /// Lets a checkpoint in progress finish, then stops the thread.
    pub(crate) fn stop(self) {
        drop(self.nudge);
        let _ = self.thread.join();
    }
}

fn run(conn: &Connection, wakeups: &Receiver<()>) {
    let mut failing = false;
    for () in wakeups {
        let started = std::time::Instant::now();
        let result = checkpoint(conn, "PASSIVE").and_then(|log_pages| {
            if log_pages >= RESTART_PAGES {
                checkpoint(conn, "RESTART")?;
            }
            Ok(())
        });
        match result {
            // A full disk, say: said once, until a checkpoint succeeds
            // again (the writer's own checkpoints remain as a backstop).
            Err(e) if !failing => {
                failing = true;
                tracing::warn!("background checkpoint failed: {e}");
            }
            Err(_) => {}
            Ok(()) => failing = false,
        }
        // Commits meanwhile leave one nudge, taken after the wait.
        std::thread::sleep(MIN_INTERVAL.saturating_sub(started.elapsed()));
    }
}

/// Runs `PRAGMA wal_checkpoint(MODE)`; returns the pages in the log.
fn checkpoint(conn: &Connection, mode: &str) -> Result<i64, StoreError> {
    Ok(conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| r.get(1))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::schema;

    /// The `meta` names found in the database file alone, without its
    /// write-ahead log: what a checkpoint has copied into it.
    fn names_in_the_main_file(path: &std::path::Path) -> Vec<String> {
        let copy = path.with_extension("copy");
        std::fs::copy(path, &copy).unwrap();
        let conn = Connection::open(&copy).unwrap();
        let mut stmt = conn.prepare("SELECT name FROM meta").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_nudge_copies_the_log_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut writer = schema::open(&path, 0).unwrap();
        schema::migrate(&mut writer).unwrap();
        writer.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        let checkpointer = Checkpointer::start(schema::open(&path, 0).unwrap()).unwrap();
        writer
            .execute("INSERT INTO meta (name, value) VALUES ('a', 'b')", [])
            .unwrap();
        assert!(!names_in_the_main_file(&path).contains(&"a".to_owned()));
        checkpointer.nudge();
        // Stopping lets the nudged checkpoint run to its end first.
        checkpointer.stop();
        assert!(names_in_the_main_file(&path).contains(&"a".to_owned()));
    }
}
