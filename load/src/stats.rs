//! Latency summaries and the one place this tool writes its results.

use std::io::Write as _;
use std::time::Duration;

use serde::Serialize;

/// What one operation did during a run.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Summary {
    /// Which operation (`submit`, `fetch`, `inbox-list`, …).
    pub(crate) op: String,
    /// Concurrent clients.
    pub(crate) clients: usize,
    /// Requests that succeeded.
    pub(crate) ok: usize,
    /// Requests that failed (any status but the expected one, or transport).
    pub(crate) errors: usize,
    /// Wall-clock seconds of the measured phase.
    pub(crate) seconds: f64,
    /// Successful requests per second.
    pub(crate) rps: f64,
    /// Median latency in milliseconds.
    pub(crate) p50_ms: f64,
    /// 99th percentile latency in milliseconds.
    pub(crate) p99_ms: f64,
    /// Slowest request in milliseconds.
    pub(crate) max_ms: f64,
}

/// The `q` quantile (0..=1) of sorted latencies, nearest rank.
pub(crate) fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Summary {
    /// Summarises the latencies of successful requests over `elapsed`.
    pub(crate) fn new(
        op: &str,
        clients: usize,
        mut latencies: Vec<Duration>,
        errors: usize,
        elapsed: Duration,
    ) -> Self {
        latencies.sort_unstable();
        let seconds = elapsed.as_secs_f64();
        Self {
            op: op.to_owned(),
            clients,
            ok: latencies.len(),
            errors,
            seconds,
            rps: if seconds > 0.0 {
                latencies.len() as f64 / seconds
            } else {
                0.0
            },
            p50_ms: ms(quantile(&latencies, 0.50)),
            p99_ms: ms(quantile(&latencies, 0.99)),
            max_ms: ms(latencies.last().copied().unwrap_or_default()),
        }
    }

    /// One line for people.
    pub(crate) fn line(&self) -> String {
        format!(
            "{:<12} clients {:>3}  ok {:>7}  errors {:>4}  {:>9.1} req/s  p50 {:>7.2} ms  \
             p99 {:>7.2} ms  max {:>7.2} ms",
            self.op,
            self.clients,
            self.ok,
            self.errors,
            self.rps,
            self.p50_ms,
            self.p99_ms,
            self.max_ms
        )
    }
}

/// Prints results: one JSON object per line with `--json`, else `human`.
#[allow(
    clippy::print_stdout,
    reason = "a load generator's figures are its output"
)]
pub(crate) fn emit<T: Serialize>(json: bool, value: &T, human: &str) {
    let text = if json {
        serde_json::to_string(value).unwrap_or_default()
    } else {
        human.to_owned()
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// Progress and errors, on standard error.
#[allow(clippy::print_stderr, reason = "progress and errors for the operator")]
pub(crate) fn error(text: &str) {
    eprintln!("{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_use_the_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&v, 0.5), Duration::from_millis(50));
        assert_eq!(quantile(&v, 0.99), Duration::from_millis(99));
        assert_eq!(quantile(&v, 1.0), Duration::from_millis(100));
        assert_eq!(quantile(&[], 0.5), Duration::ZERO);
        let s = Summary::new("x", 1, v, 2, Duration::from_secs(2));
        assert_eq!(s.ok, 100);
        assert!((s.rps - 50.0).abs() < 1e-9);
        assert!((s.max_ms - 100.0).abs() < 1e-9);
    }
}
