//! Translation files beside their originals: `roadmap.<lang>.yaml` and `<name>.<lang>.md`.
//! They are loaded here as YAML trees (and a Markdown body); [`crate::translate`] checks
//! them against the originals and applies them.

use super::{ParseResult, Parsed, SourceInfo, frontmatter, text_hash, yaml};
use crate::model::{Body, TranslationSource, TranslationTarget};
use std::path::Path;
use std::sync::Arc;

/// The language tag and the name before it, when `name` (a file name without its
/// extension) ends in a language tag: `qualify.en` → (`qualify`, `en`),
/// `welcome.zh-CN` → (`welcome`, `zh-CN`). A tag is two or three lower-case letters,
/// optionally followed by `-` and two to four letters or digits.
pub(super) fn split_tag(name: &str) -> Option<(&str, &str)> {
    let (stem, tag) = name.rsplit_once('.')?;
    (!stem.is_empty() && crate::model::is_language_tag(tag)).then_some((stem, tag))
}

/// Parses a translation file: a whole YAML file (`roadmap.<lang>.yaml`) or a Markdown file
/// whose front matter is optional.
pub(super) fn parse(
    text: Arc<str>,
    shown: &Path,
    tag: &str,
    target: &TranslationTarget,
) -> ParseResult {
    let markdown = !matches!(target, TranslationTarget::Roadmap(_));
    let (yaml_text, yaml_line, body) = if markdown {
        let Ok(split) = frontmatter::split(&text) else {
            return vec![super::unclosed_front_matter(shown, &text)].into();
        };
        let body = Body::new(Arc::clone(&text), text.len() - split.body.len());
        (split.yaml, split.yaml_line, Some((body, split.body_line)))
    } else {
        (&text[..], 1, None)
    };
    let parsed = yaml::parse::<serde_json::Value>(yaml_text, shown, yaml_line, &text);
    let Some(tree) = parsed.value else {
        return parsed.errors.into();
    };
    let (body, body_line) = match body {
        Some((b, line)) => (Some(b), line),
        None => (None, 0),
    };
    let source = TranslationSource {
        file: shown.to_path_buf(),
        tag: tag.to_string(),
        target: target.clone(),
        tree,
        body,
        body_line,
        hash: text_hash(&text),
    };
    ParseResult {
        parsed: Some((
            Parsed::Translation(Box::new(source)),
            Some(Arc::new(SourceInfo {
                text,
                locations: parsed.locations,
                line_starts: Default::default(),
            })),
        )),
        diagnostics: parsed.errors,
    }
}

#[cfg(test)]
mod tests {
    use super::split_tag;

    #[test]
    fn language_tags_in_file_names() {
        assert_eq!(split_tag("qualify.en"), Some(("qualify", "en")));
        assert_eq!(split_tag("welcome.zh-CN"), Some(("welcome", "zh-CN")));
        assert_eq!(split_tag("roadmap.pt-BR"), Some(("roadmap", "pt-BR")));
        assert_eq!(split_tag("qualify"), None);
        assert_eq!(split_tag("v1.2"), None);
        assert_eq!(split_tag(".en"), None);
        assert_eq!(split_tag("notes.draft"), None);
    }
}
