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

use std::fmt;
use std::io::Read;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, anyhow};
use reqwest::Method;
use reqwest::blocking::{Body, Client, RequestBuilder, Response};
use sanctuary_crypto::api::{ErrorBody, ROSTER_VERSION_HEADER};
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::request_auth::{SignedRequest, body_sha256};
use sanctuary_crypto::unit::UnitId;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::options::ServerOptions;
use crate::output;

/// How long a small request (JSON, a message) may take. Uploads and
/// downloads of attachments have no overall limit.
pub(crate) const SMALL_REQUEST_TIMEOUT: Duration = Duration::from_secs(180);

/// Largest error body read.
const MAX_ERROR_BODY: u64 = 16 * 1024;

/// The server refused a request. Its `Display` says, for people, what it
/// means and what to do.
#[derive(Debug)]
pub(crate) struct ApiError {
    /// HTTP status.
    pub(crate) status: u16,
    /// The stable error code (`roster_changed`, `storage_full`, …).
    pub(crate) code: String,
    /// The server's own sentence (untrusted; shown only when no better
    /// explanation is known).
    pub(crate) message: String,
}

impl ApiError {
    /// Whether this is the error with `code`.
    pub(crate) fn is(&self, code: &str) -> bool {
        self.code == code
    }
}

/// Whether `err` is an [`ApiError`] with `code`.
pub(crate) fn is_api_error(err: &anyhow::Error, code: &str) -> bool {
    err.downcast_ref::<ApiError>().is_some_and(|e| e.is(code))
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.code.as_str() {
            "storage_full" => "The server is full and cannot store anything right now. \
                Try again in a few days, or contact the unit another way."
                .to_owned(),
            "overloaded" => "The server is busy. Wait a few minutes and try again.".to_owned(),
            "not_enrolled" | "no_roster" => "This server has no unit set up yet. Check the \
                server address."
                .to_owned(),
            "too_large" => "A file is larger than the unit allows.".to_owned(),
            "roster_changed" => "The unit changed its list of caseworkers while this was \
                being sent. Try again."
                .to_owned(),
            "unauthorized" => "The server did not accept your key: you are probably not on \
                the unit's current roster. Ask your unit admin to add your card and \
                publish the roster again."
                .to_owned(),
            "stale_request" => "The server refused the request because this computer's \
                clock is wrong by more than 5 minutes, or because the server restarted \
                moments ago and this clock is a little behind. Check the date and time, then \
                try again."
                .to_owned(),
            "replayed" => "The server saw the same request twice. Try again.".to_owned(),
            "not_found" => "The server does not have it (it may have expired or been \
                deleted)."
                .to_owned(),
            "mailbox_forgotten" => "The reporter has deleted their mailbox: they cannot \
                receive replies on this thread any more."
                .to_owned(),
            "bad_size" | "not_age" | "bad_header" | "bad_request" => format!(
                "The server refused the data as malformed ({}). This is probably a bug in \
                 this program: please report it.",
                output::preview(&self.message, 200)
            ),
            _ => format!(
                "The server refused the request: {}",
                output::preview(&self.message, 300)
            ),
        };
        write!(f, "{text} [server: HTTP {}, {}]", self.status, self.code)
    }
}

impl std::error::Error for ApiError {}

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
            "Could not reach the server at {} ({}). Check the address and your internet \
             connection, then try again.",
            self.url, self.reason
        )?;
        if self.proxied {
            write!(
                f,
                " You use a proxy: check that Tor (or Tor Browser) is running and that the \
                 --proxy address is right."
            )?;
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

    fn unreachable(&self, err: &reqwest::Error) -> Unreachable {
        let mut reason = if err.is_timeout() {
            "it did not answer in time".to_owned()
        } else {
            let mut source: &dyn std::error::Error = err;
            while let Some(next) = source.source() {
                source = next;
            }
            source.to_string()
        };
        if reason.is_empty() {
            reason = "no connection".to_owned();
        }
        Unreachable {
            url: self.options.url.to_string(),
            reason,
            proxied: self.options.proxy.is_some(),
        }
    }

    /// Sends a request and turns any non-success status into an
    /// [`ApiError`] and any transport failure into [`Unreachable`].
    pub(crate) fn send(&self, request: RequestBuilder) -> Result<Response> {
        let response = request.send().map_err(|e| self.unreachable(&e))?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(api_error(response).into())
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

    /// `POST` a raw blob with the roster version it was sealed against.
    pub(crate) fn post_blob(
        &self,
        path: &str,
        body: Body,
        roster_version: u64,
        small: bool,
    ) -> Result<Response> {
        let mut request = self
            .request(Method::POST, path)?
            .header(ROSTER_VERSION_HEADER, roster_version.to_string())
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(body);
        if small {
            request = request.timeout(SMALL_REQUEST_TIMEOUT);
        }
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

fn api_error(response: Response) -> ApiError {
    let status = response.status().as_u16();
    let mut body = Vec::new();
    let _ = response.take(MAX_ERROR_BODY).read_to_end(&mut body);
    match serde_json::from_slice::<ErrorBody>(&body) {
        Ok(e) => ApiError {
            status,
            code: e.error,
            message: e.message,
        },
        Err(_) => ApiError {
            status,
            code: format!("http_{status}"),
            message: String::from_utf8_lossy(&body).into_owned(),
        },
    }
}

/// Reads at most `limit` bytes of a response body.
pub(crate) fn read_limited(response: Response, limit: u64) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    response
        .take(limit + 1)
        .read_to_end(&mut body)
        .context("The connection to the server broke while reading its answer. Try again.")?;
    if body.len() as u64 > limit {
        anyhow::bail!("The server sent a larger answer than expected; it was not read.");
    }
    Ok(body)
}

/// Reads and parses a JSON answer of at most `limit` bytes.
pub(crate) fn read_json<T: DeserializeOwned>(response: Response, limit: u64) -> Result<T> {
    let body = read_limited(response, limit)?;
    serde_json::from_slice(&body)
        .map_err(|e| anyhow!("The server sent an answer this program does not understand ({e}). Check the server address."))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

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
