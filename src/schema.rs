//! JSON Schemas (draft 2020-12) of what authors write, for their editors: completion, the
//! description of each field on hover, and red squiggles while they type.
//!
//! The schemas are generated from the model types' `JsonSchema` derives, so they follow the
//! loader: a field added to a model type appears here, with its doc comment as its
//! description. `tests/schema.rs` checks that the two agree.

use crate::model::{
    AccountNarrativeFront, AccountSpec, OnboardingFront, PageFront, PlaybookFront, RoadmapSpec,
    SiteConfig,
};
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// File name of the schema of `content/site.yaml`.
pub const SITE: &str = "site.schema.json";
/// File name of the schema of `content/roadmaps/<roadmap>/roadmap.yaml`.
pub const ROADMAP: &str = "roadmap.schema.json";
/// File name of the schema of a stage playbook's front matter.
pub const PLAYBOOK: &str = "playbook.schema.json";
/// File name of the schema of an onboarding module's front matter.
pub const MODULE: &str = "module.schema.json";
/// File name of the schema of a free page's front matter.
pub const PAGE: &str = "page.schema.json";

/// File name of the schema of a key account, `content/accounts/<account>.yaml`.
pub const ACCOUNT: &str = "account.schema.json";
/// File name of the schema of a key account's narrative front matter.
pub const ACCOUNT_NARRATIVE: &str = "account-narrative.schema.json";

/// Every schema, as (file name, schema), in the order above.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        (
            SITE,
            schema_for::<SiteConfig>("Stagecraft site settings (content/site.yaml)"),
        ),
        (
            ROADMAP,
            schema_for::<RoadmapSpec>(
                "Stagecraft roadmap (content/roadmaps/<roadmap>/roadmap.yaml)",
            ),
        ),
        (
            PLAYBOOK,
            schema_for::<PlaybookFront>(
                "Stagecraft playbook front matter (content/roadmaps/<roadmap>/stages/<stage>.md)",
            ),
        ),
        (
            MODULE,
            schema_for::<OnboardingFront>(
                "Stagecraft onboarding module front matter (content/onboarding/<module>.md)",
            ),
        ),
        (
            PAGE,
            schema_for::<PageFront>("Stagecraft page front matter (content/pages/<page>.md)"),
        ),
        (
            ACCOUNT,
            schema_for::<AccountSpec>("Stagecraft key account (content/accounts/<account>.yaml)"),
        ),
        (
            ACCOUNT_NARRATIVE,
            schema_for::<AccountNarrativeFront>(
                "Stagecraft key-account narrative front matter (content/accounts/<account>.md)",
            ),
        ),
    ]
}

/// Writes every schema into `dir` (created if needed) as pretty-printed JSON, and returns
/// the paths written.
pub fn write_to(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (name, schema) in all() {
        let path = dir.join(name);
        let mut text = serde_json::to_string_pretty(&schema).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// The root schema of `T`, titled `title`.
fn schema_for<T: JsonSchema>(title: &str) -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(RecursiveTransform(read_scalars_as_text))
        .with_transform(RecursiveTransform(drop_null_default))
        .with_transform(RecursiveTransform(bound_u32))
        .with_transform(RecursiveTransform(unwrap_description))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".to_string(), Value::from(title));
    schema.to_value()
}

/// The loader reads any scalar into a text field as it is written: `name: 2026` is the text
/// "2026", `unit: true` the text "true", and `title: null` the text "null" (and a `title:`
/// left empty, the empty text). So a property or list item typed plain `string` (no format,
/// pattern or enum) accepts every scalar.
fn read_scalars_as_text(schema: &mut Schema) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for property in properties.values_mut() {
        widen_text(property);
        if let Some(items) = property.get_mut("items") {
            widen_text(items);
            // Lists of lists of text (`search.synonyms`).
            if let Some(inner) = items.get_mut("items") {
                widen_text(inner);
            }
        }
    }
}

/// Makes `schema` accept every scalar if it is plain text.
fn widen_text(schema: &mut Value) {
    let Value::Object(obj) = schema else { return };
    if [
        "format", "pattern", "enum", "const", "$ref", "anyOf", "oneOf",
    ]
    .iter()
    .any(|k| obj.contains_key(*k))
    {
        return;
    }
    let plain_text = match obj.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => {
            ts.contains(&Value::from("string")) && ts.iter().all(|t| t == "string" || t == "null")
        }
        _ => false,
    };
    if plain_text {
        obj.insert(
            "type".to_string(),
            Value::from(vec!["string", "number", "boolean", "null"]),
        );
    }
}

/// Removes `"default": null` (an optional field's default): an editor would offer to insert
/// `null`, which says nothing.
fn drop_null_default(schema: &mut Schema) {
    if schema.get("default").is_some_and(Value::is_null) {
        schema.remove("default");
    }
}

/// Gives `u32` fields the upper bound the loader enforces (schemars states only the lower).
fn bound_u32(schema: &mut Schema) {
    if schema.get("format").and_then(Value::as_str) == Some("uint32") {
        schema.insert("maximum".to_string(), Value::from(u32::MAX));
    }
}

/// Joins the lines of a description that doc comments wrapped, keeping paragraph breaks, so
/// that editors show flowing text.
fn unwrap_description(schema: &mut Schema) {
    let Some(Value::String(text)) = schema.get_mut("description") else {
        return;
    };
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
        .collect();
    *text = paragraphs.join("\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_editors_offer_are_the_ones_the_site_gets() {
        let site: SiteConfig = serde_json::from_value(serde_json::json!({"title": "x"})).unwrap();
        let schema = schema_for::<SiteConfig>("site");
        let field = |name: &str| schema["properties"][name]["default"].clone();
        assert_eq!(field("review_every"), site.review_every());
        assert_eq!(field("shortfall_threshold"), site.shortfall_threshold());
        assert_eq!(field("language"), site.language.tag());
        assert_eq!(field("allow_html"), site.allow_html);
        assert_eq!(
            field("id"),
            Value::Null,
            "no `default: null` for optional fields"
        );
    }

    #[test]
    fn descriptions_are_unwrapped_and_every_field_has_one() {
        fn check(value: &Value, at: &str) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(props)) = map.get("properties") {
                        for (name, prop) in props {
                            let text = prop["description"].as_str().unwrap_or_default();
                            assert!(text.len() > 10, "{at}.{name} has no description");
                            assert!(!text.contains('\n'), "{at}.{name}: {text:?}");
                        }
                    }
                    for (k, v) in map {
                        check(v, &format!("{at}/{k}"));
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| check(v, at)),
                _ => {}
            }
        }
        for (name, schema) in all() {
            assert!(schema["description"].as_str().is_some(), "{name}");
            check(&schema, name);
        }
    }
}
