//! The routes of `case ui`: the page's three files, and the JSON API it
//! calls (documented in docs/cli.md, `case ui`). Every answer that fails
//! is `{"error": "a sentence for the caseworker"}`.

use std::collections::BTreeSet;
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::middleware;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{MethodRouter, get, post};
use sanctuary_crypto::case_event::CaseStatus;
use sanctuary_crypto::caseworker::Label;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::guard::{self, FILE_CSP};
use super::{Session, Upload, random_hex};
use crate::commands::case::update::{apply, check_note};
use crate::commands::case::{Case, list, reply, share, sync};
use crate::metadata::FileKind;
use crate::metadata::detect::{OCTET_STREAM, kind_of};
use crate::options::{Assignment, AttachOptions, MessageSource, Update, case_label, search_words};
use crate::threads::view::{ThreadSummary, ThreadView};
use crate::threads::{self, Loaded};
use crate::{attachments, names, store};

/// The page, built from `web/src/inbox/` (committed; CI rebuilds it).
const PAGE_HTML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../web/dist/inbox.html"
));
/// The page's script.
const PAGE_JS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../web/dist/inbox.js"));
/// The page's style.
const PAGE_CSS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../web/dist/inbox.css"
));

/// The largest file the page may attach; larger ones go with
/// `case reply --attach`, which streams from disk.
const MAX_UPLOAD: usize = 512 * 1024 * 1024;

/// How many attached files may wait for their reply at once.
const MAX_WAITING_UPLOADS: usize = 32;

/// Every route, behind the guard.
pub(super) fn router(session: Arc<Session>) -> Router {
    Router::new()
        .route("/", get(|| file(PAGE_HTML, "text/html; charset=utf-8")))
        .route(
            "/inbox.js",
            get(|| file(PAGE_JS, "text/javascript; charset=utf-8")),
        )
        .route(
            "/inbox.css",
            get(|| file(PAGE_CSS, "text/css; charset=utf-8")),
        )
        .route("/open/{token}", get(guard::open))
        .route("/api/inbox", get(inbox))
        .route("/api/threads/{id}", get(thread))
        .route("/api/files/{id}", get(attachment))
        .route(
            "/api/uploads",
            post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/api/threads/{id}/reply", thread_change(send_reply))
        .route("/api/threads/{id}/status", thread_change(set_status))
        .route("/api/threads/{id}/assign", thread_change(assign))
        .route("/api/threads/{id}/labels", thread_change(label))
        .route("/api/threads/{id}/note", thread_change(note))
        .route("/api/threads/{id}/share", thread_change(share_thread))
        .route("/api/threads/{id}/read", thread_change(mark_read))
        .route("/api/sync", post(sync_now))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "There is nothing here.") })
        .layer(middleware::from_fn_with_state(
            session.clone(),
            guard::guard,
        ))
        .with_state(session)
}

/// One of the page's files.
async fn file(body: &'static str, media_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, media_type)], body).into_response()
}

/// `{"error": why}` with `status`.
fn failure(status: StatusCode, why: &str) -> Response {
    #[derive(Serialize)]
    struct Failure<'a> {
        error: &'a str,
    }
    (status, Json(Failure { error: why })).into_response()
}

/// Runs `work` off the async threads (it decrypts, and talks to the
/// server with blocking requests) and answers with its JSON, or its error.
async fn blocking<T, F>(session: Arc<Session>, work: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Session) -> Result<T> + Send + 'static,
{
    match tokio::task::spawn_blocking(move || work(&session)).await {
        Ok(Ok(value)) => Json(value).into_response(),
        Ok(Err(e)) => failure(StatusCode::BAD_REQUEST, &format!("{e:#}")),
        Err(_) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "This request failed badly; see the terminal where `sanctuary case ui` runs.",
        ),
    }
}

