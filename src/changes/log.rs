//! The change log of a whole site: every `changes` entry with its note rendered, the page
//! and section it points at, and who it concerns.

use crate::diagnostics::Diagnostic;
use crate::markdown::{self, MarkdownOptions, Rendered, RenderedDocs};
use crate::model::{Change, Date, Roadmap, Site};
use crate::routes::{self, Routes};
use crate::source::SourceMap;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a change belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    /// A roadmap's `roadmap.yaml`.
    Roadmap {
        /// The roadmap's folder name.
        roadmap: String,
    },
    /// A stage's playbook.
    Playbook {
        /// The roadmap's folder name.
        roadmap: String,
        /// The stage id.
        stage: String,
    },
    /// An onboarding module.
    Module {
        /// The module's file name.
        module: String,
    },
    /// A free page.
    Page,
}

/// One logged change, ready to show. What it shares with the other changes of its source
/// (the page, its title, who it concerns) is kept once, in [`Changed`], which the entry
/// derefs to: a large site logs tens of thousands of changes.
#[derive(Debug, Clone, Hash)]
pub struct ChangeEntry {
    /// When it was made.
    pub date: Date,
    /// The note as inline HTML; its links are relative to the output root (prefix them with
    /// the page's way back to the root).
    pub note_html: String,
    /// The note as plain text (the feed's entry titles).
    pub note_text: String,
    /// Whether readers must re-read.
    pub major: bool,
    /// The section the note points at, when it links to an anchor of the page.
    pub anchor: Option<String>,
    /// Position in the source's `changes` list.
    pub index: usize,
    /// Position counted from the oldest entry of the list: it stays the same as newer
    /// entries are added at the top (the feed's entry ids use it).
    pub serial: usize,
    /// What it shares with the other changes of its source.
    pub of: Arc<Changed>,
}

impl ChangeEntry {
    /// The fields that are the entry's own (not shared with its source's other entries).
    #[allow(clippy::type_complexity)]
    fn own_fields(&self) -> (Date, &str, &str, bool, &Option<String>, usize, usize) {
        (
            self.date,
            &self.note_html,
            &self.note_text,
            self.major,
            &self.anchor,
            self.index,
            self.serial,
        )
    }
}

impl std::ops::Deref for ChangeEntry {
    type Target = Changed;

    fn deref(&self) -> &Changed {
        &self.of
    }
}

/// The changed page, and what it belongs to: shared by the changes of one source.
#[derive(Debug, Hash)]
pub struct Changed {
    /// Output path of the changed page.
    pub page: String,
    /// The changed page's title.
    pub title: String,
    /// What it belongs to.
    pub owner: Owner,
    /// The title of its roadmap, for playbooks and roadmaps.
    pub roadmap_title: Option<String>,
    /// Roadmaps it concerns (folder names): its own, or those of a module's stages.
    pub roadmaps: Vec<String>,
    /// Roles it concerns, as `<roadmap>/<role id>`: the owner and RACI roles of its stages
    /// (every role of the roadmap for `roadmap.yaml`); empty for free pages.
    pub roles: Vec<String>,
    /// The source file.
    pub file: PathBuf,
}

/// Every change of a site, newest first (changes of one day in the order of the sources).
#[derive(Debug, Default)]
pub struct ChangeLog {
    /// The entries.
    pub entries: Vec<ChangeEntry>,
    /// A hash of all of them, part of the fingerprint of every page that shows changes.
    pub hash: u64,
    /// The newest change date of each page that has one, by output path.
    latest: FxHashMap<String, Date>,
}

impl ChangeLog {
    /// The newest change date of output page `page`.
    pub fn latest_for(&self, page: &str) -> Option<Date> {
        self.latest.get(page).copied()
    }

    /// The entries of the `days` days up to `today`.
    pub fn recent(&self, today: Date, days: u32) -> &[ChangeEntry] {
        let from = today.days_since_epoch() - i64::from(days);
        let end = self
            .entries
            .iter()
            .position(|e| e.date.days_since_epoch() <= from)
            .unwrap_or(self.entries.len());
        &self.entries[..end]
    }

