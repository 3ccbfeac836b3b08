//! Text helpers for the stage diagram: XML escaping, text-width estimation,
//! line wrapping (CJK and Latin) and number formatting.
//!
//! Widths are estimated in em (multiples of the font size) because the SVG is
//! laid out without access to real font metrics. The estimates lean slightly
//! wide so that text rendered in common sans-serif fonts stays inside its box.

/// The character appended to text that had to be shortened.
pub const ELLIPSIS: char = '…';

/// Escapes `& < > " '` for use in XML/HTML text and attribute values.
///
/// Control characters that XML 1.0 forbids (everything below U+0020 except tab,
/// line feed and carriage return) are dropped.
#[must_use]
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped as by [`escape_xml`], without allocating.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "",
            _ => continue,
        };
        out.push_str(&s[start..i]);
        out.push_str(rep);
        start = i + c.len_utf8();
    }
    out.push_str(&s[start..]);
}

/// True for characters drawn about one em wide: CJK ideographs, kana, Hangul,
/// CJK punctuation and full-width forms.
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// True for pictographs (emoji), which are drawn wider than an em.
fn is_pictograph(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF)
}

/// True for characters that add no width (combining marks, joiners, selectors).
fn is_zero_width(c: char) -> bool {
    // U+E000–U+E003: the marks a translated site wraps text in that is shown in the
    // original's language (`translate::marks`); they are gone from the written page.
    matches!(c as u32,
        0x0300..=0x036F | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF
            | 0xE000..=0xE003)
}

/// Estimated advance width of `c` in em, for a semi-bold sans-serif font.
///
/// Latin values follow the widest common fallback (DejaVu Sans Bold, about
/// 0.7 em for lowercase letters) so text fits whatever font the page uses.
fn bold_em(c: char) -> f64 {
    if c.is_ascii() {
        return match c {
            ' ' => 0.35,
            'i' | 'j' | 'l' | '.' | ',' | ';' | ':' | '\'' | '|' | '`' => 0.4,
            'f' | 'r' | 't' | '(' | ')' | '[' | ']' | '-' | '/' | '\\' | '"' | '!' | '*' => 0.52,
            'I' | 'J' => 0.56,
            'c' | 's' | 'z' => 0.61,
            'a' | 'e' | 'o' | 'k' | 'v' | 'x' | 'y' | '0'..='9' | '$' | '?' | '_' => 0.7,
            'w' => 0.93,
            'M' | '%' | '@' => 1.02,
            'm' => 1.05,
            'W' => 1.11,
            'A'..='Z' | '&' | '#' | '+' | '<' | '=' | '>' | '^' | '~' => 0.88,
            c if c.is_ascii_control() => 0.0,
            _ => 0.72,
        };
    }
    if is_zero_width(c) {
        0.0
    } else if is_wide(c) || c == ELLIPSIS {
        1.0
    } else if is_pictograph(c) {
        1.25
    } else if c.is_alphabetic() {
        0.8
    } else {
        // Symbols such as "·", "—" and "→" are full width in CJK fonts.
        1.0
    }
}

/// Font weight of a text run: regular Latin letters are about 8% narrower.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// Estimated advance width of `c` in em at the given weight.
pub(crate) fn char_em(c: char, weight: Weight) -> f64 {
    let em = bold_em(c);
    if weight == Weight::Regular && (c.is_ascii_alphanumeric() || c == ' ') {
        em * 0.92
    } else {
        em
    }
}

/// Estimated width of `s` in em at the given weight (see [`char_em`]).
pub(crate) fn text_em(s: &str, weight: Weight) -> f64 {
    s.chars().map(|c| char_em(c, weight)).sum()
}

/// Characters that must not start a line (closing punctuation).
fn no_line_start(c: char) -> bool {
    ",.;:!?)]}%，。、；：？！）」』】》〉〕］｝”’…·ー々".contains(c)
}

/// Characters that must not end a line (opening brackets and quotes).
fn no_line_end(c: char) -> bool {
    "([{（「『【《〈〔［｛“‘".contains(c)
}

/// An unbreakable run of text, preceded or not by a (collapsed) space.
struct Atom {
    text: String,
    em: f64,
    space_before: bool,
}

