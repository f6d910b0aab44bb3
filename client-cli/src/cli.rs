//! The raw command line, exactly as clap parses it. Nothing here is
//! validated beyond clap's own checks: the `options` module turns these into
//! the typed options the commands take.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

/// The whole command line.
#[derive(Debug, Parser)]
#[command(
    name = "sanctuary",
    version,
    about = "Report a crime anonymously, and answer reports as a police unit.",
    long_about = "Report a crime anonymously, and answer reports as a police unit.\n\n\
        Reporters use `sanctuary report`. Caseworkers use `sanctuary case` and \
        `sanctuary caseworker`. Unit admins use `sanctuary unit`. Anyone can \
        check a server's reporter page with `sanctuary web verify`.\n\n\
        Everything you send is encrypted on this computer before it leaves; the \
        server only stores encrypted data it cannot read.",
    after_help = "Run `sanctuary <COMMAND> --help` to learn more about a command.",
    disable_help_subcommand = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The command groups.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// For reporters: send a report, read replies, follow up, forget.
    #[command(subcommand)]
    Report(ReportCommand),
    /// For caseworkers: download reports, read them, reply, close, export.
    #[command(subcommand)]
    Case(CaseCommand),
    /// For caseworkers: create your key and show your card.
    #[command(subcommand)]
    Caseworker(CaseworkerCommand),
    /// For unit admins: create the unit key, publish the roster, print posters.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// For anyone: check that a server serves the reviewed reporter page.
    #[command(subcommand)]
    Web(WebCommand),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    #[command(
        long_about = "Print shell completions for bash, zsh, fish, elvish or PowerShell.\n\n\
        For example, for bash:\n  \
        sanctuary completions bash > ~/.local/share/bash-completion/completions/sanctuary\n\n\
        Completions list commands and options only; they never read your keys, \
        stores or receipts."
    )]
    Completions(CompletionsArgs),
    /// Write the manual pages (one per command) into a folder.
    #[command(
        long_about = "Write the manual pages, one per command, into a folder.\n\n\
        For example:\n  \
        sanctuary man --out ~/.local/share/man/man1 && man sanctuary-report-submit"
    )]
    Man(ManArgs),
}

/// `completions`.
#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL", value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

/// `man`.
#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The folder to write the pages into (created if missing). Existing
    /// pages of the same names are replaced.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
}

/// The server to talk to, and how.
#[derive(Debug, Args)]
pub(crate) struct ServerArgs {
    /// The server's address, e.g. https://report.example.org or http://xyz….onion
    #[arg(
        long,
        env = "SANCTUARY_SERVER",
        value_name = "URL",
        hide_env_values = true
    )]
    pub(crate) server: Option<String>,
    /// Send all traffic through this SOCKS proxy, e.g. socks5h://127.0.0.1:9150
    /// (Tor Browser) or socks5h://127.0.0.1:9050 (tor). Needed for .onion servers.
    /// Only socks5h:// is accepted, so that the proxy looks up the server's name.
    /// Each run gets its own Tor circuit.
    #[arg(
        long,
        env = "SANCTUARY_PROXY",
        value_name = "URL",
        hide_env_values = true
    )]
    pub(crate) proxy: Option<String>,
}

/// The unit a reporter writes to.
#[derive(Debug, Args)]
pub(crate) struct UnitArg {
    /// The unit's ID (starts with `sanctuary1`), exactly as the unit published it.
    #[arg(
        long,
        env = "SANCTUARY_UNIT",
        value_name = "UNIT_ID",
        hide_env_values = true
    )]
    pub(crate) unit: Option<String>,
}

/// What a message says.
#[derive(Debug, Args)]
pub(crate) struct MessageArgs {
    /// The message text.
    #[arg(long, value_name = "TEXT", conflicts_with = "message_file")]
    pub(crate) message: Option<String>,
    /// Read the message text from this file (UTF-8). `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub(crate) message_file: Option<PathBuf>,
    /// Write the message in your text editor ($VISUAL or $EDITOR, else vi).
    /// While it is open the text is in a private temporary file, wiped and
    /// deleted when the editor closes (the editor itself may keep backups).
    #[arg(long, conflicts_with_all = ["message", "message_file"])]
    pub(crate) editor: bool,
}

