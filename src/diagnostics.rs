//! Problems found in a site's sources, with where they are and what to do about them.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth fixing; the build goes on.
    Warning,
}

/// One problem in one source file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when unknown.
    pub col: usize,
    /// What is wrong, in words an author understands.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The file's text, for showing the offending line.
    pub source: Option<Arc<str>>,
    /// Byte offsets where the source's lines start, when the loader already knows them
    /// (saves scanning a large file once per problem).
    pub line_starts: Option<Arc<[usize]>>,
}

impl Diagnostic {
    /// An error in `file` at `line`:`col`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            col,
            message: message.into(),
            hint: None,
            source: None,
            line_starts: None,
        }
    }

    /// An error about a whole file.
    pub fn file_error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::error(file, 0, 0, message)
    }

    /// Attaches the source's line starts, as computed by [`line_starts`].
    pub fn with_line_starts(mut self, starts: &Arc<[usize]>) -> Self {
        self.line_starts = Some(Arc::clone(starts));
        self
    }

    /// Byte offset of the start of 0-based line `line` in `src`.
    fn line_start(&self, src: &str, line: usize) -> usize {
        match &self.line_starts {
            Some(starts) => starts.get(line).copied().unwrap_or(src.len()),
            None => src.split_inclusive('\n').take(line).map(str::len).sum(),
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the file's text so the offending line can be shown.
    pub fn with_source(mut self, source: &Arc<str>) -> Self {
        self.source = Some(Arc::clone(source));
        self
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.col) {
            (0, _) => file.to_string(),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }

    /// Byte offset of `line`:`col` in the attached source, if both are known.
    fn offset(&self) -> Option<usize> {
        let src = self.source.as_deref()?;
        let line_start = self.line_start(src, self.line.checked_sub(1)?);
        let rest = src.get(line_start..)?;
        let col_bytes: usize = rest
            .chars()
            .take_while(|&c| c != '\n')
            .take(self.col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Some(line_start + col_bytes)
    }

    /// Renders the diagnostic for a terminal with miette: message, location, the source line
    /// with a marker under the column, and the hint. Plain text when `color` is false.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_context_lines(1)
            .with_width(100)
            .with_wrap_lines(false);
        let view = MietteView {
            diag: self,
            window: self.window(),
        };
        let mut out = String::new();
        if handler.render_report(&mut out, &view).is_err() {
            out = format!("{self}\n");
        }
        out
    }
}

impl std::error::Error for Diagnostic {}

/// Lines longer than this are not quoted: a marker under column 70,000 helps nobody (and
/// miette cannot draw it).
const LONGEST_QUOTED_LINE: usize = 400;

/// The lines around a diagnostic, as miette shows them: only these are copied, not the file.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// 0-based number of the window's first line in the file.
    first_line: usize,
    /// Byte offset of the marker within `text`.
    offset: usize,
}

impl miette::SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

impl Diagnostic {
    /// The line of the diagnostic with one line of context each side, if it can be quoted.
    fn window(&self) -> Option<Window> {
        let src = self.source.as_deref()?;
        let offset = self.offset()?;
        let line = self.line.checked_sub(1)?;
        let first_line = line.saturating_sub(1);
        let start = self.line_start(src, first_line);
        let count = if line == 0 { 2 } else { 3 };
        let lines: Vec<&str> = src
            .get(start..)?
            .split_inclusive('\n')
            .take(count)
            .collect();
        if lines
            .iter()
            .any(|l| l.chars().count() > LONGEST_QUOTED_LINE)
        {
            return None;
        }
        Some(Window {
            name: self.file.display().to_string(),
            text: lines.concat(),
            first_line,
            offset: offset.checked_sub(start)?,
        })
    }
}

