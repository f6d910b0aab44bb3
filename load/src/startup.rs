//! `startup`: how long the server binary takes from being started to
//! logging `listening on`, and how much memory it holds once idle.
//! Also `rss`: a running process's resident and peak memory.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use crate::stats::quantile;

/// Options of `startup`.
pub(crate) struct StartupOptions {
    pub(crate) server_bin: PathBuf,
    pub(crate) data_dir: PathBuf,
    pub(crate) runs: usize,
    pub(crate) idle: Duration,
}

/// What `startup` measured.
#[derive(Debug, Serialize)]
pub(crate) struct Startup {
    /// Runs measured.
    pub(crate) runs: usize,
    /// Median milliseconds from spawn to `listening on`.
    pub(crate) startup_ms_median: f64,
    /// Slowest run.
    pub(crate) startup_ms_max: f64,
    /// Median resident memory (MiB) after `idle` with no request.
    pub(crate) idle_rss_mib_median: f64,
    /// Largest such figure.
    pub(crate) idle_rss_mib_max: f64,
}

/// Resident (`VmRSS`) and peak resident (`VmHWM`) memory of `pid`, in KiB.
pub(crate) fn memory_kib(pid: u32) -> Result<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("no process {pid}"))?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(hwm)) => Ok((rss, hwm)),
        _ => bail!("cannot read the memory of process {pid}"),
    }
}

fn one_run(bin: &Path, data_dir: &Path, idle: Duration) -> Result<(Duration, u64)> {
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {}", bin.display()))?;
    let stderr = child.stderr.take().context("no stderr")?;
    let mut lines = BufReader::new(stderr).lines();
    let mut ready = None;
    for line in lines.by_ref() {
        if line?.starts_with("listening on") {
            ready = Some(start.elapsed());
            break;
        }
    }
    let result = match ready {
        Some(ready) => {
            std::thread::sleep(idle);
            memory_kib(child.id()).map(|(rss, _)| (ready, rss))
        }
        None => Err(anyhow::anyhow!("the server exited before listening")),
    };
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    // Drain the rest of the log so the server never blocks on a full pipe.
    for _ in lines {}
    child.wait()?;
    result
}

/// Starts and stops the server `runs` times.
pub(crate) fn run(options: &StartupOptions) -> Result<Startup> {
    let mut times = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..options.runs.max(1) {
        let (t, r) = one_run(&options.server_bin, &options.data_dir, options.idle)?;
        times.push(t);
        rss.push(r);
    }
    times.sort_unstable();
    rss.sort_unstable();
    let mib = |kib: u64| kib as f64 / 1024.0;
    Ok(Startup {
        runs: times.len(),
        startup_ms_median: quantile(&times, 0.5).as_secs_f64() * 1000.0,
        startup_ms_max: times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
        idle_rss_mib_median: mib(rss[(rss.len() - 1) / 2]),
        idle_rss_mib_max: mib(rss.last().copied().unwrap_or(0)),
    })
}