/// Splits `s` into unbreakable atoms: Latin words (broken also after an inner
/// hyphen or slash), single CJK characters with their attached punctuation.
fn atoms(s: &str, weight: Weight) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut em = 0.0;
    let mut space_before = false;
    let mut pending_space = false;
    let mut ends_wide = false; // last char was wide: a break may follow it
    let mut ends_open = false; // last char was an opening bracket: must join
    let mut ends_break = false; // last char was an inner hyphen/slash
    let mut prev_alnum = false;
    for c in s.chars() {
        if c.is_whitespace() || c.is_control() {
            if !cur.is_empty() || !out.is_empty() {
                pending_space = true;
            }
            if !cur.is_empty() {
                out.push(Atom {
                    text: std::mem::take(&mut cur),
                    em,
                    space_before,
                });
                em = 0.0;
            }
            prev_alnum = false;
            continue;
        }
        let w = char_em(c, weight);
        let wide = is_wide(c) || is_pictograph(c);
        let join = !cur.is_empty()
            && !pending_space
            && (ends_open
                || no_line_start(c)
                || w == 0.0
                || !(wide || ends_wide || (ends_break && c.is_alphanumeric())));
        if !join {
            if !cur.is_empty() {
                out.push(Atom {
                    text: std::mem::take(&mut cur),
                    em,
                    space_before,
                });
                em = 0.0;
            }
            space_before = pending_space;
            pending_space = false;
        }
        cur.push(c);
        em += w;
        if w > 0.0 {
            ends_wide = wide;
            ends_open = no_line_end(c);
            ends_break = (c == '-' || c == '/') && prev_alnum;
            prev_alnum = c.is_alphanumeric();
        }
    }
    if !cur.is_empty() {
        out.push(Atom {
            text: cur,
            em,
            space_before,
        });
    }
    out
}

/// Wraps `s` into at most `max_lines` lines, each at most `max_em` wide.
///
/// Breaks at spaces, between CJK characters and after inner hyphens; a word
/// wider than a line is broken hard. Text that does not fit ends with "…".
///
/// Widths are estimated for semi-bold text, as used for stage names.
#[must_use]
pub fn wrap_text(s: &str, max_em: f64, max_lines: usize) -> Vec<String> {
    wrap(s, max_em, max_lines, Weight::Bold)
}

/// [`wrap_text`] for text of the given weight.
pub(crate) fn wrap(s: &str, max_em: f64, max_lines: usize, weight: Weight) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if max_lines == 0 || max_em.is_nan() || max_em <= 0.0 {
        return lines;
    }
    let fits = |em: f64| em <= max_em + 1e-9;
    let space_em = char_em(' ', weight);
    let mut line = String::new();
    let mut line_em = 0.0;
    let mut truncated = false;
    'atoms: for atom in atoms(s, weight) {
        let sp = if !line.is_empty() && atom.space_before {
            space_em
        } else {
            0.0
        };
        if fits(line_em + sp + atom.em) {
            if sp > 0.0 {
                line.push(' ');
            }
            line.push_str(&atom.text);
            line_em += sp + atom.em;
            continue;
        }
        if fits(atom.em) {
            if lines.len() + 1 >= max_lines {
                // Fill the last line up to the ellipsis, as CSS does.
                if sp > 0.0 {
                    line.push(' ');
                }
                line.push_str(&atom.text);
                truncated = true;
                break;
            }
            lines.push(std::mem::replace(&mut line, atom.text));
            line_em = atom.em;
            continue;
        }
        // A single word wider than a line: break it between characters,
        // starting on the current line.
        if sp > 0.0 {
            line.push(' ');
            line_em += sp;
        }
        for c in atom.text.chars() {
            let w = char_em(c, weight);
            if w > 0.0 && !line.trim_end().is_empty() && !fits(line_em + w) {
                if lines.len() + 1 >= max_lines {
                    line.push(c);
                    truncated = true;
                    break 'atoms;
                }
                let full = std::mem::take(&mut line);
                lines.push(full.trim_end().to_string());
                line_em = 0.0;
            }
            line.push(c);
            line_em += w;
        }
    }
    if truncated {
        lines.push(with_ellipsis(&line, max_em, weight));
    } else if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_string());
        avoid_cjk_widow(&mut lines, max_em, weight);
    }
    lines
}

/// Moves one CJK character down when the last line would hold a single one,
/// so that "方案设计与产品演示（含POC验" / "证）" becomes "…POC" / "验证）".
fn avoid_cjk_widow(lines: &mut [String], max_em: f64, weight: Weight) {
    let [.., prev, last] = lines else { return };
    let mut body = last.chars().filter(|&c| !no_line_start(c));
    let single = body.next().is_some_and(is_wide) && body.next().is_none();
    let Some(moved) = prev.chars().last() else {
        return;
    };
    if !single || !is_wide(moved) || no_line_start(moved) || prev.chars().count() < 3 {
        return;
    }
    let before = prev.chars().rev().nth(1);
    if before.is_some_and(no_line_end) {
        return;
    }
    if text_em(last, weight) + char_em(moved, weight) <= max_em + 1e-9 {
        prev.pop();
        last.insert(0, moved);
    }
}

