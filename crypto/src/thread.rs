//! Order, duplicates and gaps in a thread (`docs/protocol.md` §6.3).
//!
//! Since protocol 2 every follow-up and reply carries, inside its signed
//! body, a [`Position`]: its number on its side of the thread (`seq`), the
//! highest number from the other side its writer had read (`seen`), and the
//! writer's UTC day. From these alone every client orders a thread the same
//! way ([`OrderKey`]) and can tell when a number is missing ([`Held`]),
//! whatever order the server handed the blobs out in. Messages without a
//! position come from before protocol 2 ("legacy"); clients show them first,
//! in the order they always did.
//!
//! Everything here is pure arithmetic on signed data, so that the CLI and
//! the web page agree exactly.

use std::collections::BTreeSet;
use std::ops::RangeInclusive;

use sha2::{Digest, Sha256};

use crate::day::Day;
use crate::ids::BodyDigest;

/// The largest `seq` or `seen` a message may carry (2³² − 1). Far beyond
/// any real thread, and small enough that a web page computes
/// `seq + seen` exactly with JavaScript numbers.
pub const MAX_SEQ: u64 = u32::MAX as u64;

/// Which side of a thread wrote a message. The reporter's side sorts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The report and its follow-ups.
    Reporter,
    /// The unit's replies.
    Unit,
}

/// Where a follow-up or reply stands in its thread, as its writer signed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    /// The message's number on its side: 1 for the first follow-up or the
    /// first reply (the report itself is number 0).
    pub seq: u64,
    /// The highest number from the other side the writer had read; 0 if
    /// none (a reply has always read the report, number 0).
    pub seen: u64,
    /// The writer's day (UTC) when writing.
    pub day: Day,
}

impl Position {
    /// Whether `seq` is at least 1 and neither number exceeds [`MAX_SEQ`].
    pub fn is_valid(&self) -> bool {
        (1..=MAX_SEQ).contains(&self.seq) && self.seen <= MAX_SEQ
    }

    /// The next number after `highest`, never above [`MAX_SEQ`]: what a
    /// writer puts in `seq` when `highest` is the highest number it knows
    /// on its own side (see [`next_reporter_seq`] and [`next_reply_seq`]).
    pub fn after(highest: u64) -> u64 {
        highest.saturating_add(1).clamp(1, MAX_SEQ)
    }
}

/// The `seq` of a reporter's next follow-up: one more than the highest
/// `seen` among the verified replies the reporter holds, or than the
/// highest number it sent earlier in the same session, whichever is larger.
/// The reporter keeps no state, so two follow-ups sent with no reply
/// between them share a number.
pub fn next_reporter_seq(reply_seens: impl IntoIterator<Item = u64>, sent: u64) -> u64 {
    Position::after(reply_seens.into_iter().fold(sent, u64::max))
}

/// The `seq` of the unit's next reply in a thread: one more than the
/// highest reply number the caseworker's store holds for it.
pub fn next_reply_seq(reply_seqs: impl IntoIterator<Item = u64>) -> u64 {
    Position::after(reply_seqs.into_iter().max().unwrap_or(0))
}

/// The digest of a message body exactly as it appears in the envelope.
pub fn body_digest(body: &str) -> BodyDigest {
    BodyDigest::from_bytes(Sha256::digest(body.as_bytes()).into())
}

/// The sort key of a sequenced message in its thread:
/// (`seq + seen`, side with the reporter first, `seq`, body digest).
/// Ascending keys give every reader the same order, and for honest writers
/// it puts every message after the messages its writer had read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrderKey {
    sum: u64,
    side: Side,
    seq: u64,
    digest: BodyDigest,
}

impl OrderKey {
    /// The key of a follow-up (side [`Side::Reporter`]) or reply
    /// ([`Side::Unit`]) with the given signed numbers.
    pub fn new(side: Side, seq: u64, seen: u64, digest: BodyDigest) -> Self {
        Self {
            sum: seq.saturating_add(seen),
            side,
            seq,
            digest,
        }
    }

    /// The key of the report: number 0 on the reporter's side, having seen
    /// nothing.
    pub fn report(digest: BodyDigest) -> Self {
        Self::new(Side::Reporter, 0, 0, digest)
    }

    /// The side that wrote the message.
    pub fn side(&self) -> Side {
        self.side
    }

    /// The message's number on its side.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The number the other side's message it had read: `sum − seq`.
    pub fn seen(&self) -> u64 {
        self.sum - self.seq
    }
}

