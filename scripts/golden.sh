#!/usr/bin/env bash
# Writes every output of the binary on the shipped data into one directory, so two builds can
# be compared byte for byte (`diff -r`). Used when restructuring: outputs must not change
# unless a commit says so.
#
#   scripts/golden.sh target/release/seams /tmp/golden-new
set -uo pipefail
B=$(realpath "$1"); OUT=$2
cd "$(dirname "$0")/.."
rm -rf "$OUT"; mkdir -p "$OUT"
gen="$OUT/gen3k"
"$B" generate --teams 3000 --seed 7 --out "$gen" > "$OUT/generate.txt" 2>&1
for d in sample-data sample-data/reorg tests/fixtures/realdata/govuk "$gen"; do
  n=$(echo "${d#$OUT/}" | tr '/' '_')
  "$B" validate "$d" > "$OUT/$n.validate.txt" 2>&1
  "$B" validate "$d" --format json > "$OUT/$n.validate.json" 2>&1
  "$B" analyze "$d" > "$OUT/$n.analyze.txt" 2>&1
  "$B" analyze "$d" --format json > "$OUT/$n.analyze.json" 2>&1
  "$B" analyze "$d" --out "$OUT/$n.tables" > /dev/null 2>&1
  "$B" report "$d" --out "$OUT/$n.report" > "$OUT/$n.report.txt" 2>&1
  for f in graphml gexf dot json; do "$B" export "$d" --format $f > "$OUT/$n.export.$f" 2>&1; done
done
for f in text markdown json junit; do
  "$B" check --baseline sample-data --candidate sample-data/reorg --rules sample-data/reorg/seams.toml --format $f > "$OUT/check.$f" 2>&1; echo "exit $?" >> "$OUT/check.$f"
done
"$B" import-log tests/fixtures/realdata/wabo-receipt/events.csv --case case_id --activity activity --time timestamp --team group --out "$OUT/wabo" > "$OUT/wabo.txt" 2>&1
"$B" analyze "$OUT/wabo" --format json > "$OUT/wabo.analyze.json" 2>&1
"$B" report "$OUT/wabo" --out "$OUT/wabo.report" > /dev/null 2>&1
# Bad input messages.
for c in tests/bad-inputs/*/; do "$B" validate "$c" > "$OUT/bad.$(basename "$c").txt" 2>&1; done
rm -rf "$gen"
# Paths of the temporary data would differ between runs.
grep -rl "$OUT" "$OUT" 2>/dev/null | xargs -r sed -i "s#$OUT#OUT#g"
