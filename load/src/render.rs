//! `render`: writes `docs/benchmarks.md` from the figures `scripts/bench.sh`
//! collected (one JSON object per line: `{"name": …, "result": …}`), the
//! criterion estimates, the machine description, the profile notes and the
//! exact commands that were run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_json::Value;

/// Options of `render`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
    /// The figures, one JSON object per line.
    #[arg(long)]
    results: PathBuf,
    /// Criterion's output folder (`target/criterion`).
    #[arg(long)]
    criterion: PathBuf,
    /// The machine description (Markdown lines).
    #[arg(long)]
    machine: PathBuf,
    /// The commands that were run, one per line.
    #[arg(long)]
    commands: PathBuf,
    /// What the profiles showed and what changed (Markdown).
    #[arg(long)]
    notes: PathBuf,
    /// The reporter page's browser figures (Markdown, written by
    /// `web/scripts/bench.mjs --out`), if they were measured.
    #[arg(long)]
    web: Option<PathBuf>,
    /// `quick` or `full`.
    #[arg(long)]
    mode: String,
    /// Where to write the Markdown.
    #[arg(long)]
    out: PathBuf,
}

/// The figures by name.
struct Figures(BTreeMap<String, Value>);

impl Figures {
    fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let mut map = BTreeMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: Value =
                serde_json::from_str(line).with_context(|| format!("bad result line: {line}"))?;
            if let (Some(name), Some(result)) = (v["name"].as_str(), v.get("result")) {
                map.insert(name.to_owned(), result.clone());
            }
        }
        Ok(Self(map))
    }

    /// A number at `name` then `path` (`a.b` or `a.0.b`).
    fn num(&self, name: &str, path: &str) -> Option<f64> {
        let mut v = self.0.get(name)?;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            v = match part.parse::<usize>() {
                Ok(i) => v.get(i)?,
                Err(_) => v.get(part)?,
            };
        }
        v.as_f64()
    }
}

/// One row of the targets table.
struct Row {
    what: &'static str,
    measured: String,
    compared: String,
    figure: String,
    target: &'static str,
    pass: Option<bool>,
}

fn f(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{x:.decimals$}"))
}

fn verdict(pass: Option<bool>) -> &'static str {
    match pass {
        Some(true) => "**pass**",
        Some(false) => "**miss**",
        None => "not measured",
    }
}