    /// The same log for a translation, whose notes are the original's: each note in an
    /// element with the original's language `lang`, and every link to a section turned into
    /// a link to its page (the translation's pages have anchors of their own).
    pub fn for_translation(&self, lang: &str) -> ChangeLog {
        let entries = self
            .entries
            .iter()
            .map(|e| ChangeEntry {
                anchor: None,
                note_html: format!(
                    "<span lang=\"{lang}\">{}</span>",
                    drop_fragments(&e.note_html)
                ),
                ..e.clone()
            })
            .collect::<Vec<_>>();
        // The entries follow from the original's and `lang`.
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.hash, lang).hash(&mut h);
        ChangeLog {
            entries,
            hash: h.finish(),
            latest: self.latest.clone(),
        }
    }

    /// The newest `major` change date of onboarding module `module`.
    pub fn latest_major(&self, module: &str) -> Option<Date> {
        self.entries
            .iter()
            .find(|e| e.major && matches!(&e.owner, Owner::Module { module: m } if m == module))
            .map(|e| e.date)
    }

    /// Gathers the log of `site`, rendering each note, and reports notes whose links do not
    /// resolve at the note.
    pub fn collect(
        site: &Site,
        docs: &RenderedDocs,
        routes: &Routes,
        sources: &SourceMap,
    ) -> (ChangeLog, Vec<Diagnostic>) {
        let opts = MarkdownOptions::of(&site.config);
        let mut sources_list: Vec<Source> = Vec::new();
        for rm in &site.roadmaps {
            sources_list.push(Source {
                changes: &rm.spec.changes,
                of: Arc::new(Changed {
                    file: rm.file.clone(),
                    page: routes::roadmap(&rm.slug),
                    title: rm.spec.title.clone(),
                    owner: Owner::Roadmap {
                        roadmap: rm.slug.clone(),
                    },
                    roadmap_title: Some(rm.spec.title.clone()),
                    roadmaps: vec![rm.slug.clone()],
                    roles: rm
                        .spec
                        .roles
                        .iter()
                        .map(|r| format!("{}/{}", rm.slug, r.id))
                        .collect(),
                }),
            });
            for (stage, doc) in &rm.playbooks {
                if doc.front.changes.is_empty() {
                    continue;
                }
                let Some(st) = rm.spec.stages.iter().find(|s| &s.id == stage) else {
                    continue;
                };
                sources_list.push(Source {
                    changes: &doc.front.changes,
                    of: Arc::new(Changed {
                        file: doc.file.clone(),
                        page: routes::stage(&rm.slug, stage),
                        title: doc.front.title.clone().unwrap_or_else(|| st.name.clone()),
                        owner: Owner::Playbook {
                            roadmap: rm.slug.clone(),
                            stage: stage.clone(),
                        },
                        roadmap_title: Some(rm.spec.title.clone()),
                        roadmaps: vec![rm.slug.clone()],
                        roles: stage_roles(rm, stage),
                    }),
                });
            }
        }
        for m in &site.onboarding {
            let mut roadmaps = Vec::new();
            let mut roles = Vec::new();
            for reference in &m.front.stages {
                let Some((r, stage)) = reference.split_once('/') else {
                    continue;
                };
                if let Some(rm) = site.roadmaps.iter().find(|x| x.slug == r) {
                    if !roadmaps.contains(&rm.slug) {
                        roadmaps.push(rm.slug.clone());
                    }
                    for role in stage_roles(rm, stage) {
                        if !roles.contains(&role) {
                            roles.push(role);
                        }
                    }
                }
            }
            sources_list.push(Source {
                changes: &m.front.changes,
                of: Arc::new(Changed {
                    file: m.file.clone(),
                    page: routes::module(&m.slug),
                    title: m.front.title.clone(),
                    owner: Owner::Module {
                        module: m.slug.clone(),
                    },
                    roadmap_title: None,
                    roadmaps,
                    roles,
                }),
            });
        }
        for p in &site.pages {
            sources_list.push(Source {
                changes: &p.front.changes,
                of: Arc::new(Changed {
                    file: p.file.clone(),
                    page: routes::page(&p.slug),
                    title: p.front.title.clone(),
                    owner: Owner::Page,
                    roadmap_title: None,
                    roadmaps: Vec::new(),
                    roles: Vec::new(),
                }),
            });
        }
        let headings = page_headings(site, docs);
        // Sources in parallel, each's entries in order (a large site has tens of thousands).
        let per_source: Vec<(Vec<ChangeEntry>, Vec<Diagnostic>, u64)> = sources_list
            .par_iter()
            .filter(|src| !src.changes.is_empty())
            .map(|src| {
                let mut entries = Vec::with_capacity(src.changes.len());
                let mut problems = Vec::new();
                for (index, change) in src.changes.iter().enumerate() {
                    let (entry, found) = entry(src, index, change, routes, &opts, &headings);
                    for (message, hint) in found {
                        let mut d = sources.error_at(
                            &src.of.file,
                            &format!("changes[{index}].note"),
                            message,
                        );
                        if let Some(h) = hint {
                            d = d.with_hint(h);
                        }
                        problems.push(d);
                    }
                    entries.push(entry);
                }
                // What the source's entries share is hashed once, not once an entry.
                let mut h = std::collections::hash_map::DefaultHasher::new();
                src.of.hash(&mut h);
                for e in &entries {
                    e.own_fields().hash(&mut h);
                }
                (entries, problems, h.finish())
            })
            .collect();
        let mut entries = Vec::with_capacity(per_source.iter().map(|(e, _, _)| e.len()).sum());
        let mut problems = Vec::new();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (e, p, source_hash) in per_source {
            entries.extend(e);
            problems.extend(p);
            source_hash.hash(&mut h);
        }
        let hash = h.finish();
        // Newest first; a stable sort keeps one day's changes in the order of the sources.
        entries.sort_by_key(|e| std::cmp::Reverse(e.date));
        let mut latest: FxHashMap<String, Date> = FxHashMap::default();
        for e in &entries {
            if !latest.contains_key(&e.page) {
                latest.insert(e.page.clone(), e.date);
            }
        }
        (
            ChangeLog {
                entries,
                hash,
                latest,
            },
            problems,
        )
    }
}

