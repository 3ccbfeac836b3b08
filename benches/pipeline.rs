//! In-process benchmarks of the pipeline's stages on a generated 1,000-page site: loading
//! (read + parse), a full in-memory render (load, check, Markdown, pages), and an incremental
//! re-render after one playbook changes.
//!
//! `cargo bench --bench pipeline` (BENCH_PAGES changes the size). The site comes from
//! `../shared/bench/gen_corpus.py`.

use criterion::{Criterion, criterion_group, criterion_main};
use stagecraft::build::Session;
use std::path::{Path, PathBuf};

fn corpus() -> (tempfile::TempDir, PathBuf) {
    let pages = std::env::var("BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000usize);
    let dir = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(pages.to_string())
        .arg("--out")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success());
    let root = dir.path().join("stagecraft");
    (dir, root)
}

fn pipeline(c: &mut Criterion) {
    let (_keep, root) = corpus();
    let mut group = c.benchmark_group("pipeline");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| stagecraft::source::load_site(&root)));
    group.bench_function("render in memory", |b| {
        b.iter(|| {
            stagecraft::build::render(&root, None)
                .map(|s| s.files.len())
                .unwrap_or(0)
        })
    });
    let playbook = walkdir::WalkDir::new(root.join("content/roadmaps"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap()
        .into_path();
    let mut session = Session::new(&root, None);
    session.render().unwrap();
    let mut n = 0u64;
    group.bench_function("re-render after one playbook edit", |b| {
        b.iter(|| {
            n += 1;
            let mut text = std::fs::read_to_string(&playbook).unwrap();
            text.push_str(&format!("\nedit {n}\n"));
            std::fs::write(&playbook, text).unwrap();
            session.invalidate([playbook.as_path()]);
            session.render().unwrap().rendered_pages
        })
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
