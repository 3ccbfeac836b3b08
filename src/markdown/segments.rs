//! Segment sections: a playbook heading with a `segment` attribute
//! (`## 中小企业打法 {segment=smb}`) marks its section, up to the next heading of the same or
//! a higher level, as written for that customer segment only.
//!
//! The renderer wraps each such section in
//! `<section class="segment-only" data-segment="smb">…</section>`; [`locate`] finds them again
//! in the finished HTML (after any sanitizing), and [`filter`] shows them with a badge or
//! leaves out the ones for other segments.

use super::{Problem, Rendered};
use crate::diagnostics::did_you_mean;
use crate::model::Roadmap;
use pulldown_cmark::{CowStr, Event, Tag};
use std::ops::Range;

/// The heading attribute that names a section's segment.
pub const ATTRIBUTE: &str = "segment";

/// How every segment section starts in the HTML, up to the segment id.
const OPEN_PREFIX: &str = "<section class=\"segment-only\" data-segment=\"";

/// A heading that marks a segment section, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentMark {
    /// The segment id, as written.
    pub segment: String,
    /// Byte offset of the id in the Markdown body.
    pub offset: usize,
}

/// Where a segment section is in rendered HTML (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentSpan {
    /// The segment id.
    pub segment: String,
    /// Start of the `<section>` tag.
    pub start: usize,
    /// Just after the `<section>` tag, where the section's content starts.
    pub content: usize,
    /// Just after the closing `</section>`.
    pub end: usize,
}

/// The opening tag of a section for segment `id`.
pub fn open_tag(id: &str) -> String {
    format!(
        "{OPEN_PREFIX}{}\">",
        id.replace('&', "&amp;").replace('"', "&quot;")
    )
}

/// Tracks the open segment section while the renderer walks the Markdown events.
#[derive(Debug, Default)]
pub(super) struct Sections {
    /// How many elements are open: headings at depth 0 are outside lists, quotes and the like.
    depth: usize,
    /// Level and segment of the open section.
    open: Option<(u8, String)>,
    /// Every section opened, in order.
    marks: Vec<SegmentMark>,
}

impl Sections {
    /// Called with every event before it is handled; returns whether it is at the top level.
    pub(super) fn enter(&mut self, event: &Event) -> bool {
        let top_level = self.depth == 0;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        top_level
    }

    /// Called at the start of every heading (`range` of `body`): pushes onto `events` the end
    /// of the open section and the start of a new one as the heading calls for, and returns
    /// the heading without its `segment` attribute.
    pub(super) fn heading<'a>(
        &mut self,
        mut tag: Tag<'a>,
        top_level: bool,
        body: &str,
        range: Range<usize>,
        out: &mut Rendered,
        events: &mut Vec<Event<'a>>,
    ) -> Tag<'a> {
        let Tag::Heading { level, attrs, .. } = &mut tag else {
            return tag;
        };
        let level = *level as u8;
        if top_level && self.open.as_ref().is_some_and(|(open, _)| level <= *open) {
            self.open = None;
            events.push(Event::Html(CowStr::Borrowed("</section>")));
        }
        let Some(i) = attrs.iter().position(|(k, _)| k.as_ref() == ATTRIBUTE) else {
            return tag;
        };
        let value = attrs.remove(i).1;
        attrs.retain(|(k, _)| k.as_ref() != ATTRIBUTE);
        let source = body.get(range.clone()).unwrap_or("");
        let key_at = source.rfind(ATTRIBUTE).unwrap_or(0);
        let offset = range.start
            + source
                .rfind("segment=")
                .map_or(key_at, |at| at + ATTRIBUTE.len() + 1);
        let mut problem = |message: String, hint: &str| {
            out.problems.push(Problem {
                offset,
                message,
                hint: Some(hint.to_string()),
            });
        };
        let Some(id) = value.map(|v| v.to_string()).filter(|v| !v.is_empty()) else {
            problem(
                "`{segment}` needs a segment id".to_string(),
                "write it as `{segment=<id>}` with the id of one of the roadmap's segments",
            );
            return tag;
        };
        if !top_level {
            problem(
                format!(
                    "the section for segment `{id}` starts at a heading inside a list, quote or table"
                ),
                "segment sections start at a heading of their own, outside lists and quotes",
            );
            return tag;
        }
        if let Some((_, open)) = &self.open {
            if *open != id {
                problem(
                    format!("a section for segment `{id}` inside the section for `{open}`"),
                    "end the other segment's section first with a heading of the same or a higher level",
                );
            }
            return tag;
        }
        self.marks.push(SegmentMark {
            segment: id.clone(),
            offset,
        });
        events.push(Event::Html(CowStr::from(open_tag(&id))));
        self.open = Some((level, id));
        tag
    }

    /// The end of the section still open at the end of the document, if any.
    pub(super) fn finish(&mut self) -> Option<Event<'static>> {
        self.open
            .take()
            .map(|_| Event::Html(CowStr::Borrowed("</section>")))
    }

    /// Records the sections in `out`, once its HTML is final.
    pub(super) fn locate(self, out: &mut Rendered) {
        if !self.marks.is_empty() {
            out.segment_sections = locate(&out.html);
            out.segments = self.marks;
        }
    }
}