/// Files sent with a message.
#[derive(Debug, Args)]
pub(crate) struct AttachArgs {
    /// Attach this file. Repeat to attach several.
    #[arg(long, value_name = "FILE")]
    pub(crate) attach: Vec<PathBuf>,
    /// Send files with their hidden information (location, device, author…)
    /// unchanged. Use this only if that information is evidence.
    #[arg(long)]
    pub(crate) keep_metadata: bool,
    /// Send the files' real names. By default they are sent as
    /// attachment-1.jpg, attachment-2.pdf…, because a name can identify you.
    #[arg(long)]
    pub(crate) keep_names: bool,
}

/// Where the receipt comes from.
#[derive(Debug, Args)]
pub(crate) struct ReceiptArgs {
    /// Read your receipt (its 12 words, or its 8 groups of numbers) from this
    /// file. Without it, the receipt is read from standard input, or asked
    /// for (hidden) on a terminal.
    #[arg(long, value_name = "FILE")]
    pub(crate) receipt_file: Option<PathBuf>,
    /// Show your receipt while you type it, if you need to see what you
    /// type. Anyone who can see your screen can see it too.
    #[arg(long)]
    pub(crate) show_receipt: bool,
}

/// Reporter commands.
#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// Send a new report. Prints a receipt: your only way back to it.
    #[command(long_about = "Send a new report to a unit.\n\n\
        Without --message or --message-file, and on a terminal, you are asked \
        the unit's questions and then for your description.\n\n\
        Your files are checked for hidden information (such as where a photo \
        was taken), and it is removed unless you use --keep-metadata.\n\n\
        At the end you get a receipt: 12 words, or with --receipt-as digits 8 \
        groups of 6 numbers. Write it down and keep it \
        secret: it is the only way to read replies or add to your report. \
        Nobody can recover it for you. Nothing is written to this computer \
        unless you use --save-receipt.")]
    Submit(SubmitArgs),
    /// Read the unit's replies to your report.
    Check(CheckArgs),
    /// Add a message or files to your report.
    #[command(long_about = "Add a message or files to your report.\n\n\
        Without --message or --message-file, and on a terminal, you are asked \
        for your message. Your receipt is asked for (hidden) unless you give \
        --receipt-file.")]
    FollowUp(FollowUpArgs),
    /// Send a report or follow-up that was kept in a file because the
    /// connection failed.
    #[command(long_about = "Send a report or follow-up that was kept in a file.\n\n\
        When the connection fails while sending, `report submit` and \
        `report follow-up` offer to keep the encrypted message in a file. \
        This command sends it, and deletes the file once the server has it. \
        If the unit has changed its list of caseworkers in the meantime, the \
        message cannot be delivered and must be written again.")]
    Send(SendArgs),
    /// Delete the replies to your report from the server, for good.
    #[command(
        long_about = "Delete your mailbox (the unit's replies to you) from the server.\n\n\
        After this, you cannot read replies any more, and the unit cannot send \
        you new ones. Your report itself stays with the unit."
    )]
    Forget(ForgetArgs),
}

/// `report submit`.
#[derive(Debug, Args)]
pub(crate) struct SubmitArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) unit: UnitArg,
    #[command(flatten)]
    pub(crate) message: MessageArgs,
    /// The kind of crime, one of the unit's categories (see the questions
    /// asked without --message).
    #[arg(long, value_name = "C")]
    pub(crate) category: Option<String>,
    #[command(flatten)]
    pub(crate) attach: AttachArgs,
    /// Also write the receipt to this file. Only do this if the file is
    /// somewhere safe: anyone who finds it can read the replies to you.
    #[arg(long, value_name = "FILE")]
    pub(crate) save_receipt: Option<PathBuf>,
    /// How your receipt is shown (and saved): as 12 English words, or as 8
    /// groups of 6 numbers, easier to copy if you do not read English.
    /// Either form works to read replies later.
    #[arg(long, value_name = "FORM", value_enum, default_value_t = ReceiptAs::Words)]
    pub(crate) receipt_as: ReceiptAs,
    #[command(flatten)]
    pub(crate) lang: LangArg,
    /// Print only {"receipt": "…"} on standard output.
    #[arg(long)]
    pub(crate) json: bool,
}

/// The two ways of writing a receipt.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReceiptAs {
    /// 12 English words.
    #[default]
    Words,
    /// 8 groups of 6 numbers.
    Digits,
}