/// A run of numbers missing on one side of a thread, `first..=last`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gap {
    /// The side whose messages are missing.
    pub side: Side,
    /// The first missing number.
    pub first: u64,
    /// The last missing number of the run.
    pub last: u64,
}

impl Gap {
    /// Where the gap belongs in a thread already sorted by [`OrderKey`]:
    /// the index of the first message that its first missing message would
    /// have come before — one from the same side with a higher number, or
    /// one from the other side that had read it. `keys.len()` when there is
    /// none: the gap is at the end.
    pub fn place(&self, keys: &[OrderKey]) -> usize {
        keys.iter()
            .position(|k| {
                if k.side == self.side {
                    k.seq > self.first
                } else {
                    k.seen() >= self.first
                }
            })
            .unwrap_or(keys.len())
    }
}

/// The sequenced messages of one thread that a reader holds, for finding
/// gaps. Add the report as reporter number 0 when it is held.
#[derive(Clone, Debug, Default)]
pub struct Held {
    reporter: BTreeSet<u64>,
    unit: BTreeSet<u64>,
    /// Highest `seen` among the replies: the reporter number the unit read.
    reporter_read: u64,
    /// Highest `seen` among the follow-ups: the reply number the reporter read.
    unit_read: u64,
}

impl Held {
    /// An empty thread.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts one held message (the report: [`Side::Reporter`], 0, 0).
    pub fn add(&mut self, side: Side, seq: u64, seen: u64) {
        match side {
            Side::Reporter => {
                self.reporter.insert(seq);
                self.unit_read = self.unit_read.max(seen);
            }
            Side::Unit => {
                self.unit.insert(seq);
                self.reporter_read = self.reporter_read.max(seen);
            }
        }
    }

    /// Counts a message by its key.
    pub fn add_key(&mut self, key: &OrderKey) {
        self.add(key.side, key.seq, key.seen());
    }

    /// The numbers missing on `side`: every `k` from 1 to the highest
    /// number held on that side or read by the other side that is not
    /// held, as runs.
    pub fn missing(&self, side: Side) -> Vec<Gap> {
        let (held, read) = match side {
            Side::Reporter => (&self.reporter, self.reporter_read),
            Side::Unit => (&self.unit, self.unit_read),
        };
        let top = held.last().copied().unwrap_or(0).max(read);
        missing_runs(held, 1..=top)
            .into_iter()
            .map(|r| Gap {
                side,
                first: *r.start(),
                last: *r.end(),
            })
            .collect()
    }

    /// The gaps on both sides, the reporter's first.
    pub fn gaps(&self) -> Vec<Gap> {
        let mut all = self.missing(Side::Reporter);
        all.extend(self.missing(Side::Unit));
        all
    }
}

