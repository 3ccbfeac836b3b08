//! What changed: the `changes` lists of playbooks, onboarding modules, pages and roadmaps,
//! gathered into one log, newest first, for the what's-new page, the Atom feed, the
//! "updated since you last read it" notices, the home page and onboarding progress.
//!
//! [`check`] holds the checks on the lists themselves, [`dates`] how they (and `git log`,
//! see [`git`]) set `updated`, and [`unlogged`] the optional warning about edits that were
//! not logged.

pub mod check;
pub mod dates;
pub mod git;
mod log;
pub mod unlogged;

pub use log::{ChangeEntry, ChangeLog, Owner, rebase_note};

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Date, Site};
use crate::source::SourceMap;
use git::GitHistory;
use std::path::Path;

/// Reads the Git history when `git_dates` is set and sets every source's `updated` (see
/// [`dates`]). Without Git or outside a work tree, a warning says so and dates come from
/// the sources alone.
pub fn prepare(
    site: &mut Site,
    root: &Path,
    git_dates: bool,
) -> (Option<GitHistory>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let git = if git_dates {
        match GitHistory::read(root) {
            Ok(h) => Some(h),
            Err(why) => {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    ..Diagnostic::file_error("--git-dates", format!("no dates from Git: {why}"))
                        .with_hint("`--git-dates` needs `git` and a site inside a Git work tree; dates come from the front matter alone")
                });
                None
            }
        }
    } else {
        None
    };
    dates::apply(site, git.as_ref());
    (git, diagnostics)
}

/// Every problem with the `changes` lists on `today`, and the unlogged-change warnings.
pub fn checks(
    site: &Site,
    sources: &SourceMap,
    root: &Path,
    today: Date,
    git: Option<&GitHistory>,
) -> Vec<Diagnostic> {
    let mut out = check::check(site, sources, today);
    out.extend(unlogged::warnings(site, sources, root, git));
    out
}

/// The Monday that starts the week of `date` (weeks run Monday to Sunday).
pub fn week_start(date: Date) -> Date {
    let days = date.days_since_epoch();
    // 1970-01-01 was a Thursday, three days after a Monday.
    Date::from_days_since_epoch(days - (days + 3).rem_euclid(7))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(week_start(d("2026-11-30")), d("2026-11-30"), "a Monday");
        assert_eq!(week_start(d("2026-12-06")), d("2026-11-30"), "a Sunday");
        assert_eq!(week_start(d("2026-12-03")), d("2026-11-30"));
        assert_eq!(
            week_start(d("2027-01-01")),
            d("2026-12-28"),
            "across a year"
        );
    }
}
