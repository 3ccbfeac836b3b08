//! Link and image targets in Markdown. Four forms name a file of the site:
//!
//! - `@/roadmaps/acme/stages/demo.md`: a source, named from `content/`;
//! - `demo.md`, `../../../pages/faq.md`, `../../../static/img/x.svg`: a source or static
//!   file, relative to the source file the link is in (as mdBook and Git hosts read them);
//! - `/img/x.svg`, `/onboarding/welcome/`: a file of the output, from the site's root (as
//!   Hugo and Zola authors write them);
//! - `../faq/index.html`: a file of the output, relative to the page (read only when the
//!   source-relative reading names nothing).
//!
//! Each is checked, anchors included, and rewritten into a link relative to the page, so
//! that the site works under any subpath and from disk. Other targets are checked for their
//! scheme: pages load nothing from other sites and run no `javascript:`.

use super::{AnchorLink, Problem, Rendered};
use crate::diagnostics::did_you_mean;
use crate::routes::{self, Route, Routes};
use crate::slug::encode_path;
use pulldown_cmark::CowStr;

/// What a link target is used for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    Link,
    Image,
}

/// Where a Markdown body stands: the source it was read from and the page it becomes.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    /// Path of the source relative to `content/` (`roadmaps/acme/stages/demo.md`).
    pub source: &'a str,
    /// Output path of the page (`roadmaps/acme/demo/index.html`).
    pub page: &'a str,
    /// Every page and file of the site.
    pub routes: &'a Routes,
}

/// Whether `url` loads from another host.
pub(super) fn is_remote(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

/// The scheme of a URL (`https`, `javascript`), if it has one.
pub(super) fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    (!candidate.is_empty()
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && candidate
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic()))
    .then(|| candidate.to_ascii_lowercase())
}

/// Rewrites a link target into what the page links to, noting it in `out` when it does
/// not resolve. `start` is where the link starts in `body`.
pub(super) fn resolve<'a>(
    dest: &CowStr<'a>,
    place: Place,
    body: &str,
    start: usize,
    target: Target,
    out: &mut Rendered,
) -> CowStr<'a> {
    let offset = body[start..]
        .find(dest.as_ref())
        .map_or(start, |i| start + i);
    if let Some(anchor) = dest.strip_prefix('#') {
        out.anchor_links.push(AnchorLink {
            offset,
            page: place.page.to_string(),
            anchor: decode(anchor),
        });
        return dest.clone();
    }
    match dest.strip_prefix("@/") {
        Some(name) => source_name_link(dest, name, place, offset, out),
        None => plain_link(dest, place, offset, target, out),
    }
}

/// Percent-decodes a path or anchor as written in a link.
fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// An `@/` link: a source named from `content/`.
fn source_name_link<'a>(
    dest: &str,
    name: &str,
    place: Place,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    let (source, anchor) = match name.split_once('#') {
        Some((s, a)) => (s, Some(a)),
        None => (name, None),
    };
    let routes = place.routes;
    if let Some(route) = routes.get(source) {
        return link_to(route, None, anchor, place, offset, out);
    }
    if routes.is_unloaded(source) {
        return CowStr::Borrowed("#");
    }
    let hint = if source.contains("..") || source.starts_with('/') {
        Some(
            "`@/` links name a file inside `content/`, such as `@/roadmaps/<roadmap>/stages/<stage>.md`"
                .to_string(),
        )
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

/// The relative link from the page to `route`, with the query and anchor as written. An
/// anchor is checked against the target's headings once every page is rendered.
fn link_to<'a>(
    route: &Route,
    query: Option<&str>,
    anchor: Option<&str>,
    place: Place,
    offset: usize,
    out: &mut Rendered,
) -> CowStr<'a> {
    let mut href = encode_path(&routes::relative(place.page, &route.path));
    if let Some(q) = query {
        href.push('?');
        href.push_str(q);
    }
    if let Some(a) = anchor.map(decode) {
        if route.has_headings {
            out.anchor_links.push(AnchorLink {
                offset,
                page: route.path.clone(),
                anchor: a.clone(),
            });
        } else {
            out.problems.push(Problem {
                offset,
                message: format!(
                    "link to `#{a}` on a page that has no Markdown headings to link to"
                ),
                hint: Some(format!("link to the page without `#{a}`")),
            });
        }
        href.push('#');
        href.push_str(&encode_path(&a));
    }
    CowStr::from(href)
}