/// The runs of numbers in `range` that `held` lacks; as many runs as
/// held numbers plus one at most, however large the range.
fn missing_runs(held: &BTreeSet<u64>, range: RangeInclusive<u64>) -> Vec<RangeInclusive<u64>> {
    let (start, end) = (*range.start(), *range.end());
    let mut runs = Vec::new();
    if start > end {
        return runs;
    }
    let mut next = start;
    for &n in held.range(range) {
        if n > next {
            runs.push(next..=n - 1);
        }
        next = n.saturating_add(1);
    }
    if next <= end {
        runs.push(next..=end);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(byte: u8) -> BodyDigest {
        BodyDigest::from_bytes([byte; 32])
    }

    #[test]
    fn order_follows_what_was_read() {
        // Report; reply 1 (read the report); follow-up 1 (read reply 1);
        // follow-up 1 again (no reply between); reply 2 (read follow-up 1).
        let report = OrderKey::report(d(9));
        let r1 = OrderKey::new(Side::Unit, 1, 0, d(5));
        let f1a = OrderKey::new(Side::Reporter, 1, 1, d(7));
        let f1b = OrderKey::new(Side::Reporter, 1, 1, d(3));
        let r2 = OrderKey::new(Side::Unit, 2, 1, d(1));
        let mut keys = vec![r2, f1a, r1, f1b, report];
        keys.sort();
        assert_eq!(keys, vec![report, r1, f1b, f1a, r2]);
    }

    #[test]
    fn reporter_first_on_equal_sums() {
        // Follow-up 1 written before any reply, and reply 1 before reading it.
        let f1 = OrderKey::new(Side::Reporter, 1, 0, d(0xff));
        let r1 = OrderKey::new(Side::Unit, 1, 0, d(0));
        assert!(f1 < r1);
        assert_eq!(r1.seen(), 0);
        assert_eq!(OrderKey::new(Side::Unit, 3, 2, d(0)).seen(), 2);
    }

    #[test]
    fn next_numbers() {
        assert_eq!(next_reporter_seq([], 0), 1);
        assert_eq!(next_reporter_seq([0, 2, 1], 0), 3);
        assert_eq!(next_reporter_seq([1], 4), 5);
        assert_eq!(next_reply_seq([]), 1);
        assert_eq!(next_reply_seq([1, 3]), 4);
        assert_eq!(next_reply_seq([MAX_SEQ]), MAX_SEQ);
        assert_eq!(next_reporter_seq([u64::MAX], 0), MAX_SEQ);
    }

    #[test]
    fn positions_are_checked() {
        let day = Day::from_number(20_000).unwrap();
        assert!(
            Position {
                seq: 1,
                seen: 0,
                day
            }
            .is_valid()
        );
        assert!(
            !Position {
                seq: 0,
                seen: 0,
                day
            }
            .is_valid()
        );
        assert!(
            !Position {
                seq: MAX_SEQ + 1,
                seen: 0,
                day
            }
            .is_valid()
        );
        assert!(
            !Position {
                seq: 1,
                seen: MAX_SEQ + 1,
                day
            }
            .is_valid()
        );
    }

    #[test]
    fn no_gaps_in_a_whole_thread() {
        let mut held = Held::new();
        held.add(Side::Reporter, 0, 0);
        held.add(Side::Unit, 1, 0);
        held.add(Side::Reporter, 1, 1);
        held.add(Side::Reporter, 1, 1);
        held.add(Side::Unit, 2, 1);
        assert!(held.gaps().is_empty());
        assert!(Held::new().gaps().is_empty());
        // The report alone.
        let mut report = Held::new();
        report.add(Side::Reporter, 0, 0);
        assert!(report.gaps().is_empty());
    }

    #[test]
    fn gaps_by_number_and_by_acknowledgement() {
        let mut held = Held::new();
        held.add(Side::Reporter, 0, 0);
        // Reply 1 missing, reply 2 held; follow-up 2 missing though reply 2
        // read it; the reporter read reply 4, which is missing, as is 3.
        held.add(Side::Unit, 2, 2);
        held.add(Side::Reporter, 1, 0);
        held.add(Side::Reporter, 3, 4);
        assert_eq!(
            held.gaps(),
            vec![
                Gap {
                    side: Side::Reporter,
                    first: 2,
                    last: 2
                },
                Gap {
                    side: Side::Unit,
                    first: 1,
                    last: 1
                },
                Gap {
                    side: Side::Unit,
                    first: 3,
                    last: 4
                },
            ]
        );
    }

    #[test]
    fn huge_numbers_give_one_run() {
        let mut held = Held::new();
        held.add(Side::Unit, MAX_SEQ, 0);
        assert_eq!(
            held.missing(Side::Unit),
            vec![Gap {
                side: Side::Unit,
                first: 1,
                last: MAX_SEQ - 1
            }]
        );
    }

    #[test]
    fn gaps_are_placed_where_the_message_would_be() {
        let report = OrderKey::report(d(1));
        let f1 = OrderKey::new(Side::Reporter, 1, 0, d(2));
        let r2 = OrderKey::new(Side::Unit, 2, 1, d(3));
        let mut keys = vec![report, f1, r2];
        keys.sort();
        let mut held = Held::new();
        keys.iter().for_each(|k| held.add_key(k));
        let gaps = held.gaps();
        // Reply 1 is missing: it comes before reply 2.
        assert_eq!(
            gaps,
            vec![Gap {
                side: Side::Unit,
                first: 1,
                last: 1
            }]
        );
        assert_eq!(gaps[0].place(&keys), 2);
        // Had follow-up 1 been missing, it would come before reply 2, which
        // read it; a missing follow-up 2, which nobody read, comes at the end.
        let f1_gap = Gap {
            side: Side::Reporter,
            first: 1,
            last: 1,
        };
        assert_eq!(f1_gap.place(&keys), 2);
        let f3 = Gap {
            side: Side::Reporter,
            first: 2,
            last: 2,
        };
        assert_eq!(f3.place(&keys), 3);
    }

    #[test]
    fn digest_is_sha256_of_the_body() {
        assert_eq!(
            body_digest("{}").to_hex(),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
