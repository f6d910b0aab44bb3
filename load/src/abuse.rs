//! Abuse resistance (issue #15): what the proof of work costs an honest
//! client and the server (`pow`), and a simulated flood of junk reports
//! against a running server, with the defence on or off (`flood`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context as _, Result, anyhow};
use bytes::Bytes;
use sanctuary_crypto::api::{ErrorBody, ErrorCode, PowChallenge, ROSTER_VERSION_HEADER};
use sanctuary_crypto::pow::{self, Challenge, ChallengeKey, Kind, Solution};
use serde::Serialize;

use crate::http::{client, runtime};
use crate::setup::BenchState;
use crate::stats::quantile;
use crate::submit::seal_reports;

/// Solve times at one number of leading zero bits.
#[derive(Debug, Serialize)]
pub(crate) struct SolveFigures {
    /// Leading zero bits (the level of a message challenge).
    pub(crate) bits: u8,
    /// Challenges solved.
    pub(crate) runs: usize,
    /// Median and 95th percentile time to solve, milliseconds.
    pub(crate) median_ms: f64,
    pub(crate) p95_ms: f64,
    /// Median and 95th percentile Argon2id evaluations needed.
    pub(crate) evaluations_median: u64,
    pub(crate) evaluations_p95: u64,
}

/// What `pow` measured.
#[derive(Debug, Serialize)]
pub(crate) struct PowFigures {
    /// One row per number of bits, 0 up to the most asked.
    pub(crate) levels: Vec<SolveFigures>,
    /// The server's verification of one solution (MAC, then one Argon2id
    /// evaluation): median and 95th percentile, milliseconds.
    pub(crate) verify_median_ms: f64,
    pub(crate) verify_p95_ms: f64,
}

impl PowFigures {
    /// One line per number of bits, then the verification cost.
    pub(crate) fn lines(&self) -> String {
        let mut out: Vec<String> = self
            .levels
            .iter()
            .map(|l| {
                format!(
                    "{} bits: median {:.1} ms, p95 {:.1} ms ({} / {} tries) over {} runs",
                    l.bits, l.median_ms, l.p95_ms, l.evaluations_median, l.evaluations_p95, l.runs
                )
            })
            .collect();
        out.push(format!(
            "verification: median {:.2} ms, p95 {:.2} ms",
            self.verify_median_ms, self.verify_p95_ms
        ));
        out.join("\n")
    }
}

