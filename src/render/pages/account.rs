//! A key account's page (`accounts/<account>/index.html`): where it stands on its roadmap
//! (the stage diagram with its stage highlighted, days per stage against plan, the history
//! as a small chart), the buying committee as a map and a table, the mutual action plan
//! with overdue steps flagged, the current stage's exit criteria, risks, next steps and the
//! narrative.

use super::accounts::{days_text, flags, revenue_unit};
use crate::diagram::{
    ChartText, CommitteeLabels, CommitteeNode, HistoryBar, render_committee_map,
    render_stage_history,
};
use crate::i18n::{Strings, amount, date_text, t_of, tr, with_unit};
use crate::markdown::RenderedDocs;
use crate::model::{Account, Date, Site};
use crate::plan::accounts as numbers;
use crate::render::stage_diagram::diagram;
use crate::render::templates::page_context;
use crate::render::views::{LinkView, body_view, role_path};
use crate::routes;
use serde::Serialize;
use tera::Context;

/// A row of the stage history.
#[derive(Debug, Serialize)]
struct HistoryRow {
    stage: String,
    entered: String,
    days: String,
    planned: Option<String>,
    over: bool,
    current: bool,
}

/// A committee member's row.
#[derive(Debug, Serialize)]
struct MemberRow {
    name: String,
    title: Option<String>,
    part: String,
    part_key: &'static str,
    influence: String,
    stance: String,
    stance_key: &'static str,
    last_contact: Option<String>,
    /// "75 days ago" or "never met", when past `contact_stale_days`.
    stale: Option<String>,
    notes: Option<String>,
}

/// A step of the mutual action plan.
#[derive(Debug, Serialize)]
struct StepRow {
    step: String,
    owner: Option<String>,
    side: String,
    due: String,
    /// `done`, `open` or `overdue`.
    status: &'static str,
    status_label: String,
}

/// One exit criterion of the current stage.
#[derive(Debug, Serialize)]
struct CriterionRow {
    text: String,
    met: bool,
    evidence: Option<String>,
}

/// A team member.
#[derive(Debug, Serialize)]
struct TeamRow {
    name: String,
    role: String,
}

