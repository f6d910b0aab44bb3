//! An operator who records every request a caseworker's client sends
//! (paths, bodies, order) tries to link what belongs together: which
//! attachment, which follow-up and which mailbox belongs to which report
//! (protocol §9.1, issue 12). Twelve reporters write, each with a file,
//! half of them follow up; they talk to the server directly. The caseworker
//! syncs, replies to nine, closes eight threads with
//! `--delete-from-server` and syncs again, all through the operator's
//! recording proxy. The test knows the truth (from the caseworker's own
//! store) and checks that
//!
//! * the attachments are not downloaded in the order of their reports, and
//!   the deletions of the closed threads are not grouped by thread;
//! * a simple linker, given only the recording (and, generously, told which
//!   IDs are reports, follow-ups and attachments), pairs no better than
//!   chance.
//!
//! The same checks run on orderings built in the test that group by thread,
//! and must catch them: the test can fail.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use sanctuary_crypto::age::secrecy::SecretString;
use sanctuary_crypto::keyfile::{decrypt_with_passphrase, encrypt_with_passphrase};
use sanctuary_crypto::receipt::Receipt;
use sanctuary_tests::recording::{Request, recorded};
use sanctuary_tests::socks::Proxy;
use sanctuary_tests::{Cli, PASSPHRASE, Server};

/// Reporters in the story.
const REPORTERS: usize = 12;
/// Threads the caseworker replies to.
const REPLIED: usize = 9;

/// The significance level of each of the linker's four verdicts on the
/// real recording (two strategies, two scopes). A client that shuffles
/// correctly fails one of them with probability at most 4 × 2.5e-4 = 0.1 %
/// (union bound; the two order checks add 2.1e-9 and 3.4e-10, see the
/// test). With this story, when the linker guesses every item,
/// the thresholds come out at 10 right guesses of 27 in the download scope
/// (12 files, 6 follow-ups and 9 mailboxes among 12 reports; P = 9.6e-5)
/// and 8 of 12 in the deletion scope (8 files and 4 follow-ups among 8
/// reports; P = 1.2e-4), computed exactly by [`chance`].
const ALPHA: f64 = 2.5e-4;

/// What one recorded request did with one ID, in the recorded order.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Event {
    /// A message downloaded (`POST /v1/case/inbox/fetch`, one per ID).
    Fetch(String),
    /// An attachment downloaded (`GET /v1/attachments/ID`).
    FetchFile(String),
    /// A reply posted to this mailbox (`POST /v1/replies`).
    Reply(String),
    /// A message or attachment deleted (`DELETE /v1/inbox/ID`,
    /// `DELETE /v1/attachments/ID`).
    Delete(String),
}

/// The operator's reading of the recording.
fn events(requests: &[Request]) -> Vec<Event> {
    let mut out = Vec::new();
    for r in requests {
        let route = r.route();
        match (r.method.as_str(), route) {
            ("POST", "/v1/case/inbox/fetch") => {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                out.extend(
                    body["ids"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|id| Event::Fetch(id.as_str().unwrap().to_owned())),
                );
            }
            ("POST", "/v1/replies") => {
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                out.push(Event::Reply(body["mailbox"].as_str().unwrap().to_owned()));
            }
            ("GET", _) if route.starts_with("/v1/attachments/") => {
                out.push(Event::FetchFile(
                    route["/v1/attachments/".len()..].to_owned(),
                ));
            }
            ("DELETE", _) => {
                let id = route
                    .strip_prefix("/v1/inbox/")
                    .or_else(|| route.strip_prefix("/v1/attachments/"))
                    .unwrap_or_else(|| panic!("DELETE {route}"));
                out.push(Event::Delete(id.to_owned()));
            }
            _ => {}
        }
    }
    out
}

/// What the linker pairs with reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Report,
    Attachment,
    FollowUp,
    Mailbox,
}

/// Which IDs are reports, follow-ups and attachments. The routes tell
/// messages from files, but not reports from follow-ups (same size bucket,
/// same day): the linker is told anyway, so that it has every chance.
#[derive(Debug)]
struct Known {
    kinds: BTreeMap<String, Kind>,
}

/// Where the linker looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// Downloads and reply posts: a file can only be fetched after its
    /// message, a reply only posted after the report was read.
    Downloads,
    /// The deletions of closed threads.
    Deletions,
}

