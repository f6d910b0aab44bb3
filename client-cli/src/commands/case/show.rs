//! `sanctuary case show`.

use anyhow::Result;

use super::{Access, Case};
use crate::options::ShowOptions;
use crate::threads;
use crate::threads::view::{self, ThreadView};
use crate::{attachments, output, store};

/// Decrypts every downloaded attachment of `thread` into `dir`, recording
/// in `view` where each went (or why it did not).
pub(crate) fn save_all(
    case: &Case,
    thread: &threads::Thread,
    view: &mut ThreadView,
    dir: &std::path::Path,
) -> Result<()> {
    store::create_private_dir(dir)?;
    let refs: Vec<_> = thread
        .messages
        .iter()
        .flat_map(|m| m.attachments.iter())
        .collect();
    for (slot, aref) in view.attachments_mut().zip(refs) {
        let ciphertext = thread.stored_file(&case.store, aref);
        match attachments::open_stored(&ciphertext, case.key.identity(), aref, dir) {
            Ok(path) => slot.saved_to = Some(path.display().to_string()),
            Err(e) => slot.not_saved = Some(format!("{e:#}")),
        }
    }
    Ok(())
}

/// `sanctuary case show`. What it shows is marked read once it is shown.
pub(crate) fn run(options: &ShowOptions) -> Result<()> {
    let case = Case::open_for(&options.key, Access::Read)?;
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, &options.id)?;
    let mut view = ThreadView::of(thread, &case.store);
    if let Some(dir) = &options.save_attachments {
        save_all(&case, thread, &mut view, dir)?;
    }
    if options.json {
        output::json(&view)?;
    } else {
        output::line(&view::text(&view))?;
    }
    case.store.mark_read(&thread.unread_ids())?;
    Ok(())
}
