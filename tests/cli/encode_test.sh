#!/usr/bin/env bash
# olis-cli encode as a user runs it: ids, identifier report, shapes, and the errors that matter.
set -u
cli=$1
. "$(dirname "$0")/lib.sh"

out=$("$cli" encode --model "$tmp/nothing-here" --prompt "a dog" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: encode of a missing model exited 0"; fails=$((fails+1)); }
check "$out" "nothing-here"

sdxl=$fixtures/ldm_single_file_sdxl_tiny
vocab=$fixtures/clip_tokenizer
if [ -f "$sdxl/model_index.json" ] && [ -f "$vocab/vocab.json" ]; then
  # The fixture's tokenizer folders hold no vocabulary: the one that comes with Olis is used.
  out=$("$cli" encode --model "$sdxl" --prompt "a photo of olis backpack" 2>&1) \
    || { echo "FAIL: encode with the bundled vocabulary rc: $out"; fails=$((fails+1)); }
  check "$out" "\[49406, 320, 1125, 539, 49397, 14894, 49407\] + 70 x pad 49407"
  # A vocab_dir without the files is named.
  out=$("$cli" encode --model "$sdxl" --vocab "$tmp" --prompt "a dog" 2>&1); rc=$?
  [ $rc -ne 0 ] || { echo "FAIL: encode with an empty --vocab folder exited 0"; fails=$((fails+1)); }
  check "$out" "vocab.json"

  out=$("$cli" encode --model "$sdxl" --vocab "$vocab" --prompt "a photo of olis backpack" --identifier zqxjvbw 2>&1) \
    || { echo "FAIL: encode rc: $out"; fails=$((fails+1)); }
  check "$out" "SDXL"
  check "$out" "\[49406, 320, 1125, 539, 49397, 14894, 49407\] + 70 x pad 49407"
  check "$out" "\[49406, 320, 1125, 539, 49397, 14894, 49407\] + 70 x pad 0"
  check "$out" "'olis' -> 1 token: olis</w> (49397)"
  check "$out" "warning: the identifier 'zqxjvbw' splits into"
  check "$out" "context     \[1, 77, 20\]"
  check "$out" "pooled      \[1, 10\]"

  long=$(printf 'a red olis backpack, %.0s' $(seq 20))
  out=$("$cli" encode --model "$sdxl" --vocab "$vocab" --prompt "$long" --negative "blurry" --long 2>&1) \
    || { echo "FAIL: encode --long rc: $out"; fails=$((fails+1)); }
  check "$out" "100 text tokens"
  check "$out" "neg context \[1, 154, 20\]"
elif [ -n "${CI:-}" ]; then
  echo "FAIL: fixtures missing at $fixtures and CI is set"; fails=$((fails+1))
else
  echo "fixtures not found at $fixtures: skipping the model part"
fi

[ $fails -eq 0 ] && echo "encode: all checks passed"
exit $fails