/// A link that is not an `@/` link: its scheme, images from other sites, and paths, which
/// must name a file of the site.
fn plain_link<'a>(
    dest: &CowStr<'a>,
    place: Place,
    offset: usize,
    target: Target,
    out: &mut Rendered,
) -> CowStr<'a> {
    let url = dest.trim();
    let mut problem = |message: String, hint: &str| {
        out.problems.push(Problem {
            offset,
            message,
            hint: Some(hint.to_string()),
        });
    };
    let remote = scheme(url).is_some_and(|s| s == "http" || s == "https") || url.starts_with("//");
    if target == Target::Image && remote {
        problem(
            format!(
                "image from another site: `{url}`; pages must not load anything from outside the site"
            ),
            "save the image under content/static/ and link it from there, such as `/img/<file name>`",
        );
        return CowStr::Borrowed("");
    }
    if remote {
        return dest.clone();
    }
    if let Some(s) = scheme(url) {
        let allowed = match target {
            Target::Link => matches!(s.as_str(), "mailto" | "tel"),
            Target::Image => {
                s == "data"
                    && url[5..]
                        .trim_start()
                        .to_ascii_lowercase()
                        .starts_with("image/")
            }
        };
        if !allowed {
            problem(
                format!("`{s}:` links are not allowed: `{url}`"),
                "link to pages with `@/` or a relative path, and to other sites with https://",
            );
            return CowStr::Borrowed("#");
        }
        return dest.clone();
    }
    let (before_anchor, anchor) = match url.split_once('#') {
        Some((b, a)) => (b, Some(a)),
        None => (url, None),
    };
    let (path, query) = match before_anchor.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_anchor, None),
    };
    if path.is_empty() {
        return dest.clone();
    }
    let decoded = decode(path);
    let found = match decoded.strip_prefix('/') {
        Some(from_root) => root_link(url, from_root, place),
        None => relative_link(url, &decoded, place),
    };
    match found {
        Ok(Some(route)) => link_to(&route, query, anchor, place, offset, out),
        Ok(None) => CowStr::Borrowed("#"),
        Err(p) => {
            out.problems.push(Problem { offset, ..p });
            CowStr::Borrowed("#")
        }
    }
}

