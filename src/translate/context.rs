//! What rendering needs to know of the language it renders: where the pages go, the links
//! to the same page in the other languages, and the notes a translated page carries.

use super::{Translated, marks};
use crate::i18n::{Strings, tr};
use crate::model::{Date, Language, Site};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The same page in one of the site's languages, from a page of the current one.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct LanguageLink {
    /// BCP 47 tag (`hreflang`, `lang`).
    pub tag: &'static str,
    /// The language's name in itself ("English", "中文").
    pub name: &'static str,
    /// What goes between a page's `root` and its path to reach this language's copy.
    pub href_prefix: String,
    /// Where this language's pages are, from the site's root (`en/`, or empty).
    pub prefix: String,
    /// Whether it is the language of the page.
    pub current: bool,
}

/// The language a render is for.
#[derive(Debug, Default)]
pub struct LanguageContext {
    /// Where its pages go, from the output root: empty for the site's own language, `en/`.
    pub prefix: String,
    /// Every language of the site, this one included; empty for a site in one language.
    pub links: Vec<LanguageLink>,
    /// For a translation: the original's tag, which untranslated text is shown in.
    original: Option<&'static str>,
    /// The note of a page with untranslated parts (HTML).
    partial_note: String,
    /// Stale notes (HTML), by page path.
    stale_notes: BTreeMap<String, String>,
    /// Pages whose sources have no translation at all.
    untranslated: HashSet<String>,
    /// Pages rendered fully, partly and not translated.
    counts: [AtomicUsize; 3],
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn links(site: &Site, current: Language) -> Vec<LanguageLink> {
    if site.config.translations.is_empty() {
        return Vec::new();
    }
    let own = site.config.language;
    let prefix_of = |l: Language| {
        if l == own {
            String::new()
        } else {
            format!("{}/", l.tag())
        }
    };
    let up = "../".repeat(prefix_of(current).matches('/').count());
    std::iter::once(own)
        .chain(
            site.config
                .translations
                .keys()
                .copied()
                .filter(|l| *l != own),
        )
        .map(|l| LanguageLink {
            tag: l.tag(),
            name: l.autonym(),
            href_prefix: format!("{up}{}", prefix_of(l)),
            prefix: prefix_of(l),
            current: l == current,
        })
        .collect()
}

impl LanguageContext {
    /// The site's own language, at the output root.
    pub fn original(site: &Site) -> Self {
        LanguageContext {
            links: links(site, site.config.language),
            ..Default::default()
        }
    }

    /// A translation of `site`, with the UI strings `t` of its language.
    pub fn translation(site: &Site, translated: &Translated, t: &Strings) -> Self {
        let original = site.config.language;
        // The original's name in this language, or in itself when the table has none.
        let language = t
            .get(&format!("language_{}", original.tag()))
            .cloned()
            .unwrap_or_else(|| original.autonym().to_string());
        let partial_note = format!(
            "<p class=\"translation-note\">{}</p>",
            escape(&tr(t, "translation_partial", &[("language", &language)]))
        );
        let stale_notes = translated
            .stale
            .iter()
            .map(|(page, date): (&String, &Date)| {
                let text = tr(
                    t,
                    "translation_stale",
                    &[("language", &language), ("date", &date.to_string())],
                );
                (
                    page.clone(),
                    format!("<p class=\"translation-note\">{}</p>", escape(&text)),
                )
            })
            .collect();
        LanguageContext {
            prefix: translated.prefix.clone(),
            links: links(site, translated.language),
            original: Some(original.tag()),
            partial_note,
            stale_notes,
            untranslated: translated.coverage.untranslated_pages.clone(),
            counts: Default::default(),
        }
    }

    /// Where page or file `path` goes in the output.
    pub fn out_path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// A hash of what this context adds to pages, part of every page's fingerprint.
    pub fn fingerprint(&self) -> u64 {
        super::hash_of((
            &self.prefix,
            &self.links,
            self.original,
            &self.partial_note,
            &self.stale_notes,
        ))
    }

    /// The page at `path` as it is written: untranslated text in elements with the
    /// original's `lang`, and a note at the top when some of it is untranslated or stale.
    pub fn finish(&self, path: &str, html: String) -> String {
        let Some(original) = self.original else {
            return html;
        };
        let (mut html, partial) = marks::resolve(html, original);
        let mut notes = String::new();
        if partial {
            notes.push_str(&self.partial_note);
        }
        if let Some(stale) = self.stale_notes.get(path) {
            notes.push_str(stale);
        }
        marks::insert_notes(&mut html, &notes);
        let status = if !partial {
            0
        } else if self.untranslated.contains(path) {
            2
        } else {
            1
        };
        self.counts[status].fetch_add(1, Ordering::Relaxed);
        html
    }

    /// Pages rendered so far: fully translated, partly, and not at all.
    pub fn page_counts(&self) -> [usize; 3] {
        self.counts.each_ref().map(|c| c.load(Ordering::Relaxed))
    }
}
