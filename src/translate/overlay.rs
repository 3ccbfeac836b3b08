//! Overlays: a translation's YAML (a `roadmap.<lang>.yaml`, or a translated Markdown file's
//! front matter) laid over the original's fields. Which fields are text, and how lists are
//! matched (by id, or by position), is written once in [`Shape`] tables; one walk checks an
//! overlay against them and lists the edits it makes.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::source::SourceMap;
use serde_json::Value;
use std::path::Path;

/// What a field of the original is, for a translation.
#[derive(Debug)]
pub(crate) enum Shape {
    /// Text: the translation may give it.
    Text,
    /// A list of texts, translated item by item, in order.
    Texts,
    /// A mapping with these fields; any other field of the original is set there only.
    Record(&'static [(&'static str, Shape)]),
    /// A list of records with ids: the translation is a mapping from id to the record.
    ById(&'static [(&'static str, Shape)]),
    /// A list of records without ids: the translation is a list of the same length.
    ByPosition(&'static [(&'static str, Shape)]),
    /// An onboarding checklist: text items, or `{id, text}`, by position.
    Checklist,
    /// The translation's own value (its `updated` date), not laid over the original.
    Own,
}

/// The text fields of an account's YAML that a page shows as written (not ids, such as a
/// team member's role, or texts matched against the roadmap, such as an exit criterion).
/// Accounts have no translations: on a translated page their text is shown in the
/// original's language, marked as such.
pub(crate) const ACCOUNT: Shape = Shape::Record(&[
    ("name", Shape::Text),
    ("team", Shape::ByPosition(&[("name", Shape::Text)])),
    (
        "committee",
        Shape::ByPosition(&[
            ("name", Shape::Text),
            ("title", Shape::Text),
            ("notes", Shape::Text),
        ]),
    ),
    (
        "plan",
        Shape::ByPosition(&[("step", Shape::Text), ("owner", Shape::Text)]),
    ),
    (
        "exit_criteria",
        Shape::ByPosition(&[("evidence", Shape::Text)]),
    ),
    ("risks", Shape::Texts),
    ("next_steps", Shape::Texts),
]);

/// The text fields of `roadmap.yaml`.
pub(crate) const ROADMAP: Shape = Shape::Record(&[
    ("title", Shape::Text),
    ("summary", Shape::Text),
    ("updated", Shape::Own),
    (
        "goals",
        Shape::ById(&[("label", Shape::Text), ("unit", Shape::Text)]),
    ),
    (
        "market",
        Shape::Record(&[
            ("trends", Shape::Texts),
            ("needs", Shape::Texts),
            (
                "competitors",
                Shape::ByPosition(&[
                    ("name", Shape::Text),
                    ("strengths", Shape::Text),
                    ("weaknesses", Shape::Text),
                ]),
            ),
        ]),
    ),
    (
        "segments",
        Shape::ById(&[
            ("name", Shape::Text),
            ("description", Shape::Text),
            ("criteria", Shape::Text),
        ]),
    ),
    (
        "strategy",
        Shape::Record(&[
            ("pricing", Shape::Text),
            ("promotion", Shape::Text),
            ("channel", Shape::Text),
        ]),
    ),
    ("roles", Shape::ById(&[("name", Shape::Text)])),
    (
        "stages",
        Shape::ById(&[
            ("name", Shape::Text),
            ("summary", Shape::Text),
            ("entry_criteria", Shape::Texts),
            ("exit_criteria", Shape::Texts),
            ("activities", Shape::Texts),
            ("risks", Shape::Texts),
            ("kpis", KPIS),
        ]),
    ),
    ("kpis", KPIS),
    ("milestones", Shape::ByPosition(&[("name", Shape::Text)])),
]);

const KPIS: Shape = Shape::ByPosition(&[("name", Shape::Text), ("unit", Shape::Text)]);

/// The text fields of a playbook's front matter.
pub(crate) const PLAYBOOK: Shape =
    Shape::Record(&[("title", Shape::Text), ("updated", Shape::Own)]);

