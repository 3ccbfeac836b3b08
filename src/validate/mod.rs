//! Checks on the loaded model that the types alone cannot express: ids that are unique,
//! references that resolve, numbers in range.

pub mod accounts;
mod plan;

use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::model::{Document, OnboardingFront, Roadmap, Site, same_text};
use crate::routes::{self, RESERVED};
use crate::slug::slugify;
use crate::source::SourceMap;
use std::collections::HashMap;
use std::path::Path;

/// Every problem in `site` that loading could not see.
pub fn validate(site: &Site, sources: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_config(site, sources, &mut out);
    plan::check_plan_config(&site.config, sources, &mut out);
    let mut roadmap_urls: HashMap<String, &Path> = HashMap::new();
    for rm in &site.roadmaps {
        if let Some(first) = roadmap_urls.insert(routes::segment(&rm.slug), &rm.file) {
            out.push(
                Diagnostic::file_error(
                    &rm.file,
                    format!(
                        "roadmap folder `{}` gives the same URL as {}",
                        rm.slug,
                        first.display()
                    ),
                )
                .with_hint("rename one of the folders: URLs ignore case and punctuation"),
            );
        }
        check_roadmap(rm, sources, &mut out);
        plan::check_plan(rm, sources, &mut out);
    }
    check_onboarding(site, sources, &mut out);
    check_pages(site, sources, &mut out);
    accounts::check_accounts(site, sources, &mut out);
    out
}

fn check_config(site: &Site, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let file = Path::new("content/site.yaml");
    if site.config.title.trim().is_empty() && !site.config_set_aside.left_out("title") {
        out.push(
            sources
                .error_at(file, "title", "the site `title` is empty")
                .with_hint("give the site a name"),
        );
    }
    if let Some(url) = &site.config.base_url
        && let Err(why) = crate::base_url::BaseUrl::parse(url)
    {
        out.push(
            sources
                .error_at(
                    file,
                    "base_url",
                    format!("`base_url` cannot be read: {why}"),
                )
                .with_hint(crate::base_url::HINT),
        );
    }
    if let Some(id) = &site.config.id
        && id.trim().is_empty()
    {
        out.push(
            sources
                .error_at(file, "id", "the site `id` is empty")
                .with_hint("remove it to use a slug of the title, or write a short name such as `south-china-sales`"),
        );
    }
    if let Some(search) = &site.config.search {
        check_synonyms(&search.synonyms, file, sources, out);
    }
    if let Some(theme) = &site.config.theme
        && (theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.'))
    {
        out.push(sources.error_at(
            file,
            "theme",
            format!("`theme` must be a folder name under `themes/`, found `{theme}`"),
        ));
    }
}

/// Reports synonym groups of fewer than two entries, entries that search cannot use, and
/// entries in two groups (entries are compared by their search terms, so `PoC` and `POC`
/// are one entry).
fn check_synonyms(
    groups: &[Vec<String>],
    file: &Path,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: std::collections::HashMap<Vec<String>, usize> = Default::default();
    for (g, group) in groups.iter().enumerate() {
        let at = format!("search.synonyms[{g}]");
        if group.len() < 2 {
            out.push(
                sources
                    .error_at(file, &at, format!("synonym group {} has {} entr{}, but a group needs at least two", g + 1, group.len(), if group.len() == 1 { "y" } else { "ies" }))
                    .with_hint("add the words that mean the same, as in `- [PoC, proof of concept]`, or remove the group"),
            );
        }
        for (e, entry) in group.iter().enumerate() {
            let terms = crate::search::tokenize::terms(entry);
            let at = format!("{at}[{e}]");
            if terms.is_empty() {
                out.push(
                    sources
                        .error_at(file, &at, format!("synonym `{entry}` has no word that search can use"))
                        .with_hint("common words such as `the` or `of` are not searched; write the term itself"),
                );
                continue;
            }
            match seen.get(&terms) {
                Some(&first) if first != g => out.push(
                    sources
                        .error_at(file, &at, format!("synonym `{entry}` is in group {} and again in group {}", first + 1, g + 1))
                        .with_hint("an entry belongs to one group: merge the two groups or remove one of the entries"),
                ),
                Some(_) => {}
                None => {
                    seen.insert(terms, g);
                }
            }
        }
    }
}

/// Reports ids that repeat, or that give the same URL segment, within one list.
fn check_unique<'a>(
    file: &Path,
    list: &str,
    what: &str,
    ids: impl Iterator<Item = &'a str>,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let path = format!("{list}[{i}].id");
        if id.trim().is_empty() {
            out.push(sources.error_at(file, &path, format!("{what} id is empty")));
            continue;
        }
        let slug = slugify(id);
        if slug.is_empty() {
            out.push(
                sources
                    .error_at(file, &path, format!("{what} id `{id}` has no letters or digits, so it cannot be used in a URL"))
                    .with_hint("use letters, digits and hyphens, such as `needs-analysis`"),
            );
            continue;
        }
        match seen.get(&slug) {
            Some((first, first_id)) if *first_id == id => out.push(
                sources
                    .error_at(file, &path, format!("duplicate {what} id `{id}`"))
                    .with_hint(format!(
                        "it is already used by {list}[{first}]; ids must be unique"
                    )),
            ),
            Some((first, first_id)) => out.push(
                sources
                    .error_at(
                        file,
                        &path,
                        format!(
                            "{what} id `{id}` gives the same URL as `{first_id}` ({list}[{first}])"
                        ),
                    )
                    .with_hint(format!("both become `{slug}`; rename one of them")),
            ),
            None => {
                seen.insert(slug, (i, id));
            }
        }
    }
}