/// `report check`.
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) unit: UnitArg,
    #[command(flatten)]
    pub(crate) receipt: ReceiptArgs,
    /// Download the files attached to replies into this folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) save_attachments: Option<PathBuf>,
    /// Print the replies as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    #[command(flatten)]
    pub(crate) lang: LangArg,
}

/// The reporter's language.
#[derive(Debug, Args)]
pub(crate) struct LangArg {
    /// Your language: en, es, fr, pl, ro, ar, fa or ur, for this program's
    /// messages, the unit's questions and answering yes or no (default:
    /// from LANG).
    #[arg(long, value_name = "LANG")]
    pub(crate) lang: Option<String>,
}

/// `report follow-up`.
#[derive(Debug, Args)]
pub(crate) struct FollowUpArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) unit: UnitArg,
    #[command(flatten)]
    pub(crate) receipt: ReceiptArgs,
    #[command(flatten)]
    pub(crate) message: MessageArgs,
    #[command(flatten)]
    pub(crate) attach: AttachArgs,
    #[command(flatten)]
    pub(crate) lang: LangArg,
}

/// `report send`.
#[derive(Debug, Args)]
pub(crate) struct SendArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    /// The unit's ID. Not needed (the file names its unit); if given, it
    /// must match.
    #[arg(
        long,
        env = "SANCTUARY_UNIT",
        value_name = "UNIT_ID",
        hide_env_values = true
    )]
    pub(crate) unit: Option<String>,
    /// The file the report or follow-up was kept in.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    #[command(flatten)]
    pub(crate) lang: LangArg,
}

/// `report forget`.
#[derive(Debug, Args)]
pub(crate) struct ForgetArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    /// The unit's ID. Accepted like in the other report commands, but not
    /// needed: the receipt alone finds your mailbox.
    #[arg(
        long,
        env = "SANCTUARY_UNIT",
        value_name = "UNIT_ID",
        hide_env_values = true
    )]
    pub(crate) unit: Option<String>,
    #[command(flatten)]
    pub(crate) receipt: ReceiptArgs,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub(crate) yes: bool,
    #[command(flatten)]
    pub(crate) lang: LangArg,
}

/// The caseworker's key and local store.
#[derive(Debug, Args)]
pub(crate) struct CaseKeyArgs {
    /// Your caseworker key file (from `sanctuary caseworker init`).
    #[arg(
        long,
        env = "SANCTUARY_KEY",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub(crate) key: Option<OsString>,
    /// Folder of your local case store (default: your user data folder).
    /// It holds only encrypted reports and their status.
    #[arg(
        long,
        env = "SANCTUARY_STORE",
        value_name = "DIR",
        hide_env_values = true
    )]
    pub(crate) store: Option<OsString>,
}

/// Caseworker commands.
#[derive(Debug, Subcommand)]
pub(crate) enum CaseCommand {
    /// Download new reports, follow-ups and colleagues' replies.
    Sync(SyncArgs),
    /// List threads (open ones, unless --all).
    List(ListArgs),
    /// Show one thread: the report, follow-ups and replies, in order.
    Show(ShowArgs),
    /// Reply to the reporter of a thread.
    Reply(ReplyArgs),
    /// Mark a thread closed, for your colleagues too.
    Close(CloseArgs),
    /// Set a thread's status for your unit: new, open, waiting, closed.
    Status(StatusArgs),
    /// Assign a thread to a caseworker (you, unless you name one).
    Assign(AssignArgs),
    /// Put labels on a thread for your unit, or take them off.
    Label(LabelArgs),
    /// Add an internal note to a thread (never sent to the reporter).
    Note(NoteArgs),
    /// Hand threads over to a colleague who joined the roster after them.
    Share(ShareArgs),
    /// Mark threads as spam (hidden from `case list`), or open again.
    Spam(SpamArgs),
    /// Delete every thread marked as spam from the server, at the next sync.
    DeleteSpam(DeleteSpamArgs),
    /// Write a thread, decrypted, to a folder for a case-management system.
    Export(ExportArgs),
    /// Work in your browser: an inbox served on this computer only.
    Ui(UiArgs),
}

/// `case sync`.
#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// The unit's ID, from your unit admin. Required for the first sync of a
    /// store, which pins the store to that unit; later syncs use the pinned one.
    #[arg(
        long,
        env = "SANCTUARY_UNIT",
        value_name = "UNIT_ID",
        hide_env_values = true
    )]
    pub(crate) unit: Option<String>,
}

