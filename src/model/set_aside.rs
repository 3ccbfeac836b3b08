//! What loading had to leave out of a file that did not fully parse.
//!
//! A YAML document with a type error is still loaded from the parts that did parse, so that
//! one run finds the problems elsewhere too. Checks that conclude something from an absence
//! ("no such stage", "no accountable role", "only one option") ask the [`SetAside`] record
//! first: what was left out may be what they miss, and its own error is already reported.

use std::collections::BTreeMap;

/// The values of one YAML document (a file or a front matter) that failed to parse and were
/// left out of the model. Unknown fields are not listed: dropping them is what the author
/// gets once the typo is fixed, so nothing else depends on them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetAside {
    /// By the path in the model of a mapping or list (`""` for the document itself,
    /// `stages`, `stages[2].raci`): what was left out of it, by key for a mapping and by
    /// `id` for a list item (`None` when the item has no readable id).
    left_out: BTreeMap<String, Vec<Option<String>>>,
}

impl SetAside {
    /// Notes that a child of the mapping or list at `container` was left out: the key of a
    /// mapping entry, or the id of a list item (`None` when it has none).
    pub fn leave_out(&mut self, container: impl Into<String>, child: Option<String>) {
        self.left_out
            .entry(container.into())
            .or_default()
            .push(child);
    }

    /// Whether the whole document was loaded as written.
    pub fn is_empty(&self) -> bool {
        self.left_out.is_empty()
    }

    /// Whether the mapping entry at `path` (`title`, `stages`, `stages[0].raci.ae`) was left
    /// out, or filled in only to load the rest because it was missing.
    pub fn left_out(&self, path: &str) -> bool {
        let (container, key) = path.rsplit_once('.').unwrap_or(("", path));
        self.left_out
            .get(container)
            .is_some_and(|children| children.iter().any(|c| c.as_deref() == Some(key)))
    }

    /// Whether the mapping or list at `path` holds everything its file says: neither it nor
    /// any entry or item directly in it was left out.
    pub fn is_whole(&self, path: &str) -> bool {
        !self.left_out(path) && !self.left_out.contains_key(path)
    }

    /// Whether `id` may be the id of an item of the list at `path` (`stages`, `roles`)
    /// that was left out, so that the model's lack of it proves nothing.
    pub fn may_hold(&self, path: &str, id: &str) -> bool {
        self.ids_left_out(path).is_none_or(|ids| ids.contains(&id))
    }

    /// The ids of the items left out of the list at `path`; `None` when any id may be
    /// missing (the list itself, or an item without a readable id, was left out).
    pub fn ids_left_out(&self, path: &str) -> Option<Vec<&str>> {
        if self.left_out(path) {
            return None;
        }
        match self.left_out.get(path) {
            None => Some(Vec::new()),
            Some(items) => items.iter().map(Option::as_deref).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_left_out_item_or_list_may_hold_any_id_it_could_have_had() {
        let mut s = SetAside::default();
        assert!(s.is_empty() && s.is_whole("stages"));
        s.leave_out("stages", Some("demo".into()));
        assert!(s.may_hold("stages", "demo"));
        assert!(!s.may_hold("stages", "close"));
        assert!(!s.may_hold("roles", "ae"));
        assert!(!s.is_whole("stages"));
        s.leave_out("roles", None);
        assert!(s.may_hold("roles", "anything"));
        s.leave_out("", Some("segments".into()));
        assert!(s.left_out("segments") && s.may_hold("segments", "smb"));
        assert_eq!(s.ids_left_out("stages"), Some(vec!["demo"]));
        assert_eq!(s.ids_left_out("segments"), None);
    }

    #[test]
    fn entries_of_nested_mappings() {
        let mut s = SetAside::default();
        s.leave_out("stages[1].raci", Some("ae".into()));
        assert!(s.left_out("stages[1].raci.ae"));
        assert!(!s.is_whole("stages[1].raci"));
        assert!(s.is_whole("stages[0].raci"));
        assert!(!s.left_out("ae"));
    }
}