fn rows(fig: &Figures) -> Vec<Row> {
    let mut rows = Vec::new();

    let submit = fig.num("submit", "rps");
    let p99 = fig.num("submit", "p99_ms");
    // Submissions/s against a baseline figure, at p99 ≤ 50 ms.
    let submit_row = |what, compared, base: Option<f64>, min: f64, target| {
        let ratio = submit.zip(base).map(|(s, b)| s / b);
        Row {
            what,
            measured: format!("{} req/s, p99 {} ms", f(submit, 0), f(p99, 1)),
            compared,
            figure: format!("{} ×", f(ratio, 2)),
            target,
            pass: ratio.zip(p99).map(|(r, p)| r >= min && p <= 50.0),
        }
    };
    let best = fig.num("baseline", "best_inserts_per_s");
    rows.push(submit_row(
        "durable report submissions/s, 16 KiB bucket, 64 clients over HTTP",
        format!(
            "rusqlite baseline {} inserts/s (best batch {})",
            f(best, 0),
            f(fig.num("baseline", "best_batch"), 0)
        ),
        best,
        0.6,
        "≥ 0.6 ×, p99 ≤ 50 ms",
    ));
    // 64 closed-loop clients can put at most 64 reports in one commit.
    let at_64 = baseline_at(fig, 64);
    rows.push(submit_row(
        "durable report submissions/s (proposed target, see the notes)",
        format!(
            "rusqlite baseline at 64 rows per commit, the most 64 clients allow: {} inserts/s",
            f(at_64, 0)
        ),
        at_64,
        0.9,
        "≥ 0.9 ×, p99 ≤ 50 ms",
    ));

    let small = fig.num("fetch-small", "p99_ms");
    let large = fig.num("fetch-large", "p99_ms");
    let ratio = small.zip(large).map(|(s, l)| l / s);
    rows.push(Row {
        what: "mailbox fetch p99, many vs few mailboxes",
        measured: format!(
            "{} ms with {} mailboxes",
            f(large, 2),
            f(fig.num("fetch-sizes", "large"), 0)
        ),
        compared: format!(
            "{} ms with {} mailboxes",
            f(small, 2),
            f(fig.num("fetch-sizes", "small"), 0)
        ),
        figure: format!("{} ×", f(ratio, 2)),
        target: "≤ 1.5 ×",
        pass: ratio.map(|r| r <= 1.5),
    });

    let sync = fig.num("sync", "sync_seconds");
    let unlock = fig.num("sync", "unlock_seconds");
    let net = sync.zip(unlock).map(|(s, u)| s - u);
    let age = fig.num("age-open", "seconds");
    let ratio = age.zip(net).map(|(a, n)| a / n);
    rows.push(Row {
        what: "caseworker sync and open of the reports",
        measured: format!(
            "{} reports: `case sync` {} s − key unlock {} s = {} s",
            f(fig.num("sync", "reports"), 0),
            f(sync, 2),
            f(unlock, 2),
            f(net, 2)
        ),
        compared: format!("age crate alone, tight loop: {} s", f(age, 2)),
        figure: format!("{} ×", f(ratio, 2)),
        target: "≥ 0.7 ×",
        pass: ratio.map(|r| r >= 0.7),
    });

    let ours = fig.num("seal", "mib_per_s");
    let go = fig.num("age-go", "mib_per_s");
    let crate_alone = fig.num("age-crate-seal", "mib_per_s");
    // Sealing throughput against another sealer's, at least 0.9 × of it.
    let seal_row = |what, compared, other: Option<f64>| {
        let ratio = ours.zip(other).map(|(o, c)| o / c);
        Row {
            what,
            measured: format!("{} MiB/s", f(ours, 0)),
            compared,
            figure: format!("{} ×", f(ratio, 2)),
            target: "≥ 0.9 ×",
            pass: ratio.map(|r| r >= 0.9),
        }
    };
    rows.push(seal_row(
        "sealing a 256 MiB attachment (metadata check included)",
        format!(
            "`age -r` (Go) {} MiB/s; the age crate alone reaches {} × of it",
            f(go, 0),
            f(crate_alone.zip(go).map(|(c, g)| c / g), 2)
        ),
        go,
    ));
    rows.push(seal_row(
        "sealing a 256 MiB attachment (proposed target, see the notes)",
        format!(
            "the `age` crate alone, same recipients and file, {} MiB/s",
            f(crate_alone, 0)
        ),
        crate_alone,
    ));

    let mib = |name: &str, path: &str| fig.num(name, path).map(|k| k / 1024.0);
    // A figure with an upper bound and nothing to compare with.
    let bounded = |what, measured, value: Option<f64>, unit, limit: f64, target| Row {
        what,
        measured,
        compared: "—".into(),
        figure: format!("{} {unit}", f(value, 1)),
        target,
        pass: value.map(|v| v <= limit),
    };
    let client = mib("client-upload", "max_rss_kib");
    rows.push(bounded(
        "peak memory, client sealing and uploading 1 GiB",
        format!("{} MiB", f(client, 1)),
        client,
        "MiB",
        64.0,
        "≤ 64 MiB",
    ));
    let server = mib("server-upload", "hwm_kib");
    rows.push(bounded(
        "peak memory, server receiving 1 GiB",
        format!("{} MiB", f(server, 1)),
        server,
        "MiB",
        64.0,
        "≤ 64 MiB",
    ));
    let idle = fig.num("startup", "idle_rss_mib_max");
    rows.push(bounded(
        "server idle memory",
        format!("{} MiB (largest of the runs)", f(idle, 1)),
        idle,
        "MiB",
        20.0,
        "≤ 20 MiB",
    ));
    let start = fig.num("startup", "startup_ms_median");
    rows.push(bounded(
        "server start-up to `listening on`",
        format!(
            "{} ms median, {} ms slowest",
            f(start, 1),
            f(fig.num("startup", "startup_ms_max"), 1)
        ),
        start,
        "ms",
        200.0,
        "≤ 200 ms",
    ));
    rows
}

