//! What an operator's recording proxy saw, read back as HTTP requests: the
//! active-operator tests check what a caseworker's client sends, request by
//! request, in the order it was sent.

use std::time::Duration;

use crate::socks::Proxy;

/// One HTTP request as the proxy saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, `DELETE`, …
    pub method: String,
    /// The path with its query, as in the request line.
    pub path: String,
    /// The body (after the blank line), as text.
    pub body: String,
    /// The request line, headers and body, as sent.
    pub raw: String,
}

impl Request {
    /// A request built by a test (no headers): what a client would send.
    pub fn new(method: &str, path: &str, body: &str) -> Self {
        Self {
            method: method.to_owned(),
            path: path.to_owned(),
            body: body.to_owned(),
            raw: format!("{method} {path} HTTP/1.1\r\n\r\n{body}"),
        }
    }

    /// The path without its query.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }
}

/// Splits one connection's bytes into requests (keep-alive connections
/// carry several; bodies have a Content-Length).
pub fn parse(mut bytes: &[u8]) -> Vec<Request> {
    let mut out = Vec::new();
    while let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
        let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length")
                    .then(|| value.trim().parse().ok())?
            })
            .unwrap_or(0);
        let body_end = (end + 4 + length).min(bytes.len());
        let mut parts = head.split(' ');
        out.push(Request {
            method: parts.next().unwrap_or_default().to_owned(),
            path: parts.next().unwrap_or_default().to_owned(),
            body: String::from_utf8_lossy(&bytes[end + 4..body_end]).into_owned(),
            raw: String::from_utf8_lossy(&bytes[..body_end]).into_owned(),
        });
        bytes = &bytes[body_end..];
    }
    out
}

/// The proxy's recording, once every connection it relayed has closed:
/// each connection's requests in the order they were sent, connections in
/// the order they ended. For clients run one after another, each keeping
/// its requests on one connection, that is the order they were sent in.
pub fn recorded(proxy: &Proxy) -> Vec<Request> {
    assert!(
        proxy.wait_until_idle(Duration::from_secs(30)),
        "a connection through the proxy never ended"
    );
    proxy.recorded().iter().flat_map(|c| parse(c)).collect()
}
