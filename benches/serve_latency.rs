//! Live-preview benchmark: on a generated site of N playbook pages (default 1,000), edit one
//! playbook at a time and measure, through a connected event stream, the time from the
//! file's write to the reload event, and the server's own rebuild time; then the memory per
//! open tab and whether memory grows over many edits.
//!
//! Run: `cargo bench --bench serve_latency` (env: BENCH_PAGES=1000, BENCH_EDITS=1000).
//! The site comes from `../shared/bench/gen_corpus.py` (Python 3 standard library), or
//! from `BENCH_SITE=<a corpus's stagecraft/ folder>`, which saves generating a large
//! corpus again (its playbooks are edited in place: each edit appends a line).

use stagecraft::serve::{ServeOptions, Server};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Generates the benchmark site with the shared corpus generator.
fn generate(pages: usize, out: &Path) -> PathBuf {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    assert!(
        script.is_file(),
        "the corpus generator is missing: {}",
        script.display()
    );
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(pages.to_string())
        .arg("--out")
        .arg(out)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    out.join("stagecraft")
}

fn open_events(addr: SocketAddr) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /__stagecraft/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut r = BufReader::new(s);
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line).unwrap();
        if line == "\r\n" {
            return r;
        }
    }
}

/// Reads until a `reload` event that names `page`.
fn wait_reload(r: &mut BufReader<TcpStream>, page: &str) {
    let mut event = String::new();
    loop {
        let mut line = String::new();
        r.read_line(&mut line).expect("event within 10 s");
        if let Some(e) = line.strip_prefix("event: ") {
            event = e.trim().to_string();
        } else if line.starts_with("data: ") && event == "reload" && line.contains(page) {
            return;
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let pages = env_usize("BENCH_PAGES", 1000);
    let edits = env_usize("BENCH_EDITS", 1000);
    let dir = tempfile::tempdir().unwrap();
    let root = match std::env::var_os("BENCH_SITE") {
        Some(site) => PathBuf::from(site),
        None => generate(pages, dir.path()),
    };
    let playbooks: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content/roadmaps"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    let rss_start = rss_kb();
    let t = Instant::now();
    let server = Server::start(&ServeOptions {
        root: root.clone(),
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        verbose: false,
        git_dates: false,
    })
    .unwrap();
    let first_build = t.elapsed();
    let mut events = open_events(server.addr());
    std::thread::sleep(Duration::from_millis(100));
    let rss_after_start = rss_kb();

    let mut latencies = Vec::with_capacity(edits);
    let mut rebuilds = Vec::with_capacity(edits);
    let mut rss_at_100 = 0;
    for i in 0..edits {
        let file = &playbooks[(i * 7919) % playbooks.len()];
        let rel = file.strip_prefix(root.join("content/roadmaps")).unwrap();
        let mut parts = rel.iter().map(|p| p.to_string_lossy().into_owned());
        let (rm, _, stage) = (parts.next().unwrap(), parts.next(), parts.next().unwrap());
        let page = format!("roadmaps/{rm}/{}/index.html", stage.trim_end_matches(".md"));
        let mut text = std::fs::read_to_string(file).unwrap();
        text.push_str(&format!("\nEdit number {i}.\n"));
        let start = Instant::now();
        std::fs::write(file, text).unwrap();
        wait_reload(&mut events, &page);
        latencies.push(start.elapsed().as_secs_f64() * 1000.0);
        let snap = server.state().snapshot.read().unwrap();
        rebuilds.push(snap.last_rebuild.as_secs_f64() * 1000.0);
        drop(snap);
        if i == 99 {
            rss_at_100 = rss_kb();
        }
        if std::env::var_os("BENCH_TRACE_RSS").is_some() && i % 250 == 249 {
            eprintln!(
                "  after {} edits: {:.1} MB",
                i + 1,
                rss_kb() as f64 / 1024.0
            );
        }
        // Let the debouncer forget the file, as an author typing would.
        std::thread::sleep(Duration::from_millis(30));
    }
    let rss_end = rss_kb();

    // Memory per open tab: 50 more event streams.
    let before_tabs = rss_kb();
    let tabs: Vec<_> = (0..50).map(|_| open_events(server.addr())).collect();
    std::thread::sleep(Duration::from_millis(200));
    let per_tab_kb = (rss_kb() as f64 - before_tabs as f64) / tabs.len() as f64;

    latencies.sort_by(f64::total_cmp);
    rebuilds.sort_by(f64::total_cmp);
    println!(
        "serve benchmark: {} playbook pages, {edits} edits, one connected tab",
        playbooks.len()
    );
    println!(
        "  initial build (in serve):        {:>8.1} ms",
        first_build.as_secs_f64() * 1000.0
    );
    println!(
        "  save -> reload event   median    {:>8.1} ms   p95 {:>6.1} ms   max {:>6.1} ms",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        latencies[latencies.len() - 1]
    );
    println!(
        "  one-playbook rebuild   median    {:>8.1} ms   p95 {:>6.1} ms",
        percentile(&rebuilds, 0.5),
        percentile(&rebuilds, 0.95)
    );
    println!(
        "  memory: before {:.1} MB, serving {:.1} MB, after 100 edits {:.1} MB, after {edits} edits {:.1} MB",
        rss_start as f64 / 1024.0,
        rss_after_start as f64 / 1024.0,
        rss_at_100 as f64 / 1024.0,
        rss_end as f64 / 1024.0
    );
    println!("  memory per open tab: {:.1} KB", per_tab_kb);
}
