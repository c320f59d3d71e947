#!/usr/bin/env bash
# End-to-end time of a 20-step sweep of the flagship at 20,000 trials per step (break-evens, chart and
# files included): the median and range of RUNS runs. docs/PERFORMANCE.md quotes it.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-7}
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for _ in $(seq "$RUNS"); do
    start=$(date +%s.%N)
    target/release/computecost sweep --param workload.requests_per_month --from 5e6 --to 1e8 --log \
        --steps 20 --samples 20000 --out "$out" -q > /dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -g)
median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
printf 'sweep, 20 steps x 20,000 trials, %s runs: median %.3f s (min %.3f, max %.3f)\n' \
    "$RUNS" "$median" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)"
target/release/computecost sweep --param workload.requests_per_month --from 5e6 --to 1e8 --log \
    --steps 20 --samples 20000 --out "$out" --format json -q |
    python3 -c 'import json,sys; s=json.load(sys.stdin); print("break-evens found:", len(s["break_evens"]))' 2>/dev/null || true
