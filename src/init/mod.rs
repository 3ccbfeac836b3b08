//! `stagecraft init`: write a small, working starter site that documents the format.

use std::fs;
use std::io;
use std::path::Path;

macro_rules! starter {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("starter/", $path)))),*]
    };
}

/// The starter site's files, by path relative to the new site's root.
pub const STARTER: &[(&str, &str)] = starter![
    "content/site.yaml",
    "content/roadmaps/main/roadmap.yaml",
    "content/roadmaps/main/stages/prospect.md",
    "content/roadmaps/main/stages/discover.md",
    "content/onboarding/welcome.md",
    "content/pages/about.md",
];

/// Writes the starter site into `dir`, which must not already hold a `content/` folder.
pub fn init_site(dir: &Path) -> io::Result<usize> {
    if dir.join("content").exists() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} already has a content/ folder; choose an empty folder",
                dir.display()
            ),
        ));
    }
    for (path, text) in STARTER {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, text)?;
    }
    fs::write(dir.join(".gitignore"), "/public/\n/.public.stagecraft-*\n")?;
    Ok(STARTER.len())
}
