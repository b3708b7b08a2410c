#!/usr/bin/env bash
# olis-cli regset / train on a project with the tiny SDXL fixture model, as a user runs them headless:
# the set is generated then reused, training exports a LoRA, a second run without --resume is refused
# with a message saying what to do, and --resume continues.
set -u
cli=$1
. "$(dirname "$0")/lib.sh"

model="$fixtures/ldm_single_file_sdxl_tiny"
require_fixture "$model/model_index.json"

p="$tmp/project"; mkdir -p "$p"
out=$("$cli" train "$p" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: train without a project exited 0"; fails=$((fails+1)); }
check "$out" "project.olis.yaml"

write_photos "$p"
cat > "$p/project.olis.yaml" <<YAML
schema: olis-project/1
subject: {identifier: olis, class_noun: backpack, kind: object}
photos:
  - {file: photo0.png, caption: "a <new> backpack on a rock"}
  - {file: photo1.png, caption: "a <new> backpack"}
  - {file: photo2.png, caption: "a <new> backpack on a table"}
  - {file: photo3.png, caption: ""}
YAML
out=$("$cli" train "$p" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: train without training settings exited 0"; fails=$((fails+1)); }
check "$out" "training.olis.yaml"

cat > "$p/training.olis.yaml" <<YAML
base_model: $model
vocab_dir: $fixtures/clip_tokenizer
mode: lora
lora_rank: 4
steps: 6
lr: 0.001
resolution: 64
checkpoint_every: 3
eval_every: 3
eval_steps: 2
device: cpu
regularization: {count: 4, batch: 2, steps: 2, cache_root: $tmp/cache}
metrics: {clip: $fixtures/clip_vision_tiny, dino: $fixtures/dino_vits_tiny/model_hf_vit.safetensors}
YAML
out=$("$cli" train "$p" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: train before regset exited 0"; fails=$((fails+1)); }
check "$out" "olis-cli regset"

out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: regset rc: $out"; fails=$((fails+1)); }
check "$out" "regularization.jsonl"
[ "$(ls "$tmp"/cache/*/images/*.png 2>/dev/null | wc -l)" -eq 4 ] || { echo "FAIL: expected 4 regularization images"; fails=$((fails+1)); }
out=$("$cli" regset "$p" 2>&1) || { echo "FAIL: second regset rc"; fails=$((fails+1)); }
check "$out" "Reusing"

out=$("$cli" train "$p" 2>&1) || { echo "FAIL: train rc: $out"; fails=$((fails+1)); }
check "$out" "kohya"
check "$out" "step 6/6"
# The end of the run exports the checkpoint the sweep suggests, into a folder named after its step.
suggested=$(sed -n 's/.*Suggested checkpoint (metric sweep): step \([0-9]*\).*/\1/p' <<<"$out" | tail -1)
sdir="$p/training/export/step-$(printf %08d "${suggested:-0}")"
check "$out" "Exported the suggested checkpoint, step ${suggested:-?} of 6"
[ -f "$sdir/lora_kohya.safetensors" ] || { echo "FAIL: no kohya LoRA in $sdir"; fails=$((fails+1)); }
[ -f "$sdir/pytorch_lora_weights.safetensors" ] || { echo "FAIL: no diffusers LoRA in $sdir"; fails=$((fails+1)); }
[ -f "$sdir/embeddings/olis.safetensors" ] || { echo "FAIL: no identifier embedding in $sdir"; fails=$((fails+1)); }
# The step, settings and metrics are in the files' metadata (kohya ss_* keys where they exist).
meta() { python3 -c 'import json,struct,sys
f=open(sys.argv[1],"rb"); n=struct.unpack("<Q",f.read(8))[0]; m=json.loads(f.read(n)).get("__metadata__",{})
print(" ".join(k+"="+m.get(k,"-") for k in sys.argv[2:]))' "$@"; }
m=$(meta "$sdir/lora_kohya.safetensors" ss_steps ss_network_dim ss_base_model_version olis_checkpoint ss_learning_rate)
check "$m" "ss_steps=${suggested:-?} ss_network_dim=4 ss_base_model_version=sdxl_base_v1-0 olis_checkpoint=suggested ss_learning_rate=0.001"
m=$(meta "$sdir/lora_kohya.safetensors" olis_metrics ss_sd_model_name)
check "$m" '"dino":'
check "$m" "ss_sd_model_name=ldm_single_file_sdxl_tiny"
[ -f "$p/training/validation/step-00000003/00.png" ] || { echo "FAIL: no validation image"; fails=$((fails+1)); }
# The sweep: a JSON line per validation round next to the checkpoints, and a suggested checkpoint.
log="$p/training/checkpoints/eval_metrics.jsonl"
[ "$(wc -l < "$log" 2>/dev/null)" = 2 ] || { echo "FAIL: expected 2 lines in $log"; fails=$((fails+1)); }
grep -q '"dino":' "$log" 2>/dev/null || { echo "FAIL: no DINO score in $log"; fails=$((fails+1)); }
grep -q '"clip_i":' "$log" 2>/dev/null || { echo "FAIL: no CLIP-I score in $log"; fails=$((fails+1)); }
check "$out" "Suggested checkpoint (metric sweep): step"
out=$("$cli" eval checkpoints --log "$p/training/checkpoints" 2>&1) || { echo "FAIL: eval checkpoints rc: $out"; fails=$((fails+1)); }
# Any checkpoint can be exported, and a missing one is named with the ones that exist.
out=$("$cli" export "$p" --step 3 2>&1) || { echo "FAIL: export --step 3 rc: $out"; fails=$((fails+1)); }
[ -f "$p/training/export/step-00000003/lora_kohya.safetensors" ] || { echo "FAIL: no exported step-3 LoRA: $out"; fails=$((fails+1)); }
check "$(meta "$p/training/export/step-00000003/lora_kohya.safetensors" ss_steps)" "ss_steps=3"
out=$("$cli" export "$p" --last 2>&1) || { echo "FAIL: export --last rc: $out"; fails=$((fails+1)); }
check "$out" "step-00000006/lora_kohya.safetensors"
check "$(meta "$p/training/export/step-00000006/lora_kohya.safetensors" ss_steps olis_suggested_step)" "ss_steps=6 olis_suggested_step=${suggested:-?}"
out=$("$cli" export "$p" 2>&1) || { echo "FAIL: export rc: $out"; fails=$((fails+1)); }
check "$out" "Exported the suggested checkpoint, step ${suggested:-?}"
out=$("$cli" export "$p" --step 5 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: export of a missing step exited 0"; fails=$((fails+1)); }
check "$out" "no checkpoint of step 5 (available: 3, 6)"

out=$("$cli" train "$p" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: a second train without --resume exited 0"; fails=$((fails+1)); }
check "$out" "--resume"
out=$("$cli" train "$p" --resume 2>&1) || { echo "FAIL: train --resume rc: $out"; fails=$((fails+1)); }
check "$out" "Resuming from step 6"
# A finished run with a constant schedule is extended by --steps.
out=$("$cli" train "$p" --resume --steps 9 2>&1) || { echo "FAIL: train --resume --steps 9 rc: $out"; fails=$((fails+1)); }
check "$out" "Resuming from step 6 of 9"
check "$out" "step 9/9"
[ "$(wc -l < "$p/training/metrics.jsonl" 2>/dev/null)" = 9 ] || { echo "FAIL: expected 9 lines in metrics.jsonl"; fails=$((fails+1)); }

finish
