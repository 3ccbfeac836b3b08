//! Writing the output folder so that a failed or interrupted build never damages the
//! previous site: everything is written into a fresh folder beside the output, which then
//! replaces the old one with renames.

use crate::render::OutputFile;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Refuses output folders that would overwrite the sources: the site root, `content/`,
/// `themes/`, or any folder that contains one of them.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    let abs = |p: &Path| -> PathBuf {
        let joined = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&joined)
    };
    let out = abs(output);
    let root = abs(root);
    for protected in [root.clone(), root.join("content"), root.join("themes")] {
        if protected.starts_with(&out) {
            return Err(format!(
                "refusing to write the site into {}: it would replace {}",
                output.display(),
                protected.display()
            ));
        }
    }
    if out.starts_with(root.join("content")) || out.starts_with(root.join("themes")) {
        return Err(format!(
            "refusing to write the site inside the sources ({})",
            output.display()
        ));
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system.
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

/// Name of the file, inside an output folder, that lists its files with a hash of each.
pub const MANIFEST: &str = ".stagecraft-manifest";

/// A new output being written beside the old one, in a staging folder that [`Staging::commit`]
/// swaps in. The staging folder is the build before last, kept beside the output
/// (`.<name>.stagecraft-prev`): only files whose contents changed since then are rewritten,
/// because creating thousands of files costs far more than leaving them be. A build that
/// stops before `commit` leaves the output untouched; the half-updated staging folder has no
/// manifest then, and the next build starts it afresh.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    previous: FxHashMap<String, u64>,
    written: Mutex<FxHashMap<String, u64>>,
    rewritten: std::sync::atomic::AtomicUsize,
}