/// Shortens `line` until it plus "…" fits in `max_em`, then appends "…".
fn with_ellipsis(line: &str, max_em: f64, weight: Weight) -> String {
    let mut s = line.to_string();
    let mut em = text_em(&s, weight);
    let budget = max_em - char_em(ELLIPSIS, weight) + 1e-9;
    loop {
        let trim = match s.chars().last() {
            Some(_) if em > budget => true,
            Some(c) => c.is_whitespace() || ",;:-/，、；：（(".contains(c),
            None => false,
        };
        if !trim {
            break;
        }
        if let Some(c) = s.pop() {
            em -= char_em(c, weight);
        }
    }
    s.push(ELLIPSIS);
    s
}

/// Formats regular-weight `s` as one line of at most `max_em`, shortened with "…".
pub(crate) fn fit_line(s: &str, max_em: f64) -> String {
    wrap(s, max_em, 1, Weight::Regular)
        .pop()
        .unwrap_or_default()
}

/// Formats a conversion rate (0.4 → "40%", 0.125 → "12.5%").
///
/// Returns `None` for NaN, infinities and negative values.
pub(crate) fn format_percent(rate: f64) -> Option<String> {
    if !rate.is_finite() || rate < 0.0 {
        return None;
    }
    if rate == 0.0 {
        return Some("0%".to_string());
    }
    let tenths = (rate * 1000.0).round();
    if tenths == 0.0 {
        return Some("<0.1%".to_string());
    }
    let s = format!("{:.1}", tenths / 10.0);
    let s = s.strip_suffix(".0").unwrap_or(&s);
    Some(format!("{s}%"))
}