/// Problems with the segments that `marks` name: each must be a segment of `roadmap`, and
/// only stage playbooks (`roadmap` is `Some`) may have segment sections.
pub fn check(marks: &[SegmentMark], roadmap: Option<&Roadmap>) -> Vec<Problem> {
    let Some(rm) = roadmap else {
        return marks
            .iter()
            .map(|m| Problem {
                offset: m.offset,
                message: format!(
                    "a section for segment `{}` outside a stage playbook",
                    m.segment
                ),
                hint: Some(
                    "segments belong to a roadmap: only playbooks under roadmaps/<roadmap>/stages/ can have segment sections"
                        .to_string(),
                ),
            })
            .collect();
    };
    let known: Vec<&str> = rm.spec.segments.iter().map(|s| s.id.as_str()).collect();
    marks
        .iter()
        // A segment in a part of roadmap.yaml that failed to parse is not reported: that
        // failure's own error says enough.
        .filter(|m| !known.contains(&m.segment.as_str()) && !rm.may_have_segment(&m.segment))
        .map(|m| Problem {
            offset: m.offset,
            message: format!(
                "segment `{}` is not a segment of roadmap `{}`",
                m.segment, rm.slug
            ),
            hint: Some(match did_you_mean(&m.segment, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => format!(
                    "roadmap `{}` lists no segments: add them under `segments:` in its roadmap.yaml",
                    rm.slug
                ),
                None => format!("segments of this roadmap: {}", known.join(", ")),
            }),
        })
        .collect()
}

/// Undoes the escaping of an attribute value (`&amp;`, `&quot;` and the like).
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every segment section in `html`, in document order.
pub fn locate(html: &str) -> Vec<SegmentSpan> {
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(OPEN_PREFIX) {
        let start = from + at;
        let value_at = start + OPEN_PREFIX.len();
        let Some(quote) = html[value_at..].find('"') else {
            break;
        };
        let segment = unescape(&html[value_at..value_at + quote]);
        let Some(close) = html[value_at + quote..].find('>') else {
            break;
        };
        let content = value_at + quote + close + 1;
        spans.push(SegmentSpan {
            segment,
            start,
            content,
            end: section_end(html, content),
        });
        from = content;
    }
    spans
}

