//! The README stays true to what CI does: its prerequisites line names exactly the Debian
//! packages that `.ci/run` installs, so a newcomer who follows it has what the tests need.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The package names after `apt-get install -y` on `line`, up to a shell separator.
fn apt_packages(line: &str) -> BTreeSet<String> {
    let (_, rest) = line
        .split_once("apt-get install -y")
        .expect("an apt-get install -y command");
    rest.split(['&', ';', '|', '#'])
        .next()
        .unwrap_or("")
        .split_whitespace()
        .filter(|w| !w.starts_with('-'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_names_every_package_ci_installs() {
    let readme = read("README.md");
    let lines: Vec<&str> = readme
        .lines()
        .filter(|l| l.contains("apt-get install -y chromium"))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "the README has one prerequisites line that installs chromium: {lines:?}"
    );
    let in_readme = apt_packages(lines[0]);

    let ci = read(".ci/run");
    let listed = ci
        .lines()
        .find_map(|l| l.strip_prefix("packages=\""))
        .and_then(|l| l.strip_suffix('"'))
        .expect(".ci/run lists its packages in one `packages=\"…\"` line");
    let in_ci: BTreeSet<String> = listed.split_whitespace().map(str::to_string).collect();
    assert!(
        ci.contains("apt-get install -y -qq $packages"),
        ".ci/run installs that list"
    );
    assert_eq!(
        in_readme, in_ci,
        "the README's prerequisites and .ci/run's packages differ"
    );
    for needed in [
        "chromium",
        "chromium-driver",
        "fonts-noto-cjk",
        "fonts-droid-fallback",
    ] {
        assert!(in_ci.contains(needed), "{needed} is installed");
    }
}
