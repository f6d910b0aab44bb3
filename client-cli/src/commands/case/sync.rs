//! `sanctuary case sync`: download new reports, follow-ups, colleagues'
//! replies and attachments into the local store.

use anyhow::{Result, anyhow, bail};
use reqwest::Method;
use sanctuary_crypto::api::{InboxPage, MailboxContents, MailboxFetch};
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, MAX_MESSAGE_ATTACHMENTS, Opened};
use sanctuary_crypto::sizes::MAX_MESSAGE_CIPHERTEXT;
use sanctuary_crypto::unit::UnitId;

use super::{Case, CaseKeyOptions};
use crate::attachments;
use crate::net::{Net, SignedBody, is_api_error, read_json, read_limited};
use crate::options::ServerOptions;
use crate::store::BlobKind;
use crate::{output, rosters};

/// Inbox page size asked for.
const PAGE: usize = 1000;

/// Options of `case sync`.
pub(crate) struct SyncOptions {
    /// The server.
    pub(crate) server: ServerOptions,
    /// Key and store.
    pub(crate) key: CaseKeyOptions,
    /// The unit to pin, if given.
    pub(crate) unit: Option<UnitId>,
}

#[derive(Default)]
struct Counts {
    reports: usize,
    follow_ups: usize,
    replies: usize,
    unreadable: usize,
    files: usize,
    missing_files: usize,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Which unit to trust, pinning it on first use.
fn unit_for(case: &Case, net: &Net, given: Option<UnitId>) -> Result<UnitId> {
    match (case.store.pinned_unit()?, given) {
        (Some(pinned), Some(given)) if pinned != given => bail!(
            "Your case store is pinned to unit {pinned}, not {given}. Use another store \
             (--store DIR) for another unit."
        ),
        (Some(pinned), _) => Ok(pinned),
        (None, Some(given)) => Ok(given),
        (None, None) => {
            let signed = rosters::fetch(net)?.ok_or_else(|| {
                anyhow!(
                    "The server at {} has no unit set up yet (no roster).",
                    net.base()
                )
            })?;
            let claimed = signed
                .claimed_unit()
                .map_err(|_| anyhow!("The server sent an invalid roster."))?;
            output::note(&format!(
                "First sync: trusting the unit the server names, {claimed}. Check that this is \
                 your unit's ID (or pin it with --unit UNIT_ID)."
            ));
            Ok(claimed)
        }
    }
}

fn kind_of(blob: &[u8], case: &Case) -> BlobKind {
    match message::open(blob, case.key.identity()) {
        Ok(Opened::Report(_)) => BlobKind::Report,
        Ok(Opened::FollowUp(_)) => BlobKind::FollowUp,
        Ok(Opened::Reply(_)) => BlobKind::Reply,
        Err(_) => BlobKind::Unreadable,
    }
}

fn sync_inbox(case: &Case, net: &Net, counts: &mut Counts) -> Result<()> {
    let mut after: Option<BlobId> = None;
    loop {
        let path = match after {
            Some(a) => format!("v1/inbox?after={a}&limit={PAGE}"),
            None => format!("v1/inbox?limit={PAGE}"),
        };
        let page: InboxPage = read_json(
            net.signed(&case.key, Method::GET, &path, SignedBody::Empty)?,
            4 * 1024 * 1024,
        )?;
        for item in &page.items {
            if case.store.has_blob(&item.id)? {
                continue;
            }
            let response = match net.signed(
                &case.key,
                Method::GET,
                &format!("v1/inbox/{}", item.id),
                SignedBody::Empty,
            ) {
                Ok(r) => r,
                // Deleted by a colleague since the listing.
                Err(e) if is_api_error(&e, "not_found") => continue,
                Err(e) => return Err(e),
            };
            let blob = read_limited(response, MAX_MESSAGE_CIPHERTEXT)?;
            let kind = kind_of(&blob, case);
            match kind {
                BlobKind::Report => counts.reports += 1,
                BlobKind::FollowUp => counts.follow_ups += 1,
                BlobKind::Reply => counts.replies += 1,
                BlobKind::Unreadable => counts.unreadable += 1,
            }
            case.store.insert_blob(&item.id, kind, item.day, &blob)?;
        }
        match page.next {
            Some(next) if !page.items.is_empty() => after = Some(next),
            _ => return Ok(()),
        }
    }
}

fn sync_mailboxes(case: &Case, net: &Net, counts: &mut Counts) -> Result<()> {
    let loaded = case.load()?;
    for thread in loaded.threads.iter().filter(|t| super::threads::is_open(t)) {
        let Some(report) = &thread.report else {
            continue;
        };
        let contents: MailboxContents = net.send_json(
            Method::POST,
            "v1/mailbox/fetch",
            &MailboxFetch {
                mailbox: report.mailbox,
            },
            64 * 1024 * 1024,
        )?;
        for reply in &contents.replies {
            if case.store.has_blob(&reply.id)? {
                continue;
            }
            let kind = match kind_of(&reply.blob.0, case) {
                BlobKind::Reply => {
                    counts.replies += 1;
                    BlobKind::Reply
                }
                _ => {
                    counts.unreadable += 1;
                    BlobKind::Unreadable
                }
            };
            case.store
                .insert_blob(&reply.id, kind, reply.day, &reply.blob.0)?;
        }
    }
    Ok(())
}

fn sync_attachments(case: &Case, net: &Net, counts: &mut Counts) -> Result<()> {
    let loaded = case.load()?;
    for thread in &loaded.threads {
        for m in &thread.messages {
            for a in m.attachments.iter().take(MAX_MESSAGE_ATTACHMENTS) {
                if case.store.has_attachment(&a.id) {
                    continue;
                }
                let path = case.store.attachment_path(&a.id);
                match attachments::download_ciphertext(net, &case.key, a.id, a.size, &path) {
                    Ok(()) => counts.files += 1,
                    Err(e) if is_api_error(&e, "not_found") => counts.missing_files += 1,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(())
}

/// `sanctuary case sync`.
pub(crate) fn run(options: &SyncOptions) -> Result<()> {
    let case = Case::open(&options.key)?;
    let net = Net::new(&options.server)?;
    let unit = unit_for(&case, &net, options.unit)?;
    let roster = rosters::fetch_verified(&net, &unit)?;
    if roster
        .document()
        .caseworker_by_key(&case.key.verifying_key())
        .is_none()
    {
        bail!(
            "You ({}) are not on the unit's current roster, so the server will not let you \
             sync. Send your card to your unit admin and ask them to publish the roster \
             again:\n{}",
            case.key.label(),
            case.key.card()
        );
    }
    if case.store.pinned_unit()?.is_none() {
        case.store.pin_unit(&unit)?;
    }
    case.store.save_roster(roster.signed())?;

    let mut counts = Counts::default();
    sync_inbox(&case, &net, &mut counts)?;
    sync_mailboxes(&case, &net, &mut counts)?;
    sync_attachments(&case, &net, &mut counts)?;

    let loaded = case.load()?;
    let open = loaded
        .threads
        .iter()
        .filter(|t| super::threads::is_open(t))
        .count();
    let mut lines = vec![format!(
        "Synced: {}, {}, {}, {} downloaded.",
        plural(counts.reports, "new report", "new reports"),
        plural(counts.follow_ups, "new follow-up", "new follow-ups"),
        plural(counts.replies, "new reply", "new replies"),
        plural(counts.files, "file", "files"),
    )];
    lines.push(format!(
        "{} open. See them with: sanctuary case list",
        plural(open, "thread is", "threads are")
    ));
    let flagged: usize = loaded.threads.iter().map(|t| t.unverified_count()).sum();
    if flagged > 0 {
        lines.push(format!(
            "Warning: {} could not be verified; they are marked NOT VERIFIED in `case show`.",
            plural(flagged, "message", "messages")
        ));
    }
    if loaded.unreadable > 0 {
        lines.push(format!(
            "{} cannot be decrypted with your key (probably sent before you were on the roster).",
            plural(loaded.unreadable, "message", "messages")
        ));
    }
    if counts.missing_files > 0 {
        lines.push(format!(
            "{} no longer on the server (expired or deleted).",
            plural(counts.missing_files, "file is", "files are")
        ));
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