/// How the linker guesses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    /// The k-th attachment (follow-up, mailbox) belongs to the k-th report.
    Rank,
    /// Each belongs to the nearest report not yet taken: the last one
    /// fetched before it (downloads, replies), or the nearest on either
    /// side (deletions, earlier on a tie).
    Adjacent,
}

/// The scope's items in recorded order, each ID once (its first
/// appearance), with their kinds.
fn sequence(events: &[Event], known: &Known, scope: Scope) -> Vec<(Kind, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for event in events {
        let item = match (scope, event) {
            (Scope::Downloads, Event::Fetch(id) | Event::FetchFile(id)) => {
                known.kinds.get(id).map(|k| (*k, id.clone()))
            }
            (Scope::Downloads, Event::Reply(mailbox)) => Some((Kind::Mailbox, mailbox.clone())),
            (Scope::Deletions, Event::Delete(id)) => known.kinds.get(id).map(|k| (*k, id.clone())),
            _ => None,
        };
        if let Some(item) = item
            && seen.insert(item.clone())
        {
            out.push(item);
        }
    }
    out
}

/// The linker's guesses, per kind: item → report.
type Guesses = BTreeMap<Kind, BTreeMap<String, String>>;

/// Pairs each attachment, follow-up and mailbox of `seq` with a report.
fn link(seq: &[(Kind, String)], scope: Scope, strategy: Strategy) -> Guesses {
    let reports: Vec<(usize, &String)> = seq
        .iter()
        .enumerate()
        .filter(|(_, (k, _))| *k == Kind::Report)
        .map(|(i, (_, id))| (i, id))
        .collect();
    let mut guesses = Guesses::new();
    for kind in [Kind::Attachment, Kind::FollowUp, Kind::Mailbox] {
        let items = seq
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| *k == kind)
            .map(|(i, (_, id))| (i, id));
        let pairs = guesses.entry(kind).or_default();
        match strategy {
            Strategy::Rank => {
                for ((_, item), (_, report)) in items.zip(&reports) {
                    pairs.insert(item.clone(), (*report).clone());
                }
            }
            Strategy::Adjacent => {
                let mut taken = BTreeSet::new();
                for (at, item) in items {
                    let distance = |pos: usize| {
                        if pos < at {
                            Some(at - pos)
                        } else if scope == Scope::Deletions {
                            Some(pos - at)
                        } else {
                            None
                        }
                    };
                    let nearest = reports
                        .iter()
                        .filter(|(_, r)| !taken.contains(*r))
                        .filter_map(|(pos, r)| distance(*pos).map(|d| (d, *pos, *r)))
                        .min();
                    if let Some((_, _, report)) = nearest {
                        taken.insert(report);
                        pairs.insert(item.clone(), report.clone());
                    }
                }
            }
        }
    }
    guesses
}

/// P(exactly j of k guesses are right), j = 0..=k, when the k guessed
/// items belong to k different reports among n and which ones is uniformly
/// random: k distinct guesses against a random injective map. By
/// inclusion–exclusion over the set of right guesses; exact in integers.
/// For k = n = 12 (the attachments) this is the number of fixed points of
/// a random permutation, about Poisson(1).
fn chance(k: usize, n: usize) -> Vec<f64> {
    assert!(k <= n && n <= 20, "k = {k}, n = {n}");
    let falling =
        |from: usize, count: usize| -> i128 { (0..count).map(|i| (from - i) as i128).product() };
    let binomial = |a: usize, b: usize| falling(a, b) / falling(b, b);
    let total = falling(n, k);
    (0..=k)
        .map(|j| {
            let exactly: i128 = (j..=k)
                .map(|s| {
                    let term = binomial(s, j) * binomial(k, s) * falling(n - s, k - s);
                    if (s - j).is_multiple_of(2) {
                        term
                    } else {
                        -term
                    }
                })
                .sum();
            exactly as f64 / total as f64
        })
        .collect()
}

/// The distribution of a sum of independent counts.
fn convolve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// How one strategy did in one scope.
#[derive(Debug)]
struct Verdict {
    scope: Scope,
    strategy: Strategy,
    /// Right guesses of all kinds.
    right: usize,
    /// Guesses made of all kinds.
    guessed: usize,
    /// Per kind: right, guessed, reports to choose from.
    detail: BTreeMap<Kind, (usize, usize, usize)>,
    /// The chance that a client that shuffles correctly lets the linker
    /// guess this many or more right.
    p: f64,
}

