#!/usr/bin/env bash
# olis-cli train's checks before any work starts, as a user meets them: every setting checked with the file,
# line, key, value and what is allowed; flags checked the same way; the paper's defaults per family shown by
# --dry-run with their origin; captions and photos checked before the model loads. No model is loaded here.
set -u
cli=$1
. "$(dirname "$0")/lib.sh"
# Fixed strings here (the messages hold brackets and dots).
check() { if ! grep -qF -- "$2" <<<"$1"; then echo "FAIL: expected '$2' in: $1"; fails=$((fails+1)); fi; }
checkre() { if ! grep -qE -- "$2" <<<"$1"; then echo "FAIL: expected /$2/ in: $1"; fails=$((fails+1)); fi; }
absent() { if grep -qF -- "$2" <<<"$1"; then echo "FAIL: did not expect '$2' in: $1"; fails=$((fails+1)); fi; }
refused() { if [ "$1" -eq 0 ]; then echo "FAIL: $2 exited 0"; fails=$((fails+1)); fi; }

model="$fixtures/ldm_single_file_sdxl_tiny"
require_fixture "$model/model_index.json"

out=$("$cli" settings 2>&1) || { echo "FAIL: settings rc"; fails=$((fails+1)); }
check "$out" '| `steps` | a whole number from 1 to 10000000 | 4000 for full, 8000 for lora (the paper) |'

p="$tmp/p"; mkdir -p "$p"
png_file "$p/big.png" 160 140 40 120 200
png_file "$p/tiny.png" 16 16 200 120 40
project() {  # $1: caption of big.png, $2: the subject line (default: a backpack)
  local subject="subject: {identifier: olis, class_noun: backpack, kind: object}"
  [ $# -ge 2 ] && subject=$2
  cat > "$p/project.olis.yaml" <<YAML
schema: olis-project/1
$subject
photos:
  - {file: big.png, caption: "$1"}
  - {file: tiny.png, caption: "a <new> backpack in a kitchen"}
YAML
}
settings() { printf 'base_model: %s\nvocab_dir: %s\ndevice: cpu\nregularization: {count: 0}\n%b' "$model" "$fixtures/clip_tokenizer" "$1" > "$p/training.olis.yaml"; }

project "a <new> backpack on a rock"
settings ""
out=$("$cli" train "$p" --dry-run 2>&1) || { echo "FAIL: dry-run rc: $out"; fails=$((fails+1)); }
check "$out" "SDXL, epsilon, 128 px (from unet/config.json sample_size); no weights loaded"
checkre "$out" "^mode +lora +family +SDXL, memory_profile 24gb, CPU$"
checkre "$out" "^steps +8000 +family +SDXL, memory_profile 24gb, CPU, mode lora$"
checkre "$out" "^lr +0.0001 +family"
checkre "$out" "^eval_steps +50 +family"
checkre "$out" "^gradient_checkpointing +true +family"
checkre "$out" "^resolution +128 +family +the model's, from unet/config.json sample_size$"
checkre "$out" "^base_model +$model +file +$p/training.olis.yaml line 1$"
checkre "$out" "^keep_last +3 +default *$"
checkre "$out" "^lora_rank +32 +default +32 \\(the paper\\)$"
check "$out" "tiny.png is 16x16 pixels; training works at 128x128"
check "$out" "seed 1000   a olis backpack in the jungle"
check "$out" "seed 1001   a olis backpack with a red ribbon tied around it"
check "$out" "ready: 8000 steps of lora training at 128 px."
absent "$out" "Loading"

out=$("$cli" train "$p" --dry-run --steps 120 --set memory_profile=12gb 2>&1) || { echo "FAIL: dry-run with flags rc: $out"; fails=$((fails+1)); }
checkre "$out" "^steps +120 +flag +--steps$"
checkre "$out" "^memory_profile +12gb +flag +--set memory_profile$"

# Flags: sentences, not CLI11's "Value 0 not in range 0.000000 to 1.797e308".
out=$("$cli" train "$p" --steps 0 2>&1); refused $? "--steps 0"
check "$out" "error: --steps is 0, but it must be a whole number from 1 to 10000000."
absent "$out" "1.797e308"
out=$("$cli" train "$p" --steps many 2>&1); refused $? "--steps many"
check "$out" "--steps is 'many', but it must be a whole number from 1 to 10000000."
out=$("$cli" train "$p" --set lr=-1 2>&1); refused $? "--set lr=-1"
check "$out" "--set lr is -1, but it must be a number greater than 0 and at most 1."
out=$("$cli" train "$p" --set learning_rate=1e-4 2>&1); refused $? "--set learning_rate"
check "$out" "did you mean 'lr'?"

# The file: each refused with its line, before anything is loaded.
for case in "steps: 0|line 5: steps is 0, but it must be a whole number from 1 to 10000000." \
            "steps: -5|line 5: steps is -5" \
            "resolution: 0|line 5: resolution is 0, but it must be a whole number from 64 to 2048 that is a multiple of 64." \
            "resolution: -64|resolution is -64" \
            "resolution: 63|resolution is 63" \
            "resolution: 100000|resolution is 100000" \
            "lr: -1|line 5: lr is -1, but it must be a number greater than 0 and at most 1." \
            "eval_every: -10|eval_every is -10, but it must be a whole number from 0 to 10000000." \
            "checkpoint_every: -1|checkpoint_every is -1" \
            "stepz: 100|line 5: unknown key 'stepz'. Did you mean 'steps'?" \
            "learning_rate: 0.0001|unknown key 'learning_rate'. Did you mean 'lr'?" \
            "steps: 100\nsteps: 200|line 6: 'steps' is set twice (first on line 5); keep one of them."; do
  settings "${case%%|*}\n"
  out=$("$cli" train "$p" 2>&1); refused $? "${case%%|*}"
  check "$out" "${case#*|}"
  absent "$out" "Loading"
done
settings ""

# The project: a subject without a class noun is refused (it would cache the set under an empty class).
project "a <new> backpack on a rock" "subject: {identifier: olis, kind: object}"
out=$("$cli" train "$p" --dry-run 2>&1); refused $? "no class_noun"
check "$out" "the subject has no class_noun"
out=$("$cli" regset "$p" 2>&1); refused $? "regset without class_noun"
check "$out" "the subject has no class_noun"

# Captions: an error of `captions check` refuses the run before the model loads; the override trains anyway.
project "a backpack on a rock"
out=$("$cli" train "$p" 2>&1); refused $? "caption without <new>"
check "$out" "big.png: The caption has no <new> placeholder, so the identifier would not be learned."
check "$out" "allow_caption_errors"
absent "$out" "Loading"
out=$("$cli" train "$p" --dry-run --allow-caption-errors 2>&1) || { echo "FAIL: --allow-caption-errors rc: $out"; fails=$((fails+1)); }
check "$out" "Training anyway: allow_caption_errors is set."
long="a <new> backpack on a rock$(for i in $(seq 1 270); do printf ' and more'; done)"
project "$long"
out=$("$cli" train "$p" --dry-run 2>&1) || { echo "FAIL: a long caption is refused: $out"; fails=$((fails+1)); }
check "$out" "warning: big.png: the caption is 5"
check "$out" "tokens long; CLIP reads 77, so training cuts off the rest."

[ $fails -eq 0 ] && echo "all train settings checks passed"
exit $fails
