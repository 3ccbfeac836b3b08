//! Shared helpers for the integration tests: copy a fixture site, build it, read and crawl
//! the output.
#![allow(dead_code)]

pub mod browser;
pub mod crawl;
pub mod search_index;
pub mod static_server;

use stagecraft::build::{BuildFailure, BuildOptions, BuildReport, build};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The day every test build counts as "today" (review dates, goal pace, overdue
/// milestones), so that no test's outcome depends on the day it runs.
pub const TEST_DAY: &str = "2026-12-01";

/// [`TEST_DAY`] as a date.
pub fn test_day() -> stagecraft::model::Date {
    stagecraft::model::Date::parse(TEST_DAY).expect("TEST_DAY is a date")
}

/// A copy of a fixture site in a temporary folder, with an output folder beside it.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// Copies `tests/fixtures/<name>` (or the repo's sample site for `"sample"`).
    pub fn fixture(name: &str) -> TestSite {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let src = if name == "sample" {
            manifest.to_path_buf()
        } else {
            manifest.join("tests/fixtures").join(name)
        };
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src.join("content"), &dir.path().join("content"));
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Overwrites (or creates) a file under the site root.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
        self
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
        self
    }

    /// Replaces the first occurrence of `from` by `to` in a file; panics if absent.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> &Self {
        let p = self.root().join(rel);
        let text = fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        fs::write(p, text.replacen(from, to, 1)).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    /// Builds the site as of [`TEST_DAY`].
    pub fn build(&self) -> Result<BuildReport, BuildFailure> {
        build(&BuildOptions {
            root: self.root().to_path_buf(),
            output: self.output(),
            base_url: None,
            as_of: Some(test_day()),
            git_dates: false,
        })
    }

    /// Builds and expects success.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(r) => r,
            Err(f) => panic!(
                "build failed:\n{}",
                f.diagnostics
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }

    /// Builds and expects failure; returns every diagnostic as `file:line:col: error: ...`.
    pub fn build_err(&self) -> Vec<String> {
        match self.build() {
            Ok(_) => panic!("the build should have failed"),
            Err(f) => f.errors().map(|d| d.to_string()).collect(),
        }
    }

    /// Reads an output file.
    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.output().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `href="…"` and `src="…"` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
                rest = &rest[end..];
            }
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Crawls every HTML file of `output` and returns the internal links that do not resolve
/// to a file (or to an anchor that exists on the target page), as `page -> link`.
pub fn broken_links(output: &Path) -> Vec<String> {
    let mut broken = Vec::new();
    let pages: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    for page in &pages {
        let rel_page = page.strip_prefix(output).unwrap();
        if rel_page.file_name() == Some(std::ffi::OsStr::new("404.html")) {
            continue; // served at any depth; its links are root-absolute by design
        }
        let html = fs::read_to_string(page).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (path, anchor) = match link.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (link.clone(), None),
            };
            let target = if path.is_empty() {
                page.clone()
            } else {
                normalize(&page.parent().unwrap().join(percent_decode(&path)))
            };
            if !target.starts_with(output) || !target.is_file() {
                broken.push(format!("{} -> {link}", rel_page.display()));
                continue;
            }
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                let text = fs::read_to_string(&target).unwrap_or_default();
                if !text.contains(&format!("id=\"{}\"", percent_decode(&a))) {
                    broken.push(format!("{} -> {link} (missing anchor)", rel_page.display()));
                }
            }
        }
    }
    broken
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Every file under `dir`, relative, sorted.
pub fn file_list(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Asserts that exactly one of `errors` (as [`TestSite::build_err`] gives them) starts with
/// `location` (`file:line:col`) and that it contains every one of `words`.
#[track_caller]
pub fn assert_error(errors: &[String], location: &str, words: &[&str]) {
    let hits: Vec<&String> = errors
        .iter()
        .filter(|e| e.starts_with(&format!("{location}: error: ")))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "expected one error at {location}, got:\n{}",
        errors.join("\n")
    );
    for w in words {
        assert!(
            hits[0].contains(w),
            "the error at {location} should say {w:?}:\n{}",
            hits[0]
        );
    }
}
