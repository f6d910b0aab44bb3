//! `sanctuary report`: what a reporter does. Nothing is written to disk
//! unless the reporter asks (`--save-receipt`, `--save-attachments`).

pub(crate) mod check;
pub(crate) mod follow_up;
pub(crate) mod forget;
pub(crate) mod submit;

use std::io::Read;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::blocking::Body;
use sanctuary_crypto::api::Stored;
use sanctuary_crypto::message::{AttachmentRef, SealError};
use sanctuary_crypto::roster::VerifiedRoster;
use sanctuary_crypto::unit::UnitId;
use zeroize::Zeroizing;

use crate::attachments::{self, Prepared};
use crate::net::{Net, is_api_error, read_json};
use crate::options::{MessageSource, ServerOptions};
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
                    format!(
                        "Cannot read your message from {} (it must be a text file). Nothing was sent.",
                        path.display()
                    )
                })?;
            path.display().to_string()
        }
        MessageSource::Stdin => {
            std::io::stdin()
                .lock()
                .take(MAX_MESSAGE_INPUT + 1)
                .read_to_end(&mut bytes)
                .context("Cannot read your message from standard input. Nothing was sent.")?;
            "standard input".to_owned()
        }
    };
    if bytes.len() as u64 > MAX_MESSAGE_INPUT {
        bail!(
            "Your message is too long (more than 2 MiB). Shorten it, or attach it as a file. Nothing was sent."
        );
    }
    let text = String::from_utf8(std::mem::take(&mut *bytes)).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The rejected bytes are the message: wipe them too.
        drop(Zeroizing::new(e.into_bytes()));
        anyhow!(
            "The message is not UTF-8 text ({what}, byte {}); nothing was sent. \
             Save it as UTF-8 (most editors offer this under \"Save as\" or \"Encoding\") \
             and try again.",
            at + 1
        )
    })?;
    Ok(Some(Zeroizing::new(text)))
}

/// Says that plain http over a network is visible to the network.
pub(crate) fn warn_if_unencrypted(server: &ServerOptions) {
    if server.is_plain_http_over_network() {
        output::note(
            "Warning: this server address starts with http://, so your connection is not \
             protected. Your report stays encrypted, but anyone on the network can see that \
             you contacted this server. Prefer an https:// or .onion address.",
        );
    }
}

/// Fetches and verifies the roster, saying so to the reporter.
pub(crate) fn connect(net: &Net, unit: &UnitId) -> Result<VerifiedRoster> {
    let roster = rosters::fetch_verified(net, unit).map_err(|e| {
        if e.downcast_ref::<crate::net::Unreachable>().is_some() {
            // The cause first, then the reassurance.
            anyhow::anyhow!("{e:#} Nothing was sent.")
        } else {
            e
        }
    })?;
    output::note(&format!(
        "Connected to \"{}\": the server proved it belongs to this unit.",
        output::preview(&roster.document().name, 100)
    ));
    Ok(roster)
}

/// Why a message could not be sealed, for people.
pub(crate) fn seal_error(e: SealError) -> anyhow::Error {
    match e {
        SealError::TooLarge => anyhow!(
            "Your message is too long to send (at most about 1 MiB of text). Shorten it, or \
             put the rest in a file and attach it."
        ),
        other => anyhow!("Could not encrypt your message: {other}."),
    }
}

/// Uploads every prepared attachment, sealed to the roster's caseworkers.
pub(crate) fn upload_all(
    net: &Net,
    roster: &VerifiedRoster,
    prepared: &[Prepared],
) -> Result<Vec<AttachmentRef>> {
    let recipients = roster.document().recipients();
    prepared
        .iter()
        .map(|item| {
            output::note(&format!(
                "Sending {} as {} ({})…",
                item.path.display(),
                item.name,
                output::size(item.size)
            ));
            attachments::upload_public(net, item, &recipients, roster.version())
        })
        .collect()
}

/// Sends a message (with its attachments) built by `seal` from the current
/// roster; if the unit changes its roster meanwhile, fetches and verifies
/// the new one and seals everything again.
pub(crate) fn send_with_retries(
    net: &Net,
    unit: &UnitId,
    mut roster: VerifiedRoster,
    prepared: &[Prepared],
    seal: impl Fn(&VerifiedRoster, &[AttachmentRef]) -> Result<Vec<u8>>,
) -> Result<Stored> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let result = (|| {
            let refs = upload_all(net, &roster, prepared)?;
            let blob = seal(&roster, &refs)?;
            let response =
                net.post_blob("v1/messages", Body::from(blob), roster.version(), true)?;
            read_json::<Stored>(response, 4096)
        })();
        match result {
            Err(e) if is_api_error(&e, "roster_changed") && attempt < ROSTER_RETRIES => {
                output::note(
                    "The unit changed its list of caseworkers just now. Encrypting again for the new list…",
                );
                roster = rosters::fetch_verified(net, unit)?;
                let policy = &roster.document().policy;
                let paths: Vec<_> = prepared.iter().map(|p| p.path.clone()).collect();
                attachments::check_policy(&paths, policy)?;
                if let Some(big) = prepared
                    .iter()
                    .find(|p| p.size > policy.max_attachment_bytes)
                {
                    bail!(
                        "{} is too large for this unit: at most {} per file.",
                        big.path.display(),
                        output::size(policy.max_attachment_bytes)
                    );
                }
            }
            other => return other,
        }
    }
}
