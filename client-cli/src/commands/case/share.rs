//! `sanctuary case share`: hand threads over to a colleague who joined the
//! roster after they arrived (or whose key was replaced), and so cannot
//! decrypt them.
//!
//! Every verified message of each thread (report, follow-ups, replies) and
//! its verified case events are sealed again, unchanged, to every
//! caseworker on the current roster, and posted anonymously like reports,
//! all threads' together in one random order. Their signatures still hold,
//! so the colleague's client verifies them as it would the originals. On
//! the server each copy is a message of its bucket's usual length, which
//! names nothing; colleagues who already hold a message ignore its copy.
//! The copies are kept in this store under their new IDs, so that its own
//! syncs do not download them again.

use anyhow::{Context as _, Result, anyhow, bail};
use rand::seq::SliceRandom as _;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::ids::BlobId;
use sanctuary_crypto::message::{self, MessageKind, reseal};

use super::{Access, Case};
use crate::commands::report::{Sealed, post_sealed};
use crate::net::Net;
use crate::options::ShareOptions;
use crate::store::{BlobKind, NewBlob, Status};
use crate::threads::{self, Thread};
use crate::{output, progress};

/// `sanctuary case share`.
pub(crate) fn run(options: &ShareOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Change)?;
    let unit = case.store.pinned_unit()?.ok_or_else(|| {
        anyhow!("Your store does not know its unit yet. Run `sanctuary case sync` first.")
    })?;
    let net = Net::new(&options.server)?;
    let roster = case.fetch_roster(&net, &unit)?;
    let doc = roster.document();
    if doc.caseworker_by_key(&case.key.verifying_key()).is_none() {
        bail!(
            "You ({}) are not on the unit's current roster, so you cannot share. Nothing was sent.",
            case.key.label()
        );
    }
    if !doc.caseworkers.iter().any(|c| c.label == options.to) {
        bail!(
            "There is no caseworker {} on your unit's current roster. The caseworkers are: {}. \
             Ask your unit admin to add them first. Nothing was sent.",
            options.to,
            doc.caseworkers
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if options.to == *case.key.label() {
        bail!(
            "{} is you: share with a colleague. Nothing was sent.",
            options.to
        );
    }

    let loaded = case.load()?;
    let threads: Vec<&Thread> = if options.all {
        loaded
            .threads
            .iter()
            .filter(|t| t.report.is_some() && t.status != Status::Spam.as_str())
            .collect()
    } else {
        options
            .ids
            .iter()
            .map(|id| threads::find(&loaded.threads, id))
            .collect::<Result<_>>()?
    };
    if let Some(t) = threads.iter().find(|t| t.report.is_none()) {
        bail!(
            "Thread {} has no report in your store, so there is nothing to share. Nothing was sent.",
            t.short_id()
        );
    }
    if threads.is_empty() {
        output::line("There are no threads to share.")?;
        return Ok(());
    }

    // Only what verified: what the colleague's client will accept.
    let mut work: Vec<(BlobId, BlobKind)> = Vec::new();
    let mut files = 0;
    for t in &threads {
        for m in t.messages.iter().filter(|m| m.verified) {
            let kind = match m.kind {
                MessageKind::Report => BlobKind::Report,
                MessageKind::FollowUp => BlobKind::FollowUp,
                _ => BlobKind::Reply,
            };
            work.push((m.id, kind));
            files += m.attachments.len();
        }
        work.extend(t.event_ids.iter().map(|id| (*id, BlobKind::CaseEvent)));
    }
    work.shuffle(&mut rand::thread_rng());

    crate::interrupt::say(
        "Stopped. What was shared so far stays shared; run the same command again to share \
         the rest (your colleagues ignore the copies they already have).",
    );
    let bar = progress::bar(work.len() as u64, "Sharing");
    let identity = case.key.identity();
    for (id, kind) in &work {
        let ciphertext = case.store.ciphertext(id)?;
        let copy = reseal(&ciphertext, identity, &roster, |_| true)
            .map_err(|e| anyhow!("A message of your store could not be sealed again ({e})."))?;
        let (_, digest) = message::open_with_digest(&copy, identity)
            .map_err(|e| anyhow!("A sealed copy could not be read back ({e})."))?;
        let sealed = Sealed {
            roster_version: roster.version(),
            blob: copy,
        };
        let stored = post_sealed(&net, &sealed)
            .context("Not everything was shared. Run the same command again to share the rest.")?;
        case.store.insert_blob(NewBlob {
            id: stored.id,
            kind: *kind,
            day: Day::today(),
            digest: Some(digest),
            received: None,
            ciphertext: &sealed.blob,
        })?;
        bar.inc(1);
    }
    bar.finish_and_clear();

    let events = work
        .iter()
        .filter(|(_, k)| *k == BlobKind::CaseEvent)
        .count();
    let mut lines = vec![format!(
        "Shared {} ({} and {}) with {}. Each copy is sealed to every caseworker on the roster, \
         so the server cannot tell it from a new message; {} sees them after their next \
         `sanctuary case sync`, and colleagues who have them already ignore the copies.",
        output::plural(threads.len(), "thread", "threads"),
        output::plural(work.len() - events, "message", "messages"),
        output::plural(events, "case update", "case updates"),
        options.to,
        options.to
    )];
    if files > 0 {
        lines.push(format!(
            "Not shared: {}. {} sees them listed in the threads but cannot open them \
             (sharing files is not built yet).",
            output::plural(files, "attached file", "attached files"),
            options.to
        ));
    }
    output::line(&lines.join("\n"))?;
    Ok(())
}
