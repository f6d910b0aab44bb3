//! Talking to the server: one HTTP client per command, optionally through a
//! SOCKS proxy, with errors that say what happened and what to do.
//!
//! The client sends no cookies, follows no redirects and ignores the
//! system's proxy variables: traffic goes exactly where `--server` and
//! `--proxy` say, or nowhere.
//!
//! Through a proxy, each run of the program gives it its own random SOCKS
//! user name and password (unless the `--proxy` address has some). Tor
//! keeps connections with different credentials on different circuits
//! (`IsolateSOCKSAuth`, on by default), so two commands never share a
//! circuit, and the exit relay or onion service cannot link them by it.
//!
//! An address that is not a Sanctuary server is told apart from a server
//! that refused: an answer without Sanctuary's JSON error shape (a web
//! page, a proxy's error) or a failed TLS handshake (`https://` to a plain
//! http server, a bad certificate) says to check the address.
//!
//! Anonymous submissions carry a proof of work (`docs/protocol.md` §10.1):
//! [`Net::post_proven`] asks for a challenge for the exact body, solves it
//! and posts, asking again once if the challenge expired or was used.

use std::fmt;
use std::io::Read;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow};
use reqwest::Method;
use reqwest::blocking::{Body, Client, RequestBuilder, Response};
use sanctuary_crypto::api::{
    ErrorBody, ErrorCode, PowChallenge, PowQuery, ROSTER_VERSION_HEADER, UPLOAD_HEADER,
    UPLOAD_OFFSET_HEADER, UploadStatus,
};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::ids::{BlobId, UploadSecret};
use sanctuary_crypto::pow::{self, Kind, Solution};
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::unit::UnitId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::t;
use crate::options::ServerOptions;
use crate::{output, progress};

/// How long a small request (JSON, a message) may take. Uploads and
/// downloads of attachments have no overall limit.
pub(crate) const SMALL_REQUEST_TIMEOUT: Duration = Duration::from_secs(180);

/// Largest error body read.
const MAX_ERROR_BODY: u64 = 16 * 1024;

/// Largest proof-of-work challenge answer read.
const MAX_CHALLENGE_ANSWER: u64 = 4096;

/// The server refused a request. Its `Display` says, for people, what it
/// means and what to do.
#[derive(Debug)]
pub(crate) struct ApiError {
    /// HTTP status.
    pub(crate) status: u16,
    /// The error code as the server sent it (`roster_changed`,
    /// `storage_full`, …, or one from a newer server), or `http_STATUS`
    /// when the answer was not Sanctuary's. Shown as it is; decisions use
    /// [`ApiError::code`].
    pub(crate) raw_code: String,
    /// The server's own sentence (untrusted; shown only when no better
    /// explanation is known).
    pub(crate) message: String,
    /// Whether the answer had Sanctuary's JSON error shape. Without it,
    /// whatever answered is not a Sanctuary server (or a proxy in front of
    /// one answered for it).
    pub(crate) sanctuary: bool,
    /// The server address asked (`--server`).
    pub(crate) server: String,
    /// The answer's media type, if it named one.
    pub(crate) media_type: Option<String>,
}

impl ApiError {
    /// The code, if Sanctuary's answer carried one this build knows.
    pub(crate) fn code(&self) -> Option<ErrorCode> {
        if self.sanctuary {
            ErrorCode::parse(&self.raw_code)
        } else {
            None
        }
    }

    /// Whether this is the error with `code`.
    pub(crate) fn is(&self, code: ErrorCode) -> bool {
        self.code() == Some(code)
    }
}

/// Whether `err` is an [`ApiError`] with `code`.
pub(crate) fn is_api_error(err: &anyhow::Error, code: ErrorCode) -> bool {
    err.downcast_ref::<ApiError>().is_some_and(|e| e.is(code))
}

