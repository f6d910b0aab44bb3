//! The commands. `run` validates the raw command line into each command's
//! options, then acts.

pub(crate) mod case;
pub(crate) mod caseworker;
pub(crate) mod manuals;
pub(crate) mod report;
pub(crate) mod unit;
pub(crate) mod web;

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{
    self, CaseCommand, CaseworkerCommand, Command, ReportCommand, UnitCommand, WebCommand,
};
use crate::i18n::t;
use crate::options::{self, AttachOptions, MessageSource, ServerOptions};
use crate::{i18n, interrupt, store};

fn case_key(args: &cli::CaseKeyArgs) -> Result<case::CaseKeyOptions> {
    Ok(case::CaseKeyOptions {
        key: options::key_path(args.key.as_deref())?,
        store: match &args.store {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => store::default_dir()?,
        },
    })
}

/// Validates the command line and runs the command.
pub(crate) fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        Command::Report(command) => run_report(command),
        Command::Case(command) => run_case(command),
        Command::Caseworker(command) => run_caseworker(command),
        Command::Unit(command) => run_unit(command),
        Command::Web(command) => run_web(command),
        Command::Completions(a) => manuals::completions(a.shell),
        Command::Man(a) => manuals::man(&a.out),
    }
}

fn run_report(command: ReportCommand) -> Result<()> {
    if let ReportCommand::Check(cli::CheckArgs { receipt, .. })
    | ReportCommand::FollowUp(cli::FollowUpArgs { receipt, .. })
    | ReportCommand::Forget(cli::ForgetArgs { receipt, .. }) = &command
    {
        crate::receipt_input::show_while_typing(receipt.show_receipt);
    }
    let lang = match &command {
        ReportCommand::Submit(a) => &a.lang,
        ReportCommand::Check(a) => &a.lang,
        ReportCommand::FollowUp(a) => &a.lang,
        ReportCommand::Forget(a) => &a.lang,
        ReportCommand::Send(a) => &a.lang,
    };
    i18n::choose(&options::language(lang.lang.as_deref()));
    interrupt::say(match &command {
        ReportCommand::Submit(_) | ReportCommand::FollowUp(_) | ReportCommand::Send(_) => {
            t!("cancelled-nothing-sent")
        }
        ReportCommand::Check(_) => t!("stopped-check"),
        ReportCommand::Forget(_) => t!("cancelled-nothing-deleted"),
    });
    match command {
        ReportCommand::Submit(a) => {
            let options = report::submit::SubmitOptions {
                unit: options::unit_id(a.unit.unit.as_deref())?,
                server: ServerOptions::from_args(&a.server)?,
                message: MessageSource::from_args(&a.message),
                category: a.category,
                attach: AttachOptions::from_args(&a.attach)?,
                save_receipt: a.save_receipt,
                receipt_as: a.receipt_as,
                lang: options::language(a.lang.lang.as_deref()),
                json: a.json,
            };
            report::submit::run(&options)
        }
        ReportCommand::Check(a) => report::check::run(&report::check::CheckOptions {
            unit: options::unit_id(a.unit.unit.as_deref())?,
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file,
            save_attachments: a.save_attachments,
            json: a.json,
        }),
        ReportCommand::FollowUp(a) => report::follow_up::run(&report::follow_up::FollowUpOptions {
            unit: options::unit_id(a.unit.unit.as_deref())?,
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file,
            message: MessageSource::from_args(&a.message),
            attach: AttachOptions::from_args(&a.attach)?,
            lang: options::language(a.lang.lang.as_deref()),
        }),
        ReportCommand::Forget(a) => report::forget::run(&report::forget::ForgetOptions {
            server: ServerOptions::from_args(&a.server)?,
            receipt_file: a.receipt.receipt_file,
            yes: a.yes,
            lang: options::language(a.lang.lang.as_deref()),
        }),
        ReportCommand::Send(a) => report::send::run(&report::send::SendOptions {
            server: ServerOptions::from_args(&a.server)?,
            unit: a
                .unit
                .as_deref()
                .map(|u| options::unit_id(Some(u)))
                .transpose()?,
            file: a.file,
            lang: options::language(a.lang.lang.as_deref()),
        }),
    }
}

