#!/usr/bin/env bash
# Whole-process comparison: Stagecraft against Hugo on the same generated pages, measured in
# the same run with public tools only (hyperfine for wall time, /usr/bin/time -v for CPU and
# peak memory). Output goes to tmpfs (/dev/shm), so engines are compared, not disks.
#
#   benches/compare.sh              # N = 1,000 and 10,000
#   benches/compare.sh 2000         # any sizes
#   QUICK=1 benches/compare.sh 300  # one run each, no Hugo needed: a smoke test for CI
#
# Needs: python3, hyperfine and hugo (apt-get install -y hyperfine hugo), and the corpus
# generator ../shared/bench/gen_corpus.py beside this repository.
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

# Prints "wall_s cpu_s peak_mb" for one run of the command.
measure_once() {
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/.bench-time" "$@" >/dev/null 2>&1
  awk '{printf "%.3f %.3f %.1f\n", $1, $2 + $3, $4 / 1024}' "$tmp/.bench-time"
}

rows=()
for n in "${sizes[@]}"; do
  work="$tmp/stagecraft-bench-$n"
  rm -rf "$work"
  mkdir -p "$work"
  python3 "$gen" "$n" --out "$work/corpus" >/dev/null
  sc="$bin build --root $work/corpus/stagecraft --output $work/out-sc"
  hugo_cmd="hugo --quiet -s $work/corpus/hugo -d $work/out-hugo"
  if [ -n "$quick" ]; then
    read -r wall cpu peak < <(measure_once $sc)
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
    rows+=("$n|stagecraft|$wall|$cpu|$peak|$pages")
    continue
  fi
  runs=5; [ "$n" -ge 5000 ] && runs=3
  # Clean builds: the output folder and Stagecraft's reused staging folder are removed first.
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/sc.json" \
    --prepare "rm -rf $work/out-sc $work/.out-sc.stagecraft-prev" "$sc" >/dev/null
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/hugo.json" \
    --prepare "rm -rf $work/out-hugo" "$hugo_cmd" >/dev/null
  # Rebuilds over an existing output (what CI does on every merge).
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/sc-re.json" "$sc" >/dev/null
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/hugo-re.json" "$hugo_cmd" >/dev/null
  rm -rf "$work/out-sc" "$work/.out-sc.stagecraft-prev" "$work/out-hugo"
  read -r _ sc_cpu sc_peak < <(measure_once $sc)
  read -r _ hugo_cpu hugo_peak < <(measure_once $hugo_cmd)
  rows+=("$n|stagecraft|$work/sc.json|$work/sc-re.json|$sc_cpu|$sc_peak")
  rows+=("$n|hugo|$work/hugo.json|$work/hugo-re.json|$hugo_cpu|$hugo_peak")
done

python3 - "$quick" "${rows[@]}" <<'PY'
import json, statistics, sys
quick, rows = sys.argv[1], sys.argv[2:]
def median(path):
    return statistics.median(json.load(open(path))["results"][0]["times"])
if quick:
    for r in rows:
        n, engine, wall, cpu, peak, pages = r.split("|")
        print(f"{engine}: N={n} wall {float(wall):.2f} s, CPU {float(cpu):.2f} s, peak {float(peak):.0f} MB, {pages} pages")
    sys.exit(0)
print("| N | engine | clean build (median) | rebuild over existing output | CPU (clean) | peak memory | pages/s (clean) | speed vs Hugo |")
print("|---:|---|---:|---:|---:|---:|---:|---:|")
by_n = {}
for r in rows:
    n, engine, clean, re_, cpu, peak = r.split("|")
    by_n.setdefault(n, {})[engine] = (median(clean), median(re_), float(cpu), float(peak))
for n, engines in by_n.items():
    hugo_clean = engines["hugo"][0]
    for engine in ("stagecraft", "hugo"):
        clean, re_, cpu, peak = engines[engine]
        ratio = hugo_clean / clean
        print(f"| {int(n):,} | {engine} | {clean:.2f} s | {re_:.2f} s | {cpu:.2f} s | {peak:.0f} MB | {int(n)/clean:,.0f} | {ratio:.2f}× |")
PY
