//! Checks on key accounts: their roadmap, stage, segment and owner resolve, their history
//! agrees with their stage, their exit criteria are the stage's own (errors); and, as of a
//! day, whether each plan is going stale (warnings).

use crate::diagnostics::{Diagnostic, Severity, did_you_mean};
use crate::model::{Account, Date, Roadmap, Site};
use crate::plan::accounts as numbers;
use crate::slug::slugify;
use crate::source::SourceMap;

/// "did you mean `x`?", or the list of what there is.
fn suggest(what: &str, wrong: &str, known: &[&str]) -> String {
    match did_you_mean(wrong, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if known.is_empty() => format!("there are no {what}s to choose from"),
        None => format!("the {what}s are: {}", known.join(", ")),
    }
}

/// Every error in the site's key accounts.
pub(super) fn check_accounts(site: &Site, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut urls: std::collections::HashMap<String, &str> = Default::default();
    for a in &site.accounts {
        let slug = slugify(&a.slug);
        if slug.is_empty() {
            out.push(
                Diagnostic::file_error(&a.file, format!("account file name `{}` has no letters or digits, so it cannot be used in a URL", a.slug))
                    .with_hint("rename the file, such as `huanan-steel.yaml`"),
            );
        } else if let Some(first) = urls.insert(slug.clone(), &a.slug) {
            out.push(
                Diagnostic::file_error(
                    &a.file,
                    format!(
                        "account `{}` gives the same URL as account `{first}`",
                        a.slug
                    ),
                )
                .with_hint(format!(
                    "both become `accounts/{slug}/`; rename one of the files"
                )),
            );
        }
        check_account(site, a, sources, out);
    }
}

fn check_account(site: &Site, a: &Account, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let (file, spec) = (a.file.as_path(), &a.spec);
    if let Some(v) = spec.value
        && !(v.is_finite() && v >= 0.0)
    {
        out.push(sources.error_at(
            file,
            "value",
            format!("`value` is {v}; expected 0 or more, in the roadmap's revenue unit"),
        ));
    }
    for (i, pair) in spec.stage_history.windows(2).enumerate() {
        if pair[1].entered < pair[0].entered {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("stage_history[{}].entered", i + 1),
                        format!(
                            "the history is out of order: `{}` was entered on {}, before `{}` above it ({})",
                            pair[1].stage, pair[1].entered, pair[0].stage, pair[0].entered
                        ),
                    )
                    .with_hint("list `stage_history` oldest first, each with the day the account entered the stage"),
            );
        }
    }
    if let Some(last) = spec.stage_history.last()
        && last.stage != spec.stage
        && !a.set_aside.left_out("stage")
    {
        out.push(
            sources
                .error_at(
                    file,
                    &format!("stage_history[{}].stage", spec.stage_history.len() - 1),
                    format!(
                        "the history contradicts `stage`: its last entry is `{}`, but the account is in `{}`",
                        last.stage, spec.stage
                    ),
                )
                .with_hint(format!(
                    "add `- {{stage: {}, entered: <the day it moved>}}` at the end of `stage_history`, or correct `stage`",
                    spec.stage
                )),
        );
    }
    let roadmap_ids: Vec<&str> = site.roadmaps.iter().map(|r| r.slug.as_str()).collect();
    let Some(rm) = site.roadmaps.iter().find(|r| r.slug == spec.roadmap) else {
        let unloaded = format!("roadmaps/{}/roadmap.yaml", spec.roadmap);
        if !a.set_aside.left_out("roadmap") && !site.unloaded.contains(&unloaded) {
            out.push(
                sources
                    .error_at(
                        file,
                        "roadmap",
                        format!("roadmap `{}` does not exist", spec.roadmap),
                    )
                    .with_hint(suggest("roadmap", &spec.roadmap, &roadmap_ids)),
            );
        }
        return;
    };
    check_against_roadmap(a, rm, sources, out);
}