/// Joins two words with a space, leaving out an empty (or blank) one.
pub(crate) fn join_words(a: &str, b: &str) -> String {
    match (a.trim(), b.trim()) {
        ("", w) | (w, "") => w.to_string(),
        (a, b) => format!("{a} {b}"),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn translation_marks_take_no_room() {
        let marked = "\u{E000}伙伴招募政策与返点方案发布\u{E001}";
        assert_eq!(
            text_em(marked, Weight::Bold),
            text_em("伙伴招募政策与返点方案发布", Weight::Bold)
        );
    }

    use super::*;

    fn assert_fits(lines: &[String], max_em: f64, max_lines: usize) {
        assert!(lines.len() <= max_lines, "too many lines: {lines:?}");
        for l in lines {
            assert!(
                text_em(l, Weight::Bold) <= max_em + 1e-9,
                "line too wide: {l:?}"
            );
            assert!(!l.is_empty());
            assert_eq!(l.trim(), l, "untrimmed line {l:?}");
        }
    }

    #[test]
    fn escapes_all_special_characters() {
        assert_eq!(
            escape_xml(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_xml("需求分析"), "需求分析");
        assert_eq!(escape_xml("a\u{0}b\u{1b}c\n"), "abc\n");
        assert_eq!(escape_xml(""), "");
    }

    #[test]
    fn estimates_cjk_wider_than_latin() {
        assert_eq!(text_em("需求分析", Weight::Bold), 4.0);
        let abcd = text_em("abcd", Weight::Bold);
        assert!(abcd < 3.0 && abcd > 2.0);
        assert!(text_em("abcd", Weight::Regular) < abcd);
        assert_eq!(text_em("需求", Weight::Regular), 2.0);
        assert_eq!(text_em("ｘ１", Weight::Bold), 2.0);
        assert_eq!(
            text_em("e\u{301}", Weight::Bold),
            char_em('e', Weight::Bold)
        );
    }

    #[test]
    fn short_text_is_a_single_unchanged_line() {
        assert_eq!(wrap_text("需求分析", 9.0, 3), vec!["需求分析"]);
        assert_eq!(wrap_text("  Discovery  ", 9.0, 3), vec!["Discovery"]);
        assert!(wrap_text("", 9.0, 3).is_empty());
        assert!(wrap_text("   ", 9.0, 3).is_empty());
        assert!(wrap_text("abc", 9.0, 0).is_empty());
    }

    #[test]
    fn wraps_english_at_spaces() {
        let lines = wrap_text("Needs analysis and discovery workshop", 9.0, 3);
        assert_eq!(lines, ["Needs analysis", "and discovery", "workshop"]);
    }

    #[test]
    fn wraps_cjk_between_any_characters() {
        let lines = wrap_text("需求分析与客户现场调研工作坊", 6.0, 3);
        assert_eq!(lines, vec!["需求分析与客", "户现场调研工", "作坊"]);
    }

    #[test]
    fn long_cjk_and_english_are_cut_to_three_lines_with_ellipsis() {
        let cjk = "企业级客户需求分析与解决方案设计以及跨部门协同评审和商务谈判准备阶段".repeat(3);
        let en = "Executive alignment, mutual action plan and commercial negotiation \
                  with procurement, legal and security review teams";
        for (name, max_em) in [(cjk.as_str(), 5.0), (&cjk, 9.0), (en, 8.0), (en, 12.5)] {
            let lines = wrap_text(name, max_em, 3);
            assert_eq!(lines.len(), 3);
            assert_fits(&lines, max_em, 3);
            assert!(lines[2].ends_with(ELLIPSIS), "{lines:?}");
            assert!(!lines[2].ends_with(" …") && !lines[2].ends_with(",…"));
            assert!(!lines[0].contains(ELLIPSIS));
        }
    }

    #[test]
    fn over_long_word_is_broken_hard() {
        let lines = wrap_text("Supercalifragilisticexpialidocious", 6.0, 3);
        assert_fits(&lines, 6.0, 3);
        assert!(lines.len() >= 2);
        let joined: String = lines.concat();
        assert!(joined.starts_with("Supercali"));
        let lines = wrap_text(&"x".repeat(500), 6.0, 3);
        assert_fits(&lines, 6.0, 3);
        assert!(lines[2].ends_with(ELLIPSIS));
    }

    #[test]
    fn breaks_after_inner_hyphen_and_between_scripts() {
        let lines = wrap_text("Proof-of-concept", 5.0, 3);
        assert_fits(&lines, 5.0, 3);
        assert_eq!(lines.concat(), "Proof-of-concept");
        let lines = wrap_text("POC验证测试阶段", 3.0, 3);
        assert_fits(&lines, 3.0, 3);
        assert_eq!(lines[0], "POC");
    }

    #[test]
    fn avoids_a_single_cjk_character_on_the_last_line() {
        let lines = wrap_text("方案设计与产品演示（含POC验证）", 15.7, 3);
        assert_eq!(lines.len(), 2);
        assert!(
            lines[1].chars().filter(|c| is_wide(*c)).count() >= 2,
            "{lines:?}"
        );
        assert_fits(&lines, 15.7, 3);
        assert_eq!(wrap_text("需求分析评审", 5.0, 3), ["需求分析", "评审"]);
        assert_eq!(wrap_text("需求分（析评", 5.0, 3), ["需求分（析", "评"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        let lines = wrap_text("需求分析（含调研），评审", 4.0, 5);
        assert_fits(&lines, 4.0, 5);
        for l in &lines {
            let first = l.chars().next().unwrap();
            assert!(!"，。）、".contains(first), "{lines:?}");
            let last = l.chars().last().unwrap();
            assert_ne!(last, '（', "{lines:?}");
        }
    }

    #[test]
    fn single_line_fit_adds_ellipsis_only_when_needed() {
        assert_eq!(fit_line("Account Executive", 20.0), "Account Executive");
        let s = fit_line("Senior Solutions Engineering Manager, EMEA", 10.0);
        assert!(s.ends_with(ELLIPSIS));
        assert!(text_em(&s, Weight::Regular) <= 10.0);
    }

    #[test]
    fn formats_percentages() {
        assert_eq!(format_percent(0.4).as_deref(), Some("40%"));
        assert_eq!(format_percent(0.125).as_deref(), Some("12.5%"));
        assert_eq!(format_percent(0.07).as_deref(), Some("7%"));
        assert_eq!(format_percent(1.0).as_deref(), Some("100%"));
        assert_eq!(format_percent(1.0 / 3.0).as_deref(), Some("33.3%"));
        assert_eq!(format_percent(0.99999).as_deref(), Some("100%"));
        assert_eq!(format_percent(0.00001).as_deref(), Some("<0.1%"));
        assert_eq!(format_percent(0.0).as_deref(), Some("0%"));
        assert_eq!(format_percent(-0.0).as_deref(), Some("0%"));
        assert_eq!(format_percent(f64::NAN), None);
        assert_eq!(format_percent(f64::INFINITY), None);
        assert_eq!(format_percent(-0.2), None);
        assert_eq!(join_words("14", "天"), "14 天");
        assert_eq!(join_words("14", " "), "14");
        assert_eq!(join_words("", "40%"), "40%");
    }
}
