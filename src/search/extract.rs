//! Markdown bodies to plain text, cut at headings, so that search results can point at the
//! section (`page#anchor`) that holds the words.

use super::tokenize::is_cjk;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Text of one section kept for indexing, in bytes: a bound for pathological pages.
pub const SECTION_CAP: usize = 20_000;

/// A part of a Markdown body: the text before the first heading, or one heading's section
/// (up to the next heading of any level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Position of the heading among the body's headings (the `n`th `Heading` of
    /// [`crate::markdown::Rendered::headings`]), or `None` for the text before the first one.
    pub heading: Option<usize>,
    /// The heading's text (empty for the text before the first heading).
    pub title: String,
    /// The section's text without raw HTML; text events are joined with a space (none for a
    /// line break inside Chinese text).
    pub text: String,
}

/// Plain text under construction: events joined by single spaces, except that a line break
/// between two CJK characters is dropped (Chinese wraps lines without spaces).
#[derive(Default)]
struct Plain {
    out: String,
    /// `Some(true)` for a pending space, `Some(false)` for a pending soft line break.
    pending: Option<bool>,
}

impl Plain {
    /// Appends a text event. Only its ends are looked at: spaces inside stay as written.
    fn push(&mut self, s: &str) {
        let trimmed = s.trim_start();
        if trimmed.len() != s.len() {
            self.space(true);
        }
        let text = trimmed.trim_end();
        if text.is_empty() || self.out.len() >= SECTION_CAP {
            return;
        }
        if let Some(hard) = self.pending.take() {
            let joined = !hard
                && text.chars().next().is_some_and(is_cjk)
                && self.out.chars().next_back().is_some_and(is_cjk);
            if !joined && !self.out.is_empty() {
                self.out.push(' ');
            }
        }
        self.out.push_str(text);
        if self.out.len() > SECTION_CAP {
            let mut end = SECTION_CAP;
            while !self.out.is_char_boundary(end) {
                end -= 1;
            }
            self.out.truncate(end);
        }
        if text.len() != trimmed.len() {
            self.space(true);
        }
    }

    /// A space (`hard`) or a soft line break before the next character.
    fn space(&mut self, hard: bool) {
        self.pending = Some(hard || self.pending == Some(true));
    }

    fn take(&mut self) -> String {
        self.pending = None;
        std::mem::take(&mut self.out)
    }
}

/// Whether a tag is inline (inside running text) rather than a block.
fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Collects the sections of a Markdown body from its parser events, so that the Markdown
/// renderer fills them in the same pass ([`crate::markdown::Rendered::sections`]).
#[derive(Default)]
pub struct Collector {
    out: Vec<Section>,
    text: Plain,
    heading_text: Plain,
    current: (Option<usize>, String),
    in_heading: bool,
    headings: usize,
}

impl Collector {
    /// Takes in the next event of the body.
    pub fn event(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.out.push(Section {
                    heading: self.current.0,
                    title: std::mem::take(&mut self.current.1),
                    text: self.text.take(),
                });
                self.in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.current = (Some(self.headings), self.heading_text.take());
                self.headings += 1;
                self.in_heading = false;
            }
            Event::Text(t) | Event::Code(t) => {
                if self.in_heading {
                    self.heading_text.push(t);
                } else {
                    self.text.push(t);
                }
            }
            Event::SoftBreak => self.text.space(false),
            Event::HardBreak | Event::Rule => self.text.space(true),
            Event::Start(tag) if !is_inline(&tag.to_end()) => self.text.space(true),
            Event::End(tag) if !is_inline(tag) => self.text.space(true),
            _ => {}
        }
    }

    /// The sections, in order. The first one (before any heading) is always there, possibly
    /// empty; sections of headings without text are kept, so that their titles match.
    pub fn finish(mut self) -> Vec<Section> {
        self.out.push(Section {
            heading: self.current.0,
            title: self.current.1,
            text: self.text.take(),
        });
        self.out
    }
}

/// The sections of `body` (what [`Collector`] makes of its events).
pub fn sections(body: &str) -> Vec<Section> {
    let mut c = Collector::default();
    for event in Parser::new_ext(body, crate::markdown::options()) {
        c.event(&event);
    }
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_cut_at_headings() {
        let s = sections("Intro *text*.\n\n## First\n\nOne\ntwo.\n\n### Sub `code`\n\n- a\n- b\n");
        assert_eq!(
            s,
            [
                Section {
                    heading: None,
                    title: String::new(),
                    text: "Intro text.".into()
                },
                Section {
                    heading: Some(0),
                    title: "First".into(),
                    text: "One two.".into()
                },
                Section {
                    heading: Some(1),
                    title: "Sub code".into(),
                    text: "a b".into()
                },
            ]
        );
    }

    #[test]
    fn chinese_line_breaks_do_not_split_words() {
        let s = sections("三周内把需\n求确认。\n\nMEDDIC\n梳理");
        assert_eq!(s[0].text, "三周内把需求确认。 MEDDIC 梳理");
    }

    #[test]
    fn raw_html_is_left_out_and_tables_keep_cells_apart() {
        let s = sections("<div>hidden</div>\n\nA<b>b</b>c\n\n| x | y |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(s[0].text, "Abc x y 1 2");
    }

    #[test]
    fn long_sections_are_capped() {
        let s = sections(&"word ".repeat(SECTION_CAP));
        assert!(s[0].text.len() <= SECTION_CAP);
    }
}
