//! Re-reading one Markdown source after an edit that changed only its body, so that a live
//! preview can patch the site it holds instead of loading the whole site again.

use super::{Kind, ParseResult, Parsed, SourceCache, SourceInfo, classify, parse_file, stamp};
use crate::model::{Document, OnboardingFront, PageFront, PlaybookFront};
use std::path::Path;
use std::sync::Arc;

/// A Markdown source re-read after an edit, with its new text.
pub enum Reloaded {
    /// A playbook of roadmap `roadmap`.
    Playbook(String, Document<PlaybookFront>),
    /// An onboarding module.
    Module(Document<OnboardingFront>),
    /// A free page.
    Page(Document<PageFront>),
}

impl Reloaded {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        match self {
            Reloaded::Playbook(_, d) => &d.body,
            Reloaded::Module(d) => &d.body,
            Reloaded::Page(d) => &d.body,
        }
    }
}

/// The length of the text before the body (the front matter and its fences).
fn head_len(parsed: &Parsed, info: &SourceInfo) -> Option<usize> {
    let body = match parsed {
        Parsed::Playbook(_, d) => d.body.len(),
        Parsed::Onboarding(d) => d.body.len(),
        Parsed::Page(d) => d.body.len(),
        _ => return None,
    };
    info.text.len().checked_sub(body)
}

/// Re-reads the known Markdown source `shown` (a path relative to `root`, as diagnostics
/// show it) when the last parse and this one are both free of problems and the text before
/// the body is byte for byte the same, so that nothing but the body changed: whatever was
/// found about the front matter (its checks, and where they point) still holds. Updates
/// `cache` and returns the new document; returns `None` (leaving `cache` as it was) in
/// every other case, for the caller to load the site again.
pub fn reload_body_edit(
    root: &Path,
    cache: &mut SourceCache,
    shown: &Path,
) -> Option<(Reloaded, Arc<SourceInfo>)> {
    if !cache.trust_invalidations || cache.tree_changed || cache.one_off {
        return None;
    }
    let (_, old) = cache.files.get(shown)?;
    let (old_parsed, Some(old_info)) = old.parsed.as_ref()? else {
        return None;
    };
    if !old.diagnostics.is_empty() {
        return None;
    }
    let old_head = head_len(old_parsed, old_info)?;
    let kind = classify(shown.strip_prefix("content").ok()?)?;
    if !matches!(
        kind,
        Kind::Playbook { .. } | Kind::Onboarding { .. } | Kind::Page { .. }
    ) {
        return None;
    }
    let abs = root.join(shown);
    let now = stamp(&abs)?;
    let fresh = parse_file(&abs, shown, &kind);
    let ParseResult {
        parsed: Some((parsed, Some(info))),
        diagnostics,
    } = &fresh
    else {
        return None;
    };
    let head = head_len(parsed, info)?;
    if !diagnostics.is_empty()
        || head != old_head
        || info.text.get(..head)? != old_info.text.get(..old_head)?
    {
        return None;
    }
    let reloaded = match parsed.clone() {
        Parsed::Playbook(roadmap, doc) => Reloaded::Playbook(roadmap, doc),
        Parsed::Onboarding(doc) => Reloaded::Module(doc),
        Parsed::Page(doc) => Reloaded::Page(doc),
        _ => return None,
    };
    let info = Arc::clone(info);
    cache.files.insert(shown.to_path_buf(), (now, fresh));
    Some((reloaded, info))
}
