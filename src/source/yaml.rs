//! Everything that touches YAML: typed parsing with file positions, and finding where a
//! value stands in the text so later checks can point at it.
//!
//! serde_yaml is archived upstream; it is used in this module only, so a maintained fork is
//! a one-line swap.

mod locations;
mod recover;

pub use locations::Locations;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::SetAside;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A YAML document parsed as far as it goes.
#[derive(Debug)]
pub struct ParsedYaml<T> {
    /// The value: the whole document when `errors` is empty; otherwise the parts that
    /// parsed, or `None` when nothing usable is left (a syntax error, a document that is not
    /// a mapping).
    pub value: Option<T>,
    /// What failed to parse and was left out of `value`.
    pub set_aside: SetAside,
    /// Where the values of `value` stand in the file, by their paths in `value`.
    pub locations: Locations,
    /// Every problem found, each at its file, line and column.
    pub errors: Vec<Diagnostic>,
}

impl<T> ParsedYaml<T> {
    /// The whole document, or every problem in it: for callers that need all of a file or
    /// nothing (such as `stagecraft new`, which edits the file next).
    pub fn complete(self) -> Result<T, Vec<Diagnostic>> {
        match self.value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }

    fn failed(errors: Vec<Diagnostic>) -> Self {
        ParsedYaml {
            value: None,
            set_aside: SetAside::default(),
            locations: Locations::default(),
            errors,
        }
    }
}

/// Parses `text` (which starts at line `first_line` of `file`) into `T`, explaining every
/// problem in it: after each type error the offending value is set aside and the rest is
/// checked again, so one run reports all of a file's mistakes, and the rest still loads.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    source: &Arc<str>,
) -> ParsedYaml<T> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    // The YAML scanner is quadratic in the depth of `[`/`{` nesting; nothing in the format
    // nests deeply, so refuse absurd depths before parsing.
    if let Some(offset) = too_deep(text) {
        let (line, col) = crate::diagnostics::LineIndex::new(text).position(offset);
        return ParsedYaml::failed(vec![
            Diagnostic::error(
                file,
                line + first_line - 1,
                col,
                format!("lists or mappings nested more than {MAX_FLOW_DEPTH} levels deep"),
            )
            .with_hint("this is almost certainly a mistake: check the brackets `[` `{` around here")
            .with_source(source),
        ]);
    }
    // The common case, a correct file, takes the direct route.
    let err = match serde_yaml::from_str::<T>(text) {
        Ok(v) => {
            return ParsedYaml {
                value: Some(v),
                set_aside: SetAside::default(),
                locations: Locations::lazy(source, text, first_line),
                errors: Vec::new(),
            };
        }
        Err(e) => e,
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        // A syntax error: nothing after it can be trusted.
        Err(_) => {
            return ParsedYaml::failed(vec![syntax_error(&err, text, file, first_line, source)]);
        }
    };
    let file_locations = Locations::index(text, first_line);
    let recovered = recover::recover::<T>(value, &file_locations, file, source);
    if recovered.errors.is_empty() {
        // Cannot happen (the direct parse failed), but never report success on failure.
        return ParsedYaml::failed(vec![syntax_error(&err, text, file, first_line, source)]);
    }
    let locations = if recovered.removed_items.is_empty() {
        file_locations
    } else {
        Locations::index_model(text, first_line, &recovered.removed_items)
    };
    ParsedYaml {
        value: recovered.value,
        set_aside: recovered.set_aside,
        locations,
        errors: recovered.errors,
    }
}

/// Deepest `[`/`{` nesting accepted in a YAML text.
const MAX_FLOW_DEPTH: usize = 64;

/// Byte offset of the first bracket that nests deeper than [`MAX_FLOW_DEPTH`], ignoring
/// brackets inside quotes and comments.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    for (i, b) in text.bytes().enumerate() {
        match (quote, b) {
            (_, b'\n') => {
                comment = false;
                if quote == Some(b'#') {
                    quote = None;
                }
            }
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'#') => comment = true,
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The error as serde_yaml reports it, with its position in the file.
fn syntax_error(
    err: &serde_yaml::Error,
    text: &str,
    file: &Path,
    first_line: usize,
    source: &Arc<str>,
) -> Diagnostic {
    let raw = err.to_string();
    let message = strip_location(&raw);
    // Some scanner errors give a byte position in the message instead of a location.
    let at_position = message
        .rsplit_once(" at position ")
        .and_then(|(_, n)| n.trim().parse::<usize>().ok())
        .map(|offset| crate::diagnostics::LineIndex::new(text).position(offset));
    let (line, col) = match err.location() {
        _ if at_position.is_some() => at_position.unwrap_or((1, 1)),
        // serde_yaml places errors raised inside a value's own Deserialize (dates) and
        // duplicate keys at the document start: look for the quoted text instead.
        Some(l) if l.index() == 0 => guess_position(text, message).unwrap_or((1, 1)),
        Some(l) => (l.line(), l.column()),
        None => guess_position(text, message).unwrap_or((1, 0)),
    };
    let (message, mut hint) = explain(message);
    // Tabs cannot indent YAML; the scanner's own words do not say so.
    let starts_with_tab = text
        .lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'));
    if hint.is_none() && starts_with_tab {
        hint = Some("YAML is indented with spaces; this line starts with a tab".to_string());
    }
    let line = line + first_line - 1;
    let mut diag = Diagnostic::error(file, line, col, message).with_source(source);
    if let Some(hint) = hint {
        diag = diag.with_hint(hint);
    }
    diag
}

