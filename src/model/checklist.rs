//! Onboarding checklist items, and the stable ids a reader's progress is stored under.
//!
//! A reader's ticks live in their browser, keyed by item id. The id must therefore survive
//! edits to the module: reordering items, adding one, or rewording another. An author may
//! give an item an explicit `id` (which survives rewording that item too); otherwise the id
//! is a short hash of the item's text, so rewording an item resets that item only.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// One thing a new rep does, from a module's `checklist`: written as plain text, or as a
/// mapping `{id, text}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    /// The author's id, if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What to do.
    pub text: String,
}

impl ChecklistItem {
    /// A plain-text item, without an explicit id.
    pub fn text(text: impl Into<String>) -> Self {
        ChecklistItem {
            id: None,
            text: text.into(),
        }
    }

    /// The id progress is stored under: the explicit `id`, or [`stable_id`] of the text.
    pub fn key(&self) -> String {
        match &self.id {
            Some(id) => id.clone(),
            None => stable_id(&self.text),
        }
    }
}

/// A short id made from `text` that stays the same across builds, machines and versions:
/// 8 hex digits of the XXH3 hash of the text, trimmed and with runs of whitespace made one
/// space (so re-wrapping a line in the YAML does not change it).
pub fn stable_id(text: &str) -> String {
    let normal = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(normal.as_bytes()) as u32
    )
}

/// Whether two texts give the same [`stable_id`] because they are the same text (as opposed
/// to a hash collision).
pub fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// The keys a `{id, text}` item may have.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Id,
    Text,
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = ChecklistItem;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a checklist item: text, or a mapping with `text` and an optional `id`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(ChecklistItem::text(v))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(ChecklistItem::text(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut text): (Option<String>, Option<String>) = (None, None);
        while let Some(key) = map.next_key::<Field>()? {
            let (slot, name) = match key {
                Field::Id => (&mut id, "id"),
                Field::Text => (&mut text, "text"),
            };
            if slot.is_some() {
                return Err(de::Error::duplicate_field(name));
            }
            *slot = Some(map.next_value()?);
        }
        Ok(ChecklistItem {
            id,
            text: text.ok_or_else(|| de::Error::missing_field("text"))?,
        })
    }
}

impl<'de> Deserialize<'de> for ChecklistItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

/// The two forms [`ItemVisitor`] accepts: text (a string, not a bare number or `true`), or a
/// mapping with `text` and an optional `id` and nothing else. Written by hand because a
/// derive cannot describe a string-or-mapping.
impl JsonSchema for ChecklistItem {
    fn schema_name() -> Cow<'static, str> {
        "ChecklistItem".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "One thing the new rep does, as a line of text (`- Set up the CRM`), or as `{id, text}` when ticks must survive rewording the text.",
            "anyOf": [
                {
                    "type": "string",
                    "description": "What to do. The tick is stored under a hash of this text, so rewording it resets this item's tick (only this one).",
                },
                {
                    "type": "object",
                    "properties": {
                        "id": {
                            "type": ["string", "null"],
                            "description": "A short id that readers' ticks are stored under, unique within the module. Keep it when you reword the text, and the ticks survive.",
                        },
                        "text": {
                            "type": "string",
                            "description": "What to do.",
                        },
                    },
                    "required": ["text"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(yaml: &str) -> Result<Vec<ChecklistItem>, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn plain_text_and_id_text_forms() {
        let list = items("- Set up the CRM\n- {id: intro, text: Meet your manager}\n- id: x\n  text: Shadow a call\n").unwrap();
        assert_eq!(list[0], ChecklistItem::text("Set up the CRM"));
        assert_eq!(list[1].id.as_deref(), Some("intro"));
        assert_eq!(list[1].text, "Meet your manager");
        assert_eq!(list[1].key(), "intro");
        assert_eq!(list[2].key(), "x");
    }

    #[test]
    fn a_mapping_item_needs_text_and_no_other_keys() {
        let e = items("- {id: a}\n").unwrap_err();
        assert!(e.contains("missing field `text`"), "{e}");
        let e = items("- {id: a, txt: b}\n").unwrap_err();
        assert!(e.contains("unknown field `txt`"), "{e}");
        let e = items("- 3\n").unwrap_err();
        assert!(e.contains("a checklist item"), "{e}");
    }

    #[test]
    fn default_ids_are_short_stable_hashes_of_the_text() {
        let id = stable_id("在 CRM 中录入客户");
        assert_eq!(id.len(), 8);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        // Pinned: stored progress depends on this value never changing.
        assert_eq!(stable_id("Set up the CRM"), "02f1d51c");
        assert_eq!(
            stable_id("  Set up\n  the CRM "),
            stable_id("Set up the CRM")
        );
        assert_ne!(stable_id("Set up the CRM"), stable_id("Set up the CRM."));
        assert!(same_text("a  b", " a b"));
        assert!(!same_text("a b", "a c"));
    }

    #[test]
    fn rewording_one_item_keeps_the_others_ids() {
        let before = items("- one\n- two\n- three\n").unwrap();
        let after = items("- two\n- three, reworded\n- one\n- {id: four, text: new}\n").unwrap();
        let keys = |l: &[ChecklistItem]| l.iter().map(|i| i.key()).collect::<Vec<_>>();
        let (b, a) = (keys(&before), keys(&after));
        assert_eq!(a[0], b[1], "moved, same id");
        assert_eq!(a[2], b[0], "moved, same id");
        assert!(!b.contains(&a[1]), "the reworded item has a new id");
        assert_eq!(a[3], "four");
    }
}
