#!/usr/bin/env bash
# olis-cli captions suggest / personalize / compare on projects with the tiny SDXL fixture model and the tiny
# CLIP towers, as a booth runs them headless: suggestions fill empty captions (a project, or .txt files of a
# photo folder); personalize runs the whole chain, and a second project of the same class reuses the
# regularization set; an interrupted chain (Ctrl+C) says how to go on and continues from its checkpoint;
# compare reuses validation images and the cells the sample grids drew (rows: bases, checkpoints, LoRAs).
set -u
cli=$1
. "$(dirname "$0")/lib.sh"

model="$fixtures/ldm_single_file_sdxl_tiny"
require_fixture "$model/model_index.json"
F=$(cd "$fixtures" && pwd)
clip=(--clip "$F/clip_vision_tiny" --clip-text "$F/clip_text_tiny" --tokenizer "$F/clip_tokenizer")

png() { png_file "$@" 3; }  # photos with a vertical gradient, so that CLIP rankings have no ties
project() {  # project DIR STEPS
  mkdir -p "$1"
  for i in 0 1 2; do png "$1/photo$i.png" $((72 + 8 * i)) 80 $((60 * i)) 120 200; done
  cat > "$1/project.olis.yaml" <<YAML
schema: olis-project/1
subject: {identifier: olis, class_noun: backpack, kind: object}
photos:
  - {file: photo0.png, caption: "a <new> backpack on a rock"}
  - {file: photo1.png, caption: ""}
  - {file: photo2.png, caption: ""}
YAML
  cat > "$1/training.olis.yaml" <<YAML
base_model: $model
vocab_dir: $F/clip_tokenizer
mode: lora
lora_rank: 4
steps: $2
lr: 0.001
resolution: 64
checkpoint_every: 2
eval_every: 2
eval_steps: 2
validation_prompts: 2
device: cpu
regularization: {count: 2, batch: 2, steps: 2, cache_root: $tmp/cache}
metrics: {clip: $F/clip_vision_tiny, clip_text: $F/clip_text_tiny, tokenizer: $F/clip_tokenizer}
YAML
}

# Suggestions for a photo folder: printed, and --write makes .txt files only for photos without one.
mkdir -p "$tmp/photos"; png "$tmp/photos/a.png" 64 64 10 20 30; png "$tmp/photos/b.png" 64 64 200 20 30
echo "a olis dog on the sofa" > "$tmp/photos/b.txt"
out=$("$cli" captions suggest "$tmp/photos" --class dog "${clip[@]}" --top 2 --write 2>&1) || { echo "FAIL: suggest rc: $out"; fails=$((fails+1)); }
check "$out" "class: dog (living)"
check "$out" "a <new> dog "
check "$out" "1 caption file(s) written"
grep -q "^a olis dog " "$tmp/photos/a.txt" 2>/dev/null || { echo "FAIL: a.txt: $(cat "$tmp/photos/a.txt" 2>&1)"; fails=$((fails+1)); }
[ "$(cat "$tmp/photos/b.txt")" = "a olis dog on the sofa" ] || { echo "FAIL: b.txt was changed"; fails=$((fails+1)); }
out=$("$cli" captions suggest "$tmp/photos" --class dog 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: suggest without --clip exited 0"; fails=$((fails+1)); }
check "$out" "needs --clip"

# A project: the chain in one go.
project "$tmp/one" 4
out=$("$cli" personalize "$tmp/one" 2>&1) || { echo "FAIL: personalize rc: $out"; fails=$((fails+1)); }
check "$out" "captions: done (2 caption(s) suggested)"
check "$out" "regularization_set: done (2 images generated)"
check "$out" "/tmp.*one: done, exported step"
check "$out" "grid: "
[ -f "$tmp/one/training/personalize/grid.png" ] || { echo "FAIL: no sample grid"; fails=$((fails+1)); }
grep -q 'caption: "a <new> backpack ' "$tmp/one/project.olis.yaml" || { echo "FAIL: captions not filled"; fails=$((fails+1)); }

# A second project of the class, interrupted during training, then continued.
project "$tmp/two" 40
"$cli" personalize "$tmp/two" > "$tmp/two.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do grep -q "Checkpoint .*step-00000002" "$tmp/two.log" 2>/dev/null && break; sleep 0.2; done
kill -INT $pid; wait $pid; rc=$?
out=$(cat "$tmp/two.log")
[ $rc -eq 130 ] || { echo "FAIL: an interrupted personalize exited $rc, not 130: $out"; fails=$((fails+1)); }
check "$out" "regularization_set: done (reused from the class cache"
check "$out" "stopped; run the same command again to continue"
out=$("$cli" personalize "$tmp/two" 2>&1) || { echo "FAIL: continued personalize rc: $out"; fails=$((fails+1)); }
check "$out" "Resuming from step"
check "$out" "training: done (trained 40 steps, resumed from step"

# Compare: rows given on the command line; the second grid reuses every cell.
out=$("$cli" compare --project "$tmp/one" --checkpoint "$tmp/one@2" --checkpoint "$tmp/two" --base "$model" --out "$tmp/grid" 2>&1) \
  || { echo "FAIL: compare rc: $out"; fails=$((fails+1)); }
check "$out" "row 2: one · step 2 (64x64): 0 drawn, 2 reused"
check "$out" "row 1: ldm_single_file_sdxl_tiny (base) (64x64): 0 drawn, 2 reused"
[ -f "$tmp/grid/grid.png" ] && [ -f "$tmp/grid/grid.json" ] || { echo "FAIL: no grid.png/grid.json"; fails=$((fails+1)); }
out=$("$cli" compare --project "$tmp/one" --checkpoint "$tmp/one@3" --out "$tmp/grid2" 2>&1); rc=$?
[ $rc -ne 0 ] || { echo "FAIL: compare of a missing step exited 0"; fails=$((fails+1)); }
check "$out" "no checkpoint of step 3"

finish