/// The route of a change to thread `ID` (`POST /api/threads/ID/…`): the
/// JSON body parsed as `T`, then `change` run off the async threads.
fn thread_change<T, R, F>(change: F) -> MethodRouter<Arc<Session>>
where
    T: DeserializeOwned + Send + 'static,
    R: Serialize + Send + 'static,
    F: Fn(&Session, &str, T) -> Result<R> + Clone + Send + Sync + 'static,
{
    post(
        move |State(session): State<Arc<Session>>, Path(id): Path<String>, body: Bytes| {
            let change = change.clone();
            async move { blocking(session, move |session| change(session, &id, parse(&body)?)).await }
        },
    )
}

/// A JSON request body.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| anyhow!("The page sent a request this program does not understand ({e})."))
}

/// What a change says.
#[derive(Serialize)]
struct Said {
    said: String,
}

impl Said {
    /// What a command said, worded for the page: its Sync button instead
    /// of the commands a terminal would be told to run.
    fn new(said: &str) -> Self {
        Self {
            said: said
                .replace(
                    "your next `sanctuary case sync`",
                    "your next Sync (the button at the top)",
                )
                .replace(" See them with: sanctuary case list", "")
                .replace("their next `sanctuary case sync`", "their next sync"),
        }
    }
}

/// `GET /api/inbox` query: which threads, and which of them to send.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InboxQuery {
    /// Words every thread listed contains.
    #[serde(default)]
    search: String,
    /// `todo` (new, open, waiting, unverified: the default), `all`, or one
    /// status.
    #[serde(default)]
    status: Option<String>,
    /// `me`, `nobody` or a caseworker's label; anyone if absent.
    #[serde(default)]
    assignee: Option<String>,
    /// A label every thread listed has.
    #[serde(default)]
    label: Option<String>,
    /// How many of the matching threads to skip.
    #[serde(default)]
    offset: usize,
    /// How many to send (at most [`MAX_PAGE`]).
    #[serde(default)]
    limit: Option<usize>,
}

/// Threads sent at once when the page does not say.
const DEFAULT_PAGE: usize = 200;

/// The most threads sent at once: the page asks for more as it needs them,
/// so an inbox of 10,000 costs each look a page of summaries, not all.
const MAX_PAGE: usize = 1000;

/// Which statuses a status filter keeps.
enum StatusFilter {
    /// What `case list` shows without `--all`: all but closed and spam.
    ToDo,
    /// Every thread.
    All,
    /// One status.
    Only(&'static str),
}

impl StatusFilter {
    fn parse(filter: Option<&str>) -> Result<Self> {
        Ok(match filter.unwrap_or("todo") {
            "todo" => Self::ToDo,
            "all" => Self::All,
            other => Self::Only(
                ["new", "open", "waiting", "unverified", "closed", "spam"]
                    .into_iter()
                    .find(|s| *s == other)
                    .ok_or_else(|| {
                        anyhow!(
                            "{other:?} is not a status filter: use todo, all, new, open, \
                             waiting, unverified, closed or spam."
                        )
                    })?,
            ),
        })
    }

