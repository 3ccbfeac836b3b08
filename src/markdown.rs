//! Markdown to HTML, with links to the site's files checked and made relative (see
//! [`links`]), headings given anchors and segment sections marked (see [`segments`]).

mod links;
pub mod segments;

use crate::diagnostics::did_you_mean;
use crate::routes::Routes;
use crate::slug::slugify;
use links::{Place, Target, is_remote};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

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
#[derive(Debug, Default, Clone)]
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
    /// Headings that start a section for one customer segment, to check against the
    /// roadmap's segments.
    pub segments: Vec<segments::SegmentMark>,
    /// Where those sections are in `html`.
    pub segment_sections: Vec<segments::SegmentSpan>,
    /// Plain text by heading section, for the search index.
    pub sections: Vec<crate::search::extract::Section>,
}

/// Markdown bodies rendered ahead of the pages, by source file.
pub type RenderedDocs = rustc_hash::FxHashMap<std::path::PathBuf, std::sync::Arc<Rendered>>;

/// The Markdown extensions every body is parsed with (the search index parses them again).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What the site allows in Markdown beyond Markdown itself.
#[derive(Debug, Clone, Default, Hash)]
pub struct MarkdownOptions {
    /// Keep raw HTML as written (`allow_html: true` in site.yaml); otherwise it is sanitized.
    pub allow_html: bool,
    /// Hosts that `<iframe>`s may load from.
    pub iframe_hosts: Vec<String>,
}

impl MarkdownOptions {
    /// What `site.yaml` allows.
    pub fn of(config: &crate::model::SiteConfig) -> Self {
        MarkdownOptions {
            allow_html: config.allow_html,
            iframe_hosts: config.iframe_hosts.clone(),
        }
    }
}

/// Renders `body`, the Markdown of source `source` (a path relative to `content/`, such as
/// `roadmaps/acme/stages/demo.md`) that becomes the page at output path `page`. Links to
/// the site's files are resolved through `routes` (relative ones from the folder of
/// `source`) and rewritten relative to `page`. Raw HTML is sanitized unless
/// `opts.allow_html`.
pub fn render(
    body: &str,
    source: &str,
    page: &str,
    routes: &Routes,
    opts: &MarkdownOptions,
) -> Rendered {
    render_checked(body, source, page, routes, opts, true)
}

/// Renders a one-line note of source `source` (a `changes` entry) with its links made
/// relative to the output root. Links to anchors are all left in
/// [`Rendered::anchor_links`]: a bare `#anchor` there has `page` `index.html` and names a
/// section of the source's own page, which the caller checks.
pub fn render_note(body: &str, source: &str, routes: &Routes, opts: &MarkdownOptions) -> Rendered {
    render_checked(body, source, crate::routes::HOME, routes, opts, false)
}

fn render_checked(
    body: &str,
    source: &str,
    page: &str,
    routes: &Routes,
    opts: &MarkdownOptions,
    own_anchors: bool,
) -> Rendered {
    let place = Place {
        source,
        page,
        routes,
    };
    // CommonMark replaces NUL with U+FFFD; pulldown-cmark passes it through.
    let cleaned;
    let body = if body.contains('\0') {
        cleaned = body.replace('\0', "\u{FFFD}");
        cleaned.as_str()
    } else {
        body
    };
    let mut out = Rendered::default();
    let mut raw_html = false;
    let mut events: Vec<Event> = Vec::new();
    let mut heading_at: Option<usize> = None;
    let mut heading_text = String::new();
    let mut used_ids: HashMap<String, usize> = HashMap::new();
    let mut sections = segments::Sections::default();
    let mut text = crate::search::extract::Collector::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let top_level = sections.enter(&event);
        text.event(&event);
        match event {
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let target = if matches!(tag, Tag::Image { .. }) {
                    Target::Image
                } else {
                    Target::Link
                };
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url =
                        links::resolve(dest_url, place, body, range.start, target, &mut out);
                }
                events.push(Event::Start(tag));
            }
            Event::Start(tag @ Tag::Heading { .. }) => {
                let tag = sections.heading(tag, top_level, body, range, &mut out, &mut events);
                heading_at = Some(events.len());
                heading_text.clear();
                events.push(Event::Start(tag));
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
                events.push(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\">",
                )));
                events.push(event);
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                events.push(Event::Html(CowStr::Borrowed("</div>")));
            }
            other => {
                // Raw HTML written by the author (not the wrappers added above).
                raw_html |= matches!(other, Event::Html(_) | Event::InlineHtml(_));
                events.push(other);
            }
        }
    }
    events.extend(sections.finish());
    // Anchors on the same page can be checked now.
    let own: HashSet<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
    let mut remaining = Vec::new();
    for link in std::mem::take(&mut out.anchor_links) {
        if own_anchors && link.page == page {
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
    // Markdown's own output is safe by construction (text is escaped, link schemes were
    // checked above); only pages with raw HTML pay for the sanitizer.
    if raw_html && !opts.allow_html {
        out.html = sanitize(&out.html, &opts.iframe_hosts);
    }
    sections.locate(&mut out);
    out.hash = crate::source::text_hash(&out.html);
    out.sections = text.finish();
    // A large site holds every body's HTML and text at once until its pages are written:
    // give back what the buffers reserved beyond their contents.
    out.html.shrink_to_fit();
    out.headings.shrink_to_fit();
    out.sections.shrink_to_fit();
    for s in &mut out.sections {
        s.text.shrink_to_fit();
    }
    out
}

/// Cleans HTML with ammonia: no scripts, event handlers, `javascript:` URLs or styles beyond
/// table alignment; `<iframe>`s only from `iframe_hosts`; images only from the site itself.
pub fn sanitize(html: &str, iframe_hosts: &[String]) -> String {
    let hosts: Vec<String> = iframe_hosts
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "title", "lang", "dir"])
        .add_tags([
            "input",
            "section",
            "iframe",
            "details",
            "summary",
            "figure",
            "figcaption",
            "mark",
        ])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("section", ["data-segment"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "allowfullscreen", "loading"],
        )
        .filter_style_properties(["text-align"].into_iter().collect())
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .attribute_filter(
            move |element, attribute, value| match (element, attribute) {
                ("iframe", "src") => iframe_allowed(value, &hosts).then(|| value.into()),
                // An image from another host would be a request outside the site.
                ("img", "src") if is_remote(value) => None,
                _ => Some(value.into()),
            },
        );
    b.clean(html).to_string()
}