/// Runs the linker on a recording and scores it against the truth.
///
/// Under a correct client the order the operator sees is independent of
/// which item belongs to which report: report positions come from random
/// server IDs, attachments and deletions from the client's shuffle, reply
/// order from the caseworker. Given the report positions, the labels of
/// each kind are then a uniformly random injective map into the reports in
/// scope, independently per kind, so the right guesses of each kind follow
/// [`chance`] and their sum the convolution.
fn verdicts(requests: &[Request], known: &Known, truth: &BTreeMap<String, String>) -> Vec<Verdict> {
    let events = events(requests);
    let mut out = Vec::new();
    for scope in [Scope::Downloads, Scope::Deletions] {
        let seq = sequence(&events, known, scope);
        let reports = seq.iter().filter(|(k, _)| *k == Kind::Report).count();
        for strategy in [Strategy::Rank, Strategy::Adjacent] {
            let guesses = link(&seq, scope, strategy);
            let mut distribution = vec![1.0];
            let mut detail = BTreeMap::new();
            for (kind, pairs) in &guesses {
                let right = pairs
                    .iter()
                    .filter(|(item, report)| truth.get(*item) == Some(report))
                    .count();
                distribution = convolve(&distribution, &chance(pairs.len(), reports));
                detail.insert(*kind, (right, pairs.len(), reports));
            }
            let right = detail.values().map(|d| d.0).sum();
            out.push(Verdict {
                scope,
                strategy,
                right,
                guessed: detail.values().map(|d| d.1).sum(),
                detail,
                p: distribution[right..].iter().sum(),
            });
        }
    }
    out
}

/// Whether the attachments were downloaded in the order of their reports'
/// downloads. A random order is that one with probability 1/12! ≈ 2.1e-9.
fn files_follow_reports(
    requests: &[Request],
    known: &Known,
    truth: &BTreeMap<String, String>,
) -> bool {
    let seq = sequence(&events(requests), known, Scope::Downloads);
    let rank: BTreeMap<&String, usize> = seq
        .iter()
        .filter(|(k, _)| *k == Kind::Report)
        .enumerate()
        .map(|(rank, (_, id))| (id, rank))
        .collect();
    let order: Vec<usize> = seq
        .iter()
        .filter(|(k, _)| *k == Kind::Attachment)
        .map(|(_, id)| rank[&truth[id]])
        .collect();
    order.windows(2).all(|w| w[0] < w[1])
}

/// For each closed thread, whether its deletions were sent one after
/// another; and the chance that a uniform shuffle of these deletions keeps
/// every thread together: t! × Π sᵢ! / N! for t threads of sᵢ deletions,
/// N in all.
fn deletions_per_thread(
    requests: &[Request],
    known: &Known,
    truth: &BTreeMap<String, String>,
) -> (Vec<bool>, f64) {
    let seq = sequence(&events(requests), known, Scope::Deletions);
    let mut positions: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
    for (at, (kind, id)) in seq.iter().enumerate() {
        let thread = if *kind == Kind::Report {
            id
        } else {
            &truth[id]
        };
        positions.entry(thread).or_default().push(at);
    }
    let factorial = |n: usize| (1..=n).map(|i| i as f64).product::<f64>();
    let together = factorial(positions.len())
        * positions
            .values()
            .map(|p| factorial(p.len()))
            .product::<f64>()
        / factorial(seq.len());
    let contiguous = positions
        .values()
        .map(|p| p[p.len() - 1] - p[0] + 1 == p.len())
        .collect();
    (contiguous, together)
}

/// One thread of the story, as the caseworker's store shows it.
#[derive(Debug)]
struct Thread {
    report: String,
    attachment: String,
    follow_up: Option<String>,
    mailbox: String,
    replied: bool,
    closed: bool,
}

