//! What the dev server holds: the last good site in memory, the current error if any, and
//! the channel that tells open tabs what happened.

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// One problem as the browser overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorView {
    /// `file:line:col`.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do, if known.
    pub hint: Option<String>,
}

impl From<&Diagnostic> for ErrorView {
    fn from(d: &Diagnostic) -> Self {
        ErrorView {
            location: d.location(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

/// What a rebuild tells the open tabs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// These output paths changed: tabs showing one of them reload.
    Reload(Vec<String>),
    /// Only stylesheets changed: tabs swap them without reloading.
    Css,
    /// The build failed: tabs show these problems over the page.
    Error(Vec<ErrorView>),
    /// The error is fixed: tabs remove the overlay.
    Ok,
}

/// The site as served, and the last build error.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Output path → bytes, from the last good build.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Problems of the last build, when it failed.
    pub errors: Vec<ErrorView>,
    /// Counts good builds, for tests and logs.
    pub generation: u64,
    /// How long the last rebuild took, from the change to the installed site.
    pub last_rebuild: std::time::Duration,
    /// Pages the last rebuild rendered.
    pub last_rendered: usize,
}

/// State shared by the HTTP handlers and the rebuild loop.
#[derive(Debug)]
pub struct ServeState {
    /// The current site.
    pub snapshot: RwLock<Snapshot>,
    /// Events for open tabs.
    pub events: broadcast::Sender<LiveEvent>,
}

impl ServeState {
    /// An empty state with room for a few pending events per tab.
    pub fn new() -> Arc<Self> {
        let (events, _) = broadcast::channel(64);
        Arc::new(ServeState {
            snapshot: RwLock::new(Snapshot::default()),
            events,
        })
    }

    /// Installs a good build and returns the output paths whose bytes changed.
    pub fn install(
        &self,
        files: Vec<OutputFile>,
        took: std::time::Duration,
        rendered: usize,
    ) -> Vec<String> {
        let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let mut changed: Vec<String> = Vec::new();
        let mut next = HashMap::with_capacity(files.len());
        for f in files {
            match snap.files.get(&f.path) {
                Some(old) if Arc::ptr_eq(old, &f.bytes) || old == &f.bytes => {}
                _ => changed.push(f.path.clone()),
            }
            next.insert(f.path, f.bytes);
        }
        changed.extend(
            snap.files
                .keys()
                .filter(|k| !next.contains_key(*k))
                .cloned(),
        );
        changed.sort();
        snap.files = next;
        snap.errors.clear();
        snap.generation += 1;
        snap.last_rebuild = took;
        snap.last_rendered = rendered;
        changed
    }

    /// Installs the files a patched rebuild changed (and removes `removed`), keeping the
    /// rest of the site; returns the output paths whose bytes changed.
    pub fn patch(
        &self,
        files: Vec<OutputFile>,
        removed: &[String],
        took: std::time::Duration,
        rendered: usize,
    ) -> Vec<String> {
        let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let mut changed: Vec<String> = Vec::new();
        for f in files {
            match snap.files.get(&f.path) {
                Some(old) if Arc::ptr_eq(old, &f.bytes) || old == &f.bytes => {}
                _ => {
                    changed.push(f.path.clone());
                    snap.files.insert(f.path, f.bytes);
                }
            }
        }
        for path in removed {
            if snap.files.remove(path).is_some() {
                changed.push(path.clone());
            }
        }
        changed.sort();
        changed.dedup();
        snap.errors.clear();
        snap.generation += 1;
        snap.last_rebuild = took;
        snap.last_rendered = rendered;
        changed
    }

    /// Records a failed build; the last good site stays.
    pub fn fail(&self, errors: Vec<ErrorView>) {
        let mut snap = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        snap.errors = errors;
    }

    /// Tells every open tab; nobody listening is fine.
    pub fn notify(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}