    fn keeps(&self, thread: &threads::Thread) -> bool {
        match self {
            Self::ToDo => list::listed_by_default(thread),
            Self::All => true,
            Self::Only(status) => thread.status == *status,
        }
    }
}

/// `GET /api/inbox`.
#[derive(Serialize)]
struct Inbox {
    /// This caseworker's label.
    me: String,
    /// The unit's name.
    unit: String,
    /// Every caseworker on the roster.
    caseworkers: Vec<String>,
    /// Changes made here not yet sent to colleagues (sent by the next sync).
    pending_changes: usize,
    /// Threads that contain the search (all of them without one).
    total: usize,
    /// Of those, the threads the filters keep.
    matching: usize,
    /// The labels on the threads that contain the search, in order.
    labels: Vec<String>,
    /// Where `threads` starts among the matching threads.
    offset: usize,
    /// A page of the matching threads, unread first, then by latest
    /// activity.
    threads: Vec<ThreadSummary>,
}

async fn inbox(State(session): State<Arc<Session>>, Query(q): Query<InboxQuery>) -> Response {
    blocking(session, move |session| {
        let mut open = session.open()?;
        let (case, loaded) = open.threads()?;
        let roster = case
            .verified_roster()?
            .ok_or_else(|| anyhow!("Your store has no roster. Run a sync."))?;
        let words = search_words(&q.search);
        let status = StatusFilter::parse(q.status.as_deref())?;
        let assignee = match q.assignee.as_deref() {
            None => None,
            Some("me") => Some(Assignment::Me),
            Some("nobody") => Some(Assignment::Nobody),
            Some(label) => {
                Some(Assignment::To(label.parse().map_err(|_| {
                    anyhow!("{label:?} is not a caseworker's label.")
                })?))
            }
        };
        let label = q.label.as_deref().map(case_label).transpose()?;
        let me = case.key.label();
        let found: Vec<(usize, &threads::Thread)> = loaded
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| words.is_empty() || list::contains_words(t, &words))
            .collect();
        let labels: BTreeSet<String> = found
            .iter()
            .flat_map(|(_, t)| t.case.labels.iter().map(ToString::to_string))
            .collect();
        let mut shown: Vec<(usize, &threads::Thread)> = found
            .iter()
            .copied()
            .filter(|(_, t)| status.keeps(t))
            .filter(|(_, t)| {
                assignee
                    .as_ref()
                    .is_none_or(|who| list::assigned(t, who, me))
            })
            .filter(|(_, t)| label.as_ref().is_none_or(|l| t.case.labels.contains(l)))
            .collect();
        list::inbox_order(&mut shown);
        let limit = q.limit.unwrap_or(DEFAULT_PAGE).min(MAX_PAGE);
        Ok(Inbox {
            me: me.to_string(),
            unit: roster.document().name.clone(),
            caseworkers: roster
                .document()
                .caseworkers
                .iter()
                .map(|c| c.label.to_string())
                .collect(),
            pending_changes: case.store.pending_event_count()?,
            total: found.len(),
            matching: shown.len(),
            labels: labels.into_iter().collect(),
            offset: q.offset,
            threads: shown
                .iter()
                .skip(q.offset)
                .take(limit)
                .map(|(_, t)| ThreadSummary::of(t))
                .collect(),
        })
    })
    .await
}

/// `GET /api/threads/ID`: the thread. Reading it changes nothing (the
/// page may fetch a thread before it is opened, when the pointer rests on
/// its row); the page marks it read with `POST /api/threads/ID/read` once
/// it shows it.
async fn thread(State(session): State<Arc<Session>>, Path(id): Path<String>) -> Response {
    blocking(session, move |session| {
        let mut open = session.open()?;
        let (case, loaded) = open.threads()?;
        let thread = threads::find(&loaded.threads, &id)?;
        Ok(ThreadView::of(thread, &case.store))
    })
    .await
}

/// `POST /api/threads/ID/read`: `{}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadRequest {}

/// What marking a thread read did.
#[derive(Serialize)]
struct Marked {
    /// Messages that were unread.
    marked: usize,
}

/// Marks every message of thread `id` read, in the store and in the
/// threads kept decrypted (as a new decryption would show them).
fn mark_read(session: &Session, id: &str, _: ReadRequest) -> Result<Marked> {
    let mut open = session.open()?;
    let (case, loaded) = open.threads()?;
    let thread_id = threads::find(&loaded.threads, id)?.id;
    let Some(thread) = loaded.threads.iter_mut().find(|t| t.id == thread_id) else {
        bail!("There is no such thread.");
    };
    let unread = thread.unread_ids();
    case.store.mark_read(&unread)?;
    thread.messages.iter_mut().for_each(|m| m.unread = false);
    Ok(Marked {
        marked: unread.len(),
    })
}