/// Whether the server refused a proof of work only because its challenge
/// expired or was already used, or wants one now where none was needed a
/// moment ago: a fresh challenge will do.
fn is_stale_proof(err: &anyhow::Error) -> bool {
    is_api_error(err, ErrorCode::PowExpired)
        || is_api_error(err, ErrorCode::PowReused)
        || is_api_error(err, ErrorCode::PowRequired)
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.sanctuary {
            let answered = match &self.media_type {
                Some(t) => t!("answered-http-with", status = self.status, kind = t.clone()),
                None => t!("answered-http", status = self.status),
            };
            return if (500..600).contains(&self.status) {
                // A reverse proxy whose server is down answers like this.
                write!(
                    f,
                    "{}",
                    t!(
                        "server-not-answering-properly",
                        server = self.server.clone(),
                        detail = answered
                    )
                )
            } else {
                write!(f, "{}", NotSanctuary::foreign(&self.server, answered))
            };
        }
        use ErrorCode as C;
        let text = match self.code() {
            Some(C::StorageFull) => t!("api-storage-full"),
            Some(C::Overloaded) => t!("api-overloaded"),
            Some(C::NotEnrolled | C::NoRoster) => t!("api-no-unit"),
            Some(C::TooLarge) => t!("api-too-large"),
            Some(C::RosterChanged) => t!("api-roster-changed"),
            Some(C::Unauthorized) => t!("api-unauthorized"),
            Some(C::StaleRequest) => t!("api-stale-request"),
            Some(C::Replayed) => t!("api-replayed"),
            Some(C::PowRequired | C::BadPow) => t!("api-bad-pow"),
            Some(C::PowExpired) => t!("api-pow-expired"),
            Some(C::PowReused) => t!("api-pow-reused"),
            Some(C::AttachmentQuota) => t!("api-attachment-quota"),
            Some(C::NotFound) => t!("api-not-found"),
            Some(C::MailboxForgotten) => t!("api-mailbox-forgotten"),
            Some(C::BadSize | C::NotAge | C::BadHeader | C::BadRequest) => t!(
                "api-malformed",
                detail = output::preview(&self.message, 200)
            ),
            _ => t!("api-refused", detail = output::preview(&self.message, 300)),
        };
        write!(
            f,
            "{text} [server: HTTP {}, {}]",
            self.status, self.raw_code
        )
    }
}

impl std::error::Error for ApiError {}

/// The address does not answer like a Sanctuary server: it speaks no TLS
/// where `https://` asked for it, its certificate is not valid, or what
/// answered sent something no Sanctuary server sends.
#[derive(Debug)]
pub(crate) struct NotSanctuary {
    server: String,
    tls: bool,
    detail: String,
}

impl NotSanctuary {
    /// An answer that is not Sanctuary's, from `server`; `detail` says what
    /// it was.
    fn foreign(server: &str, detail: String) -> Self {
        Self {
            server: server.to_owned(),
            tls: false,
            detail,
        }
    }
}

impl fmt::Display for NotSanctuary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (server, detail) = (self.server.clone(), self.detail.clone());
        if self.tls {
            write!(f, "{}", t!("not-https", server = server, detail = detail))
        } else {
            write!(
                f,
                "{}",
                t!("not-sanctuary", server = server, detail = detail)
            )
        }
    }
}

impl std::error::Error for NotSanctuary {}

/// The server could not be reached at all.
#[derive(Debug)]
pub(crate) struct Unreachable {
    url: String,
    reason: String,
    proxied: bool,
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}",
            t!(
                "unreachable",
                server = self.url.clone(),
                reason = self.reason.clone()
            )
        )?;
        if self.proxied {
            write!(f, " {}", t!("unreachable-proxy"))?;
        }
        Ok(())
    }
}

impl std::error::Error for Unreachable {}

/// Who signs a caseworker request: the caseworker's key, and the unit whose
/// server it is for (the signature names it, so it is worthless at any
/// other unit's server).
#[derive(Clone, Copy)]
pub(crate) struct Signer<'a> {
    /// The caseworker's key.
    pub(crate) key: &'a CaseworkerKey,
    /// The unit the request is for.
    pub(crate) unit: UnitId,
}

