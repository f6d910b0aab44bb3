//! What Ctrl-C says. The program stops at once (exit code 130), but first
//! tells the person, in words, what happened to their work: "Cancelled.
//! Nothing was sent.", "The sync stopped; run it again to continue."
//!
//! At a line-editing prompt Ctrl-C is read as a key instead (see
//! [`crate::prompt`]); this covers everything else: hidden receipt
//! prompts, uploads, downloads, waits.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// What is said on Ctrl-C now.
static MESSAGE: Mutex<String> = Mutex::new(String::new());

/// A private folder of plaintext (files a caseworker is about to send)
/// removed before stopping.
static REMOVE: Mutex<Option<std::path::PathBuf>> = Mutex::new(None);

/// Held while stopping: the handler and an interrupted read may both get
/// there, and the second must wait for the first to finish saying it.
static STOPPING: Mutex<()> = Mutex::new(());

/// Installs the handler. Called once, before any command runs.
pub(crate) fn install() {
    // If it cannot be installed, Ctrl-C still stops the program, silently.
    let _ = ctrlc::set_handler(|| stop());
}

/// Says what Ctrl-C says now (once) and ends the program with code 130.
pub(crate) fn stop() -> ! {
    // Whoever gets here first says it and exits while holding the lock.
    let _stopping = STOPPING.lock();
    restore_terminal();
    if let Ok(mut dir) = REMOVE.lock()
        && let Some(dir) = dir.take()
    {
        let _ = std::fs::remove_dir_all(dir);
    }
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "\n{}", message());
    let _ = err.flush();
    std::process::exit(130);
}

/// Whether `err` is a read cut short by Ctrl-C.
pub(crate) fn is_interrupted(err: &std::io::Error) -> bool {
    err.kind() == std::io::ErrorKind::Interrupted
}

/// What Ctrl-C says now.
pub(crate) fn message() -> String {
    match MESSAGE.lock() {
        Ok(m) if !m.is_empty() => m.clone(),
        _ => "Stopped.".to_owned(),
    }
}

/// Removes `dir` and everything in it if the program is stopped.
pub(crate) fn remove_on_stop(dir: &std::path::Path) {
    if let Ok(mut slot) = REMOVE.lock() {
        *slot = Some(dir.to_path_buf());
    }
}

/// Sets what Ctrl-C says from now on.
pub(crate) fn say(message: impl Into<String>) {
    if let Ok(mut m) = MESSAGE.lock() {
        *m = message.into();
    }
}

/// A hidden prompt (the receipt) turns the terminal's echo off; stopping
/// in the middle would leave it off. Turns it back on with `stty`, if the
/// terminal is ours.
fn restore_terminal() {
    if !std::io::stdin().is_terminal() {
        return;
    }
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        let _ = Command::new("stty")
            .arg("echo")
            .stdin(tty)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}
