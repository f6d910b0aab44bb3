//! What a file gives away: [`Finding`]s, and the bounded list they are
//! gathered in.

use std::collections::HashSet;
use std::fmt;

use super::wording::{Counted, Wording};

/// What kind of thing a [`Finding`] reveals. Ordered from the most to the
/// least revealing, as findings are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FindingCategory {
    /// Where the file was made: GPS position, place names.
    Location,
    /// Which device made it: camera make, model, serial number.
    Device,
    /// Who made or owns it: author, artist, owner, copyright.
    Person,
    /// When it was made or changed.
    Time,
    /// Which programs made or edited it.
    Software,
    /// Anything else: comments, titles, identifiers, hidden extra data.
    Other,
}

impl FindingCategory {
    /// A short plain-English heading, e.g. `"Location"`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Location => "Location",
            Self::Device => "Device",
            Self::Person => "Personal details",
            Self::Time => "Dates and times",
            Self::Software => "Software",
            Self::Other => "Other details",
        }
    }
}

impl fmt::Display for FindingCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One piece of identifying metadata found in a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Finding {
    /// What kind of thing it reveals.
    pub category: FindingCategory,
    /// A plain-English sentence for a non-technical reader, e.g.
    /// `GPS position where the photo was taken (51.5012° N, 0.1419° W)` or
    /// `Author name: "Jane Doe"`. Quoted values come from the file, cleaned
    /// of control characters and shortened. It is [`Wording::english`] of
    /// `wording`.
    pub description: String,
    /// The same, in parts, to be put in another language.
    pub wording: Wording,
}

impl Finding {
    /// A finding of `category` that says `wording`.
    pub(crate) fn new(category: FindingCategory, wording: Wording) -> Self {
        Self {
            category,
            description: wording.english(),
            wording,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.description)
    }
}

/// The most distinct findings listed for one file. A crafted file could
/// otherwise hold millions (one per comment block), costing memory and
/// burying the ones that matter; what is over the limit is still removed,
/// and counted in a last "more hidden details" finding.
pub(crate) const MAX_FINDINGS: usize = 100;

/// Findings gathered while reading a file: without duplicates (the same
/// fact in EXIF and XMP is listed once) and at most [`MAX_FINDINGS`].
#[derive(Debug, Default)]
pub(crate) struct FindingList {
    list: Vec<Finding>,
    seen: HashSet<Finding>,
    dropped: usize,
}

impl FindingList {
    /// Adds a finding unless it is already listed.
    pub(crate) fn push(&mut self, finding: Finding) {
        if self.seen.contains(&finding) {
            return;
        }
        if self.list.len() >= MAX_FINDINGS {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        self.seen.insert(finding.clone());
        self.list.push(finding);
    }

    /// The findings, most revealing category first.
    pub(crate) fn into_vec(self) -> Vec<Finding> {
        let mut list = self.list;
        list.sort_by_key(|f| f.category);
        if self.dropped > 0 {
            list.push(Finding::new(
                FindingCategory::Other,
                Wording::Counted(Counted::NotListed, self.dropped),
            ));
        }
        list
    }
}

impl Extend<Finding> for FindingList {
    fn extend<I: IntoIterator<Item = Finding>>(&mut self, findings: I) {
        for finding in findings {
            self.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metadata::wording::Label;

    #[test]
    fn duplicates_are_dropped_and_the_list_is_bounded() {
        let taken = || Wording::Dated(Label::DateTaken, "2024-05-01".to_owned());
        let mut list = FindingList::default();
        list.push(Finding::new(FindingCategory::Time, taken()));
        list.push(Finding::new(FindingCategory::Location, Wording::Gps(None)));
        list.push(Finding::new(FindingCategory::Time, taken()));
        list.extend((0..MAX_FINDINGS + 5).map(|i| {
            Finding::new(
                FindingCategory::Other,
                Wording::Quoted(Label::Comment, i.to_string()),
            )
        }));
        let list = list.into_vec();
        assert_eq!(list.len(), MAX_FINDINGS + 1);
        assert_eq!(
            list[0].description,
            "GPS position where the photo was taken (exact value unreadable)"
        );
        assert_eq!(list[1].description, "Date taken: 2024-05-01");
        assert_eq!(
            list[MAX_FINDINGS].description,
            "7 more hidden details (not listed)"
        );
    }
}
