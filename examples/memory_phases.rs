//! Prints resident memory after each phase of a build, to see where memory goes.
//! `cargo run --release --example memory_phases -- <site root>`
fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("site root"));
    println!("start            {:>7.1} MB", rss_mb());
    let loaded = stagecraft::source::load_site(&root);
    println!("loaded           {:>7.1} MB", rss_mb());
    drop(loaded);
    println!("dropped          {:>7.1} MB", rss_mb());
    let mut session = stagecraft::build::Session::new(&root, None);
    if let Some(out) = std::env::args().nth(2) {
        let staging = stagecraft::output::Staging::new(std::path::Path::new(&out)).unwrap();
        let sink = |p: &str, b: &[u8]| staging.write(p, b);
        let site = session
            .render_into(Some(&sink))
            .map_err(|f| f.diagnostics.len())
            .unwrap();
        println!(
            "rendered (disk)  {:>7.1} MB, {} files",
            rss_mb(),
            site.files.len()
        );
        staging.commit().unwrap();
        println!("committed        {:>7.1} MB", rss_mb());
    } else {
        let sink = |_: &str, _: &[u8]| Ok(());
        let site = session
            .render_into(Some(&sink))
            .map_err(|f| f.diagnostics.len())
            .unwrap();
        println!(
            "rendered (sink)  {:>7.1} MB, {} files",
            rss_mb(),
            site.files.len()
        );
    }
}
