//! Group commit: one thread owns the write connection. It takes every job
//! waiting in its queue, runs them in one transaction (each inside its own
//! savepoint, so one failing job does not undo the others), commits once,
//! and only then answers each job. With `synchronous = FULL` the commit is
//! an fsync, so an answer means the data is on disk, and many concurrent
//! writes share one fsync.
//!
//! Jobs that write only provisional data (chunks of an upload still in
//! progress) are marked not durable; a batch of only such jobs commits with
//! `synchronous = NORMAL`. The next durable commit fsyncs the whole WAL,
//! those earlier frames included.

use std::thread::JoinHandle;

use rusqlite::Connection;
use tokio::sync::{mpsc, oneshot};

use super::StoreError;
use super::checkpointer::Checkpointer;

/// Most jobs in one transaction.
const MAX_BATCH: usize = 256;

/// Queue length before writers wait.
const QUEUE: usize = 1024;

type Completion = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
type RunJob =
    Box<dyn FnOnce(Result<&Connection, StoreError>) -> (Result<(), StoreError>, Completion) + Send>;

struct Job {
    durable: bool,
    run: RunJob,
}

enum Msg {
    Job(Job),
    Checkpoint(oneshot::Sender<Result<(), StoreError>>),
    Stop,
}

/// The handle to the writer thread.
pub(crate) struct Writer {
    queue: mpsc::Sender<Msg>,
    thread: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Starts the writer thread on `conn`; it wakes `checkpointer`, if
    /// any, after each commit and stops it when it stops itself.
    pub(crate) fn start(
        conn: Connection,
        checkpointer: Option<Checkpointer>,
    ) -> Result<Self, StoreError> {
        let (queue, rx) = mpsc::channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("sanctuary-writer".into())
            .spawn(move || {
                run(&conn, rx, checkpointer.as_ref());
                if let Some(checkpointer) = checkpointer {
                    checkpointer.stop();
                }
            })
            .map_err(|_| StoreError::Closed)?;
        Ok(Self {
            queue,
            thread: std::sync::Mutex::new(Some(thread)),
        })
    }

    /// Runs `op` inside the next group transaction and returns its result
    /// once that transaction has committed.
    pub(crate) async fn write<R, F>(&self, durable: bool, op: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Msg::Job(job(durable, op, tx)))
            .await
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Queues `op` without waiting for room or for its result (used to clean
    /// up after a dropped upload). Returns false if the queue is full; the
    /// leftovers are then removed by the next retention run or restart.
    pub(crate) fn write_detached<F>(&self, op: F) -> bool
    where
        F: FnOnce(&Connection) -> Result<(), StoreError> + Send + 'static,
    {
        let (tx, _rx) = oneshot::channel();
        self.queue.try_send(Msg::Job(job(false, op, tx))).is_ok()
    }

    /// Runs `PRAGMA wal_checkpoint(TRUNCATE)` between transactions.
    pub(crate) async fn checkpoint(&self) -> Result<(), StoreError> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Msg::Checkpoint(tx))
            .await
            .map_err(|_| StoreError::Closed)?;
        rx.await.map_err(|_| StoreError::Closed)?
    }

    /// Finishes every queued job, then stops the thread and waits for it.
    pub(crate) async fn stop(&self) {
        // If the queue is already closed the thread has stopped.
        let _ = self.queue.send(Msg::Stop).await;
        let handle = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(handle) = handle {
            let _ = tokio::task::spawn_blocking(move || handle.join()).await;
        }
    }
}

fn job<R, F>(durable: bool, op: F, tx: oneshot::Sender<Result<R, StoreError>>) -> Job
where
    R: Send + 'static,
    F: FnOnce(&Connection) -> Result<R, StoreError> + Send + 'static,
{
    Job {
        durable,
        run: Box::new(move |conn| {
            let result = conn.and_then(op);
            let outcome = result.as_ref().map(|_| ()).map_err(Clone::clone);
            let complete: Completion = Box::new(move |commit| {
                // The caller may have gone (timeout, disconnect): nothing to do.
                let _ = tx.send(commit.and(result));
            });
            (outcome, complete)
        }),
    }
}

