//! The options of `sanctuary report …`, from their raw arguments.

use std::path::PathBuf;

use anyhow::Result;
use sanctuary_crypto::unit::UnitId;

pub(crate) use crate::cli::ReceiptAs;
use crate::cli::{self, ReportCommand};

use super::{AttachOptions, MessageSource, ServerOptions, language, unit_id};

/// The reporter's language for any `report` command: `--lang`, else the
/// locale, else English.
pub(crate) fn report_language(command: &ReportCommand) -> String {
    let lang = match command {
        ReportCommand::Submit(a) => &a.lang,
        ReportCommand::Check(a) => &a.lang,
        ReportCommand::FollowUp(a) => &a.lang,
        ReportCommand::Forget(a) => &a.lang,
        ReportCommand::Send(a) => &a.lang,
    };
    language(lang.lang.as_deref())
}

/// Whether the receipt shows while it is typed (`--show-receipt`); false
/// for the commands that read no receipt.
pub(crate) fn show_receipt(command: &ReportCommand) -> bool {
    match command {
        ReportCommand::Check(cli::CheckArgs { receipt, .. })
        | ReportCommand::FollowUp(cli::FollowUpArgs { receipt, .. })
        | ReportCommand::Forget(cli::ForgetArgs { receipt, .. }) => receipt.show_receipt,
        ReportCommand::Submit(_) | ReportCommand::Send(_) => false,
    }
}

/// Options of `report submit`.
pub(crate) struct SubmitOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit the report is for.
    pub(crate) unit: UnitId,
    /// Where the text comes from.
    pub(crate) message: MessageSource,
    /// `--category`.
    pub(crate) category: Option<String>,
    /// Files.
    pub(crate) attach: AttachOptions,
    /// `--save-receipt`.
    pub(crate) save_receipt: Option<PathBuf>,
    /// `--receipt-as`: how the receipt is shown and saved.
    pub(crate) receipt_as: ReceiptAs,
    /// Language for the form.
    pub(crate) lang: String,
    /// `--json`.
    pub(crate) json: bool,
}

impl SubmitOptions {
    /// Checks the unit, the server, then the files.
    pub(crate) fn from_args(a: &cli::SubmitArgs) -> Result<Self> {
        Ok(Self {
            unit: unit_id(a.unit.unit.as_deref())?,
            server: ServerOptions::from_args(&a.server)?,
            message: MessageSource::from_args(&a.message),
            category: a.category.clone(),
            attach: AttachOptions::from_args(&a.attach)?,
            save_receipt: a.save_receipt.clone(),
            receipt_as: a.receipt_as,
            lang: language(a.lang.lang.as_deref()),
            json: a.json,
        })
    }
}

/// Options of `report check`.
pub(crate) struct CheckOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit.
    pub(crate) unit: UnitId,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// `--save-attachments`.
    pub(crate) save_attachments: Option<PathBuf>,
    /// `--json`.
    pub(crate) json: bool,
}

impl CheckOptions {
    /// Checks the unit, then the server.
    pub(crate) fn from_args(a: &cli::CheckArgs) -> Result<Self> {
        Ok(Self {
            unit: unit_id(a.unit.unit.as_deref())?,
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file.clone(),
            save_attachments: a.save_attachments.clone(),
            json: a.json,
        })
    }
}

/// Options of `report follow-up`.
pub(crate) struct FollowUpOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// The unit.
    pub(crate) unit: UnitId,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// Where the text comes from.
    pub(crate) message: MessageSource,
    /// Files.
    pub(crate) attach: AttachOptions,
    /// The reporter's language, for yes and no.
    pub(crate) lang: String,
}

impl FollowUpOptions {
    /// Checks the unit, the server, then the files.
    pub(crate) fn from_args(a: &cli::FollowUpArgs) -> Result<Self> {
        Ok(Self {
            unit: unit_id(a.unit.unit.as_deref())?,
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file.clone(),
            message: MessageSource::from_args(&a.message),
            attach: AttachOptions::from_args(&a.attach)?,
            lang: language(a.lang.lang.as_deref()),
        })
    }
}

/// Options of `report forget`.
pub(crate) struct ForgetOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// `--receipt-file`.
    pub(crate) receipt_file: Option<PathBuf>,
    /// `--yes`.
    pub(crate) yes: bool,
    /// The reporter's language, for yes and no.
    pub(crate) lang: String,
}

impl ForgetOptions {
    /// Checks the server (`--unit` is accepted and not needed).
    pub(crate) fn from_args(a: &cli::ForgetArgs) -> Result<Self> {
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file.clone(),
            yes: a.yes,
            lang: language(a.lang.lang.as_deref()),
        })
    }
}

/// Options of `report send`.
pub(crate) struct SendOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// `--unit`, if given: must match the file's.
    pub(crate) unit: Option<UnitId>,
    /// The file.
    pub(crate) file: PathBuf,
    /// The language for yes and no.
    pub(crate) lang: String,
}

impl SendOptions {
    /// Checks the server, then the unit if one is given.
    pub(crate) fn from_args(a: &cli::SendArgs) -> Result<Self> {
        Ok(Self {
            server: ServerOptions::from_args(&a.server)?,
            unit: a.unit.as_deref().map(|u| unit_id(Some(u))).transpose()?,
            file: a.file.clone(),
            lang: language(a.lang.lang.as_deref()),
        })
    }
}
