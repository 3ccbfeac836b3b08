//! What each page contributes to the index: its title and its searchable parts ("docs"), one
//! per heading section where the page has anchors to link to.

use super::extract::Section;
use super::tokenize::each_term_and_word;
use crate::i18n::{Strings, t_of};
use crate::markdown::Rendered;
use crate::markdown::RenderedDocs;
use crate::model::{Roadmap, Site};
use crate::routes;
use crate::slug::encode_path;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Characters of a doc's text kept in the index for result snippets. The whole text is
/// indexed; a hit further in shows the start of the section.
pub const SNIPPET_CAP: usize = 160;

/// Term weight bit: the term is in the doc's heading (or the page title, for a page's head).
pub const IN_HEADING: u8 = 2;
/// Term weight bit: the term occurs more than once in the doc's text.
pub const REPEATED: u8 = 1;

/// One searchable part of a page: the page's head (title and leading facts) or a section.
#[derive(Debug)]
pub struct Doc {
    /// The section's heading; empty for the page's head, which shows the page title.
    pub heading: String,
    /// The anchor the result links to, without `#`; empty for the top of the page.
    pub anchor: String,
    /// The start of the text, for snippets (ending in `…` where it was cut).
    pub snippet: String,
    /// The distinct terms, one after the other (one allocation for all of them).
    terms: String,
    /// For each term: its length in bytes, with its weight bits ([`IN_HEADING`],
    /// [`REPEATED`]) in the top two bits (two bytes a term: `serve` keeps every page's docs).
    lens: Vec<u16>,
    /// The distinct words of the typo vocabulary in the doc, each followed by a space.
    words: String,
}

thread_local! {
    /// Term hash → position in `ends`, reused from doc to doc.
    static SEEN: std::cell::RefCell<FxHashMap<u32, u32>> = Default::default();
    /// Hashes of the vocabulary words seen in the doc, reused from doc to doc.
    static WORDS_SEEN: std::cell::RefCell<rustc_hash::FxHashSet<u64>> = Default::default();
}

/// The hash of a term, for the maps that collect a doc's terms and the index's keys (two
/// terms may share one: users compare the terms too).
pub fn hash_str(s: &str) -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(s.as_bytes());
    (h.finish() >> 32) as u32
}

/// Room for the weight bits above a term's length in `Doc::lens` (a term is at most 40
/// characters, so at most 160 bytes).
const LEN_BITS: u32 = 14;

impl Doc {
    /// A doc whose terms come from `weighted` (heading or title words) and `body`.
    pub fn new(heading: String, anchor: &str, weighted: &str, body: &str) -> Doc {
        // Sized for typical text: about one distinct term per 12 bytes.
        let guess = (weighted.len() + body.len()) / 12 + 4;
        let mut terms = String::with_capacity(guess * 6);
        // (end in `terms`, in the heading, occurrences in the body)
        let mut found: Vec<(u32, bool, u32)> = Vec::with_capacity(guess);
        let mut words = String::new();
        SEEN.with(|seen| {
            let mut seen = seen.borrow_mut();
            seen.clear();
            let mut words_seen = WORDS_SEEN.with(|s| s.take());
            words_seen.clear();
            let mut word = |w: Option<&str>| {
                if let Some(w) = w
                    && words_seen.insert(xxhash_rust::xxh3::xxh3_64(w.as_bytes()))
                {
                    words.push_str(w);
                    words.push(' ');
                }
            };
            let mut add = |term: &str, in_heading: bool| {
                let start = |i: usize| if i == 0 { 0 } else { found[i - 1].0 as usize };
                let hash = hash_str(term);
                // A hash collision (another term with the same hash) falls back to a linear
                // search.
                let known = match seen.get(&hash) {
                    Some(&i) if &terms[start(i as usize)..found[i as usize].0 as usize] == term => {
                        Some(i as usize)
                    }
                    Some(_) => {
                        (0..found.len()).find(|&i| &terms[start(i)..found[i].0 as usize] == term)
                    }
                    None => None,
                };
                let i = known.unwrap_or_else(|| {
                    terms.push_str(term);
                    found.push((terms.len() as u32, false, 0));
                    seen.entry(hash).or_insert(found.len() as u32 - 1);
                    found.len() - 1
                });
                found[i].1 |= in_heading;
                found[i].2 += u32::from(!in_heading);
            };
            each_term_and_word(weighted, &mut |t, w| {
                add(t, true);
                word(w);
            });
            each_term_and_word(body, &mut |t, w| {
                add(t, false);
                word(w);
            });
            WORDS_SEEN.with(|s| *s.borrow_mut() = words_seen);
        });
        // `serve` keeps every page's docs: no slack.
        words.shrink_to_fit();
        let mut start = 0;
        let lens = found
            .into_iter()
            .map(|(end, h, n)| {
                let w = if h { IN_HEADING } else { 0 } | if n > 1 { REPEATED } else { 0 };
                let len = (end - start).min((1 << LEN_BITS) - 1) as u16;
                start = end;
                len | u16::from(w) << LEN_BITS
            })
            .collect::<Vec<_>>();
        // Units are kept between rebuilds: give back the slack of the growing buffer.
        terms.shrink_to_fit();
        let mut snippet = String::new();
        for word in body.split_whitespace() {
            if !snippet.is_empty() {
                snippet.push(' ');
            }
            snippet.push_str(word);
            if snippet.len() >= SNIPPET_CAP * 4 {
                break;
            }
        }
        if let Some((i, _)) = snippet.char_indices().nth(SNIPPET_CAP) {
            snippet.truncate(i);
            snippet.push('…');
        }
        Doc {
            heading,
            anchor: anchor.to_string(),
            snippet,
            terms,
            lens,
            words,
        }
    }

