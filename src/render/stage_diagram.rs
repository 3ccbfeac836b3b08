//! The stage diagram as the roadmap and playbook pages embed it: which stages a page draws,
//! their links from that page, and the words around the picture. The drawing itself is
//! [`crate::diagram`].

use crate::diagram::{DiagramLabels, DiagramOptions, DiagramStage, render_stage_diagram};
use crate::i18n::{Strings, fill, t_of};
use crate::model::Roadmap;
use crate::routes;
use crate::slug::encode_path;

/// At most this many stages are drawn in a playbook page's small diagram: the current one
/// and its neighbours. The roadmap page always draws the whole process.
const MINI_DIAGRAM_STAGES: usize = 7;

/// The stages a diagram draws: all of them, or for a playbook page of a long process a
/// window around the current stage. Returns the first index and the end.
pub(crate) fn diagram_window(
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
pub(crate) fn diagram(
    rm: &Roadmap,
    from: &str,
    highlight: Option<usize>,
    compact: bool,
    t: &Strings,
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
