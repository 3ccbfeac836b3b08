//! Loading what can be used of a YAML document with type errors. Each failing value is
//! reported and set aside, and the rest is deserialized again, until what remains loads:
//! one run reports every mistake of a file, and the part that loads is checked like any
//! other (what was set aside is noted in a [`SetAside`], so that checks on the rest do not
//! report what is missing only because of the first error).

use super::locations::{Locations, RemovedItems};
use super::{explain, strip_location};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::SetAside;
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// At most this many problems are reported per document; past it, the document is not
/// loaded at all.
const MAX_ROUNDS: usize = 64;

/// What could be used of a document with errors.
pub(super) struct Recovery<T> {
    /// The document without what was set aside; `None` when nothing usable remains (the
    /// document is not a mapping, or a missing field could not be stood in for).
    pub value: Option<T>,
    /// What was set aside, by paths of the model.
    pub set_aside: SetAside,
    /// List items set aside, by paths of the file: the model counts items without them.
    pub removed_items: RemovedItems,
    /// One diagnostic per problem, placed with the file's paths.
    pub errors: Vec<Diagnostic>,
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    Key(String),
    Index(usize),
}

/// A path as the rest of the program writes it: `stages[2].owner`.
pub(super) fn path_string(steps: &[Step]) -> String {
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

/// The path of a deserialization error.
fn steps(path: &serde_path_to_error::Path) -> Vec<Step> {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
            serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => Some(Step::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => None,
        })
        .collect()
}

/// The field a `missing field` error names.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
}

/// Deserializes `value` again and again, setting aside each value that fails, until the rest
/// loads. A missing required field is stood in for while the rest of its mapping is checked,
/// so that every missing field of a mapping is named; then the mapping is set aside, unless
/// it is the document itself (which keeps the stand-ins, noted as set aside).
pub(super) fn recover<T: DeserializeOwned>(
    mut value: Value,
    locations: &Locations,
    file: &Path,
    source: &Arc<str>,
) -> Recovery<T> {
    // The document as written, to read the ids of the items set aside.
    let written = value.clone();
    let mut errors = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    // Original indices removed from each sequence (by original path), and keys removed from
    // each mapping, so that later paths can be mapped back to the file.
    let mut removed_items: RemovedItems = HashMap::new();
    let mut removed_keys: HashMap<String, Vec<String>> = HashMap::new();
    // What was set aside: the file's path of its mapping or list, and its key or id.
    let mut left_out: Vec<(Vec<Step>, Option<String>)> = Vec::new();
    let mut result = None;
    let mut report = |path: &str, message: &str, (line, col): (usize, usize)| {
        let qualified = if path.is_empty() {
            message.to_string()
        } else {
            format!("{path}: {message}")
        };
        let (message, hint) = explain(&qualified);
        let mut d = Diagnostic::error(file, line, col, message).with_source(source);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        errors.push(d);
    };
    for _ in 0..MAX_ROUNDS {
        let err = match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(v) => {
                result = Some(v);
                break;
            }
            Err(e) => e,
        };
        let current = steps(err.path());
        let original = to_original(&current, &removed_items);
        let path = path_string(&original);
        let inner = err.inner().to_string();
        let inner = strip_location(&inner);
        let unknown_field = inner.starts_with("unknown field");
        if let Some(first) = missing_field(inner) {
            let (fields, filled) = probe_missing::<T>(&value, &current, first);
            for field in &fields {
                // A missing field right after its misspelt twin was set aside says nothing new.
                let explained_by_typo = removed_keys.get(&path).is_some_and(|keys| {
                    did_you_mean(field, keys.iter().map(String::as_str)).is_some()
                });
                let key = format!("{path}\u{0}{field}");
                if !explained_by_typo && !reported.contains(&key) {
                    report(
                        &path,
                        &format!("missing field `{field}`"),
                        locations.find(&path),
                    );
                    reported.push(key);
                }
            }
            if current.is_empty() {
                // The document itself: go on with stand-ins for what it lacks.
                let Some(filled) = filled else { break };
                value = filled;
                left_out.extend(fields.into_iter().map(|f| (Vec::new(), Some(f))));
                continue;
            }
        } else if !reported.contains(&path) {
            // For an unknown field the path ends with the field itself: name its owner.
            let (shown, at) = if unknown_field {
                let owner = &original[..original.len().saturating_sub(1)];
                (path_string(owner), locations.find_key(&path))
            } else {
                (path.clone(), locations.find(&path))
            };
            report(&shown, inner, at);
            reported.push(path.clone());
        }
        // Set the failing value aside and try again.
        let Some((last, parent)) = current.split_last() else {
            break;
        };
        let parent_original = to_original(parent, &removed_items);
        let child = match last {
            // An unknown field is dropped; when it is a misspelling of a field of its
            // mapping, that field is as good as left out (`rols:` leaves the roles unknown).
            Step::Key(k) if unknown_field => intended_field(inner, k).map(Some),
            Step::Key(k) => Some(Some(k.clone())),
            Step::Index(_) => Some(item_id(&written, &original)),
        };
        if let Some(child) = child {
            left_out.push((parent_original.clone(), child));
        }
        if !remove(&mut value, parent, last) {
            break;
        }
        let parent_original = path_string(&parent_original);
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
    let mut set_aside = SetAside::default();
    for (container, child) in left_out {
        // Nothing to note inside a mapping or list that was itself set aside later.
        if let Some(model) = to_model(&container, &removed_items) {
            set_aside.leave_out(path_string(&model), child);
        }
    }
    Recovery {
        value: result,
        set_aside,
        removed_items,
        errors,
    }
}

