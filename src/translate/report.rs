//! How much of a site is translated: the figures `check` prints per language, and the
//! warnings that list what is missing.

use super::finding;
use super::overlay::Leaf;
use crate::diagnostics::Diagnostic;
use crate::model::Language;
use crate::source::SourceMap;
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Text fields of a language, translated and not.
#[derive(Debug, Default, Clone)]
pub struct Coverage {
    /// Text fields (and Markdown bodies) of the originals.
    pub fields: usize,
    /// Those the translation gives.
    pub translated: usize,
    /// Originals without any translation.
    pub untranslated_sources: Vec<PathBuf>,
    /// Output paths of pages whose sources have no translation.
    pub untranslated_pages: HashSet<String>,
}

impl Coverage {
    /// Counts the texts of `original`.
    pub(super) fn count(&mut self, original: &Path, has_translation: bool, leaves: &[Leaf]) {
        self.fields += leaves.len();
        self.translated += leaves.iter().filter(|l| l.text.is_some()).count();
        if !has_translation && !self.untranslated_sources.iter().any(|p| p == original) {
            self.untranslated_sources.push(original.to_path_buf());
        }
    }

    /// Counts a Markdown body.
    pub(super) fn count_body(&mut self, _original: &Path, translated: bool) {
        self.fields += 1;
        self.translated += usize::from(translated);
    }
}

/// What `check` reports of a site's translations.
#[derive(Debug, Default)]
pub struct Outcome {
    /// One summary per language.
    pub summaries: Vec<Summary>,
    /// What is untranslated or stale, each at its file, line and column (also among the
    /// render's warnings, or its errors with `--require-translations`).
    pub findings: Vec<Diagnostic>,
}

/// A language's summary, for `check`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The language's tag.
    pub language: &'static str,
    /// Pages fully translated.
    pub pages_translated: usize,
    /// Pages with some text untranslated.
    pub pages_partly: usize,
    /// Pages whose sources have no translation.
    pub pages_untranslated: usize,
    /// Text fields (and Markdown bodies) translated.
    pub fields_translated: usize,
    /// Text fields (and Markdown bodies) in all.
    pub fields: usize,
}

impl Summary {
    /// The summary of a language from its coverage and its pages' counts.
    pub fn new(language: Language, coverage: &Coverage, pages: [usize; 3]) -> Self {
        Summary {
            language: language.tag(),
            pages_translated: pages[0],
            pages_partly: pages[1],
            pages_untranslated: pages[2],
            fields_translated: coverage.translated,
            fields: coverage.fields,
        }
    }

    /// One line for people.
    pub fn line(&self) -> String {
        let share = if self.fields == 0 {
            100.0
        } else {
            self.fields_translated as f64 * 100.0 / self.fields as f64
        };
        format!(
            "translation `{}`: {} pages fully translated, {} partly, {} not at all; {} of {} text fields translated ({share:.0}%)",
            self.language,
            self.pages_translated,
            self.pages_partly,
            self.pages_untranslated,
            self.fields_translated,
            self.fields
        )
    }
}

/// A translation that leaves some of its original's text fields out.
pub(super) fn missing_fields(
    sources: &SourceMap,
    original: &Path,
    language: Language,
    first: &str,
    missing: &[&str],
) -> Diagnostic {
    const SHOWN: usize = 6;
    let mut list = missing
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if missing.len() > SHOWN {
        list.push_str(&format!(" and {} more", missing.len() - SHOWN));
    }
    finding(
        sources
            .error_at(
                original,
                first,
                format!(
                    "{} text field{} not translated into `{}`: {list}",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                    language.tag()
                ),
            )
            .with_hint(
                "they are shown in the original's language until the translation gives them",
            ),
    )
}

/// An original without any translation into `language`.
pub(super) fn untranslated(original: &Path, language: Language, fields: usize) -> Diagnostic {
    let name = original
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let translated = match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", language.tag()),
        None => format!("{name}.{}", language.tag()),
    };
    finding(
        Diagnostic::error(
            original,
            1,
            1,
            format!(
                "not translated into `{}` ({fields} text field{}): its pages show the original",
                language.tag(),
                if fields == 1 { "" } else { "s" }
            ),
        )
        .with_hint(format!("translate it in {translated} beside it")),
    )
}

/// `check --format json`: the diagnostics' document, with `translations` added: each
/// language's summary and the findings, each at its file, line and column.
pub fn to_json(diags: &[Diagnostic], outcome: &Outcome) -> String {
    let mut doc: serde_json::Value =
        serde_json::from_str(&crate::diagnostics::to_json(diags)).unwrap_or_default();
    let findings: serde_json::Value =
        serde_json::from_str(&crate::diagnostics::to_json(&outcome.findings)).unwrap_or_default();
    if let Some(map) = doc.as_object_mut() {
        map.insert(
            "translations".into(),
            serde_json::json!({
                "languages": outcome.summaries,
                "findings": findings.get("diagnostics"),
            }),
        );
    }
    doc.to_string()
}
