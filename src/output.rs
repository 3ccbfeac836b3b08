//! Writing the output folder so that a failed or interrupted build never damages the
//! previous site: everything is written into a fresh folder beside the output, which then
//! replaces the old one with renames.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// A new output being written beside the old one. Files go into a hidden staging folder;
/// [`Staging::commit`] swaps it in, and dropping it uncommitted deletes it, leaving the old
/// output as it was.
pub struct Staging {
    dir: tempfile::TempDir,
    output: PathBuf,
    parent: PathBuf,
    name: String,
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
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.stagecraft-new-"))
            .tempdir_in(&parent)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            parent,
            name,
        })
    }

    /// Writes one file (path relative to the output root, `/`-separated). Safe to call from
    /// several threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = self.dir.path().join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, bytes)
    }

    /// Puts the new output in the place of the old one.
    pub fn commit(self) -> io::Result<()> {
        let staged = self.dir.keep();
        if let Err(e) = swap_in(&staged, &self.output, &self.parent, &self.name) {
            let _ = fs::remove_dir_all(&staged);
            return Err(e);
        }
        Ok(())
    }
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

/// Puts `staged` in the place of `output`, moving the old output aside first and deleting it
/// once the new one is in place.
fn swap_in(staged: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    // Make the new folder readable like a normal one (tempdir creates it 0700).
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
            // The old site is now at the staging path.
            return fs::remove_dir_all(staged);
        }
    }
    let old = tempfile::Builder::new()
        .prefix(&format!(".{name}.stagecraft-old-"))
        .tempdir_in(parent)?
        .keep();
    fs::remove_dir(&old)?;
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staged, output) {
        // Put the old site back before reporting.
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::remove_dir_all(&old)
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
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folders are cleaned up");
    }
}