/// Just after the `</section>` that closes a section whose content starts at `from`, or the
/// end of `html` when it is not closed.
fn section_end(html: &str, from: usize) -> usize {
    let mut depth = 0usize;
    let mut at = from;
    while let Some(i) = html[at..].find("<") {
        let tag = &html[at + i..];
        if tag.starts_with("</section>") {
            if depth == 0 {
                return at + i + "</section>".len();
            }
            depth -= 1;
        } else if tag.starts_with("<section")
            && tag[8..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        {
            depth += 1;
        }
        at += i + 1;
    }
    html.len()
}

/// `html` with a badge (made by `badge` from the segment id) at the start of every segment
/// section; with `keep`, the sections for other segments are left out.
pub fn filter(
    html: &str,
    spans: &[SegmentSpan],
    keep: Option<&str>,
    badge: impl Fn(&str) -> String,
) -> String {
    let mut out = String::with_capacity(html.len() + spans.len() * 64);
    let mut cursor = 0;
    for span in spans {
        if span.start < cursor {
            continue; // inside a section left out
        }
        out.push_str(&html[cursor..span.start]);
        if keep.is_some_and(|k| k != span.segment) {
            cursor = span.end;
        } else {
            out.push_str(&html[span.start..span.content]);
            out.push_str(&badge(&span.segment));
            cursor = span.content;
        }
    }
    out.push_str(&html[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{MarkdownOptions, Rendered, render};
    use crate::routes::Routes;

    fn md(body: &str) -> Rendered {
        render(
            body,
            "roadmaps/r/stages/s.md",
            "roadmaps/r/s/index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        )
    }

    const PLAYBOOK: &str = "Intro.\n\n## General\n\nFor all.\n\n## Small firms {segment=smb}\n\nSMB text.\n\n### Detail\n\nStill SMB.\n\n## Large firms {segment=ent}\n\nEnterprise text.\n\n# Top\n\nAll again.\n";

    #[test]
    fn a_section_runs_to_the_next_heading_of_the_same_or_a_higher_level() {
        let r = md(PLAYBOOK);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let ids: Vec<&str> = r.segments.iter().map(|m| m.segment.as_str()).collect();
        assert_eq!(ids, ["smb", "ent"]);
        assert_eq!(r.segment_sections.len(), 2);
        let smb = &r.segment_sections[0];
        let inside = &r.html[smb.content..smb.end];
        assert!(
            inside.contains("SMB text.") && inside.contains("Still SMB."),
            "{inside}"
        );
        assert!(!inside.contains("Enterprise text."), "{inside}");
        let ent = &r.segment_sections[1];
        let inside = &r.html[ent.content..ent.end];
        assert!(inside.contains("Enterprise text."), "{inside}");
        assert!(!inside.contains("All again."), "{inside}");
        assert!(!r.html.contains(" segment="), "{}", r.html);
        assert_eq!(r.headings[1].id, "small-firms");
        assert_eq!(&PLAYBOOK[r.segments[0].offset..][..3], "smb");
    }

    #[test]
    fn filtering_keeps_general_sections_and_the_chosen_segment() {
        let r = md(PLAYBOOK);
        let badge = |s: &str| format!("<b>{s}</b>");
        let smb = filter(&r.html, &r.segment_sections, Some("smb"), badge);
        for kept in [
            "For all.",
            "SMB text.",
            "Still SMB.",
            "All again.",
            "<b>smb</b>",
        ] {
            assert!(smb.contains(kept), "{kept} missing: {smb}");
        }
        assert!(!smb.contains("Enterprise text.") && !smb.contains("<b>ent</b>"));
        assert_eq!(
            smb.matches("<section").count(),
            smb.matches("</section>").count()
        );
        let all = filter(&r.html, &r.segment_sections, None, badge);
        assert!(all.contains("<b>smb</b>") && all.contains("<b>ent</b>"));
        assert!(all.contains("Enterprise text.") && all.contains("SMB text."));
    }

    #[test]
    fn a_section_at_the_end_is_closed_and_sanitized_pages_keep_theirs() {
        let r = md("## A {segment=smb}\n\ntext <span>raw</span>\n");
        assert_eq!(r.segment_sections.len(), 1, "{}", r.html);
        assert!(r.html.trim_end().ends_with("</section>"), "{}", r.html);
        assert_eq!(r.segment_sections[0].end, r.html.trim_end().len());
    }

    #[test]
    fn misplaced_or_nested_sections_are_problems() {
        let r = md("- item\n\n  ## In a list {segment=smb}\n");
        assert!(
            r.problems[0].message.contains("inside a list"),
            "{:?}",
            r.problems
        );
        assert!(r.segment_sections.is_empty());
        let r = md("## A {segment=smb}\n\n### B {segment=ent}\n");
        assert!(
            r.problems[0]
                .message
                .contains("section for segment `ent` inside the section for `smb`"),
            "{:?}",
            r.problems
        );
        let r = md("## A {segment}\n");
        assert!(r.problems[0].message.contains("needs a segment id"));
    }

    #[test]
    fn unknown_segments_suggest_the_nearest() {
        let marks = [SegmentMark {
            segment: "smbb".into(),
            offset: 3,
        }];
        assert_eq!(check(&marks, None).len(), 1);
        let mut spec: crate::model::RoadmapSpec =
            serde_yaml::from_str("{title: T, stages: [], segments: [{id: smb, name: SMB}]}")
                .expect("valid");
        let rm = |spec: crate::model::RoadmapSpec| Roadmap {
            slug: "acme".into(),
            file: "content/roadmaps/acme/roadmap.yaml".into(),
            spec,
            playbooks: Default::default(),
            hash: 0,
            history: None,
            set_aside: Default::default(),
        };
        let p = check(&marks, Some(&rm(spec.clone())));
        assert_eq!(
            p[0].message,
            "segment `smbb` is not a segment of roadmap `acme`"
        );
        assert_eq!(p[0].hint.as_deref(), Some("did you mean `smb`?"));
        spec.segments.clear();
        assert!(
            check(&marks, Some(&rm(spec)))[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("lists no segments"))
        );
    }
}