/// The text fields of an onboarding module's front matter.
pub(crate) const MODULE: Shape = Shape::Record(&[
    ("title", Shape::Text),
    ("duration", Shape::Text),
    ("updated", Shape::Own),
    ("checklist", Shape::Checklist),
    (
        "quiz",
        Shape::ByPosition(&[("q", Shape::Text), ("options", Shape::Texts)]),
    ),
]);

/// The text fields of a free page's front matter.
pub(crate) const PAGE: Shape = Shape::Record(&[
    ("title", Shape::Text),
    ("description", Shape::Text),
    ("updated", Shape::Own),
]);

/// One text of the original, and what the translation does with it.
#[derive(Debug)]
pub(crate) struct Leaf {
    /// JSON pointer of the text in the original's tree.
    pub(crate) pointer: String,
    /// Its path in the original's YAML (`stages[2].risks[0]`), for pointing at it.
    pub(crate) path: String,
    /// The translation, or `None` when it falls back to the original.
    pub(crate) text: Option<String>,
}

/// The walk of one overlay over its original.
pub(crate) struct Walk<'a> {
    /// The translation file.
    pub(crate) file: &'a Path,
    /// The original, named in messages.
    pub(crate) original: &'a Path,
    /// Where the translation's values stand.
    pub(crate) sources: &'a SourceMap,
    /// Every text of the original, in order.
    pub(crate) leaves: Vec<Leaf>,
    /// Checklist items, by pointer: they are replaced whole, to keep their ids.
    pub(crate) items: Vec<(String, String)>,
    /// The problems found.
    pub(crate) errors: Vec<Diagnostic>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl<'a> Walk<'a> {
    /// A walk of the translation `file` over `original`.
    pub(crate) fn new(file: &'a Path, original: &'a Path, sources: &'a SourceMap) -> Self {
        Walk {
            file,
            original,
            sources,
            leaves: Vec::new(),
            items: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn error_at_key(&mut self, path: &str, message: String, hint: String) {
        let d = self.sources.error_at_key(self.file, path, message);
        self.errors.push(d.with_hint(hint));
    }

    fn error_at(&mut self, path: &str, message: String, hint: String) {
        let d = self.sources.error_at(self.file, path, message);
        self.errors.push(d.with_hint(hint));
    }

    /// Walks `over` (the translation, if it gives this value) over `orig` by `shape`.
    /// `pointer` and `opath` locate the value in the original; `tpath` in the translation.
    pub(crate) fn walk(
        &mut self,
        shape: &Shape,
        orig: &Value,
        over: Option<&Value>,
        (pointer, opath, tpath): (&str, &str, &str),
    ) {
        let over = over.filter(|v| !v.is_null());
        match shape {
            Shape::Own => {}
            Shape::Text => match (orig, over) {
                (Value::String(_), Some(Value::String(s))) => self.leaf(pointer, opath, Some(s)),
                // Text without letters (`%`, `×`) reads the same in every language.
                (Value::String(o), None) if !o.chars().any(char::is_alphabetic) => {}
                (Value::String(_), None) => self.leaf(pointer, opath, None),
                (Value::String(_), Some(v)) => self.error_at(
                    tpath,
                    format!("expected text here, found {}", kind_of(v)),
                    "write the translated text (quote it if it starts with a symbol)".into(),
                ),
                (_, None) => {}
                (_, Some(_)) => self.error_at_key(
                    tpath,
                    format!(
                        "`{}` is not set in the original ({}), so there is nothing to translate",
                        tpath.rsplit('.').next().unwrap_or(tpath),
                        self.original.display()
                    ),
                    "write it in the original first; a translation only translates".into(),
                ),
            },
            Shape::Texts => self.list(orig, over, (pointer, opath, tpath), |w, o, v, at| {
                w.walk(&Shape::Text, o, v, at)
            }),
            Shape::ByPosition(fields) => {
                self.list(orig, over, (pointer, opath, tpath), |w, o, v, at| {
                    w.walk(&Shape::Record(fields), o, v, at)
                })
            }
            Shape::Checklist => self.list(orig, over, (pointer, opath, tpath), |w, o, v, at| {
                w.checklist_item(o, v, at)
            }),
            Shape::Record(fields) => self.record(fields, orig, over, (pointer, opath, tpath)),
            Shape::ById(fields) => self.by_id(fields, orig, over, (pointer, opath, tpath)),
        }
    }

    fn leaf(&mut self, pointer: &str, path: &str, text: Option<&String>) {
        self.leaves.push(Leaf {
            pointer: pointer.to_string(),
            path: path.to_string(),
            text: text.cloned(),
        });
    }

    fn record(
        &mut self,
        fields: &'static [(&'static str, Shape)],
        orig: &Value,
        over: Option<&Value>,
        (pointer, opath, tpath): (&str, &str, &str),
    ) {
        let Value::Object(orig_map) = orig else {
            if over.is_some() {
                self.error_at_key(
                    tpath,
                    "this is not set in the original, so there is nothing to translate".into(),
                    format!("write it in {} first", self.original.display()),
                );
            }
            return;
        };
        let over_map = match over {
            Some(Value::Object(m)) => Some(m),
            Some(v) => {
                self.error_at(
                    tpath,
                    format!("expected a mapping of texts here, found {}", kind_of(v)),
                    format!(
                        "translate the fields one by one: {}",
                        text_fields(fields).join(", ")
                    ),
                );
                None
            }
            None => None,
        };
        if let Some(m) = over_map {
            for key in m.keys() {
                if fields.iter().any(|(f, _)| f == key) {
                    continue;
                }
                let at = join(tpath, key);
                if orig_map.contains_key(key) {
                    self.error_at_key(
                        &at,
                        format!(
                            "`{key}` can only be set in the original ({}): a translation holds text only",
                            self.original.display()
                        ),
                        format!(
                            "remove it here; numbers, dates, owners, ids and order are written once, in the original. Text fields here: {}",
                            text_fields(fields).join(", ")
                        ),
                    );
                } else {
                    let hint = match did_you_mean(key, text_fields(fields)) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("text fields here: {}", text_fields(fields).join(", ")),
                    };
                    self.error_at_key(&at, format!("unknown field `{key}`"), hint);
                }
            }
        }
        for (name, shape) in fields {
            let Some(o) = orig_map.get(*name) else {
                continue;
            };
            self.walk(
                shape,
                o,
                over_map.and_then(|m| m.get(*name)),
                (
                    &format!("{pointer}/{name}"),
                    &join(opath, name),
                    &join(tpath, name),
                ),
            );
        }
    }

    fn by_id(
        &mut self,
        fields: &'static [(&'static str, Shape)],
        orig: &Value,
        over: Option<&Value>,
        (pointer, opath, tpath): (&str, &str, &str),
    ) {
        let Value::Array(items) = orig else { return };
        let ids: Vec<&str> = items
            .iter()
            .map(|i| i.get("id").and_then(Value::as_str).unwrap_or(""))
            .collect();
        let over_map = match over {
            Some(Value::Object(m)) => Some(m),
            Some(v) => {
                self.error_at(
                    tpath,
                    format!(
                        "expected a mapping from id to its texts here, found {}",
                        kind_of(v)
                    ),
                    format!(
                        "key each entry by its id in the original, such as `{}: {{{}: …}}`",
                        ids.first().copied().unwrap_or("id"),
                        fields.first().map_or("name", |f| f.0)
                    ),
                );
                None
            }
            None => None,
        };
        if let Some(m) = over_map {
            for key in m.keys() {
                if !ids.contains(&key.as_str()) {
                    let hint = match did_you_mean(key, ids.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => format!("the ids in the original are: {}", ids.join(", ")),
                    };
                    let list = tpath.rsplit('.').next().unwrap_or(tpath);
                    self.error_at_key(
                        &join(tpath, key),
                        format!(
                            "`{key}` is not an id of `{list}` in the original ({})",
                            self.original.display()
                        ),
                        hint,
                    );
                }
            }
        }
        for (i, (item, id)) in items.iter().zip(&ids).enumerate() {
            self.walk(
                &Shape::Record(fields),
                item,
                over_map.and_then(|m| m.get(*id)),
                (
                    &format!("{pointer}/{i}"),
                    &format!("{opath}[{i}]"),
                    &join(tpath, id),
                ),
            );
        }
    }

    fn list(
        &mut self,
        orig: &Value,
        over: Option<&Value>,
        (pointer, opath, tpath): (&str, &str, &str),
        mut each: impl FnMut(&mut Self, &Value, Option<&Value>, (&str, &str, &str)),
    ) {
        let Value::Array(items) = orig else { return };
        let over_items = match over {
            Some(Value::Array(v)) if v.len() == items.len() => Some(v),
            Some(Value::Array(v)) => {
                self.error_at(
                    tpath,
                    format!(
                        "this list has {} items and the original's has {}",
                        v.len(),
                        items.len()
                    ),
                    format!(
                        "a translation keeps every item of {}, in the same order: translate each one, and add or remove items in the original",
                        self.original.display()
                    ),
                );
                None
            }
            Some(v) => {
                self.error_at(
                    tpath,
                    format!("expected a list here, found {}", kind_of(v)),
                    format!(
                        "translate the {} items of the original, in order",
                        items.len()
                    ),
                );
                None
            }
            None => None,
        };
        for (i, item) in items.iter().enumerate() {
            each(
                self,
                item,
                over_items.map(|v| &v[i]),
                (
                    &format!("{pointer}/{i}"),
                    &format!("{opath}[{i}]"),
                    &format!("{tpath}[{i}]"),
                ),
            );
        }
    }

    fn checklist_item(
        &mut self,
        orig: &Value,
        over: Option<&Value>,
        (pointer, opath, tpath): (&str, &str, &str),
    ) {
        let key = match orig {
            Value::String(s) => crate::model::stable_id(s),
            Value::Object(m) => {
                let text = m.get("text").and_then(Value::as_str).unwrap_or("");
                m.get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| crate::model::stable_id(text), str::to_string)
            }
            _ => return,
        };
        let given = match over {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Object(m)) if m.keys().all(|k| k == "text") => {
                m.get("text").and_then(Value::as_str).map(str::to_string)
            }
            Some(Value::Object(_)) => {
                self.error_at_key(
                    tpath,
                    "a translated checklist item has text only".into(),
                    "its id comes from the original, so that a tick carries over between languages: write the text, or `{text: …}`".into(),
                );
                None
            }
            Some(v) => {
                self.error_at(
                    tpath,
                    format!("expected the item's text here, found {}", kind_of(v)),
                    "write the translated text".into(),
                );
                None
            }
        };
        self.leaves.push(Leaf {
            pointer: format!("{pointer}/text"),
            path: opath.to_string(),
            text: given,
        });
        self.items.push((pointer.to_string(), key));
    }
}

