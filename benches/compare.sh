#!/usr/bin/env bash
# Whole-process comparison on the same generated pages, measured in the same run with public
# tools only (hyperfine for wall time, /usr/bin/time -v for CPU and peak memory): Stagecraft,
# Zola without and with its search index, and Hugo. Output goes to tmpfs (/dev/shm), so
# engines are compared, not disks.
#
#   benches/compare.sh                   # N = 1,000 and 10,000
#   benches/compare.sh 1000 10000 100000 # any sizes
#   QUICK=1 benches/compare.sh 300       # Stagecraft only, once: a smoke test for CI
#
# Needs: python3, hyperfine and hugo (apt-get install -y hyperfine hugo), and the corpus
# generator ../shared/bench/gen_corpus.py beside this repository. Zola is built once from
# its source (`cargo build --release` in a checkout of getzola/zola, about 12 minutes on two
# cores) and found through ZOLA=/path/to/zola or on PATH; without it, or without hugo, the
# script says so and compares the engines it has.
#
# Settings (environment): RUNS (default 5; 3 from 5,000 pages, 1 from 50,000),
# HUGO_MAX and ZOLA_SEARCH_MAX (the largest N to run Hugo and Zola-with-search at; default
# 10000: at 100,000 pages they take minutes and many GB), BENCH_TMP (default /dev/shm).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
gen="$repo/../shared/bench/gen_corpus.py"
[ -f "$gen" ] || { echo "missing corpus generator: $gen" >&2; exit 1; }
quick=${QUICK:-}
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/stagecraft"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
tmp=${BENCH_TMP:-/dev/shm}
hugo_max=${HUGO_MAX:-10000}
zola_search_max=${ZOLA_SEARCH_MAX:-10000}

zola=${ZOLA:-$(command -v zola || true)}
if [ -z "$quick" ]; then
  if [ -z "$zola" ] || [ ! -x "$zola" ]; then
    echo "Zola not found (set ZOLA=/path/to/zola or put zola on PATH): comparing without it" >&2
    zola=""
  else
    echo "Zola: $("$zola" --version)" >&2
  fi
  if ! command -v hugo >/dev/null; then
    echo "hugo not found (apt-get install -y hugo): comparing without it" >&2
  else
    echo "Hugo: $(hugo version | cut -d' ' -f1-2)" >&2
  fi
  command -v hyperfine >/dev/null || { echo "hyperfine not found (apt-get install -y hyperfine)" >&2; exit 1; }
fi

# Prints "wall_s cpu_s peak_mb" for one run of the command.
measure_once() {
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/.bench-time" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f %.1f\n", $1, $2 + $3, $4 / 1024}' "$tmp/.bench-time"
}

# One engine at one size: median wall time of clean builds (hyperfine), then CPU and peak
# memory of one more clean build. Appends "n|engine|median_s|cpu_s|peak_mb" to rows.
rows=()
bench() {
  local n=$1 engine=$2 out=$3 runs=$4
  shift 4
  local json="$work/$engine.json"
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" \
    --prepare "rm -rf $out $(dirname "$out")/.$(basename "$out").stagecraft-prev" "$*" >/dev/null
  rm -rf "$out" "$(dirname "$out")/.$(basename "$out").stagecraft-prev"
  local median
  median=$(python3 -c 'import json,statistics,sys; print(statistics.median(json.load(open(sys.argv[1]))["results"][0]["times"]))' "$json")
  read -r _ cpu peak < <(measure_once "$@")
  rm -rf "$out" "$(dirname "$out")/.$(basename "$out").stagecraft-prev"
  rows+=("$n|$engine|$median|$cpu|$peak")
}

for n in "${sizes[@]}"; do
  work="$tmp/stagecraft-bench-$n"
  rm -rf "$work"
  mkdir -p "$work"
  python3 "$gen" "$n" --out "$work/corpus" >/dev/null
  sc=("$bin" build --root "$work/corpus/stagecraft" --output "$work/out-sc")
  if [ -n "$quick" ]; then
    read -r wall cpu peak < <(measure_once "${sc[@]}")
    pages=$(find "$work/out-sc" -name index.html | wc -l)
    [ -f "$work/out-sc/index.html" ] || { echo "the site was not written" >&2; exit 1; }
    python3 - "$work/out-sc" "$n" <<'PY'
import pathlib, re, sys
out, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
playbooks = [p for p in out.glob("roadmaps/*/*/index.html")]
assert len(playbooks) == n, f"expected {n} playbook pages, found {len(playbooks)}"
broken = 0
for page in playbooks[:200]:
    for href in re.findall(r'href="([^"#:]+)"', page.read_text()):
        if not (page.parent / href).resolve().exists():
            broken += 1
assert broken == 0, f"{broken} broken links"
print(f"quick benchmark: {n} playbook pages written and linked correctly")
PY
    echo "stagecraft: N=$n wall $wall s, CPU $cpu s, peak $peak MB, $pages pages"
    rm -rf "$work"
    continue
  fi
  runs=${RUNS:-5}
  if [ -z "${RUNS:-}" ]; then
    [ "$n" -ge 5000 ] && runs=3
    [ "$n" -ge 50000 ] && runs=1
  fi
  bench "$n" stagecraft "$work/out-sc" "$runs" "${sc[@]}"
  if [ -n "$zola" ]; then
    bench "$n" zola "$work/out-zola" "$runs" "$zola" --root "$work/corpus/zola" build --output-dir "$work/out-zola" --force
    if [ "$n" -le "$zola_search_max" ]; then
      cp -r "$work/corpus/zola" "$work/corpus/zola-search"
      sed -i 's/^build_search_index = false/build_search_index = true/' "$work/corpus/zola-search/config.toml"
      bench "$n" zola+search "$work/out-zola-search" "$runs" "$zola" --root "$work/corpus/zola-search" build --output-dir "$work/out-zola-search" --force
    fi
  fi
  if command -v hugo >/dev/null && [ "$n" -le "$hugo_max" ]; then
    bench "$n" hugo "$work/out-hugo" "$runs" hugo --quiet -s "$work/corpus/hugo" -d "$work/out-hugo"
  fi
  rm -rf "$work"
done

[ -n "$quick" ] && exit 0
python3 - "${rows[@]}" <<'PY'
import sys
by_n = {}
for r in sys.argv[1:]:
    n, engine, median, cpu, peak = r.split("|")
    by_n.setdefault(int(n), {})[engine] = (float(median), float(cpu), float(peak))
print("| pages | engine | wall (median) | CPU | peak memory | pages/s | Stagecraft is faster by |")
print("|---:|---|---:|---:|---:|---:|---:|")
for n, engines in by_n.items():
    ours = engines["stagecraft"][0]
    for engine, (wall, cpu, peak) in engines.items():
        ratio = "" if engine == "stagecraft" else f"{wall / ours:.2f}×"
        print(f"| {n:,} | {engine} | {wall:.2f} s | {cpu:.2f} s | {peak:,.0f} MB | {n / wall:,.0f} | {ratio} |")
PY