/// Whether an iframe URL is https (or http) on one of `hosts`.
fn iframe_allowed(url: &str, hosts: &[String]) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    hosts.iter().any(|h| h == host)
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

/// `wanted`, or `wanted-1`, `wanted-2`… if taken. `used` maps each id to the last suffix
/// tried for it, so a page with thousands of equal headings stays linear.
fn unique_id(wanted: String, used: &mut HashMap<String, usize>) -> String {
    let Some(&last) = used.get(&wanted) else {
        used.insert(wanted.clone(), 0);
        return wanted;
    };
    let mut n = last;
    loop {
        n += 1;
        let candidate = format!("{wanted}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(wanted, n);
            used.insert(candidate.clone(), 0);
            return candidate;
        }
    }
}

/// Whether `url` names another site or a scheme (`https:`, `mailto:`, `//host`), rather
/// than a path of this one.
pub fn has_scheme(url: &str) -> bool {
    url.starts_with("//") || links::scheme(url).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_tables_scroll() {
        let r = render(
            "## 需求 分析\n\n## 需求 分析\n\n|a|b|\n|-|-|\n|1|2|\n",
            "pages/p.md",
            "x/index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        );
        assert_eq!(r.headings[0].id, "需求-分析");
        assert_eq!(r.headings[1].id, "需求-分析-1");
        assert!(r.html.contains("<h2 id=\"需求-分析-1\">"), "{}", r.html);
        assert!(
            r.html
                .contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn unresolved_links_are_problems_with_offsets() {
        let body = "see [x](@/pages/nope.md) and [y](#here)\n\n## Here\n";
        let r = render(
            body,
            "pages/p.md",
            "a/index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        );
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert_eq!(r.problems[0].offset, body.find("@/pages").unwrap());
        assert!(r.html.contains("href=\"#\""));
    }

    #[test]
    fn raw_html_is_sanitized_unless_allowed() {
        let body = "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi <a href=\"javascript:x()\">a</a></p>\n\n<img src=\"https://cdn.example/x.png\"><iframe src=\"https://video.intra/v/1\"></iframe><iframe src=\"https://evil.example/\"></iframe>\n";
        let opts = MarkdownOptions {
            allow_html: false,
            iframe_hosts: vec!["video.intra".into()],
        };
        let r = render(
            body,
            "pages/p.md",
            "p/index.html",
            &Routes::default(),
            &opts,
        );
        for bad in [
            "<script",
            "alert(1)",
            "onclick",
            "javascript:",
            "cdn.example",
            "evil.example",
        ] {
            assert!(!r.html.contains(bad), "{bad} survived: {}", r.html);
        }
        assert!(
            r.html.contains("src=\"https://video.intra/v/1\""),
            "{}",
            r.html
        );
        let open = MarkdownOptions {
            allow_html: true,
            iframe_hosts: vec![],
        };
        assert!(
            render(
                body,
                "pages/p.md",
                "p/index.html",
                &Routes::default(),
                &open
            )
            .html
            .contains("<script>")
        );
    }

    #[test]
    fn dangerous_and_broken_plain_links_are_problems() {
        let body = "[a](javascript:alert(1)) ![b](https://cdn.example/x.png) [c](/abs.html) [d](../nope/index.html) [e](https://ok.example) [f](mailto:a@b.c) [g](//other.example/x)";
        let r = render(
            body,
            "pages/p.md",
            "p/index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        );
        let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("`javascript:` links are not allowed"));
        assert!(messages[1].contains("image from another site"));
        assert!(messages[2].contains("link to `/abs.html`, but the site has no such file"));
        assert!(messages[3].contains("link to `../nope/index.html`, but there is no such file"));
        assert!(!r.html.contains("javascript:"));
        assert!(r.html.contains("href=\"https://ok.example\""));
        assert!(r.html.contains("href=\"//other.example/x\""), "{}", r.html);
    }

    #[test]
    fn markdown_without_raw_html_skips_the_sanitizer() {
        // Tables get a wrapper element; that alone must not send the page through ammonia,
        // which would add attributes and cost time.
        let r = render(
            "| a |\n|---|\n| [x](https://e.example) |\n",
            "pages/p.md",
            "p/index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        );
        assert!(
            r.html.contains("<a href=\"https://e.example\">x</a>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn text_is_escaped() {
        let r = render(
            "a < b & \"c\"",
            "pages/p.md",
            "index.html",
            &Routes::default(),
            &MarkdownOptions::default(),
        );
        assert!(r.html.contains("a &lt; b &amp; \"c\""), "{}", r.html);
    }
}
