//! Unit tests of [`append_stage`] on the layouts authors write.

use super::*;
use crate::model::RoadmapSpec;
use std::path::Path;
use std::sync::Arc;

const ITEM: &str = "- id: qualify\n  name: Qualify\n  # who runs it\n  owner: ae\n  exit_criteria:\n    - Budget confirmed.\n";

fn parse(text: &str) -> RoadmapSpec {
    // As the loader reads it: without a byte-order mark.
    let text = text.trim_start_matches('\u{feff}');
    crate::source::yaml::parse(text, Path::new("roadmap.yaml"), 1, &Arc::from(text))
        .complete()
        .unwrap_or_else(|d| panic!("{d:?}\n---\n{text}"))
}

/// Appends [`ITEM`] and checks that the result is the original with lines inserted at one
/// line boundary (every original byte kept, in order), that it parses, and that its last
/// stage is the new one. Returns the result and the inserted text.
fn append_checked(original: &str) -> (String, String) {
    let before = parse(original);
    let result = append_stage(original, ITEM).unwrap();
    let at = (0..=original.len())
        .filter(|&p| p == 0 || original.as_bytes()[p - 1] == b'\n' || p == original.len())
        .find(|&p| result.starts_with(&original[..p]) && result.ends_with(&original[p..]))
        .unwrap_or_else(|| panic!("the original lines were changed:\n{result}"));
    let inserted = result[at..result.len() - (original.len() - at)].to_string();
    let after = parse(&result);
    assert_eq!(after.stages.len(), before.stages.len() + 1, "{result}");
    let new = after.stages.last().unwrap();
    assert_eq!((new.id.as_str(), new.owner.as_str()), ("qualify", "ae"));
    assert_eq!(new.exit_criteria, ["Budget confirmed."]);
    assert_eq!(
        after.kpis.len(),
        before.kpis.len(),
        "later keys keep their values"
    );
    (result, inserted)
}

#[test]
fn indented_items_followed_by_another_key() {
    let original = "title: T\nroles:\n  - id: ae\n    name: AE\nstages:\n  - id: prospect\n    name: Prospect\n    owner: ae\n    activities: [Research, \"Call \\\"twice\\\"\"]\nkpis:\n  - name: Win rate\n";
    let (result, inserted) = append_checked(original);
    assert_eq!(
        inserted,
        "  - id: qualify\n    name: Qualify\n    # who runs it\n    owner: ae\n    exit_criteria:\n      - Budget confirmed.\n"
    );
    assert!(result.ends_with("      - Budget confirmed.\nkpis:\n  - name: Win rate\n"));
}

#[test]
fn items_at_column_zero() {
    let original = "title: T\nroles:\n- id: ae\n  name: AE\nstages:\n- id: prospect\n  name: Prospect\n  owner: ae\nkpis: []\n";
    let (_, inserted) = append_checked(original);
    assert_eq!(
        inserted,
        "- id: qualify\n  name: Qualify\n  # who runs it\n  owner: ae\n  exit_criteria:\n    - Budget confirmed.\n"
    );
}

#[test]
fn wider_item_spacing_is_followed() {
    let original = "title: T\nroles: [{id: ae, name: AE}]\nstages:\n    -   id: prospect\n        name: Prospect\n        owner: ae\n";
    let (_, inserted) = append_checked(original);
    assert!(
        inserted.starts_with("    -   id: qualify\n        name: Qualify\n"),
        "{inserted}"
    );
}

#[test]
fn crlf_line_endings_are_kept() {
    let original = "title: T\r\nroles:\r\n  - id: ae\r\n    name: AE\r\nstages:\r\n  - id: prospect\r\n    name: Prospect\r\n    owner: ae\r\n";
    let (result, inserted) = append_checked(original);
    assert!(inserted.starts_with("  - id: qualify\r\n"), "{inserted:?}");
    assert_eq!(
        result.matches('\n').count(),
        result.matches("\r\n").count(),
        "every line ends in CRLF: {result:?}"
    );
}