fn run(conn: &Connection, mut rx: mpsc::Receiver<Msg>, checkpointer: Option<&Checkpointer>) {
    let mut synchronous_full = true;
    let mut stopping = false;
    while !stopping {
        let mut batch = Vec::new();
        match rx.blocking_recv() {
            None | Some(Msg::Stop) => break,
            Some(Msg::Checkpoint(tx)) => {
                let _ = tx.send(checkpoint(conn));
                continue;
            }
            Some(Msg::Job(job)) => batch.push(job),
        }
        let mut checkpoints = Vec::new();
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(Msg::Job(job)) => batch.push(job),
                Ok(Msg::Checkpoint(tx)) => checkpoints.push(tx),
                Ok(Msg::Stop) => {
                    stopping = true;
                    break;
                }
                Err(_) => break,
            }
        }
        let durable = batch.iter().any(|j| j.durable);
        if durable != synchronous_full {
            let level = if durable { "FULL" } else { "NORMAL" };
            if conn.pragma_update(None, "synchronous", level).is_ok() {
                synchronous_full = durable;
            }
        }
        run_batch(conn, batch);
        if let Some(checkpointer) = checkpointer {
            checkpointer.nudge();
        }
        for tx in checkpoints {
            let _ = tx.send(checkpoint(conn));
        }
    }
    // Answer anything that arrived after Stop, then leave.
    rx.close();
    while let Ok(msg) = rx.try_recv() {
        match msg {
            Msg::Job(job) => run_batch(conn, vec![job]),
            Msg::Checkpoint(tx) => {
                let _ = tx.send(checkpoint(conn));
            }
            Msg::Stop => {}
        }
    }
}

fn checkpoint(conn: &Connection) -> Result<(), StoreError> {
    super::schema::truncate_log(conn)
}

fn fail_all(jobs: impl IntoIterator<Item = Job>, err: &StoreError) {
    for job in jobs {
        let (_, complete) = (job.run)(Err(err.clone()));
        complete(Err(err.clone()));
    }
}

fn run_batch(conn: &Connection, batch: Vec<Job>) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        let err = StoreError::from(e);
        tracing::error!("could not start a write transaction: {err}");
        fail_all(batch, &err);
        return;
    }
    let mut done: Vec<Completion> = Vec::with_capacity(batch.len());
    let mut jobs = batch.into_iter();
    while let Some(job) = jobs.next() {
        if let Err(e) = conn.execute_batch("SAVEPOINT job") {
            return abort(conn, done, jobs, StoreError::from(e));
        }
        let (outcome, complete) = (job.run)(Ok(conn));
        done.push(complete);
        // SQLite rolls back the whole transaction by itself after some
        // errors (SQLITE_FULL among them): then nothing of this batch is
        // kept, and no later job may run outside a transaction.
        if conn.is_autocommit() {
            let err = outcome.err().unwrap_or(StoreError::RolledBack);
            return abort(conn, done, jobs, err);
        }
        let end = if outcome.is_ok() {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        if let Err(e) = conn.execute_batch(end) {
            return abort(conn, done, jobs, StoreError::from(e));
        }
    }
    match conn.execute_batch("COMMIT") {
        Ok(()) => {
            for complete in done {
                complete(Ok(()));
            }
        }
        Err(e) => abort(conn, done, jobs, StoreError::from(e)),
    }
}

fn abort(
    conn: &Connection,
    done: Vec<Completion>,
    rest: impl IntoIterator<Item = Job>,
    err: StoreError,
) {
    if !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
    if !matches!(err, StoreError::Full) {
        tracing::error!("a write transaction failed and was rolled back: {err}");
    }
    for complete in done {
        complete(Err(err.clone()));
    }
    fail_all(rest, &err);
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::{Refusal, schema};

    fn names(path: &std::path::Path) -> Vec<String> {
        let conn = Connection::open(path).unwrap();
        let mut stmt = conn.prepare("SELECT name FROM meta ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[tokio::test]
    async fn a_failing_job_does_not_undo_the_others_in_its_batch() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = schema::open(&path, 0).unwrap();
        schema::migrate(&mut conn).unwrap();
        let writer = Writer::start(conn, None).unwrap();
        let insert = |name: &'static str, fail: bool| {
            writer.write(true, move |c| {
                if name == "a" {
                    // Keep the writer busy so the others queue up behind.
                    std::thread::sleep(Duration::from_millis(100));
                }
                c.execute("INSERT INTO meta (name, value) VALUES (?1, '')", [name])?;
                if fail {
                    return Err(StoreError::Refused(Refusal::UploadGone));
                }
                Ok(name)
            })
        };
        let (a, b, c, d) = tokio::join!(
            insert("a", false),
            insert("b", true),
            insert("c", false),
            insert("d", true)
        );
        assert_eq!(a, Ok("a"));
        assert_eq!(b, Err(StoreError::Refused(Refusal::UploadGone)));
        assert_eq!(c, Ok("c"));
        assert!(d.is_err());
        assert_eq!(names(&path), ["a", "c"]);
        // A checkpoint between batches, then a clean stop that answers
        // everything queued before it.
        writer.checkpoint().await.unwrap();
        let e = insert("e", false);
        let (e, ()) = tokio::join!(e, writer.stop());
        assert_eq!(e, Ok("e"));
        assert_eq!(names(&path), ["a", "c", "e"]);
        assert_eq!(insert("f", false).await, Err(StoreError::Closed));
    }
}
