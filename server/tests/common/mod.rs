//! Helpers for the server's tests: real keys, rosters and sealed blobs from
//! sanctuary-crypto, a server state on a temporary directory, and requests
//! sent through the router with `tower::ServiceExt::oneshot`.
#![allow(dead_code, unreachable_pub, missing_docs, clippy::unwrap_used)]

pub mod live;
pub mod process;
pub mod stall;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt as _;
use sanctuary_crypto::api::{self, ErrorBody, PublishRoster};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::message::{self, ReportBody, ReportContent};
use sanctuary_crypto::receipt::{Receipt, ReceiptKeys};
use sanctuary_crypto::recipients::Recipients;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::roster::{
    Policy, PostQuantum, ROSTER_TYPE, RosterDocument, SignedRoster, VerifiedRoster,
};
use sanctuary_crypto::thread::Position;
use sanctuary_crypto::unit::{UnitId, UnitKey};
use sanctuary_server::{AppState, ENROLLMENT_CODE_FILE, Settings, router};
use tempfile::TempDir;
use tower::ServiceExt as _;

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A caseworker with both an X25519 and a post-quantum identity.
pub fn caseworker(label: &str) -> CaseworkerKey {
    CaseworkerKey::generate(label.parse().unwrap())
}

/// A caseworker whose keys predate post-quantum: X25519 only, so their
/// card has no `age1pq1…` recipient.
pub fn caseworker_without_pq(label: &str) -> CaseworkerKey {
    let full = caseworker(label);
    CaseworkerKey::from_parts(
        label.parse().unwrap(),
        full.identity().x25519().clone(),
        None,
        &full.signing_seed(),
    )
}

/// The default policy with post-quantum sealing `required`.
pub fn pq_policy() -> Policy {
    Policy {
        post_quantum: PostQuantum::Required,
        ..Policy::default()
    }
}

pub fn roster_doc(unit: &UnitKey, cws: &[&CaseworkerKey], version: u64) -> RosterDocument {
    let today = Day::today();
    RosterDocument {
        kind: ROSTER_TYPE.into(),
        version,
        unit: unit.unit_id(),
        name: "Riverside Sanctuary Unit".into(),
        issued: today.minus(1),
        expires: today.plus(365),
        caseworkers: cws.iter().map(|c| c.card().into()).collect(),
        policy: Policy::default(),
        form: None,
    }
}

pub fn signed_roster(unit: &UnitKey, cws: &[&CaseworkerKey], version: u64) -> SignedRoster {
    SignedRoster::sign(&roster_doc(unit, cws, version), unit).unwrap()
}

/// A server state on a temporary data directory.
pub struct Server {
    pub dir: TempDir,
    pub state: AppState,
    pub router: Router,
}

impl Server {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut settings = Settings::with_data_dir(dir.path().join("data"));
        adjust(&mut settings);
        let state = AppState::open(&settings).await.unwrap();
        let router = router(state.clone());
        Self { dir, state, router }
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    pub fn enrollment_code(&self) -> String {
        std::fs::read_to_string(self.data_dir().join(ENROLLMENT_CODE_FILE))
            .unwrap()
            .trim()
            .to_owned()
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        send(&self.router, req).await
    }

    pub async fn publish(&self, roster: &SignedRoster, code: Option<String>) -> Reply {
        let body = serde_json::to_vec(&PublishRoster {
            roster: roster.clone(),
            enrollment_code: code,
        })
        .unwrap();
        self.send(json_request(Method::PUT, "/v1/roster", body))
            .await
    }

    pub async fn close(self) {
        self.state.store.close().await;
    }
}

/// A server enrolled with a roster of two caseworkers.
pub struct Unit {
    pub server: Server,
    pub unit: UnitKey,
    pub alice: CaseworkerKey,
    pub bob: CaseworkerKey,
    pub roster: VerifiedRoster,
}

