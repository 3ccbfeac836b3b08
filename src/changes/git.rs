//! The Git history of a site's sources, read with one `git log` for the whole tree (and,
//! for the unlogged-change warning, one `git cat-file --batch` for every old text needed).

use crate::model::Date;
use rustc_hash::FxHashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// One commit that touched a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// Its full hash.
    pub hash: String,
    /// Its committer date.
    pub date: Date,
}

/// The commits that touched each file under `content/`, newest first, by path relative to
/// the site root (`content/pages/faq.md`).
#[derive(Debug, Default)]
pub struct GitHistory {
    files: FxHashMap<String, Vec<Commit>>,
}

impl GitHistory {
    /// Reads the history of `root/content/` with one `git log`. An error says why there is
    /// none (Git missing, not a Git work tree).
    pub fn read(root: &Path) -> Result<GitHistory, String> {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "-c",
                "core.quotePath=false",
                "log",
                "--no-renames",
                "--relative",
                "--name-only",
                "--format=%x01%H %cs",
                "--",
                "content",
            ])
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !output.status.success() {
            let err = String::from_utf8_lossy(&output.stderr);
            return Err(err.lines().next().unwrap_or("git log failed").to_string());
        }
        Ok(Self::parse(&String::from_utf8_lossy(&output.stdout)))
    }

    /// Parses `git log --format=%x01%H %cs --name-only` output.
    pub fn parse(log: &str) -> GitHistory {
        let mut files: FxHashMap<String, Vec<Commit>> = FxHashMap::default();
        let mut current: Option<Commit> = None;
        for line in log.lines() {
            if let Some(header) = line.strip_prefix('\u{1}') {
                current = header.split_once(' ').and_then(|(hash, date)| {
                    Some(Commit {
                        hash: hash.to_string(),
                        date: Date::parse(date.trim())?,
                    })
                });
            } else if !line.is_empty()
                && let Some(c) = &current
            {
                files.entry(line.to_string()).or_default().push(c.clone());
            }
        }
        GitHistory { files }
    }

    /// The commits that touched `file` (relative to the site root), newest first.
    pub fn commits(&self, file: &Path) -> &[Commit] {
        let key = file
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        self.files.get(&key).map_or(&[], Vec::as_slice)
    }

    /// The date of the last commit that touched `file`.
    pub fn last_date(&self, file: &Path) -> Option<Date> {
        self.commits(file).iter().map(|c| c.date).max()
    }
}

/// The texts of `wanted` (`(commit, path relative to root)`), read with one
/// `git cat-file --batch`; `None` for each that Git does not have.
pub fn texts_at(root: &Path, wanted: &[(String, String)]) -> Result<Vec<Option<String>>, String> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut request = String::new();
    for (commit, path) in wanted {
        request.push_str(&format!("{commit}:./{path}\n"));
    }
    let mut stdin = child.stdin.take().ok_or("no stdin for git")?;
    // Write from another thread, so that a large answer cannot block the request.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut out = Vec::new();
    child
        .stdout
        .take()
        .ok_or("no stdout from git")?
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let _ = child.wait();
    let mut texts = Vec::with_capacity(wanted.len());
    let mut rest = out.as_slice();
    for _ in wanted {
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            texts.push(None);
            continue;
        };
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let size = header
            .split(' ')
            .nth(2)
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|_| header.split(' ').nth(1) == Some("blob"));
        match size {
            Some(n) if rest.len() > n => {
                texts.push(Some(String::from_utf8_lossy(&rest[..n]).into_owned()));
                rest = &rest[n + 1..];
            }
            _ => texts.push(None),
        }
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_first_per_file() {
        let log = "\u{1}aaa 2026-11-20\n\ncontent/a.md\ncontent/b.md\n\u{1}bbb 2026-10-01\n\ncontent/a.md\n";
        let h = GitHistory::parse(log);
        assert_eq!(
            h.last_date(Path::new("content/a.md")),
            Date::parse("2026-11-20")
        );
        assert_eq!(h.commits(Path::new("content/a.md")).len(), 2);
        assert_eq!(h.commits(Path::new("content/a.md"))[1].hash, "bbb");
        assert_eq!(h.last_date(Path::new("content/c.md")), None);
    }
}