/// Criterion benchmarks and how to show each: (path under the criterion
/// folder, label, bytes per iteration for a throughput).
const CRITERION: &[(&str, &str, Option<f64>)] = &[
    ("report/seal/1", "seal a report, 1 recipient", None),
    ("report/open/1", "open a report, 1 recipient", None),
    ("report/seal/3", "seal a report, 3 recipients", None),
    ("report/open/3", "open a report, 3 recipients", None),
    ("report/seal/10", "seal a report, 10 recipients", None),
    ("report/open/10", "open a report, 10 recipients", None),
    (
        "attachment-64MiB/seal",
        "seal a 64 MiB attachment",
        Some(64.0 * 1024.0 * 1024.0),
    ),
    (
        "attachment-64MiB/open",
        "open a 64 MiB attachment",
        Some(64.0 * 1024.0 * 1024.0),
    ),
    ("receipt/derive", "derive everything from a receipt", None),
];

fn criterion_table(dir: &Path) -> String {
    let mut out = String::from("| benchmark | mean time | throughput |\n|---|---|---|\n");
    for (path, label, bytes) in CRITERION {
        // Criterion names a top-level function's folder with `_` for `/`.
        let mean_ns = [dir.join(path), dir.join(path.replace('/', "_"))]
            .iter()
            .find_map(|d| std::fs::read_to_string(d.join("new/estimates.json")).ok())
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v["mean"]["point_estimate"].as_f64());
        let time = mean_ns.map_or_else(
            || "—".to_owned(),
            |ns| {
                if ns >= 1e6 {
                    format!("{:.2} ms", ns / 1e6)
                } else {
                    format!("{:.1} µs", ns / 1e3)
                }
            },
        );
        let thrpt = match (bytes, mean_ns) {
            (Some(b), Some(ns)) => format!("{:.0} MiB/s", b / (1024.0 * 1024.0) / (ns / 1e9)),
            _ => String::new(),
        };
        let _ = writeln!(out, "| {label} (`{path}`) | {time} | {thrpt} |");
    }
    out
}

fn load_table(fig: &Figures) -> String {
    let mut out = String::from(
        "| operation | clients | ok | errors | req/s | p50 ms | p99 ms | max ms |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    let mut summaries: Vec<&Value> = Vec::new();
    for name in ["submit", "fetch-small", "fetch-large"] {
        if let Some(v) = fig.0.get(name) {
            summaries.push(v);
        }
    }
    if let Some(Value::Array(list)) = fig.0.get("inbox") {
        summaries.extend(list.iter());
    }
    for s in summaries {
        let n = |k: &str| s[k].as_f64();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            s["op"].as_str().unwrap_or("?"),
            f(n("clients"), 0),
            f(n("ok"), 0),
            f(n("errors"), 0),
            f(n("rps"), 0),
            f(n("p50_ms"), 2),
            f(n("p99_ms"), 2),
            f(n("max_ms"), 2)
        );
    }
    out
}

/// The baseline's inserts/s at `batch` rows per commit, if it was tried.
fn baseline_at(fig: &Figures, batch: u64) -> Option<f64> {
    let trials = fig.0.get("baseline")?["trials"].as_array()?;
    trials
        .iter()
        .find(|t| t["batch"].as_u64() == Some(batch))
        .and_then(|t| t["inserts_per_s"].as_f64())
}

fn baseline_table(fig: &Figures) -> String {
    let mut out =
        String::from("| rows per commit | rows | seconds | inserts/s |\n|---|---|---|---|\n");
    if let Some(Value::Array(trials)) = fig.0.get("baseline").map(|b| &b["trials"]) {
        for t in trials {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                f(t["batch"].as_f64(), 0),
                f(t["rows"].as_f64(), 0),
                f(t["seconds"].as_f64(), 2),
                f(t["inserts_per_s"].as_f64(), 0)
            );
        }
    }
    out
}

