//! Everything that touches YAML: typed parsing with file positions, and finding where a
//! value stands in the text so later checks can point at it.
//!
//! serde_yaml is archived upstream; it is used in this module only, so a maintained fork is
//! a one-line swap.

use crate::diagnostics::{Diagnostic, did_you_mean};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use yaml_rust2::parser::{Event, Parser};

/// Parses `text` (which starts at line `first_line` of `file`) into `T`, or explains every
/// problem in it: after each type error the offending value is set aside and the rest is
/// checked again, so one run reports all of a file's mistakes.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
    source: &Arc<str>,
) -> Result<T, Vec<Diagnostic>> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    // The YAML scanner is quadratic in the depth of `[`/`{` nesting; nothing in the format
    // nests deeply, so refuse absurd depths before parsing.
    if let Some(offset) = too_deep(text) {
        let (line, col) = crate::diagnostics::LineIndex::new(text).position(offset);
        return Err(vec![
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
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        // A syntax error: nothing after it can be trusted.
        Err(_) => return Err(vec![syntax_error(&err, text, file, first_line, source)]),
    };
    let locations = Locations::index(text, first_line);
    let errors = collect_type_errors::<T>(value, &locations, file, source);
    if errors.is_empty() {
        // Cannot happen (the direct parse failed), but never report success on failure.
        return Err(vec![syntax_error(&err, text, file, first_line, source)]);
    }
    Err(errors)
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

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

fn path_string(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Deserializes `value` again and again, setting aside each value that fails, and returns
/// one diagnostic per problem, placed with the original paths.
fn collect_type_errors<T: DeserializeOwned>(
    mut value: serde_yaml::Value,
    locations: &Locations,
    file: &Path,
    source: &Arc<str>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    // Original indices removed from each sequence (by original path), and keys removed from
    // each mapping, so that later paths can be mapped back to the file.
    let mut removed_items: HashMap<String, Vec<usize>> = HashMap::new();
    let mut removed_keys: HashMap<String, Vec<String>> = HashMap::new();
    for _ in 0..64 {
        let err = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(_) => break,
            Err(e) => e,
        };
        let current: Vec<Step> = err
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
                serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                serde_path_to_error::Segment::Enum { variant } => Some(Step::Key(variant.clone())),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let original = to_original(&current, &removed_items);
        let path = path_string(&original);
        let inner = err.inner().to_string();
        let inner = strip_location(&inner);
        let unknown_field = inner.starts_with("unknown field");
        let missing = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next());
        // A missing field right after its misspelt twin was set aside says nothing new.
        let explained_by_typo = missing.is_some_and(|m| {
            removed_keys
                .get(&path)
                .is_some_and(|keys| did_you_mean(m, keys.iter().map(String::as_str)).is_some())
        });
        if !explained_by_typo && !reported.contains(&path) {
            let (line, col) = if unknown_field {
                locations.find_key(&path)
            } else {
                locations.find(&path)
            };
            // For an unknown field the path ends with the field itself: name its owner.
            let shown_path = if unknown_field {
                path_string(&original[..original.len().saturating_sub(1)])
            } else {
                path.clone()
            };
            let qualified = if shown_path.is_empty() {
                inner.to_string()
            } else {
                format!("{shown_path}: {inner}")
            };
            let (message, hint) = explain(&qualified);
            let mut d = Diagnostic::error(file, line, col, message).with_source(source);
            if let Some(h) = hint {
                d = d.with_hint(h);
            }
            errors.push(d);
            reported.push(path.clone());
        }
        // Set the failing value aside and try again.
        let Some((last, parent)) = current.split_last() else {
            break;
        };
        let parent_original = path_string(&to_original(parent, &removed_items));
        if !remove(&mut value, parent, last) {
            break;
        }
        match (last, original.last()) {
            (Step::Key(k), _) => removed_keys
                .entry(parent_original)
                .or_default()
                .push(k.clone()),
            (Step::Index(_), Some(Step::Index(orig))) => removed_items
                .entry(parent_original)
                .or_default()
                .push(*orig),
            _ => {}
        }
    }
    errors
}

/// Maps a path with indices into the patched document back to the file's indices.
fn to_original(current: &[Step], removed_items: &HashMap<String, Vec<usize>>) -> Vec<Step> {
    let mut out: Vec<Step> = Vec::with_capacity(current.len());
    for step in current {
        match step {
            Step::Index(i) => {
                let gone = removed_items.get(&path_string(&out));
                let orig = match gone {
                    Some(gone) => (0..).filter(|n| !gone.contains(n)).nth(*i).unwrap_or(*i),
                    None => *i,
                };
                out.push(Step::Index(orig));
            }
            key => out.push(key.clone()),
        }
    }
    out
}

/// Removes the child `last` of the node at `parent`; false when there is no such node.
fn remove(value: &mut serde_yaml::Value, parent: &[Step], last: &Step) -> bool {
    let mut node = value;
    for step in parent {
        let next = match (step, node) {
            (Step::Key(k), serde_yaml::Value::Mapping(m)) => m.get_mut(k.as_str()),
            (Step::Index(i), serde_yaml::Value::Sequence(s)) => s.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return false,
        }
    }
    match (last, node) {
        (Step::Key(k), serde_yaml::Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (Step::Index(i), serde_yaml::Value::Sequence(s)) if *i < s.len() => {
            s.remove(*i);
            true
        }
        _ => false,
    }
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

/// Where each value of a YAML document starts, by path (`stages[2].owner`), so that checks
/// run after deserializing can point at the right line and column.
#[derive(Debug, Default)]
pub struct Locations {
    by_path: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

impl Locations {
    /// Indexes `text`, which starts at line `first_line` of its file. Text that does not
    /// parse gives an empty index (parsing reports that error separately).
    pub fn index(text: &str, first_line: usize) -> Self {
        let mut by_path = HashMap::new();
        let mut keys = HashMap::new();
        let mut parser = Parser::new_from_str(text);
        // Each open container: its path, and for mappings whether the next scalar is a key,
        // for sequences the next index.
        enum Frame {
            Map { path: String, key: Option<String> },
            Seq { path: String, next: usize },
        }
        let mut stack: Vec<Frame> = Vec::new();
        let child_path = |stack: &mut Vec<Frame>| -> Option<String> {
            match stack.last_mut()? {
                Frame::Map { path, key } => {
                    let k = key.take()?;
                    Some(if path.is_empty() {
                        k
                    } else {
                        format!("{path}.{k}")
                    })
                }
                Frame::Seq { path, next } => {
                    let p = format!("{path}[{next}]");
                    *next += 1;
                    Some(p)
                }
            }
        };
        while let Ok((event, mark)) = parser.next_token() {
            let pos = (mark.line() + first_line - 1, mark.col() + 1);
            match event {
                Event::StreamEnd => break,
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map {
                        key: key @ None,
                        path,
                    }) = stack.last_mut()
                    {
                        let key_path = if path.is_empty() {
                            value.clone()
                        } else {
                            format!("{path}.{value}")
                        };
                        keys.insert(key_path, pos);
                        // A block mapping is announced at its first `:`; point at its first
                        // key instead.
                        if let Some(start) = by_path.get_mut(path.as_str())
                            && pos < *start
                        {
                            *start = pos;
                        }
                        *key = Some(value);
                    } else if let Some(path) = child_path(&mut stack) {
                        by_path.insert(path, pos);
                    }
                }
                Event::Alias(_) => {
                    if let Some(path) = child_path(&mut stack) {
                        by_path.insert(path, pos);
                    }
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let path = if stack.is_empty() {
                        String::new()
                    } else {
                        child_path(&mut stack).unwrap_or_default()
                    };
                    by_path.insert(path.clone(), pos);
                    stack.push(match event {
                        Event::MappingStart(..) => Frame::Map { path, key: None },
                        _ => Frame::Seq { path, next: 0 },
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
        }
        Locations { by_path, keys }
    }

    /// Line and column of the key of the entry at `path` (`stages[0].owner` → `owner:`),
    /// or of its value when it has no key.
    pub fn find_key(&self, path: &str) -> (usize, usize) {
        self.keys
            .get(path)
            .copied()
            .unwrap_or_else(|| self.find(path))
    }

    /// Line and column of the value at `path`, or of its nearest parent that is known.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&pos) = self.by_path.get(p) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return self.by_path.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
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
        let errs = parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).unwrap_err();
        let err = &errs[0];
        assert_eq!(err.message, "unknown field `ownr` (in `stages[0]`)");
        assert_eq!(err.hint.as_deref(), Some("did you mean `owner`?"));
        assert_eq!((err.line, err.col), (4, 5));
    }

    #[test]
    fn lines_are_offset_to_the_file() {
        let text = "title: [1\n";
        let err = &parse::<Doc>(text, Path::new("x.md"), 2, &src(text)).unwrap_err()[0];
        assert!(err.line >= 2, "{err}");
    }

    #[test]
    fn wrong_type_and_missing_field() {
        let text = "title: t\nstages: 3\n";
        let err = &parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).unwrap_err()[0];
        assert!(err.message.contains("wrong type"), "{}", err.message);
        assert_eq!(err.line, 2);
        let text = "stages: []\n";
        let err = &parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).unwrap_err()[0];
        assert_eq!(err.message, "missing required field `title`");
    }

    #[test]
    fn every_problem_in_a_file_is_reported_where_it_is() {
        let text = "title: [t]\nstages:\n  - id: a\n    ownr: b\n  - id: c\n    owner: d\n    extra: 1\n  - {id: e}\n  - id: f\n    owner: g\n    nonsense: h\n";
        let errs = parse::<Doc>(text, Path::new("x.yaml"), 1, &src(text)).unwrap_err();
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

    #[test]
    fn locations_find_nested_values() {
        let text = "title: t\nstages:\n  - id: a\n    owner: b\n  - {id: c, owner: d}\n";
        let loc = Locations::index(text, 10);
        assert_eq!(loc.find("stages[0].owner"), (13, 12));
        assert_eq!(loc.find("stages[1].owner"), (14, 20));
        assert_eq!(loc.find("stages[1].missing"), (14, 5));
        assert_eq!(loc.find("title"), (10, 8));
    }
}