/// The body of a signed caseworker request.
pub(crate) enum SignedBody {
    /// No body.
    Empty,
    /// A JSON document.
    Json(Vec<u8>),
    /// A stream whose length and SHA-256 are known up front.
    Stream {
        /// The bytes.
        reader: Box<dyn Read + Send>,
        /// Its length.
        len: u64,
        /// Its SHA-256.
        sha256: [u8; 32],
    },
}

/// An HTTP client bound to one server.
pub(crate) struct Net {
    client: Client,
    options: ServerOptions,
}

impl Net {
    /// A client for `options`: through the proxy if one is given, never
    /// through the system's proxy settings.
    pub(crate) fn new(options: &ServerOptions) -> Result<Self> {
        let proxied = options.proxy.is_some();
        let mut builder = Client::builder()
            .connect_timeout(Duration::from_secs(if proxied { 120 } else { 30 }))
            .timeout(None::<Duration>)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("sanctuary")
            .no_proxy();
        if let Some(proxy) = &options.proxy {
            builder = builder.proxy(
                reqwest::Proxy::all(isolated(proxy)?)
                    .with_context(|| format!("The proxy {proxy} cannot be used."))?,
            );
        }
        let client = builder
            .build()
            .context("Could not set up the network connection.")?;
        Ok(Self {
            client,
            options: options.clone(),
        })
    }

    /// The server's base URL.
    pub(crate) fn base(&self) -> &reqwest::Url {
        &self.options.url
    }

    fn url(&self, path_and_query: &str) -> Result<reqwest::Url> {
        self.options
            .url
            .join(path_and_query.trim_start_matches('/'))
            .map_err(|e| anyhow!("bad request path {path_and_query}: {e}"))
    }

    /// Why a request did not get an answer: [`NotSanctuary`] when the
    /// TLS handshake of an `https://` address failed, else
    /// [`Unreachable`].
    fn unreachable(&self, err: &reqwest::Error) -> anyhow::Error {
        let mut source: &dyn std::error::Error = err;
        let mut tls = false;
        while let Some(next) = source.source() {
            source = next;
            tls |= is_invalid_data(source);
        }
        let mut reason = if err.is_timeout() {
            "it did not answer in time".to_owned()
        } else {
            source.to_string()
        };
        if reason.is_empty() {
            reason = "no connection".to_owned();
        }
        if tls && self.options.url.scheme() == "https" {
            return NotSanctuary {
                server: self.options.url.to_string(),
                tls: true,
                detail: output::preview(&reason, 200),
            }
            .into();
        }
        Unreachable {
            url: self.options.url.to_string(),
            reason,
            proxied: self.options.proxy.is_some(),
        }
        .into()
    }

