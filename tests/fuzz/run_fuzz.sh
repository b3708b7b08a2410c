#!/usr/bin/env bash
# run_fuzz.sh FUZZER SEED_CORPUS WORK_DIR RUNS MAX_SECONDS [DICT]: bounded libFuzzer run; fails on any crash.
set -euo pipefail
fuzzer=$1 seeds=$2 work=$3 runs=$4 seconds=$5 dict=${6:-$2/../safetensors.dict}
rm -rf "$work" && mkdir -p "$work/corpus" "$work/artifacts"
cp "$seeds"/* "$work/corpus/"
"$fuzzer" "$work/corpus" -runs="$runs" -max_total_time="$seconds" -max_len=4096 -seed=1 \
  -dict="$dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 2>&1 | tail -n 25
if ls "$work/artifacts"/* >/dev/null 2>&1; then
  echo "fuzzer found a crashing input:"; ls -l "$work/artifacts"; exit 1
fi