impl Unit {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        Self::start_with_policy(adjust, Policy::default()).await
    }

    /// A unit whose roster requires post-quantum sealing.
    pub async fn start_pq() -> Self {
        Self::start_with_policy(|_| {}, pq_policy()).await
    }

    pub async fn start_with_policy(adjust: impl FnOnce(&mut Settings), policy: Policy) -> Self {
        Self::start_with_caseworkers(adjust, policy, caseworker("alice"), caseworker("bob")).await
    }

    /// A unit of these two caseworkers (with or without post-quantum keys).
    pub async fn start_with_caseworkers(
        adjust: impl FnOnce(&mut Settings),
        policy: Policy,
        alice: CaseworkerKey,
        bob: CaseworkerKey,
    ) -> Self {
        let server = Server::start_with(adjust).await;
        let unit = UnitKey::generate();
        let mut doc = roster_doc(&unit, &[&alice, &bob], 1);
        doc.policy = policy;
        let signed = SignedRoster::sign(&doc, &unit).unwrap();
        let code = server.enrollment_code();
        let r = server.publish(&signed, Some(code)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let roster = signed.verify(&unit.unit_id(), Day::today()).unwrap();
        Self {
            server,
            unit,
            alice,
            bob,
            roster,
        }
    }

    /// Publishes a new roster (from [`signed_roster`]) and makes it current.
    pub async fn republish(&mut self, signed: SignedRoster) {
        let r = self.server.publish(&signed, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        self.roster = signed.verify(&self.unit.unit_id(), Day::today()).unwrap();
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        self.server.send(req).await
    }

    /// Posts a message blob with the current roster version.
    pub async fn post_message(&self, blob: Vec<u8>) -> Reply {
        self.send(blob_request(
            "/v1/messages",
            blob,
            Some(self.roster.version()),
        ))
        .await
    }

    /// Posts a reporter attachment.
    pub async fn post_attachment(&self, blob: Vec<u8>) -> Reply {
        self.send(blob_request(
            "/v1/attachments",
            blob,
            Some(self.roster.version()),
        ))
        .await
    }

    /// Sends a caseworker request signed by `cw`.
    pub async fn signed(
        &self,
        cw: &CaseworkerKey,
        method: Method,
        path: &str,
        body: Vec<u8>,
    ) -> Reply {
        self.send(signed_request(
            cw,
            &self.unit.unit_id(),
            method,
            path,
            body,
            None,
        ))
        .await
    }
}

/// A report holding the only work slot of a server started with
/// `max_concurrent_requests = 1`: once received, it waits for the
/// database's writer, which another connection holds.
pub struct HeldSlot {
    conn: rusqlite::Connection,
    waiting: tokio::task::JoinHandle<Reply>,
}

impl HeldSlot {
    /// Takes the database's write lock in another connection, sends a
    /// report, and waits until a request is shed: returns that 503 answer.
    pub async fn take(unit: &Unit) -> (Self, Reply) {
        let conn = rusqlite::Connection::open(unit.server.data_dir().join("sanctuary.db")).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        let router = unit.server.router.clone();
        let blob = Reporter::new().report(&unit.roster, "waiting for the writer");
        let waiting = tokio::spawn(async move {
            send(&router, blob_request("/v1/messages", blob, Some(1))).await
        });
        for _ in 0..100 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            let r = unit.send(get("/v1/health")).await;
            if r.status == StatusCode::SERVICE_UNAVAILABLE {
                return (Self { conn, waiting }, r);
            }
        }
        panic!("no request was shed: the report never took the only slot");
    }

    /// Lets the writer go, and returns the answer to the report.
    pub async fn release(self) -> Reply {
        self.conn.execute_batch("COMMIT").unwrap();
        self.waiting.await.unwrap()
    }
}

/// A reporter: a receipt and its derived keys.
pub struct Reporter {
    pub receipt: Receipt,
    pub keys: ReceiptKeys,
}

impl Reporter {
    pub fn new() -> Self {
        let receipt = Receipt::generate();
        let keys = receipt.derive();
        Self { receipt, keys }
    }

    pub fn report(&self, roster: &VerifiedRoster, text: &str) -> Vec<u8> {
        let content = ReportContent {
            text: text.into(),
            ..Default::default()
        };
        message::seal_report(&content, &self.keys, roster).unwrap()
    }

    /// A follow-up from this reporter.
    pub fn follow_up(&self, roster: &VerifiedRoster, text: &str) -> Vec<u8> {
        message::seal_follow_up(text, &[], first_position(), &self.keys, roster).unwrap()
    }

