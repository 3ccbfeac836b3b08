//! The output folder is replaced atomically: a build killed at any moment leaves the previous
//! site complete and unchanged (or, if it got that far, the complete new one), never a mix.

mod common;

use common::TestSite;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Every file of `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::file_list(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// A site big enough that a build takes a noticeable time: 8 roadmaps of 60 stages.
fn big_site() -> TestSite {
    let site = TestSite::fixture("basic");
    let body = "## Section\n\nSome text with a [link](@/pages/glossary.md).\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n".repeat(20);
    for r in 0..8 {
        let mut yaml = format!("title: Roadmap {r}\nroles: [{{id: ae, name: AE}}]\nstages:\n");
        for s in 0..60 {
            yaml.push_str(&format!(
                "  - {{id: s{s}, name: Stage {s}, owner: ae, conversion_rate: 0.5}}\n"
            ));
            site.write(&format!("content/roadmaps/big{r}/stages/s{s}.md"), &body);
        }
        site.write(&format!("content/roadmaps/big{r}/roadmap.yaml"), &yaml);
    }
    site
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let site = big_site();
    let bin = env!("CARGO_BIN_EXE_stagecraft");
    let build = || {
        Command::new(bin)
            .args(["build", "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    assert!(build().status.success());
    let old = snapshot(&site.output());
    assert!(old.len() > 480);
    site.edit("content/site.yaml", "title:", "title: New ");
    assert!(build().status.success());
    let new = snapshot(&site.output());
    assert_ne!(old, new);
    site.edit("content/site.yaml", "title: New ", "title:");
    // Kill builds at different moments; each time the output must be one whole site.
    for delay_ms in [5, 30, 80, 150, 300, 600] {
        // Make the next build produce `old` again over an output that holds `new`, or the
        // other way round, so a half-written output would show.
        let current = snapshot(&site.output());
        let mut child = Command::new(bin)
            .args(["build", "--root"])
            .arg(site.root())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let after = snapshot(&site.output());
        let whole = after == current || after == old || after == new;
        assert!(
            whole,
            "killed after {delay_ms} ms: the output is neither the previous nor the next site"
        );
        // Flip the source for the next round.
        let text = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
        if text.contains("title: New ") {
            site.edit("content/site.yaml", "title: New ", "title:");
        } else {
            site.edit("content/site.yaml", "title:", "title: New ");
        }
    }
    // The next build cleans up what the killed ones left and succeeds.
    assert!(build().status.success());
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("stagecraft-new-") || n.contains("stagecraft-old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}
