//! Every source of every site (the sample, the fixtures, the starter), as the loader and as a
//! JSON Schema validator see it, and a walk over a source that gives, at each value, the
//! schemas that apply to it. Used by tests/schema.rs.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use stagecraft::init::{
    InitOptions, NewOptions, init_site, new_module, new_page, new_roadmap, new_stage,
};
use stagecraft::model::{
    AccountNarrativeFront, AccountSpec, Date, Language, OnboardingFront, PageFront, PlaybookFront,
    RoadmapSpec, SiteConfig,
};
use stagecraft::schema;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The kinds of source that have a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Site,
    Roadmap,
    Playbook,
    Module,
    Page,
    Account,
    AccountNarrative,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Site,
        Kind::Roadmap,
        Kind::Playbook,
        Kind::Module,
        Kind::Page,
        Kind::Account,
        Kind::AccountNarrative,
    ];

    pub fn schema_file(self) -> &'static str {
        match self {
            Kind::Site => schema::SITE,
            Kind::Roadmap => schema::ROADMAP,
            Kind::Playbook => schema::PLAYBOOK,
            Kind::Module => schema::MODULE,
            Kind::Page => schema::PAGE,
            Kind::Account => schema::ACCOUNT,
            Kind::AccountNarrative => schema::ACCOUNT_NARRATIVE,
        }
    }

    /// The kind of the source at `rel` (relative to `content/`), if it has a schema.
    pub fn of(rel: &str) -> Option<Kind> {
        let parts: Vec<&str> = rel.split('/').collect();
        let md = |f: &str| f.ends_with(".md");
        match parts.as_slice() {
            ["site.yaml"] => Some(Kind::Site),
            ["roadmaps", _, "roadmap.yaml"] => Some(Kind::Roadmap),
            ["roadmaps", _, "stages", f] if md(f) => Some(Kind::Playbook),
            ["onboarding", f] if md(f) => Some(Kind::Module),
            ["pages", f] if md(f) => Some(Kind::Page),
            ["accounts", f] if f.ends_with(".yaml") => Some(Kind::Account),
            ["accounts", f] if md(f) => Some(Kind::AccountNarrative),
            _ => None,
        }
    }

    /// The YAML of a source file: the whole file, or a Markdown file's front matter.
    pub fn yaml_of(self, text: &str) -> String {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match self {
            Kind::Site | Kind::Roadmap | Kind::Account => text.to_string(),
            _ => stagecraft::source::frontmatter::split(text)
                .expect("front matter is closed")
                .yaml
                .to_string(),
        }
    }

    /// What the loader's YAML step says of `yaml`: `Ok`, or serde's message.
    pub fn load(self, yaml: &str) -> Result<(), String> {
        fn parse<T: DeserializeOwned>(yaml: &str) -> Result<(), String> {
            serde_yaml::from_str::<T>(yaml)
                .map(drop)
                .map_err(|e| e.to_string())
        }
        let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
        match self {
            Kind::Site => parse::<SiteConfig>(yaml),
            Kind::Roadmap => parse::<RoadmapSpec>(yaml),
            Kind::Playbook => parse::<PlaybookFront>(yaml),
            Kind::Module => parse::<OnboardingFront>(yaml),
            Kind::Page => parse::<PageFront>(yaml),
            Kind::Account => parse::<AccountSpec>(yaml),
            Kind::AccountNarrative => parse::<AccountNarrativeFront>(yaml),
        }
    }
}

/// The schemas, and validators for them (formats such as `date` checked, as the loader does).
pub struct Schemas {
    by_kind: BTreeMap<Kind, (Value, jsonschema::Validator)>,
}

