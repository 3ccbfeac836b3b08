//! Checks on the numbers and names that planning rests on: deal size, goal dates, RACI,
//! milestones, the pipeline and `history.csv`.

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{Raci, Roadmap, SiteConfig};
use crate::source::SourceMap;
use std::path::Path;

/// The site's planning settings: the shortfall threshold.
pub(super) fn check_plan_config(
    config: &SiteConfig,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(t) = config.shortfall_threshold
        && !(0.0..1.0).contains(&t)
    {
        out.push(
            sources
                .error_at(
                    Path::new("content/site.yaml"),
                    "shortfall_threshold",
                    format!("`shortfall_threshold` is {t}; expected a share from 0 to below 1"),
                )
                .with_hint("write 0.1 to flag stages that convert more than 10 % below plan"),
        );
    }
}

/// Every planning problem of roadmap `rm`.
pub(super) fn check_plan(rm: &Roadmap, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let file = rm.file.as_path();
    let spec = &rm.spec;
    if let Some(a) = spec.average_deal_size
        && !(a.is_finite() && a > 0.0)
    {
        out.push(
            sources
                .error_at(
                    file,
                    "average_deal_size",
                    format!("`average_deal_size` is {a}; expected a positive number"),
                )
                .with_hint("the average value of a won deal, in the unit of the revenue goals"),
        );
    }
    for (i, goal) in spec.goals.iter().enumerate() {
        if let Some(start) = goal.start
            && start >= goal.deadline
        {
            out.push(sources.error_at(
                file,
                &format!("goals[{i}].start"),
                format!(
                    "goal `{}` starts on {start}, not before its deadline {}",
                    goal.id, goal.deadline
                ),
            ));
        }
    }

    let stage_ids: Vec<&str> = spec.stages.iter().map(|s| s.id.as_str()).collect();
    let role_ids: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let unknown = |what: &str, id: &str, known: &[&str]| -> String {
        match did_you_mean(id, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the {what}s of this roadmap are: {}", known.join(", ")),
        }
    };
    for (i, stage) in spec.stages.iter().enumerate() {
        for role in stage.raci.keys() {
            if !role_ids.contains(&role.as_str()) && !rm.may_have_role(role) {
                out.push(
                    sources
                        .error_at_key(
                            file,
                            &format!("stages[{i}].raci.{role}"),
                            format!(
                                "`raci` of stage `{}` names `{role}`, which is not a role of this roadmap",
                                stage.id
                            ),
                        )
                        .with_hint(unknown("role", role, &role_ids)),
                );
            }
        }
        if stage.raci.is_empty() {
            continue;
        }
        let accountable: Vec<&str> = stage
            .raci
            .iter()
            .filter(|(_, r)| **r == Raci::A)
            .map(|(role, _)| role.as_str())
            .collect();
        match accountable.as_slice() {
            [_] => {}
            // An entry of `raci` that failed to parse may have been the `A`.
            [] if !rm.set_aside.is_whole(&format!("stages[{i}].raci")) => {}
            [] => out.push(
                sources
                    .error_at(
                        file,
                        &format!("stages[{i}].raci"),
                        format!(
                            "stage `{}` has no accountable role (`A`) in its `raci`",
                            stage.id
                        ),
                    )
                    .with_hint(format!(
                        "exactly one role answers for each stage; usually its owner: `{}: A`",
                        stage.owner
                    )),
            ),
            [_, second, ..] => out.push(
                sources
                    .error_at(
                        file,
                        &format!("stages[{i}].raci.{second}"),
                        format!(
                            "stage `{}` has {} accountable roles ({}); exactly one may be `A`",
                            stage.id,
                            accountable.len(),
                            accountable.join(", ")
                        ),
                    )
                    .with_hint("make the others `R` (they do the work) or `C`"),
            ),
        }
    }
    for (i, m) in spec.milestones.iter().enumerate() {
        if m.name.trim().is_empty() {
            out.push(sources.error_at(
                file,
                &format!("milestones[{i}].name"),
                "a milestone has an empty `name`",
            ));
        }
        if let Some(stage) = &m.stage
            && !stage_ids.contains(&stage.as_str())
            && !rm.may_have_stage(stage)
        {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("milestones[{i}].stage"),
                        format!("milestone `{}` names stage `{stage}`, which this roadmap does not list", m.name),
                    )
                    .with_hint(unknown("stage", stage, &stage_ids)),
            );
        }
    }
    if let Some(p) = &spec.pipeline {
        for (stage, n) in &p.stages {
            if !stage_ids.contains(&stage.as_str()) {
                if rm.may_have_stage(stage) {
                    continue;
                }
                out.push(
                    sources
                        .error_at_key(
                            file,
                            &format!("pipeline.stages.{stage}"),
                            format!("`pipeline` counts stage `{stage}`, which this roadmap does not list"),
                        )
                        .with_hint(unknown("stage", stage, &stage_ids)),
                );
            } else if !(n.is_finite() && *n >= 0.0) {
                out.push(sources.error_at(
                    file,
                    &format!("pipeline.stages.{stage}"),
                    format!("`pipeline` count of stage `{stage}` is {n}; expected 0 or more"),
                ));
            }
        }
    }
    if let Some(h) = &rm.history {
        for row in &h.rows {
            if !stage_ids.contains(&row.stage.as_str()) && !rm.may_have_stage(&row.stage) {
                out.push(
                    sources
                        .error_at_position(
                            &h.file,
                            (row.line, row.stage_col),
                            format!(
                                "stage `{}` is not a stage of roadmap `{}`",
                                row.stage, rm.slug
                            ),
                        )
                        .with_hint(unknown("stage", &row.stage, &stage_ids)),
                );
            }
        }
    }
}