impl FloodFigures {
    /// What happened, in two lines.
    pub(crate) fn lines(&self) -> String {
        format!(
            "{}: {} attackers sent {} junk reports in {:.0} s, {} accepted ({:.0} per minute; \
             {:.1} s spent solving; highest level {})\n\
             honest: {} of {} stored ({:.1} %), median {:.0} ms, p95 {:.0} ms",
            self.label,
            self.attackers,
            self.junk_sent,
            self.seconds,
            self.junk_accepted,
            self.junk_accepted_per_minute,
            self.attacker_solving_seconds,
            self.max_level,
            self.honest_stored,
            self.honest_attempts,
            self.honest_success_percent,
            self.honest_median_ms,
            self.honest_p95_ms
        )
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `q` quantile of `values`, nearest rank.
fn quantile_u64(values: &mut [u64], q: f64) -> u64 {
    values.sort_unstable();
    if values.is_empty() {
        return 0;
    }
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

/// Solves `runs` fresh message challenges at each of 0..=`max_bits`
/// leading zero bits, as the CLI does (`sanctuary_crypto::pow::solve`),
/// and times the server's verification of each solution.
pub(crate) fn pow(max_bits: u8, runs: usize) -> Result<PowFigures> {
    let key = ChallengeKey::generate();
    // A report in the 16 KiB bucket: the binding hashes all of it.
    let body = vec![0x5au8; 17_000];
    let binding = pow::binding(&body);
    let mut levels = Vec::new();
    let mut verify = Vec::new();
    for bits in 0..=max_bits {
        let mut times = Vec::with_capacity(runs);
        let mut evaluations = Vec::with_capacity(runs);
        for _ in 0..runs {
            let challenge = Challenge::new(Kind::Message, bits, body.len() as u64, unix_now());
            let token = key
                .issue(&challenge)
                .map_err(|e| anyhow!("issuing a challenge: {e}"))?;
            let t = Instant::now();
            let counter = pow::solve(&token, &binding, |_| {});
            times.push(t.elapsed());
            evaluations.push(counter + 1);

            let t = Instant::now();
            key.verify(&token, Kind::Message, body.len() as u64, unix_now())
                .map_err(|e| anyhow!("a fresh solution failed verification: {e}"))?;
            let solved = pow::check(&token, &binding, counter);
            verify.push(t.elapsed());
            if !solved {
                return Err(anyhow!("a solution did not check"));
            }
        }
        times.sort_unstable();
        levels.push(SolveFigures {
            bits,
            runs,
            median_ms: ms(quantile(&times, 0.5)),
            p95_ms: ms(quantile(&times, 0.95)),
            evaluations_median: quantile_u64(&mut evaluations, 0.5),
            evaluations_p95: quantile_u64(&mut evaluations, 0.95),
        });
    }
    verify.sort_unstable();
    Ok(PowFigures {
        levels,
        verify_median_ms: ms(quantile(&verify, 0.5)),
        verify_p95_ms: ms(quantile(&verify, 0.95)),
    })
}

/// Options of `flood`.
pub(crate) struct FloodOptions {
    pub(crate) server: reqwest::Url,
    /// How long the flood lasts.
    pub(crate) duration: Duration,
    /// Attacking threads, each sending junk reports back to back.
    pub(crate) attackers: usize,
    /// Time between two honest reports.
    pub(crate) honest_every: Duration,
    /// Names the run in the output (`defence` or `no-defence`).
    pub(crate) label: String,
}

/// What a flood did.
#[derive(Debug, Serialize)]
pub(crate) struct FloodFigures {
    pub(crate) label: String,
    pub(crate) seconds: f64,
    pub(crate) attackers: usize,
    /// Junk reports sent, and accepted (stored) by the server.
    pub(crate) junk_sent: usize,
    pub(crate) junk_accepted: usize,
    pub(crate) junk_accepted_per_minute: f64,
    /// Seconds the attackers spent solving challenges, in total.
    pub(crate) attacker_solving_seconds: f64,
    /// Honest reports attempted, and stored (at most one retry with a
    /// fresh challenge, as the clients do).
    pub(crate) honest_attempts: usize,
    pub(crate) honest_stored: usize,
    pub(crate) honest_success_percent: f64,
    /// Time from the first challenge to the answer, for stored honest
    /// reports: median and 95th percentile, milliseconds.
    pub(crate) honest_median_ms: f64,
    pub(crate) honest_p95_ms: f64,
    /// The highest level a challenge showed during the flood.
    pub(crate) max_level: u8,
}

/// One client's submission as the CLI and the page make it: fetch a
/// challenge, solve it unless the server is quiet (level 0, no bits), send;
/// on a `pow_*` refusal, once more with a fresh challenge.
struct Submitter {
    client: reqwest::Client,
    challenge_url: reqwest::Url,
    post_url: reqwest::Url,
    roster_version: String,
}

/// How a submission ended.
struct Outcome {
    stored: bool,
    solving: Duration,
    level: u8,
}

impl Submitter {
    fn new(server: &reqwest::Url, roster_version: u64, len: usize) -> Result<Self> {
        Ok(Self {
            client: client()?,
            challenge_url: server.join(&format!("v1/pow?kind=message&size={len}"))?,
            post_url: server.join("v1/messages")?,
            roster_version: roster_version.to_string(),
        })
    }

    async fn submit(&self, blob: &Bytes) -> Outcome {
        let mut outcome = Outcome {
            stored: false,
            solving: Duration::ZERO,
            level: 0,
        };
        for _ in 0..2 {
            let Ok(r) = self.client.get(self.challenge_url.clone()).send().await else {
                return outcome;
            };
            let Ok(c) = r.json::<PowChallenge>().await else {
                return outcome;
            };
            outcome.level = outcome.level.max(c.level);
            let mut request = self
                .client
                .post(self.post_url.clone())
                .header(ROSTER_VERSION_HEADER, &self.roster_version)
                .header("content-type", "application/octet-stream")
                .body(blob.clone());
            if c.level > 0 || c.bits > 0 {
                let t = Instant::now();
                // The solving blocks this client's thread, as it would
                // block a real client's CPU.
                let counter = pow::solve(&c.challenge, &pow::binding(blob), |_| {});
                outcome.solving += t.elapsed();
                let solution = Solution {
                    token: c.challenge,
                    counter,
                };
                request = request.header(pow::HEADER, solution.to_header_value());
            }
            let Ok(r) = request.send().await else {
                return outcome;
            };
            if r.status() == reqwest::StatusCode::CREATED {
                outcome.stored = r.bytes().await.is_ok();
                return outcome;
            }
            let retry = r.json::<ErrorBody>().await.is_ok_and(|e| {
                matches!(
                    e.code(),
                    Some(ErrorCode::PowRequired | ErrorCode::PowExpired | ErrorCode::PowReused)
                )
            });
            if !retry {
                return outcome;
            }
        }
        outcome
    }
}

#[derive(Default)]
struct Tally {
    junk_sent: AtomicUsize,
    junk_accepted: AtomicUsize,
    solving_us: AtomicU64,
    max_level: AtomicUsize,
}

impl Tally {
    fn level(&self, outcome: &Outcome) {
        self.max_level
            .fetch_max(usize::from(outcome.level), Ordering::Relaxed);
    }

    fn junk(&self, outcome: &Outcome) {
        self.level(outcome);
        self.solving_us.fetch_add(
            u64::try_from(outcome.solving.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        self.junk_sent.fetch_add(1, Ordering::Relaxed);
        if outcome.stored {
            self.junk_accepted.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Attackers send junk reports back to back for the duration, each on
/// its own thread (its own core time for solving); an honest reporter
/// sends one report every `honest_every` meanwhile.
pub(crate) fn flood(state: &BenchState, options: &FloodOptions) -> Result<FloodFigures> {
    let blobs: Arc<Vec<Bytes>> = Arc::new(
        seal_reports(state, 256)?
            .into_iter()
            .map(Bytes::from)
            .collect(),
    );
    let len = blobs.first().map(Bytes::len).context("no report sealed")?;
    let version = state.roster.version();
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();

    let attackers: Vec<_> = (0..options.attackers)
        .map(|a| {
            let (blobs, tally, stop) = (Arc::clone(&blobs), Arc::clone(&tally), Arc::clone(&stop));
            let submitter = Submitter::new(&options.server, version, len);
            std::thread::spawn(move || -> Result<()> {
                let submitter = submitter?;
                runtime()?.block_on(async {
                    // Each attacker starts at its own place in the pool.
                    let mut n = a * 37;
                    while !stop.load(Ordering::Relaxed) {
                        let outcome = submitter.submit(&blobs[n % blobs.len()]).await;
                        tally.junk(&outcome);
                        n += 1;
                    }
                });
                Ok(())
            })
        })
        .collect();

    let honest = Submitter::new(&options.server, version, len)?;
    let honest_blobs = seal_reports(state, 64)?;
    let mut attempts = 0;
    let mut latencies = Vec::new();
    runtime()?.block_on(async {
        let mut next = Instant::now() + options.honest_every;
        while start.elapsed() < options.duration {
            tokio::time::sleep_until(next.into()).await;
            next += options.honest_every;
            let blob = Bytes::from(honest_blobs[attempts % honest_blobs.len()].clone());
            attempts += 1;
            let t = Instant::now();
            let outcome = honest.submit(&blob).await;
            tally.level(&outcome);
            if outcome.stored {
                latencies.push(t.elapsed());
            }
        }
    });
    stop.store(true, Ordering::Relaxed);
    for a in attackers {
        a.join()
            .map_err(|_| anyhow!("an attacker thread panicked"))??;
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let junk_accepted = tally.junk_accepted.load(Ordering::Relaxed);
    Ok(FloodFigures {
        label: options.label.clone(),
        seconds,
        attackers: options.attackers,
        junk_sent: tally.junk_sent.load(Ordering::Relaxed),
        junk_accepted,
        junk_accepted_per_minute: junk_accepted as f64 * 60.0 / seconds,
        attacker_solving_seconds: tally.solving_us.load(Ordering::Relaxed) as f64 / 1e6,
        honest_attempts: attempts,
        honest_stored: latencies.len(),
        honest_success_percent: if attempts == 0 {
            0.0
        } else {
            100.0 * latencies.len() as f64 / attempts as f64
        },
        honest_median_ms: ms(quantile(&latencies, 0.5)),
        honest_p95_ms: ms(quantile(&latencies, 0.95)),
        max_level: u8::try_from(tally.max_level.load(Ordering::Relaxed)).unwrap_or(u8::MAX),
    })
}