/// A diagnostic as miette sees it: the message as headline, the source with a label.
#[derive(Debug)]
struct MietteView<'a> {
    diag: &'a Diagnostic,
    window: Option<Window>,
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.window {
            Some(_) => f.write_str(&self.diag.message),
            None => write!(f, "{}: {}", self.diag.location(), self.diag.message),
        }
    }
}

impl std::error::Error for MietteView<'_> {}

impl miette::Diagnostic for MietteView<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.window.as_ref().map(|w| w as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let offset = self.window.as_ref()?.offset;
        Some(Box::new(std::iter::once(miette::LabeledSpan::new(
            Some("here".to_string()),
            offset,
            0,
        ))))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {word}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// The diagnostics as a JSON document for editors and CI: counts, then one object per
/// problem with `severity`, `file`, `line`, `column`, `message` and `hint`.
pub fn to_json(diags: &[Diagnostic]) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "file": d.file.to_string_lossy(),
                "line": d.line,
                "column": d.col,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": items,
    })
    .to_string()
}

/// Converts byte offsets in a text to 1-based line and column (in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: line_starts(text),
        }
    }

    /// An index from line starts computed before (see [`line_starts`]).
    pub fn with_starts(text: &'a str, starts: Vec<usize>) -> Self {
        LineIndex { text, starts }
    }

    /// Line and column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        position(self.text, &self.starts, offset)
    }
}

/// Byte offsets where the lines of `text` start.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// Line and column (1-based, column in characters) of byte `offset` in `text`, whose line
/// starts are `starts`.
pub fn position(text: &str, starts: &[usize], offset: usize) -> (usize, usize) {
    {
        let offset = offset.min(text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1) - 1;
        let start = starts.get(line).copied().unwrap_or(0);
        let col = text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line + 1, col)
    }
}

/// The nearest candidate to a misspelt name, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    let squash = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let wrong_squashed = squash(wrong);
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // `a-e`, `A_E` and `ae` are the same name written differently.
    if let Some(same) = candidates
        .iter()
        .find(|c| !wrong_squashed.is_empty() && squash(c) == wrong_squashed)
    {
        return Some(same);
    }
    let near = candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&wrong_lower, &c.to_lowercase()), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c);
    // Jaro-Winkler sees no likeness in very short names (`ea` for `ae`): there, one edit
    // or one swap of neighbours is a likely typo.
    near.or_else(|| {
        candidates.into_iter().find(|c| {
            wrong_lower.chars().count() >= 2
                && strsim::osa_distance(&wrong_lower, &c.to_lowercase()) == 1
        })
    })
}

/// Shows a path relative to `root` when it is inside it.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

impl From<Diagnostic> for Vec<Diagnostic> {
    fn from(d: Diagnostic) -> Self {
        vec![d]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let idx = LineIndex::new("ab\n需求x\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(3 + 6), (2, 3));
        assert_eq!(idx.position(999), (3, 1));
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["owner", "summary", "stages"];
        assert_eq!(did_you_mean("ownr", names), Some("owner"));
        assert_eq!(did_you_mean("zzzz", names), None);
        assert_eq!(did_you_mean("a-e", ["sdr", "ae", "vp"]), Some("ae"));
        assert_eq!(
            did_you_mean("ea", ["sdr", "ae", "vp"]),
            Some("ae"),
            "swapped letters"
        );
        assert_eq!(did_you_mean("x", ["sdr", "ae", "vp"]), None);
    }

    #[test]
    fn renders_marker_under_column() {
        let src: Arc<str> = Arc::from("title: x\nownr: y\n");
        let d = Diagnostic::error("content/a.yaml", 2, 1, "unknown field `ownr`")
            .with_hint("did you mean `owner`?")
            .with_source(&src);
        let out = d.render(false);
        assert!(out.contains("unknown field `ownr`"), "{out}");
        assert!(out.contains("content/a.yaml:2:1"), "{out}");
        assert!(out.contains("2 │ ownr: y"), "{out}");
        assert!(out.contains("did you mean `owner`?"), "{out}");
    }
}