/// A source with a `changes` list, and what its entries share.
struct Source<'a> {
    changes: &'a [Change],
    of: Arc<Changed>,
}

/// The roles with a part in stage `stage` of `rm` (its owner and its RACI letters), as
/// `<roadmap>/<role>`.
fn stage_roles(rm: &Roadmap, stage: &str) -> Vec<String> {
    let Some(st) = rm.spec.stages.iter().find(|s| s.id == stage) else {
        return Vec::new();
    };
    let mut roles = vec![format!("{}/{}", rm.slug, st.owner)];
    for role in st.raci.keys() {
        let id = format!("{}/{role}", rm.slug);
        if !roles.contains(&id) {
            roles.push(id);
        }
    }
    roles
}

/// The rendered Markdown of every page that has some, by output path.
fn page_headings<'a>(site: &Site, docs: &'a RenderedDocs) -> FxHashMap<String, &'a Rendered> {
    let mut out = FxHashMap::default();
    let mut add = |file: &Path, page: String| {
        if let Some(r) = docs.get(file) {
            out.insert(page, r.as_ref());
        }
    };
    for rm in &site.roadmaps {
        for (stage, doc) in &rm.playbooks {
            add(&doc.file, routes::stage(&rm.slug, stage));
        }
    }
    for m in &site.onboarding {
        add(&m.file, routes::module(&m.slug));
    }
    for p in &site.pages {
        add(&p.file, routes::page(&p.slug));
    }
    for a in &site.accounts {
        if let Some(n) = &a.narrative {
            add(&n.file, routes::account(&a.slug));
        }
    }
    out
}

/// A problem with a note: message and hint.
type NoteProblem = (String, Option<String>);

/// The entry for change `index` of `src`, and the problems of its note's links.
fn entry(
    src: &Source,
    index: usize,
    change: &Change,
    routes: &Routes,
    opts: &MarkdownOptions,
    headings: &FxHashMap<String, &Rendered>,
) -> (ChangeEntry, Vec<NoteProblem>) {
    let name = source_name(&src.of.file);
    let note = change.note.trim();
    if is_plain(note) {
        // Most notes are a sentence of text: its HTML is itself, with no links to check.
        return (
            ChangeEntry {
                note_html: note.to_string(),
                note_text: note.to_string(),
                anchor: None,
                ..base_entry(src, index, change)
            },
            Vec::new(),
        );
    }
    let r = markdown::render_note(note, &name, routes, opts);
    let mut problems: Vec<NoteProblem> = r
        .problems
        .iter()
        .map(|p| (p.message.clone(), p.hint.clone()))
        .collect();
    let mut html = inline(&r.html);
    let mut anchor = None;
    for link in &r.anchor_links {
        // A bare `#anchor` names a section of the source's own page.
        let own = link.page == routes::HOME;
        let page = if own {
            src.of.page.as_str()
        } else {
            link.page.as_str()
        };
        match headings.get(page) {
            Some(target) if target.headings.iter().any(|h| h.id == link.anchor) => {}
            Some(target) => {
                let p = markdown::missing_anchor(link, target.headings.iter().map(|h| h.id.as_str()));
                problems.push((p.message, p.hint));
            }
            None if own => problems.push((
                format!("`#{}` names a section, but this file's page has no Markdown headings", link.anchor),
                Some("link to a section of a playbook or page instead, such as `@/roadmaps/<roadmap>/stages/<stage>.md#<section>`".into()),
            )),
            None => {}
        }
        if own || link.page == src.of.page {
            anchor.get_or_insert_with(|| link.anchor.clone());
        }
    }
    // Bare anchors point at the source's page from wherever the note is shown.
    let own_href = crate::slug::encode_path(&src.of.page);
    html = html.replace("href=\"#", &format!("href=\"{own_href}#"));
    let entry = ChangeEntry {
        note_html: html,
        note_text: plain_text(note),
        anchor,
        ..base_entry(src, index, change)
    };
    (entry, problems)
}