/// Joins `rel` to the folder of `from` (a path with `/` separators), removing `.` and `..`;
/// `None` when `..` climbs above the top. A trailing `/` is kept.
fn join(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if rel.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// The page or file at an output path, reading `dir/` and `dir` as `dir/index.html`.
fn output_at(routes: &Routes, path: &str) -> Option<Route> {
    if path.is_empty() || path.ends_with('/') {
        return routes.output(&format!("{path}index.html"));
    }
    routes
        .output(path)
        .or_else(|| routes.output(&format!("{path}/index.html")))
}

/// What a path names: a page or file, nothing yet because its source failed to load (its own
/// error says enough), or nothing at all.
type Found = Result<Option<Route>, Problem>;

/// A link from the site's root (`/img/x.svg`, `/onboarding/welcome/`): a static file or a
/// page of the output.
fn root_link(url: &str, from_root: &str, place: Place) -> Found {
    if let Some(path) = join("", from_root) {
        if let Some(route) = output_at(place.routes, &path) {
            return Ok(Some(route));
        }
        if place.routes.is_unloaded_output(&path) {
            return Ok(None);
        }
    }
    // Suggest in the form the author wrote: `/x/`, `/x/index.html` or `/img/x.svg`.
    let mut candidates = Vec::new();
    for path in place.routes.outputs() {
        if let Some(dir) = path.strip_suffix("index.html") {
            candidates.push(format!("/{dir}"));
        }
        candidates.push(format!("/{path}"));
    }
    let wanted = format!("/{from_root}");
    let hint = match did_you_mean(&wanted, candidates.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "a link that starts with `/` names a file of the output from the site's root: a static file (`/img/logo.svg` is content/static/img/logo.svg) or a page (`/onboarding/welcome/`)".to_string(),
    };
    Err(Problem {
        offset: 0,
        message: format!("link to `{url}`, but the site has no such file or page"),
        hint: Some(hint),
    })
}

/// A relative link: a source or static file from the folder of the source file, or else a
/// file of the output from the folder of the page.
fn relative_link(url: &str, rel: &str, place: Place) -> Found {
    let routes = place.routes;
    let source = join(place.source, rel);
    if let Some(s) = &source {
        if let Some(route) = routes.get(s) {
            return Ok(Some(route.clone()));
        }
        if routes.is_unloaded(s) {
            return Ok(None);
        }
    }
    if let Some(path) = join(place.page, rel) {
        if let Some(route) = output_at(routes, &path) {
            return Ok(Some(route));
        }
        if routes.is_unloaded_output(&path) {
            return Ok(None);
        }
    }
    let folder = match place.source.rsplit_once('/') {
        Some((dir, _)) => format!("content/{dir}/"),
        None => "content/".to_string(),
    };
    let Some(source) = source else {
        return Err(Problem {
            offset: 0,
            message: format!("`{url}` points outside `content/`"),
            hint: Some(format!(
                "a relative link is read from the folder of the file it is in, `{folder}`, and `..` stops at `content/`"
            )),
        });
    };
    let suggestion = routes
        .get(&format!("static/{source}"))
        .map(|_| format!("static/{source}"))
        .or_else(|| did_you_mean(&source, routes.sources()).map(str::to_string));
    let hint = match suggestion {
        Some(s) => format!("did you mean `{}`?", routes::relative(place.source, &s)),
        None => format!(
            "a relative link is read from the folder of the file it is in, `{folder}`: name a source (`.md`, `roadmap.yaml`) or a file under `content/static/`"
        ),
    };
    Err(Problem {
        offset: 0,
        message: format!(
            "link to `{url}`, but there is no such file: read from `{folder}`, it names `content/{source}`"
        ),
        hint: Some(hint),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    const SOURCE: &str = "roadmaps/acme/stages/prospect.md";
    const PAGE: &str = "roadmaps/acme/prospect/index.html";

    /// The routes of `tests/fixtures/basic`: roadmap `acme` with stages `prospect`, `demo`
    /// and `close`, modules `welcome` and `demo-skills`, page `glossary` and the static
    /// file `img/logo.svg`.
    fn basic() -> Routes {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        Routes::of(
            &crate::source::load_site(&root)
                .site
                .expect("the fixture loads"),
        )
    }

    fn hrefs(html: &str) -> Vec<&str> {
        html.split(['"'])
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[0].ends_with("href=") || w[0].ends_with("src="))
            .map(|w| w[1])
            .collect()
    }

    #[test]
    fn relative_source_paths_are_read_from_the_source_folder() {
        let routes = basic();
        let body = "[d](demo.md) [r](../roadmap.yaml) [g](../../../pages/glossary.md#icp) \
                    [w](./../../../onboarding/welcome.md) ![l](../../../static/img/logo.svg) \
                    [c](close.md?print=1)";
        let r = render(body, SOURCE, PAGE, &routes, &Default::default());
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            hrefs(&r.html),
            [
                "../demo/index.html",
                "../index.html",
                "../../../glossary/index.html#icp",
                "../../../onboarding/welcome/index.html",
                "../../../img/logo.svg",
                "../close/index.html?print=1",
            ]
        );
        let anchor = &r.anchor_links[0];
        assert_eq!(
            (anchor.page.as_str(), anchor.anchor.as_str()),
            ("glossary/index.html", "icp")
        );
        assert_eq!(anchor.offset, body.find("../../../pages").unwrap());
    }

    #[test]
    fn root_links_name_static_files_and_pages_in_every_form() {
        let routes = basic();
        let body = "![l](/img/logo.svg) [a](/onboarding/welcome/) [b](/onboarding/welcome) \
                    [c](/onboarding/welcome/index.html) [h](/) [g](/glossary/#icp) [o](/onboarding/) \
                    [s](/roadmaps/acme/summary.html) [x](//cdn.example.com/x)";
        let r = render(body, SOURCE, PAGE, &routes, &Default::default());
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            hrefs(&r.html),
            [
                "../../../img/logo.svg",
                "../../../onboarding/welcome/index.html",
                "../../../onboarding/welcome/index.html",
                "../../../onboarding/welcome/index.html",
                "../../../index.html",
                "../../../glossary/index.html#icp",
                "../../../onboarding/index.html",
                "../summary.html",
                "//cdn.example.com/x",
            ]
        );
        assert_eq!(r.anchor_links.len(), 1);
    }

    #[test]
    fn links_relative_to_the_page_still_work() {
        let r = render(
            "[d](../demo/index.html) [g](../../../glossary/) ![l](../../../img/logo.svg)",
            SOURCE,
            PAGE,
            &basic(),
            &Default::default(),
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            hrefs(&r.html),
            [
                "../demo/index.html",
                "../../../glossary/index.html",
                "../../../img/logo.svg"
            ]
        );
    }

    #[test]
    fn links_that_name_nothing_say_where_they_looked_and_what_is_near() {
        let routes = basic();
        let body = "[a](/img/logo.sv) [b](demoo.md) [c](../../../../x.md) [d](../roadmap.yaml#goals) \
                    [e](../../../img/logo.svg#x) [f](/nothing/at/all/) [g](../../../img/logo.svg)";
        let r = render(body, SOURCE, PAGE, &routes, &Default::default());
        let got: Vec<(usize, &str, &str)> = r
            .problems
            .iter()
            .map(|p| {
                (
                    p.offset,
                    p.message.as_str(),
                    p.hint.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(got[0].0, body.find("/img/logo.sv)").unwrap());
        assert!(
            got[0]
                .1
                .contains("link to `/img/logo.sv`, but the site has no such file")
        );
        assert_eq!(got[0].2, "did you mean `/img/logo.svg`?");
        assert!(
            got[1]
                .1
                .contains("names `content/roadmaps/acme/stages/demoo.md`"),
            "{}",
            got[1].1
        );
        assert_eq!(got[1].2, "did you mean `demo.md`?");
        assert!(
            got[2]
                .1
                .contains("`../../../../x.md` points outside `content/`")
        );
        assert!(got[2].2.contains("`content/roadmaps/acme/stages/`"));
        assert!(got[3].1.contains("no Markdown headings"));
        assert!(got[4].1.contains("no Markdown headings"));
        assert!(got[5].2.contains("content/static/"), "{}", got[5].2);
        assert_eq!(
            &r.html.matches("href=\"#\"").count(),
            &4,
            "links that name nothing lead nowhere: {}",
            r.html
        );
    }

    #[test]
    fn anchors_on_the_same_source_are_checked_on_the_page() {
        let body = "[x](prospect.md#nope) [y](prospect.md#here)\n\n## Here\n";
        let r = render(body, SOURCE, PAGE, &basic(), &Default::default());
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(r.problems[0].message.contains("`#nope`"));
        assert_eq!(r.problems[0].offset, body.find("prospect.md#nope").unwrap());
        assert!(r.html.contains("href=\"index.html#here\""), "{}", r.html);
    }

    #[test]
    fn paths_join_from_the_folder_of_a_file() {
        assert_eq!(
            join("roadmaps/a/stages/x.md", "y.md").as_deref(),
            Some("roadmaps/a/stages/y.md")
        );
        assert_eq!(
            join("roadmaps/a/stages/x.md", "../../../pages/faq.md").as_deref(),
            Some("pages/faq.md")
        );
        assert_eq!(
            join("roadmaps/a/stages/x.md", "./../roadmap.yaml").as_deref(),
            Some("roadmaps/a/roadmap.yaml")
        );
        assert_eq!(join("pages/faq.md", "../../x.md"), None);
        assert_eq!(join("", "onboarding/").as_deref(), Some("onboarding/"));
        assert_eq!(join("", "").as_deref(), Some(""));
        assert_eq!(join("", "a/../../b"), None);
    }
}
