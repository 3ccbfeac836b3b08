//! The site's own synonyms (`search: synonyms:` in `site.yaml`): groups of words and
//! phrases that mean the same, such as `[PoC, proof of concept, proof of value, POV]`.
//!
//! Each entry is cut into terms as text is ([`super::tokenize`]), so that case, word forms
//! and stop words do not matter, and the groups go into the manifest as terms. The search
//! box reads a query's terms from left to right; where the terms of an entry start, the
//! longest such entry stands for its whole group ([`Synonyms::expand`]; `search.js` does
//! the same, and both are checked against `tests/fixtures/search-vectors.txt`).

use super::tokenize::terms;

/// Synonym groups, each entry as its terms.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Synonyms {
    groups: Vec<Vec<Vec<String>>>,
}

/// A part of a query after [`Synonyms::expand`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryPart {
    /// A term that is in no group.
    Term(String),
    /// `len` terms that are an entry of group `group`.
    Group {
        /// The group's position in [`Synonyms::groups`].
        group: usize,
        /// How many of the query's terms the entry took.
        len: usize,
    },
}

impl Synonyms {
    /// The groups as written in `site.yaml`. Entries without terms, and groups left with
    /// fewer than two entries, are dropped (validation reports them).
    pub fn new(groups: &[Vec<String>]) -> Synonyms {
        let groups = groups
            .iter()
            .map(|g| {
                let mut entries: Vec<Vec<String>> = Vec::new();
                for e in g.iter().map(|e| terms(e)).filter(|t| !t.is_empty()) {
                    if !entries.contains(&e) {
                        entries.push(e);
                    }
                }
                entries
            })
            .filter(|g| g.len() >= 2)
            .collect();
        Synonyms { groups }
    }

    /// The groups, each entry as its terms.
    pub fn groups(&self) -> &[Vec<Vec<String>>] {
        &self.groups
    }

    /// `query` (a query's terms) with each run of terms that is an entry of a group taken
    /// as that group: at each position the longest entry that starts there, the first group
    /// on a tie.
    pub fn expand(&self, query: &[String]) -> Vec<QueryPart> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < query.len() {
            let mut best: Option<(usize, usize)> = None;
            for (g, group) in self.groups.iter().enumerate() {
                for entry in group {
                    let fits = query[i..].starts_with(entry);
                    if fits && best.is_none_or(|(_, len)| entry.len() > len) {
                        best = Some((g, entry.len()));
                    }
                }
            }
            match best {
                Some((group, len)) => {
                    out.push(QueryPart::Group { group, len });
                    i += len;
                }
                None => {
                    out.push(QueryPart::Term(query[i].clone()));
                    i += 1;
                }
            }
        }
        out
    }

    /// [`Synonyms::expand`] written as in the shared test vectors: terms separated by
    /// spaces, a group as `{entry|entry}` with an entry's terms joined by `+`.
    pub fn expand_text(&self, query: &[String]) -> String {
        let parts: Vec<String> = self
            .expand(query)
            .into_iter()
            .map(|p| match p {
                QueryPart::Term(t) => t,
                QueryPart::Group { group, .. } => {
                    let entries: Vec<String> =
                        self.groups[group].iter().map(|e| e.join("+")).collect();
                    format!("{{{}}}", entries.join("|"))
                }
            })
            .collect();
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared vectors, also run through the theme's JavaScript by tests/search.rs.
    const VECTORS: &str = include_str!("../../tests/fixtures/search-vectors.txt");

    /// Lines `<kind>: <input> => <expected>` of the vectors file, and its `group:` lines.
    fn vectors(kind: &str) -> Vec<(&'static str, &'static str)> {
        VECTORS
            .lines()
            .filter_map(|l| l.strip_prefix(kind)?.strip_prefix(':'))
            .map(|l| l.split_once("=>").expect("input => expected"))
            .map(|(a, b)| (a.trim(), b.trim()))
            .collect()
    }

    fn groups() -> Vec<Vec<String>> {
        VECTORS
            .lines()
            .filter_map(|l| l.strip_prefix("group:"))
            .map(|l| l.split(',').map(|e| e.trim().to_string()).collect())
            .collect()
    }

    #[test]
    fn terms_match_the_shared_vectors() {
        let cases = vectors("terms");
        assert!(cases.len() >= 15, "only {} term vectors", cases.len());
        for (text, expected) in cases {
            assert_eq!(terms(text).join(" "), expected, "terms of {text:?}");
        }
    }

    #[test]
    fn synonyms_match_the_shared_vectors() {
        let synonyms = Synonyms::new(&groups());
        assert_eq!(synonyms.groups().len(), 4);
        let cases = vectors("expand");
        assert!(cases.len() >= 8, "only {} synonym vectors", cases.len());
        for (query, expected) in cases {
            assert_eq!(
                synonyms.expand_text(&terms(query)),
                expected,
                "expansion of {query:?}"
            );
        }
    }

    #[test]
    fn entries_without_terms_and_lone_entries_are_dropped() {
        let s = Synonyms::new(&[
            vec!["the".into(), "PoC".into(), "poc".into()],
            vec!["CRM".into(), "customer relationship management".into()],
        ]);
        assert_eq!(s.groups().len(), 1);
        assert_eq!(s.groups()[0][1], ["custom", "relationship", "manag"]);
    }
}