/// Parses a UI-string table (`key: text`), for the theme's translations.
pub fn parse_string_table(text: &str) -> Result<HashMap<String, String>, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Finds the text an error message quotes in backticks: a duplicate key's last occurrence,
/// or a rejected value's first.
fn guess_position(text: &str, message: &str) -> Option<(usize, usize)> {
    let quoted = message.split('`').nth(1)?;
    let offset = if message.starts_with("duplicate field") {
        let key = format!("{quoted}:");
        text.match_indices(key.as_str())
            .map(|(i, _)| i)
            .filter(|&i| {
                text[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| c.is_whitespace() || c == '{' || c == ',')
            })
            .last()?
    } else {
        text.find(quoted)?
    };
    Some(crate::diagnostics::LineIndex::new(text).position(offset))
}

fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// Rewrites serde's wording into an author's terms and adds a hint where one helps.
fn explain(message: &str) -> (String, Option<String>) {
    // serde_yaml puts the path of the value first: `stages[0].owner: invalid type: ...`.
    let (path, message) = match message.split_once(": ") {
        Some((p, rest)) if !p.contains(' ') && !p.is_empty() => (Some(p), rest),
        _ => (None, message),
    };
    let field_of = |what: &str| match path {
        Some(p) => format!("{what} (in `{p}`)"),
        None => what.to_string(),
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match did_you_mean(field, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => "remove it".to_string(),
            None => format!("valid fields here are {}", quote_list(&names)),
        };
        return (field_of(&format!("unknown field `{field}`")), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let hint = match did_you_mean(value, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`? Allowed: {}", quote_list(&names)),
            None => format!("allowed values are {}", quote_list(&names)),
        };
        return (field_of(&format!("unknown value `{value}`")), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            field_of(&format!("missing required field `{field}`")),
            Some(format!("add `{field}:` to this entry")),
        );
    }
    // `invalid type: string "x", expected u32` and `invalid value: ...` read alike.
    for (prefix, at_path, bare, fallback) in [
        (
            "invalid type: ",
            "has the wrong type",
            "wrong type",
            "another type",
        ),
        (
            "invalid value: ",
            "has an invalid value",
            "invalid value",
            "another value",
        ),
    ] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, fallback));
            let what = match path {
                Some(p) => format!("`{p}` {at_path}"),
                None => bare.to_string(),
            };
            return (
                format!(
                    "{what}: expected {}, found {}",
                    plain_type(expected),
                    plain_type(found)
                ),
                None,
            );
        }
    }
    (field_of(message), None)
}

/// Serde's type names in words an author knows.
fn plain_type(s: &str) -> String {
    let s = s.trim();
    let words = match s {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a sequence" => "a list",
        "a map" => "a mapping (`key: value` lines)",
        "unit value" => "nothing (an empty value)",
        _ if s.starts_with("struct ") => "a mapping (`key: value` lines)",
        _ if s.starts_with("enum ") => "one of the allowed values",
        _ => return s.to_string(),
    };
    words.to_string()
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        owner: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        stages: Vec<Item>,
    }

    fn src(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn unknown_field_names_it_and_suggests_the_nearest() {
        let text = "title: t\nstages:\n  - id: a\n    ownr: b\n";
        let errs = parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).errors;
        let err = &errs[0];
        assert_eq!(err.message, "unknown field `ownr` (in `stages[0]`)");
        assert_eq!(err.hint.as_deref(), Some("did you mean `owner`?"));
        assert_eq!((err.line, err.col), (4, 5));
    }

    #[test]
    fn lines_are_offset_to_the_file() {
        let text = "title: [1\n";
        let err = &parse::<Doc>(text, Path::new("x.md"), 2, &src(text)).errors[0];
        assert!(err.line >= 2, "{err}");
    }

    #[test]
    fn wrong_type_and_missing_field() {
        let text = "title: t\nstages: 3\n";
        let err = &parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).errors[0];
        assert!(err.message.contains("wrong type"), "{}", err.message);
        assert_eq!(err.line, 2);
        let text = "stages: []\n";
        let err = &parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).errors[0];
        assert_eq!(err.message, "missing required field `title`");
    }

    #[test]
    fn every_problem_in_a_file_is_reported_where_it_is() {
        let text = "title: [t]\nstages:\n  - id: a\n    ownr: b\n  - id: c\n    owner: d\n    extra: 1\n  - {id: e}\n  - id: f\n    owner: g\n    nonsense: h\n";
        let errs = parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).errors;
        let got: Vec<String> = errs
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.col, e.message))
            .collect();
        assert_eq!(
            got,
            vec![
                "1:8 `title` has the wrong type: expected a string, found sequence",
                "4:5 unknown field `ownr` (in `stages[0]`)",
                "7:5 unknown field `extra` (in `stages[1]`)",
                "8:5 missing required field `owner` (in `stages[2]`)",
                "11:5 unknown field `nonsense` (in `stages[3]`)",
            ],
            "the misspelt `ownr` is not reported a second time as a missing `owner`"
        );
    }

    /// Asserts that parsing `{}` as `T` names exactly the `required` fields as missing, in
    /// order, and still gives a value (a stand-in fits each of them).
    #[track_caller]
    fn assert_required<T: DeserializeOwned>(name: &str, required: &[&str]) {
        let parsed = parse::<T>("{}", Path::new("x.yaml"), 1, &src("{}"));
        let missing: Vec<&str> = parsed
            .errors
            .iter()
            .map(|e| {
                let rest = e.message.strip_prefix("missing required field `");
                rest.and_then(|r| r.split('`').next())
                    .unwrap_or_else(|| panic!("{name}: not a missing field: {}", e.message))
            })
            .collect();
        assert_eq!(missing, required, "{name}: every missing field, in order");
        assert!(
            parsed.value.is_some(),
            "{name}: a stand-in must fit each required field"
        );
    }

    #[test]
    fn every_required_field_of_every_model_type_is_named_and_stood_in_for() {
        use crate::model::*;
        // When a type gains a required field, its line here must change: the field is then
        // known to be reported with the others, and to have a type a stand-in fits (so that
        // the rest of its mapping, or its file, still loads).
        assert_required::<SiteConfig>("SiteConfig", &["title"]);
        assert_required::<RoadmapSpec>("RoadmapSpec", &["title", "stages"]);
        assert_required::<Pipeline>("Pipeline", &["as_of", "stages"]);
        assert_required::<Milestone>("Milestone", &["name", "date"]);
        assert_required::<Goal>("Goal", &["id", "label", "target", "deadline"]);
        assert_required::<Market>("Market", &[]);
        assert_required::<Competitor>("Competitor", &["name"]);
        assert_required::<Segment>("Segment", &["id", "name"]);
        assert_required::<Strategy>("Strategy", &[]);
        assert_required::<Role>("Role", &["id", "name"]);
        assert_required::<Stage>("Stage", &["id", "name", "owner"]);
        assert_required::<Kpi>("Kpi", &["name"]);
        assert_required::<PlaybookFront>("PlaybookFront", &[]);
        assert_required::<OnboardingFront>("OnboardingFront", &["title"]);
        assert_required::<ChecklistItem>("ChecklistItem", &["text"]);
        assert_required::<QuizQuestion>("QuizQuestion", &["q", "options", "answer"]);
        assert_required::<PageFront>("PageFront", &["title"]);
    }

    #[test]
    fn a_document_keeps_what_parsed_and_notes_what_did_not() {
        let text =
            "stages:\n  - id: a\n  - id: b\n    owner: x\n  - [c]\n  - id: d\n    owner: y\n";
        let parsed = parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text));
        let got: Vec<String> = parsed
            .errors
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.col, e.message))
            .collect();
        assert_eq!(
            got,
            vec![
                "2:5 missing required field `owner` (in `stages[0]`)",
                "5:5 `stages[2]` has the wrong type: expected a mapping (`key: value` lines), found sequence",
                "1:1 missing required field `title`",
            ]
        );
        let doc = parsed.value.expect("the rest loads");
        let ids: Vec<&str> = doc.stages.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["b", "d"]);
        let set_aside = &parsed.set_aside;
        assert!(set_aside.left_out("title"), "the stand-in title is noted");
        assert!(set_aside.may_hold("stages", "a"));
        assert!(
            set_aside.may_hold("stages", "z"),
            "the item without an id may be any stage"
        );
        assert_eq!(
            parsed.locations.find("stages[1].owner"),
            (7, 12),
            "the model's stages[1] is the file's stages[3]"
        );
    }
}