/// Values tried in turn in place of a missing required field: one of them loads as each
/// type that a required field of the model has (text, number, list, mapping, date, flag).
fn stand_ins() -> [Value; 6] {
    [
        Value::String(String::new()),
        Value::Number(0.into()),
        Value::Sequence(Vec::new()),
        Value::Mapping(serde_yaml::Mapping::new()),
        Value::String("2000-01-01".to_string()),
        Value::Bool(false),
    ]
}

/// Every required field missing from the mapping at `at`, starting with `first` (serde
/// names one at a time), found by standing in for each until the mapping loads; and the
/// document with the stand-ins, unless some missing field has a type no stand-in fits.
fn probe_missing<T: DeserializeOwned>(
    value: &Value,
    at: &[Step],
    first: &str,
) -> (Vec<String>, Option<Value>) {
    let mut probe = value.clone();
    let mut missing = vec![first.to_string()];
    loop {
        let field = missing[missing.len() - 1].clone();
        let mut stand_in_path = at.to_vec();
        stand_in_path.push(Step::Key(field.clone()));
        let mut next = None;
        for stand_in in stand_ins() {
            if !insert(&mut probe, at, &field, stand_in) {
                return (missing, None);
            }
            match serde_path_to_error::deserialize::<_, T>(probe.clone()) {
                Ok(_) => return (missing, Some(probe)),
                // The stand-in does not fit the field's type: try the next.
                Err(e) if steps(e.path()).starts_with(&stand_in_path) => {}
                Err(e) => {
                    next = Some(e);
                    break;
                }
            }
        }
        let Some(err) = next else {
            return (missing, None);
        };
        let inner = err.inner().to_string();
        match missing_field(strip_location(&inner)) {
            Some(f) if steps(err.path()) == at && !missing.iter().any(|m| m == f) => {
                missing.push(f.to_string());
            }
            // The mapping is complete; the next problem is elsewhere.
            _ => return (missing, Some(probe)),
        }
    }
}

/// Sets `field` of the mapping at `at` to `stand_in` (an empty document counts as an empty
/// mapping); false when there is no mapping there.
fn insert(value: &mut Value, at: &[Step], field: &str, stand_in: Value) -> bool {
    let Some(node) = node_mut(value, at) else {
        return false;
    };
    if node.is_null() {
        *node = Value::Mapping(serde_yaml::Mapping::new());
    }
    match node {
        Value::Mapping(m) => {
            m.insert(Value::String(field.to_string()), stand_in);
            true
        }
        _ => false,
    }
}

/// The field of the mapping that an unknown field is a misspelling of, from serde's
/// `unknown field `x`, expected one of `a`, `b``.
fn intended_field(message: &str, unknown: &str) -> Option<String> {
    let (_, expected) = message.split_once("expected")?;
    let names = expected.split('`').skip(1).step_by(2);
    did_you_mean(unknown, names).map(str::to_string)
}

/// The `id` of the list item at `path` of the document as written, when it has one that
/// reads as text.
fn item_id(written: &Value, path: &[Step]) -> Option<String> {
    let mut node = written;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Value::Mapping(m)) => m.get(k.as_str())?,
            (Step::Index(i), Value::Sequence(s)) => s.get(*i)?,
            _ => return None,
        };
    }
    match node.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Maps a path with indices into the patched document back to the file's indices.
pub(super) fn to_original(current: &[Step], removed_items: &RemovedItems) -> Vec<Step> {
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

/// Maps a path of the file to the model without the removed items; `None` when the path is
/// inside a removed item.
fn to_model(original: &[Step], removed_items: &RemovedItems) -> Option<Vec<Step>> {
    let mut model = Vec::with_capacity(original.len());
    for (n, step) in original.iter().enumerate() {
        match step {
            Step::Index(i) => {
                let gone = removed_items
                    .get(&path_string(&original[..n]))
                    .map_or(&[][..], Vec::as_slice);
                if gone.contains(i) {
                    return None;
                }
                model.push(Step::Index(i - gone.iter().filter(|g| *g < i).count()));
            }
            key => model.push(key.clone()),
        }
    }
    Some(model)
}

fn node_mut<'v>(value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    let mut node = value;
    for step in path {
        node = match (step, node) {
            (Step::Key(k), Value::Mapping(m)) => m.get_mut(k.as_str())?,
            (Step::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Removes the child `last` of the node at `parent`; false when there is no such node.
fn remove(value: &mut Value, parent: &[Step], last: &Step) -> bool {
    match (last, node_mut(value, parent)) {
        (Step::Key(k), Some(Value::Mapping(m))) => m.remove(k.as_str()).is_some(),
        (Step::Index(i), Some(Value::Sequence(s))) if *i < s.len() => {
            s.remove(*i);
            true
        }
        _ => false,
    }
}