fn run_case(command: CaseCommand) -> Result<()> {
    interrupt::say(match &command {
        CaseCommand::Sync(_) => {
            "The sync stopped. What it had already saved is kept: run `sanctuary case sync` \
             again to fetch the rest."
        }
        CaseCommand::Reply(_) => "Cancelled. Nothing was sent.",
        CaseCommand::DeleteSpam(_) => "Cancelled. Nothing was deleted.",
        _ => "Stopped.",
    });
    match command {
        CaseCommand::Sync(a) => case::sync::run(&case::sync::SyncOptions {
            server: ServerOptions::from_args(&a.server)?,
            unit: a
                .unit
                .as_deref()
                .map(|u| options::unit_id(Some(u)))
                .transpose()?,
            key: case_key(&a.key)?,
        }),
        CaseCommand::List(a) => case::list::run(&case::list::ListOptions {
            key: case_key(&a.key)?,
            all: a.all,
            expand: a.expand,
            json: a.json,
        }),
        CaseCommand::Show(a) => case::show::run(&case::show::ShowOptions {
            id: options::thread_id(&a.id)?,
            key: case_key(&a.key)?,
            save_attachments: a.save_attachments,
            json: a.json,
        }),
        CaseCommand::Reply(a) => case::reply::run(&case::reply::ReplyOptions {
            id: options::thread_id(&a.id)?,
            server: ServerOptions::from_args(&a.server)?,
            key: case_key(&a.key)?,
            message: MessageSource::from_args(&a.message),
            attach: AttachOptions::from_args(&a.attach)?,
        }),
        CaseCommand::Close(a) => case::close::run(&case::close::CloseOptions {
            id: options::thread_id(&a.id)?,
            key: case_key(&a.key)?,
            delete_from_server: a.delete_from_server,
        }),
        CaseCommand::Spam(a) => case::triage::spam(&case::triage::SpamOptions {
            ids: a
                .ids
                .iter()
                .map(|id| options::thread_id(id))
                .collect::<Result<_>>()?,
            key: case_key(&a.key)?,
            similar: a.similar,
            undo: a.undo,
        }),
        CaseCommand::DeleteSpam(a) => case::triage::delete_spam(&case::triage::DeleteSpamOptions {
            key: case_key(&a.key)?,
            yes: a.yes,
        }),
        CaseCommand::Export(a) => case::export::run(&case::export::ExportOptions {
            id: options::thread_id(&a.id)?,
            key: case_key(&a.key)?,
            out: a.out,
        }),
    }
}

fn run_caseworker(command: CaseworkerCommand) -> Result<()> {
    match command {
        CaseworkerCommand::Init(a) => caseworker::init(&caseworker::InitOptions {
            label: options::label(&a.label)?,
            out: a.out,
        }),
        CaseworkerCommand::Card(a) => caseworker::card(&options::key_path(a.key.as_deref())?),
        CaseworkerCommand::AddPostQuantum(a) => {
            caseworker::add_post_quantum(&options::key_path(a.key.as_deref())?)
        }
        CaseworkerCommand::ExportIdentity(a) => {
            caseworker::export_identity(&options::key_path(a.key.key.as_deref())?, a.post_quantum)
        }
    }
}

fn run_unit(command: UnitCommand) -> Result<()> {
    match command {
        UnitCommand::Init(a) => unit::init(&unit::InitOptions {
            name: unit::validate_name(a.name.as_deref().unwrap_or(unit::DEFAULT_UNIT_NAME))?,
            out: a.out,
        }),
        UnitCommand::Id(a) => unit::id(&a.key),
        UnitCommand::Publish(a) => {
            if a.expires_in_days == 0 {
                anyhow::bail!("--expires-in-days must be at least 1.");
            }
            unit::publish(&unit::PublishOptions {
                server: ServerOptions::from_args(&a.server)?,
                caseworkers: if a.keep_caseworkers {
                    unit::Caseworkers::Keep
                } else {
                    unit::Caseworkers::Cards(options::cards(&a.caseworkers, &a.caseworker_files)?)
                },
                post_quantum: a.post_quantum.map(options::post_quantum),
                enroll: a.enroll.map(|c| c.trim().to_owned()),
                retention_days: a.retention_days,
                expires_in_days: a.expires_in_days,
                form: a.form.as_deref().map(unit::read_form).transpose()?,
                key: a.key,
            })
        }
        UnitCommand::Poster(a) => unit::poster::run(&unit::poster::PosterOptions {
            unit: match (a.key, a.unit) {
                (Some(key), _) => unit::poster::PosterUnit::KeyFile(key),
                (None, unit) => unit::poster::PosterUnit::Id(options::unit_id(unit.as_deref())?),
            },
            server: options::poster_server_url(a.server.as_deref())?,
            svg: a.svg,
            force: a.force,
            json: a.json,
        }),
    }
}

fn run_web(command: WebCommand) -> Result<()> {
    match command {
        WebCommand::Verify(a) => web::verify(&web::VerifyOptions {
            server: ServerOptions::from_args(&a.server)?,
            json: a.json,
        }),
        WebCommand::Hashes(a) => web::hashes(a.json),
    }
}