/// The text fields of a record, for hints.
fn text_fields(fields: &'static [(&'static str, Shape)]) -> Vec<&'static str> {
    fields
        .iter()
        .filter(|(_, s)| !matches!(s, Shape::Own))
        .map(|(n, _)| *n)
        .collect()
}

/// Applies the walk's edits to the original's tree: translated texts replace the
/// originals; with `mark`, fallback texts are wrapped in [`super::marks`] so that pages can
/// show them in the original's language.
pub(crate) fn apply(orig: &Value, walk: &Walk, mark: bool) -> Value {
    let mut tree = orig.clone();
    // Checklist items become `{id, text}` with the original's id, so ticks carry over.
    for (pointer, key) in &walk.items {
        if let Some(item) = tree.pointer_mut(pointer) {
            let text = match item {
                Value::String(s) => s.clone(),
                Value::Object(m) => m
                    .get("text")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                _ => continue,
            };
            *item = serde_json::json!({"id": key, "text": text});
        }
    }
    for leaf in &walk.leaves {
        let Some(Value::String(s)) = tree.pointer_mut(&leaf.pointer) else {
            continue;
        };
        match &leaf.text {
            Some(t) => *s = t.clone(),
            None if mark => *s = super::marks::inline(s),
            None => {}
        }
    }
    tree
}
