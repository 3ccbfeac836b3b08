//! The roadmap page's "who does what" (RACI matrix and swimlane) and milestones (timeline
//! and table), ready to print.

use crate::diagram::{
    ChartText, MilestoneState, SwimStage, SwimlaneOptions, TimelineItem, TimelineOptions,
    render_swimlane, render_timeline,
};
use crate::i18n::{Strings, t_of, tr};
use crate::model::{Date, Raci, Roadmap};
use serde::Serialize;

/// The RACI matrix (roles × stages) and its swimlane.
#[derive(Debug, Serialize)]
pub struct RaciView {
    /// Column headings: stage names, in order.
    pub stages: Vec<String>,
    /// One row per role that takes part in any stage, in the roadmap's role order.
    pub rows: Vec<RaciRow>,
    /// What each letter means, A first.
    pub legend: Vec<RaciLegend>,
    /// The SVG swimlane.
    pub chart: String,
}

/// A role's row of the RACI matrix.
#[derive(Debug, Serialize)]
pub struct RaciRow {
    /// The role's name.
    pub role: String,
    /// One cell per stage.
    pub cells: Vec<RaciCell>,
}

/// A letter of the RACI legend.
#[derive(Debug, Serialize)]
pub struct RaciLegend {
    /// `A`, `R`, `C` or `I`.
    pub letter: &'static str,
    /// What it means, in a sentence.
    pub words: String,
}

/// A cell of the RACI matrix.
#[derive(Debug, Serialize)]
pub struct RaciCell {
    /// `R`, `A`, `C`, `I`, or empty.
    pub letter: &'static str,
    /// The letter in lower case, for a class name (`r`), or empty.
    pub class: &'static str,
    /// The letter in words ("Accountable"), or empty.
    pub title: String,
}

/// The milestones: a timeline and a table.
#[derive(Debug, Serialize)]
pub struct MilestonesView {
    /// "As of 2026-11-27".
    pub as_of: String,
    /// Milestones in date order.
    pub rows: Vec<MilestoneRow>,
    /// "1 milestone is overdue", when any is.
    pub overdue: Option<String>,
    /// The SVG timeline.
    pub chart: String,
}

/// A milestone, ready to print.
#[derive(Debug, Serialize)]
pub struct MilestoneRow {
    /// What is reached.
    pub name: String,
    /// When.
    pub date: String,
    /// The stage's name, if any.
    pub stage: Option<String>,
    /// `done`, `upcoming` or `overdue`.
    pub status: &'static str,
    /// The status in words, with a symbol ("✓ Done", "! Overdue").
    pub status_label: String,
}

/// The letter, its class and the key of its words.
fn letter(r: Raci) -> (&'static str, &'static str, &'static str) {
    match r {
        Raci::R => ("R", "r", "raci_r"),
        Raci::A => ("A", "a", "raci_a"),
        Raci::C => ("C", "c", "raci_c"),
        Raci::I => ("I", "i", "raci_i"),
    }
}

/// Who does what in `rm`, or `None` when no stage has a `raci`.
pub(crate) fn raci_view(rm: &Roadmap, t: &Strings) -> Option<RaciView> {
    let stages = &rm.spec.stages;
    if stages.iter().all(|s| s.raci.is_empty()) {
        return None;
    }
    // Lanes: the roles that take part anywhere, in the roadmap's order, then the owners of
    // stages without a `raci` (their box goes to the owner's lane).
    let mut lanes: Vec<&str> = rm
        .spec
        .roles
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| stages.iter().any(|s| s.raci.contains_key(*id)))
        .collect();
    for s in stages.iter().filter(|s| s.raci.is_empty()) {
        if !lanes.contains(&s.owner.as_str()) {
            lanes.push(&s.owner);
        }
    }
    let lane_of = |id: &str| lanes.iter().position(|l| *l == id);
    let rows: Vec<RaciRow> = lanes
        .iter()
        .map(|role| RaciRow {
            role: rm.role_name(role).to_string(),
            cells: stages
                .iter()
                .map(|s| match s.raci.get(*role) {
                    Some(r) => {
                        let (l, class, key) = letter(*r);
                        RaciCell {
                            letter: l,
                            class,
                            title: t_of(t, key).to_string(),
                        }
                    }
                    None => RaciCell {
                        letter: "",
                        class: "",
                        title: String::new(),
                    },
                })
                .collect(),
        })
        .collect();
    let marks: Vec<Vec<(usize, &str)>> = stages
        .iter()
        .map(|s| {
            s.raci
                .iter()
                .filter(|(_, r)| **r != Raci::A)
                .filter_map(|(role, r)| Some((lane_of(role)?, letter(*r).0)))
                .collect()
        })
        .collect();
    let swim: Vec<SwimStage> = stages
        .iter()
        .zip(&marks)
        .map(|(s, m)| {
            let accountable = s
                .raci
                .iter()
                .find(|(_, r)| **r == Raci::A)
                .map_or(s.owner.as_str(), |(role, _)| role.as_str());
            SwimStage {
                name: &s.name,
                lane: lane_of(accountable).unwrap_or(usize::MAX),
                marks: m,
            }
        })
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r.role.as_str()).collect();
    let words = ["raci_a", "raci_r", "raci_c", "raci_i"].map(|k| t_of(t, k));
    let chart = render_swimlane(
        &swim,
        &SwimlaneOptions {
            text: ChartText {
                id: &format!("raci-{}", rm.slug),
                title: t_of(t, "plan_raci"),
                description: t_of(t, "plan_raci_desc"),
            },
            lanes: &names,
            legend: words,
        },
    );
    Some(RaciView {
        stages: stages.iter().map(|s| s.name.clone()).collect(),
        rows,
        legend: ["A", "R", "C", "I"]
            .into_iter()
            .zip(["raci_a_long", "raci_r_long", "raci_c_long", "raci_i_long"])
            .map(|(letter, k)| RaciLegend {
                letter,
                words: t_of(t, k).to_string(),
            })
            .collect(),
        chart,
    })
}