/// The entry for change `index` of `src`, with an empty note.
fn base_entry(src: &Source, index: usize, change: &Change) -> ChangeEntry {
    ChangeEntry {
        date: change.date,
        note_html: String::new(),
        note_text: String::new(),
        major: change.major,
        anchor: None,
        index,
        serial: src.changes.len() - 1 - index,
        of: Arc::clone(&src.of),
    }
}

/// Whether `note` (trimmed) is text that Markdown renders as itself in a paragraph: no
/// character that Markdown or HTML gives a meaning to (links, emphasis, code, entities,
/// escapes, quotes that HTML escapes), and no start that makes a list, heading or quote.
fn is_plain(note: &str) -> bool {
    const SPECIAL: &[char] = &[
        '\\', '`', '*', '_', '[', ']', '<', '>', '&', '#', '|', '~', '"', '\n', '\r', '\t', '{',
        '}', '$', '^', '=',
    ];
    let starts_block = note.starts_with(['-', '+', ':'])
        || note
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(['.', ')'])
            && note.starts_with(|c: char| c.is_ascii_digit());
    !note.is_empty()
        && !starts_block
        && !note.contains(SPECIAL)
        && !note.contains("  ")
        && !note.contains("://")
        && !note.contains("www.")
}

/// Rendered one-line Markdown without its paragraph tags.
fn inline(html: &str) -> String {
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|x| x.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => t.to_string(),
    }
}

/// The text of a line of Markdown, without its markup.
fn plain_text(note: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(note) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A source file's name relative to `content/`, as links name it.
fn source_name(file: &Path) -> String {
    let rel = file.strip_prefix("content").unwrap_or(file);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `html` with the `#fragment` of every link to another page taken off.
fn drop_fragments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match value.find('#') {
            Some(0) | None => out.push_str(value),
            Some(hash) => out.push_str(&value[..hash]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Prefixes every relative `href` and `src` of `html` (made relative to the output root)
/// with `root`, the way back to the root from the page that shows it; with an absolute
/// base URL (ending in `/`), this gives absolute links.
pub fn rebase_note(html: &str, root: &str) -> String {
    if root.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    loop {
        let next = ["href=\"", "src=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((i, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i + len]);
        rest = &rest[i + len..];
        let value_end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..value_end];
        let is_relative = !value.starts_with('#')
            && !value.starts_with('/')
            && !crate::markdown::has_scheme(value);
        if is_relative {
            out.push_str(root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain-text shortcut gives what Markdown gives, and is not taken where Markdown
    /// would make something else of the text.
    #[test]
    fn plain_notes_render_as_markdown_renders_them() {
        let routes = Routes::default();
        let opts = MarkdownOptions::default();
        let markdown = |note: &str| {
            let r = markdown::render_note(note, "pages/a.md", &routes, &opts);
            (inline(&r.html), plain_text(note))
        };
        for note in [
            "New discount rule for multi-year deals",
            "新增多年期合同的折扣规则，最高 15%。",
            "Renamed the KPI (win rate → conversion); see the FAQ.",
            "Q3: pricing updated, 2026/10 edition",
            "It's the rep's call, not finance's",
            "2026 plan",
            "Über-deals: new cap of 20% (EMEA only)",
        ] {
            assert!(is_plain(note), "{note}");
            assert_eq!(
                markdown(note),
                (note.to_string(), note.to_string()),
                "{note}"
            );
        }
        for note in [
            "- a list",
            "1. a list",
            "2) a list",
            "# heading",
            "> quote",
            "*emphasis*",
            "a_b_c",
            "see [faq](faq.md)",
            "a & b",
            "say \"yes\"",
            "use `code`",
            "https://example.com/x",
            "a  b",
            "x <b>y</b>",
            ": term",
            "1\\. escaped",
        ] {
            assert!(!is_plain(note), "{note}");
        }
    }

    #[test]
    fn notes_are_rebased_onto_the_showing_page() {
        let html = r#"新增 <a href="roadmaps/a/b/index.html#x">规则</a>，见 <a href="https://x.example/">外站</a>"#;
        assert_eq!(
            rebase_note(html, "../"),
            r#"新增 <a href="../roadmaps/a/b/index.html#x">规则</a>，见 <a href="https://x.example/">外站</a>"#
        );
        assert_eq!(rebase_note(html, ""), html);
        assert_eq!(inline("<p>a <em>b</em></p>\n"), "a <em>b</em>");
        assert_eq!(
            plain_text("新增 [折扣规则](#x) 与 `code`"),
            "新增 折扣规则 与 code"
        );
    }
}
