//! `sanctuary report`: what a reporter does. Nothing is written to disk
//! unless the reporter asks (`--save-receipt`, `--save-attachments`).

pub(crate) mod check;
pub(crate) mod follow_up;
pub(crate) mod forget;
pub(crate) mod send;
pub(crate) mod submit;

use std::io::Read;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::blocking::Body;
use sanctuary_crypto::api::{ErrorCode, Stored};
use sanctuary_crypto::message::{AttachmentRef, SealError};
use sanctuary_crypto::pow::{self, Kind};
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::unit::UnitId;
use zeroize::Zeroizing;

use crate::attachments::{self, Prepared};
use crate::i18n::t;
use crate::net::{ApiError, Net, is_api_error, read_json};
use crate::options::{MessageSource, ServerOptions};
use crate::prompt::{self, Lines};
use crate::{output, rosters};

/// Longest message text read from a file or standard input.
const MAX_MESSAGE_INPUT: u64 = 2 * 1024 * 1024;

/// How many times a message is sealed again when the unit's roster changes
/// while it is being sent.
const ROSTER_RETRIES: usize = 3;

/// Reads the message text from its source; `None` when no flag was given.
///
/// Standard input is read once, to its end, as bytes; text that is not
/// UTF-8 (a Latin-1 file, say) is refused with a clear error rather than
/// guessed at.
pub(crate) fn read_message(source: &MessageSource) -> Result<Option<Zeroizing<String>>> {
    let mut bytes = Zeroizing::new(Vec::new());
    let what = match source {
        MessageSource::None => return Ok(None),
        MessageSource::Text(t) => return Ok(Some(Zeroizing::new(t.clone()))),
        MessageSource::File(path) => {
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_MESSAGE_INPUT + 1).read_to_end(&mut bytes))
                .with_context(|| {
                    t!("message-file-unreadable", path = path.display().to_string())
                })?;
            path.display().to_string()
        }
        MessageSource::Editor => {
            bytes = crate::editor::compose(MAX_MESSAGE_INPUT)?;
            t!("your-editor")
        }
        MessageSource::Stdin => {
            std::io::stdin()
                .lock()
                .take(MAX_MESSAGE_INPUT + 1)
                .read_to_end(&mut bytes)
                .with_context(|| t!("message-stdin-unreadable"))?;
            t!("standard-input")
        }
    };
    if bytes.len() as u64 > MAX_MESSAGE_INPUT {
        bail!(t!("message-input-too-long"));
    }
    let text = String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The rejected bytes are the message: wipe them too.
        drop(Zeroizing::new(e.into_bytes()));
        anyhow!(t!("message-not-utf8", what = what.clone(), at = at + 1))
    })?;
    Ok(Some(Zeroizing::new(text)))
}

/// Says that plain http over a network is visible to the network.
pub(crate) fn warn_if_unencrypted(server: &ServerOptions) {
    if server.is_plain_http_over_network() {
        output::note(&t!("plain-http-warning"));
    }
}

/// Fetches and verifies the roster, saying so to the reporter.
pub(crate) fn connect(net: &Net, unit: &UnitId) -> Result<VerifiedRoster> {
    let roster = rosters::fetch_verified(net, unit).map_err(|e| {
        if e.downcast_ref::<crate::net::Unreachable>().is_some() {
            // The cause first, then the reassurance.
            anyhow::anyhow!("{e:#} {}", t!("nothing-sent"))
        } else {
            e
        }
    })?;
    output::note(&t!(
        "connected",
        name = output::preview(&roster.document().name, 100)
    ));
    Ok(roster)
}

/// Why a message could not be sealed, for people.
pub(crate) fn seal_error(e: SealError) -> anyhow::Error {
    match e {
        SealError::TooLarge => anyhow!(t!("message-too-long")),
        other => anyhow!(t!("message-not-encrypted", detail = other.to_string())),
    }
}

/// How many times a failed connection is retried before the person is
/// asked (or, without a terminal, before giving up), and how long to wait
/// before each retry.
const NETWORK_RETRY_WAITS: [Duration; 2] = [Duration::from_secs(2), Duration::from_secs(5)];

/// A message sealed for the unit's roster and not yet delivered: what
/// `report send` can deliver later. Only ciphertext; `Debug` shows its
/// size only.
pub(crate) struct Sealed {
    /// The roster version it was sealed for.
    pub(crate) roster_version: u64,
    /// The age file.
    pub(crate) blob: Vec<u8>,
}

impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sealed({} bytes)", self.blob.len())
    }
}

/// Sending failed for a reason that may pass (the network, a busy server),
/// and the person stopped trying. Holds the sealed message if sealing was
/// reached, so that it can be kept for later.
#[derive(Debug, thiserror::Error)]
#[error("{cause:#}")]
pub(crate) struct GaveUp {
    /// What failed last.
    pub(crate) cause: anyhow::Error,
    /// The sealed message, if its attachments were all uploaded.
    pub(crate) sealed: Option<Sealed>,
}

/// Whether `err` may pass if tried again: the server could not be reached,
/// or answered that it is busy or failing (but not that it is full).
pub(crate) fn is_transient(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<crate::net::Unreachable>().is_some()
            || e.downcast_ref::<ApiError>().is_some_and(|a| {
                // A full disk or a day's quota of files does not pass
                // in seconds.
                // A dropped connection's upload the server has not
                // let go of yet (`docs/protocol.md` §7.1).
                a.is(ErrorCode::Overloaded)
                    || a.is(ErrorCode::UploadBusy)
                    || (a.status >= 500
                        && !a.is(ErrorCode::StorageFull)
                        && !a.is(ErrorCode::AttachmentQuota))
            })
    })
}