/// The context of account `i`'s page as of `today`.
pub(crate) fn context(
    site: &Site,
    i: usize,
    docs: &RenderedDocs,
    today: Date,
    t: &Strings,
) -> Context {
    let a = &site.accounts[i];
    let path = routes::account(&a.slug);
    let mut c = page_context(&path, &a.spec.name);
    c.insert(
        "board",
        &LinkView::new(routes::ACCOUNTS, t_of(t, "accounts_board")),
    );
    if let Some(n) = &a.narrative {
        c.insert(
            "narrative",
            &docs.get(&n.file).map(|r| body_view(&r.html, &r.headings)),
        );
        c.insert(
            "narrative_title",
            &n.front
                .title
                .clone()
                .unwrap_or_else(|| t_of(t, "acct_narrative").to_string()),
        );
    }
    c.insert("risks", &a.spec.risks);
    c.insert("next_steps", &a.spec.next_steps);
    c.insert("updated", &date_text(a.spec.updated));
    c.insert("review_by", &date_text(a.spec.review_by));
    c.insert("target_close", &date_text(a.spec.target_close));
    let Some((rm, current)) = numbers::place(&site.roadmaps, a) else {
        return c;
    };
    let stages = &rm.spec.stages;
    let stage = &stages[current];
    c.insert(
        "roadmap",
        &LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
    );
    c.insert(
        "stage",
        &LinkView::new(&routes::stage(&rm.slug, &stage.id), &stage.name),
    );
    c.insert(
        "stage_of",
        &tr(
            t,
            "acct_stage_of",
            &[
                ("n", &(current + 1).to_string()),
                ("total", &stages.len().to_string()),
            ],
        ),
    );
    c.insert(
        "value",
        &a.spec
            .value
            .map(|v| with_unit(&amount(v), revenue_unit(rm))),
    );
    c.insert(
        "chance",
        &numbers::win_chance(stages, current).map(crate::i18n::format_percent),
    );
    c.insert(
        "days_in_stage",
        &numbers::days_in_stage(a, today).map(|n| days_text(t, n)),
    );
    c.insert(
        "owner",
        &a.spec.owner.as_deref().map(|o| {
            let name = rm.role_name(o);
            match role_path(rm, o) {
                Some(p) => LinkView {
                    path: p,
                    title: name.to_string(),
                },
                None => LinkView {
                    path: String::new(),
                    title: name.to_string(),
                },
            }
        }),
    );
    c.insert(
        "segment",
        &a.spec
            .segment
            .as_deref()
            .and_then(|s| rm.spec.segments.iter().find(|x| x.id == s))
            .map(|s| LinkView::new(&routes::segment_view(&rm.slug, &s.id), &s.name)),
    );
    c.insert("flags", &flags(site, a, rm, current, today, t));
    c.insert("diagram", &diagram(rm, &path, Some(current), false, t));
    history(&mut c, a, rm, today, t);
    committee(&mut c, site, a, today, t);
    let team: Vec<TeamRow> = a
        .spec
        .team
        .iter()
        .map(|m| TeamRow {
            name: m.name.clone(),
            role: rm.role_name(&m.role).to_string(),
        })
        .collect();
    c.insert("team", &team);
    let overdue = numbers::overdue_steps(a, today);
    let steps: Vec<StepRow> = a
        .spec
        .plan
        .iter()
        .enumerate()
        .map(|(n, s)| {
            let status = if s.done {
                "done"
            } else if overdue.contains(&n) {
                "overdue"
            } else {
                "open"
            };
            StepRow {
                step: s.step.clone(),
                owner: s.owner.clone(),
                side: t_of(
                    t,
                    if s.customer_side {
                        "acct_side_customer"
                    } else {
                        "acct_side_us"
                    },
                )
                .to_string(),
                due: s.due.to_string(),
                status,
                status_label: t_of(t, &format!("acct_step_{status}")).to_string(),
            }
        })
        .collect();
    c.insert("steps", &steps);
    c.insert(
        "overdue",
        &(!overdue.is_empty())
            .then(|| tr(t, "acct_flag_overdue", &[("n", &overdue.len().to_string())])),
    );
    let criteria: Vec<CriterionRow> = stage
        .exit_criteria
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let status =
                a.spec.exit_criteria.iter().find(|s| {
                    numbers::criterion_index(&stage.exit_criteria, &s.criterion) == Some(n)
                });
            CriterionRow {
                text: text.clone(),
                met: status.is_some_and(|s| s.met),
                evidence: status.and_then(|s| s.evidence.clone()),
            }
        })
        .collect();
    c.insert(
        "criteria_met",
        &tr(
            t,
            "acct_criteria_met",
            &[
                ("n", &criteria.iter().filter(|r| r.met).count().to_string()),
                ("total", &criteria.len().to_string()),
            ],
        ),
    );
    c.insert("criteria", &criteria);
    let playbook = if rm.playbooks.contains_key(&stage.id) {
        "#playbook-heading"
    } else {
        ""
    };
    c.insert(
        "playbook_path",
        &format!(
            "{}{playbook}",
            crate::slug::encode_path(&routes::stage(&rm.slug, &stage.id))
        ),
    );
    c
}