/// `case list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// Also list closed threads and spam.
    #[arg(long)]
    pub(crate) all: bool,
    /// List near-identical reports one by one instead of as one line.
    #[arg(long)]
    pub(crate) expand: bool,
    /// Only threads with this status: new, open, waiting, closed or spam.
    /// Repeat for several.
    #[arg(long, value_name = "STATUS")]
    pub(crate) status: Vec<String>,
    /// Only threads assigned to this caseworker: a roster label, `me` or
    /// `nobody`.
    #[arg(long, value_name = "CASEWORKER")]
    pub(crate) assignee: Option<String>,
    /// Only threads with this label. Repeat: threads with all of them.
    #[arg(long = "label", value_name = "LABEL")]
    pub(crate) labels: Vec<String>,
    /// Only threads whose text contains every word of TEXT, ignoring case:
    /// the report and its answers, follow-ups, replies, notes, file names.
    /// Searched in memory; nothing is written.
    #[arg(long, value_name = "TEXT")]
    pub(crate) search: Option<String>,
    /// Only threads of this category.
    #[arg(long, value_name = "CATEGORY")]
    pub(crate) category: Option<String>,
    /// Only threads with a message received on or after this day
    /// (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub(crate) since: Option<String>,
    /// Only threads reported on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub(crate) until: Option<String>,
    /// The page to show: threads with unread messages first, then the
    /// latest activity first.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub(crate) page: Option<u64>,
    /// Threads per page: 50 unless given; 0 lists every thread. --json lists
    /// every thread unless --page or --per-page is given.
    #[arg(long, value_name = "N")]
    pub(crate) per_page: Option<u64>,
    /// Print a JSON array of threads.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `case show`.
#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// Decrypt the thread's attachments into this folder.
    #[arg(long, value_name = "DIR")]
    pub(crate) save_attachments: Option<PathBuf>,
    /// Print the thread as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `case reply`.
#[derive(Debug, Args)]
pub(crate) struct ReplyArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    #[command(flatten)]
    pub(crate) message: MessageArgs,
    #[command(flatten)]
    pub(crate) attach: AttachArgs,
}

/// `case close`.
#[derive(Debug, Args)]
pub(crate) struct CloseArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// Also delete the thread's report, follow-ups and attachments from the
    /// server, at your next `case sync` (mixed in random order with its
    /// other requests, so the server cannot tell they belong together).
    /// Replies stay until the reporter forgets them or they expire.
    #[arg(long)]
    pub(crate) delete_from_server: bool,
}

/// `case status`.
#[derive(Debug, Args)]
#[command(after_help = "Your colleagues see the change after your next `sanctuary case sync`.")]
pub(crate) struct StatusArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    /// new, open, waiting (for the reporter) or closed.
    pub(crate) status: String,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
}

/// `case assign`.
#[derive(Debug, Args)]
#[command(after_help = "Your colleagues see the change after your next `sanctuary case sync`.")]
pub(crate) struct AssignArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    /// The caseworker's label on the roster (default: you).
    #[arg(value_name = "CASEWORKER")]
    pub(crate) caseworker: Option<String>,
    /// Assign the thread to nobody.
    #[arg(long)]
    pub(crate) nobody: bool,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
}

/// `case label`.
#[derive(Debug, Args)]
#[command(
    after_help = "Labels are 1 to 32 letters a-z, digits or '-', such as urgent or \
    needs-interpreter. Your colleagues see the change after your next `sanctuary case sync`."
)]
pub(crate) struct LabelArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    /// The labels.
    #[arg(required = true, value_name = "LABEL")]
    pub(crate) labels: Vec<String>,
    /// Take these labels off instead.
    #[arg(long)]
    pub(crate) remove: bool,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
}

/// `case note`.
#[derive(Debug, Args)]
#[command(
    after_help = "A note is for your unit's caseworkers only: it is encrypted to them and \
    never sent to the reporter. Your colleagues see it after your next `sanctuary case sync`."
)]
pub(crate) struct NoteArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    #[command(flatten)]
    pub(crate) message: MessageArgs,
}