    /// The distinct words of the doc that go into the typo vocabulary.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split_ascii_whitespace()
    }

    /// Every distinct term of the doc with its weight bits.
    pub fn terms(&self) -> impl Iterator<Item = (&str, u8)> {
        self.hashed_terms().map(|(t, w, _)| (t, w))
    }

    /// Every distinct term of the doc with its weight bits and its [`hash_str`].
    pub fn hashed_terms(&self) -> impl Iterator<Item = (&str, u8, u32)> {
        let mut start = 0;
        self.lens.iter().map(move |&packed| {
            let end = start + usize::from(packed & ((1 << LEN_BITS) - 1));
            let t = self.terms.get(start..end).unwrap_or("");
            start = end;
            (t, (packed >> LEN_BITS) as u8, hash_str(t))
        })
    }
}

/// A page's contribution to the index.
#[derive(Debug)]
pub struct Unit {
    /// Output path, percent-encoded as in links.
    pub path: String,
    /// The page title.
    pub title: String,
    /// Title of the page it belongs to, shown with results (a stage's roadmap).
    pub crumb: Option<String>,
    /// Head first, then sections in page order.
    pub docs: Vec<Doc>,
    /// When the page last changed, in words ("changed 2026-11-24"), from its `changes`
    /// list: shown with its results.
    pub changed: Option<String>,
}

/// Joins the non-empty strings with ` · `.
fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for p in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(p);
    }
    out
}

/// Docs for the Markdown body `rendered` of a page: its leading text goes into `head_body`
/// (after what is already there); each heading section becomes a doc linking to the
/// heading's anchor.
fn body_docs(rendered: Option<&Rendered>, head_body: &mut String, out: &mut Vec<Doc>) {
    let Some(rendered) = rendered else { return };
    for Section {
        heading,
        title,
        text,
    } in &rendered.sections
    {
        match heading {
            None => {
                if !text.is_empty() {
                    *head_body = join([head_body.as_str(), text]);
                }
            }
            Some(n) => {
                let anchor = rendered.headings.get(*n).map_or("", |h| h.id.as_str());
                out.push(Doc::new(title.clone(), anchor, title, text));
            }
        }
    }
}

/// The unit of a roadmap page: its head, then one doc per section of the page.
pub fn roadmap(rm: &Roadmap, t: &HashMap<String, String>) -> Unit {
    let spec = &rm.spec;
    let owner = spec.owner.as_deref().map(|o| rm.role_name(o));
    let head_body = join([spec.summary.as_deref().unwrap_or(""), owner.unwrap_or("")]);
    let mut docs = vec![Doc::new(String::new(), "", &spec.title, &head_body)];
    let mut section = |key: &str, anchor: &str, body: String| {
        if !body.is_empty() {
            let heading = t_of(t, key).to_string();
            docs.push(Doc::new(heading.clone(), anchor, &heading, &body));
        }
    };
    section(
        "goals",
        "goals-heading",
        join(spec.goals.iter().map(|g| g.label.as_str())),
    );
    if let Some(m) = &spec.market {
        let competitors = m.competitors.iter().flat_map(|c| {
            [
                c.name.as_str(),
                c.strengths.as_deref().unwrap_or(""),
                c.weaknesses.as_deref().unwrap_or(""),
            ]
        });
        section(
            "market",
            "market-heading",
            join(
                m.trends
                    .iter()
                    .chain(&m.needs)
                    .map(String::as_str)
                    .chain(competitors),
            ),
        );
    }
    section(
        "segments",
        "segments-heading",
        join(spec.segments.iter().flat_map(|s| {
            [
                s.name.as_str(),
                s.description.as_deref().unwrap_or(""),
                s.criteria.as_deref().unwrap_or(""),
            ]
        })),
    );
    if let Some(s) = &spec.strategy {
        section(
            "strategy",
            "strategy-heading",
            join([&s.pricing, &s.promotion, &s.channel].map(|p| p.as_deref().unwrap_or(""))),
        );
    }
    section(
        "roles",
        "roles-heading",
        join(spec.roles.iter().map(|r| r.name.as_str())),
    );
    section(
        "roadmap_kpis",
        "kpi-heading",
        join(spec.kpis.iter().map(|k| k.name.as_str())),
    );
    Unit {
        path: encode_path(&routes::roadmap(&rm.slug)),
        title: spec.title.clone(),
        crumb: None,
        docs,
        changed: None,
    }
}

