//! Text shown in the original's language on a translated page. The translation step wraps
//! each fallback text in private-use characters; after a page is rendered, [`finish`] turns
//! them into elements with the original's `lang` (or drops them where an element cannot
//! stand: inside tags, `<title>`, scripts and SVG) and adds the page's notes.

use std::fmt::Write;

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const BLOCK_OPEN: char = '\u{E002}';
const BLOCK_CLOSE: char = '\u{E003}';

/// `text` marked as shown in the original's language.
pub(crate) fn inline(text: &str) -> String {
    format!("{OPEN}{text}{CLOSE}")
}

/// Rendered Markdown `html` marked as shown in the original's language.
pub(crate) fn block(html: &str) -> String {
    format!("{BLOCK_OPEN}{html}{BLOCK_CLOSE}")
}

/// Whether `c` is one of the marks.
fn is_mark(c: char) -> bool {
    matches!(c, OPEN | CLOSE | BLOCK_OPEN | BLOCK_CLOSE)
}

/// Elements whose text cannot hold other elements.
const RAW: [&str; 5] = ["title", "script", "style", "textarea", "option"];

/// A rendered page with its marks turned into elements with `lang`, and whether its
/// `<main>` had any (untranslated names in the header's menu do not make a page partly
/// translated).
pub(crate) fn resolve(html: String, lang: &str) -> (String, bool) {
    // Every mark starts with an opening one; a page without any is written as it is.
    if !html.contains(OPEN) && !html.contains(BLOCK_OPEN) {
        return (html, false);
    }
    let mut in_main = false;
    let mut partial = false;
    let mut out = String::with_capacity(html.len() + 256);
    let mut open = false; // inside a fallback text
    let mut span = false; // a <span lang> is open in the output
    let mut svg = 0usize;
    let mut raw: Option<&str> = None;
    let mut rest = html.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            if span {
                out.push_str("</span>");
                span = false;
            }
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let name: String = tag
                .trim_start_matches('<')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
                .collect::<String>()
                .to_ascii_lowercase();
            match name.as_str() {
                "main" => in_main = true,
                "/main" => in_main = false,
                "svg" if !tag.ends_with("/>") => svg += 1,
                "/svg" => {
                    svg = svg.saturating_sub(1);
                    // A diagram may cut a long text short, and its closing mark with it:
                    // what follows the diagram is not part of that text.
                    if svg == 0 {
                        open = false;
                    }
                }
                n if raw.is_none() && RAW.contains(&n) => {
                    raw = RAW.iter().find(|r| **r == n).copied()
                }
                n if raw.is_some_and(|r| n.strip_prefix('/') == Some(r)) => raw = None,
                _ => {}
            }
            out.extend(tag.chars().filter(|c| !is_mark(*c)));
            rest = &rest[end..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match c {
            OPEN => {
                open = true;
                partial |= in_main;
            }
            CLOSE => {
                open = false;
                if span {
                    out.push_str("</span>");
                    span = false;
                }
            }
            BLOCK_OPEN if raw.is_none() && svg == 0 => {
                partial |= in_main;
                let _ = write!(out, "<div lang=\"{lang}\">");
            }
            BLOCK_CLOSE if raw.is_none() && svg == 0 => out.push_str("</div>"),
            BLOCK_OPEN | BLOCK_CLOSE => {}
            c => {
                if open && !span && raw.is_none() && svg == 0 && !c.is_whitespace() {
                    let _ = write!(out, "<span lang=\"{lang}\">");
                    span = true;
                }
                out.push(c);
            }
        }
    }
    if span {
        out.push_str("</span>");
    }
    (out, partial)
}

/// Inserts `notes` (HTML) at the top of the page's `<main>`.
pub(crate) fn insert_notes(html: &mut String, notes: &str) {
    if notes.is_empty() {
        return;
    }
    let Some(main) = html.find("<main") else {
        return;
    };
    if let Some(end) = html[main..].find('>') {
        html.insert_str(main + end + 1, notes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_a_diagram_cut_short_ends_with_the_diagram() {
        let cut = format!("{OPEN}伙伴招募政策…");
        let html = format!("<main><svg><text>{cut}</text></svg><th>Milestone</th></main>");
        let (out, partial) = resolve(html, "zh-CN");
        assert_eq!(
            out,
            "<main><svg><text>伙伴招募政策…</text></svg><th>Milestone</th></main>"
        );
        assert!(partial);
    }

    #[test]
    fn fallback_text_gets_its_language_where_an_element_can_stand() {
        let t = inline("客户");
        let html = format!(
            "<title>{t} · x</title><h1>{t}</h1><a title=\"{t}\">a {t} b</a><svg><text>{t}</text></svg><script>var x=\"{t}\"</script>"
        );
        let (out, partial) = resolve(html, "zh-CN");
        assert!(!partial, "no <main>, so not a partly translated page");
        assert_eq!(
            out,
            "<title>客户 · x</title><h1><span lang=\"zh-CN\">客户</span></h1><a title=\"客户\">a <span lang=\"zh-CN\">客户</span> b</a><svg><text>客户</text></svg><script>var x=\"客户\"</script>"
        );
    }

    #[test]
    fn fallback_across_paragraphs_and_blocks() {
        let html = format!("<main><div>{}</div></main>", inline("<p>一</p><p>二</p>"));
        let (out, partial) = resolve(html, "zh-CN");
        assert!(partial);
        assert_eq!(
            out,
            "<main><div><p><span lang=\"zh-CN\">一</span></p><p><span lang=\"zh-CN\">二</span></p></div></main>"
        );
        let (out, _) = resolve(block("<p>一</p>"), "zh-CN");
        assert_eq!(out, "<div lang=\"zh-CN\"><p>一</p></div>");
        assert_eq!(
            resolve("<p>x</p>".to_string(), "zh-CN"),
            ("<p>x</p>".to_string(), false)
        );
    }
}
