//! Validated options: what the commands take once the raw command line
//! (`cli`) has been checked. This module is the one place that turns a
//! clap struct into a command's options, `XOptions::from_args(&cli::XArgs)`;
//! `commands::run` converts, then dispatches. Every error here says what is
//! wrong and how to fix it.
//!
//! - `server`: the server's address and the proxy.
//! - `values`: what several commands share (unit ID, key file, thread ID,
//!   language, message, attachments).
//! - `report`, `case`, `admin`: each command's options.

mod admin;
mod case;
mod report;
mod server;
mod values;

pub(crate) use admin::{
    CaseworkerInitOptions, Caseworkers, ExportIdentityOptions, PosterOptions, PosterUnit,
    PublishOptions, UnitInitOptions, VerifyOptions, key_file,
};
pub(crate) use case::{
    Assignment, CaseKeyOptions, CloseOptions, DeleteSpamOptions, ExportOptions, ListOptions,
    ReplyOptions, ShareOptions, ShowOptions, SpamOptions, SyncOptions, UiOptions, Update,
    UpdateOptions, case_label, search_words,
};
pub(crate) use report::{
    CheckOptions, FollowUpOptions, ForgetOptions, ReceiptAs, SendOptions, SubmitOptions,
    report_language, show_receipt,
};
pub(crate) use server::{ServerOptions, plain_http_over_network, poster_server_url};
pub(crate) use values::{AttachOptions, MessageSource, key_path, language, thread_id, unit_id};