/// Decides, after a failure that may pass, whether to try again: first
/// by itself after a short wait, then by asking at the terminal (if there
/// is one).
pub(crate) struct Retry<'a> {
    /// Where to ask, if anywhere.
    pub(crate) ask: Option<&'a mut dyn Lines>,
    /// The reporter's language, for yes and no.
    pub(crate) lang: &'a str,
    /// Failures so far.
    failures: usize,
}

impl<'a> Retry<'a> {
    /// Retries in `lang`, asking at `ask` once the automatic ones are used.
    pub(crate) fn new(ask: Option<&'a mut dyn Lines>, lang: &'a str) -> Self {
        Self {
            ask,
            lang,
            failures: 0,
        }
    }

    /// Whether to try again after `err`.
    pub(crate) fn again(&mut self, err: &anyhow::Error) -> Result<bool> {
        if !is_transient(err) {
            return Ok(false);
        }
        if let Some(wait) = NETWORK_RETRY_WAITS.get(self.failures) {
            self.failures += 1;
            output::note(&format!(
                "{err:#}\n{}",
                t!("retry-in", seconds = wait.as_secs())
            ));
            std::thread::sleep(*wait);
            return Ok(true);
        }
        let Some(ask) = self.ask.as_deref_mut() else {
            return Ok(false);
        };
        output::note(&format!("{err:#}"));
        let again = prompt::confirm(&t!("retry-ask"), self.lang, ask)?;
        if again {
            self.failures = 0;
        }
        Ok(again)
    }
}

/// Sends a message (with its attachments) built by `seal` from the current
/// roster. A failed connection is retried (see [`Retry`]); attachments
/// already uploaded are not sent again, nor is the message sealed again.
/// If the unit changes its roster meanwhile, fetches and verifies the new
/// one and seals everything again.
///
/// When the person stops trying, the error is a [`GaveUp`] holding the
/// sealed message (if sealing was reached), so that it can be kept.
pub(crate) fn send_with_retries(
    net: &Net,
    unit: &UnitId,
    mut roster: VerifiedRoster,
    prepared: &[Prepared],
    retry: &mut Retry<'_>,
    seal: impl Fn(&VerifiedRoster, &[AttachmentRef]) -> Result<Vec<u8>>,
) -> Result<Stored> {
    let mut roster_changes = 0;
    let mut refs: Vec<AttachmentRef> = Vec::new();
    let mut sealed: Option<Sealed> = None;
    loop {
        let result = deliver(net, unit, &roster, prepared, &mut refs, &mut sealed, &seal);
        match result {
            Ok(stored) => {
                crate::interrupt::say(t!("stopped-delivered"));
                return Ok(stored);
            }
            Err(e)
                if is_api_error(&e, ErrorCode::RosterChanged)
                    && roster_changes + 1 < ROSTER_RETRIES =>
            {
                roster_changes += 1;
                output::note(&t!("roster-changed-resealing"));
                roster = rosters::fetch_verified(net, unit)?;
                refs.clear();
                sealed = None;
                let policy = &roster.document().policy;
                let paths: Vec<_> = prepared.iter().map(|p| p.path.clone()).collect();
                attachments::check_policy(&paths, policy)?;
                if let Some(big) = prepared
                    .iter()
                    .find(|p| p.size > policy.max_attachment_bytes)
                {
                    bail!(t!(
                        "file-too-large-now",
                        path = big.path.display().to_string(),
                        max = output::size(policy.max_attachment_bytes)
                    ));
                }
            }
            Err(e) if is_transient(&e) => {
                if !retry.again(&e)? {
                    return Err(GaveUp { cause: e, sealed }.into());
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// One attempt: uploads the attachments not yet uploaded, seals the message
/// once, and posts it.
fn deliver(
    net: &Net,
    unit: &UnitId,
    roster: &VerifiedRoster,
    prepared: &[Prepared],
    refs: &mut Vec<AttachmentRef>,
    sealed: &mut Option<Sealed>,
    seal: &impl Fn(&VerifiedRoster, &[AttachmentRef]) -> Result<Vec<u8>>,
) -> Result<Stored> {
    let recipients = roster.document().recipients();
    crate::interrupt::say(t!("stopped-sending"));
    for item in prepared.iter().skip(refs.len()) {
        output::note(&t!(
            "sending-file",
            path = item.path.display().to_string(),
            name = item.name.clone(),
            size = output::size(item.size)
        ));
        refs.push(attachments::upload_public(
            net,
            item,
            &recipients,
            unit,
            roster.version(),
        )?);
    }
    let sealed = match sealed {
        Some(sealed) => sealed,
        None => sealed.insert(Sealed {
            roster_version: roster.version(),
            blob: seal(roster, refs)?,
        }),
    };
    post_sealed(net, sealed)
}

/// Posts a sealed message, with a proof of work solved for it.
pub(crate) fn post_sealed(net: &Net, sealed: &Sealed) -> Result<Stored> {
    let response = net.post_proven(
        Kind::Message,
        sealed.blob.len() as u64,
        &pow::binding(&sealed.blob),
        sealed.roster_version,
        None,
        || Ok(Body::from(sealed.blob.clone())),
    )?;
    read_json::<Stored>(response, 4096)
}
