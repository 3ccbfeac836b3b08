//! The index as one file, in the format of Stagecraft before the index was sharded: not
//! written by builds, kept as the reference that the tests rank queries against (with the
//! search box's code of that time, `tests/fixtures/search-reference.js`) to show that the
//! sharded index gives the same results.
//!
//! ```text
//! window.stagecraftSearchReference = {
//!   "stop": [...], "pages": [[path, title, crumb, [[heading, anchor, snippet], ...]], ...],
//!   "terms": [...sorted], "post": [...]
//! };
//! ```
//!
//! Docs are numbered from 0 in page order; a term's postings are the numbers
//! `(doc - previous doc - 1) * 4 + weight` in [`super::postings::push_number`]'s digits.

use super::files::push_json;
use super::postings::push_number;
use super::tokenize::STOP_WORDS;
use super::units::Unit;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The global the reference file assigns.
pub const GLOBAL: &str = "window.stagecraftSearchReference";

/// The reference index of `units`, in page order.
pub fn index_file(units: &[Arc<Unit>]) -> String {
    let mut terms: BTreeMap<&str, (i64, String)> = BTreeMap::new();
    let mut doc = 0i64;
    for unit in units {
        for d in &unit.docs {
            for (term, w) in d.terms() {
                let (previous, text) = terms.entry(term).or_insert((-1, String::new()));
                push_number(text, ((doc - *previous - 1) as u64) << 2 | u64::from(w & 3));
                *previous = doc;
            }
            doc += 1;
        }
    }
    let mut out = format!("{GLOBAL}={{\"stop\":");
    push_json(&mut out, &STOP_WORDS);
    out.push_str(",\"pages\":");
    let pages: Vec<_> = units
        .iter()
        .map(|u| {
            let docs: Vec<(&str, &str, &str)> = u
                .docs
                .iter()
                .map(|d| (d.heading.as_str(), d.anchor.as_str(), d.snippet.as_str()))
                .collect();
            (&u.path, &u.title, u.crumb.as_deref().unwrap_or(""), docs)
        })
        .collect();
    push_json(&mut out, &pages);
    out.push_str(",\"terms\":");
    push_json(&mut out, &terms.keys().collect::<Vec<_>>());
    out.push_str(",\"post\":");
    push_json(&mut out, &terms.values().map(|v| &v.1).collect::<Vec<_>>());
    out.push_str("};\n");
    out
}
