#!/usr/bin/env bash
# What `cmake --install` puts under share/olis: the attribute pools and the CLIP vocabulary with its licence,
# and that an installed olis-cli finds them there (OLIS_RESOURCES points at the installed folder, since a
# build from source prefers its own resources/ folder).
set -u
build=$1
cli=$2
. "$(dirname "$0")/lib.sh"

out=$(cmake --install "$build" --prefix "$tmp/prefix" 2>&1) || { echo "FAIL: cmake --install: $out"; exit 1; }
share="$tmp/prefix/share/olis"
for f in clip_tokenizer/vocab.json clip_tokenizer/merges.txt clip_tokenizer/LICENSE prompts/object.yaml; do
  [ -f "$share/$f" ] || { echo "FAIL: $share/$f was not installed"; fails=$((fails+1)); }
done
check "$(cat "$share/clip_tokenizer/LICENSE" 2>/dev/null)" "Copyright (c) 2021 OpenAI"

src="$fixtures/ldm_single_file_sdxl_tiny"
if [ -f "$src/model.safetensors" ]; then
  m="$tmp/models"; mkdir -p "$m"
  cp "$src/model.safetensors" "$m/"
  for c in text_encoder text_encoder_2; do mkdir -p "$m/$c"; cp "$src/$c/config.json" "$m/$c/"; done
  installed="$tmp/prefix/bin/$(basename "$cli")"
  out=$(OLIS_RESOURCES="$share" "$installed" encode --model "$m/model.safetensors" --prompt "a photo of olis backpack" 2>&1) \
    || { echo "FAIL: installed encode rc: $out"; fails=$((fails+1)); }
  check "$out" "\[49406, 320, 1125, 539, 49397, 14894, 49407\] + 70 x pad 49407"
  rm -r "$share/clip_tokenizer"
  out=$(OLIS_RESOURCES="$share" "$installed" encode --model "$m/model.safetensors" --prompt "a dog" 2>&1); rc=$?
  [ $rc -ne 0 ] || { echo "FAIL: encode without any vocabulary exited 0"; fails=$((fails+1)); }
  check "$out" "$share/clip_tokenizer"
fi

finish
