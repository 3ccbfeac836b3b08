//! Where problems found after loading stand in the sources: each file's text and the
//! positions of its YAML values.

use crate::diagnostics::Diagnostic;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::yaml::Locations;

/// The text of every source file and where its YAML values stand, for pointing at problems
/// found after loading.
#[derive(Debug, Default)]
pub struct SourceMap {
    pub(super) files: FxHashMap<PathBuf, Arc<SourceInfo>>,
}

impl SourceInfo {
    /// Where the file's lines start (computed once, on first use).
    pub fn starts(&self) -> &Arc<[usize]> {
        self.line_starts
            .get_or_init(|| crate::diagnostics::line_starts(&self.text).into())
    }
}

/// One loaded text file.
#[derive(Debug)]
pub struct SourceInfo {
    /// The whole file, without a byte-order mark.
    pub text: Arc<str>,
    /// Positions of the values in its YAML (the whole file or its front matter).
    pub locations: Locations,
    /// Where its lines start, computed the first time a problem must be placed.
    pub line_starts: std::sync::OnceLock<Arc<[usize]>>,
}

impl SourceMap {
    /// An error at the key of the YAML entry `path` of `file` (`stages[0].raci.ae` points
    /// at `ae:`), or at its value when it has no key.
    pub fn error_at_key(&self, file: &Path, path: &str, message: impl Into<String>) -> Diagnostic {
        match self.files.get(file) {
            Some(info) => {
                let (line, col) = info.locations.find_key(path);
                Diagnostic::error(file, line, col, message)
                    .with_source(&info.text)
                    .with_line_starts(info.starts())
            }
            None => Diagnostic::file_error(file, message),
        }
    }

    /// An error at line `line`, column `col` of `file`, with its source shown.
    pub fn error_at_position(
        &self,
        file: &Path,
        (line, col): (usize, usize),
        message: impl Into<String>,
    ) -> Diagnostic {
        match self.files.get(file) {
            Some(info) => Diagnostic::error(file, line, col, message)
                .with_source(&info.text)
                .with_line_starts(info.starts()),
            None => Diagnostic::error(file, line, col, message),
        }
    }

    /// An error at the YAML value `path` of `file` (or its nearest known parent).
    pub fn error_at(&self, file: &Path, path: &str, message: impl Into<String>) -> Diagnostic {
        match self.files.get(file) {
            Some(info) => {
                let (line, col) = info.locations.find(path);
                Diagnostic::error(file, line, col, message)
                    .with_source(&info.text)
                    .with_line_starts(info.starts())
            }
            None => Diagnostic::file_error(file, message),
        }
    }

    /// Sets the text of `file`, as re-read after an edit.
    pub fn replace(&mut self, file: &Path, info: Arc<SourceInfo>) {
        self.files.insert(file.to_path_buf(), info);
    }

    /// Length in bytes of a loaded file's text.
    pub fn text_len(&self, file: &Path) -> Option<usize> {
        self.files.get(file).map(|i| i.text.len())
    }

    /// An error at byte `offset` of `file`.
    pub fn error_at_offset(
        &self,
        file: &Path,
        offset: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        match self.files.get(file) {
            Some(info) => {
                let starts = info.starts();
                let (line, col) = crate::diagnostics::position(&info.text, starts, offset);
                Diagnostic::error(file, line, col, message)
                    .with_source(&info.text)
                    .with_line_starts(info.starts())
            }
            None => Diagnostic::file_error(file, message),
        }
    }
}
