//! The JSON Schemas that `stagecraft schema` writes, held against the loader with a real
//! validator: every source of the sample, the fixtures and the starter is valid; each schema
//! names exactly the fields the loader accepts; the two agree on the values each field takes;
//! and the type and unknown-field mistakes of tests/malformed.rs and tests/robustness.rs are
//! rejected by both.
//!
//! "The loader" here is its YAML step: `serde_yaml` into the model types, with an empty text
//! read as `{}`, as `source::yaml::parse` does. Checks that need the whole site (owners,
//! links, ranges such as `conversion_rate`) are not the schemas' business.

mod schema_sources;

use schema_sources::{
    Kind, Schemas, Step, at_mut, object_schemas, path_text, sources, to_json, walk,
};
use serde_json::{Value, json};
use stagecraft::schema;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

#[test]
fn every_source_of_the_sample_the_fixtures_and_the_starter_is_valid() {
    let schemas = Schemas::new();
    let sources = sources();
    for kind in Kind::ALL {
        assert!(
            sources.iter().filter(|s| s.kind == kind).count() >= 3,
            "too few {kind:?} sources found"
        );
    }
    assert!(
        sources
            .iter()
            .any(|s| s.file.contains("/content/roadmaps/main/"))
    );
    let mut problems = Vec::new();
    for s in &sources {
        if let Err(e) = s.kind.load(&s.yaml) {
            panic!("{} does not load: {e}", s.file);
        }
        for e in schemas.errors(s.kind, &s.value) {
            problems.push(format!("{}: {e}", s.file));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The field names serde lists after "unknown field `x`, expected ...".
fn expected_fields(message: &str) -> BTreeSet<String> {
    let (_, expected) = message
        .split_once("`, expected ")
        .or_else(|| message.split_once("`, there are no fields"))
        .unwrap_or_else(|| panic!("not an unknown-field message: {message}"));
    let expected = expected.split(" at line ").next().unwrap();
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn each_schema_names_exactly_the_fields_the_loader_accepts() {
    let schemas = Schemas::new();
    let mut probed: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut problems = Vec::new();
    for s in sources() {
        let root = schemas.schema(s.kind);
        walk(
            root,
            "#".into(),
            root,
            &s.value,
            &mut Vec::new(),
            &mut |nodes, path| {
                let Some(node) = nodes.iter().find(|n| n.schema.get("properties").is_some()) else {
                    return;
                };
                if !probed.insert((s.kind, node.pointer.clone())) {
                    return;
                }
                // Add a field nobody knows: the loader names the fields it knows, and the
                // schema must list the same ones and refuse the new one.
                let mut doc = s.value.clone();
                let Value::Object(map) = at_mut(&mut doc, path) else {
                    return;
                };
                map.insert("zzz_probe".into(), json!("x"));
                let yaml = serde_yaml::to_string(&doc).unwrap();
                let known = match s.kind.load(&yaml) {
                    Ok(()) => {
                        problems.push(format!(
                            "{} at {}: the loader accepts an unknown field",
                            s.file,
                            path_text(path)
                        ));
                        return;
                    }
                    Err(e) => expected_fields(&e),
                };
                let listed: BTreeSet<String> = node.schema["properties"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect();
                if known != listed {
                    problems.push(format!(
                        "{} at {} ({}): the loader knows {known:?}, the schema lists {listed:?}",
                        s.kind.schema_file(),
                        path_text(path),
                        node.pointer
                    ));
                }
                if schemas.accepts(s.kind, &doc) {
                    problems.push(format!(
                        "{} at {}: the schema accepts an unknown field",
                        s.file,
                        path_text(path)
                    ));
                }
            },
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every mapping a schema describes was probed: the sources use each one somewhere.
    for kind in Kind::ALL {
        let mut all = BTreeSet::new();
        object_schemas(schemas.schema(kind), "#", &mut all);
        for pointer in all {
            assert!(
                probed.contains(&(kind, pointer.clone())),
                "{} {pointer}: no source uses this mapping, so it was never checked against the loader",
                kind.schema_file()
            );
        }
    }
}

/// Values put in place of each value of the sources, one at a time: every JSON type, and
/// the edges of the types the model uses (negative and fractional numbers, a number too big
/// for `u32`, an impossible date, mappings with and without known fields).
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(0),
        json!(7),
        json!(-1),
        json!(1.5),
        json!(4_294_967_296_u64),
        json!("text"),
        json!(""),
        json!("2026-03-31"),
        json!("2026-02-30"),
        json!([]),
        json!(["text"]),
        json!([7]),
        json!({}),
        json!({"text": "x"}),
        json!({"zzz": 1}),
    ]
}

/// Pointers of every property of every object schema in `schema`.
fn properties(schema: &Value) -> BTreeSet<String> {
    let mut objects = BTreeSet::new();
    object_schemas(schema, "#", &mut objects);
    objects
        .into_iter()
        .flat_map(|p| {
            let node = schema.pointer(&p[1..]).unwrap();
            node["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(|k| format!("{p}/properties/{k}"))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_schemas_and_the_loader_agree_on_the_values_of_every_field() {
    let schemas = Schemas::new();
    let mut tried: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut disagreements = Vec::new();
    for s in sources() {
        let root = schemas.schema(s.kind);
        let mut compare = |doc: &Value, path: &[Step], what: &str| {
            let yaml = serde_yaml::to_string(doc).unwrap();
            let loader = s.kind.load(&yaml);
            let schema = schemas.accepts(s.kind, doc);
            if loader.is_ok() != schema {
                disagreements.push(format!(
                    "{} {} {what}: the loader {}, the schema {}",
                    s.kind.schema_file(),
                    path_text(path),
                    match &loader {
                        Ok(()) => "accepts it".to_string(),
                        Err(e) => format!("says {e:?}"),
                    },
                    if schema { "accepts it" } else { "rejects it" },
                ));
            }
        };
        walk(
            root,
            "#".into(),
            root,
            &s.value,
            &mut Vec::new(),
            &mut |nodes, path| {
                // The top level is always a mapping; the rest is tried once per schema location.
                if path.is_empty() || !tried.insert((s.kind, nodes[0].pointer.clone())) {
                    return;
                }
                for value in replacements() {
                    let mut doc = s.value.clone();
                    *at_mut(&mut doc, path) = value.clone();
                    compare(&doc, path, &format!("= {value}"));
                }
                if let Some((Step::Key(key), parent)) = path.split_last() {
                    let mut doc = s.value.clone();
                    at_mut(&mut doc, parent)
                        .as_object_mut()
                        .unwrap()
                        .remove(key);
                    compare(&doc, path, "removed");
                }
            },
        );
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    let mut untried = Vec::new();
    for kind in Kind::ALL {
        for pointer in properties(schemas.schema(kind)) {
            if !tried.contains(&(kind, pointer.clone())) {
                untried.push(format!("{} {pointer}", kind.schema_file()));
            }
        }
    }
    assert!(
        untried.is_empty(),
        "no source sets these fields:\n{}",
        untried.join("\n")
    );
}

const SITE: &str = "content/site.yaml";
const ROADMAP: &str = "content/roadmaps/acme/roadmap.yaml";
const PLAYBOOK: &str = "content/roadmaps/acme/stages/prospect.md";
const MODULE: &str = "content/onboarding/welcome.md";
const PAGE: &str = "content/pages/glossary.md";

/// The mistakes in types, required fields and unknown fields that tests/malformed.rs and
/// tests/robustness.rs make to `tests/fixtures/basic`, made the same way: in `file`, the
/// first `from` becomes `to`; an empty `from` replaces the whole file.
const MISTAKES: &[(&str, &str, &str)] = &[
    // malformed.rs
    (ROADMAP, "    owner: sdr\n", "    ownr: sdr\n"),
    (ROADMAP, "duration_days: 7", "duration_days: a week"),
    (
        ROADMAP,
        "    deadline: 2026-12-31\n    current: 10\n",
        "    current: 10\n",
    ),
    (ROADMAP, "    target: 1200000\n", ""),
    (ROADMAP, "review_by: 2026-09-01", "review_by: 2026-02-30"),
    (ROADMAP, "metric: customers", "metric: clients"),
    (ROADMAP, "", ""),
    (PLAYBOOK, "verified_by:", "verifed_by:"),
    (
        MODULE,
        "  - Read the <roadmap>\n",
        "  - {id: a, txt: Log calls}\n",
    ),
    (MODULE, "  - Read the <roadmap>\n", "  - {id: b}\n"),
    (SITE, "language: en", "language: French"),
    (
        SITE,
        "language: en",
        "language: en\nreview_every: quarterly",
    ),
    (ROADMAP, "duration_days: 14", "duration_days: two weeks"),
    (
        ROADMAP,
        "    owner: sdr\n    duration_days: 7\n",
        "    owner: sdr\n    raci: {sdr: X}\n    duration_days: 7\n",
    ),
    // robustness.rs
    (PLAYBOOK, "---\n", "---\nverfied_by: x\n"),
    (SITE, "", ""),
    (SITE, "", "# just a comment\n"),
    (SITE, "", "null\n"),
    (SITE, "", "- title: x\n"),
    (ROADMAP, "", "42\n"),
    (MODULE, "", ""),
    (PAGE, "", ""),
    (MODULE, "", "---\n---\nbody\n"),
    (MODULE, "", "---\n- title: x\n- phase: week-1\n---\nbody\n"),
    (PLAYBOOK, "", "---\n- a\n---\nbody\n"),
    (PAGE, "", "---\njust a string\n---\nbody\n"),
    (ROADMAP, "duration_days: 7", "duration_days: 1e400"),
    (ROADMAP, "duration_days: 14", "duration_days: -3"),
    (ROADMAP, "conversion_rate: 0.25", "conversion_rate: 40%"),
    (MODULE, "answer: 0", "answer: -1"),
];

#[test]
fn the_type_and_unknown_field_mistakes_of_the_malformed_tests_are_rejected_by_the_schemas() {
    let schemas = Schemas::new();
    let basic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let mut problems = Vec::new();
    for (file, from, to) in MISTAKES {
        let kind = Kind::of(file.strip_prefix("content/").unwrap()).unwrap();
        let text = std::fs::read_to_string(basic.join(file)).unwrap();
        let broken = if from.is_empty() {
            to.to_string()
        } else {
            assert!(text.contains(from), "{file} no longer contains {from:?}");
            text.replacen(from, to, 1)
        };
        let yaml = kind.yaml_of(&broken);
        let what = format!("{file}: {from:?} → {to:?}");
        assert!(kind.load(&yaml).is_err(), "the loader accepts {what}");
        if schemas.accepts(kind, &to_json(&yaml)) {
            problems.push(format!("the schema accepts {what}"));
        }
        // The same file unbroken is valid, so the schema rejects the mistake itself.
        assert!(
            schemas.accepts(kind, &to_json(&kind.yaml_of(&text))),
            "{file}"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn stagecraft() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_stagecraft"));
    c.env("NO_COLOR", "1");
    c
}

/// Checks that `dir` holds the seven schemas, each a valid draft 2020-12 schema with a title
/// and equal to what the library makes.
fn assert_schemas_in(dir: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "account-narrative.schema.json",
            "account.schema.json",
            "module.schema.json",
            "page.schema.json",
            "playbook.schema.json",
            "roadmap.schema.json",
            "site.schema.json"
        ]
    );
    let made: BTreeMap<&str, Value> = schema::all().into_iter().collect();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let written: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        assert_eq!(
            written["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{name}"
        );
        assert!(
            written["title"]
                .as_str()
                .is_some_and(|t| t.contains("Stagecraft")),
            "{name}"
        );
        assert_eq!(written["type"], "object", "{name}");
        assert!(written.get("$id").is_none(), "{name}: no absolute $id");
        if let Err(e) = jsonschema::meta::validate(&written) {
            panic!("{name} is not a valid JSON Schema: {e}");
        }
        assert_eq!(written, made[name.as_str()], "{name}");
    }
}

#[test]
fn schema_command_writes_the_seven_schemas_into_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("editor/schemas");
    let run = stagecraft()
        .args(["schema", "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(said.contains(&out.display().to_string()), "{said}");
    assert!(said.contains("roadmap.schema.json"), "{said}");
    assert_schemas_in(&out);
}

#[test]
fn schema_command_writes_into_schemas_by_default_and_reports_a_folder_it_cannot_create() {
    let dir = tempfile::tempdir().unwrap();
    let run = stagecraft()
        .arg("schema")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_schemas_in(&dir.path().join("schemas"));

    std::fs::write(dir.path().join("file"), "").unwrap();
    let run = stagecraft()
        .args(["schema", "--output", "file/schemas"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(
        said.contains("cannot write the schemas into file/schemas"),
        "{said}"
    );
}

/// Checks that every keyword in `schema` is one that draft-07 validators also apply (older
/// editor plugins validate by draft 7), and that names under `properties` and `$defs` are
/// not mistaken for keywords.
fn assert_portable_keywords(schema: &Value, at: &str) {
    const KEYWORDS: &[&str] = &[
        "$schema",
        "$defs",
        "$ref",
        "title",
        "description",
        "default",
        "type",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "items",
        "anyOf",
        "oneOf",
        "const",
        "enum",
        "format",
        "pattern",
        "minimum",
        "maximum",
    ];
    let Value::Object(map) = schema else {
        panic!("{at}: not a schema: {schema}");
    };
    for (key, value) in map {
        assert!(KEYWORDS.contains(&key.as_str()), "{at}: keyword `{key}`");
        match (key.as_str(), value) {
            ("properties" | "$defs", Value::Object(named)) => {
                for (name, sub) in named {
                    assert_portable_keywords(sub, &format!("{at}/{key}/{name}"));
                }
            }
            ("items" | "additionalProperties", Value::Object(_)) => {
                assert_portable_keywords(value, &format!("{at}/{key}"));
            }
            ("patternProperties", Value::Object(patterns)) => {
                for (pattern, sub) in patterns {
                    assert_portable_keywords(sub, &format!("{at}/{key}/{pattern}"));
                }
            }
            ("anyOf" | "oneOf", Value::Array(branches)) => {
                for (i, sub) in branches.iter().enumerate() {
                    assert_portable_keywords(sub, &format!("{at}/{key}/{i}"));
                }
            }
            _ => {}
        }
    }
}

#[test]
fn the_schemas_use_only_keywords_that_draft_07_editors_also_apply() {
    for (name, schema) in schema::all() {
        assert_portable_keywords(&schema, name);
    }
}
