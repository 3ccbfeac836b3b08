//! Whether content is still trustworthy: review dates, staleness, and gaps (stages without a
//! playbook, modules that cover nothing, empty pages). Everything here is a warning: the
//! site builds, but authors are told.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Date, PlaybookFront, Site};
use crate::source::SourceMap;

/// Why a playbook counts as stale, if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Staleness {
    /// Its `review_by` date has passed.
    ReviewOverdue(Date),
    /// Its `updated` date is older than `review_every` days.
    NotUpdatedSince(Date, i64),
}

/// Whether a playbook is stale on `today`.
pub fn playbook_staleness(
    front: &PlaybookFront,
    review_every: u32,
    today: Date,
) -> Option<Staleness> {
    if let Some(due) = front.review_by
        && due < today
    {
        return Some(Staleness::ReviewOverdue(due));
    }
    let updated = front.updated?;
    let age = today.days_since_epoch() - updated.days_since_epoch();
    (age > i64::from(review_every)).then_some(Staleness::NotUpdatedSince(updated, age))
}

fn warning(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..d
    }
}

/// Every warning about `site` as of `today`.
pub fn warnings(site: &Site, sources: &SourceMap, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let every = site.config.review_every();
    // When `review_every` failed to parse, the default stands in for a value the author
    // wrote: ages measured against it would be wrong.
    let every_known = site.review_every_known();
    for rm in &site.roadmaps {
        if let Some(due) = rm.spec.review_by
            && due < today
        {
            out.push(warning(
                sources
                    .error_at(
                        &rm.file,
                        "review_by",
                        format!("this roadmap was due for review on {due}"),
                    )
                    .with_hint(
                        "review it with its owner, then move `review_by` to the next review date",
                    ),
            ));
        }
        for (i, m) in rm.spec.milestones.iter().enumerate() {
            if !m.done && m.date < today {
                out.push(warning(
                    sources
                        .error_at(
                            &rm.file,
                            &format!("milestones[{i}].date"),
                            format!(
                                "milestone `{}` was due on {} and is not marked done",
                                m.name, m.date
                            ),
                        )
                        .with_hint(
                            "add `done: true` once it is reached, or move its date and say why",
                        ),
                ));
            }
        }
        for (i, stage) in rm.spec.stages.iter().enumerate() {
            match rm.playbooks.get(&stage.id) {
                // A playbook that failed to load has its own error.
                None if site
                    .unloaded
                    .contains(&format!("roadmaps/{}/stages/{}.md", rm.slug, stage.id)) => {}
                None => out.push(warning(
                    sources
                        .error_at(
                            &rm.file,
                            &format!("stages[{i}].id"),
                            format!("stage `{}` has no playbook yet", stage.id),
                        )
                        .with_hint(format!(
                            "write content/roadmaps/{}/stages/{}.md",
                            rm.slug, stage.id
                        )),
                )),
                Some(doc) => {
                    match playbook_staleness(&doc.front, every, today) {
                        Some(Staleness::ReviewOverdue(due)) => out.push(warning(
                            sources
                                .error_at(&doc.file, "review_by", format!("this playbook was due for review on {due}"))
                                .with_hint("check it is still right, then update `updated`, `verified_by` and `review_by`"),
                        )),
                        Some(Staleness::NotUpdatedSince(updated, age)) if every_known => out.push(warning(
                            sources
                                .error_at(&doc.file, "updated", format!("this playbook was last updated on {updated}, {age} days ago (review every {every} days)"))
                                .with_hint("check it is still right, then set `updated` to today's date (`review_every` in site.yaml sets the period)"),
                        )),
                        Some(Staleness::NotUpdatedSince(..)) | None => {}
                    }
                    if doc.body.trim().is_empty() {
                        out.push(warning(
                            Diagnostic::file_error(&doc.file, "this playbook is empty")
                                .with_hint("write the playbook below the front matter"),
                        ));
                    }
                }
            }
        }
    }
    for m in &site.onboarding {
        if m.front.stages.is_empty() && m.set_aside.is_whole("stages") {
            out.push(warning(
                sources
                    .error_at(&m.file, "title", "this onboarding module covers no stage")
                    .with_hint("list the stages it teaches under `stages:`, such as `- enterprise/needs-analysis`"),
            ));
        }
        if m.body.trim().is_empty()
            && m.front.checklist.is_empty()
            && m.front.quiz.is_empty()
            && m.set_aside.is_whole("checklist")
            && m.set_aside.is_whole("quiz")
        {
            out.push(warning(
                Diagnostic::file_error(&m.file, "this onboarding module is empty")
                    .with_hint("add text, a checklist or a quiz"),
            ));
        }
    }
    for p in &site.pages {
        if p.body.trim().is_empty() {
            out.push(warning(
                Diagnostic::file_error(&p.file, "this page is empty")
                    .with_hint("write its text below the front matter"),
            ));
        }
    }
    crate::validate::accounts::warnings(site, sources, today, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(updated: Option<&str>, review_by: Option<&str>) -> PlaybookFront {
        PlaybookFront {
            updated: updated.and_then(Date::parse),
            review_by: review_by.and_then(Date::parse),
            ..Default::default()
        }
    }

    #[test]
    fn staleness_from_review_date_and_age() {
        let today = Date::parse("2026-11-27").unwrap();
        assert_eq!(
            playbook_staleness(&front(Some("2026-10-01"), None), 90, today),
            None
        );
        assert_eq!(
            playbook_staleness(&front(Some("2026-08-01"), None), 90, today),
            Some(Staleness::NotUpdatedSince(
                Date::parse("2026-08-01").unwrap(),
                118
            ))
        );
        assert_eq!(
            playbook_staleness(&front(Some("2026-11-01"), Some("2026-11-26")), 90, today),
            Some(Staleness::ReviewOverdue(Date::parse("2026-11-26").unwrap()))
        );
        assert_eq!(playbook_staleness(&front(None, None), 90, today), None);
        assert_eq!(
            playbook_staleness(&front(Some("2026-08-29"), None), 90, today),
            None,
            "exactly 90 days is still fresh"
        );
    }
}