    /// Sends a request and turns any non-success status into an
    /// [`ApiError`] and any transport failure into [`Unreachable`] (or
    /// [`NotSanctuary`]).
    pub(crate) fn send(&self, request: RequestBuilder) -> Result<Response> {
        let response = request.send().map_err(|e| self.unreachable(&e))?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(api_error(response, self.options.url.as_str()).into())
        }
    }

    /// A public request.
    pub(crate) fn request(&self, method: Method, path: &str) -> Result<RequestBuilder> {
        Ok(self.client.request(method, self.url(path)?))
    }

    /// `POST` or `PUT` a JSON body and read a JSON answer.
    pub(crate) fn send_json<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
        limit: u64,
    ) -> Result<T> {
        let response = self.send(
            self.request(method, path)?
                .timeout(SMALL_REQUEST_TIMEOUT)
                .json(body),
        )?;
        read_json(response, limit)
    }

    /// `POST` a raw blob with the roster version it was sealed against and
    /// a solved proof of work (the [`pow::HEADER`] value), if any.
    fn post_blob(
        &self,
        path: &str,
        body: Body,
        roster_version: u64,
        small: bool,
        proof: Option<&str>,
        upload: Option<&UploadSecret>,
    ) -> Result<Response> {
        let mut request = self
            .request(Method::POST, path)?
            .header(ROSTER_VERSION_HEADER, roster_version.to_string())
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        if let Some(proof) = proof {
            request = request.header(pow::HEADER, proof);
        }
        if let Some(secret) = upload {
            request = request.header(UPLOAD_HEADER, secret.to_hex().as_str());
        }
        if small {
            request = request.timeout(SMALL_REQUEST_TIMEOUT);
        }
        self.send(request)
    }

    /// Asks for a proof-of-work challenge for a body of exactly `len`
    /// bytes to `kind`'s route, and solves it for the body's `binding`
    /// ([`pow::binding`]). Returns the [`pow::HEADER`] value, or `None`
    /// when the server has no `/v1/pow` (`404 not_found`): it runs a
    /// version from before the proof of work, and checks none.
    pub(crate) fn prove(
        &self,
        kind: Kind,
        len: u64,
        binding: &[u8; 32],
        always: bool,
    ) -> Result<Option<String>> {
        let request = self
            .request(Method::GET, "v1/pow")?
            .query(&PowQuery { kind, size: len })
            .timeout(SMALL_REQUEST_TIMEOUT);
        let response = match self.send(request) {
            Err(e) if is_api_error(&e, ErrorCode::NotFound) => return Ok(None),
            other => other?,
        };
        let answer: PowChallenge = read_json(response, MAX_CHALLENGE_ANSWER)?;
        let token = answer.challenge;
        let challenge = token.challenge();
        if challenge.kind != kind || challenge.body_len != len {
            return Err(anyhow!(t!("pow-wrong-challenge")));
        }
        // A quiet server needs no proof (protocol §10.1): sending none
        // spares it an Argon2id evaluation per report. If it got busy
        // meanwhile, it answers `pow_required` and the proof is solved.
        if answer.level == 0 && challenge.bits == 0 && !always {
            return Ok(None);
        }
        let mut tries = progress::Tries::new(t!("proving"));
        let counter = pow::solve(&token, binding, |n| tries.tick(n));
        tries.finish();
        Ok(Some(Solution { token, counter }.to_header_value()))
    }

    /// `POST`s a body of exactly `len` bytes, whose first 64 KiB hash to
    /// `binding`, to `kind`'s anonymous route (`v1/messages` or
    /// `v1/attachments`), with the roster version it was sealed against
    /// and a proof of work solved for it. `body` gives the body anew for
    /// each attempt: if the challenge expired while it was being solved or
    /// sent, or the server saw it before, a fresh one is solved and the
    /// body sent again, once. An attachment with an `upload` secret may be
    /// resumed if it is interrupted ([`Net::resume_upload`]).
    pub(crate) fn post_proven(
        &self,
        kind: Kind,
        len: u64,
        binding: &[u8; 32],
        roster_version: u64,
        upload: Option<&UploadSecret>,
        mut body: impl FnMut() -> Result<Body>,
    ) -> Result<Response> {
        let (path, small) = match kind {
            Kind::Message => ("v1/messages", true),
            Kind::Attachment => ("v1/attachments", false),
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let proof = self.prove(kind, len, binding, attempt > 1)?;
            let sent = self.post_blob(
                path,
                body()?,
                roster_version,
                small,
                proof.as_deref(),
                upload,
            );
            match sent {
                Err(e) if attempt < 2 && is_stale_proof(&e) => {}
                other => return other,
            }
        }
    }

    /// How much of the interrupted upload under `secret` the server holds
    /// (`docs/protocol.md` §7.1).
    pub(crate) fn upload_status(&self, secret: &UploadSecret) -> Result<UploadStatus> {
        let request = self
            .request(Method::POST, "v1/attachments/resume/status")?
            .header(UPLOAD_HEADER, secret.to_hex().as_str())
            .timeout(SMALL_REQUEST_TIMEOUT);
        read_json(self.send(request)?, 4096)
    }

    /// Sends the rest of the interrupted upload under `secret`, from byte
    /// `offset`: `body` is `len` bytes.
    pub(crate) fn resume_upload(
        &self,
        secret: &UploadSecret,
        offset: u64,
        body: Body,
    ) -> Result<Response> {
        let request = self
            .request(Method::POST, "v1/attachments/resume")?
            .header(UPLOAD_HEADER, secret.to_hex().as_str())
            .header(UPLOAD_OFFSET_HEADER, offset.to_string())
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        self.send(request)
    }

    /// A request signed with a caseworker key for its unit's server.
    pub(crate) fn signed(
        &self,
        signer: Signer<'_>,
        method: Method,
        path_and_query: &str,
        body: SignedBody,
    ) -> Result<Response> {
        let path_and_query = format!("/{}", path_and_query.trim_start_matches('/'));
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let (hash, small) = match &body {
            SignedBody::Empty => (body_sha256(b""), true),
            SignedBody::Json(bytes) => (body_sha256(bytes), true),
            SignedBody::Stream { sha256, .. } => (*sha256, false),
        };
        let auth = SignedRequest::sign(
            signer.key,
            &signer.unit,
            method.as_str(),
            &path_and_query,
            now,
            hash,
        );
        let mut request = self
            .request(method, &path_and_query)?
            .header(reqwest::header::AUTHORIZATION, auth.to_header_value());
        if small {
            request = request.timeout(SMALL_REQUEST_TIMEOUT);
        }
        request = match body {
            SignedBody::Empty => request,
            SignedBody::Json(bytes) => request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(bytes),
            SignedBody::Stream { reader, len, .. } => request
                .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::sized(reader, len)),
        };
        self.send(request)
    }

    /// A signed request with a JSON body and a JSON answer.
    pub(crate) fn signed_json<B: Serialize, T: DeserializeOwned>(
        &self,
        signer: Signer<'_>,
        method: Method,
        path: &str,
        body: &B,
        limit: u64,
    ) -> Result<T> {
        let bytes = serde_json::to_vec(body)?;
        read_json(
            self.signed(signer, method, path, SignedBody::Json(bytes))?,
            limit,
        )
    }
}