/// What a client that groups by thread would send: each thread's messages,
/// file and reply one after another, then each closed thread's deletions
/// together.
fn thread_by_thread(threads: &[Thread]) -> Vec<Request> {
    let fetch = |id: &str| {
        Request::new(
            "POST",
            "/v1/case/inbox/fetch",
            &format!(r#"{{"ids":["{id}"]}}"#),
        )
    };
    let mut out = Vec::new();
    for t in threads {
        out.push(fetch(&t.report));
        out.extend(t.follow_up.as_deref().map(fetch));
        out.push(Request::new(
            "GET",
            &format!("/v1/attachments/{}", t.attachment),
            "",
        ));
        if t.replied {
            out.push(reply(&t.mailbox));
        }
    }
    for t in threads.iter().filter(|t| t.closed) {
        out.push(Request::new(
            "DELETE",
            &format!("/v1/attachments/{}", t.attachment),
            "",
        ));
        out.push(Request::new(
            "DELETE",
            &format!("/v1/inbox/{}", t.report),
            "",
        ));
        if let Some(f) = &t.follow_up {
            out.push(Request::new("DELETE", &format!("/v1/inbox/{f}"), ""));
        }
    }
    out
}

/// What a client that batches but keeps one thread order everywhere would
/// send: one download of all messages, each report followed by its
/// follow-up, the files and replies in the reports' order, the deletions
/// of reports, then files, then follow-ups, each in that order.
fn sorted_by_thread(threads: &[Thread]) -> Vec<Request> {
    let ids: Vec<String> = threads
        .iter()
        .flat_map(|t| std::iter::once(&t.report).chain(&t.follow_up))
        .map(|id| format!(r#""{id}""#))
        .collect();
    let mut out = vec![Request::new(
        "POST",
        "/v1/case/inbox/fetch",
        &format!(r#"{{"ids":[{}]}}"#, ids.join(",")),
    )];
    out.extend(
        threads
            .iter()
            .map(|t| Request::new("GET", &format!("/v1/attachments/{}", t.attachment), "")),
    );
    out.extend(
        threads
            .iter()
            .filter(|t| t.replied)
            .map(|t| reply(&t.mailbox)),
    );
    let closed: Vec<&Thread> = threads.iter().filter(|t| t.closed).collect();
    out.extend(
        closed
            .iter()
            .map(|t| Request::new("DELETE", &format!("/v1/inbox/{}", t.report), "")),
    );
    out.extend(
        closed
            .iter()
            .map(|t| Request::new("DELETE", &format!("/v1/attachments/{}", t.attachment), "")),
    );
    out.extend(closed.iter().filter_map(|t| {
        t.follow_up
            .as_ref()
            .map(|f| Request::new("DELETE", &format!("/v1/inbox/{f}"), ""))
    }));
    out
}

/// A reply post to `mailbox`, as the client sends it (the fields the
/// linker does not read left empty).
fn reply(mailbox: &str) -> Request {
    Request::new(
        "POST",
        "/v1/replies",
        &format!(r#"{{"mailbox":"{mailbox}","forget_hash":"00","blob":"","attachments":[]}}"#),
    )
}

#[test]
fn an_operator_recording_a_caseworker_cannot_link_files_follow_ups_or_mailboxes_to_reports() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Thirty submissions: more than a quiet server takes without a proof of
    // work, which this test is not about.
    let server = Server::start(&root.join("data"), &["--pow-max-level", "0"]);
    let url = server.url.clone();
    let person = |name: &str| {
        let dir = root.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        Cli::new(&dir)
    };
    let admin = person("admin");
    let unit = admin.unit_init("Riverside Unit");
    let cw = person("caseworker");
    let card = cw.caseworker_init("PC-Jones");
    admin.unit_publish(&url, &[&card], &["--enroll", &server.enrollment_code()]);
    // The same key under a cheap passphrase hash: the caseworker runs over
    // thirty commands, each opening it.
    let key_file = cw.cwd.join("cw.key");
    let passphrase = || SecretString::from(PASSPHRASE.to_owned());
    let plain = decrypt_with_passphrase(&std::fs::read(&key_file).unwrap(), passphrase()).unwrap();
    std::fs::write(
        &key_file,
        encrypt_with_passphrase(&plain, passphrase(), Some(10)).unwrap(),
    )
    .unwrap();

    // Twelve reporters, straight to the server, each with a file of the
    // same size; the even ones follow up at once.
    let mut receipts = Vec::new();
    for n in 0..REPORTERS {
        let r = person(&format!("reporter-{n}"));
        let file = r.cwd.join("notes.txt");
        std::fs::write(&file, format!("notes of reporter {n:02}")).unwrap();
        let text = format!("REPORT-{n:02}: what happened to me");
        let receipt = r.json(
            &[
                "report",
                "submit",
                "--server",
                &url,
                "--unit",
                &unit,
                "--message",
                &text,
                "--attach",
                file.to_str().unwrap(),
            ],
            None,
        )["receipt"]
            .as_str()
            .unwrap()
            .to_owned();
        if n.is_multiple_of(2) {
            let follow_up = format!("FOLLOW-UP-{n:02}: one more thing");
            r.follow_up(&url, &unit, &follow_up, &receipt);
        }
        receipts.push(receipt);
    }

    let proxy = Proxy::start_recording();
    let via = format!("socks5h://127.0.0.1:{}", proxy.port);
    let local = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--key", "cw.key", "--store", "store"]);
        cw.ok(&all, None)
    };
    let online = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--server", &url, "--proxy", &via]);
        local(&all)
    };
    let synced = online(&["case", "sync", "--unit", &unit]);
    assert!(
        synced.contains("12 new reports, 6 new follow-ups") && synced.contains("12 files"),
        "{synced}"
    );

    // The truth, from the caseworker's store (read locally).
    let list: serde_json::Value =
        serde_json::from_str(&local(&["case", "list", "--json"])).unwrap();
    let mut threads: Vec<Option<Thread>> = (0..REPORTERS).map(|_| None).collect();
    for summary in list.as_array().unwrap() {
        let id = summary["id"].as_str().unwrap();
        let shown: serde_json::Value =
            serde_json::from_str(&local(&["case", "show", id, "--json"])).unwrap();
        let messages = shown["messages"].as_array().unwrap();
        let report = &messages[0];
        assert_eq!(report["kind"], "report");
        let n: usize = report["text"].as_str().unwrap()["REPORT-".len()..][..2]
            .parse()
            .unwrap();
        let attachments = report["attachments"].as_array().unwrap();
        assert_eq!(attachments.len(), 1, "{shown}");
        let follow_ups: Vec<&serde_json::Value> = messages
            .iter()
            .filter(|m| m["kind"] == "follow-up")
            .collect();
        assert_eq!(
            follow_ups.len(),
            usize::from(n.is_multiple_of(2)),
            "{shown}"
        );
        let keys = Receipt::parse(&receipts[n]).unwrap().derive();
        threads[n] = Some(Thread {
            report: id.to_owned(),
            attachment: attachments[0]["id"].as_str().unwrap().to_owned(),
            follow_up: follow_ups
                .first()
                .map(|f| f["id"].as_str().unwrap().to_owned()),
            mailbox: keys.mailbox_id().to_hex(),
            replied: false,
            // Eight threads, four of them with a follow-up.
            closed: !n.is_multiple_of(3),
        });
    }
    let mut threads: Vec<Thread> = threads.into_iter().map(Option::unwrap).collect();

    // Replies to nine, in the order of their receipts: random, and
    // independent of the server's IDs.
    let mut by_receipt: Vec<usize> = (0..REPORTERS).collect();
    by_receipt.sort_by_key(|&n| &receipts[n]);
    for &n in &by_receipt[..REPLIED] {
        online(&[
            "case",
            "reply",
            &threads[n].report,
            "--message",
            "Thank you. Are you safe?",
        ]);
        threads[n].replied = true;
    }
    for t in threads.iter().filter(|t| t.closed) {
        local(&["case", "close", &t.report, "--delete-from-server"]);
    }
    let synced = online(&["case", "sync"]);
    assert!(
        synced
            .contains("Deleted from the server (closed threads and spam): 12 messages and 8 files"),
        "{synced}"
    );

    let mut known = Known {
        kinds: BTreeMap::new(),
    };
    let mut truth = BTreeMap::new();
    for t in &threads {
        known.kinds.insert(t.report.clone(), Kind::Report);
        known.kinds.insert(t.attachment.clone(), Kind::Attachment);
        truth.insert(t.attachment.clone(), t.report.clone());
        truth.insert(t.mailbox.clone(), t.report.clone());
        if let Some(f) = &t.follow_up {
            known.kinds.insert(f.clone(), Kind::FollowUp);
            truth.insert(f.clone(), t.report.clone());
        }
    }

    let seen = recorded(&proxy);
    // The recording holds the whole story: every download, reply and
    // deletion, and each reply post names one of the reporters' mailboxes
    // (so the linker's mailbox guesses are scored against the truth).
    let events = events(&seen);
    let count = |f: fn(&Event) -> bool| events.iter().filter(|e| f(e)).count();
    assert_eq!(count(|e| matches!(e, Event::Fetch(_))), 18, "{events:#?}");
    assert_eq!(
        count(|e| matches!(e, Event::FetchFile(_))),
        12,
        "{events:#?}"
    );
    assert_eq!(count(|e| matches!(e, Event::Delete(_))), 20, "{events:#?}");
    let mailboxes: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e, Event::Reply(_)))
        .collect();
    assert_eq!(mailboxes.len(), REPLIED);
    assert!(
        mailboxes
            .iter()
            .all(|e| matches!(e, Event::Reply(m) if truth.contains_key(m))),
        "{mailboxes:?}"
    );
    // No other request names a mailbox.
    for request in seen.iter().filter(|r| r.route() != "/v1/replies") {
        assert!(
            !threads.iter().any(|t| request.raw.contains(&t.mailbox)),
            "{} {} names a mailbox",
            request.method,
            request.path
        );
    }

    // The files are not fetched in their reports' order (a random order
    // is, with probability 1/12! ≈ 2.1e-9).
    assert!(!files_follow_reports(&seen, &known, &truth));
    // The deletions of the eight closed threads (four of three, four of
    // two) are not sent thread by thread: a uniform shuffle keeps every
    // thread together with probability 8! 3!⁴ 2!⁴ / 20! ≈ 3.4e-10.
    let (contiguous, together) = deletions_per_thread(&seen, &known, &truth);
    assert_eq!(contiguous.len(), 8);
    assert!(together < 1e-9, "{together}");
    assert!(!contiguous.iter().all(|c| *c), "{contiguous:?}");

    // The linker does no better than chance, whatever it tries.
    for v in verdicts(&seen, &known, &truth) {
        assert!(v.guessed > 0, "{v:?}");
        assert!(
            v.p > ALPHA,
            "the operator's linker pairs better than chance: {:?} in {:?}, {} of {} right \
             (P = {:.1e}); per kind (right, guessed, reports): {:?}",
            v.strategy,
            v.scope,
            v.right,
            v.guessed,
            v.p,
            v.detail
        );
    }

    // The same checks catch a client that groups by thread.
    let grouped = thread_by_thread(&threads);
    assert!(files_follow_reports(&grouped, &known, &truth));
    let (contiguous, _) = deletions_per_thread(&grouped, &known, &truth);
    assert!(contiguous.iter().all(|c| *c));
    for leaky in [grouped, sorted_by_thread(&threads)] {
        let verdicts = verdicts(&leaky, &known, &truth);
        for scope in [Scope::Downloads, Scope::Deletions] {
            assert!(
                verdicts.iter().any(|v| v.scope == scope && v.p <= ALPHA),
                "the linker misses a grouped order: {verdicts:#?}"
            );
        }
    }
}

