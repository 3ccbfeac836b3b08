//! The site's synonyms (`search: synonyms:` in site.yaml): how they reach the index's
//! manifest, and each malformed list reported at file:line:col with what was expected.

mod common;

use common::search_index::SearchIndex;
use common::{TestSite, assert_error};
use serde_json::json;

const SITE: &str = "content/site.yaml";

/// The quality fixture with `synonyms` (YAML lines under `search:`) in its site.yaml.
fn with_synonyms(synonyms: &str) -> TestSite {
    let site = TestSite::fixture("search-quality");
    std::fs::write(
        site.root().join(SITE),
        format!("title: Field Guide\nlanguage: en\nsearch:\n{synonyms}"),
    )
    .unwrap();
    site
}

#[test]
fn synonym_groups_reach_the_manifest_as_terms() {
    let site = TestSite::fixture("search-quality");
    site.build_ok();
    let index = SearchIndex::of_dir(&site.output());
    assert_eq!(index.manifest["lang"], "en");
    assert_eq!(
        index.manifest["syn"][0],
        json!([["poc"], ["proof", "concept"], ["proof", "valu"], ["pov"]])
    );
    assert_eq!(
        index.manifest["syn"][2],
        json!([["拍板", "板人"], ["决策", "策人"]])
    );
    assert!(index.manifest["notes"][0].as_str().unwrap().contains("{q}"));
    // The typo vocabulary holds the text's words as written, not their stems.
    for word in ["questionnaire", "security", "renewal"] {
        assert!(index.vocabulary.iter().any(|w| w == word), "{word}");
    }
    assert!(!index.vocabulary.iter().any(|w| w == "the" || w == "who"));
}

#[test]
fn a_group_needs_two_entries() {
    let site = with_synonyms("  synonyms:\n    - [PoC, POV]\n    - [EB]\n");
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/site.yaml:6:7",
        &["synonym group 2 has 1 entry", "at least two"],
    );
}

#[test]
fn an_entry_is_in_one_group_only() {
    let site = with_synonyms(
        "  synonyms:\n    - [PoC, proof of value]\n    - [decision maker, EB]\n    - [POC, pilot]\n",
    );
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/site.yaml:7:8",
        &["synonym `POC` is in group 1 and again in group 3", "merge"],
    );
}

#[test]
fn an_entry_needs_a_word_search_can_use() {
    let site = with_synonyms("  synonyms:\n    - [the, PoC, POV]\n");
    let errors = site.build_err();
    assert_error(
        &errors,
        "content/site.yaml:5:8",
        &["synonym `the` has no word that search can use"],
    );
}

#[test]
fn synonyms_of_the_wrong_type() {
    // A list of words where a list of groups belongs: each entry is reported.
    let site = with_synonyms("  synonyms: [PoC, POV]\n");
    let errors = site.build_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_error(
        &errors,
        "content/site.yaml:4:14",
        &[
            "`search.synonyms[0]` has the wrong type",
            "expected a list",
            "\"PoC\"",
        ],
    );
    assert_error(&errors, "content/site.yaml:4:19", &["`search.synonyms[1]`"]);
    let site = with_synonyms("  synonym:\n    - [PoC, POV]\n");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("content/site.yaml:4:3"), "{errors:?}");
    assert!(errors[0].contains("synonyms"), "did you mean: {errors:?}");
}