fn check_roadmap(rm: &Roadmap, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let file = rm.file.as_path();
    let spec = &rm.spec;
    if slugify(&rm.slug).is_empty() {
        out.push(Diagnostic::file_error(
            file,
            format!(
                "roadmap folder `{}` has no letters or digits, so it cannot be used in a URL",
                rm.slug
            ),
        ));
    }
    // What failed to parse was reported with its file; checks on the rest must not report
    // it missing a second time.
    let set_aside = &rm.set_aside;
    if spec.title.trim().is_empty() && !set_aside.left_out("title") {
        out.push(sources.error_at(file, "title", "the roadmap `title` is empty"));
    }
    if spec.stages.is_empty() && set_aside.is_whole("stages") {
        out.push(
            sources
                .error_at(file, "stages", "a roadmap needs at least one stage")
                .with_hint("list the stages of the sales process under `stages:`, in order"),
        );
    }
    check_unique(
        file,
        "goals",
        "goal",
        spec.goals.iter().map(|g| g.id.as_str()),
        sources,
        out,
    );
    check_unique(
        file,
        "segments",
        "segment",
        spec.segments.iter().map(|s| s.id.as_str()),
        sources,
        out,
    );
    check_unique(
        file,
        "roles",
        "role",
        spec.roles.iter().map(|r| r.id.as_str()),
        sources,
        out,
    );
    check_unique(
        file,
        "stages",
        "stage",
        spec.stages.iter().map(|s| s.id.as_str()),
        sources,
        out,
    );

    let role_ids: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let role_problem = |path: &str, owner: &str| {
        let hint = match did_you_mean(owner, role_ids.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if role_ids.is_empty() => {
                "add the role under `roles:` with an `id` and a `name`".to_string()
            }
            None => format!("known roles: {}", role_ids.join(", ")),
        };
        sources
            .error_at(
                file,
                path,
                format!("owner `{owner}` is not a role of this roadmap"),
            )
            .with_hint(hint)
    };
    for (i, goal) in spec.goals.iter().enumerate() {
        if !goal.target.is_finite() || goal.target <= 0.0 {
            out.push(
                sources
                    .error_at(
                        file,
                        &format!("goals[{i}].target"),
                        format!(
                            "goal `{}` needs a positive `target`, found {}",
                            goal.id, goal.target
                        ),
                    )
                    .with_hint("goals must be measurable: give the number to reach"),
            );
        }
        if let Some(current) = goal.current
            && (!current.is_finite() || current < 0.0)
        {
            out.push(sources.error_at(
                file,
                &format!("goals[{i}].current"),
                format!(
                    "goal `{}` has a `current` of {current}; expected 0 or more",
                    goal.id
                ),
            ));
        }
    }
    let kpi_lists = spec
        .stages
        .iter()
        .enumerate()
        .map(|(i, st)| (format!("stages[{i}].kpis"), &st.kpis))
        .chain(std::iter::once(("kpis".to_string(), &spec.kpis)));
    for (list, kpis) in kpi_lists {
        for (k, kpi) in kpis.iter().enumerate() {
            if let Some(t) = kpi.target
                && !t.is_finite()
            {
                out.push(
                    sources
                        .error_at(
                            file,
                            &format!("{list}[{k}].target"),
                            format!("KPI `{}` has a target of {t}; expected a number", kpi.name),
                        )
                        .with_hint("write the target as a plain number, such as 12 or 0.85"),
                );
            }
        }
    }
    for (i, stage) in spec.stages.iter().enumerate() {
        if !role_ids.contains(&stage.owner.as_str()) && !rm.may_have_role(&stage.owner) {
            out.push(role_problem(&format!("stages[{i}].owner"), &stage.owner));
        }
        if let Some(rate) = stage.conversion_rate
            && !(rate > 0.0 && rate <= 1.0)
        {
            out.push(
                    sources
                        .error_at(file, &format!("stages[{i}].conversion_rate"), format!("`conversion_rate` of stage `{}` is {rate}; it must be above 0 and at most 1", stage.id))
                        .with_hint("write the share of deals that reach the next stage as a fraction: 40% is 0.4"),
                );
        }
        if stage.name.trim().is_empty() {
            out.push(sources.error_at(
                file,
                &format!("stages[{i}].name"),
                format!("stage `{}` has an empty `name`", stage.id),
            ));
        }
    }
    let stage_ids: Vec<&str> = spec.stages.iter().map(|s| s.id.as_str()).collect();
    let segment_ids: Vec<&str> = spec.segments.iter().map(|s| s.id.as_str()).collect();
    for (stage, doc) in &rm.playbooks {
        if !stage_ids.contains(&stage.as_str()) && !rm.may_have_stage(stage) {
            let hint = match did_you_mean(stage, stage_ids.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}.md`? Playbook files are named after a stage id in {}",
                    file.display()
                ),
                None => format!("the stages of this roadmap are: {}", stage_ids.join(", ")),
            };
            out.push(
                Diagnostic::file_error(
                    &doc.file,
                    format!(
                        "playbook for stage `{stage}`, which roadmap `{}` does not list",
                        rm.slug
                    ),
                )
                .with_hint(hint),
            );
        }
        for (i, seg) in doc.front.segments.iter().enumerate() {
            if !segment_ids.contains(&seg.as_str()) && !rm.may_have_segment(seg) {
                let hint = did_you_mean(seg, segment_ids.iter().copied()).map_or_else(
                    || format!("segments of this roadmap: {}", segment_ids.join(", ")),
                    |b| format!("did you mean `{b}`?"),
                );
                out.push(
                    sources
                        .error_at(
                            &doc.file,
                            &format!("segments[{i}]"),
                            format!("segment `{seg}` is not a segment of roadmap `{}`", rm.slug),
                        )
                        .with_hint(hint),
                );
            }
        }
    }
}

fn check_onboarding(site: &Site, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let known: Vec<String> = site
        .roadmaps
        .iter()
        .flat_map(|rm| {
            rm.spec
                .stages
                .iter()
                .map(move |s| format!("{}/{}", rm.slug, s.id))
        })
        .collect();
    let mut slugs: HashMap<String, &Path> = HashMap::new();
    for m in &site.onboarding {
        if let Some(first) = slugs.insert(slugify(&m.slug), &m.file) {
            out.push(
                Diagnostic::file_error(
                    &m.file,
                    format!(
                        "module `{}` gives the same URL as {}",
                        m.slug,
                        first.display()
                    ),
                )
                .with_hint("rename one of the files"),
            );
        }
        for (i, reference) in m.front.stages.iter().enumerate() {
            let may_exist = reference
                .split_once('/')
                .is_some_and(|(rm, stage)| site.may_have_stage(rm, stage));
            if !known.iter().any(|k| k == reference) && !may_exist {
                let hint = match did_you_mean(reference, known.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "write stages as `<roadmap>/<stage id>`, such as `enterprise/needs-analysis`".to_string(),
                };
                out.push(
                    sources
                        .error_at(
                            &m.file,
                            &format!("stages[{i}]"),
                            format!("stage `{reference}` does not exist"),
                        )
                        .with_hint(hint),
                );
            }
        }
        check_checklist_ids(m, sources, out);
        let mut questions: HashMap<String, usize> = HashMap::new();
        for (i, q) in m.front.quiz.iter().enumerate() {
            if let Some(first) = questions.insert(q.key(), i) {
                out.push(
                    sources
                        .error_at(
                            &m.file,
                            &format!("quiz[{i}].q"),
                            "this quiz question is asked twice in the module",
                        )
                        .with_hint(format!(
                            "quiz[{first}] asks the same (answers are saved by question); remove one"
                        )),
                );
            }
            // With an option left out, the count proves nothing.
            if !m.set_aside.is_whole(&format!("quiz[{i}].options")) {
                continue;
            }
            if q.options.len() < 2 {
                out.push(sources.error_at(
                    &m.file,
                    &format!("quiz[{i}].options"),
                    "a quiz question needs at least two `options`",
                ));
            } else if q.answer >= q.options.len() {
                out.push(
                    sources
                        .error_at(
                            &m.file,
                            &format!("quiz[{i}].answer"),
                            format!(
                                "`answer` is {}, but the question has {} options",
                                q.answer,
                                q.options.len()
                            ),
                        )
                        .with_hint(format!(
                            "`answer` counts from 0: the first option is 0, the last is {}",
                            q.options.len() - 1
                        )),
                );
            }
        }
    }
}

/// Reports checklist items of one module whose ids (explicit, or made from the text) repeat:
/// a reader's progress is saved by id, so two items with one id would tick together.
fn check_checklist_ids(
    m: &Document<OnboardingFront>,
    sources: &SourceMap,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, item) in m.front.checklist.iter().enumerate() {
        if let Some(id) = &item.id
            && id.trim().is_empty()
        {
            out.push(
                sources
                    .error_at(
                        &m.file,
                        &format!("checklist[{i}].id"),
                        "checklist item `id` is empty",
                    )
                    .with_hint("remove `id:` to use one made from the text, or write a short name"),
            );
            continue;
        }
        let key = item.key();
        let Some(&first) = seen.get(&key) else {
            seen.insert(key, i);
            continue;
        };
        let other = &m.front.checklist[first];
        let diagnostic = if item.id.is_none()
            && other.id.is_none()
            && same_text(&item.text, &other.text)
        {
            sources
                .error_at(
                    &m.file,
                    &format!("checklist[{i}]"),
                    "this checklist item is listed twice in the module",
                )
                .with_hint(format!(
                    "checklist[{first}] has the same text; remove one, or give each an `id`"
                ))
        } else {
            let path = if item.id.is_some() {
                format!("checklist[{i}].id")
            } else {
                format!("checklist[{i}]")
            };
            let made = if other.id.is_none() {
                " (made from its text)"
            } else {
                ""
            };
            sources
                .error_at(&m.file, &path, format!("duplicate checklist item id `{key}`"))
                .with_hint(format!("checklist[{first}] has the same id{made}; ids must be unique within a module, so give this item another `id`"))
        };
        out.push(diagnostic);
    }
}

fn check_pages(site: &Site, sources: &SourceMap, out: &mut Vec<Diagnostic>) {
    let mut slugs: HashMap<String, &Path> = HashMap::new();
    for p in &site.pages {
        let seg = routes::segment(&p.slug);
        if RESERVED.contains(&seg.as_str()) {
            out.push(
                Diagnostic::file_error(
                    &p.file,
                    format!(
                        "a page cannot be called `{}`: the site uses that address",
                        p.slug
                    ),
                )
                .with_hint("rename the file"),
            );
        }
        if let Some(first) = slugs.insert(seg, &p.file) {
            out.push(
                Diagnostic::file_error(
                    &p.file,
                    format!(
                        "page `{}` gives the same URL as {}",
                        p.slug,
                        first.display()
                    ),
                )
                .with_hint("rename one of the files"),
            );
        }
        if p.front.title.trim().is_empty() && !p.set_aside.left_out("title") {
            out.push(sources.error_at(&p.file, "title", "the page `title` is empty"));
        }
    }
    for f in &site.static_files {
        let first = f.split('/').next().unwrap_or(f);
        if RESERVED.contains(&first) || slugs.contains_key(first) {
            out.push(
                Diagnostic::file_error(
                    format!("content/static/{f}"),
                    format!("static file `{f}` would replace a generated page"),
                )
                .with_hint("move it into a sub-folder of static/"),
            );
        }
    }
}
