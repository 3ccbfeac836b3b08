//! Who does what, and for whom: a role's part in each stage, and which playbooks apply to a
//! customer segment.

use super::{PlaybookFront, Raci, Roadmap, Stage};

/// A role's part in one stage: whether it owns the stage, and its RACI letter if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// The role is the stage's `owner`.
    pub owner: bool,
    /// The role's letter in the stage's `raci` map.
    pub raci: Option<Raci>,
}

impl Stage {
    /// The part role `role` (an id) plays in this stage, or `None` when it takes no part.
    pub fn part_of(&self, role: &str) -> Option<Part> {
        let part = Part {
            owner: self.owner == role,
            raci: self.raci.get(role).copied(),
        };
        (part.owner || part.raci.is_some()).then_some(part)
    }
}

impl Roadmap {
    /// The stages role `role` owns or takes part in, in process order, with their index and
    /// the role's part.
    pub fn stages_of_role<'a>(
        &'a self,
        role: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Stage, Part)> + 'a {
        self.spec
            .stages
            .iter()
            .enumerate()
            .filter_map(move |(i, s)| s.part_of(role).map(|p| (i, s, p)))
    }
}

impl PlaybookFront {
    /// Whether the playbook applies to segment `segment`: it names no segments (it is for
    /// all of them) or names this one.
    pub fn applies_to(&self, segment: &str) -> bool {
        self.segments.is_empty() || self.segments.iter().any(|s| s == segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(id: &str, owner: &str, raci: &[(&str, Raci)]) -> Stage {
        serde_yaml::from_str::<Stage>(&format!("{{id: {id}, name: {id}, owner: {owner}}}"))
            .map(|mut s| {
                s.raci = raci.iter().map(|(r, x)| (r.to_string(), *x)).collect();
                s
            })
            .expect("a valid stage")
    }

    #[test]
    fn a_role_takes_part_as_owner_or_through_raci() {
        let s = stage("demo", "ae", &[("ae", Raci::A), ("sdr", Raci::I)]);
        assert_eq!(
            s.part_of("ae"),
            Some(Part {
                owner: true,
                raci: Some(Raci::A)
            })
        );
        assert_eq!(
            s.part_of("sdr"),
            Some(Part {
                owner: false,
                raci: Some(Raci::I)
            })
        );
        assert_eq!(s.part_of("csm"), None);
        let owner_only = stage("close", "ae", &[]);
        assert_eq!(
            owner_only.part_of("ae"),
            Some(Part {
                owner: true,
                raci: None
            })
        );
    }

    #[test]
    fn playbooks_without_segments_apply_to_every_segment() {
        let mut front = PlaybookFront::default();
        assert!(front.applies_to("smb"));
        front.segments = vec!["smb".into()];
        assert!(front.applies_to("smb"));
        assert!(!front.applies_to("enterprise"));
    }
}