#[test]
fn a_file_without_a_final_newline() {
    let original = "title: T\nroles:\n  - id: ae\n    name: AE\nstages:\n  - id: prospect\n    name: P\n    owner: ae";
    let (result, _) = append_checked(original);
    assert!(result.starts_with(original));
    assert!(
        result.ends_with("\n      - Budget confirmed."),
        "no newline is added at the end either: {result:?}"
    );
}

#[test]
fn comments_below_the_last_stage() {
    let original = "\
title: T
roles:
  - id: ae
    name: AE
# The sales process.
stages:   # in order
  - id: prospect
    name: Prospect
    owner: ae
    # more activities to come

  # - id: later
  #   name: Not yet

# Roadmap-wide KPIs.
kpis:
  - name: Win rate
";
    let (result, inserted) = append_checked(original);
    assert!(inserted.starts_with("  - id: qualify\n"));
    let new_at = result.find("  - id: qualify").unwrap();
    assert!(
        result.find("    # more activities to come").unwrap() < new_at,
        "a comment indented as the fields stays with its stage"
    );
    assert!(
        result.find("  # - id: later").unwrap() > new_at,
        "a comment after a blank line stays after the list: {result}"
    );
    assert!(result.find("# Roadmap-wide KPIs.").unwrap() > new_at);
}

#[test]
fn blank_lines_between_stages_are_followed() {
    let original = "title: T\nroles:\n  - id: ae\n    name: AE\nstages:\n  - id: a\n    name: A\n    owner: ae\n\n  - id: b\n    name: B\n    owner: ae\n\nkpis: []\n";
    let (result, inserted) = append_checked(original);
    assert!(inserted.starts_with("\n  - id: qualify\n"), "{inserted:?}");
    assert!(result.contains("    owner: ae\n\n  - id: qualify\n"));
    assert!(result.ends_with("      - Budget confirmed.\n\nkpis: []\n"));
}

#[test]
fn a_block_scalar_with_hash_lines_ends_the_last_stage() {
    let original = "title: T\nroles:\n  - id: ae\n    name: AE\nstages:\n  - id: a\n    name: A\n    owner: ae\n    summary: |\n      First line.\n\n      # not a comment: part of the text\nkpis: []\n";
    let (result, _) = append_checked(original);
    let spec = parse(&result);
    assert_eq!(
        spec.stages[0].summary.as_deref(),
        Some("First line.\n\n# not a comment: part of the text\n"),
        "the block scalar is unchanged"
    );
}

#[test]
fn stages_between_other_keys_and_document_markers() {
    let original = "---\ntitle: T\nstages:\n  - id: a\n    name: A\n    owner: ae\nroles:\n  - id: ae\n    name: AE\n...\n";
    let (result, _) = append_checked(original);
    assert!(result.contains("Budget confirmed.\nroles:\n"), "{result}");
}

#[test]
fn a_byte_order_mark_before_the_stages_key() {
    let original = "\u{feff}stages:\n  - id: a\n    name: A\n    owner: ae\ntitle: T\nroles: [{id: ae, name: AE}]\n";
    append_checked(original);
}

#[test]
fn unsupported_layouts_are_refused_with_the_line() {
    assert_eq!(
        append_stage("title: T\nstages: [{id: a, name: A, owner: ae}]\n", ITEM),
        Err(StageListError::InlineList { line: 2 })
    );
    assert_eq!(
        append_stage("title: T\nroles: []\n", ITEM),
        Err(StageListError::NoStagesKey)
    );
    assert_eq!(
        append_stage("title: T\nstages:\nroles: []\n", ITEM),
        Err(StageListError::NotAList { line: 2 })
    );
    assert_eq!(
        append_stage("stages: *shared\n", ITEM),
        Err(StageListError::NotAList { line: 1 })
    );
    assert_eq!(
        append_stage("title: T\n  stages:\n  - id: a\n", ITEM),
        Err(StageListError::NoStagesKey),
        "an indented `stages:` is not the roadmap's"
    );
}
