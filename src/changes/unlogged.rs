//! The warning `warn_unlogged_changes` (site.yaml) turns on: a playbook whose text changed
//! while its `changes` list did not.
//!
//! With Git (`--git-dates`), the baseline is the playbook at the last commit that touched
//! it: an edit not yet committed is compared with it, and a playbook unchanged since that
//! commit is judged by that commit (compared with the commit before). Without Git there is
//! no older text to compare with; the sign then is an `updated` date later than the newest
//! logged change.

use super::git::{GitHistory, texts_at};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Change, Document, PlaybookFront, Site, latest_change};
use crate::source::{SourceMap, frontmatter};
use std::path::Path;

/// The warnings, when `site.yaml` asks for them.
pub fn warnings(
    site: &Site,
    sources: &SourceMap,
    root: &Path,
    git: Option<&GitHistory>,
) -> Vec<Diagnostic> {
    if !site.config.warn_unlogged_changes {
        return Vec::new();
    }
    let playbooks: Vec<&Document<PlaybookFront>> = site
        .roadmaps
        .iter()
        .flat_map(|rm| rm.playbooks.values())
        .collect();
    match git {
        Some(git) => against_git(&playbooks, sources, root, git),
        None => playbooks
            .into_iter()
            .filter(|doc| !doc.front.changes.is_empty())
            .filter(|doc| doc.front.updated > latest_change(&doc.front.changes))
            .map(|doc| {
                warning(sources.error_at(
                    &doc.file,
                    "updated",
                    format!(
                            "this playbook was updated on {}, after its newest logged change ({})",
                            doc.front.updated.map(|d| d.to_string()).unwrap_or_default(),
                            latest_change(&doc.front.changes)
                                .map(|d| d.to_string())
                                .unwrap_or_default(),
                        ),
                ))
            })
            .collect(),
    }
}

fn warning(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..d.with_hint("say what changed in a new entry at the top of `changes:`, such as `- {date: 2026-11-20, note: New discount approval rule}`; `warn_unlogged_changes: false` in site.yaml turns this warning off")
    }
}

/// What a playbook text says: its body, and its `changes` list when its front matter
/// parses.
fn body_and_changes(text: &str, file: &Path) -> Option<(String, Vec<Change>)> {
    let split = frontmatter::split(text).ok()?;
    let source: std::sync::Arc<str> = std::sync::Arc::from(text);
    let front =
        crate::source::yaml::parse::<PlaybookFront>(split.yaml, file, split.yaml_line, &source)
            .value
            .unwrap_or_default();
    Some((split.body.trim().to_string(), front.changes))
}

fn against_git(
    playbooks: &[&Document<PlaybookFront>],
    sources: &SourceMap,
    root: &Path,
    git: &GitHistory,
) -> Vec<Diagnostic> {
    // The one or two old texts each playbook needs, all read in one batch.
    let mut wanted = Vec::new();
    let mut plans = Vec::new();
    for (i, doc) in playbooks.iter().enumerate() {
        let commits = git.commits(&doc.file);
        let rel = doc
            .file
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if let Some(last) = commits.first() {
            plans.push((i, wanted.len(), commits.get(1).map(|_| wanted.len() + 1)));
            wanted.push((last.hash.clone(), rel.clone()));
            if let Some(before) = commits.get(1) {
                wanted.push((before.hash.clone(), rel));
            }
        }
    }
    let Ok(texts) = texts_at(root, &wanted) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, last_at, before_at) in plans {
        let doc = playbooks[i];
        let Some(now) = body_and_changes(doc.body.full_text(), &doc.file) else {
            continue;
        };
        let Some(last) = texts[last_at]
            .as_deref()
            .and_then(|t| body_and_changes(t, &doc.file))
        else {
            continue;
        };
        let commits = git.commits(&doc.file);
        let (new, old, since) = if now.0 != last.0 || now.1 != last.1 {
            (now, last, &commits[0])
        } else {
            match before_at
                .and_then(|b| texts[b].as_deref())
                .and_then(|t| body_and_changes(t, &doc.file))
            {
                Some(before) => (last, before, &commits[1]),
                None => continue,
            }
        };
        if new.0 != old.0 && new.1 == old.1 {
            let short: String = since.hash.chars().take(7).collect();
            out.push(warning(sources.error_at_key(
                &doc.file,
                "changes",
                format!(
                    "this playbook's text changed since commit {short} ({}), but its `changes` list did not",
                    since.date
                ),
            )));
        }
    }
    out
}
