#!/usr/bin/env bash
# What the change log costs a large build: the same generated site built by the base
# version (before `changes` existed) and by this one, then by this one with a `changes`
# list of three entries (one with a link) on every playbook. Wall time with hyperfine, the
# binaries alternating in the same run; output on tmpfs.
#
#   benches/changes_cost.sh            # 10,000 pages, base = main
#   BASE=ae40a44 benches/changes_cost.sh 10000
#
# Settings (environment): BASE (a git ref to compare with; default main), RUNS (default 10),
# BENCH_TMP (default /dev/shm), GEN (the corpus generator), BIN and BASE_BIN (use these binaries instead of building
# release binaries of this checkout and of BASE). Needs python3, hyperfine, and the corpus
# generator ../shared/bench/gen_corpus.py beside this repository.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN:-"$repo/../shared/bench/gen_corpus.py"}
[ -f "$gen" ] || { echo "missing corpus generator: $gen" >&2; exit 1; }
n=${1:-10000}
runs=${RUNS:-10}
tmp=${BENCH_TMP:-/dev/shm}/stagecraft-changes-cost
base=${BASE:-main}
mkdir -p "$tmp"

bin=${BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
  bin="$repo/target/release/stagecraft"
fi
base_bin=${BASE_BIN:-}
if [ -z "$base_bin" ]; then
  rm -rf "$tmp/base"
  git -C "$repo" worktree add --detach --force "$tmp/base" "$base" >/dev/null
  CARGO_TARGET_DIR="$tmp/base-target" cargo build --release --quiet --manifest-path "$tmp/base/Cargo.toml"
  base_bin="$tmp/base-target/release/stagecraft"
  git -C "$repo" worktree remove --force "$tmp/base"
fi

corpus="$tmp/c$n"
if [ ! -d "$corpus/stagecraft/content" ]; then
  python3 "$gen" "$n" --out "$corpus" >/dev/null
fi
logged="$tmp/c$n-changes"
rm -rf "$logged"
cp -r "$corpus/stagecraft" "$logged"
# Three changes on every playbook, newest first, dated from its `updated`.
python3 - "$logged/content/roadmaps" <<'PY'
import datetime, pathlib, sys
for f in pathlib.Path(sys.argv[1]).glob("*/stages/*.md"):
    text = f.read_text()
    head, rest = text[4:].split("\n---\n", 1)
    day = datetime.date.fromisoformat(head.split("updated: ")[1][:10])
    roadmap = f.parent.parent.name
    entries = [
        (day, "Rewrote the opening and the [roadmap's](@/roadmaps/%s/roadmap.yaml) exit step" % roadmap, "true"),
        (day - datetime.timedelta(days=10), "New discount rule for multi-year deals", "false"),
        (day - datetime.timedelta(days=40), "First version", "false"),
    ]
    changes = "".join("  - {date: %s, note: \"%s\", major: %s}\n" % e for e in entries)
    f.write_text("---\n" + head + "\nchanges:\n" + changes + "---\n" + rest)
PY

echo "== $n pages: base ($base), this version, this version with a change log on every playbook"
hyperfine -N --warmup 2 --runs "$runs" \
  -n "base, no changes" "$base_bin build --root $corpus/stagecraft --output $tmp/out-base" \
  -n "this, no changes" "$bin build --root $corpus/stagecraft --output $tmp/out-new" \
  -n "this, 3 changes a playbook" "$bin build --root $logged --output $tmp/out-logged"
