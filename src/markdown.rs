//! Markdown to HTML, with `@/` cross-links resolved and headings given anchors.

use crate::diagnostics::did_you_mean;
use crate::routes::{self, Routes};
use crate::slug::{encode_path, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// A heading of a rendered page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's text.
    pub text: String,
    /// Its anchor id, unique on the page.
    pub id: String,
}

/// A link to an anchor on another page, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    /// Byte offset of the link target in the Markdown body.
    pub offset: usize,
    /// Output path of the target page.
    pub page: String,
    /// The anchor, without `#`.
    pub anchor: String,
}

/// A problem in a Markdown body.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Byte offset in the Markdown body.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

/// A rendered Markdown body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Links to anchors, to check against the target's headings.
    pub anchor_links: Vec<AnchorLink>,
    /// Links that do not resolve.
    pub problems: Vec<Problem>,
    /// Fingerprint of `html`, to tell when pages showing it must be re-rendered.
    pub hash: u64,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, the Markdown of the page at output path `page`, resolving `@/` links
/// through `routes`.
pub fn render(body: &str, page: &str, routes: &Routes) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut heading_at: Option<usize> = None;
    let mut heading_text = String::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(&dest_url, page, routes, body, range.start, &mut out);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = resolve(&dest_url, page, routes, body, range.start, &mut out);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Heading { .. }) => {
                heading_at = Some(events.len());
                heading_text.clear();
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(at) = heading_at.take()
                    && let Event::Start(Tag::Heading { id, .. }) = &mut events[at]
                {
                    let wanted = match id {
                        Some(given) => given.to_string(),
                        None => slugify(&heading_text),
                    };
                    let unique = unique_id(
                        if wanted.is_empty() {
                            "section".into()
                        } else {
                            wanted
                        },
                        &mut used_ids,
                    );
                    *id = Some(CowStr::from(unique.clone()));
                    out.headings.push(Heading {
                        level: level_number(level),
                        text: heading_text.trim().to_string(),
                        id: unique,
                    });
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) if heading_at.is_some() => {
                heading_text.push_str(t);
                events.push(event);
            }
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::Borrowed("<div class=\"table-wrap\">")));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            other => events.push(other),
        }
    }
    // Anchors on the same page can be checked now.
    let own: HashSet<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    let mut remaining = Vec::new();
    for link in std::mem::take(&mut out.anchor_links) {
        if link.page == page {
            if !own.contains(link.anchor.as_str()) {
                out.problems
                    .push(missing_anchor(&link, own.iter().copied()));
            }
        } else {
            remaining.push(link);
        }
    }
    out.anchor_links = remaining;
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.hash = crate::source::text_hash(&out.html);
    out
}

/// The problem for a link to an anchor that `candidates` does not have.
pub fn missing_anchor<'a>(
    link: &AnchorLink,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Problem {
    Problem {
        offset: link.offset,
        message: format!(
            "link to `#{}`, but that page has no heading with this anchor",
            link.anchor
        ),
        hint: did_you_mean(&link.anchor, candidates).map(|s| format!("did you mean `#{s}`?")),
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn unique_id(wanted: String, used: &mut HashSet<String>) -> String {
    if used.insert(wanted.clone()) {
        return wanted;
    }
    (1..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|c| used.insert(c.clone()))
        .unwrap_or(wanted)
}

/// Rewrites an `@/` target into a relative link, noting it when it does not resolve.
fn resolve<'a>(
    dest: &CowStr<'a>,
    page: &str,
    routes: &Routes,
    body: &str,
    start: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    let offset = body[start..]
        .find(dest.as_ref())
        .map_or(start, |i| start + i);
    if let Some(anchor) = dest.strip_prefix('#') {
        out.anchor_links.push(AnchorLink {
            offset,
            page: page.to_string(),
            anchor: anchor.to_string(),
        });
        return dest.clone();
    }
    let Some(target) = dest.strip_prefix("@/") else {
        return dest.clone();
    };
    let (source, anchor) = match target.split_once('#') {
        Some((s, a)) => (s, Some(a)),
        None => (target, None),
    };
    match routes.get(source) {
        Some(route) => {
            let mut href = encode_path(&routes::relative(page, &route.path));
            if let Some(a) = anchor {
                if route.has_headings {
                    out.anchor_links.push(AnchorLink {
                        offset,
                        page: route.path.clone(),
                        anchor: a.to_string(),
                    });
                }
                href.push('#');
                href.push_str(&encode_path(a));
            }
            CowStr::from(href)
        }
        None if routes.is_unloaded(source) => CowStr::Borrowed("#"),
        None => {
            let hint = if source.contains("..") || source.starts_with('/') {
                Some("`@/` links name a file inside `content/`, such as `@/roadmaps/<roadmap>/stages/<stage>.md`".to_string())
            } else {
                did_you_mean(source, routes.sources()).map(|s| format!("did you mean `@/{s}`?"))
            };
            out.problems.push(Problem {
                offset,
                message: format!("link to `{dest}`, but there is no such file in `content/`"),
                hint,
            });
            CowStr::Borrowed("#")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_tables_scroll() {
        let r = render(
            "## 需求 分析\n\n## 需求 分析\n\n|a|b|\n|-|-|\n|1|2|\n",
            "x/index.html",
            &Routes::default(),
        );
        assert_eq!(r.headings[0].id, "需求-分析");
        assert_eq!(r.headings[1].id, "需求-分析-1");
        assert!(r.html.contains("<h2 id=\"需求-分析-1\">"), "{}", r.html);
        assert!(
            r.html.contains("<div class=\"table-wrap\"><table>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn unresolved_links_are_problems_with_offsets() {
        let body = "see [x](@/pages/nope.md) and [y](#here)\n\n## Here\n";
        let r = render(body, "a/index.html", &Routes::default());
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("@/pages").unwrap());
        assert!(r.html.contains("href=\"#\""));
    }

    #[test]
    fn text_is_escaped() {
        let r = render("a < b & \"c\"", "index.html", &Routes::default());
        assert!(r.html.contains("a &lt; b &amp; \"c\""), "{}", r.html);
    }
}
