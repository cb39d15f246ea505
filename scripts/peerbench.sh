#!/usr/bin/env bash
# Side-by-side timings of seams and the peer graph libraries (networkx, igraph, rustworkx,
# networkit) on the same generated orgs, in one run on one machine. Not part of CI: it needs
# Python packages and the workplace's peerbench harness (PEERBENCH, default ../shared/peerbench).
#
#   scripts/peerbench.sh            # 1k, 10k, 100k teams
#   SIZES="10000" scripts/peerbench.sh
#
# Writes target/peerbench/peers.md (peers) and target/peerbench/seams.txt (seams), which
# docs/performance.md quotes.
set -euo pipefail
cd "$(dirname "$0")/.."
PEERBENCH=${PEERBENCH:-../shared/peerbench}
SIZES=${SIZES:-"1000 10000 100000"}
out=target/peerbench
mkdir -p "$out"
if [ ! -x "$out/../peerbench-venv/bin/python" ]; then
  python3 -m venv target/peerbench-venv
  target/peerbench-venv/bin/pip install -q networkx python-igraph rustworkx networkit
fi
cargo build --release --quiet
dirs=()
for n in $SIZES; do
  d="$out/org-$((n / 1000))k"
  [ -f "$d/handoffs.csv" ] || python3 "$PEERBENCH/gen_org.py" --teams "$n" --seed 1 --out "$d" >/dev/null
  dirs+=("$d")
done
: > "$out/seams.txt"
for d in "${dirs[@]}"; do
  for t in 1 2; do
    for mode in exact approx; do
      args=(analyze "$d" --format json --threads "$t")
      [ "$mode" = approx ] && args+=(--approx 256)
      # Exact betweenness at 100k teams takes many minutes in every library; skip it here.
      if [ "$mode" = exact ] && [ "$(wc -l < "$d/handoffs.csv")" -gt 200000 ]; then continue; fi
      /usr/bin/time -f "%e s wall, %M KB peak" -o "$out/time.txt" target/release/seams "${args[@]}" > /dev/null
      echo "$d threads=$t $mode: $(cat "$out/time.txt")" | tee -a "$out/seams.txt"
    done
  done
done
SEAMS_BENCH_ORG=$(IFS=,; echo "${dirs[*]}") SEAMS_BENCH_TEAMS="" \
  cargo bench --quiet --bench bottleneck --bench silo --bench analyze -- existing 2>&1 | tee -a "$out/seams.txt"
target/peerbench-venv/bin/python "$PEERBENCH/bench_peers.py" "${dirs[@]}" \
  --libs igraph,rustworkx,networkit --budget 120 --json "$out/peers.json" --md "$out/peers.md"
