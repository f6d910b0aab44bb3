//! `sanctuary completions` and `sanctuary man`: shell completions and
//! manual pages, generated from the same clap definitions as `--help`, so
//! they never disagree with the program.

use std::path::Path;

use anyhow::{Context, Result};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::output;

/// `sanctuary completions SHELL`: the completion script on standard output.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "sanctuary", &mut script);
    output::line(String::from_utf8_lossy(&script).trim_end())?;
    Ok(())
}

/// `sanctuary man --out DIR`: one page per command, `sanctuary.1`,
/// `sanctuary-report.1`, `sanctuary-report-submit.1`…
pub(crate) fn man(out: &Path) -> Result<()> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("Cannot create the folder {}.", out.display()))?;
    let mut command = Cli::command();
    command.build();
    let mut written = 0;
    write_pages(&command, "sanctuary", out, &mut written)?;
    output::note(&format!(
        "Wrote {} into {}. Read one with: man {}/sanctuary-report-submit.1",
        output::plural(written, "manual page", "manual pages"),
        out.display(),
        out.display()
    ));
    Ok(())
}

fn write_pages(command: &clap::Command, name: &str, out: &Path, written: &mut usize) -> Result<()> {
    let page = command.clone().name(name.to_owned());
    let mut text = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut text)
        .context("Could not write a manual page.")?;
    let path = out.join(format!("{name}.1"));
    std::fs::write(&path, text).with_context(|| format!("Cannot write {}.", path.display()))?;
    *written += 1;
    for sub in command.get_subcommands() {
        write_pages(sub, &format!("{name}-{}", sub.get_name()), out, written)?;
    }
    Ok(())
}
