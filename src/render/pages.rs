//! The contexts of the home, roadmap and stage pages, and the stage diagrams they draw.

use super::*;

/// At most this many stages are drawn in a playbook page's small diagram: the current one
/// and its neighbours. The roadmap page always draws the whole process.
const MINI_DIAGRAM_STAGES: usize = 7;

/// The stages a diagram draws: all of them, or for a playbook page of a long process a
/// window around the current stage. Returns the first index and the end.
pub(super) fn diagram_window(
    len: usize,
    highlight: Option<usize>,
    compact: bool,
) -> (usize, usize) {
    match highlight {
        Some(h) if compact && len > MINI_DIAGRAM_STAGES => {
            let start = h
                .saturating_sub(MINI_DIAGRAM_STAGES / 2)
                .min(len - MINI_DIAGRAM_STAGES);
            (start, start + MINI_DIAGRAM_STAGES)
        }
        _ => (0, len),
    }
}

/// The stage diagram of `rm`, drawn from page `from`, with stage `highlight` marked.
pub(super) fn diagram(
    rm: &Roadmap,
    from: &str,
    highlight: Option<usize>,
    compact: bool,
    t: &HashMap<String, String>,
) -> String {
    let all = &rm.spec.stages;
    let (start, end) = diagram_window(all.len(), highlight, compact);
    let shown = &all[start..end];
    let hrefs: Vec<String> = shown
        .iter()
        .map(|s| encode_path(&routes::relative(from, &routes::stage(&rm.slug, &s.id))))
        .collect();
    let stages: Vec<DiagramStage> = shown
        .iter()
        .zip(&hrefs)
        .map(|(s, href)| DiagramStage {
            name: &s.name,
            owner: rm.role_name(&s.owner),
            duration_days: s.duration_days,
            conversion_rate: s.conversion_rate,
            href,
        })
        .collect();
    let id = format!(
        "diagram-{}{}",
        routes::segment(&rm.slug),
        if compact { "-mini" } else { "" }
    );
    let description = fill(t_of(t, "diagram_desc"), all.len(), all.len());
    render_stage_diagram(
        &stages,
        &DiagramOptions {
            id: &id,
            title: &rm.spec.title,
            description: &description,
            highlight: highlight.map(|h| h - start),
            compact,
            first_index: start,
            total: all.len(),
            labels: DiagramLabels {
                days: t_of(t, "days"),
                conversion: t_of(t, "conversion"),
                owner: t_of(t, "owner"),
                stage: t_of(t, "stage"),
            },
        },
    )
}

#[cfg(test)]
mod tests {
    use super::diagram_window;

    #[test]
    fn long_processes_draw_a_window_around_the_current_stage() {
        assert_eq!(diagram_window(6, Some(2), true), (0, 6));
        assert_eq!(diagram_window(50, Some(0), true), (0, 7));
        assert_eq!(diagram_window(50, Some(20), true), (17, 24));
        assert_eq!(diagram_window(50, Some(49), true), (43, 50));
        assert_eq!(diagram_window(50, Some(20), false), (0, 50));
        assert_eq!(diagram_window(50, None, true), (0, 50));
    }
}

#[derive(Serialize)]
struct RoadmapCard {
    title: String,
    summary: Vec<String>,
    path: String,
    stage_count: String,
    goals: Vec<GoalView>,
    stages: Vec<LinkView>,
    more_stages: usize,
}

pub(super) fn home_context(site: &Site, t: &HashMap<String, String>) -> Context {
    let path = routes::HOME.to_string();
    let mut c = page_context(&path, &site.config.title);
    let cards: Vec<RoadmapCard> = site
        .roadmaps
        .iter()
        .map(|rm| RoadmapCard {
            title: rm.spec.title.clone(),
            summary: paragraphs(rm.spec.summary.as_deref()),
            path: encode_path(&routes::roadmap(&rm.slug)),
            stage_count: fill(t_of(t, "stage_count"), rm.spec.stages.len(), 0),
            goals: rm.spec.goals.iter().map(goal_view).collect(),
            stages: rm
                .spec
                .stages
                .iter()
                .take(CARD_STAGES)
                .map(|s| LinkView::new(&routes::stage(&rm.slug, &s.id), &s.name))
                .collect(),
            more_stages: rm.spec.stages.len().saturating_sub(CARD_STAGES),
        })
        .collect();
    c.insert(
        "description",
        &paragraphs(site.config.description.as_deref()),
    );
    c.insert("roadmaps", &cards);
    c.insert("phases", &phases(site, t));
    c.insert(
        "module_count",
        &fill(t_of(t, "module_count"), site.onboarding.len(), 0),
    );
    let first = site
        .onboarding
        .first()
        .map(|m| encode_path(&routes::module(&m.slug)));
    c.insert("first_module", &first);
    c
}