/// The kinds of file shown in the page itself; anything else is only
/// downloaded.
fn shown_inline(kind: FileKind) -> Option<&'static str> {
    match kind {
        FileKind::Jpeg | FileKind::Png | FileKind::Webp => kind.media_type(),
        FileKind::Pdf | FileKind::Other => None,
    }
}

/// A file name for a `Content-Disposition` header: the sanitized name in
/// plain ASCII.
fn download_name(name: &str) -> String {
    names::sanitize(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The attachment `id` of any thread, decrypted and checked.
fn open_attachment(case: &Case, loaded: &Loaded, id: &str) -> Result<(String, Vec<u8>)> {
    let (thread, aref) = loaded
        .threads
        .iter()
        .flat_map(|t| t.messages.iter().map(move |m| (t, m)))
        .flat_map(|(t, m)| m.attachments.iter().map(move |a| (t, a)))
        .find(|(_, a)| a.id.to_hex() == id)
        .ok_or_else(|| anyhow!("There is no such file in your store."))?;
    let bytes = attachments::open_stored_in_memory(
        &thread.stored_file(&case.store, aref),
        case.key.identity(),
        aref,
    )?;
    Ok((aref.name.clone(), bytes.to_vec()))
}

/// `GET /api/files/ID`: a decrypted attachment. Photos (checked by their
/// first bytes, whatever the sender said) are shown in the page; anything
/// else is a download. Nothing in it can run.
async fn attachment(State(session): State<Arc<Session>>, Path(id): Path<String>) -> Response {
    let opened = tokio::task::spawn_blocking(move || {
        let mut open = session.open()?;
        let (case, loaded) = open.threads()?;
        open_attachment(case, loaded, &id)
    })
    .await;
    let (name, bytes) = match opened {
        Ok(Ok(file)) => file,
        Ok(Err(e)) => return failure(StatusCode::NOT_FOUND, &format!("{e:#}")),
        Err(_) => {
            return failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                "This request failed badly.",
            );
        }
    };
    let inline = shown_inline(kind_of(&bytes));
    let disposition = format!(
        "{}; filename=\"{}\"",
        if inline.is_some() {
            "inline"
        } else {
            "attachment"
        },
        download_name(&name)
    );
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(inline.unwrap_or(OCTET_STREAM)),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(FILE_CSP),
    );
    response
}

/// `POST /api/uploads` query.
#[derive(Deserialize)]
struct UploadQuery {
    /// The file's name on the caseworker's computer.
    name: String,
}

/// `POST /api/uploads`.
#[derive(Serialize)]
struct Uploaded {
    /// What the reply names it by.
    id: String,
    /// Its name, sanitized.
    name: String,
    /// Its size in bytes.
    size: usize,
}

/// `POST /api/uploads?name=NAME`: a file to attach to the next reply. It
/// waits in the store's folder, mode 0600, until the reply is sent or the
/// command stops.
async fn upload(
    State(session): State<Arc<Session>>,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Response {
    blocking(session, move |session| {
        let mut uploads = session.uploads()?;
        if uploads.len() >= MAX_WAITING_UPLOADS {
            bail!(
                "{MAX_WAITING_UPLOADS} files are already waiting to be sent. Send your reply, \
                 or reload the page and attach fewer."
            );
        }
        let name = names::sanitize(&q.name);
        let id = random_hex()[..32].to_owned();
        let dir = session.uploads_dir.join(&id);
        store::create_private_dir(&dir)?;
        let path = dir.join(if name.is_empty() { "attachment" } else { &name });
        std::io::Write::write_all(&mut store::create_private(&path)?, &body)
            .with_context(|| format!("Cannot keep {name} until it is sent."))?;
        uploads.insert(id.clone(), Upload { path });
        Ok(Uploaded {
            id,
            name,
            size: body.len(),
        })
    })
    .await
}

/// `POST /api/threads/ID/reply`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReplyRequest {
    /// The reply.
    text: String,
    /// Files uploaded for it, in order.
    #[serde(default)]
    uploads: Vec<String>,
}