impl Schemas {
    pub fn new() -> Schemas {
        let all: BTreeMap<&str, Value> = schema::all().into_iter().collect();
        let by_kind = Kind::ALL
            .into_iter()
            .map(|kind| {
                let schema = all[kind.schema_file()].clone();
                let validator = jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(true)
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("{}: {e}", kind.schema_file()));
                (kind, (schema, validator))
            })
            .collect();
        Schemas { by_kind }
    }

    pub fn schema(&self, kind: Kind) -> &Value {
        &self.by_kind[&kind].0
    }

    /// The schema's complaints about `value`, empty when it is valid.
    pub fn errors(&self, kind: Kind, value: &Value) -> Vec<String> {
        self.by_kind[&kind]
            .1
            .iter_errors(value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect()
    }

    pub fn accepts(&self, kind: Kind, value: &Value) -> bool {
        self.by_kind[&kind].1.is_valid(value)
    }
}

/// YAML as an editor's schema validator sees it: JSON, with non-string keys written as text
/// and numbers JSON cannot hold (`.inf`, `.nan`) kept as their text.
pub fn to_json(yaml: &str) -> Value {
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    let value: serde_yaml::Value = serde_yaml::from_str(yaml).expect("YAML syntax");
    json_of(value)
}

pub fn json_of(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => json!(b),
        Y::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => json!(u),
            (_, Some(i), _) => json!(i),
            (_, _, Some(f)) if f.is_finite() => json!(f),
            _ => json!(n.to_string()),
        },
        Y::String(s) => json!(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(json_of).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other).unwrap().trim().to_string(),
                    };
                    (key, json_of(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => json_of(tagged.value),
    }
}

/// One source file with a schema.
pub struct Source {
    pub file: String,
    pub kind: Kind,
    pub yaml: String,
    pub value: Value,
}

/// Fields and forms that no site uses, so that the tests reach every field.
pub const EXTRA: &[(Kind, &str)] = &[
    (
        Kind::Site,
        "title: Extra\nreview_every: 30\nallow_html: false\niframe_hosts: [video.intranet.example.com]\n",
    ),
    (
        Kind::Module,
        "title: Extra\nchecklist:\n  - {id: crm, text: Set up the CRM}\n  - text: Shadow a call\n",
    ),
];

/// Every source of the sample site, of each fixture site and of the starter, and [`EXTRA`];
/// the shortest first, so that a check made once per field uses the smallest document.
pub fn sources() -> Vec<Source> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots: Vec<PathBuf> = vec![repo.join("content")];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo.join("tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path().join("content"))
        .filter(|p| p.is_dir())
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 5, "fixture sites: {fixtures:?}");
    roots.extend(fixtures);
    // The starter in each language, with a stage, module, page and roadmap from `new`.
    let starters: Vec<tempfile::TempDir> = [Language::EN, Language::ZH_CN]
        .into_iter()
        .map(|language| {
            let dir = tempfile::tempdir().unwrap();
            let today = Date::parse("2026-12-01").unwrap();
            init_site(dir.path(), &InitOptions { language, today }).unwrap();
            let opts = NewOptions {
                root: dir.path().to_path_buf(),
                today,
                name: None,
            };
            new_stage("main/follow-up", &opts).unwrap();
            new_module("first-calls", &opts).unwrap();
            new_page("faq", &opts).unwrap();
            new_roadmap("channel", &opts).unwrap();
            dir
        })
        .collect();
    roots.extend(starters.iter().map(|d| d.path().join("content")));

    let mut out = Vec::new();
    for root in &roots {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(root).unwrap().to_string_lossy();
            // Translations (`qualify.en.md`, `roadmap.en.yaml`) hold text only: they are
            // checked against their originals, not against these schemas.
            let translation = [".en.", ".zh-CN."].iter().any(|tag| rel.contains(tag));
            if translation {
                continue;
            }
            let Some(kind) = Kind::of(&rel.replace('\\', "/")) else {
                continue;
            };
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let yaml = kind.yaml_of(&text);
            let value = to_json(&yaml);
            out.push(Source {
                file: entry.path().display().to_string(),
                kind,
                yaml,
                value,
            });
        }
    }
    for (i, (kind, yaml)) in EXTRA.iter().enumerate() {
        out.push(Source {
            file: format!("EXTRA[{i}]"),
            kind: *kind,
            yaml: yaml.to_string(),
            value: to_json(yaml),
        });
    }
    out.sort_by_key(|s| s.yaml.len());
    out
}
/// A step into a document: a mapping key or a list index.
#[derive(Debug, Clone)]
pub enum Step {
    Key(String),
    Index(usize),
}