/// Builds the whole document.
fn document(args: &RenderArgs, fig: &Figures) -> Result<String> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let machine = read(&args.machine)?;
    let commands = read(&args.commands)?;
    let notes = read(&args.notes)?;
    let rows = rows(fig);
    let passed = rows.iter().filter(|r| r.pass == Some(true)).count();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Benchmarks\n\n\
         Written by `scripts/bench.sh{}` (do not edit by hand: run it again). Every \
         target is a ratio measured in the same run, or a memory or time bound, \
         because absolute times drift on this shared machine. {passed} of {} \
         targets pass in this run.\n",
        if args.mode == "quick" { " --quick" } else { "" },
        rows.len()
    );
    let _ = writeln!(out, "## Machine and run\n\n{machine}");
    let _ = writeln!(
        out,
        "## Targets\n\n| what | measured | compared with | figure | target | result |\n\
         |---|---|---|---|---|---|"
    );
    for r in &rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.what,
            r.measured,
            r.compared,
            r.figure,
            r.target,
            verdict(r.pass)
        );
    }
    let _ = writeln!(
        out,
        "\n## Load generator (`sanctuary-load`)\n\nClosed loop: each client sends its \
         next request when the previous one is answered, over its own keep-alive \
         connection; the load generator runs on one thread, so on this two-core \
         machine the server has about one core. Blobs are sealed and caseworker \
         requests signed before the clock starts.\n\n{}",
        load_table(fig)
    );
    let _ = writeln!(
        out,
        "## rusqlite baseline (`sqlite-baseline`)\n\nThe same sealed-size blobs \
         into the same tables (`blobs`: WITHOUT ROWID, random 16-byte keys, the \
         `blobs_by_kind` index; `ciphertexts`: random integer keys), WAL, \
         `synchronous = FULL` (one fsync per commit), on the same disk; \
         the best rows-per-commit figure is the baseline.\n\n{}",
        baseline_table(fig)
    );
    let _ = writeln!(
        out,
        "## Criterion benchmarks (`cargo bench -p sanctuary-crypto`)\n\n{}",
        criterion_table(&args.criterion)
    );
    if let Some(web) = &args.web {
        let _ = writeln!(out, "{}", read(web)?);
    }
    if let Some(after) = fig.num("server-after-load", "rss_kib") {
        let _ = writeln!(
            out,
            "Server memory after the submit and caseworker load (informational): \
             {:.1} MiB resident, {:.1} MiB peak.\n",
            after / 1024.0,
            fig.num("server-after-load", "hwm_kib").unwrap_or(0.0) / 1024.0
        );
    }
    let _ = writeln!(out, "{notes}");
    let _ = writeln!(out, "## Exact commands\n\n```sh\n{}```", commands);
    Ok(out)
}

/// Writes the report.
pub(crate) fn run(args: &RenderArgs) -> Result<()> {
    let fig = Figures::load(&args.results)?;
    let text = document(args, &fig)?;
    std::fs::write(&args.out, text).with_context(|| format!("cannot write {}", args.out.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_compute_ratios_and_verdicts() {
        let text = [
            r#"{"name":"submit","result":{"rps":700.0,"p99_ms":20.0}}"#,
            r#"{"name":"baseline","result":{"best_inserts_per_s":1000.0,"best_batch":256,"trials":[{"batch":64,"inserts_per_s":750.0}]}}"#,
            r#"{"name":"fetch-small","result":{"p99_ms":2.0}}"#,
            r#"{"name":"fetch-large","result":{"p99_ms":4.0}}"#,
            r#"{"name":"seal","result":{"mib_per_s":600.0}}"#,
            r#"{"name":"age-crate-seal","result":{"mib_per_s":650.0}}"#,
            r#"{"name":"age-go","result":{"mib_per_s":1000.0}}"#,
            r#"{"name":"client-upload","result":{"max_rss_kib":9216.0}}"#,
            r#"{"name":"startup","result":{"startup_ms_median":250.0,"startup_ms_max":300.0}}"#,
        ]
        .join("\n");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.jsonl");
        std::fs::write(&path, text).unwrap();
        let fig = Figures::load(&path).unwrap();
        let rows = rows(&fig);
        assert_eq!(rows[0].pass, Some(true));
        assert_eq!(rows[0].figure, "0.70 ×");
        assert_eq!(rows[1].figure, "0.93 ×");
        assert_eq!(rows[1].pass, Some(true));
        assert_eq!(rows[2].pass, Some(false));
        assert_eq!(rows[3].pass, None);
        assert_eq!(rows[4].figure, "0.60 ×");
        assert_eq!(rows[4].pass, Some(false));
        assert!(rows[4].compared.contains("reaches 0.65 ×"));
        assert_eq!(rows[5].figure, "0.92 ×");
        assert_eq!(rows[5].pass, Some(true));
        assert_eq!(rows[6].figure, "9.0 MiB");
        assert_eq!(rows[6].pass, Some(true));
        assert_eq!(rows[7].pass, None);
        assert_eq!(rows[9].measured, "250.0 ms median, 300.0 ms slowest");
        assert_eq!(rows[9].figure, "250.0 ms");
        assert_eq!(rows[9].pass, Some(false));
    }
}
