//! The commands. `run` converts the raw command line into each command's
//! validated options (`options`), then acts: no command sees a clap struct.

pub(crate) mod case;
pub(crate) mod caseworker;
pub(crate) mod manuals;
pub(crate) mod report;
pub(crate) mod unit;
pub(crate) mod web;

use anyhow::Result;

use crate::cli::{
    self, CaseCommand, CaseworkerCommand, Command, ReportCommand, UnitCommand, WebCommand,
};
use crate::i18n::t;
use crate::options::{
    self, CaseworkerInitOptions, CheckOptions, CloseOptions, DeleteSpamOptions,
    ExportIdentityOptions, ExportOptions, FollowUpOptions, ForgetOptions, ListOptions,
    PosterOptions, PublishOptions, ReplyOptions, SendOptions, ShareOptions, ShowOptions,
    SpamOptions, SubmitOptions, SyncOptions, UiOptions, UnitInitOptions, UpdateOptions,
    VerifyOptions,
};
use crate::{i18n, interrupt, receipt_input};

/// Validates the command line and runs the command.
pub(crate) fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        Command::Report(command) => run_report(&command),
        Command::Case(command) => run_case(&command),
        Command::Caseworker(command) => run_caseworker(&command),
        Command::Unit(command) => run_unit(&command),
        Command::Web(command) => run_web(&command),
        Command::Completions(a) => manuals::completions(a.shell),
        Command::Man(a) => manuals::man(&a.out),
    }
}

fn run_report(command: &ReportCommand) -> Result<()> {
    receipt_input::show_while_typing(options::show_receipt(command));
    // Chosen before the options are checked, so that their errors are in
    // the reporter's language too.
    i18n::choose(&options::report_language(command));
    interrupt::say(match command {
        ReportCommand::Submit(_) | ReportCommand::FollowUp(_) | ReportCommand::Send(_) => {
            t!("cancelled-nothing-sent")
        }
        ReportCommand::Check(_) => t!("stopped-check"),
        ReportCommand::Forget(_) => t!("cancelled-nothing-deleted"),
    });
    match command {
        ReportCommand::Submit(a) => report::submit::run(&SubmitOptions::from_args(a)?),
        ReportCommand::Check(a) => report::check::run(&CheckOptions::from_args(a)?),
        ReportCommand::FollowUp(a) => report::follow_up::run(&FollowUpOptions::from_args(a)?),
        ReportCommand::Forget(a) => report::forget::run(&ForgetOptions::from_args(a)?),
        ReportCommand::Send(a) => report::send::run(&SendOptions::from_args(a)?),
    }
}

fn run_case(command: &CaseCommand) -> Result<()> {
    interrupt::say(match command {
        CaseCommand::Sync(_) => {
            "The sync stopped. What it had already saved is kept: run `sanctuary case sync` \
             again to fetch the rest."
        }
        CaseCommand::Reply(_) => "Cancelled. Nothing was sent.",
        CaseCommand::DeleteSpam(_) => "Cancelled. Nothing was deleted.",
        CaseCommand::Share(_) => "Stopped. Nothing was shared.",
        CaseCommand::Ui(_) => {
            "Stopped. The inbox page no longer works; run `sanctuary case ui` again to \
             continue. Changes you made and did not sync are kept for your next sync."
        }
        _ => "Stopped.",
    });
    match command {
        CaseCommand::Sync(a) => case::sync::run(&SyncOptions::from_args(a)?),
        CaseCommand::List(a) => case::list::run(&ListOptions::from_args(a)?),
        CaseCommand::Show(a) => case::show::run(&ShowOptions::from_args(a)?),
        CaseCommand::Reply(a) => case::reply::run(&ReplyOptions::from_args(a)?),
        CaseCommand::Close(a) => case::close::run(&CloseOptions::from_args(a)?),
        CaseCommand::Status(a) => case::update::run(&UpdateOptions::status(a)?),
        CaseCommand::Assign(a) => case::update::run(&UpdateOptions::assign(a)?),
        CaseCommand::Label(a) => case::update::run(&UpdateOptions::label(a)?),
        CaseCommand::Note(a) => case::update::run(&UpdateOptions::note(a)?),
        CaseCommand::Share(a) => case::share::run(&ShareOptions::from_args(a)?),
        CaseCommand::Spam(a) => case::triage::spam(&SpamOptions::from_args(a)?),
        CaseCommand::DeleteSpam(a) => case::triage::delete_spam(&DeleteSpamOptions::from_args(a)?),
        CaseCommand::Export(a) => case::export::run(&ExportOptions::from_args(a)?),
        CaseCommand::Ui(a) => case::ui::run(&UiOptions::from_args(a)?),
    }
}

fn run_caseworker(command: &CaseworkerCommand) -> Result<()> {
    match command {
        CaseworkerCommand::Init(a) => caseworker::init(&CaseworkerInitOptions::from_args(a)?),
        CaseworkerCommand::Card(a) => caseworker::card(&options::key_file(a)?),
        CaseworkerCommand::AddPostQuantum(a) => {
            caseworker::add_post_quantum(&options::key_file(a)?)
        }
        CaseworkerCommand::ExportIdentity(a) => {
            caseworker::export_identity(&ExportIdentityOptions::from_args(a)?)
        }
    }
}

fn run_unit(command: &UnitCommand) -> Result<()> {
    match command {
        UnitCommand::Init(a) => unit::init(&UnitInitOptions::from_args(a)?),
        UnitCommand::Id(a) => unit::id(&a.key),
        UnitCommand::Publish(a) => unit::publish(&PublishOptions::from_args(a)?),
        UnitCommand::Poster(a) => unit::poster::run(&PosterOptions::from_args(a)?),
    }
}

fn run_web(command: &WebCommand) -> Result<()> {
    match command {
        WebCommand::Verify(a) => web::verify(&VerifyOptions::from_args(a)?),
        WebCommand::Hashes(a) => web::hashes(a.json),
    }
}
