//! Filling the starter and skeleton files: `{{name}}` placeholders, dates relative to the day
//! the command runs, YAML-safe values and the `$schema` line for editors.

use crate::model::Date;
use std::path::Path;

/// Replaces every `{{key}}` in `template`: `{{today}}`, `{{today+N}}` and `{{today-N}}` become
/// the date `N` days from `today`, other keys their value in `values`. A placeholder with no
/// value is left as written (the unit tests make sure none is).
pub fn fill(template: &str, today: Date, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            rest = &rest[open..];
            break;
        };
        let key = &after[..close];
        match value_of(key, today, values) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

fn value_of(key: &str, today: Date, values: &[(&str, &str)]) -> Option<String> {
    if let Some(offset) = key.strip_prefix("today") {
        let days: i64 = match offset.as_bytes().first() {
            None => 0,
            Some(b'+') => offset[1..].parse().ok()?,
            Some(b'-') => -offset[1..].parse::<i64>().ok()?,
            Some(_) => return None,
        };
        return Some(Date::from_days_since_epoch(today.days_since_epoch() + days).to_string());
    }
    values
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| (*v).to_string())
}

/// `text` as a YAML scalar that reads back as the same string: plain when that is safe
/// (`Needs analysis`, `需求分析`), double-quoted otherwise (`"42"`, `"Prospect & qualify"`).
pub fn yaml_text(text: &str) -> String {
    const SPECIAL_WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    ];
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && !text.ends_with(' ')
        && !text.contains("  ")
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '·'))
        && !SPECIAL_WORDS.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        text.to_string()
    } else {
        // A JSON string is a valid YAML double-quoted scalar with the same value.
        serde_json::Value::String(text.to_string()).to_string()
    }
}

/// A readable name made from an id: `needs-analysis` → `Needs analysis`; ids in scripts
/// without case (`需求分析`) stay as they are.
pub fn name_from_id(id: &str) -> String {
    let spaced = id.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The first lines of a YAML file that Stagecraft writes at `rel` (a path from the site's
/// root, such as `content/roadmaps/main/roadmap.yaml`): comments pointing editors at the
/// JSON schema in the site's `schemas/` folder, in the form VS Code's YAML extension reads
/// (`# yaml-language-server: $schema=…`) and the form JetBrains IDEs read
/// (`# $schema: …`). `None` for files that have no schema.
pub fn schema_line(rel: &Path) -> Option<String> {
    let kind = match rel.file_name()?.to_str()? {
        "site.yaml" => "site",
        "roadmap.yaml" => "roadmap",
        _ => return None,
    };
    let depth = rel.components().count().saturating_sub(1);
    let target = format!("{}schemas/{kind}.schema.json", "../".repeat(depth));
    Some(format!(
        "# yaml-language-server: $schema={target}\n# $schema: {target}\n"
    ))
}

/// `text` as it is written to `rel`: with the `$schema` line first when the file has one.
pub fn with_schema_line(rel: &Path, text: &str) -> String {
    match schema_line(rel) {
        Some(line) => line + text,
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn dates_are_relative_to_the_given_day() {
        let text = fill(
            "a: {{today}}\nb: {{today+90}}\nc: {{today-30}}\n",
            day("2026-12-15"),
            &[],
        );
        assert_eq!(text, "a: 2026-12-15\nb: 2027-03-15\nc: 2026-11-15\n");
        assert_eq!(
            fill("{{today+1}}", day("2028-02-28"), &[]),
            "2028-02-29",
            "leap day"
        );
    }

    #[test]
    fn values_are_filled_and_unknown_keys_stay() {
        assert_eq!(
            fill(
                "- id: {{id}} {{other}} {{ today }} {{",
                day("2026-01-01"),
                &[("id", "demo")]
            ),
            "- id: demo {{other}} {{ today }} {{"
        );
    }

    #[test]
    fn yaml_text_quotes_only_when_needed() {
        assert_eq!(yaml_text("Needs analysis"), "Needs analysis");
        assert_eq!(yaml_text("需求分析"), "需求分析");
        assert_eq!(yaml_text("42"), "\"42\"");
        assert_eq!(yaml_text("yes"), "\"yes\"");
        assert_eq!(yaml_text("A: b # c"), "\"A: b # c\"");
        assert_eq!(yaml_text("Say \"hi\""), "\"Say \\\"hi\\\"\"");
        for text in [
            "42",
            "yes",
            "A: b # c",
            "Say \"hi\"",
            "需求分析",
            "x\\y",
            "-a",
            "@b",
        ] {
            let yaml = format!("k: {}\n", yaml_text(text));
            let parsed: std::collections::BTreeMap<String, String> = crate::source::yaml::parse(
                &yaml,
                Path::new("t.yaml"),
                1,
                &std::sync::Arc::from(yaml.as_str()),
            )
            .complete()
            .unwrap();
            assert_eq!(parsed["k"], text, "{yaml}");
        }
    }

    #[test]
    fn names_from_ids() {
        assert_eq!(name_from_id("needs-analysis"), "Needs analysis");
        assert_eq!(name_from_id("after_sales"), "After sales");
        assert_eq!(name_from_id("需求分析"), "需求分析");
    }

    #[test]
    fn schema_lines_point_at_the_site_schemas_folder() {
        assert_eq!(
            schema_line(Path::new("content/site.yaml")).unwrap(),
            "# yaml-language-server: $schema=../schemas/site.schema.json\n# $schema: ../schemas/site.schema.json\n"
        );
        assert_eq!(
            schema_line(Path::new("content/roadmaps/main/roadmap.yaml")).unwrap(),
            "# yaml-language-server: $schema=../../../schemas/roadmap.schema.json\n# $schema: ../../../schemas/roadmap.schema.json\n"
        );
        assert_eq!(schema_line(Path::new("content/pages/about.md")), None);
    }
}
