//! `sanctuary case export`: the decrypted thread, for a case-management
//! system. This is one of the two places plaintext reaches the disk, on
//! the caseworker's explicit request.

use anyhow::{Context, Result, bail};

use super::{Access, Case, show};
use crate::options::ExportOptions;
use crate::output;
use crate::threads;
use crate::threads::view::{self, ThreadView};

/// `sanctuary case export`.
pub(crate) fn run(options: &ExportOptions) -> Result<()> {
    let out = &options.out;
    if out.exists()
        && std::fs::read_dir(out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        bail!(
            "{} already exists and is not empty. Export into a new folder.",
            out.display()
        );
    }
    let case = Case::open_for(&options.key, Access::Read)?;
    let loaded = case.load()?;
    let thread = threads::find(&loaded.threads, &options.id)?;
    let mut view = ThreadView::of(thread, &case.store);
    crate::store::create_private_dir(out)?;
    show::save_all(&case, thread, &mut view, &out.join("attachments"))?;
    // Paths in the export are relative to it, so the folder can be moved.
    for a in view.attachments_mut() {
        if let Some(p) = &a.saved_to {
            let name = std::path::Path::new(p)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            a.saved_to = Some(format!("attachments/{name}"));
        }
    }
    let json = serde_json::to_vec_pretty(&view)?;
    write(&out.join("thread.json"), &json)?;
    write(&out.join("summary.md"), view::markdown(&view).as_bytes())?;
    let missing = view
        .messages
        .iter()
        .flat_map(|m| &m.attachments)
        .filter(|a| a.saved_to.is_none())
        .count();
    let mut text = format!(
        "Exported thread {} to {}: thread.json, summary.md and attachments/.\n\
         These files are NOT encrypted: keep them as safe as the case itself.",
        thread.short_id(),
        out.display()
    );
    if missing > 0 {
        text.push_str(&format!(
            "\n{missing} file(s) could not be exported (see summary.md); run `sanctuary case sync` first."
        ));
    }
    output::line(&text)?;
    Ok(())
}

fn write(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut f = crate::store::create_private(path)?;
    f.write_all(bytes)
        .and_then(|()| f.sync_all())
        .with_context(|| format!("Cannot write {}.", path.display()))
}