fn history(c: &mut Context, a: &Account, rm: &crate::model::Roadmap, today: Date, t: &Strings) {
    let days = numbers::days_per_entry(a, today);
    let last = a.spec.stage_history.len().saturating_sub(1);
    let name_of = |id: &str| rm.spec.stages.iter().find(|s| s.id == id);
    let rows: Vec<HistoryRow> = a
        .spec
        .stage_history
        .iter()
        .zip(&days)
        .enumerate()
        .map(|(n, (e, &d))| {
            let planned = name_of(&e.stage).and_then(|s| s.duration_days);
            HistoryRow {
                stage: name_of(&e.stage).map_or(e.stage.clone(), |s| s.name.clone()),
                entered: e.entered.to_string(),
                days: days_text(t, d),
                planned: planned.map(|p| days_text(t, i64::from(p))),
                over: planned.is_some_and(|p| d > i64::from(p)),
                current: n == last && e.stage == a.spec.stage,
            }
        })
        .collect();
    if !rows.is_empty() {
        let details: Vec<String> = rows
            .iter()
            .map(|r| match &r.planned {
                Some(p) => tr(t, "acct_days_vs_plan", &[("days", &r.days), ("planned", p)]),
                None => r.days.clone(),
            })
            .collect();
        let bars: Vec<HistoryBar> = a
            .spec
            .stage_history
            .iter()
            .zip(&days)
            .zip(rows.iter().zip(&details))
            .map(|((e, &d), (r, detail))| HistoryBar {
                name: &r.stage,
                days: d,
                planned: name_of(&e.stage).and_then(|s| s.duration_days),
                current: r.current,
                detail,
            })
            .collect();
        let title = t_of(t, "acct_history");
        let desc = t_of(t, "acct_history_desc");
        let id = format!("history-{}", routes::segment(&a.slug));
        c.insert(
            "history_chart",
            &render_stage_history(
                &bars,
                &ChartText {
                    id: &id,
                    title,
                    description: desc,
                },
            ),
        );
    }
    c.insert("history", &rows);
}

fn committee(c: &mut Context, site: &Site, a: &Account, today: Date, t: &Strings) {
    let stale = numbers::stale_contacts(a, site.config.contact_stale_days(), today);
    let rows: Vec<MemberRow> = a
        .spec
        .committee
        .iter()
        .enumerate()
        .map(|(n, m)| MemberRow {
            name: m.name.clone(),
            title: m.title.clone(),
            part: t_of(t, &format!("acct_part_{}", m.part.key())).to_string(),
            part_key: m.part.key(),
            influence: t_of(t, &format!("acct_influence_{}", m.influence.key())).to_string(),
            stance: t_of(t, &format!("acct_stance_{}", m.stance.key())).to_string(),
            stance_key: m.stance.key(),
            last_contact: date_text(m.last_contact),
            stale: stale.iter().find(|(i, _)| *i == n).map(|(_, d)| match d {
                Some(d) => tr(t, "acct_contact_ago", &[("n", &d.to_string())]),
                None => t_of(t, "acct_never_met").to_string(),
            }),
            notes: m.notes.clone(),
        })
        .collect();
    if !rows.is_empty() {
        let marks: Vec<String> = a
            .spec
            .committee
            .iter()
            .map(|m| {
                t_of(t, &format!("acct_part_{}", m.part.key()))
                    .chars()
                    .next()
                    .unwrap_or('?')
                    .to_string()
            })
            .collect();
        let nodes: Vec<CommitteeNode> = a
            .spec
            .committee
            .iter()
            .zip(&marks)
            .map(|(m, mark)| CommitteeNode {
                name: &m.name,
                part: m.part,
                mark,
                influence: m.influence,
                stance: m.stance,
            })
            .collect();
        let id = format!("committee-{}", routes::segment(&a.slug));
        let key = |k: &str| t_of(t, k);
        let labels = CommitteeLabels {
            text: ChartText {
                id: &id,
                title: key("acct_committee"),
                description: key("acct_committee_desc"),
            },
            stances: [
                key("acct_stance_opponent"),
                key("acct_stance_sceptic"),
                key("acct_stance_neutral"),
                key("acct_stance_supporter"),
            ],
            influences: [
                key("acct_influence_high"),
                key("acct_influence_medium"),
                key("acct_influence_low"),
            ],
        };
        c.insert("committee_chart", &render_committee_map(&nodes, &labels));
    }
    c.insert("committee", &rows);
}