/// Whether `err` is, or wraps, an I/O error of kind `InvalidData`: how
/// rustls reports a handshake that went wrong (an answer that is not TLS,
/// a certificate that does not verify). An I/O error's `source` skips the
/// error it wraps, so the wrapped ones are looked at here.
fn is_invalid_data(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = err;
    // A few levels at most in practice; bounded all the same.
    for _ in 0..8 {
        let Some(io) = current.downcast_ref::<std::io::Error>() else {
            return false;
        };
        if io.kind() == std::io::ErrorKind::InvalidData {
            return true;
        }
        match io.get_ref() {
            Some(inner) => current = inner,
            None => return false,
        }
    }
    false
}

/// This run's SOCKS user name and password: 16 random bytes each, in hex,
/// drawn once per process so that every connection of one command shares
/// them (and its circuit) and no other command has them.
fn run_credentials() -> &'static (String, String) {
    static CREDENTIALS: OnceLock<(String, String)> = OnceLock::new();
    // `BlobId::random` is 16 bytes from the operating system's generator.
    CREDENTIALS.get_or_init(|| (BlobId::random().to_hex(), BlobId::random().to_hex()))
}

/// `proxy` with this run's SOCKS credentials, unless it has a user name or
/// password of its own (then the user chose how Tor isolates their runs).
fn isolated(proxy: &reqwest::Url) -> Result<reqwest::Url> {
    let mut url = proxy.clone();
    if url.username().is_empty() && url.password().is_none() {
        let (user, password) = run_credentials();
        url.set_username(user)
            .and_then(|()| url.set_password(Some(password)))
            .map_err(|()| anyhow!("The proxy {proxy} cannot take a user name."))?;
    }
    Ok(url)
}

/// The media type a response names, without parameters, shortened for
/// showing (it is the answering host's word).
fn media_type(response: &Response) -> Option<String> {
    let value = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)?
        .to_str()
        .ok()?;
    let essence = value.split(';').next().unwrap_or_default().trim();
    (!essence.is_empty()).then(|| output::preview(&essence.to_ascii_lowercase(), 60))
}

