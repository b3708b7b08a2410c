#!/usr/bin/env bash
# run_fuzz.sh FUZZER SEED_CORPUS WORK_DIR RUNS MAX_SECONDS [MAX_LEN] [DICT]: bounded libFuzzer run from a
# copy of the seeds; fails on any crash, leak or sanitizer report.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 runs=$4 seconds=$5 max_len=${6:-4096} dict=${7:-}
rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
cp "$seeds"/* "$work/corpus/"
args=("$work/corpus" -runs="$runs" -max_total_time="$seconds" -max_len="$max_len" -seed=1
      -artifact_prefix="$work/artifacts/" -print_final_stats=1)
if [ -n "$dict" ]; then args+=(-dict="$dict"); fi
"$fuzzer" "${args[@]}" 2>&1 | tail -n 25
if ls "$work/artifacts"/* >/dev/null 2>&1; then
  echo "fuzzer found a crashing input:"; ls -l "$work/artifacts"; exit 1
fi
