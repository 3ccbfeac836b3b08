//! A language of the site: a BCP 47 tag such as `zh-CN`, `en` or `pt-BR`. The theme ships
//! UI strings for `zh-CN` and `en`; a site adds another language with a table of its own in
//! `themes/<name>/i18n/<tag>.yaml` (checked when the theme is loaded).

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

/// A language tag, kept as interned text so that it is `Copy` and its tag lives as long as
/// the process (a site names a handful of languages; each distinct tag is stored once).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language(&'static str);

impl Default for Language {
    fn default() -> Self {
        Language::ZH_CN
    }
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Language({})", self.0)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// What [`Language::from_tag`] accepts, for messages and the JSON Schema.
pub const TAG_PATTERN: &str = "^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$";

impl Language {
    /// Simplified Chinese, the default.
    pub const ZH_CN: Language = Language("zh-CN");
    /// English.
    pub const EN: Language = Language("en");

    /// The languages whose UI strings the built-in theme ships.
    pub const BUILT_IN: [Language; 2] = [Language::ZH_CN, Language::EN];

    /// The BCP 47 tag, as used in `<html lang>`, `hreflang` and file names.
    pub fn tag(self) -> &'static str {
        self.0
    }

    /// The language of `tag`, when it is written as a language tag: two or three lower-case
    /// letters, optionally `-` and a region or script of two to four letters or digits
    /// (`en`, `zh-CN`, `pt-BR`, `zh-Hant`). Whether the theme has UI strings for it is
    /// checked when the theme is loaded.
    pub fn from_tag(tag: &str) -> Option<Language> {
        if !is_tag(tag) {
            return None;
        }
        if let Some(known) = Language::BUILT_IN.iter().find(|l| l.0 == tag) {
            return Some(*known);
        }
        static TAGS: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let mut tags = TAGS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let interned = match tags.get(tag) {
            Some(t) => *t,
            None => {
                let t: &'static str = Box::leak(tag.to_string().into_boxed_str());
                tags.insert(t);
                t
            }
        };
        Some(Language(interned))
    }

    /// Whether the built-in theme ships UI strings in this language.
    pub fn is_built_in(self) -> bool {
        Language::BUILT_IN.contains(&self)
    }

    /// The primary language subtag: `zh` of `zh-CN`.
    pub fn primary(self) -> &'static str {
        self.0.split('-').next().unwrap_or(self.0)
    }

    /// The language's name in itself, for the language switcher: "中文", "English",
    /// "Deutsch"; the tag for a language this list does not know.
    pub fn autonym(self) -> &'static str {
        match self.0 {
            "zh-CN" | "zh-SG" | "zh-Hans" => "中文",
            "zh-TW" | "zh-HK" | "zh-Hant" => "中文（繁體）",
            _ => match self.primary() {
                "zh" => "中文",
                "en" => "English",
                "ja" => "日本語",
                "ko" => "한국어",
                "de" => "Deutsch",
                "fr" => "Français",
                "es" => "Español",
                "pt" => "Português",
                "it" => "Italiano",
                "nl" => "Nederlands",
                "ru" => "Русский",
                "vi" => "Tiếng Việt",
                "th" => "ไทย",
                "id" => "Bahasa Indonesia",
                "ms" => "Bahasa Melayu",
                "ar" => "العربية",
                _ => self.0,
            },
        }
    }
}

/// Whether `tag` is written as a language tag (see [`Language::from_tag`]); file names of
/// translations (`qualify.en.md`) are read by the same rule.
pub(crate) fn is_tag(tag: &str) -> bool {
    let (lang, region) = match tag.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (tag, None),
    };
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && region.is_none_or(|r| {
            (2..=4).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Language::from_tag(&raw).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{raw}` is not a language tag: expected one such as `zh-CN`, `en` or `pt-BR` \
                 (two or three lower-case letters, then optionally `-` and a region)"
            ))
        })
    }
}

impl JsonSchema for Language {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Language".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": TAG_PATTERN,
            "description": "A language tag such as `zh-CN` or `en` (the built-in theme's two), or another (`ja`, `pt-BR`) with UI strings in `themes/<name>/i18n/<tag>.yaml`.",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_checked_and_interned() {
        assert_eq!(Language::from_tag("en"), Some(Language::EN));
        assert_eq!(Language::from_tag("zh-CN"), Some(Language::ZH_CN));
        let de = Language::from_tag("de").unwrap();
        assert_eq!(de.tag(), "de");
        assert!(std::ptr::eq(
            de.tag(),
            Language::from_tag("de").unwrap().tag()
        ));
        assert_eq!(de.autonym(), "Deutsch");
        assert_eq!(Language::from_tag("pt-BR").unwrap().autonym(), "Português");
        assert_eq!(Language::from_tag("tlh").unwrap().autonym(), "tlh");
        for bad in [
            "",
            "e",
            "EN",
            "english",
            "zh_CN",
            "zh-",
            "zh-Hans-CN",
            "text",
        ] {
            assert_eq!(Language::from_tag(bad), None, "{bad}");
        }
    }
}