fn api_error(response: Response, server: &str) -> ApiError {
    let status = response.status().as_u16();
    let media_type = media_type(&response);
    let mut body = Vec::new();
    let _ = response.take(MAX_ERROR_BODY).read_to_end(&mut body);
    match serde_json::from_slice::<ErrorBody>(&body) {
        Ok(e) => ApiError {
            status,
            raw_code: e.error,
            message: e.message,
            sanctuary: true,
            server: server.to_owned(),
            media_type,
        },
        Err(_) => ApiError {
            status,
            raw_code: format!("http_{status}"),
            message: String::from_utf8_lossy(&body).into_owned(),
            sanctuary: false,
            server: server.to_owned(),
            media_type,
        },
    }
}

/// Reads at most `limit` bytes of a response body. A web page is refused:
/// the program asks a Sanctuary server only for JSON and blobs.
pub(crate) fn read_limited(response: Response, limit: u64) -> Result<Vec<u8>> {
    if let Some(t) = media_type(&response).filter(|t| t == "text/html") {
        let url = response.url();
        let server = format!("{}/", url.origin().ascii_serialization());
        return Err(NotSanctuary::foreign(
            &server,
            format!("it answered HTTP {} with {t}", response.status().as_u16()),
        )
        .into());
    }
    // Sized from the announced length (never past the limit): a sync's
    // batches are megabytes, and growing by doubling copies them again
    // and again.
    let announced = response.content_length().unwrap_or(0).min(limit + 1);
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    response
        .take(limit + 1)
        .read_to_end(&mut body)
        .with_context(|| t!("answer-broken"))?;
    if body.len() as u64 > limit {
        anyhow::bail!(t!("answer-too-large"));
    }
    Ok(body)
}