/// `case ui`.
#[derive(Debug, Args)]
#[command(
    after_help = "Asks for your passphrase once, then serves your inbox on 127.0.0.1 (this \
    computer only) and prints an address to open in your browser. The address works once: \
    opening it signs that browser in, and nobody else can use it. Reports are decrypted in \
    this program, never in the page. Leave it running while you work; Ctrl-C stops it. \
    Changes reach your colleagues when you press Sync in the page."
)]
pub(crate) struct UiArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// The port on 127.0.0.1 to serve on (default: any free port).
    #[arg(
        long,
        value_name = "PORT",
        default_value_t = 0,
        hide_default_value = true
    )]
    pub(crate) port: u16,
}

/// `case share`.
#[derive(Debug, Args)]
#[command(
    after_help = "A colleague added to the roster cannot decrypt what arrived before. \
    This seals each verified message of the threads, and their status, assignment, labels \
    and notes, again to every caseworker on the current roster, and posts the copies in random \
    order: the server sees ordinary messages. Attached files are decrypted, sealed again and \
    uploaded like a reporter's, and a case update tells your colleagues where each copy is."
)]
pub(crate) struct ShareArgs {
    /// The threads' IDs (the first 8 characters are enough).
    #[arg(
        value_name = "ID",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    pub(crate) ids: Vec<String>,
    /// Every thread in your store but spam.
    #[arg(long)]
    pub(crate) all: bool,
    /// The colleague's label on the roster.
    #[arg(long, value_name = "CASEWORKER")]
    pub(crate) to: String,
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
}

/// `case spam`.
#[derive(Debug, Args)]
pub(crate) struct SpamArgs {
    /// The threads' IDs (the first 8 characters are enough).
    #[arg(required = true, value_name = "ID")]
    pub(crate) ids: Vec<String>,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// Also every report with the same words as these (ignoring case,
    /// digits and punctuation): the copies `case list` shows as one line.
    #[arg(long)]
    pub(crate) similar: bool,
    /// Mark them open again.
    #[arg(long)]
    pub(crate) undo: bool,
}

/// `case delete-spam`.
#[derive(Debug, Args)]
pub(crate) struct DeleteSpamArgs {
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// Do not ask (needed when not run in a terminal).
    #[arg(long)]
    pub(crate) yes: bool,
}

/// `case export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The thread's ID (the first 8 characters are enough).
    pub(crate) id: String,
    #[command(flatten)]
    pub(crate) key: CaseKeyArgs,
    /// A new folder to write thread.json, summary.md and attachments/ into.
    #[arg(long, value_name = "DIR")]
    pub(crate) out: PathBuf,
}

/// Caseworker key commands.
#[derive(Debug, Subcommand)]
pub(crate) enum CaseworkerCommand {
    /// Create your caseworker key file and print your card.
    #[command(
        long_about = "Create your caseworker key file, protected by a passphrase, \
        and print your card.\n\n\
        Give the card (one line) to your unit admin, who adds it to the roster. \
        The key file never leaves your computer."
    )]
    Init(CaseworkerInitArgs),
    /// Print your card (one line) for the unit admin.
    Card(KeyFileArg),
    /// Add a post-quantum key to a key file made before Sanctuary had one.
    #[command(
        long_about = "Add a post-quantum decryption key to a caseworker key file \
        made before Sanctuary had post-quantum protection, and print your new \
        card.\n\n\
        Your other keys stay as they are: everything you could read before, you \
        can still read. The key file is rewritten with the same passphrase. Send \
        the new card (one line, starting sanctuary-card:2:) to your unit admin, \
        who publishes it in the roster; until then, reports stay sealed to your \
        old key only.\n\n\
        Key files made by `sanctuary caseworker init` already have one."
    )]
    AddPostQuantum(KeyFileArg),
    /// Print your secret decryption key for the stock `age` tool.
    #[command(
        long_about = "Print your secret decryption key for the stock `age` tool, \
        e.g. to decrypt a blob with `age -d -i -`.\n\n\
        Without --post-quantum: your X25519 key (AGE-SECRET-KEY-1…), which every \
        age tool reads (Debian's Go age 1.1.1 included). It opens what was sealed \
        while your unit did not seal post-quantum.\n\n\
        With --post-quantum: your post-quantum key (AGE-SECRET-KEY-PQ-1…), which \
        opens what was sealed post-quantum. Only tools with post-quantum support \
        read it, such as Go age 1.3 or later and typage (npm age-encryption).\n\n\
        Anyone who sees it can read every report sent to you. Do not save it \
        in a file unless that file is as protected as your key file."
    )]
    ExportIdentity(ExportIdentityArgs),
}

