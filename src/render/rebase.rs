//! Moving a rendered playbook onto a roadmap view: Markdown is rendered once, for its stage
//! page `roadmaps/<roadmap>/<stage>/index.html`; a view such as
//! `roadmaps/<roadmap>/segment-<id>.html` sits one folder up and shows several playbooks
//! together. [`rebase`] rewrites the HTML for that: relative links climb one folder less,
//! ids get a per-stage prefix so that the playbooks' headings stay unique on the page, and
//! headings go one level down under the stage's own heading.

use crate::slug::encode_path;
use std::collections::HashSet;

/// `html` of stage folder `stage` (a URL segment) made to work on a page of the roadmap
/// folder: relative links rebased, every `id` prefixed with `prefix`, in-page links pointed
/// at the prefixed ids (or at the stage page when their target is not on this page), and
/// `h1`–`h5` one level lower.
pub fn rebase(html: &str, stage: &str, prefix: &str) -> String {
    let ids = ids(html);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    each_tag(html, &mut out, |tag, out| {
        rewrite_tag(tag, out, &mut |name, value| match name {
            "id" => Some(format!("{prefix}{value}")),
            "href" | "src" => Some(rebase_url(value, stage, prefix, &ids)),
            _ => None,
        })
    });
    out
}

/// The values of every `id` attribute in `html`.
fn ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let mut sink = String::new();
    each_tag(html, &mut sink, |tag, sink| {
        rewrite_tag(tag, sink, &mut |name, value| {
            if name == "id" {
                ids.insert(value.to_string());
            }
            None
        })
    });
    ids
}

/// Copies `html` to `out`, handing every tag (from `<` to `>`) to `tag` instead.
fn each_tag(html: &str, out: &mut String, mut tag: impl FnMut(&str, &mut String)) {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(rest.len(), |e| e + 3)
        } else {
            tag_end(rest)
        };
        if rest.starts_with("<!--") {
            out.push_str(&rest[..end]);
        } else {
            tag(&rest[..end], out);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// Just after the `>` that ends the tag `s` starts with (quotes respected).
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies `tag` to `out`, with the values that `value(name, value)` replaces replaced and
/// heading tags one level lower.
fn rewrite_tag(tag: &str, out: &mut String, value: &mut dyn FnMut(&str, &str) -> Option<String>) {
    let b = tag.as_bytes();
    let mut i = 1 + usize::from(b.get(1) == Some(&b'/'));
    let name_start = i;
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = &tag[name_start..i];
    out.push_str(&tag[..name_start]);
    match name.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'5'] => {
            out.push(name.as_bytes()[0] as char);
            out.push((d + 1) as char);
        }
        _ => out.push_str(name),
    }
    let mut copied = i;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let attr_start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        let attr = tag[attr_start..i].to_ascii_lowercase();
        if b.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        let (start, end, next) = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = tag[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                (i + 1, end, end + 1)
            }
            _ => {
                let end = tag[i..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(b.len(), |e| i + e);
                (i, end, end)
            }
        };
        if let Some(new) = value(&attr, &tag[start..end]) {
            out.push_str(&tag[copied..start]);
            out.push_str(&new);
            copied = end;
        }
        i = next.min(b.len());
    }
    out.push_str(&tag[copied..]);
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`).
fn has_scheme(url: &str) -> bool {
    let head = url.split(['/', '?', '#']).next().unwrap_or("");
    head.split_once(':').is_some_and(|(s, _)| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// A URL of the stage page, as it must be written one folder up.
fn rebase_url(url: &str, stage: &str, prefix: &str, ids: &HashSet<String>) -> String {
    if let Some(anchor) = url.strip_prefix('#') {
        if anchor.is_empty() {
            return url.to_string();
        }
        let decoded = percent_encoding::percent_decode_str(anchor).decode_utf8_lossy();
        return if ids.contains(decoded.as_ref()) {
            format!("#{}{anchor}", encode_path(prefix))
        } else {
            format!("{stage}/index.html{url}")
        };
    }
    if url.is_empty() || url.starts_with('/') || has_scheme(url) {
        return url.to_string();
    }
    match url.strip_prefix("../") {
        Some(up) => up.to_string(),
        None => format!("{stage}/{}", url.strip_prefix("./").unwrap_or(url)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_climb_one_folder_less_and_ids_get_the_prefix() {
        let html = concat!(
            "<h2 id=\"research\">Research</h2>\n",
            "<p>See <a href=\"../demo/index.html#script\">demo</a>, <a href=\"#research\">above</a>, ",
            "<a href=\"#gone\">a cut section</a>, <a href=\"https://e.example/x\">out</a>, ",
            "<a href=\"index.html\">here</a> and <img src=\"../../../img/logo.svg\" alt=\"a > b\">.</p>\n",
            "<p>Text with id=\"x\" and href=\"../y\" stays.</p><!-- <a href=\"../c\"> -->\n",
            "<h5 class='x'>Deep</h5><H6>Deepest</H6>",
        );
        let out = rebase(html, "prospect", "prospect--");
        for want in [
            "<h3 id=\"prospect--research\">Research</h3>",
            "href=\"demo/index.html#script\"",
            "href=\"#prospect--research\"",
            "href=\"prospect/index.html#gone\"",
            "href=\"https://e.example/x\"",
            "href=\"prospect/index.html\"",
            "src=\"../../img/logo.svg\" alt=\"a > b\"",
            "Text with id=\"x\" and href=\"../y\" stays.",
            "<!-- <a href=\"../c\"> -->",
            "<h6 class='x'>Deep</h6><H6>Deepest</H6>",
        ] {
            assert!(out.contains(want), "{want} missing from {out}");
        }
    }

    #[test]
    fn unicode_anchors_are_found_encoded_or_not() {
        let html =
            "<h2 id=\"需求\">需求</h2><a href=\"#%E9%9C%80%E6%B1%82\">x</a><a href=\"#需求\">y</a>";
        let out = rebase(html, "s", "s--");
        assert_eq!(out.matches("href=\"#s--").count(), 2, "{out}");
        assert!(out.contains("id=\"s--需求\""));
    }
}