/// Reads and parses a JSON answer of at most `limit` bytes.
pub(crate) fn read_json<T: DeserializeOwned>(response: Response, limit: u64) -> Result<T> {
    let body = read_limited(response, limit)?;
    serde_json::from_slice(&body)
        .map_err(|e| anyhow!(t!("answer-not-understood", detail = e.to_string())))
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used)]
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::thread;

    use sanctuary_crypto::pow::{Challenge, ChallengeKey};

    use super::*;

    /// A request as the fake server saw it.
    pub(crate) struct Seen {
        /// The request line.
        pub(crate) line: String,
        /// The proof-of-work header.
        pub(crate) pow: Option<String>,
        /// The body.
        pub(crate) body: Vec<u8>,
    }

    /// Serves `requests` requests on a fresh port, one connection each;
    /// `answer` gives the status and JSON body for each request seen. Returns the client and the thread that returns what it saw.
    fn fake_server(
        mut answer: impl FnMut(&Seen) -> (u16, String) + Send + 'static,
        requests: usize,
    ) -> (Net, thread::JoinHandle<Vec<Seen>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let server = thread::spawn(move || {
            let mut seen = Vec::new();
            for _ in 0..requests {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let (mut len, mut pow) = (0, None);
                loop {
                    let mut header = String::new();
                    reader.read_line(&mut header).unwrap();
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    let (name, value) = header.split_once(": ").unwrap();
                    match name.to_ascii_lowercase().as_str() {
                        "content-length" => len = value.parse().unwrap(),
                        pow::HEADER => pow = Some(value.to_owned()),
                        _ => {}
                    }
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                let request = Seen {
                    line: line.trim_end().to_owned(),
                    pow,
                    body,
                };
                let (status, json) = answer(&request);
                write!(
                    &stream,
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n{json}",
                    json.len()
                )
                .unwrap();
                seen.push(request);
            }
            seen
        });
        let options = ServerOptions::new(Some(&url), None).unwrap();
        (Net::new(&options).unwrap(), server)
    }

    /// A server that issues challenges of `bits` and checks solutions the
    /// way `docs/protocol.md` §10.1 says; `refusals` lists error codes to
    /// answer the first posts with instead.
    pub(crate) fn pow_server(
        bits: u8,
        mut refusals: Vec<ErrorCode>,
        requests: usize,
    ) -> (Net, thread::JoinHandle<Vec<Seen>>) {
        let key = ChallengeKey::generate();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        fake_server(
            move |seen| {
                if let Some(query) = seen.line.strip_prefix("GET /v1/pow?") {
                    let query = query.split(' ').next().unwrap();
                    let pairs: std::collections::HashMap<&str, &str> = query
                        .split('&')
                        .map(|kv| kv.split_once('=').unwrap())
                        .collect();
                    let query = PowQuery {
                        kind: match pairs["kind"] {
                            "message" => Kind::Message,
                            _ => Kind::Attachment,
                        },
                        size: pairs["size"].parse().unwrap(),
                    };
                    let token = key
                        .issue(&Challenge::new(query.kind, bits, query.size, now))
                        .unwrap();
                    let answer = PowChallenge {
                        challenge: token,
                        bits,
                        memory_kib: pow::MEMORY_KIB,
                        expires_in: pow::EXPIRY_SECS,
                        level: bits,
                    };
                    return (200, serde_json::to_string(&answer).unwrap());
                }
                let kind = match seen.line.split(' ').nth(1) {
                    Some("/v1/messages") => Kind::Message,
                    _ => Kind::Attachment,
                };
                if !refusals.is_empty() {
                    let code = refusals.remove(0);
                    return (403, format!(r#"{{"error":"{code}","message":"no"}}"#));
                }
                let solution = Solution::parse_header(seen.pow.as_deref().unwrap()).unwrap();
                let ok = key
                    .verify(&solution.token, kind, seen.body.len() as u64, now)
                    .is_ok()
                    && pow::check(&solution.token, &pow::binding(&seen.body), solution.counter);
                if ok {
                    (201, format!(r#"{{"id":"{}"}}"#, "ab".repeat(16)))
                } else {
                    (
                        403,
                        serde_json::to_string(&ErrorBody::new(ErrorCode::BadPow, "no")).unwrap(),
                    )
                }
            },
            requests,
        )
    }

    fn post(net: &Net, kind: Kind, body: &[u8]) -> Result<Response> {
        net.post_proven(
            kind,
            body.len() as u64,
            &pow::binding(body),
            1,
            None,
            || Ok(Body::from(body.to_vec())),
        )
    }

    #[test]
    fn posts_carry_a_proof_for_their_exact_body() {
        let (net, server) = pow_server(3, vec![], 2);
        let body = vec![9u8; 70_000];
        assert_eq!(post(&net, Kind::Attachment, &body).unwrap().status(), 201);
        let seen = server.join().unwrap();
        assert_eq!(
            seen[0].line,
            "GET /v1/pow?kind=attachment&size=70000 HTTP/1.1"
        );
        assert!(seen[0].pow.is_none());
        assert_eq!(seen[1].line, "POST /v1/attachments HTTP/1.1");
        assert_eq!(seen[1].body, body);
        let solution = Solution::parse_header(seen[1].pow.as_deref().unwrap()).unwrap();
        assert_eq!(solution.token.challenge().bits, 3);
    }

    #[test]
    fn a_stale_proof_is_solved_again_once() {
        // Expired, then accepted: two challenges, two posts.
        let (net, server) = pow_server(1, vec![ErrorCode::PowExpired], 4);
        assert_eq!(post(&net, Kind::Message, b"sealed").unwrap().status(), 201);
        let seen = server.join().unwrap();
        assert!(seen[2].line.starts_with("GET /v1/pow?kind=message&size=6 "));
        assert_ne!(seen[1].pow, seen[3].pow, "a fresh challenge");
        // Reused twice: the second refusal is the answer.
        let (net, server) = pow_server(0, vec![ErrorCode::PowReused; 2], 4);
        let err = post(&net, Kind::Message, b"sealed").unwrap_err();
        assert!(is_api_error(&err, ErrorCode::PowReused), "{err:#}");
        assert!(err.to_string().contains("anti-flood"), "{err}");
        server.join().unwrap();
        // A refused proof is not retried.
        let (net, server) = pow_server(0, vec![ErrorCode::BadPow], 2);
        let err = post(&net, Kind::Message, b"sealed").unwrap_err();
        assert!(is_api_error(&err, ErrorCode::BadPow), "{err:#}");
        assert_eq!(server.join().unwrap().len(), 2);
    }

    #[test]
    fn a_code_from_a_newer_server_is_shown_as_sent() {
        let newer = ApiError {
            status: 409,
            raw_code: "added_later".to_owned(),
            message: "a refusal this build has no words for".to_owned(),
            sanctuary: true,
            server: "http://127.0.0.1:9".to_owned(),
            media_type: Some("application/json".to_owned()),
        };
        assert_eq!(newer.code(), None);
        assert!(!newer.is(ErrorCode::RosterChanged));
        let shown = newer.to_string();
        assert!(shown.contains("no words for"), "{shown}");
        assert!(
            shown.ends_with("[server: HTTP 409, added_later]"),
            "{shown}"
        );
        let known = ApiError {
            raw_code: "roster_changed".to_owned(),
            ..newer
        };
        assert_eq!(known.code(), Some(ErrorCode::RosterChanged));
        // Whatever answered without Sanctuary's error shape has no code,
        // even if its text looks like one.
        let foreign = ApiError {
            sanctuary: false,
            ..known
        };
        assert_eq!(foreign.code(), None);
    }

    #[test]
    fn a_server_without_proof_of_work_gets_none() {
        // A server from before the proof of work answers `not_found` for
        // the challenge, and takes the post without a proof.
        let (net, server) = fake_server(
            |seen| {
                if seen.line.starts_with("GET ") {
                    (
                        404,
                        serde_json::to_string(&ErrorBody::new(ErrorCode::NotFound, "no")).unwrap(),
                    )
                } else {
                    (201, format!(r#"{{"id":"{}"}}"#, "ab".repeat(16)))
                }
            },
            2,
        );
        assert_eq!(post(&net, Kind::Message, b"sealed").unwrap().status(), 201);
        let seen = server.join().unwrap();
        assert_eq!(seen[1].line, "POST /v1/messages HTTP/1.1");
        assert!(seen[1].pow.is_none());
    }

    #[test]
    fn a_challenge_for_another_body_is_refused() {
        let key = ChallengeKey::generate();
        let (net, server) = fake_server(
            move |_| {
                let token = key
                    .issue(&Challenge::new(Kind::Message, 0, 999, 0))
                    .unwrap();
                let answer = PowChallenge {
                    challenge: token,
                    bits: 0,
                    memory_kib: pow::MEMORY_KIB,
                    expires_in: pow::EXPIRY_SECS,
                    level: 0,
                };
                (200, serde_json::to_string(&answer).unwrap())
            },
            1,
        );
        let err = net.prove(Kind::Message, 1000, &[0; 32], true).unwrap_err();
        assert!(
            err.to_string()
                .contains("something other than what was asked"),
            "{err}"
        );
        server.join().unwrap();
    }

    #[test]
    fn each_run_has_its_own_socks_credentials() {
        let proxy: reqwest::Url = "socks5h://127.0.0.1:9050".parse().unwrap();
        let first = isolated(&proxy).unwrap();
        let (user, password) = (first.username(), first.password().unwrap());
        assert_eq!((user.len(), password.len()), (32, 32), "{first}");
        assert!(
            user.bytes()
                .chain(password.bytes())
                .all(|b| b.is_ascii_hexdigit())
        );
        assert_ne!(user, password);
        // The same run always uses the same ones.
        assert_eq!(isolated(&proxy).unwrap(), first);
        // Credentials the user wrote are kept as they are.
        let own: reqwest::Url = "socks5h://me:secret@127.0.0.1:9050".parse().unwrap();
        assert_eq!(isolated(&own).unwrap(), own);
    }
}