/// `caseworker export-identity`.
#[derive(Debug, Args)]
pub(crate) struct ExportIdentityArgs {
    #[command(flatten)]
    pub(crate) key: KeyFileArg,
    /// Print the post-quantum key (AGE-SECRET-KEY-PQ-1…) instead of the
    /// X25519 one. Only age tools with post-quantum support read it.
    #[arg(long)]
    pub(crate) post_quantum: bool,
}

/// `caseworker init`.
#[derive(Debug, Args)]
pub(crate) struct CaseworkerInitArgs {
    /// Where to write the new key file (it must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// Your name as reporters and colleagues see it: letters, digits, '.',
    /// '_' or '-', e.g. PC-Jones.
    #[arg(long, value_name = "LABEL")]
    pub(crate) label: String,
}

/// A caseworker key file.
#[derive(Debug, Args)]
pub(crate) struct KeyFileArg {
    /// Your caseworker key file.
    #[arg(
        long,
        env = "SANCTUARY_KEY",
        value_name = "FILE",
        hide_env_values = true
    )]
    pub(crate) key: Option<OsString>,
}

/// Unit admin commands.
#[derive(Debug, Subcommand)]
pub(crate) enum UnitCommand {
    /// Create the unit key and print the unit ID.
    #[command(
        long_about = "Create the unit key file, protected by a passphrase, and \
        print the unit ID.\n\n\
        The unit ID is what reporters need: publish it on your posters and web \
        pages. Keep the key file and its passphrase offline and safe: whoever \
        holds them decides who can read reports."
    )]
    Init(UnitInitArgs),
    /// Print the unit ID of a unit key file.
    Id(UnitKeyArg),
    /// Sign and publish a new roster (the caseworkers who may read reports).
    #[command(
        long_about = "Sign and publish a new roster: the list of caseworkers who \
        may read reports, with the unit's rules.\n\n\
        The first time, give the server's enrollment code with --enroll. After \
        that, each publish replaces the whole list: give every caseworker's \
        card, not only new ones. A roster expires (30 days by default): renew \
        it before then with --keep-caseworkers instead of the cards."
    )]
    Publish(PublishArgs),
    /// Print the link and QR code that open the reporter page for your unit.
    #[command(long_about = "Print the link reporters open to write to your unit, \
        SERVER/#unit=UNIT_ID, and the same link as a QR code that phone cameras \
        can read.\n\n\
        The part after # stays on the reporter's phone: browsers never send it to \
        the server. Put the link and the QR code on posters, leaflets and web \
        pages; --svg writes the QR code as an image for printing.\n\n\
        The unit comes from your unit key file (--key, which asks for its \
        passphrase) or from the unit ID (--unit). Nothing is sent anywhere.")]
    Poster(PosterArgs),
}

/// `unit init`.
#[derive(Debug, Args)]
pub(crate) struct UnitInitArgs {
    /// Where to write the new unit key file (it must not exist yet).
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// The unit's name as reporters see it.
    #[arg(long, value_name = "NAME")]
    pub(crate) name: Option<String>,
}

/// A unit key file.
#[derive(Debug, Args)]
pub(crate) struct UnitKeyArg {
    /// The unit key file.
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
}

/// `unit poster`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which_unit").required(true).args(["key", "unit"])))]
pub(crate) struct PosterArgs {
    /// The unit key file. Or give the unit ID with --unit.
    #[arg(long, value_name = "FILE")]
    pub(crate) key: Option<PathBuf>,
    /// The unit ID (starts with `sanctuary1`), instead of --key.
    #[arg(long, value_name = "UNIT_ID")]
    pub(crate) unit: Option<String>,
    /// The server's address, without a path, e.g. https://report.example.org
    /// or http://xyz….onion
    #[arg(
        long,
        env = "SANCTUARY_SERVER",
        value_name = "URL",
        hide_env_values = true
    )]
    pub(crate) server: Option<String>,
    /// Also write the QR code to this file as an SVG image, for printing.
    #[arg(long, value_name = "FILE")]
    pub(crate) svg: Option<PathBuf>,
    /// Replace the --svg file if it already exists.
    #[arg(long, requires = "svg")]
    pub(crate) force: bool,
    /// Print only {"link": "…"} on standard output.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `unit publish`.