    /// What a caseworker reads in this reporter's report (what a reply
    /// needs from it), rebuilt from the receipt's keys: with the
    /// post-quantum reply recipient exactly when the roster seals
    /// post-quantum, as `seal_report` does.
    pub fn report_body(&self, roster: &VerifiedRoster) -> ReportBody {
        ReportBody {
            thread: self.keys.thread_id(),
            thread_key: self.keys.thread_public_key(),
            mailbox: self.keys.mailbox_id(),
            forget_hash: self.keys.forget_hash(),
            reply_to: self.keys.reply_recipient(),
            reply_to_pq: roster
                .document()
                .seals_post_quantum()
                .then(|| self.keys.reply_pq_recipient().into()),
            roster_version: roster.version(),
            category: None,
            answers: Default::default(),
            text: String::new(),
            attachments: Vec::new(),
        }
    }
}

/// The position of a thread's first follow-up or first reply, written
/// today (protocol §6.3).
pub fn first_position() -> Position {
    Position {
        seq: 1,
        seen: 0,
        day: Day::today(),
    }
}

/// A sealed reply from `cw` to `reporter`.
pub fn reply_blob(
    cw: &CaseworkerKey,
    reporter: &Reporter,
    roster: &VerifiedRoster,
    text: &str,
) -> Vec<u8> {
    let report = reporter.report_body(roster);
    message::seal_reply(text, &[], first_position(), &report, cw, roster).unwrap()
}

/// The recipients of a reply (and its attachments) to `reporter`'s report.
pub fn reply_recipients(roster: &VerifiedRoster, reporter: &Reporter) -> Recipients {
    message::reply_recipients(roster.document(), &reporter.report_body(roster))
}

/// A sealed attachment of `size` bytes to `recipients`.
pub fn attachment_blob(recipients: &Recipients, size: u64) -> Vec<u8> {
    let data = vec![0x5au8; size as usize];
    let (out, _) =
        sanctuary_crypto::attachment::seal_attachment(&data[..], Vec::new(), recipients, size)
            .unwrap();
    out
}

/// The response: status, headers and body.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.text()))
    }

    /// The error code of an error body.
    pub fn code(&self) -> String {
        self.json::<ErrorBody>().error
    }

    #[track_caller]
    pub fn assert(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.text());
        assert_eq!(self.code(), code, "{}", self.text());
    }
}

pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let response = router.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body,
    }
}

/// A connection to the unit's database file, to look at what is stored.
pub fn database(unit: &Unit) -> rusqlite::Connection {
    let path = unit
        .server
        .data_dir()
        .join(sanctuary_server::store::DATABASE_FILE);
    rusqlite::Connection::open(path).unwrap()
}

/// A request body fed piece by piece through the returned sender; it ends
/// when the sender is dropped.
pub fn piecewise_body() -> (tokio::sync::mpsc::Sender<Vec<u8>>, Body) {
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(1);
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        let piece = rx.recv().await?;
        Some((Ok::<_, std::io::Error>(Bytes::from(piece)), rx))
    });
    (tx, Body::from_stream(body))
}

/// The start of a reporter's attachment upload of `len` bytes, sealed for
/// the unit's current roster.
pub fn attachment_upload(unit: &Unit, len: usize) -> axum::http::request::Builder {
    Request::post("/v1/attachments")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, len)
        .header(
            api::ROSTER_VERSION_HEADER,
            unit.roster.version().to_string(),
        )
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

pub fn json_request(method: Method, path: &str, body: Vec<u8>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, body.len())
        .body(Body::from(body))
        .unwrap()
}

pub fn blob_request(path: &str, blob: Vec<u8>, roster_version: Option<u64>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header(header::CONTENT_LENGTH, blob.len());
    if let Some(v) = roster_version {
        b = b.header(api::ROSTER_VERSION_HEADER, v.to_string());
    }
    b.body(Body::from(blob)).unwrap()
}

/// A caseworker request signed now over `body`; `content_type` defaults to
/// JSON for a non-empty body.
pub fn signed_request(
    cw: &CaseworkerKey,
    unit: &UnitId,
    method: Method,
    path: &str,
    body: Vec<u8>,
    content_type: Option<&str>,
) -> Request<Body> {
    let auth = SignedRequest::sign(cw, unit, method.as_str(), path, now(), body_sha256(&body));
    let mut b = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, auth.to_header_value())
        .header(header::CONTENT_LENGTH, body.len());
    if !body.is_empty() {
        b = b.header(
            header::CONTENT_TYPE,
            content_type.unwrap_or("application/json"),
        );
    }
    b.body(Body::from(body)).unwrap()
}