/// The milestones of `rm` as of `today`, or `None` without milestones.
pub(crate) fn milestones_view(rm: &Roadmap, today: Date, t: &Strings) -> Option<MilestonesView> {
    let spec = &rm.spec;
    if spec.milestones.is_empty() {
        return None;
    }
    let mut ms: Vec<_> = spec.milestones.iter().collect();
    ms.sort_by_key(|m| m.date);
    let state = |done: bool, date: Date| match (done, date < today) {
        (true, _) => MilestoneState::Done,
        (false, true) => MilestoneState::Overdue,
        (false, false) => MilestoneState::Upcoming,
    };
    let rows: Vec<MilestoneRow> = ms
        .iter()
        .map(|m| {
            let (status, key) = match state(m.done, m.date) {
                MilestoneState::Done => ("done", "plan_ms_done"),
                MilestoneState::Upcoming => ("upcoming", "plan_ms_upcoming"),
                MilestoneState::Overdue => ("overdue", "plan_ms_overdue"),
            };
            MilestoneRow {
                name: m.name.clone(),
                date: m.date.to_string(),
                stage: m.stage.as_ref().map(|id| {
                    spec.stages
                        .iter()
                        .find(|s| &s.id == id)
                        .map_or(id.clone(), |s| s.name.clone())
                }),
                status,
                status_label: t_of(t, key).to_string(),
            }
        })
        .collect();
    let details: Vec<String> = ms
        .iter()
        .map(|m| {
            let key = match state(m.done, m.date) {
                MilestoneState::Done => "plan_ms_detail_done",
                MilestoneState::Upcoming => "plan_ms_detail_upcoming",
                MilestoneState::Overdue => "plan_ms_detail_overdue",
            };
            tr(t, key, &[("date", &m.date.to_string())])
        })
        .collect();
    let items: Vec<TimelineItem> = ms
        .iter()
        .zip(&details)
        .map(|(m, d)| TimelineItem {
            name: &m.name,
            date: m.date,
            state: state(m.done, m.date),
            detail: d,
        })
        .collect();
    let overdue = rows.iter().filter(|r| r.status == "overdue").count();
    let as_of = tr(t, "plan_as_of", &[("date", &today.to_string())]);
    let month_names: Vec<&str> = t_of(t, "plan_months").split(',').map(str::trim).collect();
    let months: [&str; 12] =
        std::array::from_fn(|i| month_names.get(i).copied().unwrap_or_default());
    let months = if months.iter().any(|m| m.is_empty()) {
        [
            "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ]
    } else {
        months
    };
    let chart = render_timeline(
        &items,
        &TimelineOptions {
            text: ChartText {
                id: &format!("milestones-{}", rm.slug),
                title: t_of(t, "plan_milestones"),
                description: t_of(t, "plan_milestones_desc"),
            },
            today,
            today_label: &as_of,
            months,
        },
    );
    Some(MilestonesView {
        as_of,
        rows,
        overdue: (overdue > 0).then(|| {
            tr(
                t,
                if overdue == 1 {
                    "plan_ms_overdue_one"
                } else {
                    "plan_ms_overdue_n"
                },
                &[("n", &overdue.to_string())],
            )
        }),
        chart,
    })
}
