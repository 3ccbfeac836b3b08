//! Each source's `updated` date: as written, else its last commit's date (with
//! `--git-dates`), and never earlier than its latest logged change.

use super::git::GitHistory;
use crate::model::{Date, Site, latest_change};

/// Sets `updated` of every roadmap and playbook of `site`: the front matter's, else the
/// last commit's in `git`, raised to the newest `changes` date when that is later.
pub fn apply(site: &mut Site, git: Option<&GitHistory>) {
    let git_date = |file: &std::path::Path| git.and_then(|g| g.last_date(file));
    let effective = |written: Option<Date>, from_git: Option<Date>, logged: Option<Date>| {
        written.or(from_git).max(logged)
    };
    for rm in &mut site.roadmaps {
        rm.spec.updated = effective(
            rm.spec.updated,
            git_date(&rm.file),
            latest_change(&rm.spec.changes),
        );
        for doc in rm.playbooks.values_mut() {
            doc.front.updated = effective(
                doc.front.updated,
                git_date(&doc.file),
                latest_change(&doc.front.changes),
            );
        }
    }
}
