//! Fuzz target: a whole site from one input, loaded, checked and rendered in memory.
//!
//! The input is split at the byte 0x1E (ASCII "record separator") into at most five files,
//! in this order (missing parts mean the file is absent; the fifth part keeps any further
//! separators):
//!
//! 1. `content/site.yaml`
//! 2. `content/roadmaps/r/roadmap.yaml`
//! 3. `content/roadmaps/r/stages/s.md` (the playbook of stage `s`)
//! 4. `content/onboarding/m.md`
//! 5. `content/pages/p.md`
//!
//! `content/static/logo.svg` always exists, so `@/static/logo.svg` resolves. Every run
//! reuses one temporary site folder per process. Besides "no panic, no hang", the target
//! checks that every diagnostic can be shown (as `build` prints it), that a failed build
//! reports a problem, and that output paths are unique and stay inside the output folder.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const SEPARATOR: u8 = 0x1E;

const FILES: [&str; 5] = [
    "content/site.yaml",
    "content/roadmaps/r/roadmap.yaml",
    "content/roadmaps/r/stages/s.md",
    "content/onboarding/m.md",
    "content/pages/p.md",
];

struct Scratch {
    _dir: tempfile::TempDir,
    root: PathBuf,
    pool: rayon::ThreadPool,
}

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        // A RAM-backed folder when there is one: thousands of runs a second write here.
        let dir = tempfile::Builder::new()
            .prefix("stagecraft-fuzz-")
            .tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .expect("temporary folder");
        let root = dir.path().to_path_buf();
        for sub in ["roadmaps/r/stages", "onboarding", "pages", "static"] {
            std::fs::create_dir_all(root.join("content").join(sub)).unwrap();
        }
        std::fs::write(
            root.join("content/static/logo.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .unwrap();
        // One worker: the fuzzer runs one input at a time, and a small pool keeps runs fast
        // and reproducible.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        Scratch {
            _dir: dir,
            root,
            pool,
        }
    })
}

fn write_site(root: &Path, data: &[u8]) {
    let mut parts = data.splitn(FILES.len(), |&b| b == SEPARATOR);
    for rel in FILES {
        let path = root.join(rel);
        match parts.next() {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("cannot remove {}: {e}", path.display()),
            },
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let s = scratch();
    write_site(&s.root, data);
    s.pool
        .install(|| match stagecraft::build::render(&s.root, None) {
            Ok(site) => {
                let mut seen = std::collections::HashSet::new();
                for f in &site.files {
                    assert!(seen.insert(&f.path), "two output files at {:?}", f.path);
                    assert!(
                        !f.path.starts_with('/')
                            && !f.path.contains('\\')
                            && f.path
                                .split('/')
                                .all(|c| !c.is_empty() && c != "." && c != ".."),
                        "output path escapes the output folder: {:?}",
                        f.path
                    );
                }
                for d in &site.warnings {
                    let _ = d.render(false);
                }
            }
            Err(failure) => {
                assert!(
                    !failure.diagnostics.is_empty(),
                    "a failed build must report a problem"
                );
                for d in &failure.diagnostics {
                    let _ = d.to_string();
                    let _ = d.render(false);
                }
            }
        });
});
