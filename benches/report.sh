#!/usr/bin/env bash
# End-to-end time of `computecost report` on the flagship at 100,000 trials, disk writes included:
# the median and range of RUNS runs, and the peak memory. docs/PERFORMANCE.md quotes it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-11}
SAMPLES=${SAMPLES:-100000}
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    target/release/computecost report --samples "$SAMPLES" --out "$out" -q > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -g)
median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
printf 'report --samples %s, %s runs: median %.3f s (min %.3f, max %.3f)\n' \
    "$SAMPLES" "$RUNS" "$median" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f 'peak memory (max RSS): %M KB' \
        target/release/computecost report --samples "$SAMPLES" --out "$out" -q > /dev/null
fi