impl Staging {
    /// Starts a new output for `output`, cleaning up what killed builds left behind.
    pub fn new(output: &Path) -> io::Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.stagecraft-prev"));
        let previous = match read_manifest(&dir) {
            Some(m) => {
                // From here until `commit` the folder is half-written: without a manifest
                // the next build will not trust it.
                fs::remove_file(dir.join(MANIFEST))?;
                m
            }
            None => {
                if dir.exists() {
                    fs::remove_dir_all(&dir)?;
                }
                fs::create_dir(&dir)?;
                FxHashMap::default()
            }
        };
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            parent,
            name,
            previous,
            written: Mutex::new(FxHashMap::default()),
            rewritten: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// Writes one file (path relative to the output root, `/`-separated), unless the staging
    /// folder already holds exactly these bytes. Safe to call from several threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        let target = self.dir.join(path);
        let unchanged = self.previous.get(path) == Some(&hash) && target.is_file();
        if !unchanged {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, bytes)?;
            self.rewritten
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), hash);
        Ok(())
    }

    /// How many files were actually written (the others were already right).
    pub fn rewritten(&self) -> usize {
        self.rewritten.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Removes files of the build before last that this build no longer has, records what
    /// the folder holds, and puts it in the place of the old output, which is kept as the
    /// staging folder of the next build.
    pub fn commit(self) -> io::Result<()> {
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        for stale in self.previous.keys().filter(|p| !written.contains_key(*p)) {
            let target = self.dir.join(stale);
            let _ = fs::remove_file(&target);
            // Remove folders the file leaves empty.
            let mut dir = target.parent();
            while let Some(d) = dir {
                if d == self.dir || fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        write_manifest(&self.dir, &written)?;
        swap_in(&self.dir, &self.output, &self.parent, &self.name)
    }
}

fn read_manifest(dir: &Path) -> Option<FxHashMap<String, u64>> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "stagecraft-manifest 1" {
        return None;
    }
    lines
        .map(|l| {
            let (hash, path) = l.split_once(' ')?;
            Some((path.to_string(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

fn write_manifest(dir: &Path, files: &FxHashMap<String, u64>) -> io::Result<()> {
    let mut entries: Vec<(&String, &u64)> = files.iter().collect();
    entries.sort();
    let mut text = String::from("stagecraft-manifest 1\n");
    for (path, hash) in entries {
        text.push_str(&format!("{hash:016x} {path}\n"));
    }
    fs::write(dir.join(MANIFEST), text)
}

/// Writes `files` as the new contents of `output`, atomically as seen from outside: on any
/// error the old output is left as it was.
pub fn write_site(output: &Path, files: &[OutputFile]) -> io::Result<()> {
    let staging = Staging::new(output)?;
    files
        .par_iter()
        .try_for_each(|f| staging.write(&f.path, f.bytes.as_slice()))?;
    staging.commit()
}

/// Removes staging folders that a killed build left beside the output.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.stagecraft-new-"),
        format!(".{name}.stagecraft-old-"),
    ];
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let file_name = e.file_name();
            let n = file_name.to_string_lossy();
            if prefixes.iter().any(|p| n.starts_with(p.as_str())) && e.path().is_dir() {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Puts `staged` in the place of `output`; the old output takes the place of `staged`
/// (it becomes the next build's staging folder).
fn swap_in(staged: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    // Make the new folder readable like a normal one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(staged, fs::Permissions::from_mode(0o755))?;
    }
    if !output.exists() {
        return fs::rename(staged, output);
    }
    if !output.is_dir() {
        return Err(io::Error::other(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    // Linux swaps the two folders in one step: there is no moment without a site.
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staged, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    // Elsewhere: two renames, with the old site put back if the second fails.
    let old = parent.join(format!(".{name}.stagecraft-old-swap"));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staged, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::rename(&old, staged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_source_folders() {
        let root = Path::new("/site");
        assert!(check_output_dir(root, Path::new("/site")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/site/public/../content")).is_err());
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/out")).is_ok());
    }

    #[test]
    fn replaces_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[OutputFile {
                path: "a/index.html".into(),
                bytes: std::sync::Arc::new(b"one".to_vec()),
            }],
        )
        .unwrap();
        write_site(
            &out,
            &[OutputFile {
                path: "b.txt".into(),
                bytes: std::sync::Arc::new(b"two".to_vec()),
            }],
        )
        .unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"two");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![".public.stagecraft-prev", "public"],
            "only the build before last is kept beside the output"
        );
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: std::sync::Arc::new(text.as_bytes().to_vec()),
        }
    }

    fn commit(out: &Path, files: &[OutputFile]) -> usize {
        let staging = Staging::new(out).unwrap();
        for f in files {
            staging.write(&f.path, &f.bytes).unwrap();
        }
        let n = staging.rewritten();
        staging.commit().unwrap();
        n
    }

    #[test]
    fn rebuilds_rewrite_only_what_changed_since_the_build_before_last() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let v1 = [
            file("a/index.html", "A1"),
            file("b/index.html", "B1"),
            file("gone.txt", "x"),
        ];
        let v2 = [file("a/index.html", "A2"), file("b/index.html", "B1")];
        assert_eq!(commit(&out, &v1), 3);
        assert_eq!(
            commit(&out, &v2),
            2,
            "the staging folder is new the second time"
        );
        assert_eq!(
            commit(&out, &v2),
            1,
            "only a/ differs from the build before last"
        );
        assert_eq!(commit(&out, &v2), 0, "nothing changed");
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A2");
        assert!(
            !out.join("gone.txt").exists(),
            "files the site no longer has are removed"
        );
    }

    #[test]
    fn an_interrupted_build_is_not_trusted_by_the_next_one() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let v = [file("a/index.html", "A")];
        commit(&out, &v);
        commit(&out, &v);
        // A build that stops halfway: it scribbles in the staging folder and never commits.
        {
            let staging = Staging::new(&out).unwrap();
            staging.write("a/index.html", b"half").unwrap();
        }
        assert_eq!(
            fs::read_to_string(out.join("a/index.html")).unwrap(),
            "A",
            "output untouched"
        );
        // The next build cannot trust the scribbled folder, so it writes everything.
        assert_eq!(commit(&out, &v), 1);
        assert_eq!(commit(&out, &v), 0);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "A");
    }
}
