//! Checks on `changes` lists: every date on or before the build day, newest first, and a
//! note of one non-empty line.

use crate::diagnostics::Diagnostic;
use crate::model::{Change, Date, Site};
use crate::source::SourceMap;
use std::path::Path;

/// Every problem with the `changes` lists of `site`, judged on `today`.
pub fn check(site: &Site, sources: &SourceMap, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rm in &site.roadmaps {
        check_list(&rm.file, &rm.spec.changes, sources, today, &mut out);
        for doc in rm.playbooks.values() {
            check_list(&doc.file, &doc.front.changes, sources, today, &mut out);
        }
    }
    for m in &site.onboarding {
        check_list(&m.file, &m.front.changes, sources, today, &mut out);
    }
    for p in &site.pages {
        check_list(&p.file, &p.front.changes, sources, today, &mut out);
    }
    out
}

fn check_list(
    file: &Path,
    changes: &[Change],
    sources: &SourceMap,
    today: Date,
    out: &mut Vec<Diagnostic>,
) {
    for (i, c) in changes.iter().enumerate() {
        if c.date > today {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("changes[{i}].date"),
                        format!("this change is dated {}, after today ({today})", c.date),
                    )
                    .with_hint("log a change on the day it is published; to build as of a later day, pass `--as-of YYYY-MM-DD`"),
            );
        }
        if i > 0 && c.date > changes[i - 1].date {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("changes[{i}].date"),
                        format!(
                            "`changes` must be newest first, but {} comes after {}",
                            c.date,
                            changes[i - 1].date
                        ),
                    )
                    .with_hint(format!(
                        "move this entry above changes[{}]: new changes go at the top",
                        i - 1
                    )),
            );
        }
        let note = c.note.trim();
        if note.is_empty() {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("changes[{i}].note"),
                        "this change has an empty `note`",
                    )
                    .with_hint(
                        "say in one line what changed, such as `New [discount approval rule](#discounts)`",
                    ),
            );
        } else if note.contains('\n') {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("changes[{i}].note"),
                        "a change `note` is one line, but this one has several",
                    )
                    .with_hint("keep the note to one line; say the rest in the text itself"),
            );
        }
    }
}
