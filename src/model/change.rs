//! A dated entry of a source's change log: `changes: [{date, note, major}]`.

use super::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One change to a playbook, module, page or roadmap, as its author logged it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// When the change was made (YYYY-MM-DD); not after the build day. The list is newest
    /// first.
    pub date: Date,
    /// What changed, in one line of Markdown. Links resolve like the file's own links; a
    /// bare `#anchor` names a section of this file's page (and the what's-new page links
    /// straight to it).
    pub note: String,
    /// Whether readers must re-read: a major change to an onboarding module marks it
    /// "changed, review again" for reps who completed it before. Default: false.
    #[serde(default)]
    pub major: bool,
}

/// The latest date of a `changes` list (written newest first, but not trusted to be).
pub fn latest_change(changes: &[Change]) -> Option<Date> {
    changes.iter().map(|c| c.date).max()
}
