#!/usr/bin/env bash
# A single-file checkpoint with no tokenizer folder beside it and no vocab_dir, as most downloaded models
# are: olis-cli generates with it, trains a LoRA on it, and generates with that LoRA (the CLIP vocabulary
# that comes with Olis is used). The tiny model keeps its component configs beside the file, since its
# head counts cannot be told from its shapes (real checkpoints need none).
set -u
cli=$1
. "$(dirname "$0")/lib.sh"

src="$fixtures/ldm_single_file_sdxl_tiny"
require_fixture "$src/model.safetensors"
m="$tmp/models"; mkdir -p "$m"
cp "$src/model.safetensors" "$m/sdxl-tiny.safetensors"
for c in unet vae text_encoder text_encoder_2; do mkdir -p "$m/$c"; cp "$src/$c/config.json" "$m/$c/"; done
[ ! -e "$m/tokenizer" ] || { echo "FAIL: the test model must have no tokenizer folder"; exit 1; }

out=$("$cli" generate --model "$m/sdxl-tiny.safetensors" --prompt "a photo of a dog" --steps 2 --size 64x64 \
      --device cpu --out "$tmp/base.png" 2>&1) || { echo "FAIL: generate rc: $out"; fails=$((fails+1)); }
[ -f "$tmp/base.png" ] || { echo "FAIL: no generated image: $out"; fails=$((fails+1)); }

p="$tmp/project"; mkdir -p "$p"
write_photos "$p"
cat > "$p/project.olis.yaml" <<YAML
schema: olis-project/1
subject: {identifier: olis, class_noun: dog, kind: living}
photos:
  - {file: photo0.png, caption: "a <new> dog on a rock"}
  - {file: photo1.png, caption: "a <new> dog"}
  - {file: photo2.png, caption: "a <new> dog on a table"}
  - {file: photo3.png, caption: "a <new> dog in the grass"}
YAML
cat > "$p/training.olis.yaml" <<YAML
base_model: $m/sdxl-tiny.safetensors
mode: lora
lora_rank: 4
steps: 2
resolution: 64
checkpoint_every: 2
device: cpu
regularization: {count: 0}
YAML
out=$("$cli" train "$p" 2>&1) || { echo "FAIL: train rc: $out"; fails=$((fails+1)); }
check "$out" "step 2/2"
lora="$p/training/export/step-00000002/lora_kohya.safetensors"
[ -f "$lora" ] || { echo "FAIL: no exported LoRA: $out"; fails=$((fails+1)); }
out=$("$cli" generate --model "$m/sdxl-tiny.safetensors" --lora "$lora" --prompt "a photo of olis dog" --steps 2 \
      --size 64x64 --device cpu --out "$tmp/lora.png" 2>&1) || { echo "FAIL: generate with the LoRA rc: $out"; fails=$((fails+1)); }
[ -f "$tmp/lora.png" ] || { echo "FAIL: no image with the LoRA: $out"; fails=$((fails+1)); }

# Starting over keeps the old run aside, with its export.
out=$("$cli" train "$p" --new-run 2>&1) || { echo "FAIL: train --new-run rc: $out"; fails=$((fails+1)); }
check "$out" "previous-run-1"
[ -f "$p/training/previous-run-1/export/step-00000002/lora_kohya.safetensors" ] || { echo "FAIL: the old run's LoRA was not kept aside"; fails=$((fails+1)); }
[ -f "$lora" ] || { echo "FAIL: the new run exported no LoRA: $out"; fails=$((fails+1)); }

finish