#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// The unit key file.
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    /// A caseworker's card (sanctuary-card:2:… or, from an older key,
    /// sanctuary-card:1:…). Give every caseworker, each with its own
    /// --caseworker or --caseworker-file.
    #[arg(
        long = "caseworker",
        value_name = "CARD",
        required_unless_present_any = ["caseworker_files", "keep_caseworkers"]
    )]
    pub(crate) caseworkers: Vec<String>,
    /// A file holding one caseworker's card, as `sanctuary caseworker init`
    /// or `sanctuary caseworker card` printed it. Repeat for each
    /// caseworker; these come after the --caseworker cards.
    #[arg(long = "caseworker-file", value_name = "FILE")]
    pub(crate) caseworker_files: Vec<PathBuf>,
    /// Keep exactly the caseworkers of the server's current roster: renews
    /// the roster (a new expiry day) without giving every card again.
    #[arg(long, conflicts_with_all = ["caseworkers", "caseworker_files"])]
    pub(crate) keep_caseworkers: bool,
    /// When reports, replies and their files are sealed post-quantum (to
    /// the caseworkers' ML-KEM-768 + X25519 keys): off, preferred (when
    /// every card has a post-quantum key), or required (every card must).
    /// Default: keep the current roster's setting; preferred for a first
    /// roster.
    #[arg(long, value_name = "WHEN", value_enum)]
    pub(crate) post_quantum: Option<PostQuantumArg>,
    /// The enrollment code the server printed on its first start (first
    /// roster only).
    #[arg(long, value_name = "CODE")]
    pub(crate) enroll: Option<String>,
    /// Days the server keeps reports and follow-ups (default: keep the
    /// current roster's, or 90).
    #[arg(long, value_name = "N")]
    pub(crate) retention_days: Option<u32>,
    /// Days until this roster expires; publish a new one before then
    /// (`--keep-caseworkers` renews it). Short, so that a server serving an
    /// old roster can send reports to a removed caseworker for at most
    /// this long.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub(crate) expires_in_days: u32,
    /// The report form (questions reporters are asked), as a JSON file
    /// (default: keep the current roster's form).
    #[arg(long, value_name = "FILE")]
    pub(crate) form: Option<PathBuf>,
}

/// `unit publish --post-quantum`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PostQuantumArg {
    /// Seal with X25519 only; the roster lists no post-quantum keys, so
    /// clients from before post-quantum keep working.
    Off,
    /// Seal post-quantum when every caseworker's card has a post-quantum
    /// key; X25519 while one has none.
    Preferred,
    /// Always seal post-quantum: every caseworker's card must have a
    /// post-quantum key.
    Required,
}

/// Commands about the reporter page.
#[derive(Debug, Subcommand)]
pub(crate) enum WebCommand {
    /// Check that a server serves the reporter page built from this version's source.
    #[command(
        long_about = "Check that a server serves the reporter page built from the \
        reviewed source of this version of Sanctuary.\n\n\
        Downloads /, /app.js, /app.css and /sanctuary-reporter.html and compares \
        the SHA-256 of each with the hashes built into this program (see `sanctuary \
        web hashes`). Prints one line per file; exits with status 0 only if every \
        file matches.\n\n\
        What a match proves: just now, this server sent you exactly the page built \
        from that source. What it does not prove: that it sends the same page to \
        everyone else, or will tomorrow. A server can pick whom to give a changed \
        page. Check again from time to time, through Tor (--proxy), so the server \
        cannot tell the check from a reporter."
    )]
    Verify(WebVerifyArgs),
    /// Print the SHA-256 of each file of the reviewed reporter page.
    #[command(
        long_about = "Print the SHA-256 of each file of the reporter page built \
        from this version's source, as `sha256sum` does. These are the hashes \
        `sanctuary web verify` compares with; operators can publish them beside \
        the server's address."
    )]
    Hashes(WebHashesArgs),
}

/// `web verify`.
#[derive(Debug, Args)]
pub(crate) struct WebVerifyArgs {
    #[command(flatten)]
    pub(crate) server: ServerArgs,
    /// Print the result as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

/// `web hashes`.
#[derive(Debug, Args)]
pub(crate) struct WebHashesArgs {
    /// Print the hashes as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}
