//! Keeping a sealed message that could not be delivered, and `sanctuary
//! report send FILE`, which delivers it later.
//!
//! The file holds only what the server would have received: the message
//! sealed to the unit's caseworkers, the unit's ID and the roster version it
//! was sealed for. Never the text.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use sanctuary_crypto::api::{Base64Bytes, ErrorCode};
use sanctuary_crypto::unit::UnitId;
use serde::{Deserialize, Serialize};

use sanctuary_crypto::message::AttachmentRef;
use sanctuary_crypto::roster::VerifiedRoster;

use super::{
    GaveUp, Retry, Sealed, connect, is_transient, post_sealed, send_with_retries,
    warn_if_unencrypted,
};
use crate::attachments::Prepared;
use crate::i18n::t;
use crate::net::{Net, is_api_error};
use crate::options::SendOptions;
use crate::prompt::{self, Lines, Terminal};
use crate::{output, secrets};

/// The `format` of an unsent-message file.
const FORMAT: &str = "sanctuary-unsent-v1";

/// Largest unsent-message file read (a sealed message is at most about
/// 1 MiB, written as base64).
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// What the message is, so that `report send` can say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Kind {
    /// A new report.
    Report,
    /// A follow-up to a report.
    FollowUp,
}

impl Kind {
    /// The kind, for [`t!`] selectors.
    fn key(self) -> &'static str {
        match self {
            Self::Report => "report",
            Self::FollowUp => "follow-up",
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsentFile {
    format: String,
    kind: Kind,
    unit: UnitId,
    roster_version: u64,
    message: Base64Bytes,
}

/// After a failed send: if the person gave up after network failures, a
/// message was sealed, and there is a terminal to ask at, offers to keep
/// the sealed message in a file for `report send`. Returns the file it was
/// kept in; otherwise `err` (the caller says that nothing was sent).
pub(crate) fn offer_to_keep(
    err: anyhow::Error,
    kind: Kind,
    unit: &UnitId,
    input: Option<&mut dyn Lines>,
    lang: &str,
) -> Result<PathBuf> {
    let Some(input) = input else {
        return Err(err);
    };
    let sealed = match err.downcast_ref::<GaveUp>() {
        Some(GaveUp {
            sealed: Some(sealed),
            ..
        }) => sealed,
        _ => return Err(err),
    };
    output::note(&t!("keep-offer", kind = kind.key()));
    if !prompt::confirm(&t!("keep-confirm"), lang, input)? {
        return Err(err);
    }
    let file = UnsentFile {
        format: FORMAT.to_owned(),
        kind,
        unit: *unit,
        roster_version: sealed.roster_version,
        message: Base64Bytes(sealed.blob.clone()),
    };
    let json = serde_json::to_vec(&file).context("Could not write the file.")?;
    loop {
        output::note(&t!("keep-file-name"));
        let Some(name) = input.line()? else {
            return Err(err);
        };
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let path = PathBuf::from(name);
        match secrets::write_private_new(&path, &json) {
            Ok(()) => return Ok(path),
            Err(e) => output::note(&format!("{e:#}")),
        }
    }
}

/// Where a message went.
pub(crate) enum Outcome {
    /// The server has it.
    Sent,
    /// It is kept, sealed, in this file for `report send`.
    Kept(PathBuf),
}

/// Sends the message `seal` builds (see [`send_with_retries`]), asking at
/// `terminal` whether to try again after network failures; if the person
/// gives up, offers to keep it ([`offer_to_keep`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn send_or_keep(
    net: &Net,
    unit: &UnitId,
    roster: VerifiedRoster,
    prepared: &[Prepared],
    mut terminal: Option<&mut Terminal>,
    lang: &str,
    kind: Kind,
    seal: impl Fn(&VerifiedRoster, &[AttachmentRef]) -> Result<Vec<u8>>,
) -> Result<Outcome> {
    let mut retry = Retry::new(terminal.as_deref_mut().map(|t| t as &mut dyn Lines), lang);
    let Err(e) = send_with_retries(net, unit, roster, prepared, &mut retry, seal) else {
        return Ok(Outcome::Sent);
    };
    let not_sent = match kind {
        Kind::Report => t!("report-not-sent"),
        Kind::FollowUp => t!("follow-up-not-sent"),
    };
    offer_to_keep(e, kind, unit, terminal.map(|t| t as &mut dyn Lines), lang)
        .map(Outcome::Kept)
        .map_err(|e| e.context(not_sent))
}

fn read_file(path: &Path) -> Result<UnsentFile> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes))
        .with_context(|| t!("send-cannot-read", path = path.display().to_string()))?;
    let not_ours = || anyhow!(t!("send-not-ours", path = path.display().to_string()));
    if bytes.len() as u64 > MAX_FILE {
        return Err(not_ours());
    }
    let file: UnsentFile = serde_json::from_slice(&bytes).map_err(|_| not_ours())?;
    if file.format != FORMAT {
        return Err(not_ours());
    }
    Ok(file)
}

/// `sanctuary report send FILE`.
pub(crate) fn run(options: &SendOptions) -> Result<()> {
    let file = read_file(&options.file)?;
    if let Some(unit) = options.unit
        && unit != file.unit
    {
        bail!(t!(
            "send-other-unit",
            path = options.file.display().to_string(),
            unit = file.unit.to_string(),
            given = unit.to_string()
        ));
    }
    let kind = file.kind.key();
    warn_if_unencrypted(&options.server);
    let net = Net::new(&options.server)?;
    let roster = connect(&net, &file.unit)?;
    if roster.version() != file.roster_version {
        bail!(t!("send-roster-changed", kind = kind));
    }
    let sealed = Sealed {
        roster_version: file.roster_version,
        blob: file.message.0,
    };
    let mut terminal = prompt::terminal_if(output::stdin_is_terminal())?;
    let mut retry = Retry::new(
        terminal.as_mut().map(|t| t as &mut dyn Lines),
        &options.lang,
    );
    loop {
        match post_sealed(&net, &sealed) {
            Ok(_) => break,
            Err(e) if is_api_error(&e, ErrorCode::RosterChanged) => {
                bail!(t!("send-roster-changed-now", kind = kind))
            }
            Err(e) if is_transient(&e) && retry.again(&e)? => {}
            Err(e) => {
                return Err(e.context(t!(
                    "send-failed",
                    kind = kind,
                    path = options.file.display().to_string()
                )));
            }
        }
    }
    let removed = std::fs::remove_file(&options.file).is_ok();
    output::line(&t!("send-done", kind = kind))?;
    let path = options.file.display().to_string();
    output::note(&if removed {
        t!("send-deleted", path = path)
    } else {
        t!("send-delete-it", path = path)
    });
    if file.kind == Kind::Report {
        output::note(&t!(
            "send-how-to-check",
            command = format!(
                "  sanctuary report check {}--unit {}",
                options.server.flags(),
                file.unit
            )
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn files_that_are_not_unsent_messages_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        for bad in [
            &b"hello"[..],
            br#"{"format":"other","kind":"report","unit":"x","roster_version":1,"message":""}"#,
        ] {
            std::fs::write(&path, bad).unwrap();
            let err = read_file(&path).err().unwrap().to_string();
            assert!(err.contains("is not a report kept"), "{err}");
        }
    }
}