/// The unit of stage `i`'s playbook page: the stage's facts, then the playbook's sections.
pub fn stage(rm: &Roadmap, i: usize, docs: &RenderedDocs, t: &HashMap<String, String>) -> Unit {
    let s = &rm.spec.stages[i];
    let playbook = rm.playbooks.get(&s.id);
    let title = playbook
        .and_then(|p| p.front.title.clone())
        .unwrap_or_else(|| s.name.clone());
    let facts = join(
        [s.summary.as_deref().unwrap_or(""), rm.role_name(&s.owner)]
            .into_iter()
            .chain(s.entry_criteria.iter().map(String::as_str))
            .chain(s.exit_criteria.iter().map(String::as_str))
            .chain(s.activities.iter().map(String::as_str))
            .chain(s.risks.iter().map(String::as_str))
            .chain(s.kpis.iter().map(|k| k.name.as_str())),
    );
    let weighted = if title == s.name {
        title.clone()
    } else {
        format!("{title} {}", s.name)
    };
    let mut out = Vec::new();
    let mut intro = String::new();
    if let Some(p) = playbook {
        body_docs(docs.get(&p.file).map(|r| &**r), &mut intro, &mut out);
    }
    let mut all = vec![Doc::new(String::new(), "", &weighted, &facts)];
    if !intro.is_empty() {
        let heading = t_of(t, "playbook").to_string();
        all.push(Doc::new(
            heading.clone(),
            "playbook-heading",
            &heading,
            &intro,
        ));
    }
    all.extend(out);
    Unit {
        path: encode_path(&routes::stage(&rm.slug, &s.id)),
        title,
        crumb: Some(rm.spec.title.clone()),
        docs: all,
        changed: None,
    }
}

/// The unit of onboarding module `i`: its introduction, sections, checklist and quiz.
pub fn module(site: &Site, i: usize, docs: &RenderedDocs, t: &HashMap<String, String>) -> Unit {
    let m = &site.onboarding[i];
    let mut head_body = String::new();
    let mut sections = Vec::new();
    body_docs(
        docs.get(&m.file).map(|r| &**r),
        &mut head_body,
        &mut sections,
    );
    let mut all = vec![Doc::new(String::new(), "", &m.front.title, &head_body)];
    all.extend(sections);
    let mut extra = |key: &str, anchor: &str, body: String| {
        if !body.is_empty() {
            let heading = t_of(t, key).to_string();
            all.push(Doc::new(heading.clone(), anchor, &heading, &body));
        }
    };
    extra(
        "checklist",
        "checklist-heading",
        join(m.front.checklist.iter().map(|c| c.text.as_str())),
    );
    extra(
        "quiz",
        "quiz-heading",
        join(m.front.quiz.iter().map(|q| q.q.as_str())),
    );
    Unit {
        path: encode_path(&routes::module(&m.slug)),
        title: m.front.title.clone(),
        crumb: Some(t_of(t, "onboarding_path").to_string()),
        docs: all,
        changed: None,
    }
}

/// The unit of the onboarding path page (the parent of the modules in results).
pub fn onboarding(t: &HashMap<String, String>) -> Unit {
    let title = t_of(t, "onboarding_path");
    Unit {
        path: encode_path(routes::ONBOARDING),
        title: title.to_string(),
        crumb: None,
        docs: vec![Doc::new(
            String::new(),
            "",
            title,
            t_of(t, "onboarding_intro"),
        )],
        changed: None,
    }
}

/// The unit of free page `i`: its description and introduction, then its sections.
pub fn page(site: &Site, i: usize, docs: &RenderedDocs) -> Unit {
    let p = &site.pages[i];
    let mut head_body = p.front.description.clone().unwrap_or_default();
    let mut sections = Vec::new();
    body_docs(
        docs.get(&p.file).map(|r| &**r),
        &mut head_body,
        &mut sections,
    );
    let mut all = vec![Doc::new(String::new(), "", &p.front.title, &head_body)];
    all.extend(sections);
    Unit {
        path: encode_path(&routes::page(&p.slug)),
        title: p.front.title.clone(),
        crumb: None,
        docs: all,
        changed: None,
    }
}

/// The unit of key account `i`'s page: its name, its committee's names and notes, its
/// risks and next steps, then its narrative's sections.
pub fn account(site: &Site, i: usize, docs: &RenderedDocs, t: &Strings) -> Unit {
    let a = &site.accounts[i];
    let s = &a.spec;
    let mut head = join(
        s.committee
            .iter()
            .flat_map(|m| [m.name.as_str(), m.notes.as_deref().unwrap_or("")])
            .chain(s.risks.iter().chain(&s.next_steps).map(String::as_str)),
    );
    let mut sections = Vec::new();
    let narrative = a.narrative.as_ref().and_then(|n| docs.get(&n.file));
    body_docs(narrative.map(|r| &**r), &mut head, &mut sections);
    let mut all = vec![Doc::new(String::new(), "", &s.name, &head)];
    all.extend(sections);
    Unit {
        path: encode_path(&routes::account(&a.slug)),
        title: s.name.clone(),
        crumb: Some(t_of(t, "accounts_board").to_string()),
        docs: all,
        changed: None,
    }
}
