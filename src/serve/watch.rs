//! Watching the sources: notify with a debouncer, filtered to the files that make the site,
//! delivered as batches of changed paths.

use notify::RecursiveMode;
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long a file must be quiet before its change is delivered. Editors that save by
/// writing a temporary file and renaming it produce several events within a few ms.
pub const DEBOUNCE: Duration = Duration::from_millis(25);

/// A running watcher; dropping it stops watching.
pub struct SourceWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl SourceWatcher {
    /// Starts watching `content/` and `themes/` if they appeared since the last call.
    pub fn watch_new_folders(&mut self) {
        for sub in ["content", "themes"] {
            let dir = self.root.join(sub);
            if dir.is_dir()
                && !self.watched.contains(&dir)
                && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                self.watched.push(dir);
            }
        }
    }
}

/// Whether a changed path can affect the site: inside `content/` or `themes/`, and not an
/// editor's swap, backup or lock file.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let top = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    matches!(top.as_deref(), Some("content" | "themes")) && !crate::source::is_editor_litter(rel)
}

/// Whether an event can change what a file holds. Reading a file (which the rebuild itself
/// does) gives access events, which must not start another rebuild.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => {
            matches!(m, MetadataKind::WriteTime | MetadataKind::Any)
        }
        _ => true,
    }
}

/// Watches `root/content` and `root/themes` (and `root`, so that a `themes/` folder created
/// later is seen) and sends each debounced batch of relevant changed paths to `tx`.
pub fn watch(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<SourceWatcher> {
    let root_owned = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        // When the watcher lost track (an error, or the kernel's queue overflowed), report
        // the whole root so that everything is re-read.
        let lost = match &result {
            Err(_) => true,
            Ok(events) => events.iter().any(|e| e.event.need_rescan()),
        };
        if lost {
            let _ = tx.send(vec![root_owned.clone()]);
            return;
        }
        if let Ok(events) = result {
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| changes_content(&e.event.kind))
                .flat_map(|e| e.event.paths.iter())
                .filter(|p| is_relevant(&root_owned, p))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        }
    })?;
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    let mut watcher = SourceWatcher {
        debouncer,
        root: root.to_path_buf(),
        watched: Vec::new(),
    };
    watcher.watch_new_folders();
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_are_relevant() {
        let root = Path::new("/site");
        assert!(is_relevant(
            root,
            Path::new("/site/content/roadmaps/a/roadmap.yaml")
        ));
        assert!(is_relevant(
            root,
            Path::new("/site/themes/default/static/assets/style.css")
        ));
        assert!(!is_relevant(root, Path::new("/site/public/index.html")));
        assert!(!is_relevant(
            root,
            Path::new("/site/content/pages/.faq.md.swp")
        ));
        assert!(!is_relevant(root, Path::new("/site/content/pages/faq.md~")));
        assert!(!is_relevant(
            root,
            Path::new("/site/content/pages/.#faq.md")
        ));
        assert!(!is_relevant(root, Path::new("/site/content/pages/4913")));
    }
}
