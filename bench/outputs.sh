#!/usr/bin/env bash
# Every output a speed change must leave byte for byte the same, written by one checkout; or
# two such folders compared. A change that alters any of them is not a pure speed change.
#
#   bench/outputs.sh [--big] CHECKOUT OUTDIR   write them (--big adds the 5 MB peers pair)
#   bench/outputs.sh --same REF NEW            compare: prints SAME, or the files that differ (exit 1)
#
# Written: `diff --format json` of the four consecutive seed pairs; the peers 1 MB pair to
# standard output and with `--json FILE -j 1` (one process); with --big the 5 MB pair; the
# seed timeline as JSON and as CSV; the `report` folder; `evaluate`'s table. Paths are given
# relative to the checkout, so two checkouts of the same code write the same bytes.
# PYTHONHASHSEED=0 pins the order of sets. The peers inputs are built by
# ../shared/bench/peers.py into $PEERS_WORK (default /tmp/clausediff-peers) unless there.
set -eu
if [ "${1:-}" = "--same" ]; then
    diff -r -q "$2" "$3" && echo SAME
    exit
fi
big=""
if [ "${1:-}" = "--big" ]; then big=1; shift; fi
[ $# -eq 2 ] || { echo "usage: $0 [--big] CHECKOUT OUTDIR | --same REF NEW" >&2; exit 2; }
checkout=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
cd "$checkout"
bin=.venv/bin/clausediff
export PYTHONHASHSEED=0
peers=${PEERS_WORK:-/tmp/clausediff-peers}
sizes="'1MB'${big:+, '5MB'}"
PEERS_WORK=$peers .venv/bin/python -c "
import os, sys
from pathlib import Path
sys.path.insert(0, '../shared/bench')
import peers
peers.WORK = Path(os.environ['PEERS_WORK'])
peers.build_inputs([$sizes])
" > /dev/null
seeds=(seeds/*.txt)
for i in 0 1 2 3; do
    $bin diff "${seeds[$i]}" "${seeds[$((i + 1))]}" --format json > "$out/pair$i.json" 2> /dev/null || true
done
$bin diff "$peers/1MB_a.txt" "$peers/1MB_b.txt" --format json > "$out/p1.json" 2> /dev/null || true
$bin diff "$peers/1MB_a.txt" "$peers/1MB_b.txt" --json "$out/p1f.json" -j 1 > /dev/null 2>&1 || true
if [ -n "$big" ]; then
    $bin diff "$peers/5MB_a.txt" "$peers/5MB_b.txt" --format json > "$out/p5.json" 2> /dev/null || true
fi
$bin timeline "${seeds[@]}" --format json > "$out/tl.json" 2> /dev/null || true
$bin timeline "${seeds[@]}" --format csv > "$out/tl.csv" 2> /dev/null || true
$bin report "${seeds[@]}" -o "$out/report" > /dev/null 2>&1 || true
$bin evaluate > "$out/eval.txt" 2> /dev/null || true
echo "outputs of $checkout in $out"
