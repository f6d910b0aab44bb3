//! `sanctuary case ui`: the caseworker's inbox in a browser, served by
//! this process on 127.0.0.1 only.
//!
//! The key is unlocked once, when the command starts; decryption stays in
//! this process, and the page (`web/src/inbox/`, built into
//! `web/dist/inbox.*` and embedded here) only ever sees JSON of what the
//! caseworker asked for. What the page does goes through the same code as
//! the other `case` commands (`sync`, `reply`, `status`, `assign`, `label`,
//! `note`), each holding the store's lock while it runs, so a `case` command
//! in a terminal can run between two clicks.
//!
//! Who may talk to it ([`guard`]): only a browser that opened the one-time
//! address printed at start (it trades the token for a session cookie), and
//! only with this server's exact `Host` (against DNS rebinding) and, for
//! every change, its exact `Origin` (against cross-site requests from any
//! other page, including pages on other ports of this computer).

mod api;
mod guard;

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use anyhow::{Context as _, Result, anyhow, bail};
use axum::serve::ListenerExt as _;
use rand::RngCore as _;
use zeroize::Zeroizing;

use super::{Access, Case};
use crate::options::{ServerOptions, UiOptions};
use crate::threads::Loaded;
use crate::{interrupt, output, store};

/// The folder in the store where files the caseworker attaches in the page
/// wait until the reply is sent (mode 0700; emptied when the command
/// stops, and at the next start if it was killed).
const UPLOADS_DIR: &str = "ui-uploads";

/// The unlocked key and the store, and the threads decrypted from it.
pub(super) struct Open {
    /// The key and the store.
    pub(super) case: Case,
    /// The threads, decrypted at the store's [`Store::data_version`]
    /// (`None` once this process changed the store).
    ///
    /// [`Store::data_version`]: crate::store::Store::data_version
    loaded: Option<(i64, Loaded)>,
}

impl Open {
    /// The threads, decrypted again only if the store changed since they
    /// were: the page asks for them at every click, and a store of 10,000
    /// threads takes a while to decrypt.
    pub(super) fn threads(&mut self) -> Result<(&Case, &mut Loaded)> {
        let version = self.case.store.data_version()?;
        if self.loaded.as_ref().is_none_or(|(v, _)| *v != version) {
            self.loaded = Some((version, self.case.load()?));
        }
        match &mut self.loaded {
            Some((_, loaded)) => Ok((&self.case, loaded)),
            None => bail!("The store could not be read."),
        }
    }
}

/// What one `case ui` run holds.
pub(super) struct Session {
    /// The unlocked key and the store.
    open: Mutex<Open>,
    /// The store's folder (for its lock).
    store_dir: PathBuf,
    /// The server, for sync and replies.
    server: ServerOptions,
    /// The one-time token of the address printed at start; `None` once used.
    token: Mutex<Option<Zeroizing<String>>>,
    /// The session cookie's value, given to the browser that used the token.
    cookie: Zeroizing<String>,
    /// The session cookie's name (one per port, so two runs do not clash).
    cookie_name: String,
    /// `127.0.0.1:PORT`: the only `Host` accepted.
    host: String,
    /// `http://127.0.0.1:PORT`: the only `Origin` accepted.
    origin: String,
    /// Files waiting to be sent, by upload ID.
    uploads: Mutex<HashMap<String, Upload>>,
    /// Where they wait.
    uploads_dir: PathBuf,
}

/// A file the caseworker attached in the page.
struct Upload {
    /// Where it waits.
    path: PathBuf,
}

/// 32 random bytes as hexadecimal.
fn random_hex() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut *bytes);
    Zeroizing::new(hex::encode(*bytes))
}

impl Session {
    /// The key and store, for one request at a time.
    fn open(&self) -> Result<MutexGuard<'_, Open>> {
        self.open
            .lock()
            .map_err(|_| anyhow!("An earlier request failed badly. Restart `sanctuary case ui`."))
    }

    /// The uploads, for one request at a time.
    fn uploads(&self) -> Result<MutexGuard<'_, HashMap<String, Upload>>> {
        self.uploads
            .lock()
            .map_err(|_| anyhow!("An earlier request failed badly. Restart `sanctuary case ui`."))
    }

    /// Runs `change` on the store with its lock held, so that a `case`
    /// command in a terminal is refused meanwhile (and this is refused
    /// while one runs).
    fn change<T>(&self, change: impl FnOnce(&Case) -> Result<T>) -> Result<T> {
        let mut open = self.open()?;
        let _lock = store::StoreLock::take(&self.store_dir)?;
        // Decrypted again at the next request, whatever happened.
        open.loaded = None;
        change(&open.case)
    }
}

/// `sanctuary case ui`.
pub(crate) fn run(options: &UiOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Read)?;
    if case.store.pinned_unit()?.is_none() || case.verified_roster()?.is_none() {
        bail!(
            "Your store has not been synced yet. Run `sanctuary case sync --unit UNIT_ID` once \
             first, then `sanctuary case ui`."
        );
    }
    let uploads_dir = options.key.store.join(UPLOADS_DIR);
    // Left by a run that was killed.
    let _ = std::fs::remove_dir_all(&uploads_dir);
    store::create_private_dir(&uploads_dir)?;
    interrupt::remove_on_stop(&uploads_dir);

    let listener = std::net::TcpListener::bind(SocketAddr::from((
        Ipv4Addr::LOCALHOST,
        options.port,
    )))
    .with_context(|| {
        format!(
            "Cannot serve on 127.0.0.1:{}. Another program may be using that port: leave out \
             --port to take any free one.",
            options.port
        )
    })?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let token = random_hex();
    let session = Arc::new(Session {
        open: Mutex::new(Open { case, loaded: None }),
        store_dir: options.key.store.clone(),
        server: options.server.clone(),
        token: Mutex::new(Some(token.clone())),
        cookie: random_hex(),
        cookie_name: format!("sanctuary-ui-{port}"),
        host: format!("127.0.0.1:{port}"),
        origin: format!("http://127.0.0.1:{port}"),
        uploads: Mutex::new(HashMap::new()),
        uploads_dir: uploads_dir.clone(),
    });

    output::note(
        "Your inbox is served on this computer only. Open the address below in your browser; \
         it works once, in one browser. Leave this running while you work: Ctrl-C stops it.",
    );
    output::line(&format!("http://127.0.0.1:{port}/open/{}", token.as_str()))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("Cannot start the inbox server.")?;
    let served = runtime.block_on(async move {
        // Answers go out at once, not held back to fill a packet: the page
        // waits on each one.
        let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|stream| {
            let _ = stream.set_nodelay(true);
        });
        axum::serve(listener, api::router(session)).await
    });
    let _ = std::fs::remove_dir_all(&uploads_dir);
    served.context("The inbox server stopped.")
}
