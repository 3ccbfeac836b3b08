//! Appending a stage to a `roadmap.yaml` by editing its text: every line the author wrote
//! (comments, blank lines, quoting, line endings) stays exactly as it was, and the new item
//! follows the indentation of the items already in the list.

use thiserror::Error;

/// Why a stage could not be appended to the text of a roadmap.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StageListError {
    /// No line starts with `stages:`.
    #[error("there is no top-level `stages:` key")]
    NoStagesKey,
    /// `stages: [ ... ]`: a list written inline.
    #[error(
        "`stages:` on line {line} is written as an inline list (`stages: [...]`); new stages \
         can only be appended to a list written one `- id: ...` item per stage"
    )]
    InlineList {
        /// 1-based line of the `stages:` key.
        line: usize,
    },
    /// `stages:` followed by something else than a list of `- ` items.
    #[error("`stages:` on line {line} is not followed by a list of `- id: ...` items")]
    NotAList {
        /// 1-based line of the `stages:` key.
        line: usize,
    },
}

/// One line of the text, without its line ending.
struct Line<'a> {
    text: &'a str,
    indent: usize,
    kind: LineKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Blank,
    Comment,
    Content,
}

fn classify(text: &str) -> Line<'_> {
    let body = text.trim_start_matches(' ');
    let indent = text.len() - body.len();
    let kind = match body.trim() {
        "" => LineKind::Blank,
        t if t.starts_with('#') => LineKind::Comment,
        _ => LineKind::Content,
    };
    Line { text, indent, kind }
}

/// Whether `body` (a line without its indentation) starts a list item.
fn is_item(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// Whether a line at column 0 ends the top-level `stages:` list.
fn ends_list(line: &Line) -> bool {
    // `---` and `...` (document markers) are not items either.
    line.kind == LineKind::Content && line.indent == 0 && !is_item(line.text)
}

/// The rest of the line after a top-level `stages:` key, if `text` is that line.
fn after_stages_key(text: &str) -> Option<&str> {
    let text = text.trim_start_matches('\u{feff}');
    let rest = ["stages", "\"stages\"", "'stages'"]
        .iter()
        .find_map(|key| text.strip_prefix(key))?;
    rest.trim_start_matches(' ').strip_prefix(':')
}

/// Returns `text` with one more item at the end of its top-level `stages:` list.
///
/// `item` holds the new stage's YAML lines written with the `-` at column 0 and its fields at
/// column 2; they are re-indented to match the existing items, written with the file's line
/// ending, and separated by a blank line when the existing items are. The new lines go after
/// the last item, together with comments directly below it that are indented as its fields;
/// anything after that (comments about the next key, other keys) stays where it was.
pub fn append_stage(text: &str, item: &str) -> Result<String, StageListError> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // Each line with its ending, so that the text can be put back together byte for byte.
    let raw: Vec<&str> = text.split_inclusive('\n').collect();
    let lines: Vec<Line> = raw
        .iter()
        .map(|l| classify(l.trim_end_matches('\n').trim_end_matches('\r')))
        .collect();

    let key = lines
        .iter()
        .position(|l| l.indent == 0 && after_stages_key(l.text).is_some())
        .ok_or(StageListError::NoStagesKey)?;
    let after_key = after_stages_key(lines[key].text).unwrap_or("").trim();
    if after_key.starts_with('[') {
        return Err(StageListError::InlineList { line: key + 1 });
    }
    if !after_key.is_empty() && !after_key.starts_with('#') {
        return Err(StageListError::NotAList { line: key + 1 });
    }
    let end = (key + 1..lines.len())
        .find(|&i| ends_list(&lines[i]))
        .unwrap_or(lines.len());
    let region = key + 1..end;

    // The items: `- ` lines at the indentation of the first one.
    let first = region
        .clone()
        .find(|&i| lines[i].kind == LineKind::Content)
        .filter(|&i| is_item(&lines[i].text[lines[i].indent..]))
        .ok_or(StageListError::NotAList { line: key + 1 })?;
    let dash = lines[first].indent;
    let items: Vec<usize> = region
        .clone()
        .filter(|&i| {
            let l = &lines[i];
            l.kind == LineKind::Content && l.indent == dash && is_item(&l.text[dash..])
        })
        .collect();
    let fields = field_indent(&lines, first, end);

    // Where the last item ends: its last content line, then comments directly below it that
    // are indented at least as its fields (and anything deeper, which may be the text of a
    // block scalar).
    let mut last = region
        .clone()
        .rev()
        .find(|&i| lines[i].kind == LineKind::Content)
        .unwrap_or(first);
    let mut blank_since = false;
    for (i, l) in lines.iter().enumerate().take(end).skip(last + 1) {
        match l.kind {
            LineKind::Blank => blank_since = true,
            LineKind::Comment if l.indent > fields || (l.indent == fields && !blank_since) => {
                last = i;
                blank_since = false;
            }
            _ => break,
        }
    }

    let spaced = items.len() > 1
        && items[1..]
            .iter()
            .all(|&i| lines[i - 1].kind == LineKind::Blank);
    let mut new_lines: Vec<String> = Vec::new();
    if spaced {
        new_lines.push(String::new());
    }
    new_lines.extend(item.lines().map(|l| reindent(l, dash, fields)));

    let mut out = String::with_capacity(text.len() + item.len() + 64);
    for r in &raw[..=last] {
        out.push_str(r);
    }
    let at_end_without_newline = last + 1 == raw.len() && !text.ends_with('\n');
    if at_end_without_newline {
        out.push_str(eol);
        out.push_str(&new_lines.join(eol));
    } else {
        for l in &new_lines {
            out.push_str(l);
            out.push_str(eol);
        }
    }
    for r in &raw[last + 1..] {
        out.push_str(r);
    }
    Ok(out)
}

/// The column of the fields of the list's items: after `- ` on the first item's line, or the
/// indentation of the line below when the item's line holds only the `-`.
fn field_indent(lines: &[Line], first: usize, end: usize) -> usize {
    let l = &lines[first];
    let after_dash = &l.text[l.indent + 1..];
    let body = after_dash.trim_start_matches(' ');
    if !body.is_empty() && !body.starts_with('#') {
        return l.indent + 1 + (after_dash.len() - body.len());
    }
    (first + 1..end)
        .find(|&i| lines[i].kind == LineKind::Content)
        .map(|i| lines[i].indent)
        .filter(|&i| i > l.indent + 1)
        .unwrap_or(l.indent + 2)
}

/// One line of a template item (dash at column 0, fields at 2) at the list's indentation.
fn reindent(line: &str, dash: usize, fields: usize) -> String {
    if line.trim().is_empty() {
        String::new()
    } else if let Some(rest) = line.strip_prefix("- ") {
        format!(
            "{}-{}{rest}",
            " ".repeat(dash),
            " ".repeat(fields - dash - 1)
        )
    } else {
        let rest = line.strip_prefix("  ").unwrap_or(line);
        format!("{}{rest}", " ".repeat(fields))
    }
}

#[cfg(test)]
#[path = "roadmap_edit_tests.rs"]
mod tests;