#[test]
fn the_chance_of_right_guesses_is_exact() {
    // Fixed points of a random permutation of 3: 2 of 6 have none, 3 one,
    // 1 all three.
    let three = chance(3, 3);
    for (p, want) in three.iter().zip([2.0 / 6.0, 3.0 / 6.0, 0.0, 1.0 / 6.0]) {
        assert!((p - want).abs() < 1e-12, "{three:?}");
    }
    // One guess among n reports is right with probability 1/n.
    assert!((chance(1, 12)[1] - 1.0 / 12.0).abs() < 1e-12);
    for (k, n) in [(12, 12), (6, 12), (9, 12), (8, 8), (4, 8)] {
        let d = chance(k, n);
        assert!((d.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{k} {n}");
    }
    // The thresholds the story's comments state.
    let downloads = convolve(&convolve(&chance(12, 12), &chance(6, 12)), &chance(9, 12));
    let tail = |d: &[f64], t: usize| d[t..].iter().sum::<f64>();
    assert!(tail(&downloads, 10) < ALPHA && tail(&downloads, 9) > ALPHA);
    let deletions = convolve(&chance(8, 8), &chance(4, 8));
    assert!(tail(&deletions, 8) < ALPHA && tail(&deletions, 7) > ALPHA);
    // Twelve reports: six or more right pairings by chance ≈ 0.06 %.
    assert!((tail(&chance(12, 12), 6) - 5.9e-4).abs() < 0.1e-4);
}
