//! Calendar days: the finest unit of time Sanctuary ever stores or sends.
//!
//! A [`Day`] counts days since 1970-01-01 (UTC) and is written as
//! `YYYY-MM-DD`. Nothing in Sanctuary keeps hours, minutes or seconds, so a
//! `Day` is deliberately all there is.

use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in a day.
const SECONDS_PER_DAY: u64 = 86_400;

/// The largest day accepted (9999-12-31): keeps arithmetic and formatting simple.
const MAX_DAY: u32 = 2_932_896;

/// A calendar day in UTC, counted from 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(u32);

/// A string that is not a valid `YYYY-MM-DD` day between 1970 and 9999.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a valid day (expected YYYY-MM-DD between 1970-01-01 and 9999-12-31)")]
#[non_exhaustive]
pub struct DayError;

impl Day {
    /// The day with the given number of days since 1970-01-01.
    pub fn from_number(days: u32) -> Result<Self, DayError> {
        if days > MAX_DAY {
            return Err(DayError);
        }
        Ok(Self(days))
    }

    /// The day containing the given Unix time in seconds.
    pub fn from_unix_seconds(seconds: u64) -> Self {
        let days = seconds / SECONDS_PER_DAY;
        Self(u32::try_from(days).unwrap_or(MAX_DAY).min(MAX_DAY))
    }

    /// Today, by the system clock, in UTC.
    pub fn today() -> Self {
        let seconds = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self::from_unix_seconds(seconds)
    }

    /// Days since 1970-01-01.
    pub fn number(self) -> u32 {
        self.0
    }

    /// This day plus `days`, saturating at 9999-12-31.
    pub fn plus(self, days: u32) -> Self {
        Self(self.0.saturating_add(days).min(MAX_DAY))
    }

    /// This day minus `days`, saturating at 1970-01-01.
    pub fn minus(self, days: u32) -> Self {
        Self(self.0.saturating_sub(days))
    }

    /// The (year, month, day) of this day in the proleptic Gregorian calendar.
    pub fn ymd(self) -> (u32, u32, u32) {
        civil_from_days(i64::from(self.0))
    }
}

/// Converts days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        u32::try_from(y).unwrap_or(0),
        u32::try_from(m).unwrap_or(0),
        u32::try_from(d).unwrap_or(0),
    )
}

/// Converts a civil date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Day {
    type Err = DayError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DayError);
        }
        let num = |range: std::ops::Range<usize>| -> Result<i64, DayError> {
            let part = &s[range];
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return Err(DayError);
            }
            part.parse::<i64>().map_err(|_| DayError)
        };
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if y < 1970 || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return Err(DayError);
        }
        let days = u32::try_from(days_from_civil(y, m, d)).map_err(|_| DayError)?;
        Self::from_number(days)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_days() {
        assert_eq!(Day(0).to_string(), "1970-01-01");
        assert_eq!("2026-11-27".parse::<Day>().unwrap().number(), 20_784);
        assert_eq!(
            "2000-02-29".parse::<Day>().unwrap().to_string(),
            "2000-02-29"
        );
        assert_eq!(Day::from_unix_seconds(86_399).number(), 0);
        assert_eq!(Day::from_unix_seconds(86_400).number(), 1);
    }

    #[test]
    fn rejects_bad_days() {
        for bad in [
            "",
            "2026-13-01",
            "2026-02-29",
            "1969-12-31",
            "2026-1-01",
            "2026-01-01T00",
            "+026-01-01",
            "2026/01/01",
            "２０２６-01-01",
        ] {
            assert!(bad.parse::<Day>().is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(n in 0u32..=MAX_DAY) {
            let day = Day(n);
            prop_assert_eq!(day.to_string().parse::<Day>().unwrap(), day);
        }
    }
}
