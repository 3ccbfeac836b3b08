//! Translated Markdown files (playbooks, onboarding modules, free pages): their front
//! matter is an overlay of text fields, and their body replaces the original's.

use super::overlay::Shape;
use super::{Translator, hash_of};
use crate::model::{Document, OnboardingFront, PageFront, PlaybookFront, TranslationSource};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Front matter that can be translated.
pub(super) trait Front: Serialize + DeserializeOwned {
    /// Keeps what readers' progress is stored under from `original` (quiz answers are
    /// stored by the original question's and options' texts).
    fn keep_identity(&mut self, _original: &Self) {}
}

impl Front for PlaybookFront {}
impl Front for PageFront {}

impl Front for OnboardingFront {
    fn keep_identity(&mut self, original: &Self) {
        for (q, o) in self.quiz.iter_mut().zip(&original.quiz) {
            q.original = Some(Box::new((o.q.clone(), o.options.clone())));
        }
    }
}

impl Translator<'_> {
    /// Translates `marked` and `plain` (both the original, in) by `translation`.
    pub(super) fn document<F: Front>(
        &mut self,
        shape: &Shape,
        marked: &mut Document<F>,
        plain: &mut Document<F>,
        translation: Option<&TranslationSource>,
    ) {
        let original = marked.file.clone();
        let orig = serde_json::to_value(&marked.front).unwrap_or_default();
        let Some((m, p)) = self.overlay(shape, &orig, &original, translation) else {
            return;
        };
        for (doc, tree) in [(&mut *marked, m), (&mut *plain, p)] {
            if let Ok(mut front) = serde_json::from_value::<F>(tree) {
                front.keep_identity(&doc.front);
                doc.front = front;
            }
        }
        let body = translation.and_then(|t| Some((t, t.body.as_ref()?)));
        let translated = body.is_some_and(|(_, b)| !b.trim().is_empty());
        if !marked.body.trim().is_empty() {
            self.coverage.count_body(&original, translated);
        }
        match body {
            Some((t, b)) if translated => {
                for doc in [&mut *marked, &mut *plain] {
                    doc.file = t.file.clone();
                    doc.body = b.clone();
                    doc.body_line = t.body_line;
                    doc.hash = hash_of((doc.hash, t.hash));
                }
            }
            _ => {
                if let Some(t) = translation {
                    for doc in [&mut *marked, &mut *plain] {
                        doc.hash = hash_of((doc.hash, t.hash));
                    }
                }
                if !marked.body.trim().is_empty() {
                    self.fallback_bodies.push(original);
                }
            }
        }
    }
}
