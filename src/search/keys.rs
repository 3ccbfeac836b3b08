//! The keys a page puts in the index, with the weight of each in each of its docs.
//!
//! Keys are the terms of [`super::tokenize`], except for CJK characters: each CJK character
//! is a key whose postings are the docs holding any term that contains it (with the highest
//! weight among them), so that a query of one character, which stands for every term
//! holding it, reads one key. A lone CJK character (a term by itself) is part of its
//! character's key and no key of its own.

use super::postings::{IN_SHOWN_HEAD, IN_SNIPPET, MAX_SECTION, is_bigram};
use super::tokenize::is_cjk;
use super::units::{Unit, hash_str};

/// What one page contributes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageKeys<'a> {
    /// `(key, section, weight, hash of the key)`, each key at most once per section,
    /// sections in order.
    pub postings: Vec<(&'a str, u32, u8, u32)>,
    /// The page's distinct words of the typo vocabulary, sorted.
    pub words: Vec<&'a str>,
}

/// Whether `term` is written in CJK characters (terms are either all CJK or none).
fn is_cjk_term(term: &str) -> bool {
    term.chars().next().is_some_and(is_cjk)
}

/// The keys of `unit`, section by section.
pub fn page_keys(unit: &Unit) -> PageKeys<'_> {
    let mut out = PageKeys {
        postings: Vec::with_capacity(unit.docs.len() * 64),
        words: unit.docs.iter().flat_map(|d| d.words()).collect(),
    };
    out.words.sort_unstable();
    out.words.dedup();
    let mut title = Vec::new();
    pairs_of(&unit.title, &mut title);
    // The CJK characters of a doc's terms, with their weights.
    let mut chars: Vec<(char, &str, u8)> = Vec::new();
    for (section, doc) in unit.docs.iter().enumerate() {
        let Ok(section) = u32::try_from(section) else {
            break;
        };
        if section > MAX_SECTION {
            break;
        }
        chars.clear();
        // Pairs of adjacent CJK characters in the title with the heading (joined by a space,
        // which a bigram cannot span), and in the snippet: what the search box checks a
        // Chinese query against.
        let mut shown: Option<(Vec<u64>, Vec<u64>)> = None;
        for (term, w, hash) in doc.hashed_terms() {
            if !is_cjk_term(term) {
                out.postings.push((term, section, w, hash));
                continue;
            }
            if is_bigram(term) {
                let (head, snippet) = shown.get_or_insert_with(|| {
                    let mut head = title.clone();
                    pairs_of(&doc.heading, &mut head);
                    let mut snippet = Vec::new();
                    pairs_of(&doc.snippet, &mut snippet);
                    (head, snippet)
                });
                let pair = pair_of(term);
                let mut bits = w;
                if head.binary_search(&pair).is_ok() {
                    bits |= IN_SHOWN_HEAD;
                }
                if snippet.binary_search(&pair).is_ok() {
                    bits |= IN_SNIPPET;
                }
                out.postings.push((term, section, bits, hash));
            }
            for (i, c) in term.char_indices() {
                chars.push((c, &term[i..i + c.len_utf8()], w));
            }
        }
        // Each character once, with the best weight of the terms holding it.
        chars.sort_unstable_by_key(|&(c, _, w)| (c, std::cmp::Reverse(w)));
        chars.dedup_by_key(|&mut (c, ..)| c);
        for &(_, key, w) in &chars {
            out.postings.push((key, section, w, hash_str(key)));
        }
    }
    out
}

/// Two characters as one number.
fn pair(a: char, b: char) -> u64 {
    u64::from(a as u32) << 32 | u64::from(b as u32)
}

/// The two characters of a bigram as one number.
fn pair_of(bigram: &str) -> u64 {
    let mut chars = bigram.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => pair(a, b),
        _ => 0,
    }
}

/// Adds every pair of adjacent CJK characters of `text` to `out`, which stays sorted.
fn pairs_of(text: &str, out: &mut Vec<u64>) {
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !is_cjk(c) {
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            out.push(pair(p, c));
        }
        previous = Some(c);
    }
    out.sort_unstable();
    out.dedup();
}

#[cfg(test)]
mod tests {
    use super::super::units::{Doc, IN_HEADING, REPEATED};
    use super::*;

    #[test]
    fn characters_take_the_best_weight_of_their_terms() {
        let unit = Unit {
            path: "p".into(),
            title: "需求分析".into(),
            crumb: None,
            docs: vec![
                Doc::new(String::new(), "", "需求分析", "客户需求 需求 访"),
                Doc::new("预算".into(), "budget", "预算", "Budget budget 预算"),
            ],
            changed: None,
        };
        let keys = page_keys(&unit);
        let get = |key: &str, section: u32| {
            keys.postings
                .iter()
                .find(|(k, s, ..)| *k == key && *s == section)
                .map(|p| p.2)
        };
        // 需求 is in the title (heading weight, shown), twice in the body and in the snippet.
        assert_eq!(
            get("需求", 0),
            Some(IN_HEADING | REPEATED | IN_SHOWN_HEAD | IN_SNIPPET)
        );
        assert_eq!(get("客户", 0), Some(IN_SNIPPET));
        assert_eq!(get("需", 0), Some(IN_HEADING | REPEATED));
        assert_eq!(get("客", 0), Some(0));
        assert_eq!(
            get("访", 0),
            Some(0),
            "a lone character is its character's key"
        );
        assert_eq!(get("budget", 1), Some(REPEATED));
        // In the section, 预算 is in the heading, and the title-with-heading shown holds it.
        assert_eq!(
            get("预算", 1),
            Some(IN_HEADING | IN_SHOWN_HEAD | IN_SNIPPET)
        );
        assert_eq!(get("需求", 1), None);
        let mut seen = std::collections::HashSet::new();
        assert!(keys.postings.iter().all(|(k, s, ..)| seen.insert((*k, *s))));
        assert!(keys.postings.iter().all(|(k, .., h)| hash_str(k) == *h));
    }
}