fn check_against_roadmap(
    a: &Account,
    rm: &Roadmap,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let (file, spec) = (a.file.as_path(), &a.spec);
    let stage_ids: Vec<&str> = rm.spec.stages.iter().map(|s| s.id.as_str()).collect();
    let unknown_stage = |path: &str, id: &str, out: &mut Vec<Diagnostic>| {
        if !stage_ids.contains(&id) && !rm.may_have_stage(id) {
            out.push(
                sources
                    .error_at(
                        file,
                        path,
                        format!("stage `{id}` is not a stage of roadmap `{}`", rm.slug),
                    )
                    .with_hint(suggest("stage", id, &stage_ids)),
            );
        }
    };
    if !a.set_aside.left_out("stage") {
        unknown_stage("stage", &spec.stage, out);
    }
    for (i, e) in spec.stage_history.iter().enumerate() {
        unknown_stage(&format!("stage_history[{i}].stage"), &e.stage, out);
    }
    if let Some(seg) = &spec.segment {
        let ids: Vec<&str> = rm.spec.segments.iter().map(|s| s.id.as_str()).collect();
        if !ids.contains(&seg.as_str()) && !rm.may_have_segment(seg) {
            out.push(
                sources
                    .error_at(
                        file,
                        "segment",
                        format!("segment `{seg}` is not a segment of roadmap `{}`", rm.slug),
                    )
                    .with_hint(suggest("segment", seg, &ids)),
            );
        }
    }
    if let Some(owner) = &spec.owner {
        let ids: Vec<&str> = rm.spec.roles.iter().map(|r| r.id.as_str()).collect();
        if !ids.contains(&owner.as_str()) && !rm.may_have_role(owner) {
            out.push(
                sources
                    .error_at(
                        file,
                        "owner",
                        format!("owner `{owner}` is not a role of roadmap `{}`", rm.slug),
                    )
                    .with_hint(suggest("role", owner, &ids)),
            );
        }
    }
    let Some(stage) = rm.spec.stages.iter().find(|s| s.id == spec.stage) else {
        return;
    };
    let criteria: Vec<&str> = stage.exit_criteria.iter().map(String::as_str).collect();
    for (i, c) in spec.exit_criteria.iter().enumerate() {
        if numbers::criterion_index(&stage.exit_criteria, &c.criterion).is_none() {
            let listed: Vec<String> = criteria
                .iter()
                .enumerate()
                .map(|(n, c)| format!("{}. {c}", n + 1))
                .collect();
            let hint = match did_you_mean(&c.criterion, criteria.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if criteria.is_empty() => {
                    format!("stage `{}` lists no `exit_criteria`", stage.id)
                }
                None => format!("name one by its number or its text: {}", listed.join("; ")),
            };
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("exit_criteria[{i}].criterion"),
                        format!(
                            "exit criterion `{}` is not one of stage `{}`",
                            c.criterion, stage.id
                        ),
                    )
                    .with_hint(hint),
            );
        }
    }
}

fn warning(d: Diagnostic) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..d
    }
}

/// Every warning about the site's key accounts as of `today`: overdue plan steps, stalled
/// accounts, no economic buyer where the stage needs one, committee members not contacted
/// for `contact_stale_days`, plans past `review_by`.
pub fn warnings(site: &Site, sources: &SourceMap, today: Date, out: &mut Vec<Diagnostic>) {
    let stale_days = site.config.contact_stale_days();
    for a in &site.accounts {
        let (file, spec) = (a.file.as_path(), &a.spec);
        if let Some(due) = spec.review_by
            && due < today
        {
            out.push(warning(
                sources
                    .error_at(file, "review_by", format!("this account plan was due for review on {due}"))
                    .with_hint("go through it with the account team, then move `review_by` to the next review date"),
            ));
        }
        for i in numbers::overdue_steps(a, today) {
            let s = &spec.plan[i];
            out.push(warning(
                sources
                    .error_at(file, &format!("plan[{i}].due"), format!("plan step `{}` was due on {} and is not done", s.step, s.due))
                    .with_hint("add `done: true` once it is done, or agree a new date with the customer and change `due`"),
            ));
        }
        for (i, days) in numbers::stale_contacts(a, stale_days, today) {
            let m = &spec.committee[i];
            let d = match days {
                Some(days) => sources
                    .error_at(
                        file,
                        &format!("committee[{i}].last_contact"),
                        format!("no one has contacted `{}` for {days} days (since {})", m.name, m.last_contact.map(|d| d.to_string()).unwrap_or_default()),
                    )
                    .with_hint(format!("meet them, then update `last_contact` (`contact_stale_days` in site.yaml sets the limit, now {stale_days})")),
                None => sources
                    .error_at(file, &format!("committee[{i}].name"), format!("no one has met `{}` yet: there is no `last_contact`", m.name))
                    .with_hint("write the day of the last meeting or call as `last_contact`"),
            };
            out.push(warning(d));
        }
        let Some((rm, current)) = numbers::place(&site.roadmaps, a) else {
            continue;
        };
        let stage = &rm.spec.stages[current];
        if numbers::is_stalled(a, stage, today)
            && let (Some(days), Some(planned)) =
                (numbers::days_in_stage(a, today), stage.duration_days)
        {
            out.push(warning(
                sources
                    .error_at(
                        file,
                        &format!("stage_history[{}].entered", spec.stage_history.len() - 1),
                        format!("stalled: the account has been in stage `{}` for {days} days; the stage plans {planned} (`duration_days`)", stage.id),
                    )
                    .with_hint("agree the next step with the customer, or record why it takes longer under `risks`"),
            ));
        }
        if let Some(first) = numbers::missing_economic_buyer(a, &rm.spec.stages, current) {
            let at = if spec.committee.is_empty() {
                "stage"
            } else {
                "committee"
            };
            out.push(warning(
                sources
                    .error_at(
                        file,
                        at,
                        format!(
                            "no economic buyer identified: stage `{}` and the stages after it require one, and the account is in `{}`",
                            rm.spec.stages[first].id, stage.id
                        ),
                    )
                    .with_hint("find who owns the budget and add them to `committee` with `part: economic_buyer`"),
            ));
        }
    }
}
