//! Times the steps of an incremental rebuild of a site after touching one playbook.
//! `cargo run --release --example rebuild_profile -- <site root> <playbook path>`
use stagecraft::build::Session;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::PathBuf::from(&args[1]);
    let file = std::path::PathBuf::from(&args[2]);
    let mut session = Session::new(&root, None);
    session.render().unwrap();
    session.trust_invalidations(true);
    let mut times = Vec::new();
    let rounds = 30;
    for i in 0..rounds {
        let mut text = std::fs::read_to_string(&file).unwrap();
        text.push_str(&format!("\nedit {i}\n"));
        std::fs::write(&file, text).unwrap();
        let t = Instant::now();
        session.invalidate([file.as_path()]);
        let r = session.render().unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(r.rendered_pages, 1);
    }
    times.sort_by(f64::total_cmp);
    println!("median {:.2} ms, min {:.2} ms", times[rounds / 2], times[0]);
}