pub fn at_mut<'v>(mut value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    for step in path {
        value = match step {
            Step::Key(k) => &mut value[k.as_str()],
            Step::Index(i) => &mut value[*i],
        };
    }
    value
}

pub fn path_text(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!(".{k}"),
            Step::Index(i) => format!("[{i}]"),
        })
        .collect()
}

/// A schema that applies to a value, with its JSON pointer in the schema file.
pub struct Node<'a> {
    pub pointer: String,
    pub schema: &'a Value,
}

/// Whether `schema` (after its `$ref`) admits values of `value`'s JSON type.
pub fn admits_type(root: &Value, schema: &Value, value: &Value) -> bool {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        return admits_type(root, root.pointer(&r[1..]).unwrap(), value);
    }
    let name = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let fits = |t: &str| t == name || (t == "number" && name == "integer");
    match schema.get("type") {
        Some(Value::String(t)) => fits(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(fits),
        _ => true,
    }
}

/// The schemas that apply to `value`: `schema`, the one its `$ref` names, and the `anyOf` or
/// `oneOf` branches of the value's type.
pub fn applicable<'a>(
    root: &'a Value,
    pointer: String,
    schema: &'a Value,
    value: &Value,
) -> Vec<Node<'a>> {
    let mut out = Vec::new();
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        out.extend(applicable(
            root,
            r.to_string(),
            root.pointer(&r[1..]).unwrap(),
            value,
        ));
    }
    for key in ["anyOf", "oneOf"] {
        for (i, branch) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if admits_type(root, branch, value) {
                out.extend(applicable(
                    root,
                    format!("{pointer}/{key}/{i}"),
                    branch,
                    value,
                ));
            }
        }
    }
    out.insert(0, Node { pointer, schema });
    out
}

/// Calls `visit` for every value in `value`, with the schemas that apply to it and its path.
pub fn walk<'a>(
    root: &'a Value,
    pointer: String,
    schema: &'a Value,
    value: &Value,
    path: &mut Vec<Step>,
    visit: &mut dyn FnMut(&[Node<'a>], &[Step]),
) {
    let nodes = applicable(root, pointer, schema, value);
    visit(&nodes, path);
    // The schema of a map's values or a list's items.
    let child = |key: &str| {
        nodes.iter().find_map(|n| {
            let sub = n.schema.get(key)?;
            sub.is_object()
                .then(|| (format!("{}/{key}", n.pointer), sub))
        })
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let found = nodes
                    .iter()
                    .find_map(|n| {
                        let sub = n.schema.get("properties")?.get(k)?;
                        Some((format!("{}/properties/{k}", n.pointer), sub))
                    })
                    .or_else(|| {
                        // A map whose keys have a pattern (language tags): our schemas
                        // give one pattern, which the loader checks for every key.
                        nodes.iter().find_map(|n| {
                            let (pattern, sub) = n
                                .schema
                                .get("patternProperties")?
                                .as_object()?
                                .iter()
                                .next()?;
                            Some((format!("{}/patternProperties/{pattern}", n.pointer), sub))
                        })
                    })
                    .or_else(|| child("additionalProperties"));
                if let Some((p, sub)) = found {
                    path.push(Step::Key(k.clone()));
                    walk(root, p, sub, v, path, visit);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            if let Some((p, sub)) = child("items") {
                for (i, v) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(root, p.clone(), sub, v, path, visit);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// Pointers of every object schema with `properties` in `schema`.
pub fn object_schemas(schema: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if map.get("properties").is_some_and(Value::is_object) {
                out.insert(pointer.to_string());
            }
            for (k, v) in map {
                object_schemas(v, &format!("{pointer}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                object_schemas(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}
