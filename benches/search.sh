#!/usr/bin/env bash
# Search benchmark in headless Chromium: bytes loaded before the first result (gzip), time
# from entering a query to the first result, and JS heap, on generated sites of the given
# sizes (see benches/search.rs).
#
#   benches/search.sh                   # N = 1,000 and 10,000
#   benches/search.sh 1000 10000 100000
#
# Needs: chromium and chromium-driver, python3, gzip, and the corpus generator
# ../shared/bench/gen_corpus.py beside this repository (or GEN_CORPUS=/path/to/it).
# Corpora and builds go to $BENCH_TMP (default /dev/shm) and are reused.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
exec cargo bench --quiet --manifest-path "$repo/Cargo.toml" --bench search -- "$@"