#[derive(Serialize)]
struct Para {
    label: String,
    paragraphs: Vec<String>,
}

pub(super) fn roadmap_context(rm: &Roadmap, t: &HashMap<String, String>) -> Context {
    let path = routes::roadmap(&rm.slug);
    let mut c = page_context(&path, &rm.spec.title);
    let spec = &rm.spec;
    c.insert("summary", &paragraphs(spec.summary.as_deref()));
    c.insert("owner", &spec.owner.as_deref().map(|o| rm.role_name(o)));
    c.insert("updated", &date_text(spec.updated));
    c.insert("review_by", &date_text(spec.review_by));
    c.insert(
        "goals",
        &spec.goals.iter().map(goal_view).collect::<Vec<_>>(),
    );
    c.insert("market", &spec.market);
    c.insert("segments", &spec.segments);
    let strategy: Vec<Para> = spec
        .strategy
        .iter()
        .flat_map(|s| {
            [
                ("pricing", &s.pricing),
                ("promotion", &s.promotion),
                ("channel", &s.channel),
            ]
        })
        .filter_map(|(k, v)| {
            v.as_deref().map(|v| Para {
                label: t_of(t, k).to_string(),
                paragraphs: paragraphs(Some(v)),
            })
        })
        .collect();
    c.insert("strategy", &strategy);
    c.insert("roles", &role_views::role_links(rm, None, t));
    c.insert("segment_views", &segment_views::segment_links(rm, None));
    c.insert(
        "owner_path",
        &spec.owner.as_deref().and_then(|o| role_path(rm, o)),
    );
    c.insert(
        "stages",
        &spec
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| stage_view(rm, i, s))
            .collect::<Vec<_>>(),
    );
    c.insert("kpis", &kpi_views(&spec.kpis));
    c.insert("summary_path", &encode_path(&routes::summary(&rm.slug)));
    c.insert("diagram", &diagram(rm, &path, None, false, t));
    c
}

pub(super) fn stage_context(
    site: &Site,
    rm: &Roadmap,
    i: usize,
    docs: &RenderedDocs,
    t: &HashMap<String, String>,
) -> Context {
    let stages = &rm.spec.stages;
    let s = &stages[i];
    let path = routes::stage(&rm.slug, &s.id);
    let playbook = rm.playbooks.get(&s.id);
    let title = playbook
        .and_then(|p| p.front.title.clone())
        .unwrap_or_else(|| s.name.clone());
    let mut c = page_context(&path, &title);
    c.insert("stage", &stage_view(rm, i, s));
    c.insert("stage_of", &fill(t_of(t, "stage_of"), i + 1, stages.len()));
    c.insert(
        "roadmap",
        &LinkView::new(&routes::roadmap(&rm.slug), &rm.spec.title),
    );
    let neighbour =
        |j: usize| LinkView::new(&routes::stage(&rm.slug, &stages[j].id), &stages[j].name);
    c.insert("previous", &i.checked_sub(1).map(neighbour));
    c.insert("next", &(i + 1 < stages.len()).then(|| neighbour(i + 1)));
    c.insert("diagram", &diagram(rm, &path, Some(i), true, t));
    let rendered = playbook.and_then(|p| docs.get(&p.file));
    c.insert("body", &rendered.map(|r| body_view(&r.html, &r.headings)));
    c.insert(
        "updated",
        &playbook.and_then(|p| date_text(p.front.updated)),
    );
    c.insert(
        "review_by",
        &playbook.and_then(|p| date_text(p.front.review_by)),
    );
    c.insert(
        "verified_by",
        &playbook.and_then(|p| p.front.verified_by.clone()),
    );
    let segments: Vec<&str> = playbook
        .map(|p| {
            p.front
                .segments
                .iter()
                .filter_map(|id| rm.spec.segments.iter().find(|s| &s.id == id))
                .map(|s| s.name.as_str())
                .collect()
        })
        .unwrap_or_default();
    c.insert("segments", &segments);
    let reference = format!("{}/{}", rm.slug, s.id);
    let modules: Vec<LinkView> = site
        .onboarding
        .iter()
        .filter(|m| m.front.stages.contains(&reference))
        .map(|m| LinkView::new(&routes::module(&m.slug), &m.front.title))
        .collect();
    c.insert("modules", &modules);
    c
}