fn send_reply(session: &Session, id: &str, request: ReplyRequest) -> Result<Said> {
    if request.text.trim().is_empty() && request.uploads.is_empty() {
        bail!("Your reply is empty. Nothing was sent.");
    }
    let files = {
        let uploads = session.uploads()?;
        request
            .uploads
            .iter()
            .map(|u| {
                uploads.get(u).map(|f| f.path.clone()).ok_or_else(|| {
                    anyhow!(
                        "A file you attached is no longer here. Attach it again. Nothing \
                         was sent."
                    )
                })
            })
            .collect::<Result<Vec<_>>>()?
    };
    let attach = AttachOptions {
        files,
        keep_metadata: false,
        keep_names: false,
    };
    let said =
        session.change(|case| reply::send(case, id, &request.text, &attach, &session.server))?;
    let mut uploads = session.uploads()?;
    for u in &request.uploads {
        if let Some(file) = uploads.remove(u)
            && let Some(dir) = file.path.parent()
        {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
    Ok(Said::new(&said))
}

/// Makes `update` to thread `id`, with its lock held.
fn update(session: &Session, id: &str, update: &Update, note: Option<&str>) -> Result<Said> {
    let said = session.change(|case| apply(case, id, update, note))?;
    Ok(Said::new(&said))
}

/// `POST /api/threads/ID/status`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusRequest {
    status: String,
}

fn set_status(session: &Session, id: &str, request: StatusRequest) -> Result<Said> {
    let status: CaseStatus = request.status.parse().map_err(|_| {
        anyhow!(
            "{:?} is not a status: use new, open, waiting or closed.",
            request.status
        )
    })?;
    update(session, id, &Update::Status(status), None)
}

/// `POST /api/threads/ID/assign`: `{"to": LABEL}`, or `null` for nobody.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignRequest {
    to: Option<String>,
}

fn assign(session: &Session, id: &str, request: AssignRequest) -> Result<Said> {
    let assignment = match request.to {
        None => Assignment::Nobody,
        Some(to) => Assignment::To(
            to.trim()
                .parse::<Label>()
                .map_err(|_| anyhow!("{to:?} is not a caseworker's label."))?,
        ),
    };
    update(session, id, &Update::Assign(assignment), None)
}

/// `POST /api/threads/ID/labels`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelRequest {
    label: String,
    #[serde(default)]
    remove: bool,
}

fn label(session: &Session, id: &str, request: LabelRequest) -> Result<Said> {
    let labels = vec![case_label(&request.label)?];
    update(
        session,
        id,
        &Update::Labels {
            labels,
            remove: request.remove,
        },
        None,
    )
}

/// `POST /api/threads/ID/note`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteRequest {
    text: String,
}

fn note(session: &Session, id: &str, request: NoteRequest) -> Result<Said> {
    check_note(&request.text)?;
    update(
        session,
        id,
        &Update::Note(MessageSource::None),
        Some(&request.text),
    )
}

/// `POST /api/threads/ID/share`: `{"to": LABEL}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShareRequest {
    to: String,
}

/// Shares the thread with the colleague the request names.
fn share_thread(session: &Session, id: &str, request: ShareRequest) -> Result<Said> {
    let to: Label = request
        .to
        .trim()
        .parse()
        .map_err(|_| anyhow!("{:?} is not a caseworker's label.", request.to))?;
    let ids = [id.to_owned()];
    let said = session.change(|case| share::share(case, &session.server, &to, &ids, false))?;
    Ok(Said::new(&said))
}

/// `POST /api/sync`.
async fn sync_now(State(session): State<Arc<Session>>) -> Response {
    blocking(session, move |session| {
        let said = session.change(|case| sync::sync(case, &session.server, None))?;
        Ok(Said::new(&said))
    })
    .await
}
