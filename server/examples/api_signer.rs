//! A test unit for `scripts/schemathesis.sh`: enrolls a fresh server with a
//! roster of one caseworker (new keys, never saved), then signs caseworker
//! requests on demand so the HTTP fuzzer can reach the signed routes.
//!
//! ```text
//! api_signer http://127.0.0.1:PORT DATA_DIR
//! ```
//!
//! After enrolling it prints `enrolled` on standard output, then reads lines
//! `METHOD PATH_AND_QUERY BODY_SHA256_HEX` from standard input and answers
//! each with an `Authorization` header value on one line.

#![allow(clippy::print_stdout, reason = "its answers are its output")]

use std::io::{BufRead as _, Read as _, Write as _};
use std::net::TcpStream;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, bail};
use sanctuary_crypto::api::PublishRoster;
use sanctuary_crypto::caseworker::CaseworkerKey;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::request_auth::SignedRequest;
use sanctuary_crypto::roster::{Policy, ROSTER_TYPE, RosterDocument, SignedRoster};
use sanctuary_crypto::unit::UnitKey;
use sanctuary_server::ENROLLMENT_CODE_FILE;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, data_dir] = args.as_slice() else {
        bail!("usage: api_signer http://HOST:PORT DATA_DIR");
    };
    let host = url
        .strip_prefix("http://")
        .context("the URL must start with http://")?
        .trim_end_matches('/');
    let code = std::fs::read_to_string(std::path::Path::new(data_dir).join(ENROLLMENT_CODE_FILE))
        .context("no enrollment code: is the server new and running?")?;

    let unit = UnitKey::generate();
    let caseworker = CaseworkerKey::generate("fuzz".parse()?);
    let today = Day::today();
    let doc = RosterDocument {
        kind: ROSTER_TYPE.into(),
        version: 1,
        unit: unit.unit_id(),
        name: "Schemathesis unit".into(),
        issued: today.minus(1),
        expires: today.plus(30),
        caseworkers: vec![caseworker.card().into()],
        policy: Policy::default(),
        form: None,
    };
    let body = serde_json::to_vec(&PublishRoster {
        roster: SignedRoster::sign(&doc, &unit)?,
        enrollment_code: Some(code.trim().to_owned()),
    })?;
    let mut stream = TcpStream::connect(host)?;
    write!(
        stream,
        "PUT /v1/roster HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.1 200 ") {
        bail!("enrollment refused: {answer}");
    }

    let mut out = std::io::stdout().lock();
    writeln!(out, "enrolled")?;
    out.flush()?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let mut parts = line.split(' ');
        let (Some(method), Some(path), Some(sha)) = (parts.next(), parts.next(), parts.next())
        else {
            bail!("expected METHOD PATH SHA256HEX, got {line:?}");
        };
        let digest: [u8; 32] = hex::decode(sha)?
            .try_into()
            .map_err(|_| anyhow::anyhow!("the digest must be 32 bytes"))?;
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let auth = SignedRequest::sign(&caseworker, &unit.unit_id(), method, path, now, digest);
        writeln!(out, "{}", auth.to_header_value())?;
        out.flush()?;
    }
    Ok(())
}
